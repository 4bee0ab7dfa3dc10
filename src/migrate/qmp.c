#include "migrate/qmp.h"
#include "core/util.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int vg_qmp_parse(const char *text, size_t len, cJSON **out, enum vg_qmp_kind *kind,
		 struct vg_why *why)
{
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	const cJSON *ev;

	*out = NULL;
	/* One value, then nothing but white space (QEMU ends lines with \r\n). */
	while (j && end < text + len && (*end == ' ' || *end == '\t' || *end == '\r' ||
					 *end == '\n'))
		end++;
	if (j && end != text + len) {
		cJSON_Delete(j);
		j = NULL;
	}
	if (!j)
		return vg_why_set(why, "malformed JSON: '%.*s'", len > 60 ? 60 : (int)len, text);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return vg_why_set(why, "a message that is not a JSON object: '%.*s'",
				  len > 60 ? 60 : (int)len, text);
	}
	if (cJSON_GetObjectItemCaseSensitive(j, "return"))
		*kind = VG_QMP_RETURN;
	else if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "error")))
		*kind = VG_QMP_ERROR;
	else if (cJSON_IsString(ev = cJSON_GetObjectItemCaseSensitive(j, "event")))
		*kind = VG_QMP_EVENT;
	else if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "QMP")))
		*kind = VG_QMP_GREETING;
	else {
		cJSON_Delete(j);
		return vg_why_set(why, "a message that is not QMP: '%.*s'",
				  len > 60 ? 60 : (int)len, text);
	}
	*out = j;
	return 0;
}

void vg_qmp_release(struct vg_qmp *q)
{
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	free(q->buf);
	q->buf = NULL;
	q->len = q->alloc = 0;
}

void vg_qmp_attach(struct vg_qmp *q, int fd)
{
	q->fd = fd;
}

int vg_qmp_connect(struct vg_qmp *q, const char *path, struct vg_proc *proc,
		   int *proc_exited, double deadline, struct vg_why *why)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	*proc_exited = 0;
	if (strlen(path) >= sizeof(sa.sun_path))
		return vg_why_set(why, "socket path too long: %s", path);
	strcpy(sa.sun_path, path);
	for (;;) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0)
			return vg_why_set(why, "socket: %s", strerror(errno));
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
			q->fd = fd;
			return 0;
		}
		close(fd);
		if (errno != ENOENT && errno != ECONNREFUSED && errno != EAGAIN)
			return vg_why_set(why, "cannot connect to %s's QMP socket: %s",
					  q->who, strerror(errno));
		if (proc && vg_proc_exited(proc)) {
			*proc_exited = 1;
			return vg_why_set(why, "%s ended before its QMP socket was ready", q->who);
		}
		if (vg_mig_stop)
			return vg_why_set(why, "interrupted");
		if (vg_mig_now() >= deadline)
			return vg_why_set(why, "timed out waiting for %s's QMP socket", q->who);
		poll(NULL, 0, 10);
	}
}

/* Wait until fd is readable, in slices, so that a signal is seen soon. */
static int wait_readable(struct vg_qmp *q, double deadline, struct vg_why *why)
{
	for (;;) {
		struct pollfd pfd = { q->fd, POLLIN, 0 };
		double left = deadline - vg_mig_now();
		int r;

		if (vg_mig_stop)
			return vg_why_set(why, "interrupted");
		if (left <= 0)
			return vg_why_set(why, "timed out waiting for %s to answer on QMP", q->who);
		r = poll(&pfd, 1, left > 0.1 ? 100 : (int)(left * 1000) + 1);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return vg_why_set(why, "poll: %s", strerror(errno));
	}
}

/* A whole line in the buffer: its length, or -1. */
static long line_end(const struct vg_qmp *q)
{
	const char *nl = q->len ? memchr(q->buf, '\n', q->len) : NULL;

	return nl ? nl - q->buf : -1;
}

