/*
 * C source -> model: finds VMStateDescription definitions with a small
 * tokenizer (comments, literals, continuations, balanced brackets) and
 * one PCRE2 pattern, expands field macros through rules/macros and the
 * file's own #defines. See scan.h.
 */
#define _GNU_SOURCE 1 /* memmem */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "scan.h"
#include "macros.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_BASE SIZE_MAX
#define MAX_EXPAND_DEPTH 12
#define MAX_NEST_DEPTH 12

static const char *const callback_names[VG_CB__COUNT] = {
	"needed", "pre_load", "post_load", "pre_save", "post_save",
	"pre_load_errp", "post_load_errp", "pre_save_errp", "post_save_errp",
	"dev_unplug_pending", "load_state_old",
};

const char *vg_scan_callback_name(unsigned bit)
{
	unsigned i;

	for (i = 0; i < VG_CB__COUNT; i++)
		if (bit == (1u << i))
			return callback_names[i];
	return "?";
}

/* ---------------------------------------------------------------- */
/* Scanner state                                                     */

struct define {
	const char *name;
	size_t name_len;
	int nparams;            /* -1: object-like */
	char **params;
	char *body;
	unsigned line;          /* 0 for headers */
	int in_file;
};

/* #defines of one origin (the file, or its headers) with a hash. */
struct deftab {
	struct define *v;
	size_t nr, alloc;
	size_t *hash;           /* open addressing over v, index+1 */
	size_t hash_size;
};

enum dir_kind { D_IF, D_IFDEF, D_IFNDEF, D_ELIF, D_ELSE, D_ENDIF, D_DEFINE, D_OTHER };

struct directive {
	size_t off, end;        /* the whole logical line, continuations included */
	enum dir_kind kind;
	char *arg;
	int guard;              /* an include guard: not a condition */
};

struct range {
	size_t b, e;
};

/* A header, cleaned and with its #defines (pointing into clean). */
struct hdr {
	const char *key;        /* the caller's text: the cache key */
	size_t len;
	char *clean;
	struct deftab defs;
	/* Names searched in clean and not found (struct, enumerator): hashes. */
	uint64_t *miss;
	size_t nr_miss, miss_cap;
};

/* A name's hash for the miss sets (kind: 's' struct, 'e' enumerator). */
static uint64_t miss_hash(char kind, const char *name, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ (unsigned char)kind;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
	return h ? h : 1;
}

static int hdr_missed(const struct hdr *hd, uint64_t h)
{
	size_t j;

	if (!hd->miss_cap)
		return 0;
	for (j = h & (hd->miss_cap - 1); hd->miss[j]; j = (j + 1) & (hd->miss_cap - 1))
		if (hd->miss[j] == h)
			return 1;
	return 0;
}

/* Remember a miss (best effort: no memory, no memo). */
static void hdr_miss_add(struct hdr *hd, uint64_t h)
{
	size_t j;

	if ((hd->nr_miss + 1) * 2 > hd->miss_cap) {
		size_t cap = hd->miss_cap ? hd->miss_cap * 2 : 64, i;
		uint64_t *v = calloc(cap, sizeof(*v));

		if (!v)
			return;
		for (i = 0; i < hd->miss_cap; i++) {
			if (!hd->miss[i])
				continue;
			for (j = hd->miss[i] & (cap - 1); v[j]; j = (j + 1) & (cap - 1))
				;
			v[j] = hd->miss[i];
		}
		free(hd->miss);
		hd->miss = v;
		hd->miss_cap = cap;
	}
	for (j = h & (hd->miss_cap - 1); hd->miss[j]; j = (j + 1) & (hd->miss_cap - 1))
		if (hd->miss[j] == h)
			return;
	hd->miss[j] = h;
	hd->nr_miss++;
}

/* Subsection refs whose .needed sits in the pre-2.4 list entry. */
struct needed_mark {
	char *var;
};

struct scanner {
	const struct vg_scan_opts *opts;
	const char *path;
	char *clean;            /* comments blanked, same length as the input */
	char *code;             /* clean with string and char literals blanked too */
	size_t len;
	size_t *lines;          /* offset of each line start */
	size_t nr_lines, alloc_lines;
	struct deftab file_defs;        /* the file's own: they win */
	struct hdr **hdrs;              /* the headers, in order: read on first need */
	size_t nr_hdrs;
	int headers_read;               /* hdrs is ready */
	struct deftab *hdr_target;      /* where collect_directives puts a header's */
	struct directive *dirs;
	size_t nr_dirs, alloc_dirs;
	struct hdr **owned;     /* parsed headers not kept by the cache */
	size_t nr_owned, alloc_owned;
	struct range *used;     /* definition and named-array ranges */
	size_t nr_used, alloc_used;
	struct vg_scan_result *out;
	struct vg_findings *warnings;
	struct vg_findings scratch;  /* when the caller wants no warnings */
	struct needed_mark *old_needed;
	size_t nr_old_needed;
	int oom;
};

/* A piece of text being parsed: the file itself or an expansion. */
struct src {
	const char *t;
	size_t n;
	size_t base;            /* offset of t in sc->clean, or NO_BASE */
	unsigned line;          /* the line of an expansion */
};

static unsigned line_of(const struct scanner *sc, size_t off)
{
	size_t lo = 0, hi = sc->nr_lines;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (sc->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)lo + 1;
}

static unsigned src_line(const struct scanner *sc, const struct src *s, size_t off)
{
	if (s->base == NO_BASE)
		return s->line;
	return line_of(sc, s->base + off);
}

static void warn(struct scanner *sc, enum vg_rule rule, unsigned line,
		 const char *desc, const char *item, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void warn(struct scanner *sc, enum vg_rule rule, unsigned line,
		 const char *desc, const char *item, const char *fmt, ...)
{
	struct vg_buf msg = VG_BUF_INIT;
	struct vg_finding *f;
	va_list ap;

	va_start(ap, fmt);
	vg_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (msg.failed || !msg.buf) {
		vg_buf_release(&msg);
		sc->oom = 1;
		return;
	}
	f = vg_findings_add(sc->warnings, rule, NULL, desc, item, NULL, NULL,
			    "%s", msg.buf);
	vg_buf_release(&msg);
	if (!f || vg_finding_set(&f->file, sc->path) < 0) {
		sc->oom = 1;
		return;
	}
	f->line = line;
}

/* ---------------------------------------------------------------- */
/* Tokenizer helpers                                                 */

static int is_id0(int c)
{
	return isalpha(c) || c == '_';
}

static int is_id(int c)
{
	return isalnum(c) || c == '_';
}

/* Skip a string or character literal starting at t[i]; returns the end. */
static size_t skip_literal(const char *t, size_t n, size_t i)
{
	char q = t[i++];

	while (i < n && t[i] != q && t[i] != '\n') {
		if (t[i] == '\\' && i + 1 < n)
			i++;
		i++;
	}
	return i < n && t[i] == q ? i + 1 : i;
}

static size_t skip_ws(const char *t, size_t n, size_t i)
{
	while (i < n) {
		if (isspace((unsigned char)t[i]))
			i++;
		else if (t[i] == '\\' && i + 1 < n && (t[i + 1] == '\n' || t[i + 1] == '\r'))
			i += 2;
		else
			break;
	}
	return i;
}

/*
 * t[i] opens a bracket; return the index of its closer, or n when it is
 * unbalanced. Every kind of bracket nests; literals are skipped.
 */
static size_t match_close(const char *t, size_t n, size_t i)
{
	int depth = 0;

	while (i < n) {
		char c = t[i];

		if (c == '"' || c == '\'') {
			i = skip_literal(t, n, i);
			continue;
		}
		if (c == '(' || c == '[' || c == '{') {
			depth++;
		} else if (c == ')' || c == ']' || c == '}') {
			if (--depth == 0)
				return i;
			if (depth < 0)
				return n;
		}
		i++;
	}
	return n;
}

static size_t ident_end(const char *t, size_t n, size_t i)
{
	while (i < n && is_id((unsigned char)t[i]))
		i++;
	return i;
}

static void trim(const char *t, size_t *b, size_t *e)
{
	*b = skip_ws(t, *e, *b);
	while (*e > *b && isspace((unsigned char)t[*e - 1]))
		(*e)--;
	while (*e > *b + 1 && t[*e - 1] == '\n' && t[*e - 2] == '\\')
		*e -= 2;
}

/*
 * Split [b, e) at top-level commas; fn gets each trimmed item. Returns
 * the first non-zero return of fn.
 */
typedef int (*item_fn)(struct scanner *sc, const struct src *s, size_t b,
		       size_t e, void *payload);

static int split_items(struct scanner *sc, const struct src *s, size_t b,
		       size_t e, item_fn fn, void *payload)
{
	size_t i = b, start = b;
	int r;

	while (i <= e) {
		if (i == e || s->t[i] == ',') {
			size_t ib = start, ie = i;

			trim(s->t, &ib, &ie);
			if (ie > ib && (r = fn(sc, s, ib, ie, payload)))
				return r;
			start = i + 1;
			i++;
			continue;
		}
		if (s->t[i] == '"' || s->t[i] == '\'') {
			i = skip_literal(s->t, e, i);
			continue;
		}
		if (s->t[i] == '(' || s->t[i] == '[' || s->t[i] == '{') {
			i = match_close(s->t, e, i);
			if (i < e)
				i++;
			continue;
		}
		i++;
	}
	return 0;
}

/* Normalized text of [b, e): spaces only between identifier characters. */
static char *norm_text(const char *t, size_t b, size_t e)
{
	struct vg_buf buf = VG_BUF_INIT;
	size_t i;
	int pending_space = 0;

	trim(t, &b, &e);
	/* Strip parentheses that enclose everything. */
	while (e > b + 1 && t[b] == '(' && match_close(t, e, b) == e - 1) {
		b++;
		e--;
		trim(t, &b, &e);
	}
	for (i = b; i < e; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c == '"' || c == '\'') {
			size_t le = skip_literal(t, e, i);

			vg_buf_add(&buf, t + i, le - i);
			i = le - 1;
			pending_space = 0;
			continue;
		}
		if (isspace(c) || (c == '\\' && i + 1 < e && t[i + 1] == '\n')) {
			pending_space = 1;
			continue;
		}
		if (pending_space && buf.len && is_id((unsigned char)buf.buf[buf.len - 1]) &&
		    is_id(c))
			vg_buf_add(&buf, " ", 1);
		pending_space = 0;
		vg_buf_add(&buf, t + i, 1);
	}
	if (!buf.buf)
		vg_buf_add(&buf, "", 0);
	return vg_buf_detach(&buf);
}

/* ---------------------------------------------------------------- */
/* Cleaning: comments to spaces, keeping newlines and offsets        */

static char *clean_text(const char *buf, size_t len)
{
	char *c = vg_malloc(len + 1);
	size_t i = 0;

	if (!c)
		return NULL;
	memcpy(c, buf, len);
	c[len] = '\0';
	while (i < len) {
		if (c[i] == '"' || c[i] == '\'') {
			i = skip_literal(c, len, i);
		} else if (c[i] == '/' && i + 1 < len && c[i + 1] == '*') {
			c[i++] = ' ';
			c[i++] = ' ';
			while (i < len && !(c[i] == '*' && i + 1 < len && c[i + 1] == '/')) {
				if (c[i] != '\n')
					c[i] = ' ';
				i++;
			}
			if (i < len) {
				c[i++] = ' ';
				c[i++] = ' ';
			}
		} else if (c[i] == '/' && i + 1 < len && c[i + 1] == '/') {
			while (i < len && c[i] != '\n') {
				/* A backslash-newline continues a // comment. */
				if (c[i] == '\\' && i + 1 < len && c[i + 1] == '\n') {
					c[i] = ' ';
					i += 2;
					continue;
				}
				c[i++] = ' ';
			}
		} else {
			if (c[i] == '\0')
				c[i] = ' ';
			i++;
		}
	}
	return c;
}

/*
 * PCRE2's JIT reads its subject in 16-byte vectors and may load a few bytes
 * past the end (harmless, but memcheck reports it): pad subject buffers.
 */
#define SCAN_SUBJECT_PAD 32

/* A copy of clean text with the contents of literals blanked. */
static char *blank_literals(const char *clean, size_t len)
{
	char *c = vg_malloc(len + 1 + SCAN_SUBJECT_PAD);
	size_t i = 0;

	if (!c)
		return NULL;
	memcpy(c, clean, len + 1);
	memset(c + len + 1, 0, SCAN_SUBJECT_PAD);
	while (i < len) {
		if (c[i] == '"' || c[i] == '\'') {
			size_t e = skip_literal(c, len, i), k;

			for (k = i + 1; k + 1 < e; k++)
				c[k] = ' ';
			i = e;
		} else {
			i++;
		}
	}
	return c;
}

/* ---------------------------------------------------------------- */
/* Directives and #defines                                           */

