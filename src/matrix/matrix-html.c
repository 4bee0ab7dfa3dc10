/*
 * The matrix as one self-contained HTML page: inline CSS (screen and
 * print), a few lines of inline JavaScript for the filters, no network
 * (a Content-Security-Policy forbids it), every string from the dumps
 * escaped. The grid links each cell to its breaks below.
 */
#include "matrix/matrix.h"
#include "core/util.h"
#include "core/version.h"

#include <stdlib.h>
#include <string.h>

static void h(FILE *out, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
}

static const char style[] =
	":root{--red:#c62828;--red-bg:#fbe3e3;--amber:#9a6700;--amber-bg:#fff1c7;"
	"--green:#1b6e20;--green-bg:#dff3df;--grey:#6b7280;--line:#d9dde3;--ink:#1f2328}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;padding:24px 32px;font:14px/1.45 system-ui,-apple-system,'Segoe UI',"
	"Roboto,'DejaVu Sans',sans-serif;color:var(--ink);background:#fff}\n"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;"
	"border-bottom:1px solid var(--line);padding-bottom:4px}\n"
	"h3{font-size:14px;margin:0 0 4px}\n"
	"code{font:12px/1.3 ui-monospace,'DejaVu Sans Mono',monospace;background:#f3f4f6;"
	"padding:0 3px;border-radius:3px}\n"
	".meta{color:var(--grey);margin:0 0 10px}\n"
	".tally{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0;padding:0;list-style:none}\n"
	".tally li,.chip{padding:2px 10px;border-radius:12px;font-weight:600;font-size:13px}\n"
	".chip{font-weight:400;display:inline-block;margin-right:6px}\n"
	".red{background:var(--red-bg);color:var(--red)}"
	".amber{background:var(--amber-bg);color:var(--amber)}"
	".green{background:var(--green-bg);color:var(--green)}\n"
	".missing{color:#9aa0a6;background:repeating-linear-gradient(135deg,#f6f7f8 0 4px,"
	"#eceef1 4px 8px)}\n"
	".filters{position:sticky;top:0;z-index:3;background:#fff;padding:8px 0;display:flex;"
	"gap:16px;align-items:center;border-bottom:1px solid var(--line)}\n"
	".filters input{font:inherit;padding:3px 8px;border:1px solid #b9c0c8;border-radius:4px;"
	"width:14em}\n#f-count{color:var(--grey)}\n"
	".scroll{overflow-x:auto;border:1px solid var(--line);border-radius:6px}\n"
	"table.grid{border-collapse:separate;border-spacing:0;font-size:12px}\n"
	".grid th,.grid td{border-right:1px solid var(--line);border-bottom:1px solid var(--line);"
	"padding:3px 5px;text-align:center;white-space:nowrap}\n"
	".grid thead th{background:#f6f8fa;font-weight:600;position:sticky;top:0}\n"
	".grid th.group{font-weight:400;color:var(--grey);font-size:11px}\n"
	".grid th.pair{font-size:11px;line-height:1.2}\n"
	".grid th.dir{font-size:11px;color:var(--grey);font-weight:400}\n"
	".grid th.row{text-align:left;background:#fff;position:sticky;left:0;z-index:1;"
	"font-weight:600}\n"
	".grid td.cell{min-width:52px;font-variant-numeric:tabular-nums}\n"
	".grid td.cell a{color:inherit;text-decoration:none;display:block}\n"
	".grid td.cell a:hover{text-decoration:underline}\n"
	".grid td.red,.grid td.amber{font-weight:600}\n"
	".grid td.dim{opacity:.25}\n"
	".grid td.sep,.grid th.sep{border-left:2px solid #8c959f}\n"
	"p.legend{margin:6px 0 10px;color:var(--grey)}\n"
	"article.detail{border:1px solid var(--line);border-left:5px solid var(--line);"
	"border-radius:6px;padding:10px 14px;margin:12px 0;break-inside:avoid}\n"
	"article.detail.red{border-left-color:var(--red);background:#fff;color:var(--ink)}"
	"article.detail.amber{border-left-color:#e0a800;background:#fff;color:var(--ink)}\n"
	".badge{font-size:11px;padding:1px 7px;border-radius:9px;margin-right:6px;"
	"text-transform:uppercase;letter-spacing:.03em}\n"
	".counts{color:var(--grey);margin:0 0 8px;font-size:13px}\n"
	"table.findings{border-collapse:collapse;width:100%;font-size:13px}\n"
	".findings th{text-align:left;font-weight:600;color:var(--grey);font-size:12px;"
	"border-bottom:1px solid var(--line);padding:3px 6px}\n"
	".findings td{border-bottom:1px solid #eef0f2;padding:4px 6px;vertical-align:top}\n"
	".findings td.why{width:45%}.findings td.waiver{width:25%}"
	".findings td code{white-space:nowrap}\n"
	".sev{font-weight:700;font-size:11px;text-transform:uppercase}\n"
	".sev-error .sev{color:var(--red)}.sev-warning .sev{color:var(--amber)}\n"
	"tr.waived td{color:#57606a}tr.waived .sev{color:var(--grey)}\n"
	".waiver{font-size:12px}\n"
	".where{display:block;color:var(--grey);font-size:12px}\n"
	"footer{margin-top:32px;color:var(--grey);font-size:12px}\n"
	"[hidden]{display:none!important}\n"
	"@media print{@page{size:A3 landscape;margin:10mm}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"body{padding:0;font-size:10pt}.filters{display:none}"
	".scroll{overflow:visible;border:0}.grid{font-size:8pt}"
	".grid thead th,.grid th.row{position:static}"
	"a{color:inherit;text-decoration:none}article.detail{break-inside:avoid}"
	"h2{break-after:avoid}}\n";

