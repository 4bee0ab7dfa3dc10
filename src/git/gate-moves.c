/*
 * The gate's lookups across files: renames followed back to the
 * baseline, descriptions moved to another file, and sections that
 * survive elsewhere. See gate.h.
 */
#define _GNU_SOURCE 1 /* memmem */
#include "git/gate-internal.h"
#include "git/repo.h"
#include "core/util.h"

#include "core/rules.h"
#include "scan/scan.h"
#include "compare/srccmp.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Renames followed back to the baseline. */

int vg_gate_bisect_line(struct vg_gate *g, const struct vg_oid *from, const struct vg_oid *base,
			size_t max_walk, int (*holds)(const struct vg_oid *id, void *ctx),
			void *ctx, struct vg_oid *first, struct vg_oid *before)
{
	struct vg_oid *chain = NULL, cur = *from, parents[1];
	size_t n = 0, alloc = 0, lo, hi, np;
	int r, ret = -1;

	for (;;) {
		if (vg_oid_equal(&cur, base))
			break;
		if (n >= max_walk) {
			ret = 0;
			goto done;
		}
		if (VG_GROW(chain, alloc, n + 1) < 0)
			goto done;
		chain[n++] = cur;
		if (vg_repo_parents(g->repo, &cur, parents, 1, &np) < 0)
			goto done;
		if (!np) {
			ret = 0;        /* a root: base is not on the line */
			goto done;
		}
		cur = parents[0];
	}
	if (!n) {
		ret = 0;
		goto done;
	}
	/* holds at chain[0] (from), not at base (index n): bisect between. */
	lo = 0;
	hi = n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if ((r = holds(&chain[mid], ctx)) < 0)
			goto done;
		if (r)
			lo = mid;
		else
			hi = mid;
	}
	*first = chain[lo];
	if (before)
		*before = lo + 1 < n ? chain[lo + 1] : *base;
	ret = 1;
done:
	free(chain);
	return ret;
}

/* Past this many first-parent commits the walk gives up (no origin). */
#define ORIGIN_MAX_WALK 200000
/* Renames of renames followed at most this deep. */
#define ORIGIN_MAX_DEPTH 8

/* Does commit id's snapshot have path? 1, 0, or -1. */
static int commit_has(struct vg_gate *g, const struct vg_oid *id, const char *path)
{
	struct vg_tree *t = NULL;
	struct vg_oid blob;
	int r;

	if (vg_tree_of_commit(g->repo, id, &t) < 0)
		return -1;
	r = vg_tree_blob_id(t, path, &blob);
	vg_tree_free(t);
	return r;
}

/* The path that commit c (first parent p) renamed to path; *out NULL if none. */
static int renamed_from(struct vg_gate *g, const struct vg_oid *c, const struct vg_oid *p,
			const char *path, char **out)
{
	struct vg_tree *tc = NULL, *tp = NULL;
	struct vg_changes ch = VG_CHANGES_INIT;
	size_t i;
	int ret = -1;

	*out = NULL;
	if (vg_tree_of_commit(g->repo, p, &tp) < 0 || vg_tree_of_commit(g->repo, c, &tc) < 0 ||
	    vg_repo_diff(g->repo, tp, tc, &ch) < 0)
		goto done;
	for (i = 0; i < ch.nr; i++) {
		const struct vg_change *x = &ch.items[i];

		if (x->new_path && x->old_path && !strcmp(x->new_path, path) &&
		    strcmp(x->old_path, path)) {
			*out = vg_strdup(x->old_path);
			if (!*out)
				goto done;
			break;
		}
	}
	ret = 0;
done:
	vg_changes_release(&ch);
	vg_tree_free(tc);
	vg_tree_free(tp);
	return ret;
}

/*
 * The baseline path of a file that commit from has at path and the
 * baseline base has not: the first-parent commit that brought path in is
 * found by bisection (a path, once there, stays), and if it renamed
 * another file (git's similarity), that file is followed in turn.
 * *out is newly allocated, NULL when the file is new since the baseline.
 */
struct has_path {
	struct vg_gate *g;
	const char *path;
};

