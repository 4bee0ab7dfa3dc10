/* Unit tests of the scanner (scan.c) and the catalogue (macros.c). */
#include "unit.h"
#include "core/macros.h"
#include "scan/scan.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct vg_macros macros = VG_MACROS_INIT;

static int setup(void **state)
{
	(void)state;
	return vg_macros_load(&macros, "rules/macros");
}

static int teardown(void **state)
{
	(void)state;
	vg_macros_release(&macros);
	return 0;
}

static int scan(const char *text, struct vg_scan_result *r, struct vg_findings *w)
{
	struct vg_scan_opts opts = { &macros, NULL, 0, NULL };

	return vg_scan_buffer(&opts, "t.c", text, strlen(text), r, w);
}

static void test_catalogue(void **state)
{
	const struct vg_macro *m;

	(void)state;
	/* Aliases are expanded down to their base entry. */
	m = vg_macros_find(&macros, "VMSTATE_UINT32");
	assert_non_null(m);
	assert_null(m->alias_target);
	assert_string_equal(m->attrs[VG_MA_INFO], "vmstate_info_uint32");
	assert_string_equal(m->attrs[VG_MA_VERSION], "0");
	m = vg_macros_find(&macros, "VMSTATE_PTIMER");
	assert_non_null(m);
	assert_string_equal(m->attrs[VG_MA_VERSION], "1");
	m = vg_macros_find(&macros, "VMSTATE_STRUCT_ARRAY_TEST");
	assert_string_equal(m->attrs[VG_MA_TEST], "_test");
	assert_string_equal(m->attrs[VG_MA_VERSION], "_version");
	m = vg_macros_find(&macros, "VMSTATE_VIRTIO_DEVICE");
	assert_int_equal(m->nparams, -1);
	assert_non_null(vg_macros_find(&macros, "VMSTATE_END_OF_LIST"));
	assert_null(vg_macros_find(&macros, "VMSTATE_NO_SUCH"));
	assert_string_equal(vg_macros_find_info(&macros, "vmstate_info_bool")->size, "1");
}

static void test_subst(void **state)
{
	char *params[] = { "_f", "_n" }, *args[] = { "regs", "A + 1" };
	char *s;

	(void)state;
	s = vg_macro_subst("_f", params, 2, args);
	assert_string_equal(s, "regs");
	free(s);
	s = vg_macro_subst("_n*_f_x", params, 2, args);
	assert_string_equal(s, "(A + 1)*_f_x");
	free(s);
}

static const char *const canonical =
	"#define NR 4\n"
	"static const VMStateDescription vmstate_s = {\n"
	"    .name = \"dev/s\",\n"
	"    .version_id = 1,\n"
	"    .minimum_version_id = 1,\n"
	"    .needed = s_needed,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT8(x, S),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n"
	"static const VMStateDescription vmstate_n = {\n"
	"    .name = \"n\",\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT16_ARRAY(a, N, NR * 2),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n"
	"const VMStateDescription vmstate_dev = {\n"
	"    .name = \"dev\",\n"
	"    .version_id = 3,\n"
	"    .minimum_version_id = 2,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_STRUCT(n, Dev, 2, vmstate_n, N),\n"
	"        VMSTATE_UINT32_TEST(t, Dev, t_test),\n"
	"        VMSTATE_STRUCT(o, Dev, 0, vmstate_other, O),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    },\n"
	"    .subsections = (const VMStateDescription * const []) {\n"
	"        &vmstate_s, NULL\n"
	"    }\n"
	"};\n";

