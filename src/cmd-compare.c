/* Placeholder so the tree links while the module is being written. */
#include "cmds.h"
#include "exitcode.h"

#include <stdio.h>

int cmd_compare(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "vmstate-gate: compare: not implemented yet\n");
	return VG_EXIT_INTERNAL;
}
