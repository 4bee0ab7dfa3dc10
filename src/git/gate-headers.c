/*
 * The gate's view of headers: the include index (which sources define
 * VMState and what they include), include resolution and its memo, the
 * header text cache, and target_ulong's width per target. See gate.h.
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

void vg_gate_inc_entry_release(struct inc_entry *e)
{
	size_t i;

	free(e->path);
	for (i = 0; i < e->nr_includes; i++)
		free(e->includes[i]);
	free(e->includes);
	for (i = 0; i < e->nr_own; i++)
		free(e->own[i]);
	free(e->own);
	memset(e, 0, sizeof(*e));
}

void vg_gate_hcache_clear(struct hcache *c)
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
	vg_hashmap_clear(&c->map);
}

static uint64_t oid_hash(const struct vg_oid *id)
{
	return vg_hash_mem(id->id, sizeof(id->id));
}

static struct hblob *hcache_find(struct hcache *c, const struct vg_oid *id)
{
	size_t pos = 0, i;

	while ((i = vg_hashmap_next(&c->map, oid_hash(id), &pos)) != VG_HASHMAP_NONE)
		if (vg_oid_equal(&c->v[i].id, id))
			return &c->v[i];
	return NULL;
}

/* The text of a header blob, read once per gate (borrowed). */
static int hcache_get(struct vg_gate *g, const struct vg_oid *id, const char **text,
		      size_t *len)
{
	struct hcache *c = &g->hc;
	struct hblob *b = hcache_find(c, id);

	if (!b) {
		if (VG_GROW(c->v, c->alloc, c->nr + 1) < 0)
			return -1;
		b = &c->v[c->nr];
		memset(b, 0, sizeof(*b));
		b->id = *id;
		if (vg_repo_read_blob(g->repo, id, &b->text, &b->len) < 0)
			return -1;
		if (vg_hashmap_add(&c->map, oid_hash(id), c->nr) < 0) {
			free(b->text);
			return -1;
		}
		c->nr++;
		c->bytes += b->len;
	}
	*text = b->text;
	*len = b->len;
	return 0;
}

void vg_gate_hside_release(struct hside *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->v[i].path);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Do two sides hold the same headers (paths and blobs)? */
int vg_gate_hside_equal(const struct hside *a, const struct hside *b)
{
	size_t i;

	if (a->nr != b->nr)
		return 0;
	for (i = 0; i < a->nr; i++)
		if (strcmp(a->v[i].path, b->v[i].path) || !vg_oid_equal(&a->v[i].id, &b->v[i].id))
			return 0;
	return 1;
}

void vg_gate_rmemo_clear(struct rmemo *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		free(m->v[i].key);
		free(m->v[i].path);
	}
	m->nr = 0;
	vg_hashmap_clear(&m->map);
}

static struct rmemo_entry *rmemo_find(struct rmemo *m, const char *key)
{
	size_t pos = 0, i;

	while ((i = vg_hashmap_next(&m->map, vg_hash_str(key), &pos)) != VG_HASHMAP_NONE)
		if (!strcmp(m->v[i].key, key))
			return &m->v[i];
	return NULL;
}

/* Add an entry (key and path owned by the memo from now on). */
static int rmemo_add(struct rmemo *m, char *key, char *path, const struct vg_oid *id)
{
	if (VG_GROW(m->v, m->alloc, m->nr + 1) < 0 ||
	    vg_hashmap_add(&m->map, vg_hash_str(key), m->nr) < 0) {
		free(key);
		free(path);
		return -1;
	}
	m->v[m->nr].key = key;
	m->v[m->nr].path = path;
	m->v[m->nr].id = *id;
	m->nr++;
	return 0;
}

/* The include index. */

static struct inc_entry *inc_find(struct inc_index *idx, const char *path)
{
	size_t pos = 0, i;

	while ((i = vg_hashmap_next(&idx->map, vg_hash_str(path), &pos)) != VG_HASHMAP_NONE)
		if (!strcmp(idx->items[i].path, path))
			return &idx->items[i];
	return NULL;
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
int vg_gate_inc_update(struct vg_gate *g, const char *path, const struct vg_oid *blob)
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
	fresh.has_vmstate = vg_gate_has_vmstate(buf, len);
	if (fresh.has_vmstate && parse_includes(&fresh, buf, len) < 0)
		goto fail;
	free(buf);
	buf = NULL;
	if (e) {
		fresh.path = e->path;
		e->path = NULL;
		vg_gate_inc_entry_release(e);
		*e = fresh;
		return 0;
	}
	if (!(fresh.path = vg_strdup(path)))
		goto fail;
	if (VG_GROW(idx->items, idx->alloc, idx->nr + 1) < 0 ||
	    vg_hashmap_add(&idx->map, vg_hash_str(fresh.path), idx->nr) < 0)
		goto fail;
	idx->items[idx->nr++] = fresh;
	return 0;
fail:
	free(buf);
	vg_gate_inc_entry_release(&fresh);
	return -1;
}

