/*
 * The dump side of `check` (check.h): find or make the two sets, compare
 * them machine by machine, and merge the result into the source findings.
 */
#include "dumps/check.h"
#include "dumps/baseline.h"
#include "dumps/dumps.h"
#include "dumps/proc.h"
#include "compare/compare.h"
#include "core/exitcode.h"
#include "core/rules.h"
#include "dump/dump.h"
#include "git/waiver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define DUMP_TIMEOUT 60

/* One set, read from the cache or a ref. */
struct set {
	char *dir;                 /* a cache entry, or NULL */
	struct vg_dumps_ref ref;   /* or a published set */
	struct vg_dumps_src src;
	struct vg_dumps_manifest m;
	char *label;               /* for messages */
};

struct ctx {
	struct vg_repo *repo;
	const struct vg_dumps_check_opts *o;
	char *mode, *build_dir, *build_cmd, *remote, *cache;
	int always, staged_on;
	struct vg_oid commit, base;
	char *base_label;
	struct set old, new_;
	size_t machines;           /* compared on, for the caller */
	int old_pending;           /* --build-baseline: the baseline is built after find_new */
	int exit_code;
};

static void set_release(struct set *s)
{
	free(s->dir);
	vg_dumps_ref_close(&s->ref);
	vg_dumps_manifest_release(&s->m);
	free(s->label);
	memset(s, 0, sizeof(*s));
}

static int fail(struct ctx *c, int code)
{
	c->exit_code = code;
	return -1;
}

static int str_eq(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

static int any_ref(const char *name, const struct vg_oid *commit, void *payload)
{
	(void)name;
	(void)commit;
	(void)payload;
	return 1;
}

/* git config's booleans: 1, 0, or -1 (not one). */
static int parse_bool(const char *v)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0", "" };
	size_t i;

	for (i = 0; i < 4; i++)
		if (!strcasecmp(v, yes[i]))
			return 1;
	for (i = 0; i < 5; i++)
		if (!strcasecmp(v, no[i]))
			return 0;
	return -1;
}

static int read_staged(struct ctx *c)
{
	char *v = NULL;

	if (vg_repo_config_string(c->repo, "vmstate-gate.stagedDumps", &v) < 0)
		return fail(c, VG_EXIT_INTERNAL);
	c->staged_on = v ? parse_bool(v) : 0;
	if (c->staged_on < 0) {
		vg_error("vmstate-gate.stagedDumps is '%s': true or false", v);
		free(v);
		return fail(c, VG_EXIT_USAGE);
	}
	free(v);
	return 0;
}

static int read_config(struct ctx *c)
{
	if (vg_repo_config_string(c->repo, "vmstate-gate.dumps", &c->mode) < 0 ||
	    vg_repo_config_string(c->repo, "vmstate-gate.buildCommand", &c->build_cmd) < 0 ||
	    vg_repo_config_string(c->repo, "vmstate-gate.remote", &c->remote) < 0)
		return fail(c, VG_EXIT_INTERNAL);
	if (c->mode && strcmp(c->mode, "auto") && strcmp(c->mode, "always") &&
	    strcmp(c->mode, "never")) {
		vg_error("vmstate-gate.dumps is '%s': auto, always or never", c->mode);
		return fail(c, VG_EXIT_USAGE);
	}
	c->always = c->mode && !strcmp(c->mode, "always");
	if (read_staged(c) < 0)
		return -1;
	free(c->build_dir);
	if (vg_dumps_build_dir(c->repo, &c->build_dir) < 0)
		return fail(c, VG_EXIT_INTERNAL);
	return 0;
}

int vg_dumps_build_dir(struct vg_repo *repo, char **out)
{
	char *abs;

	*out = NULL;
	if (vg_repo_config_string(repo, "vmstate-gate.buildDir", out) < 0)
		return -1;
	/* A relative build dir is relative to the work tree's root. */
	if (*out && (*out)[0] != '/' && vg_repo_workdir(repo)) {
		if (!(abs = vg_asprintf("%s%s", vg_repo_workdir(repo), *out)))
			return -1;
		free(*out);
		*out = abs;
	}
	return 0;
}