static void test_resolved_tree(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_findings w = VG_FINDINGS_INIT;
	const struct vg_scan_def *d;
	const struct vg_field *f;

	(void)state;
	assert_int_equal(scan(canonical, &r, &w), 0);
	assert_int_equal(r.nr, 3);
	assert_int_equal(w.nr, 0);
	d = vg_scan_find(&r, "vmstate_dev");
	assert_non_null(d);
	assert_true(d->toplevel);
	assert_false(d->is_static);
	assert_int_equal(d->desc.line, 19);
	assert_int_equal(d->desc.version_id, 3);
	assert_int_equal(d->desc.minimum_version_id, 2);
	assert_int_equal(d->desc.nr_fields, 3);
	f = &d->desc.fields[0];
	assert_int_equal(f->version_id, 2);
	assert_non_null(f->desc);
	assert_int_equal(f->owns_desc, 1);
	assert_string_equal(f->desc->name, "n");
	assert_int_equal(f->desc->fields[0].size_kind, VG_SIZE_FIXED);
	assert_int_equal(f->desc->fields[0].size, 2);
	assert_int_equal(f->desc->fields[0].num, 8);
	f = &d->desc.fields[1];
	assert_true(f->has_test);
	assert_string_equal(f->test, "t_test");
	assert_int_equal(f->line, 25);
	f = &d->desc.fields[2];
	assert_null(f->desc);
	assert_string_equal(f->desc_ref, "vmstate_other");
	assert_int_equal(f->size_kind, VG_SIZE_UNKNOWN);
	assert_string_equal(f->size_expr, "struct:vmstate_other");
	assert_int_equal(d->desc.nr_subsections, 1);
	assert_string_equal(d->desc.subsections[0].name, "dev/s");
	assert_true(d->desc.subsections[0].has_needed);
	assert_false(vg_scan_find(&r, "vmstate_n")->toplevel);
	assert_false(vg_scan_find(&r, "vmstate_s")->toplevel);
	vg_scan_result_release(&r);
	vg_findings_release(&w);
}

static void test_prefilter(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;

	(void)state;
	assert_false(vg_scan_uses_vmstate("int x;", 6));
	assert_true(vg_scan_uses_vmstate("VMSTATE_UINT8(a, S)", 19));
	assert_false(vg_scan_may_define("VMSTATE_UINT8(a, S)", 19));
	assert_int_equal(scan("int main(void) { return 0; }\n", &r, NULL), 0);
	assert_int_equal(r.nr, 0);
	vg_scan_result_release(&r);
}

static void test_unknown_macro_warns(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_findings w = VG_FINDINGS_INIT;
	const char *text =
		"static const VMStateDescription v = {\n"
		"    .name = \"v\",\n"
		"    .fields = (const VMStateField[]) {\n"
		"        VMSTATE_NOPE(a, S),\n"
		"        VMSTATE_END_OF_LIST()\n"
		"    }\n"
		"};\n";

	(void)state;
	assert_int_equal(scan(text, &r, &w), 0);
	assert_int_equal(w.nr, 1);
	assert_int_equal(w.items[0].rule, VG_RULE_UNKNOWN_MACRO);
	assert_string_equal(w.items[0].file, "t.c");
	assert_int_equal(w.items[0].line, 4);
	assert_int_equal(r.defs[0].desc.nr_fields, 1);
	assert_int_equal(r.defs[0].desc.fields[0].size_kind, VG_SIZE_UNKNOWN);
	vg_scan_result_release(&r);
	vg_findings_release(&w);
}

