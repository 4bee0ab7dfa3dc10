#ifndef VG_OPTIONS_H
#define VG_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "report/report.h"
#include "scan/scan.h"

/*
 * Table-driven option parsing for the commands, after git's parse-options:
 * a command declares its options once, with their help, and both the
 * parsing and the --help text come from that table, so they cannot drift.
 *
 *   --long VALUE, --long=VALUE, -s VALUE, -sVALUE, grouped short flags
 *   (-rv, -rvs FILE), -- ends the options, a lone - is an operand;
 *   -h/--help is built in. Options stop at the first operand unless the
 *   command sets VG_OPT_INTERMIX (options may then follow operands).
 *
 * Errors name the command ("vmstate-gate compare: unknown option '--frob'")
 * and are followed by the usage on stderr. Nothing here exits: the parser
 * returns, and the command returns the exit code it is given.
 */

struct vg_option;

/*
 * A callback gets its option (opt->value is its destination) and the value
 * (NULL for an option declared without argh). It returns 0, or one of:
 */
enum vg_opt_cb_result {
	VG_OPT_CB_OK = 0,
	VG_OPT_CB_USAGE = -1,    /* bad value, message printed: usage follows, exit 2 */
	VG_OPT_CB_INPUT = -2,    /* input error reported (unreadable file...): exit 2 */
	VG_OPT_CB_INTERNAL = -3, /* allocation failure and the like: exit 3 */
};
typedef int (*vg_opt_cb)(const struct vg_option *opt, const char *arg);

enum vg_opt_kind {
	VG_OPT_KIND_END,       /* terminates a table */
	VG_OPT_KIND_FLAG,      /* int *value = 1 */
	VG_OPT_KIND_COUNTER,   /* (*(int *)value)++ */
	VG_OPT_KIND_STRING,    /* const char **value = the argument (the last one wins) */
	VG_OPT_KIND_CALLBACK,  /* cb(opt, argument); takes an argument iff argh is set */
};

enum vg_opt_flags {
	VG_OPT_HIDDEN = 1 << 0,  /* parsed, not listed in the usage (aliases) */
};

struct vg_option {
	enum vg_opt_kind kind;
	int short_name;             /* 'v', or 0 */
	const char *long_name;      /* "verbose", or NULL */
	void *value;                /* destination, by kind */
	const char *argh;           /* the value's name in the usage ("FILE"); NULL: no value */
	const char *help;           /* may hold '\n' for continuation lines */
	vg_opt_cb cb;               /* VG_OPT_KIND_CALLBACK */
	/*
	 * If set, the value must be one of these (NULL-terminated); they are
	 * listed after the help, the first marked "(default)". A value not in
	 * the list is "unknown LONG_NAME 'VALUE' (a, b or c)", a usage error.
	 */
	const char *const *choices;
	unsigned flags;             /* enum vg_opt_flags */
};

/*
 * Type-checked entries: a wrong destination type does not compile
 * (pointer type mismatch in the conditional, an error under -Werror).
 */
#define VG_OPT__INT(v) (1 ? (v) : (int *)0)
#define VG_OPT__STR(v) (1 ? (v) : (const char **)0)
#define VG_OPT_FLAG(s, l, v, h) \
	{ .kind = VG_OPT_KIND_FLAG, .short_name = (s), .long_name = (l), .value = VG_OPT__INT(v), .help = (h) }
#define VG_OPT_COUNTER(s, l, v, h) \
	{ .kind = VG_OPT_KIND_COUNTER, .short_name = (s), .long_name = (l), .value = VG_OPT__INT(v), .help = (h) }
#define VG_OPT_STRING(s, l, v, a, h) \
	{ .kind = VG_OPT_KIND_STRING, .short_name = (s), .long_name = (l), .value = VG_OPT__STR(v), \
	  .argh = (a), .help = (h) }
