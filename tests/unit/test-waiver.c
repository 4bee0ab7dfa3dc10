#include "unit.h"
#include "core/finding.h"
#include "core/util.h"
#include "git/waiver.h"

static void test_parse_value_good(void **state)
{
	struct vg_waiver w;
	const char *problem;

	(void)state;
	assert_int_equal(vg_waiver_parse_value("esp/pdma: q800 PDMA state dropped", &w, &problem), 0);
	assert_string_equal(w.path, "esp/pdma");
	assert_int_equal(w.nr_machines, 0);
	assert_string_equal(w.reason, "q800 PDMA state dropped");
	vg_waiver_release(&w);

	assert_int_equal(vg_waiver_parse_value("  cpu/tpr (pc-q35-9.0,pc-i440fx-9.0 ) :  why  ",
					       &w, &problem), 0);
	assert_string_equal(w.path, "cpu/tpr");
	assert_int_equal(w.nr_machines, 2);
	assert_string_equal(w.machines[0], "pc-q35-9.0");
	assert_string_equal(w.machines[1], "pc-i440fx-9.0");
	assert_string_equal(w.reason, "why");
	vg_waiver_release(&w);

	assert_int_equal(vg_waiver_parse_value("foo (q800): r", &w, &problem), 0);
	assert_string_equal(w.path, "foo");
	assert_int_equal(w.nr_machines, 1);
	vg_waiver_release(&w);
}

static void test_parse_value_bad(void **state)
{
	static const char *const bad[] = {
		"",                             /* nothing */
		"esp/pdma",                     /* no reason */
		"esp/pdma:",                    /* empty reason */
		"esp/pdma:    ",
		"esp/pdma: <reason>",           /* the placeholder */
		"esp/pdma (): reason",          /* empty machine list */
		"esp/pdma (q800: reason",       /* unclosed */
		"esp/pdma (q800,): reason",
		"esp pdma: reason",             /* two words */
		"/pdma: reason",
		"esp/: reason",
		": reason",
	};
	struct vg_waiver w;
	const char *problem;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = vg_waiver_parse_value(bad[i], &w, &problem);

		if (r == 0)
			fail_msg("'%s' parsed", bad[i]);
		assert_non_null(problem);
	}
}

static void test_message_clean(void **state)
{
	char *c;

	(void)state;
	c = vg_message_clean("subject\n\nbody\n# a comment\nMigration-Break: a: b\n"
			     "# ------------------------ >8 ------------------------\n"
			     "diff --git a/x b/x\nMigration-Break: c: d\n");
	assert_string_equal(c, "subject\n\nbody\nMigration-Break: a: b\n");
	free(c);
	c = vg_message_clean("");
	assert_string_equal(c, "");
	free(c);
}

static void test_parse_message(void **state)
{
	struct vg_waivers w = VG_WAIVERS_INIT;
	struct vg_findings out = VG_FINDINGS_INIT;
	size_t lines = 0;

	(void)state;
	assert_int_equal(vg_waivers_parse(&w,
		"esp: drop PDMA\n\nA migration break for q800.\n\n"
		"Migration-Break: esp/pdma (q800): the PDMA state is gone\n"
		"Signed-off-by: A U Thor <author@example.com>\n"
		"# Please enter the commit message\n", "abc", &out, &lines), 0);
	assert_int_equal(w.nr, 1);
	assert_int_equal(lines, 1);
	assert_int_equal(out.nr, 0);
	assert_string_equal(w.items[0].path, "esp/pdma");
	assert_string_equal(w.items[0].commit, "abc");
	assert_string_equal(w.items[0].line,
			    "Migration-Break: esp/pdma (q800): the PDMA state is gone");
	vg_waivers_release(&w);

	/* Not in the trailer block, misspelt, no reason: all malformed. */
	assert_int_equal(vg_waivers_parse(&w,
		"subject\n\nMigration-Break: foo: in the body\n\nmore prose here.\n\n"
		"Migration-Breaks: foo: misspelt\n"
		"Migration-Break: foo/ctrl\n"
		"Signed-off-by: A U Thor <author@example.com>\n", NULL, &out, &lines), 0);
	assert_int_equal(w.nr, 0);
	assert_int_equal(lines, 3);
	assert_int_equal(out.nr, 3);
	assert_int_equal(out.items[0].rule, VG_RULE_WAIVER_MALFORMED);
	assert_non_null(strstr(out.items[0].message, "not in the trailer block"));
	assert_non_null(strstr(out.items[1].message, "spelt"));
	assert_non_null(strstr(out.items[2].message, "reason"));
	assert_non_null(strstr(out.items[2].message, VG_WAIVER_GRAMMAR));
	vg_findings_release(&out);
	vg_waivers_release(&w);

	/* Below the scissors line nothing counts. */
	assert_int_equal(vg_waivers_parse(&w,
		"subject\n\nSigned-off-by: A <a@b>\n"
		"# ------------------------ >8 ------------------------\n"
		"Migration-Break: foo: below the scissors\n", NULL, &out, &lines), 0);
	assert_int_equal(w.nr, 0);
	assert_int_equal(out.nr, 0);
	assert_int_equal(lines, 0);
}