static int fill(struct vg_qmp *q, double deadline, struct vg_why *why)
{
	ssize_t n;

	if (q->len >= VG_QMP_MAX_LINE)
		return vg_why_set(why, "%s sent a QMP line over %u bytes", q->who, VG_QMP_MAX_LINE);
	if (VG_GROW(q->buf, q->alloc, q->len + 4096 + 1) < 0)
		return vg_why_set(why, "out of memory");
	if (wait_readable(q, deadline, why) < 0)
		return -1;
	n = read(q->fd, q->buf + q->len, q->alloc - q->len - 1);
	/* A peer that dies with our command unread resets the connection. */
	if ((n == 0 || (n < 0 && errno == ECONNRESET)) && (q->closed = 1))
		return vg_why_set(why, "%s closed its QMP connection", q->who);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 :
			vg_why_set(why, "reading %s's QMP: %s", q->who, strerror(errno));
	q->len += (size_t)n;
	return 0;
}

static void note_event(struct vg_qmp *q, const cJSON *msg)
{
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(msg, "event");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(data, "status");

	if (!strcmp(ev->valuestring, "MIGRATION") && cJSON_IsString(st))
		snprintf(q->migration, sizeof(q->migration), "%s", st->valuestring);
}

int vg_qmp_read(struct vg_qmp *q, double deadline, cJSON **out, enum vg_qmp_kind *kind,
		struct vg_why *why)
{
	long end;
	int ret;

	*out = NULL;
	while ((end = line_end(q)) < 0)
		if (fill(q, deadline, why) < 0)
			return -1;
	if ((size_t)end > VG_QMP_MAX_LINE)
		return vg_why_set(why, "%s sent a QMP line over %u bytes", q->who, VG_QMP_MAX_LINE);
	ret = vg_qmp_parse(q->buf, (size_t)end, out, kind, why);
	memmove(q->buf, q->buf + end + 1, q->len - (size_t)end - 1);
	q->len -= (size_t)end + 1;
	if (!ret && *kind == VG_QMP_EVENT)
		note_event(q, *out);
	return ret;
}

static int send_all(struct vg_qmp *q, const char *s, size_t len, struct vg_why *why)
{
	while (len) {
		ssize_t n = send(q->fd, s, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return vg_why_set(why, "writing to %s's QMP: %s", q->who,
					  n < 0 ? strerror(errno) : "closed");
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The "error" reply as "CMD: DESC". */
static int error_reply(const cJSON *msg, const char *cmd, struct vg_why *why)
{
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(msg, "error");
	const cJSON *desc = cJSON_GetObjectItemCaseSensitive(err, "desc");

	return vg_why_set(why, "%s: %s", cmd, cJSON_IsString(desc) ? desc->valuestring :
			  "error without a description");
}

int vg_qmp_command(struct vg_qmp *q, const char *cmd, const char *args, double deadline,
		   cJSON **ret, struct vg_why *why)
{
	char *line = args ? vg_asprintf("{\"execute\": \"%s\", \"arguments\": %s}\n", cmd, args)
			  : vg_asprintf("{\"execute\": \"%s\"}\n", cmd);
	enum vg_qmp_kind kind;
	cJSON *msg = NULL;
	int r = -1;

	if (ret)
		*ret = NULL;
	if (!line)
		return vg_why_set(why, "out of memory");
	if (send_all(q, line, strlen(line), why) < 0)
		goto done;
	for (;;) {
		if (vg_qmp_read(q, deadline, &msg, &kind, why) < 0)
			goto done;
		if (kind == VG_QMP_RETURN || kind == VG_QMP_ERROR)
			break;
		cJSON_Delete(msg);
		msg = NULL;
	}
	if (kind == VG_QMP_ERROR) {
		error_reply(msg, cmd, why);
		goto done;
	}
	if (ret)
		*ret = cJSON_DetachItemFromObjectCaseSensitive(msg, "return");
	r = 0;
done:
	cJSON_Delete(msg);
	free(line);
	return r;
}

int vg_qmp_handshake(struct vg_qmp *q, double deadline, struct vg_why *why)
{
	enum vg_qmp_kind kind;
	cJSON *msg = NULL;

	if (vg_qmp_read(q, deadline, &msg, &kind, why) < 0)
		return -1;
	cJSON_Delete(msg);
	if (kind != VG_QMP_GREETING)
		return vg_why_set(why, "%s did not greet on QMP", q->who);
	return vg_qmp_command(q, "qmp_capabilities", NULL, deadline, NULL, why);
}
