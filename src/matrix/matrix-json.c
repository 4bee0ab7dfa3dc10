/*
 * The matrix as JSON; the layout is documented in doc/matrix.md and
 * vmstate-gate(1). Findings have the keys of compare --format json.
 */
#include "matrix/matrix.h"
#include "report/report-cjson.h"
#include "core/util.h"

#include <cJSON.h>
#include <stdlib.h>

static char *column_id(const struct vg_matrix *m, const struct vg_matrix_column *c)
{
	return vg_asprintf("%s..%s/%s", m->releases[c->older].name, m->releases[c->newer].name,
			   c->backward ? "backward" : "forward");
}

static int add_finding(cJSON *arr, const struct vg_finding *f)
{
	cJSON *obj = vg_json_finding(f);

	if (!obj || !cJSON_AddItemToArray(arr, obj)) {
		cJSON_Delete(obj);
		return -1;
	}
	return 0;
}

static int add_cell(const struct vg_matrix *m, cJSON *cells, size_t row, size_t col)
{
	const struct vg_matrix_cell *cell = vg_matrix_cell(m, row, col);
	const struct vg_matrix_column *c = &m->columns[col];
	cJSON *obj = cJSON_CreateObject(), *arr;
	char *id = column_id(m, c);
	size_t i;
	int err = !obj || !id || !cJSON_AddItemToArray(cells, obj);

	if (err)
		cJSON_Delete(obj);
	err = err || vg_json_add_str(obj, "column", id) < 0;
	err = err || vg_json_add_str(obj, "state", vg_matrix_state_name(cell->state)) < 0;
	free(id);
	if (err)
		return -1;
	if (cell->state == VG_MATRIX_MISSING) {
		arr = cJSON_AddArrayToObject(obj, "missing_in");
		for (i = 0; arr && i < 2; i++) {
			size_t rel = i ? c->newer : c->older;

			if (!vg_matrix_dump_at(m, row, rel) &&
			    !cJSON_AddItemToArray(arr, cJSON_CreateString(m->releases[rel].name)))
				return -1;
		}
		return arr ? 0 : -1;
	}
	if (vg_json_add_num(obj, "errors", (double)cell->errors) < 0 ||
	    vg_json_add_num(obj, "warnings", (double)cell->warnings) < 0 ||
	    vg_json_add_num(obj, "infos", (double)cell->infos) < 0 ||
	    vg_json_add_num(obj, "waived", (double)cell->waived) < 0 ||
	    vg_json_add_num(obj, "sections_compared", (double)cell->sections) < 0 ||
	    !(arr = cJSON_AddArrayToObject(obj, "findings")))
		return -1;
	for (i = 0; i < cell->findings.nr; i++)
		if (add_finding(arr, &cell->findings.items[i]) < 0)
			return -1;
	return 0;
}

static int add_releases(const struct vg_matrix *m, cJSON *root)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "releases"), *obj;
	size_t i;

	for (i = 0; arr && i < m->nr_releases; i++) {
		if (!(obj = cJSON_CreateObject()) || !cJSON_AddItemToArray(arr, obj)) {
			cJSON_Delete(obj);
			return -1;
		}
		if (vg_json_add_str(obj, "name", m->releases[i].name) < 0 ||
		    vg_json_add_str(obj, "series", m->releases[i].series) < 0 ||
		    vg_json_add_num(obj, "dumps", (double)m->releases[i].dumps) < 0)
			return -1;
	}
	return arr ? 0 : -1;
}

