#include "compare/compare.h"
#include "core/rules.h"
#include "core/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * See compare.h for the method. Terms: a "leaf" is a field that puts
 * bytes on the wire by itself (not a struct); a "node" is one description
 * in the flattened stream (the root, or a struct field's nested
 * description, expanded in place).
 */

#define MAX_NESTING 32          /* struct-in-struct depth (cycles in sources) */
#define DP_MAX_CELLS (1u << 22) /* realignment table cap: 16 MB of scores */
#define PAD_RUN 16              /* longest run consumed against padding */
#define RELAYOUT_RUN 32         /* longest pair of runs regrouping the same bytes */
#define NEAR 8                  /* window for "this name is just shifted" */

/*
 * How a leaf is paired: same bytes, different bytes, bytes that cannot be
 * compared (a symbolic size at source level), or one of a run of leaves
 * covering the same bytes as a run on the other side (padding or relayout).
 */
enum pair_kind { PAIR_NONE, PAIR_EQUAL, PAIR_SIZE, PAIR_UNSURE, PAIR_PAD };

/* Wire comparison of two leaves. */
enum wire { WIRE_DIFF, WIRE_EQUAL, WIRE_UNSURE };

struct node {
	const struct vg_desc *desc;
	const struct vg_field *via;  /* struct field embedding it; NULL at the root */
	int parent;
	int depth;
	int pair;                    /* node on the other side, or -1 */
	int nleaves;
	size_t first_leaf, end_leaf; /* its subtree's leaves (DFS order) */
};

struct leaf {
	const struct vg_field *f;
	int node;
	int cond;                    /* a field_exists test decides (own or a struct's) */
	int variable;                /* byte count decided at run time */
	int unknown;                 /* size unknown (source level) */
	unsigned long long elem;     /* element size */
	long long count;             /* elements incl. enclosing struct arrays; -1 unknown */
	int pair;                    /* leaf index on the other side, or -1 */
	enum pair_kind how;
	int pad_run;                 /* first leaf of its run (PAIR_PAD) */
	int same_name;               /* paired with a leaf of the same name */
	int reported;
};

struct side {
	struct leaf *leaves;
	size_t nr, alloc;
	struct node *nodes;
	size_t nr_nodes, alloc_nodes;
	int counts_known;
	const char *file;
};

struct cmp {
	const struct vg_compare_ctx *ctx;
	struct vg_findings *out;
	struct side s, d;
	int failed;
	int memo_s, memo_d, memo_same;  /* last same_chain() answer */
	char *item;                     /* last leaf_item() string */
	/*
	 * Per leaf, the leaf of the same name on the other side: its index,
	 * -1 when none, -2 when several (computed on first use by relayouts).
	 */
	int *s_twin, *d_twin;
};

/* Findings. */

static const char *nz(const char *s)
{
	return s ? s : "?";
}

static struct vg_finding *add(struct cmp *c, enum vg_rule rule, const char *desc,
			      const char *item, const char *oldv, const char *newv,
			      const char *msg)
{
	struct vg_finding *f = vg_findings_add(c->out, rule, c->ctx->section, desc, item,
					       oldv, newv, "%s", msg);

	if (!f)
		c->failed = 1;
	return f;
}

/* Locations for the source level: dst file:line, src file:line for removals. */
static void locate(struct cmp *c, struct vg_finding *f, const struct vg_field *sf,
		   const struct vg_field *df)
{
	if (!f)
		return;
	if (df && df->line && c->ctx->dst_file) {
		if (vg_finding_set(&f->file, c->ctx->dst_file) < 0)
			c->failed = 1;
		f->line = df->line;
	}
	if (sf && sf->line && c->ctx->src_file) {
		if (vg_finding_set(&f->old_file, c->ctx->src_file) < 0)
			c->failed = 1;
		f->old_line = sf->line;
	}
}

static void locate_desc(struct cmp *c, struct vg_finding *f, const struct vg_desc *sd,
			const struct vg_desc *dd)
{
	if (!f)
		return;
	if (dd && dd->line && c->ctx->dst_file) {
		if (vg_finding_set(&f->file, c->ctx->dst_file) < 0)
			c->failed = 1;
		f->line = dd->line;
	}
	if (sd && sd->line && c->ctx->src_file) {
		if (vg_finding_set(&f->old_file, c->ctx->src_file) < 0)
			c->failed = 1;
		f->old_line = sd->line;
	}
}

#define MSG(...) vg_asprintf(__VA_ARGS__)

/* Emit one finding with a formatted message and optional values. */
static struct vg_finding *emit(struct cmp *c, enum vg_rule rule, const char *desc,
			       const char *item, const char *oldv, const char *newv,
			       char *msg)
{
	struct vg_finding *f;

	if (!msg) {
		c->failed = 1;
		return NULL;
	}
	f = add(c, rule, desc, item, oldv, newv, msg);
	free(msg);
	return f;
}

static char *num_str(long long v)
{
	return vg_asprintf("%lld", v);
}

/* Flattening. */

static int add_node(struct side *sd, const struct vg_desc *desc, const struct vg_field *via,
		    int parent, int depth)
{
	struct node *n;

	if (VG_GROW(sd->nodes, sd->alloc_nodes, sd->nr_nodes + 1) < 0)
		return -1;
	n = &sd->nodes[sd->nr_nodes];
	n->desc = desc;
	n->via = via;
	n->parent = parent;
	n->depth = depth;
	n->pair = -1;
	n->nleaves = 0;
	n->first_leaf = n->end_leaf = sd->nr;
	return (int)sd->nr_nodes++;
}

/* Elements of a field: num, 1 for a known scalar, -1 when unknown. */
static long long field_count(const struct side *sd, const struct vg_field *f)
{
	if (f->num >= 0)
		return f->num;
	/* VMSTATE_UNUSED's size is its byte count: never an array. */
	if ((sd->counts_known || f->is_unused) && !f->is_array)
		return 1;
	return -1;
}

/*
 * A field_exists test that is a function of the version alone (known at
 * source level) is decided at the version the description is loaded at:
 * 1 present, 0 absent; -1 when only the run time knows.
 */
static int test_decides(const struct vg_field *f, int version)
{
	if (!f->has_test || version < 0 || version >= 64 ||
	    !((f->test_known_mask >> version) & 1))
		return -1;
	return (int)((f->test_mask >> version) & 1);
}

static int flatten(struct side *sd, const struct vg_desc *d, int version, int node,
		   int cond, long long mult, int depth)
{
	size_t i;

	if (depth > MAX_NESTING)
		return vg_error("description '%s' nested more than %d levels deep",
				nz(d->name), MAX_NESTING);
	for (i = 0; i < d->nr_fields; i++) {
		const struct vg_field *f = &d->fields[i];
		long long count = field_count(sd, f);
		long long total = mult < 0 || count < 0 ? -1 : mult * count;
		int decided = test_decides(f, version);
		int fcond = cond || (f->has_test && decided < 0);
		struct leaf *l;

		/* Without a test, the version gate alone decides (facts 3.4). */
		if (decided == 0 || (!f->has_test && f->version_id > version))
			continue;
		if (f->desc) {
			int n = add_node(sd, f->desc, f, node, depth + 1);
			/* A VSTRUCT's description is loaded at its struct version. */
			int v = f->has_struct_version ? f->struct_version : f->desc->version_id;

			if (n < 0 || flatten(sd, f->desc, v, n, fcond, total, depth + 1) < 0)
				return -1;
			sd->nodes[n].end_leaf = sd->nr;
			continue;
		}
		if (VG_GROW(sd->leaves, sd->alloc, sd->nr + 1) < 0)
			return -1;
		l = &sd->leaves[sd->nr++];
		memset(l, 0, sizeof(*l));
		l->f = f;
		l->node = node;
		l->cond = fcond;
		l->variable = f->size_kind == VG_SIZE_VARIABLE;
		l->unknown = f->size_kind == VG_SIZE_UNKNOWN;
		l->elem = f->size;
		l->count = f->num == 0 ? 0 : total;
		l->pair = -1;
		sd->nodes[node].nleaves++;
	}
	return 0;
}

static void side_release(struct side *sd)
{
	free(sd->leaves);
	free(sd->nodes);
	memset(sd, 0, sizeof(*sd));
}

/* Wire equality of two leaves. */

static int is_fixed(const struct leaf *l)
{
	return !l->variable && !l->unknown;
}

/* Total bytes when known, else 0 (with *known = 0). */
static unsigned long long leaf_bytes(const struct leaf *l, int *known)
{
	*known = is_fixed(l) && l->count >= 0;
	return *known ? l->elem * (unsigned long long)l->count : 0;
}

/*
 * An error needs proof: a size the scanner could not evaluate (a symbol,
 * "sizeof(member)", a custom VMStateInfo) against anything but the same
 * text is undecidable, and so is an unknown size against a run-time one.
 */
static enum wire wire_cmp(const struct leaf *a, const struct leaf *b)
{
	if (a->unknown || b->unknown) {
		const char *x = a->f->size_expr, *y = b->f->size_expr;

		if (a->unknown && b->unknown &&
		    ((x && y && !strcmp(x, y)) || (!x && !y && a->elem == b->elem))) {
			/*
			 * The same element text under enclosing struct arrays of
			 * another known length: n * X != m * X is proof.
			 */
			if (a->count != b->count && a->count >= 0 && b->count >= 0)
				return WIRE_DIFF;
			return a->count == b->count ? WIRE_EQUAL : WIRE_UNSURE;
		}
		return WIRE_UNSURE;
	}
	if (a->variable || b->variable)
		return a->variable && b->variable ? WIRE_EQUAL : WIRE_DIFF;
	if (a->count >= 0 && b->count >= 0)
		return a->elem * (unsigned long long)a->count ==
		       b->elem * (unsigned long long)b->count ? WIRE_EQUAL : WIRE_DIFF;
	return a->elem == b->elem ? WIRE_EQUAL : WIRE_DIFF;
}

static enum pair_kind pair_kind_of(const struct leaf *a, const struct leaf *b)
{
	switch (wire_cmp(a, b)) {
	case WIRE_EQUAL:
		return PAIR_EQUAL;
	case WIRE_UNSURE:
		return PAIR_UNSURE;
	default:
		return PAIR_SIZE;
	}
}

static int same_name(const struct leaf *a, const struct leaf *b)
{
	return a->f->name && b->f->name && !strcmp(a->f->name, b->f->name);
}

/*
 * Padding: at (i, j), if one side's leaf is VMSTATE_UNUSED, find the
 * shortest runs starting there with the same total bytes, one of which is
 * all padding. Returns 1 and the run lengths, or 0.
 */
/* The leaves at i and j have the same name, or both sequences end there. */
static int names_meet(const struct side *S, size_t i, const struct side *D, size_t j)
{
	if (i >= S->nr || j >= D->nr)
		return i >= S->nr && j >= D->nr;
	return S->leaves[i].f->name && D->leaves[j].f->name &&
	       !strcmp(S->leaves[i].f->name, D->leaves[j].f->name);
}

