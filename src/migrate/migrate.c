#include "migrate/migrate.h"
#include "migrate/proc.h"
#include "migrate/qmp.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *vg_mig_verdict_name(enum vg_mig_verdict v)
{
	switch (v) {
	case VG_MIG_PASS:
		return "pass";
	case VG_MIG_FAIL:
		return "FAIL";
	case VG_MIG_UNMIGRATABLE:
		return "unmigratable";
	case VG_MIG_NOT_TESTABLE:
		return "not testable";
	default:
		return "not run";
	}
}

struct vg_mig_device *vg_mig_set_add(struct vg_mig_set *set, const char *spec,
				     const char *section)
{
	struct vg_mig_device *d;

	if (VG_GROW(set->items, set->alloc, set->nr + 1) < 0)
		return NULL;
	d = &set->items[set->nr];
	memset(d, 0, sizeof(*d));
	d->control = "not run";
	if (!(d->spec = vg_strdup(spec)) || (section && !(d->section = vg_strdup(section)))) {
		free(d->spec);
		return NULL;
	}
	set->nr++;
	return d;
}

void vg_mig_set_release(struct vg_mig_set *set)
{
	size_t i;

	for (i = 0; i < set->nr; i++) {
		free(set->items[i].spec);
		free(set->items[i].section);
		free(set->items[i].message);
	}
	free(set->items);
	*set = (struct vg_mig_set)VG_MIG_SET_INIT;
}

void vg_mig_count(const struct vg_mig_set *set, size_t counts[5])
{
	size_t i;

	memset(counts, 0, 5 * sizeof(*counts));
	for (i = 0; i < set->nr; i++)
		counts[set->items[i].verdict]++;
}

/* ---- the private directory ---- */

int vg_mig_session_begin(struct vg_mig_session *s)
{
	const char *tmp = getenv("TMPDIR");

	/*
	 * Unix socket paths must stay under 108 bytes: TMPDIR + "/vgm.XXXXXX"
	 * + "/NNNNNN-p.qmp"; a longer TMPDIR is not used.
	 */
	if (!tmp || !*tmp || strlen(tmp) > 80)
		tmp = "/tmp";
	s->next = 0;
	snprintf(s->dir, sizeof(s->dir), "%s/vgm.XXXXXX", tmp);
	if (!mkdtemp(s->dir)) {
		vg_error("cannot create a private directory in %s: %s", tmp, strerror(errno));
		s->dir[0] = '\0';
		return -1;
	}
	return 0;
}

void vg_mig_session_end(struct vg_mig_session *s)
{
	DIR *d;
	struct dirent *e;
	char path[512];

	if (!s->dir[0])
		return;
	if ((d = opendir(s->dir))) {
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
				snprintf(path, sizeof(path), "%s/%s", s->dir, e->d_name);
				unlink(path);
			}
		closedir(d);
	}
	if (rmdir(s->dir) < 0)
		vg_warning("cannot remove %s: %s", s->dir, strerror(errno));
	s->dir[0] = '\0';
}

/* ---- one QEMU ---- */

struct qemu {
	struct vg_proc proc;
	struct vg_qmp qmp;
	char qmp_path[300], err_path[300];
	char *qmp_arg;
	int started;
};

static void qemu_init(struct qemu *q, const char *who)
{
	memset(q, 0, sizeof(*q));
	q->qmp = (struct vg_qmp)VG_QMP_INIT(who);
}

/* Kill, reap, close, and remove its files. */
static void qemu_end(struct qemu *q)
{
	vg_qmp_release(&q->qmp);
	if (q->started)
		vg_proc_kill(&q->proc);
	if (q->qmp_path[0])
		unlink(q->qmp_path);
	if (q->err_path[0])
		unlink(q->err_path);
	free(q->qmp_arg);
	q->qmp_arg = NULL;
}

/*
 * Start binary with the machine, the device (or none) and, for a
 * destination, -incoming defer. tag names its files in the directory.
 */
