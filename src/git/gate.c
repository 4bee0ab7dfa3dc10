/*
 * The git gate: what a commit changes in migration compatibility with the
 * previous release. See gate.h for the judgement.
 */
#define _GNU_SOURCE 1 /* memmem */
#include "git/gate-internal.h"
#include "core/exitcode.h"
#include "git/repo.h"
#include "report/report.h"
#include "core/hashmap.h"
#include "core/util.h"
#include "git/waiver.h"

#include "core/rules.h"
#include "scan/scan.h"
#include "compare/srccmp.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int vg_gate_failure(const struct vg_gate *g)
{
	return g->failure ? g->failure : VG_EXIT_INTERNAL;
}

const struct vg_gate_stats *vg_gate_stats(const struct vg_gate *g)
{
	return &g->stats;
}

/* A usage or input error (exit 2), unless the repository itself is damaged (exit 3). */
static int fail_usage(struct vg_gate *g)
{
	g->failure = vg_repo_saw_corruption(g->repo) ? VG_EXIT_INTERNAL : VG_EXIT_USAGE;
	return -1;
}

int vg_gate_new(struct vg_gate **out, struct vg_repo *repo, const struct vg_gate_opts *opts)
{
	struct vg_gate *g = vg_calloc(1, sizeof(*g));

	*out = NULL;
	if (!g)
		return -1;
	g->repo = repo;
	if (opts)
		g->opts = *opts;
	/* The headers of many commits are the same blobs: parse each once. */
	if (vg_scan_cache_new(&g->scan_cache) < 0) {
		free(g);
		return -1;
	}
	if (vg_rules_load(&g->rules, NULL) < 0) {
		vg_rules_release(&g->rules);
		vg_scan_cache_free(g->scan_cache);
		free(g);
		return -1;
	}
	if (g->opts.baseline) {
		if (vg_repo_resolve_commit(repo, g->opts.baseline, &g->fixed_baseline) < 0) {
			vg_rules_release(&g->rules);
			vg_scan_cache_free(g->scan_cache);
			free(g);
			return -1;
		}
		g->have_fixed_baseline = 1;
	}
	*out = g;
	return 0;
}

void vg_gate_free(struct vg_gate *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->inc.nr; i++)
		vg_gate_inc_entry_release(&g->inc.items[i]);
	free(g->inc.items);
	vg_hashmap_release(&g->inc.map);
	vg_scan_cache_free(g->scan_cache);
	vg_gate_hcache_clear(&g->hc);
	vg_gate_rmemo_clear(&g->rm);
	for (i = 0; i < g->nr_origins; i++) {
		free(g->origins[i].path);
		free(g->origins[i].origin);
	}
	free(g->origins);
	vg_gate_broken_release(g);
	for (i = 0; i < g->nr_bnames; i++) {
		free(g->bnames[i].name);
		free(g->bnames[i].path);
	}
	free(g->bnames);
	for (i = 0; i < g->nr_tlb; i++)
		free(g->tlb[i].dir);
	free(g->tlb);
	free(g->rm.v);
	vg_hashmap_release(&g->rm.map);
	free(g->hc.v);
	vg_hashmap_release(&g->hc.map);
	free(g->stats.baseline);
	vg_rules_release(&g->rules);
	vg_macros_release(&g->macros);
	free(g);
}

/* File kinds. */

int vg_gate_ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !memcmp(s + ls - lx, suffix, lx);
}

int vg_gate_is_source(const char *path)
{
	return vg_gate_ends_with(path, ".c") || vg_gate_ends_with(path, ".c.inc") ||
	       vg_gate_ends_with(path, ".inc.c");
}

static int is_header(const char *path)
{
	return vg_gate_ends_with(path, ".h") || vg_gate_ends_with(path, ".h.inc") ||
	       vg_gate_ends_with(path, ".inc.h");
}

int vg_gate_has_vmstate(const char *buf, size_t len)
{
	static const char key[] = "VMStateDescription";

	return buf && memmem(buf, len, key, sizeof(key) - 1) != NULL;
}

/* Headers: the identifiers that a change touches. */

static const char *const boring_words[] = {
	"auto", "bool", "break", "case", "char", "const", "continue", "default",
	"define", "defined", "do", "double", "elif", "else", "endif", "enum",
	"extern", "false", "float", "for", "goto", "if", "ifdef", "ifndef",
	"include", "inline", "int", "int16_t", "int32_t", "int64_t", "int8_t",
	"long", "pragma", "register", "return", "short", "signed", "size_t",
	"sizeof", "static", "struct", "switch", "true", "typedef", "uint16_t",
	"uint32_t", "uint64_t", "uint8_t", "undef", "union", "unsigned", "void",
	"volatile", "while", "NULL", "QEMU", "Object", "DeviceState", "Error",
	"errp", "opaque", "hwaddr",
};

static int boring(const char *w, size_t n)
{
	size_t i;

	if (n < 3)
		return 1;
	for (i = 0; i < VG_ARRAY_SIZE(boring_words); i++)
		if (strlen(boring_words[i]) == n && !memcmp(boring_words[i], w, n))
			return 1;
	return 0;
}

struct lines {
	const char **ptr;
	size_t *len;
	size_t nr, alloc, alloc2;
};

static int split_lines(const char *buf, size_t len, struct lines *l)
{
	const char *p = buf, *end = buf + len;

	while (buf && p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);

		if (VG_GROW(l->ptr, l->alloc, l->nr + 1) < 0 ||
		    VG_GROW(l->len, l->alloc2, l->nr + 1) < 0)
			return -1;
		l->ptr[l->nr] = p;
		l->len[l->nr] = n;
		l->nr++;
		p = eol ? eol + 1 : end;
	}
	return 0;
}

static int line_cmp(const void *a, const void *b, size_t la, size_t lb)
{
	int c = memcmp(a, b, la < lb ? la : lb);

	return c ? c : (la > lb) - (la < lb);
}

struct line_ref {
	const char *p;
	size_t n;
};

static int line_ref_cmp(const void *a, const void *b)
{
	const struct line_ref *x = a, *y = b;

	return line_cmp(x->p, y->p, x->n, y->n);
}

static int add_ident(struct header *h, size_t *alloc, const char *w, size_t n)
{
	size_t i;

	if (boring(w, n))
		return 0;
	for (i = 0; i < h->nr_idents; i++)
		if (strlen(h->idents[i]) == n && !memcmp(h->idents[i], w, n))
			return 0;
	if (VG_GROW(h->idents, *alloc, h->nr_idents + 1) < 0)
		return -1;
	if (!(h->idents[h->nr_idents] = vg_strndup(w, n)))
		return -1;
	h->nr_idents++;
	return 0;
}

/* Identifiers of a line, outside comments. */
static int line_idents(struct header *h, size_t *alloc, const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && (*p == '*' || (end - p >= 2 && p[0] == '/' && p[1] == '*' &&
				      !memmem(p, (size_t)(end - p), "*/", 2))))
		return 0;       /* inside a block comment */
	while (p < end) {
		if (end - p >= 2 && p[0] == '/' && p[1] == '/')
			break;
		if (end - p >= 2 && p[0] == '/' && p[1] == '*') {
			const char *c = memmem(p + 2, (size_t)(end - p - 2), "*/", 2);

			p = c ? c + 2 : end;
			continue;
		}
		if (isalpha((unsigned char)*p) || *p == '_') {
			const char *w = p;

			while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
				p++;
			if (add_ident(h, alloc, w, (size_t)(p - w)) < 0)
				return -1;
			continue;
		}
		p++;
	}
	return 0;
}

