#ifndef VG_REPO_H
#define VG_REPO_H

#include <stddef.h>

/*
 * Repository access for the git gate: the only module that includes
 * <git2.h> (Debian's libgit2 1.5). Every function returns 0 or -1 after a
 * vg_error() naming what failed, unless documented otherwise. Nothing here
 * writes to the repository except vg_repo_note_write().
 */

struct vg_oid {
	unsigned char id[20];
};

#define VG_OID_HEXSZ 40

/* Lower-case hex of an object id into buf (VG_OID_HEXSZ + 1 bytes). */
void vg_oid_hex(const struct vg_oid *oid, char *buf);
int vg_oid_equal(const struct vg_oid *a, const struct vg_oid *b);
int vg_oid_is_zero(const struct vg_oid *oid);

struct vg_repo;

/*
 * Open the repository the way git does: GIT_DIR, GIT_INDEX_FILE (a
 * partial commit's temporary index), GIT_OBJECT_DIRECTORY and linked
 * worktrees are honoured; otherwise the repository is found from the
 * current directory upwards (the caller chdir()s for -C).
 */
int vg_repo_open(struct vg_repo **out);
void vg_repo_free(struct vg_repo *repo);

/* Resolve REV (anything git rev-parse takes) to a commit. */
int vg_repo_resolve_commit(struct vg_repo *repo, const char *rev, struct vg_oid *out);
/* 1 when a damaged object of the repository was met (say exit 3, not a bad revision). */
int vg_repo_saw_corruption(const struct vg_repo *repo);
/* HEAD's commit; *unborn is set (and 0 returned) when HEAD has none yet. */
int vg_repo_head(struct vg_repo *repo, struct vg_oid *out, int *unborn);

/* A commit's parents (at most max), their number in *nr. */
int vg_repo_parents(struct vg_repo *repo, const struct vg_oid *commit,
		    struct vg_oid *parents, size_t max, size_t *nr);
/* The commit's full raw message, newly allocated. */
int vg_repo_message(struct vg_repo *repo, const struct vg_oid *commit, char **out);
/* The commit's subject (first line), newly allocated. */
int vg_repo_subject(struct vg_repo *repo, const struct vg_oid *commit, char **out);

/*
 * The commits reachable from a tip in pos and from none in neg, parents
 * before children (topological, oldest first). *out is newly allocated.
 */
int vg_repo_range(struct vg_repo *repo, const struct vg_oid *pos, size_t nr_pos,
		  const struct vg_oid *neg, size_t nr_neg,
		  struct vg_oid **out, size_t *nr);

/*
 * A snapshot of files: a commit's tree, the index, or nothing (the empty
 * tree, for an unborn HEAD or a root commit). Trees borrow the repo.
 */
struct vg_tree;

int vg_tree_of_commit(struct vg_repo *repo, const struct vg_oid *commit,
		      struct vg_tree **out);
int vg_tree_of_index(struct vg_repo *repo, struct vg_tree **out);
int vg_tree_empty(struct vg_repo *repo, struct vg_tree **out);
void vg_tree_free(struct vg_tree *tree);

/* The tree object id of a commit's snapshot: 1, or 0 (the index, empty). */
int vg_tree_id(const struct vg_tree *tree, struct vg_oid *out);

/*
 * The blob id at path: 1 found, 0 absent (or not a regular file), -1 on
 * error.
 */
int vg_tree_blob_id(struct vg_tree *tree, const char *path, struct vg_oid *out);
/* Read a blob; *buf is NUL-terminated and newly allocated. */
int vg_repo_read_blob(struct vg_repo *repo, const struct vg_oid *blob,
		      char **buf, size_t *len);
/* vg_tree_blob_id + vg_repo_read_blob; *buf is NULL when absent. */
int vg_tree_read(struct vg_tree *tree, const char *path, char **buf, size_t *len);

/*
 * Call fn for every regular file of the tree whose name ends with suffix
 * (NULL: every file). A non-zero return from fn stops the walk and is
 * returned.
 */
int vg_tree_foreach_file(struct vg_tree *tree, const char *suffix,
			 int (*fn)(const char *path, const struct vg_oid *blob,
				   void *payload),
			 void *payload);

/* One changed file between two snapshots. */
struct vg_change {
	char *old_path;    /* NULL when added */
	char *new_path;    /* NULL when deleted */
	struct vg_oid old_blob, new_blob; /* zero when absent */
};

struct vg_changes {
	struct vg_change *items;
	size_t nr, alloc;
};

#define VG_CHANGES_INIT { NULL, 0, 0 }

/*
 * The files that differ between old and new (trees or the index), with
 * exact renames detected. An unmerged index is an input error.
 */
int vg_repo_diff(struct vg_repo *repo, struct vg_tree *old, struct vg_tree *new_,
		 struct vg_changes *out);
void vg_changes_release(struct vg_changes *changes);

/*
 * The baseline of a commit: the previous release, which users migrate
 * from. Walking first-parent history from commit itself: the nearest
 * commit that a tag vX.Y.Z points to (annotated or not); when no such
 * tag is found (a mirror without tags), the commit that set the VERSION
 * file to a release (X.Y.Z with Z < 50; X.Y.50 is development and
 * X.Y.90+ are release candidates). Returns 1 and sets *out and *label
 * ("v9.0.0", or "VERSION 9.0.0"; newly allocated), 0 when no release is
 * in the history (or it is cut off, in a shallow clone), -1 on error.
 * Results are cached in repo.
 */
int vg_repo_baseline(struct vg_repo *repo, const struct vg_oid *commit,
		     struct vg_oid *out, char **label);