/* Is the dump side on? 1 yes, 0 no. */
static int wanted(struct ctx *c)
{
	int r;

	if (c->mode && !strcmp(c->mode, "never"))
		return 0;
	if (c->o->staged && !c->staged_on)
		return 0;
	if (c->always || c->build_dir)
		return 1;
	r = vg_repo_foreach_ref(c->repo, VG_DUMPS_REF_PREFIX "*", any_ref, NULL);
	return r < 0 ? -1 : r == 1;
}

/* Not there: a failure with always, a note and source-only with auto. */
static int missing(struct ctx *c, const char *what)
{
	if (c->always) {
		vg_error("dumps: %s (vmstate-gate.dumps is always)", what);
		return fail(c, VG_EXIT_INTERNAL);
	}
	fprintf(stderr, "vmstate-gate: dumps: %s; the check is source-only\n", what);
	return 1;
}

static int tree_hex(struct ctx *c, const struct vg_oid *commit, char *hex)
{
	struct vg_tree *t;
	struct vg_oid id;

	if (vg_tree_of_commit(c->repo, commit, &t) < 0)
		return -1;
	vg_tree_id(t, &id);
	vg_tree_free(t);
	vg_oid_hex(&id, hex);
	return 0;
}

static int open_dir_set(struct set *s, char *dir)
{
	s->dir = dir;
	s->src.read = vg_dumps_dir_read;
	s->src.ctx = dir;
	s->src.where = dir;
	return vg_dumps_read_manifest(&s->src, &s->m);
}

/* The baseline's set from refs/vmstate-dumps/: X.Y.Z, X.Y, vX.Y.Z. */
static int open_ref_set(struct ctx *c, struct set *s)
{
	const char *v = c->base_label;
	char *names[3] = { NULL, NULL, NULL }, *dot;
	int i, r = 0;

	if (vg_starts_with(v, "VERSION "))
		v += 8;
	else if (*v == 'v')
		v++;
	names[0] = vg_strdup(v);
	names[1] = vg_strdup(v);
	names[2] = vg_asprintf("v%s", v);
	if (!names[0] || !names[1] || !names[2]) {
		r = -1;
		goto done;
	}
	if ((dot = strchr(names[1], '.')) && (dot = strchr(dot + 1, '.')))
		*dot = 0;
	for (i = 0; i < 3 && r == 0; i++) {
		if (!vg_dumps_version_ok(names[i]))
			continue;
		r = vg_dumps_ref_open(c->repo, names[i], &s->ref);
	}
	if (r == 1) {
		s->src = s->ref.src;
		if (vg_dumps_read_manifest(&s->src, &s->m) < 0 ||
		    !(s->label = vg_strdup(s->ref.refname)))
			r = -1;
		else if (vg_dumps_verify(&s->src, &s->m) != 0)
			r = vg_error("%s: the published set is not whole", s->ref.refname);
	}
done:
	for (i = 0; i < 3; i++)
		free(names[i]);
	return r;
}

/*
 * Fetch from a remote only when one is configured: vmstate-gate.remote,
 * or an origin with a URL (a repository without one is not an error).
 */
static int remote_known(struct ctx *c, const char *remote)
{
	char *url = NULL, *key;
	int r;

	if (c->remote)
		return 1;
	if (!(key = vg_asprintf("remote.%s.url", remote)))
		return -1;
	r = vg_repo_config_string(c->repo, key, &url);
	free(key);
	free(url);
	return r;
}

