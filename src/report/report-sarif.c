#include "report/report.h"
#include "report/report-cjson.h"
#include "core/util.h"
#include "core/version.h"

#include <cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * SARIF 2.1.0, the format GitHub code scanning and GitLab ingest:
 *
 *   {"version": "2.1.0", "$schema": ..., "runs": [{
 *     "tool": {"driver": {name, version, rules: [{id, shortDescription,
 *              defaultConfiguration: {level}}]}},
 *     "automationDetails": {"id": "vmstate-gate/COMMAND/"},
 *     "results": [{ruleId, ruleIndex, level, message: {text},
 *                  locations: [{physicalLocation?, logicalLocations}],
 *                  partialFingerprints: {"vmstateGate/v1": HEX},
 *                  properties: {section, path, old, new, commit, machine, ...},
 *                  suppressions?: [{kind: "external", status: "accepted",
 *                                   justification, properties: {waiver}}]}],
 *     "properties": {summary counts}}]}
 *
 * Every rule of src/rule-ids.h is listed, so ruleIndex is the enum value.
 * The whole document is built in memory and written at once.
 */

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define FINGERPRINT_KEY "vmstateGate/v1"

/* ---- the SARIF view ---- */

static const char *sarif_level(enum vg_severity sev)
{
	switch (sev) {
	case VG_SEV_ERROR:
		return "error";
	case VG_SEV_WARNING:
		return "warning";
	default:
		return "note";
	}
}

static int add_text(cJSON *obj, const char *key, const char *text)
{
	cJSON *m = cJSON_AddObjectToObject(obj, key);

	return m && vg_json_add_str(m, "text", text) == 0 ? 0 : -1;
}

/* RFC 3986 URI reference for a repository-relative path. */
static char *path_to_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct vg_buf b = VG_BUF_INIT;
	const unsigned char *p;

	if (*path == '/')
		vg_buf_puts(&b, "file://");
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			vg_buf_add(&b, (const char *)p, 1);
		} else {
			char esc[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			vg_buf_add(&b, esc, 3);
		}
	}
	return vg_buf_detach(&b);
}

static cJSON *rules_json(void)
{
	cJSON *rules = cJSON_CreateArray();
	int i;

	if (!rules)
		return NULL;
	for (i = 0; i < VG_RULE__COUNT; i++) {
		const struct vg_rule_info *r = vg_rule_info((enum vg_rule)i);
		cJSON *rule = cJSON_CreateObject();
		cJSON *conf, *props;

		if (!rule || !cJSON_AddItemToArray(rules, rule)) {
			cJSON_Delete(rule);
			goto fail;
		}
		conf = NULL;
		props = NULL;
		if (vg_json_add_str(rule, "id", r->id) < 0 ||
		    add_text(rule, "shortDescription", r->description) < 0 ||
		    !(conf = cJSON_AddObjectToObject(rule, "defaultConfiguration")) ||
		    vg_json_add_str(conf, "level", sarif_level(r->severity)) < 0 ||
		    !(props = cJSON_AddObjectToObject(rule, "properties")) ||
		    vg_json_add_str(props, "severity", vg_severity_name(r->severity)) < 0)
			goto fail;
	}
	return rules;
fail:
	cJSON_Delete(rules);
	return NULL;
}

/*
 * GitHub code scanning rejects a result without a physical location, so
 * every result has one: the file and line when known, else the input
 * (the destination dump) or the section, at line 1. The logical location
 * then says precisely where.
 */
