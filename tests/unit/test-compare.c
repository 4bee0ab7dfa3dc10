/*
 * The comparator, one rule at a time: for each rule id compare emits, a
 * small hand-written dump pair that fires it and a close one that must
 * not. Dumps are written with single quotes for readability.
 */
#include "unit.h"

#include "compare/compare.h"
#include "dump/dump.h"
#include "core/finding.h"
#include "core/rules.h"
#include "core/util.h"

/* "{'a': 1}" -> "{\"a\": 1}" */
static char *dq(const char *s)
{
	char *r = strdup(s), *p;

	assert_non_null(r);
	for (p = r; *p; p++)
		if (*p == '\'')
			*p = '"';
	return r;
}

static void load(const char *json, struct vg_dump *d)
{
	char *text = dq(json);

	assert_int_equal(vg_dump_load_buffer("test.json", text, strlen(text), d), 0);
	free(text);
}


static void compare(const char *a, const char *b, struct vg_findings *out)
{
	struct vg_dump x, y;
	struct vg_rules rules = VG_RULES_INIT;

	load(a, &x);
	load(b, &y);
	assert_int_equal(vg_compare_dumps(&x, &y, &rules, out), 0);
	vg_dump_release(&x);
	vg_dump_release(&y);
}

static size_t count_rule(const struct vg_findings *l, enum vg_rule r)
{
	size_t i, n = 0;

	for (i = 0; i < l->nr; i++)
		n += l->items[i].rule == r;
	return n;
}

static const struct vg_finding *find_rule(const struct vg_findings *l, enum vg_rule r)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (l->items[i].rule == r)
			return &l->items[i];
	return NULL;
}

/* Fires: a and b give exactly n findings of rule r. Near: c gives none. */
static void check(enum vg_rule r, size_t n, const char *a, const char *b, const char *c)
{
	struct vg_findings l = VG_FINDINGS_INIT;

	compare(a, b, &l);
	if (count_rule(&l, r) != n) {
		size_t i;

		for (i = 0; i < l.nr; i++)
			print_message("  got %s: %s\n", vg_rule_info(l.items[i].rule)->id,
				      l.items[i].message);
	}
	assert_int_equal(count_rule(&l, r), n);
	vg_findings_release(&l);
	if (c) {
		struct vg_findings m = VG_FINDINGS_INIT;

		compare(a, c, &m);
		assert_int_equal(count_rule(&m, r), 0);
		vg_findings_release(&m);
	}
}

/* A one-section dump: section "dev", description NAME vV/minM. */
#define SEC(name, v, m, fields, subs) \
	"{'vmschkmachine': {'Name': 'pc-9.0'}, 'dev': {'Name': 'dev', 'version_id': " #v \
	", 'minimum_version_id': " #m ", 'Description': {'name': '" name "', " \
	"'version_id': " #v ", 'minimum_version_id': " #m ", 'Fields': [" fields "]" subs "}}}"
#define F(name, v, test, size) \
	"{'field': '" name "', 'version_id': " #v ", 'field_exists': " #test ", 'size': " #size "}"
#define FN(name, size, num) \
	"{'field': '" name "', 'version_id': 0, 'field_exists': false, 'size': " #size \
	", 'num': " #num "}"
#define S(name, test, dname, fields) \
	"{'field': '" name "', 'version_id': 0, 'field_exists': " #test ", 'size': 100, " \
	"'Description': {'name': '" dname "', 'version_id': 1, 'minimum_version_id': 1, " \
	"'Fields': [" fields "]}}"
#define SUBS(...) ", 'Subsections': [" __VA_ARGS__ "]"
#define SUB(name, v, fields) \
	"{'name': '" name "', 'version_id': " #v ", 'minimum_version_id': " #v \
	", 'Fields': [" fields "]}"

#define ABC F("a", 0, false, 4) "," F("b", 0, false, 4) "," F("c", 0, false, 2)
#define BASE SEC("dev", 1, 1, ABC, "")

static void test_identical(void **state)
{
	struct vg_findings l = VG_FINDINGS_INIT;

	compare(BASE, BASE, &l);
	assert_int_equal(l.nr, 0);
	assert_int_equal(l.sections_compared, 1);
	vg_findings_release(&l);
}

static void test_section_removed_added(void **state)
{
	const char *two = "{'dev': {'Name': 'dev', 'version_id': 1, 'minimum_version_id': 1, "
			  "'Description': {'name': 'dev', 'version_id': 1, 'minimum_version_id': 1}},"
			  "'old': {'Name': 'old', 'version_id': 1, 'minimum_version_id': 1, "
			  "'Description': {'name': 'old', 'version_id': 1, 'minimum_version_id': 1}}}";
	const char *one = "{'dev': {'Name': 'dev', 'version_id': 1, 'minimum_version_id': 1, "
			  "'Description': {'name': 'dev', 'version_id': 1, 'minimum_version_id': 1}}}";

	check(VG_RULE_SECTION_REMOVED, 1, two, one, two);
	check(VG_RULE_SECTION_ADDED, 1, one, two, one);
}

static void test_section_renamed(void **state)
{
	/* Description.name is the idstr: an error; the dump key is not. */
	check(VG_RULE_SECTION_RENAMED, 1, BASE, SEC("dev2", 1, 1, ABC, ""), BASE);
}

