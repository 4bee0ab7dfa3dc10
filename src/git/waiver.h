#ifndef VG_WAIVER_H
#define VG_WAIVER_H

#include <stddef.h>

#include "core/finding.h"

/*
 * Migration-Break trailers: a commit's author states that a break is
 * deliberate, and why.
 *
 * Grammar (one trailer per waived name; the key is matched without regard
 * to case, as git does):
 *
 *   trailer  = "Migration-Break:" SP path [SP* "(" machines ")"] ":" SP* reason
 *   path     = name ["/" item]
 *   name     = a VMStateDescription .name or a section name
 *   item     = a field or subsection name inside it
 *   machines = machine *("," SP* machine)
 *   reason   = non-empty text that is not a "<placeholder>"
 *
 *   Migration-Break: esp/pdma: the q800 PDMA state is no longer migrated
 *   Migration-Break: cpu/tpr_access (pc-q35-9.0, pc-i440fx-9.0): ...
 *
 * The message is read as git reads trailers (git_message_trailers: the
 * last paragraph) after comment lines and everything below the scissors
 * line ("# ------------------------ >8 ------------------------") are
 * removed. path and machines contain no blank, '(', ')' or ':'.
 *
 * Matching: a waiver covers a finding when name equals the finding's
 * desc (the innermost description: a description name covers every
 * section that embeds it) or its section, and, when item is given, the
 * finding's item equals item (or "name/item", a subsection's full
 * name). path as a whole may also name a description: "esp/pdma" covers
 * every finding whose desc or section is "esp/pdma". With machines, only
 * findings on those machines are covered; a source-level finding has no
 * machine (it holds for every machine with the device), and the author's
 * machine list is taken as the scope of the statement. Waived findings
 * keep their severity and get waived_by (the trailer line) and
 * waiver_reason. Findings of the waiver-* rules are never waived.
 *
 * A Migration-Break line that does not parse, or that is not in the
 * trailer block, or a misspelt key ("Migration-Breaks", "Migration
 * break") is a waiver-malformed error that shows how to write it; a
 * waiver that covers nothing is a waiver-unused warning.
 */

struct vg_waiver {
	char *line;             /* "Migration-Break: VALUE" as written */
	char *path;             /* name[/item] as written, "esp/pdma" */
	char **machines;
	size_t nr_machines;
	char *reason;
	char *commit;           /* hex id of the commit that carries it, or NULL */
	size_t used;            /* findings it covered */
};

struct vg_waivers {
	struct vg_waiver *items;
	size_t nr, alloc;
};

#define VG_WAIVERS_INIT { NULL, 0, 0 }

#define VG_WAIVER_KEY "Migration-Break"
#define VG_WAIVER_GRAMMAR \
	"Migration-Break: <name>[/<field-or-subsection>] [(<machine>[, <machine>...])]: <reason>"

/*
 * A copy of message without comment lines ('#' first) and without the
 * scissors line and everything after it. NULL after an error.
 */
char *vg_message_clean(const char *message);

/*
 * Parse one raw message (as in a commit, or the commit-msg hook's
 * file): append its waivers to w, and a waiver-malformed error to out
 * for each bad Migration-Break line. commit (hex or NULL) is recorded on
 * both. *nr_lines (may be NULL) gets the number of Migration-Break lines
 * seen, good or bad.
 */
int vg_waivers_parse(struct vg_waivers *w, const char *message, const char *commit,
		     struct vg_findings *out, size_t *nr_lines);

/*
 * Parse one trailer value ("esp/pdma (q800): reason") into *w (fields
 * newly allocated). Returns 0, or -1 with *problem set to a static
 * description of what is wrong (or NULL on allocation failure).
 */
int vg_waiver_parse_value(const char *value, struct vg_waiver *w, const char **problem);

int vg_waiver_matches(const struct vg_waiver *w, const struct vg_finding *f);

/*
 * Waive the findings list->items[from..] that a waiver covers (the first
 * waiver that matches is recorded). Returns 0 or -1.
 */
int vg_waivers_apply(struct vg_waivers *w, struct vg_findings *list, size_t from);

/* A waiver-unused warning for every waiver that covered nothing. */
int vg_waivers_report_unused(const struct vg_waivers *w, struct vg_findings *out);

/*
 * Does the message state a break in prose ("migration break", "breaks
 * migration compatibility", ...)? Negated statements ("does not break
 * migration") do not count. Trailer lines are ignored.
 */
int vg_message_states_break(const char *message);

/* The trailer line that would waive f: "Migration-Break: esp/pdma: <reason>". */
char *vg_waiver_suggest(const struct vg_finding *f);

struct vg_buf;

/*
 * The fewest trailer lines that waive every unwaived error of
 * list->items[from..] (of commit only, unless NULL), joined by sep and
 * appended to out.
 */
int vg_waiver_suggest_lines(const struct vg_findings *list, size_t from, const char *commit,
			    const char *sep, struct vg_buf *out);

void vg_waiver_release(struct vg_waiver *w);
void vg_waivers_release(struct vg_waivers *w);

#endif
