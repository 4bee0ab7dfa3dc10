/*
 * The git gate: what a commit changes in migration compatibility with the
 * previous release. See gate.h for the judgement.
 */
#define _GNU_SOURCE 1 /* memmem */
#include "gate.h"
#include "exitcode.h"
#include "repo.h"
#include "report.h"
#include "util.h"
#include "waiver.h"

#include "rules.h"
#include "scan.h"
#include "srccmp.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The include index: which sources define VMState and what they include. */
struct inc_entry {
	char *path;
	struct vg_oid blob;
	int has_vmstate;
	char **includes;        /* the "quoted" #include names */
	size_t nr_includes;
};

struct inc_index {
	struct inc_entry *items;
	size_t nr, alloc;
	size_t *slots;          /* open addressing: index + 1, 0 empty */
	size_t cap;
	int built;
};

/*
 * A header changed in the judged change, with its two texts (for the
 * identifiers it touches; the scans read headers from each tree).
 */
struct header {
	char *path;
	char *old, *new_;               /* NULL when absent */
	size_t old_len, new_len;
	char **idents;                  /* identifiers on the changed lines */
	size_t nr_idents;
};

/* One source file to compare. */
struct unit {
	char *old_path, *new_path;      /* parent and child paths (NULL: absent) */
	size_t *headers;                /* indexes into the header list */
	size_t nr_headers;
};

/*
 * Where a file of the parent was in the baseline when a commit since the
 * baseline renamed it (origin NULL: added since, no rename).
 */
struct origin {
	struct vg_oid base;
	char *path;
	char *origin;
};

/*
 * A quoted .name of a source of the baseline that may define VMState:
 * where to look for a description by its name (a file new since the
 * release, or a section that survives elsewhere).
 */
struct bname {
	char *name;
	char *path;
};

/* Header texts by blob id, kept across the commits of a range. */
struct hblob {
	struct vg_oid id;
	char *text;
	size_t len;
	char **includes;        /* its "quoted" #include names, parsed once */
	size_t nr_includes;
	int parsed;
};

/* Include resolutions by (tree, directory, name), kept across commits. */
struct rmemo_entry {
	char *key;              /* tree hex, directory of the includer, name */
	char *path;             /* NULL: not found */
	struct vg_oid id;
};

struct rmemo {
	struct rmemo_entry *v;
	size_t nr, alloc;
	size_t *slots;
	size_t cap;
};

/* Past this many resolutions the memo starts over. */
#define RMEMO_MAX 400000

struct hcache {
	struct hblob *v;
	size_t nr, alloc;
	size_t *slots;          /* open addressing: index + 1, 0 empty */
	size_t cap;
	size_t bytes;
};

/* Past this many bytes of header text the cache starts over. */
#define HCACHE_MAX_BYTES ((size_t)256 << 20)

/* One header of a file on one side: resolved path, blob, cached text. */
struct hitem {
	char *path;
	struct vg_oid id;
	const char *text;       /* borrowed from the gate's cache */
	size_t len;
};

/*
 * The TARGET_LONG_BITS of target/DIR in a commit's tree: 32 or 64 when
 * every system build of the directory has it, 0 when not known.
 */
struct tlbits {
	struct vg_oid tree;
	char *dir;
	int bits;
};

/* Past this many entries the TARGET_LONG_BITS cache starts over. */
#define TLBITS_MAX 4096

/* The headers one version of a file includes, in its tree. */
struct hside {
	struct hitem *v;
	size_t nr, alloc;
};

#define HSIDE_INIT { NULL, 0, 0 }

struct vg_gate {
	struct vg_repo *repo;
	struct vg_gate_opts opts;
	int failure;
	struct vg_gate_stats stats;
	struct inc_index inc;
	struct vg_oid fixed_baseline;
	int have_fixed_baseline;
	struct vg_rules rules;
	struct hcache hc;
	struct rmemo rm;
	struct origin *origins;         /* a file's baseline path, by (base, path) */
	size_t nr_origins, alloc_origins;
	struct bname *bnames;           /* the baseline's .names, sorted by name */
	size_t nr_bnames, alloc_bnames;
	struct vg_oid bnames_tree;      /* the baseline tree they were read from */
	int bnames_built;
	struct tlbits *tlb;             /* TARGET_LONG_BITS by (tree, target dir) */
	size_t nr_tlb, alloc_tlb;
};

int vg_gate_failure(const struct vg_gate *g)
{
	return g->failure ? g->failure : VG_EXIT_INTERNAL;
}

const struct vg_gate_stats *vg_gate_stats(const struct vg_gate *g)
{
	return &g->stats;
}

static int fail_usage(struct vg_gate *g)
{
	g->failure = VG_EXIT_USAGE;
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
	/* The header texts of the gate's cache are stable: parse each once. */
	vg_scan_cache_enable(1);
	if (vg_rules_load(&g->rules, NULL) < 0) {
		vg_rules_release(&g->rules);
		free(g);
		return -1;
	}
	if (g->opts.baseline) {
		if (vg_repo_resolve_commit(repo, g->opts.baseline, &g->fixed_baseline) < 0) {
			vg_rules_release(&g->rules);
			free(g);
			return -1;
		}
		g->have_fixed_baseline = 1;
	}
	*out = g;
	return 0;
}

static void inc_entry_release(struct inc_entry *e)
{
	size_t i;

	free(e->path);
	for (i = 0; i < e->nr_includes; i++)
		free(e->includes[i]);
	free(e->includes);
	memset(e, 0, sizeof(*e));
}

static void hcache_clear(struct hcache *c)
{
	size_t i, k;

	for (i = 0; i < c->nr; i++) {
		free(c->v[i].text);
		for (k = 0; k < c->v[i].nr_includes; k++)
			free(c->v[i].includes[k]);
		free(c->v[i].includes);
	}
	c->nr = 0;
	c->bytes = 0;
	if (c->slots)
		memset(c->slots, 0, c->cap * sizeof(*c->slots));
}

static size_t oid_hash(const struct vg_oid *id)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));
	return h;
}

