#ifndef VG_REPORT_CJSON_H
#define VG_REPORT_CJSON_H

#include <stdio.h>
#include <cJSON.h>

/* Helpers for the JSON-based views (report-json, -sarif, -codequality). */

/* Add key: val unless val is NULL; -1 when out of memory. */
int vg_json_add_str(cJSON *obj, const char *key, const char *val);
int vg_json_add_num(cJSON *obj, const char *key, double val);
/*
 * A finding as compare --format json writes it (every view that lists
 * findings in JSON uses this); NULL when out of memory, said.
 */
struct vg_finding;
cJSON *vg_json_finding(const struct vg_finding *f);
/* Print the document and a newline to out; -1 when out of memory. */
int vg_json_write(FILE *out, const cJSON *root);

#endif
