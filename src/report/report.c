#include "report/report.h"
#include "report/report-cjson.h"
#include "core/hashmap.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
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

/* Mix s into h; a field separator keeps "ab"+"c" apart from "a"+"bc". */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	if (s)
		h = vg_hash_more(h, s, strlen(s));
	return vg_hash_more(h, "\x1f", 1);
}

static uint64_t finding_key(const struct vg_finding *f)
{
	uint64_t h = VG_HASH_SEED;
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
	struct vg_hashmap seen_keys = VG_HASHMAP_INIT;   /* the keys so far */
	char (*fp)[17];
	size_t i;
	int ret = -1;

	*out = NULL;
	fp = vg_calloc(list->nr ? list->nr : 1, sizeof(*fp));
	if (!fp)
		goto done;
	for (i = 0; i < list->nr; i++) {
		uint64_t h = finding_key(&list->items[i]);
		unsigned long long seen = 0;
		size_t pos = 0;

		while (vg_hashmap_next(&seen_keys, h, &pos) != VG_HASHMAP_NONE)
			seen++;
		if (vg_hashmap_add(&seen_keys, h, i) < 0)
			goto done;
		if (seen) {
			/* Same finding again (another commit): number it. */
			char n[24];

			snprintf(n, sizeof(n), "%llu", seen);
			h = fnv1a(h, n);
		}
		snprintf(fp[i], sizeof(fp[i]), "%016llx", (unsigned long long)h);
	}
	*out = fp;
	fp = NULL;
	ret = 0;
done:
	vg_hashmap_release(&seen_keys);
	free(fp);
	return ret;
}

void vg_report_add_place(struct vg_buf *b, const struct vg_finding *f)
{
	if (f->file)
		vg_buf_printf(b, "%s:%u: ", f->file, f->line);
	else if (f->old_file)
		vg_buf_printf(b, "%s:%u: ", f->old_file, f->old_line);
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

int vg_json_add_str(cJSON *obj, const char *key, const char *val)
{
	if (!val)
		return 0;
	return cJSON_AddStringToObject(obj, key, val) ? 0 : -1;
}

int vg_json_add_num(cJSON *obj, const char *key, double val)
{
	return cJSON_AddNumberToObject(obj, key, val) ? 0 : -1;
}

int vg_json_write(FILE *out, const cJSON *root)
{
	char *text = cJSON_Print(root);

	if (!text)
		return -1;
	fputs(text, out);
	fputc('\n', out);
	free(text);
	return 0;
}

/*
 * A control character, ESC or DEL (and the C1 controls as UTF-8 writes
 * them, CSI among them) from a trailer, a dump name or a mail subject
 * would reach the terminal: written as \xNN instead.
 */
static size_t unsafe_len(const unsigned char *p, int keep_nl)
{
	if ((*p < 0x20 && !(keep_nl && *p == '\n')) || *p == 0x7f)
		return 1;
	if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	return 0;
}

char *vg_report_safe(const char *s, int keep_nl)
{
	struct vg_buf b = VG_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return vg_strdup("");
	while (*p) {
		size_t n = unsafe_len(p, keep_nl), i;

		if (!n) {
			vg_buf_add(&b, (const char *)p++, 1);
			continue;
		}
		for (i = 0; i < n; i++)
			vg_buf_printf(&b, "\\x%02x", p[i]);
		p += n;
	}
	if (!b.buf && vg_buf_add(&b, "", 0) < 0)
		return NULL;
	return b.failed ? (vg_buf_release(&b), NULL) : vg_buf_detach(&b);
}

int vg_report_put_safe(FILE *out, const char *s)
{
	char *t = vg_report_safe(s, 0);

	if (!t)
		return -1;
	fputs(t, out);
	free(t);
	return 0;
}