static void test_type_renamed(void **state)
{
	const char *old = "{'e1000-82540em': {'Name': 'e1000-82540em', 'version_id': 2, "
			  "'minimum_version_id': 1, 'Description': {'name': 'e1000', "
			  "'version_id': 2, 'minimum_version_id': 1, 'Fields': [" ABC "]}}}";
	const char *moved = "{'intel-e1000': {'Name': 'intel-e1000', 'version_id': 2, "
			    "'minimum_version_id': 1, 'Description': {'name': 'e1000', "
			    "'version_id': 2, 'minimum_version_id': 1, 'Fields': [" ABC "]}}}";
	const char *other = "{'intel-e1000': {'Name': 'intel-e1000', 'version_id': 2, "
			    "'minimum_version_id': 1, 'Description': {'name': 'e1000', "
			    "'version_id': 2, 'minimum_version_id': 1, 'Fields': ["
			    F("a", 0, false, 8) "]}}}";
	struct vg_findings l = VG_FINDINGS_INIT;

	check(VG_RULE_TYPE_RENAMED, 1, old, moved, other);
	compare(old, moved, &l);
	assert_int_equal(vg_findings_count(&l, VG_SEV_ERROR), 0);
	vg_findings_release(&l);
	/* A different layout under the new key: the old section is gone. */
	check(VG_RULE_SECTION_REMOVED, 1, old, other, moved);
}

static void test_machine_changed(void **state)
{
	const char *q35 = SEC("dev", 1, 1, ABC, "");
	char *i440 = strdup(q35);

	memcpy(strstr(i440, "pc-9.0"), "pc-9.1", 6);
	check(VG_RULE_MACHINE_CHANGED, 1, q35, i440, q35);
	free(i440);
}

static void test_versions(void **state)
{
	const char *v2 = SEC("dev", 2, 1, ABC, "");
	const char *v3 = SEC("dev", 3, 1, ABC, "");
	const char *v3m3 = SEC("dev", 3, 3, ABC, "");
	const char *v3m2 = SEC("dev", 3, 2, ABC, "");

	check(VG_RULE_VERSION_LOWERED, 1, v3, v2, v3);
	check(VG_RULE_VERSION_BUMPED, 1, v2, v3, v2);
	/* min 3 refuses a version 2 source; min 2 still loads it. */
	check(VG_RULE_MINIMUM_VERSION_RAISED, 1, v2, v3m3, v3m2);
}

static void test_field_removed(void **state)
{
	const char *ac = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("c", 0, false, 2), "");

	check(VG_RULE_FIELD_REMOVED, 1, BASE, ac, BASE);
	/* Reported once; the fields after it still match. */
	check(VG_RULE_FIELD_SIZE_CHANGED, 0, BASE, ac, NULL);
}

static void test_field_added(void **state)
{
	const char *abcd = SEC("dev", 1, 1, ABC "," F("d", 0, false, 1), "");
	/* Gated above the source's version 1 (and the section bumped to 2). */
	const char *abcd2 = SEC("dev", 2, 1, ABC "," F("d", 2, false, 1), "");
	/* Behind a field_exists test: a warning, not this error. */
	const char *abcdt = SEC("dev", 1, 1, ABC "," F("d", 0, true, 1), "");

	check(VG_RULE_FIELD_ADDED, 1, BASE, abcd, abcd2);
	check(VG_RULE_FIELD_ADDED, 0, BASE, abcdt, NULL);
	check(VG_RULE_FIELD_ADDED_VERSIONED, 1, BASE, abcd2, abcd);
}

static void test_field_added_in_nested_struct(void **state)
{
	/* A nested version bump does not travel: the new _V field is a break. */
	const char *old = SEC("dev", 1, 1, S("s", false, "inner", F("x", 0, false, 4)), "");
	const char *new = SEC("dev", 1, 1,
			      "{'field': 's', 'version_id': 0, 'field_exists': false, 'size': 100,"
			      "'Description': {'name': 'inner', 'version_id': 2, "
			      "'minimum_version_id': 1, 'Fields': [" F("x", 0, false, 4) ","
			      F("y", 2, false, 4) "]}}", "");
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	check(VG_RULE_FIELD_ADDED, 1, old, new, old);
	compare(old, new, &l);
	f = find_rule(&l, VG_RULE_FIELD_ADDED);
	assert_non_null(f);
	assert_string_equal(f->section, "dev");
	assert_string_equal(f->desc, "inner");
	assert_string_equal(f->item, "y");
	vg_findings_release(&l);
}

static void test_field_inserted(void **state)
{
	const char *axbc = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("x", 0, false, 8) ","
			       F("b", 0, false, 4) "," F("c", 0, false, 2), "");

	check(VG_RULE_FIELD_INSERTED, 1, BASE, axbc, BASE);
	/* b and c realign after the insertion: nothing else is reported. */
	check(VG_RULE_FIELD_SIZE_CHANGED, 0, BASE, axbc, NULL);
	check(VG_RULE_FIELD_RENAMED, 0, BASE, axbc, NULL);
}

static void test_field_size_changed(void **state)
{
	const char *wide = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("b", 0, false, 8) ","
			       F("c", 0, false, 2), "");
	const char *renamed = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("bb", 0, false, 4) ","
				  F("c", 0, false, 2), "");
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	check(VG_RULE_FIELD_SIZE_CHANGED, 1, BASE, wide, renamed);
	compare(BASE, wide, &l);
	f = find_rule(&l, VG_RULE_FIELD_SIZE_CHANGED);
	assert_string_equal(f->old_value, "4 bytes");
	assert_string_equal(f->new_value, "8 bytes");
	assert_int_equal(l.nr, 1);
	vg_findings_release(&l);
}

static void test_array_count(void **state)
{
	/* num is the element count: 4x4 -> 4x8 changes the bytes sent. */
	const char *a4 = SEC("dev", 1, 1, FN("r", 4, 4), "");
	const char *a8 = SEC("dev", 1, 1, FN("r", 4, 8), "");
	/* A 7.2 dump has no num: only element sizes can be compared. */
	const char *a72 = SEC("dev", 1, 1, F("r", 0, false, 4), "");

	check(VG_RULE_FIELD_SIZE_CHANGED, 1, a4, a8, a4);
	check(VG_RULE_FIELD_SIZE_CHANGED, 0, a72, a8, NULL);
}

