#ifndef VG_DUMPS_BASELINE_H
#define VG_DUMPS_BASELINE_H

#include "git/repo.h"

/*
 * check --build-baseline: when no dumps of the baseline release are
 * cached or published, build the release in a scratch copy of its tree
 * (written from git objects; the user's work tree, index and HEAD are not
 * touched) and dump it into the cache, keyed by the release's tree.
 *
 * git config (the repository's or the user's, never the tree's):
 *   vmstate-gate.baselineBuildCommand  run with /bin/sh -c at the copy's
 *        root, $VG_TARGET_LIST set to the targets the checked build has
 *        ("x86_64-softmmu,aarch64-softmmu"), $VG_BASELINE to the release
 *        ("v7.2.0") and $VG_WORKTREE to the user's work tree (the copy has
 *        no submodules: a command may take them from there); default
 *        ./configure --target-list="$VG_TARGET_LIST" --disable-docs &&
 *        make -C build
 *   vmstate-gate.baselineBuildDir  where the copy's qemu-system-* land,
 *        relative to its root (default build)
 *
 * The copy lives in a private directory under $TMPDIR; it is removed when
 * the dumps are made, when the build fails and on SIGINT/SIGTERM, unless
 * the caller keeps it (--confirm migrates from its binaries).
 */

struct vg_dumps_scratch {
	char *dir;        /* the private directory, or NULL */
	char *build_dir;  /* the copy's build dir, inside dir */
};

/*
 * Build the release at base (label: "v7.2.0", for messages) for targets
 * (comma-separated "x86_64-softmmu" names; never empty), and dump it
 * into cache under the release's tree id. keep: leave the copy for the
 * caller (out), else it is removed before returning. Returns 0; -1 when
 * the build or a QEMU failed (the output shown) or on error; -2 when a
 * signal stopped it; -3 when the configuration is wrong (the copy is
 * removed either way).
 */
int vg_dumps_build_baseline(struct vg_repo *repo, const struct vg_oid *base,
			    const char *label, const char *cache, const char *targets,
			    int keep, struct vg_dumps_scratch *out);

/* Remove the copy and free out. */
void vg_dumps_scratch_remove(struct vg_dumps_scratch *s);

#endif
