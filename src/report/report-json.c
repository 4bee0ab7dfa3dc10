#include "report/report.h"
#include "report/report-cjson.h"
#include "core/util.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

/*
 * {"findings": [{rule, severity, section, path, message, old, new, file,
 *   line, old_file, old_line, commit, machine, waived}], "summary": {...}}
 * Keys with no value are left out; "waived" is false or {by, reason}.
 * compare --confirm adds "confirmed" (true|false), "confirmation" and
 * "confirm_message" to the findings it migrated.
 * review adds "patch" {number, total, subject, message_id} to each finding
 * of a patch, and "base", "baseline", "suggested_trailers" [{patch,
 * trailer}] (patch null: the series as a whole) and "skipped" at the top.
 * The layout is documented in README.md and vmstate-gate(1).
 */

static int add_waiver(cJSON *obj, const struct vg_finding *f)
{
	cJSON *w;

	if (!f->waived_by)
		return cJSON_AddFalseToObject(obj, "waived") ? 0 : -1;
	w = cJSON_AddObjectToObject(obj, "waived");
	if (!w || vg_json_add_str(w, "by", f->waived_by) < 0 ||
	    vg_json_add_str(w, "reason", f->waiver_reason) < 0)
		return -1;
	return 0;
}

/* compare --confirm: "confirmed": true|false, "confirmation", "confirm_message". */
static int add_confirmation(cJSON *obj, const struct vg_finding *f)
{
	if (!f->confirmed)
		return 0;
	if (!cJSON_AddBoolToObject(obj, "confirmed", f->confirmed == VG_CONFIRM_YES) ||
	    vg_json_add_str(obj, "confirmation", vg_confirm_name(f->confirmed)) < 0 ||
	    vg_json_add_str(obj, "confirm_message", f->confirm_message) < 0)
		return -1;
	return 0;
}

cJSON *vg_json_finding(const struct vg_finding *f)
{
	cJSON *obj = cJSON_CreateObject();
	char *path = vg_finding_path(f);
	int err = !obj || !path;

	err = err || vg_json_add_str(obj, "rule", vg_rule_info(f->rule)->id) < 0;
	err = err || vg_json_add_str(obj, "severity", vg_severity_name(f->severity)) < 0;
	err = err || vg_json_add_str(obj, "section", f->section) < 0;
	err = err || vg_json_add_str(obj, "path", path) < 0;
	err = err || vg_json_add_str(obj, "message", f->message) < 0;
	err = err || vg_json_add_str(obj, "old", f->old_value) < 0;
	err = err || vg_json_add_str(obj, "new", f->new_value) < 0;
	if (f->file) {
		err = err || vg_json_add_str(obj, "file", f->file) < 0;
		err = err || vg_json_add_num(obj, "line", f->line) < 0;
	}
	if (f->old_file) {
		err = err || vg_json_add_str(obj, "old_file", f->old_file) < 0;
		err = err || vg_json_add_num(obj, "old_line", f->old_line) < 0;
	}
	err = err || vg_json_add_str(obj, "commit", f->commit) < 0;
	err = err || vg_json_add_str(obj, "machine", f->machine) < 0;
	err = err || add_waiver(obj, f) < 0;
	err = err || add_confirmation(obj, f) < 0;
	free(path);
	if (err) {
		cJSON_Delete(obj);
		vg_error("out of memory building the JSON report");
		return NULL;
	}
	return obj;
}

static int summary_json(cJSON *root, const struct vg_findings *list)
{
	cJSON *s = cJSON_AddObjectToObject(root, "summary");

	if (!s)
		return -1;
	if (vg_json_add_num(s, "sections_compared", (double)list->sections_compared) < 0 ||
	    vg_json_add_num(s, "descriptions_compared", (double)list->descriptions_compared) < 0 ||
	    vg_json_add_num(s, "files_scanned", (double)list->files_scanned) < 0 ||
	    vg_json_add_num(s, "commits_checked", (double)list->commits_checked) < 0 ||
	    vg_json_add_num(s, "errors", (double)vg_findings_count(list, VG_SEV_ERROR)) < 0 ||
	    vg_json_add_num(s, "warnings", (double)vg_findings_count(list, VG_SEV_WARNING)) < 0 ||
	    vg_json_add_num(s, "infos", (double)vg_findings_count(list, VG_SEV_INFO)) < 0 ||
	    vg_json_add_num(s, "waived", (double)vg_findings_waived(list)) < 0)
		return -1;
	return 0;
}