static void test_field_encoding_changed(void **state)
{
	const char *u32x2 = SEC("dev", 1, 1, FN("r", 4, 2), "");
	const char *u64 = SEC("dev", 1, 1, FN("r", 8, 1), "");

	check(VG_RULE_FIELD_ENCODING_CHANGED, 1, u32x2, u64, u32x2);
	check(VG_RULE_FIELD_SIZE_CHANGED, 0, u32x2, u64, NULL);
}

static void test_field_conditional(void **state)
{
	const char *tested = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("b", 0, true, 4) ","
				 F("c", 0, false, 2), "");
	const char *gone = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("c", 0, false, 2), "");
	const char *gone_t = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("c", 0, false, 2), "");

	/* One side unconditional, the other tested. */
	check(VG_RULE_FIELD_CONDITIONAL, 1, BASE, tested, BASE);
	/* A tested field present on one side only. */
	check(VG_RULE_FIELD_CONDITIONAL, 1, tested, gone, tested);
	check(VG_RULE_FIELD_REMOVED, 0, tested, gone_t, NULL);
}

static void test_field_renamed(void **state)
{
	const char *ren = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("b2", 0, false, 4) ","
			      F("c", 0, false, 2), "");
	struct vg_findings l = VG_FINDINGS_INIT;

	check(VG_RULE_FIELD_RENAMED, 1, BASE, ren, BASE);
	compare(BASE, ren, &l);
	assert_int_equal(vg_findings_count(&l, VG_SEV_ERROR), 0);
	assert_string_equal(find_rule(&l, VG_RULE_FIELD_RENAMED)->old_value, "b");
	vg_findings_release(&l);
}

static void test_field_moved(void **state)
{
	/* b and c moved into a struct: the same bytes in the same place. */
	const char *moved = SEC("dev", 1, 1, F("a", 0, false, 4) ","
				S("regs", false, "regs", F("b", 0, false, 4) "," F("c", 0, false, 2)),
				"");
	struct vg_findings l = VG_FINDINGS_INIT;

	check(VG_RULE_FIELD_MOVED, 1, BASE, moved, BASE);
	check(VG_RULE_FIELD_MOVED, 1, moved, BASE, moved);
	compare(BASE, moved, &l);
	assert_int_equal(vg_findings_count(&l, VG_SEV_ERROR), 0);
	vg_findings_release(&l);
}

static void test_unused_padding(void **state)
{
	const char *pad = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("unused", 0, false, 4) ","
			      F("c", 0, false, 2), "");
	const char *pad8 = SEC("dev", 1, 1, F("unused", 0, false, 8) "," F("c", 0, false, 2), "");
	const char *short_pad = SEC("dev", 1, 1, F("a", 0, false, 4) ","
				    F("unused", 0, false, 3) "," F("c", 0, false, 2), "");
	struct vg_findings l = VG_FINDINGS_INIT;

	check(VG_RULE_UNUSED_PADDING, 1, BASE, pad, BASE);
	/* a and b (8 bytes) against one unused(8). */
	check(VG_RULE_UNUSED_PADDING, 1, BASE, pad8, NULL);
	compare(BASE, pad8, &l);
	assert_int_equal(vg_findings_count(&l, VG_SEV_ERROR), 0);
	vg_findings_release(&l);
	/* Padding of the wrong size is a break. */
	check(VG_RULE_UNUSED_PADDING, 0, BASE, short_pad, NULL);
	check(VG_RULE_FIELD_SIZE_CHANGED, 1, BASE, short_pad, NULL);
}

