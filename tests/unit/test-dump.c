/* The -dump-vmstate loader: formats of QEMU 7.2 .. today, and bad input. */
#include "unit.h"

#include "dump/dump.h"
#include "core/util.h"

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

/* A field list of one section "dev" (single quotes become double quotes). */
#define DEV_HEAD \
	"{'dev': {'Name': 'dev', 'version_id': 1, 'minimum_version_id': 1, " \
	"'Description': {'name': 'dev', 'version_id': 1, 'minimum_version_id': 1, "
#define DEV_FIELD(extra) \
	"{'field': 'a', 'version_id': 0, 'field_exists': false, 'size': 4" extra "}"

/*
 * Every refusal: the input (single quotes become double quotes) and the
 * whole message. Syntax errors have LINE:COL (bytes from 1, the end for a
 * truncated file), dump errors the line where the offending value starts
 * (for a missing key: its object); both have the exact JSON path.
 */
static const struct bad_case {
	const char *json;
	const char *msg;
} bad_cases[] = {
	/* Not JSON. */
	{ "", "t.json:1:1: error: empty file: not a -dump-vmstate JSON file" },
	{ "   \n", "t.json:2:1: error: empty file: not a -dump-vmstate JSON file" },
	{ "{'dev' 1}", "t.json:1:8: error: expected ':' after a key, found a number" },
	{ "{'dev': tru}", "t.json:1:9: error: invalid token 'tru', at $.dev" },
	{ "{'dev': {'Name': 'de\\x', 'version_id': 1}}",
	  "t.json:1:21: error: bad escape '\\x' in a string, at $.dev.Name" },
	{ "{'a\\ud800': 1}", "t.json:1:4: error: bad \\u escape in a string" },
	{ "{\n  1: 2}", "t.json:2:3: error: expected a quoted key, found a number" },
	{ "{'a': 1,}", "t.json:1:9: error: expected a quoted key, found '}'" },
	{ "{'a': [1,]}", "t.json:1:10: error: expected a value, found ']', at $.a[1]" },
	{ "{'a': [1 2]}", "t.json:1:10: error: expected ',' or ']' in an array, at $.a" },
	{ "{'a': -}", "t.json:1:7: error: invalid number, at $.a" },
	{ DEV_HEAD "'Fields': [\n" DEV_FIELD("") ",\n" DEV_FIELD(",") "]}}}",
	  "t.json:3:66: error: expected a quoted key, found '}', at $.dev.Description.Fields[1]" },
	{ DEV_HEAD "'Fields': [",
	  "t.json:1:151: error: unexpected end of file inside an array (truncated file?), "
	  "at $.dev.Description.Fields[0]" },
	{ DEV_HEAD "'Fields': [\n  " DEV_FIELD("") ",\n  {'fie",
	  "t.json:3:8: error: unexpected end of file inside a string (truncated file?), "
	  "at $.dev.Description.Fields[1]" },
	{ "{'a': tr", "t.json:1:9: error: unexpected end of file inside 'true' (truncated file?), at $.a" },
	{ DEV_HEAD "'Fields': []}}} x", "t.json:1:156: error: trailing characters after the JSON value" },
	/* JSON, not a dump. */
	{ "[]", "t.json:1: error: not a -dump-vmstate file: the top level must be an object, found an array" },
	{ "{}", "t.json:1: error: not a -dump-vmstate file: no sections" },
	{ "\n\n{'vmschkmachine': {'Name': 'pc'}}", "t.json:3: error: not a -dump-vmstate file: no sections" },
	{ "{'a': 1}",
	  "t.json:1: error: not a -dump-vmstate file: a section entry must be an object, found a number, at $.a" },
	{ "{'vmschkmachine': {'name': 'pc'}}",
	  "t.json:1: error: vmschkmachine has no \"Name\" key, at $.vmschkmachine" },
	{ "{'dev': {'Name': 'dev'}}", "t.json:1: error: a section entry has no \"version_id\" key, at $.dev" },
	{ "{'dev': {'Name': 'dev', 'version_id': '1', 'minimum_version_id': 1, 'Description': {}}}",
	  "t.json:1: error: expected an integer, found a string, at $.dev.version_id" },
	{ "{'dev': {'Name': 'dev', 'version_id': 1.5, 'minimum_version_id': 1}}",
	  "t.json:1: error: expected an integer, found 1.5, at $.dev.version_id" },
	{ "{'dev': {'Name': 'dev', 'version_id': 99999999999, 'minimum_version_id': 1}}",
	  "t.json:1: error: integer 99999999999 out of range (-2147483648..2147483647), at $.dev.version_id" },
	{ "{'dev': {'Name': 'dev', 'version_id': 1, 'version_id': 1, 'minimum_version_id': 1, "
	  "'Description': {'name': 'dev', 'version_id': 1, 'minimum_version_id': 1}}}",
	  "t.json:1: error: duplicate key \"version_id\", at $.dev.version_id" },
	{ "{'d': {'Name': 'd', 'version_id': 1, 'minimum_version_id': 1,\n"
	  "'Description': {'name': 'd', 'version_id': 1, 'minimum_version_id': 1}},\n"
	  "'d': {'Name': 'd', 'version_id': 1, 'minimum_version_id': 1,\n"
	  "'Description': {'name': 'd', 'version_id': 1, 'minimum_version_id': 1}}}",
	  "t.json:3: error: duplicate section key, at $.d" },
	{ "{'dev': {'Name': 'dev', 'version_id': 1, 'minimum_version_id': 1,\n"
	  " 'Description':\n  {'name': 'dev',\n   'minimum_version_id': 1}}}",
	  "t.json:3: error: a description has no \"version_id\" key, at $.dev.Description" },
	{ DEV_HEAD "'Fields': [\n" DEV_FIELD("") ",\n{'field': 'b', 'version_id': 0, 'field_exists': 0, 'size': 4}]}}}",
	  "t.json:3: error: expected true or false, found a number, at $.dev.Description.Fields[1].field_exists" },
	{ DEV_HEAD "'Fields': [{'field': 'a', 'version_id': 0, 'field_exists': false, 'size': -4}]}}}",
	  "t.json:1: error: integer -4 out of range (0..9007199254740991), at $.dev.Description.Fields[0].size" },
	{ DEV_HEAD "'Fields': [{'field': 'a', 'version_id': 0, 'field_exists': false, 'size': 9007199254740992}]}}}",
	  "t.json:1: error: integer 9007199254740992 out of range (0..9007199254740991), "
	  "at $.dev.Description.Fields[0].size" },
	{ DEV_HEAD "'Fields': [" DEV_FIELD(", 'num': -1") "]}}}",
	  "t.json:1: error: integer -1 out of range (0..2147483647), at $.dev.Description.Fields[0].num" },
	{ DEV_HEAD "'Fields': {}}}}",
	  "t.json:1: error: expected an array of fields, found an object, at $.dev.Description.Fields" },
	{ DEV_HEAD "'Fields': [1]}}}",
	  "t.json:1: error: expected a field object, found a number, at $.dev.Description.Fields[0]" },
	{ DEV_HEAD "'Subsections': [null]}}}",
	  "t.json:1: error: expected a subsection object, found null, at $.dev.Description.Subsections[0]" },
	/* The line is found by position, not by name: earlier members of the same
	   name (unknown keys may repeat) and nested lookalikes are skipped. */
	{ "{'dev': {'x': [1, {'Description': 2}], 'x': 3, 'Name': 'dev', 'version_id': 1,\n"
	  " 'minimum_version_id': 1, 'Description': {'name': 'dev', 'version_id': 1,\n"
	  " 'minimum_version_id': 1, 'Fields': [\n"
	  "  " DEV_FIELD(", 'Description': {'name': 'n', 'version_id': 1, 'minimum_version_id': 1}") ",\n"
	  "  " DEV_FIELD(", 'Description':\n   []") "]}}}",
	  "t.json:6: error: expected a Description object, found an array, "
	  "at $.dev.Description.Fields[1].Description" },
	{ "{'a b': {'Name': 'a b', 'version_id': 1, 'minimum_version_id': '1'}}",
	  "t.json:1: error: expected an integer, found a string, at $[\"a b\"].minimum_version_id" },
};

