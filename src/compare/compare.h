#ifndef VG_COMPARE_H
#define VG_COMPARE_H

#include "core/finding.h"
#include "core/model.h"

struct vg_rules;

/*
 * The wire-aware comparator: model x model -> findings. No I/O, no
 * third-party headers. It reasons about the bytes each description puts
 * on the wire (doc/wire-format.md), never about
 * field names, which are only alignment hints.
 *
 * "src" is the side that sends (the older release), "dst" the side that
 * loads. Findings are appended to out; the counters in out are updated.
 *
 * How a description pair is compared:
 * - the stream version is src's version_id (top level and subsections:
 *   it travels in the header); nested VMSTATE_STRUCT descriptions have no
 *   version on the wire, so each side gates their fields with its own
 *   nested version_id;
 * - each side's fields are flattened into the sequence of leaves that
 *   travel (struct fields expanded in place; a struct's own size is a host
 *   sizeof and is never compared); a field with a field_exists test is
 *   "conditional";
 * - the sequences are walked in step while the leaves put the same bytes
 *   on the wire (renames, moves into or out of structs and VMSTATE_UNUSED
 *   padding of the same size are info findings); at the first mismatch
 *   the rest is realigned (dynamic programming over bytes, with a bonus
 *   for equal names), so every difference is reported once and what
 *   follows still matches;
 * - an error needs proof: a size the scanner could not evaluate against
 *   anything but the same text is paired as undecidable
 *   (field-size-unknown, a warning) and the fields after it still pair;
 * - the shortest runs of fixed fields, one per side, that cover the same
 *   bytes are one finding: unused-padding when one run is all
 *   VMSTATE_UNUSED, else field-relayout (a warning: the stream stays
 *   aligned, a reviewer judges what the regrouped bytes mean) when the
 *   runs share a field (the one cut or grown). Not a relayout, so
 *   errors: no field common to the runs, a name found elsewhere on the other
 *   side (a reorder), or at another offset, or a multi-byte number that
 *   keeps its offset and name but changes width (u32 -> u16 + a new u16
 *   reads the old value's high-order bytes). A byte string, or an array
 *   that keeps its element size, keeps its prefix;
 * - subsections are matched by their full name (on the wire) within the
 *   paired parent description, nested descriptions' subsections too; a
 *   name listed twice pairs its k-th use with the other side's k-th
 *   (vg_compare_pair_subsections()).
 */

struct vg_compare_ctx {
	const struct vg_rules *rules;   /* section renames, known breaks; may be NULL */
	const char *section;            /* section the descriptions belong to */
	const char *src_file;           /* source level: files for file:line */
	const char *dst_file;
	/*
	 * A field without num is known to be a single element (dumps of QEMU
	 * >= 8.1, sources); otherwise (7.2 dumps) only element sizes are
	 * compared. Zero is the safe default.
	 */
	int src_counts_known;
	int dst_counts_known;
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
/*
 * What one description says of itself, with no other side to compare:
 * two subsections of one .name at any depth (subsection-duplicate), the
 * loader taking the first for both. For a new section; the pair
 * comparison does it on both sides itself.
 */
int vg_compare_self(const struct vg_compare_ctx *ctx, const struct vg_desc *d,
		    struct vg_findings *out);

int vg_compare_section_desc(const struct vg_compare_ctx *ctx,
			    const struct vg_desc *src, const struct vg_desc *dst,
			    struct vg_findings *out);

/*
 * Pair the subsections of two versions of a description (the pairing the
 * comparator uses): same .name and same C variable first (source level),
 * then the k-th remaining subsection of a .name with the k-th remaining
 * one of that .name on the other side. s2d gets one entry per subsection
 * of sd, d2s one per subsection of dd: the index on the other side, or -1.
 * sd or dd may be NULL (nothing pairs).
 */
/*
 * Can a destination load subsection sub of parent at all? Its name must
 * start with the parent's (vmstate_subsection_load stops at others).
 */
int vg_compare_sub_loadable(const struct vg_desc *parent, const struct vg_desc *sub);

void vg_compare_pair_subsections(const struct vg_desc *sd, const struct vg_desc *dd,
				 int *s2d, int *d2s);

/*
 * Apply rules/known-breaks: mark each finding that an entry matches (rule
 * id or "*", and "desc/item", "desc" or the section key) as waived
 * (waived_by "rules/known-breaks:LINE", waiver_reason the entry's reason
 * and provenance), when the entry's release range A..B lies within the
 * compared range (from <= A and B <= to, in either order). range is
 * "FROM..TO" (e.g. "v8.2.0..v9.0.0"). Returns the number of findings
 * waived, or -1 on a malformed range.
 */
int vg_compare_apply_known_breaks(const struct vg_rules *rules, const char *range,
				  struct vg_findings *list);

/* Parse "vX.Y[.Z][-suffix]" into a comparable number; -1 if malformed. */
long vg_release_number(const char *s);

#endif
