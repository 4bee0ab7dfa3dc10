/* Unit tests of the scanner (scan.c) and the catalogue (macros.c). */
#include "unit.h"
#include "macros.h"
#include "scan.h"

#include <stdio.h>

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
	return 0;
}

static int scan(const char *text, struct vg_scan_result *r, struct vg_findings *w)
{
	struct vg_scan_opts opts = { &macros, NULL, 0 };

	return vg_scan_buffer(&opts, "t.c", text, strlen(text), r, w);
}

static void test_catalogue(void **state)
{
	const struct vg_macro *m;

	(void)state;
	/* Aliases are expanded down to their base entry. */
	m = vg_macros_find(&macros, "VMSTATE_UINT32");
	assert_non_null(m);
	assert_null(m->alias_target);
	assert_string_equal(m->attrs[VG_MA_INFO], "vmstate_info_uint32");
	assert_string_equal(m->attrs[VG_MA_VERSION], "0");
	m = vg_macros_find(&macros, "VMSTATE_PTIMER");
	assert_non_null(m);
	assert_string_equal(m->attrs[VG_MA_VERSION], "1");
	m = vg_macros_find(&macros, "VMSTATE_STRUCT_ARRAY_TEST");
	assert_string_equal(m->attrs[VG_MA_TEST], "_test");
	assert_string_equal(m->attrs[VG_MA_VERSION], "_version");
	m = vg_macros_find(&macros, "VMSTATE_VIRTIO_DEVICE");
	assert_int_equal(m->nparams, -1);
	assert_non_null(vg_macros_find(&macros, "VMSTATE_END_OF_LIST"));
	assert_null(vg_macros_find(&macros, "VMSTATE_NO_SUCH"));
	assert_string_equal(vg_macros_find_info(&macros, "vmstate_info_bool")->size, "1");
}

static void test_subst(void **state)
{
	char *params[] = { "_f", "_n" }, *args[] = { "regs", "A + 1" };
	char *s;

	(void)state;
	s = vg_macro_subst("_f", params, 2, args);
	assert_string_equal(s, "regs");
	free(s);
	s = vg_macro_subst("_n*_f_x", params, 2, args);
	assert_string_equal(s, "(A + 1)*_f_x");
	free(s);
}

static const char *const canonical =
	"#define NR 4\n"
	"static const VMStateDescription vmstate_s = {\n"
	"    .name = \"dev/s\",\n"
	"    .version_id = 1,\n"
	"    .minimum_version_id = 1,\n"
	"    .needed = s_needed,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT8(x, S),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n"
	"static const VMStateDescription vmstate_n = {\n"
	"    .name = \"n\",\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT16_ARRAY(a, N, NR * 2),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n"
	"const VMStateDescription vmstate_dev = {\n"
	"    .name = \"dev\",\n"
	"    .version_id = 3,\n"
	"    .minimum_version_id = 2,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_STRUCT(n, Dev, 2, vmstate_n, N),\n"
	"        VMSTATE_UINT32_TEST(t, Dev, t_test),\n"
	"        VMSTATE_STRUCT(o, Dev, 0, vmstate_other, O),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    },\n"
	"    .subsections = (const VMStateDescription * const []) {\n"
	"        &vmstate_s, NULL\n"
	"    }\n"
	"};\n";

