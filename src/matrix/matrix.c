/*
 * The release matrix: discover release dumps, pair releases, compare every
 * pair of each machine type in both directions. See matrix.h.
 */
#include "matrix/matrix.h"
#include "compare/compare.h"
#include "dump/dump.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *vg_matrix_state_name(enum vg_matrix_state s)
{
	static const char *const names[] = { "missing", "green", "amber", "red" };

	return (unsigned)s < VG_ARRAY_SIZE(names) ? names[s] : "?";
}

size_t vg_matrix_src(const struct vg_matrix_column *c)
{
	return c->backward ? c->newer : c->older;
}

size_t vg_matrix_dst(const struct vg_matrix_column *c)
{
	return c->backward ? c->older : c->newer;
}

/* The series of a release name: what follows "-" or "+" after the numbers. */
static const char *series_of(const char *name)
{
	const char *s = name + (*name == 'v' || *name == 'V');

	while (*s && *s != '-' && *s != '+')
		s++;
	return *s ? s + 1 : s;
}

static int find_release(struct vg_matrix *m, const char *version, size_t *out)
{
	struct vg_matrix_release *r;
	long number = vg_release_number(version);
	size_t i;

	for (i = 0; i < m->nr_releases; i++)
		if (!strcmp(m->releases[i].name, version)) {
			*out = i;
			return 0;
		}
	if (number < 0) {
		m->input_error = 1;
		return vg_error("'%s' is not a release name (vX.Y[.Z][-SERIES])", version);
	}
	if (VG_GROW(m->releases, m->alloc_releases, m->nr_releases + 1) < 0)
		return -1;
	r = &m->releases[m->nr_releases];
	memset(r, 0, sizeof(*r));
	r->number = number;
	if (!(r->name = vg_strdup(version)) || !(r->series = vg_strdup(series_of(version)))) {
		free(r->name);
		return -1;
	}
	*out = m->nr_releases++;
	return 0;
}

int vg_matrix_add_dump(struct vg_matrix *m, const char *version, const char *target,
		       const char *machine, const char *name, const char *path,
		       char *blob, size_t blob_len)
{
	struct vg_matrix_dump *d;
	size_t rel = 0;

	if (find_release(m, version, &rel) < 0 ||
	    VG_GROW(m->dumps, m->alloc_dumps, m->nr_dumps + 1) < 0) {
		free(blob);
		return -1;
	}
	d = &m->dumps[m->nr_dumps];
	memset(d, 0, sizeof(*d));
	d->release = rel;
	d->blob = blob;
	d->blob_len = blob_len;
	d->target = vg_strdup(target);
	d->machine = vg_strdup(machine);
	d->name = vg_strdup(name);
	d->path = path ? vg_strdup(path) : NULL;
	m->nr_dumps++;
	if (!d->target || !d->machine || !d->name || (path && !d->path))
		return -1;
	m->releases[rel].dumps++;
	return 0;
}

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a > b && !strcmp(s + a - b, suffix);
}

/* The names in dir, sorted (readdir's order is the file system's). */
static int list_dir(const char *dir, char ***out, size_t *nr)
{
	struct dirent *e;
	size_t alloc = 0;
	DIR *d = opendir(dir);

	*out = NULL;
	*nr = 0;
	if (!d)
		return vg_error("%s: cannot read the directory: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (VG_GROW(*out, alloc, *nr + 1) < 0 || !((*out)[*nr] = vg_strdup(e->d_name))) {
			closedir(d);
			return -1;
		}
		(*nr)++;
	}
	closedir(d);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_names(char **names, size_t nr)
{
	if (nr) /* an empty directory's list is NULL */
		qsort(names, nr, sizeof(*names), cmp_str);
}

static void free_names(char **names, size_t nr)
{
	while (nr)
		free(names[--nr]);
	free(names);
}

