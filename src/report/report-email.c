/*
 * The review views of a patch series: the plain-text reply for the list
 * (review --email) and the trailer advice under the text report.
 */
#include "report/report.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Findings of one patch (label), or of the series as a whole (NULL). */
static int of_patch(const struct vg_finding *f, const char *label)
{
	return label ? f->commit && !strcmp(f->commit, label) : !f->commit;
}

static void counts(const struct vg_findings *list, const char *label, size_t *errors,
		   size_t *warnings, size_t *waived)
{
	size_t i;

	*errors = *warnings = *waived = 0;
	for (i = 0; i < list->nr; i++) {
		const struct vg_finding *f = &list->items[i];

		if (!of_patch(f, label))
			continue;
		if (f->waived_by)
			(*waived)++;
		else if (f->severity == VG_SEV_ERROR)
			(*errors)++;
		else if (f->severity == VG_SEV_WARNING)
			(*warnings)++;
	}
}

/* "1 error, 2 warnings (1 waived)" or "no migration break". */
static char *verdict(const struct vg_findings *list, const char *label)
{
	size_t e, w, v;
	struct vg_buf b = VG_BUF_INIT;

	counts(list, label, &e, &w, &v);
	if (e)
		vg_buf_printf(&b, "%zu error%s", e, e == 1 ? "" : "s");
	if (w)
		vg_buf_printf(&b, "%s%zu warning%s", b.len ? ", " : "", w, w == 1 ? "" : "s");
	if (v)
		vg_buf_printf(&b, "%s%zu waived", b.len ? ", " : "", v);
	if (!b.len)
		vg_buf_puts(&b, "no migration break");
	return vg_buf_detach(&b);
}

/* Print words of text at indent, wrapped at 76 columns. */
static void wrap(FILE *out, const char *text, int indent, int cont_indent)
{
	const char *p = text;
	int col = 0, first = 1;

	while (*p) {
		const char *w = p;
		int n;

		while (*p && *p != ' ')
			p++;
		n = (int)(p - w);
		if (first) {
			col = fprintf(out, "%*s%.*s", indent, "", n, w);
			first = 0;
		} else if (col + 1 + n > 76) {
			col = fprintf(out, "\n%*s%.*s", cont_indent, "", n, w) - 1;
		} else {
			col += fprintf(out, " %.*s", n, w);
		}
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

static void email_findings(FILE *out, const struct vg_findings *list, const char *label,
			   int verbose)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		const struct vg_finding *f = &list->items[i];
		char *head;
		struct vg_buf b = VG_BUF_INIT;

		if (!of_patch(f, label) || (f->severity == VG_SEV_INFO && !verbose))
			continue;
		head = vg_report_headline(f);
		vg_report_add_place(&b, f);
		vg_buf_printf(&b, "%s: %s [%s]", vg_severity_name(f->severity),
			      head ? head : "", vg_rule_info(f->rule)->id);
		if (f->waived_by)
			vg_buf_printf(&b, " (waived by %s)", f->waived_by);
		if (b.buf) {
			char *safe = vg_report_safe(b.buf, 0);

			if (safe)
				wrap(out, safe, 2, 6);
			free(safe);
		}
		vg_buf_release(&b);
		free(head);
	}
}

/*
 * The usual ways to keep a stream compatible instead of breaking it, by
 * rule. Facts of QEMU's migration format (docs/devel/migration/main.rst:
 * subsections and .needed, compatibility properties and hw_compat_X_Y;
 * include/migration/vmstate.h: VMSTATE_UNUSED), in our words.
 */
static const struct {
	const char *rule, *hint;
} fix_hints[] = {
	{ "field-removed", "to keep the stream as it was, put VMSTATE_UNUSED(N) in the removed "
	  "field's place, N its size on the wire: the source sends N bytes, the destination "
	  "skips them" },
	{ "field-size-changed", "to keep the stream as it was, keep the old field's size on the "
	  "wire and send what no longer fits in a subsection (see below)" },
	{ "field-added", "instead of changing the section's fields or bumping version_id, send "
	  "the new state in a subsection whose .needed returns false when a machine compat "
	  "property says so (the property turned off for older machine types in "
	  "hw_compat_X_Y), so that older machine types keep the old stream" },
	{ "field-inserted", NULL },
	{ "field-added-versioned", NULL },
	{ "version-bumped", NULL },
	{ "minimum-version-raised", NULL },
	{ "subsection-added", NULL },
	{ "subsection-removed", "keep the subsection loadable (its .needed may return false on "
	  "the source): a source that still sends it fails on a destination without it" },
};

