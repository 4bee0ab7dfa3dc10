#include "report/report.h"
#include "report/report-cjson.h"
#include "core/util.h"

#include <cJSON.h>
#include <stdlib.h>

/*
 * GitLab code quality (a subset of Code Climate's issue format):
 *   [{"description", "check_name", "fingerprint", "severity",
 *     "location": {"path", "lines": {"begin"}}}, ...]
 * Severity: error -> critical, warning -> major, info -> info; a waived
 * finding is reported as info and its description says who waived it.
 * Findings with no source file point at the input (the destination dump
 * of compare) or else the section, line 1, so GitLab still shows them.
 * The fingerprint is the SARIF one: stable across line moves, so merge
 * requests show only new issues.
 */

static const char *cq_severity(const struct vg_finding *f)
{
	if (f->waived_by)
		return "info";
	switch (f->severity) {
	case VG_SEV_ERROR:
		return "critical";
	case VG_SEV_WARNING:
		return "major";
	default:
		return "info";
	}
}

static char *cq_description(const struct vg_finding *f)
{
	char *head = vg_report_headline(f);
	char *desc;

	if (!head)
		return NULL;
	if (f->waived_by && f->commit)
		desc = vg_asprintf("%s [%s] (commit %.12s; waived by %s)", head,
				   vg_rule_info(f->rule)->id, f->commit, f->waived_by);
	else if (f->waived_by)
		desc = vg_asprintf("%s [%s] (waived by %s)", head,
				   vg_rule_info(f->rule)->id, f->waived_by);
	else if (f->commit)
		desc = vg_asprintf("%s [%s] (commit %.12s)", head,
				   vg_rule_info(f->rule)->id, f->commit);
	else
		desc = vg_asprintf("%s [%s]", head, vg_rule_info(f->rule)->id);
	free(head);
	return desc;
}

static cJSON *issue_json(const struct vg_finding *f, const char *fingerprint,
			 const char *input)
{
	cJSON *obj = cJSON_CreateObject();
	cJSON *loc = NULL, *lines = NULL;
	char *desc = cq_description(f);
	char *path = vg_finding_path(f);
	const char *where;
	unsigned line;
	int err = !obj || !desc || !path;

	if (f->file) {
		where = f->file;
		line = f->line;
	} else if (f->old_file) {
		where = f->old_file;
		line = f->old_line;
	} else {
		where = input ? input : f->section ? f->section :
			(path && *path) ? path : "vmstate-gate";
		line = 1;
	}
	err = err || !cJSON_AddStringToObject(obj, "description", desc);
	err = err || !cJSON_AddStringToObject(obj, "check_name", vg_rule_info(f->rule)->id);
	err = err || !cJSON_AddStringToObject(obj, "fingerprint", fingerprint);
	err = err || !cJSON_AddStringToObject(obj, "severity", cq_severity(f));
	err = err || !(loc = cJSON_AddObjectToObject(obj, "location"));
	err = err || !cJSON_AddStringToObject(loc, "path", where);
	err = err || !(lines = cJSON_AddObjectToObject(loc, "lines"));
	err = err || !cJSON_AddNumberToObject(lines, "begin", line ? line : 1);
	free(desc);
	free(path);
	if (err) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

int vg_report_codequality(FILE *out, const struct vg_findings *list,
			  const struct vg_report_opts *opts)
{
	cJSON *root = cJSON_CreateArray();
	char (*fp)[17] = NULL;
	size_t i;
	int ret = -1;

	if (!root || vg_report_fingerprints(list, &fp) < 0)
		goto done;
	for (i = 0; i < list->nr; i++) {
		cJSON *issue = issue_json(&list->items[i], fp[i], vg_report_input(opts));

		if (!issue || !cJSON_AddItemToArray(root, issue)) {
			cJSON_Delete(issue);
			goto done;
		}
	}
	ret = vg_json_write(out, root);
done:
	if (ret)
		vg_error("out of memory building the code quality report");
	free(fp);
	cJSON_Delete(root);
	return ret;
}