/* Bytes for padding runs: a field of unknown count counts as one element. */
static unsigned long long pad_bytes(const struct leaf *l, int *known)
{
	*known = is_fixed(l);
	if (!*known)
		return 0;
	return l->count >= 0 ? l->elem * (unsigned long long)l->count : l->elem;
}

/* An integer that travels as one big-endian element (one byte if narrow). */
static int is_number(const struct leaf *l, int narrow)
{
	const char *e = l->f->encoding;

	return is_fixed(l) && !l->f->is_unused && l->count <= 1 && l->count != 0 &&
	       ((narrow && l->elem == 1) || l->elem == 2 || l->elem == 4 || l->elem == 8) &&
	       (!e || !strncmp(e, "int", 3) || !strncmp(e, "uint", 4));
}

/*
 * Narrowing behind padding: W[w] is a number, N[n..] is VMSTATE_UNUSED
 * padding followed by one number of the same name and test status, the
 * padding as long as the bytes the number lost. Big-endian, the padding
 * covers the old value's high-order bytes and the number its low-order
 * ones: the stream stays aligned and keeps the value while it fits
 * (facts 2.3, 2.5). Returns 1 and N's run length, or 0.
 */
static int narrow_run(const struct side *W, size_t w, const struct side *N, size_t n,
		      size_t *nn)
{
	const struct leaf *wide = &W->leaves[w];
	unsigned long long pad = 0;
	size_t k;
	int known;

	if (!is_number(wide, 0))
		return 0;
	for (k = n; k < N->nr && N->leaves[k].f->is_unused && k - n < PAD_RUN; k++) {
		pad += leaf_bytes(&N->leaves[k], &known);
		if (!known || N->leaves[k].cond != wide->cond)
			return 0;
	}
	if (k == n || k >= N->nr || !is_number(&N->leaves[k], 1) ||
	    !same_name(wide, &N->leaves[k]) || N->leaves[k].cond != wide->cond ||
	    pad + N->leaves[k].elem != wide->elem)
		return 0;
	*nn = k - n + 1;
	return 1;
}

static int pad_match(const struct side *S, size_t i, const struct side *D, size_t j,
		     size_t *ni, size_t *nj)
{
	unsigned long long a, b;
	size_t x = i, y = j, gi = 0, gj = 0;
	int ka, kb, s_unused = 1, d_unused = 1, general = 0, one = 0;

	if (!S->leaves[i].f->is_unused && !D->leaves[j].f->is_unused)
		return 0;
	if (narrow_run(S, i, D, j, nj)) {
		*ni = 1;
		return 1;
	}
	if (narrow_run(D, j, S, i, ni)) {
		*nj = 1;
		return 1;
	}
	a = pad_bytes(&S->leaves[x], &ka);
	b = pad_bytes(&D->leaves[y], &kb);
	if (!ka || !kb)
		return 0;
	s_unused = S->leaves[x].f->is_unused;
	d_unused = D->leaves[y].f->is_unused;
	x++;
	y++;
	while (a != b) {
		if (x - i + y - j > PAD_RUN)
			break;
		if (a < b) {
			if (x >= S->nr)
				break;
			a += pad_bytes(&S->leaves[x], &ka);
			s_unused &= S->leaves[x].f->is_unused;
			x++;
		} else {
			if (y >= D->nr)
				break;
			b += pad_bytes(&D->leaves[y], &kb);
			d_unused &= D->leaves[y].f->is_unused;
			y++;
		}
		if (!ka || !kb)
			break;
	}
	if (a == b && ka && kb && (s_unused || d_unused)) {
		gi = x - i;
		gj = y - j;
		general = 1;
	}
	if (S->leaves[i].f->is_unused != D->leaves[j].f->is_unused) {
		/*
		 * One field whose element count is unknown (7.2 dumps have no
		 * "num") against padding: compare element sizes only, as for
		 * any other pair of such fields.
		 */
		const struct leaf *u = S->leaves[i].f->is_unused ? &S->leaves[i] : &D->leaves[j];
		const struct leaf *o = u == &S->leaves[i] ? &D->leaves[j] : &S->leaves[i];

		a = leaf_bytes(u, &ka);
		one = ka && is_fixed(o) && o->count < 0 && o->elem && a % o->elem == 0;
	}
	/* Both fit: take the one after which the names line up again. */
	if (general && one && !names_meet(S, i + gi, D, j + gj) && names_meet(S, i + 1, D, j + 1))
		general = 0;
	if (general) {
		*ni = gi;
		*nj = gj;
		return 1;
	}
	if (one) {
		*ni = *nj = 1;
		return 1;
	}
	return 0;
}

/* Per leaf of A, the leaf of B with the same name: index, -1 none, -2 several. */
static int *twins(const struct side *A, const struct side *B)
{
	int *t = vg_malloc((A->nr + 1) * sizeof(*t));
	size_t i, k;

	if (!t)
		return NULL;
	for (i = 0; i < A->nr; i++) {
		const char *n = A->leaves[i].f->name;

		t[i] = -1;
		for (k = 0; n && k < B->nr && t[i] != -2; k++)
			if (B->leaves[k].f->name && !strcmp(n, B->leaves[k].f->name))
				t[i] = t[i] == -1 ? (int)k : -2;
	}
	return t;
}

/*
 * A field that keeps its name across a relayout keeps its meaning only if
 * it starts at the same offset and either keeps its element size (an
 * array that lost or gained trailing elements) or is a byte string (a
 * buffer cut short keeps its prefix). A multi-byte number that changed
 * width reads the old value's high-order bytes (big-endian): not a
 * relayout but a size change.
 */
static int is_byte_string(const struct leaf *l)
{
	if (l->f->encoding)
		return !strcmp(l->f->encoding, "buffer") || l->elem == 1;
	return l->elem == 1 || (l->count == 1 && l->elem > 8);
}

static int keeps_meaning(const struct leaf *a, unsigned long long aoff, const struct leaf *b,
			 unsigned long long boff)
{
	if (aoff != boff)
		return 0;
	return a->elem == b->elem || (is_byte_string(a) && is_byte_string(b));
}

/*
 * Names in the runs S[i..x) and D[j..y): a name on both sides must be in
 * both runs, once, at the same offset, with its meaning kept; a name in
 * one run that appears elsewhere on the other side means fields moved
 * (a reorder), which is a break, not a relayout. At least one field must
 * be in both runs: the one that was cut or grown (the anchor).
 */
static int relayout_names_ok(struct cmp *c, size_t i, size_t x, size_t j, size_t y)
{
	const struct side *S = &c->s, *D = &c->d;
	unsigned long long off = 0, toff;
	size_t k, t;
	int kn, anchored = 0;

	if (!c->s_twin) {
		c->s_twin = twins(S, D);
		c->d_twin = twins(D, S);
		if (!c->s_twin || !c->d_twin) {
			c->failed = 1;
			return 0;
		}
	}
	for (k = i; k < x; off += leaf_bytes(&S->leaves[k], &kn), k++) {
		int tw = c->s_twin[k];

		if (S->leaves[k].f->is_unused || tw == -1)
			continue;
		if (tw < 0 || (size_t)tw < j || (size_t)tw >= y)
			return 0;
		for (toff = 0, t = j; t < (size_t)tw; t++)
			toff += leaf_bytes(&D->leaves[t], &kn);
		if (D->leaves[tw].f->is_unused ||
		    !keeps_meaning(&S->leaves[k], off, &D->leaves[tw], toff))
			return 0;
		anchored = 1;
	}
	for (k = j; k < y; k++) {
		int tw = c->d_twin[k];

		if (D->leaves[k].f->is_unused || tw == -1)
			continue;
		if (tw < 0 || (size_t)tw < i || (size_t)tw >= x)
			return 0;
	}
	/*
	 * Without a field common to both runs the bytes adding up proves
	 * nothing: a removal plus insertions that happen to be as long (QEMU
	 * cbf62eef84ab dropped an 8-byte timer where four new fields begin).
	 */
	return anchored;
}

/*
 * Relayout: the shortest runs from S[i] and D[j], of more than one leaf
 * together, whose fixed sizes add up to the same bytes, with the same
 * field_exists status throughout and names that keep their meaning
 * (relayout_names_ok). The destination reads the same bytes, grouped
 * differently. Returns 1 and the run lengths, or 0.
 */
static int relayout_match(struct cmp *c, size_t i, size_t j, size_t *ni, size_t *nj)
{
	const struct side *S = &c->s, *D = &c->d;
	unsigned long long a, b;
	size_t x = i, y = j, k;
	int ka, kb, cond = S->leaves[i].cond;

	a = leaf_bytes(&S->leaves[x++], &ka);
	b = leaf_bytes(&D->leaves[y++], &kb);
	if (!ka || !kb || a == b)
		return 0;
	while (a != b) {
		if (x - i + y - j >= RELAYOUT_RUN)
			return 0;
		if (a < b) {
			if (x >= S->nr)
				return 0;
			a += leaf_bytes(&S->leaves[x++], &ka);
		} else {
			if (y >= D->nr)
				return 0;
			b += leaf_bytes(&D->leaves[y++], &kb);
		}
		if (!ka || !kb)
			return 0;
	}
	for (k = i; k < x; k++)
		if (S->leaves[k].cond != cond)
			return 0;
	for (k = j; k < y; k++)
		if (D->leaves[k].cond != cond)
			return 0;
	if (!relayout_names_ok(c, i, x, j, y))
		return 0;
	*ni = x - i;
	*nj = y - j;
	return 1;
}

#define PAD_SCORE 6
#define RELAYOUT_SCORE 4

/* A padding run, else a relayout, at (i, j): its score per leaf, or 0. */
static int run_match(struct cmp *c, size_t i, size_t j, size_t *ni, size_t *nj)
{
	if (pad_match(&c->s, i, &c->d, j, ni, nj))
		return PAD_SCORE;
	if (relayout_match(c, i, j, ni, nj))
		return RELAYOUT_SCORE;
	return 0;
}

static void pair_leaves(struct cmp *c, size_t i, size_t j, enum pair_kind how, int nm)
{
	c->s.leaves[i].pair = (int)j;
	c->s.leaves[i].how = how;
	c->s.leaves[i].same_name = nm;
	c->d.leaves[j].pair = (int)i;
	c->d.leaves[j].how = how;
}

static void pair_pad(struct cmp *c, size_t i, size_t ni, size_t j, size_t nj)
{
	size_t k;

	for (k = 0; k < ni; k++) {
		c->s.leaves[i + k].pair = (int)j;
		c->s.leaves[i + k].how = PAIR_PAD;
		c->s.leaves[i + k].pad_run = (int)i;
	}
	for (k = 0; k < nj; k++) {
		c->d.leaves[j + k].pair = (int)i;
		c->d.leaves[j + k].how = PAIR_PAD;
		c->d.leaves[j + k].pad_run = (int)j;
	}
}

