#ifndef VG_DUMP_H
#define VG_DUMP_H

#include <stddef.h>

#include "core/model.h"

struct vg_buf;

/*
 * The -dump-vmstate JSON loader: a dump file -> struct vg_dump.
 *
 * Accepts the format of every QEMU release from 7.2 on ("num" exists only
 * since 8.1: when absent the element count is unknown, not 1; dump->has_num
 * says whether the dump carries counts at all). Unknown keys are skipped.
 *
 * The text is parsed with cJSON and the tree is walked into the model,
 * then freed. Errors return -1 with *out left empty (released), and one
 * message:
 *  - invalid JSON (malformed, truncated, empty):
 *      "FILE:LINE:COL: error: what[, at JSONPATH]"
 *    (COL counts bytes from 1; a truncated file is reported at its end);
 *  - valid JSON that is not a dump (a missing key, a wrong type, a value
 *    out of range, ...):
 *      "FILE:LINE: error: what, at JSONPATH"
 *    with the exact path of the offending value, e.g.
 *    $["e1000"].Description.Fields[3].size, and the line where that value
 *    (for a missing key: its object) starts.
 * Integers must be exact: element sizes above 2^53 - 1 are refused (cJSON
 * keeps numbers as doubles).
 *
 * Loads may run in parallel threads. The first load installs cJSON
 * allocation hooks, process-wide: they are malloc() and free() except on
 * a thread that is parsing a dump, whose tree goes to an arena (dump.c).
 * Other cJSON users are unaffected; should one install its own hooks,
 * loads still work, without the arena.
 */

/* Load a dump file. path is copied into out->path. Errors go to stderr. */
int vg_dump_load(const char *path, struct vg_dump *out);

/*
 * Load a dump from memory (len bytes, need not be NUL-terminated); name
 * is used in messages and copied into out->path. Errors go to stderr.
 */
int vg_dump_load_buffer(const char *name, const char *buf, size_t len,
			struct vg_dump *out);

/*
 * As vg_dump_load_buffer(), but the error message ("\n"-terminated) is
 * appended to *errors instead of printed (tests of the messages, the
 * fuzzer). Out-of-memory errors still go to stderr through vg_error().
 */
int vg_dump_load_buffer_err(const char *name, const char *buf, size_t len,
			    struct vg_buf *errors, struct vg_dump *out);

#endif
