/*
 * vmstate-gate matrix [--dumps DIR | --ref-prefix PREFIX] [--format html|md|json] [-o FILE]
 *
 * Every release pair of every machine type, both directions, as a grid.
 */
#include "cli/cmds.h"
#include "cli/options.h"
#include "compare/compare.h"
#include "core/exitcode.h"
#include "core/rules.h"
#include "core/util.h"
#include "git/repo.h"
#include "matrix/matrix.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const matrix_synopsis[] = {
	"matrix [--dumps DIR | --ref-prefix PREFIX] [--format FMT] [-o FILE]",
	NULL,
};

static const char *const matrix_formats[] = { "html", "md", "json", NULL };

struct ref_load {
	struct vg_matrix *m;
	struct vg_repo *repo;
	const char *version;
	const char *ref;
};

/* One TARGET/MACHINE.json of a published ref's tree (the manifest and others are skipped). */
static int add_ref_file(const char *path, const struct vg_oid *blob, void *payload)
{
	struct ref_load *rl = payload;
	const char *slash = strchr(path, '/');
	char *target = NULL, *machine = NULL, *name = NULL, *buf = NULL;
	size_t len;
	int ret = -1;

	if (!slash || strchr(slash + 1, '/') || strlen(slash + 1) <= 5)
		return 0;
	if (vg_repo_read_blob(rl->repo, blob, &buf, &len) < 0) {
		rl->m->input_error = 1;
		return -1;
	}
	target = vg_strndup(path, (size_t)(slash - path));
	machine = vg_strndup(slash + 1, strlen(slash + 1) - 5);
	name = vg_asprintf("%s:%s", rl->ref, path);
	if (target && machine && name) {
		ret = vg_matrix_add_dump(rl->m, rl->version, target, machine, name, NULL, buf, len);
		buf = NULL;
	}
	free(buf);
	free(target);
	free(machine);
	free(name);
	return ret;
}

/* PREFIX/VERSION refs, each a tree of TARGET/MACHINE.json (as dumps publish writes them). */
static int read_refs(struct vg_matrix *m, const char *prefix)
{
	struct ref_load rl = { m, NULL, NULL, NULL };
	struct vg_tree *tree = NULL;
	char **refs = NULL;
	size_t nr = 0, i, plen = strlen(prefix);
	int ret = -1;

	if (!(m->source = vg_strdup(prefix)))
		return -1;
	/* The repository's faults are the input's (exit 2); allocation failures are not. */
	if (vg_repo_open(&rl.repo) < 0 || vg_repo_refs(rl.repo, prefix, &refs, &nr) < 0) {
		m->input_error = 1;
		goto done;
	}
	for (i = 0; i < nr; i++) {
		rl.version = refs[i] + plen + (refs[i][plen] == '/');
		rl.ref = refs[i];
		if (vg_release_number(rl.version) < 0) {
			vg_warning("%s: skipped: not a release (vX.Y[.Z][-SERIES])", refs[i]);
			continue;
		}
		if (vg_tree_of_ref(rl.repo, refs[i], &tree) < 0) {
			m->input_error = 1;
			goto done;
		}
		if (vg_tree_foreach_file(tree, ".json", add_ref_file, &rl) < 0)
			goto done;
		vg_tree_free(tree);
		tree = NULL;
	}
	ret = 0;
done:
	vg_tree_free(tree);
	for (i = 0; i < nr; i++)
		free(refs[i]);
	free(refs);
	vg_repo_free(rl.repo);
	return ret;
}

static int write_matrix(const struct vg_matrix *m, const char *format, const char *out_path)
{
	FILE *out = stdout;
	int ret;

	if (out_path && !(out = fopen(out_path, "w")))
		return vg_error("%s: cannot write: %s", out_path, strerror(errno));
	if (!strcmp(format, "json"))
		ret = vg_matrix_write_json(out, m);
	else if (!strcmp(format, "md"))
		ret = vg_matrix_write_md(out, m);
	else
		ret = vg_matrix_write_html(out, m);
	if (fflush(out) || ferror(out))
		ret = vg_error("%s: write error", out_path ? out_path : "stdout");
	if (out != stdout && fclose(out))
		ret = vg_error("%s: write error", out_path);
	return ret;
}

int cmd_matrix(int argc, char **argv)
{
	const char *dir = NULL, *prefix = NULL, *format = "html", *out_path = NULL;
	const char *rules_dir = NULL;
	struct vg_matrix m = VG_MATRIX_INIT;
	struct vg_rules rules = VG_RULES_INIT;
	size_t counts[4];
	int nargs, ret = VG_EXIT_USAGE;
	const struct vg_option options[] = {
		VG_OPT_STRING(0, "dumps", &dir, "DIR",
			      "release dumps as DIR/VERSION/TARGET/MACHINE.json"),
		VG_OPT_STRING(0, "ref-prefix", &prefix, "PREFIX",
			      "read published dump refs PREFIX/VERSION (trees of\n"
			      "TARGET/MACHINE.json) of the repository, e.g. refs/vmstate-dumps/"),
		{ .kind = VG_OPT_KIND_STRING, .long_name = "format", .value = &format,
		  .argh = "FMT", .help = "what to write", .choices = matrix_formats },
		VG_OPT_STRING('o', "output", &out_path, "FILE", "write to FILE, not stdout"),
		VG_OPT_RULES(&rules_dir),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = {
		.name = "matrix",
		.synopsis = matrix_synopsis,
		.description =
			"Compares release dumps pair by pair, per target and machine type, in\n"
			"both directions (forward: a VM of the older release migrates to the\n"
			"newer; backward: back), and draws the grid: every consecutive pair and\n"
			"each release into the newest. rules/known-breaks are waived for each\n"
			"pair's release range. A VERSION with a -SERIES suffix (v7.2-debian)\n"
			"is its own series, paired only within it.",
		.options = options,
		.epilogue =
			"exit status: 0 no cell has an unwaived error, 1 some cell is red,\n"
			"2 usage or input error (no dumps, a bad dump: the file is named),\n"
			"3 internal error",
	};

	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		return ret;
	if (nargs)
		return vg_opt_usage_error(&cmd, "takes no arguments ('%s')", argv[0]);
	if (dir && prefix)
		return vg_opt_usage_error(&cmd, "--dumps and --ref-prefix exclude each other");
	if (!dir && !prefix)
		return vg_opt_usage_error(&cmd, "needs --dumps DIR or --ref-prefix PREFIX");

	ret = VG_EXIT_USAGE;
	if (vg_rules_load(&rules, rules_dir) < 0)
		goto done;
	ret = VG_EXIT_INTERNAL;
	if ((dir ? vg_matrix_scan_dir(&m, dir) : read_refs(&m, prefix)) < 0 ||
	    vg_matrix_build(&m, &rules) < 0) {
		if (m.input_error)
			ret = VG_EXIT_USAGE;
		goto done;
	}
	if (write_matrix(&m, format, out_path) < 0) {
		ret = VG_EXIT_USAGE; /* the output could not be written: the user's path */
		goto done;
	}
	vg_matrix_tally(&m, counts);
	ret = counts[VG_MATRIX_RED] ? VG_EXIT_BREAKS : VG_EXIT_OK;
done:
	vg_matrix_release(&m);
	vg_rules_release(&rules);
	return ret;
}
