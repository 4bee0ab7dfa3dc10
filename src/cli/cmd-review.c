/*
 * vmstate-gate review: the mailing-list gate. A patch series (git
 * format-patch / mbox output) is applied in memory on top of --base,
 * one patch after the other, and each patch is judged like a commit
 * whose message is the patch's subject and body; then the series as a
 * whole. The repository is not written: objects stay in memory, and the
 * index, the work tree and refs are never touched.
 */
#include "cli/cmds.h"
#include "dumps/check.h"
#include "core/exitcode.h"
#include "git/gate.h"
#include "mail/mbox.h"
#include "mail/store.h"
#include "cli/options.h"
#include "git/repo.h"
#include "report/report.h"
#include "core/util.h"
#include "git/waiver.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const review_synopsis[] = {
	"[-C PATH] review [options] SERIES.mbox",
	"[-C PATH] review [options] -",
	NULL,
};

static int read_input(const char *path, char **buf, size_t *len)
{
	struct vg_buf b = VG_BUF_INIT;
	char chunk[65536];
	size_t n;

	if (strcmp(path, "-"))
		return vg_read_file(path, buf, len);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (b.len + n > VG_MAX_INPUT || vg_buf_add(&b, chunk, n) < 0)
			break;
	if (b.len + n > VG_MAX_INPUT) {
		vg_buf_release(&b);
		return vg_error("the standard input is larger than the %zu MiB limit for an input file",
				VG_MAX_INPUT >> 20);
	}
	if (ferror(stdin) || b.failed) {
		vg_buf_release(&b);
		return vg_error("cannot read the standard input");
	}
	*len = b.len;
	if (!b.buf && vg_buf_add(&b, "", 0) < 0)
		return -1;
	*buf = vg_buf_detach(&b);
	return *buf ? 0 : -1;
}

/* The trailer lines that waive the unwaived errors of a patch (or the whole). */
static int advice_lines(const struct vg_findings *list, const char *label, struct vg_buf *lines)
{
	struct vg_findings view = *list;
	size_t i = 0;

	if (!label) {
		/* The series as a whole: its findings have no label. */
		while (i < list->nr && list->items[i].commit)
			i++;
		view.nr = i;
		while (view.nr < list->nr && !list->items[view.nr].commit)
			view.nr++;
	}
	return vg_waiver_suggest_lines(&view, i, label, "\n    ", lines);
}

/*
 * The machine types the message names go into its suggested trailers
 * that name none ("Migration-Break: foo/count (pc-q35-7.2): <reason>").
 */
static int add_machines(struct vg_buf *lines, const char *message)
{
	char *machines = vg_mbox_machine_types(message);
	struct vg_buf out = VG_BUF_INIT;
	const char *p, *r;

	if (!machines || !lines->len) {
		free(machines);
		return 0;
	}
	for (p = lines->buf; (r = strstr(p, ": <reason>"));) {
		const char *nl = memchr(p, '\n', (size_t)(r - p));
		const char *line = p;

		while (nl) {    /* the start of r's own line */
			line = nl + 1;
			nl = memchr(line, '\n', (size_t)(r - line));
		}
		vg_buf_add(&out, p, (size_t)(r - p));
		if (!memchr(line, '(', (size_t)(r - line)))
			vg_buf_printf(&out, " (%s)", machines);
		vg_buf_puts(&out, ": <reason>");
		p = r + strlen(": <reason>");
	}
	vg_buf_puts(&out, p);
	free(machines);
	if (out.failed) {
		vg_buf_release(&out);
		return -1;
	}
	vg_buf_release(lines);
	*lines = out;
	return 0;
}

/* The report's view of the series: tags, titles, labels and trailer advice. */
static int review_view(const struct vg_mbox_series *s, const struct vg_findings *list,
		       struct vg_review *view, struct vg_buf **advice)
{
	struct vg_review_patch *p;
	size_t i;

