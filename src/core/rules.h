#ifndef VG_RULES_H
#define VG_RULES_H

#include <stddef.h>

/*
 * Knowledge kept as data under rules/: section (QOM type) renames, known
 * accepted breaks, and the VMSTATE_* macro catalogue. Every file is
 * line-based: '#' starts a comment, a line is whitespace-separated words,
 * a word may be "double quoted". Errors name file:line.
 */

/* One tokenized line of a rules file. */
struct vg_rules_line {
	const char *path;
	unsigned lineno;
	char **words;
	size_t nr;
};

/*
 * Call fn for every non-empty line of path. A non-zero return from fn
 * stops the walk and is returned. A malformed line (an unterminated
 * quote) is reported as "path:line: error: ..." and returns -1.
 */
int vg_rules_foreach_line(const char *path,
			  int (*fn)(const struct vg_rules_line *line, void *payload),
			  void *payload);

/*
 * The rules directory: $VMSTATE_GATE_RULES, else rules/ next to the
 * source tree the binary was built in (../rules from the binary's
 * directory, or ../../rules from build/), else VG_DATADIR/rules.
 * Returns a newly allocated path, or NULL after an error message.
 */
char *vg_rules_dir(void);

struct vg_section_rename {
	char *old_key, *new_key;
	char *source;           /* the comment or reference that justifies it */
};

struct vg_known_break {
	char *rule;             /* rule id, or "*" */
	char *path;             /* name[/item], as a waiver names it */
	char *range;            /* releases it covers: "v8.2.0..v9.0.0" */
	char *reason;
	char *source;           /* provenance: QEMU commit, file, thread */
	char *where;            /* "rules/known-breaks:LINE" */
};

struct vg_macros;               /* the catalogue; see macros.h */

struct vg_rules {
	struct vg_section_rename *renames;
	size_t nr_renames, alloc_renames;
	struct vg_known_break *breaks;
	size_t nr_breaks, alloc_breaks;
	struct vg_macros *macros;       /* loaded on demand by the scanner */
	char *dir;
};

#define VG_RULES_INIT { NULL, 0, 0, NULL, 0, 0, NULL, NULL }

/* Load section-renames and known-breaks from dir (NULL: vg_rules_dir()). */
int vg_rules_load(struct vg_rules *rules, const char *dir);
/* The new key for an old dump key, or NULL. */
const char *vg_rules_renamed_key(const struct vg_rules *rules, const char *old_key);
void vg_rules_release(struct vg_rules *rules);

#endif