/* A different name that appears just ahead on the other side: a shift. */
static int shifted(const struct side *S, size_t i, const struct side *D, size_t j)
{
	const struct leaf *a = &S->leaves[i], *b = &D->leaves[j];
	size_t k;

	if (a->f->is_unused || b->f->is_unused)
		return 0;
	for (k = 1; k <= NEAR && j + k < D->nr; k++)
		if (same_name(a, &D->leaves[j + k]))
			return 1;
	for (k = 1; k <= NEAR && i + k < S->nr; k++)
		if (same_name(&S->leaves[i + k], b))
			return 1;
	return 0;
}

/* Realignment of S[i0..i1) with D[j0..j1): maximise the score below. */

static int pair_score(const struct leaf *a, const struct leaf *b)
{
	enum wire eq = wire_cmp(a, b);
	int nm = same_name(a, b);

	if (eq == WIRE_EQUAL)
		return nm ? 10 : 6;
	if (eq == WIRE_UNSURE)
		return nm ? 9 : 5;
	return nm ? 7 : 1;
}

static void greedy(struct cmp *c, size_t i0, size_t i1, size_t j0, size_t j1)
{
	/* Too big to realign: pair positionally, the rest is unpaired. */
	while (i0 < i1 && j0 < j1) {
		pair_leaves(c, i0, j0, pair_kind_of(&c->s.leaves[i0], &c->d.leaves[j0]),
			    same_name(&c->s.leaves[i0], &c->d.leaves[j0]));
		i0++;
		j0++;
	}
}

static int realign(struct cmp *c, size_t i0, size_t i1, size_t j0, size_t j1)
{
	size_t n = i1 - i0, m = j1 - j0, w = m + 1, i, j;
	int32_t *score;

	if (!n || !m)
		return 0;
	if ((n + 1) > DP_MAX_CELLS / (m + 1)) {
		greedy(c, i0, i1, j0, j1);
		return 0;
	}
	score = vg_malloc((n + 1) * (m + 1) * sizeof(*score));
	if (!score)
		return -1;
	/* score[i*w+j]: best alignment of S[i0+i..i1) with D[j0+j..j1). */
	for (i = n + 1; i-- > 0;) {
		for (j = m + 1; j-- > 0;) {
			int32_t best = 0, v, per;
			size_t ni, nj;

			if (i < n && score[(i + 1) * w + j] > best)
				best = score[(i + 1) * w + j];
			if (j < m && score[i * w + j + 1] > best)
				best = score[i * w + j + 1];
			if (i < n && j < m) {
				v = pair_score(&c->s.leaves[i0 + i], &c->d.leaves[j0 + j]) +
				    score[(i + 1) * w + j + 1];
				if (v > best)
					best = v;
				per = run_match(c, i0 + i, j0 + j, &ni, &nj);
				if (per && i + ni <= n && j + nj <= m) {
					v = per * (int32_t)(ni + nj) + score[(i + ni) * w + j + nj];
					if (v > best)
						best = v;
				}
			}
			score[i * w + j] = best;
		}
	}
	/* Walk the best path forward. */
	i = j = 0;
	while (i < n && j < m) {
		int32_t here = score[i * w + j], per;
		size_t ni, nj;
		const struct leaf *a = &c->s.leaves[i0 + i], *b = &c->d.leaves[j0 + j];

		if (pair_score(a, b) + score[(i + 1) * w + j + 1] == here) {
			pair_leaves(c, i0 + i, j0 + j, pair_kind_of(a, b), same_name(a, b));
			i++;
			j++;
		} else if ((per = run_match(c, i0 + i, j0 + j, &ni, &nj)) &&
			   i + ni <= n && j + nj <= m &&
			   per * (int32_t)(ni + nj) + score[(i + ni) * w + j + nj] == here) {
			pair_pad(c, i0 + i, ni, j0 + j, nj);
			i += ni;
			j += nj;
		} else if (score[(i + 1) * w + j] == here) {
			i++;
		} else {
			j++;
		}
	}
	free(score);
	return 0;
}

static int align(struct cmp *c)
{
	struct side *S = &c->s, *D = &c->d;
	size_t i = 0, j = 0, ie = S->nr, je = D->nr, ni, nj;

	/* Fast path: in step while the bytes agree. */
	while (i < ie && j < je) {
		const struct leaf *a = &S->leaves[i], *b = &D->leaves[j];

		int nm = same_name(a, b);
		enum wire eq = wire_cmp(a, b);

		if (eq != WIRE_DIFF && (nm || !shifted(S, i, D, j))) {
			pair_leaves(c, i, j, eq == WIRE_EQUAL ? PAIR_EQUAL : PAIR_UNSURE, nm);
			i++;
			j++;
		} else if (run_match(c, i, j, &ni, &nj)) {
			pair_pad(c, i, ni, j, nj);
			i += ni;
			j += nj;
		} else {
			break;
		}
	}
	/* The common tail, then realign what is left in between. */
	while (ie > i && je > j &&
	       wire_cmp(&S->leaves[ie - 1], &D->leaves[je - 1]) != WIRE_DIFF &&
	       same_name(&S->leaves[ie - 1], &D->leaves[je - 1])) {
		ie--;
		je--;
		pair_leaves(c, ie, je, pair_kind_of(&S->leaves[ie], &D->leaves[je]), 1);
	}
	return realign(c, i, ie, j, je);
}

/* Node paths, for field-moved and to pair nested descriptions. */

static int same_chain(const struct side *S, int a, const struct side *D, int b)
{
	while (a >= 0 && b >= 0) {
		const struct node *x = &S->nodes[a], *y = &D->nodes[b];

		if (x->depth != y->depth)
			return 0;
		if (!x->via || !y->via)
			return !x->via && !y->via;
		if (strcmp(nz(x->via->name), nz(y->via->name)))
			return 0;
		a = x->parent;
		b = y->parent;
	}
	return a < 0 && b < 0;
}

static int chain_str(const struct side *sd, int n, struct vg_buf *b)
{
	const struct node *x = &sd->nodes[n];

	if (x->parent >= 0 && sd->nodes[x->parent].via) {
		chain_str(sd, x->parent, b);
		vg_buf_puts(b, ".");
	}
	if (x->via)
		vg_buf_puts(b, nz(x->via->name));
	return 0;
}

static char *leaf_path(const struct side *sd, const struct leaf *l)
{
	struct vg_buf b = VG_BUF_INIT;

	if (sd->nodes[l->node].via) {
		chain_str(sd, l->node, &b);
		vg_buf_puts(&b, ".");
	}
	vg_buf_puts(&b, nz(l->f->name));
	if (b.failed) {
		vg_buf_release(&b);
		return NULL;
	}
	return vg_buf_detach(&b);
}

static const char *node_name(const struct side *sd, const struct leaf *l)
{
	return sd->nodes[l->node].desc->name;
}

/* same_chain() for leaves: consecutive leaves mostly share their nodes. */
static int leaves_same_chain(struct cmp *c, int a, int b)
{
	if (a != c->memo_s || b != c->memo_d) {
		c->memo_s = a;
		c->memo_d = b;
		c->memo_same = same_chain(&c->s, a, &c->d, b);
	}
	return c->memo_same;
}

/*
 * The item a finding names for a leaf: its field name, with "[k]" when
 * the name is not unique in its description (as QEMU's vmdesc does:
 * "unused[1]", "config[0]"), so that findings stay distinct.
 */
static const char *leaf_item(struct cmp *c, const struct side *sd, const struct leaf *l)
{
	const struct vg_desc *d = sd->nodes[l->node].desc;
	size_t i, n = 0, k = 0;

	if (!l->f->name)
		return "?";
	for (i = 0; i < d->nr_fields; i++) {
		if (!d->fields[i].name || strcmp(d->fields[i].name, l->f->name))
			continue;
		if (&d->fields[i] == l->f)
			k = n;
		n++;
	}
	if (n < 2)
		return l->f->name;
	free(c->item);
	c->item = vg_asprintf("%s[%zu]", l->f->name, k);
	if (!c->item)
		c->failed = 1;
	return c->item ? c->item : l->f->name;
}

/* Field findings. */

/* The bytes a leaf sends, for messages: "4 bytes", "variable size", ... */
static char *bytes_str(const struct leaf *l)
{
	unsigned long long n = l->elem;

	if (l->variable)
		return vg_strdup("variable size");
	if (l->unknown) {
		/* The text has the field's own count; say the enclosing arrays'. */
		long long times = l->count >= 0 && l->f->num > 0 ? l->count / l->f->num : l->count;

		return times >= 0 && times != 1 ?
		       vg_asprintf("size %s, %lld times", l->f->size_expr ? l->f->size_expr :
				   "unknown", times) :
		       vg_asprintf("size %s", l->f->size_expr ? l->f->size_expr : "unknown");
	}
	if (l->count < 0 && l->f->is_array)
		return vg_asprintf("%llu byte%s per element", n, n == 1 ? "" : "s");
	if (l->count >= 0) {
		/* In an array of structs, the field's own bytes come once per element. */
		long long own = l->f->is_array ? l->f->num : 1;
		long long times = own > 0 ? l->count / own : 1;

		n = l->elem * (unsigned long long)l->count;
		if (times > 1) {
			unsigned long long each = n / (unsigned long long)times;

			return vg_asprintf("%llu byte%s in each of %lld elements",
					   each, each == 1 ? "" : "s", times);
		}
	}
	return vg_asprintf("%llu byte%s", n, n == 1 ? "" : "s");
}

/* Do the fixed sizes from S[i] and D[j] on add up to the same bytes again? */
static int bytes_realign(const struct cmp *c, size_t i, size_t j)
{
	unsigned long long a, b;
	size_t x = i, y = j;
	int ka, kb;

	a = leaf_bytes(&c->s.leaves[x++], &ka);
	b = leaf_bytes(&c->d.leaves[y++], &kb);
	while (ka && kb && a != b && x - i + y - j < RELAYOUT_RUN) {
		if (a < b && x < c->s.nr)
			a += leaf_bytes(&c->s.leaves[x++], &ka);
		else if (a > b && y < c->d.nr)
			b += leaf_bytes(&c->d.leaves[y++], &kb);
		else
			return 0;
	}
	return ka && kb && a == b;
}