static int snapshot_has_path(const struct vg_oid *id, void *ctx)
{
	const struct has_path *h = ctx;

	return commit_has(h->g, id, h->path);
}

static int find_origin(struct vg_gate *g, const struct vg_oid *base, struct vg_tree *base_tree,
		       const struct vg_oid *from, const char *path, int depth, char **out)
{
	struct has_path h = { g, path };
	struct vg_oid first, cp, blob;
	char *q = NULL;
	int r, ret = -1;

	*out = NULL;
	/* from has path, the baseline has not: the first commit that has it */
	r = vg_gate_bisect_line(g, from, base, ORIGIN_MAX_WALK, snapshot_has_path, &h, &first, &cp);
	if (r <= 0)
		return r;
	if (renamed_from(g, &first, &cp, path, &q) < 0)
		goto done;
	if (!q) {
		ret = 0;
		goto done;
	}
	r = vg_tree_blob_id(base_tree, q, &blob);
	if (r < 0)
		goto done;
	if (r) {
		*out = q;
		q = NULL;
	} else if (depth < ORIGIN_MAX_DEPTH &&
		   find_origin(g, base, base_tree, &cp, q, depth + 1, out) < 0) {
		goto done;
	}
	ret = 0;
done:
	free(q);
	return ret;
}

/*
 * The baseline's path of a file the parent has at path and the baseline
 * has not (renamed since the release, maybe more than once): *out is
 * borrowed from the gate, NULL when there is none (a new file).
 */
int vg_gate_base_origin(struct judge *j, const char *path, const char **out)
{
	struct vg_gate *g = j->g;
	struct origin *o;
	char *found = NULL;
	size_t i;

	*out = NULL;
	if (!j->base_id || !j->parent_id)
		return 0;
	for (i = 0; i < g->nr_origins; i++) {
		o = &g->origins[i];
		if (vg_oid_equal(&o->base, j->base_id) && !strcmp(o->path, path)) {
			*out = o->origin;
			return 0;
		}
	}
	if (find_origin(g, j->base_id, j->base, j->parent_id, path, 0, &found) < 0)
		return -1;
	if (VG_GROW(g->origins, g->alloc_origins, g->nr_origins + 1) < 0) {
		free(found);
		return -1;
	}
	o = &g->origins[g->nr_origins];
	o->base = *j->base_id;
	o->origin = found;
	o->path = vg_strdup(path);
	if (!o->path) {
		free(found);
		return -1;
	}
	g->nr_origins++;
	*out = o->origin;
	return 0;
}

