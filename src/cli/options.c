/*
 * Table-driven option parsing and usage text (see options.h).
 */
#include "cli/options.h"
#include "core/exitcode.h"
#include "core/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What parsing one argument came to. */
enum parse_result {
	PARSE_OK,
	PARSE_HELP,      /* -h/--help: usage to stdout, exit 0 */
	PARSE_USAGE,     /* message printed: usage to stderr, exit 2 */
	PARSE_INPUT,     /* input error reported: exit 2 */
	PARSE_INTERNAL,  /* exit 3 */
};

/* Columns of the option list: the help starts at most here. */
#define USAGE_MAX_WIDTH 28

static const struct vg_option help_option =
	VG_OPT_FLAG('h', "help", NULL, "this help");

/* "vmstate-gate compare: " or "vmstate-gate: " */
static void print_prefix(const struct vg_opt_command *cmd)
{
	if (cmd->name)
		fprintf(stderr, "vmstate-gate %s: ", cmd->name);
	else
		fputs("vmstate-gate: ", stderr);
}

static void verror_msg(const struct vg_opt_command *cmd, const char *fmt, va_list ap)
{
	print_prefix(cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static void error_msg(const struct vg_opt_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void error_msg(const struct vg_opt_command *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror_msg(cmd, fmt, ap);
	va_end(ap);
}

/* "a, b or c", the first marked "(default)" if mark_default. */
static void print_choices(FILE *out, const char *const *choices, int mark_default)
{
	size_t i, n = 0;

	while (choices[n])
		n++;
	for (i = 0; i < n; i++) {
		if (i)
			fputs(i + 1 == n ? " or " : ", ", out);
		fputs(choices[i], out);
		if (!i && mark_default)
			fputs(" (default)", out);
	}
}

static int takes_value(const struct vg_option *o)
{
	return o->kind == VG_OPT_KIND_STRING || o->argh;
}

static int is_help(const struct vg_option *o)
{
	return o == &help_option;
}

/*
 * The left column of an option, "  -s, --src FILE" or "      --range A..B",
 * into buf; returns its full length (as snprintf does).
 */
static int left_column(char *buf, size_t size, const struct vg_option *o)
{
	const char *argh = takes_value(o) ? (o->argh ? o->argh : "VALUE") : NULL;

	if (o->short_name && o->long_name)
		return snprintf(buf, size, "  -%c, --%s%s%s", o->short_name, o->long_name,
				argh ? " " : "", argh ? argh : "");
	if (o->short_name)
		return snprintf(buf, size, "  -%c%s%s", o->short_name, argh ? " " : "",
				argh ? argh : "");
	return snprintf(buf, size, "      --%s%s%s", o->long_name, argh ? " " : "",
			argh ? argh : "");
}

static int left_width(const struct vg_option *o)
{
	char buf[1];

	return left_column(buf, sizeof(buf), o);
}

static int table_has(const struct vg_option *opts, int short_name, const char *long_name)
{
	for (; opts && opts->kind != VG_OPT_KIND_END; opts++)
		if ((short_name && opts->short_name == short_name) ||
		    (long_name && opts->long_name && !strcmp(opts->long_name, long_name)))
			return 1;
	return 0;
}

static void print_option(FILE *out, const struct vg_option *o, int width)
{
	const char *h = o->help, *nl;
	char left[USAGE_MAX_WIDTH * 4];
	int n = left_column(left, sizeof(left), o);

	fputs(left, out);
	if (n + 2 > width) {
		fputc('\n', out);
		n = 0;
	}
	fprintf(out, "%*s", width - n, "");
	/* Continuation lines of the help start at the same column. */
	while (h && (nl = strchr(h, '\n'))) {
		fprintf(out, "%.*s\n%*s", (int)(nl - h), h, width, "");
		h = nl + 1;
	}
	if (h)
		fputs(h, out);
	if (o->choices) {
		if (h && *h)
			fputs(": ", out);
		print_choices(out, o->choices, 1);
	}
	fputc('\n', out);
}

void vg_opt_usage(const struct vg_opt_command *cmd, FILE *out)
{
	const struct vg_option *o;
	const char *const *line;
	int width = 0, builtin_help;

	for (line = cmd->synopsis; line && *line; line++)
		fprintf(out, "%s vmstate-gate %s\n", line == cmd->synopsis ? "usage:" : "   or:",
			*line);
	if (cmd->description)
		fprintf(out, "\n%s\n", cmd->description);
	builtin_help = !table_has(cmd->options, 'h', "help");
	for (o = cmd->options; o && o->kind != VG_OPT_KIND_END; o++)
		if (!(o->flags & VG_OPT_HIDDEN) && left_width(o) + 3 > width)
			width = left_width(o) + 3;
	if (builtin_help && left_width(&help_option) + 3 > width)
		width = left_width(&help_option) + 3;
	if (width > USAGE_MAX_WIDTH)
		width = USAGE_MAX_WIDTH;
	fputc('\n', out);
	for (o = cmd->options; o && o->kind != VG_OPT_KIND_END; o++)
		if (!(o->flags & VG_OPT_HIDDEN))
			print_option(out, o, width);
	if (builtin_help)
		print_option(out, &help_option, width);
	if (cmd->more_help)
		cmd->more_help(out);
	if (cmd->epilogue)
		fprintf(out, "\n%s\n", cmd->epilogue);
}

int vg_opt_usage_error(const struct vg_opt_command *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror_msg(cmd, fmt, ap);
	va_end(ap);
	vg_opt_usage(cmd, stderr);
	return VG_EXIT_USAGE;
}

/* The spelling the user typed, for messages: "-s" or "--src". */
static void spelled(char *buf, size_t size, const struct vg_option *o, int as_short)
{
	if (as_short)
		snprintf(buf, size, "-%c", o->short_name);
	else
		snprintf(buf, size, "--%s", o->long_name);
}

static int in_choices(const char *const *choices, const char *value)
{
	for (; *choices; choices++)
		if (!strcmp(*choices, value))
			return 1;
	return 0;
}

/* Apply option o, with value (NULL for options without one). */
static int apply(const struct vg_opt_command *cmd, const struct vg_option *o,
		 const char *value, int as_short)
{
	char name[80];

	if (is_help(o))
		return PARSE_HELP;
	if (o->choices && value && !in_choices(o->choices, value)) {
		print_prefix(cmd);
		if (o->long_name)
			fprintf(stderr, "unknown %s '%s' (", o->long_name, value);
		else
			fprintf(stderr, "unknown value '%s' for '-%c' (", value, o->short_name);
		print_choices(stderr, o->choices, 0);
		fputs(")\n", stderr);
		return PARSE_USAGE;
	}
	switch (o->kind) {
	case VG_OPT_KIND_FLAG:
		*(int *)o->value = 1;
		return PARSE_OK;
	case VG_OPT_KIND_COUNTER:
		(*(int *)o->value)++;
		return PARSE_OK;
	case VG_OPT_KIND_STRING:
		*(const char **)o->value = value;
		return PARSE_OK;
	case VG_OPT_KIND_CALLBACK:
		switch (o->cb(o, value)) {
		case VG_OPT_CB_OK:
			return PARSE_OK;
		case VG_OPT_CB_USAGE:
			return PARSE_USAGE;
		case VG_OPT_CB_INPUT:
			return PARSE_INPUT;
		default:
			return PARSE_INTERNAL;
		}
	case VG_OPT_KIND_END:
		break;
	}
	spelled(name, sizeof(name), o, as_short);
	error_msg(cmd, "internal error: option '%s' has no kind", name);
	return PARSE_INTERNAL;
}

static const struct vg_option *find_long(const struct vg_opt_command *cmd,
					 const char *name, size_t len)
{
	const struct vg_option *o;

	for (o = cmd->options; o && o->kind != VG_OPT_KIND_END; o++)
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return o;
	if (len == 4 && !strncmp(name, "help", 4))
		return &help_option;
	return NULL;
}

static const struct vg_option *find_short(const struct vg_opt_command *cmd, int c)
{
	const struct vg_option *o;

	for (o = cmd->options; o && o->kind != VG_OPT_KIND_END; o++)
		if (o->short_name == c)
			return o;
	return c == 'h' ? &help_option : NULL;
}

/* argv[*i] is "--NAME" or "--NAME=VALUE". */
static int parse_long(const struct vg_opt_command *cmd, int argc, char **argv, int *i)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct vg_option *o = find_long(cmd, name, len);

	if (!o) {
		error_msg(cmd, "unknown option '--%.*s'", (int)len, name);
		return PARSE_USAGE;
	}
	if (!takes_value(o)) {
		if (eq) {
			error_msg(cmd, "option '--%s' takes no value", o->long_name);
			return PARSE_USAGE;
		}
		return apply(cmd, o, NULL, 0);
	}
	if (eq)
		return apply(cmd, o, eq + 1, 0);
	if (*i + 1 >= argc) {
		error_msg(cmd, "option '--%s' needs a value", o->long_name);
		return PARSE_USAGE;
	}
	return apply(cmd, o, argv[++*i], 0);
}

/* argv[*i] is "-abc", "-sVALUE" or "-s" (VALUE next). */
static int parse_short(const struct vg_opt_command *cmd, int argc, char **argv, int *i)
{
	const char *p;
	int r;

	for (p = argv[*i] + 1; *p; p++) {
		const struct vg_option *o = find_short(cmd, (unsigned char)*p);

		if (!o) {
			if (!argv[*i][2])
				error_msg(cmd, "unknown option '-%c'", *p);
			else
				error_msg(cmd, "unknown option '-%c' (in '%s')", *p, argv[*i]);
			return PARSE_USAGE;
		}
		if (!takes_value(o)) {
			if ((r = apply(cmd, o, NULL, 1)) != PARSE_OK)
				return r;
			continue;
		}
		if (p[1])
			return apply(cmd, o, p + 1, 1);
		if (*i + 1 >= argc) {
			error_msg(cmd, "option '-%c' needs a value", *p);
			return PARSE_USAGE;
		}
		return apply(cmd, o, argv[++*i], 1);
	}
	return PARSE_OK;
}

int vg_parse_options(const struct vg_opt_command *cmd, int argc, char **argv, int *exit_code)
{
	int i, n = 0, only_operands = 0, r = PARSE_OK;

	for (i = 1; i < argc && r == PARSE_OK; i++) {
		const char *a = argv[i];

		if (only_operands || a[0] != '-' || !a[1]) {
			if (!(cmd->flags & VG_OPT_INTERMIX))
				break;
			argv[n++] = argv[i];
		} else if (!strcmp(a, "--")) {
			if (!(cmd->flags & VG_OPT_INTERMIX)) {
				i++;
				break;
			}
			only_operands = 1;
		} else if (a[1] == '-') {
			r = parse_long(cmd, argc, argv, &i);
		} else {
			r = parse_short(cmd, argc, argv, &i);
		}
	}
	switch (r) {
	case PARSE_OK:
		break;
	case PARSE_HELP:
		vg_opt_usage(cmd, stdout);
		*exit_code = VG_EXIT_OK;
		return -1;
	case PARSE_USAGE:
		vg_opt_usage(cmd, stderr);
		*exit_code = VG_EXIT_USAGE;
		return -1;
	case PARSE_INPUT:
		*exit_code = VG_EXIT_USAGE;
		return -1;
	default:
		*exit_code = VG_EXIT_INTERNAL;
		return -1;
	}
	/* The operands not yet moved: everything from the first one on. */
	for (; i < argc; i++)
		argv[n++] = argv[i];
	argv[n] = NULL;
	*exit_code = VG_EXIT_OK;
	return n;
}

/* The options the commands share. */

const char *const vg_formats_findings[] = { "text", "json", "sarif", "junit", "codequality", NULL };
const char *const vg_formats_listing[] = { "text", "json", NULL };

/* The value is one of opt->choices (checked by the parser). */
int vg_opt_format_cb(const struct vg_option *opt, const char *arg)
{
	return vg_format_parse(arg, opt->value) < 0 ? VG_OPT_CB_USAGE : VG_OPT_CB_OK;
}

void vg_opt_headers_release(struct vg_opt_headers *h)
{
	size_t i;

	for (i = 0; i < h->nr; i++)
		free(h->texts[i]);
	free(h->texts);
	free(h->items);
	memset(h, 0, sizeof(*h));
}

int vg_opt_header_cb(const struct vg_option *opt, const char *arg)
{
	struct vg_opt_headers *h = opt->value;
	size_t len;

	/* "-I ''" and "-I -- x.c" give no header: a usage error, not a file named "--". */
	if (!*arg || !strcmp(arg, "--")) {
		fprintf(stderr, "vmstate-gate: option '-I' needs a value (a header file)\n");
		return VG_OPT_CB_USAGE;
	}
	if (VG_GROW(h->items, h->alloc_items, h->nr + 1) < 0 ||
	    VG_GROW(h->texts, h->alloc_texts, h->nr + 1) < 0)
		return VG_OPT_CB_INTERNAL;
	if (vg_read_file(arg, &h->texts[h->nr], &len) < 0)
		return VG_OPT_CB_INPUT;
	h->items[h->nr].name = arg;
	h->items[h->nr].text = h->texts[h->nr];
	h->items[h->nr].len = len;
	h->items[h->nr].id = NULL;
	h->nr++;
	return VG_OPT_CB_OK;
}

int vg_opt_chdir_cb(const struct vg_option *opt, const char *arg)
{
	if (*arg && chdir(arg) < 0) {
		vg_error("cannot change to '%s': %s", arg, strerror(errno));
		return VG_OPT_CB_INPUT;
	}
	return VG_OPT_CB_OK;
}