/* A pair whose sizes cannot be compared: say what is not known. */
static void report_unsure(struct cmp *c, const struct leaf *a, const struct leaf *b,
			  const char *desc, const char *item)
{
	char *ob = bytes_str(a), *nb = bytes_str(b), *what = NULL;
	const char *an = nz(a->f->name), *bn = nz(b->f->name);
	const char *as = a->f->size_expr ? a->f->size_expr : "its size";
	const char *bs = b->f->size_expr ? b->f->size_expr : "its size";
	struct vg_finding *f;

	if (!ob || !nb)
		goto done;
	if (a->unknown && b->unknown)
		what = vg_asprintf("neither '%s' nor '%s' could be evaluated, so it is not "
				   "known whether they put the same bytes on the wire", as, bs);
	else
		what = vg_asprintf("'%s' could not be evaluated, so it is not known whether "
				   "it is the %s of the %s", a->unknown ? as : bs,
				   a->unknown ? nb : ob, a->unknown ? "destination" : "source");
	if (!what)
		goto done;
	f = emit(c, VG_RULE_FIELD_SIZE_UNKNOWN, desc, item, ob, nb,
		 strcmp(an, bn) ?
		 MSG("'%s' (%s) became '%s' (%s): %s; check it by hand", an, ob, bn, nb,
		     what) :
		 MSG("'%s' was %s and is %s: %s; check it by hand", bn, ob, nb, what));
	locate(c, f, a->f, b->f);
done:
	if (!ob || !nb || !what)
		c->failed = 1;
	free(ob);
	free(nb);
	free(what);
}

static void report_pair(struct cmp *c, size_t i)
{
	const struct leaf *a = &c->s.leaves[i], *b = &c->d.leaves[a->pair];
	const char *an = nz(a->f->name), *bn = nz(b->f->name);
	const char *desc = node_name(&c->d, b), *bi = leaf_item(c, &c->d, b);
	struct vg_finding *f;

	if (a->how == PAIR_UNSURE)
		report_unsure(c, a, b, desc, bi);
	if (a->how == PAIR_SIZE) {
		char *ob = bytes_str(a), *nb = bytes_str(b);

		if (!ob || !nb) {
			c->failed = 1;
		} else {
			f = emit(c, VG_RULE_FIELD_SIZE_CHANGED, desc, bi, ob, nb,
				 !strcmp(an, bn) && bytes_realign(c, i, (size_t)a->pair) ?
				 MSG("'%s' changed size from %s to %s: the fields after it "
				     "cover the same bytes again, but '%s' is read from other "
				     "bytes than the source's value (a number that changed width "
				     "reads its high-order bytes)", bn, ob, nb, bn) :
				 strcmp(an, bn) ?
				 MSG("'%s' (%s) became '%s' (%s): the destination "
				     "reads a different number of bytes than the source sends, "
				     "and every later field is misparsed", an, ob, bn, nb) :
				 MSG("'%s' changed size from %s to %s: the destination "
				     "reads a different number of bytes than the source sends, "
				     "and every later field is misparsed", bn, ob, nb));
			locate(c, f, a->f, b->f);
		}
		free(ob);
		free(nb);
	}
	if (a->cond != b->cond) {
		f = emit(c, VG_RULE_FIELD_CONDITIONAL, desc, bi, a->cond ? "tested" : "always",
			 b->cond ? "tested" : "always",
			 a->cond ?
			 MSG("the source sends '%s' only when a field_exists test passes, "
			     "the destination always reads it: the stream stays aligned only "
			     "if the source's test is true whenever this is migrated", an) :
			 MSG("the source always sends '%s', the destination reads it only "
			     "when a field_exists test passes: the stream stays aligned only "
			     "if that test is true for every stream from the source", bn));
		locate(c, f, a->f, b->f);
	}
	if (a->how != PAIR_EQUAL)
		return;
	if (!leaves_same_chain(c, a->node, b->node))
		return; /* reported per struct by report_moves() */
	if (a->f->is_unused != b->f->is_unused) {
		f = emit(c, VG_RULE_UNUSED_PADDING, desc, bi, an, bn,
			 a->f->is_unused ?
			 MSG("VMSTATE_UNUSED padding became '%s' with the same bytes; "
			     "the source sends zeros there", bn) :
			 MSG("'%s' became VMSTATE_UNUSED padding with the same bytes; "
			     "the destination discards them", an));
		locate(c, f, a->f, b->f);
	} else if (!a->same_name) {
		f = emit(c, VG_RULE_FIELD_RENAMED, desc, bi, an, bn,
			 MSG("'%s' renamed to '%s' in place with the same bytes "
			     "(names are not on the wire)", an, bn));
		locate(c, f, a->f, b->f);
	}
	if (is_fixed(a) && is_fixed(b) && a->elem != b->elem) {
		char *ob = vg_asprintf("%llu x %lld", a->elem, a->count);
		char *nb = vg_asprintf("%llu x %lld", b->elem, b->count);

		f = emit(c, VG_RULE_FIELD_ENCODING_CHANGED, desc, bi, ob, nb,
			 MSG("'%s' keeps its %llu bytes on the wire but its element size "
			     "changed from %llu to %llu: check that the values still "
			     "mean the same", bn, a->elem * (unsigned long long)a->count,
			     a->elem, b->elem));
		locate(c, f, a->f, b->f);
		free(ob);
		free(nb);
	}
}

/* One finding per padding run that is not a plain pair. */
static void report_pad(struct cmp *c, size_t i)
{
	const struct leaf *a = &c->s.leaves[i];
	size_t j = (size_t)a->pair, x, y;
	struct vg_buf sn = VG_BUF_INIT, dn = VG_BUF_INIT;
	unsigned long long total = 0;
	struct vg_finding *f;
	int k;

	unsigned long long dtotal = 0, n;
	int sknown = 1, dknown = 1, s_unused = 1, d_unused = 1;
	struct vg_buf sl = VG_BUF_INIT, dl = VG_BUF_INIT;
	size_t run;

	for (x = i; x < c->s.nr && c->s.leaves[x].how == PAIR_PAD &&
		    c->s.leaves[x].pad_run == (int)i; x++) {
		n = leaf_bytes(&c->s.leaves[x], &k);
		total += n;
		sknown &= k;
		s_unused &= c->s.leaves[x].f->is_unused;
		vg_buf_printf(&sn, "%s%s", x > i ? "," : "", nz(c->s.leaves[x].f->name));
		vg_buf_printf(&sl, "%s'%s' (%llu byte%s)", x > i ? ", " : "",
			      nz(c->s.leaves[x].f->name), n, n == 1 ? "" : "s");
	}
	for (y = j; y < c->d.nr && c->d.leaves[y].how == PAIR_PAD &&
		    c->d.leaves[y].pad_run == (int)j; y++) {
		n = leaf_bytes(&c->d.leaves[y], &k);
		dtotal += n;
		dknown &= k;
		d_unused &= c->d.leaves[y].f->is_unused;
		vg_buf_printf(&dn, "%s%s", y > j ? "," : "", nz(c->d.leaves[y].f->name));
		vg_buf_printf(&dl, "%s'%s' (%llu byte%s)", y > j ? ", " : "",
			      nz(c->d.leaves[y].f->name), n, n == 1 ? "" : "s");
	}
	/* A count-less 7.2 field against padding: the padding's size. */
	if (!sknown && dknown)
		total = dtotal;
	if (sn.failed || dn.failed || !sn.buf || !dn.buf || sl.failed || dl.failed ||
	    !sl.buf || !dl.buf) {
		c->failed = 1;
	} else if (x - i == 1 && y - j >= 2 && narrow_run(&c->s, i, &c->d, j, &run)) {
		const struct leaf *w = &c->s.leaves[i], *m = &c->d.leaves[y - 1];

		f = emit(c, VG_RULE_FIELD_NARROWED, node_name(&c->d, m), leaf_item(c, &c->d, m),
			 sn.buf, dn.buf,
			 MSG("'%s' narrowed from %llu to %llu bytes behind %llu bytes of "
			     "VMSTATE_UNUSED padding: the same %llu bytes on the wire, and "
			     "big-endian the padding takes the source's high-order bytes, so "
			     "the stream stays aligned and '%s' keeps the low-order ones; a "
			     "value above %llu bits is lost", nz(w->f->name), w->elem, m->elem,
			     w->elem - m->elem, w->elem, nz(m->f->name), m->elem * 8));
		locate(c, f, w->f, m->f);
	} else if (y - j == 1 && x - i >= 2 && narrow_run(&c->d, j, &c->s, i, &run)) {
		const struct leaf *w = &c->d.leaves[j], *m = &c->s.leaves[x - 1];

		f = emit(c, VG_RULE_UNUSED_PADDING, node_name(&c->d, w), leaf_item(c, &c->d, w),
			 sn.buf, dn.buf,
			 MSG("'%s' widened from %llu to %llu bytes over the padding before it: "
			     "the same %llu bytes on the wire, the source's zero padding "
			     "becomes the high-order bytes and the value is read exactly",
			     nz(m->f->name), m->elem, w->elem, w->elem));
		locate(c, f, m->f, w->f);
	} else if (!s_unused && !d_unused) {
		/*
		 * Not only padding differs: the same bytes regrouped. The
		 * stream stays aligned; what the bytes mean is for a reviewer.
		 */
		f = emit(c, VG_RULE_FIELD_RELAYOUT, node_name(&c->d, &c->d.leaves[j]),
			 leaf_item(c, &c->d, &c->d.leaves[j]), sn.buf, dn.buf,
			 MSG("%s became %s: the same %llu bytes on the wire, grouped "
			     "differently; the destination reads into its fields bytes that "
			     "the source sent as part of others, so check that the source's "
			     "bytes there mean what the new fields expect",
			     sl.buf, dl.buf, total));
		locate(c, f, a->f, c->d.leaves[j].f);
	} else {
		f = emit(c, VG_RULE_UNUSED_PADDING, node_name(&c->d, &c->d.leaves[j]),
			 leaf_item(c, &c->d, &c->d.leaves[j]), sn.buf, dn.buf,
			 MSG("%s (%llu bytes) and %s (%llu bytes) put the same bytes on "
			     "the wire; padding is zeros on save and discarded on load",
			     sn.buf, total, dn.buf, total));
		locate(c, f, a->f, c->d.leaves[j].f);
	}
	vg_buf_release(&sn);
	vg_buf_release(&dn);
	vg_buf_release(&sl);
	vg_buf_release(&dl);
}

/* Fields moved between structs: one finding per (src node, dst node). */
static void report_moves(struct cmp *c)
{
	size_t i, k;

	for (i = 0; i < c->s.nr; i++) {
		const struct leaf *a = &c->s.leaves[i], *b;
		size_t n = 0, last = i;
		char *from, *to;
		struct vg_finding *f;

		if (a->how != PAIR_EQUAL || a->reported)
			continue;
		b = &c->d.leaves[a->pair];
		if (leaves_same_chain(c, a->node, b->node))
			continue;
		for (k = i; k < c->s.nr; k++) {
			struct leaf *x = &c->s.leaves[k];

			if (x->how != PAIR_EQUAL || x->node != a->node ||
			    c->d.leaves[x->pair].node != b->node)
				continue;
			x->reported = 1;
			n++;
			last = k;
		}
		from = leaf_path(&c->s, a);
		to = leaf_path(&c->d, b);
		if (!from || !to) {
			c->failed = 1;
		} else if (n == 1) {
			f = emit(c, VG_RULE_FIELD_MOVED, node_name(&c->d, b), b->f->name, from, to,
				 MSG("'%s' moved to '%s' with the same bytes in the same place "
				     "(struct fields travel inline)", from, to));
			locate(c, f, a->f, b->f);
		} else {
			f = emit(c, VG_RULE_FIELD_MOVED, node_name(&c->d, b), b->f->name, from, to,
				 MSG("%zu fields from '%s' to '%s' moved to '%s' with the same "
				     "bytes in the same place (struct fields travel inline)",
				     n, from, nz(c->s.leaves[last].f->name), to));
			locate(c, f, a->f, b->f);
		}
		free(from);
		free(to);
	}
}

