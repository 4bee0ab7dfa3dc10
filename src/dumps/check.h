#ifndef VG_DUMPS_CHECK_H
#define VG_DUMPS_CHECK_H

#include "core/finding.h"

struct vg_repo;
struct vg_dumps_scratch;

/*
 * The dump side of `check`: the previous release's dumps against the
 * checked commit's, merged into the source findings.
 *
 * Configured in git config (the repository's or the user's, never a file
 * of the tree, so a patch cannot change what runs):
 *   vmstate-gate.dumps         auto (default) | always | never
 *   vmstate-gate.buildDir      QEMU's build directory (qemu-system-* there)
 *   vmstate-gate.buildCommand  run with /bin/sh -c in the work tree before
 *                              dumping, e.g. "make -C build"
 *   vmstate-gate.remote        where published dumps are fetched (origin)
 *   vmstate-gate.stagedDumps   true: check --staged (the pre-commit and
 *                              commit-msg hooks) uses dumps too (false)
 * auto uses dumps when a build dir is configured or dump sets are
 * published under refs/vmstate-dumps/; otherwise the check stays source-only.
 *
 * The baseline's set: the cache (by the release's tree), then
 * refs/vmstate-dumps/X.Y.Z or X.Y, then the same refs fetched from the
 * remote, then (--build-baseline) a build of the release (baseline.h). The checked commit's: the cache, else (the commit checked out,
 * the work tree clean, no --no-build) the build command, then dumps of
 * the build dir into the cache.
 *
 * Merging: the dumps are compared machine by machine and findings that
 * are the same (rule, description, item) on several machines become one,
 * its machine the list of them. A dump finding that the source also
 * found is that source finding, with the machines added. Waivers are the
 * Migration-Break trailers of the commits from the baseline to the
 * checked one; a "(machine)" waiver waives those machines only, so the
 * rest of a finding stays a break. A section missing from the new dump
 * that the source findings do not remove (the device left the build, or
 * the machine no longer has it) is a config-changed warning, never a
 * break.
 */

struct vg_dumps_check_opts {
	const char *rev;        /* the commit checked (the tip of a range) */
	const char *baseline;   /* --baseline REV, or NULL: the previous release */
	/*
	 * review: the tree judged (hex id; the series applied on rev, in
	 * memory) and the patches' messages, whose trailers waive too.
	 * NULL: rev's own tree.
	 */
	const char *tree;
	char *const *messages;
	size_t nr_messages;
	/*
	 * check --staged: tree is the index's; the dump side runs only with
	 * vmstate-gate.stagedDumps true, and the build stands for the index
	 * when the work tree's tracked files match it.
	 */
	int staged;
	int no_build;           /* --no-build: cached or published dumps only */
	int build_baseline;     /* --build-baseline: build the release when its dumps are missing */
	/*
	 * Out, for --confirm: when not NULL and the baseline was built, its
	 * scratch copy is kept here (vg_dumps_scratch_remove() it).
	 */
	struct vg_dumps_scratch *scratch;
	/*
	 * Out, for --confirm: when not NULL, each machine's dump findings
	 * as compared (section: the dump's section key, a device type;
	 * machine: one machine type) are appended here.
	 */
	struct vg_findings *raw;
	/* Out: how many machine types the dumps were compared on (0: source-only). */
	size_t machines;
};

/*
 * vmstate-gate.buildDir as an absolute path (relative to the work tree's
 * root when it is relative), newly allocated in *out; NULL when unset.
 * 0 or -1.
 */
int vg_dumps_build_dir(struct vg_repo *repo, char **out);

/*
 * The commit a check's revisions end at: the tip of "A..B", the first
 * positive revision; NULL (HEAD) when there is none ("A.." or only
 * exclusions).
 */
const char *vg_dumps_check_rev(char **revs, size_t nr);

/*
 * Returns 0 (the dumps were compared and merged into list, or are not
 * configured: list untouched), or -1 with *exit_code set (2 bad
 * configuration, 3 dumps needed but missing, a build or QEMU failed).
 */
int vg_dumps_check(struct vg_repo *repo, struct vg_dumps_check_opts *o,
		   struct vg_findings *list, int *exit_code);

#endif