/* DIR/VERSION/TARGET/MACHINE.json of one target. */
static int scan_target(struct vg_matrix *m, const char *version, const char *target,
		       const char *tdir)
{
	char **names, *file, *machine;
	size_t nr, i;
	int ret = -1;

	if (list_dir(tdir, &names, &nr) < 0) {
		m->input_error = 1;
		return -1;
	}
	sort_names(names, nr);
	for (i = 0; i < nr; i++) {
		if (!ends_with(names[i], ".json")) {
			vg_warning("%s/%s: skipped: not a MACHINE.json dump", tdir, names[i]);
			continue;
		}
		file = vg_asprintf("%s/%s", tdir, names[i]);
		machine = vg_strndup(names[i], strlen(names[i]) - 5);
		if (!file || !machine ||
		    vg_matrix_add_dump(m, version, target, machine, file, file, NULL, 0) < 0) {
			free(file);
			free(machine);
			goto done;
		}
		free(file);
		free(machine);
	}
	ret = 0;
done:
	free_names(names, nr);
	return ret;
}

static int scan_release(struct vg_matrix *m, const char *dir, const char *version)
{
	char **names, *path = NULL, *tdir;
	size_t nr, i;
	int ret = -1;

	if (!(path = vg_asprintf("%s/%s", dir, version)))
		return -1;
	if (list_dir(path, &names, &nr) < 0) {
		m->input_error = 1;
		free(path);
		return -1;
	}
	sort_names(names, nr);
	for (i = 0; i < nr; i++) {
		if (!(tdir = vg_asprintf("%s/%s", path, names[i])))
			goto done;
		if (!is_dir(tdir))
			vg_warning("%s: skipped: not a TARGET directory", tdir);
		else if (scan_target(m, version, names[i], tdir) < 0) {
			free(tdir);
			goto done;
		}
		free(tdir);
	}
	ret = 0;
done:
	free_names(names, nr);
	free(path);
	return ret;
}

int vg_matrix_scan_dir(struct vg_matrix *m, const char *dir)
{
	char **names, *path;
	size_t nr, i;
	int ret = -1;

	if (!(m->source = vg_strdup(dir)))
		return -1;
	if (list_dir(dir, &names, &nr) < 0) {
		m->input_error = 1;
		return -1;
	}
	sort_names(names, nr);
	for (i = 0; i < nr; i++) {
		if (!(path = vg_asprintf("%s/%s", dir, names[i])))
			goto done;
		if (!is_dir(path))
			; /* a README */
		else if (vg_release_number(names[i]) < 0)
			vg_warning("%s: skipped: not a release directory (vX.Y[.Z][-SERIES])", path);
		else if (scan_release(m, dir, names[i]) < 0) {
			free(path);
			goto done;
		}
		free(path);
	}
	ret = 0;
done:
	free_names(names, nr);
	return ret;
}