/*
 * A struct on one side where the other has a plain field of the same name:
 * the nested description is missing. The leaves involved (unpaired, or
 * paired with each other by size only) are taken out of the pairing.
 */
static int struct_vs_plain(const struct side *A, const struct node *x, const struct leaf *l,
			   size_t li)
{
	size_t k;

	if (l->reported || !l->f->name || strcmp(l->f->name, nz(x->via->name)))
		return 0;
	if (l->pair >= 0 && ((l->how != PAIR_SIZE && l->how != PAIR_UNSURE) ||
			     (size_t)l->pair < x->first_leaf || (size_t)l->pair >= x->end_leaf))
		return 0;
	for (k = x->first_leaf; k < x->end_leaf; k++) {
		const struct leaf *m = &A->leaves[k];

		if (m->pair >= 0 && ((m->how != PAIR_SIZE && m->how != PAIR_UNSURE) ||
				     (size_t)m->pair != li))
			return 0;
	}
	return x->end_leaf > x->first_leaf;
}

static void report_missing_descs(struct cmp *c, struct side *A, struct side *B, int a_is_src)
{
	size_t n, k, li;

	for (n = 1; n < A->nr_nodes; n++) {
		struct node *x = &A->nodes[n];
		const char *via = nz(x->via->name);
		struct vg_finding *f;
		struct leaf *l = NULL;

		for (li = 0; li < B->nr && !l; li++)
			if (struct_vs_plain(A, x, &B->leaves[li], li))
				l = &B->leaves[li];
		if (!l)
			continue;
		if (l->unknown) {
			/*
			 * Not a plain field but one of unknown size: a nested
			 * description defined in another file, a custom info.
			 */
			char *lb = bytes_str(l);

			f = lb ? emit(c, VG_RULE_FIELD_SIZE_UNKNOWN,
				      a_is_src ? node_name(B, l) : x->desc->name, via,
				      a_is_src ? x->desc->name : lb, a_is_src ? lb : x->desc->name,
				      MSG("'%s' is struct '%s' (%zu fields) on the %s side and of "
					  "%s on the other (a description defined elsewhere, or a "
					  "size that could not be evaluated): whether they put the "
					  "same bytes on the wire cannot be decided; check it by hand",
					  via, nz(x->desc->name), x->end_leaf - x->first_leaf,
					  a_is_src ? "source" : "destination", lb)) : NULL;
			if (!lb)
				c->failed = 1;
			free(lb);
		} else {
			f = emit(c, VG_RULE_DESCRIPTION_MISSING,
				 a_is_src ? node_name(B, l) : x->desc->name, via,
				 a_is_src ? x->desc->name : "(plain field)",
				 a_is_src ? "(plain field)" : x->desc->name,
				 a_is_src ?
				 MSG("the source sends '%s' as struct '%s'; the destination has a "
				     "plain field there, without a description to load it with",
				     via, nz(x->desc->name)) :
				 MSG("the destination loads '%s' as struct '%s'; the source sends a "
				     "plain field there, without that description",
				     via, nz(x->desc->name)));
		}
		locate(c, f, a_is_src ? x->via : l->f, a_is_src ? l->f : x->via);
		l->reported = 1;
		l->pair = -1;
		l->how = PAIR_NONE;
		for (k = x->first_leaf; k < x->end_leaf; k++) {
			struct leaf *m = &A->leaves[k];

			m->reported = 1;
			m->pair = -1;
			m->how = PAIR_NONE;
		}
	}
}

/* A whole struct unpaired on one side: one finding for it, not one per leaf. */
static void report_unpaired_structs(struct cmp *c, struct side *A, int a_is_src)
{
	size_t n, k;

	for (n = 1; n < A->nr_nodes; n++) {
		const struct node *x = &A->nodes[n];
		const struct node *up = &A->nodes[x->parent];
		const char *via = nz(x->via->name), *desc = up->desc->name;
		int all = x->end_leaf > x->first_leaf, cond = 0;
		struct vg_finding *f;
		char *what;

		for (k = x->first_leaf; k < x->end_leaf && all; k++)
			all = A->leaves[k].pair < 0 && !A->leaves[k].reported;
		if (!all)
			continue;
		cond = A->leaves[x->first_leaf].cond;
		for (k = x->first_leaf; k < x->end_leaf; k++) {
			A->leaves[k].reported = 1;
			cond &= A->leaves[k].cond;
		}
		what = vg_asprintf("struct %s (%zu fields)", nz(x->desc->name),
				   x->end_leaf - x->first_leaf);
		if (!what) {
			c->failed = 1;
			continue;
		}
		if (cond && a_is_src)
			f = emit(c, VG_RULE_FIELD_CONDITIONAL, desc, via, what, NULL,
				 MSG("the source sends '%s' (%s) when a field_exists test passes "
				     "and the destination never reads it: the stream breaks "
				     "whenever that test is true on the source", via, what));
		else if (cond)
			f = emit(c, VG_RULE_FIELD_CONDITIONAL, desc, via, NULL, what,
				 MSG("the destination reads '%s' (%s) when a field_exists test "
				     "passes but the source never sends it: the stream breaks "
				     "whenever that test is true on the destination", via, what));
		else if (a_is_src)
			f = emit(c, VG_RULE_FIELD_REMOVED, desc, via, what, NULL,
				 MSG("the source sends '%s' (%s) but the destination no longer "
				     "reads it: every later field is misparsed", via, what));
		else
			f = emit(c, VG_RULE_FIELD_ADDED, desc, via, NULL, what,
				 MSG("the destination reads '%s' (%s) that the source never "
				     "sends: every later field is misparsed", via, what));
		locate(c, f, a_is_src ? x->via : NULL, a_is_src ? NULL : x->via);
		free(what);
	}
}

/* Some later leaf is paired: the leaf is inserted, not appended. */
static int followed_by_pair(const struct side *sd, size_t i)
{
	for (i++; i < sd->nr; i++)
		if (sd->leaves[i].pair >= 0)
			return 1;
	return 0;
}

static void report_unpaired(struct cmp *c)
{
	size_t i;

	report_unpaired_structs(c, &c->s, 1);
	report_unpaired_structs(c, &c->d, 0);

	for (i = 0; i < c->s.nr; i++) {
		const struct leaf *a = &c->s.leaves[i];
		const char *desc = node_name(&c->s, a), *an = nz(a->f->name);
		char *bytes;
		struct vg_finding *f;

		if (a->pair >= 0 || a->reported)
			continue;
		bytes = bytes_str(a);
		if (!bytes) {
			c->failed = 1;
			continue;
		}
		if (a->cond)
			f = emit(c, VG_RULE_FIELD_CONDITIONAL, desc, leaf_item(c, &c->s, a), bytes, NULL,
				 MSG("the source sends '%s' (%s) when a field_exists test "
				     "passes and the destination never reads it: the stream "
				     "breaks whenever that test is true on the source", an, bytes));
		else
			f = emit(c, VG_RULE_FIELD_REMOVED, desc, leaf_item(c, &c->s, a), bytes, NULL,
				 MSG("the source sends '%s' (%s) but the destination no "
				     "longer reads it: every later field is misparsed", an, bytes));
		locate(c, f, a->f, NULL);
		free(bytes);
	}
	for (i = 0; i < c->d.nr; i++) {
		const struct leaf *b = &c->d.leaves[i];
		const char *desc = node_name(&c->d, b), *bn = nz(b->f->name);
		char *bytes;
		struct vg_finding *f;

		if (b->pair >= 0 || b->reported)
			continue;
		bytes = bytes_str(b);
		if (!bytes) {
			c->failed = 1;
			continue;
		}
		if (b->cond)
			f = emit(c, VG_RULE_FIELD_CONDITIONAL, desc, leaf_item(c, &c->d, b), NULL, bytes,
				 MSG("the destination reads '%s' (%s) when a field_exists "
				     "test passes but the source never sends it: the stream "
				     "breaks whenever that test is true on the destination",
				     bn, bytes));
		else if (b->f->has_test)
			/* A test that the version alone decides, and it says yes. */
			f = emit(c, followed_by_pair(&c->d, i) ? VG_RULE_FIELD_INSERTED :
				 VG_RULE_FIELD_ADDED, desc, leaf_item(c, &c->d, b), NULL, bytes,
				 MSG("the destination reads '%s' (%s) that the source never "
				     "sends: its field_exists test %s() depends on the version "
				     "alone and is true at the version of the source's stream, "
				     "so %s", bn, bytes, nz(b->f->test),
				     followed_by_pair(&c->d, i) ? "every later field is misparsed" :
				     "the load reads past the source's data"));
		else if (followed_by_pair(&c->d, i))
			f = emit(c, VG_RULE_FIELD_INSERTED, desc, leaf_item(c, &c->d, b), NULL, bytes,
				 MSG("the destination reads '%s' (%s) inserted before fields "
				     "that the source sends: it has no version gate above the "
				     "source's stream version nor a field_exists test, so every "
				     "later field is misparsed", bn, bytes));
		else if (c->d.nodes[b->node].via)
			f = emit(c, VG_RULE_FIELD_ADDED, desc, leaf_item(c, &c->d, b), NULL, bytes,
				 MSG("the destination reads '%s' (%s) that the source never "
				     "sends: it has no field_exists test, and a version_id in a "
				     "nested struct does not help (not on the wire)", bn, bytes));
		else
			f = emit(c, VG_RULE_FIELD_ADDED, desc, leaf_item(c, &c->d, b), NULL, bytes,
				 MSG("the destination reads '%s' (%s) that the source never "
				     "sends: it needs a version_id above the source's %d or a "
				     "field_exists test", bn, bytes, c->s.nodes[0].desc->version_id));
		locate(c, f, NULL, b->f);
		free(bytes);
	}
}