static int find_old(struct ctx *c)
{
	char hex[VG_OID_HEXSZ + 1], *dir = NULL;
	const char *remote = c->remote ? c->remote : "origin";
	int r, known = 0;

	if (tree_hex(c, &c->base, hex) < 0 || vg_dumps_cache_find_tree(c->cache, hex, &dir) < 0)
		return fail(c, VG_EXIT_INTERNAL);
	if (dir) {
		if (open_dir_set(&c->old, dir) < 0 ||
		    !(c->old.label = vg_asprintf("the cached set of %s", c->base_label)))
			return fail(c, VG_EXIT_INTERNAL);
		return 0;
	}
	if ((r = open_ref_set(c, &c->old)) < 0)
		return fail(c, VG_EXIT_INTERNAL);
	if (r == 0 && (known = remote_known(c, remote)) < 0)
		return fail(c, VG_EXIT_INTERNAL);
	if (r == 0 && known) {
		/* Not here: perhaps published on the server. */
		if (vg_dumps_fetch(c->repo, remote) < 0)
			vg_warning("dumps: could not fetch " VG_DUMPS_REF_PREFIX "* from %s", remote);
		else if ((r = open_ref_set(c, &c->old)) < 0)
			return fail(c, VG_EXIT_INTERNAL);
	}
	if (r == 1)
		return 0;
	if (c->o->build_baseline) {
		c->old_pending = 1;
		return 0;
	}
	return missing(c, "no dumps of the baseline (cached, or published as "
		       VG_DUMPS_REF_PREFIX "X.Y.Z or X.Y); --build-baseline builds them");
}

/* "x86_64-softmmu,..." for the targets of the checked build. */
static char *target_list(const struct vg_dumps_manifest *m)
{
	struct vg_buf b = VG_BUF_INIT;
	size_t i;

	for (i = 0; i < m->nr_targets; i++)
		vg_buf_printf(&b, "%s%s-softmmu", i ? "," : "", m->targets[i].name);
	if (!b.buf)
		return vg_strdup("");
	return b.buf;
}

/* --build-baseline: build and dump the release, then read it from the cache. */
static int build_old(struct ctx *c)
{
	char hex[VG_OID_HEXSZ + 1], *dir = NULL, *targets;
	int r;

	if (!(targets = target_list(&c->new_.m)))
		return fail(c, VG_EXIT_INTERNAL);
	r = vg_dumps_build_baseline(c->repo, &c->base, c->base_label, c->cache, targets,
				    c->o->scratch != NULL, c->o->scratch);
	free(targets);
	if (r < 0)
		return fail(c, r == -2 ? 128 + vg_proc_interrupted() :
			       r == -3 ? VG_EXIT_USAGE : VG_EXIT_INTERNAL);
	if (tree_hex(c, &c->base, hex) < 0 || vg_dumps_cache_find_tree(c->cache, hex, &dir) < 0)
		return fail(c, VG_EXIT_INTERNAL);
	if (!dir) {
		vg_error("dumps: the baseline's dumps are not in the cache after its build");
		return fail(c, VG_EXIT_INTERNAL);
	}
	if (open_dir_set(&c->old, dir) < 0 ||
	    !(c->old.label = vg_asprintf("the build of %s", c->base_label)))
		return fail(c, VG_EXIT_INTERNAL);
	return 0;
}

static int run_build(struct ctx *c)
{
	char *argv[] = { "/bin/sh", "-c", "cd -- \"$0\" && eval \"$1\"",
			 (char *)vg_repo_workdir(c->repo), c->build_cmd, NULL };

	fprintf(stderr, "vmstate-gate: dumps: building: %s\n", c->build_cmd);
	if (vg_proc_run_build(argv, c->build_cmd, "the build (vmstate-gate.buildCommand)") < 0)
		return fail(c, VG_EXIT_INTERNAL);
	return 0;
}

/* The tree judged: review's series applied, or the commit's. */
static int judged_tree_hex(struct ctx *c, char *hex)
{
	struct vg_oid id;

	if (c->o->staged) {
		if (vg_repo_index_tree(c->repo, &id) < 0)
			return -1;
		vg_oid_hex(&id, hex);
		return 0;
	}
	if (c->o->tree) {
		snprintf(hex, VG_OID_HEXSZ + 1, "%s", c->o->tree);
		return 0;
	}
	return tree_hex(c, &c->commit, hex);
}