static size_t hash_name(const char *s, size_t n)
{
	size_t h = 1469598103934665603ULL & SIZE_MAX;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static int build_hash(struct deftab *dt)
{
	size_t i, size = 16;

	while (size < dt->nr * 2)
		size *= 2;
	free(dt->hash);
	dt->hash = vg_calloc(size, sizeof(*dt->hash));
	if (!dt->hash)
		return -1;
	dt->hash_size = size;
	for (i = 0; i < dt->nr; i++) {
		size_t h = hash_name(dt->v[i].name, dt->v[i].name_len) & (size - 1);

		while (dt->hash[h]) {
			const struct define *o = &dt->v[dt->hash[h] - 1];

			if (o->name_len == dt->v[i].name_len &&
			    !memcmp(o->name, dt->v[i].name, o->name_len))
				break;
			h = (h + 1) & (size - 1);
		}
		if (!dt->hash[h])    /* the first definition wins */
			dt->hash[h] = i + 1;
	}
	return 0;
}

static const struct define *deftab_find(const struct deftab *dt, const char *name, size_t n)
{
	size_t h;

	if (!dt->hash_size)
		return NULL;
	h = hash_name(name, n) & (dt->hash_size - 1);
	while (dt->hash[h]) {
		const struct define *d = &dt->v[dt->hash[h] - 1];

		if (d->name_len == n && !memcmp(d->name, name, n))
			return d;
		h = (h + 1) & (dt->hash_size - 1);
	}
	return NULL;
}

static int read_headers(struct scanner *sc);

/* A #define of the file itself (never reads the headers). */
static const struct define *find_file_define(const struct scanner *sc, const char *name, size_t n)
{
	return deftab_find(&sc->file_defs, name, n);
}

/* A #define of the headers only (read on first use). */
static const struct define *find_header_define(const struct scanner *sc, const char *name,
					       size_t n)
{
	/*
	 * Reading the headers is deferred to the first name the file does
	 * not define: most files need none. The tables of the file are never
	 * reallocated by it, so pointers held by callers stay valid.
	 */
	if (!sc->headers_read && read_headers((struct scanner *)sc) < 0)
		return NULL;
	{
		size_t i;

		for (i = 0; i < sc->nr_hdrs; i++) {
			const struct define *d = deftab_find(&sc->hdrs[i]->defs, name, n);

			if (d)
				return d;
		}
	}
	return NULL;
}

/* The file's #define of name, else its headers'. */
static const struct define *find_define(const struct scanner *sc, const char *name, size_t n)
{
	const struct define *d = find_file_define(sc, name, n);

	return d ? d : find_header_define(sc, name, n);
}

/*
 * The value the caller gives a symbolic size of the catalogue (sym, e.g.
 * "target_ulong"): a header's "#define vg_sizeof_SYM N" (scan.h), N a
 * positive decimal number. The file's own #defines never count. 0 and *v
 * set when given.
 */
static int sym_size(const struct scanner *sc, const char *sym, size_t n, long long *v)
{
	char name[128];
	const struct define *d;
	size_t pl = strlen(VG_SCAN_SIZEOF_PREFIX);
	char *end;

	if (!sc->opts->nr_headers || pl + n >= sizeof(name))
		return -1;
	memcpy(name, VG_SCAN_SIZEOF_PREFIX, pl);
	memcpy(name + pl, sym, n);
	if (!(d = find_header_define(sc, name, pl + n)) || d->nparams >= 0 ||
	    !isdigit((unsigned char)d->body[0]))
		return -1;
	errno = 0;
	*v = strtoll(d->body, &end, 10);
	return *end || errno || *v <= 0 ? -1 : 0;
}

/* Parse one "#define ..." logical line [b, e) of text t. */
static int add_define(struct scanner *sc, const char *t, size_t b, size_t e,
		      unsigned line, int in_file)
{
	struct define *d;
	size_t i = skip_ws(t, e, b), ne;

	if (i >= e || !is_id0((unsigned char)t[i]))
		return 0;
	ne = ident_end(t, e, i);
	struct deftab *dt = in_file ? &sc->file_defs : sc->hdr_target;

	if (VG_GROW(dt->v, dt->alloc, dt->nr + 1) < 0)
		return -1;
	d = &dt->v[dt->nr];
	memset(d, 0, sizeof(*d));
	d->name = t + i;
	d->name_len = ne - i;
	d->line = line;
	d->in_file = in_file;
	d->nparams = -1;
	i = ne;
	if (i < e && t[i] == '(') {
		size_t close = match_close(t, e, i);

		if (close >= e)
			return 0;
		d->nparams = 0;
		i++;
		while (i < close) {
			size_t pb, pe;
			char **np;

			i = skip_ws(t, close, i);
			pb = i;
			while (i < close && t[i] != ',')
				i++;
			pe = i;
			trim(t, &pb, &pe);
			if (pe > pb) {
				np = realloc(d->params, sizeof(char *) * (size_t)(d->nparams + 1));
				if (!np)
					return vg_error("out of memory");
				d->params = np;
				if (!(d->params[d->nparams] = vg_strndup(t + pb, pe - pb)))
					return -1;
				d->nparams++;
			}
			i++;
		}
		i = close + 1;
	}
	if (!(d->body = norm_text(t, i, e)))
		return -1;
	dt->nr++;
	return 0;
}

static enum dir_kind dir_kind(const char *w, size_t n)
{
	static const struct {
		const char *name;
		enum dir_kind kind;
	} kinds[] = {
		{ "if", D_IF }, { "ifdef", D_IFDEF }, { "ifndef", D_IFNDEF },
		{ "elif", D_ELIF }, { "else", D_ELSE }, { "endif", D_ENDIF },
		{ "define", D_DEFINE },
	};
	size_t k;

	for (k = 0; k < VG_ARRAY_SIZE(kinds); k++)
		if (strlen(kinds[k].name) == n && !memcmp(kinds[k].name, w, n))
			return kinds[k].kind;
	return D_OTHER;
}

/*
 * Walk the logical lines of t; record #defines, and when record_dirs is
 * set every conditional directive too (for the file itself).
 */
static int collect_directives(struct scanner *sc, const char *t, size_t n, int in_file)
{
	size_t i = 0;

	while (i < n) {
		size_t ls = i, le, p;

		/* The logical line [ls, le): physical lines joined by '\'. */
		le = ls;
		for (;;) {
			while (le < n && t[le] != '\n')
				le++;
			if (le < n && le > ls && t[le - 1] == '\\') {
				le++;
				continue;
			}
			if (le < n && le > ls + 1 && t[le - 1] == '\r' && t[le - 2] == '\\') {
				le++;
				continue;
			}
			break;
		}
		p = skip_ws(t, le, ls);
		if (p < le && t[p] == '#') {
			size_t wb = skip_ws(t, le, p + 1), we = ident_end(t, le, wb);
			enum dir_kind k = dir_kind(t + wb, we - wb);

			if (k == D_DEFINE && add_define(sc, t, we, le,
							in_file ? line_of(sc, ls) : 0, in_file) < 0)
				return -1;
			if (in_file) {
				struct directive *d;

				if (VG_GROW(sc->dirs, sc->alloc_dirs, sc->nr_dirs + 1) < 0)
					return -1;
				d = &sc->dirs[sc->nr_dirs++];
				memset(d, 0, sizeof(*d));
				d->off = ls;
				d->end = le;
				d->kind = k;
				if (!(d->arg = norm_text(t, we, le)))
					return -1;
			}
		}
		i = le + 1;
	}
	return 0;
}

/* #ifndef X directly followed by #define X: an include guard. */
static void mark_guards(struct scanner *sc)
{
	size_t i;

	for (i = 0; i + 1 < sc->nr_dirs; i++) {
		struct directive *d = &sc->dirs[i], *n = &sc->dirs[i + 1];

		if (d->kind == D_IFNDEF && n->kind == D_DEFINE &&
		    !strncmp(n->arg, d->arg, strlen(d->arg)) &&
		    (n->arg[strlen(d->arg)] == '\0' || n->arg[strlen(d->arg)] == ' '))
			d->guard = 1;
	}
}

static int in_directive(const struct scanner *sc, size_t off)
{
	size_t lo = 0, hi = sc->nr_dirs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (sc->dirs[mid].end < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sc->nr_dirs && sc->dirs[lo].off <= off && off < sc->dirs[lo].end;
}

static int is_false_cond(const char *arg)
{
	return !strcmp(arg, "0");
}

/* The #if condition in effect at off ("A && !(B)"), or NULL. */
static char *condition_at(const struct scanner *sc, size_t off, int *dead)
{
	struct {
		const char *arg;
		int kind, in_else, guard;
	} stack[64];
	int depth = 0;
	size_t i;
	struct vg_buf b = VG_BUF_INIT;

	*dead = 0;
	for (i = 0; i < sc->nr_dirs && sc->dirs[i].off < off; i++) {
		const struct directive *d = &sc->dirs[i];

		switch (d->kind) {
		case D_IF:
		case D_IFDEF:
		case D_IFNDEF:
			if (depth < 64) {
				stack[depth].arg = d->arg;
				stack[depth].kind = d->kind;
				stack[depth].in_else = 0;
				stack[depth].guard = d->guard;
			}
			depth++;
			break;
		case D_ELIF:
			if (depth > 0 && depth <= 64) {
				stack[depth - 1].arg = d->arg;
				stack[depth - 1].kind = D_IF;
				stack[depth - 1].in_else = 0;
			}
			break;
		case D_ELSE:
			if (depth > 0 && depth <= 64)
				stack[depth - 1].in_else = 1;
			break;
		case D_ENDIF:
			if (depth > 0)
				depth--;
			break;
		default:
			break;
		}
	}
	if (depth > 64)
		depth = 64;
	for (i = 0; i < (size_t)depth; i++) {
		const char *a = stack[i].arg;
		int neg = stack[i].in_else;

		if (stack[i].guard)
			continue;
		if (stack[i].kind == D_IF && is_false_cond(a) && !neg)
			*dead = 1;
		if (b.len)
			vg_buf_puts(&b, " && ");
		if (stack[i].kind == D_IFDEF)
			vg_buf_printf(&b, neg ? "!defined(%s)" : "defined(%s)", a);
		else if (stack[i].kind == D_IFNDEF)
			vg_buf_printf(&b, neg ? "defined(%s)" : "!defined(%s)", a);
		else
			vg_buf_printf(&b, neg ? "!(%s)" : "%s", a);
	}
	return b.len ? vg_buf_detach(&b) : (vg_buf_release(&b), NULL);
}

/*
 * Blank the directive lines inside [b, e) of the clean buffer, and the
 * lines of inactive branches: the first branch of an #if is taken (the
 * #else/#elif branches dropped), except under "#if 0".
 */
static void blank_conditionals(struct scanner *sc, size_t b, size_t e)
{
	int active[64], taken[64];
	int depth = 0, i;
	size_t k;
	size_t pos = b;

	for (k = 0; k < sc->nr_dirs; k++) {
		struct directive *d = &sc->dirs[k];
		int live = 1;

		if (d->off < b || d->off >= e)
			continue;
		for (i = 0; i < depth && i < 64; i++)
			live &= active[i];
		/* Blank the text from pos to this directive if inactive. */
		if (!live) {
			size_t j;

			for (j = pos; j < d->off; j++)
				if (sc->clean[j] != '\n')
					sc->clean[j] = ' ';
		}
		switch (d->kind) {
		case D_IF:
		case D_IFDEF:
		case D_IFNDEF:
			if (depth < 64) {
				active[depth] = !(d->kind == D_IF && is_false_cond(d->arg));
				taken[depth] = active[depth];
			}
			depth++;
			break;
		case D_ELIF:
		case D_ELSE:
			if (depth > 0 && depth <= 64) {
				active[depth - 1] = !taken[depth - 1] &&
					!(d->kind == D_ELIF && is_false_cond(d->arg));
				taken[depth - 1] |= active[depth - 1];
			}
			break;
		case D_ENDIF:
			if (depth > 0)
				depth--;
			break;
		default:
			break;
		}
		{
			size_t j;

			for (j = d->off; j < d->end && j < e; j++)
				if (sc->clean[j] != '\n')
					sc->clean[j] = ' ';
			pos = d->end < e ? d->end : e;
		}
	}
}

/* ---------------------------------------------------------------- */
/* Macro expansion of a function-like or object-like #define          */

/* Arguments of a call: t[open] is '('; fills args (owned strings). */
static int parse_args(const char *t, size_t n, size_t open, size_t *close,
		      char ***args, int *nargs)
{
	size_t c = match_close(t, n, open), i, start;
	char **v = NULL;
	int nv = 0;

	*args = NULL;
	*nargs = 0;
	if (c >= n)
		return 1;
	*close = c;
	start = open + 1;
	for (i = open + 1; i <= c; i++) {
		if (i == c || t[i] == ',') {
			char **nv2;
			char *a = norm_text(t, start, i);

			if (!a)
				goto oom;
			if (i == c && nv == 0 && !*a) {
				free(a);
				break;
			}
			nv2 = realloc(v, sizeof(char *) * (size_t)(nv + 1));
			if (!nv2) {
				free(a);
				goto oom;
			}
			v = nv2;
			v[nv++] = a;
			start = i + 1;
			continue;
		}
		if (t[i] == '"' || t[i] == '\'') {
			i = skip_literal(t, c, i) - 1;
			continue;
		}
		if (t[i] == '(' || t[i] == '[' || t[i] == '{')
			i = match_close(t, c, i);
	}
	*args = v;
	*nargs = nv;
	return 0;
oom:
	while (nv > 0)
		free(v[--nv]);
	free(v);
	return -1;
}

static void free_args(char **args, int n)
{
	while (n > 0)
		free(args[--n]);
	free(args);
}

/* Expand a #define body with arguments: #param stringizes, ## pastes. */
static char *expand_define(const struct define *d, char *const *args)
{
	struct vg_buf b = VG_BUF_INIT;
	const char *s = d->body;

	while (*s) {
		if (*s == '"' || *s == '\'') {
			size_t n = skip_literal(s, strlen(s), 0);

			vg_buf_add(&b, s, n);
			s += n;
		} else if (s[0] == '#' && s[1] == '#') {
			while (b.len && b.buf[b.len - 1] == ' ')
				b.buf[--b.len] = '\0';
			s += 2;
			while (*s == ' ')
				s++;
		} else if (*s == '#') {
			const char *p = s + 1, *e;
			int i;

			while (*p == ' ')
				p++;
			e = p;
			while (is_id((unsigned char)*e))
				e++;
			for (i = 0; i < d->nparams; i++)
				if (strlen(d->params[i]) == (size_t)(e - p) &&
				    !strncmp(d->params[i], p, (size_t)(e - p)))
					break;
			if (e > p && i < d->nparams) {
				vg_buf_printf(&b, "\"%s\"", args[i]);
				s = e;
			} else {
				vg_buf_add(&b, s++, 1);
			}
		} else if (is_id0((unsigned char)*s)) {
			const char *e = s;
			int i;

			while (is_id((unsigned char)*e))
				e++;
			for (i = 0; i < d->nparams; i++)
				if (strlen(d->params[i]) == (size_t)(e - s) &&
				    !strncmp(d->params[i], s, (size_t)(e - s)))
					break;
			if (i < d->nparams)
				vg_buf_puts(&b, args[i]);
			else
				vg_buf_add(&b, s, (size_t)(e - s));
			s = e;
		} else {
			vg_buf_add(&b, s++, 1);
		}
	}
	if (!b.buf)
		vg_buf_add(&b, "", 0);
	return vg_buf_detach(&b);
}

/* ---------------------------------------------------------------- */
/* Types and struct members: sizeof(T), sizeof_field(T, m)           */

static int eval_depth(const struct scanner *sc, const char *t, int depth, long long *out);

static int is_word(const char *t, size_t b, size_t e, const char *w)
{
	size_t n = strlen(w);

	return e - b == n && !memcmp(t + b, w, n);
}

/*
 * sizeof of the type text t[b, e) from the catalogue's type table
 * (qualifiers dropped, spaces normalized): 1 with *size, 0 with *sym when
 * the table keeps it symbolic, -1 when the type is not in the table.
 */
static int type_size(const struct scanner *sc, const char *t, size_t b, size_t e,
		     long long *size, const char **sym)
{
	char name[128];
	size_t n = 0, i = b;
	const struct vg_macro_type *ty;
	char *end;

	while (i < e) {
		size_t we;

		if (isspace((unsigned char)t[i]) || t[i] == '\\') {
			i++;
			continue;
		}
		if (!is_id0((unsigned char)t[i]))
			return -1;
		we = ident_end(t, e, i);
		if (!is_word(t, i, we, "const") && !is_word(t, i, we, "volatile")) {
			if (n + (we - i) + 2 > sizeof(name))
				return -1;
			if (n)
				name[n++] = ' ';
			memcpy(name + n, t + i, we - i);
			n += we - i;
		}
		i = we;
	}
	if (!n || !(ty = vg_macros_find_type(sc->opts->macros, name, n)))
		return -1;
	errno = 0;
	*size = strtoll(ty->size, &end, 10);
	if (!*end && !errno && *size > 0)
		return 1;
	/* A symbolic size the caller knows (target_ulong of the target). */
	if (!sym_size(sc, ty->size, strlen(ty->size), size))
		return 1;
	*sym = ty->size;
	return 0;
}

/* The member list of a struct: t[b] is '{', t[e] its '}'. */
struct body {
	const char *t;
	size_t b, e;
};

static size_t skip_ws_back(const char *t, size_t i)
{
	while (i > 0 && (isspace((unsigned char)t[i - 1]) || t[i - 1] == '\\'))
		i--;
	return i;
}

/* The identifier ending at t[i - 1]: its start, or i when there is none. */
static size_t ident_back(const char *t, size_t i)
{
	size_t b = i;

	while (b > 0 && is_id((unsigned char)t[b - 1]))
		b--;
	return b < i && is_id0((unsigned char)t[b]) ? b : i;
}

/*
 * The definition of struct name in t[0, n): "struct NAME {...}" or
 * "typedef struct [TAG] {...} NAME;". 1 and *out when found; else 0, with
 * *alias and *alias_len set by "typedef struct TAG NAME;".
 */
static int find_struct_in(const char *t, size_t n, const char *name, size_t nl,
			  struct body *out, const char **alias, size_t *alias_len)
{
	const char *p = t, *end = t + n;

	while (nl && (p = memmem(p, (size_t)(end - p), name, nl))) {
		size_t i = (size_t)(p - t), a, pb, pe;

		p += nl;
		if ((i > 0 && is_id((unsigned char)t[i - 1])) || (i + nl < n && is_id((unsigned char)t[i + nl])))
			continue;
		a = skip_ws(t, n, i + nl);
		pe = skip_ws_back(t, i);
		pb = ident_back(t, pe);
		if (pb < pe && is_word(t, pb, pe, "struct")) {
			/* struct NAME { */
			if (a < n && t[a] == '{') {
				size_t c = match_close(t, n, a);

				if (c < n) {
					out->t = t;
					out->b = a;
					out->e = c;
					return 1;
				}
			}
			continue;
		}
		if (a >= n || t[a] != ';')
			continue;
		if (pb < pe) {
			/* typedef struct TAG NAME; */
			size_t sb, se = skip_ws_back(t, pb);

			sb = ident_back(t, se);
			if (sb < se && is_word(t, sb, se, "struct") && !*alias) {
				*alias = t + pb;
				*alias_len = pe - pb;
			}
			continue;
		}
		if (pe > 0 && t[pe - 1] == '}') {
			/* } NAME; closing a typedef struct [TAG] { ... } */
			size_t k = pe - 1, open, wb, we;
			int depth = 0;

			for (;;) {
				if (t[k] == '}')
					depth++;
				else if (t[k] == '{' && --depth == 0)
					break;
				if (k == 0)
					break;
				k--;
			}
			if (depth != 0 || t[k] != '{' || match_close(t, n, k) != pe - 1)
				continue;
			open = k;
			we = skip_ws_back(t, open);
			wb = ident_back(t, we);
			if (wb < we && !is_word(t, wb, we, "struct")) {  /* a tag */
				we = skip_ws_back(t, wb);
				wb = ident_back(t, we);
			}
			if (wb < we && is_word(t, wb, we, "struct")) {
				out->t = t;
				out->b = open;
				out->e = pe - 1;
				return 1;
			}
		}
	}
	return 0;
}

/* The struct name in the file, else in its headers (through one typedef). */
static int find_struct(const struct scanner *sc, const char *name, size_t nl,
		       struct body *out, int depth)
{
	const char *alias = NULL;
	size_t alias_len = 0, i;

	if (depth > 4)
		return 0;
	if (find_struct_in(sc->code, sc->len, name, nl, out, &alias, &alias_len))
		return 1;
	if (!sc->headers_read && read_headers((struct scanner *)sc) < 0)
		return 0;
	for (i = 0; i < sc->nr_hdrs; i++) {
		struct hdr *hd = sc->hdrs[i];
		uint64_t mh = miss_hash('s', name, nl);
		const char *a0 = alias;

		if (hdr_missed(hd, mh))
			continue;
		if (find_struct_in(hd->clean, hd->len, name, nl, out, &alias, &alias_len))
			return 1;
		if (!a0 && !alias)      /* nothing of name here, not even a typedef */
			hdr_miss_add(hd, mh);
	}
	if (alias && (alias_len != nl || memcmp(alias, name, nl)))
		return find_struct(sc, alias, alias_len, out, depth + 1);
	return 0;
}

/* A member found: element size, all dimensions, and the first one. */
struct member {
	long long elem;
	long long count;        /* product of the dimensions (1: none) */
	long long first;        /* the first dimension (ARRAY_SIZE), or -1 */
};

static int member_in(const struct scanner *sc, const struct body *bd, const char *path,
		     struct member *m, int depth);

/*
 * One declarator d[b, e) of a member declaration ("regs[NR][2]", "*p",
 * "x : 3", "buf[16] QEMU_ALIGNED(8)"): its name and dimensions.
 */
static int declarator(const char *t, size_t b, size_t e, size_t *nb, size_t *ne,
		      size_t *db, int *pointer)
{
	size_t i;

	trim(t, &b, &e);
	*pointer = 0;
	/* Trailing attributes: IDENT(...) or __attribute__((...)). */
	while (e > b && t[e - 1] == ')') {
		size_t k = e - 1, ib;
		int depth = 0;

		for (;;) {
			if (t[k] == ')')
				depth++;
			else if (t[k] == '(' && --depth == 0)
				break;
			if (k == b)
				return -1;
			k--;
		}
		ib = ident_back(t, skip_ws_back(t, k));
		if (ib >= k || ib <= b)
			return -1;
		e = skip_ws_back(t, ib);
	}
	*db = e;
	for (i = b; i < e; i++) {
		if (t[i] == '[') {
			*db = i;
			break;
		}
		if (t[i] == '*')
			*pointer = 1;
		if (t[i] == ':' || t[i] == '(' || t[i] == '=')
			return -1;      /* bit-fields, function pointers */
	}
	for (i = *db; i < e; i++)
		if (t[i] == ':' || t[i] == '=')
			return -1;
	*ne = skip_ws_back(t, *db);
	*nb = ident_back(t, *ne);
	return *nb < *ne ? 0 : -1;
}

/* The dimensions "[A][B]" at t[b, e): product and first; -1 when unknown. */
static int dimensions(const struct scanner *sc, const char *t, size_t b, size_t e,
		      struct member *m, int depth)
{
	size_t i = skip_ws(t, e, b);

	m->count = 1;
	m->first = -1;
	while (i < e && t[i] == '[') {
		size_t c = match_close(t, e, i);
		char *x;
		long long v;
		int r;

		if (c >= e)
			return -1;
		if (!(x = vg_strndup(t + i + 1, c - i - 1))) {
			((struct scanner *)sc)->oom = 1;
			return -1;
		}
		r = eval_depth(sc, x, depth + 1, &v);
		free(x);
		if (r < 0 || v <= 0 || v > (1LL << 32))
			return -1;
		if (m->first < 0)
			m->first = v;
		m->count *= v;
		i = skip_ws(t, e, c + 1);
	}
	return i == e ? 0 : -1;
}

/* The struct type of a member's type text t[b, e) ("struct Foo", "Foo"). */
static int member_struct(const struct scanner *sc, const char *t, size_t b, size_t e,
			 struct body *out, int depth)
{
	size_t ib, ie;

	trim(t, &b, &e);
	ie = e;
	ib = ident_back(t, ie);
	if (ib >= ie)
		return 0;
	return find_struct(sc, t + ib, ie - ib, out, depth);
}

/*
 * Look one declaration t[b, e) (no ';') up for the first segment of
 * path: 1 found (*m), 0 not declared here, -1 declared but not sizable.
 */
static int member_decl(const struct scanner *sc, const char *t, size_t b, size_t e,
		       const char *path, struct member *m, int depth)
{
	size_t seg = strcspn(path, "."), i, open = e, tb = b, te = b, part;
	const char *rest = path[seg] ? path + seg + 1 : NULL;
	int first = 1;

	for (i = b; i < e; i++) {
		if (t[i] == '{') {
			open = i;
			break;
		}
		if (t[i] == '(' || t[i] == '[')
			i = match_close(t, e, i);
	}
	if (open < e) {
		/* An inline struct or union: "struct [TAG] { ... } [name];" */
		size_t close = match_close(t, e, open), db, nb, ne;
		struct body inner;
		int ptr;

		if (close >= e)
			return -1;
		inner.t = t;
		inner.b = open;
		inner.e = close;
		if (skip_ws(t, e, close + 1) >= e)     /* anonymous: its members are ours */
			return member_in(sc, &inner, path, m, depth + 1);
		if (declarator(t, close + 1, e, &nb, &ne, &db, &ptr) < 0)
			return 0;
		if (ne - nb != seg || memcmp(t + nb, path, seg))
			return 0;
		if (ptr || !rest || skip_ws(t, e, db) != e)
			return -1;      /* the size of a whole struct: padding */
		return member_in(sc, &inner, rest, m, depth + 1);
	}
	/* "TYPE a[N], *b, c;": the type is the first declarator's prefix. */
	part = b;
	for (i = b; i <= e; i++) {
		size_t nb, ne, db;
		int ptr, r;

		if (i < e && (t[i] == '(' || t[i] == '[')) {
			i = match_close(t, e, i);
			continue;
		}
		if (i < e && t[i] != ',')
			continue;
		if (declarator(t, part, i, &nb, &ne, &db, &ptr) < 0)
			return 0;
		if (first) {
			tb = b;
			te = nb;
			first = 0;
			while (te > tb && t[te - 1] == '*')
				te--;
		}
		part = i + 1;
		if (ne - nb != seg || memcmp(t + nb, path, seg))
			continue;
		if (ptr)
			return -1;
		if (rest) {
			struct body sb;

			if (skip_ws(t, i, db) != i || !member_struct(sc, t, tb, te, &sb, depth))
				return -1;
			return member_in(sc, &sb, rest, m, depth + 1);
		}
		{
			const char *sym = NULL;

			if (type_size(sc, t, tb, te, &m->elem, &sym) != 1)
				return -1;
		}
		r = dimensions(sc, t, db, i, m, depth);
		return r < 0 ? -1 : 1;
	}
	return 0;
}

/* Look path up among the members of bd (directives skipped). */
static int member_in(const struct scanner *sc, const struct body *bd, const char *path,
		     struct member *m, int depth)
{
	const char *t = bd->t;
	size_t i = bd->b + 1, e = bd->e;

	if (depth > 8)
		return -1;
	while (i < e) {
		size_t ds, k;
		int r;

		i = skip_ws(t, e, i);
		if (i >= e)
			break;
		if (t[i] == '#') {      /* a directive line, with continuations */
			while (i < e && t[i] != '\n') {
				if (t[i] == '\\' && i + 1 < e && t[i + 1] == '\n')
					i++;
				i++;
			}
			continue;
		}
		ds = i;
		for (k = i; k < e && t[k] != ';'; k++) {
			if (t[k] == '(' || t[k] == '[' || t[k] == '{') {
				k = match_close(t, e, k);
				if (k >= e)
					return -1;
			}
		}
		r = member_decl(sc, t, ds, k, path, m, depth);
		if (r)
			return r;
		i = k + 1;
	}
	return 0;
}

/* The member path (a.b.c) of struct type[0, tl): 1 with *m, else 0. */
static int struct_member(const struct scanner *sc, const char *type, size_t tl,
			 const char *path, struct member *m, int depth)
{
	struct body bd;
	size_t i;

	for (i = 0; path[i]; i++)
		if (!is_id((unsigned char)path[i]) && path[i] != '.')
			return 0;
	if (!*path || depth > 8 || !find_struct(sc, type, tl, &bd, 0))
		return 0;
	return member_in(sc, &bd, path, m, depth) == 1;
}

/*
 * "((T *)0)->path" or "((T*)NULL)->path" in t[b, e) (spaces normalized
 * away or not): the member, as sizeof and ARRAY_SIZE take it.
 */
static int null_member(const struct scanner *sc, const char *t, size_t b, size_t e,
		       struct member *m, int depth)
{
	size_t i = skip_ws(t, e, b), tb, te, c;
	char *path;
	int r;

	if (i >= e || t[i] != '(')
		return 0;
	c = match_close(t, e, i);
	if (c >= e)
		return 0;
	i = skip_ws(t, c, i + 1);
	if (i >= c || t[i] != '(')
		return 0;
	i = skip_ws(t, c, i + 1);
	if (i + 6 < c && !memcmp(t + i, "struct", 6) && !is_id((unsigned char)t[i + 6]))
		i = skip_ws(t, c, i + 6);
	tb = i;
	te = ident_end(t, c, i);
	if (te == tb)
		return 0;
	i = skip_ws(t, c, te);
	if (i >= c || t[i] != '*')
		return 0;
	i = skip_ws(t, c, i + 1);
	if (i >= c || t[i] != ')')
		return 0;
	i = skip_ws(t, c, i + 1);
	if (!(c - i == 1 && t[i] == '0') && !(c - i == 4 && !memcmp(t + i, "NULL", 4)))
		return 0;
	i = skip_ws(t, e, c + 1);
	if (i + 2 > e || t[i] != '-' || t[i + 1] != '>')
		return 0;
	path = norm_text(t, i + 2, e);
	if (!path) {
		((struct scanner *)sc)->oom = 1;
		return 0;
	}
	r = struct_member(sc, t + tb, te - tb, path, m, depth);
	free(path);
	return r;
}

/* ---------------------------------------------------------------- */
/* Constant expressions                                              */

struct eval {
	const struct scanner *sc;
	const char *t;
	size_t i, n;
	int ok;
	int depth;
};

static long long eval_expr(struct eval *ev, int prec);

/*
 * The value of enumerator name if t[i] starts it inside an "enum [TAG] {"
 * body: 1 with *out, 0 when it is not one, -1 when it cannot be known
 * (a directive in the body before it, a value that does not evaluate).
 */
static int enumerator_at(const struct scanner *sc, const char *t, size_t n, size_t i,
			 size_t nl, int depth, long long *out)
{
	size_t a = skip_ws(t, n, i + nl), p = skip_ws_back(t, i), open, k, wb, we, item;
	long long v = -1;
	int braces = 0;

	if (a >= n || !(t[a] == ',' || t[a] == '}' || (t[a] == '=' && (a + 1 >= n || t[a + 1] != '='))))
		return 0;
	if (p == 0 || (t[p - 1] != ',' && t[p - 1] != '{'))
		return 0;
	/* The enclosing '{', and "enum" (and a tag) before it. */
	for (k = p; k > 0; k--) {
		char c = t[k - 1];

		if (c == '}' || c == ')' || c == ']')
			braces++;
		else if ((c == '{' || c == '(' || c == '[') && braces-- == 0)
			break;
		else if (c == ';')
			return 0;
	}
	if (k == 0 || t[k - 1] != '{')
		return 0;
	open = k - 1;
	we = skip_ws_back(t, open);
	wb = ident_back(t, we);
	if (wb < we && !is_word(t, wb, we, "enum")) {
		we = skip_ws_back(t, wb);
		wb = ident_back(t, we);
	}
	if (wb >= we || !is_word(t, wb, we, "enum"))
		return 0;
	/* Walk the enumerators from the first: implicit ones count up. */
	item = open + 1;
	while (item <= i) {
		size_t ib = skip_ws(t, n, item), ie = ident_end(t, n, ib), x, end;

		if (ib < n && t[ib] == '#')
			return -1;      /* conditional enumerators: not countable */
		if (ie == ib)
			return -1;
		x = skip_ws(t, n, ie);
		for (end = x; end < n && t[end] != ',' && t[end] != '}'; end++) {
			if (t[end] == '(' || t[end] == '[' || t[end] == '{')
				end = match_close(t, n, end);
			if (end >= n || t[end] == '#')
				return -1;
		}
		if (end >= n)
			return -1;
		if (x < end && t[x] == '=') {
			char *e = vg_strndup(t + x + 1, end - x - 1);
			int r;

			if (!e) {
				((struct scanner *)sc)->oom = 1;
				return -1;
			}
			r = eval_depth(sc, e, depth + 1, &v);
			free(e);
			if (r < 0)
				return -1;
		} else if (x == end) {
			v++;
		} else {
			return -1;
		}
		if (ib == i) {
			*out = v;
			return 1;
		}
		if (t[end] == '}')
			break;
		item = end + 1;
	}
	return -1;
}

/* An enumerator of the file, else of its headers: 0 with *out, else -1. */
static int enum_value(const struct scanner *sc, const char *name, size_t nl, int depth,
		      long long *out)
{
	size_t h;

	for (h = 0; h <= sc->nr_hdrs; h++) {
		const char *t = h ? sc->hdrs[h - 1]->clean : sc->code;
		size_t n = h ? sc->hdrs[h - 1]->len : sc->len;
		const char *p = t, *end = t + n;
		uint64_t mh = miss_hash('e', name, nl);

		if (h && hdr_missed(sc->hdrs[h - 1], mh))
			continue;
		while ((p = memmem(p, (size_t)(end - p), name, nl))) {
			size_t i = (size_t)(p - t);
			int r;

			p += nl;
			if ((i > 0 && is_id((unsigned char)t[i - 1])) ||
			    (i + nl < n && is_id((unsigned char)t[i + nl])))
				continue;
			r = enumerator_at(sc, t, n, i, nl, depth, out);
			if (r)
				return r > 0 ? 0 : -1;
		}
		if (h)
			hdr_miss_add(sc->hdrs[h - 1], mh);
		if (h == 0 && !sc->headers_read && read_headers((struct scanner *)sc) < 0)
			return -1;
	}
	return -1;
}

static long long eval_ident(struct eval *ev, const char *name, size_t len)
{
	const struct define *d;
	struct eval sub;
	long long v;

	if (ev->depth > 16) {
		ev->ok = 0;
		return 0;
	}
	if (!(d = find_define(ev->sc, name, len))) {
		/* A symbolic size of the catalogue the caller knows? */
		if (!sym_size(ev->sc, name, len, &v))
			return v;
		/* Not a #define: an enumerator with a value we can know? */
		if (enum_value(ev->sc, name, len, ev->depth + 1, &v) < 0)
			ev->ok = 0;
		return ev->ok ? v : 0;
	}
	if (d->nparams >= 0) {
		ev->ok = 0;
		return 0;
	}
	sub.sc = ev->sc;
	sub.t = d->body;
	sub.n = strlen(d->body);
	sub.i = 0;
	sub.ok = 1;
	sub.depth = ev->depth + 1;
	v = eval_expr(&sub, 0);
	sub.i = skip_ws(sub.t, sub.n, sub.i);
	if (!sub.ok || sub.i != sub.n)
		ev->ok = 0;
	return v;
}

/* "(T, path)" at t[o..c] (t[o] '(', t[c] ')'): the member; 1 when found. */
static int field_args(struct eval *ev, size_t o, size_t c, struct member *m)
{
	const char *t = ev->t;
	size_t comma = o + 1, tb, te;
	char *path;
	int r;

	while (comma < c && t[comma] != ',')
		comma++;
	tb = o + 1;
	te = comma;
	trim(t, &tb, &te);
	if (comma >= c || te == tb || ident_end(t, te, tb) != te)
		return 0;
	if (!(path = norm_text(t, comma + 1, c))) {
		((struct scanner *)ev->sc)->oom = 1;
		return 0;
	}
	r = struct_member(ev->sc, t + tb, te - tb, path, m, ev->depth + 1);
	free(path);
	return r == 1;
}

/*
 * sizeof(T) for the types of the table, sizeof(((T *)0)->m),
 * sizeof_field(T, m), sizeof(typeof_field(T, m)) and
 * ARRAY_SIZE(((T *)0)->m) for members of a struct defined in the file or
 * its headers: t[b, e) is the keyword, t[o] '('.
 */
static long long eval_sizeof(struct eval *ev, size_t b, size_t e, size_t o)
{
	const char *t = ev->t;
	size_t c = match_close(t, ev->n, o);
	struct member m;

	ev->ok = 0;
	if (c >= ev->n || ev->depth > 16)
		return 0;
	ev->i = c + 1;
	if (is_word(t, b, e, "sizeof_field")) {
		if (!field_args(ev, o, c, &m))
			return 0;
		ev->ok = 1;
		return m.elem * m.count;
	}
	if (null_member(ev->sc, t, o + 1, c, &m, ev->depth + 1) == 1) {
		if (is_word(t, b, e, "ARRAY_SIZE")) {
			if (m.first < 0)
				return 0;
			ev->ok = 1;
			return m.first;
		}
		ev->ok = 1;
		return m.elem * m.count;
	}
	if (is_word(t, b, e, "sizeof")) {
		long long v;
		const char *sym = NULL;
		size_t k = skip_ws(t, c, o + 1), ke = ident_end(t, c, k), ko = skip_ws(t, c, ke);

		if (is_word(t, k, ke, "typeof_field") && ko < c && t[ko] == '(' &&
		    match_close(t, c, ko) == skip_ws_back(t, c) - 1) {
			if (!field_args(ev, ko, match_close(t, c, ko), &m))
				return 0;
			ev->ok = 1;
			return m.elem * m.count;
		}
		if (type_size(ev->sc, t, o + 1, c, &v, &sym) == 1) {
			ev->ok = 1;
			return v;
		}
	}
	return 0;
}

static long long eval_primary(struct eval *ev)
{
	const char *t = ev->t;
	long long v = 0;

	ev->i = skip_ws(t, ev->n, ev->i);
	if (ev->i >= ev->n) {
		ev->ok = 0;
		return 0;
	}
	if (t[ev->i] == '(') {
		ev->i++;
		v = eval_expr(ev, 0);
		ev->i = skip_ws(t, ev->n, ev->i);
		if (ev->i < ev->n && t[ev->i] == ')')
			ev->i++;
		else
			ev->ok = 0;
		return v;
	}
	if (t[ev->i] == '-') {
		ev->i++;
		return -eval_primary(ev);
	}
	if (t[ev->i] == '+') {
		ev->i++;
		return eval_primary(ev);
	}
	if (t[ev->i] == '~') {
		ev->i++;
		return ~eval_primary(ev);
	}
	if (isdigit((unsigned char)t[ev->i])) {
		char buf[64];
		size_t e = ev->i, k;
		char *end;

		while (e < ev->n && is_id((unsigned char)t[e]))
			e++;
		k = e - ev->i < sizeof(buf) - 1 ? e - ev->i : sizeof(buf) - 1;
		memcpy(buf, t + ev->i, k);
		buf[k] = '\0';
		errno = 0;
		v = (long long)strtoull(buf, &end, 0);
		while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L')
			end++;
		if (*end || errno)
			ev->ok = 0;
		ev->i = e;
		return v;
	}
	if (is_id0((unsigned char)t[ev->i])) {
		size_t e = ident_end(t, ev->n, ev->i);
		size_t b = ev->i, o = skip_ws(t, ev->n, e);

		ev->i = e;
		if (o < ev->n && t[o] == '(' &&
		    (is_word(t, b, e, "sizeof") || is_word(t, b, e, "sizeof_field") ||
		     is_word(t, b, e, "ARRAY_SIZE")))
			return eval_sizeof(ev, b, e, o);
		return eval_ident(ev, t + b, e - b);
	}
	ev->ok = 0;
	return 0;
}

static int binop(const char *t, size_t n, size_t i, int *prec, size_t *len)
{
	static const struct {
		const char *op;
		int prec;
	} ops[] = {
		{ "<<", 4 }, { ">>", 4 }, { "*", 6 }, { "/", 6 }, { "%", 6 },
		{ "+", 5 }, { "-", 5 }, { "&", 3 }, { "^", 2 }, { "|", 1 },
	};
	size_t k;

	for (k = 0; k < VG_ARRAY_SIZE(ops); k++) {
		size_t l = strlen(ops[k].op);

		if (i + l <= n && !memcmp(t + i, ops[k].op, l)) {
			/* Not && or || */
			if (l == 1 && i + 1 < n && (t[i] == '&' || t[i] == '|') && t[i + 1] == t[i])
				return 0;
			*prec = ops[k].prec;
			*len = l;
			return 1;
		}
	}
	return 0;
}

static long long eval_expr(struct eval *ev, int min_prec)
{
	long long lhs = eval_primary(ev);

	while (ev->ok) {
		int prec;
		size_t len;
		long long rhs;
		char op;

		ev->i = skip_ws(ev->t, ev->n, ev->i);
		if (ev->i >= ev->n || !binop(ev->t, ev->n, ev->i, &prec, &len) ||
		    prec <= min_prec)
			break;
		op = ev->t[ev->i];
		ev->i += len;
		rhs = eval_expr(ev, prec);
		switch (op) {
		case '*': lhs *= rhs; break;
		case '/': if (rhs) lhs /= rhs; else ev->ok = 0; break;
		case '%': if (rhs) lhs %= rhs; else ev->ok = 0; break;
		case '+': lhs += rhs; break;
		case '-': lhs -= rhs; break;
		case '<': lhs = rhs >= 0 && rhs < 63 ? lhs << rhs : (ev->ok = 0); break;
		case '>': lhs = rhs >= 0 && rhs < 63 ? lhs >> rhs : (ev->ok = 0); break;
		case '&': lhs &= rhs; break;
		case '^': lhs ^= rhs; break;
		case '|': lhs |= rhs; break;
		default: ev->ok = 0; break;
		}
	}
	return lhs;
}

/* Evaluate text as an integer constant expression; 0 on success. */
static int eval_depth(const struct scanner *sc, const char *t, int depth, long long *out)
{
	struct eval ev = { sc, t, 0, strlen(t), 1, depth };
	long long v;

	if (!*t)
		return -1;
	v = eval_expr(&ev, 0);
	ev.i = skip_ws(t, ev.n, ev.i);
	if (!ev.ok || ev.i != ev.n)
		return -1;
	*out = v;
	return 0;
}

static int eval_text(const struct scanner *sc, const char *t, long long *out)
{
	return eval_depth(sc, t, 0, out);
}

/*
 * A size or count: *num set when it evaluates, else *sym gets normalized
 * text ("X - 0" and "X * 1" shortened). Returns -1 on allocation failure.
 */
static int eval_or_sym(const struct scanner *sc, const char *t, long long *num,
		       int *known, char **sym)
{
	size_t n = strlen(t), i, last_minus = 0;
	int depth = 0;

	*known = 0;
	*sym = NULL;
	if (!eval_text(sc, t, num)) {
		*known = 1;
		return 0;
	}
	/* sizeof(T) of a symbolic type is its symbol ("target_ulong"). */
	if (n > 8 && !memcmp(t, "sizeof", 6) && match_close(t, n, skip_ws(t, n, 6)) == n - 1) {
		const char *tsym = NULL;
		long long v;

		if (type_size(sc, t, skip_ws(t, n, 6) + 1, n - 1, &v, &tsym) == 0) {
			*sym = vg_strdup(tsym);
			return *sym ? 0 : -1;
		}
	}
	for (i = 0; i < n; i++) {
		if (t[i] == '(')
			depth++;
		else if (t[i] == ')')
			depth--;
		else if (!depth && i > 0 && (t[i] == '-' || t[i] == '*'))
			last_minus = i;
	}
	if (last_minus) {
		long long r;

		if (!eval_text(sc, t + last_minus + 1, &r) &&
		    ((t[last_minus] == '-' && r == 0) || (t[last_minus] == '*' && r == 1))) {
			*sym = norm_text(t, 0, last_minus);
			return *sym ? 0 : -1;
		}
	}
	*sym = norm_text(t, 0, n);
	return *sym ? 0 : -1;
}

/* ---------------------------------------------------------------- */
/* String values: literals, #defined names, concatenation            */

static int name_value(const struct scanner *sc, const char *t, size_t b, size_t e,
		      struct vg_buf *out, int *resolved, int depth)
{
	size_t i = b;

	while (i < e) {
		i = skip_ws(t, e, i);
		if (i >= e)
			break;
		if (t[i] == '"') {
			size_t le = skip_literal(t, e, i);
			size_t k;

			for (k = i + 1; k + 1 < le; k++) {
				if (t[k] == '\\' && k + 2 < le) {
					k++;
					if (t[k] == 'n')
						vg_buf_add(out, "\n", 1);
					else
						vg_buf_add(out, t + k, 1);
					continue;
				}
				vg_buf_add(out, t + k, 1);
			}
			i = le;
		} else if (t[i] == '(' || t[i] == ')') {
			i++;
		} else if (is_id0((unsigned char)t[i])) {
			size_t ie = ident_end(t, e, i);
			const struct define *d = depth < 16 ? find_define(sc, t + i, ie - i) : NULL;

			if (d && d->nparams < 0) {
				if (name_value(sc, d->body, 0, strlen(d->body), out,
					       resolved, depth + 1) < 0)
					return -1;
			} else if (ie - i == 9 && !memcmp(t + i, "stringify", 9) &&
				   skip_ws(t, e, ie) < e && t[skip_ws(t, e, ie)] == '(') {
				size_t o = skip_ws(t, e, ie), c = match_close(t, e, o);
				char *x = norm_text(t, o + 1, c < e ? c : e);

				if (!x)
					return -1;
				vg_buf_puts(out, x);
				free(x);
				i = c < e ? c + 1 : e;
				continue;
			} else {
				*resolved = 0;
				vg_buf_add(out, t + i, ie - i);
			}
			i = ie;
		} else {
			*resolved = 0;
			vg_buf_add(out, t + i, 1);
			i++;
		}
	}
	return 0;
}

static char *string_value(const struct scanner *sc, const char *t, size_t b,
			  size_t e, int *resolved)
{
	struct vg_buf out = VG_BUF_INIT;

	*resolved = 1;
	if (name_value(sc, t, b, e, &out, resolved, 0) < 0) {
		vg_buf_release(&out);
		return NULL;
	}
	if (!out.buf)
		vg_buf_add(&out, "", 0);
	return vg_buf_detach(&out);
}

/* ---------------------------------------------------------------- */
/* Fields                                                            */

struct flist {
	struct vg_desc *d;
	const char *dname;      /* for warnings */
	int depth;
	int ended;
};

static int parse_field_items(struct scanner *sc, const struct src *s, size_t b,
			     size_t e, struct flist *fl);

static int set_str(char **dst, const char *s)
{
	if (!s)
		return 0;
	*dst = vg_strdup(s);
	return *dst ? 0 : -1;
}

static int is_null_text(const char *s)
{
	return !s || !*s || !strcmp(s, "NULL") || !strcmp(s, "0") ||
	       !strcmp(s, "(void*)0") || !strcmp(s, "false");
}

/* Strip '&', casts to nothing and parentheses: "&vmstate_foo" -> "vmstate_foo". */
static char *ref_name(const char *s)
{
	while (*s == '&' || *s == '(' || *s == ' ')
		s++;
	{
		size_t n = 0;

		while (is_id((unsigned char)s[n]))
			n++;
		return vg_strndup(s, n);
	}
}

/* Size of a field: element size (number or symbol) x count. */
struct fsize {
	int kind;               /* VG_SIZE_* */
	long long size;
	int size_known;
	char *size_sym;
	long long num;
	int num_known;
	char *num_sym;
	int has_num;
};

static void fsize_release(struct fsize *z)
{
	free(z->size_sym);
	free(z->num_sym);
}

static int finish_field(struct vg_field *f, struct fsize *z)
{
	f->num = z->has_num && z->num_known ? z->num : -1;
	f->size = z->size_known && z->size > 0 ? (unsigned long long)z->size : 0;
	if (z->kind == VG_SIZE_VARIABLE) {
		f->size_kind = VG_SIZE_VARIABLE;
		return 0;
	}
	if (z->kind == VG_SIZE_FIXED && z->size_known && (!z->has_num || z->num_known)) {
		f->size_kind = VG_SIZE_FIXED;
		return 0;
	}
	f->size_kind = VG_SIZE_UNKNOWN;
	if (z->kind == VG_SIZE_UNKNOWN && !z->size_sym)
		return 0;
	{
		struct vg_buf b = VG_BUF_INIT;

		if (z->size_known)
			vg_buf_printf(&b, "%lld", z->size);
		else
			vg_buf_puts(&b, z->size_sym ? z->size_sym : "?");
		if (z->has_num) {
			if (z->num_known)
				vg_buf_printf(&b, "*%lld", z->num);
			else if (z->num_sym && strpbrk(z->num_sym, "+-*/%<>&|^?"))
				vg_buf_printf(&b, "*(%s)", z->num_sym);
			else
				vg_buf_printf(&b, "*%s", z->num_sym ? z->num_sym : "?");
		}
		f->size_expr = vg_buf_detach(&b);
		return f->size_expr ? 0 : -1;
	}
}

/* Custom VMStateInfo code (get/put defined in the file). */

/* The first whole-word occurrence of name in t[from, n), or n. */
static size_t find_word(const char *t, size_t n, size_t from, const char *name)
{
	size_t l = strlen(name);
	const char *p = t + from;

	while (l && (p = memmem(p, (size_t)(t + n - p), name, l))) {
		size_t i = (size_t)(p - t);

		p += l;
		if ((i > 0 && is_id((unsigned char)t[i - 1])) || (i + l < n && is_id((unsigned char)t[i + l])))
			continue;
		return i;
	}
	return n;
}

/* The value of designator .key in the initializer t[b, e): an identifier. */
static int init_member(const char *t, size_t b, size_t e, const char *key, char *out,
		       size_t outsz)
{
	size_t i = b, k;

	while ((i = find_word(t, e, i, key)) < e) {
		size_t j = skip_ws_back(t, i);

		i += strlen(key);
		if (j == 0 || t[j - 1] != '.')
			continue;
		k = skip_ws(t, e, i);
		if (k >= e || t[k] != '=')
			continue;
		k = skip_ws(t, e, k + 1);
		if (k < e && t[k] == '&')
			k = skip_ws(t, e, k + 1);
		for (j = 0; k < e && is_id((unsigned char)t[k]) && j + 1 < outsz; k++)
			out[j++] = t[k];
		out[j] = 0;
		return j > 0;
	}
	return 0;
}

/* Mix the body of function name (defined in the file) into h; 0 when absent. */
static int hash_function(const char *t, size_t n, const char *name, uint32_t *h)
{
	size_t i = 0;

	while ((i = find_word(t, n, i, name)) < n) {
		size_t j = skip_ws(t, n, i + strlen(name)), e;

		i += strlen(name);
		if (j >= n || t[j] != '(')
			continue;
		j = match_close(t, n, j);
		if (j >= n)
			return 0;
		j = skip_ws(t, n, j + 1);
		if (j >= n || t[j] != '{')
			continue;       /* a call or a declaration */
		e = match_close(t, n, j);
		if (e >= n)
			return 0;
		for (; j <= e; j++) {
			if (isspace((unsigned char)t[j]))
				continue;
			*h ^= (unsigned char)t[j];
			*h *= 16777619u;
		}
		return 1;
	}
	return 0;
}

/*
 * A VMStateInfo defined in the file with its get and put functions: a
 * fingerprint of their code (whitespace and comments ignored), so that a
 * change to what it reads and writes shows as a size that cannot be
 * decided (QEMU 59e7592756 added a be32 to MIPS's tlb_entry put/get).
 * Returns 1 and sets *fp, or 0.
 */
static int info_fingerprint(struct scanner *sc, const char *info, uint32_t *fp)
{
	const char *t = sc->clean;
	size_t n = sc->len, i = 0;
	char get[128], put[128];
	uint32_t h = 2166136261u;

	while ((i = find_word(t, n, i, info)) < n) {
		size_t j = skip_ws(t, n, i + strlen(info)), e;

		i += strlen(info);
		if (j >= n || t[j] != '=')
			continue;
		j = skip_ws(t, n, j + 1);
		if (j >= n || t[j] != '{')
			continue;
		e = match_close(t, n, j);
		if (e >= n)
			return 0;
		if (!init_member(t, j, e, "get", get, sizeof(get)) ||
		    !init_member(t, j, e, "put", put, sizeof(put)))
			return 0;
		if (!hash_function(t, n, get, &h) || !hash_function(t, n, put, &h))
			return 0;
		*fp = h;
		return 1;
	}
	return 0;
}

/* Element size from a VMStateInfo variable. */
static int size_from_info(struct scanner *sc, const char *info, const char *bytes,
			  struct vg_field *f, struct fsize *z)
{
	const struct vg_macro_info *in = vg_macros_find_info(sc->opts->macros, info);
	uint32_t fp;

	/*
	 * Its own code decides the bytes, whatever its .size says: the
	 * encoding carries a fingerprint of that code, and srccmp says when
	 * it changed under the same size.
	 */
	if (!in && !f->encoding && info_fingerprint(sc, info, &fp) &&
	    !(f->encoding = vg_asprintf("info:%s[get/put code %08x]", info, (unsigned)fp)))
		return -1;
	if (!in) {
		/*
		 * A VMStateInfo the catalogue does not know: its .size (the
		 * initializer's, or sizeof(_type) of the macro) when it
		 * evaluates. The encoding names the info, so a change of info
		 * with the same size still shows.
		 */
		if (!f->encoding && !(f->encoding = vg_asprintf("info:%s", info)))
			return -1;
		if (bytes) {
			long long v;
			int known;
			char *sym = NULL;

			if (eval_or_sym(sc, bytes, &v, &known, &sym) < 0)
				return -1;
			if (known && v > 0) {
				free(sym);
				z->kind = VG_SIZE_FIXED;
				z->size = v;
				z->size_known = 1;
				return 0;
			}
			if (sym && !strchr(sym, '(')) {
				/* a symbolic type size (target_ulong) */
				z->kind = VG_SIZE_FIXED;
				z->size_sym = sym;
				return 0;
			}
			free(sym);
		}
		z->kind = VG_SIZE_UNKNOWN;
		z->size_sym = vg_asprintf("info:%s", info);
		return z->size_sym ? 0 : -1;
	}
	if (!f->encoding && set_str(&f->encoding, in->enc) < 0)
		return -1;
	if (!strcmp(in->size, "var")) {
		z->kind = VG_SIZE_VARIABLE;
		return 0;
	}
	if (!strcmp(in->size, "bytes")) {
		z->kind = VG_SIZE_FIXED;
		if (!bytes) {
			z->kind = VG_SIZE_UNKNOWN;
			return 0;
		}
		return eval_or_sym(sc, bytes, &z->size, &z->size_known, &z->size_sym);
	}
	z->kind = VG_SIZE_FIXED;
	return eval_or_sym(sc, in->size, &z->size, &z->size_known, &z->size_sym);
}

/* A field from a catalogue entry called with args. */
static int field_from_macro(struct scanner *sc, struct flist *fl, const struct vg_macro *mc,
			    char **args, int nargs, unsigned line, const char *call)
{
	char *a[VG_MA__COUNT] = { NULL };
	struct vg_field *f;
	struct fsize z;
	int i, ret = -1;
	long long v;

	memset(&z, 0, sizeof(z));
	z.kind = VG_SIZE_FIXED;
	for (i = 0; i < VG_MA__COUNT; i++) {
		if (!mc->attrs[i])
			continue;
		a[i] = vg_macro_subst(mc->attrs[i], mc->params,
				      mc->nparams > 0 ? mc->nparams : 0, args);
		if (!a[i])
			goto done;
	}
	(void)nargs;
	if (a[VG_MA_END]) {
		fl->ended = 1;
		ret = 0;
		goto done;
	}
	if (a[VG_MA_NODATA]) {          /* VMSTATE_VALIDATE: nothing on the wire */
		ret = 0;
		goto done;
	}
	if (!(f = vg_desc_add_field(fl->d)))
		goto done;
	f->line = line;
	if (set_str(&f->macro, mc->name) < 0)
		goto done;
	if (a[VG_MA_NAME]) {
		int res;

		f->name = string_value(sc, a[VG_MA_NAME], 0, strlen(a[VG_MA_NAME]), &res);
	} else {
		f->name = vg_strdup(a[VG_MA_FIELD] ? a[VG_MA_FIELD] : call);
	}
	if (!f->name)
		goto done;
	if (a[VG_MA_VERSION]) {
		if (!eval_text(sc, a[VG_MA_VERSION], &v) && v >= INT_MIN && v <= INT_MAX) {
			f->version_id = (int)v;
		} else {
			warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, f->name,
			     "cannot evaluate the version '%s' of field %s (%s)",
			     a[VG_MA_VERSION], f->name, mc->name);
		}
	}
	if (a[VG_MA_TEST] && !is_null_text(a[VG_MA_TEST])) {
		f->has_test = 1;
		if (set_str(&f->test, a[VG_MA_TEST]) < 0)
			goto done;
	}
	if (a[VG_MA_UNUSED])
		f->is_unused = 1;
	if (a[VG_MA_ENC]) {
		long long tl;
		const char *enc = a[VG_MA_ENC];

		/* VMSTATE_UINTTL* are the UINT32/UINT64 ones on a known target. */
		if (!strcmp(enc, "uinttl") && !sym_size(sc, "target_ulong", 12, &tl))
			enc = tl == 8 ? "uint64" : tl == 4 ? "uint32" : enc;
		if (set_str(&f->encoding, enc) < 0)
			goto done;
	}
	if (a[VG_MA_VMSD] && !(f->desc_ref = ref_name(a[VG_MA_VMSD])))
		goto done;
	if (a[VG_MA_NUM]) {
		z.has_num = 1;
		f->is_array = 1;
		if (eval_or_sym(sc, a[VG_MA_NUM], &z.num, &z.num_known, &z.num_sym) < 0)
			goto done;
	}
	if (a[VG_MA_VARRAY]) {
		f->is_array = 1;
		z.kind = VG_SIZE_VARIABLE;
	}
	if (a[VG_MA_SIZE]) {
		const char *sz = a[VG_MA_SIZE];

		if (!strcmp(sz, "struct")) {
			if (z.kind != VG_SIZE_VARIABLE)
				z.kind = VG_SIZE_UNKNOWN;
		} else if (!strcmp(sz, "var")) {
			z.kind = VG_SIZE_VARIABLE;
		} else if (!strcmp(sz, "info")) {
			int var = z.kind == VG_SIZE_VARIABLE;

			if (!a[VG_MA_INFO]) {
				z.kind = VG_SIZE_UNKNOWN;
			} else {
				char *info = ref_name(a[VG_MA_INFO]);

				if (!info || size_from_info(sc, info, a[VG_MA_BYTES], f, &z) < 0) {
					free(info);
					goto done;
				}
				free(info);
			}
			if (var)
				z.kind = VG_SIZE_VARIABLE;
		} else {
			if (eval_or_sym(sc, sz, &z.size, &z.size_known, &z.size_sym) < 0)
				goto done;
		}
	}
	if (finish_field(f, &z) < 0)
		goto done;
	ret = 0;
done:
	fsize_release(&z);
	for (i = 0; i < VG_MA__COUNT; i++)
		free(a[i]);
	if (ret < 0)
		sc->oom = 1;
	return ret;
}

/* A raw initializer { .name = ..., .info = &..., .size = ..., .flags = ... }. */
struct raw_field {
	char *name, *version, *test, *info, *size, *num, *flags, *vmsd;
};

static int raw_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct raw_field *r = payload;
	size_t i = b, ne, eq;
	char **slot = NULL;

	(void)sc;
	if (s->t[i] != '.')
		return 0;
	i = skip_ws(s->t, e, i + 1);
	ne = ident_end(s->t, e, i);
	eq = skip_ws(s->t, e, ne);
	if (eq >= e || s->t[eq] != '=')
		return 0;
#define RAW(m) if (ne - i == strlen(#m) && !memcmp(s->t + i, #m, ne - i)) slot = &r->m;
	RAW(name) RAW(test) RAW(info) RAW(size) RAW(num) RAW(flags) RAW(vmsd)
#undef RAW
	if (ne - i == 10 && !memcmp(s->t + i, "version_id", 10))
		slot = &r->version;
	if (ne - i == 12 && !memcmp(s->t + i, "field_exists", 12))
		slot = &r->test;
	if (!slot || *slot)
		return 0;
	*slot = norm_text(s->t, eq + 1, e);
	return *slot ? 0 : -1;
}

