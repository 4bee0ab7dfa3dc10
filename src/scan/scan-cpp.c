/*
 * The scanner's preprocessor: directives, #if conditions, the #defines of
 * a file and its headers, and macro expansion. See scan.h.
 */
#define _GNU_SOURCE 1 /* memmem */
#include "scan/scan-internal.h"
#include "core/macros.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* Directives and #defines                                           */

static const struct define *deftab_find(const struct deftab *dt, const char *name, size_t n)
{
	size_t pos = 0, i;
	uint64_t h = vg_hash_mem(name, n);

	while ((i = vg_hashmap_next(&dt->map, h, &pos)) != VG_HASHMAP_NONE)
		if (dt->v[i].name_len == n && !memcmp(dt->v[i].name, name, n))
			return &dt->v[i];
	return NULL;
}

int vg_scan_build_hash(struct deftab *dt)
{
	size_t i;

	vg_hashmap_clear(&dt->map);
	if (vg_hashmap_reserve(&dt->map, dt->nr) < 0)
		return -1;
	for (i = 0; i < dt->nr; i++) {
		const struct define *d = &dt->v[i];

		/* the first definition wins */
		if (!deftab_find(dt, d->name, d->name_len) &&
		    vg_hashmap_add(&dt->map, vg_hash_mem(d->name, d->name_len), i) < 0)
			return -1;
	}
	return 0;
}

/* A #define of the file itself (never reads the headers). */
const struct define *vg_scan_find_file_define(struct scanner *sc, const char *name, size_t n)
{
	return deftab_find(&sc->file_defs, name, n);
}

/* A #define of the headers only (read on first use). */
const struct define *vg_scan_find_header_define(struct scanner *sc, const char *name,
					        size_t n)
{
	/*
	 * Reading the headers is deferred to the first name the file does
	 * not define: most files need none. The tables of the file are never
	 * reallocated by it, so pointers held by callers stay valid.
	 */
	if (!sc->headers_read && vg_scan_read_headers(sc) < 0)
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
const struct define *vg_scan_find_define(struct scanner *sc, const char *name, size_t n)
{
	const struct define *d = vg_scan_find_file_define(sc, name, n);

	return d ? d : vg_scan_find_header_define(sc, name, n);
}

/*
 * The value the caller gives a symbolic size of the catalogue (sym, e.g.
 * "target_ulong"): a header's "#define vg_sizeof_SYM N" (scan.h), N a
 * positive decimal number. The file's own #defines never count. 0 and *v
 * set when given.
 */
int vg_scan_sym_size(struct scanner *sc, const char *sym, size_t n, long long *v)
{
	char name[128];
	const struct define *d;
	size_t pl = strlen(VG_SCAN_SIZEOF_PREFIX);
	char *end;

	if (!sc->opts->nr_headers || pl + n >= sizeof(name))
		return -1;
	memcpy(name, VG_SCAN_SIZEOF_PREFIX, pl);
	memcpy(name + pl, sym, n);
	if (!(d = vg_scan_find_header_define(sc, name, pl + n)) || d->nparams >= 0 ||
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
	size_t i = vg_scan_skip_ws(t, e, b), ne;

	if (i >= e || !vg_scan_is_id0((unsigned char)t[i]))
		return 0;
	ne = vg_scan_ident_end(t, e, i);
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
		size_t close = vg_scan_match_close(t, e, i);

		if (close >= e)
			return 0;
		d->nparams = 0;
		i++;
		while (i < close) {
			size_t pb, pe;
			char **np;

			i = vg_scan_skip_ws(t, close, i);
			pb = i;
			while (i < close && t[i] != ',')
				i++;
			pe = i;
			vg_scan_trim(t, &pb, &pe);
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
	if (!(d->body = vg_scan_norm_text(t, i, e)))
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
int vg_scan_collect_directives(struct scanner *sc, const char *t, size_t n, int in_file)
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
		p = vg_scan_skip_ws(t, le, ls);
		if (p < le && t[p] == '#') {
			size_t wb = vg_scan_skip_ws(t, le, p + 1), we = vg_scan_ident_end(t, le, wb);
			enum dir_kind k = dir_kind(t + wb, we - wb);

			if (k == D_DEFINE && add_define(sc, t, we, le,
							in_file ? vg_scan_line_of(sc, ls) : 0, in_file) < 0)
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
				if (!(d->arg = vg_scan_norm_text(t, we, le)))
					return -1;
			}
		}
		i = le + 1;
	}
	return 0;
}

/* #ifndef X directly followed by #define X: an include guard. */
void vg_scan_mark_guards(struct scanner *sc)
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

int vg_scan_in_directive(const struct scanner *sc, size_t off)
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
char *vg_scan_condition_at(const struct scanner *sc, size_t off, int *dead)
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
void vg_scan_blank_conditionals(struct scanner *sc, size_t b, size_t e)
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
int vg_scan_parse_args(const char *t, size_t n, size_t open, size_t *close,
		       char ***args, int *nargs)
{
	size_t c = vg_scan_match_close(t, n, open), i, start;
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
			char *a = vg_scan_norm_text(t, start, i);

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
			i = vg_scan_skip_literal(t, c, i) - 1;
			continue;
		}
		if (t[i] == '(' || t[i] == '[' || t[i] == '{')
			i = vg_scan_match_close(t, c, i);
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

void vg_scan_free_args(char **args, int n)
{
	while (n > 0)
		free(args[--n]);
	free(args);
}

/* Expand a #define body with arguments: #param stringizes, ## pastes. */
char *vg_scan_expand_define(const struct define *d, char *const *args)
{
	return vg_macro_expand(d->body, d->params, d->nparams > 0 ? d->nparams : 0, args,
			       VG_SUBST_CPP);
}