/*
 * May the build dir stand for what is judged? HEAD is that commit (or
 * has that tree: a series applied with git am) and the work tree is clean.
 */
static int build_is_commit(struct ctx *c)
{
	char hex[VG_OID_HEXSZ + 1];
	struct vg_oid head;
	int unborn, clean;

	if (!vg_repo_workdir(c->repo))
		return 0;
	if (c->o->staged)
		return vg_repo_worktree_matches_index(c->repo) == 1;
	if (vg_repo_head(c->repo, &head, &unborn) < 0 || unborn)
		return 0;
	if (c->o->tree ? tree_hex(c, &head, hex) < 0 || strcmp(hex, c->o->tree) :
			 !vg_oid_equal(&head, &c->commit))
		return 0;
	clean = vg_repo_worktree_clean(c->repo);
	return clean == 1;
}

static int make_new(struct ctx *c, const char *tree)
{
	struct vg_dumps_make_opts mo = { 0 };
	char **bins = NULL, config[17], *key = NULL, *dir = NULL;
	size_t nr = 0, i;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int r, ret = -1;

	mo.build_dir = c->build_dir;
	mo.jobs = cpus > 0 ? (unsigned)cpus : 1;
	mo.timeout = DUMP_TIMEOUT;
	mo.progress = isatty(2);
	if (c->build_cmd && run_build(c) < 0)
		return -1;
	if (vg_dumps_binaries(&mo, &bins, &nr) < 0 || vg_dumps_config_hash(&mo, bins, nr, config) < 0 ||
	    !(key = vg_asprintf("%s-%s", tree, config))) {
		fail(c, VG_EXIT_INTERNAL);
		goto done;
	}
	if ((r = vg_dumps_cache_lookup(c->cache, key, &dir)) < 0) {
		fail(c, VG_EXIT_INTERNAL);
		goto done;
	}
	if (!r) {
		if (!(dir = vg_asprintf("%s/%s", c->cache, key)))
			goto done;
		fprintf(stderr, "vmstate-gate: dumps: dumping %s\n", c->build_dir);
		if (vg_dumps_make_into(&mo, bins, nr, tree, config, dir) < 0) {
			fail(c, VG_EXIT_INTERNAL);
			goto done;
		}
	}
	if (open_dir_set(&c->new_, dir) < 0) {
		dir = NULL;
		fail(c, VG_EXIT_INTERNAL);
		goto done;
	}
	dir = NULL;
	c->new_.label = vg_strdup("the build");
	ret = 0;
done:
	for (i = 0; i < nr; i++)
		free(bins[i]);
	free(bins);
	free(key);
	free(dir);
	return ret;
}

static int find_new(struct ctx *c)
{
	char hex[VG_OID_HEXSZ + 1], *dir = NULL;

	if (judged_tree_hex(c, hex) < 0)
		return fail(c, VG_EXIT_INTERNAL);
	if (c->build_dir && !c->o->no_build && build_is_commit(c))
		return make_new(c, hex);
	if (vg_dumps_cache_find_tree(c->cache, hex, &dir) < 0)
		return fail(c, VG_EXIT_INTERNAL);
	if (!dir)
		return missing(c, c->o->no_build || !c->build_dir ?
			       "no cached dumps of the checked tree" : c->o->staged ?
			       "no cached dumps of the staged tree, and the work tree has "
			       "changes that are not staged, so its build is not that tree" :
			       "no cached dumps of the checked tree, and the work tree is not "
			       "that commit (checked out and clean) to build");
	if (open_dir_set(&c->new_, dir) < 0)
		return fail(c, VG_EXIT_INTERNAL);
	c->new_.label = vg_strdup("the cached set");
	return 0;
}