static void test_bad_input(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct vg_dump d;
		struct vg_buf err = VG_BUF_INIT;
		char *text = strdup(bad_cases[i].json), *want, *p;

		assert_non_null(text);
		for (p = text; *p; p++)
			if (*p == '\'')
				*p = '"';
		if (vg_dump_load_buffer_err("t.json", text, strlen(text), &err, &d) != -1)
			fail_msg("accepted bad input #%zu: %s", i, bad_cases[i].json);
		want = vg_asprintf("%s\n", bad_cases[i].msg);
		assert_non_null(want);
		if (!err.buf || strcmp(err.buf, want))
			fail_msg("input #%zu: %s\n  want: %s  got:  %s", i, bad_cases[i].json, want,
				 err.buf ? err.buf : "(nothing)\n");
		assert_int_equal(d.nr_sections, 0);
		assert_null(d.sections);
		assert_null(d.path);
		free(want);
		vg_buf_release(&err);
		free(text);
	}
}

/* Buffers need no NUL; a byte order mark, escaped keys and spacing are JSON. */
static void test_buffer_forms(void **state)
{
	static const char json[] =
		"\xef\xbb\xbf{\"d\\u0065v\":{\"Name\":\"dev\",\"version_id\":2,"
		"\"minimum_version_id\":1,\"Description\":{\"n\\u0061me\":\"dev\","
		"\"version_id\":1e0,\"minimum_version_id\":1,\"Fields\":[]}}}  \n";
	char *copy = malloc(sizeof(json) - 1);
	struct vg_dump d;

	assert_non_null(copy);
	memcpy(copy, json, sizeof(json) - 1);
	assert_int_equal(vg_dump_load_buffer("t.json", copy, sizeof(json) - 1, &d), 0);
	assert_int_equal(d.nr_sections, 1);
	assert_string_equal(d.sections[0].key, "dev");
	assert_string_equal(d.sections[0].desc.name, "dev");
	assert_int_equal(d.sections[0].version_id, 2);
	assert_int_equal(d.sections[0].desc.version_id, 1);
	assert_true(d.sections[0].desc.has_fields);
	assert_true(d.sections[0].has_desc);
	vg_dump_release(&d);
	/* An entry with versions but no Description loads (QEMU's checker data has one). */
	{
		static const char bare[] = "{\"a\":{\"Name\":\"a\",\"version_id\":3,"
					   "\"minimum_version_id\":2}}";

		assert_int_equal(vg_dump_load_buffer("t.json", bare, sizeof(bare) - 1, &d), 0);
		assert_int_equal(d.nr_sections, 1);
		assert_false(d.sections[0].has_desc);
		assert_null(d.sections[0].desc.name);
		assert_int_equal(d.sections[0].version_id, 3);
		assert_int_equal(d.sections[0].minimum_version_id, 2);
		vg_dump_release(&d);
	}
	/* Cut anywhere, the same text is refused with one message. */
	for (size_t n = 0; n < sizeof(json) - 4; n++) {
		struct vg_buf err = VG_BUF_INIT;

		assert_int_equal(vg_dump_load_buffer_err("t.json", copy, n, &err, &d), -1);
		assert_non_null(err.buf);
		assert_true(vg_starts_with(err.buf, "t.json:1:"));
		assert_ptr_equal(strchr(err.buf, '\n'), err.buf + err.len - 1);
		vg_buf_release(&err);
	}
	free(copy);
}