static int in_list(const char *s, const char *const *list, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

/*
 * The findings of comparing the baseline's old_file with new_file of
 * tree (the child, or the parent) that concern the sections named (the
 * descriptions moved from one to the other), and nothing of the move
 * itself (its addition and removal). *found is 0 when either file is
 * absent (out untouched).
 */
static int compare_sections(struct judge *j, const char *old_file, struct vg_tree *tree,
			    const char *new_file, const char *const *sections, size_t nr_sections,
			    struct vg_findings *out, int *found)
{
	struct vg_findings moved = VG_FINDINGS_INIT;
	struct hside ho = HSIDE_INIT, hn = HSIDE_INIT;
	char *old = NULL, *new_ = NULL;
	size_t old_len = 0, new_len = 0, m, keep;
	int ret = -1;

	*found = 0;
	if (vg_tree_read(j->base, old_file, &old, &old_len) < 0 ||
	    vg_tree_read(tree, new_file, &new_, &new_len) < 0)
		goto done;
	if (!old || !new_) {
		ret = 0;
		goto done;
	}
	if (vg_gate_hside_build(j->g, j->base, old_file, old, old_len, &ho) < 0 ||
	    vg_gate_hside_build(j->g, tree, new_file, new_, new_len, &hn) < 0 ||
	    vg_gate_source_diff(j, old_file, old, old_len, &ho, new_file, new_, new_len, &hn,
			&moved) < 0)
		goto done;
	for (m = 0, keep = 0; m < moved.nr; m++) {
		struct vg_finding *f = &moved.items[m];

		if (!f->section || !in_list(f->section, sections, nr_sections) ||
		    f->rule == VG_RULE_SECTION_ADDED ||
		    f->rule == VG_RULE_DESCRIPTION_REMOVED ||
		    vg_finding_set(&f->commit, j->commit) < 0) {
			vg_finding_release(f);
			continue;
		}
		moved.items[keep++] = *f;
	}
	moved.nr = keep;
	moved.files_scanned = moved.sections_compared = 0;
	moved.descriptions_compared = 0;
	if (vg_findings_splice(out, &moved) < 0)
		goto done;
	*found = 1;
	ret = 0;
done:
	free(old);
	free(new_);
	vg_gate_hside_release(&ho);
	vg_gate_hside_release(&hn);
	vg_findings_release(&moved);
	return ret;
}

/* compare_sections() for one section, in the child. */
static int compare_moved(struct judge *j, const char *old_file, const char *new_file,
			 const char *section, struct vg_findings *out, int *found)
{
	return compare_sections(j, old_file, j->child, new_file, &section, 1, out, found);
}

/* Drop the findings marked VG_RULE__COUNT from out[start...]. */
static void drop_marked(struct vg_findings *out, size_t start)
{
	size_t i, keep;

	for (i = start, keep = start; i < out->nr; i++) {
		if (out->items[i].rule == VG_RULE__COUNT) {
			vg_finding_release(&out->items[i]);
			continue;
		}
		out->items[keep++] = out->items[i];
	}
	out->nr = keep;
}

/*
 * A description that a change moves from one file to another shows up as
 * removed from the first and added to the second: compare the old
 * definition with the new one instead, and keep what that finds.
 */
int vg_gate_pair_moves(struct judge *j, struct vg_findings *out, size_t start)
{
	size_t i, k;
	int ret = -1;

	for (i = start; i < out->nr; i++) {
		struct vg_finding *r = &out->items[i];

		if (r->rule != VG_RULE_DESCRIPTION_REMOVED || !r->section || !r->old_file ||
		    r->waived_by)
			continue;
		for (k = start; k < out->nr; k++) {
			struct vg_finding *a = &out->items[k];
			struct vg_findings moved = VG_FINDINGS_INIT;
			int found;

			if (a->rule != VG_RULE_SECTION_ADDED || !a->section || !a->file ||
			    strcmp(a->section, r->section) || !strcmp(a->file, r->old_file))
				continue;
			if (compare_moved(j, r->old_file, a->file, r->section, &moved, &found) < 0) {
				vg_findings_release(&moved);
				goto done;
			}
			if (!found)
				continue;
			/* Drop the removal and the addition (marked, compacted below). */
			r->rule = a->rule = VG_RULE__COUNT;
			if (vg_findings_splice(out, &moved) < 0) {
				vg_findings_release(&moved);
				goto done;
			}
			r = &out->items[i];
			break;
		}
	}
	ret = 0;
done:
	drop_marked(out, start);
	return ret;
}

/* Definitions found by .name in other files of a tree. */

/*
 * Where a description of the file at path may be defined elsewhere:
 * target/X/ for a target's files (every target has its "cpu"), else the
 * file's top directory (hw/ppc/ and hw/intc/ share hw/). Length of the
 * prefix, its '/' included; 0: the whole tree.
 */
static size_t search_scope(const char *path)
{
	const char *s = strchr(path, '/');

	if (!s)
		return 0;
	if (!strncmp(path, "target/", 7) && strchr(path + 7, '/'))
		return (size_t)(strchr(path + 7, '/') - path) + 1;
	return (size_t)(s - path) + 1;
}

struct name_grep {
	struct vg_gate *g;
	const char *prefix;
	size_t prefix_len;
	char *needle;           /* "NAME", quotes included */
	size_t needle_len;
	char **paths;
	size_t nr, alloc;
};

static int name_grep_cb(const char *path, const struct vg_oid *blob, void *payload)
{
	struct name_grep *ng = payload;
	char *buf = NULL;
	size_t len = 0;
	int hit;

	if (strncmp(path, ng->prefix, ng->prefix_len) || !vg_gate_is_source(path))
		return 0;
	if (vg_repo_read_blob(ng->g->repo, blob, &buf, &len) < 0)
		return -1;
	hit = memmem(buf, len, ng->needle, ng->needle_len) && vg_gate_has_vmstate(buf, len);
	free(buf);
	if (!hit)
		return 0;
	if (VG_GROW(ng->paths, ng->alloc, ng->nr + 1) < 0 ||
	    !(ng->paths[ng->nr] = vg_strdup(path)))
		return -1;
	ng->nr++;
	return 0;
}

static void name_grep_release(struct name_grep *ng)
{
	size_t i;

	for (i = 0; i < ng->nr; i++)
		free(ng->paths[i]);
	free(ng->paths);
	free(ng->needle);
	memset(ng, 0, sizeof(*ng));
}

/*
 * The files of tree under the first scope bytes of near that mention
 * "name" (quoted) and may define VMState: a cheap prefilter, the caller
 * scans the hits. Files of near's own directory come first.
 */
static int grep_name(struct vg_gate *g, struct vg_tree *tree, const char *near,
		     const char *name, struct name_grep *ng)
{
	size_t i, front = 0;

	memset(ng, 0, sizeof(*ng));
	ng->g = g;
	ng->prefix = near;
	ng->prefix_len = search_scope(near);
	if (!(ng->needle = vg_asprintf("\"%s\"", name)))
		return -1;
	ng->needle_len = strlen(ng->needle);
	if (vg_tree_foreach_file(tree, NULL, name_grep_cb, ng) != 0)
		return -1;
	for (i = 0; i < ng->nr; i++) {
		if (vg_gate_same_dir(ng->paths[i], near)) {
			char *t = ng->paths[front];

			ng->paths[front++] = ng->paths[i];
			ng->paths[i] = t;
		}
	}
	return 0;
}

/* Does the file at path of tree register a description named name? */
static int defines_section(struct vg_gate *g, struct vg_tree *tree, const char *path,
			   const char *name)
{
	struct vg_scan_opts so;
	struct vg_scan_result sr = VG_SCAN_RESULT_INIT;
	struct vg_findings warn = VG_FINDINGS_INIT;
	char *buf = NULL;
	size_t len = 0, i;
	int ret = -1;

	(void)g;
	memset(&so, 0, sizeof(so));
	if (vg_tree_read(tree, path, &buf, &len) < 0)
		return -1;
	if (!buf)
		return 0;
	if (vg_scan_buffer(&so, path, buf, len, &sr, &warn) < 0)
		goto done;
	ret = 0;
	for (i = 0; i < sr.nr && !ret; i++)
		ret = sr.defs[i].toplevel && sr.defs[i].desc.name &&
		      !strcmp(sr.defs[i].desc.name, name);
done:
	vg_scan_result_release(&sr);
	vg_findings_release(&warn);
	free(buf);
	return ret;
}

static int has_errors(const struct vg_findings *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		if (list->items[i].severity == VG_SEV_ERROR && !list->items[i].waived_by)
			return 1;
	return 0;
}

/*
 * A description removed from one file while another file of the child
 * still registers a section of the same .name (QEMU 24ee9229fe dropped a
 * dummy "icp/server" from hw/ppc/spapr.c, hw/intc/xics.c still defines
 * it): the section survives, compare the removed definition with the one
 * that remains. The first remaining definition that the removed one
 * migrates to cleanly wins; otherwise the nearest one's findings are
 * reported instead of the removal.
 */
int vg_gate_survivors(struct judge *j, struct vg_findings *out, size_t start)
{
	size_t i, k, n = out->nr;
	int ret = -1;

	for (i = start; i < n; i++) {
		struct vg_finding *r = &out->items[i];
		struct vg_findings best = VG_FINDINGS_INIT;
		struct name_grep ng;
		int have = 0;

		if (r->rule != VG_RULE_DESCRIPTION_REMOVED || !r->section || !r->desc ||
		    !r->old_file || r->waived_by || strcmp(r->section, r->desc))
			continue;
		if (grep_name(j->g, j->child, r->old_file, r->desc, &ng) < 0) {
			name_grep_release(&ng);
			goto done;
		}
		for (k = 0; k < ng.nr; k++) {
			struct vg_findings moved = VG_FINDINGS_INIT;
			int found, def = defines_section(j->g, j->child, ng.paths[k], r->desc);

			if (def < 0 ||
			    (def && compare_moved(j, r->old_file, ng.paths[k], r->section,
						  &moved, &found) < 0)) {
				vg_findings_release(&moved);
				vg_findings_release(&best);
				name_grep_release(&ng);
				goto done;
			}
			if (!def || !found)
				continue;
			if (!have || (has_errors(&best) && !has_errors(&moved))) {
				vg_findings_release(&best);
				best = moved;
				have = 1;
			} else {
				vg_findings_release(&moved);
			}
			if (!has_errors(&best))
				break;
		}
		name_grep_release(&ng);
		if (!have)
			continue;
		r->rule = VG_RULE__COUNT;
		best.sections_compared = 1;
		if (vg_findings_splice(out, &best) < 0) {
			vg_findings_release(&best);
			goto done;
		}
	}
	ret = 0;
done:
	drop_marked(out, start);
	return ret;
}

/*
 * Call fn for every "NAME" of a `.name = "NAME"` in text: the candidates
 * for descriptions (TypeInfo names are mostly macros; a false candidate
 * is confirmed or refuted by a scan).
 */
static int foreach_quoted_name(const char *text, size_t len,
			       int (*fn)(const char *name, size_t n, void *payload), void *payload)
{
	const char *p = text, *end = text + len;

	while (p < end && (p = memmem(p, (size_t)(end - p), ".name", 5))) {
		const char *q = p + 5, *e;

		p += 5;
		if (q < end && (isalnum((unsigned char)*q) || *q == '_'))
			continue;
		while (q < end && isspace((unsigned char)*q))
			q++;
		if (q >= end || *q != '=')
			continue;
		q++;
		while (q < end && isspace((unsigned char)*q))
			q++;
		if (q >= end || *q != '"')
			continue;
		q++;
		for (e = q; e < end && *e != '"' && *e != '\n' && *e != '\\'; e++)
			;
		if (e >= end || *e != '"' || e == q)
			continue;
		if (fn(q, (size_t)(e - q), payload) < 0)
			return -1;
		p = e + 1;
	}
	return 0;
}

struct bname_ctx {
	struct vg_gate *g;
	const char *path;
};

static int bname_add(const char *name, size_t n, void *payload)
{
	struct bname_ctx *c = payload;
	struct vg_gate *g = c->g;
	struct bname *b;

	if (VG_GROW(g->bnames, g->alloc_bnames, g->nr_bnames + 1) < 0)
		return -1;
	b = &g->bnames[g->nr_bnames];
	b->name = vg_strndup(name, n);
	b->path = vg_strdup(c->path);
	if (!b->name || !b->path) {
		free(b->name);
		free(b->path);
		return -1;
	}
	g->nr_bnames++;
	return 0;
}

static int bname_cb(const char *path, const struct vg_oid *blob, void *payload)
{
	struct bname_ctx *c = payload;
	char *buf = NULL;
	size_t len = 0;
	int r = 0;

	if (!vg_gate_is_source(path))
		return 0;
	if (vg_repo_read_blob(c->g->repo, blob, &buf, &len) < 0)
		return -1;
	if (vg_gate_has_vmstate(buf, len)) {
		c->path = path;
		r = foreach_quoted_name(buf, len, bname_add, c);
	}
	free(buf);
	return r;
}

static int bname_cmp(const void *a, const void *b)
{
	const struct bname *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->path, y->path);
}

