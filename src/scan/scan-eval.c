/*
 * The scanner's values: sizeof(T) and struct members (sizeof_field),
 * integer constant expressions, string values. See scan.h.
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

/*
 * Parentheses and unary operators recurse: past this many levels the
 * value is unknown ("expression too deep"), instead of a stack overflow.
 */
#define EVAL_MAX_NEST 256

/*
 * The largest size or count taken as known: anything larger (or negative)
 * is an unknown size, never a wrapped one: size * count of two of them
 * still fits 63 bits.
 */
#define EVAL_MAX_SIZE (1LL << 31)

/* ---------------------------------------------------------------- */
/* Types and struct members: sizeof(T), sizeof_field(T, m)           */

static int eval_depth(struct scanner *sc, const char *t, int depth, long long *out);

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
static int type_size(struct scanner *sc, const char *t, size_t b, size_t e,
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
		if (!vg_scan_is_id0((unsigned char)t[i]))
			return -1;
		we = vg_scan_ident_end(t, e, i);
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
	if (!vg_scan_sym_size(sc, ty->size, strlen(ty->size), size))
		return 1;
	*sym = ty->size;
	return 0;
}

/* The member list of a struct: t[b] is '{', t[e] its '}'. */
struct body {
	const char *t;
	size_t b, e;
};

size_t vg_scan_skip_ws_back(const char *t, size_t i)
{
	while (i > 0 && (isspace((unsigned char)t[i - 1]) || t[i - 1] == '\\'))
		i--;
	return i;
}

