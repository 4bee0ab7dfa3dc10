#ifndef VG_MIGRATE_CONFIRM_H
#define VG_MIGRATE_CONFIRM_H

#include "core/finding.h"
#include "migrate/migrate.h"

/*
 * compare --confirm: migrate the device behind each unwaived error
 * finding between opts->src_qemu and opts->dst_qemu and set the finding's
 * confirmed/confirm_message. A dump's section key is a QOM type name, so
 * the section is the -device type; one QEMU will not let a user create is
 * "not tested". *devices gets what was run (the caller prints it and
 * releases it). Returns 0, or -1 (internal error or interrupted).
 */
int vg_mig_confirm(const struct vg_mig_opts *opts, struct vg_findings *list,
		   struct vg_mig_set *devices);

#endif