static void test_field_relayout(void **state)
{
	/*
	 * QEMU d3c86c99f36a: a 100-byte buffer cut to 32 bytes followed by
	 * new fields and padding over the same 100 bytes. Same bytes,
	 * another layout: one warning for the run, no errors.
	 */
	const char *gs8 = SEC("gs", 1, 1, FN("size", 4, 1) "," FN("runstate", 100, 1) ","
			      FN("state", 4, 1), "");
	const char *gs9 = SEC("gs", 1, 1, FN("size", 4, 1) "," FN("runstate", 32, 1) ","
			      FN("has_susp", 1, 1) "," FN("susp", 1, 1) "," FN("unused", 66, 1) ","
			      FN("state", 4, 1), "");
	/* Two u32 regrouped as one u64 under another name (QEMU cbf62eef84ab-like). */
	const char *two = SEC("dev", 1, 1, FN("lo", 4, 1) "," FN("hi", 4, 1) "," FN("c", 2, 1), "");
	const char *one = SEC("dev", 1, 1, FN("val", 8, 1) "," FN("c", 2, 1), "");
	/* Not a relayout: a u32 narrowed to u16 and a u16 inserted after it. */
	const char *u32 = SEC("dev", 1, 1, FN("a", 4, 1) "," FN("c", 2, 1), "");
	const char *u16 = SEC("dev", 1, 1, FN("a", 2, 1) "," FN("b", 2, 1) "," FN("c", 2, 1), "");
	/* Not a relayout: fields reordered over the same bytes. */
	const char *abc = SEC("dev", 1, 1, FN("a", 2, 1) "," FN("b", 2, 1) "," FN("c", 4, 1), "");
	const char *cab = SEC("dev", 1, 1, FN("c", 4, 1) "," FN("a", 2, 1) "," FN("b", 2, 1), "");
	/* An array that gave up its tail elements to new fields: its prefix stays. */
	const char *r4 = SEC("dev", 1, 1, FN("r", 4, 4), "");
	const char *r2 = SEC("dev", 1, 1, FN("r", 4, 2) "," FN("x", 4, 1) "," FN("y", 4, 1), "");
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	check(VG_RULE_FIELD_RELAYOUT, 1, gs8, gs9, gs8);
	check(VG_RULE_FIELD_RELAYOUT, 1, gs9, gs8, gs9);
	compare(gs8, gs9, &l);
	assert_int_equal(l.nr, 1);
	f = find_rule(&l, VG_RULE_FIELD_RELAYOUT);
	assert_int_equal(f->severity, VG_SEV_WARNING);
	assert_string_equal(f->old_value, "runstate");
	assert_string_equal(f->new_value, "runstate,has_susp,susp,unused");
	assert_non_null(strstr(f->message, "100 bytes"));
	vg_findings_release(&l);
	memset(&l, 0, sizeof(l));

	/* No field common to both runs: the bytes adding up proves nothing. */
	check(VG_RULE_FIELD_RELAYOUT, 0, two, one, NULL);
	check(VG_RULE_FIELD_SIZE_CHANGED, 1, two, one, two);
	check(VG_RULE_FIELD_RELAYOUT, 1, r4, r2, r4);
	compare(r4, r2, &l);
	assert_int_equal(vg_findings_count(&l, VG_SEV_ERROR), 0);
	vg_findings_release(&l);
	memset(&l, 0, sizeof(l));

	/* Decided: a number changing width reads the old value's high bytes. */
	check(VG_RULE_FIELD_RELAYOUT, 0, u32, u16, NULL);
	check(VG_RULE_FIELD_SIZE_CHANGED, 1, u32, u16, u32);
	check(VG_RULE_FIELD_INSERTED, 1, u32, u16, u32);
	check(VG_RULE_FIELD_RELAYOUT, 0, abc, cab, NULL);
	compare(abc, cab, &l);
	assert_true(vg_findings_count(&l, VG_SEV_ERROR) > 0);
	vg_findings_release(&l);
	memset(&l, 0, sizeof(l));

	/* Genuine breaks stay errors: removed, appended, a size change that never realigns. */
	check(VG_RULE_FIELD_RELAYOUT, 0, gs8, SEC("gs", 1, 1, FN("size", 4, 1) ","
					       FN("runstate", 100, 1), ""), NULL);
	check(VG_RULE_FIELD_REMOVED, 1, gs8, SEC("gs", 1, 1, FN("size", 4, 1) ","
					      FN("runstate", 100, 1), ""), gs8);
	check(VG_RULE_FIELD_ADDED, 1, gs8, SEC("gs", 1, 1, FN("size", 4, 1) ","
					    FN("runstate", 100, 1) "," FN("state", 4, 1) ","
					    FN("more", 4, 1), ""), gs8);
	check(VG_RULE_FIELD_SIZE_CHANGED, 1, gs8, SEC("gs", 1, 1, FN("size", 4, 1) ","
						   FN("runstate", 96, 1) "," FN("state", 4, 1),
						   ""), gs8);
	check(VG_RULE_FIELD_RELAYOUT, 0, gs8, SEC("gs", 1, 1, FN("size", 4, 1) ","
					       FN("runstate", 32, 1) "," FN("x", 1, 1) ","
					       FN("state", 4, 1), ""), NULL);
	/* Padding alone still is padding (info), not a relayout. */
	check(VG_RULE_FIELD_RELAYOUT, 0, BASE, SEC("dev", 1, 1, F("unused", 0, false, 8) ","
						   F("c", 0, false, 2), ""), NULL);
}

/* A field of the model built by hand (dumps have no symbolic sizes). */
static void add_field(struct vg_desc *d, const char *name, unsigned long long size,
		      const char *expr)
{
	struct vg_field *f = vg_desc_add_field(d);

	assert_non_null(f);
	f->name = strdup(name);
	f->num = -1;
	f->size = size;
	f->size_kind = expr ? VG_SIZE_UNKNOWN : VG_SIZE_FIXED;
	f->size_expr = expr ? strdup(expr) : NULL;
	f->is_unused = !strcmp(name, "unused");
}

/* Compare "a|4,b|?2*sizeof(uint64_t),c|2"-style field lists as sections. */
static void compare_fields(const char *src, const char *dst, struct vg_findings *out)
{
	struct vg_desc d[2];
	const char *spec[2] = { src, dst };
	struct vg_compare_ctx ctx;
	int k;

	memset(d, 0, sizeof(d));
	memset(&ctx, 0, sizeof(ctx));
	ctx.section = "dev";
	ctx.src_counts_known = ctx.dst_counts_known = 1;
	for (k = 0; k < 2; k++) {
		char *copy = strdup(spec[k]), *save = NULL, *tok;

		assert_non_null(copy);
		d[k].name = strdup("dev");
		d[k].version_id = d[k].minimum_version_id = 1;
		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *bar = strchr(tok, '|');

			assert_non_null(bar);
			*bar++ = 0;
			if (*bar == '?')
				add_field(&d[k], tok, 0, bar + 1);
			else
				add_field(&d[k], tok, strtoull(bar, NULL, 10), NULL);
		}
		free(copy);
	}
	assert_int_equal(vg_compare_section_desc(&ctx, &d[0], &d[1], out), 0);
	vg_desc_release(&d[0]);
	vg_desc_release(&d[1]);
}