/* One machine: the findings tagged with it, appended to out. */
static int compare_machine(const struct set *old, const struct set *new_, const char *target,
			   const char *machine, const struct vg_rules *rules,
			   struct vg_findings *out)
{
	struct vg_dump a = { 0 }, b = { 0 };
	struct vg_findings tmp = VG_FINDINGS_INIT;
	char *path = vg_asprintf("%s/%s.json", target, machine), *buf = NULL;
	size_t len, i, sections;
	int ret = -1;

	if (!path)
		return -1;
	if (old->src.read(old->src.ctx, path, &buf, &len) != 0 ||
	    vg_dump_load_buffer(path, buf, len, &a) < 0)
		goto done;
	free(buf);
	buf = NULL;
	if (new_->src.read(new_->src.ctx, path, &buf, &len) != 0 ||
	    vg_dump_load_buffer(path, buf, len, &b) < 0)
		goto done;
	if (vg_compare_dumps(&a, &b, rules, &tmp) < 0)
		goto done;
	for (i = 0; i < tmp.nr; i++)
		if (vg_finding_set(&tmp.items[i].machine, machine) < 0)
			goto done;
	sections = tmp.sections_compared;
	if (vg_findings_splice(out, &tmp) < 0)
		goto done;
	out->sections_compared += sections;
	ret = 0;
done:
	vg_findings_release(&tmp);
	vg_dump_release(&a);
	vg_dump_release(&b);
	free(buf);
	free(path);
	return ret;
}

static int compare_sets(struct ctx *c, struct vg_findings *dl, size_t *machines)
{
	struct vg_rules rules = VG_RULES_INIT;
	size_t i, k, j;
	int ret = -1;

	*machines = 0;
	if (vg_rules_load(&rules, NULL) < 0)
		return fail(c, VG_EXIT_USAGE);
	for (i = 0; i < c->new_.m.nr_targets; i++) {
		const struct vg_dumps_target *nt = &c->new_.m.targets[i];
		const struct vg_dumps_target *ot = vg_dumps_find_target(&c->old.m, nt->name);

		for (k = 0; ot && k < nt->nr_machines; k++) {
			for (j = 0; j < ot->nr_machines; j++)
				if (!strcmp(ot->machines[j].name, nt->machines[k].name))
					break;
			if (j == ot->nr_machines)
				continue;
			if (compare_machine(&c->old, &c->new_, nt->name, nt->machines[k].name,
					    &rules, dl) < 0) {
				fail(c, VG_EXIT_INTERNAL);
				goto done;
			}
			(*machines)++;
		}
	}
	ret = 0;
done:
	vg_rules_release(&rules);
	return ret;
}

/* Is this section's removal one the source findings show? */
static int source_removes(const struct vg_findings *list, size_t nr, const struct vg_finding *f)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		const struct vg_finding *s = &list->items[i];

		if ((s->rule == VG_RULE_SECTION_REMOVED || s->rule == VG_RULE_DESCRIPTION_REMOVED) &&
		    (str_eq(s->desc, f->desc) || str_eq(s->section, f->desc)))
			return 1;
	}
	return 0;
}

/*
 * A section missing from the new dump that the change does not remove
 * in its sources: the build or the machine no longer has the device.
 */
static int config_changes(struct ctx *c, struct vg_findings *dl, const struct vg_findings *list)
{
	size_t i;

	for (i = 0; i < dl->nr; i++) {
		struct vg_finding *f = &dl->items[i];
		const struct vg_dumps_target *t = c->new_.m.nr_targets ? &c->new_.m.targets[0] : NULL;
		char *msg;
		int absent;

		if (f->rule != VG_RULE_SECTION_REMOVED || source_removes(list, list->nr, f))
			continue;
		absent = t && !vg_dumps_has_device(t, f->section);
		msg = vg_asprintf("section '%s' (device type '%s') is missing from the new build's "
				  "dump, and the source still has it: a configuration change, "
				  "not a break%s", f->desc ? f->desc : "",
				  f->section ? f->section : "",
				  absent ? " (the device is not in the new build's device list)" : "");
		if (!msg)
			return -1;
		free(f->message);
		f->message = msg;
		f->rule = VG_RULE_CONFIG_CHANGED;
		f->severity = VG_SEV_WARNING;
	}
	return 0;
}

