/*
 * `dumps make`: run qemu-system-TARGET -M MACHINE -nodefaults -display none
 * -dump-vmstate FILE for every target binary and machine type, and write
 * the set's manifest.
 */
#include "dumps/set.h"
#include "dumps/proc.h"
#include "core/hashmap.h"
#include "dump/dump.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BINARY_PREFIX "qemu-system-"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push_str(char ***v, size_t *nr, size_t *alloc, const char *s, size_t len)
{
	char *copy;

	if (VG_GROW(*v, *alloc, *nr + 1) < 0 || !(copy = vg_strndup(s, len)))
		return -1;
	(*v)[(*nr)++] = copy;
	return 0;
}

static void free_strs(char **v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(v[i]);
	free(v);
}

/* qemu-system-TARGET: a target of letters, digits and '_' (no -unsigned, .so...). */
static const char *target_of(const char *path)
{
	const char *base = strrchr(path, '/'), *p;

	base = base ? base + 1 : path;
	if (!vg_starts_with(base, BINARY_PREFIX) || !base[strlen(BINARY_PREFIX)])
		return NULL;
	for (p = base + strlen(BINARY_PREFIX); *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return NULL;
	return base + strlen(BINARY_PREFIX);
}

int vg_dumps_binaries(const struct vg_dumps_make_opts *opts, char ***out, size_t *nr)
{
	size_t alloc = 0, i;
	struct dirent *de;
	struct stat st;
	DIR *d = NULL;
	char *path;

	*out = NULL;
	*nr = 0;
	for (i = 0; i < opts->nr_qemus; i++) {
		if (!target_of(opts->qemus[i]))
			goto bad_name;
		if (access(opts->qemus[i], X_OK) < 0) {
			vg_error("%s: not an executable: %s", opts->qemus[i], strerror(errno));
			goto fail;
		}
		/* A directory passes access(X_OK) too. */
		if (stat(opts->qemus[i], &st) < 0) {
			vg_error("%s: not an executable: %s", opts->qemus[i], strerror(errno));
			goto fail;
		}
		if (!S_ISREG(st.st_mode)) {
			vg_error("%s: not an executable: %s", opts->qemus[i],
				 S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
			goto fail;
		}
		if (push_str(out, nr, &alloc, opts->qemus[i], strlen(opts->qemus[i])) < 0)
			goto fail;
	}
	if (opts->build_dir) {
		if (!(d = opendir(opts->build_dir))) {
			vg_error("%s: %s", opts->build_dir, strerror(errno));
			goto fail;
		}
		while ((de = readdir(d))) {
			if (!target_of(de->d_name))
				continue;
			if (!(path = vg_asprintf("%s/%s", opts->build_dir, de->d_name)))
				goto fail;
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0) {
				if (VG_GROW(*out, alloc, *nr + 1) < 0) {
					free(path);
					goto fail;
				}
				(*out)[(*nr)++] = path;
			} else {
				free(path);
			}
		}
		closedir(d);
		d = NULL;
	}
	if (!*nr) {
		vg_error("no qemu-system-* binary%s%s", opts->build_dir ? " in " : " given",
			 opts->build_dir ? opts->build_dir : "");
		goto fail;
	}
	qsort(*out, *nr, sizeof(**out), cmp_str);
	return 0;
bad_name:
	vg_error("%s: not a qemu-system-TARGET binary", opts->qemus[i]);
fail:
	if (d)
		closedir(d);
	free_strs(*out, *nr);
	*out = NULL;
	*nr = 0;
	return -1;
}

int vg_dumps_config_hash(const struct vg_dumps_make_opts *opts, char *const *binaries,
			 size_t nr, char *buf)
{
	uint64_t h = vg_hash_str(opts->machines ? opts->machines : "(previous release)");
	char *path, *text = NULL;
	struct stat st;
	size_t i, len;

	for (i = 0; i < nr; i++) {
		/* A rebuilt binary is another configuration: its dumps may differ. */
		if (stat(binaries[i], &st) < 0)
			return vg_error("%s: %s", binaries[i], strerror(errno));
		h = vg_hash_more(h, target_of(binaries[i]), strlen(target_of(binaries[i])) + 1);
		h = vg_hash_more(h, &st.st_size, sizeof(st.st_size));
		h = vg_hash_more(h, &st.st_mtim, sizeof(st.st_mtim));
	}
	if (opts->build_dir) {
		if (!(path = vg_asprintf("%s/config-host.mak", opts->build_dir)))
			return -1;
		if (access(path, R_OK) == 0 && vg_read_file(path, &text, &len) < 0) {
			free(path);
			return -1;
		}
		if (text)
			h = vg_hash_more(h, text, len);
		free(text);
		free(path);
	}
	snprintf(buf, 17, "%016" PRIx64, h);
	return 0;
}

/* What QEMU says about itself: --version, -machine help, -device help. */
struct info {
	struct vg_proc_job jobs[3];
	char *argv[3][4];
};

static void info_init(struct info *in, const char *bin, const char *label)
{
	static const char *const args[3][2] = {
		{ "--version", NULL }, { "-machine", "help" }, { "-device", "help" },
	};
	int i;

	memset(in, 0, sizeof(*in));
	for (i = 0; i < 3; i++) {
		in->argv[i][0] = (char *)bin;
		in->argv[i][1] = (char *)args[i][0];
		in->argv[i][2] = (char *)args[i][1];
		in->jobs[i].argv = in->argv[i];
		in->jobs[i].label = label;
	}
}

/* X.Y[.Z] of a versioned machine type ("pc-q35-7.2", "pc-q35-4.0.1"): 1, or 0. */
static int machine_version(const char *name, size_t *family_len, unsigned v[3])
{
	const char *dash = strrchr(name, '-');
	const char *p;
	char *end;
	int i;

	if (!dash || dash == name)
		return 0;
	v[2] = 0;
	for (i = 0, p = dash + 1; i < 3; i++, p = end + 1) {
		if (*p < '0' || *p > '9')
			return 0;
		v[i] = strtoul(p, &end, 10);
		if (!*end && i >= 1)
			break;
		if (*end != '.')
			return 0;
	}
	if (i == 3)
		return 0;
	*family_len = dash - name;
	return 1;
}

/* A parsed -machine help: names and whether each is an alias. */
struct machine_list {
	char **names;
	size_t nr, alloc;
	unsigned char *alias;
	size_t alias_alloc;
};

static int line_has(const char *p, size_t len, const char *what)
{
	size_t n = strlen(what), i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(p + i, what, n))
			return 1;
	return 0;
}

