#ifndef VG_DUMPS_SET_H
#define VG_DUMPS_SET_H

#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

/*
 * A dump set: TARGET/MACHINE.json for each target binary and machine
 * type, plus manifest.json saying what made them. A set lives in a
 * directory (the cache, or `dumps make -o DIR`) or in a commit's tree
 * (refs/vmstate-dumps/VERSION); it is read through a struct vg_dumps_src
 * either way, never from a checkout.
 */

struct vg_dumps_machine {
	char *name;             /* "pc-q35-7.2" */
	size_t size;            /* bytes of TARGET/NAME.json */
	uint64_t hash;          /* vg_hash_mem() of them: corruption shows */
};

struct vg_dumps_target {
	char *name;             /* "x86_64" */
	char *binary;           /* "qemu-system-x86_64" (basename) */
	char *version;          /* QEMU's --version, first line */
	struct vg_dumps_machine *machines;
	size_t nr_machines, alloc_machines;
	char **devices;         /* -device help names, sorted */
	size_t nr_devices, alloc_devices;
};

struct vg_dumps_manifest {
	char *tree;             /* source tree id (hex), or NULL */
	char *config;           /* build configuration hash (hex) */
	struct vg_dumps_target *targets;
	size_t nr_targets, alloc_targets;
};

#define VG_DUMPS_MANIFEST_INIT { NULL, NULL, NULL, 0, 0 }

void vg_dumps_manifest_release(struct vg_dumps_manifest *m);
/* manifest.json text, newly allocated. */
char *vg_dumps_manifest_json(const struct vg_dumps_manifest *m);
/* Parse manifest.json; name is used in messages. 0, -2 not a manifest (said), -1. */
int vg_dumps_manifest_parse(const char *name, const char *buf, size_t len,
			    struct vg_dumps_manifest *out);
const struct vg_dumps_target *vg_dumps_find_target(const struct vg_dumps_manifest *m,
						   const char *name);
int vg_dumps_has_device(const struct vg_dumps_target *t, const char *device);

/* Where a set is read from: a directory or a git tree. */
struct vg_dumps_src {
	/* Read PATH ("x86_64/pc.json"): *buf newly allocated; 1 absent, 0, -1. */
	int (*read)(void *ctx, const char *path, char **buf, size_t *len);
	void *ctx;
	const char *where;      /* for messages: the directory or "refs/vmstate-dumps/7.2" */
};

/* A directory's set: ctx is the directory's path. */
int vg_dumps_dir_read(void *ctx, const char *path, char **buf, size_t *len);

/* Read and parse the manifest of src: 0, -2 absent or not a manifest (said), -1. */
int vg_dumps_read_manifest(const struct vg_dumps_src *src, struct vg_dumps_manifest *out);

/*
 * Check every file the manifest lists against its size and hash (each
 * was loaded as a dump when the set was made). Returns 0 whole, 1 corrupt (the first bad file named
 * on stderr as a warning), -1 on error.
 */
int vg_dumps_verify(const struct vg_dumps_src *src, const struct vg_dumps_manifest *m);

/* What `dumps make` runs, and how. */
struct vg_dumps_make_opts {
	const char *const *qemus;  /* target binaries */
	size_t nr_qemus;
	const char *build_dir;     /* or: its qemu-system-* binaries */
	const char *machines;      /* NULL: the previous release's; "all"; "a,b,c" */
	unsigned jobs;             /* QEMUs at once */
	unsigned timeout;          /* seconds per QEMU */
	int progress;              /* a progress line on stderr */
};

/* The binaries opts names (from the build dir, sorted). */
int vg_dumps_binaries(const struct vg_dumps_make_opts *opts, char ***out, size_t *nr);

/*
 * A hash of the build configuration: the binaries' names, sizes and
 * modification times, the build dir's config-host.mak, and the machines
 * asked for, as 16 hex digits into buf (17 bytes).
 */
int vg_dumps_config_hash(const struct vg_dumps_make_opts *opts, char *const *binaries,
			 size_t nr, char *buf);

/*
 * Run QEMU for every binary and machine type into dir (which exists and
 * is empty), then write dir/manifest.json with tree (may be NULL) and
 * config. Returns 0; -2 when a machine type asked for exists in no
 * binary (an input error); -1 when a QEMU failed (its error shown) or on
 * error: dir then has no manifest and is not a set.
 */
int vg_dumps_make(const struct vg_dumps_make_opts *opts, char *const *binaries, size_t nr,
		  const char *tree, const char *config, const char *dir);

/* Remove a directory tree (no symlinks followed). 0 or -1. */
int vg_dumps_remove_tree(const char *path);

/* A safe file name: [A-Za-z0-9._+-], not starting with '.'. */
int vg_dumps_name_ok(const char *name);

#endif
