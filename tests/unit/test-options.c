#include "unit.h"
#include "exitcode.h"
#include "options.h"
#include "report.h"
#include "util.h"

#include <stdio.h>
#include <unistd.h>

/*
 * The option parser: every accepted form, every error (message, usage on
 * stderr, exit code), --help, and the usage generated from a table.
 */

struct res {
	int flag;
	int count;
	int secret;
	const char *str;
	const char *colour;
	int cb_calls;
	const char *cb_arg;
};

static int test_cb(const struct vg_option *opt, const char *arg)
{
	struct res *r = opt->value;

	r->cb_calls++;
	r->cb_arg = arg;
	if (arg && !strcmp(arg, "input"))
		return VG_OPT_CB_INPUT;
	if (arg && !strcmp(arg, "internal"))
		return VG_OPT_CB_INTERNAL;
	if (arg && !strcmp(arg, "usage")) {
		fputs("bad call\n", stderr);
		return VG_OPT_CB_USAGE;
	}
	return VG_OPT_CB_OK;
}

static const char *const colours[] = { "red", "green", "blue", NULL };
static const char *const synopsis[] = { "t [options] ARG...", "t --other", NULL };

#define TEST_OPTIONS(r) { \
	VG_OPT_FLAG('a', "all", &(r)->flag, "a flag"), \
	VG_OPT_COUNTER('v', "verbose", &(r)->count, "counted"), \
	VG_OPT_STRING('s', "src", &(r)->str, "FILE", "a string\nsecond line"), \
	{ .kind = VG_OPT_KIND_STRING, .long_name = "colour", .value = &(r)->colour, \
	  .argh = "C", .help = "paint", .choices = colours }, \
	VG_OPT_CALLBACK('x', "call", (r), "ARG", "a callback", test_cb), \
	VG_OPT_CALLBACK(0, "ping", (r), NULL, "a callback without value", test_cb), \
	VG_OPT_CALLBACK('P', NULL, (r), "N", "short only", test_cb), \
	{ .kind = VG_OPT_KIND_FLAG, .long_name = "secret", .value = &(r)->secret, \
	  .flags = VG_OPT_HIDDEN }, \
	VG_OPT_END() }

/* Redirect a stream's file descriptor into a temporary file. */
struct capture {
	FILE *stream;
	int saved;
	FILE *tmp;
};

static void capture_start(struct capture *c, FILE *stream)
{
	fflush(stream);
	c->stream = stream;
	c->tmp = tmpfile();
	assert_non_null(c->tmp);
	c->saved = dup(fileno(stream));
	assert_true(c->saved >= 0);
	assert_true(dup2(fileno(c->tmp), fileno(stream)) >= 0);
}

/* The captured text, newly allocated. */
static char *capture_end(struct capture *c)
{
	long len;
	char *buf;

	fflush(c->stream);
	dup2(c->saved, fileno(c->stream));
	close(c->saved);
	len = ftell(c->tmp);
	buf = calloc(1, (size_t)(len > 0 ? len : 0) + 1);
	rewind(c->tmp);
	if (len > 0 && fread(buf, 1, (size_t)len, c->tmp) != (size_t)len)
		buf[0] = 0;
	fclose(c->tmp);
	return buf;
}

struct run {
	int n;        /* vg_parse_options()'s result */
	int code;     /* its exit code */
	char *out;    /* what it printed to stdout */
	char *err;    /* ... and to stderr */
};

static void run_release(struct run *run)
{
	free(run->out);
	free(run->err);
}

static struct run parse(const struct vg_opt_command *cmd, char **argv)
{
	struct capture cout, cerr;
	struct run run;
	int argc = 0;

	while (argv[argc])
		argc++;
	run.code = -42;
	capture_start(&cout, stdout);
	capture_start(&cerr, stderr);
	run.n = vg_parse_options(cmd, argc, argv, &run.code);
	run.err = capture_end(&cerr);
	run.out = capture_end(&cout);
	return run;
}

static struct run parse_t(struct res *r, unsigned flags, char **argv)
{
	const struct vg_option options[] = TEST_OPTIONS(r);
	const struct vg_opt_command cmd = {
		.name = "t", .synopsis = synopsis, .options = options, .flags = flags,
	};

