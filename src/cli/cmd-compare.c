/*
 * vmstate-gate compare OLD.json NEW.json
 *
 * Also accepts the command line of QEMU's scripts/vmstate-static-checker.py
 * (-s/--src OLD -d/--dest NEW [--reverse]) so that it can stand in for it.
 */
#include "cli/cmds.h"
#include "cli/migrate-opts.h"
#include "compare/compare.h"
#include "dump/dump.h"
#include "core/exitcode.h"
#include "cli/options.h"
#include "report/report.h"
#include "core/rules.h"
#include "core/util.h"
#include "migrate/confirm.h"
#include "migrate/proc.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
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

#ifdef __GLIBC__
	/*
	 * Each model is some 2 MB of small blocks. Grown 128 KiB at a time
	 * (malloc's default), the two threads' heaps took turns extending
	 * the address space, and the loads ran a third slower side by side
	 * than alone; grown 8 MiB at a time they do not meet.
	 */
	mallopt(M_TOP_PAD, 8 << 20);
#endif

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

/*
 * --confirm: migrate the devices behind the error findings between the
 * two binaries and mark the findings. Returns an exit code, or -1 to go on.
 */
static int confirm(struct vg_mig_opts *mopts, const struct vg_dump *dst,
		   struct vg_findings *findings, enum vg_format fmt)
{
	struct vg_mig_set devices = VG_MIG_SET_INIT;
	struct sigaction old[2];
	int r, ret = -1;

	if (!mopts->machine)
		mopts->machine = dst->machine;
	if (!mopts->machine) {
		fprintf(stderr, "vmstate-gate: compare: --confirm needs -M MACHINE: %s names "
			"no machine\n", dst->path);
		return VG_EXIT_USAGE;
	}
	mopts->quiet = 1;
	vg_mig_signals_catch(old);
	r = vg_mig_confirm(mopts, findings, &devices);
	vg_mig_signals_restore(old);
	if (vg_mig_stop) {
		fprintf(stderr, "vmstate-gate: compare: interrupted by signal %d; every QEMU it "
			"started is gone\n", (int)vg_mig_stop);
		ret = 128 + vg_mig_stop;
	} else if (r < 0) {
		ret = VG_EXIT_INTERNAL;
	} else if (fmt == VG_FORMAT_TEXT && devices.nr &&
		   vg_mig_write(stderr, VG_MIG_TEXT, &devices, mopts) < 0) {
		ret = VG_EXIT_INTERNAL;
	}
	vg_mig_set_release(&devices);
	return ret;
}

static const char *const compare_synopsis[] = {
	"compare [options] OLD.json NEW.json",
	"compare [options] -s OLD.json -d NEW.json",
	NULL,
};

int cmd_compare(int argc, char **argv)
{
	const char *src_path = NULL, *dst_path = NULL, *range = NULL, *tmp;
	struct vg_dump src = { 0 }, dst = { 0 };
	struct vg_rules rules = VG_RULES_INIT;
	struct vg_findings findings = VG_FINDINGS_INIT;
	struct vg_report_opts ropts = { "compare", 0, NULL };
	enum vg_format fmt = VG_FORMAT_TEXT;
	char *subject = NULL;
	struct vg_mig_opts mopts = { NULL, NULL, NULL, "tcg", 1, 3, 30, 1 };
	int reverse = 0, do_confirm = 0, nargs, i, ret = VG_EXIT_USAGE;
	const struct vg_option options[] = {
		VG_OPT_STRING('s', "src", &src_path, "FILE", "the source dump (OLD)"),
		VG_OPT_STRING('d', "dest", &dst_path, "FILE", "the destination dump (NEW)"),
		VG_OPT_FLAG('r', "reverse", &reverse, "check the other direction: NEW -> OLD"),
		VG_OPT_STRING(0, "range", &range, "A..B",
			      "the releases compared (e.g. v8.2.0..v9.0.0):\n"
			      "waive the breaks rules/known-breaks lists for them"),
		VG_OPT_FORMAT(&fmt, vg_formats_findings),
		VG_OPT_VERBOSE(&ropts.verbose),
		VG_OPT_FLAG(0, "confirm", &do_confirm,
			    "migrate the device behind each error between two real\n"
			    "binaries and mark it confirmed or not (see migrate)"),
		VG_OPT_STRING(0, "src-qemu", &mopts.src_qemu, "QEMU", "--confirm: OLD's binary"),
		VG_OPT_STRING(0, "dst-qemu", &mopts.dst_qemu, "QEMU", "--confirm: NEW's binary"),
		VG_OPT_STRING('M', "machine", &mopts.machine, "MACHINE",
			      "--confirm: the machine type (default: NEW's dump's)"),
		VG_OPT_CALLBACK('j', "jobs", &mopts.jobs, "N",
				"--confirm: migrate N devices at once", vg_opt_uint_cb),
		VG_OPT_CALLBACK(0, "repeat", &mopts.repeat, "N",
				"--confirm: cross-version runs once one fails (default 3)",
				vg_opt_uint_cb),
		VG_OPT_CALLBACK(0, "timeout", &mopts.timeout, "S",
				"--confirm: seconds per step (default 30)", vg_opt_seconds_cb),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = {
		.name = "compare",
		.synopsis = compare_synopsis,
		.description =
			"Compares two -dump-vmstate files by what they put on the wire: can a\n"
			"VM migrate from OLD (the source) to NEW (the destination)?",
		.options = options,
		.epilogue =
			"exit status: 0 no errors, 1 errors found, 2 usage or input error\n"
			"(including a run that compared no section), 3 internal error",
		/* Like getopt_long, which it used: options may follow the dumps. */
		.flags = VG_OPT_INTERMIX,
	};

	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		return ret;
	for (i = 0; i < nargs; i++) {
		if (!src_path)
			src_path = argv[i];
		else if (!dst_path)
			dst_path = argv[i];
		else
			return vg_opt_usage_error(&cmd, "too many arguments ('%s')", argv[i]);
	}
	if (!src_path || !dst_path)
		return vg_opt_usage_error(&cmd, "needs two dumps, OLD.json and NEW.json");
	ret = VG_EXIT_USAGE;
	if (do_confirm && (!mopts.src_qemu || !mopts.dst_qemu))
		return vg_opt_usage_error(&cmd, "--confirm needs --src-qemu and --dst-qemu");
	if (!do_confirm && (mopts.src_qemu || mopts.dst_qemu))
		return vg_opt_usage_error(&cmd, "--src-qemu and --dst-qemu go with --confirm");
	if (do_confirm && (vg_opt_qemu_ok("--src-qemu", mopts.src_qemu) < 0 ||
			   vg_opt_qemu_ok("--dst-qemu", mopts.dst_qemu) < 0))
		return VG_EXIT_USAGE;
	if (range && vg_compare_apply_known_breaks(NULL, range, &findings) < 0)
		return VG_EXIT_USAGE;
	if (reverse) {
		tmp = src_path;
		src_path = dst_path;
		dst_path = tmp;
		tmp = mopts.src_qemu;
		mopts.src_qemu = mopts.dst_qemu;
		mopts.dst_qemu = tmp;
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
	if (do_confirm && (ret = confirm(&mopts, &dst, &findings, fmt)) >= 0)
		goto done;
	ret = VG_EXIT_INTERNAL;
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
