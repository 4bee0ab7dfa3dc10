/*
 * vmstate-gate review: the mailing-list gate. A patch series (git
 * format-patch / mbox output) is applied in memory on top of --base,
 * one patch after the other, and each patch is judged like a commit
 * whose message is the patch's subject and body; then the series as a
 * whole. The repository is not written: objects stay in memory, and the
 * index, the work tree and refs are never touched.
 */
#include "cli/cmds.h"
#include "core/exitcode.h"
#include "git/gate.h"
#include "mail/mail.h"
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

/* One patch of the series; pointers into the input buffer unless noted. */
struct patch {
	unsigned nr, total;     /* 2 of 3 (from "[PATCH 2/3]", else its place) */
	char *tag;              /* "[PATCH 2/3]" (newly allocated) */
	char *title;            /* the subject without the tag (newly allocated) */
	char *message;          /* title, blank line, body (newly allocated) */
	char *label;            /* "patch 2/3": the findings' commit (newly allocated) */
	char *decoded;          /* the body undone from its transfer encoding, or NULL */
	const char *diff;       /* in the input buffer, or in decoded */
	size_t diff_len;
};

struct series {
	struct patch *items;
	size_t nr, alloc;
};

static void series_release(struct series *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++) {
		free(s->items[i].tag);
		free(s->items[i].title);
		free(s->items[i].message);
		free(s->items[i].label);
		free(s->items[i].decoded);
	}
	free(s->items);
}

/* The end of the line at p (its '\n', or the end). */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

static const char *next_line(const char *p, const char *end)
{
	p = line_end(p, end);
	return p < end ? p + 1 : end;
}

/* Is [p, e) exactly s, a trailing '\r' aside? */
static int line_is(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);

	if (e > p && e[-1] == '\r')
		e--;
	return (size_t)(e - p) == n && !memcmp(p, s, n);
}

