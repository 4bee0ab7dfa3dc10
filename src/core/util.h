#ifndef VG_UTIL_H
#define VG_UTIL_H

#include <stddef.h>
#include <stdarg.h>

/*
 * Small helpers shared by every module. Nothing here exits: allocation
 * failures are reported through vg_error() and returned to the caller.
 */

#define VG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Print "vmstate-gate: error: ..." to stderr and return -1. */
int vg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "vmstate-gate: warning: ..." to stderr. */
void vg_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation wrappers: on failure they print an error and return NULL. */
void *vg_malloc(size_t n);
void *vg_calloc(size_t nmemb, size_t size);
char *vg_strdup(const char *s);
char *vg_strndup(const char *s, size_t n);
char *vg_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Grow *ptr so that it can hold at least nr elements of elem_size bytes;
 * *alloc is the current capacity in elements. Returns 0 or -1.
 */
int vg_grow(void **ptr, size_t *alloc, size_t nr, size_t elem_size);
#define VG_GROW(ptr, alloc, nr) vg_grow((void **)&(ptr), &(alloc), (nr), sizeof(*(ptr)))

/* A growable, NUL-terminated byte buffer (git's strbuf, trimmed down). */
struct vg_buf {
	char *buf;
	size_t len;
	size_t alloc;
	int failed; /* an allocation failed; the contents are truncated */
};
#define VG_BUF_INIT { NULL, 0, 0, 0 }

void vg_buf_release(struct vg_buf *b);
int vg_buf_add(struct vg_buf *b, const char *data, size_t len);
int vg_buf_puts(struct vg_buf *b, const char *s);
int vg_buf_printf(struct vg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vg_buf_vprintf(struct vg_buf *b, const char *fmt, va_list ap);
/* Detach the buffer: the caller owns the returned string (never NULL unless failed). */
char *vg_buf_detach(struct vg_buf *b);

/*
 * The largest input file read (a source, a message, an mbox, a dump,
 * a rules file): real ones are a few MiB at most; doc/vmstate-gate.1
 * (LIMITS) says so.
 */
#define VG_MAX_INPUT ((size_t)64 << 20)

/*
 * Read a whole file; *out is NUL-terminated and owned by the caller.
 * Refuses a directory, a device or a socket, and a file (or pipe) larger
 * than VG_MAX_INPUT; a dangling or looping link says so.
 */
int vg_read_file(const char *path, char **out, size_t *len);

/*
 * Open path for reading as vg_read_file() does (never blocks on a FIFO;
 * refuses directories, devices, sockets, reported): the descriptor, *st
 * filled, or -1. *kind is set when the kind of file is the problem.
 */
struct stat;
int vg_open_input(const char *path, struct stat *st, const char **kind);

/* Why path cannot be opened (errno from open()): strerror, or a link's trouble. */
const char *vg_open_problem(const char *path, int err);

/* 1 if s starts with prefix. */
int vg_starts_with(const char *s, const char *prefix);

#endif