/* Names with numbers in them, the numbers compared as numbers (virt-9.2 < virt-10.0). */
static int natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			unsigned long x = strtoul(a, (char **)&a, 10);
			unsigned long y = strtoul(b, (char **)&b, 10);

			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static int cmp_release(const struct vg_matrix_release *a, const struct vg_matrix_release *b)
{
	int c = strcmp(a->series, b->series);

	if (c)
		return c;
	if (a->number != b->number)
		return a->number < b->number ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int cmp_release_q(const void *a, const void *b)
{
	return cmp_release(a, b);
}

/* Sort the releases and renumber the dumps' references to them. */
static int sort_releases(struct vg_matrix *m)
{
	struct vg_matrix_release *old = vg_malloc(m->nr_releases * sizeof(*old) + 1);
	size_t *map = vg_malloc(m->nr_releases * sizeof(*map) + 1);
	size_t i, j;

	if (!old || !map) {
		free(old);
		free(map);
		return -1;
	}
	memcpy(old, m->releases, m->nr_releases * sizeof(*old));
	qsort(m->releases, m->nr_releases, sizeof(*m->releases), cmp_release_q);
	for (i = 0; i < m->nr_releases; i++)
		for (j = 0; j < m->nr_releases; j++)
			if (old[i].name == m->releases[j].name)
				map[i] = j;
	for (i = 0; i < m->nr_dumps; i++)
		m->dumps[i].release = map[m->dumps[i].release];
	free(old);
	free(map);
	return 0;
}

static int cmp_row_key(const struct vg_matrix_dump *a, const struct vg_matrix_dump *b)
{
	int c = natural_cmp(a->target, b->target);

	return c ? c : natural_cmp(a->machine, b->machine);
}

static int cmp_dump_q(const void *pa, const void *pb)
{
	const struct vg_matrix_dump *a = pa, *b = pb;
	int c = cmp_row_key(a, b);

	if (c)
		return c;
	return a->release < b->release ? -1 : a->release > b->release;
}

/* One row per TARGET/MACHINE; dump_at[row][release]. */
static int make_rows(struct vg_matrix *m)
{
	struct vg_matrix_dump *d;
	struct vg_matrix_row *r;
	size_t i;

	qsort(m->dumps, m->nr_dumps, sizeof(*m->dumps), cmp_dump_q);
	if (!(m->rows = vg_calloc(m->nr_dumps, sizeof(*m->rows))))
		return -1;
	for (i = 0; i < m->nr_dumps; i++) {
		d = &m->dumps[i];
		if (i && !cmp_row_key(d - 1, d)) {
			if (d[-1].release == d->release) {
				m->input_error = 1;
				return vg_error("%s: a second dump of %s/%s in %s", d->name, d->target,
						d->machine, m->releases[d->release].name);
			}
			d->row = m->nr_rows - 1;
			continue;
		}
		r = &m->rows[m->nr_rows++];
		d->row = m->nr_rows - 1;
		if (!(r->target = vg_strdup(d->target)) || !(r->machine = vg_strdup(d->machine)) ||
		    !(r->label = vg_asprintf("%s/%s", d->target, d->machine)))
			return -1;
	}
	if (!(m->dump_at = vg_calloc(m->nr_rows * m->nr_releases + 1, sizeof(*m->dump_at))))
		return -1;
	for (i = 0; i < m->nr_dumps; i++)
		m->dump_at[m->dumps[i].row * m->nr_releases + m->dumps[i].release] = i + 1;
	return 0;
}

static int add_pair(struct vg_matrix *m, size_t *alloc, size_t older, size_t newer,
		    int to_newest)
{
	int dir;

	if (VG_GROW(m->columns, *alloc, m->nr_columns + 2) < 0)
		return -1;
	for (dir = 0; dir < 2; dir++) {
		struct vg_matrix_column *c = &m->columns[m->nr_columns++];

		c->older = older;
		c->newer = newer;
		c->to_newest = to_newest;
		c->backward = dir;
	}
	return 0;
}

/* Per series: consecutive pairs, then each release into the newest. */
static int make_columns(struct vg_matrix *m)
{
	size_t alloc = 0, first, last, i;

	for (first = 0; first < m->nr_releases; first = last + 1) {
		last = first;
		while (last + 1 < m->nr_releases &&
		       !strcmp(m->releases[last + 1].series, m->releases[first].series))
			last++;
		for (i = first; i < last; i++)
			if (add_pair(m, &alloc, i, i + 1, 0) < 0)
				return -1;
		for (i = first; i + 1 < last; i++)
			if (add_pair(m, &alloc, i, last, 1) < 0)
				return -1;
	}
	return 0;
}

const struct vg_matrix_dump *vg_matrix_dump_at(const struct vg_matrix *m, size_t row,
					       size_t release)
{
	size_t i = m->dump_at[row * m->nr_releases + release];

	return i ? &m->dumps[i - 1] : NULL;
}

const struct vg_matrix_cell *vg_matrix_cell(const struct vg_matrix *m, size_t row, size_t col)
{
	return &m->cells[row * m->nr_columns + col];
}

/* A row's work: its own loaded dumps and error flag (rows run on two threads). */
struct row_job {
	struct vg_matrix *m;
	const struct vg_rules *rules;
	struct vg_dump *loaded;         /* one slot per release */
	int input_error;
};

static int load_dump(struct row_job *job, const struct vg_matrix_dump *d, struct vg_dump *out)
{
	int ret;

	if (d->path)
		ret = vg_dump_load(d->path, out);
	else
		ret = vg_dump_load_buffer(d->name, d->blob, d->blob_len, out);
	if (ret < 0)
		job->input_error = 1;
	return ret;
}

/* Keep what a cell shows: unwaived errors and warnings, and what was waived. */
static int drop_info(const struct vg_finding *f, const struct vg_findings *list,
		     size_t kept, void *payload)
{
	return !f->waived_by && f->severity == VG_SEV_INFO;
}

static int compare_cell(struct row_job *job, size_t row, size_t col)
{
	struct vg_matrix *m = job->m;
	const struct vg_rules *rules = job->rules;
	const struct vg_dump *loaded = job->loaded;
	const struct vg_matrix_column *c = &m->columns[col];
	struct vg_matrix_cell *cell = &m->cells[row * m->nr_columns + col];
	const struct vg_dump *src = &loaded[vg_matrix_src(c)], *dst = &loaded[vg_matrix_dst(c)];
	char *range;
	size_t i;
	int ret = -1;

	range = vg_asprintf("%s..%s", m->releases[c->older].name, m->releases[c->newer].name);
	if (!range || vg_compare_dumps(src, dst, rules, &cell->findings) < 0)
		goto done;
	if (!cell->findings.sections_compared) {
		job->input_error = 1;
		vg_error("no section of %s was found in %s: nothing was compared, which is "
			 "not a pass", src->path, dst->path);
		goto done;
	}
	if (vg_compare_apply_known_breaks(rules, range, &cell->findings) < 0)
		goto done;
	vg_findings_dedup(&cell->findings);
	cell->errors = vg_findings_count(&cell->findings, VG_SEV_ERROR);
	cell->warnings = vg_findings_count(&cell->findings, VG_SEV_WARNING);
	cell->infos = vg_findings_count(&cell->findings, VG_SEV_INFO);
	cell->waived = vg_findings_waived(&cell->findings);
	cell->sections = cell->findings.sections_compared;
	vg_findings_filter(&cell->findings, drop_info, NULL);
	for (i = 0; i < cell->findings.nr; i++)
		if (vg_finding_set(&cell->findings.items[i].machine, m->rows[row].machine) < 0)
			goto done;
	vg_findings_sort(&cell->findings);
	cell->state = cell->errors ? VG_MATRIX_RED :
		      cell->warnings || cell->waived ? VG_MATRIX_AMBER : VG_MATRIX_GREEN;
	ret = 0;
done:
	free(range);
	return ret;
}

/* Load the row's dumps that some cell needs, once each, then compare its cells. */
static int build_row(struct row_job *job, size_t row)
{
	struct vg_matrix *m = job->m;
	struct vg_matrix_dump *a, *b;
	size_t col, i;
	int ret = -1;

	for (col = 0; col < m->nr_columns; col++) {
		a = (struct vg_matrix_dump *)vg_matrix_dump_at(m, row, m->columns[col].older);
		b = (struct vg_matrix_dump *)vg_matrix_dump_at(m, row, m->columns[col].newer);
		if (a && b)
			a->used = b->used = m->rows[row].paired = 1;
	}
	for (i = 0; i < m->nr_releases; i++) {
		a = (struct vg_matrix_dump *)vg_matrix_dump_at(m, row, i);
		if (a && a->used && load_dump(job, a, &job->loaded[i]) < 0)
			goto done;
	}
	for (col = 0; col < m->nr_columns; col++)
		if (vg_matrix_dump_at(m, row, m->columns[col].older) &&
		    vg_matrix_dump_at(m, row, m->columns[col].newer) &&
		    compare_cell(job, row, col) < 0)
			goto done;
	ret = 0;
done:
	for (i = 0; i < m->nr_releases; i++)
		vg_dump_release(&job->loaded[i]);
	return ret;
}

/*
 * Two workers take rows in turn: loading dumps is most of the time, and a
 * row touches only its own dumps, cells and flags. A row that fails stops
 * its worker; the other finishes its rows.
 */
struct row_queue {
	pthread_mutex_t lock;
	size_t next;
	int failed;
};

struct row_worker {
	struct row_job job;
	struct row_queue *queue;
	int ret;
};

static void *row_worker_run(void *arg)
{
	struct row_worker *w = arg;
	struct row_queue *q = w->queue;
	size_t row;

	for (;;) {
		pthread_mutex_lock(&q->lock);
		row = q->failed ? w->job.m->nr_rows : q->next++;
		pthread_mutex_unlock(&q->lock);
		if (row >= w->job.m->nr_rows)
			break;
		if (build_row(&w->job, row) < 0) {
			w->ret = -1;
			pthread_mutex_lock(&q->lock);
			q->failed = 1;
			pthread_mutex_unlock(&q->lock);
			break;
		}
	}
	return NULL;
}

static int build_rows(struct vg_matrix *m, const struct vg_rules *rules)
{
	struct row_queue q = { PTHREAD_MUTEX_INITIALIZER, 0, 0 };
	struct row_worker w[2];
	pthread_t tid;
	int threaded, i;

	for (i = 0; i < 2; i++) {
		w[i].job = (struct row_job){ m, rules, NULL, 0 };
		w[i].queue = &q;
		w[i].ret = 0;
		w[i].job.loaded = vg_calloc(m->nr_releases, sizeof(struct vg_dump));
	}
	if (!w[0].job.loaded || !w[1].job.loaded) {
		free(w[0].job.loaded);
		free(w[1].job.loaded);
		return -1;
	}
#ifdef __GLIBC__
	/* As compare does: the two threads' heaps do not take turns growing. */
	mallopt(M_TOP_PAD, 8 << 20);
#endif
	threaded = m->nr_rows > 1 && !pthread_create(&tid, NULL, row_worker_run, &w[1]);
	row_worker_run(&w[0]);
	if (threaded)
		pthread_join(tid, NULL);
	m->input_error |= w[0].job.input_error || w[1].job.input_error;
	free(w[0].job.loaded);
	free(w[1].job.loaded);
	return w[0].ret < 0 || w[1].ret < 0 ? -1 : 0;
}

int vg_matrix_build(struct vg_matrix *m, const struct vg_rules *rules)
{
	size_t row, i, paired = 0;

	if (!m->nr_dumps) {
		m->input_error = 1;
		return vg_error("%s: no release dumps (VERSION/TARGET/MACHINE.json) found",
				m->source ? m->source : "matrix");
	}
	if (sort_releases(m) < 0 || make_rows(m) < 0 || make_columns(m) < 0)
		return -1;
	if (!m->nr_columns) {
		m->input_error = 1;
		return vg_error("%s: no two releases of one series: nothing to compare",
				m->source ? m->source : "matrix");
	}
	if (!(m->cells = vg_calloc(m->nr_rows * m->nr_columns, sizeof(*m->cells))))
		return -1;
	for (i = 0; i < m->nr_rows * m->nr_columns; i++)
		m->cells[i].findings = (struct vg_findings)VG_FINDINGS_INIT;
	if (build_rows(m, rules) < 0)
		return -1;
	for (row = 0; row < m->nr_rows; row++)
		paired += m->rows[row].paired;
	if (!paired) {
		m->input_error = 1;
		return vg_error("%s: no machine type has a dump in two paired releases: nothing "
				"to compare", m->source ? m->source : "matrix");
	}
	return 0;
}

void vg_matrix_tally(const struct vg_matrix *m, size_t counts[4])
{
	size_t row, col;

	memset(counts, 0, 4 * sizeof(*counts));
	for (row = 0; row < m->nr_rows; row++)
		if (m->rows[row].paired)
			for (col = 0; col < m->nr_columns; col++)
				counts[vg_matrix_cell(m, row, col)->state]++;
}

void vg_matrix_release(struct vg_matrix *m)
{
	size_t i;

	for (i = 0; m->cells && i < m->nr_rows * m->nr_columns; i++)
		vg_findings_release(&m->cells[i].findings);
	for (i = 0; i < m->nr_releases; i++) {
		free(m->releases[i].name);
		free(m->releases[i].series);
	}
	for (i = 0; i < m->nr_dumps; i++) {
		free(m->dumps[i].target);
		free(m->dumps[i].machine);
		free(m->dumps[i].name);
		free(m->dumps[i].path);
		free(m->dumps[i].blob);
	}
	for (i = 0; i < m->nr_rows; i++) {
		free(m->rows[i].target);
		free(m->rows[i].machine);
		free(m->rows[i].label);
	}
	free(m->cells);
	free(m->dump_at);
	free(m->columns);
	free(m->rows);
	free(m->dumps);
	free(m->releases);
	free(m->source);
	memset(m, 0, sizeof(*m));
}
