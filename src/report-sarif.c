#include "report.h"
#include "util.h"
#include "version.h"

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

/* ---- helpers shared with the other CI views (declared in report.h) ---- */

static uint64_t fnv1a(uint64_t h, const char *s)
{
	/* 64-bit FNV-1a; a field separator keeps "ab"+"c" apart from "a"+"bc". */
	if (s)
		for (; *s; s++)
			h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (h ^ 0x1f) * 0x100000001b3ULL;
}

static uint64_t finding_key(const struct vg_finding *f)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	int anonymous = !f->section && !f->desc && !f->item;

	h = fnv1a(h, vg_rule_info(f->rule)->id);
	h = fnv1a(h, f->section);
	h = fnv1a(h, f->desc);
	h = fnv1a(h, f->item);
	h = fnv1a(h, f->machine);
	if (anonymous) {
		/* Waiver and scanner findings name no section: the message does. */
		h = fnv1a(h, f->file ? f->file : f->old_file);
		h = fnv1a(h, f->message);
	}
	return h;
}

int vg_report_fingerprints(const struct vg_findings *list, char (**out)[17])
{
	uint64_t *keys;
	char (*fp)[17];
	size_t i, j;

	*out = NULL;
	keys = vg_calloc(list->nr ? list->nr : 1, sizeof(*keys));
	fp = vg_calloc(list->nr ? list->nr : 1, sizeof(*fp));
	if (!keys || !fp) {
		free(keys);
		free(fp);
		return -1;
	}
	for (i = 0; i < list->nr; i++) {
		uint64_t h = finding_key(&list->items[i]);
		unsigned long long seen = 0;

		keys[i] = h;
		for (j = 0; j < i; j++)
			if (keys[j] == h)
				seen++;
		if (seen) {
			/* Same finding again (another commit): number it. */
			char n[24];

			snprintf(n, sizeof(n), "%llu", seen);
			h = fnv1a(h, n);
		}
		snprintf(fp[i], sizeof(fp[i]), "%016llx", (unsigned long long)h);
	}
	free(keys);
	*out = fp;
	return 0;
}

char *vg_report_headline(const struct vg_finding *f)
{
	struct vg_buf b = VG_BUF_INIT;
	char *path = vg_finding_path(f);

	if (!path)
		return NULL;
	if (f->section && (!f->desc || strcmp(f->section, f->desc)))
		vg_buf_printf(&b, "%s: ", f->section);
	if (*path)
		vg_buf_printf(&b, "%s: ", path);
	vg_buf_puts(&b, f->message ? f->message : "");
	free(path);
	return vg_buf_detach(&b);
}

const char *vg_report_input(const struct vg_report_opts *opts)
{
	const char *arrow, *next;

	if (!opts || !opts->subject || !(arrow = strstr(opts->subject, " -> ")))
		return NULL;
	while ((next = strstr(arrow + 4, " -> ")))
		arrow = next;
	return arrow[4] ? arrow + 4 : NULL;
}

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

static int add_str(cJSON *obj, const char *key, const char *val)
{
	if (!val)
		return 0;
	return cJSON_AddStringToObject(obj, key, val) ? 0 : -1;
}

static int add_text(cJSON *obj, const char *key, const char *text)
{
	cJSON *m = cJSON_AddObjectToObject(obj, key);

	return m && add_str(m, "text", text) == 0 ? 0 : -1;
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
		if (add_str(rule, "id", r->id) < 0 ||
		    add_text(rule, "shortDescription", r->description) < 0 ||
		    !(conf = cJSON_AddObjectToObject(rule, "defaultConfiguration")) ||
		    add_str(conf, "level", sarif_level(r->severity)) < 0 ||
		    !(props = cJSON_AddObjectToObject(rule, "properties")) ||
		    add_str(props, "severity", vg_severity_name(r->severity)) < 0)
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
	err = !art || !uri || add_str(art, "uri", uri) < 0;
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
	if (add_str(logical, "name", *path ? path : f->section) < 0 ||
	    add_str(logical, "fullyQualifiedName", fq) < 0 ||
	    add_str(logical, "kind", "object") < 0)
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

	if (!p || add_str(p, "severity", vg_severity_name(f->severity)) < 0 ||
	    add_str(p, "section", f->section) < 0 ||
	    (*path && add_str(p, "path", path) < 0) ||
	    add_str(p, "old", f->old_value) < 0 ||
	    add_str(p, "new", f->new_value) < 0 ||
	    add_str(p, "commit", f->commit) < 0 ||
	    add_str(p, "machine", f->machine) < 0)
		return -1;
	if (f->old_file && (add_str(p, "old_file", f->old_file) < 0 ||
			    !cJSON_AddNumberToObject(p, "old_line", f->old_line)))
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
	if (add_str(s, "kind", "external") < 0 ||
	    add_str(s, "status", "accepted") < 0 ||
	    add_str(s, "justification",
		    f->waiver_reason ? f->waiver_reason : f->waived_by) < 0 ||
	    !(p = cJSON_AddObjectToObject(s, "properties")) ||
	    add_str(p, "waiver", f->waived_by) < 0)
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

	err = err || add_str(r, "ruleId", vg_rule_info(f->rule)->id) < 0;
	err = err || !cJSON_AddNumberToObject(r, "ruleIndex", (int)f->rule);
	err = err || add_str(r, "level", sarif_level(f->severity)) < 0;
	err = err || add_text(r, "message", text) < 0;
	err = err || add_location(r, f, path, input) < 0;
	err = err || !(fps = cJSON_AddObjectToObject(r, "partialFingerprints"));
	err = err || add_str(fps, FINGERPRINT_KEY, fingerprint) < 0;
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

	if (!p || (opts && add_str(p, "command", opts->command) < 0) ||
	    (opts && add_str(p, "subject", opts->subject) < 0) ||
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
	if (!driver || add_str(driver, "name", "vmstate-gate") < 0 ||
	    add_str(driver, "version", VG_VERSION) < 0 ||
	    add_str(driver, "semanticVersion", VG_VERSION) < 0 ||
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
		int err = !auto_ || !id || add_str(auto_, "id", id) < 0;

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
	char *text = NULL;
	int ret = -1;

	if (!root || add_str(root, "$schema", SARIF_SCHEMA) < 0 ||
	    add_str(root, "version", "2.1.0") < 0)
		goto done;
	runs = cJSON_AddArrayToObject(root, "runs");
	run = runs ? run_json(list, opts) : NULL;
	if (!run || !cJSON_AddItemToArray(runs, run)) {
		cJSON_Delete(run);
		goto done;
	}
	text = cJSON_Print(root);
	if (!text)
		goto done;
	fputs(text, out);
	fputc('\n', out);
	ret = 0;
done:
	if (ret)
		vg_error("out of memory building the SARIF report");
	free(text);
	cJSON_Delete(root);
	return ret;
}
