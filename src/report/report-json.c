#include "report/report.h"
#include "report/report-cjson.h"
#include "core/util.h"

#include <cJSON.h>
#include <stdlib.h>

/*
 * {"findings": [{rule, severity, section, path, message, old, new, file,
 *   line, old_file, old_line, commit, machine, waived}], "summary": {...}}
 * Keys with no value are left out; "waived" is false or {by, reason}.
 * compare --confirm adds "confirmed" (true|false), "confirmation" and
 * "confirm_message" to the findings it migrated.
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

static cJSON *finding_json(const struct vg_finding *f)
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

int vg_report_json(FILE *out, const struct vg_findings *list,
		   const struct vg_report_opts *opts)
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
		cJSON *f = finding_json(&list->items[i]);

		if (!f)
			goto done;
		cJSON_AddItemToArray(arr, f);
	}
	if (summary_json(root, list) < 0)
		goto done;
	ret = vg_json_write(out, root);
done:
	if (ret)
		vg_error("out of memory building the JSON report");
	cJSON_Delete(root);
	return ret;
}