static int starts_with(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

/* An mbox separator: "From " at the start of the input or after a blank line. */
static int is_from_line(const char *buf, const char *p, const char *end)
{
	if (!starts_with(p, end, "From ") || p + 5 >= end || isspace((unsigned char)p[5]))
		return 0;
	return p == buf || (p - buf >= 2 && p[-2] == '\n') ||
	       (p - buf >= 3 && p[-2] == '\r' && p[-3] == '\n');
}

/* A header line "Key: value" (RFC 5322 field name). */
static int is_header_line(const char *p, const char *e)
{
	const char *q = p;

	while (q < e && (isalnum((unsigned char)*q) || *q == '-'))
		q++;
	return q > p && q < e && *q == ':';
}

/* Split "[PATCH v2 2/3] title" into tag and title; numbers into nr/total. */
static int parse_subject(struct patch *pt, const char *subj)
{
	const char *close, *q;

	while (*subj == ' ' || *subj == '\t')
		subj++;
	if (*subj == '[' && (close = strchr(subj, ']'))) {
		pt->tag = vg_strndup(subj, (size_t)(close + 1 - subj));
		for (q = subj; q < close; q++) {
			unsigned a, b;

			if (isdigit((unsigned char)*q) && (q == subj || !isdigit((unsigned char)q[-1])) &&
			    sscanf(q, "%u/%u", &a, &b) == 2) {
				pt->nr = a;
				pt->total = b;
				break;
			}
		}
		subj = close + 1;
		while (*subj == ' ' || *subj == '\t')
			subj++;
	} else {
		pt->tag = vg_strdup("[PATCH]");
	}
	pt->title = vg_strdup(subj);
	return pt->tag && pt->title ? 0 : -1;
}

/*
 * The diff of a message body part [p, end): from the first "diff --git"
 * line, without the "-- " signature format-patch appends.
 */
static const char *find_diff(const char *p, const char *end, size_t *len)
{
	const char *d = NULL, *q, *sig = NULL;

	for (q = p; q < end; q = next_line(q, end))
		if (starts_with(q, end, "diff --git ")) {
			d = q;
			break;
		}
	if (!d)
		return NULL;
	for (q = d; q < end; q = next_line(q, end))
		if (line_is(q, line_end(q, end), "-- "))
			sig = q;
	if (sig) {
		/* Only a version line or two after it: not a diff line. */
		for (q = next_line(sig, end); q < end; q = next_line(q, end))
			if (strchr("+- @\\d", *q) && *q != '\n')
				break;
		if (q >= end)
			end = sig;
	}
	*len = (size_t)(end - d);
	return d;
}

/*
 * One message [p, end) (after its "From " line). Returns 0, 1 when it
 * is a cover letter (no diff, patch 0), or -1 after an input error.
 */
/*
 * The headers of the message at p: Subject and Content-Transfer-Encoding
 * (folded lines unfolded); *body is where the body starts (end: none).
 */
static int read_headers(const char *p, const char *end, size_t index, struct vg_buf *subj,
			struct vg_buf *cte, const char **body)
{
	struct vg_buf *cur = NULL;      /* the header being read, when kept */
	const char *q, *e;
	int in_header = 0;

	*body = end;
	for (q = p; q < end; q = next_line(q, end)) {
		e = line_end(q, end);
		if (e > q && e[-1] == '\r')
			e--;
		if (line_is(q, e, "")) {
			*body = next_line(q, end);
			break;
		}
		/* A folded header (RFC 5322 2.2.3): a line that starts blank continues it. */
		if (in_header && (*q == ' ' || *q == '\t')) {
			if (cur)
				vg_buf_add(cur, q, (size_t)(e - q));
			continue;
		}
		if (!is_header_line(q, e))
			return vg_error("message %zu: '%.*s' is not a mail header (not git "
					"format-patch or mbox output?)",
					index, (int)(e - q > 60 ? 60 : e - q), q);
		in_header = 1;
		cur = NULL;
		if ((size_t)(e - q) >= 8 && !strncasecmp(q, "subject:", 8)) {
			cur = subj;
			vg_buf_add(cur, q + 8, (size_t)(e - q - 8));
		} else if ((size_t)(e - q) >= 26 &&
			   !strncasecmp(q, "content-transfer-encoding:", 26)) {
			cur = cte;
			vg_buf_add(cur, q + 26, (size_t)(e - q - 26));
		}
	}
	return subj->failed || cte->failed ? -1 : 0;
}

/*
 * A patch mailed quoted-printable or base64 is undone first, as git am
 * does: [*body, *end) then points into pt->decoded.
 */
static int decode_body(struct vg_buf *cte, size_t index, struct patch *pt, const char **body,
		       const char **end)
{
	char *v = cte->buf, *ve = cte->buf + cte->len;
	const char *why;
	size_t dlen;

	while (v < ve && isspace((unsigned char)*v))
		v++;
	while (ve > v && isspace((unsigned char)ve[-1]))
		*--ve = '\0';
	if (!vg_mail_cte_encoded(v))
		return 0;
	pt->decoded = vg_mail_decode_body(v, *body, (size_t)(*end - *body), &dlen, &why);
	if (!pt->decoded) {
		if (why)
			vg_error("message %zu: its %s body cannot be decoded: %s", index, v, why);
		return -1;
	}
	*body = pt->decoded;
	*end = pt->decoded + dlen;
	return 0;
}

static int parse_message(const char *p, const char *end, size_t index, struct patch *pt)
{
	struct vg_buf subj = VG_BUF_INIT, msg = VG_BUF_INIT, cte = VG_BUF_INIT;
	const char *body, *sep = NULL, *q, *bend;
	char *subject = NULL;
	int ret = -1;

	if (read_headers(p, end, index, &subj, &cte, &body) < 0)
		goto done;
	if (!subj.len) {
		vg_error("message %zu has no Subject header", index);
		goto done;
	}
	if (cte.len && decode_body(&cte, index, pt, &body, &end) < 0)
		goto done;
	if (!(subject = vg_mail_decode_words(subj.buf)))
		goto done;
	if (parse_subject(pt, subject) < 0)
		goto done;
	pt->diff = find_diff(body, end, &pt->diff_len);
	if (!pt->diff) {
		if (pt->nr == 0 && pt->total > 0) {
			ret = 1;        /* the cover letter */
			goto done;
		}
		vg_error("%s %s: no diff in the message", pt->tag, pt->title);
		goto done;
	}
	/* The message is above the "---" line (or the diff). */
	for (q = body; q < pt->diff; q = next_line(q, end))
		if (line_is(q, line_end(q, end), "---")) {
			sep = q;
			break;
		}
	bend = sep ? sep : pt->diff;
	vg_buf_printf(&msg, "%s\n\n", pt->title);
	vg_buf_add(&msg, body, (size_t)(bend - body));
	if (msg.failed || !(pt->message = vg_buf_detach(&msg)))
		goto done;
	ret = 0;
done:
	vg_buf_release(&subj);
	vg_buf_release(&msg);
	vg_buf_release(&cte);
	free(subject);
	return ret;
}

static int parse_series(const char *buf, size_t len, struct series *s)
{
	const char *end = buf + len, *p = buf, *start, *q;
	size_t index = 0;

	while (p < end && (*p == '\n' || *p == '\r'))
		p++;
	if (p >= end)
		return vg_error("empty input: no patch to review");
	if (!is_from_line(buf, p, end) && !is_header_line(p, line_end(p, end)))
		return vg_error("not a patch series: expected git format-patch or mbox output "
				"(\"From <sha> ...\" and mail headers)");
	while (p < end) {
		struct patch pt;
		int r;

		memset(&pt, 0, sizeof(pt));
		if (is_from_line(buf, p, end))
			p = next_line(p, end);
		start = p;
		for (q = p; q < end && !is_from_line(buf, q, end); q = next_line(q, end))
			;
		index++;
		r = parse_message(start, q, index, &pt);
		if (r == 0) {
			if (VG_GROW(s->items, s->alloc, s->nr + 1) < 0)
				r = -1;
			else
				s->items[s->nr++] = pt;
		}
		if (r != 0) {
			free(pt.tag);
			free(pt.title);
			free(pt.message);
			free(pt.decoded);
			if (r < 0)
				return -1;
		}
		p = q;
	}
	if (!s->nr)
		return vg_error("empty series: no patch with a diff");
	for (index = 0; index < s->nr; index++) {
		struct patch *pt = &s->items[index];

		if (!pt->nr) {
			pt->nr = (unsigned)(index + 1);
			pt->total = (unsigned)s->nr;
		}
		pt->label = vg_asprintf("patch %u/%u", pt->nr, pt->total);
		if (!pt->label)
			return -1;
	}
	return 0;
}

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

/* Findings of one patch (label), or of the series as a whole (NULL). */
static int of_patch(const struct vg_finding *f, const char *label)
{
	return label ? f->commit && !strcmp(f->commit, label) : !f->commit;
}

static void counts(const struct vg_findings *list, const char *label, size_t *errors,
		   size_t *warnings, size_t *waived)
{
	size_t i;

	*errors = *warnings = *waived = 0;
	for (i = 0; i < list->nr; i++) {
		const struct vg_finding *f = &list->items[i];

		if (!of_patch(f, label))
			continue;
		if (f->waived_by)
			(*waived)++;
		else if (f->severity == VG_SEV_ERROR)
			(*errors)++;
		else if (f->severity == VG_SEV_WARNING)
			(*warnings)++;
	}
}

/* "1 error, 2 warnings (1 waived)" or "no migration break". */
static char *verdict(const struct vg_findings *list, const char *label)
{
	size_t e, w, v;
	struct vg_buf b = VG_BUF_INIT;

	counts(list, label, &e, &w, &v);
	if (e)
		vg_buf_printf(&b, "%zu error%s", e, e == 1 ? "" : "s");
	if (w)
		vg_buf_printf(&b, "%s%zu warning%s", b.len ? ", " : "", w, w == 1 ? "" : "s");
	if (v)
		vg_buf_printf(&b, "%s%zu waived", b.len ? ", " : "", v);
	if (!b.len)
		vg_buf_puts(&b, "no migration break");
	return vg_buf_detach(&b);
}

/* Print words of text at indent, wrapped at 76 columns. */
static void wrap(FILE *out, const char *text, int indent, int cont_indent)
{
	const char *p = text;
	int col = 0, first = 1;

	while (*p) {
		const char *w = p;
		int n;

		while (*p && *p != ' ')
			p++;
		n = (int)(p - w);
		if (first) {
			col = fprintf(out, "%*s%.*s", indent, "", n, w);
			first = 0;
		} else if (col + 1 + n > 76) {
			col = fprintf(out, "\n%*s%.*s", cont_indent, "", n, w) - 1;
		} else {
			col += fprintf(out, " %.*s", n, w);
		}
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

static void email_findings(FILE *out, const struct vg_findings *list, const char *label,
			   int verbose)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		const struct vg_finding *f = &list->items[i];
		char *head;
		struct vg_buf b = VG_BUF_INIT;

		if (!of_patch(f, label) || (f->severity == VG_SEV_INFO && !verbose))
			continue;
		head = vg_report_headline(f);
		if (f->file)
			vg_buf_printf(&b, "%s:%u: ", f->file, f->line);
		else if (f->old_file)
			vg_buf_printf(&b, "%s:%u: ", f->old_file, f->old_line);
		vg_buf_printf(&b, "%s: %s [%s]", vg_severity_name(f->severity),
			      head ? head : "", vg_rule_info(f->rule)->id);
		if (f->waived_by)
			vg_buf_printf(&b, " (waived by %s)", f->waived_by);
		if (b.buf)
			wrap(out, b.buf, 2, 6);
		vg_buf_release(&b);
		free(head);
	}
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

static int email_advice(FILE *out, const struct vg_findings *list, const char *label)
{
	struct vg_buf lines = VG_BUF_INIT;

	if (advice_lines(list, label, &lines) < 0)
		return -1;
	if (lines.len)
		fprintf(out, "  If the break is deliberate, add to the commit message\n"
			     "  (replace <reason>):\n    %s\n", lines.buf);
	vg_buf_release(&lines);
	return 0;
}

static int write_email(FILE *out, const struct series *s, const struct vg_findings *list,
		       const char *base, const char *baseline, int verbose)
{
	size_t i, e, w, v;
	char *vd;

	fprintf(out, "vmstate-gate review: %zu patch%s on %s", s->nr, s->nr == 1 ? "" : "es",
		base);
	if (baseline)
		fprintf(out, ", baseline %s", baseline);
	fputs("\n\n", out);
	for (i = 0; i < s->nr; i++) {
		const struct patch *pt = &s->items[i];

		if (!(vd = verdict(list, pt->label)))
			return -1;
		fprintf(out, "%s %s: %s\n", pt->tag, pt->title, vd);
		free(vd);
	}
	counts(list, NULL, &e, &w, &v);
	if (e + w + v) {
		if (!(vd = verdict(list, NULL)))
			return -1;
		fprintf(out, "The series as a whole: %s\n", vd);
		free(vd);
	}
	for (i = 0; i <= s->nr; i++) {
		const char *label = i < s->nr ? s->items[i].label : NULL;

		counts(list, label, &e, &w, &v);
		if (!(e + w + v))
			continue;
		if (i < s->nr)
			fprintf(out, "\n%s %s\n", s->items[i].tag, s->items[i].title);
		else
			fputs("\nThe series as a whole\n", out);
		email_findings(out, list, label, verbose);
		if (email_advice(out, list, label) < 0)
			return -1;
	}
	counts(list, NULL, &e, &w, &v);
	fprintf(out, "\n%s\n", vg_findings_count(list, VG_SEV_ERROR) ?
		"Unwaived migration breaks: a deliberate break needs a Migration-Break\n"
		"trailer saying why." : "No unwaived migration break.");
	return 0;
}

/* Text: the trailer lines that waive the unwaived errors, per patch. */
static int text_advice(FILE *out, const struct series *s, const struct vg_findings *list)
{
	size_t i;
	int printed = 0;

	for (i = 0; i <= s->nr; i++) {
		const char *label = i < s->nr ? s->items[i].label : NULL;
		struct vg_buf lines = VG_BUF_INIT;
		size_t e, w, v;

		counts(list, label, &e, &w, &v);
		if (!e)
			continue;
		if (!printed++)
			fprintf(out, "\nIf the break is deliberate, say why in a trailer at the end "
				     "of the commit message (replace <reason>):\n");
		if (advice_lines(list, label, &lines) < 0)
			return -1;
		if (label)
			fprintf(out, "  in %s %s:\n", s->items[i].tag, s->items[i].title);
		else
			fprintf(out, "  for the series as a whole:\n");
		fprintf(out, "    %s\n", lines.len ? lines.buf : VG_WAIVER_GRAMMAR);
		vg_buf_release(&lines);
	}
	return 0;
}

/* Apply and judge every patch, then the series as a whole. */
static int review(struct vg_gate *gate, struct vg_repo *repo, const struct vg_oid *base_id,
		  const struct series *s, struct vg_findings *out, int *input_error)
{
	struct vg_waivers waivers = VG_WAIVERS_INIT;
	struct vg_tree *base = NULL, *prev = NULL, *next = NULL;
	char *why = NULL;
	size_t i;
	int r, ret = -1;

	if (vg_tree_of_commit(repo, base_id, &base) < 0)
		goto done;
	for (i = 0; i < s->nr; i++) {
		const struct patch *pt = &s->items[i];

		r = vg_tree_apply(prev ? prev : base, pt->diff, pt->diff_len, &next, &why);
		if (r < 0)
			goto done;
		if (r > 0) {
			vg_error("%s %s does not apply: %s", pt->tag, pt->title, why);
			*input_error = 1;
			goto done;
		}
		if (vg_gate_judge_trees(gate, base_id, prev ? prev : base, next, pt->message,
					pt->label, 0, &waivers, out) < 0)
			goto done;
		vg_tree_free(prev);
		prev = next;
		next = NULL;
	}
	if (s->nr > 1 &&
	    vg_gate_judge_trees(gate, base_id, base, prev, NULL, NULL, 1, &waivers, out) < 0)
		goto done;
	if (vg_waivers_report_unused(&waivers, out) < 0)
		goto done;
	ret = 0;
done:
	free(why);
	vg_waivers_release(&waivers);
	vg_tree_free(base);
	vg_tree_free(prev);
	vg_tree_free(next);
	return ret;
}

/*
 * Apply the series on base_id in memory and judge it into list:
 * VG_EXIT_OK, or the exit code of the failure.
 */
static int judge_series(struct vg_repo *repo, const struct vg_gate_opts *gopts,
			const struct vg_oid *base_id, const struct series *series,
			struct vg_gate **gate, struct vg_findings *list)
{
	const struct vg_gate_stats *st;
	int input_error = 0;

	/* Blobs and trees of the applied patches stay in memory. */
	if (vg_repo_objects_in_memory(repo) < 0)
		return VG_EXIT_INTERNAL;
	if (vg_gate_new(gate, repo, gopts) < 0)
		return VG_EXIT_USAGE;
	if (review(*gate, repo, base_id, series, list, &input_error) < 0) {
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

/* The report in format, then the base, the baseline and the advice beside it. */
static int write_report(enum vg_format format, int verbose, const struct series *series,
			const struct vg_findings *list, const char *base_label,
			const struct vg_gate_stats *st)
{
	struct vg_report_opts ropts = { "review", 0, NULL };
	FILE *info = format == VG_FORMAT_TEXT ? stdout : stderr;

	ropts.verbose = verbose;
	if (vg_report_write(stdout, format, list, &ropts) < 0)
		return -1;
	fprintf(info, "base: %s", base_label);
	if (st->baseline)
		fprintf(info, ", baseline: %s", st->baseline);
	fputc('\n', info);
	if (!st->relevant)
		fprintf(info, "no VMState-relevant change in the series\n");
	return text_advice(info, series, list);
}

int cmd_review(int argc, char **argv)
{
	const char *base_rev = "HEAD";
	enum vg_format format = VG_FORMAT_TEXT;
	int email = 0, verbose = 0, nargs, ret = VG_EXIT_INTERNAL;
	struct vg_gate_opts gopts = { NULL, 0, NULL };
	struct vg_findings list = VG_FINDINGS_INIT;
	struct series series = { NULL, 0, 0 };
	struct vg_repo *repo = NULL;
	struct vg_gate *gate = NULL;
	const struct vg_gate_stats *st;
	struct vg_oid base_id;
	char *buf = NULL, *base_label = NULL;
	size_t len;
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
	ret = VG_EXIT_USAGE;
	if (read_input(argv[0], &buf, &len) < 0)
		goto done;
	if (parse_series(buf, len, &series) < 0) {
		fprintf(stderr, "vmstate-gate: review: %s: not reviewed\n",
			strcmp(argv[0], "-") ? argv[0] : "standard input");
		goto done;
	}
	if (vg_repo_open(&repo) < 0 || vg_repo_resolve_commit(repo, base_rev, &base_id) < 0)
		goto done;
	if ((ret = judge_series(repo, &gopts, &base_id, &series, &gate, &list)) != VG_EXIT_OK)
		goto done;
	ret = VG_EXIT_INTERNAL;
	st = vg_gate_stats(gate);
	base_label = vg_repo_describe(repo, &base_id);
	if (!base_label)
		goto done;
	if (email) {
		if (write_email(stdout, &series, &list, base_label, st->baseline, verbose) < 0)
			goto done;
	} else if (write_report(format, verbose, &series, &list, base_label, st) < 0) {
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
	series_release(&series);
	free(buf);
	free(base_label);
	return ret;
}
