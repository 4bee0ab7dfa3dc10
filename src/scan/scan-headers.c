/*
 * Headers a scan reads #defines from: each cleaned and its #defines hashed
 * once, kept across scans in the caller's cache, and the names searched in
 * a header and not found (miss sets). See scan-internal.h.
 */
#include "scan/scan-internal.h"
#include "core/hashmap.h"
#include "core/util.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A name's hash for the miss sets (kind: 's' struct, 'e' enumerator). */
uint64_t vg_scan_miss_hash(char kind, const char *name, size_t n)
{
	return vg_hash_more(VG_HASH_SEED ^ (unsigned char)kind, name, n);
}

/* The miss set of a header shared through a cache is written under its lock. */
static void hdr_lock(struct hdr *hd)
{
	if (hd->lock)
		pthread_mutex_lock(hd->lock);
}

static void hdr_unlock(struct hdr *hd)
{
	if (hd->lock)
		pthread_mutex_unlock(hd->lock);
}

int vg_scan_hdr_missed(struct hdr *hd, uint64_t h)
{
	size_t pos = 0;
	int r;

	hdr_lock(hd);
	r = vg_hashmap_next(&hd->miss, h, &pos) != VG_HASHMAP_NONE;
	hdr_unlock(hd);
	return r;
}

/* Remember a miss (best effort: no memory, no memo). */
void vg_scan_hdr_miss_add(struct hdr *hd, uint64_t h)
{
	size_t pos = 0;

	hdr_lock(hd);
	/* the set holds hashes: the hash is the key, the item unused */
	if (vg_hashmap_next(&hd->miss, h, &pos) == VG_HASHMAP_NONE)
		(void)vg_hashmap_add(&hd->miss, h, 0);
	hdr_unlock(hd);
}

void vg_scan_deftab_release(struct deftab *dt)
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
	vg_hashmap_release(&dt->map);
	memset(dt, 0, sizeof(*dt));
}

void vg_scan_hdr_free(struct hdr *h)
{
	if (!h)
		return;
	free(h->clean);
	vg_scan_deftab_release(&h->defs);
	vg_hashmap_release(&h->miss);
	free(h);
}

/*
 * Parsed headers kept across scans, keyed by the caller's id of each text
 * (a blob id): the headers own their cleaned copies, so nothing points
 * into the caller's texts. One lock guards the map and the miss sets of
 * the headers in it; the parsed text and #defines are never written again.
 */
struct vg_scan_cache {
	pthread_mutex_t lock;
	struct hdr **v;
	size_t nr, alloc;
	struct vg_hashmap map;  /* hash of id -> index into v */
};

int vg_scan_cache_new(struct vg_scan_cache **out)
{
	struct vg_scan_cache *c = vg_calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return -1;
	if (pthread_mutex_init(&c->lock, NULL)) {
		free(c);
		return vg_error("cannot create a lock");
	}
	*out = c;
	return 0;
}

void vg_scan_cache_clear(struct vg_scan_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nr; i++)
		vg_scan_hdr_free(c->v[i]);
	c->nr = 0;
	vg_hashmap_clear(&c->map);
}

void vg_scan_cache_free(struct vg_scan_cache *c)
{
	if (!c)
		return;
	vg_scan_cache_clear(c);
	free(c->v);
	vg_hashmap_release(&c->map);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* The header of id in the cache, or NULL; called under its lock. */
static struct hdr *cache_find(struct vg_scan_cache *c, const unsigned char *id)
{
	uint64_t h = vg_hash_mem(id, VG_SCAN_ID_LEN);
	size_t pos = 0, i;

	while ((i = vg_hashmap_next(&c->map, h, &pos)) != VG_HASHMAP_NONE)
		if (!memcmp(c->v[i]->id, id, VG_SCAN_ID_LEN))
			return c->v[i];
	return NULL;
}

/*
 * Keep *h in the cache, under its lock; when another scan added the same
 * header meanwhile, *h becomes that one and ours is freed.
 */
static int cache_add(struct vg_scan_cache *c, struct hdr **h)
{
	struct hdr *have;
	int ret = -1;

	pthread_mutex_lock(&c->lock);
	if ((have = cache_find(c, (*h)->id))) {
		vg_scan_hdr_free(*h);
		*h = have;
		ret = 0;
	} else if (VG_GROW(c->v, c->alloc, c->nr + 1) == 0 &&
		   vg_hashmap_add(&c->map, vg_hash_mem((*h)->id, VG_SCAN_ID_LEN), c->nr) == 0) {
		(*h)->lock = &c->lock;
		c->v[c->nr++] = *h;
		ret = 0;
	}
	pthread_mutex_unlock(&c->lock);
	return ret;
}

static struct hdr *cache_get(struct vg_scan_cache *c, const unsigned char *id)
{
	struct hdr *h;

	pthread_mutex_lock(&c->lock);
	h = cache_find(c, id);
	pthread_mutex_unlock(&c->lock);
	return h;
}

/* Clean one header and collect its #defines. */
static struct hdr *parse_header(struct scanner *sc, const struct vg_scan_header *sh)
{
	struct hdr *h = vg_calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->len = sh->len;
	if (sh->id)
		memcpy(h->id, sh->id, VG_SCAN_ID_LEN);
	if (!(h->clean = vg_scan_clean_text(sh->text, sh->len)))
		goto fail;
	sc->hdr_target = &h->defs;
	if (vg_scan_collect_directives(sc, h->clean, h->len, 0) < 0 || vg_scan_build_hash(&h->defs) < 0)
		goto fail;
	return h;
fail:
	vg_scan_hdr_free(h);
	return NULL;
}

/*
 * Parse every header (first definition wins: headers in the order
 * given), from the caller's cache when it gives one. Called once, on the first name
 * the file does not define; an allocation failure marks the scan failed.
 */
int vg_scan_read_headers(struct scanner *sc)
{
	struct vg_scan_cache *cache = sc->opts->cache;
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
		h = cache && sh->id ? cache_get(cache, sh->id) : NULL;
		if (!h) {
			if (!(h = parse_header(sc, sh)))
				goto oom;
			if (cache && sh->id) {
				if (cache_add(cache, &h) < 0) {
					vg_scan_hdr_free(h);
					goto oom;
				}
			} else if (VG_GROW(sc->owned, sc->alloc_owned, sc->nr_owned + 1) < 0) {
				vg_scan_hdr_free(h);
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