static int add_location(cJSON *result, const struct vg_finding *f,
			const char *path, const char *input)
{
	const char *file = f->file ? f->file : f->old_file;
	unsigned line = f->file ? f->line : f->old_line;
	cJSON *locs, *loc, *phys, *art, *logicals, *logical;
	char *fq = NULL, *uri;
	int ret = -1, err;

	if (!file) {
		file = input ? input : f->section ? f->section : *path ? path : "vmstate-gate";
		line = 1;
	}
	locs = cJSON_AddArrayToObject(result, "locations");
	loc = cJSON_CreateObject();
	if (!locs || !loc || !cJSON_AddItemToArray(locs, loc)) {
		cJSON_Delete(loc);
		return -1;
	}
	phys = cJSON_AddObjectToObject(loc, "physicalLocation");
	art = phys ? cJSON_AddObjectToObject(phys, "artifactLocation") : NULL;
	uri = path_to_uri(file);
	err = !art || !uri || vg_json_add_str(art, "uri", uri) < 0;
	free(uri);
	if (err)
		return -1;
	if (line) {
		cJSON *region = cJSON_AddObjectToObject(phys, "region");

		if (!region || !cJSON_AddNumberToObject(region, "startLine", line))
			return -1;
	}
	if (!f->section && !*path)
		return 0;
	/* section/desc/item: the logical place, also when a line is known. */
	if (f->section && *path && (!f->desc || strcmp(f->section, f->desc)))
		fq = vg_asprintf("%s/%s", f->section, path);
	else
		fq = vg_strdup(*path ? path : f->section);
	logicals = cJSON_AddArrayToObject(loc, "logicalLocations");
	logical = cJSON_CreateObject();
	if (!fq || !logicals || !logical || !cJSON_AddItemToArray(logicals, logical)) {
		cJSON_Delete(logical);
		goto done;
	}
	if (vg_json_add_str(logical, "name", *path ? path : f->section) < 0 ||
	    vg_json_add_str(logical, "fullyQualifiedName", fq) < 0 ||
	    vg_json_add_str(logical, "kind", "object") < 0)
		goto done;
	ret = 0;
done:
	free(fq);
	return ret;
}

static int add_properties(cJSON *result, const struct vg_finding *f,
			  const char *path)
{
	cJSON *p = cJSON_AddObjectToObject(result, "properties");

	if (!p || vg_json_add_str(p, "severity", vg_severity_name(f->severity)) < 0 ||
	    vg_json_add_str(p, "section", f->section) < 0 ||
	    (*path && vg_json_add_str(p, "path", path) < 0) ||
	    vg_json_add_str(p, "old", f->old_value) < 0 ||
	    vg_json_add_str(p, "new", f->new_value) < 0 ||
	    vg_json_add_str(p, "commit", f->commit) < 0 ||
	    vg_json_add_str(p, "machine", f->machine) < 0)
		return -1;
	if (f->old_file && (vg_json_add_str(p, "old_file", f->old_file) < 0 ||
			    !cJSON_AddNumberToObject(p, "old_line", f->old_line)))
		return -1;
	if (f->confirmed &&
	    (!cJSON_AddBoolToObject(p, "confirmed", f->confirmed == VG_CONFIRM_YES) ||
	     vg_json_add_str(p, "confirmation", vg_confirm_name(f->confirmed)) < 0 ||
	     vg_json_add_str(p, "confirm_message", f->confirm_message) < 0))
		return -1;
	return 0;
}

static int add_suppression(cJSON *result, const struct vg_finding *f)
{
	cJSON *arr, *s, *p;

	if (!f->waived_by)
		return 0;
	arr = cJSON_AddArrayToObject(result, "suppressions");
	s = cJSON_CreateObject();
	if (!arr || !s || !cJSON_AddItemToArray(arr, s)) {
		cJSON_Delete(s);
		return -1;
	}
	if (vg_json_add_str(s, "kind", "external") < 0 ||
	    vg_json_add_str(s, "status", "accepted") < 0 ||
	    vg_json_add_str(s, "justification",
		    f->waiver_reason ? f->waiver_reason : f->waived_by) < 0 ||
	    !(p = cJSON_AddObjectToObject(s, "properties")) ||
	    vg_json_add_str(p, "waiver", f->waived_by) < 0)
		return -1;
	return 0;
}

