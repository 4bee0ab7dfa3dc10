#ifndef VG_MIGRATE_H
#define VG_MIGRATE_H

#include <stddef.h>
#include <stdio.h>

/*
 * The migration driver: migrate one device (a -device SPEC) at a time
 * between two real QEMU binaries, both started -S -nodefaults, the
 * destination with -incoming defer, over a unix socket in a private
 * directory, and judge the run from QMP, the destination's exit and its
 * stderr.
 *
 * Per device: the control NEW -> NEW first (and OLD -> OLD when the
 * binaries differ); then OLD -> NEW, repeated opts->repeat times in all
 * once a run fails.
 */

enum vg_mig_verdict {
	VG_MIG_PENDING,       /* not run (interrupted) */
	VG_MIG_PASS,          /* every cross-version run passed */
	VG_MIG_FAIL,          /* the controls passed, a cross-version run failed */
	VG_MIG_UNMIGRATABLE,  /* a control failed: the device's own problem */
	VG_MIG_NOT_TESTABLE,  /* QEMU cannot create it alone (backend, bus, property) */
};
const char *vg_mig_verdict_name(enum vg_mig_verdict v);

struct vg_mig_device {
	char *spec;           /* the -device argument */
	char *section;        /* the section behind it (compare --confirm), or NULL */
	enum vg_mig_verdict verdict;
	/* "pass", "fail", "same binary", "not run", "NEW only" (OLD's not run) */
	const char *control;
	unsigned runs, runs_failed;  /* cross-version runs */
	char *message;        /* QEMU's message (or ours: a timeout), or NULL */
	double seconds;
};

struct vg_mig_set {
	struct vg_mig_device *items;
	size_t nr, alloc;
};
#define VG_MIG_SET_INIT { NULL, 0, 0 }
/* Add a device; section may be NULL. Returns it, or NULL (out of memory). */
struct vg_mig_device *vg_mig_set_add(struct vg_mig_set *set, const char *spec,
				     const char *section);
void vg_mig_set_release(struct vg_mig_set *set);

struct vg_mig_opts {
	const char *src_qemu;  /* OLD */
	const char *dst_qemu;  /* NEW */
	const char *machine;
	const char *accel;     /* "tcg" */
	unsigned jobs;         /* devices migrated at once */
	unsigned repeat;       /* cross-version runs once one fails */
	double timeout;        /* seconds, per step */
	int quiet;             /* no progress on stderr */
};

/*
 * A private directory (mkdtemp, 0700) for the sockets and stderr files;
 * vg_mig_session_end() removes what is in it and it.
 */
struct vg_mig_session {
	char dir[256];
	unsigned next;         /* run number (file names) */
};
int vg_mig_session_begin(struct vg_mig_session *s);
void vg_mig_session_end(struct vg_mig_session *s);

/*
 * The machine's user-creatable device types, asked of QMP on a QEMU
 * started with the machine: qom-list-types (implements device, not
 * abstract), then each probed with device_add and a property no device
 * has: QEMU refuses a type that is not user-creatable before it looks at
 * properties. Sorted. Returns 0 or -1 (why says why).
 */
int vg_mig_list_devices(const struct vg_mig_opts *opts, struct vg_mig_session *s,
			const char *qemu, char ***types, size_t *nr, char **why);
/*
 * For each of names[0..nr): NULL if QEMU lets a user create it on this
 * machine, else QEMU's reason (allocated). *reasons is allocated.
 */
int vg_mig_probe_types(const struct vg_mig_opts *opts, struct vg_mig_session *s,
		       const char *qemu, char *const *names, size_t nr,
		       char ***reasons, char **why);

/*
 * Migrate every device of the set, opts->jobs at a time. Returns 0, or -1
 * on an internal error or when interrupted (vg_mig_stop set): devices not
 * done stay VG_MIG_PENDING.
 */
int vg_mig_run(const struct vg_mig_opts *opts, struct vg_mig_session *s,
	       struct vg_mig_set *set);

/* Counts by verdict (index: enum vg_mig_verdict). */
void vg_mig_count(const struct vg_mig_set *set, size_t counts[5]);

/* The views: a table, JSON, JUnit (one test case per device). */
enum vg_mig_format { VG_MIG_TEXT, VG_MIG_JSON, VG_MIG_JUNIT };
int vg_mig_write(FILE *out, enum vg_mig_format fmt, const struct vg_mig_set *set,
		 const struct vg_mig_opts *opts);

#endif