/* Node pairing: by the leaves paired between them, else by chain. */
static int pair_nodes(struct cmp *c)
{
	size_t ns = c->s.nr_nodes, nd = c->d.nr_nodes, i, x, y;
	unsigned *votes = NULL;

	c->s.nodes[0].pair = 0;
	c->d.nodes[0].pair = 0;
	if (ns > 1 && nd > 1 && ns * nd <= 1u << 20) {
		votes = vg_calloc(ns * nd, sizeof(*votes));
		if (!votes)
			return -1;
		for (i = 0; i < c->s.nr; i++) {
			const struct leaf *a = &c->s.leaves[i];

			if (a->pair >= 0 && a->how != PAIR_PAD)
				votes[(size_t)a->node * nd + (size_t)c->d.leaves[a->pair].node]++;
		}
		for (x = 1; x < ns; x++) {
			unsigned best = 0;
			size_t by = 0;

			for (y = 1; y < nd; y++) {
				if (votes[x * nd + y] > best && c->d.nodes[y].pair < 0) {
					best = votes[x * nd + y];
					by = y;
				}
			}
			if (best) {
				c->s.nodes[x].pair = (int)by;
				c->d.nodes[by].pair = (int)x;
			}
		}
		free(votes);
	}
	/* Structs with no leaf paired (empty, or all changed): same path. */
	for (x = 1; x < ns; x++) {
		if (c->s.nodes[x].pair >= 0)
			continue;
		for (y = 1; y < nd; y++) {
			if (c->d.nodes[y].pair < 0 && same_chain(&c->s, (int)x, &c->d, (int)y)) {
				c->s.nodes[x].pair = (int)y;
				c->d.nodes[y].pair = (int)x;
				break;
			}
		}
	}
	return 0;
}

static int compare_subsections(struct cmp *c, const struct vg_desc *sd,
			       const struct vg_desc *dd);

/* The item of a subsection: its name without the "parent/" prefix. */
static const char *sub_item(const struct vg_desc *parent, const struct vg_desc *sub)
{
	size_t n = parent->name ? strlen(parent->name) : 0;

	if (n && sub->name && !strncmp(sub->name, parent->name, n) && sub->name[n] == '/')
		return sub->name + n + 1;
	return nz(sub->name);
}

static const struct vg_desc *find_sub(const struct vg_desc *d, const char *name)
{
	size_t i;

	for (i = 0; d && i < d->nr_subsections; i++)
		if (d->subsections[i].name && name && !strcmp(d->subsections[i].name, name))
			return &d->subsections[i];
	return NULL;
}

static int same_str(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

void vg_compare_pair_subsections(const struct vg_desc *sd, const struct vg_desc *dd,
				 int *s2d, int *d2s)
{
	size_t ns = sd ? sd->nr_subsections : 0, nd = dd ? dd->nr_subsections : 0, i, k;
	int pass;

	for (i = 0; i < ns; i++)
		s2d[i] = -1;
	for (k = 0; k < nd; k++)
		d2s[k] = -1;
	/*
	 * Pass 0: same name and same C variable (source level); pass 1: the
	 * k-th remaining subsection of a name with the k-th remaining one of
	 * that name on the other side. A name used twice in one list (a
	 * copy-paste slip QEMU has shipped) would otherwise pair both with
	 * the first and compare unrelated layouts.
	 */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < ns; i++) {
			const struct vg_desc *s = &sd->subsections[i];

			if (s2d[i] >= 0 || !s->name || (!pass && !s->var))
				continue;
			for (k = 0; k < nd; k++) {
				const struct vg_desc *d = &dd->subsections[k];

				if (d2s[k] >= 0 || !same_str(s->name, d->name) ||
				    (!pass && !same_str(s->var, d->var)))
					continue;
				s2d[i] = (int)k;
				d2s[k] = (int)i;
				break;
			}
		}
	}
}

static int compare_desc_stream(const struct vg_compare_ctx *ctx, const struct vg_desc *src,
			       const struct vg_desc *dst, struct vg_findings *out);

/*
 * A subsection of dd that is not in sd, loads s's stream without errors
 * and is not used yet: s was renamed to it. Returns its index or -1.
 */
static int renamed_sub(struct cmp *c, const struct vg_desc *s, const struct vg_desc *sd,
		       const struct vg_desc *dd, const int *d2s, const unsigned char *used)
{
	size_t k;

	for (k = 0; dd && k < dd->nr_subsections; k++) {
		const struct vg_desc *d = &dd->subsections[k];
		struct vg_findings tmp = VG_FINDINGS_INIT;
		int ok;

		if (used[k] || d2s[k] >= 0 || find_sub(sd, d->name) ||
		    d->version_id < s->version_id ||
		    d->minimum_version_id > s->version_id || !d->nr_fields)
			continue;
		ok = compare_desc_stream(c->ctx, s, d, &tmp) == 0 &&
		     !vg_findings_count(&tmp, VG_SEV_ERROR) &&
		     !vg_findings_count(&tmp, VG_SEV_WARNING);
		vg_findings_release(&tmp);
		if (ok)
			return (int)k;
	}
	return -1;
}

int vg_compare_sub_loadable(const struct vg_desc *parent, const struct vg_desc *sub)
{
	return !parent->name || !sub->name ||
	       !strncmp(parent->name, sub->name, strlen(parent->name));
}

/*
 * A subsection of the source that no destination could ever load: its
 * name does not start with its parent's, where the loader stops (facts
 * 4.4). Losing it breaks nothing that worked (QEMU 942566ffc1 renamed
 * 'nvic/m-security' under 'armv7m_nvic').
 */
static void report_unloadable_sub(struct cmp *c, const struct vg_desc *sd,
				  const struct vg_desc *s, const struct vg_desc *d)
{
	struct vg_finding *f;

	f = emit(c, VG_RULE_SUBSECTION_UNLOADABLE, sd->name, sub_item(sd, s), s->name,
		 d ? d->name : NULL,
		 MSG("the source's subsection '%s' does not start with its parent's name "
		     "'%s', so no release could load it (the destination stops there and "
		     "fails): %s it breaks nothing that worked", nz(s->name), nz(sd->name),
		     d ? "renaming" : "removing"));
	locate_desc(c, f, s, d);
}

/*
 * s2d, d2s: the pairing of vg_compare_pair_subsections(), or NULL when dd
 * is NULL (nothing pairs); used: per subsection of dd, set when a renamed
 * one was found (may be NULL).
 */
static void report_removed_subs(struct cmp *c, const struct vg_desc *sd,
				const struct vg_desc *dd, const int *s2d, const int *d2s,
				unsigned char *used)
{
	size_t i;

	for (i = 0; i < sd->nr_subsections; i++) {
		const struct vg_desc *s = &sd->subsections[i];
		struct vg_finding *f;
		int k;

		if (s2d && s2d[i] >= 0)
			continue;
		k = used && d2s && s->nr_fields ? renamed_sub(c, s, sd, dd, d2s, used) : -1;
		if (k >= 0 && !vg_compare_sub_loadable(sd, s)) {
			used[k] = 1;
			report_unloadable_sub(c, sd, s, &dd->subsections[k]);
			continue;
		}
		if (k >= 0) {
			const struct vg_desc *d = &dd->subsections[k];

			used[k] = 1;
			f = emit(c, VG_RULE_SUBSECTION_RENAMED, sd->name, sub_item(sd, s),
				 s->name, d->name,
				 MSG("subsection '%s' is now '%s' with the same layout, but its "
				     "name is on the wire: the destination refuses the old name "
				     "(\"subsection does not exist\") whenever the source sends it",
				     nz(s->name), nz(d->name)));
			locate_desc(c, f, s, d);
			continue;
		}
		if (!vg_compare_sub_loadable(sd, s)) {
			report_unloadable_sub(c, sd, s, NULL);
			continue;
		}
		f = emit(c, VG_RULE_SUBSECTION_REMOVED, sd->name, sub_item(sd, s), s->name, NULL,
			 MSG("the source may send subsection '%s' (whenever its needed() is "
			     "true) and the destination does not know it: the load fails "
			     "with \"subsection does not exist\"", nz(s->name)));
		locate_desc(c, f, s, NULL);
	}
}

/*
 * A new subsection. Source level (s->var set) knows whether it has a
 * needed(): without one it is always sent (facts 2.4), so every migration
 * back to the release fails. Dumps do not show needed(), so there it
 * stays info.
 */
static void report_added_subs(struct cmp *c, const struct vg_desc *dd, const int *d2s,
			      const unsigned char *used)
{
	size_t i;

	for (i = 0; i < dd->nr_subsections; i++) {
		const struct vg_desc *s = &dd->subsections[i];
		struct vg_finding *f;

		if ((d2s && d2s[i] >= 0) || (used && used[i]))
			continue;
		if (s->var && !s->has_needed)
			f = emit(c, VG_RULE_SUBSECTION_ALWAYS_SENT, dd->name, sub_item(dd, s),
				 NULL, s->name,
				 MSG("new subsection '%s' (%s) has no .needed, so it is always "
				     "sent: every migration back to the source's release fails "
				     "(\"subsection does not exist\"); give it a needed() that is "
				     "false for older machine types", nz(s->name), s->var));
		else if (s->var)
			f = emit(c, VG_RULE_SUBSECTION_ADDED, dd->name, sub_item(dd, s), NULL,
				 s->name,
				 MSG("new subsection '%s' (%s): migrating back to the source's "
				     "release fails whenever its needed() is true; it must be false "
				     "for older machine types, e.g. by testing a device property "
				     "that the release's hw_compat entry turns off", nz(s->name),
				     s->var));
		else
			f = emit(c, VG_RULE_SUBSECTION_ADDED, dd->name, sub_item(dd, s), NULL,
				 s->name,
				 MSG("new subsection '%s': migrating back to the source's release "
				     "fails whenever its needed() is true, so it must be false for "
				     "older machine types", nz(s->name)));
		locate_desc(c, f, NULL, s);
	}
}

/*
 * Two subsections of one description with the same .name: the loader
 * looks a subsection up by name in the list and takes the first match
 * (facts 3.5), so the second one's stream is loaded into the first's
 * description. A break even between two identical builds. Walks d's
 * subsections and nested descriptions; a duplicate already in out from
 * index from (the other side, or another use of the description) is not
 * repeated.
 */
static int dup_reported(const struct vg_findings *out, size_t from, const char *desc,
			const char *name)
{
	size_t i;

	for (i = from; i < out->nr; i++) {
		const struct vg_finding *f = &out->items[i];

		if (f->rule == VG_RULE_SUBSECTION_DUPLICATE && same_str(f->desc, desc) &&
		    (same_str(f->new_value, name) || same_str(f->old_value, name)))
			return 1;
	}
	return 0;
}

static void report_dup_subs(struct cmp *c, const struct vg_desc *d, int is_dst, size_t from,
			    int depth)
{
	size_t i, k;

	if (!d || depth > MAX_NESTING)
		return;
	for (i = 0; i < d->nr_subsections; i++) {
		const struct vg_desc *a = &d->subsections[i];

		for (k = i + 1; a->name && k < d->nr_subsections; k++) {
			const struct vg_desc *b = &d->subsections[k];
			struct vg_finding *f;

			if (!same_str(a->name, b->name) ||
			    dup_reported(c->out, from, d->name, a->name))
				continue;
			f = emit(c, VG_RULE_SUBSECTION_DUPLICATE, d->name, sub_item(d, a),
				 is_dst ? NULL : a->name, is_dst ? a->name : NULL,
				 MSG("%s lists two subsections named '%s'%s%s%s%s%s: the "
				     "destination looks subsections up by name and loads both "
				     "streams into the first, so the second's state is lost or "
				     "misread, even between two identical builds; give each its "
				     "own .name", is_dst ? "the destination" : "the source",
				     a->name, a->var ? " (" : "", a->var ? a->var : "",
				     a->var ? " and " : "", a->var ? nz(b->var) : "",
				     a->var ? ")" : ""));
			if (is_dst)
				locate_desc(c, f, NULL, b);
			else
				locate_desc(c, f, b, NULL);
			break;
		}
		report_dup_subs(c, a, is_dst, from, depth + 1);
	}
	for (i = 0; i < d->nr_fields; i++)
		if (d->fields[i].desc)
			report_dup_subs(c, d->fields[i].desc, is_dst, from, depth + 1);
}