/* The baseline's .name index, read once per baseline tree. */
static int bnames_build(struct vg_gate *g, struct vg_tree *base)
{
	struct bname_ctx c = { g, NULL };
	struct vg_oid tid;
	size_t i;

	if (!vg_tree_id(base, &tid))
		memset(&tid, 0, sizeof(tid));
	if (g->bnames_built && vg_oid_equal(&tid, &g->bnames_tree))
		return 0;
	for (i = 0; i < g->nr_bnames; i++) {
		free(g->bnames[i].name);
		free(g->bnames[i].path);
	}
	g->nr_bnames = 0;
	g->bnames_built = 0;
	if (vg_tree_foreach_file(base, NULL, bname_cb, &c) != 0)
		return -1;
	if (g->nr_bnames > 1)
		qsort(g->bnames, g->nr_bnames, sizeof(*g->bnames), bname_cmp);
	g->bnames_tree = tid;
	g->bnames_built = 1;
	return 0;
}

/* A description of a file new since the release, defined in the baseline. */
struct moved_in {
	char *name;
	const char *base_path;  /* borrowed from the gate's index */
};

struct moved_ctx {
	struct judge *j;
	const char *path;       /* the file with no baseline copy */
	struct moved_in *v;
	size_t nr, alloc;
};

/*
 * The baseline file that defines name, nearest to c->path (its own
 * directory first, then within search_scope()), confirmed by a scan of
 * both files: the name is a section of each.
 */