/* A member given twice: the value C takes (the last), and a warning each. */
static void test_repeated_initializer(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_findings w = VG_FINDINGS_INIT;
	const struct vg_desc *d;
	const char *text =
		"static bool n(void *o) { return true; }\n"
		"static const VMStateDescription v = {\n"
		"    .name = \"v\",\n"
		"    .version_id = 1,\n"
		"    .needed = n,\n"
		"    .fields = (const VMStateField[]) {\n"
		"        VMSTATE_UINT32(a, S),\n"
		"        VMSTATE_END_OF_LIST()\n"
		"    },\n"
		"    .version_id = 3,\n"
		"    .needed = NULL,\n"
		"    .fields = (const VMStateField[]) {\n"
		"        VMSTATE_UINT8(b, S),\n"
		"        VMSTATE_UINT8(c, S),\n"
		"        VMSTATE_END_OF_LIST()\n"
		"    },\n"
		"};\n";
	size_t i;

	(void)state;
	assert_int_equal(scan(text, &r, &w), 0);
	assert_int_equal(w.nr, 3);
	for (i = 0; i < w.nr; i++)
		assert_int_equal(w.items[i].rule, VG_RULE_INITIALIZER_DUPLICATE);
	assert_int_equal(w.items[0].line, 10);
	d = &r.defs[0].desc;
	assert_int_equal(d->version_id, 3);
	assert_false(d->has_needed);
	assert_int_equal(d->nr_fields, 2);
	assert_string_equal(d->fields[0].name, "b");
	assert_string_equal(d->fields[1].name, "c");
	vg_scan_result_release(&r);
	vg_findings_release(&w);
}

static void test_headers_and_no_nul(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_scan_header h = { "h.h", "#define TYPE_X \"x-dev\"\n#define XV 5\n", 35, NULL };
	struct vg_scan_opts opts = { &macros, &h, 1, NULL };
	/* Not NUL-terminated: the scanner must not read past len. */
	char text[] = "static const VMStateDescription v = { .name = TYPE_X \"/sub\", "
		      ".version_id = XV, };XXXX";

	(void)state;
	assert_int_equal(vg_scan_buffer(&opts, "t.c", text, strlen(text) - 4, &r, NULL), 0);
	assert_int_equal(r.nr, 1);
	assert_string_equal(r.defs[0].desc.name, "x-dev/sub");
	assert_int_equal(r.defs[0].desc.version_id, 5);
	vg_scan_result_release(&r);
}


/* Scan tests/data/src/sizes/sizes.c, with its header or without. */
static void scan_sizes_cached(int with_header, struct vg_scan_cache *cache,
			      struct vg_scan_result *r, struct vg_findings *w)
{
	static const unsigned char id[VG_SCAN_ID_LEN] = { 's', 'i', 'z', 'e', 's' };
	char *c = NULL, *h = NULL;
	size_t cl = 0, hl = 0;
	struct vg_scan_header hdr;
	struct vg_scan_opts opts = { &macros, NULL, 0, NULL };

	assert_int_equal(vg_read_file("tests/data/src/sizes/sizes.c", &c, &cl), 0);
	assert_int_equal(vg_read_file("tests/data/src/sizes/sizes.h", &h, &hl), 0);
	hdr.name = "sizes.h";
	hdr.text = h;
	hdr.len = hl;
	hdr.id = id;
	opts.cache = cache;
	if (with_header) {
		opts.headers = &hdr;
		opts.nr_headers = 1;
	}
	assert_int_equal(vg_scan_buffer(&opts, "sizes.c", c, cl, r, w), 0);
	free(c);
	free(h);
}

static void scan_sizes(int with_header, struct vg_scan_result *r, struct vg_findings *w)
{
	scan_sizes_cached(with_header, NULL, r, w);
}

/* The field at line of definition var. */
static const struct vg_field *field_at(const struct vg_scan_result *r, const char *var,
				       unsigned line)
{
	const struct vg_scan_def *d = vg_scan_find(r, var);
	size_t i;

	assert_non_null(d);
	for (i = 0; i < d->desc.nr_fields; i++)
		if (d->desc.fields[i].line == line)
			return &d->desc.fields[i];
	fail_msg("no field at line %u of %s", line, var);
	return NULL;
}

static void assert_bytes(const struct vg_field *f, unsigned long long size, long long num)
{
	assert_int_equal(f->size_kind, VG_SIZE_FIXED);
	assert_int_equal(f->size, size);
	assert_int_equal(f->num, num);
	assert_null(f->size_expr);
}