static int compare_versions(struct cmp *c, const struct vg_desc *src, const struct vg_desc *dst,
			    const char *desc, const char *item, const char *what);

static int compare_subsections(struct cmp *c, const struct vg_desc *sd,
			       const struct vg_desc *dd)
{
	unsigned char *used = vg_calloc(dd->nr_subsections + 1, 1);
	int *s2d = vg_malloc((sd->nr_subsections + 1) * sizeof(*s2d));
	int *d2s = vg_malloc((dd->nr_subsections + 1) * sizeof(*d2s));
	size_t i;
	int ret = -1;

	if (!used || !s2d || !d2s)
		goto done;
	vg_compare_pair_subsections(sd, dd, s2d, d2s);
	report_removed_subs(c, sd, dd, s2d, d2s, used);
	report_added_subs(c, dd, d2s, used);
	for (i = 0; i < sd->nr_subsections; i++) {
		const struct vg_desc *s = &sd->subsections[i], *d;
		char *what;
		int refused;

		if (s2d[i] < 0)
			continue;
		d = &dd->subsections[s2d[i]];
		/* The subsection's version travels in its header (facts 2.4). */
		what = vg_asprintf("subsection '%s'", nz(s->name));
		if (!what)
			goto done;
		refused = compare_versions(c, s, d, sd->name, sub_item(sd, s), what);
		free(what);
		if (refused) {
			c->out->descriptions_compared++;
			continue;
		}
		if (compare_desc_stream(c->ctx, s, d, c->out) < 0)
			goto done;
	}
	ret = 0;
done:
	free(used);
	free(s2d);
	free(d2s);
	return ret;
}

/* Versions of a section or subsection; returns 1 when dst refuses the stream. */
static int compare_versions(struct cmp *c, const struct vg_desc *src, const struct vg_desc *dst,
			    const char *desc, const char *item, const char *what)
{
	struct vg_finding *f;
	char *o, *n;
	int refused = 0;

	if (src->version_id > dst->version_id) {
		o = num_str(src->version_id);
		n = num_str(dst->version_id);
		f = emit(c, VG_RULE_VERSION_LOWERED, desc, item, o, n,
			 MSG("%s version_id went down from %d to %d: the destination refuses "
			     "the source's version %d streams", what, src->version_id,
			     dst->version_id, src->version_id));
		locate_desc(c, f, src, dst);
		free(o);
		free(n);
		refused = 1;
	}
	if (dst->minimum_version_id > src->version_id) {
		o = num_str(src->version_id);
		n = num_str(dst->minimum_version_id);
		f = emit(c, VG_RULE_MINIMUM_VERSION_RAISED, desc, item, o, n,
			 MSG("%s minimum_version_id %d is above the source's version_id %d: "
			     "the destination refuses the source's streams", what,
			     dst->minimum_version_id, src->version_id));
		locate_desc(c, f, src, dst);
		free(o);
		free(n);
		refused = 1;
	}
	if (dst->version_id > src->version_id) {
		o = num_str(src->version_id);
		n = num_str(dst->version_id);
		f = emit(c, VG_RULE_VERSION_BUMPED, desc, item, o, n,
			 MSG("%s version_id went up from %d to %d: migrating back to the "
			     "source's release fails (\"unsupported version\")", what,
			     src->version_id, dst->version_id));
		locate_desc(c, f, src, dst);
		free(o);
		free(n);
	}
	return refused;
}

/*
 * Fields gated (without a test) above the version their description is
 * saved and loaded at: its own version_id, or a VSTRUCT's struct version.
 * QEMU never sends nor reads them (microblaze's env was never migrated:
 * VMSTATE_STRUCT(env, ..., 1, ...) under a "cpu" of version 0).
 */
static void report_never_migrated(struct cmp *c, const struct vg_desc *d, int version,
				  int depth)
{
	size_t i;

	if (depth > MAX_NESTING)
		return;
	for (i = 0; i < d->nr_fields; i++) {
		const struct vg_field *f = &d->fields[i];
		struct vg_finding *fd;
		char *v;

		if (f->has_test || f->version_id <= version) {
			if (f->desc)
				report_never_migrated(c, f->desc, f->has_struct_version ?
						      f->struct_version : f->desc->version_id,
						      depth + 1);
			continue;
		}
		v = num_str(f->version_id);
		fd = emit(c, VG_RULE_FIELD_NEVER_MIGRATED, d->name, f->name, NULL, v,
			  MSG("'%s' is gated by version %d, above the version %d that '%s' is "
			      "saved and loaded at: it is never on the wire (raise the "
			      "description's version_id, or drop the gate)", nz(f->name),
			      f->version_id, version, nz(d->name)));
		locate(c, fd, NULL, f);
		free(v);
	}
}

/* Fields the destination gates above the stream version: read only from newer streams. */
static void report_versioned_adds(struct cmp *c, const struct vg_desc *src,
				  const struct vg_desc *dst)
{
	size_t i;

	for (i = 0; i < dst->nr_fields; i++) {
		const struct vg_field *f = &dst->fields[i];
		struct vg_finding *fd;
		char *v;

		if (f->has_test || f->version_id <= src->version_id ||
		    f->version_id > dst->version_id)
			continue;
		v = num_str(f->version_id);
		fd = emit(c, VG_RULE_FIELD_ADDED_VERSIONED, dst->name, f->name, NULL, v,
			  MSG("'%s' is gated by version %d, above the source's %d: it is "
			      "not read from the source's streams", nz(f->name),
			      f->version_id, src->version_id));
		locate(c, fd, NULL, f);
		free(v);
	}
}

/* The field stream and everything nested, at src's version. */
static int compare_desc_stream(const struct vg_compare_ctx *ctx, const struct vg_desc *src,
			       const struct vg_desc *dst, struct vg_findings *out)
{
	struct cmp c;
	size_t i;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.out = out;
	c.memo_s = c.memo_d = -1;
	c.s.counts_known = ctx->src_counts_known;
	c.d.counts_known = ctx->dst_counts_known;
	out->descriptions_compared++;
	if (add_node(&c.s, src, NULL, -1, 0) < 0 || add_node(&c.d, dst, NULL, -1, 0) < 0)
		goto done;
	if (flatten(&c.s, src, src->version_id, 0, 0, 1, 0) < 0 ||
	    flatten(&c.d, dst, src->version_id, 0, 0, 1, 0) < 0)
		goto done;
	if (align(&c) < 0 || pair_nodes(&c) < 0)
		goto done;

	report_versioned_adds(&c, src, dst);
	report_never_migrated(&c, dst, dst->version_id, 0);
	report_missing_descs(&c, &c.s, &c.d, 1);
	report_missing_descs(&c, &c.d, &c.s, 0);
	for (i = 0; i < c.s.nr; i++) {
		struct leaf *a = &c.s.leaves[i];

		if (a->how == PAIR_EQUAL || a->how == PAIR_SIZE || a->how == PAIR_UNSURE)
			report_pair(&c, i);
		else if (a->how == PAIR_PAD && a->pad_run == (int)i)
			report_pad(&c, i);
	}
	report_moves(&c);
	report_unpaired(&c);

	/* Nested descriptions: renames (not on the wire), then subsections. */
	for (i = 1; i < c.s.nr_nodes; i++) {
		const struct node *x = &c.s.nodes[i];
		const struct node *y = x->pair >= 0 ? &c.d.nodes[x->pair] : NULL;

		if (!y) {
			report_removed_subs(&c, x->desc, NULL, NULL, NULL, NULL);
			continue;
		}
		out->descriptions_compared++;
		if (strcmp(nz(x->desc->name), nz(y->desc->name))) {
			struct vg_finding *f = emit(&c, VG_RULE_DESCRIPTION_RENAMED, y->desc->name,
						    NULL, x->desc->name, y->desc->name,
						    MSG("nested description '%s' renamed to '%s' "
							"(nested names are not on the wire; its "
							"subsections' names are)",
							nz(x->desc->name), nz(y->desc->name)));
			locate_desc(&c, f, x->desc, y->desc);
		}
		if (compare_subsections(&c, x->desc, y->desc) < 0)
			goto done;
	}
	for (i = 1; i < c.d.nr_nodes; i++)
		if (c.d.nodes[i].pair < 0)
			report_added_subs(&c, c.d.nodes[i].desc, NULL, NULL);
	if (compare_subsections(&c, src, dst) < 0)
		goto done;
	ret = c.failed ? -1 : 0;
done:
	side_release(&c.s);
	side_release(&c.d);
	free(c.item);
	free(c.s_twin);
	free(c.d_twin);
	return ret;
}

int vg_compare_self(const struct vg_compare_ctx *ctx, const struct vg_desc *d,
		    struct vg_findings *out)
{
	struct cmp c;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.out = out;
	report_dup_subs(&c, d, 1, out->nr, 0);
	return c.failed ? -1 : 0;
}

int vg_compare_section_desc(const struct vg_compare_ctx *ctx,
			    const struct vg_desc *src, const struct vg_desc *dst,
			    struct vg_findings *out)
{
	struct cmp c;
	size_t from;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.out = out;
	if (src->name && dst->name && strcmp(src->name, dst->name)) {
		struct vg_finding *f = emit(&c, VG_RULE_SECTION_RENAMED, dst->name, NULL,
					    src->name, dst->name,
					    MSG("the section id on the wire changes from '%s' to "
						"'%s': the destination does not know the source's "
						"section (\"Unknown savevm section\")",
						src->name, dst->name));
		locate_desc(&c, f, src, dst);
	}
	/* Self-inconsistency first: the new side's, then what only the old side has. */
	from = out->nr;
	report_dup_subs(&c, dst, 1, from, 0);
	report_dup_subs(&c, src, 0, from, 0);
	if (compare_versions(&c, src, dst, dst->name, NULL, "the section's")) {
		/* The destination refuses the section: its fields are moot. */
		out->descriptions_compared++;
		return c.failed ? -1 : 0;
	}
	if (c.failed)
		return -1;
	return compare_desc_stream(ctx, src, dst, out);
}

/* Whole dumps. */