	if (!(p = vg_calloc(s->nr ? s->nr : 1, sizeof(*p))) ||
	    !(*advice = vg_calloc(s->nr + 1, sizeof(**advice)))) {
		free(p);
		return -1;
	}
	view->patches = p;
	view->nr = s->nr;
	view->grammar = VG_WAIVER_GRAMMAR;
	view->skipped = s->skipped;
	view->nr_skipped = s->nr_skipped;
	for (i = 0; i <= s->nr; i++) {
		const char *label = i < s->nr ? s->items[i].label : NULL;

		if (advice_lines(list, label, &(*advice)[i]) < 0 ||
		    (i < s->nr && add_machines(&(*advice)[i], s->items[i].message) < 0))
			return -1;
		if (i == s->nr) {
			view->series_advice = (*advice)[i].buf ? (*advice)[i].buf : "";
			break;
		}
		p[i].tag = s->items[i].tag;
		p[i].title = s->items[i].title;
		p[i].label = label;
		p[i].advice = (*advice)[i].buf ? (*advice)[i].buf : "";
		p[i].nr = s->items[i].nr;
		p[i].total = s->items[i].total;
		p[i].message_id = s->items[i].message_id;
	}
	return 0;
}

/*
 * Do trees a and b hold the same files where diff changes them? (The
 * patch applied on a commit's parent gives that commit: git patch-id's
 * question, asked of the files themselves.)
 */
static int same_where_changed(struct vg_tree *a, struct vg_tree *b, const char *diff, size_t len)
{
	const char *p = diff, *end = diff + len;

	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		char *line = NULL, *bp, *path;
		struct vg_oid x, y;
		int ra, rb;

		if (!e)
			e = end;
		if ((size_t)(e - p) > 13 && !memcmp(p, "diff --git a/", 13)) {
			if (!(line = vg_strndup(p, (size_t)(e - p))))
				return -1;
			bp = strstr(line, " b/");
			path = bp ? bp + 3 : line + 13;
			ra = vg_tree_blob_id(a, path, &x);
			rb = vg_tree_blob_id(b, path, &y);
			free(line);
			if (ra < 0 || rb < 0)
				return -1;
			if (ra != rb || (ra && !vg_oid_equal(&x, &y)))
				return 0;
		}
		p = e < end ? e + 1 : end;
	}
	return 1;
}

#define HISTORY_DEPTH 2000

/*
 * b4 prep --check: the patch is a commit of HEAD's history already. Look
 * for it among HEAD's first parents (its subject, then its files): 1 and
 * the commit in *found, 0 when it is not there, -1 on error.
 */
static int find_in_history(struct vg_repo *repo, const struct vg_oid *head,
			   const struct vg_mbox_patch *pt, struct vg_oid *found)
{
	struct vg_oid cur = *head, parent;
	size_t depth, nr;
	int ret = 0;

	for (depth = 0; depth < HISTORY_DEPTH && !ret; depth++) {
		char *subject = NULL, *why = NULL;
		struct vg_tree *pre = NULL, *post = NULL, *applied = NULL;
		int r;

		if (vg_repo_parents(repo, &cur, &parent, 1, &nr) < 0)
			return -1;
		if (!nr)
			break;
		if (vg_repo_subject(repo, &cur, &subject) < 0)
			return -1;
		if (!strcmp(subject, pt->title)) {
			r = vg_tree_of_commit(repo, &parent, &pre);
			if (!r)
				r = vg_tree_of_commit(repo, &cur, &post);
			if (!r)
				r = vg_tree_apply(pre, pt->diff, pt->diff_len, &applied, &why);
			if (!r)
				r = same_where_changed(applied, post, pt->diff, pt->diff_len);
			else if (r > 0)
				r = 0;
			if (r < 0)
				ret = -1;
			else if (r > 0) {
				*found = cur;
				ret = 1;
			}
		}
		free(subject);
		free(why);
		vg_tree_free(pre);
		vg_tree_free(post);
		vg_tree_free(applied);
		cur = parent;
	}
	return ret;
}

/*
 * b4 am --check: a later patch of a series, on a tree without the earlier
 * ones. Apply the earlier patches remembered from the runs before (same
 * thread root, same version) on base: 0 and the tree in *out, 1 when one
 * is missing or does not apply (said plainly, as an input error), -1.
 */
