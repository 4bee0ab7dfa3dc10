#include "report.h"
#include "util.h"

#include <string.h>

static const struct {
	const char *name;
	enum vg_format fmt;
} formats[] = {
	{ "text", VG_FORMAT_TEXT },
	{ "json", VG_FORMAT_JSON },
	{ "sarif", VG_FORMAT_SARIF },
	{ "junit", VG_FORMAT_JUNIT },
	{ "codequality", VG_FORMAT_CODEQUALITY },
};

int vg_format_parse(const char *name, enum vg_format *out)
{
	size_t i;

	for (i = 0; i < VG_ARRAY_SIZE(formats); i++) {
		if (!strcmp(formats[i].name, name)) {
			*out = formats[i].fmt;
			return 0;
		}
	}
	return vg_error("unknown format '%s' (text, json, sarif, junit, codequality)",
			name);
}

int vg_report_write(FILE *out, enum vg_format fmt,
		    const struct vg_findings *list,
		    const struct vg_report_opts *opts)
{
	int ret;

	switch (fmt) {
	case VG_FORMAT_JSON:
		ret = vg_report_json(out, list, opts);
		break;
	case VG_FORMAT_SARIF:
		ret = vg_report_sarif(out, list, opts);
		break;
	case VG_FORMAT_JUNIT:
		ret = vg_report_junit(out, list, opts);
		break;
	case VG_FORMAT_CODEQUALITY:
		ret = vg_report_codequality(out, list, opts);
		break;
	default:
		ret = vg_report_text(out, list, opts);
		break;
	}
	if (!ret && (fflush(out) || ferror(out)))
		ret = vg_error("cannot write the report");
	return ret;
}

int vg_report_summary(FILE *out, const struct vg_findings *list)
{
	size_t waived = vg_findings_waived(list);

	if (list->commits_checked)
		fprintf(out, "%zu commits checked, ", list->commits_checked);
	if (list->files_scanned)
		fprintf(out, "%zu files scanned, ", list->files_scanned);
	if (list->descriptions_compared && !list->sections_compared)
		fprintf(out, "%zu descriptions compared, ", list->descriptions_compared);
	else
		fprintf(out, "%zu sections compared, ", list->sections_compared);
	fprintf(out, "%zu errors, %zu warnings",
		vg_findings_count(list, VG_SEV_ERROR),
		vg_findings_count(list, VG_SEV_WARNING));
	if (waived)
		fprintf(out, ", %zu waived", waived);
	fprintf(out, "\n");
	return 0;
}