static int flag_set(const char *flags, const char *flag)
{
	const char *p = flags;
	size_t n = strlen(flag);

	while (flags && (p = strstr(p, flag))) {
		if ((p == flags || !is_id((unsigned char)p[-1])) && !is_id((unsigned char)p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static int field_from_raw(struct scanner *sc, struct flist *fl, const struct src *s,
			  size_t b, size_t e)
{
	struct raw_field r;
	struct vg_field *f;
	struct fsize z;
	unsigned line = src_line(sc, s, b);
	int ret = -1, res;
	long long v;

	memset(&r, 0, sizeof(r));
	memset(&z, 0, sizeof(z));
	if (split_items(sc, s, b + 1, e - 1, raw_item, &r) < 0)
		goto done;
	if (!r.name && !r.flags && !r.info && !r.vmsd) {
		size_t ib = b + 1, ie = e - 1;

		trim(s->t, &ib, &ie);
		if (ie <= ib) {         /* {} ends the list (before 8.0) */
			fl->ended = 1;
			ret = 0;
			goto done;
		}
		warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, NULL,
		     "cannot follow a field initializer without .name, .info, .vmsd or .flags");
		ret = 0;
		goto done;
	}
	if (r.flags && flag_set(r.flags, "VMS_END")) {
		fl->ended = 1;
		ret = 0;
		goto done;
	}
	if (r.flags && flag_set(r.flags, "VMS_MUST_EXIST")) {
		ret = 0;
		goto done;
	}
	if (!(f = vg_desc_add_field(fl->d)))
		goto done;
	f->line = line;
	if (!(f->macro = vg_strdup("{initializer}")))
		goto done;
	f->name = r.name ? string_value(sc, r.name, 0, strlen(r.name), &res) : vg_strdup("?");
	if (!f->name)
		goto done;
	if (r.version) {
		if (!eval_text(sc, r.version, &v) && v >= INT_MIN && v <= INT_MAX)
			f->version_id = (int)v;
		else
			warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, f->name,
			     "cannot evaluate the version '%s' of field %s", r.version, f->name);
	}
	if (r.test && !is_null_text(r.test)) {
		f->has_test = 1;
		if (set_str(&f->test, r.test) < 0)
			goto done;
	}
	z.kind = VG_SIZE_FIXED;
	if (r.num && (flag_set(r.flags, "VMS_ARRAY"))) {
		z.has_num = 1;
		f->is_array = 1;
		if (eval_or_sym(sc, r.num, &z.num, &z.num_known, &z.num_sym) < 0)
			goto done;
	}
	if (r.vmsd && (flag_set(r.flags, "VMS_STRUCT") || flag_set(r.flags, "VMS_VSTRUCT") ||
		       !r.info || strstr(r.info, "tmp") || strstr(r.info, "qtailq") ||
		       strstr(r.info, "qlist") || strstr(r.info, "gtree"))) {
		if (!(f->desc_ref = ref_name(r.vmsd)))
			goto done;
		if (!f->encoding && set_str(&f->encoding,
					    flag_set(r.flags, "VMS_VSTRUCT") ? "vstruct" : "struct") < 0)
			goto done;
		z.kind = r.info ? VG_SIZE_VARIABLE : VG_SIZE_UNKNOWN;
	} else if (r.info) {
		char *info = ref_name(r.info);

		if (!info || size_from_info(sc, info, r.size, f, &z) < 0) {
			free(info);
			goto done;
		}
		free(info);
	} else {
		z.kind = VG_SIZE_UNKNOWN;
	}
	if (flag_set(r.flags, "VMS_VARRAY_INT32") || flag_set(r.flags, "VMS_VARRAY_UINT32") ||
	    flag_set(r.flags, "VMS_VARRAY_UINT16") || flag_set(r.flags, "VMS_VARRAY_UINT8") ||
	    flag_set(r.flags, "VMS_VBUFFER")) {
		z.kind = VG_SIZE_VARIABLE;
		f->is_array = !flag_set(r.flags, "VMS_VBUFFER");
	}
	if (finish_field(f, &z) < 0)
		goto done;
	ret = 0;
done:
	fsize_release(&z);
	free(r.name);
	free(r.version);
	free(r.test);
	free(r.info);
	free(r.size);
	free(r.num);
	free(r.flags);
	free(r.vmsd);
	if (ret < 0)
		sc->oom = 1;
	return ret;
}

/* A field the scanner cannot size: keeps the alignment, compares as text. */
static int unknown_field(struct scanner *sc, struct flist *fl, const char *macro,
			 const char *name, unsigned line)
{
	struct vg_field *f = vg_desc_add_field(fl->d);

	if (!f || !(f->macro = vg_strdup(macro)) || !(f->name = vg_strdup(name)) ||
	    !(f->size_expr = vg_asprintf("unknown:%s", macro))) {
		sc->oom = 1;
		return -1;
	}
	f->size_kind = VG_SIZE_UNKNOWN;
	f->line = line;
	return 0;
}

static int parse_expanded_list(struct scanner *sc, struct flist *fl, char *text, unsigned line)
{
	struct src sub = { text, strlen(text), NO_BASE, line };
	int r;

	fl->depth++;
	r = parse_field_items(sc, &sub, 0, sub.n, fl);
	fl->depth--;
	return r;
}

static int field_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct flist *fl = payload;
	unsigned line = src_line(sc, s, b);
	size_t ne, open;
	char **args = NULL;
	int nargs = -1, r = 0;
	const struct define *d;
	const struct vg_macro *mc;
	char *name = NULL;

	if (fl->ended)
		return 0;
	if (s->t[b] == '{') {
		size_t c = match_close(s->t, e, b);

		if (c != e - 1) {
			warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, NULL,
			     "cannot follow an unbalanced field initializer");
			return 0;
		}
		return field_from_raw(sc, fl, s, b, e);
	}
	if (!is_id0((unsigned char)s->t[b])) {
		char *txt = norm_text(s->t, b, e);

		warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, NULL,
		     "cannot follow field list entry '%.60s'", txt ? txt : "?");
		free(txt);
		return unknown_field(sc, fl, "?", "?", line) < 0 ? -1 : 0;
	}
	ne = ident_end(s->t, e, b);
	if (!(name = vg_strndup(s->t + b, ne - b)))
		return -1;
	open = skip_ws(s->t, e, ne);
	if (open < e && s->t[open] == '(') {
		size_t close;

		r = parse_args(s->t, e, open, &close, &args, &nargs);
		if (r < 0)
			goto oom;
		if (r > 0 || skip_ws(s->t, e, close + 1) != e) {
			warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, name,
			     "cannot follow field entry %s(...)", name);
			r = unknown_field(sc, fl, name, name, line);
			goto out;
		}
	} else if (open != e) {
		char *txt = norm_text(s->t, b, e);

		warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, name,
		     "cannot follow field list entry '%.60s'", txt ? txt : "?");
		free(txt);
		r = unknown_field(sc, fl, name, name, line);
		goto out;
	}
	/*
	 * The file's own #define wins, then the catalogue, then the headers':
	 * a header may be migration/vmstate.h itself, whose definitions the
	 * catalogue describes on the wire.
	 */
	d = find_file_define(sc, name, strlen(name));
	if (!d && !vg_macros_find(sc->opts->macros, name))
		d = find_header_define(sc, name, strlen(name));
	if (d && fl->depth < MAX_EXPAND_DEPTH &&
	    ((d->nparams < 0 && nargs < 0) || (d->nparams >= 0 && nargs >= 0 &&
					       (d->nparams == nargs ||
						(d->nparams == 0 && nargs == 0))))) {
		char *text = expand_define(d, args);

		if (!text)
			goto oom;
		r = parse_expanded_list(sc, fl, text, line);
		free(text);
		goto out;
	}
	mc = vg_macros_find(sc->opts->macros, name);
	if (mc) {
		int want = mc->nparams;

		if ((want < 0 && nargs >= 0) || (want >= 0 && nargs < 0 && want != 0) ||
		    (want >= 0 && nargs >= 0 && want != nargs)) {
			warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, name,
			     "%s takes %d arguments here, the catalogue (%s) says %d",
			     name, nargs < 0 ? 0 : nargs, mc->where, want < 0 ? 0 : want);
			r = unknown_field(sc, fl, name, nargs > 0 ? args[0] : name, line);
			goto out;
		}
		if (mc->attrs[VG_MA_EXPAND] && fl->depth < MAX_EXPAND_DEPTH) {
			char *text = vg_macro_subst(mc->attrs[VG_MA_EXPAND], mc->params,
						    want > 0 ? want : 0, args);

			if (!text)
				goto oom;
			r = parse_expanded_list(sc, fl, text, line);
			free(text);
			goto out;
		}
		r = field_from_macro(sc, fl, mc, args, nargs, line, name);
		goto out;
	}
	warn(sc, VG_RULE_UNKNOWN_MACRO, line, fl->dname, name,
	     "unknown field macro %s: not in rules/macros nor #defined here", name);
	r = unknown_field(sc, fl, name, nargs > 0 ? args[0] : name, line);