/*
 * Can the header line [p, p + n) of buf shape migrated state? A function's
 * declaration or a call ("void foo_reset(FooState *s);",
 * "OBJECT_DECLARE_SIMPLE_TYPE(FooState, FOO)") cannot, and its parameter
 * names (name, env, dev...) would match half the VMSTATE lines of the
 * tree; a directive, a line of a #define, a member (array bounds
 * included) or a constant can.
 */
static int may_shape_state(const char *buf, const char *p, size_t n)
{
	const char *q = p, *end = p + n;

	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q < end && *q == '#')
		return 1;
	if (p - buf >= 2 && p[-1] == '\n' && (p[-2] == '\\' ||
					      (p - buf >= 3 && p[-2] == '\r' && p[-3] == '\\')))
		return 1;       /* inside a #define */
	if (n && (end[-1] == '\\' || (n > 1 && end[-1] == '\r' && end[-2] == '\\')))
		return 1;
	return !memchr(p, '(', n) || memchr(p, '[', n);
}

/* Does line [p, p + n) have one of idents[from..to) as a word? */
static int line_has_ident(const char *p, size_t n, char *const *idents, size_t from, size_t to)
{
	const char *end = p + n;

	while (p < end) {
		if (isalpha((unsigned char)*p) || *p == '_') {
			const char *w = p;
			size_t k;

			while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
				p++;
			for (k = from; k < to; k++)
				if (strlen(idents[k]) == (size_t)(p - w) && !memcmp(idents[k], w, (size_t)(p - w)))
					return 1;
			continue;
		}
		p++;
	}
	return 0;
}

/*
 * The name a line defines from the identifiers it uses: "#define NAME ...",
 * an array member "uint8_t NAME[...];", an enumerator "NAME = ...". Returns
 * its length (0 when the line defines nothing of those) and its start.
 */
static size_t line_defined_name(const char *p, size_t n, const char **name)
{
	const char *end = p + n, *q, *w = NULL;
	size_t wn = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '#') {
		p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 7 || memcmp(p, "define", 6) || (p[6] != ' ' && p[6] != '\t'))
			return 0;
		p += 7;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		for (q = p; q < end && (isalnum((unsigned char)*q) || *q == '_'); q++)
			;
		*name = p;
		return (size_t)(q - p);
	}
	/* The last identifier before the first '[' or '=' of the line. */
	for (q = p; q < end && *q != '[' && *q != '='; q++) {
		if (isalpha((unsigned char)*q) || *q == '_') {
			w = q;
			while (q < end && (isalnum((unsigned char)*q) || *q == '_'))
				q++;
			wn = (size_t)(q - w);
			q--;
		}
	}
	if (q >= end || !w)
		return 0;
	*name = w;
	return wn;
}

/*
 * What the changed identifiers feed, within the header: a #define that
 * sizes a struct member's array changes that member (VMSTATE_BUFFER(mem, S)
 * names the member, not the #define), a #define or an enumerator built
 * on it changes too. The names those lines define are added, a few rounds
 * deep.
 */
#define HEADER_IDENT_ROUNDS 3

static int add_dependents(struct header *h, size_t *alloc, const struct lines *l, char *done,
			  size_t from, size_t to)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		const char *name;
		size_t n;

		if (done[i] || !line_has_ident(l->ptr[i], l->len[i], h->idents, from, to))
			continue;
		done[i] = 1;
		n = line_defined_name(l->ptr[i], l->len[i], &name);
		if (n && add_ident(h, alloc, name, n) < 0)
			return -1;
	}
	return 0;
}

static int header_idents_closure(struct header *h, size_t *alloc, const struct lines *a,
				 const struct lines *b)
{
	size_t from = 0, round;
	char *done_a = vg_calloc(a->nr + 1, 1), *done_b = vg_calloc(b->nr + 1, 1);
	int ret = -1;

	if (!done_a || !done_b)
		goto done;
	for (round = 0; round < HEADER_IDENT_ROUNDS && from < h->nr_idents; round++) {
		size_t to = h->nr_idents;

		if (add_dependents(h, alloc, a, done_a, from, to) < 0 ||
		    add_dependents(h, alloc, b, done_b, from, to) < 0)
			goto done;
		from = to;
	}
	ret = 0;
done:
	free(done_a);
	free(done_b);
	return ret;
}

/* The identifiers on the lines that differ between old and new, and what they feed. */
static int header_idents(struct header *h)
{
	struct lines a = { 0 }, b = { 0 };
	struct line_ref *ra = NULL, *rb = NULL;
	size_t i, alloc = 0;
	int ret = -1;

	if (split_lines(h->old, h->old_len, &a) < 0 || split_lines(h->new_, h->new_len, &b) < 0)
		goto done;
	ra = vg_calloc(a.nr + 1, sizeof(*ra));
	rb = vg_calloc(b.nr + 1, sizeof(*rb));
	if (!ra || !rb)
		goto done;
	for (i = 0; i < a.nr; i++)
		ra[i] = (struct line_ref){ a.ptr[i], a.len[i] };
	for (i = 0; i < b.nr; i++)
		rb[i] = (struct line_ref){ b.ptr[i], b.len[i] };
	qsort(ra, a.nr, sizeof(*ra), line_ref_cmp);
	qsort(rb, b.nr, sizeof(*rb), line_ref_cmp);
	for (i = 0; i < a.nr; i++)
		if (!bsearch(&ra[i], rb, b.nr, sizeof(*rb), line_ref_cmp) &&
		    may_shape_state(h->old, ra[i].p, ra[i].n) &&
		    line_idents(h, &alloc, ra[i].p, ra[i].n) < 0)
			goto done;
	for (i = 0; i < b.nr; i++)
		if (!bsearch(&rb[i], ra, a.nr, sizeof(*ra), line_ref_cmp) &&
		    may_shape_state(h->new_, rb[i].p, rb[i].n) &&
		    line_idents(h, &alloc, rb[i].p, rb[i].n) < 0)
			goto done;
	if (header_idents_closure(h, &alloc, &a, &b) < 0)
		goto done;
	ret = 0;
done:
	free(ra);
	free(rb);
	free(a.ptr);
	free(a.len);
	free(b.ptr);
	free(b.len);
	return ret;
}

/*
 * Does w occur as a word on a line that describes migration state (a
 * VMSTATE_* field, a version, a .name)? Only there can a header's macro,
 * constant or type change what a description puts on the wire.
 */
static int vmstate_line_mentions(const char *buf, size_t len, const char *w)
{
	size_t n = strlen(w);
	const char *p = buf, *end = buf + len;

	while (p < end && (p = memmem(p, (size_t)(end - p), w, n))) {
		int before = p > buf && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		int after = p + n < end && (isalnum((unsigned char)p[n]) || p[n] == '_');

		/* ".name =": a designator of the initializer, not a use of a name */
		if (!before && !after && p > buf && p[-1] == '.') {
			const char *q = p + n;

			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
			if (q < end && *q == '=' && (q + 1 >= end || q[1] != '='))
				after = 1;
		}
		if (!before && !after) {
			const char *ls = p, *le = p + n;

			while (ls > buf && ls[-1] != '\n')
				ls--;
			while (le < end && *le != '\n')
				le++;
			if (memmem(ls, (size_t)(le - ls), "VMSTATE", 7) ||
			    memmem(ls, (size_t)(le - ls), "version_id", 10) ||
			    memmem(ls, (size_t)(le - ls), ".name", 5))
				return 1;
		}
		p += n;
	}
	return 0;
}