static int add_columns(const struct vg_matrix *m, cJSON *root)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "columns"), *obj;
	const struct vg_matrix_column *c;
	char *id;
	size_t i;
	int err;

	for (i = 0; arr && i < m->nr_columns; i++) {
		c = &m->columns[i];
		if (!(obj = cJSON_CreateObject()) || !cJSON_AddItemToArray(arr, obj)) {
			cJSON_Delete(obj);
			return -1;
		}
		id = column_id(m, c);
		err = !id || vg_json_add_str(obj, "id", id) < 0 ||
		      vg_json_add_str(obj, "src", m->releases[vg_matrix_src(c)].name) < 0 ||
		      vg_json_add_str(obj, "dst", m->releases[vg_matrix_dst(c)].name) < 0 ||
		      vg_json_add_str(obj, "direction", c->backward ? "backward" : "forward") < 0 ||
		      vg_json_add_str(obj, "pair", c->to_newest ? "to-newest" : "consecutive") < 0;
		free(id);
		if (err)
			return -1;
	}
	return arr ? 0 : -1;
}

static int add_rows(const struct vg_matrix *m, cJSON *root)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "rows"), *obj, *cells;
	size_t row, col;

	for (row = 0; arr && row < m->nr_rows; row++) {
		if (!m->rows[row].paired)
			continue;
		if (!(obj = cJSON_CreateObject()) || !cJSON_AddItemToArray(arr, obj)) {
			cJSON_Delete(obj);
			return -1;
		}
		if (vg_json_add_str(obj, "target", m->rows[row].target) < 0 ||
		    vg_json_add_str(obj, "machine", m->rows[row].machine) < 0 ||
		    !(cells = cJSON_AddArrayToObject(obj, "cells")))
			return -1;
		for (col = 0; col < m->nr_columns; col++)
			if (add_cell(m, cells, row, col) < 0)
				return -1;
	}
	return arr ? 0 : -1;
}

static int add_unpaired(const struct vg_matrix *m, cJSON *root)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "unpaired"), *obj;
	const struct vg_matrix_dump *d;
	size_t row, rel;

	for (row = 0; arr && row < m->nr_rows; row++)
		for (rel = 0; rel < m->nr_releases; rel++) {
			if (!(d = vg_matrix_dump_at(m, row, rel)) || d->used)
				continue;
			if (!(obj = cJSON_CreateObject()) || !cJSON_AddItemToArray(arr, obj)) {
				cJSON_Delete(obj);
				return -1;
			}
			if (vg_json_add_str(obj, "release", m->releases[rel].name) < 0 ||
			    vg_json_add_str(obj, "target", m->rows[row].target) < 0 ||
			    vg_json_add_str(obj, "machine", m->rows[row].machine) < 0 ||
			    vg_json_add_str(obj, "dump", d->name) < 0)
				return -1;
		}
	return arr ? 0 : -1;
}

static int add_summary(const struct vg_matrix *m, cJSON *root)
{
	cJSON *s = cJSON_AddObjectToObject(root, "summary");
	size_t counts[4], rows = 0, i;

	vg_matrix_tally(m, counts);
	for (i = 0; i < m->nr_rows; i++)
		rows += m->rows[i].paired;
	if (!s || vg_json_add_num(s, "releases", (double)m->nr_releases) < 0 ||
	    vg_json_add_num(s, "rows", (double)rows) < 0 ||
	    vg_json_add_num(s, "columns", (double)m->nr_columns) < 0)
		return -1;
	for (i = 0; i < 4; i++)
		if (vg_json_add_num(s, vg_matrix_state_name((enum vg_matrix_state)i),
				    (double)counts[i]) < 0)
			return -1;
	return 0;
}

int vg_matrix_write_json(FILE *out, const struct vg_matrix *m)
{
	cJSON *root = cJSON_CreateObject();
	int ret = -1;

	if (!root || vg_json_add_str(root, "command", "matrix") < 0 ||
	    vg_json_add_str(root, "source", m->source) < 0 || add_releases(m, root) < 0 ||
	    add_columns(m, root) < 0 || add_rows(m, root) < 0 || add_unpaired(m, root) < 0 ||
	    add_summary(m, root) < 0) {
		vg_error("out of memory building the JSON matrix");
		goto done;
	}
	ret = vg_json_write(out, root);
done:
	cJSON_Delete(root);
	return ret;
}