static int qemu_start(struct qemu *q, const struct vg_mig_opts *opts, struct vg_mig_session *s,
		      const char *binary, const char *device, int incoming, const char *tag,
		      struct vg_why *why)
{
	char *argv[20];
	int n = 0;

	snprintf(q->qmp_path, sizeof(q->qmp_path), "%s/%s.qmp", s->dir, tag);
	snprintf(q->err_path, sizeof(q->err_path), "%s/%s.err", s->dir, tag);
	if (!(q->qmp_arg = vg_asprintf("unix:%s,server=on,wait=off", q->qmp_path)))
		return vg_why_set(why, "out of memory");
	argv[n++] = (char *)binary;
	argv[n++] = (char *)"-nodefaults";
	argv[n++] = (char *)"-display";
	argv[n++] = (char *)"none";
	argv[n++] = (char *)"-S";
	argv[n++] = (char *)"-M";
	argv[n++] = (char *)opts->machine;
	argv[n++] = (char *)"-accel";
	argv[n++] = (char *)opts->accel;
	argv[n++] = (char *)"-qmp";
	argv[n++] = q->qmp_arg;
	if (device) {
		argv[n++] = (char *)"-device";
		argv[n++] = (char *)device;
	}
	if (incoming) {
		argv[n++] = (char *)"-incoming";
		argv[n++] = (char *)"defer";
	}
	argv[n] = NULL;
	if (vg_proc_spawn(&q->proc, argv, q->err_path, why) < 0)
		return -1;
	q->started = 1;
	return 0;
}

/* Connect and negotiate; *nostart: QEMU ended first (its reason in why). */
static int qemu_ready(struct qemu *q, const struct vg_mig_opts *opts, int *nostart,
		      struct vg_why *why)
{
	char *lines;

	*nostart = 0;
	if (!vg_qmp_connect(&q->qmp, q->qmp_path, &q->proc, nostart,
			    vg_mig_now() + opts->timeout, why) &&
	    !vg_qmp_handshake(&q->qmp, vg_mig_now() + opts->timeout, why))
		return 0;
	/*
	 * QEMU opens its QMP socket before it creates the devices: one that
	 * cannot create its device exits right after, with the reason on stderr.
	 */
	if (!*nostart && q->qmp.closed && !vg_mig_stop)
		*nostart = vg_proc_wait(&q->proc, vg_mig_now() + 2);
	if (*nostart && (lines = vg_proc_error_lines(q->err_path))) {
		if (*lines)
			vg_why_set(why, "%s", lines);
		free(lines);
	}
	return -1;
}

/* ---- one migration ---- */

enum run_result { RUN_PASS, RUN_FAIL, RUN_NOSTART, RUN_STOPPED };

/* A failed run's message: the destination's error lines, else fallback. */
static void blame(struct qemu *dst, struct qemu *src, const char *fallback, struct vg_why *why)
{
	char *lines;
	char status[64];

	/* A destination that failed to load exits: give it a moment to say why. */
	vg_proc_wait(&dst->proc, vg_mig_now() + 2);
	lines = vg_proc_error_lines(dst->err_path);
	if (lines && *lines) {
		vg_why_set(why, "%s", lines);
	} else if (fallback && *fallback) {
		vg_why_set(why, "%s", fallback);
	} else if (vg_proc_exited(&dst->proc)) {
		vg_proc_describe(&dst->proc, status, sizeof(status));
		vg_why_set(why, "the destination %s", status);
	} else if (vg_proc_exited(&src->proc)) {
		free(lines);
		lines = vg_proc_error_lines(src->err_path);
		vg_proc_describe(&src->proc, status, sizeof(status));
		vg_why_set(why, "the source %s%s%s", status, lines && *lines ? ": " : "",
			   lines ? lines : "");
	}
	free(lines);
}