	memset(r, 0, sizeof(*r));
	return parse(&cmd, argv);
}

static char *usage_of(const struct vg_opt_command *cmd)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	vg_opt_usage(cmd, f);
	fclose(f);
	return buf;
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* A usage error: exit 2, the message first on stderr, then the usage. */
static void assert_usage_error(const struct run *run, const char *message)
{
	assert_int_equal(run->n, -1);
	assert_int_equal(run->code, VG_EXIT_USAGE);
	if (!starts_with(run->err, message))
		fail_msg("stderr '%s' does not start with '%s'", run->err, message);
	assert_non_null(strstr(run->err, "\nusage: vmstate-gate t [options] ARG...\n"));
	assert_string_equal(run->out, "");
}

static void test_long_forms(void **state)
{
	struct res r;
	struct run run;
	char *a1[] = { "t", "--src", "a", "--all", NULL };
	char *a2[] = { "t", "--src=b", NULL };
	char *a3[] = { "t", "--src=", NULL };
	char *a4[] = { "t", "--src=x=y", "--src", "--all", NULL };

	(void)state;
	run = parse_t(&r, 0, a1);
	assert_int_equal(run.n, 0);
	assert_int_equal(run.code, 0);
	assert_string_equal(r.str, "a");
	assert_int_equal(r.flag, 1);
	assert_string_equal(run.err, "");
	run_release(&run);

	run = parse_t(&r, 0, a2);
	assert_int_equal(run.n, 0);
	assert_string_equal(r.str, "b");
	run_release(&run);

	run = parse_t(&r, 0, a3);
	assert_int_equal(run.n, 0);
	assert_string_equal(r.str, "");
	run_release(&run);

	/* The next argument is the value, whatever it looks like (getopt, git). */
	run = parse_t(&r, 0, a4);
	assert_int_equal(run.n, 0);
	assert_string_equal(r.str, "--all");
	assert_int_equal(r.flag, 0);
	run_release(&run);
}

static void test_short_forms(void **state)
{
	struct res r;
	struct run run;
	char *a1[] = { "t", "-s", "a", NULL };
	char *a2[] = { "t", "-sb", NULL };
	char *a3[] = { "t", "-av", "-v", NULL };
	char *a4[] = { "t", "-avsFILE", NULL };
	char *a5[] = { "t", "-vas", "FILE", "op", NULL };

	(void)state;
	run = parse_t(&r, 0, a1);
	assert_int_equal(run.n, 0);
	assert_string_equal(r.str, "a");
	run_release(&run);

	run = parse_t(&r, 0, a2);
	assert_string_equal(r.str, "b");
	run_release(&run);

	run = parse_t(&r, 0, a3);
	assert_int_equal(run.n, 0);
	assert_int_equal(r.flag, 1);
	assert_int_equal(r.count, 2);
	run_release(&run);

	run = parse_t(&r, 0, a4);
	assert_int_equal(r.flag, 1);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.str, "FILE");
	run_release(&run);

	run = parse_t(&r, 0, a5);
	assert_int_equal(run.n, 1);
	assert_string_equal(a5[0], "op");
	assert_null(a5[1]);
	assert_string_equal(r.str, "FILE");
	run_release(&run);
}

static void test_operands_stop(void **state)
{
	struct res r;
	struct run run;
	char *a1[] = { "t", "-a", "x", "-v", "y", NULL };
	char *a2[] = { "t", "-a", "--", "-v", "x", NULL };
	char *a3[] = { "t", "-", "-a", NULL };
	char *a4[] = { "t", "x", "--help", NULL };

	(void)state;
	/* Without VG_OPT_INTERMIX, the first operand ends the options. */
	run = parse_t(&r, 0, a1);
	assert_int_equal(run.n, 3);
	assert_string_equal(a1[0], "x");
	assert_string_equal(a1[1], "-v");
	assert_string_equal(a1[2], "y");
	assert_null(a1[3]);
	assert_int_equal(r.flag, 1);
	assert_int_equal(r.count, 0);
	run_release(&run);

	run = parse_t(&r, 0, a2);
	assert_int_equal(run.n, 2);
	assert_string_equal(a2[0], "-v");
	assert_string_equal(a2[1], "x");
	assert_int_equal(r.count, 0);
	run_release(&run);

	/* A lone - is an operand (standard input, by convention). */
	run = parse_t(&r, 0, a3);
	assert_int_equal(run.n, 2);
	assert_string_equal(a3[0], "-");
	assert_string_equal(a3[1], "-a");
	assert_int_equal(r.flag, 0);
	run_release(&run);

	run = parse_t(&r, 0, a4);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.code, 0);
	assert_string_equal(run.out, "");
	run_release(&run);
}

