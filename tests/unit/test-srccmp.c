/* Unit tests of the source-level comparison API (srccmp.c). */
#include "unit.h"
#include "core/macros.h"
#include "compare/srccmp.h"
#include "core/util.h"

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

/* Two subsections with one .name, listed in the order given. */
static char *dup_subs(const char *first, const char *second)
{
	char *r = vg_asprintf(
		"static const VMStateDescription vmstate_tlb_a = {\n"
		"    .name = \"d/tlb\",\n"
		"    .version_id = 1,\n"
		"    .minimum_version_id = 1,\n"
		"    .needed = a_needed,\n"
		"    .fields = (const VMStateField[]) {\n"
		"        VMSTATE_UINT32(prot, D),\n"
		"        VMSTATE_END_OF_LIST()\n"
		"    }\n"
		"};\n"
		"static const VMStateDescription vmstate_tlb_b = {\n"
		"    .name = \"d/tlb\",\n"
		"    .version_id = 1,\n"
		"    .minimum_version_id = 1,\n"
		"    .needed = b_needed,\n"
		"    .fields = (const VMStateField[]) {\n"
		"        VMSTATE_UINT64(rpn, D),\n"
		"        VMSTATE_UINT32(attr, D),\n"
		"        VMSTATE_END_OF_LIST()\n"
		"    }\n"
		"};\n"
		"static const VMStateDescription vmstate_d = {\n"
		"    .name = \"d\",\n"
		"    .version_id = 1,\n"
		"    .minimum_version_id = 1,\n"
		"    .fields = (const VMStateField[]) {\n"
		"        VMSTATE_UINT32(a, D),\n"
		"        VMSTATE_END_OF_LIST()\n"
		"    },\n"
		"    .subsections = (const VMStateDescription * const []) {\n"
		"        &vmstate_tlb_%s,\n"
		"        &vmstate_tlb_%s,\n"
		"        NULL\n"
		"    }\n"
		"};\n"
		"void f(DeviceClass *dc) { dc->vmsd = &vmstate_d; }\n", first, second);

	assert_non_null(r);
	return r;
}

static void test_duplicate_subsection_names(void **state)
{
	char *ab = dup_subs("a", "b"), *ba = dup_subs("b", "a");
	struct vg_findings out = VG_FINDINGS_INIT;
	size_t i;

	(void)state;
	/*
	 * Against itself: the k-th "d/tlb" pairs with the k-th, and the clash
	 * itself is the one finding (the loader takes the first of a name).
	 */
	assert_int_equal(diff(ab, ab, &out), 0);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.items[0].rule, VG_RULE_SUBSECTION_DUPLICATE);
	assert_int_equal(out.items[0].severity, VG_SEV_ERROR);
	vg_findings_release(&out);
	memset(&out, 0, sizeof(out));
	/* The list reordered: paired by C variable, not by position. */
	assert_int_equal(diff(ab, ba, &out), 0);
	for (i = 0; i < out.nr; i++)
		print_message("  got %s: %s\n", vg_rule_info(out.items[i].rule)->id,
			      out.items[i].message);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.items[0].rule, VG_RULE_SUBSECTION_DUPLICATE);
	vg_findings_release(&out);
	free(ab);
	free(ba);
}

/*
 * An exported description embedded by a section of the same file and
 * also named elsewhere in it (its .version_id read in C), like QEMU's
 * vmstate_esp; extra is a field line or "".
 */
static char *embedded_src(const char *extra, int embed)
{
	char *r = vg_asprintf(
		"const VMStateDescription vmstate_core = {\n"
		"    .name = \"core\",\n"
		"    .version_id = 2,\n"
		"    .minimum_version_id = 1,\n"
		"    .fields = (const VMStateField[]) {\n"
		"        VMSTATE_UINT32(a, Core),\n"
		"%s"
		"        VMSTATE_END_OF_LIST()\n"
		"    }\n"
		"};\n"
		"static int core_pre_save(void *opaque)\n"
		"{\n"
		"    Core *s = opaque;\n"
		"    s->mig_version = vmstate_core.version_id;\n"
		"    return 0;\n"
		"}\n"
		"static const VMStateDescription vmstate_sysbus_core = {\n"
		"    .name = \"sysbus-core\",\n"
		"    .version_id = 1,\n"
		"    .minimum_version_id = 1,\n"
		"    .fields = (const VMStateField[]) {\n"
		"        %s\n"
		"        VMSTATE_END_OF_LIST()\n"
		"    }\n"
		"};\n"
		"void f(DeviceClass *dc) { dc->vmsd = &vmstate_sysbus_core; }\n", extra,
		embed ? "VMSTATE_STRUCT(core, SysBusCore, 0, vmstate_core, Core),"
		      : "VMSTATE_UINT32(b, SysBusCore),");

	assert_non_null(r);
	return r;
}

