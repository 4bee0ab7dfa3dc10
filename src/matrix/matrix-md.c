/*
 * The matrix as Markdown (a mailing-list reply, a wiki page): the same
 * grid and breaks as the HTML page, in plain text that renders.
 */
#include "matrix/matrix.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* Text with Markdown's active characters escaped (messages name fields like drq_state). */
static void md_text(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			fputc('\\', out);
		if (*s == '\n' || *s == '\r')
			fputc(' ', out);
		else
			fputc(*s, out);
	}
}

/* A code span; a backtick inside (never in QEMU's names) becomes a quote. */
static void md_code(FILE *out, const char *s)
{
	fputc('`', out);
	for (; s && *s; s++)
		fputc(*s == '`' ? '\'' : *s == '\n' ? ' ' : *s, out);
	fputc('`', out);
}

static void md_cell(FILE *out, const struct vg_matrix_cell *c)
{
	int any = 0;

	if (c->state == VG_MATRIX_MISSING) {
		fputs("–", out);
		return;
	}
	if (c->errors) {
		fprintf(out, "**E%zu**", c->errors);
		any = 1;
	}
	if (c->warnings) {
		fprintf(out, "%sW%zu", any ? " " : "", c->warnings);
		any = 1;
	}
	if (c->waived) {
		fprintf(out, "%sV%zu", any ? " " : "", c->waived);
		any = 1;
	}
	if (!any)
		fputs("ok", out);
}

static void write_intro(FILE *out, const struct vg_matrix *m)
{
	size_t counts[4], rows = 0, i, j, n;

	vg_matrix_tally(m, counts);
	for (i = 0; i < m->nr_rows; i++)
		rows += m->rows[i].paired;
	fputs("# Release migration matrix\n\nDumps: ", out);
	md_code(out, m->source);
	fprintf(out, "; %zu releases, %zu machine types, %zu columns (release pair and "
		"direction).\n", m->nr_releases, rows, m->nr_columns);
	for (i = 0; i < m->nr_releases; i = j) {
		for (j = i + 1; j < m->nr_releases && !strcmp(m->releases[j].series,
							      m->releases[i].series); j++)
			;
		n = j - i;
		fprintf(out, "Series %s: ", *m->releases[i].series ? m->releases[i].series : "vX.Y.Z");
		md_text(out, m->releases[i].name);
		if (n > 1) {
			fputs(" … ", out);
			md_text(out, m->releases[j - 1].name);
			fprintf(out, " (%zu releases).\n", n);
		} else {
			fputs(" alone: a build of another configuration, paired with no other "
			      "series.\n", out);
		}
	}
	fprintf(out, "Cells: %zu red, %zu amber, %zu green, %zu missing.\n\n",
		counts[VG_MATRIX_RED], counts[VG_MATRIX_AMBER], counts[VG_MATRIX_GREEN],
		counts[VG_MATRIX_MISSING]);
	fputs("A column is SOURCE → DESTINATION: forward, a VM of the older release migrates "
	      "to the newer; backward, back to the older. A cell counts **E**rrors, "
	      "**W**arnings and **V** waived breaks; ok: nothing breaks; –: one of the two "
	      "releases has no dump of that machine type.\n\n", out);
}