/* The Migration-Break trailers of the commits from the baseline to the checked one. */
static int collect_waivers(struct ctx *c, struct vg_waivers *w)
{
	struct vg_findings scratch = VG_FINDINGS_INIT;
	struct vg_oid *ids = NULL;
	char hex[VG_OID_HEXSZ + 1], *msg;
	size_t nr = 0, i;
	int ret = -1;

	if (vg_repo_range(c->repo, &c->commit, 1, &c->base, 1, &ids, &nr) < 0)
		goto done;
	for (i = 0; i < nr; i++) {
		vg_oid_hex(&ids[i], hex);
		if (vg_repo_message(c->repo, &ids[i], &msg) < 0)
			goto done;
		/* Malformed lines are the source gate's to report. */
		if (vg_waivers_parse(w, msg, hex, &scratch, NULL) < 0) {
			free(msg);
			goto done;
		}
		free(msg);
	}
	for (i = 0; i < c->o->nr_messages; i++)
		if (vg_waivers_parse(w, c->o->messages[i], NULL, &scratch, NULL) < 0)
			goto done;
	ret = 0;
done:
	vg_findings_release(&scratch);
	free(ids);
	return ret;
}

static int same_key(const struct vg_finding *a, const struct vg_finding *b)
{
	return a->rule == b->rule && str_eq(a->desc, b->desc) && str_eq(a->item, b->item);
}

static int add_machine(struct vg_buf *b, const char *m)
{
	const char *p;
	size_t len;

	/* Once each: several device types may share one description. */
	m = m ? m : "?";
	len = strlen(m);
	for (p = b->buf; p && (p = strstr(p, m)); p += len)
		if ((p == b->buf || p[-1] == ' ') && (p[len] == ',' || !p[len]))
			return 0;
	if (b->len)
		vg_buf_puts(b, ", ");
	return vg_buf_puts(b, m);
}

/*
 * A copy of g (a shallow copy of a finding: its strings stay where they
 * are while dst grows) at the end of dst, with machine.
 */
static struct vg_finding *copy_finding(struct vg_findings *dst, struct vg_finding g,
				       const char *machine)
{
	struct vg_finding *f;

	f = vg_findings_add(dst, g.rule, g.section, g.desc, g.item, g.old_value, g.new_value,
			    "%s", g.message ? g.message : "");
	if (!f)
		return NULL;
	f->severity = g.severity;
	f->line = g.line;
	f->old_line = g.old_line;
	if (vg_finding_set(&f->file, g.file) < 0 || vg_finding_set(&f->old_file, g.old_file) < 0 ||
	    vg_finding_set(&f->commit, g.commit) < 0 || vg_finding_set(&f->machine, machine) < 0 ||
	    vg_finding_set(&f->waived_by, g.waived_by) < 0 ||
	    vg_finding_set(&f->waiver_reason, g.waiver_reason) < 0)
		return NULL;
	return f;
}

static int unwaive(struct vg_finding *f)
{
	return vg_finding_set(&f->waived_by, NULL) < 0 ||
	       vg_finding_set(&f->waiver_reason, NULL) < 0 ? -1 : 0;
}