static int moved_candidate(const char *name, size_t n, void *payload)
{
	struct moved_ctx *c = payload;
	struct judge *j = c->j;
	struct vg_gate *g = j->g;
	size_t lo = 0, hi = g->nr_bnames, i, scope = search_scope(c->path);
	char *key = NULL;
	int r, ret = -1;

	for (i = 0; i < c->nr; i++)
		if (strlen(c->v[i].name) == n && !memcmp(c->v[i].name, name, n))
			return 0;
	if (!(key = vg_strndup(name, n)))
		return -1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(g->bnames[mid].name, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < g->nr_bnames && !strcmp(g->bnames[hi].name, key); hi++)
		;
	if (lo == hi) {
		ret = 0;
		goto done;
	}
	r = defines_section(g, j->child, c->path, key);
	if (r <= 0) {
		ret = r;
		goto done;
	}
	/* Two passes: the file's own directory, then the rest of the scope. */
	for (r = 0; r < 2; r++) {
		for (i = lo; i < hi; i++) {
			const char *bp = g->bnames[i].path;
			int def;

			if (strncmp(bp, c->path, scope) || !strcmp(bp, c->path) ||
			    vg_gate_same_dir(bp, c->path) != !r)
				continue;
			def = defines_section(g, j->base, bp, key);
			if (def < 0)
				goto done;
			if (!def)
				continue;
			if (VG_GROW(c->v, c->alloc, c->nr + 1) < 0)
				goto done;
			c->v[c->nr].name = key;
			c->v[c->nr].base_path = bp;
			c->nr++;
			return 0;
		}
	}
	ret = 0;
done:
	free(key);
	return ret;
}