static void header_release(struct header *h)
{
	size_t i;

	free(h->path);
	free(h->old);
	free(h->new_);
	for (i = 0; i < h->nr_idents; i++)
		free(h->idents[i]);
	free(h->idents);
	memset(h, 0, sizeof(*h));
}

static void unit_release(struct unit *u)
{
	free(u->old_path);
	free(u->new_path);
	free(u->headers);
	memset(u, 0, sizeof(*u));
}

static void judge_release(struct judge *j)
{
	size_t i;

	for (i = 0; i < j->nr_headers; i++)
		header_release(&j->headers[i]);
	free(j->headers);
	for (i = 0; i < j->nr_units; i++)
		unit_release(&j->units[i]);
	free(j->units);
	vg_gate_xdefs_release(j);
}

static struct unit *find_unit(struct judge *j, const char *new_path, const char *old_path)
{
	size_t i;

	for (i = 0; i < j->nr_units; i++) {
		struct unit *u = &j->units[i];

		if ((new_path && u->new_path && !strcmp(u->new_path, new_path)) ||
		    (old_path && u->old_path && !strcmp(u->old_path, old_path)))
			return u;
	}
	return NULL;
}

static struct unit *add_unit(struct judge *j, const char *old_path, const char *new_path)
{
	struct unit *u = find_unit(j, new_path, old_path);

	if (u)
		return u;
	if (VG_GROW(j->units, j->alloc_units, j->nr_units + 1) < 0)
		return NULL;
	u = &j->units[j->nr_units];
	memset(u, 0, sizeof(*u));
	if ((old_path && !(u->old_path = vg_strdup(old_path))) ||
	    (new_path && !(u->new_path = vg_strdup(new_path)))) {
		unit_release(u);
		return NULL;
	}
	j->nr_units++;
	return u;
}

static int unit_add_header(struct unit *u, size_t hi)
{
	size_t *grown;
	size_t i;

	for (i = 0; i < u->nr_headers; i++)
		if (u->headers[i] == hi)
			return 0;
	grown = realloc(u->headers, (u->nr_headers + 1) * sizeof(*u->headers));
	if (!grown)
		return vg_error("out of memory");  /* u->headers stays valid */
	u->headers = grown;
	u->headers[u->nr_headers++] = hi;
	return 0;
}

/* Read a change's blobs; a source counts if either side defines VMState. */
static int consider_source(struct judge *j, const struct vg_change *c)
{
	char *buf = NULL;
	size_t len;
	int relevant = 0;

	if (c->new_path) {
		if (vg_repo_read_blob(j->g->repo, &c->new_blob, &buf, &len) < 0)
			return -1;
		relevant = vg_gate_has_vmstate(buf, len);
		free(buf);
		buf = NULL;
	}
	if (!relevant && c->old_path) {
		if (vg_repo_read_blob(j->g->repo, &c->old_blob, &buf, &len) < 0)
			return -1;
		relevant = vg_gate_has_vmstate(buf, len);
		free(buf);
	}
	if (!relevant)
		return 0;
	return add_unit(j, c->old_path, c->new_path) ? 0 : -1;
}

struct includer_ctx {
	struct judge *j;
	size_t hi;
};

/* Add the sources of the child tree that include header hi and use it. */
static int add_includers(struct judge *j, size_t hi)
{
	struct header *h = &j->headers[hi];
	struct inc_index *idx = &j->g->inc;
	size_t i, k;

	for (i = 0; i < idx->nr; i++) {
		struct inc_entry *e = &idx->items[i];
		struct vg_oid blob;
		char *buf = NULL;
		size_t len;
		int found, uses = 0;
		struct unit *u;

		if (!e->has_vmstate)
			continue;
		/* A cheap test by name, then the search path in the tree. */
		for (k = 0; k < e->nr_includes && !uses; k++) {
			struct vg_oid hid;
			char *where = NULL;
			int r;

			if (!vg_gate_include_names(e->includes[k], h->path))
				continue;
			r = vg_gate_resolve_include(h->new_ ? j->child : j->parent, e->path,
						    e->includes[k], &where, &hid);
			if (r < 0)
				return -1;
			uses = r && !strcmp(where, h->path);
			free(where);
		}
		/* Or one level down, through one of its own headers. */
		if (!uses && (uses = vg_gate_own_header_includes(j->g, h->new_ ? j->child : j->parent,
								 e, h->path)) < 0)
			return -1;
		if (!uses)
			continue;
		/* The index is a hint: confirm against the child tree. */
		found = vg_tree_blob_id(j->child, e->path, &blob);
		if (found < 0)
			return -1;
		if (!found)
			continue;
		if (!vg_oid_equal(&blob, &e->blob)) {
			if (vg_gate_inc_update(j->g, e->path, &blob) < 0)
				return -1;
			e = &idx->items[i];
			if (!e->has_vmstate)
				continue;
		}
		if (vg_repo_read_blob(j->g->repo, &blob, &buf, &len) < 0)
			return -1;
		uses = 0;
		for (k = 0; k < h->nr_idents && !uses; k++)
			uses = vmstate_line_mentions(buf, len, h->idents[k]);
		free(buf);
		if (!uses)
			continue;
		u = add_unit(j, e->path, e->path);
		if (!u || unit_add_header(u, hi) < 0)
			return -1;
	}
	return 0;
}

static int consider_header(struct judge *j, const struct vg_change *c)
{
	const char *path = c->new_path ? c->new_path : c->old_path;
	struct header *h;
	size_t hi;

	if (VG_GROW(j->headers, j->alloc_headers, j->nr_headers + 1) < 0)
		return -1;
	hi = j->nr_headers;
	h = &j->headers[hi];
	memset(h, 0, sizeof(*h));
	j->nr_headers++;
	if (!(h->path = vg_strdup(path)))
		return -1;
	if (c->old_path && vg_repo_read_blob(j->g->repo, &c->old_blob, &h->old, &h->old_len) < 0)
		return -1;
	if (c->new_path && vg_repo_read_blob(j->g->repo, &c->new_blob, &h->new_, &h->new_len) < 0)
		return -1;
	if (header_idents(h) < 0)
		return -1;
	if (!h->nr_idents)
		return 0;       /* comments and blank lines only */
	if (vg_gate_inc_build(j->g, j->child) < 0)
		return -1;
	return add_includers(j, hi);
}