/* query-migrate's status (and error-desc) into st/err. */
static int migrate_status(struct qemu *q, double deadline, char *st, size_t stlen,
			  char *err, size_t errlen, struct vg_why *why)
{
	cJSON *ret = NULL;
	const cJSON *v;

	if (vg_qmp_command(&q->qmp, "query-migrate", NULL, deadline, &ret, why) < 0)
		return -1;
	v = cJSON_GetObjectItemCaseSensitive(ret, "status");
	snprintf(st, stlen, "%s", cJSON_IsString(v) ? v->valuestring : "");
	v = cJSON_GetObjectItemCaseSensitive(ret, "error-desc");
	if (err && cJSON_IsString(v))
		snprintf(err, errlen, "%s", v->valuestring);
	cJSON_Delete(ret);
	return 0;
}

static int stderr_says_failed(const char *path)
{
	char *lines = vg_proc_error_lines(path);
	int r = lines && strstr(lines, "load of migration failed");

	free(lines);
	return r;
}

/*
 * Watch the migration until both sides say completed, one fails or dies,
 * or the deadline passes.
 */
static enum run_result watch(struct qemu *dst, struct qemu *src, const struct vg_mig_opts *opts,
			     struct vg_why *why)
{
	double deadline = vg_mig_now() + opts->timeout;
	char sst[32], dst_st[32], err[400] = "";
	struct vg_why qwhy;

	for (;;) {
		if (vg_mig_stop)
			return RUN_STOPPED;
		if (vg_proc_exited(&dst->proc) || vg_proc_exited(&src->proc)) {
			blame(dst, src, NULL, why);
			return RUN_FAIL;
		}
		if (migrate_status(src, deadline, sst, sizeof(sst), err, sizeof(err), &qwhy) < 0) {
			blame(dst, src, qwhy.msg, why);
			return vg_mig_stop ? RUN_STOPPED : RUN_FAIL;
		}
		if (!strcmp(sst, "failed") || !strcmp(sst, "cancelled")) {
			blame(dst, src, *err ? err : "the source reports the migration failed", why);
			return RUN_FAIL;
		}
		if (!strcmp(sst, "completed")) {
			if (migrate_status(dst, deadline, dst_st, sizeof(dst_st), NULL, 0, &qwhy) < 0) {
				blame(dst, src, qwhy.msg, why);
				return vg_mig_stop ? RUN_STOPPED : RUN_FAIL;
			}
			if (!strcmp(dst_st, "failed")) {
				blame(dst, src, "the destination reports the migration failed", why);
				return RUN_FAIL;
			}
			if ((!strcmp(dst_st, "completed") ||
			     !strcmp(dst->qmp.migration, "completed")) &&
			    !vg_proc_exited(&dst->proc)) {
				if (stderr_says_failed(dst->err_path)) {
					blame(dst, src, NULL, why);
					return RUN_FAIL;
				}
				return RUN_PASS;
			}
		}
		if (vg_mig_now() >= deadline) {
			vg_why_set(why, "timed out after %gs: the migration was still '%s' "
				   "(source) and '%s' (destination)", opts->timeout, sst,
				   *dst->qmp.migration ? dst->qmp.migration : "?");
			return RUN_FAIL;
		}
		poll(NULL, 0, 20);
	}
}

static enum run_result migrate_once(const struct vg_mig_opts *opts, struct vg_mig_session *s,
				    const char *from, const char *to, const char *device,
				    struct vg_why *why)
{
	unsigned n = __atomic_fetch_add(&s->next, 1, __ATOMIC_RELAXED);
	struct qemu dst, src;
	char tag[32], sock[300], *args = NULL;
	enum run_result r = RUN_FAIL;
	int nostart;