static int hcache_rehash(struct hcache *c, size_t cap)
{
	size_t *slots = vg_calloc(cap, sizeof(*slots)), i, j;

	if (!slots)
		return -1;
	for (i = 0; i < c->nr; i++) {
		for (j = oid_hash(&c->v[i].id) & (cap - 1); slots[j]; j = (j + 1) & (cap - 1))
			;
		slots[j] = i + 1;
	}
	free(c->slots);
	c->slots = slots;
	c->cap = cap;
	return 0;
}

/* The text of a header blob, read once per gate (borrowed). */
static int hcache_get(struct vg_gate *g, const struct vg_oid *id, const char **text,
		      size_t *len)
{
	struct hcache *c = &g->hc;
	struct hblob *b;
	size_t j;

	if (c->cap) {
		for (j = oid_hash(id) & (c->cap - 1); c->slots[j]; j = (j + 1) & (c->cap - 1)) {
			b = &c->v[c->slots[j] - 1];
			if (vg_oid_equal(&b->id, id)) {
				*text = b->text;
				*len = b->len;
				return 0;
			}
		}
	}
	if ((c->nr + 1) * 2 > c->cap && hcache_rehash(c, c->cap ? c->cap * 2 : 1024) < 0)
		return -1;
	if (VG_GROW(c->v, c->alloc, c->nr + 1) < 0)
		return -1;
	b = &c->v[c->nr];
	memset(b, 0, sizeof(*b));
	b->id = *id;
	if (vg_repo_read_blob(g->repo, id, &b->text, &b->len) < 0)
		return -1;
	for (j = oid_hash(id) & (c->cap - 1); c->slots[j]; j = (j + 1) & (c->cap - 1))
		;
	c->slots[j] = ++c->nr;
	c->bytes += b->len;
	*text = b->text;
	*len = b->len;
	return 0;
}

static void hside_release(struct hside *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->v[i].path);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Do two sides hold the same headers (paths and blobs)? */
static int hside_equal(const struct hside *a, const struct hside *b)
{
	size_t i;

	if (a->nr != b->nr)
		return 0;
	for (i = 0; i < a->nr; i++)
		if (strcmp(a->v[i].path, b->v[i].path) || !vg_oid_equal(&a->v[i].id, &b->v[i].id))
			return 0;
	return 1;
}

static void rmemo_clear(struct rmemo *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		free(m->v[i].key);
		free(m->v[i].path);
	}
	m->nr = 0;
	if (m->slots)
		memset(m->slots, 0, m->cap * sizeof(*m->slots));
}

static size_t str_hash(const char *s);

static struct rmemo_entry *rmemo_find(struct rmemo *m, const char *key)
{
	size_t j;

	if (!m->cap)
		return NULL;
	for (j = str_hash(key) & (m->cap - 1); m->slots[j]; j = (j + 1) & (m->cap - 1))
		if (!strcmp(m->v[m->slots[j] - 1].key, key))
			return &m->v[m->slots[j] - 1];
	return NULL;
}

/* Add an entry (key and path owned by the memo from now on). */
static int rmemo_add(struct rmemo *m, char *key, char *path, const struct vg_oid *id)
{
	size_t j;

	if ((m->nr + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 4096, i, *slots = vg_calloc(cap, sizeof(*slots));

		if (!slots)
			goto fail;
		for (i = 0; i < m->nr; i++) {
			for (j = str_hash(m->v[i].key) & (cap - 1); slots[j]; j = (j + 1) & (cap - 1))
				;
			slots[j] = i + 1;
		}
		free(m->slots);
		m->slots = slots;
		m->cap = cap;
	}
	if (VG_GROW(m->v, m->alloc, m->nr + 1) < 0)
		goto fail;
	m->v[m->nr].key = key;
	m->v[m->nr].path = path;
	m->v[m->nr].id = *id;
	for (j = str_hash(key) & (m->cap - 1); m->slots[j]; j = (j + 1) & (m->cap - 1))
		;
	m->slots[j] = ++m->nr;
	return 0;
fail:
	free(key);
	free(path);
	return -1;
}

void vg_gate_free(struct vg_gate *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->inc.nr; i++)
		inc_entry_release(&g->inc.items[i]);
	free(g->inc.items);
	free(g->inc.slots);
	vg_scan_cache_enable(0);        /* before the texts it is keyed by */
	hcache_clear(&g->hc);
	rmemo_clear(&g->rm);
	for (i = 0; i < g->nr_origins; i++) {
		free(g->origins[i].path);
		free(g->origins[i].origin);
	}
	free(g->origins);
	for (i = 0; i < g->nr_bnames; i++) {
		free(g->bnames[i].name);
		free(g->bnames[i].path);
	}
	free(g->bnames);
	for (i = 0; i < g->nr_tlb; i++)
		free(g->tlb[i].dir);
	free(g->tlb);
	free(g->rm.v);
	free(g->rm.slots);
	free(g->hc.v);
	free(g->hc.slots);
	free(g->stats.baseline);
	vg_rules_release(&g->rules);
	vg_srccmp_release_cache();
	free(g);
}

/* File kinds. */

static int ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !memcmp(s + ls - lx, suffix, lx);
}

static int is_source(const char *path)
{
	return ends_with(path, ".c") || ends_with(path, ".c.inc") || ends_with(path, ".inc.c");
}

static int is_header(const char *path)
{
	return ends_with(path, ".h") || ends_with(path, ".h.inc") || ends_with(path, ".inc.h");
}

static int has_vmstate(const char *buf, size_t len)
{
	static const char key[] = "VMStateDescription";

	return buf && memmem(buf, len, key, sizeof(key) - 1) != NULL;
}

/* The include index. */

static size_t str_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static struct inc_entry *inc_find(struct inc_index *idx, const char *path)
{
	size_t i;

	if (!idx->cap)
		return NULL;
	for (i = str_hash(path) & (idx->cap - 1); idx->slots[i]; i = (i + 1) & (idx->cap - 1))
		if (!strcmp(idx->items[idx->slots[i] - 1].path, path))
			return &idx->items[idx->slots[i] - 1];
	return NULL;
}