/*
 * A file with no baseline copy (new since the release, not a git rename
 * of a baseline file) that defines sections the baseline defines in
 * another file: descriptions moved in by an earlier commit. Each is
 * compared with its baseline definition, in the child and in the parent,
 * and what the child adds goes to extra; its section-added findings in
 * after are dropped (the section is not new).
 */
int vg_gate_by_name(struct judge *j, const struct unit *u, const char *new_, size_t new_len,
		    struct vg_findings *after, struct vg_findings *extra)
{
	struct moved_ctx c;
	const char **names = NULL;
	size_t i, k, keep;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.j = j;
	c.path = u->new_path;
	if (!vg_scan_may_define(new_, new_len))
		return 0;
	if (bnames_build(j->g, j->base) < 0 ||
	    foreach_quoted_name(new_, new_len, moved_candidate, &c) < 0)
		goto done;
	if (!c.nr) {
		ret = 0;
		goto done;
	}
	if (!(names = vg_calloc(c.nr, sizeof(*names))))
		goto done;
	/* One comparison per baseline file, for all the sections it gave. */
	for (i = 0; i < c.nr; i++) {
		struct vg_findings now = VG_FINDINGS_INIT, then = VG_FINDINGS_INIT;
		size_t nr = 0;
		int found, err;

		if (!c.v[i].base_path)
			continue;
		for (k = i; k < c.nr; k++) {
			if (c.v[k].base_path && !strcmp(c.v[k].base_path, c.v[i].base_path)) {
				names[nr++] = c.v[k].name;
				if (k != i)
					c.v[k].base_path = NULL;
			}
		}
		err = compare_sections(j, c.v[i].base_path, j->child, u->new_path, names, nr,
				       &now, &found) < 0 ||
		      (u->old_path &&
		       compare_sections(j, c.v[i].base_path, j->parent, u->old_path, names, nr,
					&then, &found) < 0);
		if (!err) {
			vg_gate_subtract(&now, &then);
			err = vg_findings_splice(extra, &now) < 0;
		}
		vg_findings_release(&now);
		vg_findings_release(&then);
		if (err)
			goto done;
	}
	for (i = 0, keep = 0; i < after->nr; i++) {
		struct vg_finding *f = &after->items[i];
		int drop = 0;

		for (k = 0; k < c.nr && !drop; k++)
			drop = f->rule == VG_RULE_SECTION_ADDED && f->section &&
			       !strcmp(f->section, c.v[k].name);
		if (drop) {
			vg_finding_release(f);
			continue;
		}
		after->items[keep++] = *f;
	}
	after->nr = keep;
	ret = 0;
done:
	for (i = 0; i < c.nr; i++)
		free(c.v[i].name);
	free(c.v);
	free(names);
	return ret;
}