	qemu_init(&dst, "the destination");
	qemu_init(&src, "the source");
	snprintf(sock, sizeof(sock), "%s/%u-m.sock", s->dir, n);
	snprintf(tag, sizeof(tag), "%u-d", n);
	if (qemu_start(&dst, opts, s, to, device, 1, tag, why) < 0)
		goto done;
	snprintf(tag, sizeof(tag), "%u-s", n);
	if (qemu_start(&src, opts, s, from, device, 0, tag, why) < 0)
		goto done;
	if (qemu_ready(&dst, opts, &nostart, why) < 0 ||
	    qemu_ready(&src, opts, &nostart, why) < 0) {
		r = vg_mig_stop ? RUN_STOPPED : nostart ? RUN_NOSTART : RUN_FAIL;
		goto done;
	}
	if (!(args = vg_asprintf("{\"uri\": \"unix:%s\"}", sock))) {
		vg_why_set(why, "out of memory");
		goto done;
	}
	if (vg_qmp_command(&dst.qmp, "migrate-incoming", args, vg_mig_now() + opts->timeout,
			   NULL, why) < 0 ||
	    vg_qmp_command(&src.qmp, "migrate", args, vg_mig_now() + opts->timeout,
			   NULL, why) < 0) {
		r = vg_mig_stop ? RUN_STOPPED : RUN_FAIL;
		goto done;
	}
	r = watch(&dst, &src, opts, why);
done:
	free(args);
	qemu_end(&src);
	qemu_end(&dst);
	unlink(sock);
	if (vg_mig_stop)
		r = RUN_STOPPED;
	return r;
}

/* ---- one device ---- */

static int same_binary(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) < 0 || stat(b, &sb) < 0)
		return !strcmp(a, b);
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int set_message(struct vg_mig_device *d, const char *prefix, const char *msg)
{
	free(d->message);
	d->message = vg_asprintf("%s%s", prefix, msg);
	return d->message ? 0 : -1;
}

/* A control run (bin -> bin); 1 if it passed, 0 if it decided the device, -1 stopped. */
static int control(const struct vg_mig_opts *opts, struct vg_mig_session *s,
		   struct vg_mig_device *d, const char *bin, const char *side)
{
	struct vg_why why = { "" };
	char prefix[64];

	switch (migrate_once(opts, s, bin, bin, d->spec, &why)) {
	case RUN_PASS:
		return 1;
	case RUN_NOSTART:
		d->verdict = VG_MIG_NOT_TESTABLE;
		snprintf(prefix, sizeof(prefix), "%s: ", side);
		set_message(d, prefix, why.msg);
		return 0;
	case RUN_FAIL:
		d->verdict = VG_MIG_UNMIGRATABLE;
		d->control = "fail";
		snprintf(prefix, sizeof(prefix), "%s -> %s: ", side, side);
		set_message(d, prefix, why.msg);
		return 0;
	default:
		return -1;
	}
}

static int migrate_device(const struct vg_mig_opts *opts, struct vg_mig_session *s,
			  struct vg_mig_device *d)
{
	struct vg_why why = { "" };
	double start = vg_mig_now();
	int r, one = same_binary(opts->src_qemu, opts->dst_qemu);
	unsigned i;

	if ((r = control(opts, s, d, opts->dst_qemu, "NEW")) <= 0)
		goto done;
	if (one) {
		/* The control was the migration asked for. */
		d->control = "same binary";
		d->runs = 1;
		d->verdict = VG_MIG_PASS;
		goto done;
	}
	d->control = "NEW only";
	if ((r = control(opts, s, d, opts->src_qemu, "OLD")) <= 0)
		goto done;
	d->control = "pass";
	d->verdict = VG_MIG_PASS;
	for (i = 0; i < (d->runs_failed ? opts->repeat : 1); i++) {
		enum run_result rr = migrate_once(opts, s, opts->src_qemu, opts->dst_qemu,
						  d->spec, &why);

		if (rr == RUN_STOPPED) {
			r = -1;
			goto done;
		}
		d->runs++;
		if (rr != RUN_PASS) {
			if (!d->runs_failed++ && set_message(d, "", why.msg) < 0)
				return -1;
			d->verdict = VG_MIG_FAIL;
		}
	}
	r = 0;
done:
	d->seconds = vg_mig_now() - start;
	if (r < 0)
		d->verdict = VG_MIG_PENDING;
	return r < 0 ? -1 : 0;
}

/* ---- the pool ---- */

struct pool {
	const struct vg_mig_opts *opts;
	struct vg_mig_session *s;
	struct vg_mig_set *set;
	pthread_mutex_t lock;
	size_t next, done;
	int failed;
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		struct vg_mig_device *d;
		size_t i;

