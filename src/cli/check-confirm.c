/*
 * check --confirm (check-confirm.h): find the two binaries and the
 * machine type, map findings to devices, migrate.
 */
#include "cli/check-confirm.h"
#include "cli/migrate-opts.h"
#include "core/exitcode.h"
#include "core/util.h"
#include "dumps/check.h"
#include "dumps/set.h"
#include "migrate/confirm.h"
#include "migrate/proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vg_check_confirm_usage(const struct vg_check_confirm *cc, int build_baseline)
{
	if (cc->on && !cc->mig.src_qemu && !build_baseline) {
		vg_error("check --confirm needs --src-qemu OLD (the baseline release's "
			 "qemu-system-TARGET), or --build-baseline to build it");
		return VG_EXIT_USAGE;
	}
	if (!cc->on && (cc->mig.src_qemu || cc->mig.dst_qemu || cc->mig.machine)) {
		vg_error("check: --src-qemu, --dst-qemu and -M go with --confirm");
		return VG_EXIT_USAGE;
	}
	if (cc->mig.src_qemu && vg_opt_qemu_ok("--src-qemu", cc->mig.src_qemu) < 0)
		return VG_EXIT_USAGE;
	if (cc->mig.dst_qemu && vg_opt_qemu_ok("--dst-qemu", cc->mig.dst_qemu) < 0)
		return VG_EXIT_USAGE;
	return VG_EXIT_OK;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* dir/NAME, or the first qemu-system-* of dir when name is NULL. */
static char *binary_in(const char *dir, const char *name)
{
	struct vg_dumps_make_opts mo = { 0 };
	char **bins = NULL, *path = NULL;
	size_t nr = 0, i;

	if (name)
		return vg_asprintf("%s/%s", dir, name);
	mo.build_dir = dir;
	if (vg_dumps_binaries(&mo, &bins, &nr) == 0 && nr)
		path = vg_strdup(bins[0]);
	for (i = 0; i < nr; i++)
		free(bins[i]);
	free(bins);
	return path;
}

/* OLD: --src-qemu, or the binary of the baseline this run built. */
static int find_src(struct vg_check_confirm *cc, char **owned)
{
	const char *dst = cc->mig.dst_qemu;

	if (cc->mig.src_qemu)
		return 0;
	if (!cc->scratch.build_dir)
		return 1; /* the baseline's dumps were cached: no binary */
	if (!(*owned = binary_in(cc->scratch.build_dir, dst ? base_name(dst) : NULL))) {
		vg_error("check --confirm: no qemu-system-* in the baseline's build %s",
			 cc->scratch.build_dir);
		return VG_EXIT_INTERNAL;
	}
	cc->mig.src_qemu = *owned;
	return vg_opt_qemu_ok("the baseline's build", *owned) < 0 ? VG_EXIT_INTERNAL : 0;
}

/* NEW: --dst-qemu, or the binary of OLD's name in vmstate-gate.buildDir. */
static int find_dst(struct vg_repo *repo, struct vg_check_confirm *cc, char **owned)
{
	char *dir = NULL;

	if (cc->mig.dst_qemu)
		return 0;
	if (vg_dumps_build_dir(repo, &dir) < 0)
		return VG_EXIT_INTERNAL;
	if (!dir) {
		vg_error("check --confirm needs --dst-qemu NEW, or vmstate-gate.buildDir "
			 "holding the build's qemu-system-TARGET");
		return VG_EXIT_USAGE;
	}
	*owned = binary_in(dir, base_name(cc->mig.src_qemu));
	free(dir);
	if (!*owned)
		return VG_EXIT_INTERNAL;
	cc->mig.dst_qemu = *owned;
	return vg_opt_qemu_ok("vmstate-gate.buildDir", *owned) < 0 ? VG_EXIT_USAGE : 0;
}

/* -M, or the first machine type an unwaived error names ("a, b"). */
static int find_machine(struct vg_check_confirm *cc, const struct vg_findings *list,
			char **owned)
{
	size_t i;

	if (cc->mig.machine)
		return 0;
	for (i = 0; i < list->nr; i++) {
		const struct vg_finding *f = &list->items[i];

		if (f->severity != VG_SEV_ERROR || f->waived_by || !f->machine)
			continue;
		if (!(*owned = vg_strndup(f->machine, strcspn(f->machine, ", "))))
			return VG_EXIT_INTERNAL;
		cc->mig.machine = *owned;
		return 0;
	}
	vg_error("check --confirm needs -M MACHINE: no error names a machine type "
		 "(the dumps were not compared)");
	return VG_EXIT_USAGE;
}

struct devices_ctx {
	const struct vg_findings *raw;
	const char *machine;
	size_t machines;
	char why[256];
};

static int same_finding(const struct vg_finding *a, const struct vg_finding *b)
{
	return a->rule == b->rule && !strcmp(a->desc ? a->desc : "", b->desc ? b->desc : "") &&
	       !strcmp(a->item ? a->item : "", b->item ? b->item : "");
}

/* The dump sections that show f on the machine: the device types. */
static size_t devices_of(const struct vg_finding *f, const char **out, size_t max,
			 const char **why, void *payload)
{
	struct devices_ctx *d = payload;
	size_t i, k, n = 0;

	if (!d->machines) {
		out[0] = f->section;
		return max ? 1 : 0;
	}
	for (i = 0; i < d->raw->nr && n < max; i++) {
		const struct vg_finding *r = &d->raw->items[i];

		if (!r->machine || strcmp(r->machine, d->machine) || !same_finding(r, f))
			continue;
		for (k = 0; k < n && strcmp(out[k], r->section); k++)
			;
		if (k == n)
			out[n++] = r->section;
	}
	if (!n) {
		snprintf(d->why, sizeof(d->why), "the dumps of %s do not show it", d->machine);
		*why = d->why;
	}
	return n;
}

static int migrate_and_mark(struct vg_check_confirm *cc, struct vg_findings *list,
			    size_t machines, enum vg_format fmt)
{
	struct devices_ctx d = { &cc->raw, cc->mig.machine, machines, "" };
	struct vg_mig_set devices = VG_MIG_SET_INIT;
	struct sigaction old[2];
	int r, ret = -1;

	cc->mig.quiet = 1;
	fprintf(stderr, "vmstate-gate: confirm: migrating on %s from %s to %s\n",
		cc->mig.machine, cc->mig.src_qemu, cc->mig.dst_qemu);
	vg_mig_signals_catch(old);
	r = vg_mig_confirm_by(&cc->mig, list, devices_of, &d, &devices);
	vg_mig_signals_restore(old);
	if (vg_mig_stop) {
		vg_error("check: interrupted by signal %d; every QEMU it started is gone",
			 (int)vg_mig_stop);
		ret = 128 + vg_mig_stop;
	} else if (r < 0) {
		ret = VG_EXIT_INTERNAL;
	} else if (fmt == VG_FORMAT_TEXT && devices.nr &&
		   vg_mig_write(stderr, VG_MIG_TEXT, &devices, &cc->mig) < 0) {
		ret = VG_EXIT_INTERNAL;
	}
	vg_mig_set_release(&devices);
	return ret;
}

/* Every unwaived error: not tested, and why. -1 to go on, or an exit code. */
static int mark_untested(struct vg_findings *list, const char *why)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		struct vg_finding *f = &list->items[i];

		if (f->severity != VG_SEV_ERROR || f->waived_by)
			continue;
		f->confirmed = VG_CONFIRM_UNTESTED;
		if (vg_finding_set(&f->confirm_message, why) < 0)
			return VG_EXIT_INTERNAL;
	}
	return -1;
}