static int inc_rehash(struct inc_index *idx, size_t cap)
{
	size_t *slots = vg_calloc(cap, sizeof(*slots)), i, j;

	if (!slots)
		return -1;
	for (i = 0; i < idx->nr; i++) {
		for (j = str_hash(idx->items[i].path) & (cap - 1); slots[j]; j = (j + 1) & (cap - 1))
			;
		slots[j] = i + 1;
	}
	free(idx->slots);
	idx->slots = slots;
	idx->cap = cap;
	return 0;
}

static int parse_includes(struct inc_entry *e, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	size_t alloc = 0;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q = p, *lend = eol ? eol : end;

		while (q < lend && (*q == ' ' || *q == '\t'))
			q++;
		if (q < lend && *q == '#') {
			q++;
			while (q < lend && (*q == ' ' || *q == '\t'))
				q++;
			if ((size_t)(lend - q) > 7 && !memcmp(q, "include", 7)) {
				const char *s, *t;

				q += 7;
				while (q < lend && (*q == ' ' || *q == '\t'))
					q++;
				if (q < lend && *q == '"' && (t = memchr(q + 1, '"', (size_t)(lend - q - 1)))) {
					s = q + 1;
					if (VG_GROW(e->includes, alloc, e->nr_includes + 1) < 0)
						return -1;
					e->includes[e->nr_includes] = vg_strndup(s, (size_t)(t - s));
					if (!e->includes[e->nr_includes])
						return -1;
					e->nr_includes++;
				}
			}
		}
		p = eol ? eol + 1 : end;
	}
	return 0;
}

/* Set path's entry from a blob (NULL blob: the file is gone). */
static int inc_update(struct vg_gate *g, const char *path, const struct vg_oid *blob)
{
	struct inc_index *idx = &g->inc;
	struct inc_entry *e = inc_find(idx, path), fresh;
	char *buf = NULL;
	size_t len = 0;

	if (e && blob && vg_oid_equal(&e->blob, blob))
		return 0;
	if (!blob) {
		if (e)
			e->has_vmstate = 0;
		return 0;
	}
	memset(&fresh, 0, sizeof(fresh));
	if (vg_repo_read_blob(g->repo, blob, &buf, &len) < 0)
		return -1;
	fresh.blob = *blob;
	fresh.has_vmstate = has_vmstate(buf, len);
	if (fresh.has_vmstate && parse_includes(&fresh, buf, len) < 0)
		goto fail;
	free(buf);
	buf = NULL;
	if (e) {
		fresh.path = e->path;
		e->path = NULL;
		inc_entry_release(e);
		*e = fresh;
		return 0;
	}
	if (!(fresh.path = vg_strdup(path)))
		goto fail;
	if (VG_GROW(idx->items, idx->alloc, idx->nr + 1) < 0)
		goto fail;
	idx->items[idx->nr++] = fresh;
	if (idx->nr * 2 > idx->cap)
		return inc_rehash(idx, idx->cap ? idx->cap * 2 : 4096);
	{
		size_t j;

		for (j = str_hash(fresh.path) & (idx->cap - 1); idx->slots[j];
		     j = (j + 1) & (idx->cap - 1))
			;
		idx->slots[j] = idx->nr;
	}
	return 0;
fail:
	free(buf);
	inc_entry_release(&fresh);
	return -1;
}

static int inc_build_cb(const char *path, const struct vg_oid *blob, void *payload)
{
	struct vg_gate *g = payload;

	if (!is_source(path))
		return 0;
	return inc_update(g, path, blob) < 0 ? -1 : 0;
}

static int inc_build(struct vg_gate *g, struct vg_tree *tree)
{
	if (g->inc.built)
		return 0;
	g->inc.built = 1;
	if (vg_tree_foreach_file(tree, NULL, inc_build_cb, g) < 0)
		return -1;
	/* Rehash once at the end: inc_update rehashes as it grows. */
	return 0;
}

static int include_names(const char *inc, const char *header)
{
	size_t li = strlen(inc), lh = strlen(header);

	if (!strcmp(inc, header))
		return 1;
	return lh > li && header[lh - li - 1] == '/' && !strcmp(header + lh - li, inc);
}

/* Include resolution: QEMU's search path, in the snapshot's own tree. */

/* Length of the directory part of path, its '/' included (0: the root). */
static size_t dir_len(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? (size_t)(s - path) + 1 : 0;
}

/*
 * dir[0, dl) + name with "." and ".." segments resolved. Returns a new
 * string, "" when it climbs above the root, NULL on allocation failure.
 */
static char *join_path(const char *dir, size_t dl, const char *name)
{
	char *p = vg_asprintf("%.*s%s", (int)dl, dir, name), *seg[64];
	size_t n = 0, i;
	struct vg_buf b = VG_BUF_INIT;
	char *tok, *save = NULL;

	if (!p)
		return NULL;
	if (!strstr(p, "./"))
		return p;
	for (tok = strtok_r(p, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (!n) {
				p[0] = '\0';
				return p;       /* above the root: no such file */
			}
			n--;
			continue;
		}
		if (n == 64) {
			p[0] = '\0';
			return p;
		}
		seg[n++] = tok;
	}
	for (i = 0; i < n; i++)
		vg_buf_printf(&b, "%s%s", i ? "/" : "", seg[i]);
	free(p);
	if (!b.buf)
		vg_buf_add(&b, "", 0);
	return vg_buf_detach(&b);
}

/*
 * Where #include "name" of the file at from is found in tree: the
 * file's own directory, include/, the repository root, and for target/X/
 * files target/X/ (QEMU's -iquote and -I order); the first hit wins.
 * Returns 1 with *out (newly allocated) and *id, 0 when not found, -1.
 */
static int resolve_include(struct vg_tree *tree, const char *from, const char *name,
			   char **out, struct vg_oid *id)
{
	char *cand[4] = { NULL, NULL, NULL, NULL };
	size_t nc = 0, k;
	int found = 0, ret = -1;

	*out = NULL;
	if (!*name || name[0] == '/')
		return 0;
	cand[nc++] = join_path(from, dir_len(from), name);
	cand[nc++] = join_path("include/", 8, name);
	cand[nc++] = join_path("", 0, name);
	if (!strncmp(from, "target/", 7) && strchr(from + 7, '/'))
		cand[nc++] = join_path(from, (size_t)(strchr(from + 7, '/') - from) + 1, name);
	for (k = 0; k < nc; k++)
		if (!cand[k])
			goto done;
	for (k = 0; k < nc && !found; k++) {
		if (!*cand[k])
			continue;
		found = vg_tree_blob_id(tree, cand[k], id);
		if (found < 0)
			goto done;
		if (found) {
			*out = cand[k];
			cand[k] = NULL;
		}
	}
	ret = found;
done:
	for (k = 0; k < nc; k++)
		free(cand[k]);
	return ret;
}

