/*
 * vmstate-gate diff-source [--format FMT] [-v] [-I HEADER]... OLD.c NEW.c
 * Compares two versions of a C file at source level.
 */
#include "cli/cmds.h"
#include "core/exitcode.h"
#include "core/macros.h"
#include "cli/options.h"
#include "report/report.h"
#include "core/rules.h"
#include "compare/srccmp.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const diff_source_synopsis[] = {
	"diff-source [options] OLD.c NEW.c",
	NULL,
};

static int is_devnull(const char *p)
{
	return !strcmp(p, "/dev/null");
}

/*
 * Never fail open: two files with no description the scanner could follow
 * (a wrong path, a file it cannot parse) compared nothing. Scanner
 * warnings alone are not a verdict; a section added or removed is.
 */
static int judged_anything(const struct vg_findings *out)
{
	size_t i;

	if (out->sections_compared)
		return 1;
	for (i = 0; i < out->nr; i++)
		if (out->items[i].rule != VG_RULE_SCAN_UNPARSED &&
		    out->items[i].rule != VG_RULE_UNKNOWN_MACRO)
			return 1;
	return 0;
}

int cmd_diff_source(int argc, char **argv)
{
	struct vg_findings out = VG_FINDINGS_INIT;
	struct vg_macros macros = VG_MACROS_INIT;
	struct vg_rules rules = VG_RULES_INIT;
	struct vg_srccmp_opts opts;
	struct vg_report_opts ropts;
	struct vg_opt_headers headers = VG_OPT_HEADERS_INIT;
	char *old_buf = NULL, *new_buf = NULL, *subject = NULL;
	size_t old_len = 0, new_len = 0;
	const char *rules_dir = NULL, *old_path, *new_path;
	enum vg_format fmt = VG_FORMAT_TEXT;
	int nargs, verbose = 0, ret = VG_EXIT_OK;
	const struct vg_option options[] = {
		VG_OPT_FORMAT(&fmt, vg_formats_findings),
		VG_OPT_VERBOSE(&verbose),
		VG_OPT_HEADER(&headers, "read #defines, enumerators and structs from HEADER for both sides"),
		VG_OPT_RULES(&rules_dir),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = {
		.name = "diff-source",
		.synopsis = diff_source_synopsis,
		.description =
			"Compares the VMStateDescriptions of two versions of a C file: what the\n"
			"old version sends against what the new one loads, and the reverse for\n"
			"version bumps and new subsections. Either file may be /dev/null (added\n"
			"or deleted).",
		.options = options,
		.epilogue =
			"exit status: 0 no breaking change, 1 breaks found, 2 usage error or a file\n"
			"that cannot be read, 3 internal error",
	};

	memset(&opts, 0, sizeof(opts));
	memset(&ropts, 0, sizeof(ropts));
	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		goto done;
	if (nargs != 2) {
		ret = vg_opt_usage_error(&cmd, "needs two files, OLD.c and NEW.c");
		goto done;
	}
	old_path = argv[0];
	new_path = argv[1];
	if ((!is_devnull(old_path) && vg_read_file(old_path, &old_buf, &old_len) < 0) ||
	    (!is_devnull(new_path) && vg_read_file(new_path, &new_buf, &new_len) < 0)) {
		ret = VG_EXIT_USAGE;
		goto done;
	}
	if (vg_rules_load(&rules, rules_dir) < 0 ||
	    vg_macros_load_default(&macros, rules.dir ? rules.dir : rules_dir) < 0) {
		ret = VG_EXIT_USAGE;
		goto done;
	}
	opts.rules = &rules;
	opts.macros = &macros;
	opts.old_headers = opts.new_headers = headers.items;
	opts.nr_old_headers = opts.nr_new_headers = headers.nr;
	if (vg_diff_source(&opts, old_path, old_buf, old_len, new_path, new_buf, new_len,
			   &out) < 0) {
		ret = VG_EXIT_INTERNAL;
		goto done;
	}
	vg_findings_dedup(&out);
	vg_findings_sort(&out);
	subject = vg_asprintf("%s -> %s", old_path, new_path);
	ropts.command = "diff-source";
	ropts.verbose = verbose;
	ropts.subject = subject;
	if (vg_report_write(stdout, fmt, &out, &ropts) < 0) {
		ret = VG_EXIT_INTERNAL;
		goto done;
	}
	if (!judged_anything(&out)) {
		fprintf(stderr, "vmstate-gate: diff-source: no VMStateDescription was compared "
			"in '%s' and '%s': nothing judged, not a pass\n", old_path, new_path);
		ret = VG_EXIT_USAGE;
		goto done;
	}
	ret = vg_findings_count(&out, VG_SEV_ERROR) ? VG_EXIT_BREAKS : VG_EXIT_OK;
done:
	vg_opt_headers_release(&headers);
	free(old_buf);
	free(new_buf);
	free(subject);
	vg_findings_release(&out);
	vg_macros_release(&macros);
	vg_rules_release(&rules);
	return ret;
}