static int str_eq_null(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/* The same finding, for "introduced by this change": rule, section, path. */
static int same_finding(const struct vg_finding *a, const struct vg_finding *b)
{
	return a->rule == b->rule && str_eq_null(a->section, b->section) &&
	       str_eq_null(a->desc, b->desc) && str_eq_null(a->item, b->item) &&
	       str_eq_null(a->machine, b->machine);
}

/* The hash of what same_finding() compares. */
static uint64_t same_hash(const struct vg_finding *f)
{
	const char *parts[4] = { f->section, f->desc, f->item, f->machine };
	uint64_t h = vg_hash_more(VG_HASH_SEED, &f->rule, sizeof(f->rule));
	size_t k;

	for (k = 0; k < 4; k++) {
		h = vg_hash_more(h, parts[k] ? "s" : "n", 1);
		if (parts[k])
			h = vg_hash_more(h, parts[k], strlen(parts[k]) + 1);
	}
	return h;
}

struct before_index {
	const struct vg_findings *before;
	struct vg_hashmap map;
	int failed;             /* no map: compare with every finding */
};

static int in_before(const struct vg_finding *f, const struct vg_findings *list,
		     size_t kept, void *payload)
{
	const struct before_index *bi = payload;
	const struct vg_findings *b = bi->before;
	size_t k, pos = 0;

	(void)list;
	(void)kept;
	if (bi->failed) {
		for (k = 0; k < b->nr; k++)
			if (same_finding(f, &b->items[k]))
				return 1;
		return 0;
	}
	while ((k = vg_hashmap_next(&bi->map, same_hash(f), &pos)) != VG_HASHMAP_NONE)
		if (same_finding(f, &b->items[k]))
			return 1;
	return 0;
}

/*
 * Drop from list every finding that before also has: through a hash map
 * of before (comparing every pair was quadratic in a range's findings).
 */
void vg_gate_subtract(struct vg_findings *list, const struct vg_findings *before)
{
	struct before_index bi = { before, VG_HASHMAP_INIT, 0 };
	size_t k;

	if (vg_hashmap_reserve(&bi.map, before->nr) < 0)
		bi.failed = 1;
	for (k = 0; k < before->nr && !bi.failed; k++)
		if (vg_hashmap_add(&bi.map, same_hash(&before->items[k]), k) < 0)
			bi.failed = 1;
	vg_findings_filter(list, in_before, &bi);
	vg_hashmap_release(&bi.map);
}

/* A side's headers as the scanner takes them (borrowed). */
static int scan_headers(const struct hside *s, struct vg_scan_header **out)
{
	size_t i;

	*out = NULL;
	if (!s || !s->nr)
		return 0;
	*out = vg_calloc(s->nr, sizeof(**out));
	if (!*out)
		return -1;
	for (i = 0; i < s->nr; i++) {
		(*out)[i].name = s->v[i].path;
		(*out)[i].text = s->v[i].text;
		(*out)[i].len = s->v[i].len;
		/* Cached by blob id; a made-up header (TARGET_LONG_BITS) has none. */
		(*out)[i].id = vg_oid_is_zero(&s->v[i].id) ? NULL : s->v[i].id.id;
	}
	return 0;
}

struct resolve_ctx {
	struct judge *j;
	struct vg_tree *old_tree, *new_tree;
};

/* The gate's macro catalogue, loaded on first need (NULL: reported). */
const struct vg_macros *vg_gate_catalogue(struct vg_gate *g)
{
	if (!g->macros_loaded) {
		if (vg_macros_load_default(&g->macros, g->rules.dir) < 0) {
			vg_macros_release(&g->macros);
			return NULL;
		}
		g->macros_loaded = 1;
	}
	return &g->macros;
}

static const struct vg_desc *resolve_nested(void *ctx, int new_side, const char *var)
{
	struct resolve_ctx *rc = ctx;
	struct vg_tree *t = new_side ? rc->new_tree : rc->old_tree;

	return t ? vg_gate_resolve_nested(rc->j, t, var) : NULL;
}

/*
 * The source-level comparison of one file, old -> new, each version with
 * the headers it includes in its own tree; a nested description defined
 * in another file of the change is taken from that side's tree.
 */
int vg_gate_source_diff(struct judge *j,
		        const char *old_path, const char *old_buf, size_t old_len,
		        const struct hside *old_side,
		        const char *new_path, const char *new_buf, size_t new_len,
		        const struct hside *new_side, struct vg_findings *out)
{
	struct vg_srccmp_opts opts;
	struct vg_scan_header *oh = NULL, *nh = NULL;
	struct resolve_ctx rc;
	int ret = -1;

	memset(&opts, 0, sizeof(opts));
	opts.rules = &j->g->rules;
	opts.macros = vg_gate_catalogue(j->g);
	if (!opts.macros)
		return -1;
	opts.cache = j->g->scan_cache;
	rc.j = j;
	rc.old_tree = old_side ? old_side->tree : NULL;
	rc.new_tree = new_side ? new_side->tree : NULL;
	opts.resolve = resolve_nested;
	opts.resolve_ctx = &rc;
	if (scan_headers(old_side, &oh) < 0 || scan_headers(new_side, &nh) < 0)
		goto done;
	opts.old_headers = oh;
	opts.nr_old_headers = old_side ? old_side->nr : 0;
	opts.new_headers = nh;
	opts.nr_new_headers = new_side ? new_side->nr : 0;
	ret = vg_diff_source(&opts, old_path, old_buf, old_len, new_path, new_buf, new_len, out);
done:
	free(oh);
	free(nh);
	return ret;
}

/* One version of the judged file: the baseline's, the parent's or the child's. */
struct version {
	const char *path;
	struct vg_oid id;
	int has;                /* the tree has it (id, text) */
	char *text;
	size_t len;
	struct hside hs;        /* with the headers it includes, from its own tree */
};

#define VERSION_INIT { NULL, { { 0 } }, 0, NULL, 0, HSIDE_INIT }

static void version_release(struct version *v)
{
	vg_gate_hside_release(&v->hs);
	free(v->text);
	v->text = NULL;
}

/* The blob at path in tree, when it has one. */
static int read_version(struct judge *j, struct vg_tree *tree, const char *path,
			struct version *v)
{
	v->path = path;
	if (path && (v->has = vg_tree_blob_id(tree, path, &v->id)) < 0)
		return -1;
	return v->has ? vg_repo_read_blob(j->g->repo, &v->id, &v->text, &v->len) : 0;
}

/*
 * The baseline's copy: under the old path, else the new one, else where a
 * rename in an earlier commit since the baseline came from.
 */
static int read_base(struct judge *j, const struct unit *u, struct version *b)
{
	b->path = u->old_path ? u->old_path : u->new_path;
	b->has = vg_tree_blob_id(j->base, b->path, &b->id);
	if (b->has == 0 && u->new_path && u->old_path && strcmp(u->old_path, u->new_path)) {
		b->path = u->new_path;
		b->has = vg_tree_blob_id(j->base, b->path, &b->id);
	}
	if (b->has < 0)
		return -1;
	if (!b->has && u->old_path) {
		const char *origin;

		if (vg_gate_base_origin(j, u->old_path, &origin) < 0)
			return -1;
		if (origin) {
			b->has = vg_tree_blob_id(j->base, origin, &b->id);
			if (b->has < 0)
				return -1;
			if (b->has)
				b->path = origin;
		}
	}
	return b->has ? vg_repo_read_blob(j->g->repo, &b->id, &b->text, &b->len) : 0;
}

/* The parent's and the child's blobs are the same (or both absent). */
static int same_blob(const struct version *old, const struct version *new_)
{
	return old->has == new_->has && (!new_->has || vg_oid_equal(&old->id, &new_->id));
}

/*
 * findings(base -> child) into after; nothing when the child is the
 * baseline. With no baseline copy, descriptions the baseline defines
 * elsewhere (moved here by an earlier commit, no git rename) are judged
 * against those definitions (extra).
 */
static int child_findings(struct judge *j, const struct unit *u, struct version *base,
			  struct version *new_, struct vg_findings *after,
			  struct vg_findings *extra)
{
	if ((base->has != new_->has || (base->has && !vg_oid_equal(&base->id, &new_->id)) ||
	     !vg_gate_hside_equal(&base->hs, &new_->hs)) &&
	    vg_gate_source_diff(j, base->path, base->text, base->len, &base->hs,
				u->new_path ? u->new_path : base->path, new_->text, new_->len,
				&new_->hs, after) < 0)
		return -1;
	if (!base->has && new_->has &&
	    vg_gate_by_name(j, u, new_->text, new_->len, after, extra) < 0)
		return -1;
	return 0;
}

/*
 * Take out of after what the parent already had: findings(base -> parent),
 * the parent read with its own headers. Computed even when the parent's
 * inputs equal the baseline's: comparing a file with itself is not always
 * silent (two subsections of one .name, say), and what the child shares
 * with the baseline is never this change's doing.
 */
static int subtract_parent(struct judge *j, const struct unit *u, struct version *base,
			   struct version *old, struct vg_findings *after,
			   struct vg_findings *before)
{
	if (vg_gate_source_diff(j, base->path, base->text, base->len, &base->hs,
				u->old_path ? u->old_path : base->path, old->text, old->len,
				&old->hs, before) < 0)
		return -1;
	vg_gate_subtract(after, before);
	return 0;
}

/* A section the parent already broke against the baseline is not broken again. */
static int already_broken(struct judge *j, const struct unit *u, struct version *base,
			  struct version *old, struct version *new_,
			  const struct vg_findings *before, struct vg_findings *after)
{
	if (!before->nr || !old->has)
		return 0;
	return vg_gate_already_broken(j, base->path, base->text, base->len, &base->hs,
				      u->old_path, old->text, old->len, &old->hs,
				      u->new_path, new_->text, new_->len, &new_->hs, before,
				      after);
}

/*
 * A merge introduces only what none of its parents had: a break made on
 * the merged branch is that branch's commit's, not the merge's. Takes out
 * of after what the merge's other parent tree has; all of it when that
 * parent has the child's very inputs.
 */
static int subtract_other_parent(struct judge *j, const struct unit *u, struct vg_tree *tree,
				 struct version *base, const struct version *new_,
				 struct vg_findings *after)
{
	struct version o = VERSION_INIT;
	struct vg_findings other = VG_FINDINGS_INIT;
	const char *path = u->new_path ? u->new_path : u->old_path;
	int ret = -1;

	if (read_version(j, tree, path, &o) < 0 ||
	    vg_gate_hside_build(j->g, tree, path, o.text, o.len, &o.hs) < 0)
		goto done;
	if (o.has && new_->has && vg_oid_equal(&o.id, &new_->id) &&
	    vg_gate_hside_equal(&o.hs, &new_->hs)) {
		vg_findings_release(after);
		ret = 0;
		goto done;
	}
	if (vg_gate_source_diff(j, base->path, base->text, base->len, &base->hs, path, o.text,
				o.len, &o.hs, &other) < 0)
		goto done;
	vg_gate_subtract(after, &other);
	ret = 0;
done:
	version_release(&o);
	vg_findings_release(&other);
	return ret;
}

/*
 * Name the commit in each finding. Removals are located in the old text;
 * the judged change is the new file: say where in it the removal happened.
 */
static int place_findings(struct judge *j, const struct unit *u, const struct version *base,
			  const struct version *new_, struct vg_findings *after)
{
	size_t i;

	for (i = 0; i < after->nr; i++) {
		struct vg_finding *f = &after->items[i];

		if (vg_finding_set(&f->commit, j->commit) < 0)
			return -1;
		if (!f->file && f->old_file) {
			const char *path = new_->has ? u->new_path : f->old_file;

			if (vg_finding_set(&f->file, path) < 0)
				return -1;
			f->line = f->old_line;
			if (new_->has && base->has && f->old_line &&
			    !strcmp(f->old_file, base->path))
				f->line = vg_map_line(base->text, base->len, new_->text, new_->len,
						      f->old_line);
		}
	}
	after->files_scanned = after->files_scanned ? after->files_scanned : 1;
	return 0;
}

/*
 * What the change to one file introduces: findings(base -> child) less
 * findings(base -> parent) (and less each other parent's, for a merge).
 */
static int judge_unit_once(struct judge *j, const struct unit *u, struct vg_findings *out)
{
	struct vg_findings after = VG_FINDINGS_INIT, extra = VG_FINDINGS_INIT;
	struct vg_findings before = VG_FINDINGS_INIT;
	struct version base = VERSION_INIT, old = VERSION_INIT, new_ = VERSION_INIT;
	size_t i;
	int unchanged, ret = -1;

	if (read_base(j, u, &base) < 0 || read_version(j, j->parent, u->old_path, &old) < 0 ||
	    read_version(j, j->child, u->new_path, &new_) < 0)
		goto done;
	unchanged = same_blob(&old, &new_);
	/* The parent's headers only when they are needed: most changes find nothing. */
	if (vg_gate_hside_build(j->g, j->base, base.path, base.text, base.len, &base.hs) < 0 ||
	    vg_gate_hside_build(j->g, j->child, u->new_path, new_.text, new_.len, &new_.hs) < 0 ||
	    (unchanged &&
	     vg_gate_hside_build(j->g, j->parent, u->old_path, old.text, old.len, &old.hs) < 0))
		goto done;
	/*
	 * The child's inputs equal the parent's: findings(base -> child) and
	 * findings(base -> parent) are the same, the change introduces nothing
	 * here.
	 */
	if (!(unchanged && vg_gate_hside_equal(&old.hs, &new_.hs) && !j->nr_others)) {
		if (child_findings(j, u, &base, &new_, &after, &extra) < 0)
			goto done;
		if (after.nr) {
			if ((!unchanged && vg_gate_hside_build(j->g, j->parent, u->old_path, old.text,
							       old.len, &old.hs) < 0) ||
			    subtract_parent(j, u, &base, &old, &after, &before) < 0 ||
			    already_broken(j, u, &base, &old, &new_, &before, &after) < 0)
				goto done;
			for (i = 0; i < j->nr_others && after.nr; i++)
				if (subtract_other_parent(j, u, j->others[i], &base, &new_,
							  &after) < 0)
					goto done;
		}
	}
	if (vg_findings_splice(&after, &extra) < 0 || place_findings(j, u, &base, &new_, &after) < 0 ||
	    vg_findings_splice(out, &after) < 0)
		goto done;
	ret = 0;
done:
	version_release(&base);
	version_release(&old);
	version_release(&new_);
	vg_findings_release(&after);
	vg_findings_release(&before);
	vg_findings_release(&extra);
	return ret;
}

/* Equal at both widths: the same finding with the same values. */
static int same_at_widths(const struct vg_finding *f, const struct vg_findings *list,
			  size_t kept, void *other)
{
	const struct vg_findings *o = other;
	size_t k;

	(void)list;
	(void)kept;
	for (k = 0; k < o->nr; k++)
		if (same_finding(f, &o->items[k]) &&
		    str_eq_null(f->old_value, o->items[k].old_value) &&
		    str_eq_null(f->new_value, o->items[k].new_value) &&
		    str_eq_null(f->message, o->items[k].message))
			return 1;
	return 0;
}

/* Say at which width a finding holds: "... (when target_ulong is 32 bits ...)". */
static int tag_width(struct vg_finding *f, int bits)
{
	char *m = vg_asprintf("%s (when target_ulong is %d bits: the target is built at both "
			      "widths)", f->message ? f->message : "", bits);

	if (!m)
		return -1;
	free(f->message);
	f->message = m;
	return 0;
}

/*
 * A file of a target built both 32- and 64-bit (riscv, ppc, mips...) is
 * judged at each width: what both find once, what only one finds with
 * its width.
 */
static int judge_unit(struct judge *j, const struct unit *u, struct vg_findings *out)
{
	struct vg_findings at32 = VG_FINDINGS_INIT, at64 = VG_FINDINGS_INIT;
	char *in32 = NULL;
	size_t i;
	int mixed, ret = -1;

	/* The widths the change builds: the child's (the baseline's when it is deleted). */
	mixed = u->new_path ? vg_gate_tl_mixed(j->g, j->child, u->new_path) :
			      vg_gate_tl_mixed(j->g, j->base, u->old_path);
	if (mixed <= 0)
		return mixed < 0 ? -1 : judge_unit_once(j, u, out);
	j->g->tl_force = 32;
	if (judge_unit_once(j, u, &at32) < 0)
		goto done;
	j->g->tl_force = 64;
	if (judge_unit_once(j, u, &at64) < 0)
		goto done;
	if (!(in32 = vg_calloc(at64.nr ? at64.nr : 1, 1)))
		goto done;
	for (i = 0; i < at64.nr; i++)
		in32[i] = (char)same_at_widths(&at64.items[i], NULL, 0, &at32);
	vg_findings_filter(&at32, same_at_widths, &at64);
	for (i = 0; i < at32.nr; i++)
		if (tag_width(&at32.items[i], 32) < 0)
			goto done;
	for (i = 0; i < at64.nr; i++)
		if (!in32[i] && tag_width(&at64.items[i], 64) < 0)
			goto done;
	ret = vg_findings_splice(out, &at64) < 0 || vg_findings_splice(out, &at32) < 0 ? -1 : 0;
done:
	j->g->tl_force = 0;
	free(in32);
	vg_findings_release(&at32);
	vg_findings_release(&at64);
	return ret;
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * One break found through two files: a description defined in one file
 * (judged there as a section of its .name) and embedded by the section of
 * that .name in another, resolved across the change: the same field of the
 * same wire section, its severity the same (the rule may differ, the one
 * seeing a section, the other a nested struct). Keep the first report.
 */
static int found_in_other_file(const struct vg_finding *f, const struct vg_findings *list,
			       size_t kept, void *payload)
{
	size_t start = *(const size_t *)payload, k;

	for (k = start; k < kept; k++) {
		const struct vg_finding *o = &list->items[k];

		if (f->item && o->severity == f->severity && !same_str(o->file, f->file) &&
		    same_str(o->commit, f->commit) && same_str(o->section, f->section) &&
		    same_str(o->desc, f->desc) && same_str(o->item, f->item))
			return 1;
	}
	return 0;
}

/* vg_findings_filter() over out[start..] only: the earlier findings are kept as they are. */
static void drop_cross_file_repeats(struct vg_findings *out, size_t start)
{
	struct vg_findings tail = VG_FINDINGS_INIT;
	size_t zero = 0;

	if (out->nr - start < 2)
		return;
	tail.items = out->items + start;
	tail.nr = tail.alloc = out->nr - start;
	vg_findings_filter(&tail, found_in_other_file, &zero);
	out->nr = start + tail.nr;
}

/*
 * Judge parent -> child against base: the findings the change introduces,
 * appended to out. *relevant is set when a VMState-relevant file changed.
 */
static int judge(struct vg_gate *g, struct vg_tree *base, struct vg_tree *parent,
		 struct vg_tree **others, size_t nr_others,
		 struct vg_tree *child, const char *commit,
		 const struct vg_oid *base_id, const struct vg_oid *parent_id,
		 struct vg_findings *out, int *relevant)
{
	struct judge j = { g, base, parent, child, others, nr_others, commit,
			   base_id, parent_id, NULL, 0, 0, NULL, 0, 0, NULL, 0, 0 };
	struct vg_changes changes = VG_CHANGES_INIT;
	size_t i, start;
	int ret = -1;

	*relevant = 0;
	if (g->hc.bytes > HCACHE_MAX_BYTES) {
		/* Both caches start over: no scan runs between judgements. */
		vg_scan_cache_clear(g->scan_cache);
		vg_gate_hcache_clear(&g->hc);
	}
	if (vg_repo_diff(g->repo, parent, child, &changes) < 0)
		goto done;
	/* Keep the include index current with the sources this change touches. */
	if (g->inc.built) {
		for (i = 0; i < changes.nr; i++) {
			const struct vg_change *c = &changes.items[i];

			if (c->old_path && vg_gate_is_source(c->old_path) &&
			    (!c->new_path || strcmp(c->old_path, c->new_path)) &&
			    vg_gate_inc_update(g, c->old_path, NULL) < 0)
				goto done;
			if (c->new_path && vg_gate_is_source(c->new_path) &&
			    vg_gate_inc_update(g, c->new_path, &c->new_blob) < 0)
				goto done;
		}
	}
	for (i = 0; i < changes.nr; i++) {
		const struct vg_change *c = &changes.items[i];
		const char *path = c->new_path ? c->new_path : c->old_path;

		if (vg_gate_is_source(path) && consider_source(&j, c) < 0)
			goto done;
	}
	for (i = 0; i < changes.nr; i++) {
		const struct vg_change *c = &changes.items[i];
		const char *path = c->new_path ? c->new_path : c->old_path;

		if (is_header(path) && consider_header(&j, c) < 0)
			goto done;
	}
	start = out->nr;
	for (i = 0; i < j.nr_units; i++)
		if (judge_unit(&j, &j.units[i], out) < 0)
			goto done;
	if (j.nr_units > 1 && vg_gate_pair_moves(&j, out, start) < 0)
		goto done;
	if (vg_gate_survivors(&j, out, start) < 0)
		goto done;
	drop_cross_file_repeats(out, start);
	*relevant = j.nr_units > 0;
	g->stats.units += j.nr_units;
	ret = 0;
done:
	judge_release(&j);
	vg_changes_release(&changes);
	return ret;
}

/* Baselines. */

static int set_stats_baseline(struct vg_gate *g, const char *label)
{
	free(g->stats.baseline);
	g->stats.baseline = vg_strdup(label);
	return g->stats.baseline ? 0 : -1;
}

/*
 * The baseline tree for a change whose parent is parent (NULL: no parent,
 * the empty tree is its own baseline). Returns 1, or 0 after an error
 * message when no release can be found, or -1.
 */
static int baseline_tree(struct vg_gate *g, const struct vg_oid *parent, struct vg_tree **out,
			 struct vg_oid *base_id)
{
	struct vg_oid base;
	char *label = NULL, hex[VG_OID_HEXSZ + 1];
	int found;

	*out = NULL;
	memset(base_id, 0, sizeof(*base_id));
	if (g->have_fixed_baseline) {
		*base_id = g->fixed_baseline;
		char *d = vg_repo_describe(g->repo, &g->fixed_baseline);

		if (!d || set_stats_baseline(g, d) < 0) {
			free(d);
			return -1;
		}
		free(d);
		return vg_tree_of_commit(g->repo, &g->fixed_baseline, out) < 0 ? -1 : 1;
	}
	if (!parent) {
		if (set_stats_baseline(g, "nothing released (initial commit)") < 0)
			return -1;
		return vg_tree_empty(g->repo, out) < 0 ? -1 : 1;
	}
	found = vg_repo_baseline(g->repo, parent, &base, &label);
	if (found < 0)
		return -1;
	if (!found) {
		vg_oid_hex(parent, hex);
		vg_error("no baseline for %.12s: no vX.Y.Z tag and no release in VERSION on its "
			 "first-parent history (a shallow clone? fetch more history, or name the "
			 "release with --baseline REV)", hex);
		return 0;
	}
	if (set_stats_baseline(g, label) < 0) {
		free(label);
		return -1;
	}
	free(label);
	*base_id = base;
	return vg_tree_of_commit(g->repo, &base, out) < 0 ? -1 : 1;
}

/* Waiver suggestions and the prose check. */

static int suggest_waivers(const char *message, size_t nr_waiver_lines, const char *commit,
			   struct vg_findings *list, size_t from)
{
	struct vg_buf b = VG_BUF_INIT;
	struct vg_finding *f;
	int ret = -1;

	if (!message || nr_waiver_lines || !vg_message_states_break(message))
		return 0;
	if (vg_waiver_suggest_lines(list, from, commit, "; ", &b) < 0)
		goto done;
	f = vg_findings_add(list, VG_RULE_WAIVER_SUGGESTED, NULL, NULL, NULL, NULL, b.buf,
			    "the message states a migration break but has no Migration-Break "
			    "trailer; add %s", b.len ? b.buf : VG_WAIVER_GRAMMAR);
	if (f && vg_finding_set(&f->commit, commit) == 0)
		ret = 0;
done:
	vg_buf_release(&b);
	return ret;
}

static int finish_list(struct vg_findings *list)
{
	vg_findings_dedup(list);
	vg_findings_sort(list);
	return 0;
}

/* The staged change. */

int vg_gate_staged(struct vg_gate *g, const char *message, struct vg_findings *out)
{
	struct vg_tree *base = NULL, *head = NULL, *index = NULL;
	struct vg_findings list = VG_FINDINGS_INIT;
	struct vg_waivers waivers = VG_WAIVERS_INIT;
	struct vg_oid head_id, base_id;
	size_t nr_lines = 0;
	int unborn, relevant, found, ret = -1;

	if (vg_repo_head(g->repo, &head_id, &unborn) < 0)
		goto done;
	if (vg_tree_of_index(g->repo, &index) < 0) {
		fail_usage(g);
		goto done;
	}
	if (unborn ? vg_tree_empty(g->repo, &head) : vg_tree_of_commit(g->repo, &head_id, &head))
		goto done;
	found = baseline_tree(g, unborn ? NULL : &head_id, &base, &base_id);
	if (found <= 0)
		goto done;
	if (message && vg_waivers_parse(&waivers, message, NULL, &list, &nr_lines) < 0)
		goto done;
	if (judge(g, base, head, NULL, 0, index, NULL,
		  vg_oid_is_zero(&base_id) ? NULL : &base_id, unborn ? NULL : &head_id,
		  &list, &relevant) < 0)
		goto done;
	g->stats.commits++;
	g->stats.relevant += relevant;
	list.commits_checked = 0;
	if (vg_waivers_apply(&waivers, &list, 0) < 0 ||
	    vg_waivers_report_unused(&waivers, &list) < 0 ||
	    suggest_waivers(message, nr_lines, NULL, &list, 0) < 0)
		goto done;
	finish_list(&list);
	if (vg_findings_splice(out, &list) < 0)
		goto done;
	ret = 0;
done:
	vg_waivers_release(&waivers);
	vg_findings_release(&list);
	vg_tree_free(base);
	vg_tree_free(head);
	vg_tree_free(index);
	return ret;
}

/* Commits and ranges. */

struct revs {
	struct vg_oid *pos, *neg;
	size_t nr_pos, nr_neg, alloc_pos, alloc_neg;
	int dotted;             /* one "A..B" */
	struct vg_oid a, b;
};

static int push_oid(struct vg_oid **arr, size_t *nr, size_t *alloc, const struct vg_oid *id)
{
	if (VG_GROW(*arr, *alloc, *nr + 1) < 0)
		return -1;
	(*arr)[(*nr)++] = *id;
	return 0;
}

static int parse_revs(struct vg_gate *g, char **argv, size_t argc, struct revs *r)
{
	size_t i;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *dots = strstr(arg, "..");
		struct vg_oid id;

		if (dots && dots[2] == '.')
			return vg_error("'%s': A...B (symmetric difference) is not supported; use A..B", arg);
		if (dots) {
			char *left = vg_strndup(arg, (size_t)(dots - arg));
			const char *right = *(dots + 2) ? dots + 2 : "HEAD";
			int err;

			if (!left)
				return -1;
			err = vg_repo_resolve_commit(g->repo, *left ? left : "HEAD", &id);
			free(left);
			if (err < 0 || push_oid(&r->neg, &r->nr_neg, &r->alloc_neg, &id) < 0)
				return -1;
			r->a = id;
			if (vg_repo_resolve_commit(g->repo, right, &id) < 0 ||
			    push_oid(&r->pos, &r->nr_pos, &r->alloc_pos, &id) < 0)
				return -1;
			r->b = id;
			r->dotted++;
		} else if (arg[0] == '^') {
			if (vg_repo_resolve_commit(g->repo, arg + 1, &id) < 0 ||
			    push_oid(&r->neg, &r->nr_neg, &r->alloc_neg, &id) < 0)
				return -1;
		} else {
			if (vg_repo_resolve_commit(g->repo, arg, &id) < 0 ||
			    push_oid(&r->pos, &r->nr_pos, &r->alloc_pos, &id) < 0)
				return -1;
		}
	}
	if (!r->nr_pos)
		return vg_error("no commit to check");
	return 0;
}

static int write_note(struct vg_gate *g, const struct vg_oid *commit,
		      const struct vg_findings *list, size_t from, int relevant)
{
	struct vg_findings view = *list;
	struct vg_report_opts ropts = { "check", 0, NULL };
	char *text = NULL;
	size_t size = 0;
	FILE *mem;
	int ret;

	view.items = list->items + from;
	view.nr = list->nr - from;
	view.alloc = view.nr;
	view.commits_checked = 1;
	mem = open_memstream(&text, &size);
	if (!mem)
		return vg_error("out of memory");
	fprintf(mem, "vmstate-gate: baseline %s\n", g->stats.baseline ? g->stats.baseline : "?");
	if (!relevant)
		fprintf(mem, "no VMState-relevant change\n");
	ret = vg_report_text(mem, &view, &ropts);
	if (fclose(mem) || ret < 0) {
		free(text);
		return vg_error("cannot format the note");
	}
	ret = vg_repo_note_write(g->repo, g->opts.notes_ref, commit, text);
	free(text);
	return ret;
}

/* Judge one commit against its first parent; findings appended to list. */
static int judge_commit(struct vg_gate *g, const struct vg_oid *commit,
			struct vg_waivers *waivers, struct vg_findings *list)
{
	struct vg_tree *base = NULL, *parent = NULL, *child = NULL, *others[7] = { NULL };
	struct vg_oid parents[8], base_id;
	size_t nparents, nr_others = 0, nr_lines = 0, from = list->nr, k;
	char hex[VG_OID_HEXSZ + 1], *message = NULL;
	int relevant, found, ret = -1;

	vg_oid_hex(commit, hex);
	if (vg_repo_parents(g->repo, commit, parents, 8, &nparents) < 0)
		goto done;
	for (k = 1; k < nparents && k < 8; k++)
		if (vg_tree_of_commit(g->repo, &parents[k], &others[nr_others++]) < 0)
			goto done;
	if (nparents ? vg_tree_of_commit(g->repo, &parents[0], &parent)
		     : vg_tree_empty(g->repo, &parent))
		goto done;
	if (vg_tree_of_commit(g->repo, commit, &child) < 0)
		goto done;
	found = baseline_tree(g, nparents ? &parents[0] : NULL, &base, &base_id);
	if (found <= 0)
		goto done;
	if (vg_repo_message(g->repo, commit, &message) < 0 ||
	    vg_waivers_parse(waivers, message, hex, list, &nr_lines) < 0)
		goto done;
	if (judge(g, base, parent, others, nr_others, child, hex,
		  vg_oid_is_zero(&base_id) ? NULL : &base_id, nparents ? &parents[0] : NULL,
		  list, &relevant) < 0)
		goto done;
	g->stats.commits++;
	g->stats.relevant += relevant;
	if (vg_waivers_apply(waivers, list, from) < 0 ||
	    suggest_waivers(message, nr_lines, hex, list, from) < 0)
		goto done;
	if (g->opts.notes_ref && write_note(g, commit, list, from, relevant) < 0)
		goto done;
	ret = 0;
done:
	free(message);
	for (k = 0; k < nr_others; k++)
		vg_tree_free(others[k]);
	vg_tree_free(base);
	vg_tree_free(parent);
	vg_tree_free(child);
	return ret;
}

/*
 * Keep in whole (the range or series judged at once) what no single change
 * was flagged for, and not again what a change found already broken by an
 * earlier one: one place for ranges and series alike.
 */
static void leave_unflagged(struct vg_findings *whole, const struct vg_findings *changes)
{
	vg_gate_subtract(whole, changes);
	vg_gate_drop_already_broken(whole, changes);
	whole->files_scanned = 0;
}

/* The range A..B as a whole: what no commit was flagged for. */
static int judge_whole(struct vg_gate *g, const struct revs *r, struct vg_waivers *waivers,
		       struct vg_findings *list)
{
	struct vg_tree *base = NULL, *ta = NULL, *tb = NULL;
	struct vg_findings whole = VG_FINDINGS_INIT;
	struct vg_oid base_id;
	int relevant, found, ret = -1;

	if (vg_tree_of_commit(g->repo, &r->a, &ta) < 0 ||
	    vg_tree_of_commit(g->repo, &r->b, &tb) < 0)
		goto done;
	found = baseline_tree(g, &r->a, &base, &base_id);
	if (found <= 0)
		goto done;
	if (judge(g, base, ta, NULL, 0, tb, NULL, vg_oid_is_zero(&base_id) ? NULL : &base_id,
		  &r->a, &whole, &relevant) < 0)
		goto done;
	leave_unflagged(&whole, list);
	if (vg_waivers_apply(waivers, &whole, 0) < 0)
		goto done;
	if (vg_findings_splice(list, &whole) < 0)
		goto done;
	ret = 0;
done:
	vg_findings_release(&whole);
	vg_tree_free(base);
	vg_tree_free(ta);
	vg_tree_free(tb);
	return ret;
}

int vg_gate_commits(struct vg_gate *g, char **argv, size_t argc, int since_baseline,
		    struct vg_findings *out)
{
	struct revs r;
	struct vg_findings list = VG_FINDINGS_INIT;
	struct vg_waivers waivers = VG_WAIVERS_INIT;
	struct vg_oid *commits = NULL;
	size_t nr = 0, i;
	int single, progress, ret = -1;

	memset(&r, 0, sizeof(r));
	if (parse_revs(g, argv, argc, &r) < 0) {
		fail_usage(g);
		goto done;
	}
	if (since_baseline) {
		struct vg_oid base;
		char *label = NULL;
		int found = vg_repo_baseline(g->repo, &r.pos[0], &base, &label);

		free(label);
		if (found < 0)
			goto done;
		if (!found) {
			char hex[VG_OID_HEXSZ + 1];

			vg_oid_hex(&r.pos[0], hex);
			vg_error("no baseline for %.12s to start the range from", hex);
			goto done;
		}
		if (push_oid(&r.neg, &r.nr_neg, &r.alloc_neg, &base) < 0)
			goto done;
	}
	single = r.nr_pos == 1 && !r.nr_neg && !r.dotted;
	if (single) {
		commits = vg_malloc(sizeof(*commits));
		if (!commits)
			goto done;
		commits[0] = r.pos[0];
		nr = 1;
	} else if (vg_repo_range(g->repo, r.pos, r.nr_pos, r.neg, r.nr_neg, &commits, &nr) < 0) {
		goto done;
	}
	if (!nr) {
		/* Nothing checked is not a pass. */
		vg_error("the range has no commit: nothing to check");
		fail_usage(g);
		goto done;
	}
	progress = g->opts.progress && nr > 20 && isatty(2);
	for (i = 0; i < nr; i++) {
		struct vg_findings one = VG_FINDINGS_INIT;

		if (progress && (i % 16 == 0 || i + 1 == nr))
			fprintf(stderr, "\rvmstate-gate: checking commits: %zu/%zu", i + 1, nr);
		if (judge_commit(g, &commits[i], &waivers, &one) < 0) {
			vg_findings_release(&one);
			goto done;
		}
		finish_list(&one);
		if (vg_findings_splice(&list, &one) < 0)
			goto done;
	}
	if (progress)
		fprintf(stderr, "\n");
	if (r.dotted == 1 && r.nr_pos == 1 && r.nr_neg == 1 + (since_baseline ? 1 : 0) && nr &&
	    judge_whole(g, &r, &waivers, &list) < 0)
		goto done;
	if (vg_waivers_report_unused(&waivers, &list) < 0)
		goto done;
	if (vg_findings_splice(out, &list) < 0)
		goto done;
	ret = 0;
done:
	vg_waivers_release(&waivers);
	vg_findings_release(&list);
	free(commits);
	free(r.pos);
	free(r.neg);
	return ret;
}

/* Changes that are not commits (vmstate-gate review). */

int vg_gate_judge_trees(struct vg_gate *g, const struct vg_oid *from_commit,
			struct vg_tree *parent, struct vg_tree *child,
			const char *message, const char *label, int whole,
			struct vg_waivers *waivers, struct vg_findings *out)
{
	struct vg_tree *base = NULL;
	struct vg_findings list = VG_FINDINGS_INIT;
	struct vg_oid base_id;
	size_t nr_lines = 0;
	int relevant, found, ret = -1;

	found = baseline_tree(g, from_commit, &base, &base_id);
	if (found <= 0)
		goto done;
	if (message && vg_waivers_parse(waivers, message, label, &list, &nr_lines) < 0)
		goto done;
	if (judge(g, base, parent, NULL, 0, child, label,
		  vg_oid_is_zero(&base_id) ? NULL : &base_id, from_commit, &list, &relevant) < 0)
		goto done;
	if (whole) {
		leave_unflagged(&list, out);
	} else {
		g->stats.commits++;
		g->stats.relevant += relevant;
	}
	if (vg_waivers_apply(waivers, &list, 0) < 0 ||
	    suggest_waivers(message, nr_lines, label, &list, 0) < 0)
		goto done;
	finish_list(&list);
	if (vg_findings_splice(out, &list) < 0)
		goto done;
	ret = 0;
done:
	vg_findings_release(&list);
	vg_tree_free(base);
	return ret;
}
