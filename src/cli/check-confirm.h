#ifndef VG_CHECK_CONFIRM_H
#define VG_CHECK_CONFIRM_H

#include "core/finding.h"
#include "dumps/baseline.h"
#include "migrate/migrate.h"
#include "report/report.h"

struct vg_repo;

/*
 * check --confirm: the devices behind the check's error findings
 * migrated from the baseline's binary to the build's on one machine type
 * (see migrate/confirm.h). Which devices: with the dumps compared, the
 * dump sections that show the finding on that machine; without them, the
 * finding's section taken as a device type.
 */
struct vg_check_confirm {
	int on;                          /* --confirm */
	struct vg_mig_opts mig;          /* --src-qemu, --dst-qemu, -M, -j, --repeat, --timeout */
	struct vg_findings raw;          /* the dump side's per-machine findings */
	struct vg_dumps_scratch scratch; /* the baseline built by this run, kept */
};

/* The options' combinations: VG_EXIT_OK or VG_EXIT_USAGE (printed). */
int vg_check_confirm_usage(const struct vg_check_confirm *cc, int build_baseline);

/*
 * Migrate and mark list. machines: how many machine types the dumps were
 * compared on (0: source-only). Returns -1 to go on, or the exit code to
 * stop with (usage, internal error, 128 + signal).
 */
int vg_check_confirm_run(struct vg_repo *repo, struct vg_check_confirm *cc,
			 struct vg_findings *list, size_t machines, enum vg_format fmt);

void vg_check_confirm_release(struct vg_check_confirm *cc);

#endif
