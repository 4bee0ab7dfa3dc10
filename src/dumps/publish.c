/*
 * Published dump sets: refs/vmstate-dumps/VERSION, written, fetched and
 * read through libgit2 (git/repo.h), never through a checkout.
 */
#include "dumps/dumps.h"

#include <dirent.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

int vg_dumps_version_ok(const char *version)
{
	return vg_dumps_name_ok(version) && !strstr(version, "..") &&
	       strlen(version) < 100 && version[strlen(version) - 1] != '.';
}

static int ref_read(void *ctx, const char *path, char **buf, size_t *len)
{
	if (vg_tree_read(ctx, path, buf, len) < 0)
		return -1;
	return *buf ? 0 : 1;
}

int vg_dumps_ref_open(struct vg_repo *repo, const char *version, struct vg_dumps_ref *out)
{
	struct vg_oid commit;
	int found = 0;

	memset(out, 0, sizeof(*out));
	if (!vg_dumps_version_ok(version))
		return vg_error("'%s' is not a dump set version (letters, digits, . _ + -)",
				version);
	if (!(out->refname = vg_asprintf(VG_DUMPS_REF_PREFIX "%s", version)))
		return -1;
	if (vg_repo_ref_commit(repo, out->refname, &commit, &found) < 0)
		goto fail;
	if (!found) {
		free(out->refname);
		out->refname = NULL;
		return 0;
	}
	if (vg_tree_of_commit(repo, &commit, &out->tree) < 0)
		goto fail;
	out->src.read = ref_read;
	out->src.ctx = out->tree;
	out->src.where = out->refname;
	return 1;
fail:
	vg_dumps_ref_close(out);
	return -1;
}

void vg_dumps_ref_close(struct vg_dumps_ref *ref)
{
	vg_tree_free(ref->tree);
	free(ref->refname);
	memset(ref, 0, sizeof(*ref));
}

/* One target's subtree: MACHINE.json blobs. */
static int write_target(struct vg_repo *repo, const struct vg_dumps_src *src,
			const struct vg_dumps_target *t, struct vg_oid *out)
{
	struct vg_tree_entry *e = vg_calloc(t->nr_machines ? t->nr_machines : 1, sizeof(*e));
	char **names = vg_calloc(t->nr_machines ? t->nr_machines : 1, sizeof(*names));
	char *path = NULL, *buf = NULL;
	size_t i, len;
	int ret = -1;

	if (!e || !names)
		goto done;
	for (i = 0; i < t->nr_machines; i++) {
		if (!(names[i] = vg_asprintf("%s.json", t->machines[i].name)) ||
		    !(path = vg_asprintf("%s/%s", t->name, names[i])))
			goto done;
		if (src->read(src->ctx, path, &buf, &len) != 0) {
			vg_error("%s/%s: cannot read it", src->where, path);
			goto done;
		}
		e[i].name = names[i];
		if (vg_repo_write_blob(repo, buf, len, &e[i].id) < 0)
			goto done;
		free(buf);
		free(path);
		buf = path = NULL;
	}
	ret = vg_repo_write_tree(repo, e, t->nr_machines, out);
done:
	for (i = 0; names && i < t->nr_machines; i++)
		free(names[i]);
	free(names);
	free(e);
	free(buf);
	free(path);
	return ret;
}

int vg_dumps_publish(struct vg_repo *repo, const struct vg_dumps_src *src,
		     const char *version, struct vg_oid *out)
{
	struct vg_dumps_manifest m = VG_DUMPS_MANIFEST_INIT;
	struct vg_tree_entry *e = NULL;
	struct vg_buf msg = VG_BUF_INIT;
	struct vg_oid root;
	char *refname = NULL, *text = NULL;
	size_t i, len;
	int ret = -1, r;

	if (!vg_dumps_version_ok(version))
		return vg_error("'%s' is not a dump set version (letters, digits, . _ + -)",
				version);
	if ((ret = vg_dumps_read_manifest(src, &m)) < 0)
		return ret;
	ret = -1;
	if ((r = vg_dumps_verify(src, &m)) != 0) {
		vg_error("%s: the set is not whole: not published", src->where);
		ret = r == 1 ? -2 : -1;
		goto done;
	}
	if (!(e = vg_calloc(m.nr_targets + 1, sizeof(*e))))
		goto done;
	for (i = 0; i < m.nr_targets; i++) {
		e[i].name = m.targets[i].name;
		e[i].is_tree = 1;
		if (write_target(repo, src, &m.targets[i], &e[i].id) < 0)
			goto done;
	}
	if (src->read(src->ctx, "manifest.json", &text, &len) != 0)
		goto done;
	e[i].name = "manifest.json";
	if (vg_repo_write_blob(repo, text, len, &e[i].id) < 0 ||
	    vg_repo_write_tree(repo, e, m.nr_targets + 1, &root) < 0)
		goto done;
	vg_buf_printf(&msg, "vmstate-gate dumps %s\n\n", version);
	for (i = 0; i < m.nr_targets; i++)
		vg_buf_printf(&msg, "%s: %zu machine types, %s\n", m.targets[i].name,
			      m.targets[i].nr_machines, m.targets[i].version);
	if (m.tree)
		vg_buf_printf(&msg, "Source-Tree: %s\n", m.tree);
	if (msg.failed || !(refname = vg_asprintf(VG_DUMPS_REF_PREFIX "%s", version)))
		goto done;
	ret = vg_repo_commit_ref(repo, refname, &root, msg.buf, out);
done:
	vg_buf_release(&msg);
	vg_dumps_manifest_release(&m);
	free(refname);
	free(text);
	free(e);
	return ret;
}