static void test_field_size_unknown(void **state)
{
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	/* 16 bytes against a size the scanner could not evaluate: a warning, no cascade. */
	compare_fields("a|4,saar|16,b|4,c|2", "a|4,unused|?2*sizeof(uint64_t),b|4,c|2", &l);
	assert_int_equal(l.nr, 1);
	f = &l.items[0];
	assert_int_equal(f->rule, VG_RULE_FIELD_SIZE_UNKNOWN);
	assert_int_equal(f->severity, VG_SEV_WARNING);
	assert_non_null(strstr(f->message, "'2*sizeof(uint64_t)'"));
	assert_non_null(strstr(f->message, "16 bytes"));
	vg_findings_release(&l);
	memset(&l, 0, sizeof(l));

	/* Two symbols that differ; the same symbol on both sides is equal. */
	compare_fields("a|4,fsr|?target_ulong,c|2", "a|4,fsr|?info:vmstate_fsr,c|2", &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].rule, VG_RULE_FIELD_SIZE_UNKNOWN);
	vg_findings_release(&l);
	memset(&l, 0, sizeof(l));
	compare_fields("a|4,r|?NR_REGS*4,c|2", "a|4,r|?NR_REGS*4,c|2", &l);
	assert_int_equal(l.nr, 0);
	vg_findings_release(&l);
	memset(&l, 0, sizeof(l));
	compare_fields("a|4,unused|?4*sizeof(long),c|2", "a|4,unused|16,c|2", &l);
	assert_int_equal(count_rule(&l, VG_RULE_FIELD_SIZE_UNKNOWN), 1);
	assert_int_equal(count_rule(&l, VG_RULE_UNUSED_PADDING), 0);
	vg_findings_release(&l);
	memset(&l, 0, sizeof(l));

	/* Real breaks around an undecidable field stay errors. */
	compare_fields("a|4,r|128,c|2,d|4", "a|4,r|?4*(MMIO_SIZE/4),d|4", &l);
	assert_int_equal(count_rule(&l, VG_RULE_FIELD_SIZE_UNKNOWN), 1);
	assert_int_equal(count_rule(&l, VG_RULE_FIELD_REMOVED), 1);
	assert_int_equal(vg_findings_count(&l, VG_SEV_ERROR), 1);
	vg_findings_release(&l);
	memset(&l, 0, sizeof(l));
	compare_fields("a|4,r|128,c|2", "a|4,r|?4*(MMIO_SIZE/4),x|4,c|2", &l);
	assert_int_equal(count_rule(&l, VG_RULE_FIELD_SIZE_UNKNOWN), 1);
	assert_int_equal(count_rule(&l, VG_RULE_FIELD_INSERTED), 1);
	vg_findings_release(&l);
	memset(&l, 0, sizeof(l));
	/* Known numbers that differ are still proof. */
	compare_fields("a|4,r|128,c|2", "a|4,r|64,c|2", &l);
	assert_int_equal(count_rule(&l, VG_RULE_FIELD_SIZE_CHANGED), 1);
	assert_int_equal(count_rule(&l, VG_RULE_FIELD_SIZE_UNKNOWN), 0);
	vg_findings_release(&l);
}

static void test_repeated_names(void **state)
{
	/* Two fields named "unused" in one description: two findings. */
	const char *a = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("x", 0, false, 4) ","
			    F("b", 0, false, 2), "");
	const char *b = SEC("dev", 1, 1, F("unused", 0, false, 4) "," F("x", 0, false, 4) ","
			    F("unused", 0, false, 2), "");
	struct vg_findings l = VG_FINDINGS_INIT;

	compare(a, b, &l);
	vg_findings_dedup(&l);
	vg_findings_sort(&l);
	assert_int_equal(count_rule(&l, VG_RULE_UNUSED_PADDING), 2);
	assert_string_equal(l.items[0].item, "unused[0]");
	assert_string_equal(l.items[1].item, "unused[1]");
	vg_findings_release(&l);
}

static void test_description_missing(void **state)
{
	const char *st = SEC("dev", 1, 1, F("a", 0, false, 4) ","
			     S("regs", false, "regs", F("x", 0, false, 4) "," F("y", 0, false, 4)),
			     "");
	const char *plain = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("regs", 0, false, 16), "");

	check(VG_RULE_DESCRIPTION_MISSING, 1, st, plain, st);
	check(VG_RULE_DESCRIPTION_MISSING, 1, plain, st, plain);
}

static void test_description_renamed(void **state)
{
	const char *a = SEC("dev", 1, 1, S("s", false, "inner", F("x", 0, false, 4)), "");
	const char *b = SEC("dev", 1, 1, S("s", false, "inner2", F("x", 0, false, 4)), "");

	check(VG_RULE_DESCRIPTION_RENAMED, 1, a, b, a);
}

static void test_subsections(void **state)
{
	const char *with = SEC("dev", 1, 1, ABC, SUBS(SUB("dev/extra", 1, F("e", 0, false, 4))));
	const char *with2 = SEC("dev", 1, 1, ABC, SUBS(SUB("dev/extra", 2, F("e", 0, false, 4))));
	const char *wider = SEC("dev", 1, 1, ABC, SUBS(SUB("dev/extra", 1, F("e", 0, false, 8))));
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	check(VG_RULE_SUBSECTION_REMOVED, 1, with, BASE, with);
	check(VG_RULE_SUBSECTION_ADDED, 1, BASE, with, BASE);
	/* Matched subsections: versions and fields like a section. */
	check(VG_RULE_VERSION_LOWERED, 1, with2, with, with2);
	check(VG_RULE_FIELD_SIZE_CHANGED, 1, with, wider, with);
	compare(with, BASE, &l);
	f = find_rule(&l, VG_RULE_SUBSECTION_REMOVED);
	assert_string_equal(f->desc, "dev");
	assert_string_equal(f->item, "extra");
	vg_findings_release(&l);
}