/* Filters: machine type (rows, details) and device (cells dimmed, details, findings). */
static const char script[] =
	"(function(){\n"
	"var fm=document.getElementById('f-machine'),fd=document.getElementById('f-device'),\n"
	"  cnt=document.getElementById('f-count'),arts=document.querySelectorAll('article.detail');\n"
	"function has(list,q){if(!q)return true;var a=(list||'').toLowerCase().split(' ');\n"
	"  for(var i=0;i<a.length;i++)if(a[i].indexOf(q)>=0)return true;return false;}\n"
	"function apply(){var m=fm.value.trim().toLowerCase(),d=fd.value.trim().toLowerCase(),n=0;\n"
	"  document.querySelectorAll('#grid tbody tr').forEach(function(tr){\n"
	"    tr.hidden=tr.dataset.row.toLowerCase().indexOf(m)<0;});\n"
	"  document.querySelectorAll('#grid td.cell').forEach(function(td){\n"
	"    td.classList.toggle('dim',!!d&&!has(td.dataset.devices,d));});\n"
	"  arts.forEach(function(a){var ok=a.dataset.row.toLowerCase().indexOf(m)>=0&&\n"
	"    has(a.dataset.devices,d);a.hidden=!ok;if(ok)n++;\n"
	"    a.querySelectorAll('tbody tr').forEach(function(tr){tr.hidden=!has(tr.dataset.devices,d);});});\n"
	"  cnt.textContent=n+' of '+arts.length+' cells with breaks shown';}\n"
	"var q=new URLSearchParams(location.search);\n"
	"fm.value=q.get('machine')||'';fd.value=q.get('device')||'';\n"
	"fm.addEventListener('input',apply);fd.addEventListener('input',apply);apply();\n"
	"})();\n";

static void cell_text(FILE *out, const struct vg_matrix_cell *c)
{
	const char *sep = "";

	if (c->state == VG_MATRIX_MISSING) {
		fputs("–", out);
		return;
	}
	if (c->errors) {
		fprintf(out, "E%zu", c->errors);
		sep = " ";
	}
	if (c->warnings) {
		fprintf(out, "%sW%zu", sep, c->warnings);
		sep = " ";
	}
	if (c->waived) {
		fprintf(out, "%sV%zu", sep, c->waived);
		sep = " ";
	}
	if (!*sep)
		fputs("✓", out);
}

/* The devices a cell's findings name (sections and descriptions), for the filter. */
static void devices_attr(FILE *out, const struct vg_findings *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		h(out, list->items[i].section);
		fputc(' ', out);
		h(out, list->items[i].desc);
		if (i + 1 < list->nr)
			fputc(' ', out);
	}
}