		pthread_mutex_lock(&p->lock);
		while (p->next < p->set->nr && p->set->items[p->next].verdict != VG_MIG_PENDING)
			p->next++, p->done++;
		i = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->set->nr || vg_mig_stop)
			return NULL;
		d = &p->set->items[i];
		if (migrate_device(p->opts, p->s, d) < 0) {
			pthread_mutex_lock(&p->lock);
			p->failed = 1;
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		pthread_mutex_lock(&p->lock);
		p->done++;
		if (!p->opts->quiet)
			fprintf(stderr, "migrate: [%zu/%zu] %s: %s%s%s\n", p->done, p->set->nr,
				d->spec, vg_mig_verdict_name(d->verdict),
				d->message ? ": " : "", d->message ? d->message : "");
		pthread_mutex_unlock(&p->lock);
	}
}

int vg_mig_run(const struct vg_mig_opts *opts, struct vg_mig_session *s,
	       struct vg_mig_set *set)
{
	struct pool p = { opts, s, set, PTHREAD_MUTEX_INITIALIZER, 0, 0, 0 };
	pthread_t tids[64];
	unsigned n = opts->jobs ? opts->jobs : 1, started = 0, i;

	if (n > VG_ARRAY_SIZE(tids))
		n = VG_ARRAY_SIZE(tids);
	for (i = 1; i < n; i++) {
		if (pthread_create(&tids[started], NULL, worker, &p))
			break;
		started++;
	}
	worker(&p);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	pthread_mutex_destroy(&p.lock);
	if (vg_mig_stop)
		return -1;
	return p.failed ? vg_error("migrate: a migration could not be run") : 0;
}

/* ---- which devices a user may create ---- */

static int string_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A probe QEMU: the machine, no device, ready on QMP. */
static int probe_start(struct qemu *q, const struct vg_mig_opts *opts, struct vg_mig_session *s,
		       const char *qemu, struct vg_why *why)
{
	unsigned n = __atomic_fetch_add(&s->next, 1, __ATOMIC_RELAXED);
	char tag[32];
	int nostart;

	qemu_init(q, "the probe QEMU");
	snprintf(tag, sizeof(tag), "%u-p", n);
	if (qemu_start(q, opts, s, qemu, NULL, 0, tag, why) < 0 ||
	    qemu_ready(q, opts, &nostart, why) < 0)
		return -1;
	return 0;
}

/*
 * QEMU checks that a type is user-creatable on this machine before it
 * looks at a bus or a property (qdev_device_add() in qdev-monitor.c,
 * 7.2 and later): those refusals are about the "driver" parameter.
 */
static const char not_creatable_prefix[] = "Parameter 'driver' ";

/* NULL (creatable) or the reason; *dead: the probe QEMU ended. */
static int probe_one(struct qemu *q, const struct vg_mig_opts *opts, const char *name,
		     char **reason, int *dead)
{
	cJSON *args = cJSON_CreateObject();
	char *text = NULL;
	struct vg_why why = { "" };
	int ret = -1;

	*reason = NULL;
	*dead = 0;
	if (!args || !cJSON_AddStringToObject(args, "driver", name) ||
	    !cJSON_AddStringToObject(args, "id", "vg-probe") ||
	    !cJSON_AddStringToObject(args, "vg-probe-no-such-property", "1") ||
	    !(text = cJSON_PrintUnformatted(args)))
		goto done;
	if (!vg_qmp_command(&q->qmp, "device_add", text, vg_mig_now() + opts->timeout,
			    NULL, &why)) {
		/* Accepted after all: take it out again; it is creatable. */
		vg_qmp_command(&q->qmp, "device_del", "{\"id\": \"vg-probe\"}",
			       vg_mig_now() + opts->timeout, NULL, &why);
		ret = 0;
		goto done;
	}
	if (vg_mig_stop)
		goto done;
	if (vg_proc_exited(&q->proc) || strstr(why.msg, "QMP")) {
		*dead = 1;
		*reason = vg_asprintf("QEMU ended when asked to create it: %s", why.msg);
		ret = *reason ? 0 : -1;
		goto done;
	}
	/* why is "device_add: DESC". */
	if (strstr(why.msg, not_creatable_prefix) && !(*reason = vg_strdup(why.msg + 12)))
		goto done;
	ret = 0;
done:
	free(text);
	cJSON_Delete(args);
	return ret;
}