/* cJSON stops at 1000 levels; the message shortens the path. */
static void test_deep_nesting(void **state)
{
	struct vg_buf b = VG_BUF_INIT, err = VG_BUF_INIT;
	struct vg_dump d;
	int i;

	for (i = 0; i < 5000; i++)
		vg_buf_puts(&b, "[");
	assert_int_equal(vg_dump_load_buffer_err("deep.json", b.buf, b.len, &err, &d), -1);
	assert_string_equal(err.buf, "deep.json:1:1001: error: JSON nested deeper than 1000 levels, "
			    "at $[0][0][0][0][0][0][0][0][0][0][0][0]..."
			    "[0][0][0][0][0][0][0][0][0][0][0][0]\n");
	vg_buf_release(&err);
	vg_buf_release(&b);
	vg_buf_puts(&b, "{\"dev\": {\"x\": ");
	for (i = 0; i < 5000; i++)
		vg_buf_puts(&b, "[");
	assert_int_equal(vg_dump_load_buffer_err("t.json", b.buf, b.len, &err, &d), -1);
	assert_true(vg_starts_with(err.buf, "t.json:1:1013: error: JSON nested deeper than 1000 levels, "
				   "at $.dev.x[0][0]"));
	vg_buf_release(&err);
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
		cmocka_unit_test(test_buffer_forms),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_real_dumps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