static void write_head(FILE *out, const struct vg_matrix *m)
{
	size_t counts[4], rows = 0, i, j;

	vg_matrix_tally(m, counts);
	for (i = 0; i < m->nr_rows; i++)
		rows += m->rows[i].paired;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"vmstate-gate " VG_VERSION "\">\n"
	      "<title>Release migration matrix</title>\n<style>\n", out);
	fputs(style, out);
	fputs("</style>\n</head>\n<body>\n<header>\n<h1>Release migration matrix</h1>\n"
	      "<p class=\"meta\">Dumps <code>", out);
	h(out, m->source);
	fprintf(out, "</code> · %zu releases · %zu machine types · %zu columns "
		"(release pair and direction)</p>\n<p class=\"meta\">", m->nr_releases, rows,
		m->nr_columns);
	for (i = 0; i < m->nr_releases; i = j) {
		for (j = i + 1; j < m->nr_releases &&
		     !strcmp(m->releases[j].series, m->releases[i].series); j++)
			;
		fprintf(out, "%sSeries ", i ? "<br>" : "");
		h(out, *m->releases[i].series ? m->releases[i].series : "vX.Y.Z");
		fputs(": ", out);
		h(out, m->releases[i].name);
		if (j - i > 1) {
			fputs(" … ", out);
			h(out, m->releases[j - 1].name);
			fprintf(out, " (%zu releases)", j - i);
		} else {
			fputs(" alone: another configuration, paired with no other series", out);
		}
	}
	fprintf(out, "</p>\n<ul class=\"tally\" id=\"tally\"><li class=\"red\">%zu red</li>"
		"<li class=\"amber\">%zu amber</li><li class=\"green\">%zu green</li>"
		"<li class=\"missing\">%zu missing</li></ul>\n</header>\n",
		counts[VG_MATRIX_RED], counts[VG_MATRIX_AMBER], counts[VG_MATRIX_GREEN],
		counts[VG_MATRIX_MISSING]);
	fputs("<nav class=\"filters\"><label>Machine type <input id=\"f-machine\" type=\"search\" "
	      "placeholder=\"q800, pc-q35\"></label><label>Device <input id=\"f-device\" "
	      "type=\"search\" placeholder=\"esp, e1000\"></label><span id=\"f-count\"></span>"
	      "</nav>\n", out);
}

static size_t first_to_newest(const struct vg_matrix *m)
{
	size_t col;

	for (col = 0; col < m->nr_columns && !m->columns[col].to_newest; col++)
		;
	return col;
}

static void write_grid_head(FILE *out, const struct vg_matrix *m)
{
	size_t split = first_to_newest(m), col;
	const struct vg_matrix_column *c;

	fputs("<thead>\n<tr><th class=\"row\" rowspan=\"3\">Machine type</th>", out);
	if (split)
		fprintf(out, "<th class=\"group\" colspan=\"%zu\">consecutive releases</th>", split);
	if (split < m->nr_columns)
		fprintf(out, "<th class=\"group sep\" colspan=\"%zu\">each release into the "
			"newest</th>", m->nr_columns - split);
	fputs("</tr>\n<tr>", out);
	for (col = 0; col < m->nr_columns; col += 2) {
		c = &m->columns[col];
		fprintf(out, "<th class=\"pair%s\" colspan=\"2\">", col && col == split ? " sep" : "");
		h(out, m->releases[c->older].name);
		fputs("<br>", out);
		h(out, m->releases[c->newer].name);
		fputs("</th>", out);
	}
	fputs("</tr>\n<tr>", out);
	for (col = 0; col < m->nr_columns; col++)
		fprintf(out, "<th class=\"dir%s\" title=\"%s\">%s</th>",
			col && col == split ? " sep" : "",
			m->columns[col].backward ? "backward: newer to older" : "forward: older to newer",
			m->columns[col].backward ? "← back" : "fwd →");
	fputs("</tr>\n</thead>\n", out);
}