/* The hint for a rule ("NULL" entries share the one above them). */
static const char *fix_hint(const char *rule)
{
	size_t i;

	for (i = 0; i < VG_ARRAY_SIZE(fix_hints); i++)
		if (!strcmp(fix_hints[i].rule, rule)) {
			while (!fix_hints[i].hint)
				i--;
			return fix_hints[i].hint;
		}
	return NULL;
}

/* The hints for the unwaived errors of a patch (label), each once. */
static void put_fix_hints(FILE *out, const struct vg_findings *list, const char *label,
			  const char *indent)
{
	const char *done[VG_ARRAY_SIZE(fix_hints)];
	size_t i, k, nr = 0;

	for (i = 0; i < list->nr; i++) {
		const struct vg_finding *f = &list->items[i];
		const char *hint;
		int seen = 0;

		if (!of_patch(f, label) || f->waived_by || f->severity != VG_SEV_ERROR ||
		    !(hint = fix_hint(vg_rule_info(f->rule)->id)))
			continue;
		for (k = 0; k < nr && !seen; k++)
			seen = done[k] == hint;
		if (seen || nr == VG_ARRAY_SIZE(done))
			continue;
		done[nr++] = hint;
		if (nr == 1)
			fprintf(out, "%sOr, to keep migration working:\n", indent);
		{
			char *item = vg_asprintf("- %s.", hint);

			if (item)
				wrap(out, item, (int)strlen(indent) + 2, (int)strlen(indent) + 4);
			free(item);
		}
	}
}

/* Does the message of a patch state a migration break with no trailer? */
static int states_break(const struct vg_findings *list, const char *label)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		if (of_patch(&list->items[i], label) &&
		    list->items[i].rule == VG_RULE_WAIVER_SUGGESTED)
			return 1;
	return 0;
}

/* "[PATCH 2/3] title", from the mail: untrusted, so without raw controls. */
static void put_patch(FILE *out, const struct vg_review_patch *pt)
{
	vg_report_put_safe(out, pt->tag);
	fputc(' ', out);
	vg_report_put_safe(out, pt->title);
}

/* Trailer lines (a section name may come from anywhere): controls escaped. */
static void put_lines(FILE *out, const char *lines)
{
	char *safe = vg_report_safe(lines, 1);

	if (safe)
		fputs(safe, out);
	free(safe);
}

static void email_advice(FILE *out, const struct vg_findings *list, const char *label,
			 const char *lines)
{
	if (states_break(list, label))
		fputs("  The message says this breaks migration, but has no Migration-Break\n"
		      "  trailer.\n", out);
	if (lines && *lines) {
		fputs("  If the break is deliberate, add to the commit message\n"
		      "  (replace <reason>):\n    ", out);
		put_lines(out, lines);
		fputc('\n', out);
	}
}

