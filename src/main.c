/*
 * vmstate-gate: flags changes that break QEMU live migration.
 *
 * The command table; the only place that calls exit().
 */
#include "cli/cmds.h"
#include "core/exitcode.h"
#include "cli/options.h"
#include "core/version.h"

#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "compare", cmd_compare, "compare two -dump-vmstate JSON files" },
	{ "scan", cmd_scan, "list the VMStateDescriptions in C sources" },
	{ "diff-source", cmd_diff_source, "compare two versions of a C file" },
	{ "check", cmd_check, "gate staged changes, a commit or a range" },
	{ "review", cmd_review, "gate a patch series (mbox), applied in memory" },
	{ "dumps", cmd_dumps, "make, cache and share -dump-vmstate sets" },
	{ "migrate", cmd_migrate, "confirm by real migrations between two QEMU binaries" },
	{ "matrix", cmd_matrix, "release x release migration grid (html, md, json)" },
	{ "list-rules", cmd_list_rules, "list the rule ids and their severity" },
};

static const char *const main_synopsis[] = {
	"[-C PATH] [--version] [--help] <command> [<args>]",
	NULL,
};

static void list_commands(FILE *out)
{
	size_t i;

	fputs("\ncommands:\n", out);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "   %-12s %s\n", commands[i].name, commands[i].summary);
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct command *c;
	char list_rules_name[] = "list-rules", help_opt[] = "--help";
	char *list_rules_argv[] = { list_rules_name, NULL }, *help_argv[3];
	int version = 0, list_rules = 0, nargs, ret;
	const struct vg_option options[] = {
		VG_OPT_CALLBACK('C', NULL, NULL, "PATH",
				"run as if started in PATH, like git (repeatable)",
				vg_opt_chdir_cb),
		VG_OPT_FLAG(0, "version", &version, "print the version"),
		VG_OPT_FLAG(0, "list-rules", &list_rules, "same as the list-rules command"),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = {
		.synopsis = main_synopsis,
		.description = "Flags changes to QEMU VMStateDescriptions that break live migration.",
		.options = options,
		.more_help = list_commands,
		.epilogue =
			"'vmstate-gate <command> --help' describes a command; "
			"see also vmstate-gate(1).\n"
			"exit status: 0 clean, 1 breaks found, 2 usage or input error, "
			"3 internal error or missing baseline",
	};

	/* Options up to the command's name; the command parses the rest. */
	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		return ret;
	if (version) {
		printf("vmstate-gate %s\n", VG_VERSION);
		return VG_EXIT_OK;
	}
	if (list_rules) {
		if (nargs)
			return vg_opt_usage_error(&cmd, "--list-rules takes no arguments");
		return cmd_list_rules(1, list_rules_argv);
	}
	if (!nargs) {
		vg_opt_usage(&cmd, stderr);
		return VG_EXIT_USAGE;
	}
	if (!strcmp(argv[0], "help")) {
		/* "help CMD" is "CMD --help", as in git. */
		if (nargs < 2 || !(c = find_command(argv[1]))) {
			vg_opt_usage(&cmd, stdout);
			return VG_EXIT_OK;
		}
		help_argv[0] = argv[1];
		help_argv[1] = help_opt;
		help_argv[2] = NULL;
		return c->fn(2, help_argv);
	}
	if ((c = find_command(argv[0])))
		return c->fn(nargs, argv);
	fprintf(stderr, "vmstate-gate: '%s' is not a command; see 'vmstate-gate --help'\n",
		argv[0]);
	return VG_EXIT_USAGE;
}