static void test_resolved_tree(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_findings w = VG_FINDINGS_INIT;
	const struct vg_scan_def *d;
	const struct vg_field *f;

	(void)state;
	assert_int_equal(scan(canonical, &r, &w), 0);
	assert_int_equal(r.nr, 3);
	assert_int_equal(w.nr, 0);
	d = vg_scan_find(&r, "vmstate_dev");
	assert_non_null(d);
	assert_true(d->toplevel);
	assert_false(d->is_static);
	assert_int_equal(d->desc.line, 19);
	assert_int_equal(d->desc.version_id, 3);
	assert_int_equal(d->desc.minimum_version_id, 2);
	assert_int_equal(d->desc.nr_fields, 3);
	f = &d->desc.fields[0];
	assert_int_equal(f->version_id, 2);
	assert_non_null(f->desc);
	assert_int_equal(f->owns_desc, 1);
	assert_string_equal(f->desc->name, "n");
	assert_int_equal(f->desc->fields[0].size_kind, VG_SIZE_FIXED);
	assert_int_equal(f->desc->fields[0].size, 2);
	assert_int_equal(f->desc->fields[0].num, 8);
	f = &d->desc.fields[1];
	assert_true(f->has_test);
	assert_string_equal(f->test, "t_test");
	assert_int_equal(f->line, 25);
	f = &d->desc.fields[2];
	assert_null(f->desc);
	assert_string_equal(f->desc_ref, "vmstate_other");
	assert_int_equal(f->size_kind, VG_SIZE_UNKNOWN);
	assert_string_equal(f->size_expr, "struct:vmstate_other");
	assert_int_equal(d->desc.nr_subsections, 1);
	assert_string_equal(d->desc.subsections[0].name, "dev/s");
	assert_true(d->desc.subsections[0].has_needed);
	assert_false(vg_scan_find(&r, "vmstate_n")->toplevel);
	assert_false(vg_scan_find(&r, "vmstate_s")->toplevel);
	vg_scan_result_release(&r);
	vg_findings_release(&w);
}

static void test_prefilter(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;

	(void)state;
	assert_false(vg_scan_uses_vmstate("int x;", 6));
	assert_true(vg_scan_uses_vmstate("VMSTATE_UINT8(a, S)", 19));
	assert_false(vg_scan_may_define("VMSTATE_UINT8(a, S)", 19));
	assert_int_equal(scan("int main(void) { return 0; }\n", &r, NULL), 0);
	assert_int_equal(r.nr, 0);
	vg_scan_result_release(&r);
}

static void test_unknown_macro_warns(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_findings w = VG_FINDINGS_INIT;
	const char *text =
		"static const VMStateDescription v = {\n"
		"    .name = \"v\",\n"
		"    .fields = (const VMStateField[]) {\n"
		"        VMSTATE_NOPE(a, S),\n"
		"        VMSTATE_END_OF_LIST()\n"
		"    }\n"
		"};\n";

	(void)state;
	assert_int_equal(scan(text, &r, &w), 0);
	assert_int_equal(w.nr, 1);
	assert_int_equal(w.items[0].rule, VG_RULE_UNKNOWN_MACRO);
	assert_string_equal(w.items[0].file, "t.c");
	assert_int_equal(w.items[0].line, 4);
	assert_int_equal(r.defs[0].desc.nr_fields, 1);
	assert_int_equal(r.defs[0].desc.fields[0].size_kind, VG_SIZE_UNKNOWN);
	vg_scan_result_release(&r);
	vg_findings_release(&w);
}

static void test_headers_and_no_nul(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_scan_header h = { "h.h", "#define TYPE_X \"x-dev\"\n#define XV 5\n", 35 };
	struct vg_scan_opts opts = { &macros, &h, 1 };
	/* Not NUL-terminated: the scanner must not read past len. */
	char text[] = "static const VMStateDescription v = { .name = TYPE_X \"/sub\", "
		      ".version_id = XV, };XXXX";

	(void)state;
	assert_int_equal(vg_scan_buffer(&opts, "t.c", text, strlen(text) - 4, &r, NULL), 0);
	assert_int_equal(r.nr, 1);
	assert_string_equal(r.defs[0].desc.name, "x-dev/sub");
	assert_int_equal(r.defs[0].desc.version_id, 5);
	vg_scan_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_subst),
		cmocka_unit_test(test_resolved_tree),
		cmocka_unit_test(test_prefilter),
		cmocka_unit_test(test_unknown_macro_warns),
		cmocka_unit_test(test_headers_and_no_nul),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
