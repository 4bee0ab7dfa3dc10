/*
 * The CI views of findings: SARIF, GitLab code quality (both parsed back
 * with cJSON) and JUnit XML (checked by a small well-formedness parser).
 */
#include "unit.h"
#include "core/finding.h"
#include "report/report.h"

#include <cJSON.h>
#include <stdio.h>

#define TRICKY "bad trailer <x> & \"y\" 'z' \x01 \xff end"

/* Four findings covering dump-level, source-level, waived and anonymous. */
static void make_findings(struct vg_findings *list, unsigned esp_line)
{
	struct vg_finding *f;

	f = vg_findings_add(list, VG_RULE_FIELD_REMOVED, "sysbus-esp", "esp",
			    "pdma_buf", "uint8[32]", NULL,
			    "field %s is no longer read", "pdma_buf");
	assert_non_null(f);
	assert_int_equal(vg_finding_set(&f->machine, "q800"), 0);

	f = vg_findings_add(list, VG_RULE_FIELD_RENAMED, "esp", "esp", "ti_cmd",
			    "ti_cmd", "mig_ti_cmd", "field renamed");
	assert_non_null(f);
	assert_int_equal(vg_finding_set(&f->file, "hw/scsi/esp.c"), 0);
	f->line = esp_line;
	assert_int_equal(vg_finding_set(&f->commit,
					"b46a43a2241476d13486e016a0809b690b65f90e"), 0);

	f = vg_findings_add(list, VG_RULE_SUBSECTION_REMOVED, "esp", "esp", "pdma",
			    "esp/pdma", NULL, "subsection removed");
	assert_non_null(f);
	assert_int_equal(vg_finding_set(&f->old_file, "hw/scsi/esp.c"), 0);
	f->old_line = 1300;
	assert_int_equal(vg_finding_set(&f->waived_by,
					"Migration-Break: esp/pdma (q800): PDMA is gone"), 0);
	assert_int_equal(vg_finding_set(&f->waiver_reason, "PDMA is gone"), 0);

	f = vg_findings_add(list, VG_RULE_WAIVER_MALFORMED, NULL, NULL, NULL,
			    NULL, NULL, "%s", TRICKY);
	assert_non_null(f);
	assert_int_equal(vg_finding_set(&f->file, "dir with space/a&b.c"), 0);
	f->line = 3;
	list->sections_compared = 3;
	list->commits_checked = 1;
}

/* Render a view into a string owned by the caller. */
static const char *subject = "HEAD~1..HEAD";

static char *render(int (*view)(FILE *, const struct vg_findings *,
				const struct vg_report_opts *),
		    const struct vg_findings *list)
{
	struct vg_report_opts opts = { "check", 0, subject };
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);

	assert_non_null(f);
	assert_int_equal(view(f, list, &opts), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(mem);
	return mem;
}

static cJSON *get(const cJSON *obj, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v)
		fail_msg("missing key '%s'", key);
	return v;
}

