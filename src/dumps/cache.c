/*
 * The dump cache in the common git dir: atomic by rename(2).
 */
#include "dumps/dumps.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int mkdir_p(const char *path)
{
	char *copy = vg_strdup(path), *p;
	int ret = 0;

	if (!copy)
		return -1;
	for (p = copy + 1; ; p++) {
		if (*p && *p != '/')
			continue;
		char c = *p;

		*p = 0;
		if (mkdir(copy, 0777) < 0 && errno != EEXIST) {
			ret = vg_error("cannot make %s: %s", copy, strerror(errno));
			break;
		}
		*p = c;
		if (!c)
			break;
	}
	free(copy);
	return ret;
}

char *vg_dumps_cache_dir(struct vg_repo *repo)
{
	const char *common = vg_repo_common_dir(repo);
	size_t len = strlen(common);

	/* made by the first writer (vg_dumps_make_into): reading leaves no trace */
	return vg_asprintf("%.*s/vmstate-gate/dumps", (int)(len && common[len - 1] == '/' ?
							   len - 1 : len), common);
}

/* Move a bad set out of the way atomically, then remove it. */
static int discard(const char *cache, const char *path)
{
	char *trash = vg_asprintf("%s/.trash-XXXXXX", cache);
	int ret = -1;

	if (!trash)
		return -1;
	if (!mkdtemp(trash)) {
		vg_error("cannot make %s: %s", trash, strerror(errno));
		goto done;
	}
	/* A directory renames onto an empty one; ENOENT: another reader was first. */
	if (rename(path, trash) < 0 && errno != ENOENT) {
		vg_error("cannot move %s aside: %s", path, strerror(errno));
		goto done;
	}
	ret = vg_dumps_remove_tree(trash);
done:
	free(trash);
	return ret;
}

int vg_dumps_cache_lookup(const char *cache, const char *key, char **path)
{
	struct vg_dumps_manifest m = VG_DUMPS_MANIFEST_INIT;
	struct vg_dumps_src src;
	struct stat st;
	char *dir;
	int r, ret = -1;

	*path = NULL;
	if (!vg_dumps_name_ok(key))
		return vg_error("'%s' is not a cache key", key);
	if (!(dir = vg_asprintf("%s/%s", cache, key)))
		return -1;
	if (stat(dir, &st) < 0) {
		ret = 0;
		goto done;
	}
	src.read = vg_dumps_dir_read;
	src.ctx = dir;
	src.where = dir;
	r = vg_dumps_read_manifest(&src, &m);
	if (r == 0)
		r = vg_dumps_verify(&src, &m);
	if (r != 0) {
		vg_warning("cached dump set %s is corrupt: removed, to be made again", key);
		ret = discard(cache, dir) < 0 ? -1 : 0;
		goto done;
	}
	*path = dir;
	dir = NULL;
	ret = 1;
done:
	vg_dumps_manifest_release(&m);
	free(dir);
	return ret;
}

int vg_dumps_make_into(const struct vg_dumps_make_opts *opts, char *const *bins, size_t nr,
		       const char *tree, const char *config, const char *final)
{
	char *tmp = vg_asprintf("%s.tmp-XXXXXX", final), *slash;
	int ret = -1;

	if (!tmp)
		return -1;
	/* the cache directory, made on the first write only */
	slash = strrchr(tmp, '/');
	if (slash && slash != tmp) {
		*slash = '\0';
		ret = mkdir_p(tmp);
		*slash = '/';
		if (ret < 0) {
			free(tmp);
			return -1;
		}
		ret = -1;
	}
	if (!mkdtemp(tmp)) {
		vg_error("cannot make %s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	if ((ret = vg_dumps_make(opts, bins, nr, tree, config, tmp)) < 0)
		goto done;
	ret = -1;
	if (rename(tmp, final) < 0) {
		if (errno != EEXIST && errno != ENOTEMPTY) {
			vg_error("cannot rename %s to %s: %s", tmp, final, strerror(errno));
			goto done;
		}
		/* Another writer stored the same set first: keep theirs. */
	}
	ret = 0;
done:
	/* After a successful rename tmp no longer exists: nothing to remove. */
	vg_dumps_remove_tree(tmp);
	free(tmp);
	return ret;
}

int vg_dumps_cache_find_tree(const char *cache, const char *tree, char **path)
{
	char *prefix = vg_asprintf("%s-", tree), *key = NULL;
	struct dirent *de;
	DIR *d;
	int many = 0, r;

	*path = NULL;
	if (!prefix)
		return -1;
	if (!(d = opendir(cache))) {
		free(prefix);
		if (errno == ENOENT)    /* nothing was ever cached */
			return 0;
		return vg_error("%s: %s", cache, strerror(errno));
	}
	while ((de = readdir(d)))
		if (vg_starts_with(de->d_name, prefix) && !strstr(de->d_name, ".tmp-")) {
			if (key)
				many = 1;
			free(key);
			if (!(key = vg_strdup(de->d_name)))
				break;
		}
	closedir(d);
	free(prefix);
	if (many) {
		free(key);
		return vg_error("several cached dump sets of tree %.12s: name one with --from "
				"(see 'vmstate-gate dumps list')", tree);
	}
	if (!key)
		return 0;
	r = vg_dumps_cache_lookup(cache, key, path);
	free(key);
	return r < 0 ? -1 : 0;
}
