#include "report/report.h"
#include "core/util.h"
#include "core/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * JUnit XML, the test report every CI reads:
 *
 *   <testsuites name="vmstate-gate" tests failures errors skipped>
 *    <testsuite name="vmstate-gate COMMAND" ...>
 *     <properties> the summary counts </properties>
 *     <testcase classname="vmstate-gate.COMMAND" name="summary: ..."/>
 *     <testcase ... name="section S" | "file F"/>  one per place with findings
 *     <testcase ... name="RULE: where"/>            one per finding
 *     <system-out> the text report, info findings included </system-out>
 *    </testsuite>
 *   </testsuites>
 *
 * An unwaived error is a <failure> (of its own testcase and of its place's);
 * a waived finding is <skipped> with the waiver; warnings and infos pass
 * and say so in their <system-out>. The summary testcase fails when nothing
 * at all was compared: a run that compared nothing is not a pass.
 * Text is valid XML 1.0: markup characters are escaped, characters XML
 * forbids and invalid UTF-8 become U+FFFD. Built in memory, written at once.
 */

/* Decode one UTF-8 character at s; returns its length, or 0 if invalid. */
static size_t utf8_char(const unsigned char *s, unsigned long *cp)
{
	size_t n, i;
	unsigned long c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static int xml_char_ok(unsigned long c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	       (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/* Append s escaped for XML; in attributes also keep tabs and newlines. */
static void xml_escape(struct vg_buf *b, const char *str, int attr)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		unsigned long c;
		size_t n = utf8_char(s, &c);

		if (!n || !xml_char_ok(c)) {
			vg_buf_puts(b, "\xef\xbf\xbd"); /* U+FFFD */
			s += n ? n : 1;
			continue;
		}
		switch (c) {
		case '&': vg_buf_puts(b, "&amp;"); break;
		case '<': vg_buf_puts(b, "&lt;"); break;
		case '>': vg_buf_puts(b, "&gt;"); break;
		case '"': vg_buf_puts(b, "&quot;"); break;
		case '\'': vg_buf_puts(b, "&apos;"); break;
		case '\r': vg_buf_puts(b, "&#13;"); break;
		case '\n': vg_buf_puts(b, attr ? "&#10;" : "\n"); break;
		case '\t': vg_buf_puts(b, attr ? "&#9;" : "\t"); break;
		default: vg_buf_add(b, (const char *)s, n); break;
		}
		s += n;
	}
}

static void xml_attr(struct vg_buf *b, const char *name, const char *val)
{
	vg_buf_printf(b, " %s=\"", name);
	xml_escape(b, val, 1);
	vg_buf_puts(b, "\"");
}

static void xml_attr_num(struct vg_buf *b, const char *name, size_t val)
{
	vg_buf_printf(b, " %s=\"%zu\"", name, val);
}

/* Where a finding is: its file (new side, else old side), else its section. */
static const char *finding_place(const struct vg_finding *f, int *is_file)
{
	*is_file = f->file || f->old_file;
	if (f->file)
		return f->file;
	if (f->old_file)
		return f->old_file;
	return f->section ? f->section : "(no section)";
}

static int unwaived_error(const struct vg_finding *f)
{
	return f->severity == VG_SEV_ERROR && !f->waived_by;
}

/* "commit: file:line: headline" without severity; NULL on failure. */
static char *finding_where(const struct vg_finding *f)
{
	struct vg_buf b = VG_BUF_INIT;
	char *head = vg_report_headline(f);

	if (!head)
		return NULL;
	vg_buf_printf(&b, "%s: ", vg_rule_info(f->rule)->id);
	if (f->commit)
		vg_buf_printf(&b, "%.12s: ", f->commit);
	vg_report_add_place(&b, f);
	if (f->machine)
		vg_buf_printf(&b, "[%s] ", f->machine);
	vg_buf_puts(&b, head);
	free(head);
	return vg_buf_detach(&b);
}

/* The details of a finding, one "key: value" per line. */
static void finding_details(struct vg_buf *b, const struct vg_finding *f)
{
	char *path = vg_finding_path(f);

	vg_buf_printf(b, "rule: %s\nseverity: %s\n", vg_rule_info(f->rule)->id,
		      vg_severity_name(f->severity));
	if (f->section)
		vg_buf_printf(b, "section: %s\n", f->section);
	if (path && *path)
		vg_buf_printf(b, "path: %s\n", path);
	if (!path)
		b->failed = 1;
	vg_buf_printf(b, "message: %s\n", f->message ? f->message : "");
	if (f->old_value)
		vg_buf_printf(b, "old: %s\n", f->old_value);
	if (f->new_value)
		vg_buf_printf(b, "new: %s\n", f->new_value);
	if (f->file)
		vg_buf_printf(b, "file: %s:%u\n", f->file, f->line);
	if (f->old_file)
		vg_buf_printf(b, "old_file: %s:%u\n", f->old_file, f->old_line);
	if (f->commit)
		vg_buf_printf(b, "commit: %s\n", f->commit);
	if (f->machine)
		vg_buf_printf(b, "machine: %s\n", f->machine);
	if (f->waived_by)
		vg_buf_printf(b, "waived by: %s\n", f->waived_by);
	if (f->waiver_reason)
		vg_buf_printf(b, "waiver reason: %s\n", f->waiver_reason);
	free(path);
}

struct junit_counts {
	size_t tests, failures, skipped;
};

/* A scratch buffer that is escaped into b as element text. */
static void xml_text_of(struct vg_buf *b, struct vg_buf *scratch)
{
	if (scratch->failed)
		b->failed = 1;
	else
		xml_escape(b, scratch->buf, 0);
	vg_buf_release(scratch);
}

static void finding_case(struct vg_buf *b, const char *classname,
			 const struct vg_finding *f, struct junit_counts *n)
{
	struct vg_buf details = VG_BUF_INIT;
	char *name = finding_where(f);

	if (!name) {
		b->failed = 1;
		return;
	}
	finding_details(&details, f);
	n->tests++;
	vg_buf_puts(b, "  <testcase");
	xml_attr(b, "classname", classname);
	xml_attr(b, "name", name);
	vg_buf_puts(b, ">\n");
	if (f->waived_by) {
		char *why = vg_asprintf("waived by %s", f->waived_by);

		if (!why)
			b->failed = 1;
		n->skipped++;
		vg_buf_puts(b, "   <skipped");
		xml_attr(b, "message", why);
		vg_buf_puts(b, "/>\n");
		free(why);
	} else if (unwaived_error(f)) {
		n->failures++;
		vg_buf_puts(b, "   <failure");
		xml_attr(b, "type", vg_rule_info(f->rule)->id);
		xml_attr(b, "message", f->message);
		vg_buf_puts(b, ">");
		xml_text_of(b, &details);
		vg_buf_puts(b, "</failure>\n");
	}
	if (details.buf || details.failed) {
		vg_buf_puts(b, "   <system-out>");
		xml_text_of(b, &details);
		vg_buf_puts(b, "</system-out>\n");
	}
	vg_buf_puts(b, "  </testcase>\n");
	free(name);
}

/* One testcase per place (file or section) that has findings. */
static void place_cases(struct vg_buf *b, const char *classname,
			const struct vg_findings *list, struct junit_counts *n)
{
	size_t i, j;

	for (i = 0; i < list->nr; i++) {
		struct vg_buf lines = VG_BUF_INIT;
		int is_file, other_is_file, seen = 0;
		const char *place = finding_place(&list->items[i], &is_file);
		size_t errors = 0;

		for (j = 0; j < i && !seen; j++)
			seen = !strcmp(finding_place(&list->items[j], &other_is_file), place) &&
			       other_is_file == is_file;
		if (seen)
			continue;
		for (j = i; j < list->nr; j++) {
			const struct vg_finding *f = &list->items[j];
			char *line;

			if (strcmp(finding_place(f, &other_is_file), place) ||
			    other_is_file != is_file)
				continue;
			line = finding_where(f);
			if (!line)
				lines.failed = 1;
			vg_buf_printf(&lines, "%s: %s%s\n", vg_severity_name(f->severity),
				      line ? line : "", f->waived_by ? " (waived)" : "");
			free(line);
			errors += unwaived_error(f);
		}
		n->tests++;
		vg_buf_puts(b, "  <testcase");
		xml_attr(b, "classname", classname);
		vg_buf_printf(b, " name=\"%s ", is_file ? "file" : "section");
		xml_escape(b, place, 1);
		vg_buf_puts(b, "\">\n");
		if (errors) {
			n->failures++;
			vg_buf_printf(b, "   <failure type=\"migration-break\" "
					 "message=\"%zu unwaived error%s\">", errors,
				      errors == 1 ? "" : "s");
			vg_buf_puts(b, "see the findings below</failure>\n");
		}
		vg_buf_puts(b, "   <system-out>");
		xml_text_of(b, &lines);
		vg_buf_puts(b, "</system-out>\n  </testcase>\n");
	}
}

static void summary_case(struct vg_buf *b, const char *classname,
			 const struct vg_findings *list, struct junit_counts *n)
{
	int nothing = !list->sections_compared && !list->descriptions_compared &&
		      !list->files_scanned && !list->commits_checked;

	n->tests++;
	vg_buf_puts(b, "  <testcase");
	xml_attr(b, "classname", classname);
	vg_buf_printf(b, " name=\"summary: %zu sections, %zu descriptions, "
			 "%zu files, %zu commits\">\n",
		      list->sections_compared, list->descriptions_compared,
		      list->files_scanned, list->commits_checked);
	if (nothing) {
		n->failures++;
		vg_buf_puts(b, "   <failure type=\"nothing-compared\" "
			       "message=\"nothing was compared\">a run that "
			       "compared nothing is not a pass</failure>\n");
	}
	vg_buf_puts(b, "  </testcase>\n");
}

/* The text view (info findings included) for the suite's system-out. */
static int text_report(const struct vg_findings *list,
		       const struct vg_report_opts *opts, struct vg_buf *out)
{
	struct vg_report_opts topts = { NULL, 1, NULL };
	char *mem = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	if (opts)
		topts = *opts;
	topts.verbose = 1;
	f = open_memstream(&mem, &len);
	if (!f)
		return vg_error("out of memory building the JUnit report");
	ret = vg_report_text(f, list, &topts);
	if (fclose(f) || ret < 0 || !mem)
		ret = -1;
	if (!ret && vg_buf_add(out, mem, len) < 0)
		ret = -1;
	free(mem);
	return ret;
}

static void property(struct vg_buf *b, const char *name, const char *value)
{
	vg_buf_puts(b, "   <property");
	xml_attr(b, "name", name);
	xml_attr(b, "value", value);
	vg_buf_puts(b, "/>\n");
}

static void property_num(struct vg_buf *b, const char *name, size_t value)
{
	char num[32];

	snprintf(num, sizeof(num), "%zu", value);
	property(b, name, num);
}

int vg_report_junit(FILE *out, const struct vg_findings *list,
		    const struct vg_report_opts *opts)
{
	struct vg_buf cases = VG_BUF_INIT, doc = VG_BUF_INIT, text = VG_BUF_INIT;
	struct junit_counts n = { 0, 0, 0 };
	const char *command = opts && opts->command ? opts->command : "report";
	char *classname = vg_asprintf("vmstate-gate.%s", command);
	char *suite = vg_asprintf("vmstate-gate %s", command);
	size_t i;
	int ret = -1;

	if (!classname || !suite || text_report(list, opts, &text) < 0)
		goto done;
	summary_case(&cases, classname, list, &n);
	place_cases(&cases, classname, list, &n);
	for (i = 0; i < list->nr; i++)
		finding_case(&cases, classname, &list->items[i], &n);

	vg_buf_puts(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	xml_attr(&doc, "name", "vmstate-gate");
	xml_attr_num(&doc, "tests", n.tests);
	xml_attr_num(&doc, "failures", n.failures);
	xml_attr_num(&doc, "errors", 0);
	xml_attr_num(&doc, "skipped", n.skipped);
	vg_buf_puts(&doc, ">\n <testsuite");
	xml_attr(&doc, "name", suite);
	xml_attr_num(&doc, "tests", n.tests);
	xml_attr_num(&doc, "failures", n.failures);
	xml_attr_num(&doc, "errors", 0);
	xml_attr_num(&doc, "skipped", n.skipped);
	vg_buf_puts(&doc, ">\n  <properties>\n");
	property(&doc, "version", VG_VERSION);
	if (opts && opts->subject)
		property(&doc, "subject", opts->subject);
	property_num(&doc, "sections_compared", list->sections_compared);
	property_num(&doc, "descriptions_compared", list->descriptions_compared);
	property_num(&doc, "files_scanned", list->files_scanned);
	property_num(&doc, "commits_checked", list->commits_checked);
	property_num(&doc, "errors", vg_findings_count(list, VG_SEV_ERROR));
	property_num(&doc, "warnings", vg_findings_count(list, VG_SEV_WARNING));
	property_num(&doc, "infos", vg_findings_count(list, VG_SEV_INFO));
	property_num(&doc, "waived", vg_findings_waived(list));
	vg_buf_puts(&doc, "  </properties>\n");
	if (cases.failed)
		goto done;
	vg_buf_add(&doc, cases.buf, cases.len);
	vg_buf_puts(&doc, "  <system-out>");
	xml_escape(&doc, text.buf, 0);
	vg_buf_puts(&doc, "</system-out>\n </testsuite>\n</testsuites>\n");
	if (doc.failed)
		goto done;
	fwrite(doc.buf, 1, doc.len, out);
	ret = 0;
done:
	if (ret)
		vg_error("out of memory building the JUnit report");
	free(classname);
	free(suite);
	vg_buf_release(&cases);
	vg_buf_release(&doc);
	vg_buf_release(&text);
	return ret;
}