static int parse_machines(const char *text, struct machine_list *ml, const char *label)
{
	const char *p = text, *nl, *sp;
	size_t len;

	for (; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (!len || *p == ' ' || vg_starts_with(p, "Supported machines"))
			continue;
		for (sp = p; sp < p + len && *sp != ' '; sp++)
			;
		if (push_str(&ml->names, &ml->nr, &ml->alloc, p, sp - p) < 0 ||
		    VG_GROW(ml->alias, ml->alias_alloc, ml->nr) < 0)
			return -1;
		ml->alias[ml->nr - 1] = line_has(p, len, "(alias of ");
		if (!vg_dumps_name_ok(ml->names[ml->nr - 1]))
			return vg_error("%s -machine help: unexpected machine name '%s'",
					label, ml->names[ml->nr - 1]);
	}
	if (!ml->nr)
		return vg_error("%s -machine help listed no machine type", label);
	return 0;
}

/* The previous release from QEMU's version: X.Y.Z is X.Y; X.Y.50+ is X.Y too. */
static int qemu_release(const char *version, unsigned v[3])
{
	const char *p = strstr(version, "version ");

	if (!p || sscanf(p + 8, "%u.%u", &v[0], &v[1]) != 2)
		return 0;
	v[2] = ~0u; /* X.Y.Z types of release X.Y count as X.Y */
	return 1;
}

static int le(const unsigned a[3], const unsigned b[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i];
	return 1;
}

/*
 * The default: per family of versioned types, the newest version not
 * newer than the release (the types both the release and its successor
 * have), and every unversioned board that is not an alias.
 */
static int default_machines(const struct machine_list *ml, const char *version,
			    char ***out, size_t *nr, size_t *alloc)
{
	unsigned rel[3] = { ~0u, ~0u, ~0u }, v[3], w[3];
	size_t i, j, fl, gl;
	int best;

	qemu_release(version, rel);
	for (i = 0; i < ml->nr; i++) {
		if (ml->alias[i])
			continue;
		if (!machine_version(ml->names[i], &fl, v)) {
			if (push_str(out, nr, alloc, ml->names[i], strlen(ml->names[i])) < 0)
				return -1;
			continue;
		}
		if (!le(v, rel))
			continue;
		best = 1;
		for (j = 0; j < ml->nr && best; j++)
			if (j != i && !ml->alias[j] && machine_version(ml->names[j], &gl, w) &&
			    gl == fl && !strncmp(ml->names[j], ml->names[i], fl) && le(w, rel) &&
			    !le(w, v))
				best = 0;
		if (best && push_str(out, nr, alloc, ml->names[i], strlen(ml->names[i])) < 0)
			return -1;
	}
	return 0;
}