static struct vg_finding *add(struct vg_findings *l, enum vg_rule r, const char *section,
			      const char *desc, const char *item, const char *machine)
{
	struct vg_finding *f = vg_findings_add(l, r, section, desc, item, NULL, NULL, "x");

	assert_non_null(f);
	if (machine)
		assert_int_equal(vg_finding_set(&f->machine, machine), 0);
	return f;
}

static void test_matching(void **state)
{
	struct vg_waivers w = VG_WAIVERS_INIT;
	struct vg_findings l = VG_FINDINGS_INIT, unused = VG_FINDINGS_INIT;

	(void)state;
	assert_int_equal(vg_waivers_parse(&w, "s\n\n"
		"Migration-Break: esp/pdma: r1\n"
		"Migration-Break: PCIDevice: r2\n"
		"Migration-Break: foo/ctrl (q800): r3\n"
		"Migration-Break: nothing/here: r4\n", "c1", &l, NULL), 0);
	assert_int_equal(w.nr, 4);
	/* 0: subsection named by its full name, item as the short name */
	add(&l, VG_RULE_SUBSECTION_REMOVED, "esp", "esp", "pdma", NULL);
	/* 1: the same with the item as the full name */
	add(&l, VG_RULE_SUBSECTION_REMOVED, "esp", "esp", "esp/pdma", NULL);
	/* 2: a field inside the subsection description */
	add(&l, VG_RULE_FIELD_REMOVED, "esp", "esp/pdma", "pdma_buf", NULL);
	/* 3: another field of esp: not covered */
	add(&l, VG_RULE_FIELD_REMOVED, "esp", "esp", "ti_cmd", NULL);
	/* 4: a nested description in any section */
	add(&l, VG_RULE_FIELD_SIZE_CHANGED, "e1000", "PCIDevice", "config", NULL);
	/* 5: machine given and matching; 6: another machine; 7: no machine */
	add(&l, VG_RULE_FIELD_REMOVED, "foo", "foo", "ctrl", "q800");
	add(&l, VG_RULE_FIELD_REMOVED, "foo", "foo", "ctrl", "pc");
	add(&l, VG_RULE_FIELD_REMOVED, "foo", "foo", "ctrl", NULL);
	/* 8: waiver findings are never waived */
	add(&l, VG_RULE_WAIVER_UNUSED, "esp", "esp", "pdma", NULL);
	assert_int_equal(vg_waivers_apply(&w, &l, 0), 0);
	assert_non_null(l.items[0].waived_by);
	assert_string_equal(l.items[0].waived_by, "Migration-Break: esp/pdma: r1");
	assert_string_equal(l.items[0].waiver_reason, "r1");
	assert_non_null(l.items[1].waived_by);
	assert_non_null(l.items[2].waived_by);
	assert_null(l.items[3].waived_by);
	assert_non_null(l.items[4].waived_by);
	assert_non_null(l.items[5].waived_by);
	assert_null(l.items[6].waived_by);
	assert_non_null(l.items[7].waived_by);
	assert_null(l.items[8].waived_by);
	/* Severity is kept. */
	assert_int_equal(l.items[0].severity, VG_SEV_ERROR);
	assert_int_equal(vg_waivers_report_unused(&w, &unused), 0);
	assert_int_equal(unused.nr, 1);
	assert_int_equal(unused.items[0].rule, VG_RULE_WAIVER_UNUSED);
	assert_string_equal(unused.items[0].commit, "c1");
	assert_non_null(strstr(unused.items[0].message, "nothing/here"));
	vg_findings_release(&unused);
	vg_findings_release(&l);
	vg_waivers_release(&w);
}

static void test_suggest(void **state)
{
	struct vg_findings l = VG_FINDINGS_INIT;
	char *s;

	(void)state;
	add(&l, VG_RULE_SUBSECTION_REMOVED, "esp", "esp", "esp/pdma", NULL);
	add(&l, VG_RULE_FIELD_SIZE_CHANGED, "e1000", "PCIDevice", "config", "pc");
	add(&l, VG_RULE_FIELD_REMOVED, "esp", "esp/pdma", "pdma_buf", NULL);
	s = vg_waiver_suggest(&l.items[0]);
	assert_string_equal(s, "Migration-Break: esp/pdma: <reason>");
	free(s);
	s = vg_waiver_suggest(&l.items[1]);
	assert_string_equal(s, "Migration-Break: PCIDevice/config (pc): <reason>");
	free(s);
	s = vg_waiver_suggest(&l.items[2]);
	assert_string_equal(s, "Migration-Break: esp/pdma/pdma_buf: <reason>");
	free(s);
	vg_findings_release(&l);
}

