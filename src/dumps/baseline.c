/*
 * check --build-baseline (baseline.h): a scratch copy of the release's
 * tree, its build, its dumps into the cache.
 */
#include "dumps/baseline.h"
#include "dumps/dumps.h"
#include "dumps/proc.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_COMMAND \
	"./configure --target-list=\"$VG_TARGET_LIST\" --disable-docs && make -C build"
#define DEFAULT_BUILD_DIR "build"
#define DUMP_TIMEOUT 60

void vg_dumps_scratch_remove(struct vg_dumps_scratch *s)
{
	if (s->dir)
		vg_dumps_remove_tree(s->dir);
	free(s->dir);
	free(s->build_dir);
	s->dir = s->build_dir = NULL;
}

static int make_scratch(struct vg_dumps_scratch *s)
{
	const char *tmp = getenv("TMPDIR");

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (!(s->dir = vg_asprintf("%s/vmstate-gate-baseline.XXXXXX", tmp)))
		return -1;
	if (!mkdtemp(s->dir)) {
		vg_error("cannot make a directory in %s for the baseline's build: %s", tmp,
			 strerror(errno));
		free(s->dir);
		s->dir = NULL;
		return -1;
	}
	return 0;
}

/*
 * Run the build command at src's root, with VG_TARGET_LIST, VG_BASELINE
 * (the release's name) and VG_WORKTREE (the user's work tree, where a
 * command may take submodules from); -2 when a signal stopped it.
 */
static int run_command(const char *src, const char *cmd, const char *targets,
		       const char *label, const char *worktree)
{
	char *argv[] = { "/bin/sh", "-c", "cd -- \"$0\" && VG_TARGET_LIST=$1 && "
			 "VG_BASELINE=$3 && VG_WORKTREE=$4 && "
			 "export VG_TARGET_LIST VG_BASELINE VG_WORKTREE && eval \"$2\"",
			 (char *)src, (char *)targets, (char *)cmd, (char *)label,
			 (char *)(worktree ? worktree : ""), NULL };

	fprintf(stderr, "vmstate-gate: dumps: building the baseline %s in %s (its output "
		"is shown if it fails): %s\n", label, src, cmd);
	return vg_proc_run_build(argv, cmd, "the baseline's build "
				 "(vmstate-gate.baselineBuildCommand)");
}

/* Dump every binary of the build into the cache under the release's tree. */
static int dump_build(const char *build_dir, const char *tree, const char *cache)
{
	struct vg_dumps_make_opts mo = { 0 };
	char **bins = NULL, config[17], *final = NULL;
	size_t nr = 0, i;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int ret = -1;

	mo.build_dir = build_dir;
	mo.jobs = cpus > 0 ? (unsigned)cpus : 1;
	mo.timeout = DUMP_TIMEOUT;
	mo.progress = isatty(2);
	if (access(build_dir, F_OK) < 0 || vg_dumps_binaries(&mo, &bins, &nr) < 0 || !nr) {
		vg_error("dumps: the baseline's build left no qemu-system-* in %s "
			 "(vmstate-gate.baselineBuildDir)", build_dir);
		goto done;
	}
	if (vg_dumps_config_hash(&mo, bins, nr, config) < 0 ||
	    !(final = vg_asprintf("%s/%s-%s", cache, tree, config)))
		goto done;
	ret = vg_dumps_make_into(&mo, bins, nr, tree, config, final);
	if (ret < 0 && vg_proc_interrupted())
		ret = -2;
	else if (ret < 0)
		ret = -1;
done:
	for (i = 0; i < nr; i++)
		free(bins[i]);
	free(bins);
	free(final);
	return ret;
}

static int config_or(struct vg_repo *repo, const char *key, const char *dflt, char **out)
{
	if (vg_repo_config_string(repo, key, out) < 0)
		return -1;
	if (!*out && !(*out = vg_strdup(dflt)))
		return -1;
	return 0;
}

int vg_dumps_build_baseline(struct vg_repo *repo, const struct vg_oid *base,
			    const char *label, const char *cache, const char *targets,
			    int keep, struct vg_dumps_scratch *out)
{
	struct vg_dumps_scratch s = { NULL, NULL };
	char *cmd = NULL, *sub = NULL, tree[VG_OID_HEXSZ + 1];
	struct sigaction old[2];
	struct vg_tree *t = NULL;
	struct vg_oid id;
	int ret = -1;

	/* Ctrl-C while the copy is written or between steps: remove it, then stop. */
	vg_proc_hold_signals(old);
	if (config_or(repo, "vmstate-gate.baselineBuildCommand", DEFAULT_COMMAND, &cmd) < 0 ||
	    config_or(repo, "vmstate-gate.baselineBuildDir", DEFAULT_BUILD_DIR, &sub) < 0)
		goto done;
	if (sub[0] == '/' || strstr(sub, "..")) {
		vg_error("vmstate-gate.baselineBuildDir is '%s': a path inside the tree", sub);
		ret = -3;
		goto done;
	}
	if (vg_tree_of_commit(repo, base, &t) < 0)
		goto done;
	vg_tree_id(t, &id);
	vg_oid_hex(&id, tree);
	if (make_scratch(&s) < 0 || !(s.build_dir = vg_asprintf("%s/%s", s.dir, sub)))
		goto done;
	fprintf(stderr, "vmstate-gate: dumps: writing the tree of %s to %s\n", label, s.dir);
	if (vg_repo_export(repo, base, s.dir) < 0 || vg_proc_interrupted())
		goto done;
	if ((ret = run_command(s.dir, cmd, targets, label, vg_repo_workdir(repo))) < 0)
		goto done;
	ret = dump_build(s.build_dir, tree, cache);
done:
	if (vg_proc_interrupted())
		ret = -2;
	if (ret == 0 && keep) {
		*out = s;
	} else {
		vg_dumps_scratch_remove(&s);
	}
	vg_proc_release_signals(old);
	vg_tree_free(t);
	free(cmd);
	free(sub);
	return ret;
}
