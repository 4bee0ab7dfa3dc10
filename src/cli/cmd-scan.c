/*
 * vmstate-gate scan [--format text|json] [--brief] [-I HEADER]... PATH...
 * Lists the VMStateDescription definitions found in C sources.
 */
#include "cli/cmds.h"
#include "core/exitcode.h"
#include "core/hashmap.h"
#include "core/macros.h"
#include "cli/options.h"
#include "report/report.h"
#include "report/report-cjson.h"
#include "scan/scan.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const scan_synopsis[] = {
	"scan [options] PATH...",
	NULL,
};

struct scan_run {
	struct vg_scan_opts opts;
	enum vg_format fmt;
	int brief;
	size_t nr_defs;
	int first_json;
	struct vg_findings warnings;
	FILE *out;
	/* Files scanned, by (device, inode): each file once. */
	struct file_id { dev_t dev; ino_t ino; } *seen;
	size_t nr_seen, alloc_seen;
	struct vg_hashmap seen_map;
};

static const char *size_kind_name(enum vg_size_kind k)
{
	return k == VG_SIZE_FIXED ? "fixed" : k == VG_SIZE_VARIABLE ? "variable" : "unknown";
}

static void text_size(FILE *out, const struct vg_field *f)
{
	if (f->size_kind == VG_SIZE_FIXED) {
		if (f->num >= 0 && f->is_array)
			fprintf(out, "%llux%lld", f->size, f->num);
		else
			fprintf(out, "%llu", f->size);
	} else if (f->size_kind == VG_SIZE_VARIABLE) {
		fputs("var", out);
	} else {
		fputs(f->size_expr ? f->size_expr : (f->desc ? "struct" : "?"), out);
	}
}

static void text_desc(FILE *out, const struct vg_desc *d, int indent)
{
	size_t i;

	for (i = 0; i < d->nr_fields; i++) {
		const struct vg_field *f = &d->fields[i];

		fprintf(out, "%*s%-5u %-28s %-26s ", indent, "", f->line, f->name,
			f->macro ? f->macro : "");
		text_size(out, f);
		if (f->version_id)
			fprintf(out, " v%d", f->version_id);
		if (f->has_test)
			fprintf(out, " test=%s", f->test ? f->test : "?");
		if (f->is_unused)
			fputs(" unused", out);
		if (f->encoding)
			fprintf(out, " enc=%s", f->encoding);
		if (f->desc_ref)
			fprintf(out, " vmsd=%s%s", f->desc_ref, f->desc ? "" : " (elsewhere)");
		fputc('\n', out);
	}
}

static void text_def(FILE *out, const struct vg_scan_def *def, int brief)
{
	const struct vg_desc *d = &def->desc;
	unsigned b;
	size_t i;

	fprintf(out, "%s:%u: %s \"%s\" version %d minimum %d%s%s%s", d->file, d->line, d->var,
		d->name ? d->name : "?", d->version_id, d->minimum_version_id,
		def->toplevel ? " toplevel" : "", def->is_static ? " static" : "",
		def->from_macro ? " macro-generated" : "");
	if (def->minimum_version_id_old >= 0)
		fprintf(out, " minimum_old %d", def->minimum_version_id_old);
	if (d->condition)
		fprintf(out, " if %s", d->condition);
	fputc('\n', out);
	if (brief)
		return;
	if (def->callbacks) {
		fputs("  callbacks:", out);
		for (b = 1; b < (1u << VG_CB__COUNT); b <<= 1)
			if (def->callbacks & b)
				fprintf(out, " %s", vg_scan_callback_name(b));
		fputc('\n', out);
	}
	if (def->unmigratable)
		fputs("  unmigratable\n", out);
	if (d->nr_fields) {
		fprintf(out, "  fields (%zu):\n", d->nr_fields);
		text_desc(out, d, 4);
	}
	for (i = 0; i < d->nr_subsection_refs; i++) {
		size_t k;
		const char *name = NULL;

		for (k = 0; k < d->nr_subsections; k++)
			if (d->subsections[k].var && !strcmp(d->subsections[k].var, d->subsection_refs[i]))
				name = d->subsections[k].name;
		fprintf(out, "  subsection %s \"%s\"\n", d->subsection_refs[i],
			name ? name : "(not in this file)");
	}
}

/* key: the string, or null. */
static int json_str(cJSON *obj, const char *key, const char *val)
{
	return (val ? cJSON_AddStringToObject(obj, key, val) :
		      cJSON_AddNullToObject(obj, key)) ? 0 : -1;
}

static int json_bool(cJSON *obj, const char *key, int val)
{
	return cJSON_AddBoolToObject(obj, key, val) ? 0 : -1;
}

static cJSON *json_desc(const struct vg_desc *d);