static void test_subsection_renamed(void **state)
{
	const char *a = SEC("dev", 1, 1, ABC, SUBS(SUB("dev/extra", 1, F("e", 0, false, 4))));
	const char *b = SEC("dev", 1, 1, ABC, SUBS(SUB("dev/more", 1, F("e", 0, false, 4))));
	const char *c = SEC("dev", 1, 1, ABC, SUBS(SUB("dev/more", 1, F("e", 0, false, 2))));
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	/* One error for the rename, not removed + added. */
	check(VG_RULE_SUBSECTION_RENAMED, 1, a, b, a);
	check(VG_RULE_SUBSECTION_REMOVED, 0, a, b, NULL);
	check(VG_RULE_SUBSECTION_ADDED, 0, a, b, NULL);
	/* A different layout: removed and added. */
	check(VG_RULE_SUBSECTION_RENAMED, 0, a, c, NULL);
	check(VG_RULE_SUBSECTION_REMOVED, 1, a, c, NULL);
	compare(a, b, &l);
	f = find_rule(&l, VG_RULE_SUBSECTION_RENAMED);
	assert_string_equal(f->old_value, "dev/extra");
	assert_string_equal(f->new_value, "dev/more");
	assert_int_equal(f->severity, VG_SEV_ERROR);
	vg_findings_release(&l);
}

static void test_field_never_migrated(void **state)
{
	/* b gated by 2 in a description of version 1: never saved, never read. */
	const char *never = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("b", 2, false, 4), "");
	const char *gated = SEC("dev", 2, 1, F("a", 0, false, 4) "," F("b", 2, false, 4), "");
	const char *nested = SEC("dev", 1, 1, S("s", false, "inner", F("x", 0, false, 4) ","
						 F("y", 2, false, 4)), "");
	const char *flat = SEC("dev", 1, 1, F("a", 0, false, 4), "");
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	check(VG_RULE_FIELD_NEVER_MIGRATED, 1, flat, never, flat);
	/* The description at version 2 sends it: not this rule. */
	check(VG_RULE_FIELD_NEVER_MIGRATED, 0, flat, gated, NULL);
	/* Inside a nested struct, its own version (1) decides. */
	check(VG_RULE_FIELD_NEVER_MIGRATED, 1, flat, nested, flat);
	compare(flat, nested, &l);
	f = find_rule(&l, VG_RULE_FIELD_NEVER_MIGRATED);
	assert_string_equal(f->desc, "inner");
	assert_string_equal(f->item, "y");
	assert_string_equal(f->new_value, "2");
	vg_findings_release(&l);
}

static void test_subsection_unloadable(void **state)
{
	/*
	 * "nvic/..." under "armv7m_nvic": vmstate_subsection_load stops at it.
	 * A plain prefix, as QEMU's strncmp: "devx/..." under "dev" passes.
	 */
	const char *bad = SEC("dev", 1, 1, ABC, SUBS(SUB("xdev/extra", 1, F("e", 0, false, 4))));
	const char *fixed = SEC("dev", 1, 1, ABC, SUBS(SUB("dev/extra", 1, F("e", 0, false, 4))));
	const char *good = SEC("dev", 1, 1, ABC, SUBS(SUB("dev/more", 1, F("e", 0, false, 4))));
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	/* Renamed or removed, it breaks nothing that worked; a loadable one does. */
	check(VG_RULE_SUBSECTION_UNLOADABLE, 1, bad, fixed, bad);
	check(VG_RULE_SUBSECTION_UNLOADABLE, 1, bad, BASE, bad);
	check(VG_RULE_SUBSECTION_RENAMED, 0, bad, fixed, NULL);
	check(VG_RULE_SUBSECTION_REMOVED, 0, bad, BASE, NULL);
	check(VG_RULE_SUBSECTION_RENAMED, 1, fixed, good, NULL);
	check(VG_RULE_SUBSECTION_UNLOADABLE, 0, fixed, good, NULL);
	check(VG_RULE_SUBSECTION_RENAMED, 1,
	      SEC("dev", 1, 1, ABC, SUBS(SUB("devx/extra", 1, F("e", 0, false, 4)))), fixed, NULL);
	compare(bad, fixed, &l);
	f = find_rule(&l, VG_RULE_SUBSECTION_UNLOADABLE);
	assert_string_equal(f->old_value, "xdev/extra");
	assert_string_equal(f->new_value, "dev/extra");
	assert_int_equal(f->severity, VG_SEV_INFO);
	assert_int_equal(vg_findings_count(&l, VG_SEV_ERROR), 0);
	vg_findings_release(&l);
}

static void test_duplicate_subsection_names(void **state)
{
	/*
	 * Two subsections with one .name (QEMU shipped this: sd-card's
	 * ext_csd_modes-state, ppc's cpu/tlb6xx): the k-th of a name pairs
	 * with the k-th, not every one with the first.
	 */
#define TWO(e2) SUBS(SUB("dev/s", 1, F("x", 0, false, 4)) "," \
		     SUB("dev/s", 1, F("y", 0, false, 8) "," F("z", 0, false, e2)))
	const char *a = SEC("dev", 1, 1, ABC, TWO(2));
	const char *b = SEC("dev", 1, 1, ABC, TWO(4));
	const char *one = SEC("dev", 1, 1, ABC, SUBS(SUB("dev/s", 1, F("x", 0, false, 4))));
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;
#undef TWO

	/* The clash itself is an error, even against the same build. */
	compare(a, a, &l);
	assert_int_equal(l.nr, 1);
	f = find_rule(&l, VG_RULE_SUBSECTION_DUPLICATE);
	assert_non_null(f);
	assert_string_equal(f->new_value, "dev/s");
	assert_int_equal(f->severity, VG_SEV_ERROR);
	vg_findings_release(&l);
	memset(&l, 0, sizeof(l));
	/* A change in the second one is found there, once. */
	compare(a, b, &l);
	assert_int_equal(l.nr, 2);
	assert_int_equal(count_rule(&l, VG_RULE_SUBSECTION_DUPLICATE), 1);
	f = find_rule(&l, VG_RULE_FIELD_SIZE_CHANGED);
	assert_non_null(f);
	assert_string_equal(f->item, "z");
	vg_findings_release(&l);
	/* The second one dropped: removed, and the first still matches. */
	check(VG_RULE_SUBSECTION_REMOVED, 1, a, one, a);
	check(VG_RULE_FIELD_SIZE_CHANGED, 0, a, one, NULL);
	check(VG_RULE_SUBSECTION_ADDED, 1, one, a, one);
}