/* The review patch a finding belongs to (its commit is the patch's label). */
static const struct vg_review_patch *patch_of(const struct vg_review *rv, const char *label)
{
	size_t i;

	for (i = 0; rv && label && i < rv->nr; i++)
		if (rv->patches[i].label && !strcmp(rv->patches[i].label, label))
			return &rv->patches[i];
	return NULL;
}

static int add_patch(cJSON *obj, const struct vg_review_patch *pt)
{
	cJSON *p = cJSON_AddObjectToObject(obj, "patch");

	if (!p || vg_json_add_num(p, "number", pt->nr) < 0 ||
	    vg_json_add_num(p, "total", pt->total) < 0 ||
	    vg_json_add_str(p, "subject", pt->title) < 0 ||
	    vg_json_add_str(p, "message_id", pt->message_id && *pt->message_id ?
					      pt->message_id : NULL) < 0)
		return -1;
	return 0;
}

/* One {patch, trailer} per line of advice ("\n    " between lines). */
static int add_trailers(cJSON *arr, const struct vg_review_patch *pt, const char *lines)
{
	const char *p = lines;

	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		cJSON *t = cJSON_CreateObject();
		char *line = vg_strndup(p, n);
		int err = !t || !line;

		if (t)
			cJSON_AddItemToArray(arr, t);
		err = err || (pt ? vg_json_add_num(t, "patch", pt->nr) < 0
				 : !cJSON_AddNullToObject(t, "patch"));
		err = err || vg_json_add_str(t, "trailer", line) < 0;
		free(line);
		if (err)
			return -1;
		p = e ? e + 1 : p + n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* review: the base, the baseline, the patches skipped and the trailers to add. */
static int review_json(cJSON *root, const struct vg_review *rv)
{
	cJSON *arr;
	size_t i;

	if (vg_json_add_str(root, "base", rv->base) < 0)
		return -1;
	if (rv->baseline ? vg_json_add_str(root, "baseline", rv->baseline) < 0
			 : !cJSON_AddNullToObject(root, "baseline"))
		return -1;
	if (!(arr = cJSON_AddArrayToObject(root, "suggested_trailers")))
		return -1;
	for (i = 0; i < rv->nr; i++)
		if (add_trailers(arr, &rv->patches[i], rv->patches[i].advice) < 0)
			return -1;
	if (add_trailers(arr, NULL, rv->series_advice) < 0)
		return -1;
	if (!(arr = cJSON_AddArrayToObject(root, "skipped")))
		return -1;
	for (i = 0; i < rv->nr_skipped; i++) {
		cJSON *s = cJSON_CreateString(rv->skipped[i]);

		if (!s)
			return -1;
		cJSON_AddItemToArray(arr, s);
	}
	return 0;
}

int vg_report_json(FILE *out, const struct vg_findings *list,
		   const struct vg_report_opts *opts)
{
	return vg_report_json_review(out, list, opts, NULL);
}

int vg_report_json_review(FILE *out, const struct vg_findings *list,
			  const struct vg_report_opts *opts, const struct vg_review *rv)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *arr;
	size_t i;
	int ret = -1;

	if (!root)
		goto done;
	if (opts && opts->command && vg_json_add_str(root, "command", opts->command) < 0)
		goto done;
	arr = cJSON_AddArrayToObject(root, "findings");
	if (!arr)
		goto done;
	for (i = 0; i < list->nr; i++) {
		cJSON *f = vg_json_finding(&list->items[i]);
		const struct vg_review_patch *pt = patch_of(rv, list->items[i].commit);

		if (!f)
			goto done;
		cJSON_AddItemToArray(arr, f);
		if (pt && add_patch(f, pt) < 0)
			goto done;
	}
	if (summary_json(root, list) < 0)
		goto done;
	if (rv && review_json(root, rv) < 0)
		goto done;
	ret = vg_json_write(out, root);
done:
	if (ret)
		vg_error("out of memory building the JSON report");
	cJSON_Delete(root);
	return ret;
}