/* A suggested line, with a reason filled in, waives the finding it came from. */
static void test_suggest_roundtrip(void **state)
{
	struct vg_findings l = VG_FINDINGS_INIT;
	struct vg_waivers w = VG_WAIVERS_INIT;
	struct vg_buf msg = VG_BUF_INIT;
	size_t i;

	(void)state;
	add(&l, VG_RULE_SUBSECTION_REMOVED, "esp", "esp", "esp/pdma", NULL);
	add(&l, VG_RULE_FIELD_SIZE_CHANGED, "e1000", "PCIDevice", "config", "pc");
	add(&l, VG_RULE_FIELD_REMOVED, "esp", "esp/pdma", "pdma_buf", NULL);
	add(&l, VG_RULE_SECTION_REMOVED, "foo", "foo", NULL, NULL);
	vg_buf_puts(&msg, "subject\n\n");
	for (i = 0; i < l.nr; i++) {
		char *s = vg_waiver_suggest(&l.items[i]);

		*strstr(s, "<reason>") = '\0';
		vg_buf_printf(&msg, "%sdeliberate\n", s);
		free(s);
	}
	assert_int_equal(vg_waivers_parse(&w, msg.buf, NULL, &l, NULL), 0);
	assert_int_equal(w.nr, l.nr);
	assert_int_equal(vg_waivers_apply(&w, &l, 0), 0);
	for (i = 0; i < l.nr; i++)
		assert_non_null(l.items[i].waived_by);
	vg_buf_release(&msg);
	vg_waivers_release(&w);
	vg_findings_release(&l);
}

/* One line per break, however many sections embed the description. */
static void test_suggest_lines(void **state)
{
	struct vg_findings l = VG_FINDINGS_INIT;
	struct vg_buf b = VG_BUF_INIT;

	(void)state;
	add(&l, VG_RULE_SUBSECTION_REMOVED, "esp", "esp", "pdma", NULL);
	add(&l, VG_RULE_SUBSECTION_REMOVED, "sysbusespscsi", "esp", "pdma", NULL);
	add(&l, VG_RULE_FIELD_REMOVED, "foo", "foo", "count", NULL);
	add(&l, VG_RULE_FIELD_ADDED, "foo", "foo", "x", NULL)->severity = VG_SEV_WARNING;
	assert_int_equal(vg_finding_set(&l.items[2].waived_by, "w"), 0);
	assert_int_equal(vg_waiver_suggest_lines(&l, 0, NULL, "|", &b), 0);
	assert_string_equal(b.buf, "Migration-Break: esp/pdma: <reason>");
	vg_buf_release(&b);
	vg_findings_release(&l);
}

static void test_suggest_whole_description(void **state)
{
	static const char *const items[] = { "a", "b", "c", "d" };
	struct vg_findings l = VG_FINDINGS_INIT;
	struct vg_buf b = VG_BUF_INIT;
	struct vg_waiver w;
	const char *problem;
	size_t i;

	(void)state;
	/* Three errors in one description: a line each. */
	for (i = 0; i < 3; i++)
		add(&l, VG_RULE_FIELD_ADDED, "dev", "dev", items[i], NULL);
	assert_int_equal(vg_waiver_suggest_lines(&l, 0, NULL, "|", &b), 0);
	assert_string_equal(b.buf, "Migration-Break: dev/a: <reason>|Migration-Break: dev/b: "
			    "<reason>|Migration-Break: dev/c: <reason>");
	vg_buf_release(&b);
	/* A fourth: one line for the description, and it covers them all. */
	add(&l, VG_RULE_FIELD_INSERTED, "dev", "dev", items[3], NULL);
	add(&l, VG_RULE_FIELD_REMOVED, "other", "other", "x", NULL);
	assert_int_equal(vg_waiver_suggest_lines(&l, 0, NULL, "|", &b), 0);
	assert_string_equal(b.buf, "Migration-Break: dev: <reason>|"
			    "Migration-Break: other/x: <reason>");
	assert_int_equal(vg_waiver_parse_value("dev: a rewrite", &w, &problem), 0);
	for (i = 0; i < 4; i++)
		assert_true(vg_waiver_matches(&w, &l.items[i]));
	assert_false(vg_waiver_matches(&w, &l.items[4]));
	vg_waiver_release(&w);
	vg_buf_release(&b);
	vg_findings_release(&l);
}

static void test_states_break(void **state)
{
	(void)state;
	assert_true(vg_message_states_break("esp: x\n\nNote that this is a migration break "
					    "for the q800 machine.\n"));
	assert_true(vg_message_states_break("x\n\nThis Breaks Migration compatibility.\n"));
	assert_true(vg_message_states_break("x\n\nthis will break\nmigration from 8.2\n"));
	assert_false(vg_message_states_break("x\n\nThis does not break migration.\n"));
	assert_false(vg_message_states_break("x\n\nno migration break here\n"));
	assert_false(vg_message_states_break("x\n\nFix a crash.\n"));
	/* The trailer itself is not prose. */
	assert_false(vg_message_states_break("x\n\nMigration-Break: foo: migration break\n"));
	/* Below the scissors line. */
	assert_false(vg_message_states_break("x\n# ------------------------ >8 "
					     "------------------------\nbreaks migration\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_value_good),
		cmocka_unit_test(test_parse_value_bad),
		cmocka_unit_test(test_message_clean),
		cmocka_unit_test(test_parse_message),
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_suggest_roundtrip),
		cmocka_unit_test(test_suggest_lines),
		cmocka_unit_test(test_suggest_whole_description),
		cmocka_unit_test(test_states_break),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