static int choose_machines(const struct vg_dumps_make_opts *opts, const struct machine_list *ml,
			   const char *version, char ***out, size_t *nr)
{
	size_t alloc = 0, i, len;
	const char *p, *comma;

	if (!opts->machines)
		return default_machines(ml, version, out, nr, &alloc);
	if (!strcmp(opts->machines, "all")) {
		for (i = 0; i < ml->nr; i++)
			if (!ml->alias[i] &&
			    push_str(out, nr, &alloc, ml->names[i], strlen(ml->names[i])) < 0)
				return -1;
		return 0;
	}
	/* A list: the names this binary has (another target may have the rest). */
	for (p = opts->machines; *p; p = comma ? comma + 1 : p + len) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		for (i = 0; i < ml->nr; i++)
			if (strlen(ml->names[i]) == len && !strncmp(ml->names[i], p, len))
				break;
		if (i < ml->nr && push_str(out, nr, &alloc, p, len) < 0)
			return -1;
		if (!comma)
			break;
	}
	return 0;
}

/* `name "e1000", bus PCI, ...` lines of -device help. */
static int parse_devices(const char *text, struct vg_dumps_target *t)
{
	const char *p = text, *q;

	while ((p = strstr(p, "name \""))) {
		p += 6;
		if (!(q = strchr(p, '"')))
			break;
		if (VG_GROW(t->devices, t->alloc_devices, t->nr_devices + 1) < 0 ||
		    !(t->devices[t->nr_devices++] = vg_strndup(p, q - p)))
			return -1;
		p = q;
	}
	if (t->nr_devices)
		qsort(t->devices, t->nr_devices, sizeof(*t->devices), cmp_str);
	return 0;
}

static char *first_line(const struct vg_buf *b)
{
	size_t n = b->buf ? strcspn(b->buf, "\n") : 0;

	return vg_strndup(b->buf ? b->buf : "", n);
}

/* Fill the manifest's targets: name, binary, version, devices; and the machines. */
static int ask_qemus(const struct vg_dumps_make_opts *opts, char *const *bins, size_t nr,
		     struct vg_dumps_manifest *m, char ***machines, size_t *nr_machines)
{
	struct info *in = vg_calloc(nr ? nr : 1, sizeof(*in));
	struct vg_proc_opts po = { opts->jobs, opts->timeout, NULL };
	struct machine_list ml;
	size_t i, k;
	int ret = -1, j;

	if (!in || !(m->targets = vg_calloc(nr, sizeof(*m->targets))))
		goto done;
	m->alloc_targets = nr;
	for (i = 0; i < nr; i++)
		info_init(&in[i], bins[i], bins[i]);
	for (i = 0; i < nr; i++)
		if (vg_proc_run_all(in[i].jobs, 3, &po) < 0)
			goto done;
	for (i = 0; i < nr; i++) {
		struct vg_dumps_target *t = &m->targets[m->nr_targets++];
		const char *base = strrchr(bins[i], '/');

		for (j = 0; j < 3; j++)
			if (vg_proc_failed(&in[i].jobs[j], opts->timeout, &in[i].jobs[j].out)) {
				in[i].jobs[j].label = j == 0 ? "--version" : j == 1 ?
					"-machine help" : "-device help";
				vg_error("%s:", bins[i]);
				vg_proc_report(&in[i].jobs[j], opts->timeout);
				goto done;
			}
		if (!(t->name = vg_strdup(target_of(bins[i]))) ||
		    !(t->binary = vg_strdup(base ? base + 1 : bins[i])) ||
		    !(t->version = first_line(&in[i].jobs[0].out)) ||
		    parse_devices(in[i].jobs[2].out.buf ? in[i].jobs[2].out.buf : "", t) < 0)
			goto done;
		memset(&ml, 0, sizeof(ml));
		k = 0;
		if (parse_machines(in[i].jobs[1].out.buf, &ml, bins[i]) == 0 &&
		    choose_machines(opts, &ml, t->version, &machines[i], &nr_machines[i]) == 0)
			k = 1;
		free_strs(ml.names, ml.nr);
		free(ml.alias);
		if (!k)
			goto done;
	}
	ret = 0;
done:
	for (i = 0; in && i < nr; i++)
		for (j = 0; j < 3; j++)
			vg_proc_job_release(&in[i].jobs[j]);
	free(in);
	return ret;
}

