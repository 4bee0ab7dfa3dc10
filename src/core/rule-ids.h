/*
 * The table of finding rules: one line per stable rule id.
 *
 *   VG_RULE(enum suffix, "rule-id", default severity, "what it means")
 *
 * This list is the single source of `vmstate-gate --list-rules`, the JSON,
 * SARIF and code-quality rule ids and the man page table (doc/ is checked
 * against it by tests/t/t0010-rules.sh). Ids are stable: never rename one,
 * add a new id instead. Include this file after defining VG_RULE.
 */

/* Section level (top-level descriptions; their name is on the wire). */
VG_RULE(SECTION_REMOVED, "section-removed", VG_SEV_ERROR,
	"a section the source sends is unknown to the destination")
VG_RULE(SECTION_ADDED, "section-added", VG_SEV_INFO,
	"a new section; an older destination would refuse it if it is sent")
VG_RULE(SECTION_ADDED_UNCONDITIONAL, "section-added-unconditional", VG_SEV_WARNING,
	"an existing device's new section with no needed(): migrating back fails, as after a version bump")
VG_RULE(SECTION_RENAMED, "section-renamed", VG_SEV_ERROR,
	"the top-level .name (the section id on the wire) changed")
VG_RULE(TYPE_RENAMED, "type-renamed", VG_SEV_INFO,
	"a QOM type (dump key) renamed per rules/section-renames; not on the wire")
VG_RULE(DESCRIPTION_ABSENT, "description-absent", VG_SEV_WARNING,
	"a dump section entry without a Description: only its versions were compared")
VG_RULE(ALREADY_INCOMPATIBLE, "already-incompatible", VG_SEV_INFO,
	"a section an earlier commit of the cycle already made incompatible with the release changed again")
VG_RULE(MACHINE_CHANGED, "machine-changed", VG_SEV_WARNING,
	"the dumps were taken for different machine types")
VG_RULE(CONFIG_CHANGED, "config-changed", VG_SEV_WARNING,
	"a section missing from the new build's dump that the source still has: a configuration change")

/* Versions (sections, subsections and nested descriptions). */
VG_RULE(VERSION_LOWERED, "version-lowered", VG_SEV_ERROR,
	"version_id went down: streams from the source are too new")
VG_RULE(MINIMUM_VERSION_RAISED, "minimum-version-raised", VG_SEV_ERROR,
	"minimum_version_id rose above the source's version_id")
VG_RULE(VERSION_BUMPED, "version-bumped", VG_SEV_WARNING,
	"version_id went up: migration to the older QEMU fails")

/* Fields, compared by the bytes they put on the wire. */
VG_RULE(FIELD_REMOVED, "field-removed", VG_SEV_ERROR,
	"the source sends a field that the destination no longer reads")
VG_RULE(FIELD_ADDED, "field-added", VG_SEV_ERROR,
	"the destination reads a field that the source never sends")
VG_RULE(FIELD_INSERTED, "field-inserted", VG_SEV_ERROR,
	"an ungated field inserted before existing fields")
VG_RULE(FIELD_SIZE_CHANGED, "field-size-changed", VG_SEV_ERROR,
	"a field's size on the wire changed")
VG_RULE(FIELD_SIZE_UNKNOWN, "field-size-unknown", VG_SEV_WARNING,
	"a field's size is symbolic on one side and cannot be compared; check it by hand")
VG_RULE(FIELD_NARROWED, "field-narrowed", VG_SEV_WARNING,
	"a number narrowed behind VMSTATE_UNUSED padding of the lost bytes: same bytes, values above the new width are lost")
VG_RULE(FIELD_RELAYOUT, "field-relayout", VG_SEV_WARNING,
	"consecutive fields regrouped over the same bytes; the new fields read the old ones' bytes")
VG_RULE(FIELD_CONDITIONAL, "field-conditional", VG_SEV_WARNING,
	"a field_exists test decides whether a field travels; it cannot be judged statically")
VG_RULE(FIELD_NEVER_MIGRATED, "field-never-migrated", VG_SEV_WARNING,
	"a field gated above the version its description is saved and loaded at: never on the wire")
VG_RULE(FIELD_ADDED_VERSIONED, "field-added-versioned", VG_SEV_INFO,
	"a new field gated by a version above the source's; not read from older streams")
VG_RULE(FIELD_RENAMED, "field-renamed", VG_SEV_INFO,
	"a field renamed in place; names are not on the wire")
VG_RULE(FIELD_MOVED, "field-moved", VG_SEV_INFO,
	"fields moved into or out of a nested struct with the same bytes")
VG_RULE(FIELD_ENCODING_CHANGED, "field-encoding-changed", VG_SEV_INFO,
	"a field's C type or macro changed with the same bytes on the wire")
VG_RULE(UNUSED_PADDING, "unused-padding", VG_SEV_INFO,
	"a field replaced by VMSTATE_UNUSED of the same size, or the reverse")

/* Descriptions and subsections. */
VG_RULE(DESCRIPTION_MISSING, "description-missing", VG_SEV_ERROR,
	"a nested struct description is missing in the destination")
VG_RULE(DESCRIPTION_REMOVED, "description-removed", VG_SEV_ERROR,
	"a VMStateDescription definition was removed")
VG_RULE(DESCRIPTION_RENAMED, "description-renamed", VG_SEV_INFO,
	"a nested description's name changed; nested names are not on the wire")
VG_RULE(SUBSECTION_REMOVED, "subsection-removed", VG_SEV_ERROR,
	"a subsection the source may send is unknown to the destination")
VG_RULE(SUBSECTION_RENAMED, "subsection-renamed", VG_SEV_ERROR,
	"a subsection's .name (on the wire) changed")
VG_RULE(SUBSECTION_ADDED, "subsection-added", VG_SEV_INFO,
	"a new subsection; an older destination refuses it when needed() is true")
VG_RULE(SUBSECTION_ALWAYS_SENT, "subsection-always-sent", VG_SEV_ERROR,
	"a new subsection with no needed(): always sent, so migrating back to the release always fails")
VG_RULE(SUBSECTION_DUPLICATE, "subsection-duplicate", VG_SEV_ERROR,
	"two subsections of one description share a .name: the destination loads both into the first")
VG_RULE(SUBSECTION_UNLOADABLE, "subsection-unloadable", VG_SEV_INFO,
	"a subsection without its parent's name as prefix, removed or renamed: no release could load it")

/* Source scanner. */
VG_RULE(SCAN_UNPARSED, "scan-unparsed", VG_SEV_WARNING,
	"the scanner could not follow a construct; it was not compared")
VG_RULE(INITIALIZER_DUPLICATE, "initializer-duplicate", VG_SEV_WARNING,
	"a designated initializer given twice in one VMStateDescription: C keeps the last")
VG_RULE(UNKNOWN_MACRO, "unknown-macro", VG_SEV_WARNING,
	"a field macro not in rules/macros; its wire size is unknown")

/* Waivers (Migration-Break trailers). */
VG_RULE(WAIVER_MALFORMED, "waiver-malformed", VG_SEV_ERROR,
	"a Migration-Break trailer that does not parse")
VG_RULE(WAIVER_UNUSED, "waiver-unused", VG_SEV_WARNING,
	"a Migration-Break trailer that matches no finding")
VG_RULE(WAIVER_SUGGESTED, "waiver-suggested", VG_SEV_INFO,
	"the message states a migration break in prose but has no trailer")