static void write_cell(FILE *out, const struct vg_matrix *m, size_t row, size_t col)
{
	const struct vg_matrix_cell *cell = vg_matrix_cell(m, row, col);
	const struct vg_matrix_column *c = &m->columns[col];
	const char *src = m->releases[vg_matrix_src(c)].name;
	const char *dst = m->releases[vg_matrix_dst(c)].name;
	size_t split = first_to_newest(m);

	fprintf(out, "<td id=\"cell-%zu-%zu\" class=\"cell %s%s\" data-state=\"%s\" data-row=\"",
		row, col, vg_matrix_state_name(cell->state), col && col == split ? " sep" : "",
		vg_matrix_state_name(cell->state));
	h(out, m->rows[row].label);
	fputs("\" data-src=\"", out);
	h(out, src);
	fputs("\" data-dst=\"", out);
	h(out, dst);
	fprintf(out, "\" data-dir=\"%s\" data-devices=\"", c->backward ? "backward" : "forward");
	devices_attr(out, &cell->findings);
	fputs("\" title=\"", out);
	h(out, m->rows[row].label);
	fputs(": ", out);
	h(out, src);
	fputs(" → ", out);
	h(out, dst);
	if (cell->state == VG_MATRIX_MISSING) {
		fputs(": no dump in ", out);
		if (!vg_matrix_dump_at(m, row, c->older))
			h(out, m->releases[c->older].name);
		if (!vg_matrix_dump_at(m, row, c->older) && !vg_matrix_dump_at(m, row, c->newer))
			fputs(" and ", out);
		if (!vg_matrix_dump_at(m, row, c->newer))
			h(out, m->releases[c->newer].name);
		fputs("\">", out);
		cell_text(out, cell);
		fputs("</td>", out);
		return;
	}
	fprintf(out, ": %zu errors, %zu warnings, %zu waived, %zu sections compared\">",
		cell->errors, cell->warnings, cell->waived, cell->sections);
	if (cell->state == VG_MATRIX_RED || cell->state == VG_MATRIX_AMBER)
		fprintf(out, "<a href=\"#d-%zu-%zu\">", row, col);
	cell_text(out, cell);
	if (cell->state == VG_MATRIX_RED || cell->state == VG_MATRIX_AMBER)
		fputs("</a>", out);
	fputs("</td>", out);
}