#define VG_OPT_CALLBACK(s, l, v, a, h, f) \
	{ .kind = VG_OPT_KIND_CALLBACK, .short_name = (s), .long_name = (l), .value = (v), \
	  .argh = (a), .help = (h), .cb = (f) }
#define VG_OPT_END() { .kind = VG_OPT_KIND_END }

/* The options every command that reports findings shares. */
extern const char *const vg_formats_findings[]; /* text json sarif junit codequality */
extern const char *const vg_formats_listing[];  /* text json (scan) */
int vg_opt_format_cb(const struct vg_option *opt, const char *arg);
/* --format FMT into an enum vg_format, one of formats (a list above). */
#define VG_OPT_FORMAT(v, formats) \
	{ .kind = VG_OPT_KIND_CALLBACK, .long_name = "format", \
	  .value = (1 ? (v) : (enum vg_format *)0), .argh = "FMT", .cb = vg_opt_format_cb, \
	  .choices = (formats) }
/* -v, --verbose: text format also prints info findings. */
#define VG_OPT_VERBOSE(v) \
	VG_OPT_COUNTER('v', "verbose", (v), "text: also print info findings")
/* --rules DIR: the rules directory. */
#define VG_OPT_RULES(v) \
	VG_OPT_STRING(0, "rules", (v), "DIR", "rules directory (default: see vmstate-gate(1))")

/*
 * -I HEADER, repeatable: each header is read when the option is seen (an
 * unreadable one is an input error, exit 2) and kept for the scanner.
 * Owns the texts; release with vg_opt_headers_release().
 */
struct vg_opt_headers {
	struct vg_scan_header *items;
	char **texts;
	size_t nr;
	size_t alloc_items;
	size_t alloc_texts;
};
#define VG_OPT_HEADERS_INIT { NULL, NULL, 0, 0, 0 }
void vg_opt_headers_release(struct vg_opt_headers *h);
int vg_opt_header_cb(const struct vg_option *opt, const char *arg);
#define VG_OPT_HEADER(v, h) \
	{ .kind = VG_OPT_KIND_CALLBACK, .short_name = 'I', \
	  .value = (1 ? (v) : (struct vg_opt_headers *)0), .argh = "HEADER", .help = (h), \
	  .cb = vg_opt_header_cb }

/* -C PATH: change directory now, as git does (an empty PATH is ignored). */
int vg_opt_chdir_cb(const struct vg_option *opt, const char *arg);

enum vg_opt_command_flags {
	VG_OPT_INTERMIX = 1 << 0,  /* options may follow operands (up to --) */
};

/* A command: its usage, and its option table. */
struct vg_opt_command {
	const char *name;              /* "compare"; NULL: vmstate-gate itself */
	const char *const *synopsis;   /* NULL-terminated lines, after "vmstate-gate " */
	const char *description;       /* between the synopsis and the options; or NULL */
	const struct vg_option *options; /* ends with VG_OPT_END(); -h/--help is added */
	void (*more_help)(FILE *out);  /* printed after the options; or NULL */
	const char *epilogue;          /* printed last (exit status); or NULL */
	unsigned flags;                /* enum vg_opt_command_flags */
};

/*
 * Parse argv[1..argc) (argv[0] is the command's name). Returns the number
 * n of operands, moved to argv[0..n) in their order (argv[n] = NULL), or
 * -1: then *exit_code is what the command returns: 0 after -h/--help (the
 * usage went to stdout), 2 for a usage error (the message and the usage
 * went to stderr) or an input error, 3 for an internal error.
 */
int vg_parse_options(const struct vg_opt_command *cmd, int argc, char **argv, int *exit_code);

/* The usage, generated from the command and its table. */
void vg_opt_usage(const struct vg_opt_command *cmd, FILE *out);

/*
 * A usage error found after parsing ("needs two dumps"): prints
 * "vmstate-gate NAME: MESSAGE" and the usage to stderr; returns 2.
 */
int vg_opt_usage_error(const struct vg_opt_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
