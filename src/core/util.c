#include "core/util.h"

#include <errno.h>
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

int vg_read_file(const char *path, char **out, size_t *len)
{
	struct vg_buf b = VG_BUF_INIT;
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	*out = NULL;
	if (!f)
		return vg_error("cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (vg_buf_add(&b, chunk, n) < 0) {
			fclose(f);
			vg_buf_release(&b);
			return -1;
		}
	}
	if (ferror(f)) {
		fclose(f);
		vg_buf_release(&b);
		return vg_error("cannot read '%s': %s", path, strerror(errno));
	}
	fclose(f);
	if (len)
		*len = b.len;
	*out = vg_buf_detach(&b);
	return *out ? 0 : -1;
}

int vg_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}