static const char *get_str(const cJSON *obj, const char *key)
{
	cJSON *v = get(obj, key);

	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static const char *sarif_fingerprint(const cJSON *result)
{
	return get_str(get(result, "partialFingerprints"), "vmstateGate/v1");
}

static cJSON *result_by_rule(const cJSON *results, const char *id)
{
	cJSON *r;

	cJSON_ArrayForEach(r, results)
		if (!strcmp(get_str(r, "ruleId"), id))
			return r;
	fail_msg("no result for %s", id);
	return NULL;
}

static void test_sarif(void **state)
{
	struct vg_findings list = VG_FINDINGS_INIT;
	cJSON *root, *run, *driver, *rules, *results, *r, *loc, *phys, *sup;
	char *out, *out2;
	char fp0[17], fp1[17];
	int i;

	(void)state;
	make_findings(&list, 1200);
	vg_findings_sort(&list);
	out = render(vg_report_sarif, &list);
	root = cJSON_Parse(out);
	assert_non_null(root);
	assert_string_equal(get_str(root, "version"), "2.1.0");
	assert_non_null(strstr(get_str(root, "$schema"), "sarif-2.1.0"));
	assert_int_equal(cJSON_GetArraySize(get(root, "runs")), 1);
	run = cJSON_GetArrayItem(get(root, "runs"), 0);
	driver = get(get(run, "tool"), "driver");
	assert_string_equal(get_str(driver, "name"), "vmstate-gate");
	assert_true(strlen(get_str(driver, "version")) > 0);
	assert_string_equal(get_str(get(run, "automationDetails"), "id"),
			    "vmstate-gate/check/");

	/* Every rule, in rule-ids.h order, with its default level. */
	rules = get(driver, "rules");
	assert_int_equal(cJSON_GetArraySize(rules), VG_RULE__COUNT);
	for (i = 0; i < VG_RULE__COUNT; i++) {
		cJSON *rule = cJSON_GetArrayItem(rules, i);
		const struct vg_rule_info *info = vg_rule_info((enum vg_rule)i);
		const char *level = get_str(get(rule, "defaultConfiguration"), "level");

		assert_string_equal(get_str(rule, "id"), info->id);
		assert_string_equal(get_str(get(rule, "shortDescription"), "text"),
				    info->description);
		assert_string_equal(level, info->severity == VG_SEV_ERROR ? "error" :
				    info->severity == VG_SEV_WARNING ? "warning" : "note");
	}

	results = get(run, "results");
	assert_int_equal(cJSON_GetArraySize(results), 4);
	for (i = 0; i < 4; i++) {
		const char *id;

		r = cJSON_GetArrayItem(results, i);
		id = get_str(r, "ruleId");
		assert_int_equal((int)get(r, "ruleIndex")->valuedouble, vg_rule_by_id(id));
		assert_int_equal(strlen(sarif_fingerprint(r)), 16);
		assert_true(strlen(get_str(get(r, "message"), "text")) > 0);

		if (!strcmp(id, "field-removed")) {
			/*
			 * Dump level: no file. GitHub needs a physical location:
			 * the section at line 1 (no input file in the subject);
			 * the logical location says where. Machine kept.
			 */
			assert_string_equal(get_str(r, "level"), "error");
			loc = cJSON_GetArrayItem(get(r, "locations"), 0);
			phys = get(loc, "physicalLocation");
			assert_string_equal(get_str(get(phys, "artifactLocation"), "uri"),
					    "sysbus-esp");
			assert_int_equal(get(get(phys, "region"), "startLine")->valueint, 1);
			assert_string_equal(get_str(cJSON_GetArrayItem(
				get(loc, "logicalLocations"), 0), "fullyQualifiedName"),
				"sysbus-esp/esp/pdma_buf");
			assert_string_equal(get_str(get(r, "properties"), "machine"), "q800");
			assert_string_equal(get_str(get(r, "properties"), "old"), "uint8[32]");
			assert_null(cJSON_GetObjectItem(r, "suppressions"));
		} else if (!strcmp(id, "field-renamed")) {
			assert_string_equal(get_str(r, "level"), "note");
			loc = cJSON_GetArrayItem(get(r, "locations"), 0);
			phys = get(loc, "physicalLocation");
			assert_string_equal(get_str(get(phys, "artifactLocation"), "uri"),
					    "hw/scsi/esp.c");
			assert_int_equal(get(get(phys, "region"), "startLine")->valueint, 1200);
			/* section == description: not repeated */
			assert_string_equal(get_str(cJSON_GetArrayItem(
				get(loc, "logicalLocations"), 0), "fullyQualifiedName"),
				"esp/ti_cmd");
			assert_string_equal(get_str(get(r, "properties"), "new"), "mig_ti_cmd");
			assert_string_equal(get_str(get(r, "properties"), "commit"),
					    "b46a43a2241476d13486e016a0809b690b65f90e");
		} else if (!strcmp(id, "subsection-removed")) {
			/* Waived: an external, accepted suppression with the reason. */
			sup = cJSON_GetArrayItem(get(r, "suppressions"), 0);
			assert_non_null(sup);
			assert_string_equal(get_str(sup, "kind"), "external");
			assert_string_equal(get_str(sup, "justification"), "PDMA is gone");
			assert_string_equal(get_str(get(sup, "properties"), "waiver"),
					    "Migration-Break: esp/pdma (q800): PDMA is gone");
			loc = cJSON_GetArrayItem(get(r, "locations"), 0);
			phys = get(loc, "physicalLocation");
			assert_int_equal(get(get(phys, "region"), "startLine")->valueint, 1300);
		} else {
			assert_string_equal(id, "waiver-malformed");
			loc = cJSON_GetArrayItem(get(r, "locations"), 0);
			phys = get(loc, "physicalLocation");
			assert_string_equal(get_str(get(phys, "artifactLocation"), "uri"),
					    "dir%20with%20space/a%26b.c");
			assert_non_null(strstr(get_str(get(r, "message"), "text"), "<x> & \"y\""));
		}
	}
	memcpy(fp0, sarif_fingerprint(result_by_rule(results, "field-removed")), 17);
	memcpy(fp1, sarif_fingerprint(result_by_rule(results, "field-renamed")), 17);
	assert_string_not_equal(fp0, fp1);
	assert_int_equal(get(get(run, "properties"), "errors")->valueint, 2);
	assert_int_equal(get(get(run, "properties"), "waived")->valueint, 1);
	cJSON_Delete(root);
	vg_findings_release(&list);

	/* The same findings after a code move: same fingerprints. */
	make_findings(&list, 1234);
	vg_findings_sort(&list);
	out2 = render(vg_report_sarif, &list);
	root = cJSON_Parse(out2);
	assert_non_null(root);
	results = get(cJSON_GetArrayItem(get(root, "runs"), 0), "results");
	assert_string_equal(sarif_fingerprint(result_by_rule(results, "field-removed")), fp0);
	assert_string_equal(sarif_fingerprint(result_by_rule(results, "field-renamed")), fp1);
	cJSON_Delete(root);
	vg_findings_release(&list);
	free(out);
	free(out2);
}

/* compare's subject "OLD -> NEW": findings without a file point at NEW. */
static void test_sarif_input_file(void **state)
{
	struct vg_findings list = VG_FINDINGS_INIT;
	struct vg_report_opts opts = { "compare", 0, "a b.json -> /tmp/new dumps/q800.json" };
	cJSON *root, *results, *r, *cq;
	char *out;

	(void)state;
	assert_null(vg_report_input(NULL));
	assert_string_equal(vg_report_input(&opts), "/tmp/new dumps/q800.json");
	make_findings(&list, 1200);
	vg_findings_sort(&list);
	subject = opts.subject;
	out = render(vg_report_sarif, &list);
	root = cJSON_Parse(out);
	assert_non_null(root);
	results = get(cJSON_GetArrayItem(get(root, "runs"), 0), "results");
	/* Every result has a physical location, as GitHub requires. */
	cJSON_ArrayForEach(r, results)
		assert_non_null(get(get(cJSON_GetArrayItem(get(r, "locations"), 0),
					"physicalLocation"), "artifactLocation"));
	r = result_by_rule(results, "field-removed");
	assert_string_equal(get_str(get(get(cJSON_GetArrayItem(get(r, "locations"), 0),
					    "physicalLocation"), "artifactLocation"), "uri"),
			    "file:///tmp/new%20dumps/q800.json");
	r = result_by_rule(results, "field-renamed");
	assert_string_equal(get_str(get(get(cJSON_GetArrayItem(get(r, "locations"), 0),
					    "physicalLocation"), "artifactLocation"), "uri"),
			    "hw/scsi/esp.c");
	cJSON_Delete(root);
	free(out);

	out = render(vg_report_codequality, &list);
	root = cJSON_Parse(out);
	assert_non_null(root);
	cJSON_ArrayForEach(cq, root)
		if (!strcmp(get_str(cq, "check_name"), "field-removed"))
			assert_string_equal(get_str(get(cq, "location"), "path"),
					    "/tmp/new dumps/q800.json");
	cJSON_Delete(root);
	free(out);
	subject = "HEAD~1..HEAD";
	vg_findings_release(&list);
}

static void test_sarif_empty(void **state)
{
	struct vg_findings list = VG_FINDINGS_INIT;
	cJSON *root, *run;
	char *out;

	(void)state;
	list.sections_compared = 7;
	out = render(vg_report_sarif, &list);
	root = cJSON_Parse(out);
	assert_non_null(root);
	run = cJSON_GetArrayItem(get(root, "runs"), 0);
	assert_true(cJSON_IsArray(get(run, "results")));
	assert_int_equal(cJSON_GetArraySize(get(run, "results")), 0);
	assert_int_equal(get(get(run, "properties"), "sections_compared")->valueint, 7);
	cJSON_Delete(root);
	free(out);
}

static void test_fingerprints_repeat(void **state)
{
	struct vg_findings list = VG_FINDINGS_INIT;
	char (*fp)[17] = NULL;
	struct vg_finding *f;
	int i;

	(void)state;
	/* The same break reported for two commits of a range. */
	for (i = 0; i < 2; i++) {
		f = vg_findings_add(&list, VG_RULE_FIELD_ADDED, "s", "s", "x",
				    NULL, "uint32", "new field");
		assert_non_null(f);
		assert_int_equal(vg_finding_set(&f->commit, i ? "bbbb" : "aaaa"), 0);
	}
	assert_int_equal(vg_report_fingerprints(&list, &fp), 0);
	assert_string_not_equal(fp[0], fp[1]);
	free(fp);
	vg_findings_release(&list);
}

static void test_codequality(void **state)
{
	static const char *const severities[] = {
		"info", "minor", "major", "critical", "blocker",
	};
	struct vg_findings list = VG_FINDINGS_INIT;
	cJSON *root, *issue;
	char *out;
	int i, j, n;

	(void)state;
	make_findings(&list, 1200);
	vg_findings_sort(&list);
	out = render(vg_report_codequality, &list);
	root = cJSON_Parse(out);
	assert_non_null(root);
	assert_true(cJSON_IsArray(root));
	n = cJSON_GetArraySize(root);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++) {
		const char *sev, *check, *path;
		cJSON *loc;
		int ok = 0;

		issue = cJSON_GetArrayItem(root, i);
		assert_true(strlen(get_str(issue, "description")) > 0);
		check = get_str(issue, "check_name");
		assert_true(vg_rule_by_id(check) >= 0);
		assert_int_equal(strlen(get_str(issue, "fingerprint")), 16);
		sev = get_str(issue, "severity");
		for (j = 0; j < 5; j++)
			ok |= !strcmp(sev, severities[j]);
		assert_true(ok);
		loc = get(issue, "location");
		path = get_str(loc, "path");
		assert_true(get(get(loc, "lines"), "begin")->valueint >= 1);
		for (j = 0; j < i; j++)
			assert_string_not_equal(get_str(cJSON_GetArrayItem(root, j), "fingerprint"),
						get_str(issue, "fingerprint"));

		if (!strcmp(check, "field-removed")) {
			/* No file: the section stands in for the path. */
			assert_string_equal(path, "sysbus-esp");
			assert_string_equal(sev, "critical");
		} else if (!strcmp(check, "subsection-removed")) {
			assert_string_equal(sev, "info"); /* waived */
			assert_non_null(strstr(get_str(issue, "description"), "waived by"));
			assert_int_equal(get(get(loc, "lines"), "begin")->valueint, 1300);
		} else if (!strcmp(check, "field-renamed")) {
			assert_string_equal(path, "hw/scsi/esp.c");
			assert_int_equal(get(get(loc, "lines"), "begin")->valueint, 1200);
		}
	}
	cJSON_Delete(root);
	free(out);
	vg_findings_release(&list);

	out = render(vg_report_codequality, &list);
	root = cJSON_Parse(out);
	assert_non_null(root);
	assert_true(cJSON_IsArray(root));
	assert_int_equal(cJSON_GetArraySize(root), 0);
	cJSON_Delete(root);
	free(out);
}

