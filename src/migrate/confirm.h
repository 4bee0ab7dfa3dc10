#ifndef VG_MIGRATE_CONFIRM_H
#define VG_MIGRATE_CONFIRM_H

#include "core/finding.h"
#include "migrate/migrate.h"

/*
 * --confirm: migrate the devices behind each unwaived error finding
 * between opts->src_qemu and opts->dst_qemu on opts->machine, and set the
 * finding's confirmed/confirm_message. A device QEMU will not let a user
 * create is "not tested". *devices gets what was run (the caller prints
 * it and releases it). Returns 0, or -1 (internal error or interrupted).
 */

/* The most device types one finding is confirmed with. */
#define VG_MIG_CONFIRM_MAX 8

/*
 * The device types behind finding f on opts->machine, into out[0..max):
 * their number (0: the finding is marked "not tested" with why, unless
 * why is NULL, when it is left alone).
 */
typedef size_t (*vg_mig_devices_fn)(const struct vg_finding *f, const char **out, size_t max,
				    const char **why, void *payload);

/* compare --confirm: a dump's section key is a QOM type, the -device type. */
int vg_mig_confirm(const struct vg_mig_opts *opts, struct vg_findings *list,
		   struct vg_mig_set *devices);

/* check --confirm: the caller says which devices stand behind a finding. */
int vg_mig_confirm_by(const struct vg_mig_opts *opts, struct vg_findings *list,
		      vg_mig_devices_fn devices_of, void *payload, struct vg_mig_set *devices);

#endif