int vg_dumps_fetch(struct vg_repo *repo, const char *remote)
{
	return vg_repo_fetch(repo, remote, "+" VG_DUMPS_REF_PREFIX "*:" VG_DUMPS_REF_PREFIX "*");
}

/* Listing. */

static void print_set(FILE *out, const char *label, const struct vg_dumps_manifest *m)
{
	size_t i;

	fprintf(out, "%s", label);
	for (i = 0; i < m->nr_targets; i++)
		fprintf(out, "%s%s (%zu machine types)", i ? ", " : "  ", m->targets[i].name,
			m->targets[i].nr_machines);
	if (m->nr_targets)
		fprintf(out, "  %s", m->targets[0].version);
	fputc('\n', out);
}

struct names {
	char **v;
	size_t nr, alloc;
};

static int collect_ref(const char *name, const struct vg_oid *commit, void *payload)
{
	struct names *n = payload;

	(void)commit;
	if (VG_GROW(n->v, n->alloc, n->nr + 1) < 0 || !(n->v[n->nr] = vg_strdup(name)))
		return -1;
	n->nr++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names_release(struct names *n)
{
	size_t i;

	for (i = 0; i < n->nr; i++)
		free(n->v[i]);
	free(n->v);
}

static int list_refs(struct vg_repo *repo, FILE *out)
{
	struct names n = { NULL, 0, 0 };
	struct vg_dumps_manifest m;
	struct vg_dumps_ref ref;
	size_t i;
	int ret = -1;

	if (vg_repo_foreach_ref(repo, VG_DUMPS_REF_PREFIX "*", collect_ref, &n) != 0)
		goto done;
	if (n.nr)
		qsort(n.v, n.nr, sizeof(*n.v), cmp_str);
	for (i = 0; i < n.nr; i++) {
		if (vg_dumps_ref_open(repo, n.v[i] + strlen(VG_DUMPS_REF_PREFIX), &ref) != 1)
			goto done;
		if (vg_dumps_read_manifest(&ref.src, &m) < 0) {
			vg_dumps_ref_close(&ref);
			goto done;
		}
		print_set(out, n.v[i], &m);
		vg_dumps_manifest_release(&m);
		vg_dumps_ref_close(&ref);
	}
	ret = 0;
done:
	names_release(&n);
	return ret;
}

static int list_cache(struct vg_repo *repo, FILE *out)
{
	struct names n = { NULL, 0, 0 };
	struct vg_dumps_manifest m;
	struct vg_dumps_src src;
	char *cache = vg_dumps_cache_dir(repo), *dir, *label;
	struct dirent *de;
	DIR *d;
	size_t i;
	int ret = -1;

	if (!cache)
		return -1;
	if (!(d = opendir(cache))) {
		if (errno == ENOENT)    /* nothing was ever cached */
			ret = 0;
		else
			vg_error("%s: cannot read it: %s", cache, strerror(errno));
		goto done;
	}
	while ((de = readdir(d)))
		if (vg_dumps_name_ok(de->d_name) && !strstr(de->d_name, ".tmp-") &&
		    collect_ref(de->d_name, NULL, &n) < 0)
			break;
	closedir(d);
	if (n.nr)
		qsort(n.v, n.nr, sizeof(*n.v), cmp_str);
	for (i = 0; i < n.nr; i++) {
		if (!(dir = vg_asprintf("%s/%s", cache, n.v[i])))
			goto done;
		src.read = vg_dumps_dir_read;
		src.ctx = dir;
		src.where = dir;
		label = vg_asprintf("cache %s", n.v[i]);
		if (label && vg_dumps_read_manifest(&src, &m) == 0) {
			print_set(out, label, &m);
			vg_dumps_manifest_release(&m);
		}
		free(label);
		free(dir);
	}
	ret = 0;
done:
	names_release(&n);
	free(cache);
	return ret;
}

int vg_dumps_list(struct vg_repo *repo, FILE *out)
{
	if (list_refs(repo, out) < 0)
		return -1;
	return list_cache(repo, out);
}
