/*
 * C source -> model: finds VMStateDescription definitions with a small
 * tokenizer (comments, literals, continuations, balanced brackets) and
 * one PCRE2 pattern, expands field macros through rules/macros and the
 * file's own #defines. See scan.h. This file holds the entry points and
 * the helpers every scan file uses; the work is in scan-defs.c (descriptions),
 * scan-fields.c (fields), scan-info.c, scan-version.c, scan-headers.c,
 * scan-cpp.c, scan-eval.c and scan-lex.c.
 */
#define _GNU_SOURCE 1 /* memmem */
#include "scan/scan-internal.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const callback_names[VG_CB__COUNT] = {
	"needed", "pre_load", "post_load", "pre_save", "post_save",
	"pre_load_errp", "post_load_errp", "pre_save_errp", "post_save_errp",
	"dev_unplug_pending", "load_state_old",
};

const char *vg_scan_callback_name(unsigned bit)
{
	unsigned i;

	for (i = 0; i < VG_CB__COUNT; i++)
		if (bit == (1u << i))
			return callback_names[i];
	return "?";
}


unsigned vg_scan_line_of(const struct scanner *sc, size_t off)
{
	size_t lo = 0, hi = sc->nr_lines;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (sc->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)lo + 1;
}

unsigned vg_scan_src_line(const struct scanner *sc, const struct src *s, size_t off)
{
	if (s->base == NO_BASE)
		return s->line;
	return vg_scan_line_of(sc, s->base + off);
}

void vg_scan_warn(struct scanner *sc, enum vg_rule rule, unsigned line,
		  const char *desc, const char *item, const char *fmt, ...)
{
	struct vg_buf msg = VG_BUF_INIT;
	struct vg_finding *f;
	va_list ap;

	va_start(ap, fmt);
	vg_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (msg.failed || !msg.buf) {
		vg_buf_release(&msg);
		sc->oom = 1;
		return;
	}
	f = vg_findings_add(sc->warnings, rule, NULL, desc, item, NULL, NULL,
			    "%s", msg.buf);
	vg_buf_release(&msg);
	if (!f || vg_finding_set(&f->file, sc->path) < 0) {
		sc->oom = 1;
		return;
	}
	f->line = line;
}

int vg_scan_set_str(char **dst, const char *s)
{
	if (!s)
		return 0;
	*dst = vg_strdup(s);
	return *dst ? 0 : -1;
}

int vg_scan_is_null_text(const char *s)
{
	return !s || !*s || !strcmp(s, "NULL") || !strcmp(s, "0") ||
	       !strcmp(s, "(void*)0") || !strcmp(s, "false");
}

/* Strip '&', casts to nothing and parentheses: "&vmstate_foo" -> "vmstate_foo". */
char *vg_scan_ref_name(const char *s)
{
	while (*s == '&' || *s == '(' || *s == ' ')
		s++;
	{
		size_t n = 0;

		while (vg_scan_is_id((unsigned char)s[n]))
			n++;
		return vg_strndup(s, n);
	}
}

/* ---------------------------------------------------------------- */
/* Entry points                                                      */

int vg_scan_uses_vmstate(const char *buf, size_t len)
{
	return buf && (memmem(buf, len, "VMStateDescription", 18) ||
		       memmem(buf, len, "VMSTATE_", 8));
}

int vg_scan_may_define(const char *buf, size_t len)
{
	return buf && memmem(buf, len, "VMStateDescription", 18) != NULL;
}

static int index_lines(struct scanner *sc)
{
	size_t i;

	if (VG_GROW(sc->lines, sc->alloc_lines, 1) < 0)
		return -1;
	sc->lines[sc->nr_lines++] = 0;
	for (i = 0; i < sc->len; i++) {
		if (sc->clean[i] == '\n') {
			if (VG_GROW(sc->lines, sc->alloc_lines, sc->nr_lines + 1) < 0)
				return -1;
			sc->lines[sc->nr_lines++] = i + 1;
		}
	}
	return 0;
}

static void scanner_release(struct scanner *sc)
{
	size_t i;

	vg_scan_deftab_release(&sc->file_defs);
	free(sc->hdrs);
	for (i = 0; i < sc->nr_dirs; i++)
		free(sc->dirs[i].arg);
	free(sc->dirs);
	for (i = 0; i < sc->nr_owned; i++)
		vg_scan_hdr_free(sc->owned[i]);
	free(sc->owned);
	free(sc->used);
	free(sc->lines);
	free(sc->clean);
	free(sc->code);
	vg_findings_release(&sc->scratch);
	for (i = 0; i < sc->nr_old_needed; i++)
		free(sc->old_needed[i].var);
	free(sc->old_needed);
	sc->old_needed = NULL;
	sc->nr_old_needed = 0;
}

int vg_scan_buffer(const struct vg_scan_opts *opts, const char *path,
		   const char *buf, size_t len, struct vg_scan_result *out,
		   struct vg_findings *warnings)
{
	static const struct vg_scan_opts no_opts = { NULL, NULL, 0, NULL };
	struct scanner sc;
	struct vg_scan_unterminated unterminated;
	int ret = -1;

	memset(&sc, 0, sizeof(sc));
	sc.opts = opts ? opts : &no_opts;
	sc.path = path ? path : "<buffer>";
	sc.out = out;
	sc.warnings = warnings ? warnings : &sc.scratch;
	if (!(out->path = vg_strdup(sc.path)))
		return -1;
	if (!buf || !vg_scan_may_define(buf, len))
		return 0;
	if (vg_scan_compile_patterns() < 0)
		return -1;
	if (!(sc.clean = vg_scan_clean_text_checked(buf, len, &unterminated)))
		goto done;
	sc.len = len;
	if (!(sc.code = vg_scan_blank_literals(sc.clean, len)))
		goto done;
	if (index_lines(&sc) < 0 || vg_scan_collect_directives(&sc, sc.clean, sc.len, 1) < 0)
		goto done;
	/* Never silent: an unterminated comment hides the rest of the file. */
	if (unterminated.kind == '*')
		vg_scan_warn(&sc, VG_RULE_SCAN_UNPARSED, vg_scan_line_of(&sc, unterminated.off), NULL, NULL,
			     "unterminated comment: the rest of the file, from here, was not scanned");
	else if (unterminated.kind == '"')
		vg_scan_warn(&sc, VG_RULE_SCAN_UNPARSED, vg_scan_line_of(&sc, unterminated.off), NULL, NULL,
			     "unterminated string literal: it was taken to end with its line");
	vg_scan_mark_guards(&sc);
	if (vg_scan_build_hash(&sc.file_defs) < 0)
		goto done;
	{
		struct src whole = { sc.clean, sc.len, 0, 0 };

		if (vg_scan_find_defs(&sc, &whole, NULL) < 0 || vg_scan_find_macro_defs(&sc) < 0)
			goto done;
	}
	if (sc.oom || vg_scan_resolve(&sc) < 0 || sc.oom)
		goto done;
	if (warnings)
		warnings->files_scanned++;
	ret = 0;
done:
	scanner_release(&sc);
	return ret;
}

const struct vg_scan_def *vg_scan_find(const struct vg_scan_result *r, const char *var)
{
	size_t i;

	for (i = 0; r && i < r->nr; i++)
		if (!strcmp(r->defs[i].desc.var, var))
			return &r->defs[i];
	return NULL;
}

void vg_scan_result_release(struct vg_scan_result *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		vg_scan_def_release(&r->defs[i]);
	free(r->defs);
	free(r->path);
	memset(r, 0, sizeof(*r));
}
