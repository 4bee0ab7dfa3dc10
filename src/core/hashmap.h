#ifndef VG_HASHMAP_H
#define VG_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * The one hash map of the project: open addressing with linear probing over
 * (hash, item) slots.  It stores no keys: an item is the caller's index
 * into its own array, and the caller compares keys while it walks the
 * candidates of a hash.  Storing the full 64-bit hash makes growing need no
 * callback and makes false candidates rare.
 *
 *	struct vg_hashmap map = VG_HASHMAP_INIT;
 *	uint64_t h = vg_hash_str(name);
 *	size_t pos = 0, i;
 *
 *	while ((i = vg_hashmap_next(&map, h, &pos)) != VG_HASHMAP_NONE)
 *		if (!strcmp(v[i].name, name))
 *			return &v[i];
 *	...
 *	if (vg_hashmap_add(&map, h, nr) < 0)	// v[nr] is the new item
 *		return -1;
 *	vg_hashmap_release(&map);
 *
 * The map owns its slots only.  Not thread-safe for writers; readers may
 * share a map nobody writes.
 */

#define VG_HASHMAP_NONE SIZE_MAX

struct vg_hashmap_slot {
	uint64_t hash;
	size_t item; /* the caller's index, plus one; 0 is an empty slot */
};

struct vg_hashmap {
	struct vg_hashmap_slot *slots;
	size_t cap; /* a power of two, or 0 */
	size_t nr;
};
#define VG_HASHMAP_INIT { NULL, 0, 0 }

/* FNV-1a, 64-bit: of n bytes, of a string, or of more bytes after h. */
uint64_t vg_hash_mem(const void *p, size_t n);
uint64_t vg_hash_str(const char *s);
uint64_t vg_hash_more(uint64_t h, const void *p, size_t n);
#define VG_HASH_SEED 0xcbf29ce484222325ULL

/*
 * Add item under hash (duplicates are kept: check first if they matter).
 * Grows at half full.  Returns 0 or -1 (allocation failure, map unchanged).
 */
int vg_hashmap_add(struct vg_hashmap *map, uint64_t hash, size_t item);

/*
 * The next item stored under hash, or VG_HASHMAP_NONE.  *pos starts at 0
 * and is the caller's cursor; items come in the order they were added.
 */
size_t vg_hashmap_next(const struct vg_hashmap *map, uint64_t hash, size_t *pos);

/* Make room for nr items at once (one allocation instead of doublings). */
int vg_hashmap_reserve(struct vg_hashmap *map, size_t nr);

/* Forget every item but keep the slots. */
void vg_hashmap_clear(struct vg_hashmap *map);
void vg_hashmap_release(struct vg_hashmap *map);

#endif