out:
	free_args(args, nargs);
	free(name);
	return r < 0 ? -1 : 0;
oom:
	free_args(args, nargs);
	free(name);
	sc->oom = 1;
	return -1;
}

static int parse_field_items(struct scanner *sc, const struct src *s, size_t b,
			     size_t e, struct flist *fl)
{
	return split_items(sc, s, b, e, field_item, fl);
}

/* ---------------------------------------------------------------- */
/* Named arrays: static const VMStateField x[] = { ... }              */

/* Find "NAME [ ... ] = {" in the file; returns the offset of '{' or NO_BASE. */
static size_t find_named_array(struct scanner *sc, const char *name, size_t *close)
{
	size_t n = strlen(name);
	const char *p = sc->clean, *end = sc->clean + sc->len;

	while (n && (p = memmem(p, (size_t)(end - p), name, n))) {
		size_t i = (size_t)(p - sc->clean);

		p += n;
		if ((i > 0 && is_id((unsigned char)sc->clean[i - 1])) ||
		    is_id((unsigned char)sc->clean[i + n]))
			continue;
		i = skip_ws(sc->clean, sc->len, i + n);
		if (i >= sc->len || sc->clean[i] != '[')
			continue;
		i = match_close(sc->clean, sc->len, i);
		if (i >= sc->len)
			continue;
		i = skip_ws(sc->clean, sc->len, i + 1);
		if (i >= sc->len || sc->clean[i] != '=')
			continue;
		i = skip_ws(sc->clean, sc->len, i + 1);
		if (i >= sc->len || sc->clean[i] != '{')
			continue;
		*close = match_close(sc->clean, sc->len, i);
		if (*close >= sc->len)
			return NO_BASE;
		return i;
	}
	return NO_BASE;
}

