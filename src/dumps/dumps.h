#ifndef VG_DUMPS_H
#define VG_DUMPS_H

#include "dumps/set.h"
#include "git/repo.h"

#include <stdio.h>

/*
 * Storing and sharing dump sets.
 *
 * The cache: COMMON_GIT_DIR/vmstate-gate/dumps/KEY/, KEY being
 * TREE-CONFIG (the source tree id, the build configuration hash; "notree"
 * when there is no tree). A set is made in a fresh temporary directory
 * beside it and renamed into place, so that a reader never sees half a
 * set and two writers at once never mix theirs: the second rename fails
 * and that writer takes the first one's set. A set found corrupt on read
 * is moved aside, removed and made again.
 *
 * Published sets: a commit under refs/vmstate-dumps/VERSION whose tree is
 * TARGET/MACHINE.json plus manifest.json; read from the tree, never from
 * a checkout.
 */

#define VG_DUMPS_REF_PREFIX "refs/vmstate-dumps/"

/* COMMON_GIT_DIR/vmstate-gate/dumps (made by the first write); newly allocated. */
char *vg_dumps_cache_dir(struct vg_repo *repo);

/*
 * The cached set KEY: 1 and *path (newly allocated) when it is there and
 * whole; 0 when absent, or corrupt (a warning says so, and it is removed
 * so that it is made again); -1 on error.
 */
int vg_dumps_cache_lookup(const char *cache, const char *key, char **path);

/*
 * The one cached set of tree (hex): 0 and *path (NULL when there is none,
 * or it was corrupt); -1 when there are several (name one) or on error.
 */
int vg_dumps_cache_find_tree(const char *cache, const char *tree, char **path);

/*
 * Make a set into final (a cache entry or `dumps make -o DIR`) through a
 * temporary directory and rename(2). When final appeared meanwhile (a
 * second writer), that set is kept and ours dropped. 0, -1, or -2 (an
 * unknown machine type, as vg_dumps_make).
 */
int vg_dumps_make_into(const struct vg_dumps_make_opts *opts, char *const *bins, size_t nr,
		       const char *tree, const char *config, const char *final);

/* A published set, opened for reading. */
struct vg_dumps_ref {
	struct vg_tree *tree;
	char *refname;
	struct vg_dumps_src src;
};

/* Open refs/vmstate-dumps/VERSION: 1 opened, 0 absent, -1 on error. */
int vg_dumps_ref_open(struct vg_repo *repo, const char *version, struct vg_dumps_ref *out);
void vg_dumps_ref_close(struct vg_dumps_ref *ref);

/*
 * Publish the set of src (verified first) as refs/vmstate-dumps/VERSION;
 * the new commit in *out. -2 when src is not a whole set (said), -1 on error.
 */
int vg_dumps_publish(struct vg_repo *repo, const struct vg_dumps_src *src,
		     const char *version, struct vg_oid *out);

/* Fetch refs/vmstate-dumps/ from remote (a remote's name or a URL). */
int vg_dumps_fetch(struct vg_repo *repo, const char *remote);

/* One line per published set and per cached set, to out. */
int vg_dumps_list(struct vg_repo *repo, FILE *out);

/* A version name for a ref: [A-Za-z0-9._+-], not starting with '.'. */
int vg_dumps_version_ok(const char *version);

#endif
