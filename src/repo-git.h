/*
 * libgit2, loaded on first use.
 *
 * Linking libgit2 pulls about twenty shared libraries (TLS, SSH, Kerberos,
 * HTTP) into every start of the program, some 1.5 ms, although `compare`,
 * `scan` and `diff-source` never touch a repository.  repo.c therefore
 * calls libgit2 through this table, which vg_git_load() fills with dlopen()
 * of the library the program was built against (VG_GIT2_SONAME).  The
 * headers are still <git2.h>, so types and constants are checked as usual.
 *
 * Private to repo.c and repo-git.c.
 */
#ifndef VG_REPO_GIT_H
#define VG_REPO_GIT_H

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

/* Every libgit2 function repo.c calls. */
#define VG_GIT_FUNCTIONS(X) \
	X(git_apply_options_init) \
	X(git_apply_to_tree) \
	X(git_blob_free) \
	X(git_blob_lookup) \
	X(git_blob_rawcontent) \
	X(git_blob_rawsize) \
	X(git_commit_free) \
	X(git_commit_lookup) \
	X(git_commit_message_raw) \
	X(git_commit_parent_id) \
	X(git_commit_parentcount) \
	X(git_commit_summary) \
	X(git_commit_tree) \
	X(git_diff_buffers) \
	X(git_diff_find_options_init) \
	X(git_diff_find_similar) \
	X(git_diff_free) \
	X(git_diff_from_buffer) \
	X(git_diff_get_delta) \
	X(git_diff_num_deltas) \
	X(git_diff_options_init) \
	X(git_diff_tree_to_index) \
	X(git_diff_tree_to_tree) \
	X(git_error_last) \
	X(git_index_entry_stage) \
	X(git_index_entrycount) \
	X(git_index_free) \
	X(git_index_get_byindex) \
	X(git_index_get_bypath) \
	X(git_index_has_conflicts) \
	X(git_index_write_tree_to) \
	X(git_libgit2_init) \
	X(git_libgit2_opts) \
	X(git_libgit2_shutdown) \
	X(git_mempack_new) \
	X(git_message_trailer_array_free) \
	X(git_message_trailers) \
	X(git_note_create) \
	X(git_object_free) \
	X(git_object_id) \
	X(git_object_lookup) \
	X(git_object_peel) \
	X(git_odb_add_backend) \
	X(git_odb_exists) \
	X(git_odb_free) \
	X(git_oid_cpy) \
	X(git_reference_name_to_id) \
	X(git_repository_free) \
	X(git_repository_index) \
	X(git_repository_is_bare) \
	X(git_repository_odb) \
	X(git_repository_open_ext) \
	X(git_repository_path) \
	X(git_revparse_single) \
	X(git_revwalk_free) \
	X(git_revwalk_hide) \
	X(git_revwalk_new) \
	X(git_revwalk_next) \
	X(git_revwalk_push) \
	X(git_revwalk_sorting) \
	X(git_signature_default) \
	X(git_signature_free) \
	X(git_signature_now) \
	X(git_tag_foreach) \
	X(git_tree_entry_bypath) \
	X(git_tree_entry_filemode) \
	X(git_tree_entry_free) \
	X(git_tree_entry_id) \
	X(git_tree_entry_name) \
	X(git_tree_free) \
	X(git_tree_id) \
	X(git_tree_lookup) \
	X(git_tree_walk) \
	X(git_treebuilder_free) \
	X(git_treebuilder_new) \
	X(git_treebuilder_write) \

struct vg_git_api {
#define VG_GIT_MEMBER(f) __typeof__(f) *f;
	VG_GIT_FUNCTIONS(VG_GIT_MEMBER)
#undef VG_GIT_MEMBER
};

extern struct vg_git_api vg_git;

/*
 * Load libgit2 once (thread-safe) and fill vg_git.  Returns 0, or -1 with
 * the reason given to vg_error(); the caller must not call libgit2 then.
 */
int vg_git_load(void);