static int add_used(struct scanner *sc, size_t b, size_t e)
{
	if (VG_GROW(sc->used, sc->alloc_used, sc->nr_used + 1) < 0)
		return -1;
	sc->used[sc->nr_used].b = b;
	sc->used[sc->nr_used].e = e;
	sc->nr_used++;
	return 0;
}

/* The value of .fields: a cast list, a named array or a macro. */
static int parse_fields_value(struct scanner *sc, const struct src *s, size_t b, size_t e,
			      struct vg_scan_def *def)
{
	struct flist fl = { &def->desc, def->desc.var, 0, 0 };
	size_t i = b;
	unsigned line = src_line(sc, s, b);

	def->desc.has_fields = 1;
	if (s->t[i] == '(') {           /* a cast: (const VMStateField[]) */
		size_t c = match_close(s->t, e, i);

		if (c >= e)
			goto unparsed;
		i = skip_ws(s->t, e, c + 1);
	}
	if (i < e && s->t[i] == '{') {
		size_t c = match_close(s->t, e, i);

		if (c >= e)
			goto unparsed;
		return parse_field_items(sc, s, i + 1, c, &fl);
	}
	if (i < e && is_id0((unsigned char)s->t[i]) && ident_end(s->t, e, i) == e) {
		char *name = vg_strndup(s->t + i, e - i);
		size_t open, close;
		const struct define *d;

		if (!name)
			return -1;
		open = find_named_array(sc, name, &close);
		if (open != NO_BASE) {
			struct src whole = { sc->clean, sc->len, 0, 0 };
			int r;

			free(name);
			if (add_used(sc, open, close) < 0)
				return -1;
			blank_conditionals(sc, open, close);
			r = parse_field_items(sc, &whole, open + 1, close, &fl);
			return r;
		}
		d = find_define(sc, name, strlen(name));
		if (d && d->nparams < 0) {
			char *text = vg_strdup(d->body);
			struct src sub;
			int r;

			free(name);
			if (!text)
				return -1;
			sub.t = text;
			sub.n = strlen(text);
			sub.base = NO_BASE;
			sub.line = line;
			r = parse_fields_value(sc, &sub, 0, sub.n, def);
			free(text);
			return r;
		}
		warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
		     "cannot find the field array %s of %s in this file", name, def->desc.var);
		free(name);
		return 0;
	}
