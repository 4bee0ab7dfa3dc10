#include "cli/cmds.h"
#include "core/exitcode.h"
#include "core/finding.h"
#include "cli/options.h"

#include <stdio.h>

static const char *const list_rules_synopsis[] = { "list-rules", NULL };

int cmd_list_rules(int argc, char **argv)
{
	const struct vg_option options[] = { VG_OPT_END() };
	const struct vg_opt_command cmd = {
		.name = "list-rules",
		.synopsis = list_rules_synopsis,
		.description = "Prints every rule id, its default severity and what it means.",
		.options = options,
	};
	int i, nargs, ret;

	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		return ret;
	if (nargs)
		return vg_opt_usage_error(&cmd, "takes no arguments ('%s')", argv[0]);
	for (i = 0; i < VG_RULE__COUNT; i++) {
		const struct vg_rule_info *r = vg_rule_info((enum vg_rule)i);

		printf("%-24s %-8s %s\n", r->id, vg_severity_name(r->severity),
		       r->description);
	}
	return VG_EXIT_OK;
}