/* Nested descriptions defined in another file of the change. */

static const struct vg_scan_result *xdef_scan(struct judge *j, struct vg_tree *tree,
					      const char *path)
{
	struct vg_scan_opts so;
	struct vg_findings warn = VG_FINDINGS_INIT;
	struct vg_oid blob;
	struct xdef *x;
	char *buf = NULL;
	size_t len = 0, i;
	int r;

	if (!path || (r = vg_tree_blob_id(tree, path, &blob)) <= 0)
		return NULL;
	for (i = 0; i < j->nr_xdefs; i++)
		if (vg_oid_equal(&j->xdefs[i].blob, &blob))
			return &j->xdefs[i].res;
	if (VG_GROW(j->xdefs, j->alloc_xdefs, j->nr_xdefs + 1) < 0)
		return NULL;
	x = &j->xdefs[j->nr_xdefs];
	memset(x, 0, sizeof(*x));
	x->blob = blob;
	memset(&so, 0, sizeof(so));
	if (!(so.macros = vg_gate_catalogue(j->g)))
		return NULL;
	so.cache = j->g->scan_cache;
	if (vg_repo_read_blob(j->g->repo, &blob, &buf, &len) < 0)
		return NULL;
	r = vg_scan_may_define(buf, len) ? vg_scan_buffer(&so, path, buf, len, &x->res, &warn) : 0;
	free(buf);
	vg_findings_release(&warn);
	if (r < 0) {
		vg_scan_result_release(&x->res);
		return NULL;
	}
	j->nr_xdefs++;
	return &x->res;
}

/*
 * The definition of var in a file the change touches, as tree has it (a
 * nested core split out into another file in the same change), or NULL.
 */
const struct vg_desc *vg_gate_resolve_nested(struct judge *j, struct vg_tree *tree,
					     const char *var)
{
	size_t i, k, n;

	for (i = 0; i < j->nr_units; i++) {
		const char *paths[2] = { j->units[i].new_path, j->units[i].old_path };

		n = paths[1] && paths[0] && !strcmp(paths[0], paths[1]) ? 1 : 2;
		for (k = 0; k < n; k++) {
			const struct vg_scan_result *r = xdef_scan(j, tree, paths[k]);
			size_t d;

			for (d = 0; r && d < r->nr; d++)
				if (r->defs[d].desc.var && !strcmp(r->defs[d].desc.var, var))
					return &r->defs[d].desc;
		}
	}
	return NULL;
}

void vg_gate_xdefs_release(struct judge *j)
{
	size_t i;

	for (i = 0; i < j->nr_xdefs; i++)
		vg_scan_result_release(&j->xdefs[i].res);
	free(j->xdefs);
	j->xdefs = NULL;
	j->nr_xdefs = j->alloc_xdefs = 0;
}