unparsed:
	warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
	     "cannot follow the .fields of %s", def->desc.var);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Subsections                                                       */

static int add_subsection_ref(struct vg_desc *d, const char *ref)
{
	char **n = realloc(d->subsection_refs, sizeof(char *) * (d->nr_subsection_refs + 1));

	if (!n)
		return vg_error("out of memory");
	d->subsection_refs = n;
	if (!(n[d->nr_subsection_refs] = vg_strdup(ref)))
		return -1;
	d->nr_subsection_refs++;
	return 0;
}

struct sublist {
	struct vg_scan_def *def;
	int old_needed_count;
};

/* Pre-2.4 entry { .vmsd = &x, .needed = f }; the needed moves to x. */
struct old_sub {
	char *vmsd, *needed;
};

static int old_sub_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct old_sub *o = payload;
	size_t i, ne, eq;

	(void)sc;
	if (s->t[b] != '.')
		return 0;
	i = skip_ws(s->t, e, b + 1);
	ne = ident_end(s->t, e, i);
	eq = skip_ws(s->t, e, ne);
	if (eq >= e || s->t[eq] != '=')
		return 0;
	if (ne - i == 4 && !memcmp(s->t + i, "vmsd", 4) && !o->vmsd)
		return (o->vmsd = norm_text(s->t, eq + 1, e)) ? 0 : -1;
	if (ne - i == 6 && !memcmp(s->t + i, "needed", 6) && !o->needed)
		return (o->needed = norm_text(s->t, eq + 1, e)) ? 0 : -1;
	return 0;
}


static int sub_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct sublist *sl = payload;
	char *txt, *ref;
	int r;

	if (s->t[b] == '{') {
		struct old_sub o = { NULL, NULL };
		size_t c = match_close(s->t, e, b);

		if (c >= e)
			return 0;
		if (split_items(sc, s, b + 1, c, old_sub_item, &o) < 0) {
			free(o.vmsd);
			free(o.needed);
			return -1;
		}
		r = 0;
		if (o.vmsd && !is_null_text(o.vmsd)) {
			ref = ref_name(o.vmsd);
			r = ref ? add_subsection_ref(&sl->def->desc, ref) : -1;
			if (!r && ref && o.needed && !is_null_text(o.needed)) {
				struct needed_mark *n = realloc(sc->old_needed,
								sizeof(*n) * (sc->nr_old_needed + 1));

				if (!n) {
					r = -1;
				} else {
					sc->old_needed = n;
					n[sc->nr_old_needed].var = ref;
					sc->nr_old_needed++;
					ref = NULL;
				}
			}
			free(ref);
		}
		free(o.vmsd);
		free(o.needed);
		return r;
	}
	if (!(txt = norm_text(s->t, b, e)))
		return -1;
	if (is_null_text(txt)) {
		free(txt);
		return 0;
	}
	if (txt[0] != '&' && !is_id0((unsigned char)txt[0])) {
		warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, b), sl->def->desc.var, NULL,
		     "cannot follow subsection entry '%.60s'", txt);
		free(txt);
		return 0;
	}
	ref = ref_name(txt);
	free(txt);
	r = ref ? add_subsection_ref(&sl->def->desc, ref) : -1;
	free(ref);
	return r;
}

static int parse_subsections_value(struct scanner *sc, const struct src *s, size_t b,
				   size_t e, struct vg_scan_def *def)
{
	struct sublist sl = { def, 0 };
	size_t i = b;
	unsigned line = src_line(sc, s, b);

	def->desc.has_subsections = 1;
	if (s->t[i] == '(') {
		size_t c = match_close(s->t, e, i);

		if (c >= e)
			goto unparsed;
		i = skip_ws(s->t, e, c + 1);
	}
	if (i < e && s->t[i] == '{') {
		size_t c = match_close(s->t, e, i);

		if (c >= e)
			goto unparsed;
		return split_items(sc, s, i + 1, c, sub_item, &sl);
	}
	if (i < e && is_id0((unsigned char)s->t[i]) && ident_end(s->t, e, i) == e) {
		char *name = vg_strndup(s->t + i, e - i);
		size_t open, close;

		if (!name)
			return -1;
		if (is_null_text(name)) {
			free(name);
			def->desc.has_subsections = 0;
			return 0;
		}
		open = find_named_array(sc, name, &close);
		if (open != NO_BASE) {
			struct src whole = { sc->clean, sc->len, 0, 0 };

			free(name);
			if (add_used(sc, open, close) < 0)
				return -1;
			blank_conditionals(sc, open, close);
			return split_items(sc, &whole, open + 1, close, sub_item, &sl);
		}
		warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
		     "cannot find the subsection array %s of %s in this file", name,
		     def->desc.var);
		free(name);
		return 0;
	}
unparsed:
	warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
	     "cannot follow the .subsections of %s", def->desc.var);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Descriptions                                                      */

