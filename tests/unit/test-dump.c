/* The -dump-vmstate loader: formats of QEMU 7.2 .. today, and bad input. */
#include "unit.h"

#include "dump.h"
#include "util.h"

#include <stdio.h>

static int load_str(const char *json, struct vg_dump *d)
{
	char *text = strdup(json), *p;
	int ret;

	assert_non_null(text);
	for (p = text; *p; p++)
		if (*p == '\'')
			*p = '"';
	ret = vg_dump_load_buffer("t.json", text, strlen(text), d);
	free(text);
	return ret;
}

#define DUMP72 \
	"{\n 'vmschkmachine': {'Name': 'pc-q35-7.2'},\n" \
	" 'mc146818rtc': {'Name': 'mc146818rtc', 'version_id': 3, 'minimum_version_id': 1,\n" \
	"  'Description': {'name': 'mc146818rtc', 'version_id': 3, 'minimum_version_id': 1,\n" \
	"   'Fields': [\n" \
	"    {'field': 'cmos_data', 'version_id': 0, 'field_exists': false, 'size': 128},\n" \
	"    {'field': 'unused', 'version_id': 0, 'field_exists': false, 'size': 28},\n" \
	"    {'field': 'irq_coalesced', 'version_id': 2, 'field_exists': false, 'size': 4},\n" \
	"    {'field': 'parent_obj', 'version_id': 0, 'field_exists': true, 'size': 2608,\n" \
	"     'Description': {'name': 'PCIDevice', 'version_id': 2, 'minimum_version_id': 1,\n" \
	"      'Fields': [{'field': 'config', 'version_id': 0, 'field_exists': false, 'size': 0}]}}\n" \
	"   ],\n" \
	"   'Subsections': [{'name': 'mc146818rtc/irq_reinject_on_ack_count', 'version_id': 1,\n" \
	"     'minimum_version_id': 1, 'Fields': [\n" \
	"      {'field': 'irq_reinject_on_ack_count', 'version_id': 0, 'field_exists': false, 'size': 2}]}]\n" \
	"  }},\n" \
	" 'usb-audio': {'Name': 'usb-audio', 'version_id': 1, 'minimum_version_id': 1,\n" \
	"  'Description': {'name': 'usb-audio', 'version_id': 1, 'minimum_version_id': 1}}\n}\n"

static void test_load_72(void **state)
{
	struct vg_dump d;
	const struct vg_section *s;
	const struct vg_desc *desc;

	assert_int_equal(load_str(DUMP72, &d), 0);
	assert_string_equal(d.machine, "pc-q35-7.2");
	assert_int_equal(d.nr_sections, 2);
	assert_int_equal(d.has_num, 0);
	s = vg_dump_find_section(&d, "mc146818rtc");
	assert_non_null(s);
	assert_int_equal(s->version_id, 3);
	assert_int_equal(s->minimum_version_id, 1);
	desc = &s->desc;
	assert_string_equal(desc->name, "mc146818rtc");
	assert_true(desc->has_fields);
	assert_int_equal(desc->nr_fields, 4);
	/* No num: unknown, not scalar. */
	assert_int_equal(desc->fields[0].num, -1);
	assert_int_equal(desc->fields[0].size, 128);
	assert_true(desc->fields[1].is_unused);
	assert_int_equal(desc->fields[2].version_id, 2);
	assert_true(desc->fields[3].has_test);
	assert_non_null(desc->fields[3].desc);
	assert_string_equal(desc->fields[3].desc->name, "PCIDevice");
	assert_int_equal(desc->fields[3].desc->fields[0].size_kind, VG_SIZE_VARIABLE);
	assert_int_equal(desc->nr_subsections, 1);
	assert_string_equal(desc->subsections[0].name, "mc146818rtc/irq_reinject_on_ack_count");
	/* No Fields key (unmigratable devices). */
	s = vg_dump_find_section(&d, "usb-audio");
	assert_false(s->desc.has_fields);
	assert_int_equal(s->desc.nr_fields, 0);
	vg_dump_release(&d);
}

static void test_load_num(void **state)
{
	struct vg_dump d;

	assert_int_equal(load_str("{'dev': {'Name': 'dev', 'version_id': 1, 'minimum_version_id': 1,"
				  "'Description': {'name': 'dev', 'version_id': 1, "
				  "'minimum_version_id': 1, 'Fields': [{'field': 'r', "
				  "'version_id': 0, 'field_exists': false, 'size': 4, 'num': 8},"
				  "{'field': 's\\u00e9', 'version_id': 0, 'field_exists': false, "
				  "'size': 1, 'future_key': [1, {'x': null}]}]}}}", &d), 0);
	assert_int_equal(d.has_num, 1);
	assert_null(d.machine);
	assert_int_equal(d.sections[0].desc.fields[0].num, 8);
	assert_true(d.sections[0].desc.fields[0].is_array);
	assert_string_equal(d.sections[0].desc.fields[1].name, "s\xc3\xa9");
	assert_int_equal(d.sections[0].desc.fields[1].num, -1);
	vg_dump_release(&d);
}

