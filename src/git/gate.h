#ifndef VG_GATE_H
#define VG_GATE_H

#include <stddef.h>

#include "core/finding.h"

/*
 * The git gate: judges staged changes, a commit or a range of commits by
 * what they change in migration compatibility with the baseline, the
 * previous release (users migrate from releases, not from parents).
 *
 * For each changed file F of a commit C (first parent P, baseline B):
 *   report findings(B -> C) minus findings(B -> P), matched by rule,
 *   section, description and item (never by line);
 * so a commit is flagged for a break it introduces, not for one it
 * repairs, and a change to something no release has sent is not a break.
 * Changed files are the C sources that define VMStateDescriptions, and
 * the sources that include a changed header (resolved as below) and use
 * one of the identifiers it changes on a VMState line. Every version of
 * a file (baseline, parent, child) is scanned with the headers it
 * includes in its own tree: QEMU's search path (the file's directory,
 * include/, the root, target/X/ for target/X/... files), first hit wins,
 * followed down the file's private headers and same-directory chains (up
 * to three levels); header texts are cached by blob id across a range.
 * The parent is judged with the parent's headers, and findings(B -> P)
 * is always computed when findings(B -> C) is not empty (never assumed
 * empty because P's inputs equal B's).
 *
 * Waivers (waiver.h): the judged commit's Migration-Break trailers; in a
 * range, a trailer covers the findings it names in its commit and every
 * later commit of the range.
 */

struct vg_repo;
struct vg_gate;

struct vg_gate_opts {
	const char *baseline;   /* --baseline REV: overrides discovery */
	int progress;           /* progress lines on stderr (a terminal) */
	const char *notes_ref;  /* write each commit's result as a note, or NULL */
};

/* Why a gate call failed: VG_EXIT_USAGE (bad input) or VG_EXIT_INTERNAL. */
int vg_gate_failure(const struct vg_gate *g);

/* Verdict details for the summary. */
struct vg_gate_stats {
	size_t commits;         /* commits (or the index) judged */
	size_t relevant;        /* of them, with VMState-relevant changes */
	size_t units;           /* source files compared */
	char *baseline;         /* label of the (last) baseline, or NULL */
};

int vg_gate_new(struct vg_gate **out, struct vg_repo *repo, const struct vg_gate_opts *opts);
void vg_gate_free(struct vg_gate *g);
const struct vg_gate_stats *vg_gate_stats(const struct vg_gate *g);

/*
 * The index against HEAD (an unborn HEAD: against nothing). message is
 * the commit message being written (the commit-msg hook), or NULL.
 */
int vg_gate_staged(struct vg_gate *g, const char *message, struct vg_findings *out);

/*
 * Commits: revs are git revisions, "A..B" ranges and "^X" exclusions.
 * One plain revision is that commit alone; otherwise every commit of the
 * range is judged, and for "A..B" the range as a whole too (what it
 * finds that no commit was flagged for). since_baseline hides the
 * baseline of the first positive revision (a new branch in pre-push).
 */
int vg_gate_commits(struct vg_gate *g, char **revs, size_t nr, int since_baseline,
		    struct vg_findings *out);

/*
 * A change that is not a commit (a patch applied in memory): judge
 * parent -> child against the baseline of from_commit (the commit parent
 * derives from; --baseline overrides), as a commit with message (NULL:
 * none) would be, its findings labelled label (e.g. "patch 2/3", or
 * NULL). Trailers accumulate in waivers, as in a range (report the
 * unused ones at the end with vg_waivers_report_unused()). whole: the
 * series as a whole, only what out does not already hold is added.
 */
struct vg_tree;
struct vg_oid;
struct vg_waivers;
int vg_gate_judge_trees(struct vg_gate *g, const struct vg_oid *from_commit,
			struct vg_tree *parent, struct vg_tree *child,
			const char *message, const char *label, int whole,
			struct vg_waivers *waivers, struct vg_findings *out);

#endif
