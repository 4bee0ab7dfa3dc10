#include "unit.h"
#include "git/repo.h"
#include "core/util.h"

#include <limits.h>
#include <stdio.h>
#include <unistd.h>

/*
 * Repository access against throwaway repositories made with git itself:
 * baselines by tag and by VERSION, ranges, diffs, the index, notes.
 */

static char tmpdir[] = "/tmp/vg-test-repo-XXXXXX";
static char topdir[PATH_MAX];

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	struct vg_buf cmd = VG_BUF_INIT;
	va_list ap;
	int r;

	vg_buf_printf(&cmd, "cd %s && { ", tmpdir);
	va_start(ap, fmt);
	vg_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	vg_buf_puts(&cmd, "; } >/dev/null 2>&1");
	r = system(cmd.buf);
	vg_buf_release(&cmd);
	return r;
}

/* c(NAME, VERSION): commit a change to f and VERSION; tag with tag. */
#define COMMIT(dir, ver, name) \
	"echo " ver " >" dir "/VERSION && echo " name " >>" dir "/f && " \
	"git -C " dir " add VERSION f && git -C " dir " commit -q -m " name " && " \
	"git -C " dir " tag c-" name

static int setup(void **state)
{
	(void)state;
	if (!getcwd(topdir, sizeof(topdir)) || !mkdtemp(tmpdir))
		return -1;
	setenv("GIT_AUTHOR_NAME", "A U Thor", 1);
	setenv("GIT_AUTHOR_EMAIL", "author@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "C O Mitter", 1);
	setenv("GIT_COMMITTER_EMAIL", "committer@example.com", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", tmpdir, 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_WORK_TREE");
	/* tagged: releases by tag (v1.0.0 on c1, rc tag on c3 does not count) */
	if (sh("git init -q tagged && " COMMIT("tagged", "1.0.0", "t1") " && git -C tagged tag v1.0.0 && "
	       COMMIT("tagged", "1.0.50", "t2") " && " COMMIT("tagged", "1.0.90", "t3") " && "
	       "git -C tagged tag v1.1.0-rc0 && " COMMIT("tagged", "1.0.90", "t4")))
		return -1;
	/* versioned: no tags but test tags c-*, releases by VERSION */
	if (sh("git init -q versioned && " COMMIT("versioned", "1.0.50", "v1") " && "
	       COMMIT("versioned", "1.0.90", "v2") " && " COMMIT("versioned", "1.1.0", "v3") " && "
	       COMMIT("versioned", "1.1.0", "v4") " && " COMMIT("versioned", "1.1.50", "v5") " && "
	       COMMIT("versioned", "1.1.50", "v6")))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (chdir(topdir) < 0)
		return -1;
	return sh("cd / && rm -rf %s", tmpdir);
}

static struct vg_repo *open_in(const char *sub)
{
	struct vg_repo *repo = NULL;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, sub);
	assert_int_equal(chdir(path), 0);
	assert_int_equal(vg_repo_open(&repo), 0);
	return repo;
}

static void expect_baseline(struct vg_repo *repo, const char *rev, const char *want_rev,
			    const char *want_label)
{
	struct vg_oid c, b, want;
	char *label = NULL;

	assert_int_equal(vg_repo_resolve_commit(repo, rev, &c), 0);
	if (!want_rev) {
		assert_int_equal(vg_repo_baseline(repo, &c, &b, &label), 0);
		assert_null(label);
		return;
	}
	assert_int_equal(vg_repo_baseline(repo, &c, &b, &label), 1);
	assert_int_equal(vg_repo_resolve_commit(repo, want_rev, &want), 0);
	assert_true(vg_oid_equal(&b, &want));
	assert_string_equal(label, want_label);
	free(label);
}

static void test_baseline_by_tag(void **state)
{
	struct vg_repo *repo;

	(void)state;
	repo = open_in("tagged");
	expect_baseline(repo, "c-t4", "c-t1", "v1.0.0");
	expect_baseline(repo, "c-t2", "c-t1", "v1.0.0");
	expect_baseline(repo, "c-t1", "c-t1", "v1.0.0");
	/* Asked twice (memoised) the answer is the same. */
	expect_baseline(repo, "c-t4", "c-t1", "v1.0.0");
	vg_repo_free(repo);
}

static void test_baseline_by_version(void **state)
{
	struct vg_repo *repo;

	(void)state;
	repo = open_in("versioned");
	/* v3 set VERSION to 1.1.0; v4 kept it */
	expect_baseline(repo, "c-v6", "c-v3", "VERSION 1.1.0");
	expect_baseline(repo, "c-v4", "c-v3", "VERSION 1.1.0");
	expect_baseline(repo, "c-v3", "c-v3", "VERSION 1.1.0");
	/*
	 * Before any release (1.0.50 and 1.0.90 are not releases), with the
	 * whole history: the oldest first-parent commit stands in.
	 */
	{
		struct vg_oid c1;
		char hex[VG_OID_HEXSZ + 1], want[200];

		assert_int_equal(vg_repo_resolve_commit(repo, "c-v1", &c1), 0);
		vg_oid_hex(&c1, hex);
		snprintf(want, sizeof(want), "%.12s, the oldest commit (no release in the "
			 "history: it stands in for one)", hex);
		expect_baseline(repo, "c-v2", "c-v1", want);
	}
	vg_repo_free(repo);
}

