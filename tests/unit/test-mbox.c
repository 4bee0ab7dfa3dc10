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

static void check_machines(const char *text, const char *want)
{
	char *got = vg_mbox_machine_types(text);

	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_machine_types(void **state)
{
	(void)state;
	check_machines("This breaks migration from pc-q35-7.2 and pc-i440fx-7.2.\n"
		       "Also virt-9.0; pc-q35-7.2 again.", "pc-q35-7.2, pc-i440fx-7.2, virt-9.0");
	/* versions alone, file names, words: no machine type */
	check_machines("QEMU 7.2, v9.0, hw/misc/foo-1.c, see qemu-7.2x", NULL);
	check_machines("", NULL);
}

static void test_subjects_and_threads(void **state)
{
	static const char mail[] =
		"Subject: [RFC PATCH 2/3 v4] hw: x\n"
		"Message-ID: <p2@example.org>\n"
		"In-Reply-To: <p0@example.org>\n"
		"References: <p0@example.org>\n"
		"\tand <p1@example.org>\n"
		"\n"
		"diff --git a/f b/f\n"
		"\n";
	static const char crlf[] =
		"From 1 Mon Sep 17 00:00:00 2001\r\n"
		"Subject: Re: [PATCH 1/2] a\r\n"
		"\r\n"
		"> diff --git a/f b/f\r\n"
		"\r\n"
		"From 2 Mon Sep 17 00:00:00 2001\r\n"
		"Subject: [PATCH v2 2/2] b\r\n"
		"\r\n"
		"diff --git a/f b/f\r\n";
	struct vg_mbox_series s = VG_MBOX_SERIES_INIT;

	(void)state;
	assert_int_equal(vg_mbox_parse(mail, strlen(mail), &s), 0);
	assert_int_equal(s.items[0].nr, 2);
	assert_int_equal(s.items[0].total, 3);
	assert_int_equal(s.items[0].version, 4);
	assert_string_equal(s.items[0].tag, "[RFC PATCH 2/3 v4]");
	assert_string_equal(s.items[0].message_id, "p2@example.org");
	assert_string_equal(s.items[0].root, "p0@example.org");
	vg_mbox_release(&s);
	/* CRLF lines read without their CR; the reply skipped, its subject kept */
	assert_int_equal(vg_mbox_parse(crlf, strlen(crlf), &s), 0);
	assert_int_equal(s.nr, 1);
	assert_int_equal(s.nr_skipped, 1);
	assert_string_equal(s.skipped[0], "Re: [PATCH 1/2] a");
	assert_string_equal(s.items[0].title, "b");
	assert_int_equal(s.items[0].version, 2);
	assert_int_equal(s.items[0].diff_len, strlen("diff --git a/f b/f\n"));
	vg_mbox_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_patches),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_machine_types),
		cmocka_unit_test(test_subjects_and_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
