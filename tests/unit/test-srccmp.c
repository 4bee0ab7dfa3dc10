/* Unit tests of the source-level comparison API (srccmp.c). */
#include "unit.h"
#include "macros.h"
#include "srccmp.h"

static struct vg_macros macros = VG_MACROS_INIT;

static int setup(void **state)
{
	(void)state;
	return vg_macros_load(&macros, "rules/macros");
}

static int teardown(void **state)
{
	(void)state;
	vg_macros_release(&macros);
	vg_srccmp_release_cache();
	return 0;
}

static const char *const v1 =
	"static const VMStateDescription vmstate_d = {\n"
	"    .name = \"d\",\n"
	"    .version_id = 1,\n"
	"    .minimum_version_id = 1,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT32(a, D),\n"
	"        VMSTATE_UINT32(b, D),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n"
	"void f(DeviceClass *dc) { dc->vmsd = &vmstate_d; }\n";

static const char *const v2 =
	"static const VMStateDescription vmstate_d = {\n"
	"    .name = \"d\",\n"
	"    .version_id = 1,\n"
	"    .minimum_version_id = 1,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT32(a, D),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n"
	"void f(DeviceClass *dc) { dc->vmsd = &vmstate_d; }\n";

static int diff(const char *o, const char *n, struct vg_findings *out)
{
	struct vg_srccmp_opts opts;

	memset(&opts, 0, sizeof(opts));
	opts.macros = &macros;
	return vg_diff_source(&opts, "old.c", o, o ? strlen(o) : 0, "new.c", n,
			      n ? strlen(n) : 0, out);
}

static void test_identical(void **state)
{
	struct vg_findings out = VG_FINDINGS_INIT;

	(void)state;
	assert_int_equal(diff(v1, v1, &out), 0);
	assert_int_equal(out.nr, 0);
	assert_int_equal(out.sections_compared, 1);
	vg_findings_release(&out);
}

static void test_removed_field(void **state)
{
	struct vg_findings out = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	(void)state;
	assert_int_equal(diff(v1, v2, &out), 0);
	assert_int_equal(out.nr, 1);
	f = &out.items[0];
	assert_int_equal(f->rule, VG_RULE_FIELD_REMOVED);
	assert_string_equal(f->section, "d");
	assert_string_equal(f->item, "b");
	assert_string_equal(f->old_file, "old.c");
	assert_int_equal(f->old_line, 7);
	assert_string_equal(f->file, "new.c");
	assert_int_equal(f->line, 1);
	vg_findings_release(&out);
}

static void test_added_and_deleted_file(void **state)
{
	struct vg_findings out = VG_FINDINGS_INIT;

	(void)state;
	assert_int_equal(diff(NULL, v1, &out), 0);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.items[0].rule, VG_RULE_SECTION_ADDED);
	vg_findings_release(&out);
	memset(&out, 0, sizeof(out));
	assert_int_equal(diff(v1, NULL, &out), 0);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.items[0].rule, VG_RULE_DESCRIPTION_REMOVED);
	assert_int_equal(out.items[0].old_line, 1);
	vg_findings_release(&out);
	memset(&out, 0, sizeof(out));
	assert_int_equal(diff(NULL, NULL, &out), 0);
	assert_int_equal(out.nr, 0);
}

static void test_default_catalogue(void **state)
{
	struct vg_srccmp_opts opts;
	struct vg_findings out = VG_FINDINGS_INIT;

	(void)state;
	/* No catalogue given (the git gate): rules/macros is found and loaded once. */
	memset(&opts, 0, sizeof(opts));
	assert_int_equal(vg_diff_source(&opts, "o.c", v1, strlen(v1), "n.c", v2, strlen(v2),
					&out), 0);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.items[0].rule, VG_RULE_FIELD_REMOVED);
	vg_findings_release(&out);
	assert_true(vg_srccmp_relevant(v1, strlen(v1)));
	assert_false(vg_srccmp_relevant("int x;", 6));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_removed_field),
		cmocka_unit_test(test_added_and_deleted_file),
		cmocka_unit_test(test_default_catalogue),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