/* Each machine of a list must exist in some binary. */
static int check_asked(const struct vg_dumps_make_opts *opts, char ***machines,
		       const size_t *nr_machines, size_t nr)
{
	const char *p, *comma;
	size_t i, k, len, total = 0;

	for (i = 0; i < nr; i++)
		total += nr_machines[i];
	if (!total) {
		vg_error("no machine type to dump%s%s", opts->machines ? " among " : "",
			 opts->machines ? opts->machines : "");
		return -2;
	}
	if (!opts->machines || !strcmp(opts->machines, "all"))
		return 0;
	for (p = opts->machines; *p; p = comma + 1) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		for (i = 0; i < nr; i++)
			for (k = 0; k < nr_machines[i]; k++)
				if (strlen(machines[i][k]) == len && !strncmp(machines[i][k], p, len))
					goto found;
		vg_error("no binary has machine type '%.*s'", (int)len, p);
		return -2;
found:
		if (!comma)
			break;
	}
	return 0;
}

/* One dump job's argv and label; strings owned by the arrays. */
struct dump_job {
	char *argv[9];
	char *file, *label;
	size_t target, machine;
};

static int check_dump(const char *file, size_t *size, uint64_t *hash)
{
	struct vg_dump d = { 0 };
	char *buf = NULL;
	size_t len = 0;
	int ret = -1;

	if (vg_read_file(file, &buf, &len) < 0)
		return -1;
	if (vg_dump_load_buffer(file, buf, len, &d) == 0) {
		*size = len;
		*hash = vg_hash_mem(buf, len);
		ret = 0;
	}
	vg_dump_release(&d);
	free(buf);
	return ret;
}

static int run_dumps(const struct vg_dumps_make_opts *opts, char *const *bins, size_t nr,
		     char ***machines, const size_t *nr_machines, const char *dir,
		     struct vg_dumps_manifest *m)
{
	struct vg_proc_opts po = { opts->jobs, opts->timeout, opts->progress ? "dumping" : NULL };
	struct vg_proc_job *jobs = NULL;
	struct dump_job *dj = NULL;
	size_t total = 0, i, k, n = 0;
	int ret = -1, failed = 0;
	char *sub;

	for (i = 0; i < nr; i++) {
		total += nr_machines[i];
		if (!(sub = vg_asprintf("%s/%s", dir, m->targets[i].name)))
			return -1;
		if (mkdir(sub, 0777) < 0 && errno != EEXIST) {
			vg_error("cannot make %s: %s", sub, strerror(errno));
			free(sub);
			return -1;
		}
		free(sub);
	}
	if (!(jobs = vg_calloc(total, sizeof(*jobs))) || !(dj = vg_calloc(total, sizeof(*dj))))
		goto done;
	for (i = 0; i < nr; i++)
		for (k = 0; k < nr_machines[i]; k++, n++) {
			const char *base = m->targets[i].binary;

			dj[n].target = i;
			dj[n].machine = k;
			if (!(dj[n].file = vg_asprintf("%s/%s/%s.json", dir, m->targets[i].name,
						       machines[i][k])) ||
			    !(dj[n].label = vg_asprintf("%s -M %s", base, machines[i][k])))
				goto done;
			dj[n].argv[0] = bins[i];
			dj[n].argv[1] = "-M";
			dj[n].argv[2] = machines[i][k];
			dj[n].argv[3] = "-nodefaults";
			dj[n].argv[4] = "-display";
			dj[n].argv[5] = "none";
			dj[n].argv[6] = "-dump-vmstate";
			dj[n].argv[7] = dj[n].file;
			jobs[n].argv = dj[n].argv;
			jobs[n].label = dj[n].label;
		}
	if (vg_proc_run_all(jobs, total, &po) < 0)
		goto done;
	for (n = 0; n < total; n++) {
		struct vg_dumps_target *t = &m->targets[dj[n].target];
		struct vg_dumps_machine *mm;

		if (vg_proc_failed(&jobs[n], opts->timeout, &jobs[n].out)) {
			vg_proc_report(&jobs[n], opts->timeout);
			failed = 1;
			continue;
		}
		if (VG_GROW(t->machines, t->alloc_machines, t->nr_machines + 1) < 0)
			goto done;
		mm = &t->machines[t->nr_machines];
		memset(mm, 0, sizeof(*mm));
		if (check_dump(dj[n].file, &mm->size, &mm->hash) < 0) {
			vg_error("%s: exited with 0 but wrote no valid dump", dj[n].label);
			failed = 1;
			continue;
		}
		if (!(mm->name = vg_strdup(machines[dj[n].target][dj[n].machine])))
			goto done;
		t->nr_machines++;
	}
	ret = failed ? -1 : 0;
done:
	for (n = 0; n < total && jobs; n++) {
		vg_proc_job_release(&jobs[n]);
		if (dj) {
			free(dj[n].file);
			free(dj[n].label);
		}
	}
	free(jobs);
	free(dj);
	return ret;
}