int vg_report_email(FILE *out, const struct vg_review *s, const struct vg_findings *list)
{
	size_t i, e, w, v;
	char *vd;

	fprintf(out, "vmstate-gate review: %zu patch%s on %s", s->nr, s->nr == 1 ? "" : "es",
		s->base);
	if (s->baseline)
		fprintf(out, ", baseline %s", s->baseline);
	fputs("\n\n", out);
	for (i = 0; i < s->nr; i++) {
		const struct vg_review_patch *pt = &s->patches[i];

		if (!(vd = verdict(list, pt->label)))
			return -1;
		put_patch(out, pt);
		fprintf(out, ": %s\n", vd);
		free(vd);
	}
	counts(list, NULL, &e, &w, &v);
	if (e + w + v) {
		if (!(vd = verdict(list, NULL)))
			return -1;
		fprintf(out, "The series as a whole: %s\n", vd);
		free(vd);
	}
	for (i = 0; i <= s->nr; i++) {
		const char *label = i < s->nr ? s->patches[i].label : NULL;

		counts(list, label, &e, &w, &v);
		if (!(e + w + v))
			continue;
		if (i < s->nr) {
			fputc('\n', out);
			put_patch(out, &s->patches[i]);
			fputc('\n', out);
		} else {
			fputs("\nThe series as a whole\n", out);
		}
		email_findings(out, list, label, s->verbose);
		email_advice(out, list, label, i < s->nr ? s->patches[i].advice : s->series_advice);
		put_fix_hints(out, list, label, "  ");
	}
	counts(list, NULL, &e, &w, &v);
	fprintf(out, "\n%s\n", vg_findings_count(list, VG_SEV_ERROR) ?
		"Unwaived migration breaks: a deliberate break needs a Migration-Break\n"
		"trailer saying why." : "No unwaived migration break.");
	return 0;
}

/* Text: the trailer lines that waive the unwaived errors, per patch. */
int vg_report_review_advice(FILE *out, const struct vg_review *s, const struct vg_findings *list)
{
	size_t i;
	int printed = 0;

	for (i = 0; i <= s->nr; i++) {
		const char *label = i < s->nr ? s->patches[i].label : NULL;
		const char *lines = i < s->nr ? s->patches[i].advice : s->series_advice;
		size_t e, w, v;

		counts(list, label, &e, &w, &v);
		if (!e)
			continue;
		if (!printed++)
			fprintf(out, "\nIf the break is deliberate, say why in a trailer at the end "
				     "of the commit message (replace <reason>):\n");
		if (label) {
			fputs("  in ", out);
			put_patch(out, &s->patches[i]);
			fputs(":\n", out);
		} else {
			fprintf(out, "  for the series as a whole:\n");
		}
		if (states_break(list, label))
			fputs("    (the message says this breaks migration, but has no "
			      "Migration-Break trailer)\n", out);
		fputs("    ", out);
		put_lines(out, lines && *lines ? lines : s->grammar);
		fputc('\n', out);
		put_fix_hints(out, list, label, "    ");
	}
	return 0;
}


/* One unwaived error or warning as checkpatch prints it: FILE:LINE: ERROR: ... */
static void checkpatch_line(FILE *out, const struct vg_finding *f)
{
	char *head = vg_report_headline(f);
	struct vg_buf b = VG_BUF_INIT;

	vg_report_add_place(&b, f);
	vg_buf_printf(&b, "%s: %s [%s]", f->severity == VG_SEV_ERROR ? "ERROR" : "WARNING",
		      head ? head : "", vg_rule_info(f->rule)->id);
	if (!b.failed)
		vg_report_put_safe(out, b.buf);
	fputc('\n', out);
	vg_buf_release(&b);
	free(head);
}

int vg_report_checkpatch(FILE *out, const struct vg_review *s, const struct vg_findings *list,
			 unsigned flags)
{
	size_t i, e = 0, w = 0;

	for (i = 0; i < list->nr; i++) {
		const struct vg_finding *f = &list->items[i];

		if (f->waived_by || f->severity == VG_SEV_INFO)
			continue;
		if (f->severity == VG_SEV_ERROR)
			e++;
		else
			w++;
		checkpatch_line(out, f);
	}
	if (!(e + w) && (flags & VG_CHECKPATCH_MAILBACK))
		return 0;
	if (!(flags & VG_CHECKPATCH_QUIET) && e && vg_report_review_advice(out, s, list) < 0)
		return -1;
	if (!(flags & VG_CHECKPATCH_NO_SUMMARY))
		fprintf(out, "%stotal: %zu error%s, %zu warning%s\n", e + w ? "\n" : "", e,
			e == 1 ? "" : "s", w, w == 1 ? "" : "s");
	if (!(e + w) && !(flags & VG_CHECKPATCH_QUIET))
		fputs("no migration break\n", out);
	return 0;
}
