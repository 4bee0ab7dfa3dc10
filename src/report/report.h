#ifndef VG_REPORT_H
#define VG_REPORT_H

#include <stdio.h>

#include "core/finding.h"

/* Output formats; every command that reports findings takes --format. */
enum vg_format {
	VG_FORMAT_TEXT,
	VG_FORMAT_JSON,
	VG_FORMAT_SARIF,
	VG_FORMAT_JUNIT,
	VG_FORMAT_CODEQUALITY,
};

/* Parse a --format value; returns -1 (after an error message) if unknown. */
int vg_format_parse(const char *name, enum vg_format *out);

struct vg_report_opts {
	const char *command;   /* "compare", "diff-source", "check", ... */
	int verbose;           /* text: also print info findings */
	const char *subject;   /* text: what was compared, e.g. "OLD.json -> NEW.json" */
};

/*
 * Write the findings in the chosen format. The list must already be
 * sorted and de-duplicated. Returns 0 or -1 on a write error.
 */
int vg_report_write(FILE *out, enum vg_format fmt,
		    const struct vg_findings *list,
		    const struct vg_report_opts *opts);

/* The individual views; see report-*.c. */
int vg_report_text(FILE *out, const struct vg_findings *list,
		   const struct vg_report_opts *opts);
int vg_report_json(FILE *out, const struct vg_findings *list,
		   const struct vg_report_opts *opts);
int vg_report_sarif(FILE *out, const struct vg_findings *list,
		    const struct vg_report_opts *opts);
int vg_report_junit(FILE *out, const struct vg_findings *list,
		    const struct vg_report_opts *opts);
int vg_report_codequality(FILE *out, const struct vg_findings *list,
			  const struct vg_report_opts *opts);

/*
 * Helpers of the CI views (defined in report-sarif.c).
 * vg_report_fingerprints(): one stable 16-hex-digit id per finding, from
 * rule, section, path and machine (not the line, so it survives code
 * moves); repeats get an occurrence number. *out is an array of list->nr
 * strings of 17 bytes, owned by the caller (free()). Returns 0 or -1.
 * vg_report_headline(): "SECTION: PATH: message" (the parts that are
 * known), newly allocated, or NULL on allocation failure.
 */
int vg_report_fingerprints(const struct vg_findings *list, char (**out)[17]);
char *vg_report_headline(const struct vg_finding *f);
/* Append "FILE:LINE: " (the new place, else the old one; nothing if neither). */
struct vg_buf;
void vg_report_add_place(struct vg_buf *b, const struct vg_finding *f);
/*
 * The file that findings without one are reported against: NEW of a
 * subject "OLD -> NEW" (compare: the destination dump), or NULL.
 */
const char *vg_report_input(const struct vg_report_opts *opts);

/*
 * A reviewed patch series (review): each patch's tag ("[PATCH 2/3]"),
 * title, label (its findings' commit, "patch 2/3") and the trailer lines
 * that would waive its unwaived errors ("" when none); the same for the
 * series as a whole, the base and the baseline. Nothing is owned.
 */
struct vg_review_patch {
	const char *tag, *title, *label, *advice;
	unsigned nr, total;         /* 2 of 3 */
	const char *message_id;     /* "" or NULL when unknown */
};

struct vg_review {
	const struct vg_review_patch *patches;
	size_t nr;
	const char *series_advice;
	const char *grammar;        /* the trailer's grammar, when no advice is known */
	const char *base, *baseline;
	int verbose;
	char *const *skipped;       /* subjects of the messages skipped (replies) */
	size_t nr_skipped;
};

/* review --format json: the JSON report with the review's keys (report-json.c). */
int vg_report_json_review(FILE *out, const struct vg_findings *list,
			  const struct vg_report_opts *opts, const struct vg_review *rv);
/* review --email: the plain-text reply for the list (report-email.c). */
int vg_report_email(FILE *out, const struct vg_review *s, const struct vg_findings *list);
/* Under the text report: the trailers that waive each patch's errors. */
int vg_report_review_advice(FILE *out, const struct vg_review *s,
			    const struct vg_findings *list);

/*
 * checkpatch's output contract, for b4's per-patch check commands: one
 * line per unwaived error or warning ("FILE:LINE: ERROR: ..."), then the
 * trailer advice (not with QUIET) and the totals (not with NO_SUMMARY);
 * MAILBACK: nothing at all when there is neither.
 */
#define VG_CHECKPATCH_QUIET      1u
#define VG_CHECKPATCH_TERSE      2u
#define VG_CHECKPATCH_NO_SUMMARY 4u
#define VG_CHECKPATCH_MAILBACK   8u
int vg_report_checkpatch(FILE *out, const struct vg_review *s, const struct vg_findings *list,
			 unsigned flags);

/*
 * Text for a terminal: control characters, ESC, DEL and the C1 controls
 * of untrusted text (trailers, dump names, subjects) as \xNN; '\n' kept
 * when keep_nl. vg_report_safe() returns a new string or NULL.
 */
char *vg_report_safe(const char *s, int keep_nl);
int vg_report_put_safe(FILE *out, const char *s);

/* The summary line shared by the text view and stderr progress. */
int vg_report_summary(FILE *out, const struct vg_findings *list);

#endif