static void test_range_and_diff(void **state)
{
	struct vg_repo *repo;
	struct vg_oid a, b, *list = NULL, want;
	struct vg_tree *ta = NULL, *tb = NULL;
	struct vg_changes ch = VG_CHANGES_INIT;
	size_t nr = 0;
	char *buf = NULL, *msg = NULL;
	size_t len;

	(void)state;
	repo = open_in("versioned");
	assert_int_equal(vg_repo_resolve_commit(repo, "c-v2", &a), 0);
	assert_int_equal(vg_repo_resolve_commit(repo, "c-v5", &b), 0);
	assert_int_equal(vg_repo_range(repo, &b, 1, &a, 1, &list, &nr), 0);
	assert_int_equal(nr, 3);
	assert_int_equal(vg_repo_resolve_commit(repo, "c-v3", &want), 0);
	assert_true(vg_oid_equal(&list[0], &want));
	assert_true(vg_oid_equal(&list[2], &b));
	free(list);

	assert_int_equal(vg_tree_of_commit(repo, &a, &ta), 0);
	assert_int_equal(vg_tree_of_commit(repo, &b, &tb), 0);
	assert_int_equal(vg_repo_diff(repo, ta, tb, &ch), 0);
	assert_int_equal(ch.nr, 2);     /* VERSION and f */
	assert_int_equal(vg_tree_read(tb, "VERSION", &buf, &len), 0);
	assert_string_equal(buf, "1.1.50\n");
	free(buf);
	assert_int_equal(vg_tree_read(tb, "no/such/file", &buf, &len), 0);
	assert_null(buf);
	assert_int_equal(vg_repo_message(repo, &b, &msg), 0);
	assert_string_equal(msg, "v5\n");
	free(msg);
	vg_changes_release(&ch);
	vg_tree_free(ta);
	vg_tree_free(tb);
	vg_repo_free(repo);
}

static void test_index_and_unborn(void **state)
{
	struct vg_repo *repo;
	struct vg_tree *idx = NULL, *empty = NULL;
	struct vg_changes ch = VG_CHANGES_INIT;
	struct vg_oid head, id;
	int unborn = 0;

	(void)state;
	assert_int_equal(sh("git init -q fresh && echo x >fresh/a.c && git -C fresh add a.c"), 0);
	repo = open_in("fresh");
	assert_int_equal(vg_repo_head(repo, &head, &unborn), 0);
	assert_int_equal(unborn, 1);
	assert_int_equal(vg_tree_of_index(repo, &idx), 0);
	assert_int_equal(vg_tree_blob_id(idx, "a.c", &id), 1);
	assert_int_equal(vg_tree_blob_id(idx, "b.c", &id), 0);
	assert_int_equal(vg_tree_empty(repo, &empty), 0);
	assert_int_equal(vg_repo_diff(repo, empty, idx, &ch), 0);
	assert_int_equal(ch.nr, 1);
	assert_null(ch.items[0].old_path);
	assert_string_equal(ch.items[0].new_path, "a.c");
	vg_changes_release(&ch);
	vg_tree_free(idx);
	vg_tree_free(empty);
	vg_repo_free(repo);
}

static void test_notes_and_trailers(void **state)
{
	struct vg_repo *repo;
	struct vg_oid c;
	struct vg_trailer *t = NULL;
	size_t nr = 0;

	(void)state;
	repo = open_in("tagged");
	assert_int_equal(vg_repo_resolve_commit(repo, "c-t4", &c), 0);
	assert_int_equal(vg_repo_note_write(repo, "refs/notes/vmstate", &c, "clean\n"), 0);
	assert_int_equal(vg_repo_note_write(repo, "refs/notes/vmstate", &c, "again\n"), 0);
	vg_repo_free(repo);
	assert_int_equal(sh("test \"$(git -C tagged notes --ref=vmstate show c-t4)\" = again"), 0);

	assert_int_equal(vg_message_trailers("s\n\nbody\n\nMigration-Break: a: b\n"
					     "Signed-off-by: X <x@y>\n", &t, &nr), 0);
	assert_int_equal(nr, 2);
	assert_string_equal(t[0].key, "Migration-Break");
	assert_string_equal(t[0].value, "a: b");
	vg_trailers_free(t, nr);
}

static void test_resolve_errors(void **state)
{
	struct vg_repo *repo;
	struct vg_oid c;

	(void)state;
	repo = open_in("tagged");
	assert_int_equal(vg_repo_resolve_commit(repo, "no-such-rev", &c), -1);
	assert_int_equal(vg_repo_resolve_commit(repo, "HEAD:VERSION", &c), -1);
	vg_repo_free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline_by_tag),
		cmocka_unit_test(test_baseline_by_version),
		cmocka_unit_test(test_range_and_diff),
		cmocka_unit_test(test_index_and_unborn),
		cmocka_unit_test(test_notes_and_trailers),
		cmocka_unit_test(test_resolve_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
