#include "migrate/proc.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t vg_mig_stop;

int vg_why_set(struct vg_why *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof(why->msg), fmt, ap);
	va_end(ap);
	return -1;
}

double vg_mig_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* After fork(): async-signal-safe calls only (the parent may run threads). */
static void child_exec(char *const argv[], int errfd)
{
	static const char msg[] = "cannot execute the program\n";
	int devnull = open("/dev/null", O_RDWR);

	setpgid(0, 0);
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0 || dup2(errfd, 2) < 0)
		_exit(126);
	execv(argv[0], argv);
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(127);
	_exit(127);
}

int vg_proc_spawn(struct vg_proc *p, char *const argv[], const char *stderr_path,
		  struct vg_why *why)
{
	int errfd = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	pid_t pid;

	*p = (struct vg_proc)VG_PROC_INIT;
	if (errfd < 0)
		return vg_why_set(why, "cannot create %s: %s", stderr_path, strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(errfd);
		return vg_why_set(why, "cannot fork: %s", strerror(errno));
	}
	if (!pid)
		child_exec(argv, errfd);
	/* Both sides set the group, so that a kill right now reaches it. */
	setpgid(pid, pid);
	close(errfd);
	p->pid = pid;
	return 0;
}

int vg_proc_exited(struct vg_proc *p)
{
	pid_t r;

	if (!p->pid || p->reaped)
		return 1;
	r = waitpid(p->pid, &p->status, WNOHANG);
	if (r == p->pid || (r < 0 && errno == ECHILD)) {
		p->reaped = 1;
		return 1;
	}
	return 0;
}

void vg_proc_kill(struct vg_proc *p)
{
	if (!p->pid)
		return;
	/* The group: a wrapper script's children go too (they may outlive it). */
	kill(-p->pid, SIGKILL);
	if (!p->reaped) {
		kill(p->pid, SIGKILL);
		while (waitpid(p->pid, &p->status, 0) < 0 && errno == EINTR)
			;
		p->reaped = 1;
	}
}

int vg_proc_wait(struct vg_proc *p, double deadline)
{
	for (;;) {
		if (vg_proc_exited(p))
			return 1;
		if (vg_mig_stop || vg_mig_now() >= deadline)
			return 0;
		poll(NULL, 0, 10);
	}
}

void vg_proc_describe(const struct vg_proc *p, char *buf, size_t len)
{
	if (!p->reaped)
		snprintf(buf, len, "still running");
	else if (WIFEXITED(p->status))
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(p->status));
	else if (WIFSIGNALED(p->status))
		snprintf(buf, len, "killed by signal %d", WTERMSIG(p->status));
	else
		snprintf(buf, len, "ended (status 0x%x)", (unsigned)p->status);
}

/* Drop "qemu-system-x86_64: " (a first word ending in ':' followed by a space). */
static const char *skip_program(const char *line, size_t len, size_t *rest)
{
	size_t i;

	for (i = 0; i < len && line[i] != ' '; i++)
		if (line[i] == ':' && i + 1 < len && line[i + 1] == ' ') {
			*rest = len - i - 2;
			return line + i + 2;
		}
	*rest = len;
	return line;
}

static int useful_line(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i + 8 <= len; i++)
		if (!memcmp(line + i, "warning:", 8))
			return 0;
	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return 1;
	return 0;
}

static int add_clean(struct vg_buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && out->len < 400; i++) {
		char c = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];

		if (c == '?' && s[i] == '\r')
			continue;
		if (vg_buf_add(out, &c, 1) < 0)
			return -1;
	}
	return 0;
}

char *vg_proc_error_lines(const char *stderr_path)
{
	char text[65536];
	struct vg_buf out = VG_BUF_INIT;
	ssize_t n = 0, r;
	size_t pos = 0;
	int fd = open(stderr_path, O_RDONLY | O_CLOEXEC), lines = 0;

	if (fd >= 0) {
		while ((size_t)n < sizeof(text) - 1 &&
		       (r = read(fd, text + n, sizeof(text) - 1 - (size_t)n)) > 0)
			n += r;
		close(fd);
	}
	text[n] = '\0';
	if (vg_buf_add(&out, "", 0) < 0)
		return NULL;
	while (pos < (size_t)n && lines < 3) {
		const char *line = text + pos, *nl = memchr(line, '\n', (size_t)n - pos);
		size_t len = nl ? (size_t)(nl - line) : (size_t)n - pos, rest;
		const char *msg;

		pos += len + 1;
		if (!useful_line(line, len))
			continue;
		msg = skip_program(line, len, &rest);
		if ((lines++ && vg_buf_add(&out, "; ", 2) < 0) || add_clean(&out, msg, rest) < 0) {
			vg_buf_release(&out);
			return NULL;
		}
	}
	return vg_buf_detach(&out);
}

static void on_signal(int sig)
{
	vg_mig_stop = sig;
}

void vg_mig_signals_catch(struct sigaction old[2])
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	vg_mig_stop = 0;
	sigaction(SIGINT, &sa, &old[0]);
	sigaction(SIGTERM, &sa, &old[1]);
}

void vg_mig_signals_restore(const struct sigaction old[2])
{
	sigaction(SIGINT, &old[0], NULL);
	sigaction(SIGTERM, &old[1], NULL);
}