static void test_operands_intermix(void **state)
{
	struct res r;
	struct run run;
	char *a1[] = { "t", "x", "-v", "y", "--src", "f", "z", NULL };
	char *a2[] = { "t", "x", "-a", "--", "-v", "--", "y", NULL };
	char *a3[] = { "t", "-", "-a", "^x", NULL };

	(void)state;
	run = parse_t(&r, VG_OPT_INTERMIX, a1);
	assert_int_equal(run.n, 3);
	assert_string_equal(a1[0], "x");
	assert_string_equal(a1[1], "y");
	assert_string_equal(a1[2], "z");
	assert_null(a1[3]);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.str, "f");
	run_release(&run);

	/* After --, everything is an operand, -- included. */
	run = parse_t(&r, VG_OPT_INTERMIX, a2);
	assert_int_equal(run.n, 4);
	assert_string_equal(a2[0], "x");
	assert_string_equal(a2[1], "-v");
	assert_string_equal(a2[2], "--");
	assert_string_equal(a2[3], "y");
	assert_int_equal(r.flag, 1);
	assert_int_equal(r.count, 0);
	run_release(&run);

	run = parse_t(&r, VG_OPT_INTERMIX, a3);
	assert_int_equal(run.n, 2);
	assert_string_equal(a3[0], "-");
	assert_string_equal(a3[1], "^x");
	assert_int_equal(r.flag, 1);
	run_release(&run);
}

static void test_missing_value(void **state)
{
	struct res r;
	struct run run;
	char *a1[] = { "t", "--src", NULL };
	char *a2[] = { "t", "-s", NULL };
	char *a3[] = { "t", "-as", NULL };
	char *a4[] = { "t", "-v", "--call", NULL };

	(void)state;
	run = parse_t(&r, 0, a1);
	assert_usage_error(&run, "vmstate-gate t: option '--src' needs a value\n");
	run_release(&run);

	run = parse_t(&r, 0, a2);
	assert_usage_error(&run, "vmstate-gate t: option '-s' needs a value\n");
	run_release(&run);

	run = parse_t(&r, VG_OPT_INTERMIX, a3);
	assert_usage_error(&run, "vmstate-gate t: option '-s' needs a value\n");
	run_release(&run);

	run = parse_t(&r, 0, a4);
	assert_usage_error(&run, "vmstate-gate t: option '--call' needs a value\n");
	assert_int_equal(r.cb_calls, 0);
	run_release(&run);
}

static void test_unknown_option(void **state)
{
	struct res r;
	struct run run;
	char *a1[] = { "t", "--frob", NULL };
	char *a2[] = { "t", "--frob=1", NULL };
	char *a3[] = { "t", "-q", NULL };
	char *a4[] = { "t", "-aq", NULL };
	char *a5[] = { "t", "x", "--frob", NULL };
	char *a6[] = { "t", "--al", NULL };
	char *a7[] = { "t", "-qa", NULL };

	(void)state;
	run = parse_t(&r, 0, a1);
	assert_usage_error(&run, "vmstate-gate t: unknown option '--frob'\n");
	run_release(&run);

	run = parse_t(&r, 0, a2);
	assert_usage_error(&run, "vmstate-gate t: unknown option '--frob'\n");
	run_release(&run);

	run = parse_t(&r, 0, a3);
	assert_usage_error(&run, "vmstate-gate t: unknown option '-q'\n");
	run_release(&run);

	run = parse_t(&r, 0, a4);
	assert_usage_error(&run, "vmstate-gate t: unknown option '-q' (in '-aq')\n");
	run_release(&run);

	run = parse_t(&r, VG_OPT_INTERMIX, a5);
	assert_usage_error(&run, "vmstate-gate t: unknown option '--frob'\n");
	run_release(&run);

	run = parse_t(&r, 0, a7);
	assert_usage_error(&run, "vmstate-gate t: unknown option '-q' (in '-qa')\n");
	run_release(&run);

	/* No abbreviations: a later option must not change what --al means. */
	run = parse_t(&r, 0, a6);
	assert_usage_error(&run, "vmstate-gate t: unknown option '--al'\n");
	run_release(&run);
}