/*
 * A small XML 1.0 well-formedness checker, enough for what the JUnit view
 * writes: a declaration, nested elements with quoted attributes, text, and
 * the five named entities plus decimal character references. Returns NULL
 * if well-formed, else a description of the first problem.
 */
struct xml_stats {
	int testcases, failures, skipped;
};

static int valid_utf8_and_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return 0;
		if (*p >= 0x80) {
			int n = (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 :
				(*p & 0xf8) == 0xf0 ? 3 : -1;

			if (n < 0 || (*p == 0xc0 || *p == 0xc1))
				return 0;
			while (n--)
				if ((*++p & 0xc0) != 0x80)
					return 0;
		}
	}
	return 1;
}

static const char *check_entity(const char **pp)
{
	static const char *const names[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	const char *p = *pp;
	size_t i;

	for (i = 0; i < 5; i++) {
		if (!strncmp(p, names[i], strlen(names[i]))) {
			*pp = p + strlen(names[i]);
			return NULL;
		}
	}
	if (p[1] == '#' && p[2] >= '0' && p[2] <= '9') {
		p += 2;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == ';') {
			*pp = p + 1;
			return NULL;
		}
	}
	return "bad entity";
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.';
}

static const char *xml_check(const char *doc, struct xml_stats *st)
{
	const char *stack[32];
	size_t lens[32];
	int depth = 0, roots = 0;
	const char *p = doc, *err;

	if (!valid_utf8_and_chars(doc))
		return "invalid UTF-8 or control character";
	if (strncmp(p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38))
		return "no XML declaration";
	p = strstr(p, "?>") + 2;
	while (*p) {
		if (*p == '&') {
			if ((err = check_entity(&p)))
				return err;
		} else if (*p == '>') {
			return "raw > in text"; /* legal, but this writer escapes it */
		} else if (*p != '<') {
			if (!depth && !strchr(" \t\r\n", *p))
				return "text outside the root element";
			p++;
		} else if (p[1] == '/') {
			const char *name = p + 2;
			size_t len = 0;

			while (name_char(name[len]))
				len++;
			if (!depth || len != lens[depth - 1] ||
			    strncmp(name, stack[depth - 1], len) || name[len] != '>')
				return "mismatched end tag";
			depth--;
			p = name + len + 1;
		} else {
			const char *name = p + 1;
			size_t len = 0;

			while (name_char(name[len]))
				len++;
			if (!len)
				return "bad tag name";
			if (!depth && roots++)
				return "two root elements";
			if (len == 8 && !strncmp(name, "testcase", 8))
				st->testcases++;
			if (len == 7 && !strncmp(name, "failure", 7))
				st->failures++;
			if (len == 7 && !strncmp(name, "skipped", 7))
				st->skipped++;
			p = name + len;
			for (;;) {
				while (*p == ' ' || *p == '\n' || *p == '\t')
					p++;
				if (*p == '>' || (p[0] == '/' && p[1] == '>'))
					break;
				if (!name_char(*p))
					return "bad attribute name";
				while (name_char(*p))
					p++;
				if (p[0] != '=' || p[1] != '"')
					return "unquoted attribute";
				p += 2;
				while (*p != '"') {
					if (!*p || *p == '<')
						return "bad attribute value";
					if (*p == '&') {
						if ((err = check_entity(&p)))
							return err;
					} else {
						p++;
					}
				}
				p++;
			}
			if (*p == '/') {
				p += 2;
			} else {
				if (depth == 32)
					return "too deep";
				stack[depth] = name;
				lens[depth++] = len;
				p++;
			}
		}
	}
	return depth ? "unclosed element" : roots ? NULL : "no root element";
}