static int write_file_atomic(const char *dir, const char *name, const char *text)
{
	char *tmp = vg_asprintf("%s/.%s.tmp", dir, name), *path = vg_asprintf("%s/%s", dir, name);
	size_t len = text ? strlen(text) : 0;
	int fd = -1, ret = -1;

	if (!tmp || !path)
		goto done;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) < 0) {
		vg_error("cannot write %s: %s", tmp, strerror(errno));
		goto done;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		fd = -1;
		vg_error("cannot write %s: %s", path, strerror(errno));
		goto done;
	}
	fd = -1;
	ret = 0;
done:
	if (fd >= 0)
		close(fd);
	free(tmp);
	free(path);
	return ret;
}

int vg_dumps_make(const struct vg_dumps_make_opts *opts, char *const *bins, size_t nr,
		  const char *tree, const char *config, const char *dir)
{
	struct vg_dumps_manifest m = VG_DUMPS_MANIFEST_INIT;
	char ***machines = vg_calloc(nr, sizeof(*machines)), *text = NULL;
	size_t *nr_machines = vg_calloc(nr, sizeof(*nr_machines)), i;
	int ret = -1;

	if (!machines || !nr_machines)
		goto done;
	if ((tree && !(m.tree = vg_strdup(tree))) || !(m.config = vg_strdup(config)))
		goto done;
	if (ask_qemus(opts, bins, nr, &m, machines, nr_machines) < 0)
		goto done;
	if ((ret = check_asked(opts, machines, nr_machines, nr)) < 0)
		goto done;
	ret = -1;
	if (run_dumps(opts, bins, nr, machines, nr_machines, dir, &m) < 0)
		goto done;
	if (!(text = vg_dumps_manifest_json(&m)) ||
	    write_file_atomic(dir, "manifest.json", text) < 0)
		goto done;
	ret = 0;
done:
	for (i = 0; machines && i < nr; i++)
		free_strs(machines[i], nr_machines[i]);
	free(machines);
	free(nr_machines);
	free(text);
	vg_dumps_manifest_release(&m);
	return ret;
}

int vg_dumps_verify(const struct vg_dumps_src *src, const struct vg_dumps_manifest *m)
{
	char *path, *buf;
	size_t i, k, len;
	int r;

	for (i = 0; i < m->nr_targets; i++)
		for (k = 0; k < m->targets[i].nr_machines; k++) {
			const struct vg_dumps_machine *mm = &m->targets[i].machines[k];

			if (!(path = vg_asprintf("%s/%s.json", m->targets[i].name, mm->name)))
				return -1;
			buf = NULL;
			r = src->read(src->ctx, path, &buf, &len);
			if (r < 0) {
				free(path);
				return -1;
			}
			/* Size and hash: what was checked as a dump when it was made. */
			if (r == 1 || len != mm->size || vg_hash_mem(buf, len) != mm->hash) {
				vg_warning("%s/%s: %s", src->where, path, r == 1 ? "missing" :
					   "corrupt (its size or hash is not the manifest's)");
				free(buf);
				free(path);
				return 1;
			}
			free(buf);
			free(path);
		}
	return 0;
}

int vg_dumps_remove_tree(const char *path)
{
	struct dirent *de;
	struct stat st;
	char *sub;
	DIR *d;
	int ret = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : vg_error("%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return unlink(path) < 0 ? vg_error("cannot remove %s: %s", path, strerror(errno)) : 0;
	if (!(d = opendir(path)))
		return vg_error("%s: %s", path, strerror(errno));
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (!(sub = vg_asprintf("%s/%s", path, de->d_name))) {
			ret = -1;
			break;
		}
		if (vg_dumps_remove_tree(sub) < 0)
			ret = -1;
		free(sub);
	}
	closedir(d);
	if (ret == 0 && rmdir(path) < 0)
		ret = vg_error("cannot remove %s: %s", path, strerror(errno));
	return ret;
}
