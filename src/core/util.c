#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void vg_report(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "vmstate-gate: %s: ", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int vg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vg_report("error", fmt, ap);
	va_end(ap);
	return -1;
}

void vg_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vg_report("warning", fmt, ap);
	va_end(ap);
}

void *vg_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		vg_error("out of memory allocating %zu bytes", n);
	return p;
}

void *vg_calloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		vg_error("out of memory allocating %zu x %zu bytes", nmemb, size);
	return p;
}

char *vg_strndup(const char *s, size_t n)
{
	char *p = vg_malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *vg_strdup(const char *s)
{
	return vg_strndup(s, strlen(s));
}

char *vg_asprintf(const char *fmt, ...)
{
	struct vg_buf b = VG_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	vg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return vg_buf_detach(&b);
}

int vg_grow(void **ptr, size_t *alloc, size_t nr, size_t elem_size)
{
	size_t n;
	void *p;

	if (nr <= *alloc)
		return 0;
	n = *alloc ? *alloc : 8;
	while (n < nr)
		n *= 2;
	if (n > (size_t)-1 / elem_size)
		return vg_error("array too large");
	p = realloc(*ptr, n * elem_size);
	if (!p)
		return vg_error("out of memory growing an array to %zu elements", n);
	*ptr = p;
	*alloc = n;
	return 0;
}

void vg_buf_release(struct vg_buf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->alloc = 0;
	b->failed = 0;
}

static int vg_buf_reserve(struct vg_buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (VG_GROW(b->buf, b->alloc, b->len + extra + 1) < 0) {
		b->failed = 1;
		return -1;
	}
	return 0;
}

int vg_buf_add(struct vg_buf *b, const char *data, size_t len)
{
	if (vg_buf_reserve(b, len) < 0)
		return -1;
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return 0;
}

int vg_buf_puts(struct vg_buf *b, const char *s)
{
	return vg_buf_add(b, s, strlen(s));
}

int vg_buf_vprintf(struct vg_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || vg_buf_reserve(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int vg_buf_printf(struct vg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vg_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return ret;
}

char *vg_buf_detach(struct vg_buf *b)
{
	char *s;

	if (b->failed) {
		vg_buf_release(b);
		return NULL;
	}
	if (!b->buf) {
		if (vg_buf_reserve(b, 0) < 0)
			return NULL;
		b->buf[0] = '\0';      /* nothing was added: the empty string */
	}
	s = b->buf;
	b->buf = NULL;
	b->len = b->alloc = 0;
	return s;
}

const char *vg_open_problem(const char *path, int err)
{
	struct stat st;

	if (err == ENOENT && !lstat(path, &st) && S_ISLNK(st.st_mode))
		return "a dangling symbolic link (its target does not exist)";
	if (err == ELOOP)
		return "a symbolic link loop (too many levels of symbolic links)";
	return strerror(err);
}

/* Is st a kind of file we read: regular, or a pipe (process substitution)? */
static const char *not_readable_kind(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return "is a directory";
	if (S_ISREG(st->st_mode) || S_ISFIFO(st->st_mode))
		return NULL;
	return "is not a regular file (a device or a socket)";
}

int vg_open_input(const char *path, struct stat *st, const char **kind)
{
	int fd, flags;

	*kind = NULL;
	/*
	 * O_NONBLOCK: opening a FIFO nobody writes to returns at once (and
	 * reads as empty) instead of blocking; reads then block as usual.
	 */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return vg_error("cannot open '%s': %s", path, vg_open_problem(path, errno));
	if (fstat(fd, st) < 0 || (*kind = not_readable_kind(st)) ||
	    (flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
		vg_error("cannot read '%s': %s", path, *kind ? *kind : strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int vg_read_file(const char *path, char **out, size_t *len)
{
	struct vg_buf b = VG_BUF_INIT;
	char chunk[65536];
	struct stat st;
	const char *kind = NULL;
	ssize_t n;
	int fd;

	*out = NULL;
	fd = vg_open_input(path, &st, &kind);
	if (fd < 0)
		return -1;
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > VG_MAX_INPUT) {
		close(fd);
		return vg_error("cannot read '%s': larger than the %zu MiB limit for an input file",
				path, VG_MAX_INPUT >> 20);
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (b.len + (size_t)n > VG_MAX_INPUT) {
			close(fd);
			vg_buf_release(&b);
			return vg_error("cannot read '%s': larger than the %zu MiB limit for an input file",
					path, VG_MAX_INPUT >> 20);
		}
		if (vg_buf_add(&b, chunk, (size_t)n) < 0) {
			close(fd);
			vg_buf_release(&b);
			return -1;
		}
	}
	if (n < 0) {
		int err = errno;

		close(fd);
		vg_buf_release(&b);
		return vg_error("cannot read '%s': %s", path, strerror(err));
	}
	close(fd);
	if (len)
		*len = b.len;
	*out = vg_buf_detach(&b);
	return *out ? 0 : -1;
}

int vg_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}
