/*
 * vmstate-gate check: the git gate over staged changes, a commit or a
 * range (see gate.h for the judgement, waiver.h for the trailers).
 */
#include "cli/cmds.h"
#include "core/exitcode.h"
#include "git/gate.h"
#include "cli/options.h"
#include "git/repo.h"
#include "report/report.h"
#include "core/util.h"
#include "git/waiver.h"
#include "dumps/check.h"
#include "dumps/proc.h"
#include "cli/check-confirm.h"
#include "cli/migrate-opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const check_synopsis[] = {
	"[-C PATH] check [options] --staged",
	"[-C PATH] check [options] [REV | A..B | REV ^EXCLUDE...]",
	NULL,
};

struct check_opts {
	int staged;
	const char *message_file;
	const char *baseline;
	int since_baseline;
	enum vg_format format;
	int notes;
	int verbose;
	int quiet;
	int no_progress;
	struct vg_dumps_check_opts dumps;
	struct vg_check_confirm confirm;
	char **revs;
	size_t nr_revs;
};

/* The combinations the options do not allow. */
static int check_combinations(const struct vg_opt_command *cmd, const struct check_opts *o)
{
	if (o->staged && o->nr_revs)
		return vg_opt_usage_error(cmd, "--staged takes no revision");
	if (o->message_file && !o->staged)
		return vg_opt_usage_error(cmd, "--message goes with --staged "
					  "(commits carry their own message)");
	if (o->since_baseline && (o->staged || o->nr_revs > 1))
		return vg_opt_usage_error(cmd, "--since-baseline takes one revision");
	if (o->dumps.build_baseline && (o->staged || o->dumps.no_build))
		return vg_opt_usage_error(cmd, o->staged ? "--build-baseline goes with a commit "
					  "or a range (the index is judged source-only)" :
					  "--build-baseline and --no-build exclude each other");
	if (o->notes && o->staged)
		return vg_opt_usage_error(cmd, "--notes annotates commits, not the index");
	if (o->confirm.on && o->staged)
		return vg_opt_usage_error(cmd, "--confirm goes with a commit or a range");
	return vg_check_confirm_usage(&o->confirm, o->dumps.build_baseline);
}

/* The trailer lines that would waive the unwaived errors, per commit. */
static void print_advice(FILE *out, const struct vg_findings *list)
{
	size_t i, k, printed = 0;

	for (i = 0; i < list->nr; i++) {
		const struct vg_finding *f = &list->items[i];
		struct vg_buf lines = VG_BUF_INIT;
		int seen = 0;

		/* Once per commit (the list is grouped by commit). */
		for (k = 0; k < i && !seen; k++)
			seen = (f->commit == NULL) == (list->items[k].commit == NULL) &&
			       (!f->commit || !strcmp(f->commit, list->items[k].commit));
		if (seen)
			continue;
		if (f->commit) {
			if (vg_waiver_suggest_lines(list, i, f->commit, "\n    ", &lines) < 0)
				break;
		} else {
			struct vg_findings view = *list;

			/* No commit: the index, or the range as a whole. */
			view.nr = i;
			while (view.nr < list->nr && !list->items[view.nr].commit)
				view.nr++;
			if (vg_waiver_suggest_lines(&view, i, NULL, "\n    ", &lines) < 0)
				break;
		}
		if (lines.len) {
			if (!printed++)
				fprintf(out, "\nIf the break is deliberate, say why in a trailer at the "
					     "end of the commit message (replace <reason>):\n");
			if (f->commit)
				fprintf(out, "  in commit %.12s:\n", f->commit);
			fprintf(out, "    %s\n", lines.buf);
		}
		vg_buf_release(&lines);
	}
}

/*
 * Open the repository and judge what o asks for into list: VG_EXIT_OK, or
 * the exit code of the failure.
 */
static int run_gate(const struct check_opts *o, const char *message, struct vg_repo **repo,
		    struct vg_gate **gate, struct vg_findings *list)
{
	struct vg_gate_opts gopts = { NULL, 0, NULL };
	char *head_rev[] = { "HEAD" };
	const struct vg_gate_stats *st;
	int err;

	if (vg_repo_open(repo) < 0)
		return VG_EXIT_USAGE;
	gopts.baseline = o->baseline;
	gopts.progress = !o->no_progress;
	gopts.notes_ref = o->notes ? "refs/notes/vmstate" : NULL;
	if (vg_gate_new(gate, *repo, &gopts) < 0)
		return VG_EXIT_USAGE;
	if (o->staged)
		err = vg_gate_staged(*gate, message, list);
	else if (o->nr_revs)
		err = vg_gate_commits(*gate, o->revs, o->nr_revs, o->since_baseline, list);
	else
		err = vg_gate_commits(*gate, head_rev, 1, o->since_baseline, list);
	if (err < 0) {
		fprintf(stderr, "vmstate-gate: check: could not check; nothing was judged\n");
		return vg_gate_failure(*gate);
	}
	st = vg_gate_stats(*gate);
	list->commits_checked = o->staged ? 0 : st->commits;
	if (!list->files_scanned)
		list->files_scanned = st->units;
	return VG_EXIT_OK;
}