static void test_embedded_reported_once(void **state)
{
	char *o = embedded_src("        VMSTATE_UINT32(b, Core),\n", 1);
	char *n = embedded_src("", 1);
	char *o2 = embedded_src("        VMSTATE_UINT32(b, Core),\n", 0);
	char *n2 = embedded_src("", 0);
	struct vg_findings out = VG_FINDINGS_INIT;

	(void)state;
	/* Embedded: the removal is reported under the embedding section only. */
	assert_int_equal(diff(o, n, &out), 0);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.items[0].rule, VG_RULE_FIELD_REMOVED);
	assert_string_equal(out.items[0].section, "sysbus-core");
	assert_string_equal(out.items[0].desc, "core");
	assert_int_equal(out.sections_compared, 1);
	vg_findings_release(&out);
	memset(&out, 0, sizeof(out));
	/* Embedded by no description of the file: its own section. */
	assert_int_equal(diff(o2, n2, &out), 0);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.items[0].section, "core");
	vg_findings_release(&out);
	free(o);
	free(n);
	free(o2);
	free(n2);
}

/* A nested description defined in the file on one side, elsewhere on the other. */
static const char *const nest_local =
	"static const VMStateDescription vmstate_q_fifo = {\n"
	"    .name = \"q/fifo\",\n"
	"    .version_id = 1,\n"
	"    .minimum_version_id = 1,\n"
	"    .needed = q_fifo_needed,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT32(fifo_len, QState),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n"
	"const VMStateDescription vmstate_q = {\n"
	"    .name = \"q\",\n"
	"    .version_id = 1,\n"
	"    .minimum_version_id = 1,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT8(lcr, QState),\n"
	"        VMSTATE_UINT16(divider, QState),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    },\n"
	"    .subsections = (const VMStateDescription * const []) {\n"
	"        &vmstate_q_fifo,\n"
	"        NULL\n"
	"    }\n"
	"};\n"
	"static const VMStateDescription vmstate_q_mm = {\n"
	"    .name = \"q-mm\",\n"
	"    .version_id = 1,\n"
	"    .minimum_version_id = 1,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_STRUCT(q, QMMState, 0, %s, QState),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n"
	"void q_mm_class_init(DeviceClass *dc) { dc->vmsd = &vmstate_q_mm; }\n";

static const char *const nest_moved =
	"static const VMStateDescription vmstate_q_mm = {\n"
	"    .name = \"q-mm\",\n"
	"    .version_id = 1,\n"
	"    .minimum_version_id = 1,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_STRUCT(q, QMMState, 0, %s, QState),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n"
	"void q_mm_class_init(DeviceClass *dc) { dc->vmsd = &vmstate_q_mm; }\n";

static void test_nested_defined_elsewhere(void **state)
{
	struct vg_findings out = VG_FINDINGS_INIT;
	char o[2048], n[1024];
	size_t i;

	(void)state;
	snprintf(o, sizeof(o), nest_local, "vmstate_q");
	/* The same variable: the same description, its subsections kept. */
	snprintf(n, sizeof(n), nest_moved, "vmstate_q");
	assert_int_equal(diff(o, n, &out), 0);
	for (i = 0; i < out.nr; i++)
		if (out.items[i].section && !strcmp(out.items[i].section, "q-mm"))
			fail_msg("unexpected %s on q-mm", vg_rule_info(out.items[i].rule)->id);
	vg_findings_release(&out);
	memset(&out, 0, sizeof(out));
	assert_int_equal(diff(n, o, &out), 0);
	for (i = 0; i < out.nr; i++)
		if (out.items[i].section && !strcmp(out.items[i].section, "q-mm"))
			fail_msg("unexpected %s on q-mm", vg_rule_info(out.items[i].rule)->id);
	vg_findings_release(&out);
	/* Another variable defined elsewhere: not known to be the same. */
	memset(&out, 0, sizeof(out));
	snprintf(n, sizeof(n), nest_moved, "vmstate_q_other");
	assert_int_equal(diff(o, n, &out), 0);
	for (i = 0; i < out.nr; i++)
		if (out.items[i].rule == VG_RULE_FIELD_SIZE_UNKNOWN &&
		    !strcmp(out.items[i].section, "q-mm"))
			break;
	assert_true(i < out.nr);
	vg_findings_release(&out);
}

/* .subsections naming variables defined in another file. */
static const char *const ext_subs =
	"extern const VMStateDescription vmstate_m_cap_a;\n"
	"extern const VMStateDescription vmstate_m_cap_b;\n"
	"%s"
	"static const VMStateDescription vmstate_m = {\n"
	"    .name = \"m\",\n"
	"    .version_id = 1,\n"
	"    .minimum_version_id = 1,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT64(rtc_offset, MState),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    },\n"
	"    .subsections = (const VMStateDescription * const []) {\n"
	"        &vmstate_m_cap_a,\n"
	"%s"
	"        NULL\n"
	"    }\n"
	"};\n"
	"void m_class_init(MachineClass *mc) { mc->vmsd = &vmstate_m; }\n";

static const char *const cap_b_here =
	"static bool m_cap_b_needed(void *opaque) { return true; }\n"
	"static const VMStateDescription vmstate_m_cap_b = {\n"
	"    .name = \"m/cap/b\",\n"
	"    .version_id = 1,\n"
	"    .minimum_version_id = 1,\n"
	"    .needed = m_cap_b_needed,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT8(cap_b, MState),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n";