static const struct {
	const char *name;
	unsigned bit;
} callback_members[] = {
	{ "needed", VG_CB_NEEDED }, { "pre_load", VG_CB_PRE_LOAD },
	{ "post_load", VG_CB_POST_LOAD }, { "pre_save", VG_CB_PRE_SAVE },
	{ "post_save", VG_CB_POST_SAVE }, { "pre_load_errp", VG_CB_PRE_LOAD_ERRP },
	{ "post_load_errp", VG_CB_POST_LOAD_ERRP }, { "pre_save_errp", VG_CB_PRE_SAVE_ERRP },
	{ "post_save_errp", VG_CB_POST_SAVE_ERRP },
	{ "dev_unplug_pending", VG_CB_DEV_UNPLUG_PENDING },
	{ "load_state_old", VG_CB_LOAD_STATE_OLD },
};

static int int_member(struct scanner *sc, const struct src *s, size_t b, size_t e,
		      struct vg_scan_def *def, const char *member, int *out)
{
	char *txt = norm_text(s->t, b, e);
	long long v;

	if (!txt)
		return -1;
	if (!eval_text(sc, txt, &v) && v >= INT_MIN && v <= INT_MAX) {
		*out = (int)v;
	} else {
		warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, b), def->desc.var, NULL,
		     "cannot evaluate .%s = %s of %s", member, txt, def->desc.var);
		*out = -1;
	}
	free(txt);
	return 0;
}

static int desc_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct vg_scan_def *def = payload;
	size_t i, ne, eq, vb;
	const char *m;
	size_t ml, k;

	if (s->t[b] != '.') {
		char *txt = norm_text(s->t, b, e);

		warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, b), def->desc.var, NULL,
		     "cannot follow '%.60s' in the initializer of %s", txt ? txt : "?",
		     def->desc.var);
		free(txt);
		return 0;
	}
	i = skip_ws(s->t, e, b + 1);
	ne = ident_end(s->t, e, i);
	eq = skip_ws(s->t, e, ne);
	if (eq >= e || s->t[eq] != '=')
		return 0;
	vb = skip_ws(s->t, e, eq + 1);
	m = s->t + i;
	ml = ne - i;
#define IS(x) (ml == strlen(x) && !memcmp(m, x, ml))
	if (IS("name")) {
		int res;

		free(def->desc.name);
		def->desc.name = string_value(sc, s->t, vb, e, &res);
		return def->desc.name ? 0 : -1;
	}
	if (IS("version_id"))
		return int_member(sc, s, vb, e, def, "version_id", &def->desc.version_id);
	if (IS("minimum_version_id"))
		return int_member(sc, s, vb, e, def, "minimum_version_id",
				  &def->desc.minimum_version_id);
	if (IS("minimum_version_id_old"))
		return int_member(sc, s, vb, e, def, "minimum_version_id_old",
				  &def->minimum_version_id_old);
	if (IS("fields"))
		return parse_fields_value(sc, s, vb, e, def);
	if (IS("subsections"))
		return parse_subsections_value(sc, s, vb, e, def);
	if (IS("unmigratable")) {
		def->unmigratable = !(e - vb == 1 && s->t[vb] == '0') &&
				    !(e - vb == 5 && !memcmp(s->t + vb, "false", 5));
		return 0;
	}
	for (k = 0; k < VG_ARRAY_SIZE(callback_members); k++) {
		if (IS(callback_members[k].name)) {
			char *txt = norm_text(s->t, vb, e);

			if (!txt)
				return -1;
			if (!is_null_text(txt))
				def->callbacks |= callback_members[k].bit;
			free(txt);
			return 0;
		}
	}
#undef IS
	return 0;
}

static struct vg_scan_def *new_def(struct scanner *sc)
{
	struct vg_scan_def *def;

	if (VG_GROW(sc->out->defs, sc->out->alloc, sc->out->nr + 1) < 0) {
		sc->oom = 1;
		return NULL;
	}
	def = &sc->out->defs[sc->out->nr++];
	memset(def, 0, sizeof(*def));
	def->minimum_version_id_old = -1;
	return def;
}

/* Parse the initializer s->t[open..close] (braces included) into a new def. */
static int parse_desc(struct scanner *sc, const struct src *s, size_t open, size_t close,
		      const char *var, int is_static, const char *cond, int from_macro)
{
	struct vg_scan_def *def = new_def(sc);

	if (!def)
		return -1;
	def->is_static = is_static;
	def->from_macro = from_macro;
	def->desc.line = src_line(sc, s, open);
	def->end_line = src_line(sc, s, close);
	if (!(def->desc.var = vg_strdup(var)) || !(def->desc.file = vg_strdup(sc->path)) ||
	    (cond && !(def->desc.condition = vg_strdup(cond))))
		goto oom;
	/* sc->old_needed marks are per description list. */
	if (split_items(sc, s, open + 1, close, desc_item, def) < 0)
		goto oom;
	if (def->callbacks & VG_CB_NEEDED)
		def->desc.has_needed = 1;
	if (!def->desc.name)
		warn(sc, VG_RULE_SCAN_UNPARSED, def->desc.line, var, NULL,
		     "%s has no .name", var);
	return 0;
oom:
	sc->oom = 1;
	return -1;
}

/* The initializer after '=': "{...}" or a macro that expands to one. */
static int parse_desc_value(struct scanner *sc, const struct src *s, size_t vb, size_t *end,
			    const char *var, int is_static, const char *cond, int from_macro,
			    int depth)
{
	size_t close;

	vb = skip_ws(s->t, s->n, vb);
	if (vb < s->n && s->t[vb] == '{') {
		close = match_close(s->t, s->n, vb);
		if (close >= s->n) {
			warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, vb), var, NULL,
			     "the initializer of %s does not end", var);
			*end = vb + 1;  /* go on scanning after the brace */
			return 0;
		}
		*end = close + 1;
		if (s->base != NO_BASE) {
			blank_conditionals(sc, s->base + vb, s->base + close);
			if (add_used(sc, s->base + vb, s->base + close) < 0)
				return -1;
		}
		return parse_desc(sc, s, vb, close, var, is_static, cond, from_macro);
	}
	if (vb < s->n && is_id0((unsigned char)s->t[vb]) && depth < MAX_EXPAND_DEPTH) {
		size_t ne = ident_end(s->t, s->n, vb), o = skip_ws(s->t, s->n, ne), c = ne;
		const struct define *d = find_define(sc, s->t + vb, ne - vb);
		char **args = NULL;
		int nargs = -1, r;

		if (d && o < s->n && s->t[o] == '(' && d->nparams >= 0) {
			r = parse_args(s->t, s->n, o, &c, &args, &nargs);
			if (r < 0)
				return -1;
			c++;
		}
		if (d && ((d->nparams < 0 && nargs < 0) || (d->nparams >= 0 && nargs == d->nparams))) {
			char *text = expand_define(d, args);
			struct src sub;
			size_t sub_end;

			free_args(args, nargs);
			if (!text)
				return -1;
			sub.t = text;
			sub.n = strlen(text);
			sub.base = NO_BASE;
			sub.line = src_line(sc, s, vb);
			r = parse_desc_value(sc, &sub, 0, &sub_end, var, is_static, cond, 1, depth + 1);
			free(text);
			*end = c;
			return r;
		}
		free_args(args, nargs);
	}
	warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, vb), var, NULL,
	     "cannot follow the initializer of %s", var);
	*end = vb;
	return 0;
}

struct array_ctx {
	const char *var;
	int is_static;
	const char *cond;
	int index;
};

static int array_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct array_ctx *a = payload;
	char *var = vg_asprintf("%s[%d]", a->var, a->index++);
	struct src sub = { s->t, e, s->base, s->line };
	size_t end;
	int r;

	if (!var)
		return -1;
	r = parse_desc_value(sc, &sub, b, &end, var, a->is_static, a->cond, 0, 0);
	free(var);
	return r;
}

static pcre2_code *def_re;

static int compile_patterns(void)
{
	int err;
	PCRE2_SIZE erroff;

	if (def_re)
		return 0;
	def_re = pcre2_compile((PCRE2_SPTR)
			       "\\bVMStateDescription\\s+(?:const\\s+)?([A-Za-z_]\\w*)\\s*"
			       "(\\[[^\\];{}=]*\\])?\\s*([=;,)])",
			       PCRE2_ZERO_TERMINATED, 0, &err, &erroff, NULL);
	if (!def_re)
		return vg_error("internal error: cannot compile the definition pattern");
	pcre2_jit_compile(def_re, PCRE2_JIT_COMPLETE);
	return 0;
}

/* "extern" or "static" in the declaration before off. */
static void decl_words(const char *t, size_t off, int *is_extern, int *is_static)
{
	size_t b = off;

	*is_extern = *is_static = 0;
	while (b > 0 && t[b - 1] != ';' && t[b - 1] != '}' && t[b - 1] != '{' &&
	       t[b - 1] != '#' && off - b < 200)
		b--;
	while (b < off) {
		if (is_id0((unsigned char)t[b]) && (b == 0 || !is_id((unsigned char)t[b - 1]))) {
			size_t e = b;

			while (e < off && is_id((unsigned char)t[e]))
				e++;
			if (e - b == 6 && !memcmp(t + b, "extern", 6))
				*is_extern = 1;
			if (e - b == 6 && !memcmp(t + b, "static", 6))
				*is_static = 1;
			b = e;
		} else {
			b++;
		}
	}
}

/* Find and parse every definition in s (the file, or a macro expansion). */
static int find_defs(struct scanner *sc, const struct src *s, const char *macro_cond)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(def_re, NULL);
	size_t start = 0;
	int ret = 0;

	if (!md)
		return vg_error("out of memory");
	while (start < s->n) {
		PCRE2_SIZE *ov;
		size_t mb, vb, ve, term;
		const char *subject = s->base == 0 && s->t == sc->clean ? sc->code : s->t;
		int rc = pcre2_match(def_re, (PCRE2_SPTR)subject, s->n, start, 0, md, NULL);
		int is_extern, is_static, dead = 0;
		char *var = NULL, *cond = NULL;

		if (rc < 0)
			break;
		ov = pcre2_get_ovector_pointer(md);
		mb = ov[0];
		vb = ov[2];
		ve = ov[3];
		term = ov[6];
		start = ov[1];
		if (s->base != NO_BASE && in_directive(sc, s->base + mb))
			continue;       /* inside a #define: handled at its invocations */
		if (s->t[term] != '=')
			continue;       /* a declaration or a parameter */
		decl_words(s->t, mb, &is_extern, &is_static);
		if (is_extern)
			continue;
		if (!(var = vg_strndup(s->t + vb, ve - vb))) {
			ret = -1;
			break;
		}
		if (s->base != NO_BASE)
			cond = condition_at(sc, s->base + mb, &dead);
		else if (macro_cond && !(cond = vg_strdup(macro_cond)))
			ret = -1;
		if (!ret && ov[4] != PCRE2_UNSET) {
			/* An array of descriptions. */
			size_t ob = skip_ws(s->t, s->n, term + 1), oc;
			struct array_ctx a = { var, is_static, cond, 0 };

			if (ob < s->n && s->t[ob] == '{' &&
			    (oc = match_close(s->t, s->n, ob)) < s->n) {
				struct src sub = { s->t, oc, s->base, s->line };

				if (s->base != NO_BASE && add_used(sc, s->base + ob, s->base + oc) < 0)
					ret = -1;
				if (!ret && split_items(sc, &sub, ob + 1, oc, array_item, &a) < 0)
					ret = -1;
				start = oc + 1;
			} else {
				warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, mb), var, NULL,
				     "cannot follow the array of descriptions %s", var);
			}
		} else if (!ret) {
			size_t end;

			if (parse_desc_value(sc, s, term + 1, &end, var, is_static, cond,
					     s->base == NO_BASE, 0) < 0)
				ret = -1;
			if (end > start)
				start = end;
		}
		free(var);
		free(cond);
		if (ret < 0 || sc->oom) {
			ret = -1;
			break;
		}
	}
	pcre2_match_data_free(md);
	return ret;
}