static void write_grid(FILE *out, const struct vg_matrix *m)
{
	size_t row, col;

	fputs("<section id=\"overview\">\n<h2>Overview</h2>\n<p class=\"legend\">"
	      "<span class=\"chip red\">E2 W1</span>unwaived errors (red) "
	      "<span class=\"chip amber\">W1 V1</span>warnings or waived breaks (amber) "
	      "<span class=\"chip green\">✓</span>nothing breaks "
	      "<span class=\"chip missing\">–</span>no dump of that machine type in one of the "
	      "releases. Forward: a VM of the older release migrates to the newer; back: from "
	      "the newer to the older. Click a cell for its breaks.</p>\n"
	      "<div class=\"scroll\">\n<table class=\"grid\" id=\"grid\">\n", out);
	write_grid_head(out, m);
	fputs("<tbody>\n", out);
	for (row = 0; row < m->nr_rows; row++) {
		if (!m->rows[row].paired)
			continue;
		fputs("<tr data-row=\"", out);
		h(out, m->rows[row].label);
		fputs("\"><th class=\"row\" scope=\"row\">", out);
		h(out, m->rows[row].label);
		fputs("</th>", out);
		for (col = 0; col < m->nr_columns; col++)
			write_cell(out, m, row, col);
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</div>\n</section>\n", out);
}

static void write_finding(FILE *out, const struct vg_finding *f)
{
	char *path = vg_finding_path(f);

	fprintf(out, "<tr class=\"sev-%s%s\" data-devices=\"", vg_severity_name(f->severity),
		f->waived_by ? " waived" : "");
	h(out, f->section);
	fputc(' ', out);
	h(out, f->desc);
	fputs("\"><td><code>", out);
	h(out, f->section);
	fputs("</code></td><td><code>", out);
	h(out, path);
	fprintf(out, "</code></td><td><span class=\"sev\">%s%s</span><br>%s</td><td class=\"why\">",
		vg_severity_name(f->severity), f->waived_by ? " (waived)" : "",
		vg_rule_info(f->rule)->id);
	h(out, f->message);
	if (f->file) {
		fputs("<span class=\"where\">", out);
		h(out, f->file);
		fprintf(out, ":%u</span>", f->line);
	}
	if (f->old_file) {
		fputs("<span class=\"where\">was ", out);
		h(out, f->old_file);
		fprintf(out, ":%u</span>", f->old_line);
	}
	if (f->commit) {
		fputs("<span class=\"where\">commit ", out);
		h(out, f->commit);
		fputs("</span>", out);
	}
	fputs("</td><td class=\"waiver\">", out);
	if (f->waived_by) {
		fputs("waived by <code>", out);
		h(out, f->waived_by);
		fputs("</code>", out);
		if (f->waiver_reason) {
			fputs(": ", out);
			h(out, f->waiver_reason);
		}
	} else {
		fputs("—", out);
	}
	fputs("</td></tr>\n", out);
	free(path);
}

static void write_detail(FILE *out, const struct vg_matrix *m, size_t row, size_t col)
{
	const struct vg_matrix_cell *cell = vg_matrix_cell(m, row, col);
	const struct vg_matrix_column *c = &m->columns[col];
	const char *state = vg_matrix_state_name(cell->state);
	size_t i;

	fprintf(out, "<article class=\"detail %s\" id=\"d-%zu-%zu\" data-row=\"", state, row, col);
	h(out, m->rows[row].label);
	fputs("\" data-devices=\"", out);
	devices_attr(out, &cell->findings);
	fprintf(out, "\">\n<h3><span class=\"badge %s\">%s</span>", state, state);
	h(out, m->rows[row].label);
	fputs(" · ", out);
	h(out, m->releases[vg_matrix_src(c)].name);
	fputs(" → ", out);
	h(out, m->releases[vg_matrix_dst(c)].name);
	fprintf(out, " <small>(%s)</small></h3>\n<p class=\"counts\">%zu sections compared: "
		"%zu errors, %zu warnings, %zu waived · <a href=\"#cell-%zu-%zu\">back to the "
		"grid</a></p>\n", c->backward ? "backward" : "forward", cell->sections,
		cell->errors, cell->warnings, cell->waived, row, col);
	fputs("<table class=\"findings\"><thead><tr><th>Section</th><th>Where</th><th>Rule</th>"
	      "<th>Why</th><th>Waiver</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < cell->findings.nr; i++)
		write_finding(out, &cell->findings.items[i]);
	fputs("</tbody></table>\n</article>\n", out);
}

static void write_details(FILE *out, const struct vg_matrix *m)
{
	enum vg_matrix_state st;
	size_t row, col, counts[4];

	fputs("<section id=\"breaks\">\n<h2>Breaks</h2>\n<p class=\"legend\">Every red or amber "
	      "cell: the sections that break and why, and the waiver of each waived break.</p>\n",
	      out);
	vg_matrix_tally(m, counts);
	if (!counts[VG_MATRIX_RED] && !counts[VG_MATRIX_AMBER])
		fputs("<p id=\"no-breaks\">None: every pair that both releases have "
		      "migrates.</p>\n", out);
	for (row = 0; row < m->nr_rows; row++)
		for (col = 0; col < m->nr_columns; col++) {
			st = vg_matrix_cell(m, row, col)->state;
			if (st == VG_MATRIX_RED || st == VG_MATRIX_AMBER)
				write_detail(out, m, row, col);
		}
	fputs("</section>\n", out);
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
				fputs("<section id=\"unpaired\">\n<h2>Dumps in no pair</h2>\n"
				      "<p class=\"legend\">No other release of their series has these "
				      "machine types in a compared pair.</p>\n<ul>\n", out);
			any = 1;
			fputs("<li>", out);
			h(out, m->releases[rel].name);
			fputc(' ', out);
			h(out, m->rows[row].label);
			fputs(": <code>", out);
			h(out, d->name);
			fputs("</code></li>\n", out);
		}
	if (any)
		fputs("</ul>\n</section>\n", out);
}

int vg_matrix_write_html(FILE *out, const struct vg_matrix *m)
{
	write_head(out, m);
	write_grid(out, m);
	write_details(out, m);
	write_unpaired(out, m);
	fputs("<footer>vmstate-gate " VG_VERSION " matrix: the same data as Markdown "
	      "(<code>--format md</code>) and JSON (<code>--format json</code>).</footer>\n"
	      "<script>\n", out);
	fputs(script, out);
	fputs("</script>\n</body>\n</html>\n", out);
	return ferror(out) ? vg_error("write error") : 0;
}