/* The identifier ending at t[i - 1]: its start, or i when there is none. */
static size_t ident_back(const char *t, size_t i)
{
	size_t b = i;

	while (b > 0 && vg_scan_is_id((unsigned char)t[b - 1]))
		b--;
	return b < i && vg_scan_is_id0((unsigned char)t[b]) ? b : i;
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
		if ((i > 0 && vg_scan_is_id((unsigned char)t[i - 1])) ||
		    (i + nl < n && vg_scan_is_id((unsigned char)t[i + nl])))
			continue;
		a = vg_scan_skip_ws(t, n, i + nl);
		pe = vg_scan_skip_ws_back(t, i);
		pb = ident_back(t, pe);
		if (pb < pe && is_word(t, pb, pe, "struct")) {
			/* struct NAME { */
			if (a < n && t[a] == '{') {
				size_t c = vg_scan_match_close(t, n, a);

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
			size_t sb, se = vg_scan_skip_ws_back(t, pb);

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
			if (depth != 0 || t[k] != '{' || vg_scan_match_close(t, n, k) != pe - 1)
				continue;
			open = k;
			we = vg_scan_skip_ws_back(t, open);
			wb = ident_back(t, we);
			if (wb < we && !is_word(t, wb, we, "struct")) {  /* a tag */
				we = vg_scan_skip_ws_back(t, wb);
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
static int find_struct(struct scanner *sc, const char *name, size_t nl,
		       struct body *out, int depth)
{
	const char *alias = NULL;
	size_t alias_len = 0, i;

	if (depth > 4)
		return 0;
	if (find_struct_in(sc->code, sc->len, name, nl, out, &alias, &alias_len))
		return 1;
	if (!sc->headers_read && vg_scan_read_headers(sc) < 0)
		return 0;
	for (i = 0; i < sc->nr_hdrs; i++) {
		struct hdr *hd = sc->hdrs[i];
		uint64_t mh = vg_scan_miss_hash('s', name, nl);
		const char *a0 = alias;

		if (vg_scan_hdr_missed(hd, mh))
			continue;
		if (find_struct_in(hd->clean, hd->len, name, nl, out, &alias, &alias_len))
			return 1;
		if (!a0 && !alias)      /* nothing of name here, not even a typedef */
			vg_scan_hdr_miss_add(hd, mh);
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

static int member_in(struct scanner *sc, const struct body *bd, const char *path,
		     struct member *m, int depth);

/*
 * One declarator d[b, e) of a member declaration ("regs[NR][2]", "*p",
 * "x : 3", "buf[16] QEMU_ALIGNED(8)"): its name and dimensions.
 */
int vg_scan_declarator(const char *t, size_t b, size_t e, size_t *nb, size_t *ne,
		       size_t *db, int *pointer)
{
	size_t i;

	vg_scan_trim(t, &b, &e);
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
		ib = ident_back(t, vg_scan_skip_ws_back(t, k));
		if (ib >= k || ib <= b)
			return -1;
		e = vg_scan_skip_ws_back(t, ib);
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
	*ne = vg_scan_skip_ws_back(t, *db);
	*nb = ident_back(t, *ne);
	return *nb < *ne ? 0 : -1;
}

/* The dimensions "[A][B]" at t[b, e): product and first; -1 when unknown. */
static int dimensions(struct scanner *sc, const char *t, size_t b, size_t e,
		      struct member *m, int depth)
{
	size_t i = vg_scan_skip_ws(t, e, b);

	m->count = 1;
	m->first = -1;
	while (i < e && t[i] == '[') {
		size_t c = vg_scan_match_close(t, e, i);
		char *x;
		long long v;
		int r;

		if (c >= e)
			return -1;
		if (!(x = vg_strndup(t + i + 1, c - i - 1))) {
			(sc)->oom = 1;
			return -1;
		}
		r = eval_depth(sc, x, depth + 1, &v);
		free(x);
		if (r < 0 || v <= 0 || v > (1LL << 32))
			return -1;
		if (m->first < 0)
			m->first = v;
		if (__builtin_mul_overflow(m->count, v, &m->count) || m->count > EVAL_MAX_SIZE)
			return -1;
		i = vg_scan_skip_ws(t, e, c + 1);
	}
	return i == e ? 0 : -1;
}

/* The struct type of a member's type text t[b, e) ("struct Foo", "Foo"). */
static int member_struct(struct scanner *sc, const char *t, size_t b, size_t e,
			 struct body *out, int depth)
{
	size_t ib, ie;

	vg_scan_trim(t, &b, &e);
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
static int member_decl(struct scanner *sc, const char *t, size_t b, size_t e,
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
			i = vg_scan_match_close(t, e, i);
	}
	if (open < e) {
		/* An inline struct or union: "struct [TAG] { ... } [name];" */
		size_t close = vg_scan_match_close(t, e, open), db, nb, ne;
		struct body inner;
		int ptr;

		if (close >= e)
			return -1;
		inner.t = t;
		inner.b = open;
		inner.e = close;
		if (vg_scan_skip_ws(t, e, close + 1) >= e)     /* anonymous: its members are ours */
			return member_in(sc, &inner, path, m, depth + 1);
		if (vg_scan_declarator(t, close + 1, e, &nb, &ne, &db, &ptr) < 0)
			return 0;
		if (ne - nb != seg || memcmp(t + nb, path, seg))
			return 0;
		if (ptr || !rest || vg_scan_skip_ws(t, e, db) != e)
			return -1;      /* the size of a whole struct: padding */
		return member_in(sc, &inner, rest, m, depth + 1);
	}
	/* "TYPE a[N], *b, c;": the type is the first declarator's prefix. */
	part = b;
	for (i = b; i <= e; i++) {
		size_t nb, ne, db;
		int ptr, r;

		if (i < e && (t[i] == '(' || t[i] == '[')) {
			i = vg_scan_match_close(t, e, i);
			continue;
		}
		if (i < e && t[i] != ',')
			continue;
		if (vg_scan_declarator(t, part, i, &nb, &ne, &db, &ptr) < 0)
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

			if (vg_scan_skip_ws(t, i, db) != i || !member_struct(sc, t, tb, te, &sb, depth))
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
static int member_in(struct scanner *sc, const struct body *bd, const char *path,
		     struct member *m, int depth)
{
	const char *t = bd->t;
	size_t i = bd->b + 1, e = bd->e;

	if (depth > 8)
		return -1;
	while (i < e) {
		size_t ds, k;
		int r;

		i = vg_scan_skip_ws(t, e, i);
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
				k = vg_scan_match_close(t, e, k);
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
static int struct_member(struct scanner *sc, const char *type, size_t tl,
			 const char *path, struct member *m, int depth)
{
	struct body bd;
	size_t i;

	for (i = 0; path[i]; i++)
		if (!vg_scan_is_id((unsigned char)path[i]) && path[i] != '.')
			return 0;
	if (!*path || depth > 8 || !find_struct(sc, type, tl, &bd, 0))
		return 0;
	return member_in(sc, &bd, path, m, depth) == 1;
}

/*
 * "((T *)0)->path" or "((T*)NULL)->path" in t[b, e) (spaces normalized
 * away or not): the member, as sizeof and ARRAY_SIZE take it.
 */
static int null_member(struct scanner *sc, const char *t, size_t b, size_t e,
		       struct member *m, int depth)
{
	size_t i = vg_scan_skip_ws(t, e, b), tb, te, c;
	char *path;
	int r;

	if (i >= e || t[i] != '(')
		return 0;
	c = vg_scan_match_close(t, e, i);
	if (c >= e)
		return 0;
	i = vg_scan_skip_ws(t, c, i + 1);
	if (i >= c || t[i] != '(')
		return 0;
	i = vg_scan_skip_ws(t, c, i + 1);
	if (i + 6 < c && !memcmp(t + i, "struct", 6) && !vg_scan_is_id((unsigned char)t[i + 6]))
		i = vg_scan_skip_ws(t, c, i + 6);
	tb = i;
	te = vg_scan_ident_end(t, c, i);
	if (te == tb)
		return 0;
	i = vg_scan_skip_ws(t, c, te);
	if (i >= c || t[i] != '*')
		return 0;
	i = vg_scan_skip_ws(t, c, i + 1);
	if (i >= c || t[i] != ')')
		return 0;
	i = vg_scan_skip_ws(t, c, i + 1);
	if (!(c - i == 1 && t[i] == '0') && !(c - i == 4 && !memcmp(t + i, "NULL", 4)))
		return 0;
	i = vg_scan_skip_ws(t, e, c + 1);
	if (i + 2 > e || t[i] != '-' || t[i + 1] != '>')
		return 0;
	path = vg_scan_norm_text(t, i + 2, e);
	if (!path) {
		(sc)->oom = 1;
		return 0;
	}
	r = struct_member(sc, t + tb, te - tb, path, m, depth);
	free(path);
	return r;
}

/* ---------------------------------------------------------------- */
/* Constant expressions                                              */

struct eval {
	struct scanner *sc;
	const char *t;
	size_t i, n;
	int ok;
	int depth;
	int nest;               /* primaries open on the C stack */
	int deep;               /* gave up: nested over EVAL_MAX_NEST */
};


static long long eval_expr(struct eval *ev, int prec);

/*
 * The value of enumerator name if t[i] starts it inside an "enum [TAG] {"
 * body: 1 with *out, 0 when it is not one, -1 when it cannot be known
 * (a directive in the body before it, a value that does not evaluate).
 */
static int enumerator_at(struct scanner *sc, const char *t, size_t n, size_t i,
			 size_t nl, int depth, long long *out)
{
	size_t a = vg_scan_skip_ws(t, n, i + nl), p = vg_scan_skip_ws_back(t, i), open, k, wb, we, item;
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
	we = vg_scan_skip_ws_back(t, open);
	wb = ident_back(t, we);
	if (wb < we && !is_word(t, wb, we, "enum")) {
		we = vg_scan_skip_ws_back(t, wb);
		wb = ident_back(t, we);
	}
	if (wb >= we || !is_word(t, wb, we, "enum"))
		return 0;
	/* Walk the enumerators from the first: implicit ones count up. */
	item = open + 1;
	while (item <= i) {
		size_t ib = vg_scan_skip_ws(t, n, item), ie = vg_scan_ident_end(t, n, ib), x, end;

		if (ib < n && t[ib] == '#')
			return -1;      /* conditional enumerators: not countable */
		if (ie == ib)
			return -1;
		x = vg_scan_skip_ws(t, n, ie);
		for (end = x; end < n && t[end] != ',' && t[end] != '}'; end++) {
			if (t[end] == '(' || t[end] == '[' || t[end] == '{')
				end = vg_scan_match_close(t, n, end);
			if (end >= n || t[end] == '#')
				return -1;
		}
		if (end >= n)
			return -1;
		if (x < end && t[x] == '=') {
			char *e = vg_strndup(t + x + 1, end - x - 1);
			int r;

			if (!e) {
				(sc)->oom = 1;
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
static int enum_value(struct scanner *sc, const char *name, size_t nl, int depth,
		      long long *out)
{
	size_t h;

	for (h = 0; h <= sc->nr_hdrs; h++) {
		const char *t = h ? sc->hdrs[h - 1]->clean : sc->code;
		size_t n = h ? sc->hdrs[h - 1]->len : sc->len;
		const char *p = t, *end = t + n;
		uint64_t mh = vg_scan_miss_hash('e', name, nl);

		if (h && vg_scan_hdr_missed(sc->hdrs[h - 1], mh))
			continue;
		while ((p = memmem(p, (size_t)(end - p), name, nl))) {
			size_t i = (size_t)(p - t);
			int r;

			p += nl;
			if ((i > 0 && vg_scan_is_id((unsigned char)t[i - 1])) ||
			    (i + nl < n && vg_scan_is_id((unsigned char)t[i + nl])))
				continue;
			r = enumerator_at(sc, t, n, i, nl, depth, out);
			if (r)
				return r > 0 ? 0 : -1;
		}
		if (h)
			vg_scan_hdr_miss_add(sc->hdrs[h - 1], mh);
		if (h == 0 && !sc->headers_read && vg_scan_read_headers(sc) < 0)
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
	if (!(d = vg_scan_find_define(ev->sc, name, len))) {
		/* A symbolic size of the catalogue the caller knows? */
		if (!vg_scan_sym_size(ev->sc, name, len, &v))
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
	sub.nest = 0;
	sub.deep = 0;
	v = eval_expr(&sub, 0);
	sub.i = vg_scan_skip_ws(sub.t, sub.n, sub.i);
	if (!sub.ok || sub.i != sub.n)
		ev->ok = 0;
	ev->deep |= sub.deep;
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
	vg_scan_trim(t, &tb, &te);
	if (comma >= c || te == tb || vg_scan_ident_end(t, te, tb) != te)
		return 0;
	if (!(path = vg_scan_norm_text(t, comma + 1, c))) {
		ev->sc->oom = 1;
		return 0;
	}
	r = struct_member(ev->sc, t + tb, te - tb, path, m, ev->depth + 1);
	free(path);
	return r == 1;
}

/* elem * count, unknown when it overflows or is out of range. */
static long long checked_size(struct eval *ev, long long elem, long long count)
{
	long long v;

	if (elem < 0 || count < 0 || __builtin_mul_overflow(elem, count, &v) || v > EVAL_MAX_SIZE)
		return 0;
	ev->ok = 1;
	return v;
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
	size_t c = vg_scan_match_close(t, ev->n, o);
	struct member m;

	ev->ok = 0;
	if (c >= ev->n || ev->depth > 16)
		return 0;
	ev->i = c + 1;
	if (is_word(t, b, e, "sizeof_field")) {
		if (!field_args(ev, o, c, &m))
			return 0;
		return checked_size(ev, m.elem, m.count);
	}
	if (null_member(ev->sc, t, o + 1, c, &m, ev->depth + 1) == 1) {
		if (is_word(t, b, e, "ARRAY_SIZE")) {
			if (m.first < 0)
				return 0;
			ev->ok = 1;
			return m.first;
		}
		return checked_size(ev, m.elem, m.count);
	}
	if (is_word(t, b, e, "sizeof")) {
		long long v;
		const char *sym = NULL;
		size_t k = vg_scan_skip_ws(t, c, o + 1), ke = vg_scan_ident_end(t, c, k),
		       ko = vg_scan_skip_ws(t, c, ke);

		if (is_word(t, k, ke, "typeof_field") && ko < c && t[ko] == '(' &&
		    vg_scan_match_close(t, c, ko) == vg_scan_skip_ws_back(t, c) - 1) {
			if (!field_args(ev, ko, vg_scan_match_close(t, c, ko), &m))
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

/* <stdint.h>'s integer constant macros, INT8_C .. UINTMAX_C. */
static int is_int_const_macro(const char *w, size_t n)
{
	static const char *const names[] = {
		"INT8_C", "INT16_C", "INT32_C", "INT64_C", "INTMAX_C",
		"UINT8_C", "UINT16_C", "UINT32_C", "UINT64_C", "UINTMAX_C",
	};
	size_t k;

	for (k = 0; k < VG_ARRAY_SIZE(names); k++)
		if (strlen(names[k]) == n && !memcmp(names[k], w, n))
			return 1;
	return 0;
}

/*
 * After a '(': a cast to an integer type, "(uint64_t)1" or
 * "(unsigned long)x"? Skipped (with its ')') when it is; the value is
 * taken as is, which is right for the sizes and counts evaluated here.
 */
static int skip_int_cast(struct eval *ev)
{
	static const char *const types[] = {
		"int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t",
		"uint32_t", "uint64_t", "size_t", "ssize_t", "intptr_t", "uintptr_t",
		"unsigned", "signed", "int", "long", "short", "char",
	};
	const char *t = ev->t;
	size_t i = vg_scan_skip_ws(t, ev->n, ev->i), words = 0;

	for (;;) {
		size_t e, k;
		int known = 0;

		if (i >= ev->n || !vg_scan_is_id0((unsigned char)t[i]))
			break;
		e = vg_scan_ident_end(t, ev->n, i);
		for (k = 0; k < VG_ARRAY_SIZE(types) && !known; k++)
			known = is_word(t, i, e, types[k]);
		if (!known)
			return 0;
		words++;
		i = vg_scan_skip_ws(t, ev->n, e);
	}
	if (!words || i >= ev->n || t[i] != ')')
		return 0;
	ev->i = i + 1;
	return 1;
}

static long long eval_primary_1(struct eval *ev);

static long long eval_primary(struct eval *ev)
{
	long long v;

	if (ev->nest >= EVAL_MAX_NEST) {
		ev->deep = 1;
		ev->ok = 0;
		return 0;
	}
	ev->nest++;
	v = eval_primary_1(ev);
	ev->nest--;
	return v;
}

/* -x and ~x of a known value; -LLONG_MIN is not one. */
static long long negate(struct eval *ev, long long v)
{
	if (v == LLONG_MIN) {
		ev->ok = 0;
		return 0;
	}
	return -v;
}

static long long eval_primary_1(struct eval *ev)
{
	const char *t = ev->t;
	long long v = 0;

	ev->i = vg_scan_skip_ws(t, ev->n, ev->i);
	if (ev->i >= ev->n) {
		ev->ok = 0;
		return 0;
	}
	if (t[ev->i] == '(') {
		ev->i++;
		if (skip_int_cast(ev))
			return eval_primary(ev);
		v = eval_expr(ev, 0);
		ev->i = vg_scan_skip_ws(t, ev->n, ev->i);
		if (ev->i < ev->n && t[ev->i] == ')')
			ev->i++;
		else
			ev->ok = 0;
		return v;
	}
	if (t[ev->i] == '-') {
		ev->i++;
		v = eval_primary(ev);
		return ev->ok ? negate(ev, v) : 0;
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

		while (e < ev->n && vg_scan_is_id((unsigned char)t[e]))
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
	if (vg_scan_is_id0((unsigned char)t[ev->i])) {
		size_t e = vg_scan_ident_end(t, ev->n, ev->i);
		size_t b = ev->i, o = vg_scan_skip_ws(t, ev->n, e);

		ev->i = e;
		if (o < ev->n && t[o] == '(' &&
		    (is_word(t, b, e, "sizeof") || is_word(t, b, e, "sizeof_field") ||
		     is_word(t, b, e, "ARRAY_SIZE")))
			return eval_sizeof(ev, b, e, o);
		/* INT64_C(1) (qemu/units.h's KiB) and the like: the number itself. */
		if (o < ev->n && t[o] == '(' && is_int_const_macro(t + b, e - b)) {
			ev->i = o;
			return eval_primary(ev);
		}
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

/*
 * lhs = lhs OP rhs in checked arithmetic: -1 (the value is unknown) on
 * overflow, division by zero, LLONG_MIN / -1, a shift of a negative value
 * or by a negative or too large count.
 */
static int apply_binop(char op, long long *lhs, long long rhs)
{
	long long l = *lhs;

	switch (op) {
	case '*': return __builtin_mul_overflow(l, rhs, lhs) ? -1 : 0;
	case '+': return __builtin_add_overflow(l, rhs, lhs) ? -1 : 0;
	case '-': return __builtin_sub_overflow(l, rhs, lhs) ? -1 : 0;
	case '/':
	case '%':
		if (!rhs || (l == LLONG_MIN && rhs == -1))
			return -1;
		*lhs = op == '/' ? l / rhs : l % rhs;
		return 0;
	case '<':
		if (l < 0 || rhs < 0 || rhs > 62 || l > (LLONG_MAX >> rhs))
			return -1;
		*lhs = l << rhs;
		return 0;
	case '>':
		if (l < 0 || rhs < 0 || rhs > 62)
			return -1;
		*lhs = l >> rhs;
		return 0;
	case '&': *lhs = l & rhs; return 0;
	case '^': *lhs = l ^ rhs; return 0;
	case '|': *lhs = l | rhs; return 0;
	default: return -1;
	}
}

static long long eval_expr(struct eval *ev, int min_prec)
{
	long long lhs = eval_primary(ev);

	while (ev->ok) {
		int prec;
		size_t len;
		long long rhs;
		char op;

		ev->i = vg_scan_skip_ws(ev->t, ev->n, ev->i);
		if (ev->i >= ev->n || !binop(ev->t, ev->n, ev->i, &prec, &len) ||
		    prec <= min_prec)
			break;
		op = ev->t[ev->i];
		ev->i += len;
		if (ev->nest >= EVAL_MAX_NEST) {
			ev->deep = 1;
			ev->ok = 0;
			break;
		}
		ev->nest++;
		rhs = eval_expr(ev, prec);
		ev->nest--;
		if (!ev->ok)
			break;
		if (apply_binop(op, &lhs, rhs) < 0)
			ev->ok = 0;
	}
	return lhs;
}

/* Evaluate text as an integer constant expression; 0 on success. */
static int eval_depth(struct scanner *sc, const char *t, int depth, long long *out)
{
	struct eval ev = { sc, t, 0, strlen(t), 1, depth, 0, 0 };
	long long v;

	if (!*t)
		return -1;
	v = eval_expr(&ev, 0);
	if (ev.deep && depth == 0)
		vg_warning("%s: expression too deep (over %d levels of parentheses or operators): its value is taken as unknown",
			   sc->path ? sc->path : "<input>", EVAL_MAX_NEST);
	ev.i = vg_scan_skip_ws(t, ev.n, ev.i);
	if (!ev.ok || ev.i != ev.n)
		return -1;
	*out = v;
	return 0;
}

int vg_scan_eval_text(struct scanner *sc, const char *t, long long *out)
{
	return eval_depth(sc, t, 0, out);
}

/*
 * A size or count: *num set when it evaluates, else *sym gets normalized
 * text ("X - 0" and "X * 1" shortened). Returns -1 on allocation failure.
 */
int vg_scan_eval_or_sym(struct scanner *sc, const char *t, long long *num,
		        int *known, char **sym)
{
	size_t n = strlen(t), i, last_minus = 0;
	int depth = 0;

	*known = 0;
	*sym = NULL;
	if (!vg_scan_eval_text(sc, t, num)) {
		/* A negative or absurd size or count is not known; never wrapped. */
		if (*num >= 0 && *num <= EVAL_MAX_SIZE) {
			*known = 1;
			return 0;
		}
		*num = 0;
	}
	/* sizeof(T) of a symbolic type is its symbol ("target_ulong"). */
	if (n > 8 && !memcmp(t, "sizeof", 6) &&
	    vg_scan_match_close(t, n, vg_scan_skip_ws(t, n, 6)) == n - 1) {
		const char *tsym = NULL;
		long long v;

		if (type_size(sc, t, vg_scan_skip_ws(t, n, 6) + 1, n - 1, &v, &tsym) == 0) {
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

		if (!vg_scan_eval_text(sc, t + last_minus + 1, &r) &&
		    ((t[last_minus] == '-' && r == 0) || (t[last_minus] == '*' && r == 1))) {
			*sym = vg_scan_norm_text(t, 0, last_minus);
			return *sym ? 0 : -1;
		}
	}
	*sym = vg_scan_norm_text(t, 0, n);
	return *sym ? 0 : -1;
}

/* ---------------------------------------------------------------- */
/* String values: literals, #defined names, concatenation            */

static int name_value(struct scanner *sc, const char *t, size_t b, size_t e,
		      struct vg_buf *out, int *resolved, int depth)
{
	size_t i = b;

	while (i < e) {
		i = vg_scan_skip_ws(t, e, i);
		if (i >= e)
			break;
		if (t[i] == '"') {
			size_t le = vg_scan_skip_literal(t, e, i);
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
		} else if (vg_scan_is_id0((unsigned char)t[i])) {
			size_t ie = vg_scan_ident_end(t, e, i);
			const struct define *d = depth < 16 ? vg_scan_find_define(sc, t + i, ie - i) : NULL;

			if (d && d->nparams < 0) {
				if (name_value(sc, d->body, 0, strlen(d->body), out,
					       resolved, depth + 1) < 0)
					return -1;
			} else if (ie - i == 9 && !memcmp(t + i, "stringify", 9) &&
				   vg_scan_skip_ws(t, e, ie) < e && t[vg_scan_skip_ws(t, e, ie)] == '(') {
				size_t o = vg_scan_skip_ws(t, e, ie), c = vg_scan_match_close(t, e, o);
				char *x = vg_scan_norm_text(t, o + 1, c < e ? c : e);

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

char *vg_scan_string_value(struct scanner *sc, const char *t, size_t b,
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