static void test_bad_input(void **state)
{
	static const char *const bad[] = {
		"",
		"   \n",
		"[]",
		"{}",
		"{'vmschkmachine': {'Name': 'pc'}}",
		"{'a': 1}",
		"{'dev': {'Name': 'dev'}}",
		"{'dev': {'Name': 'dev', 'version_id': '1', 'minimum_version_id': 1, 'Description': {}}}",
		"{'dev': {'Name': 'dev', 'version_id': 1, 'minimum_version_id': 1, "
		"'Description': {'name': 'dev', 'version_id': 1, 'minimum_version_id': 1, "
		"'Fields': [{'field': 'a', 'version_id': 0, 'field_exists': 0, 'size': 4}]}}}",
		"{'dev': {'Name': 'dev', 'version_id': 1, 'minimum_version_id': 1, "
		"'Description': {'name': 'dev', 'version_id': 1, 'minimum_version_id': 1, "
		"'Fields': [{'field': 'a', 'version_id': 0, 'field_exists': false, 'size': -4}]}}}",
		"{'dev': {'Name': 'dev', 'version_id': 1.5, 'minimum_version_id': 1}}",
		"{'dev': {'Name': 'dev', 'version_id': 99999999999, 'minimum_version_id': 1}}",
		"{'dev': {'Name': 'dev', 'version_id': 1, 'minimum_version_id': 1, "
		"'Description': {'name': 'dev', 'version_id': 1, 'minimum_version_id': 1, 'Fields': [",
		"{'dev': {'Name': 'dev', 'version_id': 1, 'minimum_version_id': 1, "
		"'Description': {'name': 'dev', 'version_id': 1, 'minimum_version_id': 1}}} x",
		"{'dev': {'Name': 'dev', 'version_id': 1, 'version_id': 1, 'minimum_version_id': 1, "
		"'Description': {'name': 'dev', 'version_id': 1, 'minimum_version_id': 1}}}",
		"{'d': {'Name': 'd', 'version_id': 1, 'minimum_version_id': 1, "
		"'Description': {'name': 'd', 'version_id': 1, 'minimum_version_id': 1}},"
		"'d': {'Name': 'd', 'version_id': 1, 'minimum_version_id': 1, "
		"'Description': {'name': 'd', 'version_id': 1, 'minimum_version_id': 1}}}",
		"{'dev': {'Name': 'de\\x', 'version_id': 1}}",
		"{'dev' 1}",
		"{'dev': tru}",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct vg_dump d;
		struct vg_buf err = VG_BUF_INIT;
		char *text = strdup(bad[i]), *p;

		for (p = text; *p; p++)
			if (*p == '\'')
				*p = '"';
		if (vg_dump_load_buffer_err("t.json", text, strlen(text), &err, &d) != -1)
			fail_msg("accepted bad input #%zu: %s", i, bad[i]);
		printf("# %zu: %s", i, err.buf);
		assert_int_equal(d.nr_sections, 0);
		assert_null(d.sections);
		vg_buf_release(&err);
		free(text);
	}
}

static void test_deep_nesting(void **state)
{
	struct vg_buf b = VG_BUF_INIT;
	struct vg_dump d;
	int i;

	for (i = 0; i < 5000; i++)
		vg_buf_puts(&b, "[");
	assert_int_equal(vg_dump_load_buffer("deep.json", b.buf, b.len, &d), -1);
	vg_buf_release(&b);
	vg_buf_puts(&b, "{'dev': {'x': ");
	for (i = 0; i < 5000; i++)
		vg_buf_puts(&b, "[");
	assert_int_equal(load_str(b.buf, &d), -1);
	vg_buf_release(&b);
}

static void test_real_dumps(void **state)
{
	static const char *const files[] = {
		"tests/data/dumps/v8.1.0/m68k/q800.json",
		"tests/data/dumps/v8.2.0/x86_64/pc-q35-8.2.json",
		"tests/data/dumps/v9.0.0/x86_64/pc-q35-8.2.json",
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct vg_dump d;

		assert_int_equal(vg_dump_load(files[i], &d), 0);
		assert_true(d.nr_sections > 50);
		assert_true(d.has_num);
		assert_non_null(d.machine);
		vg_dump_release(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_72),
		cmocka_unit_test(test_load_num),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_real_dumps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
