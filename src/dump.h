#ifndef VG_DUMP_H
#define VG_DUMP_H

#include <stddef.h>

#include "model.h"

/*
 * The -dump-vmstate JSON loader: a dump file -> struct vg_dump.
 *
 * Accepts the format of every QEMU release from 7.2 on ("num" exists only
 * since 8.1: when absent the element count is unknown, not 1; dump->has_num
 * says whether the dump carries counts at all). Unknown keys are skipped.
 *
 * Errors are printed as "FILE:LINE: error: what, at JSONPATH" (the JSON
 * path of the offending key, e.g. $["e1000"].Description.Fields[3].size)
 * and return -1; *out is then left empty (released).
 *
 * Why not cJSON: a tree parse with cJSON costs 4.3 ms per 750 KB dump on
 * the reference machine, more than the whole comparison budget, and it
 * cannot give line numbers for semantic errors (a missing or mistyped
 * key). This is a small recursive-descent parser that builds the model
 * directly and knows the line and JSON path of every value.
 */

/* Load a dump file. path is copied into out->path. */
int vg_dump_load(const char *path, struct vg_dump *out);

/*
 * Load a dump from memory (len bytes, need not be NUL-terminated); name
 * is used in messages and copied into out->path.
 */
int vg_dump_load_buffer(const char *name, const char *buf, size_t len,
			struct vg_dump *out);

/* Do not print errors (the fuzz harness); the return value still says. */
void vg_dump_set_quiet(int quiet);

#endif
