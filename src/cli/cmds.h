#ifndef VG_CMDS_H
#define VG_CMDS_H

/*
 * One entry point per subcommand, each in src/cmd-NAME.c. They parse their
 * own options, return an enum vg_exit value and never call exit().
 */
int cmd_compare(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_diff_source(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_list_rules(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_dumps(int argc, char **argv);

#endif
