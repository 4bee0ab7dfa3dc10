/*
 * vmstate-gate compare OLD.json NEW.json
 *
 * Also accepts the command line of QEMU's scripts/vmstate-static-checker.py
 * (-s/--src OLD -d/--dest NEW [--reverse]) so that it can stand in for it.
 */
#include "cmds.h"
#include "compare.h"
#include "dump.h"
#include "exitcode.h"
#include "report.h"
#include "rules.h"
#include "util.h"

#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct load_job {
	const char *path;
	struct vg_dump *dump;
	int ret;
};

static void *load_thread(void *arg)
{
	struct load_job *job = arg;

	job->ret = vg_dump_load(job->path, job->dump);
	return NULL;
}

/* Both dumps at once: parsing is most of a comparison's time. */
static int load_both(const char *a, struct vg_dump *da, const char *b, struct vg_dump *db)
{
	struct load_job job = { b, db, -1 };
	pthread_t tid;
	int ra;

	if (pthread_create(&tid, NULL, load_thread, &job)) {
		memset(db, 0, sizeof(*db));
		if (vg_dump_load(a, da) < 0)
			return -1;
		return vg_dump_load(b, db);
	}
	ra = vg_dump_load(a, da);
	pthread_join(tid, NULL);
	return ra < 0 || job.ret < 0 ? -1 : 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vmstate-gate compare [options] OLD.json NEW.json\n"
		"   or: vmstate-gate compare [options] -s OLD.json -d NEW.json\n"
		"\n"
		"Compares two -dump-vmstate files by what they put on the wire: can a\n"
		"VM migrate from OLD (the source) to NEW (the destination)?\n"
		"\n"
		"  -s, --src FILE       the source dump (OLD)\n"
		"  -d, --dest FILE      the destination dump (NEW)\n"
		"  -r, --reverse        check the other direction: NEW -> OLD\n"
		"      --range A..B     the releases compared (e.g. v8.2.0..v9.0.0):\n"
		"                       waive the breaks rules/known-breaks lists for them\n"
		"      --format FMT     text (default), json, sarif, junit, codequality\n"
		"  -v, --verbose        also print info findings (text)\n"
		"  -h, --help           this help\n"
		"\n"
		"exit status: 0 no errors, 1 errors found, 2 usage or input error\n"
		"(including a run that compared no section), 3 internal error\n");
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "src", required_argument, NULL, 's' },
		{ "dest", required_argument, NULL, 'd' },
		{ "reverse", no_argument, NULL, 'r' },
		{ "range", required_argument, NULL, 'R' },
		{ "format", required_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *src_path = NULL, *dst_path = NULL, *range = NULL, *tmp;
	struct vg_dump src = { 0 }, dst = { 0 };
	struct vg_rules rules = VG_RULES_INIT;
	struct vg_findings findings = VG_FINDINGS_INIT;
	struct vg_report_opts ropts = { "compare", 0, NULL };
	enum vg_format fmt = VG_FORMAT_TEXT;
	char *subject = NULL;
	int reverse = 0, c, ret = VG_EXIT_USAGE;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:d:rvh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			src_path = optarg;
			break;
		case 'd':
			dst_path = optarg;
			break;
		case 'r':
			reverse = 1;
			break;
		case 'R':
			range = optarg;
			break;
		case 'f':
			if (vg_format_parse(optarg, &fmt) < 0)
				return VG_EXIT_USAGE;
			break;
		case 'v':
			ropts.verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return VG_EXIT_OK;
		case ':':
			fprintf(stderr, "vmstate-gate: compare: option '%s' needs a value\n",
				argv[optind - 1]);
			usage(stderr);
			return VG_EXIT_USAGE;
		default:
			fprintf(stderr, "vmstate-gate: compare: unknown option '%s'\n",
				argv[optind - 1]);
			usage(stderr);
			return VG_EXIT_USAGE;
		}
	}
	for (; optind < argc; optind++) {
		if (!src_path) {
			src_path = argv[optind];
		} else if (!dst_path) {
			dst_path = argv[optind];
		} else {
			fprintf(stderr, "vmstate-gate: compare: too many arguments ('%s')\n",
				argv[optind]);
			usage(stderr);
			return VG_EXIT_USAGE;
		}
	}
	if (!src_path || !dst_path) {
		fprintf(stderr, "vmstate-gate: compare: needs two dumps, OLD.json and NEW.json\n");
		usage(stderr);
		return VG_EXIT_USAGE;
	}
	if (range && vg_compare_apply_known_breaks(NULL, range, &findings) < 0)
		return VG_EXIT_USAGE;
	if (reverse) {
		tmp = src_path;
		src_path = dst_path;
		dst_path = tmp;
	}

	if (load_both(src_path, &src, dst_path, &dst) < 0)
		goto done;
	ret = VG_EXIT_INTERNAL;
	if (vg_rules_load(&rules, NULL) < 0) {
		ret = VG_EXIT_USAGE;
		goto done;
	}
	if (vg_compare_dumps(&src, &dst, &rules, &findings) < 0)
		goto done;
	if (!findings.sections_compared) {
		fprintf(stderr, "vmstate-gate: compare: no section of %s was found in %s: "
			"nothing was compared, which is not a pass\n", src_path, dst_path);
		ret = VG_EXIT_USAGE;
		goto done;
	}
	if (range && vg_compare_apply_known_breaks(&rules, range, &findings) < 0)
		goto done;
	vg_findings_dedup(&findings);
	vg_findings_sort(&findings);
	subject = vg_asprintf("%s -> %s", src_path, dst_path);
	ropts.subject = subject;
	if (vg_report_write(stdout, fmt, &findings, &ropts) < 0)
		goto done;
	ret = vg_findings_count(&findings, VG_SEV_ERROR) ? VG_EXIT_BREAKS : VG_EXIT_OK;
done:
	free(subject);
	vg_findings_release(&findings);
	vg_rules_release(&rules);
	vg_dump_release(&src);
	vg_dump_release(&dst);
	return ret;
}
