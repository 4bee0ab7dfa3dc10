#ifndef VG_FINDING_H
#define VG_FINDING_H

#include <stddef.h>

/*
 * The finding model: every checker produces findings, every reporter is a
 * view of them. A finding owns all of its strings.
 */

enum vg_severity {
	VG_SEV_INFO = 0,
	VG_SEV_WARNING = 1,
	VG_SEV_ERROR = 2,
};

enum vg_rule {
#define VG_RULE(e, id, sev, desc) VG_RULE_##e,
#include "core/rule-ids.h"
#undef VG_RULE
	VG_RULE__COUNT
};

struct vg_rule_info {
	const char *id;
	enum vg_severity severity;
	const char *description;
};

const struct vg_rule_info *vg_rule_info(enum vg_rule rule);
/* Look a rule up by its id; returns -1 when unknown. */
int vg_rule_by_id(const char *id);
const char *vg_severity_name(enum vg_severity sev);

struct vg_finding {
	enum vg_rule rule;
	enum vg_severity severity;
	char *section;     /* section: dump key, or top-level .name at source level */
	char *desc;        /* innermost description (.name) the finding is about */
	char *item;        /* field or subsection name inside desc, or NULL */
	char *old_value;   /* NULL when not applicable */
	char *new_value;
	char *message;     /* one line, no trailing newline */
	char *file;        /* new-side location, or NULL */
	unsigned line;
	char *old_file;    /* old-side location (removals), or NULL */
	unsigned old_line;
	char *commit;      /* hex id of the commit judged, or NULL */
	char *machine;     /* machine type, when known */
	char *waived_by;   /* the trailer or rules entry that waived it, or NULL */
	char *waiver_reason;
	/* A real migration's answer (compare --confirm); VG_CONFIRM_NONE: not tried. */
	int confirmed;           /* enum vg_confirm */
	char *confirm_message;   /* QEMU's message, or why it was not tested */
};

enum vg_confirm {
	VG_CONFIRM_NONE = 0,
	VG_CONFIRM_YES,          /* the migration failed: "confirmed": true */
	VG_CONFIRM_NO,           /* it passed (an idle device may not send the break) */
	VG_CONFIRM_UNTESTED,     /* not testable or unmigratable: "confirmed": false */
};
/* "confirmed", "not reproduced", "not tested" (NULL for NONE). */
const char *vg_confirm_name(int confirmed);

struct vg_findings {
	struct vg_finding *items;
	size_t nr, alloc;
	/* What was compared, for the summary line; never fail open on 0. */
	size_t sections_compared;
	size_t descriptions_compared;
	size_t files_scanned;
	size_t commits_checked;
};

#define VG_FINDINGS_INIT { NULL, 0, 0, 0, 0, 0, 0 }

/*
 * Add a finding with the rule's default severity. section, desc, item,
 * old_value and new_value may be NULL; the strings are copied. Returns the
 * new finding (to set file/line/...), or NULL on allocation failure.
 */
struct vg_finding *vg_findings_add(struct vg_findings *list, enum vg_rule rule,
				   const char *section, const char *desc,
				   const char *item, const char *old_value,
				   const char *new_value, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/* Set a string member of a finding (copying s; NULL clears it). */
int vg_finding_set(char **member, const char *s);

/* "desc/item", "desc" or "" into a newly allocated string. */
char *vg_finding_path(const struct vg_finding *f);

/* Counts of unwaived findings by severity. */
size_t vg_findings_count(const struct vg_findings *list, enum vg_severity sev);
size_t vg_findings_waived(const struct vg_findings *list);

/*
 * Drop exact duplicates (same rule, section, path, file, line, commit),
 * keeping the first; and sort by file, line, section, path for output.
 */
void vg_findings_dedup(struct vg_findings *list);
void vg_findings_sort(struct vg_findings *list);

/*
 * Drop (and release) every finding for which drop() returns non-zero,
 * keeping the others in order. drop() sees the findings kept so far as
 * list->items[0..kept-1].
 */
void vg_findings_filter(struct vg_findings *list,
			int (*drop)(const struct vg_finding *f, const struct vg_findings *list,
				    size_t kept, void *payload),
			void *payload);

/* Move every finding of src to the end of dst; src is left empty. */
int vg_findings_splice(struct vg_findings *dst, struct vg_findings *src);

void vg_finding_release(struct vg_finding *f);
void vg_findings_release(struct vg_findings *list);

#endif
