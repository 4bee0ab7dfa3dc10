/*
 * vmstate-gate diff-source [--format FMT] [-v] [-I HEADER]... OLD.c NEW.c
 * Compares two versions of a C file at source level.
 */
#include "cmds.h"
#include "exitcode.h"
#include "macros.h"
#include "report.h"
#include "rules.h"
#include "srccmp.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vmstate-gate diff-source [--format FMT] [-v] [-I HEADER]... OLD.c NEW.c\n\n"
		"Compares the VMStateDescriptions of two versions of a C file: what the\n"
		"old version sends against what the new one loads, and the reverse for\n"
		"version bumps and new subsections. Either file may be /dev/null (added\n"
		"or deleted).\n\n"
		"  --format FMT   text (default), json, sarif, junit, codequality\n"
		"  -v             text: also print info findings\n"
		"  -I HEADER      read #defines (names, versions) from HEADER for both sides\n"
		"  --rules DIR    rules directory (default: see vmstate-gate(1))\n\n"
		"exit status: 0 no breaking change, 1 breaks found, 2 usage error or a file\n"
		"that cannot be read, 3 internal error\n");
}

static int is_devnull(const char *p)
{
	return !strcmp(p, "/dev/null");
}

int cmd_diff_source(int argc, char **argv)
{
	struct vg_findings out = VG_FINDINGS_INIT;
	struct vg_macros macros = VG_MACROS_INIT;
	struct vg_rules rules = VG_RULES_INIT;
	struct vg_srccmp_opts opts;
	struct vg_report_opts ropts;
	struct vg_scan_header *headers = NULL;
	char **texts = NULL, *old_buf = NULL, *new_buf = NULL, *subject = NULL;
	size_t nr_headers = 0, old_len = 0, new_len = 0, i;
	const char *rules_dir = NULL, *old_path, *new_path;
	enum vg_format fmt = VG_FORMAT_TEXT;
	int argi, verbose = 0, ret = VG_EXIT_OK;

	memset(&opts, 0, sizeof(opts));
	memset(&ropts, 0, sizeof(ropts));
	headers = vg_calloc((size_t)argc, sizeof(*headers));
	texts = vg_calloc((size_t)argc, sizeof(*texts));
	if (!headers || !texts) {
		ret = VG_EXIT_INTERNAL;
		goto done;
	}
	for (argi = 1; argi < argc; argi++) {
		const char *a = argv[argi];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			goto done;
		} else if (!strcmp(a, "--format") && argi + 1 < argc) {
			if (vg_format_parse(argv[++argi], &fmt) < 0) {
				ret = VG_EXIT_USAGE;
				goto done;
			}
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			verbose = 1;
		} else if (!strcmp(a, "--rules") && argi + 1 < argc) {
			rules_dir = argv[++argi];
		} else if (!strcmp(a, "-I") && argi + 1 < argc) {
			const char *h = argv[++argi];
			size_t len;

			if (vg_read_file(h, &texts[nr_headers], &len) < 0) {
				ret = VG_EXIT_USAGE;
				goto done;
			}
			headers[nr_headers].name = h;
			headers[nr_headers].text = texts[nr_headers];
			headers[nr_headers].len = len;
			nr_headers++;
		} else if (!strcmp(a, "--")) {
			argi++;
			break;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "vmstate-gate: diff-source: unknown option '%s'\n", a);
			usage(stderr);
			ret = VG_EXIT_USAGE;
			goto done;
		} else {
			break;
		}
	}
	if (argc - argi != 2) {
		usage(stderr);
		ret = VG_EXIT_USAGE;
		goto done;
	}
	old_path = argv[argi];
	new_path = argv[argi + 1];
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
	opts.old_headers = opts.new_headers = headers;
	opts.nr_old_headers = opts.nr_new_headers = nr_headers;
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
	ret = vg_findings_count(&out, VG_SEV_ERROR) ? VG_EXIT_BREAKS : VG_EXIT_OK;
done:
	for (i = 0; texts && i < nr_headers; i++)
		free(texts[i]);
	free(texts);
	free(headers);
	free(old_buf);
	free(new_buf);
	free(subject);
	vg_findings_release(&out);
	vg_macros_release(&macros);
	vg_rules_release(&rules);
	return ret;
}
