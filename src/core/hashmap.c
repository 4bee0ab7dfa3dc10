/*
 * Open addressing, linear probing, grown at half full (core/hashmap.h).
 */
#include "core/hashmap.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

uint64_t vg_hash_more(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= c[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t vg_hash_mem(const void *p, size_t n)
{
	return vg_hash_more(VG_HASH_SEED, p, n);
}

uint64_t vg_hash_str(const char *s)
{
	return vg_hash_mem(s, strlen(s));
}

static size_t slot_of(size_t cap, uint64_t hash)
{
	/* mix the high bits in: FNV's low bits are weak for short keys */
	return (size_t)(hash ^ (hash >> 29) ^ (hash >> 47)) & (cap - 1);
}

static void put_slot(struct vg_hashmap_slot *slots, size_t cap, uint64_t hash, size_t item1)
{
	size_t j;

	for (j = slot_of(cap, hash); slots[j].item; j = (j + 1) & (cap - 1))
		;
	slots[j].hash = hash;
	slots[j].item = item1;
}

static int grow_to(struct vg_hashmap *map, size_t cap)
{
	struct vg_hashmap_slot *slots;
	size_t i;

	if (cap <= map->cap)
		return 0;
	slots = vg_calloc(cap, sizeof(*slots));
	if (!slots)
		return -1;
	/*
	 * Re-insert in the old probe order so that items of one hash keep
	 * the order they were added in.
	 */
	for (i = 0; i < map->cap; i++)
		if (map->slots[i].item)
			put_slot(slots, cap, map->slots[i].hash, map->slots[i].item);
	free(map->slots);
	map->slots = slots;
	map->cap = cap;
	return 0;
}

int vg_hashmap_reserve(struct vg_hashmap *map, size_t nr)
{
	size_t cap = map->cap ? map->cap : 16;

	if (nr > SIZE_MAX / 4)
		return vg_error("hash map of %zu items is too large", nr);
	while (nr * 2 > cap)
		cap *= 2;
	return grow_to(map, cap);
}

int vg_hashmap_add(struct vg_hashmap *map, uint64_t hash, size_t item)
{
	if (item >= SIZE_MAX - 1)
		return vg_error("hash map item %zu out of range", item);
	if (vg_hashmap_reserve(map, map->nr + 1) < 0)
		return -1;
	put_slot(map->slots, map->cap, hash, item + 1);
	map->nr++;
	return 0;
}

size_t vg_hashmap_next(const struct vg_hashmap *map, uint64_t hash, size_t *pos)
{
	size_t j;

	if (!map->cap)
		return VG_HASHMAP_NONE;
	/* *pos counts the slots already probed from the home slot */
	for (j = (slot_of(map->cap, hash) + *pos) & (map->cap - 1); map->slots[j].item;
	     j = (j + 1) & (map->cap - 1)) {
		(*pos)++;
		if (map->slots[j].hash == hash)
			return map->slots[j].item - 1;
		if (*pos > map->cap)
			break;
	}
	return VG_HASHMAP_NONE;
}

void vg_hashmap_clear(struct vg_hashmap *map)
{
	if (map->slots)
		memset(map->slots, 0, map->cap * sizeof(*map->slots));
	map->nr = 0;
}

void vg_hashmap_release(struct vg_hashmap *map)
{
	free(map->slots);
	map->slots = NULL;
	map->cap = map->nr = 0;
}