#ifndef VG_GIT_LOADER
#define git_apply_options_init vg_git.git_apply_options_init
#define git_apply_to_tree vg_git.git_apply_to_tree
#define git_blob_free vg_git.git_blob_free
#define git_blob_lookup vg_git.git_blob_lookup
#define git_blob_rawcontent vg_git.git_blob_rawcontent
#define git_blob_rawsize vg_git.git_blob_rawsize
#define git_commit_free vg_git.git_commit_free
#define git_commit_lookup vg_git.git_commit_lookup
#define git_commit_message_raw vg_git.git_commit_message_raw
#define git_commit_parent_id vg_git.git_commit_parent_id
#define git_commit_parentcount vg_git.git_commit_parentcount
#define git_commit_summary vg_git.git_commit_summary
#define git_commit_tree vg_git.git_commit_tree
#define git_diff_buffers vg_git.git_diff_buffers
#define git_diff_find_options_init vg_git.git_diff_find_options_init
#define git_diff_find_similar vg_git.git_diff_find_similar
#define git_diff_free vg_git.git_diff_free
#define git_diff_from_buffer vg_git.git_diff_from_buffer
#define git_diff_get_delta vg_git.git_diff_get_delta
#define git_diff_num_deltas vg_git.git_diff_num_deltas
#define git_diff_options_init vg_git.git_diff_options_init
#define git_diff_tree_to_index vg_git.git_diff_tree_to_index
#define git_diff_tree_to_tree vg_git.git_diff_tree_to_tree
#define git_error_last vg_git.git_error_last
#define git_index_entry_stage vg_git.git_index_entry_stage
#define git_index_entrycount vg_git.git_index_entrycount
#define git_index_free vg_git.git_index_free
#define git_index_get_byindex vg_git.git_index_get_byindex
#define git_index_get_bypath vg_git.git_index_get_bypath
#define git_index_has_conflicts vg_git.git_index_has_conflicts
#define git_index_write_tree_to vg_git.git_index_write_tree_to
#define git_libgit2_init vg_git.git_libgit2_init
#define git_libgit2_opts vg_git.git_libgit2_opts
#define git_libgit2_shutdown vg_git.git_libgit2_shutdown
#define git_mempack_new vg_git.git_mempack_new
#define git_message_trailer_array_free vg_git.git_message_trailer_array_free
#define git_message_trailers vg_git.git_message_trailers
#define git_note_create vg_git.git_note_create
#define git_object_free vg_git.git_object_free
#define git_object_id vg_git.git_object_id
#define git_object_lookup vg_git.git_object_lookup
#define git_object_peel vg_git.git_object_peel
#define git_odb_add_backend vg_git.git_odb_add_backend
#define git_odb_exists vg_git.git_odb_exists
#define git_odb_free vg_git.git_odb_free
#define git_oid_cpy vg_git.git_oid_cpy
#define git_reference_name_to_id vg_git.git_reference_name_to_id
#define git_repository_free vg_git.git_repository_free
#define git_repository_index vg_git.git_repository_index
#define git_repository_is_bare vg_git.git_repository_is_bare
#define git_repository_odb vg_git.git_repository_odb
#define git_repository_open_ext vg_git.git_repository_open_ext
#define git_repository_path vg_git.git_repository_path
#define git_revparse_single vg_git.git_revparse_single
#define git_revwalk_free vg_git.git_revwalk_free
#define git_revwalk_hide vg_git.git_revwalk_hide
#define git_revwalk_new vg_git.git_revwalk_new
#define git_revwalk_next vg_git.git_revwalk_next
#define git_revwalk_push vg_git.git_revwalk_push
#define git_revwalk_sorting vg_git.git_revwalk_sorting
#define git_signature_default vg_git.git_signature_default
#define git_signature_free vg_git.git_signature_free
#define git_signature_now vg_git.git_signature_now
#define git_tag_foreach vg_git.git_tag_foreach
#define git_tree_entry_bypath vg_git.git_tree_entry_bypath
#define git_tree_entry_filemode vg_git.git_tree_entry_filemode
#define git_tree_entry_free vg_git.git_tree_entry_free
#define git_tree_entry_id vg_git.git_tree_entry_id
#define git_tree_entry_name vg_git.git_tree_entry_name
#define git_tree_free vg_git.git_tree_free
#define git_tree_id vg_git.git_tree_id
#define git_tree_lookup vg_git.git_tree_lookup
#define git_tree_walk vg_git.git_tree_walk
#define git_treebuilder_free vg_git.git_treebuilder_free
#define git_treebuilder_new vg_git.git_treebuilder_new
#define git_treebuilder_write vg_git.git_treebuilder_write
#endif

#endif