static cJSON *json_field(const struct vg_field *f)
{
	cJSON *o = cJSON_CreateObject(), *sub;

	if (!o || json_str(o, "name", f->name) < 0 || json_str(o, "macro", f->macro) < 0 ||
	    vg_json_add_num(o, "line", f->line) < 0 ||
	    vg_json_add_num(o, "version_id", f->version_id) < 0 ||
	    json_str(o, "test", f->has_test ? f->test : NULL) < 0 ||
	    json_str(o, "size_kind", size_kind_name(f->size_kind)) < 0 ||
	    vg_json_add_num(o, "size", (double)f->size) < 0 ||
	    vg_json_add_num(o, "num", (double)f->num) < 0 ||
	    json_bool(o, "is_array", f->is_array) < 0 ||
	    json_bool(o, "is_unused", f->is_unused) < 0 ||
	    json_str(o, "size_expr", f->size_expr) < 0 ||
	    json_str(o, "encoding", f->encoding) < 0 || json_str(o, "vmsd", f->desc_ref) < 0)
		goto fail;
	if (f->desc) {
		if (!(sub = json_desc(f->desc)))
			goto fail;
		cJSON_AddItemToObject(o, "description", sub);
	}
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

static cJSON *json_desc(const struct vg_desc *d)
{
	cJSON *o = cJSON_CreateObject(), *fields, *refs, *subs, *item;
	size_t i;

	if (!o || json_str(o, "var", d->var) < 0 || json_str(o, "name", d->name) < 0 ||
	    vg_json_add_num(o, "line", d->line) < 0 ||
	    vg_json_add_num(o, "version_id", d->version_id) < 0 ||
	    vg_json_add_num(o, "minimum_version_id", d->minimum_version_id) < 0 ||
	    json_bool(o, "needed", d->has_needed) < 0 ||
	    json_str(o, "condition", d->condition) < 0 ||
	    !(fields = cJSON_AddArrayToObject(o, "fields")))
		goto fail;
	for (i = 0; i < d->nr_fields; i++) {
		if (!(item = json_field(&d->fields[i])))
			goto fail;
		cJSON_AddItemToArray(fields, item);
	}
	if (!(refs = cJSON_AddArrayToObject(o, "subsection_refs")))
		goto fail;
	for (i = 0; i < d->nr_subsection_refs; i++) {
		if (!(item = cJSON_CreateString(d->subsection_refs[i])))
			goto fail;
		cJSON_AddItemToArray(refs, item);
	}
	if (!(subs = cJSON_AddArrayToObject(o, "subsections")))
		goto fail;
	for (i = 0; i < d->nr_subsections; i++) {
		if (!(item = json_desc(&d->subsections[i])))
			goto fail;
		cJSON_AddItemToArray(subs, item);
	}
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

/* One element of a list: on a line of its own, after a comma but the first. */
static int json_print(FILE *out, cJSON *item, int first)
{
	char *text = item ? cJSON_PrintUnformatted(item) : NULL;

	cJSON_Delete(item);
	if (!text)
		return vg_error("out of memory");
	fputs(first ? "\n  " : ",\n  ", out);
	fputs(text, out);
	free(text);
	return 0;
}

static int json_def(FILE *out, const struct vg_scan_def *def, int first)
{
	cJSON *o = cJSON_CreateObject(), *cbs, *item;
	unsigned b;

	if (!o || json_str(o, "file", def->desc.file) < 0 ||
	    json_bool(o, "toplevel", def->toplevel) < 0 ||
	    json_bool(o, "static", def->is_static) < 0 ||
	    json_bool(o, "macro_generated", def->from_macro) < 0 ||
	    json_bool(o, "unmigratable", def->unmigratable) < 0 ||
	    vg_json_add_num(o, "minimum_version_id_old", def->minimum_version_id_old) < 0 ||
	    !(cbs = cJSON_AddArrayToObject(o, "callbacks")))
		goto fail;
	for (b = 1; b < (1u << VG_CB__COUNT); b <<= 1) {
		if (!(def->callbacks & b))
			continue;
		if (!(item = cJSON_CreateString(vg_scan_callback_name(b))))
			goto fail;
		cJSON_AddItemToArray(cbs, item);
	}
	if (!(item = json_desc(&def->desc)))
		goto fail;
	cJSON_AddItemToObject(o, "description", item);
	return json_print(out, o, first);
fail:
	cJSON_Delete(o);
	return vg_error("out of memory");
}

static int json_warning(FILE *out, const struct vg_finding *f, int first)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || json_str(o, "rule", vg_rule_info(f->rule)->id) < 0 ||
	    json_str(o, "severity", vg_severity_name(f->severity)) < 0 ||
	    json_str(o, "file", f->file) < 0 || vg_json_add_num(o, "line", f->line) < 0 ||
	    json_str(o, "message", f->message) < 0) {
		cJSON_Delete(o);
		return vg_error("out of memory");
	}
	return json_print(out, o, first);
}