static void assert_symbolic(const struct vg_field *f, const char *expr)
{
	assert_int_equal(f->size_kind, VG_SIZE_UNKNOWN);
	assert_non_null(f->size_expr);
	assert_string_equal(f->size_expr, expr);
}

/* Constant expressions: arithmetic, sizeof(T), #define chains. */
static void test_constant_sizes(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_findings w = VG_FINDINGS_INIT;
	const char *v = "vmstate_sizes_local";

	(void)state;
	scan_sizes(0, &r, &w);
	assert_bytes(field_at(&r, v, 49), 16, -1);      /* 2 * sizeof(uint64_t) */
	assert_bytes(field_at(&r, v, 50), 12, -1);      /* a #define using sizeof */
	assert_symbolic(field_at(&r, v, 51), "target_ulong");
	assert_symbolic(field_at(&r, v, 52), "sizeof(NoSuchType)");
	assert_bytes(field_at(&r, v, 53), 1, 10);       /* (0x20u >> 1) % 7 + 010 */
	vg_scan_result_release(&r);
	vg_findings_release(&w);
}

/* Member sizes of structs in the file: typedef'd, tagged, ARRAY_SIZE. */
static void test_member_sizes_in_file(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_findings w = VG_FINDINGS_INIT;
	const char *v = "vmstate_sizes_local";
	const struct vg_field *f;

	(void)state;
	scan_sizes(0, &r, &w);
	assert_bytes(field_at(&r, v, 46), 32, -1);      /* uint8_t runstate[32] */
	assert_bytes(field_at(&r, v, 47), 66, -1);
	assert_bytes(field_at(&r, v, 48), 8, 6);        /* ARRAY_SIZE through a typedef */
	/*
	 * A custom info: its .size, the info named in the encoding with a
	 * fingerprint of its get/put code (both defined in the file).
	 */
	f = field_at(&r, v, 54);
	assert_bytes(f, 4, -1);
	assert_true(!strncmp(f->encoding, "info:vmstate_info_custom[get/put code ", 38));
	assert_int_equal(strlen(f->encoding), 38 + 8 + 1);
	/* Without the header, the state struct and its #defines are unknown. */
	f = field_at(&r, "vmstate_sizes", 72);
	assert_symbolic(f, "sizeof_field(SizesState,regs)");
	assert_int_equal(vg_scan_find(&r, "vmstate_sizes")->desc.version_id, -1);
	vg_scan_result_release(&r);
	vg_findings_release(&w);
}

/* Member sizes and constants of a header: nested, unions, 2-D, symbolic. */
static void test_member_sizes_in_header(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_findings w = VG_FINDINGS_INIT;
	const char *v = "vmstate_sizes";
	const struct vg_scan_def *d;

	(void)state;
	scan_sizes(1, &r, &w);
	d = vg_scan_find(&r, v);
	assert_non_null(d);
	assert_string_equal(d->desc.name, "sizes-dev");
	assert_int_equal(d->desc.version_id, 3);
	assert_bytes(field_at(&r, v, 71), 4, 16);       /* SIZES_MMIO_SIZE / 4 */
	assert_bytes(field_at(&r, v, 72), 64, -1);      /* regs[SIZES_MMIO_SIZE / 4] */
	assert_bytes(field_at(&r, v, 73), 32, -1);
	assert_bytes(field_at(&r, v, 74), 2, 16);
	assert_bytes(field_at(&r, v, 75), 32, -1);      /* uint16_t grid[2][8] */
	assert_bytes(field_at(&r, v, 76), 16, -1);      /* bank.buf via typedef SizesRegs */
	assert_bytes(field_at(&r, v, 77), 8, -1);       /* sizeof_field(SizesRegs, buf) / 2 */
	assert_bytes(field_at(&r, v, 78), 16, -1);      /* an inline struct member */
	assert_bytes(field_at(&r, v, 79), 16, -1);      /* an anonymous union's member */
	assert_bytes(field_at(&r, v, 80), 6, -1);       /* MACAddr from the type table */
	/* Never guessed: target dependent, pointers, unknown types, whole structs. */
	assert_symbolic(field_at(&r, v, 81), "sizeof_field(SizesState,pc)");
	assert_symbolic(field_at(&r, v, 82), "sizeof_field(SizesState,dynamic)");
	assert_symbolic(field_at(&r, v, 83), "sizeof_field(SizesState,blob)");
	assert_symbolic(field_at(&r, v, 84), "sizeof_field(SizesState,bank)");
	assert_bytes(field_at(&r, v, 85), 1, 5);        /* bool flags[5] */
	assert_bytes(field_at(&r, v, 86), 4, 16);       /* ARRAY_SIZE(((T *)0)->m) */
	assert_bytes(field_at(&r, v, 87), 24, -1);      /* sizeof_field - start */
	assert_bytes(field_at(&r, v, 88), 4, 10);       /* enumerators: implicit and = */
	assert_symbolic(field_at(&r, v, 89), "4*SIZES_COND_NR"); /* after an #ifdef one */
	assert_int_equal(w.nr, 0);
	vg_scan_result_release(&r);
	vg_findings_release(&w);
}