/*
 * A number narrowed behind padding of the bytes it lost, the padding
 * first (big-endian: the high-order bytes), is field-narrowed; the padding
 * after it reads the high-order bytes into the number: an error.
 */
static void test_narrowed_behind_padding(void **state)
{
	const char *wide = SEC("dev", 1, 1, F("x", 0, false, 8) "," F("y", 0, false, 4), "");
	const char *narrow = SEC("dev", 1, 1, F("unused", 0, false, 4) "," F("x", 0, false, 4) ","
				 F("y", 0, false, 4), "");
	const char *narrow16 = SEC("dev", 1, 1, F("unused", 0, false, 2) "," F("unused", 0, false, 4)
				   "," F("x", 0, false, 2) "," F("y", 0, false, 4), "");
	const char *after = SEC("dev", 1, 1, F("x", 0, false, 4) "," F("unused", 0, false, 4) ","
				F("y", 0, false, 4), "");
	const char *renamed = SEC("dev", 1, 1, F("unused", 0, false, 4) "," F("z", 0, false, 4) ","
				  F("y", 0, false, 4), "");
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	(void)state;
	compare(wide, narrow, &l);
	assert_int_equal(l.nr, 1);
	f = find_rule(&l, VG_RULE_FIELD_NARROWED);
	assert_non_null(f);
	assert_int_equal(f->severity, VG_SEV_WARNING);
	assert_string_equal(f->item, "x");
	vg_findings_release(&l);
	check(VG_RULE_FIELD_NARROWED, 1, wide, narrow16, NULL);
	check(VG_RULE_FIELD_SIZE_CHANGED, 0, wide, narrow16, NULL);
	/* Widened back over the padding: exact, info. */
	check(VG_RULE_UNUSED_PADDING, 1, narrow, wide, NULL);
	check(VG_RULE_FIELD_SIZE_CHANGED, 0, narrow, wide, NULL);
	/* Close variants: padding after the number, or another field. */
	check(VG_RULE_FIELD_NARROWED, 0, wide, after, NULL);
	check(VG_RULE_FIELD_SIZE_CHANGED, 1, wide, after, NULL);
	check(VG_RULE_FIELD_NARROWED, 0, wide, renamed, NULL);
}

static void test_duplicate_subsection_nested(void **state)
{
	/* A clash inside a nested description's list, on the source side only. */
	const char *a = SEC("dev", 1, 1,
			    "{'field': 's', 'version_id': 0, 'field_exists': false, 'size': 100,"
			    "'Description': {'name': 'inner', 'version_id': 1, "
			    "'minimum_version_id': 1, 'Fields': [" F("x", 0, false, 4) "]"
			    SUBS(SUB("inner/t", 1, F("p", 0, false, 1)) ","
				 SUB("inner/t", 1, F("q", 0, false, 2))) "}}", "");
	const char *b = SEC("dev", 1, 1,
			    "{'field': 's', 'version_id': 0, 'field_exists': false, 'size': 100,"
			    "'Description': {'name': 'inner', 'version_id': 1, "
			    "'minimum_version_id': 1, 'Fields': [" F("x", 0, false, 4) "]"
			    SUBS(SUB("inner/t", 1, F("p", 0, false, 1)) ","
				 SUB("inner/u", 1, F("q", 0, false, 2))) "}}", "");
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	compare(a, b, &l);
	assert_int_equal(count_rule(&l, VG_RULE_SUBSECTION_DUPLICATE), 1);
	f = find_rule(&l, VG_RULE_SUBSECTION_DUPLICATE);
	assert_string_equal(f->desc, "inner");
	assert_string_equal(f->old_value, "inner/t");
	assert_null(f->new_value);
	vg_findings_release(&l);
	check(VG_RULE_SUBSECTION_DUPLICATE, 0, b, b, NULL);
}

/* A section entry with no Description: versions only, with a warning. */
static void test_section_without_description(void **state)
{
	const char *bare = "{'vmschkmachine': {'Name': 'pc-9.0'}, 'dev': {'Name': 'dev', "
			   "'version_id': 2, 'minimum_version_id': 2}}";
	const char *a = SEC("dev", 1, 1, F("x", 0, false, 4), "");
	struct vg_findings l = VG_FINDINGS_INIT;

	compare(a, bare, &l);
	assert_int_equal(count_rule(&l, VG_RULE_DESCRIPTION_ABSENT), 1);
	assert_int_equal(count_rule(&l, VG_RULE_MINIMUM_VERSION_RAISED), 1);
	assert_int_equal(count_rule(&l, VG_RULE_FIELD_REMOVED), 0);
	assert_int_equal(l.sections_compared, 1);
	vg_findings_release(&l);
	check(VG_RULE_DESCRIPTION_ABSENT, 1, bare, bare, NULL);
	check(VG_RULE_DESCRIPTION_ABSENT, 0, a, a, NULL);
}