/* A source finding the dumps confirm: its machines, waived per machine. */
static int merge_one(struct vg_findings *list, size_t si, const struct vg_findings *dl,
		     unsigned char *used)
{
	struct vg_buf w = VG_BUF_INIT, u = VG_BUF_INIT;
	struct vg_finding *f;
	size_t j;
	int ret = -1, any = 0;

	for (j = 0; j < dl->nr; j++) {
		if (used[j] || !same_key(&list->items[si], &dl->items[j]))
			continue;
		used[j] = 1;
		any = 1;
		add_machine(dl->items[j].waived_by ? &w : &u, dl->items[j].machine);
	}
	if (!any)
		return 0;
	if (w.failed || u.failed)
		goto done;
	f = &list->items[si];
	if (!f->waived_by || !w.len) {
		/* Unwaived, or waived only for machines where the dumps show no break. */
		if (vg_finding_set(&f->machine, w.len ? w.buf : u.buf) < 0 ||
		    (w.len && u.len && (add_machine(&w, u.buf) < 0 ||
					vg_finding_set(&f->machine, w.buf) < 0)) ||
		    unwaive(f) < 0)
			goto done;
	} else {
		if (vg_finding_set(&f->machine, w.buf) < 0)
			goto done;
		/* The waiver names some machines: on the others it still breaks. */
		if (u.len && (!(f = copy_finding(list, list->items[si], u.buf)) || unwaive(f) < 0))
			goto done;
	}
	ret = 0;
done:
	vg_buf_release(&w);
	vg_buf_release(&u);
	return ret;
}

/* What only the dumps found: one finding per key and waiver, all its machines. */
static int add_dump_only(struct vg_findings *list, const struct vg_findings *dl,
			 unsigned char *used)
{
	struct vg_buf m = VG_BUF_INIT;
	size_t i, j;
	int ret = 0;

	for (i = 0; i < dl->nr && !ret; i++) {
		if (used[i])
			continue;
		m.len = 0;
		for (j = i; j < dl->nr; j++)
			if (!used[j] && same_key(&dl->items[i], &dl->items[j]) &&
			    str_eq(dl->items[i].waived_by, dl->items[j].waived_by) &&
			    str_eq(dl->items[i].section, dl->items[j].section)) {
				used[j] = 1;
				add_machine(&m, dl->items[j].machine);
			}
		if (m.failed || !copy_finding(list, dl->items[i], m.buf))
			ret = -1;
	}
	vg_buf_release(&m);
	return ret;
}

/* The source gate's waiver-unused warnings for waivers the dumps used. */
static int drop_used(const struct vg_finding *f, const struct vg_findings *list, size_t kept,
		     void *payload)
{
	const struct vg_waivers *w = payload;
	size_t i;

	(void)list;
	(void)kept;
	if (f->rule != VG_RULE_WAIVER_UNUSED)
		return 0;
	for (i = 0; i < w->nr; i++)
		if (w->items[i].used && str_eq(w->items[i].line, f->old_value))
			return 1;
	return 0;
}

static int merge(struct ctx *c, struct vg_findings *list, struct vg_findings *dl)
{
	struct vg_waivers w = VG_WAIVERS_INIT;
	unsigned char *used = vg_calloc(dl->nr ? dl->nr : 1, 1);
	size_t i, nr = list->nr;
	int ret = -1;

	if (!used || collect_waivers(c, &w) < 0 || vg_waivers_apply(&w, dl, 0) < 0)
		goto done;
	for (i = 0; i < nr; i++) {
		enum vg_rule r = list->items[i].rule;

		if (r == VG_RULE_WAIVER_MALFORMED || r == VG_RULE_WAIVER_UNUSED ||
		    r == VG_RULE_WAIVER_SUGGESTED)
			continue;
		if (merge_one(list, i, dl, used) < 0)
			goto done;
	}
	if (add_dump_only(list, dl, used) < 0)
		goto done;
	vg_findings_filter(list, drop_used, &w);
	ret = 0;
done:
	vg_waivers_release(&w);
	free(used);
	return ret;
}

