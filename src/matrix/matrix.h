#ifndef VG_MATRIX_H
#define VG_MATRIX_H

#include <stddef.h>
#include <stdio.h>

#include "core/finding.h"
#include "core/model.h"

struct vg_rules;

/*
 * The release matrix: release dumps laid out as VERSION/TARGET/MACHINE.json
 * (a directory, or published refs), every pair of releases that users move
 * VMs between compared in both directions, per target and machine type.
 *
 * Releases: a VERSION is "vX.Y[.Z][-SERIES]". Releases with a -SERIES
 * suffix (v7.2-debian: a distribution's build, another configuration) form
 * a series of their own and are paired only within it; plain vX.Y.Z are
 * the series "". In each series sorted by version, the pairs are every
 * consecutive pair, then each older release into the newest.
 *
 * Columns: one per pair and direction. Forward: a VM of the older release
 * migrates to the newer (src old, dst new); backward: from the newer back
 * to the older (compare --reverse). Known breaks (rules/known-breaks) are
 * waived for the pair's release range, as compare --range does.
 *
 * Rows: TARGET/MACHINE, sorted (numbers in names compared as numbers). A
 * cell exists only when both releases have that MACHINE.json; otherwise it
 * is VG_MATRIX_MISSING, which is never a pass.
 */

enum vg_matrix_state {
	VG_MATRIX_MISSING = 0,  /* one of the releases has no such dump */
	VG_MATRIX_GREEN,        /* no unwaived error or warning, nothing waived */
	VG_MATRIX_AMBER,        /* unwaived warnings, or waived breaks; no error */
	VG_MATRIX_RED,          /* unwaived errors */
};

const char *vg_matrix_state_name(enum vg_matrix_state s); /* "missing", "green", ... */

struct vg_matrix_release {
	char *name;             /* "v9.0.0", "v7.2-debian" */
	char *series;           /* "" or "debian" */
	long number;            /* vg_release_number() */
	size_t dumps;           /* how many dumps it has */
};

struct vg_matrix_row {
	char *target, *machine;
	char *label;            /* "TARGET/MACHINE" */
	int paired;             /* at least one cell is not missing */
};

struct vg_matrix_column {
	size_t older, newer;    /* release indexes */
	int to_newest;          /* "each into the newest", not a consecutive pair */
	int backward;           /* newer -> older */
};

struct vg_matrix_cell {
	enum vg_matrix_state state;
	size_t errors, warnings, infos, waived; /* unwaived counts; waived: any severity */
	size_t sections;        /* sections compared */
	/* Unwaived errors and warnings and every waived finding, sorted. */
	struct vg_findings findings;
};

/* One VERSION/TARGET/MACHINE.json. */
struct vg_matrix_dump {
	size_t release, row;
	char *target, *machine; /* until rows are made */
	char *name;             /* for messages: the file, or REF:TARGET/MACHINE.json */
	char *path;             /* the file to load, or NULL (blob) */
	char *blob;             /* the contents, for a dump read from a ref */
	size_t blob_len;
	int used;               /* takes part in a cell */
};

struct vg_matrix {
	char *source;           /* the directory, or the ref prefix */
	struct vg_matrix_release *releases;
	size_t nr_releases, alloc_releases;
	struct vg_matrix_dump *dumps;
	size_t nr_dumps, alloc_dumps;
	struct vg_matrix_row *rows;
	size_t nr_rows;
	struct vg_matrix_column *columns;
	size_t nr_columns;
	struct vg_matrix_cell *cells;   /* nr_rows x nr_columns, row-major */
	size_t *dump_at;                /* nr_rows x nr_releases: dump index + 1, or 0 */
	int input_error;                /* the last failure was the input's (exit 2) */
};

#define VG_MATRIX_INIT { 0 }

/*
 * Add one dump of release version (added when new; a name that is not a
 * release is an input error). Exactly one of path and blob is set; blob
 * (blob_len bytes, malloc()ed) is taken over, also on failure.
 */
int vg_matrix_add_dump(struct vg_matrix *m, const char *version, const char *target,
		       const char *machine, const char *name, const char *path,
		       char *blob, size_t blob_len);

/*
 * Add every dump under dir: DIR/VERSION/TARGET/MACHINE.json. An entry of
 * dir whose name is not a release (README, a directory of test dumps) is
 * skipped with a warning, as is anything but a .json file in a TARGET.
 */
int vg_matrix_scan_dir(struct vg_matrix *m, const char *dir);

/*
 * Sort, pair and compare: releases, rows, columns, then every cell. Each
 * dump is loaded once, row by row, and released when its row is done.
 * Fails (input_error set) when there is nothing to compare, a dump does
 * not load (the message names the file) or a pair compared no section.
 */
int vg_matrix_build(struct vg_matrix *m, const struct vg_rules *rules);

/* The cell of a row and column, and the dump of a row in a release (or NULL). */
const struct vg_matrix_cell *vg_matrix_cell(const struct vg_matrix *m, size_t row, size_t col);
const struct vg_matrix_dump *vg_matrix_dump_at(const struct vg_matrix *m, size_t row,
					       size_t release);
/* The source and destination release of a column. */
size_t vg_matrix_src(const struct vg_matrix_column *c);
size_t vg_matrix_dst(const struct vg_matrix_column *c);
/* Cells in each state (counts[VG_MATRIX_RED] ...), over paired rows. */
void vg_matrix_tally(const struct vg_matrix *m, size_t counts[4]);

void vg_matrix_release(struct vg_matrix *m);

/* Renderers (matrix-html.c, matrix-md.c, matrix-json.c); 0 or -1. */
int vg_matrix_write_html(FILE *out, const struct vg_matrix *m);
int vg_matrix_write_md(FILE *out, const struct vg_matrix *m);
int vg_matrix_write_json(FILE *out, const struct vg_matrix *m);

#endif
