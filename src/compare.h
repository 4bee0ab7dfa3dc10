#ifndef VG_COMPARE_H
#define VG_COMPARE_H

#include "finding.h"
#include "model.h"

struct vg_rules;

/*
 * The wire-aware comparator: model x model -> findings. No I/O, no
 * third-party headers. It reasons about the bytes each description puts
 * on the wire (../shared/vmstate-facts.md sections 2 and 3), never about
 * field names, which are only alignment hints.
 *
 * "src" is the side that sends (the older release), "dst" the side that
 * loads. Findings are appended to out; the counters in out are updated.
 */

struct vg_compare_ctx {
	const struct vg_rules *rules;   /* section renames, known breaks; may be NULL */
	const char *section;            /* section the descriptions belong to */
	const char *src_file;           /* source level: files for file:line */
	const char *dst_file;
};

/* Compare two whole dumps (every section of src against dst). */
int vg_compare_dumps(const struct vg_dump *src, const struct vg_dump *dst,
		     const struct vg_rules *rules, struct vg_findings *out);

/*
 * Compare one top-level description pair as a section: name (idstr),
 * versions, then the field stream as sent at src->version_id and loaded
 * by dst, then subsections, recursively through nested descriptions.
 * Field findings carry dst_file:line (src_file:line for removals) when
 * the fields have line numbers. Used by the dump and the source levels.
 */
int vg_compare_section_desc(const struct vg_compare_ctx *ctx,
			    const struct vg_desc *src, const struct vg_desc *dst,
			    struct vg_findings *out);

#endif