static cJSON *result_json(const struct vg_finding *f, const char *fingerprint,
			  const char *input)
{
	cJSON *r = cJSON_CreateObject();
	char *path = vg_finding_path(f);
	char *text = vg_report_headline(f);
	cJSON *fps = NULL;
	int err = !r || !path || !text;

	err = err || vg_json_add_str(r, "ruleId", vg_rule_info(f->rule)->id) < 0;
	err = err || !cJSON_AddNumberToObject(r, "ruleIndex", (int)f->rule);
	err = err || vg_json_add_str(r, "level", sarif_level(f->severity)) < 0;
	err = err || add_text(r, "message", text) < 0;
	err = err || add_location(r, f, path, input) < 0;
	err = err || !(fps = cJSON_AddObjectToObject(r, "partialFingerprints"));
	err = err || vg_json_add_str(fps, FINGERPRINT_KEY, fingerprint) < 0;
	err = err || add_properties(r, f, path) < 0;
	err = err || add_suppression(r, f) < 0;
	free(path);
	free(text);
	if (err) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

static int add_summary(cJSON *run, const struct vg_findings *list,
		       const struct vg_report_opts *opts)
{
	cJSON *p = cJSON_AddObjectToObject(run, "properties");

	if (!p || (opts && vg_json_add_str(p, "command", opts->command) < 0) ||
	    (opts && vg_json_add_str(p, "subject", opts->subject) < 0) ||
	    !cJSON_AddNumberToObject(p, "sections_compared", (double)list->sections_compared) ||
	    !cJSON_AddNumberToObject(p, "descriptions_compared", (double)list->descriptions_compared) ||
	    !cJSON_AddNumberToObject(p, "files_scanned", (double)list->files_scanned) ||
	    !cJSON_AddNumberToObject(p, "commits_checked", (double)list->commits_checked) ||
	    !cJSON_AddNumberToObject(p, "errors", (double)vg_findings_count(list, VG_SEV_ERROR)) ||
	    !cJSON_AddNumberToObject(p, "warnings", (double)vg_findings_count(list, VG_SEV_WARNING)) ||
	    !cJSON_AddNumberToObject(p, "infos", (double)vg_findings_count(list, VG_SEV_INFO)) ||
	    !cJSON_AddNumberToObject(p, "waived", (double)vg_findings_waived(list)))
		return -1;
	return 0;
}

static cJSON *run_json(const struct vg_findings *list,
		       const struct vg_report_opts *opts)
{
	cJSON *run = cJSON_CreateObject();
	cJSON *tool, *driver, *rules, *results;
	char (*fp)[17] = NULL;
	size_t i;

	if (!run || vg_report_fingerprints(list, &fp) < 0)
		goto fail;
	tool = cJSON_AddObjectToObject(run, "tool");
	driver = tool ? cJSON_AddObjectToObject(tool, "driver") : NULL;
	if (!driver || vg_json_add_str(driver, "name", "vmstate-gate") < 0 ||
	    vg_json_add_str(driver, "version", VG_VERSION) < 0 ||
	    vg_json_add_str(driver, "semanticVersion", VG_VERSION) < 0 ||
	    add_text(driver, "shortDescription",
		     "flags QEMU changes that break live migration") < 0)
		goto fail;
	rules = rules_json();
	if (!rules || !cJSON_AddItemToObject(driver, "rules", rules)) {
		cJSON_Delete(rules);
		goto fail;
	}
	if (opts && opts->command) {
		/* GitHub keeps one analysis per category: one per command. */
		cJSON *auto_ = cJSON_AddObjectToObject(run, "automationDetails");
		char *id = vg_asprintf("vmstate-gate/%s/", opts->command);
		int err = !auto_ || !id || vg_json_add_str(auto_, "id", id) < 0;

		free(id);
		if (err)
			goto fail;
	}
	if (!cJSON_AddStringToObject(run, "columnKind", "utf16CodeUnits"))
		goto fail;
	results = cJSON_AddArrayToObject(run, "results");
	if (!results)
		goto fail;
	for (i = 0; i < list->nr; i++) {
		cJSON *r = result_json(&list->items[i], fp[i], vg_report_input(opts));

		if (!r || !cJSON_AddItemToArray(results, r)) {
			cJSON_Delete(r);
			goto fail;
		}
	}
	if (add_summary(run, list, opts) < 0)
		goto fail;
	free(fp);
	return run;
fail:
	free(fp);
	cJSON_Delete(run);
	return NULL;
}

int vg_report_sarif(FILE *out, const struct vg_findings *list,
		    const struct vg_report_opts *opts)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *runs, *run = NULL;
	int ret = -1;

	if (!root || vg_json_add_str(root, "$schema", SARIF_SCHEMA) < 0 ||
	    vg_json_add_str(root, "version", "2.1.0") < 0)
		goto done;
	runs = cJSON_AddArrayToObject(root, "runs");
	run = runs ? run_json(list, opts) : NULL;
	if (!run || !cJSON_AddItemToArray(runs, run)) {
		cJSON_Delete(run);
		goto done;
	}
	ret = vg_json_write(out, root);
done:
	if (ret)
		vg_error("out of memory building the SARIF report");
	cJSON_Delete(root);
	return ret;
}