static size_t attr_num(const char *doc, const char *tag, const char *attr)
{
	const char *p = strstr(doc, tag);
	char key[32];

	assert_non_null(p);
	snprintf(key, sizeof(key), " %s=\"", attr);
	p = strstr(p, key);
	assert_non_null(p);
	return strtoul(p + strlen(key), NULL, 10);
}

static void test_xml_checker(void **state)
{
	struct xml_stats st = { 0, 0, 0 };
	const char *decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
	char buf[256];

	(void)state;
	/* The checker itself must reject what a careless writer produces. */
	snprintf(buf, sizeof(buf), "%s<a x=\"1\"><b/>&amp;</a>", decl);
	assert_null(xml_check(buf, &st));
	snprintf(buf, sizeof(buf), "%s<a>x & y</a>", decl);
	assert_non_null(xml_check(buf, &st));
	snprintf(buf, sizeof(buf), "%s<a x=\"<\"></a>", decl);
	assert_non_null(xml_check(buf, &st));
	snprintf(buf, sizeof(buf), "%s<a x=\"\"\"></a>", decl);
	assert_non_null(xml_check(buf, &st));
	snprintf(buf, sizeof(buf), "%s<a><b></a></b>", decl);
	assert_non_null(xml_check(buf, &st));
	snprintf(buf, sizeof(buf), "%s<a>\x01</a>", decl);
	assert_non_null(xml_check(buf, &st));
	snprintf(buf, sizeof(buf), "%s<a>\xff</a>", decl);
	assert_non_null(xml_check(buf, &st));
}