static int apply_earlier(const char *store, struct vg_tree *base, const struct vg_mbox_patch *pt,
			 struct vg_tree **out)
{
	struct vg_tree *cur = NULL, *next = NULL;
	unsigned k;
	int r = 0;

	*out = NULL;
	for (k = 1; k < pt->nr && !r; k++) {
		char *diff = NULL, *why = NULL;
		size_t len;

		r = store && *pt->root ? vg_store_get(store, pt->root, pt->version, k, &diff, &len) : 1;
		if (r > 0)
			vg_error("%s %s needs patch %u/%u of its series, which is not in the tree "
				 "and was not seen before: review the series in one go, or its "
				 "patches in order", pt->tag, pt->title, k, pt->total);
		if (!r) {
			r = vg_tree_apply(cur ? cur : base, diff, len, &next, &why);
			if (r > 0)
				vg_error("%s %s: the earlier patch %u/%u of its series does not apply "
					 "here either: %s", pt->tag, pt->title, k, pt->total, why);
		}
		free(diff);
		free(why);
		if (!r) {
			vg_tree_free(cur);
			cur = next;
			next = NULL;
		}
	}
	if (r) {
		vg_tree_free(cur);
		return r;
	}
	*out = cur;
	return 0;
}

/* Remember a patch of a series for the runs that check its later patches. */
static void remember(const char *store, const struct vg_mbox_patch *pt)
{
	if (store && *pt->root && pt->total > 1 && pt->nr >= 1 && pt->nr < pt->total &&
	    vg_store_put(store, pt->root, pt->version, pt->nr, pt->diff, pt->diff_len) < 0)
		vg_warning("%s %s: not remembered for the later patches of its series",
			   pt->tag, pt->title);
}

/*
 * The tree a patch applies on, when it does not on the previous one:
 * the commit it already is in HEAD's history (*commit set, *pre its
 * parent's tree and *post its own), or the earlier patches of its series
 * remembered (*pre). 1 after an input error, said plainly.
 */
static int out_of_series(struct vg_repo *repo, const char *store, const struct vg_oid *base_id,
			 struct vg_tree *base, const struct vg_mbox_patch *pt, const char *why,
			 struct vg_oid *commit, struct vg_tree **pre, struct vg_tree **post)
{
	struct vg_oid parent;
	size_t nr;
	int r;

	*pre = *post = NULL;
	r = find_in_history(repo, base_id, pt, commit);
	if (r < 0)
		return -1;
	if (r > 0) {
		if (vg_repo_parents(repo, commit, &parent, 1, &nr) < 0 ||
		    vg_tree_of_commit(repo, &parent, pre) < 0 ||
		    vg_tree_of_commit(repo, commit, post) < 0)
			return -1;
		*commit = parent;       /* the baseline is the parent's */
		return 0;
	}
	if (pt->nr > 1 && pt->total > 1)
		return apply_earlier(store, base, pt, pre);
	vg_error("%s %s does not apply: %s", pt->tag, pt->title, why);
	return 1;
}