/* A short label of a commit: its vX.Y.Z tag, or the abbreviated id. */
char *vg_repo_describe(struct vg_repo *repo, const struct vg_oid *commit);

/*
 * Write text as the note of commit under notes_ref
 * ("refs/notes/vmstate"), replacing an older note.
 */
int vg_repo_note_write(struct vg_repo *repo, const char *notes_ref,
		       const struct vg_oid *commit, const char *text);

/*
 * Where line old_line (1-based) of old is in new: the line of new at which
 * it was removed or changed, following the diff's hunks. Returns the line
 * (>= 1), or 0 on error.
 */
unsigned vg_map_line(const char *old, size_t old_len, const char *new_, size_t new_len,
		     unsigned old_line);

/* A trailer of a commit message, as git parses them. */
struct vg_trailer {
	char *key;
	char *value;
};

/*
 * The trailers of a message (git's rules: the last paragraph, "---"
 * ends the message). The message must already be stripped of comments.
 */
int vg_message_trailers(const char *message, struct vg_trailer **out, size_t *nr);
void vg_trailers_free(struct vg_trailer *t, size_t nr);

/*
 * From now on, objects written through repo (blobs and trees of applied
 * patches) stay in memory: the object database on disk is not written.
 */
int vg_repo_objects_in_memory(struct vg_repo *repo);

/*
 * Apply patch (git diff text, as git format-patch writes it) to the
 * snapshot pre (a commit's tree or the empty tree) in memory, as git
 * apply --cached would, without touching the index, the work tree or
 * refs (call vg_repo_objects_in_memory() first to keep the object
 * database untouched too). Returns 0 and the patched snapshot in *out;
 * 1 when the patch is malformed or does not apply, with *why (newly
 * allocated) naming the file and hunk that failed; -1 on error.
 */
int vg_tree_apply(struct vg_tree *pre, const char *patch, size_t len,
		  struct vg_tree **out, char **why);

/*
 * The refs whose names start with prefix ("refs/vmstate-dumps/", the
 * slash optional), sorted; *out is newly allocated, each name too.
 */
int vg_repo_refs(struct vg_repo *repo, const char *prefix, char ***out, size_t *nr);
/* The tree a ref points to (a commit's, or a tree itself). */
int vg_tree_of_ref(struct vg_repo *repo, const char *refname, struct vg_tree **out);

/*
 * Shared dump sets (src/dumps/): the common git dir (shared by linked
 * worktrees; owned by repo), objects and refs written for `dumps publish`,
 * refs fetched for `dumps fetch`. These write to the repository.
 */
const char *vg_repo_common_dir(struct vg_repo *repo);
int vg_repo_write_blob(struct vg_repo *repo, const char *buf, size_t len,
		       struct vg_oid *out);

/* One entry of a tree to write: a blob (a regular file) or a subtree. */
struct vg_tree_entry {
	const char *name;
	struct vg_oid id;
	int is_tree;
};

int vg_repo_write_tree(struct vg_repo *repo, const struct vg_tree_entry *entries,
		       size_t nr, struct vg_oid *out);

/*
 * Commit tree_id with message and point refname at it; the commit's
 * parent is the ref's previous commit, if any (the update is refused if
 * the ref moved meanwhile).
 */
int vg_repo_commit_ref(struct vg_repo *repo, const char *refname,
		       const struct vg_oid *tree_id, const char *message,
		       struct vg_oid *out);

/*
 * Fetch refspec (a force refspec from refs/vmstate-dumps/ to itself) from
 * remote, a configured remote's name or a URL (a path).
 */
int vg_repo_fetch(struct vg_repo *repo, const char *remote, const char *refspec);

/*
 * Call fn for each ref matching glob (a git glob) that points
 * at a commit, in no particular order. A non-zero return from fn stops the walk
 * and is returned.
 */
int vg_repo_foreach_ref(struct vg_repo *repo, const char *glob,
			int (*fn)(const char *name, const struct vg_oid *commit,
				  void *payload),
			void *payload);

/*
 * A string from the repository's git configuration (its .git/config and
 * the user's, never a file of the tree): 1 and *out newly allocated, 0
 * when unset (*out NULL), -1 on error.
 */
int vg_repo_config_string(struct vg_repo *repo, const char *key, char **out);

/* The commit a ref (its full name) points at; *found 0 when there is no such ref. */
int vg_repo_ref_commit(struct vg_repo *repo, const char *refname, struct vg_oid *out,
		       int *found);

/* The work tree's root (ends with '/'), or NULL in a bare repository. */
const char *vg_repo_workdir(struct vg_repo *repo);
/*
 * 1 when no tracked file differs from HEAD in the index or the work tree
 * (untracked files do not count), 0 when one does, -1 on error.
 */
int vg_repo_worktree_clean(struct vg_repo *repo);

/*
 * The tree id the index would commit as; its objects are written to
 * memory only (vg_repo_objects_in_memory). 0 or -1.
 */
int vg_repo_index_tree(struct vg_repo *repo, struct vg_oid *out);

/* 1 when no tracked file of the work tree differs from the index, 0, -1. */
int vg_repo_worktree_matches_index(struct vg_repo *repo);

/*
 * Write the files of commit's tree into dir (which exists and is empty),
 * as `git archive | tar x` would: modes and symbolic links kept,
 * submodules left empty, no filter but end-of-line conversion. The
 * repository's index, HEAD and work tree are not touched. 0 or -1.
 */
int vg_repo_export(struct vg_repo *repo, const struct vg_oid *commit, const char *dir);

#endif