static void test_flag_with_value(void **state)
{
	struct res r;
	struct run run;
	char *a1[] = { "t", "--all=1", NULL };
	char *a2[] = { "t", "--ping=1", NULL };

	(void)state;
	run = parse_t(&r, 0, a1);
	assert_usage_error(&run, "vmstate-gate t: option '--all' takes no value\n");
	assert_int_equal(r.flag, 0);
	run_release(&run);

	run = parse_t(&r, 0, a2);
	assert_usage_error(&run, "vmstate-gate t: option '--ping' takes no value\n");
	assert_int_equal(r.cb_calls, 0);
	run_release(&run);
}

static void test_choices(void **state)
{
	struct res r;
	struct run run;
	char *a1[] = { "t", "--colour=green", NULL };
	char *a2[] = { "t", "--colour", "mauve", NULL };
	char *a3[] = { "t", "--colour=", NULL };

	(void)state;
	run = parse_t(&r, 0, a1);
	assert_int_equal(run.n, 0);
	assert_string_equal(r.colour, "green");
	run_release(&run);

	run = parse_t(&r, 0, a2);
	assert_usage_error(&run, "vmstate-gate t: unknown colour 'mauve' (red, green or blue)\n");
	assert_null(r.colour);
	run_release(&run);

	run = parse_t(&r, 0, a3);
	assert_usage_error(&run, "vmstate-gate t: unknown colour '' (red, green or blue)\n");
	run_release(&run);
}

static void test_callbacks(void **state)
{
	struct res r;
	struct run run;
	char *a1[] = { "t", "-xfoo", "--ping", "--call=bar", NULL };
	char *a2[] = { "t", "--call", "input", "-a", NULL };
	char *a3[] = { "t", "--call", "internal", NULL };
	char *a4[] = { "t", "-P", "usage", NULL };

	(void)state;
	run = parse_t(&r, 0, a1);
	assert_int_equal(run.n, 0);
	assert_int_equal(r.cb_calls, 3);
	assert_string_equal(r.cb_arg, "bar");
	run_release(&run);

	/* An input error was reported by the callback: exit 2, no usage. */
	run = parse_t(&r, 0, a2);
	assert_int_equal(run.n, -1);
	assert_int_equal(run.code, VG_EXIT_USAGE);
	assert_string_equal(run.err, "");
	assert_int_equal(r.flag, 0);
	run_release(&run);

	run = parse_t(&r, 0, a3);
	assert_int_equal(run.n, -1);
	assert_int_equal(run.code, VG_EXIT_INTERNAL);
	run_release(&run);

	run = parse_t(&r, 0, a4);
	assert_usage_error(&run, "bad call\n");
	run_release(&run);
}

static void test_help(void **state)
{
	struct res r;
	struct run run;
	char *a1[] = { "t", "--help", NULL };
	char *a2[] = { "t", "-ah", "--frob", NULL };
	char *a3[] = { "t", "x", "-h", NULL };
	char *a4[] = { "t", "--help=1", NULL };

	(void)state;
	run = parse_t(&r, 0, a1);
	assert_int_equal(run.n, -1);
	assert_int_equal(run.code, VG_EXIT_OK);
	assert_true(starts_with(run.out, "usage: vmstate-gate t [options] ARG...\n"));
	assert_string_equal(run.err, "");
	run_release(&run);

	/* Help is given as soon as it is seen. */
	run = parse_t(&r, 0, a2);
	assert_int_equal(run.code, VG_EXIT_OK);
	assert_true(starts_with(run.out, "usage: "));
	assert_string_equal(run.err, "");
	run_release(&run);

	run = parse_t(&r, VG_OPT_INTERMIX, a3);
	assert_int_equal(run.n, -1);
	assert_int_equal(run.code, VG_EXIT_OK);
	run_release(&run);

	run = parse_t(&r, 0, a4);
	assert_usage_error(&run, "vmstate-gate t: option '--help' takes no value\n");
	run_release(&run);
}

