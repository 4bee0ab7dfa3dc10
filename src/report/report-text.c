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

static void put_upper(struct vg_buf *out, const char *s)
{
	for (; *s; s++) {
		char u = (char)toupper((unsigned char)*s);

		vg_buf_add(out, &u, 1);
	}
}

static int text_line(FILE *out, const struct vg_finding *f)
{
	char *head = vg_report_headline(f);
	const char *msg;
	struct vg_buf b = VG_BUF_INIT;
	int ret;

	if (!head)
		return -1;
	/* The headline is "SECTION: PATH: message": put the severity before the message. */
	msg = head + strlen(head) - strlen(f->message ? f->message : "");
	if (f->commit)
		vg_buf_printf(&b, "%.12s: ", f->commit);
	vg_report_add_place(&b, f);
	vg_buf_printf(&b, "%.*s", (int)(msg - head), head);
	put_upper(&b, vg_severity_name(f->severity));
	vg_buf_printf(&b, ": %s", msg);
	/* Dump findings of the gate say which machine types show them. */
	if (f->machine)
		vg_buf_printf(&b, " (on %s)", f->machine);
	vg_buf_printf(&b, " [%s]", vg_rule_info(f->rule)->id);
	if (f->waived_by)
		vg_buf_printf(&b, " (waived by %s)", f->waived_by);
	if (f->confirmed)
		vg_buf_printf(&b, " (%s by a migration%s%s)", vg_confirm_name(f->confirmed),
			      f->confirm_message ? ": " : "",
			      f->confirm_message ? f->confirm_message : "");
	/* Trailers, dump names, subjects and QEMU's messages are untrusted: no raw controls. */
	ret = b.failed ? -1 : vg_report_put_safe(out, b.buf);
	fputc('\n', out);
	vg_buf_release(&b);
	free(head);
	return ret;
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
