#ifndef VG_MIGRATE_PROC_H
#define VG_MIGRATE_PROC_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Child processes of `migrate`: QEMU binaries started with fork/exec (never
 * a shell), stdin from /dev/null, stdout discarded, stderr to a file, each
 * in a process group of its own so that killing the group also kills what
 * a wrapper script started.  Nothing here trusts the child.
 */

/*
 * Set (to the signal number) by the SIGINT/SIGTERM handler that cmd-migrate
 * installs; every wait in this layer polls it and gives up at once.
 */
extern volatile sig_atomic_t vg_mig_stop;

/* A failure explained in one line (not printed: it becomes a result). */
struct vg_why {
	char msg[512];
};
int vg_why_set(struct vg_why *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Seconds on the monotonic clock. */
double vg_mig_now(void);

struct vg_proc {
	pid_t pid;      /* 0: not running */
	int reaped;     /* waitpid() returned it; status is valid */
	int status;     /* as from waitpid() */
};
#define VG_PROC_INIT { 0, 0, 0 }

/*
 * Start argv[0] with argv (NULL-terminated; argv[0] is a path, not looked
 * up in PATH), stderr to stderr_path (created 0600). Returns 0 or -1.
 */
int vg_proc_spawn(struct vg_proc *p, char *const argv[], const char *stderr_path,
		  struct vg_why *why);
/* 1 if the child has exited (and is reaped), 0 if it still runs. */
int vg_proc_exited(struct vg_proc *p);
/* Kill the child's process group (SIGKILL) and reap the child. Idempotent. */
void vg_proc_kill(struct vg_proc *p);
/* Wait until the child exits or the deadline passes; 1 exited, 0 not. */
int vg_proc_wait(struct vg_proc *p, double deadline);
/* "exited with status 1", "killed by signal 9", into buf. */
void vg_proc_describe(const struct vg_proc *p, char *buf, size_t len);

/*
 * QEMU's error lines from a stderr file: at most the first 64 KiB are read;
 * lines with "warning:" are left out, the program's "NAME: " prefix is
 * dropped, control characters become '?', and up to three lines are joined
 * with "; " into a string of at most 400 bytes. Returns a newly allocated
 * string ("" when there is none), or NULL when out of memory.
 */
char *vg_proc_error_lines(const char *stderr_path);

/*
 * SIGINT and SIGTERM set vg_mig_stop (no SA_RESTART, so that waits wake);
 * old[2] keeps the previous handlers for vg_mig_signals_restore().
 */
void vg_mig_signals_catch(struct sigaction old[2]);
void vg_mig_signals_restore(const struct sigaction old[2]);

#endif
