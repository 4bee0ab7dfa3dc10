/*
 * vmstate-gate: flags changes that break QEMU live migration.
 *
 * The command table; the only place that calls exit().
 */
#include "cmds.h"
#include "exitcode.h"
#include "version.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
	{ "list-rules", cmd_list_rules, "list the rule ids and their severity" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: vmstate-gate [--version] [--help] <command> [<args>]\n\n"
		     "Flags changes to QEMU VMStateDescriptions that break live migration.\n\n"
		     "commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "   %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'vmstate-gate <command> --help' describes a command; "
		     "see also vmstate-gate(1).\n"
		     "exit status: 0 clean, 1 breaks found, 2 usage or input error, "
		     "3 internal error or missing baseline\n");
}

int main(int argc, char **argv)
{
	size_t i;

	/* Like git: -C PATH runs as if started in PATH (repeatable). */
	while (argc >= 3 && !strcmp(argv[1], "-C")) {
		if (*argv[2] && chdir(argv[2]) < 0) {
			fprintf(stderr, "vmstate-gate: error: cannot change to '%s': %s\n",
				argv[2], strerror(errno));
			return VG_EXIT_USAGE;
		}
		argc -= 2;
		argv += 2;
	}
	if (argc < 2) {
		usage(stderr);
		return VG_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return VG_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("vmstate-gate %s\n", VG_VERSION);
		return VG_EXIT_OK;
	}
	if (!strcmp(argv[1], "--list-rules"))
		return cmd_list_rules(argc - 1, argv + 1);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "vmstate-gate: '%s' is not a command; see 'vmstate-gate --help'\n",
		argv[1]);
	return VG_EXIT_USAGE;
}