/*
 * The dump side of the gate (dumps/check.h): compare the release's dumps
 * with the checked commit's and merge them into list.  -1 with *ret set.
 */
static int run_dumps(struct check_opts *o, struct vg_repo *repo, const char *message,
		     struct vg_findings *list, int *ret)
{
	char *head_rev[] = { "HEAD" }, *messages[1];

	/* The index: only with vmstate-gate.stagedDumps, its message waiving. */
	o->dumps.staged = o->staged;
	if (o->staged && message) {
		messages[0] = (char *)message;
		o->dumps.messages = messages;
		o->dumps.nr_messages = 1;
	}

	o->dumps.rev = vg_dumps_check_rev(o->nr_revs ? o->revs : head_rev,
					  o->nr_revs ? o->nr_revs : 1);
	o->dumps.baseline = o->baseline;
	if (o->confirm.on) {
		/* The migrations need the dump sections and the baseline's build. */
		o->dumps.raw = &o->confirm.raw;
		o->dumps.scratch = &o->confirm.scratch;
	}
	if (vg_dumps_check(repo, &o->dumps, list, ret) < 0) {
		fprintf(stderr, "vmstate-gate: check: could not compare the dumps\n");
		o->dumps.messages = NULL;
		return -1;
	}
	o->dumps.messages = NULL;
	return 0;
}

/* The baseline, and how many of the commits changed VMState-relevant files. */
static void print_context(FILE *info, const struct check_opts *o, const struct vg_gate_stats *st)
{
	if (st->baseline)
		fprintf(info, "baseline: %s\n", st->baseline);
	if (!st->relevant)
		fprintf(info, "no VMState-relevant %schange in %s\n",
			o->dumps.machines ? "source " : "", o->staged ? "the staged changes" :
			st->commits == 1 ? "this commit" : "these commits");
	if (!st->relevant && o->dumps.machines)
		fprintf(info, "the dumps were compared all the same, on %zu machine types\n",
			o->dumps.machines);
	else if (!o->staged && st->commits > 1)
		fprintf(info, "%zu of %zu commits change VMState-relevant files\n",
			st->relevant, st->commits);
}

