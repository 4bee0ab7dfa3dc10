#include "unit.h"
#include "core/hashmap.h"

#include <stdio.h>

static const char *names[] = { "esp", "pdma", "ne2000", "e1000", "", "esp" };

static size_t find(const struct vg_hashmap *m, const char *name, size_t skip)
{
	size_t pos = 0, i;

	while ((i = vg_hashmap_next(m, vg_hash_str(name), &pos)) != VG_HASHMAP_NONE)
		if (!strcmp(names[i], name) && !skip--)
			return i;
	return VG_HASHMAP_NONE;
}

static void test_add_find(void **state)
{
	struct vg_hashmap m = VG_HASHMAP_INIT;
	size_t i;

	(void)state;
	assert_int_equal(find(&m, "esp", 0), VG_HASHMAP_NONE);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_int_equal(vg_hashmap_add(&m, vg_hash_str(names[i]), i), 0);
	assert_int_equal(m.nr, 6);
	assert_int_equal(find(&m, "ne2000", 0), 2);
	assert_int_equal(find(&m, "", 0), 4);
	/* duplicates come back in the order they were added */
	assert_int_equal(find(&m, "esp", 0), 0);
	assert_int_equal(find(&m, "esp", 1), 5);
	assert_int_equal(find(&m, "esp", 2), VG_HASHMAP_NONE);
	assert_int_equal(find(&m, "virtio", 0), VG_HASHMAP_NONE);
	vg_hashmap_clear(&m);
	assert_int_equal(find(&m, "esp", 0), VG_HASHMAP_NONE);
	vg_hashmap_release(&m);
}

/* Many items and forced collisions: growing keeps every item and its order. */
static void test_grow_and_collide(void **state)
{
	struct vg_hashmap m = VG_HASHMAP_INIT;
	size_t i, pos = 0, seen = 0, got;

	(void)state;
	for (i = 0; i < 10000; i++)
		assert_int_equal(vg_hashmap_add(&m, i % 7 ? vg_hash_mem(&i, sizeof(i)) : 42, i), 0);
	assert_true(m.cap >= 2 * m.nr);
	for (i = 1; i < 10000; i++)
		if (i % 7) {
			size_t p = 0, k;

			do
				k = vg_hashmap_next(&m, vg_hash_mem(&i, sizeof(i)), &p);
			while (k != i && k != VG_HASHMAP_NONE);
			assert_int_equal(k, i);
		}
	while ((got = vg_hashmap_next(&m, 42, &pos)) != VG_HASHMAP_NONE) {
		assert_int_equal(got, seen * 7);
		seen++;
	}
	assert_int_equal(seen, (10000 + 6) / 7);
	vg_hashmap_release(&m);
}

static void test_hash_values(void **state)
{
	(void)state;
	/* FNV-1a 64 test vectors */
	assert_true(vg_hash_str("") == 0xcbf29ce484222325ULL);
	assert_true(vg_hash_str("a") == 0xaf63dc4c8601ec8cULL);
	assert_true(vg_hash_more(vg_hash_str("ab"), "c", 1) == vg_hash_str("abc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_find),
		cmocka_unit_test(test_grow_and_collide),
		cmocka_unit_test(test_hash_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