int vg_check_confirm_run(struct vg_repo *repo, struct vg_check_confirm *cc,
			 struct vg_findings *list, size_t machines, enum vg_format fmt)
{
	char *src = NULL, *dst = NULL, *machine = NULL;
	int ret;

	if (!vg_findings_count(list, VG_SEV_ERROR))
		return -1; /* nothing to confirm */
	if ((ret = find_src(cc, &src)) == 1) {
		vg_warning("check --confirm: the baseline's dumps came from the cache, so no "
			   "build of it is at hand; nothing was migrated (pass --src-qemu OLD)");
		ret = mark_untested(list, "no baseline binary (the baseline's dumps were "
				    "cached; pass --src-qemu)");
		goto done;
	}
	if (ret != 0 || (ret = find_dst(repo, cc, &dst)) != 0 ||
	    (ret = find_machine(cc, list, &machine)) != 0)
		goto done;
	ret = migrate_and_mark(cc, list, machines, fmt);
done:
	if (cc->mig.src_qemu == src)
		cc->mig.src_qemu = NULL;
	if (cc->mig.dst_qemu == dst)
		cc->mig.dst_qemu = NULL;
	if (cc->mig.machine == machine)
		cc->mig.machine = NULL;
	free(src);
	free(dst);
	free(machine);
	return ret;
}

void vg_check_confirm_release(struct vg_check_confirm *cc)
{
	vg_findings_release(&cc->raw);
	vg_dumps_scratch_remove(&cc->scratch);
}
