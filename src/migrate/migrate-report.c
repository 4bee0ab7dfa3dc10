#include "migrate/migrate.h"
#include "report/report-cjson.h"
#include "core/util.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

/*
 * The views of a migrate run: a table (device, section, control,
 * cross-version result, runs failed, QEMU's message), JSON, and JUnit
 * with one test case per device. Documented in README.md and vmstate-gate(1).
 */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void summary_line(FILE *out, const struct vg_mig_set *set)
{
	size_t c[5];

	vg_mig_count(set, c);
	fprintf(out, "%zu devices: %zu passed, %zu failed, %zu unmigratable, %zu not testable",
		set->nr, c[VG_MIG_PASS], c[VG_MIG_FAIL], c[VG_MIG_UNMIGRATABLE],
		c[VG_MIG_NOT_TESTABLE]);
	if (c[VG_MIG_PENDING])
		fprintf(out, ", %zu not run", c[VG_MIG_PENDING]);
	fputc('\n', out);
}

static int write_text(FILE *out, const struct vg_mig_set *set, const struct vg_mig_opts *opts)
{
	int wd = 6, ws = 7;
	size_t i;

	for (i = 0; i < set->nr; i++) {
		int a = (int)strlen(set->items[i].spec), b = (int)strlen(or_dash(set->items[i].section));

		wd = a > wd ? (a > 40 ? 40 : a) : wd;
		ws = b > ws ? (b > 40 ? 40 : b) : ws;
	}
	fprintf(out, "%s -> %s, machine %s\n", opts->src_qemu, opts->dst_qemu, opts->machine);
	fprintf(out, "%-*s  %-*s  %-11s  %-12s  %-6s  %s\n", wd, "DEVICE", ws, "SECTION",
		"CONTROL", "RESULT", "FAILED", "MESSAGE");
	for (i = 0; i < set->nr; i++) {
		const struct vg_mig_device *d = &set->items[i];
		char failed[32];

		if (d->runs)
			snprintf(failed, sizeof(failed), "%u/%u", d->runs_failed, d->runs);
		else
			snprintf(failed, sizeof(failed), "-");
		fprintf(out, "%-*s  %-*s  %-11s  %-12s  %-6s  %s\n", wd, d->spec, ws,
			or_dash(d->section), d->control, vg_mig_verdict_name(d->verdict),
			failed, or_dash(d->message));
	}
	summary_line(out, set);
	return ferror(out) ? -1 : 0;
}

static cJSON *device_json(const struct vg_mig_device *d)
{
	cJSON *o = cJSON_CreateObject();
	int err = !o;

	err = err || vg_json_add_str(o, "device", d->spec) < 0;
	err = err || vg_json_add_str(o, "section", d->section) < 0;
	err = err || vg_json_add_str(o, "control", d->control) < 0;
	err = err || vg_json_add_str(o, "result", d->verdict == VG_MIG_FAIL ? "fail" :
				     vg_mig_verdict_name(d->verdict)) < 0;
	err = err || vg_json_add_num(o, "runs", d->runs) < 0;
	err = err || vg_json_add_num(o, "runs_failed", d->runs_failed) < 0;
	err = err || vg_json_add_str(o, "message", d->message) < 0;
	err = err || vg_json_add_num(o, "seconds", (double)(long)(d->seconds * 1000) / 1000) < 0;
	if (err) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int write_json(FILE *out, const struct vg_mig_set *set, const struct vg_mig_opts *opts)
{
	cJSON *root = cJSON_CreateObject(), *arr, *s;
	size_t i, c[5];
	int ret = -1;

	vg_mig_count(set, c);
	if (!root || vg_json_add_str(root, "command", "migrate") < 0 ||
	    vg_json_add_str(root, "src", opts->src_qemu) < 0 ||
	    vg_json_add_str(root, "dst", opts->dst_qemu) < 0 ||
	    vg_json_add_str(root, "machine", opts->machine) < 0 ||
	    !(arr = cJSON_AddArrayToObject(root, "devices")))
		goto done;
	for (i = 0; i < set->nr; i++) {
		cJSON *d = device_json(&set->items[i]);

		if (!d)
			goto done;
		cJSON_AddItemToArray(arr, d);
	}
	if (!(s = cJSON_AddObjectToObject(root, "summary")) ||
	    vg_json_add_num(s, "devices", (double)set->nr) < 0 ||
	    vg_json_add_num(s, "passed", (double)c[VG_MIG_PASS]) < 0 ||
	    vg_json_add_num(s, "failed", (double)c[VG_MIG_FAIL]) < 0 ||
	    vg_json_add_num(s, "unmigratable", (double)c[VG_MIG_UNMIGRATABLE]) < 0 ||
	    vg_json_add_num(s, "not_testable", (double)c[VG_MIG_NOT_TESTABLE]) < 0 ||
	    vg_json_add_num(s, "not_run", (double)c[VG_MIG_PENDING]) < 0)
		goto done;
	ret = vg_json_write(out, root);
done:
	if (ret)
		vg_error("out of memory building the JSON report");
	cJSON_Delete(root);
	return ret;
}

/* XML text: the five entities; control bytes and non-ASCII as '?'. */
static void xml_put(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			fputs("&amp;", out);
		else if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '"')
			fputs("&quot;", out);
		else if (c == '\'')
			fputs("&apos;", out);
		else
			fputc(c < 0x20 || c >= 0x7f ? '?' : c, out);
	}
}

static void junit_case(FILE *out, const struct vg_mig_device *d, const char *machine)
{
	fputs("    <testcase classname=\"migrate.", out);
	xml_put(out, machine);
	fputs("\" name=\"", out);
	xml_put(out, d->spec);
	fprintf(out, "\" time=\"%.3f\"", d->seconds);
	if (d->verdict == VG_MIG_PASS) {
		fputs("/>\n", out);
		return;
	}
	fputs(">\n", out);
	fputs(d->verdict == VG_MIG_FAIL ? "      <failure message=\"" : "      <skipped message=\"",
	      out);
	fputs(vg_mig_verdict_name(d->verdict), out);
	if (d->message) {
		fputs(": ", out);
		xml_put(out, d->message);
	}
	if (d->verdict == VG_MIG_FAIL)
		fprintf(out, "\">%u of %u runs failed</failure>\n", d->runs_failed, d->runs);
	else
		fputs("\"/>\n", out);
	fputs("    </testcase>\n", out);
}

static int write_junit(FILE *out, const struct vg_mig_set *set, const struct vg_mig_opts *opts)
{
	size_t i, c[5];

	vg_mig_count(set, c);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", out);
	fputs("  <testsuite name=\"vmstate-gate migrate ", out);
	xml_put(out, opts->machine);
	fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
		set->nr, c[VG_MIG_FAIL], set->nr - c[VG_MIG_FAIL] - c[VG_MIG_PASS]);
	for (i = 0; i < set->nr; i++)
		junit_case(out, &set->items[i], opts->machine);
	fputs("  </testsuite>\n</testsuites>\n", out);
	return ferror(out) ? -1 : 0;
}

int vg_mig_write(FILE *out, enum vg_mig_format fmt, const struct vg_mig_set *set,
		 const struct vg_mig_opts *opts)
{
	switch (fmt) {
	case VG_MIG_JSON:
		return write_json(out, set, opts);
	case VG_MIG_JUNIT:
		return write_junit(out, set, opts);
	default:
		return write_text(out, set, opts);
	}
}
