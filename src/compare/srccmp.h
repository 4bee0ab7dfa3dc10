#ifndef VG_SRCCMP_H
#define VG_SRCCMP_H

#include <stddef.h>

#include "core/finding.h"
#include "scan/scan.h"

struct vg_rules;
struct vg_macros;

/*
 * The source-level comparison of two versions of one C file: both are
 * scanned (scan.h), their descriptions paired (by variable, then by
 * .name), every top-level pair compared as a section by
 * vg_compare_section_desc() (the same wire reasoning as for dumps), and
 * what only the source tells is added: fields inserted before existing
 * ones, element encodings changed with the same bytes, subsections
 * renamed (same variable, new .name), minimum_version_id raised within
 * the old version, descriptions removed. Findings carry file:line in the
 * new file (old_file:old_line for removals) and section = the top-level
 * .name. Scanner warnings of the new file (of the old one when the file
 * was deleted) are added too.
 */
struct vg_srccmp_opts {
	const struct vg_rules *rules;   /* known breaks etc.; may be NULL */
	/*
	 * The catalogue: macros, else rules->macros, else rules/macros from
	 * vg_rules_dir(), loaded for the one comparison.
	 */
	const struct vg_macros *macros;
	/* Headers for #define resolution, per side; may be NULL. */
	const struct vg_scan_header *old_headers;
	size_t nr_old_headers;
	const struct vg_scan_header *new_headers;
	size_t nr_new_headers;
	/* Parsed headers kept across comparisons (scan.h); may be NULL. */
	struct vg_scan_cache *cache;
	/*
	 * A nested description the file names but defines elsewhere (a core
	 * split out of a section into another file): its definition on the
	 * old (new_side 0) or new side, or NULL. May be NULL; what it
	 * returns must outlive the call of vg_diff_source().
	 */
	const struct vg_desc *(*resolve)(void *ctx, int new_side, const char *var);
	void *resolve_ctx;
};

/*
 * Compare old_buf (old_len bytes, labelled old_path) with new_buf. Either
 * buffer may be NULL: a file added or deleted. Appends findings to out.
 * Returns 0, or -1 on an internal error or when the catalogue cannot be
 * loaded (reported).
 */
int vg_diff_source(const struct vg_srccmp_opts *opts, const char *old_path,
		   const char *old_buf, size_t old_len, const char *new_path,
		   const char *new_buf, size_t new_len, struct vg_findings *out);

/* Cheap: does the buffer define or use VMState at all? (scan.h) */
int vg_srccmp_relevant(const char *buf, size_t len);

#endif
