/*
 * vmstate-gate dumps make|publish|fetch|list: making, caching and sharing
 * sets of -dump-vmstate files (src/dumps/).
 */
#include "cli/cmds.h"
#include "cli/options.h"
#include "core/exitcode.h"
#include "core/util.h"
#include "dumps/dumps.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT 60

struct strs {
	const char **v;
	size_t nr, alloc;
};

static int add_qemu_cb(const struct vg_option *opt, const char *arg)
{
	struct strs *s = opt->value;

	if (VG_GROW(s->v, s->alloc, s->nr + 1) < 0)
		return VG_OPT_CB_INTERNAL;
	s->v[s->nr++] = arg;
	return VG_OPT_CB_OK;
}

static int uint_cb(const struct vg_option *opt, const char *arg)
{
	unsigned *v = opt->value;
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno || *end || end == arg || *arg == '-' || n > 100000) {
		fprintf(stderr, "vmstate-gate dumps: --%s wants a number, not '%s'\n",
			opt->long_name, arg);
		return VG_OPT_CB_USAGE;
	}
	*v = (unsigned)n;
	return VG_OPT_CB_OK;
}

/* The source tree id of rev (default HEAD), hex into buf; 0 when none. */
static int tree_of(struct vg_repo *repo, const char *rev, char *buf)
{
	struct vg_oid commit, tree;
	struct vg_tree *t = NULL;
	int unborn = 0;

	if (rev) {
		if (vg_repo_resolve_commit(repo, rev, &commit) < 0)
			return -1;
	} else if (vg_repo_head(repo, &commit, &unborn) < 0) {
		return -1;
	}
	if (unborn)
		return 0;
	if (vg_tree_of_commit(repo, &commit, &t) < 0)
		return -1;
	vg_tree_id(t, &tree);
	vg_tree_free(t);
	vg_oid_hex(&tree, buf);
	return 1;
}

static const char *const make_synopsis[] = {
	"dumps make [options] (--build-dir DIR | --qemu BIN...)",
	NULL,
};