static int inc_build_cb(const char *path, const struct vg_oid *blob, void *payload)
{
	struct vg_gate *g = payload;

	if (!vg_gate_is_source(path))
		return 0;
	return vg_gate_inc_update(g, path, blob) < 0 ? -1 : 0;
}

int vg_gate_inc_build(struct vg_gate *g, struct vg_tree *tree)
{
	if (g->inc.built)
		return 0;
	g->inc.built = 1;
	if (vg_tree_foreach_file(tree, NULL, inc_build_cb, g) < 0)
		return -1;
	/* Rehash once at the end: vg_gate_inc_update rehashes as it grows. */
	return 0;
}

int vg_gate_include_names(const char *inc, const char *header)
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
int vg_gate_resolve_include(struct vg_tree *tree, const char *from, const char *name,
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
 * vg_gate_resolve_include() remembered by (tree, includer's directory, name): a
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
		return vg_gate_resolve_include(tree, from, name, out, id);
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
	r = vg_gate_resolve_include(tree, from, name, out, id);
	if (r < 0) {
		free(key);
		return -1;
	}
	if (g->rm.nr >= RMEMO_MAX)
		vg_gate_rmemo_clear(&g->rm);
	if (r && !(path = vg_strdup(*out))) {
		free(key);
		return -1;
	}
	if (!r)
		memset(id, 0, sizeof(*id));
	return rmemo_add(&g->rm, key, path, id) < 0 ? -1 : r;
}

static int parse_includes(struct inc_entry *e, const char *buf, size_t len);

int vg_gate_same_dir(const char *a, const char *b)
{
	return dir_len(a) == dir_len(b) && !memcmp(a, b, dir_len(a));
}

/* Is path in from's directory or below it (target/i386/kvm/hyperv.h for target/i386/machine.c)? */
static int under_dir(const char *path, const char *from)
{
	return dir_len(path) >= dir_len(from) && !memcmp(path, from, dir_len(from));
}

/* Do path and from have one name before the suffix (include/hw/misc/macio/pmu.h, hw/misc/macio/pmu.c)? */
static int same_stem(const char *path, const char *from)
{
	const char *a = path + dir_len(path), *b = from + dir_len(from);
	const char *ea = strrchr(a, '.'), *eb = strrchr(b, '.');
	size_t na = ea ? (size_t)(ea - a) : strlen(a), nb = eb ? (size_t)(eb - b) : strlen(b);

	return na && na == nb && !memcmp(a, b, na);
}

/*
 * A file's own headers, whose includes are followed anywhere: those in its
 * directory or below it, and the public header of its own name (QEMU's
 * hw/X/foo.c and include/hw/X/foo.h, where the state struct lives).
 */
static int own_header(const char *path, const char *from)
{
	return under_dir(path, from) || same_stem(path, from);
}

/* How deep includes are followed (0: the file's own #include lines). */
#define HSIDE_MAX_DEPTH 3

/*
 * Add the headers that text (the file at from) includes, resolved in
 * tree. Further down (up to HSIDE_MAX_DEPTH): every include of the
 * file's own headers (see own_header()), and the includes
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
	size_t len;

	if (hcache_get(g, id, &text, &len) < 0)
		return -1;
	if (!(b = hcache_find(c, id)))
		return vg_error("internal error: header cache");
	if (!b->parsed) {
		struct inc_entry e;

		memset(&e, 0, sizeof(e));
		if (parse_includes(&e, b->text, b->len) < 0) {
			vg_gate_inc_entry_release(&e);
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
		seen = !strcmp(path, from) ||
		       (depth > 0 && !any_dir && !vg_gate_same_dir(path, from));
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
				      depth == 0 && own_header(hp, from), s);
			free(hp);
			if (r < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * The source's own headers (see own_header()) among its #include lines,
 * resolved in tree once: a name without a directory (its own directory)
 * or of its own name (include/hw/X/foo.h for hw/X/foo.c).
 */
static int own_headers(struct vg_gate *g, struct vg_tree *tree, struct inc_entry *e)
{
	size_t k, alloc = 0;

	e->own_done = 1;
	for (k = 0; k < e->nr_includes; k++) {
		const char *name = e->includes[k];
		struct vg_oid id;
		char *own = NULL;
		int r;

		if (strchr(name, '/') && !same_stem(name, e->path))
			continue;
		r = resolve_cached(g, tree, e->path, name, &own, &id);
		if (r < 0)
			return -1;
		if (!r || !own_header(own, e->path)) {
			free(own);
			continue;
		}
		if (VG_GROW(e->own, alloc, e->nr_own + 1) < 0) {
			free(own);
			return -1;
		}
		e->own[e->nr_own++] = own;
	}
	return 0;
}

/*
 * Does the source of e bring in the header at path one level down, through
 * one of its own headers (the detour a header change takes to reach
 * hw/X/foo.c through include/hw/X/foo.h)? 1 yes, 0 no, -1 error.
 */
int vg_gate_own_header_includes(struct vg_gate *g, struct vg_tree *tree,
				struct inc_entry *e, const char *path)
{
	size_t i, k;

	if (!e->own_done && own_headers(g, tree, e) < 0)
		return -1;
	for (i = 0; i < e->nr_own; i++) {
		char **sub = NULL, *where = NULL;
		size_t nr_sub = 0;
		struct vg_oid id, hid;
		int r = vg_tree_blob_id(tree, e->own[i], &id);

		if (r <= 0) {
			if (r < 0)
				return -1;
			continue;
		}
		if (header_includes(g, &id, &sub, &nr_sub) < 0)
			return -1;
		for (k = 0; k < nr_sub; k++) {
			if (!vg_gate_include_names(sub[k], path))
				continue;
			r = resolve_cached(g, tree, e->own[i], sub[k], &where, &hid);
			if (r < 0)
				return -1;
			r = r && !strcmp(where, path);
			free(where);
			if (r)
				return 1;
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
 * the directory agrees; a target built at both widths (-1) is judged at
 * each in turn (gate.c: judge_unit, g->tl_force).
 */
struct mak_ctx {
	struct vg_gate *g;
	const char *dir;
	int bits;               /* the agreed value so far, 0 none */
	int found;              /* system configurations of dir */
	int missing;            /* of them, without TARGET_LONG_BITS */
	int conflict;           /* two values, or one that is not 32/64 */
	int saw32, saw64, bad;  /* which values were seen; one not 32/64 */
};

#define TARGETS_DIR "configs/targets/"

static void tl_add(struct mak_ctx *c, long v)
{
	c->saw32 |= v == 32;
	c->saw64 |= v == 64;
	c->bad |= v != 32 && v != 64;
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
	if (strchr(name, '/') || !vg_gate_ends_with(name, "-softmmu.mak"))
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

/* Built both 32- and 64-bit, and nothing else: -1 (judged at each width). */
#define TL_MIXED(c) ((c).saw32 && (c).saw64 && !(c).bad ? -1 : 0)

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
	if (c.conflict) {
		*out = TL_MIXED(c);
		return 0;
	}
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
	else if (any)
		*out = TL_MIXED(c);
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
	/* A target built at both widths: the width being judged, if any. */
	if (bits < 0)
		bits = g->tl_force;
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

int vg_gate_tl_mixed(struct vg_gate *g, struct vg_tree *tree, const char *path)
{
	const char *d, *slash;
	char *dir;
	int bits = 0, r;

	if (!tree || !path || strncmp(path, "target/", 7))
		return 0;
	d = path + 7;
	if (!(slash = strchr(d, '/')) || slash == d)
		return 0;
	if (!(dir = vg_strndup(d, (size_t)(slash - d))))
		return -1;
	r = target_long_bits(g, tree, dir, &bits);
	free(dir);
	return r < 0 ? -1 : bits < 0;
}

/* The headers of one version of a file (text NULL: absent, none). */
int vg_gate_hside_build(struct vg_gate *g, struct vg_tree *tree, const char *path,
		        const char *text, size_t len, struct hside *s)
{
	struct inc_entry e;
	int r;

	s->tree = tree;
	if (!text || !path)
		return 0;
	memset(&e, 0, sizeof(e));
	r = parse_includes(&e, text, len) < 0 ? -1 :
		hside_add(g, tree, path, e.includes, e.nr_includes, 0, 0, s);
	vg_gate_inc_entry_release(&e);
	if (!r)
		r = hside_target_long(g, tree, path, text, len, s);
	return r;
}