/* Apply and judge every patch, then the series as a whole. */
static int review(struct vg_gate *gate, struct vg_repo *repo, const struct vg_oid *base_id,
		  const struct vg_mbox_series *s, struct vg_findings *out, int *input_error,
		  char *tree_hex)
{
	struct vg_oid tree_id;
	struct vg_waivers waivers = VG_WAIVERS_INIT;
	struct vg_tree *base = NULL, *prev = NULL, *next = NULL, *first = NULL;
	char *why = NULL, *store = vg_strdup(vg_repo_common_dir(repo));
	size_t i;
	int r, ret = -1;

	if (!store || vg_tree_of_commit(repo, base_id, &base) < 0)
		goto done;
	for (i = 0; i < s->nr; i++) {
		const struct vg_mbox_patch *pt = &s->items[i];
		struct vg_oid from = *base_id;

		free(why);
		why = NULL;
		r = vg_tree_apply(prev ? prev : base, pt->diff, pt->diff_len, &next, &why);
		if (r < 0)
			goto done;
		if (r > 0 && !prev) {
			struct vg_tree *pre = NULL;

			r = out_of_series(repo, store, base_id, base, pt, why, &from, &pre, &next);
			if (r < 0)
				goto done;
			if (r > 0) {
				*input_error = 1;
				goto done;
			}
			if (!next) {
				free(why);
				why = NULL;
				r = vg_tree_apply(pre, pt->diff, pt->diff_len, &next, &why);
				if (r != 0) {
					if (r > 0)
						vg_error("%s %s does not apply on the earlier patches "
							 "of its series: %s", pt->tag, pt->title, why);
					*input_error = r > 0;
					vg_tree_free(pre);
					goto done;
				}
			}
			first = pre;
		} else if (r > 0) {
			vg_error("%s %s does not apply: %s", pt->tag, pt->title, why);
			*input_error = 1;
			goto done;
		}
		/* One patch at a time (b4): kept for the later patches of its series. */
		if (s->nr == 1)
			remember(store, pt);
		if (vg_gate_judge_trees(gate, &from, prev ? prev : first ? first : base, next,
					pt->message, pt->label, 0, &waivers, out) < 0)
			goto done;
		vg_tree_free(prev);
		prev = next;
		next = NULL;
	}
	if (s->nr > 1 &&
	    vg_gate_judge_trees(gate, base_id, first ? first : base, prev, NULL, NULL, 1,
				&waivers, out) < 0)
		goto done;
	if (vg_waivers_report_unused(&waivers, out) < 0)
		goto done;
	/* The tree the whole series makes, for the dump side. */
	if (prev && vg_tree_id(prev, &tree_id))
		vg_oid_hex(&tree_id, tree_hex);
	ret = 0;
done:
	free(why);
	free(store);
	vg_waivers_release(&waivers);
	vg_tree_free(base);
	vg_tree_free(first);
	vg_tree_free(prev);
	vg_tree_free(next);
	return ret;
}

/* Messages without a patch (replies in an archive thread), skipped as git am skips them. */
static void skipped_note(FILE *out, const struct vg_mbox_series *s)
{
	size_t i;

	if (!s->nr_skipped)
		return;
	fprintf(out, "note: skipped %zu message%s without a patch:", s->nr_skipped,
		s->nr_skipped == 1 ? "" : "s");
	for (i = 0; i < s->nr_skipped; i++) {
		fputs(i ? "; " : " ", out);
		vg_report_put_safe(out, s->skipped[i]);
	}
	fputc('\n', out);
}

/*
 * Apply the series on base_id in memory and judge it into list:
 * VG_EXIT_OK, or the exit code of the failure.
 */
static int judge_series(struct vg_repo *repo, const struct vg_gate_opts *gopts,
			const struct vg_oid *base_id, const struct vg_mbox_series *series,
			struct vg_gate **gate, struct vg_findings *list, char *tree_hex)
{
	const struct vg_gate_stats *st;
	int input_error = 0;

	/* Blobs and trees of the applied patches stay in memory. */
	if (vg_repo_objects_in_memory(repo) < 0)
		return VG_EXIT_INTERNAL;
	if (vg_gate_new(gate, repo, gopts) < 0)
		return VG_EXIT_USAGE;
	if (review(*gate, repo, base_id, series, list, &input_error, tree_hex) < 0) {
		fprintf(stderr, "vmstate-gate: review: could not review the series; "
				"nothing was judged\n");
		return input_error ? VG_EXIT_USAGE : vg_gate_failure(*gate);
	}
	st = vg_gate_stats(*gate);
	list->commits_checked = st->commits;
	if (!list->files_scanned)
		list->files_scanned = st->units;
	return VG_EXIT_OK;
}

/*
 * The dump side (dumps/check.h), when configured: the series' tree has
 * dumps cached, or is HEAD's (the series applied with git am) and built.
 * VG_EXIT_OK, or the exit code of the failure.
 */
static int review_dumps(struct vg_repo *repo, const struct vg_oid *base_id, const char *tree_hex,
			const struct vg_mbox_series *series, const struct vg_gate_opts *gopts,
			struct vg_dumps_check_opts *dopts, struct vg_findings *list)
{
	char base_hex[VG_OID_HEXSZ + 1], **messages;
	size_t i;
	int code = VG_EXIT_OK;

