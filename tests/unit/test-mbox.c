#include "unit.h"
#include "mail/mbox.h"

static const char two_patches[] =
	"From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
	"From: A U Thor <a@example.org>\n"
	"Subject: [PATCH 1/2] hw/misc/foo: one\n"
	"\n"
	"Body one.\n"
	"---\n"
	" hw/misc/foo.c | 1 +\n"
	"\n"
	"diff --git a/hw/misc/foo.c b/hw/misc/foo.c\n"
	"+x\n"
	"-- \n"
	"2.39.2\n"
	"\n"
	"From 2222222222222222222222222222222222222222 Mon Sep 17 00:00:00 2001\n"
	"From: A U Thor <a@example.org>\n"
	"Subject: [PATCH 2/2] hw/misc/foo:\n"
	" two\n"
	"\n"
	"Body two.\n"
	"diff --git a/hw/misc/foo.c b/hw/misc/foo.c\n"
	"+y\n";

static void test_two_patches(void **state)
{
	struct vg_mbox_series s = VG_MBOX_SERIES_INIT;

	(void)state;
	assert_int_equal(vg_mbox_parse(two_patches, strlen(two_patches), &s), 0);
	assert_int_equal(s.nr, 2);
	assert_int_equal(s.items[0].nr, 1);
	assert_int_equal(s.items[0].total, 2);
	assert_string_equal(s.items[0].tag, "[PATCH 1/2]");
	assert_string_equal(s.items[0].title, "hw/misc/foo: one");
	assert_string_equal(s.items[0].message, "hw/misc/foo: one\n\nBody one.\n");
	assert_string_equal(s.items[0].label, "patch 1/2");
	/* the diff stops before format-patch's signature */
	assert_int_equal(s.items[0].diff_len,
			 strlen("diff --git a/hw/misc/foo.c b/hw/misc/foo.c\n+x\n"));
	/* a folded subject is unfolded */
	assert_string_equal(s.items[1].title, "hw/misc/foo: two");
	assert_string_equal(s.items[1].message, "hw/misc/foo: two\n\nBody two.\n");
	vg_mbox_release(&s);
}

static void test_bad_input(void **state)
{
	struct vg_mbox_series s = VG_MBOX_SERIES_INIT;
	static const char no_diff[] = "Subject: [PATCH] x\n\nno diff here\n";
	static const char cover_only[] = "Subject: [PATCH 0/2] cover\n\nhello\n";

	(void)state;
	assert_int_equal(vg_mbox_parse("", 0, &s), -1);
	vg_mbox_release(&s);
	assert_int_equal(vg_mbox_parse("hello\n", 6, &s), -1);
	vg_mbox_release(&s);
	assert_int_equal(vg_mbox_parse(no_diff, strlen(no_diff), &s), -1);
	vg_mbox_release(&s);
	assert_int_equal(vg_mbox_parse(cover_only, strlen(cover_only), &s), -1);
	vg_mbox_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_patches),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