int cmd_check(int argc, char **argv)
{
	struct check_opts o = {
		.format = VG_FORMAT_TEXT,
		.confirm = { 0, { NULL, NULL, NULL, "tcg", 1, 3, 30, 1 }, VG_FINDINGS_INIT,
			     { NULL, NULL } },
	};
	struct vg_findings list = VG_FINDINGS_INIT;
	struct vg_report_opts ropts = { "check", 0, NULL };
	struct vg_repo *repo = NULL;
	struct vg_gate *gate = NULL;
	struct sigaction held[2];
	int holding = 0;
	char *message = NULL;
	size_t len;
	FILE *info;
	int ret = VG_EXIT_INTERNAL, nargs;
	const struct vg_option options[] = {
		VG_OPT_CALLBACK('C', NULL, NULL, "PATH",
				"run in PATH (GIT_DIR and GIT_INDEX_FILE are honoured)",
				vg_opt_chdir_cb),
		VG_OPT_FLAG(0, "staged", &o.staged, "the index against HEAD (the pre-commit hook)"),
		{ .kind = VG_OPT_KIND_FLAG, .long_name = "cached", .value = &o.staged,
		  .flags = VG_OPT_HIDDEN },
		VG_OPT_STRING(0, "message", &o.message_file, "FILE",
			      "with --staged: the commit message being written; its\n"
			      "Migration-Break trailers waive (the commit-msg hook)"),
		{ .kind = VG_OPT_KIND_STRING, .short_name = 'F', .value = &o.message_file,
		  .argh = "FILE", .flags = VG_OPT_HIDDEN },
		VG_OPT_STRING(0, "baseline", &o.baseline, "REV",
			      "compare with REV instead of the previous release"),
		VG_OPT_FLAG(0, "since-baseline", &o.since_baseline,
			    "check every commit from the baseline to REV"),
		VG_OPT_FORMAT(&o.format, vg_formats_findings),
		VG_OPT_FLAG(0, "notes", &o.notes,
			    "write each commit's result as a git note under\n"
			    "refs/notes/vmstate"),
		VG_OPT_FLAG('q', "quiet", &o.quiet,
			    "text: no baseline and summary notes (the trailer\n"
			    "lines for unwaived errors are always printed)"),
		VG_OPT_VERBOSE(&o.verbose),
		VG_OPT_FLAG(0, "no-progress", &o.no_progress,
			    "no progress on stderr for long ranges"),
		VG_OPT_FLAG(0, "no-build", &o.dumps.no_build,
			    "dumps: use cached or published ones only, build nothing"),
		VG_OPT_FLAG(0, "build-baseline", &o.dumps.build_baseline,
			    "dumps: none of the baseline cached or published: build\n"
			    "it in a scratch copy of its tree and dump it"),
		VG_OPT_FLAG(0, "confirm", &o.confirm.on,
			    "migrate the devices behind each error from the\n"
			    "baseline's binary to the build's (see migrate)"),
		VG_OPT_STRING(0, "src-qemu", &o.confirm.mig.src_qemu, "QEMU",
			      "--confirm: the baseline's binary (default: the one\n"
			      "--build-baseline built in this run)"),
		VG_OPT_STRING(0, "dst-qemu", &o.confirm.mig.dst_qemu, "QEMU",
			      "--confirm: the build's binary (default: OLD's name in\n"
			      "vmstate-gate.buildDir)"),
		VG_OPT_STRING('M', "machine", &o.confirm.mig.machine, "MACHINE",
			      "--confirm: the machine type (default: the first an\n"
			      "error names)"),
		VG_OPT_CALLBACK('j', "jobs", &o.confirm.mig.jobs, "N",
				"--confirm: migrate N devices at once", vg_opt_uint_cb),
		VG_OPT_CALLBACK(0, "repeat", &o.confirm.mig.repeat, "N",
				"--confirm: cross-version runs once one fails (default 3)",
				vg_opt_uint_cb),
		VG_OPT_CALLBACK(0, "timeout", &o.confirm.mig.timeout, "S",
				"--confirm: seconds per step (default 30)", vg_opt_seconds_cb),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = {
		.name = "check",
		.synopsis = check_synopsis,
		.description =
			"Judges what a change does to migration compatibility with the previous\n"
			"release (the newest vX.Y.Z tag on first-parent history, else the commit\n"
			"that set VERSION to a release): a commit is flagged for the breaks it\n"
			"introduces, not for those it repairs. REV defaults to HEAD.",
		.options = options,
		.epilogue =
			"Waive a deliberate break with a trailer in the commit message:\n"
			"   " VG_WAIVER_GRAMMAR "\n"
			"\n"
			"exit status: 0 clean or all waived, 1 unwaived errors, 2 usage or input\n"
			"error, 3 internal error or no baseline, 130/143 interrupted (with\n"
			"--build-baseline or --confirm: what it started is gone first)",
		/* Like git log: revisions and options in any order, up to --. */
		.flags = VG_OPT_INTERMIX,
	};

	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		return ret;
	o.revs = argv;
	o.nr_revs = (size_t)nargs;
	if ((ret = check_combinations(&cmd, &o)) != VG_EXIT_OK)
		goto done;
	ret = VG_EXIT_INTERNAL;
	if (o.message_file && vg_read_file(o.message_file, &message, &len) < 0) {
		ret = VG_EXIT_USAGE;
		goto done;
	}
	if ((ret = run_gate(&o, message, &repo, &gate, &list)) != VG_EXIT_OK)
		goto done;
	/*
	 * The dump side (git config vmstate-gate.dumps; the index with
	 * stagedDumps). A baseline built here lives in a scratch directory
	 * until the end: Ctrl-C is held so that it is removed first.
	 */
	if (o.dumps.build_baseline) {
		vg_proc_hold_signals(held);
		holding = 1;
	}
	if (run_dumps(&o, repo, message, &list, &ret) < 0 || (holding && vg_proc_interrupted()))
		goto interrupted_or_done;
	if (o.confirm.on &&
	    (ret = vg_check_confirm_run(repo, &o.confirm, &list, o.dumps.machines, o.format)) >= 0)
		goto done;
	ropts.verbose = o.verbose;
	if (vg_report_write(stdout, o.format, &list, &ropts) < 0) {
		ret = VG_EXIT_INTERNAL;
		goto done;
	}
	/* Context and advice: stdout for text, stderr beside machine formats. */
	info = o.format == VG_FORMAT_TEXT ? stdout : stderr;
	if (!o.quiet || o.format != VG_FORMAT_TEXT)
		print_context(info, &o, vg_gate_stats(gate));
	/* Unwaived errors always come with the trailer lines that waive them. */
	print_advice(info, &list);
	fflush(stdout);
	ret = vg_findings_count(&list, VG_SEV_ERROR) ? VG_EXIT_BREAKS : VG_EXIT_OK;
interrupted_or_done:
	if (holding && vg_proc_interrupted()) {
		vg_error("check: interrupted by signal %d; what it started is gone",
			 vg_proc_interrupted());
		ret = 128 + vg_proc_interrupted();
	}
done:
	vg_check_confirm_release(&o.confirm);
	if (holding)
		vg_proc_release_signals(held);
	vg_findings_release(&list);
	vg_gate_free(gate);
	vg_repo_free(repo);
	free(message);
	return ret;
}
