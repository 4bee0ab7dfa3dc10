/*
 * The patches of a series seen one at a time (b4 am --check hands its
 * checker one patch after the other, on a tree without the earlier ones):
 * each is remembered under DIR/vmstate-gate/series/KEY/NR.patch, KEY from
 * the thread's root message id and the series version, so that a later
 * patch can be applied on the earlier ones. Writes go through a lock file
 * and an atomic rename, so concurrent runs are safe; entries older than
 * VG_STORE_TTL seconds are ignored and removed.
 */
#ifndef VG_STORE_H
#define VG_STORE_H

#include <stddef.h>

#define VG_STORE_TTL (14 * 24 * 3600)

/* Remember patch nr of the series (root, version). Returns 0 or -1. */
int vg_store_put(const char *dir, const char *root, unsigned version, unsigned nr,
		 const char *diff, size_t len);

/*
 * Patch nr of the series (root, version), newly allocated in *out (its
 * length in *len). Returns 0, 1 when it is not remembered, -1 on error.
 */
int vg_store_get(const char *dir, const char *root, unsigned version, unsigned nr,
		 char **out, size_t *len);

#endif