static int section_cmp(const void *a, const void *b)
{
	const struct vg_section *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

/* Sections sorted by key, for bsearch. */
static const struct vg_section **section_index(const struct vg_dump *d)
{
	const struct vg_section **idx = vg_malloc((d->nr_sections + 1) * sizeof(*idx));
	size_t i;

	if (!idx)
		return NULL;
	for (i = 0; i < d->nr_sections; i++)
		idx[i] = &d->sections[i];
	qsort(idx, d->nr_sections, sizeof(*idx), section_cmp);
	return idx;
}

static const struct vg_section *find_section(const struct vg_section **idx, size_t nr,
					     const char *key)
{
	struct vg_section probe;
	const struct vg_section *pp = &probe, *const *hit;

	if (!key)
		return NULL;
	probe.key = (char *)key;
	hit = bsearch(&pp, idx, nr, sizeof(*idx), section_cmp);
	return hit ? *hit : NULL;
}

/*
 * An entry without a Description (QEMU's checker test data has one): its
 * versions are all there is to compare; say that the rest was not.
 */
static int section_versions_only(const struct vg_compare_ctx *ctx, const struct vg_section *s,
				 const struct vg_section *d, struct vg_findings *out)
{
	struct cmp c;
	struct vg_desc sv, dv;
	const struct vg_section *bare = s->has_desc ? d : s;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.out = out;
	memset(&sv, 0, sizeof(sv));
	memset(&dv, 0, sizeof(dv));
	sv.version_id = s->version_id;
	sv.minimum_version_id = s->minimum_version_id;
	dv.version_id = d->version_id;
	dv.minimum_version_id = d->minimum_version_id;
	if (!vg_findings_add(out, VG_RULE_DESCRIPTION_ABSENT, s->key, NULL, NULL, NULL, NULL,
			     "the %s dump's entry for '%s' has no Description: only its "
			     "versions were compared, not its fields and subsections",
			     bare == s ? "source" : "destination", s->key))
		return -1;
	out->descriptions_compared++;
	compare_versions(&c, &sv, &dv, s->key, NULL, "the section's");
	return c.failed ? -1 : 0;
}

static int section_pair(const struct vg_compare_ctx *base, const struct vg_section *s,
			const struct vg_section *d, struct vg_findings *out)
{
	struct vg_compare_ctx ctx = *base;

	ctx.section = s->key;
	out->sections_compared++;
	if (!s->has_desc || !d->has_desc)
		return section_versions_only(&ctx, s, d, out);
	return vg_compare_section_desc(&ctx, &s->desc, &d->desc, out);
}

/*
 * A key that disappeared: a QOM type rename keeps the wire intact when a
 * new key carries the same description name (the idstr) and loads the
 * old layout without errors. Returns the new section or NULL.
 */
static const struct vg_section *find_renamed_type(const struct vg_compare_ctx *base,
						  const struct vg_section *s,
						  const struct vg_dump *dst,
						  const struct vg_section **src_idx, size_t src_nr,
						  const unsigned char *taken, int shared,
						  struct vg_findings *found)
{
	size_t i;

	for (i = 0; i < dst->nr_sections; i++) {
		const struct vg_section *d = &dst->sections[i];
		struct vg_findings tmp = VG_FINDINGS_INIT;
		int is_new, ok;

		if (!d->desc.name || !s->desc.name || strcmp(d->desc.name, s->desc.name))
			continue;
		is_new = !taken[i] && !find_section(src_idx, src_nr, d->key);
		if (shared == is_new)
			continue;
		ok = section_pair(base, s, d, &tmp) == 0 &&
		     !vg_findings_count(&tmp, VG_SEV_ERROR);
		if (ok) {
			found->sections_compared += tmp.sections_compared;
			found->descriptions_compared += tmp.descriptions_compared;
			tmp.sections_compared = tmp.descriptions_compared = 0;
			if (vg_findings_splice(found, &tmp) < 0) {
				vg_findings_release(&tmp);
				return NULL;
			}
			return d;
		}
		vg_findings_release(&tmp);
	}
	return NULL;
}

int vg_compare_dumps(const struct vg_dump *src, const struct vg_dump *dst,
		     const struct vg_rules *rules, struct vg_findings *out)
{
	struct vg_compare_ctx ctx;
	const struct vg_section **sidx = NULL, **didx = NULL;
	unsigned char *taken = NULL;
	size_t i;
	int ret = -1;

	memset(&ctx, 0, sizeof(ctx));
	ctx.rules = rules;
	ctx.src_counts_known = src->has_num;
	ctx.dst_counts_known = dst->has_num;

	if (src->machine && dst->machine && strcmp(src->machine, dst->machine) &&
	    !vg_findings_add(out, VG_RULE_MACHINE_CHANGED, NULL, NULL, "vmschkmachine",
			     src->machine, dst->machine,
			     "the dumps were taken for different machine types ('%s' and '%s'): "
			     "migration needs the same machine type on both sides",
			     src->machine, dst->machine))
		return -1;
	sidx = section_index(src);
	didx = section_index(dst);
	taken = vg_calloc(dst->nr_sections + 1, 1);
	if (!sidx || !didx || !taken)
		goto done;

	for (i = 0; i < src->nr_sections; i++) {
		const struct vg_section *s = &src->sections[i], *d;
		const char *renamed;

		d = find_section(didx, dst->nr_sections, s->key);
		if (d) {
			taken[d - dst->sections] = 1;
			if (section_pair(&ctx, s, d, out) < 0)
				goto done;
			continue;
		}
		renamed = rules ? vg_rules_renamed_key(rules, s->key) : NULL;
		d = renamed ? find_section(didx, dst->nr_sections, renamed) : NULL;
		if (d && !taken[d - dst->sections] && !find_section(sidx, src->nr_sections, d->key)) {
			taken[d - dst->sections] = 1;
			if (!vg_findings_add(out, VG_RULE_TYPE_RENAMED, s->key, s->desc.name, NULL,
					     s->key, d->key,
					     "QOM type '%s' is now '%s' (rules/section-renames); "
					     "dump keys are not on the wire", s->key, d->key))
				goto done;
			if (section_pair(&ctx, s, d, out) < 0)
				goto done;
			continue;
		}
		/* A new key with the same idstr and layout: a QOM type rename. */
		d = find_renamed_type(&ctx, s, dst, sidx, src->nr_sections, taken, 0, out);
		if (d) {
			taken[d - dst->sections] = 1;
			if (!vg_findings_add(out, VG_RULE_TYPE_RENAMED, s->key, s->desc.name, NULL,
					     s->key, d->key,
					     "QOM type '%s' is now '%s' with the same section id "
					     "'%s' and layout; dump keys are not on the wire",
					     s->key, d->key, s->desc.name))
				goto done;
			continue;
		}
		/*
		 * Another type still loads this idstr and layout: the type was
		 * folded into it (or was an abstract class, which the dump lists
		 * but no VM instantiates).
		 */
		d = find_renamed_type(&ctx, s, dst, sidx, src->nr_sections, taken, 1, out);
		if (d) {
			if (!vg_findings_add(out, VG_RULE_TYPE_RENAMED, s->key, s->desc.name, NULL,
					     s->key, d->key,
					     "QOM type '%s' is gone, but type '%s' still loads its "
					     "section '%s' with the same layout; dump keys are not "
					     "on the wire", s->key, d->key, s->desc.name))
				goto done;
			continue;
		}
		if (!vg_findings_add(out, VG_RULE_SECTION_REMOVED, s->key, s->desc.name, NULL,
				     s->key, NULL,
				     "the destination has no device type '%s' (section '%s'): a "
				     "source that has this device sends a section the destination "
				     "refuses (\"Unknown savevm section\")", s->key, nz(s->desc.name)))
			goto done;
	}
	for (i = 0; i < dst->nr_sections; i++) {
		const struct vg_section *d = &dst->sections[i];

		if (taken[i])
			continue;
		if (!vg_findings_add(out, VG_RULE_SECTION_ADDED, d->key, d->desc.name, NULL,
				     NULL, d->key,
				     "new device type '%s' (section '%s'): migrating back fails "
				     "if a VM with this device is migrated to the source's release",
				     d->key, nz(d->desc.name)))
			goto done;
	}
	ret = 0;
done:
	free(sidx);
	free(didx);
	free(taken);
	return ret;
}

/* Known breaks (rules/known-breaks). */

long vg_release_number(const char *s)
{
	long part[3] = { 0, 0, 0 };
	int n = 0;

	if (!s)
		return -1;
	if (*s == 'v' || *s == 'V')
		s++;
	while (n < 3) {
		long v = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 6) {
			v = v * 10 + (*s++ - '0');
			digits++;
		}
		if (!digits || (*s >= '0' && *s <= '9'))
			return -1;
		part[n++] = v;
		if (*s != '.')
			break;
		s++;
	}
	if (n < 2 || (*s && *s != '-' && *s != '+'))
		return -1;
	return part[0] * 1000000 + part[1] * 1000 + part[2];
}

/* "A..B" into two release numbers, ordered. */
static int parse_range(const char *range, long *lo, long *hi)
{
	const char *dots = range ? strstr(range, "..") : NULL;
	char *a;
	long x, y;

	if (!dots)
		return -1;
	a = vg_strndup(range, (size_t)(dots - range));
	if (!a)
		return -1;
	x = vg_release_number(a);
	y = vg_release_number(dots + 2);
	free(a);
	if (x < 0 || y < 0)
		return -1;
	*lo = x < y ? x : y;
	*hi = x < y ? y : x;
	return 0;
}

static int break_matches(const struct vg_known_break *kb, const struct vg_finding *f)
{
	char *path;
	int hit;

	if (strcmp(kb->rule, "*") && strcmp(kb->rule, vg_rule_info(f->rule)->id))
		return 0;
	if ((f->section && !strcmp(kb->path, f->section)) ||
	    (f->desc && !f->item && !strcmp(kb->path, f->desc)))
		return 1;
	path = vg_finding_path(f);
	hit = path && !strcmp(path, kb->path);
	free(path);
	return hit;
}

int vg_compare_apply_known_breaks(const struct vg_rules *rules, const char *range,
				  struct vg_findings *list)
{
	long from, to;
	size_t i, k;
	int waived = 0;

	if (parse_range(range, &from, &to) < 0)
		return vg_error("malformed release range '%s' (expected e.g. v8.2.0..v9.0.0)",
				range ? range : "");
	for (k = 0; rules && k < rules->nr_breaks; k++) {
		const struct vg_known_break *kb = &rules->breaks[k];
		long a, b;

		if (parse_range(kb->range, &a, &b) < 0 || from > a || to < b)
			continue;
		for (i = 0; i < list->nr; i++) {
			struct vg_finding *f = &list->items[i];
			char *reason;

			if (f->waived_by || !break_matches(kb, f))
				continue;
			reason = kb->source ? vg_asprintf("%s (%s)", kb->reason, kb->source)
					    : vg_strdup(kb->reason);
			if (!reason || vg_finding_set(&f->waived_by, kb->where) < 0) {
				free(reason);
				return -1;
			}
			free(f->waiver_reason);
			f->waiver_reason = reason;
			waived++;
		}
	}
	return waived;
}