static int has_ext(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (!strcmp(dot, ".c") || !strcmp(dot, ".h") || !strcmp(dot, ".inc"));
}

/*
 * A description listing two subsections of one .name: the loader takes
 * the first of a name for both streams, a break of the build with itself
 * (error). Each definition's own list; nested ones are definitions too.
 */
static int check_dup_subsections(struct scan_run *run, const struct vg_scan_def *d)
{
	const struct vg_desc *desc = &d->desc;
	size_t i, k;

	for (i = 0; i < desc->nr_subsections; i++) {
		const struct vg_desc *a = &desc->subsections[i];

		for (k = i + 1; a->name && k < desc->nr_subsections; k++) {
			const struct vg_desc *b = &desc->subsections[k];
			struct vg_finding *f;

			if (!b->name || strcmp(a->name, b->name))
				continue;
			f = vg_findings_add(&run->warnings, VG_RULE_SUBSECTION_DUPLICATE, NULL,
					    desc->name, a->name, NULL, a->name,
					    "%s lists two subsections named '%s' (%s and %s): the "
					    "destination loads both streams into the first",
					    desc->var ? desc->var : "?", a->name,
					    a->var ? a->var : "?", b->var ? b->var : "?");
			if (!f || vg_finding_set(&f->file, desc->file) < 0)
				return -1;
			f->line = b->line ? b->line : desc->line;
			break;
		}
	}
	return 0;
}