int vg_mig_probe_types(const struct vg_mig_opts *opts, struct vg_mig_session *s,
		       const char *qemu, char *const *names, size_t nr,
		       char ***reasons, char **why)
{
	struct qemu q;
	struct vg_why w = { "" };
	size_t i;
	int dead = 1, ret = -1;

	*why = NULL;
	qemu_init(&q, "the probe QEMU");
	if (!(*reasons = vg_calloc(nr ? nr : 1, sizeof(**reasons))))
		return -1;
	for (i = 0; i < nr; i++) {
		if (dead) {
			qemu_end(&q);
			if (probe_start(&q, opts, s, qemu, &w) < 0) {
				*why = vg_strdup(w.msg);
				goto done;
			}
		}
		if (probe_one(&q, opts, names[i], &(*reasons)[i], &dead) < 0)
			goto done;
	}
	ret = 0;
done:
	qemu_end(&q);
	if (vg_mig_stop)
		ret = -1;
	return ret;
}

/* qom-list-types: the concrete device types. */
static int list_types(const struct vg_mig_opts *opts, struct vg_mig_session *s,
		      const char *qemu, char ***types, size_t *nr, struct vg_why *why)
{
	struct qemu q;
	cJSON *ret = NULL;
	const cJSON *t;
	size_t alloc = 0;
	int r = -1;

	*types = NULL;
	*nr = 0;
	if (probe_start(&q, opts, s, qemu, why) < 0)
		goto done;
	if (vg_qmp_command(&q.qmp, "qom-list-types",
			   "{\"implements\": \"device\", \"abstract\": false}",
			   vg_mig_now() + opts->timeout, &ret, why) < 0)
		goto done;
	if (!cJSON_IsArray(ret)) {
		vg_why_set(why, "qom-list-types did not return a list");
		goto done;
	}
	cJSON_ArrayForEach(t, ret) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(t, "name");
		const cJSON *abs = cJSON_GetObjectItemCaseSensitive(t, "abstract");

		if (!cJSON_IsString(name) || cJSON_IsTrue(abs))
			continue;
		if (VG_GROW(*types, alloc, *nr + 1) < 0 ||
		    !((*types)[*nr] = vg_strdup(name->valuestring))) {
			vg_why_set(why, "out of memory");
			goto done;
		}
		(*nr)++;
	}
	r = 0;
done:
	cJSON_Delete(ret);
	qemu_end(&q);
	return r;
}

int vg_mig_list_devices(const struct vg_mig_opts *opts, struct vg_mig_session *s,
			const char *qemu, char ***types, size_t *nr, char **why)
{
	struct vg_why w = { "" };
	char **all = NULL, **reasons = NULL;
	size_t n = 0, total = 0, i, kept = 0;
	int ret = -1;

	*why = NULL;
	*types = NULL;
	*nr = 0;
	if (list_types(opts, s, qemu, &all, &n, &w) < 0) {
		*why = vg_strdup(w.msg);
		goto done;
	}
	total = n;
	if (vg_mig_probe_types(opts, s, qemu, all, n, &reasons, why) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		if (reasons[i]) {
			free(all[i]);
			continue;
		}
		all[kept++] = all[i];
	}
	n = kept;
	qsort(all, n, sizeof(*all), string_cmp);
	*types = all;
	*nr = n;
	all = NULL;
	ret = 0;
done:
	if (reasons) {
		for (i = 0; i < total; i++)
			free(reasons[i]);
		free(reasons);
	}
	if (all) {
		for (i = 0; i < n; i++)
			free(all[i]);
		free(all);
	}
	return ret;
}