static void test_junit(void **state)
{
	struct vg_findings list = VG_FINDINGS_INIT;
	struct xml_stats st = { 0, 0, 0 };
	const char *err;
	char *out;

	(void)state;
	make_findings(&list, 1200);
	vg_findings_sort(&list);
	out = render(vg_report_junit, &list);
	err = xml_check(out, &st);
	if (err)
		fail_msg("not well-formed: %s\n%s", err, out);
	/* The tricky message survives, escaped. */
	assert_non_null(strstr(out, "&lt;x&gt; &amp; &quot;y&quot; &apos;z&apos;"));
	assert_null(strstr(out, "<x>"));
	assert_non_null(strstr(out, "name=\"vmstate-gate check\""));
	/* summary + places (sysbus-esp section, esp.c, the odd file) + 4 findings */
	assert_int_equal(st.testcases, 1 + 3 + 4);
	assert_int_equal(attr_num(out, "<testsuite ", "tests"), (size_t)st.testcases);
	assert_int_equal(attr_num(out, "<testsuite ", "failures"), (size_t)st.failures);
	assert_int_equal(attr_num(out, "<testsuite ", "skipped"), (size_t)st.skipped);
	/* field-removed and its section; waiver-malformed and its file */
	assert_int_equal(st.failures, 4);
	assert_int_equal(st.skipped, 1);
	assert_non_null(strstr(out, "<skipped message=\"waived by Migration-Break: esp/pdma"));
	assert_non_null(strstr(out, "name=\"section sysbus-esp\""));
	assert_non_null(strstr(out, "name=\"file hw/scsi/esp.c\""));
	/* The text report goes to the suite's system-out, infos included. */
	assert_non_null(strstr(out, "field renamed [field-renamed]"));
	free(out);
	vg_findings_release(&list);
}

static void test_junit_nothing_compared(void **state)
{
	struct vg_findings list = VG_FINDINGS_INIT;
	struct xml_stats st = { 0, 0, 0 };
	char *out;

	(void)state;
	out = render(vg_report_junit, &list);
	assert_null(xml_check(out, &st));
	assert_int_equal(st.testcases, 1);
	assert_int_equal(st.failures, 1);
	assert_non_null(strstr(out, "nothing was compared"));
	free(out);

	list.sections_compared = 12;
	st.testcases = st.failures = st.skipped = 0;
	out = render(vg_report_junit, &list);
	assert_null(xml_check(out, &st));
	assert_int_equal(st.testcases, 1);
	assert_int_equal(st.failures, 0);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_sarif_input_file),
		cmocka_unit_test(test_sarif_empty),
		cmocka_unit_test(test_fingerprints_repeat),
		cmocka_unit_test(test_codequality),
		cmocka_unit_test(test_xml_checker),
		cmocka_unit_test(test_junit),
		cmocka_unit_test(test_junit_nothing_compared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
