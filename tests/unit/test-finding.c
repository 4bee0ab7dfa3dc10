#include "unit.h"
#include "core/finding.h"
#include "report/report.h"

static void test_rule_table(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < VG_RULE__COUNT; i++) {
		const struct vg_rule_info *r = vg_rule_info((enum vg_rule)i);

		assert_non_null(r->id);
		assert_int_equal(vg_rule_by_id(r->id), i);
	}
	assert_int_equal(vg_rule_by_id("no-such-rule"), -1);
	assert_int_equal(vg_rule_info(VG_RULE_FIELD_REMOVED)->severity, VG_SEV_ERROR);
}

static void test_add_and_dedup(void **state)
{
	struct vg_findings list = VG_FINDINGS_INIT;
	struct vg_finding *f;
	char *path;

	(void)state;
	f = vg_findings_add(&list, VG_RULE_SUBSECTION_REMOVED, "sysbus-esp", "esp",
			    "pdma", "esp/pdma", NULL, "subsection %s removed", "esp/pdma");
	assert_non_null(f);
	assert_string_equal(f->message, "subsection esp/pdma removed");
	path = vg_finding_path(f);
	assert_string_equal(path, "esp/pdma");
	free(path);
	assert_non_null(vg_findings_add(&list, VG_RULE_SUBSECTION_REMOVED, "sysbus-esp",
					"esp", "pdma", NULL, NULL, "again"));
	assert_non_null(vg_findings_add(&list, VG_RULE_FIELD_RENAMED, "sysbus-esp",
					"esp", "ti_cmd", "ti_cmd", "mig_ti_cmd", "renamed"));
	vg_findings_dedup(&list);
	assert_int_equal(list.nr, 2);
	assert_int_equal(vg_findings_count(&list, VG_SEV_ERROR), 1);
	assert_int_equal(vg_findings_count(&list, VG_SEV_INFO), 1);
	list.items[0].waived_by = strdup("Migration-Break: esp/pdma: test");
	assert_int_equal(vg_findings_count(&list, VG_SEV_ERROR), 0);
	assert_int_equal(vg_findings_waived(&list), 1);
	vg_findings_release(&list);
}

static void test_format_parse(void **state)
{
	enum vg_format fmt;

	(void)state;
	assert_int_equal(vg_format_parse("json", &fmt), 0);
	assert_int_equal(fmt, VG_FORMAT_JSON);
	assert_int_equal(vg_format_parse("sarif", &fmt), 0);
	assert_int_equal(fmt, VG_FORMAT_SARIF);
	assert_int_equal(vg_format_parse("yaml", &fmt), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_table),
		cmocka_unit_test(test_add_and_dedup),
		cmocka_unit_test(test_format_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