/* The catalogue wins over a header's #define of a VMSTATE_* macro; the file's own wins over both. */
static void test_define_precedence(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	const char *htext =
		"#define VMSTATE_UINT32(_f, _s) VMSTATE_UINT8(_f, _s)\n"
		"#define N 4\n#define M 1\n";
	struct vg_scan_header h = { "vmstate.h", htext, strlen(htext), NULL };
	struct vg_scan_opts opts = { &macros, &h, 1, NULL };
	const char *text =
		"#define M 2\n"
		"static const VMStateDescription v = {\n"
		"    .name = \"v\",\n"
		"    .fields = (const VMStateField[]) {\n"
		"        VMSTATE_UINT32(a, S),\n"
		"        VMSTATE_UINT8_ARRAY(b, S, N * M),\n"
		"        VMSTATE_END_OF_LIST()\n"
		"    }\n"
		"};\n";

	(void)state;
	assert_int_equal(vg_scan_buffer(&opts, "t.c", text, strlen(text), &r, NULL), 0);
	assert_int_equal(r.defs[0].desc.fields[0].size, 4);
	assert_int_equal(r.defs[0].desc.fields[1].num, 8);
	vg_scan_result_release(&r);
}

/*
 * The parsed-header cache gives the same results as parsing afresh, when
 * it parses the header and when a later scan takes it from the cache (its
 * text then freed and the header known by id alone).
 */
static void test_header_cache(void **state)
{
	struct vg_scan_result a = VG_SCAN_RESULT_INIT, b = VG_SCAN_RESULT_INIT;
	struct vg_scan_result c = VG_SCAN_RESULT_INIT;
	struct vg_findings w = VG_FINDINGS_INIT;
	struct vg_scan_cache *cache;

	(void)state;
	assert_int_equal(vg_scan_cache_new(&cache), 0);
	scan_sizes(1, &a, &w);
	scan_sizes_cached(1, cache, &b, &w);
	scan_sizes_cached(1, cache, &c, &w);
	assert_int_equal(a.nr, b.nr);
	assert_int_equal(a.nr, c.nr);
	assert_int_equal(field_at(&b, "vmstate_sizes", 72)->size, 64);
	assert_int_equal(field_at(&c, "vmstate_sizes", 72)->size, 64);
	assert_int_equal(vg_scan_find(&c, "vmstate_sizes")->desc.version_id, 3);
	vg_scan_cache_free(cache);
	vg_scan_result_release(&a);
	vg_scan_result_release(&b);
	vg_scan_result_release(&c);
	vg_findings_release(&w);
}