static int resolve(struct ctx *c)
{
	int found, unborn;

	if (c->o->staged && (vg_repo_head(c->repo, &c->commit, &unborn) < 0 || unborn))
		return missing(c, "no commit yet, so no baseline");
	if (vg_repo_resolve_commit(c->repo, c->o->rev ? c->o->rev : "HEAD", &c->commit) < 0)
		return fail(c, VG_EXIT_USAGE);
	if (c->o->baseline) {
		if (vg_repo_resolve_commit(c->repo, c->o->baseline, &c->base) < 0)
			return fail(c, VG_EXIT_USAGE);
		c->base_label = vg_strdup(c->o->baseline);
		return c->base_label ? 0 : fail(c, VG_EXIT_INTERNAL);
	}
	found = vg_repo_baseline(c->repo, &c->commit, &c->base, &c->base_label);
	if (found < 0)
		return fail(c, VG_EXIT_INTERNAL);
	return found ? 0 : missing(c, "no previous release in the history");
}

static int run(struct ctx *c, struct vg_findings *list)
{
	struct vg_findings dl = VG_FINDINGS_INIT;
	size_t machines, before;
	int r, ret = -1;

	if ((r = resolve(c)) != 0)
		return r;
	if (!(c->cache = vg_dumps_cache_dir(c->repo)))
		return fail(c, VG_EXIT_INTERNAL);
	if ((r = find_old(c)) != 0 || (r = find_new(c)) != 0)
		return r;
	if (c->old_pending && build_old(c) < 0)
		return -1;
	if (compare_sets(c, &dl, &machines) < 0)
		goto done;
	if (!machines) {
		r = missing(c, "the baseline's and the build's dumps share no target and "
			    "machine type");
		ret = r < 0 ? -1 : 0;
		goto done;
	}
	before = list->nr;
	if (config_changes(c, &dl, list) < 0 || merge(c, list, &dl) < 0) {
		fail(c, VG_EXIT_INTERNAL);
		goto done;
	}
	list->sections_compared += dl.sections_compared;
	c->machines = machines;
	if (c->o->raw && vg_findings_splice(c->o->raw, &dl) < 0) {
		fail(c, VG_EXIT_INTERNAL);
		goto done;
	}
	fprintf(stderr, "vmstate-gate: dumps: %zu machine types compared (%s of %s against %s), "
		"%zu findings only the dumps show\n", machines, c->new_.label,
		c->o->staged ? "the index" : c->o->tree ? "the series" :
		c->o->rev ? c->o->rev : "HEAD", c->old.label,
		list->nr - before);
	ret = 0;
done:
	vg_findings_release(&dl);
	return ret;
}

int vg_dumps_check(struct vg_repo *repo, struct vg_dumps_check_opts *o,
		   struct vg_findings *list, int *exit_code)
{
	struct ctx c;
	int r, ret = -1;

	memset(&c, 0, sizeof(c));
	c.repo = repo;
	c.o = o;
	c.exit_code = VG_EXIT_INTERNAL;
	if (read_config(&c) < 0)
		goto done;
	if (o->build_baseline && !c.build_dir) {
		vg_error("--build-baseline needs vmstate-gate.buildDir (the build to compare "
			 "with the baseline's)");
		c.exit_code = VG_EXIT_USAGE;
		goto done;
	}
	if ((r = wanted(&c)) <= 0) {
		ret = r < 0 ? fail(&c, VG_EXIT_INTERNAL) : 0;
		goto done;
	}
	ret = run(&c, list) < 0 ? -1 : 0;
	o->machines = c.machines;
done:
	if (ret < 0)
		*exit_code = c.exit_code;
	set_release(&c.old);
	set_release(&c.new_);
	free(c.mode);
	free(c.build_dir);
	free(c.build_cmd);
	free(c.remote);
	free(c.cache);
	free(c.base_label);
	return ret;
}

const char *vg_dumps_check_rev(char **revs, size_t nr)
{
	const char *dots;
	size_t i;

	for (i = 0; i < nr; i++) {
		if (revs[i][0] == '^')
			continue;
		dots = strstr(revs[i], "..");
		if (!dots)
			return revs[i];
		dots += dots[2] == '.' ? 3 : 2;
		return *dots ? dots : NULL;
	}
	return NULL;
}
