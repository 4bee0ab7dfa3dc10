#include "unit.h"
#include "matrix/matrix.h"
#include "core/util.h"

#include <stdio.h>

/* One device "dev": field a, and field b when extra is set (added ungated: a break). */
static char *dump_text(int extra)
{
	return vg_asprintf(
		"{\"dev\": {\"Name\": \"dev\", \"version_id\": 1, \"minimum_version_id\": 1,\n"
		" \"Description\": {\"name\": \"dev\", \"version_id\": 1, \"minimum_version_id\": 1,\n"
		"  \"Fields\": [{\"field\": \"a\", \"version_id\": 0, \"field_exists\": false, \"size\": 4}%s]}}}\n",
		extra ? ", {\"field\": \"b\", \"version_id\": 0, \"field_exists\": false, \"size\": 4}" : "");
}

static void add(struct vg_matrix *m, const char *version, const char *machine, int extra)
{
	char *text = dump_text(extra);
	char *name = vg_asprintf("%s/x86_64/%s.json", version, machine);

	assert_non_null(text);
	assert_non_null(name);
	assert_int_equal(vg_matrix_add_dump(m, version, "x86_64", machine, name, NULL, text,
					    strlen(text)), 0);
	free(name);
}

static size_t column(const struct vg_matrix *m, const char *src, const char *dst)
{
	size_t i;

	for (i = 0; i < m->nr_columns; i++)
		if (!strcmp(m->releases[vg_matrix_src(&m->columns[i])].name, src) &&
		    !strcmp(m->releases[vg_matrix_dst(&m->columns[i])].name, dst))
			return i;
	fail_msg("no column %s -> %s", src, dst);
	return 0;
}

/* Series, release order (numbers, not text), pairs, rows in natural order, states. */
static void test_build(void **state)
{
	struct vg_matrix m = VG_MATRIX_INIT;
	const struct vg_matrix_cell *c;
	size_t counts[4];

	(void)state;
	add(&m, "v10.0.0", "pc-9.2", 1);
	add(&m, "v9.2.0", "pc-9.2", 0);
	add(&m, "v9.10.0", "pc-9.2", 0);
	add(&m, "v9.10.0", "pc-10.0", 0);
	add(&m, "v10.0.0", "pc-10.0", 0);
	add(&m, "v7.2-debian", "pc-9.2", 0);
	assert_int_equal(vg_matrix_build(&m, NULL), 0);

	assert_int_equal(m.nr_releases, 4);
	assert_string_equal(m.releases[0].name, "v9.2.0");
	assert_string_equal(m.releases[1].name, "v9.10.0");
	assert_string_equal(m.releases[2].name, "v10.0.0");
	assert_string_equal(m.releases[3].name, "v7.2-debian");
	assert_string_equal(m.releases[3].series, "debian");
	/* 9.2->9.10, 9.10->10.0, then 9.2->10.0 into the newest; both directions */
	assert_int_equal(m.nr_columns, 6);
	assert_false(m.columns[0].backward);
	assert_true(m.columns[1].backward);
	assert_true(m.columns[4].to_newest);
	assert_int_equal(m.nr_rows, 2);
	assert_string_equal(m.rows[0].label, "x86_64/pc-9.2");
	assert_string_equal(m.rows[1].label, "x86_64/pc-10.0");

	c = vg_matrix_cell(&m, 0, column(&m, "v9.2.0", "v9.10.0"));
	assert_int_equal(c->state, VG_MATRIX_GREEN);
	assert_int_equal(c->sections, 1);
	c = vg_matrix_cell(&m, 0, column(&m, "v9.10.0", "v10.0.0"));
	assert_int_equal(c->state, VG_MATRIX_RED);
	assert_int_equal(c->errors, 1);
	assert_int_equal(c->findings.nr, 1);
	assert_string_equal(vg_rule_info(c->findings.items[0].rule)->id, "field-added");
	assert_string_equal(c->findings.items[0].machine, "pc-9.2");
	c = vg_matrix_cell(&m, 0, column(&m, "v10.0.0", "v9.10.0"));
	assert_int_equal(c->state, VG_MATRIX_RED);
	assert_string_equal(vg_rule_info(c->findings.items[0].rule)->id, "field-removed");
	/* pc-10.0 is not in v9.2.0: missing, never green */
	c = vg_matrix_cell(&m, 1, column(&m, "v9.2.0", "v10.0.0"));
	assert_int_equal(c->state, VG_MATRIX_MISSING);
	assert_null(vg_matrix_dump_at(&m, 1, 0));
	/* v7.2-debian pairs with nothing */
	assert_false(vg_matrix_dump_at(&m, 0, 3)->used);
	assert_true(vg_matrix_dump_at(&m, 0, 0)->used);

	vg_matrix_tally(&m, counts);
	assert_int_equal(counts[VG_MATRIX_RED], 4);
	assert_int_equal(counts[VG_MATRIX_GREEN], 4);
	assert_int_equal(counts[VG_MATRIX_MISSING], 4);
	vg_matrix_release(&m);
}

static void test_input_errors(void **state)
{
	struct vg_matrix m = VG_MATRIX_INIT;
	char *text = dump_text(0);

	(void)state;
	/* not a release */
	assert_int_equal(vg_matrix_add_dump(&m, "latest", "x86_64", "pc", "latest/x86_64/pc.json",
					    NULL, text, strlen(text)), -1);
	assert_true(m.input_error);
	vg_matrix_release(&m);
	/* nothing at all */
	assert_int_equal(vg_matrix_build(&m, NULL), -1);
	assert_true(m.input_error);
	vg_matrix_release(&m);
	/* one release: no pair */
	add(&m, "v9.0.0", "pc", 0);
	assert_int_equal(vg_matrix_build(&m, NULL), -1);
	assert_true(m.input_error);
	vg_matrix_release(&m);
	/* a dump that does not load is named */
	add(&m, "v9.0.0", "pc", 0);
	text = vg_strdup("{\"dev\": [");
	assert_int_equal(vg_matrix_add_dump(&m, "v9.1.0", "x86_64", "pc", "bad.json", NULL, text,
					    strlen(text)), 0);
	assert_int_equal(vg_matrix_build(&m, NULL), -1);
	assert_true(m.input_error);
	vg_matrix_release(&m);
	/* the same machine twice in one release */
	add(&m, "v9.0.0", "pc", 0);
	add(&m, "v9.0.0", "pc", 0);
	add(&m, "v9.1.0", "pc", 0);
	assert_int_equal(vg_matrix_build(&m, NULL), -1);
	assert_true(m.input_error);
	vg_matrix_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_input_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