/* target_ulong: symbolic unless a header gives vg_sizeof_target_ulong. */
static const char tl_text[] =
	"#define vg_sizeof_target_ulong 4\n"  /* the file's own: ignored */
	"static const VMStateDescription vmstate_cpu = {\n"
	"    .name = \"cpu\",\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINTTL(env.pc, CPUState),\n"
	"        VMSTATE_UINTTL_ARRAY(env.gpr, CPUState, 31),\n"
	"        VMSTATE_UNUSED(sizeof(target_ulong)),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n";

static void scan_tl(const char *hdr, struct vg_scan_result *r)
{
	struct vg_scan_header h = { "target-long-bits", hdr, hdr ? strlen(hdr) : 0, NULL };
	struct vg_scan_opts opts = { &macros, hdr ? &h : NULL, hdr ? 1 : 0, NULL };
	struct vg_findings w = VG_FINDINGS_INIT;

	assert_int_equal(vg_scan_buffer(&opts, "target/foo/machine.c", tl_text,
					strlen(tl_text), r, &w), 0);
	assert_int_equal(r->nr, 1);
	assert_int_equal(r->defs[0].desc.nr_fields, 3);
	vg_findings_release(&w);
}

static void test_target_ulong(void **state)
{
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	const struct vg_field *f;

	(void)state;
	/* Unknown target: the size stays the symbol, the encoding uinttl. */
	scan_tl(NULL, &r);
	f = r.defs[0].desc.fields;
	assert_non_null(f[0].size_expr);
	assert_string_equal(f[0].size_expr, "target_ulong");
	assert_string_equal(f[0].encoding, "uinttl");
	assert_non_null(f[2].size_expr);
	vg_scan_result_release(&r);
	/* A header that says nothing of it changes nothing. */
	scan_tl("#define TARGET_LONG_BITS 64\n", &r);
	assert_string_equal(r.defs[0].desc.fields[0].size_expr, "target_ulong");
	vg_scan_result_release(&r);
	/* A 64-bit target: 8 bytes, sent as uint64. */
	scan_tl("#define " VG_SCAN_SIZEOF_PREFIX "target_ulong 8\n", &r);
	f = r.defs[0].desc.fields;
	assert_null(f[0].size_expr);
	assert_int_equal(f[0].size_kind, VG_SIZE_FIXED);
	assert_int_equal(f[0].size, 8);
	assert_string_equal(f[0].encoding, "uint64");
	assert_null(f[1].size_expr);
	assert_int_equal(f[1].size, 8);
	assert_int_equal(f[1].num, 31);
	assert_null(f[2].size_expr);
	assert_int_equal(vg_field_wire_bytes(&f[2]), 8);
	vg_scan_result_release(&r);
	/* A 32-bit target: 4 bytes, uint32. */
	scan_tl("#define " VG_SCAN_SIZEOF_PREFIX "target_ulong 4\n", &r);
	f = r.defs[0].desc.fields;
	assert_int_equal(f[0].size, 4);
	assert_string_equal(f[0].encoding, "uint32");
	assert_int_equal(vg_field_wire_bytes(&f[2]), 4);
	vg_scan_result_release(&r);
	/* Not a positive number: ignored. */
	scan_tl("#define " VG_SCAN_SIZEOF_PREFIX "target_ulong TARGET_LONG_SIZE\n", &r);
	assert_string_equal(r.defs[0].desc.fields[0].size_expr, "target_ulong");
	vg_scan_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_subst),
		cmocka_unit_test(test_resolved_tree),
		cmocka_unit_test(test_prefilter),
		cmocka_unit_test(test_unknown_macro_warns),
		cmocka_unit_test(test_repeated_initializer),
		cmocka_unit_test(test_headers_and_no_nul),
		cmocka_unit_test(test_constant_sizes),
		cmocka_unit_test(test_member_sizes_in_file),
		cmocka_unit_test(test_member_sizes_in_header),
		cmocka_unit_test(test_define_precedence),
		cmocka_unit_test(test_header_cache),
		cmocka_unit_test(test_target_ulong),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
