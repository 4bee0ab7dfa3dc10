#ifndef VG_DUMPS_PROC_H
#define VG_DUMPS_PROC_H

#include <stddef.h>
#include <signal.h>
#include <sys/types.h>

#include "core/util.h"

/*
 * Running QEMU: fork/exec, never a shell. Each child gets stdin from
 * /dev/null and its own process group; its stdout and stderr are
 * captured (the first 1 MiB of each). A child that outlives its timeout,
 * and every child when the run fails or SIGINT/SIGTERM arrives, is killed
 * with its whole group and reaped: no child outlives vg_proc_run_all().
 */

struct vg_proc_job {
	char **argv;            /* argv[0] is the program's path; owned by the caller */
	const char *label;      /* for messages ("qemu-system-x86_64 -M pc"); caller's */
	/* Results. */
	struct vg_buf out, err; /* captured stdout, stderr */
	int status;             /* wait status, valid when ran */
	int ran;                /* the child was started and reaped */
	int timed_out;          /* killed after the timeout */
	/* Private. */
	pid_t pid;
	int fd[2];
	double deadline;
};

struct vg_proc_opts {
	unsigned jobs;          /* at most this many at once (>= 1) */
	unsigned timeout;       /* seconds per child; 0: none */
	const char *progress;   /* "dumping": a progress line on stderr; NULL: none */
};

/*
 * Run every job. Returns 0 when every child ran to its end (each may
 * still have failed: see vg_proc_failed), -1 when one could not be
 * started or the run was interrupted by SIGINT or SIGTERM (every child
 * is killed and reaped first).
 */
int vg_proc_run_all(struct vg_proc_job *jobs, size_t nr, const struct vg_proc_opts *opts);

/* The signal that stopped the last vg_proc_run_all(), or 0. */
int vg_proc_interrupted(void);

/*
 * Between runs too: from here until the release, SIGINT and SIGTERM are
 * only recorded (vg_proc_interrupted() says so, and a run that starts
 * then stops at once), so that a caller holding a scratch directory can
 * remove it before it exits. Nests.
 */
void vg_proc_hold_signals(struct sigaction old[2]);
void vg_proc_release_signals(const struct sigaction old[2]);

/*
 * 0 when the job exited with status 0; else 1 and why (appended): "exited
 * with 1", "killed by signal 11 (Segmentation fault)", "timed out after N
 * seconds (killed)".
 */
int vg_proc_failed(const struct vg_proc_job *job, unsigned timeout, struct vg_buf *why);

/* Print "error: LABEL: why" and the child's stderr, indented. Returns -1. */
int vg_proc_report(const struct vg_proc_job *job, unsigned timeout);

/*
 * A build's failure: "error: LABEL: why", then the last max_lines lines
 * of its stdout and of its stderr, indented. Returns -1.
 */
int vg_proc_report_build(const struct vg_proc_job *job, unsigned max_lines);

/*
 * Run one build command (argv, no timeout): 0; -1 when it failed (what,
 * "the build (vmstate-gate.buildCommand)", and the end of its output
 * shown) or could not start; -2 when a signal stopped it.
 */
int vg_proc_run_build(char **argv, const char *label, const char *what);

void vg_proc_job_release(struct vg_proc_job *job);

#endif
