#include "unit.h"
#include "core/exitcode.h"
#include "cli/options.h"
#include "report/report.h"
#include "core/util.h"

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
#define SYNOPSIS_TEXT \
	"usage: vmstate-gate t [options] ARG...\n" \
	"   or: vmstate-gate t --other\n"

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

/* Parse a table's argument list (NULL-terminated, at most 8) through argv. */
#define MAX_ARGS 8
static struct run parse_args(struct res *r, unsigned flags, const char *const *args,
			     char *argv[MAX_ARGS + 1])
{
	int k;

	for (k = 0; k <= MAX_ARGS; k++)
		argv[k] = k < MAX_ARGS ? (char *)args[k] : NULL;
	return parse_t(r, flags, argv);
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

/* What each option form sets, which arguments are operands, in what order. */
static void test_forms_and_operands(void **state)
{
	static const struct {
		unsigned flags;
		const char *argv[MAX_ARGS];
		const char *operands;  /* joined with | */
		int flag, count;
		const char *str;
	} cases[] = {
		/* Long options: --name VALUE, --name=VALUE (possibly empty). */
		{ 0, { "t", "--src", "a", "--all" }, "", 1, 0, "a" },
		{ 0, { "t", "--src=b" }, "", 0, 0, "b" },
		{ 0, { "t", "--src=" }, "", 0, 0, "" },
		{ 0, { "t", "--src=x=y", "--verbose" }, "", 0, 1, "x=y" },
		/* The next argument is the value, whatever it looks like (getopt, git). */
		{ 0, { "t", "--src", "--all" }, "", 0, 0, "--all" },
		/* Short ones: -s VALUE, -sVALUE, grouped flags, a value last in a group. */
		{ 0, { "t", "-s", "a" }, "", 0, 0, "a" },
		{ 0, { "t", "-sb" }, "", 0, 0, "b" },
		{ 0, { "t", "-s-a" }, "", 0, 0, "-a" },
		{ 0, { "t", "-av", "-v" }, "", 1, 2, NULL },
		{ 0, { "t", "-avsFILE" }, "", 1, 1, "FILE" },
		/* Without VG_OPT_INTERMIX, the first operand ends the options. */
		{ 0, { "t", "-a", "x", "-v", "y" }, "x|-v|y", 1, 0, NULL },
		{ 0, { "t", "-a", "--", "-v", "x" }, "-v|x", 1, 0, NULL },
		{ 0, { "t", "x", "--help" }, "x|--help", 0, 0, NULL },
		{ 0, { "t", "-vas", "FILE", "op" }, "op", 1, 1, "FILE" },
		/* A lone - is an operand (standard input, by convention). */
		{ 0, { "t", "-", "-a" }, "-|-a", 0, 0, NULL },
		/* With it, options anywhere up to --; after it, -- is an operand. */
		{ VG_OPT_INTERMIX, { "t", "x", "-v", "y", "--src", "f", "z" }, "x|y|z", 0, 1, "f" },
		{ VG_OPT_INTERMIX, { "t", "x", "-a", "--", "-v", "--", "y" }, "x|-v|--|y", 1, 0, NULL },
		{ VG_OPT_INTERMIX, { "t", "-", "-a", "^x" }, "-|^x", 1, 0, NULL },
		{ VG_OPT_INTERMIX, { "t", "-v" }, "", 0, 1, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < VG_ARRAY_SIZE(cases); i++) {
		char *argv[MAX_ARGS + 1];
		struct vg_buf got = VG_BUF_INIT;
		struct res r;
		struct run run = parse_args(&r, cases[i].flags, cases[i].argv, argv);
		int k;

		assert_int_equal(run.code, 0);
		assert_true(run.n >= 0);
		for (k = 0; k < run.n; k++)
			vg_buf_printf(&got, "%s%s", k ? "|" : "", argv[k]);
		assert_null(argv[run.n]);
		assert_string_equal(got.buf ? got.buf : "", cases[i].operands);
		assert_int_equal(r.flag, cases[i].flag);
		assert_int_equal(r.count, cases[i].count);
		if (cases[i].str)
			assert_string_equal(r.str, cases[i].str);
		else
			assert_null(r.str);
		assert_string_equal(run.out, "");
		assert_string_equal(run.err, "");
		vg_buf_release(&got);
		run_release(&run);
	}
}

/* Each of these is a usage error, with this message first on stderr. */
static void test_usage_errors(void **state)
{
	static const struct {
		unsigned flags;
		const char *argv[MAX_ARGS];
		const char *message;
	} cases[] = {
		/* A missing value. */
		{ 0, { "t", "--src" }, "option '--src' needs a value" },
		{ 0, { "t", "-s" }, "option '-s' needs a value" },
		{ VG_OPT_INTERMIX, { "t", "-as" }, "option '-s' needs a value" },
		{ 0, { "t", "-a", "--call" }, "option '--call' needs a value" },
		/* An unknown option, named as typed (the name before any =). */
		{ 0, { "t", "--frob", "-v" }, "unknown option '--frob'" },
		{ 0, { "t", "--frob=1" }, "unknown option '--frob'" },
		{ 0, { "t", "-q" }, "unknown option '-q'" },
		{ 0, { "t", "-aq" }, "unknown option '-q' (in '-aq')" },
		{ 0, { "t", "-qa" }, "unknown option '-q' (in '-qa')" },
		{ VG_OPT_INTERMIX, { "t", "x", "--frob" }, "unknown option '--frob'" },
		/* No abbreviations: a later option must not change what --al means. */
		{ 0, { "t", "--al" }, "unknown option '--al'" },
		/* A value for an option that takes none. */
		{ 0, { "t", "--all=1", "-v" }, "option '--all' takes no value" },
		{ 0, { "t", "--ping=1" }, "option '--ping' takes no value" },
		{ 0, { "t", "--help=1" }, "option '--help' takes no value" },
		/* A value not among the choices. */
		{ 0, { "t", "--colour", "mauve" }, "unknown colour 'mauve' (red, green or blue)" },
		{ 0, { "t", "--colour=" }, "unknown colour '' (red, green or blue)" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < VG_ARRAY_SIZE(cases); i++) {
		char *argv[MAX_ARGS + 1];
		struct res r;
		struct run run = parse_args(&r, cases[i].flags, cases[i].argv, argv);
		char *want = vg_asprintf("vmstate-gate t: %s\n", cases[i].message);

		assert_usage_error(&run, want);
		/* Nothing after the bad option was applied, no callback ran. */
		assert_int_equal(r.count, 0);
		assert_int_equal(r.cb_calls, 0);
		assert_null(r.colour);
		free(want);
		run_release(&run);
	}
}

static void test_choices(void **state)
{
	struct res r;
	struct run run;
	char *a1[] = { "t", "--colour=green", NULL };

	(void)state;
	run = parse_t(&r, 0, a1);
	assert_int_equal(run.n, 0);
	assert_string_equal(r.colour, "green");
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
		SYNOPSIS_TEXT
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
		SYNOPSIS_TEXT
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
		cmocka_unit_test(test_forms_and_operands),
		cmocka_unit_test(test_usage_errors),
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