static void write_grid(FILE *out, const struct vg_matrix *m)
{
	const struct vg_matrix_column *c;
	size_t row, col;

	fputs("## Overview\n\n| machine type |", out);
	for (col = 0; col < m->nr_columns; col++) {
		c = &m->columns[col];
		fputc(' ', out);
		md_text(out, m->releases[vg_matrix_src(c)].name);
		fputs(" → ", out);
		md_text(out, m->releases[vg_matrix_dst(c)].name);
		fputs(" |", out);
	}
	fputs("\n|---|", out);
	for (col = 0; col < m->nr_columns; col++)
		fputs(":-:|", out);
	fputc('\n', out);
	for (row = 0; row < m->nr_rows; row++) {
		if (!m->rows[row].paired)
			continue;
		fputs("| ", out);
		md_text(out, m->rows[row].label);
		fputs(" |", out);
		for (col = 0; col < m->nr_columns; col++) {
			fputc(' ', out);
			md_cell(out, vg_matrix_cell(m, row, col));
			fputs(" |", out);
		}
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void write_finding(FILE *out, const struct vg_finding *f)
{
	char *path = vg_finding_path(f);

	fputs(f->waived_by ? "- waived " : "- ", out);
	fprintf(out, "**%s** ", vg_severity_name(f->severity));
	md_code(out, f->section ? f->section : "");
	if (path && *path && (!f->section || strcmp(path, f->section))) {
		fputc(' ', out);
		md_code(out, path);
	}
	fprintf(out, " (%s): ", vg_rule_info(f->rule)->id);
	md_text(out, f->message);
	fputc('.', out);
	if (f->file) {
		fputs(" At ", out);
		md_code(out, f->file);
		fprintf(out, ":%u.", f->line);
	}
	if (f->commit) {
		fputs(" Commit ", out);
		md_code(out, f->commit);
		fputc('.', out);
	}
	if (f->waived_by) {
		fputs(" Waived by ", out);
		md_code(out, f->waived_by);
		if (f->waiver_reason) {
			fputs(": ", out);
			md_text(out, f->waiver_reason);
		}
		fputc('.', out);
	}
	fputc('\n', out);
	free(path);
}

static void write_breaks(FILE *out, const struct vg_matrix *m)
{
	const struct vg_matrix_column *c;
	const struct vg_matrix_cell *cell;
	size_t row, col, i, counts[4];

	vg_matrix_tally(m, counts);
	fputs("## Breaks\n\nEvery cell that is not green, with what breaks and why.\n", out);
	if (!counts[VG_MATRIX_RED] && !counts[VG_MATRIX_AMBER])
		fputs("\nNone: every pair that both releases have migrates.\n", out);
	for (row = 0; row < m->nr_rows; row++)
		for (col = 0; col < m->nr_columns; col++) {
			cell = vg_matrix_cell(m, row, col);
			if (cell->state != VG_MATRIX_RED && cell->state != VG_MATRIX_AMBER)
				continue;
			c = &m->columns[col];
			fputs("\n### ", out);
			md_text(out, m->rows[row].label);
			fputs(": ", out);
			md_text(out, m->releases[vg_matrix_src(c)].name);
			fputs(" → ", out);
			md_text(out, m->releases[vg_matrix_dst(c)].name);
			fprintf(out, " (%s)\n\n%zu sections compared: %zu errors, %zu warnings, "
				"%zu waived.\n\n", c->backward ? "backward" : "forward",
				cell->sections, cell->errors, cell->warnings, cell->waived);
			for (i = 0; i < cell->findings.nr; i++)
				write_finding(out, &cell->findings.items[i]);
		}
	fputc('\n', out);
}

static void write_unpaired(FILE *out, const struct vg_matrix *m)
{
	const struct vg_matrix_dump *d;
	size_t row, rel;
	int any = 0;

	for (row = 0; row < m->nr_rows; row++)
		for (rel = 0; rel < m->nr_releases; rel++) {
			if (!(d = vg_matrix_dump_at(m, row, rel)) || d->used)
				continue;
			if (!any)
				fputs("## Dumps in no pair\n\nNo other release of their series has "
				      "these machine types in a compared pair.\n\n", out);
			any = 1;
			fputs("- ", out);
			md_text(out, m->releases[rel].name);
			fputc(' ', out);
			md_text(out, m->rows[row].label);
			fputs(": ", out);
			md_code(out, d->name);
			fputc('\n', out);
		}
}

int vg_matrix_write_md(FILE *out, const struct vg_matrix *m)
{
	write_intro(out, m);
	write_grid(out, m);
	write_breaks(out, m);
	write_unpaired(out, m);
	return ferror(out) ? vg_error("write error") : 0;
}