static void test_nested_subsection_removed(void **state)
{
	const char *a = SEC("dev", 1, 1,
			    "{'field': 's', 'version_id': 0, 'field_exists': false, 'size': 100,"
			    "'Description': {'name': 'inner', 'version_id': 1, "
			    "'minimum_version_id': 1, 'Fields': [" F("x", 0, false, 4) "]"
			    SUBS(SUB("inner/pdma", 0, F("p", 0, false, 1))) "}}", "");
	const char *b = SEC("dev", 1, 1, S("s", false, "inner", F("x", 0, false, 4)), "");
	struct vg_findings l = VG_FINDINGS_INIT;
	const struct vg_finding *f;

	check(VG_RULE_SUBSECTION_REMOVED, 1, a, b, a);
	compare(a, b, &l);
	f = find_rule(&l, VG_RULE_SUBSECTION_REMOVED);
	assert_string_equal(f->section, "dev");
	assert_string_equal(f->desc, "inner");
	assert_string_equal(f->item, "pdma");
	vg_findings_release(&l);
}

static void test_all_differences_reported(void **state)
{
	/* Two independent changes, far apart: both are found. */
	const char *a = SEC("dev", 1, 1, F("a", 0, false, 4) "," F("b", 0, false, 4) ","
			    F("c", 0, false, 4) "," F("d", 0, false, 4) "," F("e", 0, false, 4) ","
			    F("f", 0, false, 4), "");
	const char *b = SEC("dev", 1, 1, F("a", 0, false, 2) "," F("b", 0, false, 4) ","
			    F("c", 0, false, 4) "," F("d", 0, false, 4) "," F("f", 0, false, 4), "");

	check(VG_RULE_FIELD_SIZE_CHANGED, 1, a, b, a);
	check(VG_RULE_FIELD_REMOVED, 1, a, b, a);
}

static void test_known_breaks(void **state)
{
	struct vg_rules rules = VG_RULES_INIT;
	struct vg_known_break kb = { "section-removed", "old", "v9.2.0..v10.0.0",
				     "moved behind a Kconfig symbol", "QEMU 1b26146e89",
				     "rules/known-breaks:7" };
	const char *two = "{'dev': {'Name': 'dev', 'version_id': 1, 'minimum_version_id': 1, "
			  "'Description': {'name': 'dev', 'version_id': 1, 'minimum_version_id': 1}},"
			  "'old': {'Name': 'old', 'version_id': 1, 'minimum_version_id': 1, "
			  "'Description': {'name': 'old', 'version_id': 1, 'minimum_version_id': 1}}}";
	const char *one = "{'dev': {'Name': 'dev', 'version_id': 1, 'minimum_version_id': 1, "
			  "'Description': {'name': 'dev', 'version_id': 1, 'minimum_version_id': 1}}}";
	struct vg_findings l = VG_FINDINGS_INIT;

	rules.breaks = &kb;
	rules.nr_breaks = 1;
	compare(two, one, &l);
	assert_int_equal(vg_compare_apply_known_breaks(&rules, "v10.0.0..v10.1.0", &l), 0);
	assert_int_equal(vg_findings_count(&l, VG_SEV_ERROR), 1);
	assert_int_equal(vg_compare_apply_known_breaks(&rules, "v9.2.0..v10.0.0", &l), 1);
	assert_int_equal(vg_findings_count(&l, VG_SEV_ERROR), 0);
	assert_string_equal(l.items[0].waived_by, "rules/known-breaks:7");
	assert_non_null(strstr(l.items[0].waiver_reason, "Kconfig"));
	/* A wider comparison spans the break too. */
	assert_int_equal(vg_compare_apply_known_breaks(&rules, "v9.0.0..v10.1.0", &l), 0);
	assert_int_equal(vg_compare_apply_known_breaks(&rules, "nonsense", &l), -1);
	vg_findings_release(&l);
}

static void test_release_number(void **state)
{
	assert_true(vg_release_number("v8.2.0") < vg_release_number("v9.0.0"));
	assert_true(vg_release_number("v9.2.0") < vg_release_number("v10.0.0"));
	assert_int_equal(vg_release_number("7.2"), vg_release_number("v7.2.0"));
	assert_int_equal(vg_release_number("v7.2-debian"), vg_release_number("v7.2.0"));
	assert_int_equal(vg_release_number("vx"), -1);
	assert_int_equal(vg_release_number("v8"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_section_removed_added),
		cmocka_unit_test(test_section_renamed),
		cmocka_unit_test(test_type_renamed),
		cmocka_unit_test(test_machine_changed),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_field_removed),
		cmocka_unit_test(test_field_added),
		cmocka_unit_test(test_field_added_in_nested_struct),
		cmocka_unit_test(test_field_inserted),
		cmocka_unit_test(test_field_size_changed),
		cmocka_unit_test(test_array_count),
		cmocka_unit_test(test_field_encoding_changed),
		cmocka_unit_test(test_field_conditional),
		cmocka_unit_test(test_field_renamed),
		cmocka_unit_test(test_field_moved),
		cmocka_unit_test(test_unused_padding),
		cmocka_unit_test(test_field_relayout),
		cmocka_unit_test(test_field_size_unknown),
		cmocka_unit_test(test_repeated_names),
		cmocka_unit_test(test_description_missing),
		cmocka_unit_test(test_description_renamed),
		cmocka_unit_test(test_subsections),
		cmocka_unit_test(test_subsection_renamed),
		cmocka_unit_test(test_subsection_unloadable),
		cmocka_unit_test(test_field_never_migrated),
		cmocka_unit_test(test_duplicate_subsection_names),
		cmocka_unit_test(test_narrowed_behind_padding),
		cmocka_unit_test(test_duplicate_subsection_nested),
		cmocka_unit_test(test_section_without_description),
		cmocka_unit_test(test_nested_subsection_removed),
		cmocka_unit_test(test_all_differences_reported),
		cmocka_unit_test(test_known_breaks),
		cmocka_unit_test(test_release_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