static int scan_one(struct scan_run *run, const char *path)
{
	struct vg_scan_result res = VG_SCAN_RESULT_INIT;
	char *text;
	size_t len, i;
	int r;

	if (vg_read_file(path, &text, &len) < 0)
		return -1;
	if (!vg_scan_may_define(text, len)) {
		free(text);
		run->warnings.files_scanned++;
		return 0;
	}
	r = vg_scan_buffer(&run->opts, path, text, len, &res, &run->warnings);
	free(text);
	if (r < 0) {
		vg_scan_result_release(&res);
		return -2;
	}
	for (i = 0; i < res.nr; i++) {
		if (check_dup_subsections(run, &res.defs[i]) < 0) {
			vg_scan_result_release(&res);
			return -2;
		}
		if (run->fmt == VG_FORMAT_JSON) {
			if (json_def(run->out, &res.defs[i], !run->nr_defs) < 0) {
				vg_scan_result_release(&res);
				return -2;
			}
		} else {
			text_def(run->out, &res.defs[i], run->brief);
		}
		run->nr_defs++;
	}
	vg_scan_result_release(&res);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when st's file was scanned already (a hard link, a path given twice), -1 on error. */
static int seen_before(struct scan_run *run, const struct stat *st)
{
	struct file_id id;
	uint64_t h;
	size_t pos = 0, i;

	memset(&id, 0, sizeof(id));
	id.dev = st->st_dev;
	id.ino = st->st_ino;
	h = vg_hash_mem(&id, sizeof(id));
	while ((i = vg_hashmap_next(&run->seen_map, h, &pos)) != VG_HASHMAP_NONE)
		if (run->seen[i].dev == id.dev && run->seen[i].ino == id.ino)
			return 1;
	if (VG_GROW(run->seen, run->alloc_seen, run->nr_seen + 1) < 0 ||
	    vg_hashmap_add(&run->seen_map, h, run->nr_seen) < 0)
		return -1;
	run->seen[run->nr_seen++] = id;
	return 0;
}

/*
 * Returns 0, -1 for an unreadable path (reported), -2 internal error.
 * A path given (top) is followed if it is a link; inside a directory the
 * walk is find -P's: links are not followed (no cycles), and only regular
 * files are read (a FIFO would block), each file once.
 */
static int scan_path(struct scan_run *run, const char *path, int top)
{
	struct stat st;
	DIR *dir;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	int ret = 0, r;

	if ((top ? stat(path, &st) : lstat(path, &st)) < 0) {
		vg_error("cannot read '%s': %s", path, vg_open_problem(path, errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (!top && (!S_ISREG(st.st_mode) || !has_ext(path)))
			return 0;
		if (top && !S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
			vg_error("cannot read '%s': not a regular file", path);
			return -1;
		}
		if (S_ISREG(st.st_mode) && (r = seen_before(run, &st)))
			return r < 0 ? -2 : 0;
		return scan_one(run, path);
	}
	if (!(dir = opendir(path))) {
		vg_error("cannot open directory '%s': %s", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		if (VG_GROW(names, alloc, n + 1) < 0 ||
		    !(names[n] = vg_asprintf("%s/%s", path, e->d_name))) {
			ret = -2;
			break;
		}
		n++;
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		r = ret == -2 ? 0 : scan_path(run, names[i], 0);

		if (r == -2 || (r == -1 && ret == 0))
			ret = r;
		free(names[i]);
	}
	free(names);
	return ret;
}

int cmd_scan(int argc, char **argv)
{
	struct scan_run run;
	struct vg_macros macros = VG_MACROS_INIT;
	struct vg_opt_headers headers = VG_OPT_HEADERS_INIT;
	size_t i;
	const char *rules_dir = NULL;
	int argi, nargs, ret = VG_EXIT_OK, failed = 0;
	const struct vg_option options[] = {
		VG_OPT_FORMAT(&run.fmt, vg_formats_listing),
		VG_OPT_FLAG(0, "brief", &run.brief, "text: one line per definition"),
		VG_OPT_HEADER(&headers, "read #defines, enumerators and structs from HEADER too"),
		VG_OPT_RULES(&rules_dir),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = {
		.name = "scan",
		.synopsis = scan_synopsis,
		.description =
			"Lists the VMStateDescription definitions of C files: variable, .name,\n"
			"versions, fields (macro, wire size, version, test, line), subsections,\n"
			"callbacks and #if condition. Directories are walked for *.c, *.h, *.inc.",
		.options = options,
		.epilogue =
			"Warnings (scan-unparsed, unknown-macro, initializer-duplicate) and errors\n"
			"(subsection-duplicate: one description listing two subsections of one\n"
			".name) go to stderr in text format.\n"
			"exit status: 0 scanned, 1 an error found, 2 a path cannot be read or bad\n"
			"usage",
	};

	memset(&run, 0, sizeof(run));
	run.fmt = VG_FORMAT_TEXT;
	run.out = stdout;
	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		goto done;
	if (!nargs) {
		ret = vg_opt_usage_error(&cmd, "needs a file or directory to scan");
		goto done;
	}
	if (vg_macros_load_default(&macros, rules_dir) < 0) {
		ret = VG_EXIT_USAGE;
		goto done;
	}
	run.opts.macros = &macros;
	run.opts.headers = headers.items;
	run.opts.nr_headers = headers.nr;
	if (run.fmt == VG_FORMAT_JSON)
		fputs("{\"definitions\":[", run.out);
	for (argi = 0; argi < nargs; argi++) {
		int r = scan_path(&run, argv[argi], 1);

		if (r == -2) {
			ret = VG_EXIT_INTERNAL;
			goto done;
		}
		if (r < 0)
			failed = 1;
	}
	vg_findings_sort(&run.warnings);
	if (run.fmt == VG_FORMAT_JSON) {
		fputs("\n],\"warnings\":[", run.out);
		for (i = 0; i < run.warnings.nr; i++) {
			if (json_warning(run.out, &run.warnings.items[i], !i) < 0) {
				ret = VG_EXIT_INTERNAL;
				goto done;
			}
		}
		fprintf(run.out, "\n],\"files_scanned\":%zu,\"definitions_found\":%zu}\n",
			run.warnings.files_scanned, run.nr_defs);
	} else {
		for (i = 0; i < run.warnings.nr; i++) {
			const struct vg_finding *f = &run.warnings.items[i];

			fprintf(stderr, "%s:%u: %s: %s [%s]\n", f->file ? f->file : "?",
				f->line, f->severity == VG_SEV_ERROR ? "error" : "warning",
				f->message, vg_rule_info(f->rule)->id);
		}
		size_t errors = vg_findings_count(&run.warnings, VG_SEV_ERROR);

		if (errors)
			fprintf(stderr, "vmstate-gate: scan: %zu definitions in %zu files, "
				"%zu errors, %zu warnings\n", run.nr_defs,
				run.warnings.files_scanned, errors, run.warnings.nr - errors);
		else
			fprintf(stderr, "vmstate-gate: scan: %zu definitions in %zu files, "
				"%zu warnings\n", run.nr_defs, run.warnings.files_scanned,
				run.warnings.nr);
	}
	if (fflush(run.out) || ferror(run.out)) {
		vg_error("cannot write the output");
		ret = VG_EXIT_INTERNAL;
	} else if (failed) {
		ret = VG_EXIT_USAGE;
	} else if (vg_findings_count(&run.warnings, VG_SEV_ERROR)) {
		ret = VG_EXIT_BREAKS;
	}
done:
	vg_opt_headers_release(&headers);
	vg_findings_release(&run.warnings);
	free(run.seen);
	vg_hashmap_release(&run.seen_map);
	vg_macros_release(&macros);
	return ret;
}
