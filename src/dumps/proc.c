/*
 * Child processes for `dumps make`: a small scheduler over poll(2).
 */
#include "dumps/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CAPTURE_MAX ((size_t)1 << 20)

static volatile sig_atomic_t interrupted;
static int held;   /* inside vg_proc_hold_signals() */

static void on_signal(int sig)
{
	interrupted = sig;
}

int vg_proc_interrupted(void)
{
	return (int)interrupted;
}

static void catch_signals(struct sigaction *old_int, struct sigaction *old_term)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, old_int);
	sigaction(SIGTERM, &sa, old_term);
}

void vg_proc_hold_signals(struct sigaction old[2])
{
	if (!held++)
		interrupted = 0;
	catch_signals(&old[0], &old[1]);
}

void vg_proc_release_signals(const struct sigaction old[2])
{
	sigaction(SIGINT, &old[0], NULL);
	sigaction(SIGTERM, &old[1], NULL);
	held--;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cloexec_pipe(int p[2])
{
	if (pipe(p) < 0)
		return -1;
	if (fcntl(p[0], F_SETFD, FD_CLOEXEC) < 0 || fcntl(p[1], F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(p[0], F_SETFL, O_NONBLOCK) < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	return 0;
}

/* In the child: only async-signal-safe calls until exec. */
static void child(char **argv, int devnull, int out, int err)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	setpgid(0, 0);
	if (dup2(devnull, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(126);
	execv(argv[0], argv);
	/* The message reaches the parent through the captured stderr. */
	{
		const char *e = strerror(errno);

		if (write(2, "cannot run ", 11) < 0 || write(2, argv[0], strlen(argv[0])) < 0 ||
		    write(2, ": ", 2) < 0 || write(2, e, strlen(e)) < 0 || write(2, "\n", 1) < 0)
			_exit(127);
	}
	_exit(127);
}

static int start(struct vg_proc_job *job, unsigned timeout)
{
	int out[2], err[2], devnull;

	job->fd[0] = job->fd[1] = -1;
	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (devnull < 0)
		return vg_error("cannot open /dev/null: %s", strerror(errno));
	if (cloexec_pipe(out) < 0) {
		close(devnull);
		return vg_error("cannot make a pipe: %s", strerror(errno));
	}
	if (cloexec_pipe(err) < 0) {
		close(devnull);
		close(out[0]);
		close(out[1]);
		return vg_error("cannot make a pipe: %s", strerror(errno));
	}
	job->pid = fork();
	if (job->pid == 0)
		child(job->argv, devnull, out[1], err[1]);
	close(devnull);
	close(out[1]);
	close(err[1]);
	if (job->pid < 0) {
		close(out[0]);
		close(err[0]);
		return vg_error("cannot start %s: %s", job->label, strerror(errno));
	}
	/* Both sides set the group, so that a kill right away finds it. */
	setpgid(job->pid, job->pid);
	job->fd[0] = out[0];
	job->fd[1] = err[0];
	job->deadline = timeout ? now() + timeout : 0;
	return 0;
}

/* Read what is there; 1 at end of file (the fd is closed). */
static int drain(struct vg_proc_job *job, int i)
{
	struct vg_buf *b = i ? &job->err : &job->out;
	char buf[65536];
	ssize_t n;

	for (;;) {
		n = read(job->fd[i], buf, sizeof(buf));
		if (n > 0) {
			if (b->len < CAPTURE_MAX)
				vg_buf_add(b, buf, (size_t)n < CAPTURE_MAX - b->len ?
					   (size_t)n : CAPTURE_MAX - b->len);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		close(job->fd[i]);
		job->fd[i] = -1;
		return 1;
	}
}

static void close_fds(struct vg_proc_job *job)
{
	int i;

	for (i = 0; i < 2; i++)
		if (job->fd[i] >= 0) {
			close(job->fd[i]);
			job->fd[i] = -1;
		}
}

/*
 * The leader has exited (or must die): kill what is left of its group
 * before reaping it, so that the group id cannot have been reused.
 */
static void finish(struct vg_proc_job *job, int kill_it)
{
	int i;

	if (kill_it)
		kill(job->pid, SIGKILL);
	kill(-job->pid, SIGKILL);
	while (waitpid(job->pid, &job->status, 0) < 0 && errno == EINTR)
		;
	for (i = 0; i < 2; i++)
		if (job->fd[i] >= 0)
			drain(job, i);
	close_fds(job);
	job->pid = 0;
	job->ran = 1;
}

static int exited(struct vg_proc_job *job)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	if (waitid(P_PID, job->pid, &info, WEXITED | WNOHANG | WNOWAIT) < 0)
		return errno != EINTR;
	return info.si_pid == job->pid;
}

static void kill_all(struct vg_proc_job *jobs, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (jobs[i].pid > 0)
			finish(&jobs[i], 1);
}

static void show_progress(const struct vg_proc_opts *opts, size_t done, size_t nr,
			  const struct vg_proc_job *last)
{
	if (!opts->progress)
		return;
	fprintf(stderr, "\r\033[K%s %zu/%zu%s%s", opts->progress, done, nr,
		last ? ": " : "", last ? last->label : "");
	if (done == nr)
		fputc('\n', stderr);
	fflush(stderr);
}

/* One turn: wait for output or a deadline, reap what ended. */
static int turn(struct vg_proc_job *jobs, size_t nr, size_t *running, size_t *done,
		const struct vg_proc_opts *opts)
{
	struct pollfd pfd[64];
	size_t owner[64], n = 0, i;
	int wait_ms = 200, f;
	double t = now(), left;

	for (i = 0; i < nr && n + 2 <= 64; i++) {
		if (jobs[i].pid <= 0)
			continue;
		for (f = 0; f < 2; f++)
			if (jobs[i].fd[f] >= 0) {
				pfd[n].fd = jobs[i].fd[f];
				pfd[n].events = POLLIN;
				owner[n++] = i;
			}
		if (jobs[i].deadline) {
			left = (jobs[i].deadline - t) * 1000;
			if (left < wait_ms)
				wait_ms = left < 0 ? 0 : (int)left + 1;
		}
	}
	if (poll(pfd, n, wait_ms) < 0 && errno != EINTR)
		return vg_error("poll: %s", strerror(errno));
	for (i = 0; i < n; i++)
		if (pfd[i].revents) {
			struct vg_proc_job *j = &jobs[owner[i]];

			drain(j, pfd[i].fd == j->fd[0] ? 0 : 1);
		}
	t = now();
	for (i = 0; i < nr; i++) {
		struct vg_proc_job *j = &jobs[i];

		if (j->pid <= 0)
			continue;
		if (exited(j)) {
			finish(j, 0);
		} else if (j->deadline && t >= j->deadline) {
			j->timed_out = 1;
			finish(j, 1);
		} else {
			continue;
		}
		(*running)--;
		(*done)++;
		show_progress(opts, *done, nr, j);
	}
	return 0;
}

int vg_proc_run_all(struct vg_proc_job *jobs, size_t nr, const struct vg_proc_opts *opts)
{
	struct sigaction old_int, old_term;
	size_t next = 0, running = 0, done = 0, i;
	unsigned max = opts->jobs ? opts->jobs : 1;
	int ret = -1;

	if (max > 32)
		max = 32; /* two fds each in one poll set of 64 */
	for (i = 0; i < nr; i++) {
		jobs[i].pid = 0;
		jobs[i].fd[0] = jobs[i].fd[1] = -1;
	}
	/* A signal that came while they were held stops the run before it starts. */
	if (!held)
		interrupted = 0;
	catch_signals(&old_int, &old_term);
	while (next < nr || running) {
		if (interrupted) {
			vg_error("interrupted by signal %d: stopped %zu processes",
				 (int)interrupted, running);
			goto done;
		}
		while (running < max && next < nr) {
			if (start(&jobs[next], opts->timeout) < 0)
				goto done;
			next++;
			running++;
		}
		if (turn(jobs, nr, &running, &done, opts) < 0)
			goto done;
	}
	ret = 0;
done:
	kill_all(jobs, nr);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return ret;
}

int vg_proc_failed(const struct vg_proc_job *job, unsigned timeout, struct vg_buf *why)
{
	struct vg_buf sink = VG_BUF_INIT;
	int r;

	if (!why) {
		r = vg_proc_failed(job, timeout, &sink);
		vg_buf_release(&sink);
		return r;
	}
	if (job->timed_out) {
		vg_buf_printf(why, "timed out after %u seconds (killed)", timeout);
		return 1;
	}
	if (WIFEXITED(job->status) && WEXITSTATUS(job->status) == 0)
		return 0;
	if (WIFEXITED(job->status))
		vg_buf_printf(why, "exited with %d", WEXITSTATUS(job->status));
	else if (WIFSIGNALED(job->status))
		vg_buf_printf(why, "killed by signal %d (%s)", WTERMSIG(job->status),
			      strsignal(WTERMSIG(job->status)));
	else
		vg_buf_printf(why, "ended with wait status %d", job->status);
	return 1;
}

int vg_proc_report(const struct vg_proc_job *job, unsigned timeout)
{
	struct vg_buf why = VG_BUF_INIT;
	const char *p, *nl;

	if (!vg_proc_failed(job, timeout, &why))
		vg_buf_puts(&why, "failed");
	vg_error("%s: %s%s", job->label, why.buf ? why.buf : "",
		 job->err.len ? "; its messages:" : "");
	/* QEMU's own words, indented, so that the user sees why. */
	for (p = job->err.buf; p && *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		fprintf(stderr, "    %.*s\n", nl ? (int)(nl - p) : (int)strlen(p), p);
		if (!nl)
			break;
	}
	vg_buf_release(&why);
	return -1;
}

/* The last max lines of b, indented. */
static void print_tail(const struct vg_buf *b, unsigned max)
{
	const char *p, *start = b->buf, *end;
	unsigned lines = 0;

	if (!b->len)
		return;
	end = b->buf + b->len;
	if (end[-1] == '\n')
		end--;
	for (p = end; p > b->buf; p--)
		if (p[-1] == '\n' && ++lines >= max) {
			start = p;
			fprintf(stderr, "    [...]\n");
			break;
		}
	for (p = start; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		int n = nl ? (int)(nl - p) : (int)(end - p);

		fprintf(stderr, "    %.*s\n", n, p);
		p += n + 1;
	}
}

int vg_proc_report_build(const struct vg_proc_job *job, unsigned max_lines)
{
	struct vg_buf why = VG_BUF_INIT;

	if (!vg_proc_failed(job, 0, &why))
		vg_buf_puts(&why, "failed");
	vg_error("%s: %s%s", job->label, why.buf ? why.buf : "",
		 job->out.len || job->err.len ? "; the end of its output:" : "");
	/* configure and ninja say why on stdout, compilers and make on stderr. */
	print_tail(&job->out, max_lines);
	print_tail(&job->err, max_lines);
	vg_buf_release(&why);
	return -1;
}

int vg_proc_run_build(char **argv, const char *label, const char *what)
{
	struct vg_proc_job job;
	struct vg_proc_opts po = { 1, 0, NULL };
	int ret = 0;

	memset(&job, 0, sizeof(job));
	job.argv = argv;
	job.label = label;
	if (vg_proc_run_all(&job, 1, &po) < 0) {
		ret = vg_proc_interrupted() ? -2 : -1;
	} else if (vg_proc_failed(&job, 0, NULL)) {
		vg_error("dumps: %s failed:", what);
		vg_proc_report_build(&job, 40);
		ret = -1;
	}
	vg_proc_job_release(&job);
	return ret;
}

void vg_proc_job_release(struct vg_proc_job *job)
{
	vg_buf_release(&job->out);
	vg_buf_release(&job->err);
}
