#ifndef VG_SCAN_H
#define VG_SCAN_H

#include <stddef.h>

#include "core/finding.h"
#include "core/model.h"

struct vg_macros;

/*
 * The C source scanner: finds every VMStateDescription definition of a
 * file (comments, literals, continuations and balanced brackets are
 * understood; the preprocessor is not run) and turns it into the shared
 * model (model.h), using the macro catalogue (macros.h) for field sizes.
 *
 * Nested descriptions and subsections defined in the same file are
 * resolved as deep copies (owns_desc = 1, desc->subsections), so every
 * definition of a result is a self-contained tree. A nested vmsd defined
 * elsewhere keeps desc_ref with desc == NULL, size_kind VG_SIZE_UNKNOWN
 * and size_expr "struct:<variable>".
 *
 * What the scanner cannot follow becomes a warning finding (scan-unparsed,
 * unknown-macro) with file:line; the rest of the file is still scanned.
 */

/* The length of a header's id (a git blob id). */
#define VG_SCAN_ID_LEN 20

/* A header given by the caller for #define resolution (names, versions). */
struct vg_scan_header {
	const char *name;
	const char *text;
	size_t len;
	const unsigned char *id;        /* VG_SCAN_ID_LEN bytes naming text, for
					   vg_scan_opts.cache; may be NULL */
};

/*
 * A symbolic size of the catalogue (rules/macros "type T size=SYMBOL",
 * and templates "size=SYMBOL": target_ulong) gets a value only from a
 * header given to the scan that defines VG_SCAN_SIZEOF_PREFIX SYMBOL as a
 * positive decimal number, e.g. "#define vg_sizeof_target_ulong 8": the
 * caller's knowledge (the git gate's, for a target whose system builds
 * all have one TARGET_LONG_BITS), never a guess of the scanner. Then
 * sizeof(T) is that number and VMSTATE_UINTTL* fields are encoded
 * "uint32"/"uint64" (what they expand to on such a target), not "uinttl".
 * The scanned file's own #defines of that name are ignored.
 */
#define VG_SCAN_SIZEOF_PREFIX "vg_sizeof_"

struct vg_scan_opts {
	const struct vg_macros *macros;        /* the catalogue; may be NULL */
	const struct vg_scan_header *headers;  /* may be NULL */
	size_t nr_headers;
	struct vg_scan_cache *cache;           /* for headers with an id; may be NULL */
};

/* Callbacks a description sets (struct vg_scan_def.callbacks bits). */
enum vg_scan_callback {
	VG_CB_NEEDED = 1 << 0,
	VG_CB_PRE_LOAD = 1 << 1,
	VG_CB_POST_LOAD = 1 << 2,
	VG_CB_PRE_SAVE = 1 << 3,
	VG_CB_POST_SAVE = 1 << 4,
	VG_CB_PRE_LOAD_ERRP = 1 << 5,
	VG_CB_POST_LOAD_ERRP = 1 << 6,
	VG_CB_PRE_SAVE_ERRP = 1 << 7,
	VG_CB_POST_SAVE_ERRP = 1 << 8,
	VG_CB_DEV_UNPLUG_PENDING = 1 << 9,
	VG_CB_LOAD_STATE_OLD = 1 << 10,
	VG_CB__COUNT = 11
};

/* The name of one callback bit ("needed", "pre_load", ...). */
const char *vg_scan_callback_name(unsigned bit);

/* One definition found in a file. */
struct vg_scan_def {
	struct vg_desc desc;        /* the resolved tree; var, file, line set */
	unsigned callbacks;         /* VG_CB_* bits */
	int minimum_version_id_old; /* -1 when absent (gone since QEMU 7.0) */
	int unmigratable;
	int is_static;
	int from_macro;             /* produced by a function-like #define */
	unsigned end_line;
	unsigned nested_uses;       /* uses as a nested vmsd in this file */
	unsigned subsection_uses;   /* uses in .subsections lists in this file */
	unsigned other_uses;        /* other mentions (dc->vmsd = &x, ...) */
	int toplevel;               /* not only nested/subsection in this file */
};

/* Every definition of one file, in source order. Owns everything. */
struct vg_scan_result {
	char *path;
	struct vg_scan_def *defs;
	size_t nr, alloc;
};

#define VG_SCAN_RESULT_INIT { NULL, NULL, 0, 0 }

/*
 * Scan buf (len bytes, need not be NUL-terminated) labelled path. Fills
 * out (which must be VG_SCAN_RESULT_INIT) and appends warnings (may be
 * NULL). Returns 0, or -1 on an internal error (allocation).
 */
int vg_scan_buffer(const struct vg_scan_opts *opts, const char *path,
		   const char *buf, size_t len, struct vg_scan_result *out,
		   struct vg_findings *warnings);

/*
 * Cheap test: does buf define or use VMState at all (mentions
 * "VMStateDescription" or "VMSTATE_")? Files where it is 0 need no scan.
 */
int vg_scan_uses_vmstate(const char *buf, size_t len);
/* Does buf mention "VMStateDescription" (may define one)? */
int vg_scan_may_define(const char *buf, size_t len);

/*
 * Parsed headers kept across scans (the git gate scans the same header
 * blobs for many commits), keyed by each header's id: a header given with
 * an id is parsed once per cache. Owned by the caller and given in
 * vg_scan_opts.cache; scans on several threads may share one (it locks).
 * vg_scan_cache_clear() frees what it holds and must not run beside a scan
 * that uses it.
 */
struct vg_scan_cache;
int vg_scan_cache_new(struct vg_scan_cache **out);
void vg_scan_cache_clear(struct vg_scan_cache *c);
void vg_scan_cache_free(struct vg_scan_cache *c);

/* The definition of variable var, or NULL. */
const struct vg_scan_def *vg_scan_find(const struct vg_scan_result *r, const char *var);

void vg_scan_result_release(struct vg_scan_result *r);

#endif
