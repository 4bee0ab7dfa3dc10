#ifndef VG_MIGRATE_OPTS_H
#define VG_MIGRATE_OPTS_H

#include "cli/options.h"

/* Option helpers shared by migrate and compare --confirm (cmd-migrate.c). */

extern const char *const vg_formats_migrate[];  /* text json junit */
/* A whole number 1..1000 into an unsigned. */
int vg_opt_uint_cb(const struct vg_option *opt, const char *arg);
/* Seconds (0 < S <= 86400) into a double. */
int vg_opt_seconds_cb(const struct vg_option *opt, const char *arg);
/* An executable regular file, or an input error printed: -1. */
int vg_opt_qemu_ok(const char *what, const char *path);

#endif