/*
 * resolve_include() remembered by (tree, includer's directory, name): a
 * range resolves the same lines in the baseline's tree for every commit,
 * and each commit's tree is the next one's parent.
 */
static int resolve_cached(struct vg_gate *g, struct vg_tree *tree, const char *from,
			  const char *name, char **out, struct vg_oid *id)
{
	struct vg_oid tid;
	char hex[VG_OID_HEXSZ + 1], *key, *path = NULL;
	struct rmemo_entry *e;
	int r;

	if (!vg_tree_id(tree, &tid))
		return resolve_include(tree, from, name, out, id);
	vg_oid_hex(&tid, hex);
	key = vg_asprintf("%s:%.*s:%s", hex, (int)dir_len(from), from, name);
	if (!key)
		return -1;
	if ((e = rmemo_find(&g->rm, key))) {
		free(key);
		*out = NULL;
		if (!e->path)
			return 0;
		*id = e->id;
		return (*out = vg_strdup(e->path)) ? 1 : -1;
	}
	r = resolve_include(tree, from, name, out, id);
	if (r < 0) {
		free(key);
		return -1;
	}
	if (g->rm.nr >= RMEMO_MAX)
		rmemo_clear(&g->rm);
	if (r && !(path = vg_strdup(*out))) {
		free(key);
		return -1;
	}
	if (!r)
		memset(id, 0, sizeof(*id));
	return rmemo_add(&g->rm, key, path, id) < 0 ? -1 : r;
}

static int parse_includes(struct inc_entry *e, const char *buf, size_t len);

static int same_dir(const char *a, const char *b)
{
	return dir_len(a) == dir_len(b) && !memcmp(a, b, dir_len(a));
}

/* How deep includes are followed (0: the file's own #include lines). */
#define HSIDE_MAX_DEPTH 3

/*
 * Add the headers that text (the file at from) includes, resolved in
 * tree. Further down (up to HSIDE_MAX_DEPTH): every include of the
 * file's private headers (those in its own directory), and the includes
 * of any header that stay in that header's own directory (a header split
 * in two, as include/hw/ide/internal.h into ide-bus.h and ide-dev.h).
 */
static int hside_add(struct vg_gate *g, struct vg_tree *tree, const char *from,
		     char *const *names, size_t nr_names, int depth, int any_dir,
		     struct hside *s);

/* The #include names of a cached header blob, parsed once (borrowed). */
static int header_includes(struct vg_gate *g, const struct vg_oid *id, char ***names,
			   size_t *nr)
{
	struct hcache *c = &g->hc;
	struct hblob *b = NULL;
	const char *text;
	size_t len, j;

	if (hcache_get(g, id, &text, &len) < 0)
		return -1;
	for (j = oid_hash(id) & (c->cap - 1); c->slots[j]; j = (j + 1) & (c->cap - 1)) {
		b = &c->v[c->slots[j] - 1];
		if (vg_oid_equal(&b->id, id))
			break;
	}
	if (!b || !vg_oid_equal(&b->id, id))
		return vg_error("internal error: header cache");
	if (!b->parsed) {
		struct inc_entry e;

		memset(&e, 0, sizeof(e));
		if (parse_includes(&e, b->text, b->len) < 0) {
			inc_entry_release(&e);
			return -1;
		}
		b->includes = e.includes;
		b->nr_includes = e.nr_includes;
		b->parsed = 1;
	}
	*names = b->includes;
	*nr = b->nr_includes;
	return 0;
}

/*
 * Add the headers named by names (the #include lines of the file at
 * from), resolved in tree; see HSIDE_MAX_DEPTH for how far down.
 */
static int hside_add(struct vg_gate *g, struct vg_tree *tree, const char *from,
		     char *const *names, size_t nr_names, int depth, int any_dir,
		     struct hside *s)
{
	size_t i, k;

