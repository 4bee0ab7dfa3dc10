/*
 * manifest.json of a dump set: what made the dumps (QEMU version, source
 * tree, targets, machine types, device list) and each file's size and
 * hash, so that a corrupt or truncated cached dump shows on read.
 */
#include "dumps/set.h"
#include "core/hashmap.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_FORMAT 1

static void target_release(struct vg_dumps_target *t)
{
	size_t i;

	free(t->name);
	free(t->binary);
	free(t->version);
	for (i = 0; i < t->nr_machines; i++)
		free(t->machines[i].name);
	free(t->machines);
	for (i = 0; i < t->nr_devices; i++)
		free(t->devices[i]);
	free(t->devices);
}

void vg_dumps_manifest_release(struct vg_dumps_manifest *m)
{
	size_t i;

	free(m->tree);
	free(m->config);
	for (i = 0; i < m->nr_targets; i++)
		target_release(&m->targets[i]);
	free(m->targets);
	memset(m, 0, sizeof(*m));
}

const struct vg_dumps_target *vg_dumps_find_target(const struct vg_dumps_manifest *m,
						   const char *name)
{
	size_t i;

	for (i = 0; i < m->nr_targets; i++)
		if (!strcmp(m->targets[i].name, name))
			return &m->targets[i];
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vg_dumps_has_device(const struct vg_dumps_target *t, const char *device)
{
	return t->nr_devices &&
	       bsearch(&device, t->devices, t->nr_devices, sizeof(*t->devices), cmp_str) != NULL;
}

/* Writing. */

static cJSON *target_json(const struct vg_dumps_target *t)
{
	cJSON *o = cJSON_CreateObject(), *ms, *m, *ds;
	char hex[17];
	size_t i;

	if (!o || !cJSON_AddStringToObject(o, "target", t->name) ||
	    !cJSON_AddStringToObject(o, "binary", t->binary) ||
	    !cJSON_AddStringToObject(o, "version", t->version ? t->version : "") ||
	    !(ms = cJSON_AddArrayToObject(o, "machines")))
		goto fail;
	for (i = 0; i < t->nr_machines; i++) {
		snprintf(hex, sizeof(hex), "%016" PRIx64, t->machines[i].hash);
		if (!(m = cJSON_CreateObject()) || !cJSON_AddItemToArray(ms, m) ||
		    !cJSON_AddStringToObject(m, "name", t->machines[i].name) ||
		    !cJSON_AddNumberToObject(m, "size", (double)t->machines[i].size) ||
		    !cJSON_AddStringToObject(m, "fnv1a64", hex))
			goto fail;
	}
	if (!(ds = cJSON_AddArrayToObject(o, "devices")))
		goto fail;
	for (i = 0; i < t->nr_devices; i++)
		if (!cJSON_AddItemToArray(ds, cJSON_CreateString(t->devices[i])))
			goto fail;
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

char *vg_dumps_manifest_json(const struct vg_dumps_manifest *m)
{
	cJSON *root = cJSON_CreateObject(), *ts, *t;
	char *text = NULL, *out = NULL;
	size_t i;

	if (!root || !cJSON_AddNumberToObject(root, "vmstate-gate-dumps", MANIFEST_FORMAT) ||
	    !(m->tree ? cJSON_AddStringToObject(root, "tree", m->tree)
		      : cJSON_AddNullToObject(root, "tree")) ||
	    !cJSON_AddStringToObject(root, "config", m->config ? m->config : "") ||
	    !(ts = cJSON_AddArrayToObject(root, "targets")))
		goto done;
	for (i = 0; i < m->nr_targets; i++) {
		if (!(t = target_json(&m->targets[i])))
			goto done;
		cJSON_AddItemToArray(ts, t);
	}
	text = cJSON_Print(root);
	if (text)
		out = vg_asprintf("%s\n", text);
done:
	if (!out)
		vg_error("out of memory writing a dump manifest");
	cJSON_free(text);
	cJSON_Delete(root);
	return out;
}

/* Reading. */

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int machine_parse(const char *name, const cJSON *j, struct vg_dumps_machine *m)
{
	const char *n = str_of(j, "name"), *h = str_of(j, "fnv1a64");
	const cJSON *size = cJSON_GetObjectItemCaseSensitive(j, "size");
	char *end;

	if (!n || !h || !cJSON_IsNumber(size) || size->valuedouble < 0 ||
	    !vg_dumps_name_ok(n)) {
		vg_error("%s: error: a machine entry lacks name, size or fnv1a64", name);
		return -2;
	}
	errno = 0;
	m->hash = strtoull(h, &end, 16);
	if (errno || *end || end == h) {
		vg_error("%s: error: bad fnv1a64 '%s'", name, h);
		return -2;
	}
	m->size = (size_t)size->valuedouble;
	m->name = vg_strdup(n);
	return m->name ? 0 : -1;
}

static int target_parse(const char *name, const cJSON *j, struct vg_dumps_target *t)
{
	const char *tn = str_of(j, "target"), *bin = str_of(j, "binary"), *ver = str_of(j, "version");
	const cJSON *ms = cJSON_GetObjectItemCaseSensitive(j, "machines");
	const cJSON *ds = cJSON_GetObjectItemCaseSensitive(j, "devices"), *e;
	int r;

	if (!tn || !bin || !ver || !cJSON_IsArray(ms) || !cJSON_IsArray(ds) || !vg_dumps_name_ok(tn)) {
		vg_error("%s: error: a target lacks target, binary, version, "
			 "machines or devices", name);
		return -2;
	}
	if (!(t->name = vg_strdup(tn)) || !(t->binary = vg_strdup(bin)) ||
	    !(t->version = vg_strdup(ver)))
		return -1;
	cJSON_ArrayForEach(e, ms) {
		if (VG_GROW(t->machines, t->alloc_machines, t->nr_machines + 1) < 0)
			return -1;
		memset(&t->machines[t->nr_machines], 0, sizeof(t->machines[0]));
		if ((r = machine_parse(name, e, &t->machines[t->nr_machines++])) < 0)
			return r;
	}
	cJSON_ArrayForEach(e, ds) {
		if (!cJSON_IsString(e)) {
			vg_error("%s: error: a device name is not a string", name);
			return -2;
		}
		if (VG_GROW(t->devices, t->alloc_devices, t->nr_devices + 1) < 0 ||
		    !(t->devices[t->nr_devices++] = vg_strdup(e->valuestring)))
			return -1;
	}
	if (t->nr_devices)
		qsort(t->devices, t->nr_devices, sizeof(*t->devices), cmp_str);
	return 0;
}

int vg_dumps_manifest_parse(const char *name, const char *buf, size_t len,
			    struct vg_dumps_manifest *out)
{
	cJSON *root = cJSON_ParseWithLength(buf, len);
	const cJSON *fmt, *ts, *e;
	const char *tree, *config;
	int ret = -2;

	memset(out, 0, sizeof(*out));
	if (!root) {
		vg_error("%s: error: not valid JSON", name);
		goto done;
	}
	fmt = cJSON_GetObjectItemCaseSensitive(root, "vmstate-gate-dumps");
	if (!cJSON_IsNumber(fmt) || fmt->valueint != MANIFEST_FORMAT) {
		vg_error("%s: error: not a dump set manifest of format %d", name, MANIFEST_FORMAT);
		goto done;
	}
	tree = str_of(root, "tree");
	config = str_of(root, "config");
	ts = cJSON_GetObjectItemCaseSensitive(root, "targets");
	if (!config || !cJSON_IsArray(ts)) {
		vg_error("%s: error: the manifest lacks config or targets", name);
		goto done;
	}
	ret = -1;
	if ((tree && !(out->tree = vg_strdup(tree))) || !(out->config = vg_strdup(config)))
		goto done;
	cJSON_ArrayForEach(e, ts) {
		if (VG_GROW(out->targets, out->alloc_targets, out->nr_targets + 1) < 0)
			goto done;
		memset(&out->targets[out->nr_targets], 0, sizeof(out->targets[0]));
		if ((ret = target_parse(name, e, &out->targets[out->nr_targets++])) < 0)
			goto done;
	}
	ret = 0;
done:
	cJSON_Delete(root);
	if (ret < 0)
		vg_dumps_manifest_release(out);
	return ret;
}

/* Sources. */

int vg_dumps_dir_read(void *ctx, const char *path, char **buf, size_t *len)
{
	char *full = vg_asprintf("%s/%s", (const char *)ctx, path);
	struct stat st;
	int ret;

	*buf = NULL;
	if (!full)
		return -1;
	if (stat(full, &st) < 0 && errno == ENOENT)
		ret = 1;
	else
		ret = vg_read_file(full, buf, len);
	free(full);
	return ret;
}

int vg_dumps_read_manifest(const struct vg_dumps_src *src, struct vg_dumps_manifest *out)
{
	char *buf = NULL, *name = vg_asprintf("%s/manifest.json", src->where);
	size_t len = 0;
	int ret = -1, r;

	memset(out, 0, sizeof(*out));
	if (!name)
		return -1;
	r = src->read(src->ctx, "manifest.json", &buf, &len);
	if (r == 1) {
		vg_error("%s: no such file: not a dump set", name);
		ret = -2;
	} else if (r == 0) {
		ret = vg_dumps_manifest_parse(name, buf, len, out);
	}
	free(buf);
	free(name);
	return ret;
}

int vg_dumps_name_ok(const char *name)
{
	const char *p;

	if (!*name || *name == '.')
		return 0;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._+-", *p)))
			return 0;
	return 1;
}