/* Function-like #defines of this file whose body defines a description. */
static int find_macro_defs(struct scanner *sc)
{
	size_t k;

	for (k = 0; k < sc->file_defs.nr; k++) {
		const struct define *d = &sc->file_defs.v[k];
		const char *p = sc->clean, *end = sc->clean + sc->len;

		if (!d->in_file || d->nparams < 0 || !strstr(d->body, "VMStateDescription") ||
		    !strchr(d->body, '{'))
			continue;
		while ((p = memmem(p, (size_t)(end - p), d->name, d->name_len))) {
			size_t i = (size_t)(p - sc->clean), o, c;
			char **args = NULL;
			int nargs = 0, r, dead;
			char *text, *cond;

			p += d->name_len;
			if ((i > 0 && is_id((unsigned char)sc->clean[i - 1])) ||
			    is_id((unsigned char)sc->clean[i + d->name_len]) ||
			    in_directive(sc, i))
				continue;
			o = skip_ws(sc->clean, sc->len, i + d->name_len);
			if (o >= sc->len || sc->clean[o] != '(')
				continue;
			r = parse_args(sc->clean, sc->len, o, &c, &args, &nargs);
			if (r < 0)
				return -1;
			if (r > 0 || nargs != d->nparams) {
				free_args(args, nargs);
				warn(sc, VG_RULE_SCAN_UNPARSED, line_of(sc, i), NULL, d->name,
				     "cannot follow this use of the description macro %.*s",
				     (int)d->name_len, d->name);
				continue;
			}
			text = expand_define(d, args);
			free_args(args, nargs);
			if (!text)
				return -1;
			cond = condition_at(sc, i, &dead);
			{
				struct src sub = { text, strlen(text), NO_BASE, line_of(sc, i) };

				r = find_defs(sc, &sub, cond);
			}
			free(cond);
			free(text);
			if (r < 0)
				return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* Resolution: nested descriptions and subsections as deep copies    */

static const struct vg_scan_def *find_raw(const struct vg_scan_result *r, const char *var)
{
	size_t i, n = strlen(var);

	for (i = 0; i < r->nr; i++)
		if (!strcmp(r->defs[i].desc.var, var))
			return &r->defs[i];
	/* A vmsd array used as one (GTREE): its first element. */
	for (i = 0; i < r->nr; i++)
		if (!strncmp(r->defs[i].desc.var, var, n) && !strcmp(r->defs[i].desc.var + n, "[0]"))
			return &r->defs[i];
	return NULL;
}

static int copy_desc(const struct vg_scan_result *raw, const struct vg_desc *src,
		     struct vg_desc *dst, int depth, const char **chain);

/* Is var being copied already (a description that contains itself)? */
static int in_chain(const char **chain, int depth, const char *var)
{
	int i;

	for (i = 0; i <= depth && i < MAX_NEST_DEPTH + 1; i++)
		if (chain[i] && !strcmp(chain[i], var))
			return 1;
	return 0;
}

static int copy_field(const struct vg_scan_result *raw, const struct vg_field *s,
		      struct vg_field *d, int depth, const char **chain)
{
	const struct vg_scan_def *nested;

	*d = *s;
	d->name = d->test = d->size_expr = d->macro = d->encoding = d->desc_ref = NULL;
	d->desc = NULL;
	d->owns_desc = 0;
	if (set_str(&d->name, s->name) < 0 || set_str(&d->test, s->test) < 0 ||
	    set_str(&d->size_expr, s->size_expr) < 0 || set_str(&d->macro, s->macro) < 0 ||
	    set_str(&d->encoding, s->encoding) < 0 || set_str(&d->desc_ref, s->desc_ref) < 0)
		return -1;
	if (!s->desc_ref)
		return 0;
	nested = find_raw(raw, s->desc_ref);
	if (nested && depth < MAX_NEST_DEPTH && !in_chain(chain, depth, nested->desc.var)) {
		d->desc = vg_calloc(1, sizeof(*d->desc));
		if (!d->desc)
			return -1;
		d->owns_desc = 1;
		return copy_desc(raw, &nested->desc, d->desc, depth + 1, chain);
	}
	if (d->size_kind == VG_SIZE_UNKNOWN && !d->size_expr) {
		d->size_expr = d->num > 0 ? vg_asprintf("struct:%s*%lld", s->desc_ref, d->num)
					  : vg_asprintf("struct:%s", s->desc_ref);
		if (!d->size_expr)
			return -1;
	}
	return 0;
}

static int copy_desc(const struct vg_scan_result *raw, const struct vg_desc *src,
		     struct vg_desc *dst, int depth, const char **chain)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	chain[depth] = src->var;
	dst->version_id = src->version_id;
	dst->minimum_version_id = src->minimum_version_id;
	dst->has_fields = src->has_fields;
	dst->has_subsections = src->has_subsections;
	dst->line = src->line;
	dst->has_needed = src->has_needed;
	if (set_str(&dst->name, src->name) < 0 || set_str(&dst->var, src->var) < 0 ||
	    set_str(&dst->file, src->file) < 0 || set_str(&dst->condition, src->condition) < 0)
		return -1;
	for (i = 0; i < src->nr_fields; i++) {
		struct vg_field *f = vg_desc_add_field(dst);

		if (!f || copy_field(raw, &src->fields[i], f, depth, chain) < 0)
			return -1;
	}
	for (i = 0; i < src->nr_subsection_refs; i++) {
		const struct vg_scan_def *sub = find_raw(raw, src->subsection_refs[i]);

		if (add_subsection_ref(dst, src->subsection_refs[i]) < 0)
			return -1;
		if (sub && depth < MAX_NEST_DEPTH && !in_chain(chain, depth, sub->desc.var)) {
			struct vg_desc *s = vg_desc_add_subsection(dst);

			if (!s || copy_desc(raw, &sub->desc, s, depth + 1, chain) < 0)
				return -1;
		}
	}
	return 0;
}

static void def_release(struct vg_scan_def *def)
{
	vg_desc_release(&def->desc);
}

/* Count identifier occurrences of var outside definitions and directives. */
static unsigned other_uses(const struct scanner *sc, const char *var)
{
	size_t n = strcspn(var, "[");
	const char *p = sc->clean, *end = sc->clean + sc->len;
	unsigned count = 0;

	while (n && (p = memmem(p, (size_t)(end - p), var, n))) {
		size_t i = (size_t)(p - sc->clean), k;
		int inside = 0;

		p += n;
		if ((i > 0 && is_id((unsigned char)sc->clean[i - 1])) ||
		    is_id((unsigned char)sc->clean[i + n]))
			continue;
		for (k = 0; k < sc->nr_used && !inside; k++)
			inside = sc->used[k].b <= i && i <= sc->used[k].e;
		if (inside || in_directive(sc, i))
			continue;
		/* The definition's own declarator. */
		{
			size_t j = skip_ws(sc->clean, sc->len, i + n);

			if (j < sc->len && sc->clean[j] == '[')
				j = skip_ws(sc->clean, sc->len, match_close(sc->clean, sc->len, j) + 1);
			if (j < sc->len && (sc->clean[j] == '=' || sc->clean[j] == ';'))
				continue;
		}
		count++;
	}
	return count;
}

static int resolve(struct scanner *sc)
{
	struct vg_scan_result *r = sc->out;
	struct vg_scan_def *res;
	size_t i, j, k;

	/* Uses as nested vmsd or subsection, and pre-2.4 list-entry needed. */
	for (i = 0; i < r->nr; i++) {
		const struct vg_desc *d = &r->defs[i].desc;

		for (j = 0; j < d->nr_fields; j++) {
			const char *ref = d->fields[j].desc_ref;
			size_t rl = ref ? strlen(ref) : 0;

			/* A vmsd array used by its name (GTREE) uses every element. */
			for (k = 0; ref && k < r->nr; k++) {
				const char *v = r->defs[k].desc.var;

				if (!strcmp(v, ref) || (!strncmp(v, ref, rl) && v[rl] == '['))
					r->defs[k].nested_uses++;
			}
		}
		for (j = 0; j < d->nr_subsection_refs; j++) {
			const struct vg_scan_def *t = find_raw(r, d->subsection_refs[j]);

			/*
			 * One defined in another file (an extern, QEMU's spapr
			 * capabilities) is not a parse failure: the list of
			 * variables is kept (subsection_refs) and compared.
			 */
			if (t)
				((struct vg_scan_def *)t)->subsection_uses++;
		}
	}
	for (k = 0; k < sc->nr_old_needed; k++) {
		const struct vg_scan_def *t = find_raw(r, sc->old_needed[k].var);

		if (t) {
			((struct vg_scan_def *)t)->callbacks |= VG_CB_NEEDED;
			((struct vg_scan_def *)t)->desc.has_needed = 1;
		}
	}
	for (i = 0; i < r->nr; i++) {
		struct vg_scan_def *d = &r->defs[i];

		d->other_uses = other_uses(sc, d->desc.var);
		d->toplevel = d->other_uses > 0 || (!d->nested_uses && !d->subsection_uses);
	}
	if (!r->nr)
		return 0;
	res = vg_calloc(r->nr, sizeof(*res));
	if (!res)
		return -1;
	for (i = 0; i < r->nr; i++) {
		const char *chain[MAX_NEST_DEPTH + 1];

		memset(chain, 0, sizeof(chain));
		res[i] = r->defs[i];
		if (copy_desc(r, &r->defs[i].desc, &res[i].desc, 0, chain) < 0) {
			for (j = 0; j <= i; j++)
				def_release(&res[j]);
			free(res);
			return -1;
		}
	}
	for (i = 0; i < r->nr; i++)
		def_release(&r->defs[i]);
	free(r->defs);
	r->defs = res;
	r->alloc = r->nr;
	return 0;
}

/* ---------------------------------------------------------------- */
/* Entry points                                                      */

int vg_scan_uses_vmstate(const char *buf, size_t len)
{
	return buf && (memmem(buf, len, "VMStateDescription", 18) ||
		       memmem(buf, len, "VMSTATE_", 8));
}

int vg_scan_may_define(const char *buf, size_t len)
{
	return buf && memmem(buf, len, "VMStateDescription", 18) != NULL;
}

static int index_lines(struct scanner *sc)
{
	size_t i;

	if (VG_GROW(sc->lines, sc->alloc_lines, 1) < 0)
		return -1;
	sc->lines[sc->nr_lines++] = 0;
	for (i = 0; i < sc->len; i++) {
		if (sc->clean[i] == '\n') {
			if (VG_GROW(sc->lines, sc->alloc_lines, sc->nr_lines + 1) < 0)
				return -1;
			sc->lines[sc->nr_lines++] = i + 1;
		}
	}
	return 0;
}

static void deftab_release(struct deftab *dt)
{
	size_t i;
	int k;

	for (i = 0; i < dt->nr; i++) {
		for (k = 0; k < dt->v[i].nparams; k++)
			free(dt->v[i].params[k]);
		free(dt->v[i].params);
		free(dt->v[i].body);
	}
	free(dt->v);
	free(dt->hash);
	memset(dt, 0, sizeof(*dt));
}

static void hdr_free(struct hdr *h)
{
	if (!h)
		return;
	free(h->clean);
	deftab_release(&h->defs);
	free(h->miss);
	free(h);
}

/*
 * Parsed headers kept across scans (vg_scan_cache_enable()), keyed by the
 * caller's text pointer and length: the caller keeps those texts alive
 * and unchanged until vg_scan_cache_reset().
 */
static struct {
	int enabled;
	struct hdr **v;
	size_t nr, alloc;
	size_t *slots;          /* open addressing: index + 1 */
	size_t cap;
} hcache;

static size_t ptr_hash(const char *p, size_t len)
{
	uintptr_t x = (uintptr_t)p ^ ((uintptr_t)len << 17);

	x ^= x >> 29;
	x *= (uintptr_t)0x9e3779b97f4a7c15ULL;
	return (size_t)(x ^ (x >> 32));
}

void vg_scan_cache_reset(void)
{
	size_t i;

	for (i = 0; i < hcache.nr; i++)
		hdr_free(hcache.v[i]);
	free(hcache.v);
	free(hcache.slots);
	memset(&hcache, 0, sizeof(hcache));
}

void vg_scan_cache_enable(int on)
{
	vg_scan_cache_reset();
	hcache.enabled = on;
}

static struct hdr *hcache_find(const char *key, size_t len)
{
	size_t j;

	if (!hcache.cap)
		return NULL;
	for (j = ptr_hash(key, len) & (hcache.cap - 1); hcache.slots[j];
	     j = (j + 1) & (hcache.cap - 1)) {
		struct hdr *h = hcache.v[hcache.slots[j] - 1];

		if (h->key == key && h->len == len)
			return h;
	}
	return NULL;
}

static int hcache_add(struct hdr *h)
{
	size_t j;

	if ((hcache.nr + 1) * 2 > hcache.cap) {
		size_t cap = hcache.cap ? hcache.cap * 2 : 256, i;
		size_t *slots = vg_calloc(cap, sizeof(*slots));

		if (!slots)
			return -1;
		for (i = 0; i < hcache.nr; i++) {
			for (j = ptr_hash(hcache.v[i]->key, hcache.v[i]->len) & (cap - 1); slots[j];
			     j = (j + 1) & (cap - 1))
				;
			slots[j] = i + 1;
		}
		free(hcache.slots);
		hcache.slots = slots;
		hcache.cap = cap;
	}
	if (VG_GROW(hcache.v, hcache.alloc, hcache.nr + 1) < 0)
		return -1;
	hcache.v[hcache.nr++] = h;
	for (j = ptr_hash(h->key, h->len) & (hcache.cap - 1); hcache.slots[j];
	     j = (j + 1) & (hcache.cap - 1))
		;
	hcache.slots[j] = hcache.nr;
	return 0;
}

/* Clean one header and collect its #defines. */
static struct hdr *parse_header(struct scanner *sc, const struct vg_scan_header *sh)
{
	struct hdr *h = vg_calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->key = sh->text;
	h->len = sh->len;
	if (!(h->clean = clean_text(sh->text, sh->len)))
		goto fail;
	sc->hdr_target = &h->defs;
	if (collect_directives(sc, h->clean, h->len, 0) < 0 || build_hash(&h->defs) < 0)
		goto fail;
	return h;
fail:
	hdr_free(h);
	return NULL;
}

/*
 * Parse every header (first definition wins: headers in the order
 * given), from the cache when it is on. Called once, on the first name
 * the file does not define; an allocation failure marks the scan failed.
 */
static int read_headers(struct scanner *sc)
{
	size_t i;

	if (sc->headers_read)
		return 0;
	sc->headers_read = 1;
	if (!sc->opts->nr_headers)
		return 0;
	sc->hdrs = vg_calloc(sc->opts->nr_headers, sizeof(*sc->hdrs));
	if (!sc->hdrs)
		goto oom;
	for (i = 0; i < sc->opts->nr_headers; i++) {
		const struct vg_scan_header *sh = &sc->opts->headers[i];
		struct hdr *h;

		if (!sh->text)
			continue;
		h = hcache.enabled ? hcache_find(sh->text, sh->len) : NULL;
		if (!h) {
			if (!(h = parse_header(sc, sh)))
				goto oom;
			if (hcache.enabled) {
				if (hcache_add(h) < 0) {
					hdr_free(h);
					goto oom;
				}
			} else if (VG_GROW(sc->owned, sc->alloc_owned, sc->nr_owned + 1) < 0) {
				hdr_free(h);
				goto oom;
			} else {
				sc->owned[sc->nr_owned++] = h;
			}
		}
		sc->hdrs[sc->nr_hdrs++] = h;
	}
	return 0;
oom:
	sc->oom = 1;
	return -1;
}

static void scanner_release(struct scanner *sc)
{
	size_t i;

	deftab_release(&sc->file_defs);
	free(sc->hdrs);
	for (i = 0; i < sc->nr_dirs; i++)
		free(sc->dirs[i].arg);
	free(sc->dirs);
	for (i = 0; i < sc->nr_owned; i++)
		hdr_free(sc->owned[i]);
	free(sc->owned);
	free(sc->used);
	free(sc->lines);
	free(sc->clean);
	free(sc->code);
	vg_findings_release(&sc->scratch);
	for (i = 0; i < sc->nr_old_needed; i++)
		free(sc->old_needed[i].var);
	free(sc->old_needed);
	sc->old_needed = NULL;
	sc->nr_old_needed = 0;
}

int vg_scan_buffer(const struct vg_scan_opts *opts, const char *path,
		   const char *buf, size_t len, struct vg_scan_result *out,
		   struct vg_findings *warnings)
{
	static const struct vg_scan_opts no_opts = { NULL, NULL, 0 };
	struct scanner sc;
	int ret = -1;

	memset(&sc, 0, sizeof(sc));
	sc.opts = opts ? opts : &no_opts;
	sc.path = path ? path : "<buffer>";
	sc.out = out;
	sc.warnings = warnings ? warnings : &sc.scratch;
	if (!(out->path = vg_strdup(sc.path)))
		return -1;
	if (!buf || !vg_scan_may_define(buf, len))
		return 0;
	if (compile_patterns() < 0)
		return -1;
	if (!(sc.clean = clean_text(buf, len)))
		goto done;
	sc.len = len;
	if (!(sc.code = blank_literals(sc.clean, len)))
		goto done;
	if (index_lines(&sc) < 0 || collect_directives(&sc, sc.clean, sc.len, 1) < 0)
		goto done;
	mark_guards(&sc);
	if (build_hash(&sc.file_defs) < 0)
		goto done;
	{
		struct src whole = { sc.clean, sc.len, 0, 0 };

		if (find_defs(&sc, &whole, NULL) < 0 || find_macro_defs(&sc) < 0)
			goto done;
	}
	if (sc.oom || resolve(&sc) < 0 || sc.oom)
		goto done;
	if (warnings)
		warnings->files_scanned++;
	ret = 0;
done:
	scanner_release(&sc);
	return ret;
}

int vg_scan_file(const struct vg_scan_opts *opts, const char *path,
		 struct vg_scan_result *out, struct vg_findings *warnings)
{
	char *text;
	size_t len;
	int r;

	if (vg_read_file(path, &text, &len) < 0)
		return -1;
	r = vg_scan_buffer(opts, path, text, len, out, warnings);
	free(text);
	return r;
}

const struct vg_scan_def *vg_scan_find(const struct vg_scan_result *r, const char *var)
{
	size_t i;

	for (i = 0; r && i < r->nr; i++)
		if (!strcmp(r->defs[i].desc.var, var))
			return &r->defs[i];
	return NULL;
}

void vg_scan_result_release(struct vg_scan_result *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		def_release(&r->defs[i]);
	free(r->defs);
	free(r->path);
	memset(r, 0, sizeof(*r));
}