static int dumps_make(int argc, char **argv)
{
	struct vg_dumps_make_opts mo = { 0 };
	struct strs qemus = { NULL, 0, 0 };
	const char *output = NULL, *rev = NULL;
	char **bins = NULL, tree[VG_OID_HEXSZ + 1], config[17];
	char *cache = NULL, *key = NULL, *path = NULL, *final = NULL;
	struct vg_repo *repo = NULL;
	size_t nr = 0, i;
	int ret = VG_EXIT_USAGE, nargs, has_tree = 0, r;
	struct stat st;
	const struct vg_option options[] = {
		VG_OPT_STRING(0, "build-dir", &mo.build_dir, "DIR",
			      "dump every qemu-system-* binary of QEMU's build directory"),
		VG_OPT_CALLBACK(0, "qemu", &qemus, "BIN", "dump this binary (repeatable)",
				add_qemu_cb),
		VG_OPT_STRING(0, "machines", &mo.machines, "LIST",
			      "machine types: a,b,c or all (default: the previous release's\n"
			      "versioned types, such as pc-q35-X.Y, and the unversioned boards)"),
		VG_OPT_CALLBACK('j', "jobs", &mo.jobs, "N", "run N QEMUs at once (default 1)",
				uint_cb),
		VG_OPT_CALLBACK(0, "timeout", &mo.timeout, "SECONDS",
				"kill a QEMU that runs longer (default 60; 0: never)", uint_cb),
		VG_OPT_STRING('o', "output", &output, "DIR",
			      "write the set to DIR (new) instead of the cache"),
		VG_OPT_STRING(0, "tree", &rev, "REV",
			      "the source the build is of, for the cache key (default HEAD)"),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = {
		.name = "dumps make",
		.synopsis = make_synopsis,
		.description =
			"Runs qemu-system-TARGET -M MACHINE -nodefaults -display none -dump-vmstate\n"
			"for every binary and machine type, and records the set's manifest (QEMU\n"
			"version, source tree, machine types, device list). Without -o the set\n"
			"goes to the cache in the git directory, keyed by source tree and build\n"
			"configuration, and a set already there is used as it is.\n"
			"Prints the set's directory.",
		.options = options,
		.epilogue = "exit status: 0 made or cached, 2 usage or input error,\n"
			    "3 a QEMU failed (its error is shown) or internal error",
	};

	mo.jobs = 1;
	mo.timeout = DEFAULT_TIMEOUT;
	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		goto done;
	ret = VG_EXIT_USAGE;
	if (nargs) {
		ret = vg_opt_usage_error(&cmd, "takes no arguments ('%s')", argv[0]);
		goto done;
	}
	if (!mo.build_dir && !qemus.nr) {
		ret = vg_opt_usage_error(&cmd, "needs --build-dir DIR or --qemu BIN");
		goto done;
	}
	if (!mo.jobs)
		mo.jobs = 1;
	mo.qemus = qemus.v;
	mo.nr_qemus = qemus.nr;
	mo.progress = isatty(2);
	if (vg_dumps_binaries(&mo, &bins, &nr) < 0 ||
	    vg_dumps_config_hash(&mo, bins, nr, config) < 0)
		goto done;
	if (!output || rev) {
		if (vg_repo_open(&repo) < 0)
			goto done;
		if ((has_tree = tree_of(repo, rev, tree)) < 0)
			goto done;
	}
	if (output) {
		if (stat(output, &st) == 0) {
			vg_error("%s exists: -o wants a new directory", output);
			goto done;
		}
		r = vg_dumps_make_into(&mo, bins, nr, has_tree ? tree : NULL, config, output);
		ret = r == -2 ? VG_EXIT_USAGE : VG_EXIT_INTERNAL;
		if (r < 0)
			goto done;
		printf("%s\n", output);
		ret = VG_EXIT_OK;
		goto done;
	}
	ret = VG_EXIT_INTERNAL;
	if (!(cache = vg_dumps_cache_dir(repo)) ||
	    !(key = vg_asprintf("%s-%s", has_tree ? tree : "notree", config)))
		goto done;
	if ((r = vg_dumps_cache_lookup(cache, key, &path)) < 0)
		goto done;
	if (r == 1) {
		fprintf(stderr, "vmstate-gate: dumps: cached set %s\n", key);
	} else {
		if (!(final = vg_asprintf("%s/%s", cache, key)))
			goto done;
		r = vg_dumps_make_into(&mo, bins, nr, has_tree ? tree : NULL, config, final);
		if (r < 0) {
			ret = r == -2 ? VG_EXIT_USAGE : VG_EXIT_INTERNAL;
			goto done;
		}
		path = final;
		final = NULL;
		fprintf(stderr, "vmstate-gate: dumps: made set %s\n", key);
	}
	printf("%s\n", path);
	ret = VG_EXIT_OK;
done:
	for (i = 0; i < nr; i++)
		free(bins[i]);
	free(bins);
	free(qemus.v);
	free(cache);
	free(key);
	free(path);
	free(final);
	vg_repo_free(repo);
	return ret;
}

/* --from SET: a directory, a cache key; default: HEAD's one cached set. */
static int find_set(struct vg_repo *repo, const char *from, char **dir)
{
	char tree[VG_OID_HEXSZ + 1], *cache = NULL, *prefix = NULL;
	struct stat st;
	int r, ret = -1;

	*dir = NULL;
	if (from && strchr(from, '/') && stat(from, &st) == 0)
		return (*dir = vg_strdup(from)) ? 0 : -1;
	if (!(cache = vg_dumps_cache_dir(repo)))
		return -1;
	if (from) {
		if ((r = vg_dumps_cache_lookup(cache, from, dir)) == 0)
			vg_error("no cached dump set '%s' (see 'vmstate-gate dumps list')", from);
		ret = r == 1 ? 0 : -1;
		goto done;
	}
	if ((r = tree_of(repo, NULL, tree)) <= 0) {
		if (r == 0)
			vg_error("HEAD has no commit: name the set with --from");
		goto done;
	}
	ret = vg_dumps_cache_find_tree(cache, tree, dir);
	if (ret == 0 && !*dir)
		ret = vg_error("no cached dump set of HEAD's tree %.12s: run 'vmstate-gate "
			       "dumps make' or name one with --from", tree);
done:
	free(prefix);
	free(cache);
	return ret;
}

static const char *const publish_synopsis[] = {
	"dumps publish [--from SET] VERSION",
	NULL,
};

static int dumps_publish(int argc, char **argv)
{
	const char *from = NULL;
	struct vg_repo *repo = NULL;
	struct vg_dumps_src src;
	struct vg_oid commit;
	char *dir = NULL, hex[VG_OID_HEXSZ + 1];
	int ret = VG_EXIT_USAGE, nargs, r;
	const struct vg_option options[] = {
		VG_OPT_STRING(0, "from", &from, "SET",
			      "the set: a directory, or a cache key from 'dumps list'\n"
			      "(default: the cached set of HEAD's tree)"),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = {
		.name = "dumps publish",
		.synopsis = publish_synopsis,
		.description =
			"Stores a dump set, verified, as a commit under refs/vmstate-dumps/VERSION\n"
			"(tree TARGET/MACHINE.json and manifest.json), to share with plain\n"
			"git push REMOTE 'refs/vmstate-dumps/*'.",
		.options = options,
		.epilogue = "exit status: 0 published, 2 usage or input error, 3 internal error",
	};

	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		return ret;
	ret = VG_EXIT_USAGE;
	if (nargs != 1)
		return vg_opt_usage_error(&cmd, "needs one VERSION (such as 7.2)");
	if (!vg_dumps_version_ok(argv[0]))
		return vg_opt_usage_error(&cmd, "'%s' is not a version name "
					  "(letters, digits, . _ + -)", argv[0]);
	if (vg_repo_open(&repo) < 0 || find_set(repo, from, &dir) < 0)
		goto done;
	src.read = vg_dumps_dir_read;
	src.ctx = dir;
	src.where = dir;
	if ((r = vg_dumps_publish(repo, &src, argv[0], &commit)) < 0) {
		ret = r == -2 ? VG_EXIT_USAGE : VG_EXIT_INTERNAL;
		goto done;
	}
	vg_oid_hex(&commit, hex);
	printf("%s %s%s\n", hex, VG_DUMPS_REF_PREFIX, argv[0]);
	ret = VG_EXIT_OK;
done:
	free(dir);
	vg_repo_free(repo);
	return ret;
}

static const char *const fetch_synopsis[] = { "dumps fetch [REMOTE]", NULL };

static int dumps_fetch(int argc, char **argv)
{
	struct vg_repo *repo = NULL;
	int ret = VG_EXIT_USAGE, nargs;
	const struct vg_option options[] = { VG_OPT_END() };
	const struct vg_opt_command cmd = {
		.name = "dumps fetch",
		.synopsis = fetch_synopsis,
		.description = "Fetches refs/vmstate-dumps/* from REMOTE (a remote's name or a URL;\n"
			       "default origin), then lists the published sets.",
		.options = options,
		.epilogue = "exit status: 0 fetched, 2 usage error or no such remote, "
			    "3 internal error",
	};

	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		return ret;
	if (nargs > 1)
		return vg_opt_usage_error(&cmd, "takes at most one REMOTE");
	ret = VG_EXIT_USAGE;
	if (vg_repo_open(&repo) < 0 || vg_dumps_fetch(repo, nargs ? argv[0] : "origin") < 0)
		goto done;
	ret = VG_EXIT_INTERNAL;
	if (vg_dumps_list(repo, stdout) < 0)
		goto done;
	ret = VG_EXIT_OK;
done:
	vg_repo_free(repo);
	return ret;
}

static const char *const list_synopsis[] = { "dumps list", NULL };

static int dumps_list(int argc, char **argv)
{
	struct vg_repo *repo = NULL;
	int ret = VG_EXIT_USAGE, nargs;
	const struct vg_option options[] = { VG_OPT_END() };
	const struct vg_opt_command cmd = {
		.name = "dumps list",
		.synopsis = list_synopsis,
		.description = "Lists the published dump sets (refs/vmstate-dumps/*) and the "
			       "cached ones.",
		.options = options,
	};

	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		return ret;
	if (nargs)
		return vg_opt_usage_error(&cmd, "takes no arguments ('%s')", argv[0]);
	ret = VG_EXIT_USAGE;
	if (vg_repo_open(&repo) < 0)
		goto done;
	ret = VG_EXIT_INTERNAL;
	if (vg_dumps_list(repo, stdout) < 0)
		goto done;
	ret = VG_EXIT_OK;
done:
	vg_repo_free(repo);
	return ret;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} subcommands[] = {
	{ "make", dumps_make, "run QEMU's -dump-vmstate for binaries and machine types" },
	{ "publish", dumps_publish, "store a set as refs/vmstate-dumps/VERSION" },
	{ "fetch", dumps_fetch, "fetch refs/vmstate-dumps/* from a remote" },
	{ "list", dumps_list, "list the published and the cached sets" },
};

static void list_subcommands(FILE *out)
{
	char help[] = "--help", *argv[3] = { NULL, help, NULL };
	size_t i;

	fputs("\nsubcommands:\n", out);
	for (i = 0; i < VG_ARRAY_SIZE(subcommands); i++)
		fprintf(out, "   %-10s %s\n", subcommands[i].name, subcommands[i].summary);
	/* dumps --help (stdout, not a usage error) shows each one's options too. */
	if (out != stdout)
		return;
	for (i = 0; i < VG_ARRAY_SIZE(subcommands); i++) {
		fputc('\n', out);
		argv[0] = (char *)subcommands[i].name;
		subcommands[i].fn(2, argv);
	}
}

static const char *const dumps_synopsis[] = { "dumps <subcommand> [<args>]", NULL };

int cmd_dumps(int argc, char **argv)
{
	const struct vg_option options[] = { VG_OPT_END() };
	const struct vg_opt_command cmd = {
		.name = "dumps",
		.synopsis = dumps_synopsis,
		.description = "Makes, caches and shares sets of -dump-vmstate files.",
		.options = options,
		.more_help = list_subcommands,
		.epilogue = "'vmstate-gate dumps <subcommand> --help' describes one; "
			    "see also vmstate-gate(1)",
	};
	int nargs, ret;
	size_t i;

	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		return ret;
	if (!nargs)
		return vg_opt_usage_error(&cmd, "needs a subcommand");
	for (i = 0; i < VG_ARRAY_SIZE(subcommands); i++)
		if (!strcmp(argv[0], subcommands[i].name))
			return subcommands[i].fn(nargs, argv);
	return vg_opt_usage_error(&cmd, "'%s' is not a subcommand", argv[0]);
}