static void test_usage_text(void **state)
{
	struct res r;
	const struct vg_option options[] = TEST_OPTIONS(&r);
	const struct vg_opt_command cmd = {
		.name = "t",
		.synopsis = synopsis,
		.description = "Does things.",
		.options = options,
		.epilogue = "exit status: 0",
	};
	char *text = usage_of(&cmd);

	(void)state;
	assert_string_equal(text,
		"usage: vmstate-gate t [options] ARG...\n"
		"   or: vmstate-gate t --other\n"
		"\n"
		"Does things.\n"
		"\n"
		"  -a, --all        a flag\n"
		"  -v, --verbose    counted\n"
		"  -s, --src FILE   a string\n"
		"                   second line\n"
		"      --colour C   paint: red (default), green or blue\n"
		"  -x, --call ARG   a callback\n"
		"      --ping       a callback without value\n"
		"  -P N             short only\n"
		"  -h, --help       this help\n"
		"\n"
		"exit status: 0\n");
	free(text);
}

static void test_usage_wraps_long_options(void **state)
{
	const char *s = NULL;
	const struct vg_option options[] = {
		VG_OPT_STRING(0, "a-very-long-option-name", &s, "VALUE", "help"),
		VG_OPT_STRING('o', NULL, &s, "F", "short"),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = { .name = "t", .synopsis = synopsis, .options = options };
	char *text = usage_of(&cmd);

	(void)state;
	assert_string_equal(text,
		"usage: vmstate-gate t [options] ARG...\n"
		"   or: vmstate-gate t --other\n"
		"\n"
		"      --a-very-long-option-name VALUE\n"
		"                            help\n"
		"  -o F                      short\n"
		"  -h, --help                this help\n");
	free(text);
}

static void test_usage_error(void **state)
{
	struct res r;
	const struct vg_option options[] = TEST_OPTIONS(&r);
	const struct vg_opt_command cmd = { .name = "t", .synopsis = synopsis, .options = options };
	const struct vg_opt_command top = { .synopsis = synopsis, .options = options };
	struct capture cerr;
	char *err;
	int code;
	char *a1[] = { "t", "--frob", NULL };
	struct run run;

	(void)state;
	capture_start(&cerr, stderr);
	code = vg_opt_usage_error(&cmd, "needs %d things", 2);
	err = capture_end(&cerr);
	assert_int_equal(code, VG_EXIT_USAGE);
	assert_true(starts_with(err, "vmstate-gate t: needs 2 things\nusage: vmstate-gate t "));
	free(err);

	/* vmstate-gate itself (no command name). */
	run = parse(&top, a1);
	assert_int_equal(run.code, VG_EXIT_USAGE);
	assert_true(starts_with(run.err, "vmstate-gate: unknown option '--frob'\nusage: "));
	run_release(&run);
}

static void test_format_option(void **state)
{
	enum vg_format fmt = VG_FORMAT_TEXT, seen[8];
	const struct vg_option listing[] = { VG_OPT_FORMAT(&fmt, vg_formats_listing), VG_OPT_END() };
	const struct vg_option findings[] = { VG_OPT_FORMAT(&fmt, vg_formats_findings), VG_OPT_END() };
	const struct vg_opt_command cl = { .name = "t", .synopsis = synopsis, .options = listing };
	const struct vg_opt_command cf = { .name = "t", .synopsis = synopsis, .options = findings };
	char *a1[] = { "t", "--format=json", NULL };
	char *a2[] = { "t", "--format", "sarif", NULL };
	char *a3[] = { "t", "--format", NULL };
	char *a4[] = { "t", "--format", "xml", NULL };
	struct run run;
	size_t i, k;

	(void)state;
	/* Every name offered parses, each to its own format. */
	for (i = 0; vg_formats_findings[i]; i++) {
		assert_true(i < 8);
		assert_int_equal(vg_format_parse(vg_formats_findings[i], &seen[i]), 0);
		for (k = 0; k < i; k++)
			assert_int_not_equal(seen[i], seen[k]);
	}
	assert_int_equal(i, 5);
	for (i = 0; vg_formats_listing[i]; i++)
		assert_int_equal(vg_format_parse(vg_formats_listing[i], &seen[0]), 0);

	run = parse(&cl, a1);
	assert_int_equal(run.n, 0);
	assert_int_equal(fmt, VG_FORMAT_JSON);
	run_release(&run);

	run = parse(&cl, a2);
	assert_int_equal(run.code, VG_EXIT_USAGE);
	assert_true(starts_with(run.err, "vmstate-gate t: unknown format 'sarif' (text or json)\n"
					 "usage: "));
	assert_int_equal(fmt, VG_FORMAT_JSON);
	run_release(&run);

	run = parse(&cf, a2);
	assert_int_equal(run.n, 0);
	assert_int_equal(fmt, VG_FORMAT_SARIF);
	run_release(&run);

	run = parse(&cf, a3);
	assert_true(starts_with(run.err, "vmstate-gate t: option '--format' needs a value\n"));
	run_release(&run);

	run = parse(&cf, a4);
	assert_true(starts_with(run.err, "vmstate-gate t: unknown format 'xml' "
					 "(text, json, sarif, junit or codequality)\n"));
	run_release(&run);

	run = parse(&cl, (char *[]){ "t", "--help", NULL });
	assert_non_null(strstr(run.out, "\n      --format FMT   text (default) or json\n"));
	run_release(&run);
}

static void test_header_option(void **state)
{
	struct vg_opt_headers h = VG_OPT_HEADERS_INIT;
	const struct vg_option options[] = {
		VG_OPT_HEADER(&h, "a header"),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = { .name = "t", .synopsis = synopsis, .options = options };
	char *a1[] = { "t", "-I", "tests/data/src/scan/forms.h", "-Itests/data/src/scan/forms.c",
		       "x.c", NULL };
	char *a2[] = { "t", "-I", "tests/data/src/scan/forms.h", "-I", "no/such/header.h", NULL };
	struct run run;

	(void)state;
	run = parse(&cmd, a1);
	assert_int_equal(run.n, 1);
	assert_int_equal(h.nr, 2);
	assert_string_equal(h.items[0].name, "tests/data/src/scan/forms.h");
	assert_string_equal(h.items[1].name, "tests/data/src/scan/forms.c");
	assert_true(h.items[0].len > 0);
	assert_int_equal(strlen(h.items[0].text), h.items[0].len);
	run_release(&run);
	vg_opt_headers_release(&h);
	assert_int_equal(h.nr, 0);

	/* An unreadable header is an input error: named, exit 2, no usage. */
	run = parse(&cmd, a2);
	assert_int_equal(run.n, -1);
	assert_int_equal(run.code, VG_EXIT_USAGE);
	assert_non_null(strstr(run.err, "no/such/header.h"));
	assert_null(strstr(run.err, "usage:"));
	assert_int_equal(h.nr, 1);
	run_release(&run);
	vg_opt_headers_release(&h);
}

static void test_chdir_option(void **state)
{
	const struct vg_option options[] = {
		VG_OPT_CALLBACK('C', NULL, NULL, "PATH", "run in PATH", vg_opt_chdir_cb),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = { .name = "t", .synopsis = synopsis, .options = options };
	char *a1[] = { "t", "-C", "", "-C.", "x", NULL };
	char *a2[] = { "t", "-C", "no/such/dir", NULL };
	char before[4096], after[4096];
	struct run run;

	(void)state;
	assert_non_null(getcwd(before, sizeof(before)));
	run = parse(&cmd, a1);
	assert_int_equal(run.n, 1);
	assert_non_null(getcwd(after, sizeof(after)));
	assert_string_equal(before, after);
	run_release(&run);

	run = parse(&cmd, a2);
	assert_int_equal(run.code, VG_EXIT_USAGE);
	assert_non_null(strstr(run.err, "cannot change to 'no/such/dir'"));
	run_release(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_forms),
		cmocka_unit_test(test_short_forms),
		cmocka_unit_test(test_operands_stop),
		cmocka_unit_test(test_operands_intermix),
		cmocka_unit_test(test_missing_value),
		cmocka_unit_test(test_unknown_option),
		cmocka_unit_test(test_flag_with_value),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_callbacks),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_usage_text),
		cmocka_unit_test(test_usage_wraps_long_options),
		cmocka_unit_test(test_usage_error),
		cmocka_unit_test(test_format_option),
		cmocka_unit_test(test_header_option),
		cmocka_unit_test(test_chdir_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
