#include "report/report.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/*
 * checkpatch-like lines, one per finding:
 *   FILE:LINE: ERROR: message [rule-id]           (source level)
 *   SECTION: PATH: ERROR: message [rule-id]       (dump level)
 * Info findings are printed only with -v; waived ones say so.
 */

static void put_upper(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(toupper((unsigned char)*s), out);
}

static int text_line(FILE *out, const struct vg_finding *f)
{
	char *head = vg_report_headline(f);
	const char *msg;

	if (!head)
		return -1;
	/* The headline is "SECTION: PATH: message": put the severity before the message. */
	msg = head + strlen(head) - strlen(f->message ? f->message : "");
	if (f->commit)
		fprintf(out, "%.12s: ", f->commit);
	if (f->file)
		fprintf(out, "%s:%u: ", f->file, f->line);
	else if (f->old_file)
		fprintf(out, "%s:%u: ", f->old_file, f->old_line);
	fprintf(out, "%.*s", (int)(msg - head), head);
	put_upper(out, vg_severity_name(f->severity));
	fprintf(out, ": %s [%s]", msg, vg_rule_info(f->rule)->id);
	if (f->waived_by)
		fprintf(out, " (waived by %s)", f->waived_by);
	if (f->confirmed)
		fprintf(out, " (%s by a migration%s%s)", vg_confirm_name(f->confirmed),
			f->confirm_message ? ": " : "",
			f->confirm_message ? f->confirm_message : "");
	fputc('\n', out);
	free(head);
	return 0;
}

int vg_report_text(FILE *out, const struct vg_findings *list,
		   const struct vg_report_opts *opts)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		const struct vg_finding *f = &list->items[i];

		if (f->severity == VG_SEV_INFO && !(opts && opts->verbose))
			continue;
		if (text_line(out, f) < 0)
			return -1;
	}
	return vg_report_summary(out, list);
}