	if (!*tree_hex)
		return VG_EXIT_OK;
	if (!(messages = vg_calloc(series->nr ? series->nr : 1, sizeof(*messages))))
		return VG_EXIT_INTERNAL;
	for (i = 0; i < series->nr; i++)
		messages[i] = series->items[i].message;
	vg_oid_hex(base_id, base_hex);
	dopts->rev = base_hex;
	dopts->baseline = gopts->baseline;
	dopts->tree = tree_hex;
	dopts->messages = messages;
	dopts->nr_messages = series->nr;
	if (vg_dumps_check(repo, dopts, list, &code) < 0) {
		fprintf(stderr, "vmstate-gate: review: could not compare the dumps\n");
		if (code == VG_EXIT_OK)
			code = VG_EXIT_INTERNAL;
	}
	free(messages);
	return code;
}

/* The report in format, then the base, the baseline, notes and advice beside it. */
static int write_report(enum vg_format format, const struct vg_review *view,
			const struct vg_mbox_series *series, const struct vg_findings *list,
			const struct vg_gate_stats *st, size_t machines)
{
	struct vg_report_opts ropts = { "review", 0, NULL };
	FILE *info = format == VG_FORMAT_TEXT ? stdout : stderr;

	ropts.verbose = view->verbose;
	if (format == VG_FORMAT_JSON ? vg_report_json_review(stdout, list, &ropts, view) < 0 :
				       vg_report_write(stdout, format, list, &ropts) < 0)
		return -1;
	fprintf(info, "base: %s", view->base);
	if (st->baseline)
		fprintf(info, ", baseline: %s", st->baseline);
	fputc('\n', info);
	if (!st->relevant)
		fprintf(info, "no VMState-relevant %schange in the series\n",
			machines ? "source " : "");
	if (!st->relevant && machines)
		fprintf(info, "the dumps were compared all the same, on %zu machine types\n",
			machines);
	skipped_note(info, series);
	return vg_report_review_advice(info, view, list);
}

