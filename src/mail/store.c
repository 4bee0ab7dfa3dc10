/*
 * Patches of a series remembered between runs (see store.h). The key
 * hashes the root message id and version: nothing from the mail reaches
 * a path name.
 */
#include "mail/store.h"
#include "core/hashmap.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* DIR/vmstate-gate/series/KEY, newly allocated; each level created when mk. */
static char *series_dir(const char *dir, const char *root, unsigned version, int mk)
{
	char key[64];
	char *a = NULL, *b = NULL, *c = NULL;
	struct vg_buf k = VG_BUF_INIT;

	vg_buf_printf(&k, "%s\n%u", root, version);
	if (k.failed)
		return NULL;
	snprintf(key, sizeof(key), "%016llx", (unsigned long long)vg_hash_mem(k.buf, k.len));
	vg_buf_release(&k);
	a = vg_asprintf("%s/vmstate-gate", dir);
	b = a ? vg_asprintf("%s/series", a) : NULL;
	c = b ? vg_asprintf("%s/%s", b, key) : NULL;
	if (c && mk && ((mkdir(a, 0777) < 0 && errno != EEXIST) ||
			(mkdir(b, 0777) < 0 && errno != EEXIST) ||
			(mkdir(c, 0777) < 0 && errno != EEXIST))) {
		vg_error("cannot create %s: %s", c, strerror(errno));
		free(c);
		c = NULL;
	}
	free(a);
	free(b);
	return c;
}

/* Take DIR/lock (O_EXCL); a lock older than a minute is a crashed run's. */
static int lock_dir(const char *lock)
{
	int i, fd;
	struct stat st;

	for (i = 0; i < 500; i++) {
		fd = open(lock, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (fd >= 0) {
			close(fd);
			return 0;
		}
		if (errno != EEXIST)
			break;
		if (!stat(lock, &st) && time(NULL) - st.st_mtime > 60)
			unlink(lock);
		else
			nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
	}
	return vg_error("cannot lock %s: %s", lock, strerror(errno ? errno : EEXIST));
}

int vg_store_put(const char *dir, const char *root, unsigned version, unsigned nr,
		 const char *diff, size_t len)
{
	char *sdir = NULL, *lock = NULL, *tmp = NULL, *path = NULL;
	FILE *f = NULL;
	int ret = -1, locked = 0;

	if (!(sdir = series_dir(dir, root, version, 1)) ||
	    !(lock = vg_asprintf("%s/lock", sdir)) ||
	    !(tmp = vg_asprintf("%s/%u.patch.%ld", sdir, nr, (long)getpid())) ||
	    !(path = vg_asprintf("%s/%u.patch", sdir, nr)))
		goto done;
	if (lock_dir(lock) < 0)
		goto done;
	locked = 1;
	if (!(f = fopen(tmp, "wb"))) {
		vg_error("cannot write %s: %s", tmp, strerror(errno));
		goto done;
	}
	if (fwrite(diff, 1, len, f) != len || fclose(f) != 0) {
		f = NULL;
		vg_error("cannot write %s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto done;
	}
	f = NULL;
	if (rename(tmp, path) < 0) {
		vg_error("cannot rename %s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto done;
	}
	ret = 0;
done:
	if (f)
		fclose(f);
	if (locked)
		unlink(lock);
	free(sdir);
	free(lock);
	free(tmp);
	free(path);
	return ret;
}

int vg_store_get(const char *dir, const char *root, unsigned version, unsigned nr,
		 char **out, size_t *len)
{
	char *sdir = NULL, *path = NULL;
	struct stat st;
	int ret = -1;

	*out = NULL;
	if (!(sdir = series_dir(dir, root, version, 0)) ||
	    !(path = vg_asprintf("%s/%u.patch", sdir, nr)))
		goto done;
	ret = 1;
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		goto done;
	if (time(NULL) - st.st_mtime > VG_STORE_TTL) {
		unlink(path);   /* expired */
		goto done;
	}
	ret = vg_read_file(path, out, len) < 0 ? -1 : 0;
done:
	free(sdir);
	free(path);
	return ret;
}