	for (i = 0; i < nr_names; i++) {
		struct vg_oid id;
		char *path = NULL, **sub = NULL;
		size_t nr_sub = 0;
		int r = resolve_cached(g, tree, from, names[i], &path, &id), seen = 0;
		struct hitem *h;

		if (r < 0)
			return -1;
		if (!r)
			continue;
		seen = !strcmp(path, from) || (depth > 0 && !any_dir && !same_dir(path, from));
		for (k = 0; k < s->nr && !seen; k++)
			seen = !strcmp(s->v[k].path, path);
		if (seen) {
			free(path);
			continue;
		}
		if (VG_GROW(s->v, s->alloc, s->nr + 1) < 0) {
			free(path);
			return -1;
		}
		h = &s->v[s->nr++];
		h->path = path;
		h->id = id;
		if (hcache_get(g, &id, &h->text, &h->len) < 0)
			return -1;
		if (depth < HSIDE_MAX_DEPTH) {
			char *hp = vg_strdup(path);

			if (!hp || header_includes(g, &id, &sub, &nr_sub) < 0) {
				free(hp);
				return -1;
			}
			r = hside_add(g, tree, hp, sub, nr_sub, depth + 1,
				      depth == 0 && same_dir(hp, from), s);
			free(hp);
			if (r < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * target_ulong of a target. QEMU builds target/X once per configuration
 * whose TARGET_BASE_ARCH (else TARGET_ARCH) is X, with the configuration's
 * TARGET_LONG_BITS: configs/targets/NAME.mak (QEMU 10.1 on), before that
 * target/X/cpu-param.h (#define TARGET_LONG_BITS N, under #if for the
 * mixed ones). Only system builds (-softmmu.mak) migrate: user-mode builds
 * never send a VMState. A size is given only when every value found for
 * the directory agrees; a mixed target keeps target_ulong symbolic.
 */
struct mak_ctx {
	struct vg_gate *g;
	const char *dir;
	int bits;               /* the agreed value so far, 0 none */
	int found;              /* system configurations of dir */
	int missing;            /* of them, without TARGET_LONG_BITS */
	int conflict;           /* two values, or one that is not 32/64 */
};

#define TARGETS_DIR "configs/targets/"

static void tl_add(struct mak_ctx *c, long v)
{
	if (v != 32 && v != 64)
		c->conflict = 1;
	else if (!c->bits)
		c->bits = (int)v;
	else if (c->bits != v)
		c->conflict = 1;
}

/* "KEY=value" of a .mak line [p, e): the value's span when key matches. */
static int mak_value(const char *p, const char *e, const char *key, const char **vb,
		     const char **ve)
{
	size_t kl = strlen(key);

	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if ((size_t)(e - p) <= kl || memcmp(p, key, kl))
		return 0;
	p += kl;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= e || *p != '=')
		return 0;
	p++;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	*vb = p;
	*ve = e;
	return 1;
}

static int mak_cb(const char *path, const struct vg_oid *blob, void *payload)
{
	struct mak_ctx *c = payload;
	const char *name = path + strlen(TARGETS_DIR), *p, *e;
	const char *arch = NULL, *arch_e = NULL, *base = NULL, *base_e = NULL;
	const char *bits = NULL, *bits_e = NULL, *dir, *dir_e;
	char *buf = NULL;
	size_t len = 0;
	int twice = 0;

	if (strncmp(path, TARGETS_DIR, strlen(TARGETS_DIR)))
		/* Paths come in git order: past the directory, stop. */
		return strcmp(path, TARGETS_DIR) > 0 ? 1 : 0;
	if (strchr(name, '/') || !ends_with(name, "-softmmu.mak"))
		return 0;
	if (vg_repo_read_blob(c->g->repo, blob, &buf, &len) < 0)
		return -1;
	for (p = buf; p < buf + len; p = e + 1) {
		const char *vb, *ve;

		e = memchr(p, '\n', (size_t)(buf + len - p));
		if (!e)
			e = buf + len;
		if (mak_value(p, e, "TARGET_ARCH", &vb, &ve)) {
			arch = vb;
			arch_e = ve;
		} else if (mak_value(p, e, "TARGET_BASE_ARCH", &vb, &ve)) {
			base = vb;
			base_e = ve;
		} else if (mak_value(p, e, "TARGET_LONG_BITS", &vb, &ve)) {
			twice = bits != NULL;
			bits = vb;
			bits_e = ve;
		}
	}
	dir = base ? base : arch;
	dir_e = base ? base_e : arch_e;
	if (dir && (size_t)(dir_e - dir) == strlen(c->dir) &&
	    !memcmp(dir, c->dir, (size_t)(dir_e - dir))) {
		c->found++;
		if (!bits) {
			c->missing++;
		} else {
			char num[16];
			size_t n = (size_t)(bits_e - bits);
			char *end;
			long v = 0;

			/* Set twice: not a plain assignment we follow. */
			if (!twice && n && n < sizeof(num)) {
				memcpy(num, bits, n);
				num[n] = '\0';
				v = strtol(num, &end, 10);
				if (*end)
					v = 0;
			}
			tl_add(c, v);
		}
	}
	free(buf);
	return 0;
}

/* Every "#define TARGET_LONG_BITS N" of a cpu-param.h, into c. */
static void cpu_param_bits(struct mak_ctx *c, const char *buf, size_t len, int *any)
{
	const char *p, *e;

	for (p = buf; p < buf + len; p = e + 1) {
		const char *q;
		char *end;
		long v;

		e = memchr(p, '\n', (size_t)(buf + len - p));
		if (!e)
			e = buf + len;
		q = p;
		while (q < e && isspace((unsigned char)*q))
			q++;
		if (q >= e || *q != '#')
			continue;
		q++;
		while (q < e && isspace((unsigned char)*q))
			q++;
		if ((size_t)(e - q) < 7 || memcmp(q, "define", 6) || !isspace((unsigned char)q[6]))
			continue;
		q += 6;
		while (q < e && isspace((unsigned char)*q))
			q++;
		if ((size_t)(e - q) < 17 || memcmp(q, "TARGET_LONG_BITS", 16) ||
		    (!isspace((unsigned char)q[16])))
			continue;
		*any = 1;
		v = strtol(q + 16, &end, 10);
		while (end < e && isspace((unsigned char)*end))
			end++;
		/* Only a plain number (then a comment at most) is trusted. */
		tl_add(c, end == e || *end == '/' ? v : 0);
	}
}

static int target_long_bits_compute(struct vg_gate *g, struct vg_tree *tree, const char *dir,
				    int *out)
{
	struct mak_ctx c;
	char *path = NULL, *buf = NULL;
	size_t len = 0;
	int r, any = 0;

	*out = 0;
	memset(&c, 0, sizeof(c));
	c.g = g;
	c.dir = dir;
	r = vg_tree_foreach_file(tree, NULL, mak_cb, &c);
	if (r < 0)
		return -1;
	if (c.conflict)
		return 0;
	if (c.found && !c.missing) {
		*out = c.bits;
		return 0;
	}
	/* Before configs/targets had it: the target's cpu-param.h. */
	if (!(path = vg_asprintf("target/%s/cpu-param.h", dir)))
		return -1;
	r = vg_tree_read(tree, path, &buf, &len);
	free(path);
	if (r < 0)
		return -1;
	if (buf)
		cpu_param_bits(&c, buf, len, &any);
	free(buf);
	if (any && !c.conflict)
		*out = c.bits;
	return 0;
}

/* The TARGET_LONG_BITS of target/DIR in tree (0: not known), cached by tree id. */
static int target_long_bits(struct vg_gate *g, struct vg_tree *tree, const char *dir, int *out)
{
	struct vg_oid id;
	int have_id = vg_tree_id(tree, &id) == 1;
	size_t i;

	if (have_id) {
		for (i = 0; i < g->nr_tlb; i++)
			if (vg_oid_equal(&g->tlb[i].tree, &id) && !strcmp(g->tlb[i].dir, dir)) {
				*out = g->tlb[i].bits;
				return 0;
			}
	}
	if (target_long_bits_compute(g, tree, dir, out) < 0)
		return -1;
	if (!have_id)
		return 0;
	if (g->nr_tlb >= TLBITS_MAX) {
		for (i = 0; i < g->nr_tlb; i++)
			free(g->tlb[i].dir);
		g->nr_tlb = 0;
	}
	if (VG_GROW(g->tlb, g->alloc_tlb, g->nr_tlb + 1) < 0)
		return -1;
	if (!(g->tlb[g->nr_tlb].dir = vg_strdup(dir)))
		return -1;
	g->tlb[g->nr_tlb].tree = id;
	g->tlb[g->nr_tlb].bits = *out;
	g->nr_tlb++;
	return 0;
}

/* The scanner's definition of target_ulong (scan.h), per width. */
static const char tl_def32[] = "#define " VG_SCAN_SIZEOF_PREFIX "target_ulong 4\n";
static const char tl_def64[] = "#define " VG_SCAN_SIZEOF_PREFIX "target_ulong 8\n";

/*
 * A file of target/X/ that uses target_ulong gets its width as a header
 * (named after the value: two sides of another width are not equal).
 */
static int hside_target_long(struct vg_gate *g, struct vg_tree *tree, const char *path,
			     const char *text, size_t len, struct hside *s)
{
	const char *d, *slash;
	char *dir;
	struct hitem *h;
	int bits, r;

	if (strncmp(path, "target/", 7))
		return 0;
	d = path + 7;
	if (!(slash = strchr(d, '/')) || slash == d)
		return 0;
	if (!memmem(text, len, "UINTTL", 6) && !memmem(text, len, "target_ulong", 12) &&
	    !memmem(text, len, "target_long", 11))
		return 0;
	if (!(dir = vg_strndup(d, (size_t)(slash - d))))
		return -1;
	r = target_long_bits(g, tree, dir, &bits);
	if (r < 0 || !bits) {
		free(dir);
		return r;
	}
	if (VG_GROW(s->v, s->alloc, s->nr + 1) < 0) {
		free(dir);
		return -1;
	}
	h = &s->v[s->nr];
	memset(h, 0, sizeof(*h));
	h->path = vg_asprintf("(target/%s: TARGET_LONG_BITS=%d)", dir, bits);
	free(dir);
	if (!h->path)
		return -1;
	h->text = bits == 64 ? tl_def64 : tl_def32;
	h->len = strlen(h->text);
	s->nr++;
	return 0;
}

/* The headers of one version of a file (text NULL: absent, none). */
static int hside_build(struct vg_gate *g, struct vg_tree *tree, const char *path,
		       const char *text, size_t len, struct hside *s)
{
	struct inc_entry e;
	int r;

	if (!text || !path)
		return 0;
	memset(&e, 0, sizeof(e));
	r = parse_includes(&e, text, len) < 0 ? -1 :
		hside_add(g, tree, path, e.includes, e.nr_includes, 0, 0, s);
	inc_entry_release(&e);
	if (!r)
		r = hside_target_long(g, tree, path, text, len, s);
	return r;
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

/* The identifiers on the lines that differ between old and new. */
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
		    line_idents(h, &alloc, ra[i].p, ra[i].n) < 0)
			goto done;
	for (i = 0; i < b.nr; i++)
		if (!bsearch(&rb[i], ra, a.nr, sizeof(*ra), line_ref_cmp) &&
		    line_idents(h, &alloc, rb[i].p, rb[i].n) < 0)
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

/* A judgement: base, parent and child snapshots and what changed. */
struct judge {
	struct vg_gate *g;
	struct vg_tree *base, *parent, *child;
	struct vg_tree **others;        /* a merge's other parents */
	size_t nr_others;
	const char *commit;             /* hex, or NULL for the index */
	const struct vg_oid *base_id;   /* the baseline commit, or NULL */
	const struct vg_oid *parent_id; /* the parent commit, or NULL */
	struct header *headers;
	size_t nr_headers, alloc_headers;
	struct unit *units;
	size_t nr_units, alloc_units;
};

static void judge_release(struct judge *j)
{
	size_t i;

	for (i = 0; i < j->nr_headers; i++)
		header_release(&j->headers[i]);
	free(j->headers);
	for (i = 0; i < j->nr_units; i++)
		unit_release(&j->units[i]);
	free(j->units);
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
		relevant = has_vmstate(buf, len);
		free(buf);
		buf = NULL;
	}
	if (!relevant && c->old_path) {
		if (vg_repo_read_blob(j->g->repo, &c->old_blob, &buf, &len) < 0)
			return -1;
		relevant = has_vmstate(buf, len);
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

			if (!include_names(e->includes[k], h->path))
				continue;
			r = resolve_include(h->new_ ? j->child : j->parent, e->path,
					    e->includes[k], &where, &hid);
			if (r < 0)
				return -1;
			uses = r && !strcmp(where, h->path);
			free(where);
		}
		if (!uses)
			continue;
		/* The index is a hint: confirm against the child tree. */
		found = vg_tree_blob_id(j->child, e->path, &blob);
		if (found < 0)
			return -1;
		if (!found)
			continue;
		if (!vg_oid_equal(&blob, &e->blob)) {
			if (inc_update(j->g, e->path, &blob) < 0)
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
	if (inc_build(j->g, j->child) < 0)
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

/* Drop from list every finding that before also has. */
static void subtract(struct vg_findings *list, const struct vg_findings *before)
{
	size_t i, k, out = 0;

	for (i = 0; i < list->nr; i++) {
		int old = 0;

		for (k = 0; k < before->nr && !old; k++)
			old = same_finding(&list->items[i], &before->items[k]);
		if (old) {
			vg_finding_release(&list->items[i]);
			continue;
		}
		if (out != i)
			list->items[out] = list->items[i];
		out++;
	}
	list->nr = out;
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
	}
	return 0;
}

/*
 * The source-level comparison of one file, old -> new, each version with
 * the headers it includes in its own tree.
 */
static int source_diff(struct judge *j,
		       const char *old_path, const char *old_buf, size_t old_len,
		       const struct hside *old_side,
		       const char *new_path, const char *new_buf, size_t new_len,
		       const struct hside *new_side, struct vg_findings *out)
{
	struct vg_srccmp_opts opts;
	struct vg_scan_header *oh = NULL, *nh = NULL;
	int ret = -1;

	memset(&opts, 0, sizeof(opts));
	opts.rules = &j->g->rules;
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

/* Renames followed back to the baseline. */

static int push_oid_chain(struct vg_oid **arr, size_t *nr, size_t *alloc, const struct vg_oid *id)
{
	if (VG_GROW(*arr, *alloc, *nr + 1) < 0)
		return -1;
	(*arr)[(*nr)++] = *id;
	return 0;
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
static int find_origin(struct vg_gate *g, const struct vg_oid *base, struct vg_tree *base_tree,
		       const struct vg_oid *from, const char *path, int depth, char **out)
{
	struct vg_oid *chain = NULL, cur = *from, parents[1], cp;
	struct vg_oid blob;
	size_t n = 0, alloc = 0, lo, hi, np;
	char *q = NULL;
	int found_base = 0, r, ret = -1;

	*out = NULL;
	while (n < ORIGIN_MAX_WALK) {
		if (vg_oid_equal(&cur, base)) {
			found_base = 1;
			break;
		}
		if (push_oid_chain(&chain, &n, &alloc, &cur) < 0)
			goto done;
		if (vg_repo_parents(g->repo, &cur, parents, 1, &np) < 0)
			goto done;
		if (!np)
			break;
		cur = parents[0];
	}
	if (!found_base || !n) {
		ret = 0;
		goto done;
	}
	/* chain[0] has path, the baseline (index n) has not. */
	lo = 0;
	hi = n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		r = commit_has(g, &chain[mid], path);
		if (r < 0)
			goto done;
		if (r)
			lo = mid;
		else
			hi = mid;
	}
	cp = lo + 1 < n ? chain[lo + 1] : *base;
	if (renamed_from(g, &chain[lo], &cp, path, &q) < 0)
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
	free(chain);
	return ret;
}

/*
 * The baseline's path of a file the parent has at path and the baseline
 * has not (renamed since the release, maybe more than once): *out is
 * borrowed from the gate, NULL when there is none (a new file).
 */
static int base_origin(struct judge *j, const char *path, const char **out)
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

static int by_name(struct judge *j, const struct unit *u, const char *new_, size_t new_len,
		   struct vg_findings *after, struct vg_findings *extra);

static int judge_unit(struct judge *j, const struct unit *u, struct vg_findings *out)
{
	struct vg_findings before = VG_FINDINGS_INIT, after = VG_FINDINGS_INIT;
	struct vg_findings extra = VG_FINDINGS_INIT;
	struct vg_oid base_id, old_id, new_id;
	const char *base_path;
	char *base = NULL, *old = NULL, *new_ = NULL;
	size_t base_len = 0, old_len = 0, new_len = 0, i;
	int has_base = 0, has_old = 0, has_new = 0, ret = -1;
	struct hside hs[3] = { HSIDE_INIT, HSIDE_INIT, HSIDE_INIT };

	memset(&base_id, 0, sizeof(base_id));
	memset(&old_id, 0, sizeof(old_id));
	memset(&new_id, 0, sizeof(new_id));
	/* The baseline's copy: under the old path, else the new one. */
	base_path = u->old_path ? u->old_path : u->new_path;
	has_base = vg_tree_blob_id(j->base, base_path, &base_id);
	if (has_base == 0 && u->new_path && u->old_path && strcmp(u->old_path, u->new_path)) {
		base_path = u->new_path;
		has_base = vg_tree_blob_id(j->base, base_path, &base_id);
	}
	if (has_base < 0)
		goto done;
	/* Renamed since the baseline, in an earlier commit: follow it back. */
	if (!has_base && u->old_path) {
		const char *origin;

		if (base_origin(j, u->old_path, &origin) < 0)
			goto done;
		if (origin) {
			has_base = vg_tree_blob_id(j->base, origin, &base_id);
			if (has_base < 0)
				goto done;
			if (has_base)
				base_path = origin;
		}
	}
	if (u->old_path && (has_old = vg_tree_blob_id(j->parent, u->old_path, &old_id)) < 0)
		goto done;
	if (u->new_path && (has_new = vg_tree_blob_id(j->child, u->new_path, &new_id)) < 0)
		goto done;
	if ((has_base && vg_repo_read_blob(j->g->repo, &base_id, &base, &base_len) < 0) ||
	    (has_old && vg_repo_read_blob(j->g->repo, &old_id, &old, &old_len) < 0) ||
	    (has_new && vg_repo_read_blob(j->g->repo, &new_id, &new_, &new_len) < 0))
		goto done;
	/*
	 * Each version with the headers it includes, from its own tree (the
	 * parent's only when it is needed: most changes find nothing).
	 */
	if (hside_build(j->g, j->base, base_path, base, base_len, &hs[0]) < 0 ||
	    hside_build(j->g, j->child, u->new_path, new_, new_len, &hs[2]) < 0)
		goto done;
	if (has_old == has_new && (!has_new || vg_oid_equal(&old_id, &new_id)) &&
	    hside_build(j->g, j->parent, u->old_path, old, old_len, &hs[1]) < 0)
		goto done;

	/*
	 * The child's inputs equal the parent's: findings(base -> child) and
	 * findings(base -> parent) are the same, the change introduces nothing
	 * here.
	 */
	if (has_old == has_new && (!has_new || vg_oid_equal(&old_id, &new_id)) &&
	    hside_equal(&hs[1], &hs[2]) && !j->nr_others)
		goto counted;
	/* findings(base -> child); nothing when the child is the baseline. */
	if (has_base != has_new || (has_base && !vg_oid_equal(&base_id, &new_id)) ||
	    !hside_equal(&hs[0], &hs[2])) {
		if (source_diff(j, base_path, base, base_len, &hs[0],
				u->new_path ? u->new_path : base_path, new_, new_len, &hs[2],
				&after) < 0)
			goto done;
	}
	/*
	 * No baseline copy, but descriptions the baseline defines elsewhere
	 * (moved here by an earlier commit, no git rename): judged against
	 * those definitions.
	 */
	if (!has_base && has_new && by_name(j, u, new_, new_len, &after, &extra) < 0)
		goto done;
	if (!after.nr)
		goto counted;
	if (!(has_old == has_new && (!has_new || vg_oid_equal(&old_id, &new_id))) &&
	    hside_build(j->g, j->parent, u->old_path, old, old_len, &hs[1]) < 0)
		goto done;
	/*
	 * findings(base -> parent), the parent read with its own headers: what
	 * was already there before. Computed even when the parent's inputs
	 * equal the baseline's: comparing a file with itself is not always
	 * silent (two subsections of one .name, say), and what the child
	 * shares with the baseline is never this change's doing.
	 */
	if (source_diff(j, base_path, base, base_len, &hs[0],
			u->old_path ? u->old_path : base_path, old, old_len, &hs[1],
			&before) < 0)
		goto done;
	subtract(&after, &before);
	/*
	 * A merge introduces only what none of its parents had: a break made
	 * on the merged branch is that branch's commit's, not the merge's.
	 */
	for (i = 0; i < j->nr_others && after.nr; i++) {
		struct vg_findings other = VG_FINDINGS_INIT;
		struct hside ho = HSIDE_INIT;
		struct vg_oid oid;
		char *buf = NULL;
		size_t blen = 0;
		const char *path = u->new_path ? u->new_path : u->old_path;
		int found = vg_tree_blob_id(j->others[i], path, &oid);

		if (found < 0)
			goto done;
		if (found && vg_repo_read_blob(j->g->repo, &oid, &buf, &blen) < 0)
			goto done;
		if (hside_build(j->g, j->others[i], path, buf, blen, &ho) < 0) {
			free(buf);
			hside_release(&ho);
			goto done;
		}
		if (found && has_new && vg_oid_equal(&oid, &new_id) && hside_equal(&ho, &hs[2])) {
			free(buf);
			hside_release(&ho);
			vg_findings_release(&after);
			break;
		}
		if (source_diff(j, base_path, base, base_len, &hs[0], path, buf, blen, &ho,
				&other) < 0) {
			free(buf);
			hside_release(&ho);
			vg_findings_release(&other);
			goto done;
		}
		free(buf);
		hside_release(&ho);
		subtract(&after, &other);
		vg_findings_release(&other);
	}
counted:
	if (vg_findings_splice(&after, &extra) < 0)
		goto done;
	for (i = 0; i < after.nr; i++) {
		struct vg_finding *f = &after.items[i];

		if (vg_finding_set(&f->commit, j->commit) < 0)
			goto done;
		/*
		 * Removals are located in the old text; the judged change is
		 * the new file: say where in it the removal happened.
		 */
		if (!f->file && f->old_file) {
			const char *path = has_new ? u->new_path : f->old_file;

			if (vg_finding_set(&f->file, path) < 0)
				goto done;
			f->line = f->old_line;
			if (has_new && has_base && f->old_line &&
			    !strcmp(f->old_file, base_path))
				f->line = vg_map_line(base, base_len, new_, new_len, f->old_line);
		}
	}
	after.files_scanned = after.files_scanned ? after.files_scanned : 1;
	if (vg_findings_splice(out, &after) < 0)
		goto done;
	ret = 0;
done:
	for (i = 0; i < 3; i++)
		hside_release(&hs[i]);
	free(base);
	free(old);
	free(new_);
	vg_findings_release(&before);
	vg_findings_release(&after);
	vg_findings_release(&extra);
	return ret;
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
	if (hside_build(j->g, j->base, old_file, old, old_len, &ho) < 0 ||
	    hside_build(j->g, tree, new_file, new_, new_len, &hn) < 0 ||
	    source_diff(j, old_file, old, old_len, &ho, new_file, new_, new_len, &hn,
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
	hside_release(&ho);
	hside_release(&hn);
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
static int pair_moves(struct judge *j, struct vg_findings *out, size_t start)
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

	if (strncmp(path, ng->prefix, ng->prefix_len) || !is_source(path))
		return 0;
	if (vg_repo_read_blob(ng->g->repo, blob, &buf, &len) < 0)
		return -1;
	hit = memmem(buf, len, ng->needle, ng->needle_len) && has_vmstate(buf, len);
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
		if (same_dir(ng->paths[i], near)) {
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
static int survivors(struct judge *j, struct vg_findings *out, size_t start)
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

	if (!is_source(path))
		return 0;
	if (vg_repo_read_blob(c->g->repo, blob, &buf, &len) < 0)
		return -1;
	if (has_vmstate(buf, len)) {
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
			    same_dir(bp, c->path) != !r)
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
static int by_name(struct judge *j, const struct unit *u, const char *new_, size_t new_len,
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
			subtract(&now, &then);
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
			   base_id, parent_id, NULL, 0, 0, NULL, 0, 0 };
	struct vg_changes changes = VG_CHANGES_INIT;
	size_t i, start;
	int ret = -1;

	*relevant = 0;
	if (g->hc.bytes > HCACHE_MAX_BYTES) {
		vg_scan_cache_reset();  /* it is keyed by these texts */
		vg_scan_cache_enable(1);
		hcache_clear(&g->hc);
	}
	if (vg_repo_diff(g->repo, parent, child, &changes) < 0)
		goto done;
	/* Keep the include index current with the sources this change touches. */
	if (g->inc.built) {
		for (i = 0; i < changes.nr; i++) {
			const struct vg_change *c = &changes.items[i];

			if (c->old_path && is_source(c->old_path) &&
			    (!c->new_path || strcmp(c->old_path, c->new_path)) &&
			    inc_update(g, c->old_path, NULL) < 0)
				goto done;
			if (c->new_path && is_source(c->new_path) &&
			    inc_update(g, c->new_path, &c->new_blob) < 0)
				goto done;
		}
	}
	for (i = 0; i < changes.nr; i++) {
		const struct vg_change *c = &changes.items[i];
		const char *path = c->new_path ? c->new_path : c->old_path;

		if (is_source(path) && consider_source(&j, c) < 0)
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
	if (j.nr_units > 1 && pair_moves(&j, out, start) < 0)
		goto done;
	if (survivors(&j, out, start) < 0)
		goto done;
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
	subtract(&whole, list);
	whole.files_scanned = 0;
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
		/* What no single change was flagged for. */
		subtract(&list, out);
		list.files_scanned = 0;
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