int cmd_review(int argc, char **argv)
{
	const char *base_rev = "HEAD";
	enum vg_format format = VG_FORMAT_TEXT;
	int email = 0, verbose = 0, nargs, ret = VG_EXIT_INTERNAL;
	int quiet = 0, terse = 0, no_summary = 0, mailback = 0;
	unsigned cp_flags;
	struct vg_gate_opts gopts = { NULL, 0, NULL };
	struct vg_findings list = VG_FINDINGS_INIT;
	struct vg_mbox_series series = VG_MBOX_SERIES_INIT;
	struct vg_review view = { NULL, 0, NULL, NULL, NULL, NULL, 0, NULL, 0 };
	struct vg_buf *advice = NULL;
	struct vg_repo *repo = NULL;
	struct vg_gate *gate = NULL;
	const struct vg_gate_stats *st;
	struct vg_dumps_check_opts dopts = { 0 };
	struct vg_oid base_id;
	char *buf = NULL, *base_label = NULL, tree_hex[VG_OID_HEXSZ + 1] = "";
	size_t len, i;
	const struct vg_option options[] = {
		VG_OPT_CALLBACK('C', NULL, NULL, "PATH", "run in PATH", vg_opt_chdir_cb),
		VG_OPT_STRING(0, "base", &base_rev, "REV",
			      "apply the series on REV (default: HEAD)"),
		VG_OPT_STRING(0, "baseline", &gopts.baseline, "REV",
			      "compare with REV instead of the previous release"),
		VG_OPT_FORMAT(&format, vg_formats_findings),
		VG_OPT_FLAG(0, "email", &email,
			    "a plain-text report to reply with on the list\n"
			    "(a verdict line per patch, findings, trailers)"),
		VG_OPT_VERBOSE(&verbose),
		VG_OPT_FLAG('q', "quiet", &quiet,
			    "checkpatch style: no trailer advice, no notes"),
		VG_OPT_FLAG(0, "terse", &terse,
			    "checkpatch style: one line per error or warning\n"
			    "(FILE:LINE: ERROR: ...)"),
		VG_OPT_FLAG(0, "no-summary", &no_summary,
			    "checkpatch style: no totals line"),
		VG_OPT_FLAG(0, "mailback", &mailback,
			    "checkpatch style: print nothing for a clean patch"),
		VG_OPT_FLAG(0, "no-build", &dopts.no_build,
			    "dumps: use cached or published ones only, build nothing"),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = {
		.name = "review",
		.synopsis = review_synopsis,
		.description =
			"Reviews a patch series (git format-patch or mbox output; - reads\n"
			"the standard input): applies the patches in memory on top of --base,\n"
			"one after the other, and judges each like a commit whose message is\n"
			"the patch's subject and body (Migration-Break trailers waive), then\n"
			"the series as a whole. The repository is not written to.",
		.options = options,
		.epilogue =
			"exit status: 0 clean or all waived, 1 unwaived errors, 2 usage or input\n"
			"error (a patch that does not apply, a malformed or empty series), 3\n"
			"internal error or no baseline",
		.flags = VG_OPT_INTERMIX,
	};

	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		return ret;
	if (nargs != 1)
		return vg_opt_usage_error(&cmd, "needs one series (a file, or - for stdin)");
	if (email && format != VG_FORMAT_TEXT)
		return vg_opt_usage_error(&cmd, "--email and --format do not go together");
	cp_flags = (quiet ? VG_CHECKPATCH_QUIET : 0) | (terse ? VG_CHECKPATCH_TERSE : 0) |
		   (no_summary ? VG_CHECKPATCH_NO_SUMMARY : 0) |
		   (mailback ? VG_CHECKPATCH_MAILBACK : 0);
	if (cp_flags && (email || format != VG_FORMAT_TEXT))
		return vg_opt_usage_error(&cmd, "-q, --terse, --no-summary and --mailback (checkpatch "
					  "style) go with the text format only");
	ret = VG_EXIT_USAGE;
	if (read_input(argv[0], &buf, &len) < 0)
		goto done;
	if (vg_mbox_parse(buf, len, &series) < 0) {
		fprintf(stderr, "vmstate-gate: review: %s: not reviewed\n",
			strcmp(argv[0], "-") ? argv[0] : "standard input");
		goto done;
	}
	if (vg_repo_open(&repo) < 0 || vg_repo_resolve_commit(repo, base_rev, &base_id) < 0)
		goto done;
	if ((ret = judge_series(repo, &gopts, &base_id, &series, &gate, &list,
				tree_hex)) != VG_EXIT_OK)
		goto done;
	if ((ret = review_dumps(repo, &base_id, tree_hex, &series, &gopts, &dopts, &list)) !=
	    VG_EXIT_OK)
		goto done;
	ret = VG_EXIT_INTERNAL;
	st = vg_gate_stats(gate);
	base_label = vg_repo_describe(repo, &base_id);
	if (!base_label)
		goto done;
	if (review_view(&series, &list, &view, &advice) < 0)
		goto done;
	view.base = base_label;
	view.baseline = st->baseline;
	view.verbose = verbose;
	if (cp_flags) {
		if (vg_report_checkpatch(stdout, &view, &list, cp_flags) < 0)
			goto done;
	} else if (email) {
		if (vg_report_email(stdout, &view, &list) < 0)
			goto done;
	} else if (write_report(format, &view, &series, &list, st, dopts.machines) < 0) {
		goto done;
	}
	if (fflush(stdout) != 0) {
		vg_error("cannot write the report: %s", strerror(errno));
		goto done;
	}
	ret = vg_findings_count(&list, VG_SEV_ERROR) ? VG_EXIT_BREAKS : VG_EXIT_OK;
done:
	vg_findings_release(&list);
	vg_gate_free(gate);
	vg_repo_free(repo);
	for (i = 0; advice && i <= series.nr; i++)
		vg_buf_release(&advice[i]);
	free(advice);
	vg_mbox_release(&series);
	free((void *)view.patches);
	free(buf);
	free(base_label);
	return ret;
}