static size_t count_rule(const struct vg_findings *l, enum vg_rule rule)
{
	size_t i, n = 0;

	for (i = 0; i < l->nr; i++)
		n += l->items[i].rule == rule;
	return n;
}

static void test_subsections_defined_elsewhere(void **state)
{
	struct vg_findings out = VG_FINDINGS_INIT;
	char one[2048], two[2048], two_here[2048];

	(void)state;
	snprintf(one, sizeof(one), ext_subs, "", "");
	snprintf(two, sizeof(two), ext_subs, "", "        &vmstate_m_cap_b,\n");
	snprintf(two_here, sizeof(two_here), ext_subs, cap_b_here,
		 "        &vmstate_m_cap_b,\n");
	/* The same list: nothing, and no scan warning. */
	assert_int_equal(diff(two, two, &out), 0);
	assert_int_equal(out.nr, 0);
	vg_findings_release(&out);
	/* One more listed: a subsection added (info), named by its variable. */
	memset(&out, 0, sizeof(out));
	assert_int_equal(diff(one, two, &out), 0);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.items[0].rule, VG_RULE_SUBSECTION_ADDED);
	assert_string_equal(out.items[0].item, "vmstate_m_cap_b");
	assert_int_equal(out.items[0].line, 3);
	vg_findings_release(&out);
	/* One fewer listed: the source may still send it. */
	memset(&out, 0, sizeof(out));
	assert_int_equal(diff(two, one, &out), 0);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.items[0].rule, VG_RULE_SUBSECTION_REMOVED);
	assert_int_equal(out.items[0].severity, VG_SEV_ERROR);
	vg_findings_release(&out);
	/* Defined here on one side, elsewhere on the other: the same subsection. */
	memset(&out, 0, sizeof(out));
	assert_int_equal(diff(two_here, two, &out), 0);
	assert_int_equal(count_rule(&out, VG_RULE_SUBSECTION_REMOVED), 0);
	vg_findings_release(&out);
	memset(&out, 0, sizeof(out));
	assert_int_equal(diff(two, two_here, &out), 0);
	assert_int_equal(count_rule(&out, VG_RULE_SUBSECTION_ADDED), 0);
	vg_findings_release(&out);
}

/* A nested description (version 2, never on the wire) becomes a device's own. */
static const char *const rtc_nested =
	"static const VMStateDescription vmstate_r_rtc = {\n"
	"    .name = \"r-rtc\",\n"
	"    .version_id = %d,\n"
	"    .minimum_version_id = %d,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT8_ARRAY(ram, RRTCState, 32),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n"
	"static const VMStateDescription vmstate_r_pc = {\n"
	"    .name = \"r-pc\",\n"
	"    .version_id = %d,\n"
	"    .minimum_version_id = %d,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT32(scr1, RPCState),\n"
	"%s"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n"
	"void r_pc_class_init(DeviceClass *dc) { dc->vmsd = &vmstate_r_pc; }\n"
	"%s";

static void test_nested_becomes_section(void **state)
{
	struct vg_findings out = VG_FINDINGS_INIT;
	char o[2048], n[2048];
	size_t i;

	(void)state;
	snprintf(o, sizeof(o), rtc_nested, 2, 2, 1, 1,
		 "        VMSTATE_STRUCT(rtc, RPCState, 0, vmstate_r_rtc, RRTCState),\n", "");
	snprintf(n, sizeof(n), rtc_nested, 3, 3, 2, 2, "",
		 "void r_rtc_class_init(DeviceClass *dc) { dc->vmsd = &vmstate_r_rtc; }\n");
	assert_int_equal(diff(o, n, &out), 0);
	/*
	 * r-pc: raised minimum (it lost the struct); r-rtc: a new section, no
	 * versions, always sent (no .needed): migrating back fails as after a
	 * version bump, so a warning.
	 */
	for (i = 0; i < out.nr; i++) {
		const struct vg_finding *f = &out.items[i];

		if (!strcmp(f->section, "r-rtc")) {
			assert_int_equal(f->rule, VG_RULE_SECTION_ADDED_UNCONDITIONAL);
			assert_int_equal(f->severity, VG_SEV_WARNING);
		}
	}
	assert_int_equal(count_rule(&out, VG_RULE_SECTION_ADDED_UNCONDITIONAL), 1);
	assert_int_equal(count_rule(&out, VG_RULE_MINIMUM_VERSION_RAISED), 1);
	vg_findings_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_removed_field),
		cmocka_unit_test(test_added_and_deleted_file),
		cmocka_unit_test(test_default_catalogue),
		cmocka_unit_test(test_duplicate_subsection_names),
		cmocka_unit_test(test_embedded_reported_once),
		cmocka_unit_test(test_nested_defined_elsewhere),
		cmocka_unit_test(test_subsections_defined_elsewhere),
		cmocka_unit_test(test_nested_becomes_section),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
