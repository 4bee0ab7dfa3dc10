/*
 * Headers a scan reads #defines from: each cleaned and its #defines hashed
 * once, kept across scans when the cache is on, and the names searched in
 * a header and not found (miss sets). See scan-internal.h.
 */
#include "scan/scan-internal.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A name's hash for the miss sets (kind: 's' struct, 'e' enumerator). */
uint64_t vg_scan_miss_hash(char kind, const char *name, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ (unsigned char)kind;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
	return h ? h : 1;
}

int vg_scan_hdr_missed(const struct hdr *hd, uint64_t h)
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
void vg_scan_hdr_miss_add(struct hdr *hd, uint64_t h)
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
	free(dt->hash);
	memset(dt, 0, sizeof(*dt));
}

void vg_scan_hdr_free(struct hdr *h)
{
	if (!h)
		return;
	free(h->clean);
	vg_scan_deftab_release(&h->defs);
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
		vg_scan_hdr_free(hcache.v[i]);
	free(hcache.v);
	free(hcache.slots);
	memset(&hcache, 0, sizeof(hcache));
}

void vg_scan_cache_enable(int on)
{
	vg_scan_cache_reset();
	hcache.enabled = on;
}

int vg_scan_cache_enabled(void)
{
	return hcache.enabled;
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
 * given), from the cache when it is on. Called once, on the first name
 * the file does not define; an allocation failure marks the scan failed.
 */
int vg_scan_read_headers(struct scanner *sc)
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

