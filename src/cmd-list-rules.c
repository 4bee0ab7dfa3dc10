#include "cmds.h"
#include "exitcode.h"
#include "finding.h"

#include <stdio.h>
#include <string.h>

int cmd_list_rules(int argc, char **argv)
{
	int i;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: vmstate-gate list-rules\n\n"
		       "Prints every rule id, its default severity and what it means.\n");
		return VG_EXIT_OK;
	}
	if (argc > 1) {
		fprintf(stderr, "vmstate-gate: list-rules takes no arguments\n");
		return VG_EXIT_USAGE;
	}
	for (i = 0; i < VG_RULE__COUNT; i++) {
		const struct vg_rule_info *r = vg_rule_info((enum vg_rule)i);

		printf("%-24s %-8s %s\n", r->id, vg_severity_name(r->severity),
		       r->description);
	}
	return VG_EXIT_OK;
}
