/*
 * Fields: VMSTATE_* macros through rules/macros, raw VMStateField
 * initializers, the file's own #defines, named field arrays; sizes and
 * encodings. See scan-internal.h.
 */
#define _GNU_SOURCE 1 /* memmem */
#include "scan/scan-internal.h"
#include "core/macros.h"
#include "core/util.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* Fields                                                            */

struct flist {
	struct vg_desc *d;
	const char *dname;      /* for warnings */
	int depth;
	int ended;
};

static int parse_field_items(struct scanner *sc, const struct src *s, size_t b,
			     size_t e, struct flist *fl);

/* Size of a field: element size (number or symbol) x count. */
struct fsize {
	int kind;               /* VG_SIZE_* */
	long long size;
	int size_known;
	char *size_sym;
	long long num;
	int num_known;
	char *num_sym;
	int has_num;
};

static void fsize_release(struct fsize *z)
{
	free(z->size_sym);
	free(z->num_sym);
}

static int finish_field(struct vg_field *f, struct fsize *z)
{
	f->num = z->has_num && z->num_known ? z->num : -1;
	f->size = z->size_known && z->size > 0 ? (unsigned long long)z->size : 0;
	if (z->kind == VG_SIZE_VARIABLE) {
		f->size_kind = VG_SIZE_VARIABLE;
		return 0;
	}
	if (z->kind == VG_SIZE_FIXED && z->size_known && (!z->has_num || z->num_known)) {
		f->size_kind = VG_SIZE_FIXED;
		return 0;
	}
	f->size_kind = VG_SIZE_UNKNOWN;
	if (z->kind == VG_SIZE_UNKNOWN && !z->size_sym)
		return 0;
	{
		struct vg_buf b = VG_BUF_INIT;

		if (z->size_known)
			vg_buf_printf(&b, "%lld", z->size);
		else
			vg_buf_puts(&b, z->size_sym ? z->size_sym : "?");
		if (z->has_num) {
			if (z->num_known)
				vg_buf_printf(&b, "*%lld", z->num);
			else if (z->num_sym && strpbrk(z->num_sym, "+-*/%<>&|^?"))
				vg_buf_printf(&b, "*(%s)", z->num_sym);
			else
				vg_buf_printf(&b, "*%s", z->num_sym ? z->num_sym : "?");
		}
		f->size_expr = vg_buf_detach(&b);
		return f->size_expr ? 0 : -1;
	}
}
static int size_from_info(struct scanner *sc, const char *info, const char *bytes,
			  struct vg_field *f, struct fsize *z)
{
	const struct vg_macro_info *in = vg_macros_find_info(sc->opts->macros, info);
	uint32_t fp;

	/*
	 * Its own code decides the bytes, whatever its .size says: the
	 * encoding carries a fingerprint of that code, and srccmp says when
	 * it changed under the same size.
	 */
	if (!in && !f->encoding && vg_scan_info_fingerprint(sc, info, &fp) &&
	    !(f->encoding = vg_asprintf("info:%s[get/put code %08x]", info, (unsigned)fp)))
		return -1;
	if (!in) {
		/*
		 * A VMStateInfo the catalogue does not know: its .size (the
		 * initializer's, or sizeof(_type) of the macro) when it
		 * evaluates. The encoding names the info, so a change of info
		 * with the same size still shows.
		 */
		if (!f->encoding && !(f->encoding = vg_asprintf("info:%s", info)))
			return -1;
		if (bytes) {
			long long v;
			int known;
			char *sym = NULL;

			if (vg_scan_eval_or_sym(sc, bytes, &v, &known, &sym) < 0)
				return -1;
			if (known && v > 0) {
				free(sym);
				z->kind = VG_SIZE_FIXED;
				z->size = v;
				z->size_known = 1;
				return 0;
			}
			if (sym && !strchr(sym, '(')) {
				/* a symbolic type size (target_ulong) */
				z->kind = VG_SIZE_FIXED;
				z->size_sym = sym;
				return 0;
			}
			free(sym);
		}
		z->kind = VG_SIZE_UNKNOWN;
		z->size_sym = vg_asprintf("info:%s", info);
		return z->size_sym ? 0 : -1;
	}
	if (!f->encoding && vg_scan_set_str(&f->encoding, in->enc) < 0)
		return -1;
	if (!strcmp(in->size, "var")) {
		z->kind = VG_SIZE_VARIABLE;
		return 0;
	}
	if (!strcmp(in->size, "bytes")) {
		z->kind = VG_SIZE_FIXED;
		if (!bytes) {
			z->kind = VG_SIZE_UNKNOWN;
			return 0;
		}
		return vg_scan_eval_or_sym(sc, bytes, &z->size, &z->size_known, &z->size_sym);
	}
	z->kind = VG_SIZE_FIXED;
	return vg_scan_eval_or_sym(sc, in->size, &z->size, &z->size_known, &z->size_sym);
}


/* VSTRUCT's struct_version_id: the version its description is loaded at. */
static void struct_version(struct scanner *sc, struct vg_field *f, const char *text,
			   unsigned line, const char *dname)
{
	long long v;

	if (!vg_scan_eval_text(sc, text, &v) && v >= 0 && v <= INT_MAX) {
		f->has_struct_version = 1;
		f->struct_version = (int)v;
	} else {
		vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, dname, f->name,
			     "cannot evaluate the struct version '%s' of field %s", text, f->name);
	}
}

/* A field from a catalogue entry called with args. */
static int field_from_macro(struct scanner *sc, struct flist *fl, const struct vg_macro *mc,
			    char **args, int nargs, unsigned line, const char *call)
{
	char *a[VG_MA__COUNT] = { NULL };
	struct vg_field *f;
	struct fsize z;
	int i, ret = -1;
	long long v;

	memset(&z, 0, sizeof(z));
	z.kind = VG_SIZE_FIXED;
	for (i = 0; i < VG_MA__COUNT; i++) {
		if (!mc->attrs[i])
			continue;
		a[i] = vg_macro_subst(mc->attrs[i], mc->params,
				      mc->nparams > 0 ? mc->nparams : 0, args);
		if (!a[i])
			goto done;
	}
	(void)nargs;
	if (a[VG_MA_END]) {
		fl->ended = 1;
		ret = 0;
		goto done;
	}
	if (a[VG_MA_NODATA]) {          /* VMSTATE_VALIDATE: nothing on the wire */
		ret = 0;
		goto done;
	}
	if (!(f = vg_desc_add_field(fl->d)))
		goto done;
	f->line = line;
	if (vg_scan_set_str(&f->macro, mc->name) < 0)
		goto done;
	if (a[VG_MA_NAME]) {
		int res;

		f->name = vg_scan_string_value(sc, a[VG_MA_NAME], 0, strlen(a[VG_MA_NAME]), &res);
	} else {
		f->name = vg_strdup(a[VG_MA_FIELD] ? a[VG_MA_FIELD] : call);
	}
	if (!f->name)
		goto done;
	if (a[VG_MA_VERSION]) {
		if (!vg_scan_eval_text(sc, a[VG_MA_VERSION], &v) && v >= INT_MIN && v <= INT_MAX) {
			f->version_id = (int)v;
		} else {
			vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, f->name,
				     "cannot evaluate the version '%s' of field %s (%s)",
				     a[VG_MA_VERSION], f->name, mc->name);
		}
	}
	if (a[VG_MA_TEST] && !vg_scan_is_null_text(a[VG_MA_TEST])) {
		f->has_test = 1;
		if (vg_scan_set_str(&f->test, a[VG_MA_TEST]) < 0)
			goto done;
		vg_scan_version_test(sc, f);
	}
	if (a[VG_MA_SVER])
		struct_version(sc, f, a[VG_MA_SVER], line, fl->dname);
	if (a[VG_MA_UNUSED])
		f->is_unused = 1;
	if (a[VG_MA_ENC]) {
		long long tl;
		const char *enc = a[VG_MA_ENC];

		/* VMSTATE_UINTTL* are the UINT32/UINT64 ones on a known target. */
		if (!strcmp(enc, "uinttl") && !vg_scan_sym_size(sc, "target_ulong", 12, &tl))
			enc = tl == 8 ? "uint64" : tl == 4 ? "uint32" : enc;
		if (vg_scan_set_str(&f->encoding, enc) < 0)
			goto done;
	}
	if (a[VG_MA_VMSD] && !(f->desc_ref = vg_scan_ref_name(a[VG_MA_VMSD])))
		goto done;
	if (a[VG_MA_NUM]) {
		z.has_num = 1;
		f->is_array = 1;
		if (vg_scan_eval_or_sym(sc, a[VG_MA_NUM], &z.num, &z.num_known, &z.num_sym) < 0)
			goto done;
	}
	if (a[VG_MA_VARRAY]) {
		f->is_array = 1;
		z.kind = VG_SIZE_VARIABLE;
	}
	if (a[VG_MA_SIZE]) {
		const char *sz = a[VG_MA_SIZE];

		if (!strcmp(sz, "struct")) {
			if (z.kind != VG_SIZE_VARIABLE)
				z.kind = VG_SIZE_UNKNOWN;
		} else if (!strcmp(sz, "var")) {
			z.kind = VG_SIZE_VARIABLE;
		} else if (!strcmp(sz, "info")) {
			int var = z.kind == VG_SIZE_VARIABLE;

			if (!a[VG_MA_INFO]) {
				z.kind = VG_SIZE_UNKNOWN;
			} else {
				char *info = vg_scan_ref_name(a[VG_MA_INFO]);

				if (!info || size_from_info(sc, info, a[VG_MA_BYTES], f, &z) < 0) {
					free(info);
					goto done;
				}
				free(info);
			}
			if (var)
				z.kind = VG_SIZE_VARIABLE;
		} else {
			if (vg_scan_eval_or_sym(sc, sz, &z.size, &z.size_known, &z.size_sym) < 0)
				goto done;
		}
	}
	if (finish_field(f, &z) < 0)
		goto done;
	ret = 0;
done:
	fsize_release(&z);
	for (i = 0; i < VG_MA__COUNT; i++)
		free(a[i]);
	if (ret < 0)
		sc->oom = 1;
	return ret;
}

/* A raw initializer { .name = ..., .info = &..., .size = ..., .flags = ... }. */
struct raw_field {
	char *name, *version, *test, *info, *size, *num, *flags, *vmsd, *sver;
};

static int raw_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct raw_field *r = payload;
	size_t i = b, ne, eq;
	char **slot = NULL;

	(void)sc;
	if (s->t[i] != '.')
		return 0;
	i = vg_scan_skip_ws(s->t, e, i + 1);
	ne = vg_scan_ident_end(s->t, e, i);
	eq = vg_scan_skip_ws(s->t, e, ne);
	if (eq >= e || s->t[eq] != '=')
		return 0;
#define RAW(m) if (ne - i == strlen(#m) && !memcmp(s->t + i, #m, ne - i)) slot = &r->m;
	RAW(name) RAW(test) RAW(info) RAW(size) RAW(num) RAW(flags) RAW(vmsd)
#undef RAW
	if (ne - i == 10 && !memcmp(s->t + i, "version_id", 10))
		slot = &r->version;
	if (ne - i == 12 && !memcmp(s->t + i, "field_exists", 12))
		slot = &r->test;
	if (ne - i == 17 && !memcmp(s->t + i, "struct_version_id", 17))
		slot = &r->sver;
	if (!slot || *slot)
		return 0;
	*slot = vg_scan_norm_text(s->t, eq + 1, e);
	return *slot ? 0 : -1;
}

static int flag_set(const char *flags, const char *flag)
{
	const char *p = flags;
	size_t n = strlen(flag);

	while (flags && (p = strstr(p, flag))) {
		if ((p == flags || !vg_scan_is_id((unsigned char)p[-1])) && !vg_scan_is_id((unsigned char)p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static int field_from_raw(struct scanner *sc, struct flist *fl, const struct src *s,
			  size_t b, size_t e)
{
	struct raw_field r;
	struct vg_field *f;
	struct fsize z;
	unsigned line = vg_scan_src_line(sc, s, b);
	int ret = -1, res;
	long long v;

	memset(&r, 0, sizeof(r));
	memset(&z, 0, sizeof(z));
	if (vg_scan_split_items(sc, s, b + 1, e - 1, raw_item, &r) < 0)
		goto done;
	if (!r.name && !r.flags && !r.info && !r.vmsd) {
		size_t ib = b + 1, ie = e - 1;

		vg_scan_trim(s->t, &ib, &ie);
		if (ie <= ib) {         /* {} ends the list (before 8.0) */
			fl->ended = 1;
			ret = 0;
			goto done;
		}
		vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, NULL,
			     "cannot follow a field initializer without .name, .info, .vmsd or .flags");
		ret = 0;
		goto done;
	}
	if (r.flags && flag_set(r.flags, "VMS_END")) {
		fl->ended = 1;
		ret = 0;
		goto done;
	}
	if (r.flags && flag_set(r.flags, "VMS_MUST_EXIST")) {
		ret = 0;
		goto done;
	}
	if (!(f = vg_desc_add_field(fl->d)))
		goto done;
	f->line = line;
	if (!(f->macro = vg_strdup("{initializer}")))
		goto done;
	f->name = r.name ? vg_scan_string_value(sc, r.name, 0, strlen(r.name), &res) : vg_strdup("?");
	if (!f->name)
		goto done;
	if (r.version) {
		if (!vg_scan_eval_text(sc, r.version, &v) && v >= INT_MIN && v <= INT_MAX)
			f->version_id = (int)v;
		else
			vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, f->name,
				     "cannot evaluate the version '%s' of field %s", r.version, f->name);
	}
	if (r.test && !vg_scan_is_null_text(r.test)) {
		f->has_test = 1;
		if (vg_scan_set_str(&f->test, r.test) < 0)
			goto done;
		vg_scan_version_test(sc, f);
	}
	if (r.sver && flag_set(r.flags, "VMS_VSTRUCT"))
		struct_version(sc, f, r.sver, line, fl->dname);
	z.kind = VG_SIZE_FIXED;
	if (r.num && (flag_set(r.flags, "VMS_ARRAY"))) {
		z.has_num = 1;
		f->is_array = 1;
		if (vg_scan_eval_or_sym(sc, r.num, &z.num, &z.num_known, &z.num_sym) < 0)
			goto done;
	}
	if (r.vmsd && (flag_set(r.flags, "VMS_STRUCT") || flag_set(r.flags, "VMS_VSTRUCT") ||
		       !r.info || strstr(r.info, "tmp") || strstr(r.info, "qtailq") ||
		       strstr(r.info, "qlist") || strstr(r.info, "gtree"))) {
		if (!(f->desc_ref = vg_scan_ref_name(r.vmsd)))
			goto done;
		if (!f->encoding && vg_scan_set_str(&f->encoding,
						    flag_set(r.flags, "VMS_VSTRUCT") ? "vstruct" : "struct") < 0)
			goto done;
		z.kind = r.info ? VG_SIZE_VARIABLE : VG_SIZE_UNKNOWN;
	} else if (r.info) {
		char *info = vg_scan_ref_name(r.info);

		if (!info || size_from_info(sc, info, r.size, f, &z) < 0) {
			free(info);
			goto done;
		}
		free(info);
	} else {
		z.kind = VG_SIZE_UNKNOWN;
	}
	if (flag_set(r.flags, "VMS_VARRAY_INT32") || flag_set(r.flags, "VMS_VARRAY_UINT32") ||
	    flag_set(r.flags, "VMS_VARRAY_UINT16") || flag_set(r.flags, "VMS_VARRAY_UINT8") ||
	    flag_set(r.flags, "VMS_VBUFFER")) {
		z.kind = VG_SIZE_VARIABLE;
		f->is_array = !flag_set(r.flags, "VMS_VBUFFER");
	}
	if (finish_field(f, &z) < 0)
		goto done;
	ret = 0;
done:
	fsize_release(&z);
	free(r.name);
	free(r.version);
	free(r.test);
	free(r.info);
	free(r.size);
	free(r.num);
	free(r.flags);
	free(r.vmsd);
	free(r.sver);
	if (ret < 0)
		sc->oom = 1;
	return ret;
}

/* A field the scanner cannot size: keeps the alignment, compares as text. */
static int unknown_field(struct scanner *sc, struct flist *fl, const char *macro,
			 const char *name, unsigned line)
{
	struct vg_field *f = vg_desc_add_field(fl->d);

	if (!f || !(f->macro = vg_strdup(macro)) || !(f->name = vg_strdup(name)) ||
	    !(f->size_expr = vg_asprintf("unknown:%s", macro))) {
		sc->oom = 1;
		return -1;
	}
	f->size_kind = VG_SIZE_UNKNOWN;
	f->line = line;
	return 0;
}

static int parse_expanded_list(struct scanner *sc, struct flist *fl, char *text, unsigned line)
{
	struct src sub = { text, strlen(text), NO_BASE, line };
	int r;

	fl->depth++;
	r = parse_field_items(sc, &sub, 0, sub.n, fl);
	fl->depth--;
	return r;
}

/* Can #define d be expanded for a call with nargs arguments (-1: no parentheses)? */
static int define_fits(const struct flist *fl, const struct define *d, int nargs)
{
	if (!d || fl->depth >= MAX_EXPAND_DEPTH)
		return 0;
	if (d->nparams < 0 || nargs < 0)
		return d->nparams < 0 && nargs < 0;
	return d->nparams == nargs;
}

/* The fields #define d expands to with args, into fl; -1 out of memory. */
static int expand_define_list(struct scanner *sc, struct flist *fl, const struct define *d,
			      char **args, unsigned line)
{
	char *text = vg_scan_expand_define(d, args);
	int r;

	if (!text) {
		sc->oom = 1;
		return -1;
	}
	r = parse_expanded_list(sc, fl, text, line);
	free(text);
	return r;
}

static int field_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct flist *fl = payload;
	unsigned line = vg_scan_src_line(sc, s, b);
	size_t ne, open;
	char **args = NULL;
	int nargs = -1, r = 0;
	const struct define *d;
	const struct vg_macro *mc;
	char *name = NULL;

	if (fl->ended)
		return 0;
	if (s->t[b] == '{') {
		size_t c = vg_scan_match_close(s->t, e, b);

		if (c != e - 1) {
			vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, NULL,
				     "cannot follow an unbalanced field initializer");
			return 0;
		}
		return field_from_raw(sc, fl, s, b, e);
	}
	if (!vg_scan_is_id0((unsigned char)s->t[b])) {
		char *txt = vg_scan_norm_text(s->t, b, e);

		vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, NULL,
			     "cannot follow field list entry '%.60s'", txt ? txt : "?");
		free(txt);
		return unknown_field(sc, fl, "?", "?", line) < 0 ? -1 : 0;
	}
	ne = vg_scan_ident_end(s->t, e, b);
	if (!(name = vg_strndup(s->t + b, ne - b)))
		return -1;
	open = vg_scan_skip_ws(s->t, e, ne);
	if (open < e && s->t[open] == '(') {
		size_t close;

		r = vg_scan_parse_args(s->t, e, open, &close, &args, &nargs);
		if (r < 0)
			goto oom;
		if (r > 0 || vg_scan_skip_ws(s->t, e, close + 1) != e) {
			vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, name,
				     "cannot follow field entry %s(...)", name);
			r = unknown_field(sc, fl, name, name, line);
			goto out;
		}
	} else if (open != e) {
		char *txt = vg_scan_norm_text(s->t, b, e);

		vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, name,
			     "cannot follow field list entry '%.60s'", txt ? txt : "?");
		free(txt);
		r = unknown_field(sc, fl, name, name, line);
		goto out;
	}
	/*
	 * The file's own #define wins, then the catalogue, then the headers':
	 * a header may be migration/vmstate.h itself, whose definitions the
	 * catalogue describes on the wire.
	 */
	d = vg_scan_find_file_define(sc, name, strlen(name));
	if (!d && !vg_macros_find(sc->opts->macros, name))
		d = vg_scan_find_header_define(sc, name, strlen(name));
	if (define_fits(fl, d, nargs)) {
		r = expand_define_list(sc, fl, d, args, line);
		goto out;
	}
	mc = vg_macros_find(sc->opts->macros, name);
	if (mc) {
		int want = mc->nparams;

		if ((want < 0 && nargs >= 0) || (want >= 0 && nargs < 0 && want != 0) ||
		    (want >= 0 && nargs >= 0 && want != nargs)) {
			/*
			 * An older tree's macro of the same name (QEMU 5.2's
			 * VMSTATE_PCI_HOTPLUG had 3 arguments, the catalogue has
			 * today's 4): its own #define in the headers, if they have it.
			 */
			d = vg_scan_find_header_define(sc, name, strlen(name));
			if (define_fits(fl, d, nargs)) {
				r = expand_define_list(sc, fl, d, args, line);
				goto out;
			}
			vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, name,
				     "%s takes %d arguments here, the catalogue (%s) says %d",
				     name, nargs < 0 ? 0 : nargs, mc->where, want < 0 ? 0 : want);
			r = unknown_field(sc, fl, name, nargs > 0 ? args[0] : name, line);
			goto out;
		}
		if (mc->attrs[VG_MA_EXPAND] && fl->depth < MAX_EXPAND_DEPTH) {
			char *text = vg_macro_subst(mc->attrs[VG_MA_EXPAND], mc->params,
						    want > 0 ? want : 0, args);

			if (!text)
				goto oom;
			r = parse_expanded_list(sc, fl, text, line);
			free(text);
			goto out;
		}
		r = field_from_macro(sc, fl, mc, args, nargs, line, name);
		goto out;
	}
	vg_scan_warn(sc, VG_RULE_UNKNOWN_MACRO, line, fl->dname, name,
		     "unknown field macro %s: not in rules/macros nor #defined here", name);
	r = unknown_field(sc, fl, name, nargs > 0 ? args[0] : name, line);
out:
	vg_scan_free_args(args, nargs);
	free(name);
	return r < 0 ? -1 : 0;
oom:
	vg_scan_free_args(args, nargs);
	free(name);
	sc->oom = 1;
	return -1;
}

static int parse_field_items(struct scanner *sc, const struct src *s, size_t b,
			     size_t e, struct flist *fl)
{
	return vg_scan_split_items(sc, s, b, e, field_item, fl);
}

/* ---------------------------------------------------------------- */
/* Named arrays: static const VMStateField x[] = { ... }              */

/* Find "NAME [ ... ] = {" in the file; returns the offset of '{' or NO_BASE. */
size_t vg_scan_find_named_array(struct scanner *sc, const char *name, size_t *close)
{
	size_t n = strlen(name);
	const char *p = sc->clean, *end = sc->clean + sc->len;

	while (n && (p = memmem(p, (size_t)(end - p), name, n))) {
		size_t i = (size_t)(p - sc->clean);

		p += n;
		if ((i > 0 && vg_scan_is_id((unsigned char)sc->clean[i - 1])) ||
		    vg_scan_is_id((unsigned char)sc->clean[i + n]))
			continue;
		i = vg_scan_skip_ws(sc->clean, sc->len, i + n);
		if (i >= sc->len || sc->clean[i] != '[')
			continue;
		i = vg_scan_match_close(sc->clean, sc->len, i);
		if (i >= sc->len)
			continue;
		i = vg_scan_skip_ws(sc->clean, sc->len, i + 1);
		if (i >= sc->len || sc->clean[i] != '=')
			continue;
		i = vg_scan_skip_ws(sc->clean, sc->len, i + 1);
		if (i >= sc->len || sc->clean[i] != '{')
			continue;
		*close = vg_scan_match_close(sc->clean, sc->len, i);
		if (*close >= sc->len)
			return NO_BASE;
		return i;
	}
	return NO_BASE;
}

int vg_scan_add_used(struct scanner *sc, size_t b, size_t e)
{
	if (VG_GROW(sc->used, sc->alloc_used, sc->nr_used + 1) < 0)
		return -1;
	sc->used[sc->nr_used].b = b;
	sc->used[sc->nr_used].e = e;
	sc->nr_used++;
	return 0;
}

/* The value of .fields: a cast list, a named array or a macro. */
int vg_scan_parse_fields_value(struct scanner *sc, const struct src *s, size_t b, size_t e,
			       struct vg_scan_def *def)
{
	struct flist fl = { &def->desc, def->desc.var, 0, 0 };
	size_t i = b;
	unsigned line = vg_scan_src_line(sc, s, b);

	def->desc.has_fields = 1;
	if (s->t[i] == '(') {           /* a cast: (const VMStateField[]) */
		size_t c = vg_scan_match_close(s->t, e, i);

		if (c >= e)
			goto unparsed;
		i = vg_scan_skip_ws(s->t, e, c + 1);
	}
	if (i < e && s->t[i] == '{') {
		size_t c = vg_scan_match_close(s->t, e, i);

		if (c >= e)
			goto unparsed;
		return parse_field_items(sc, s, i + 1, c, &fl);
	}
	if (i < e && vg_scan_is_id0((unsigned char)s->t[i]) && vg_scan_ident_end(s->t, e, i) == e) {
		char *name = vg_strndup(s->t + i, e - i);
		size_t open, close;
		const struct define *d;

		if (!name)
			return -1;
		open = vg_scan_find_named_array(sc, name, &close);
		if (open != NO_BASE) {
			struct src whole = { sc->clean, sc->len, 0, 0 };
			int r;

			free(name);
			if (vg_scan_add_used(sc, open, close) < 0)
				return -1;
			vg_scan_blank_conditionals(sc, open, close);
			r = parse_field_items(sc, &whole, open + 1, close, &fl);
			return r;
		}
		d = vg_scan_find_define(sc, name, strlen(name));
		if (d && d->nparams < 0) {
			char *text = vg_strdup(d->body);
			struct src sub;
			int r;

			free(name);
			if (!text)
				return -1;
			sub.t = text;
			sub.n = strlen(text);
			sub.base = NO_BASE;
			sub.line = line;
			r = vg_scan_parse_fields_value(sc, &sub, 0, sub.n, def);
			free(text);
			return r;
		}
		vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
			     "cannot find the field array %s of %s in this file", name, def->desc.var);
		free(name);
		return 0;
	}
unparsed:
	vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
		     "cannot follow the .fields of %s", def->desc.var);
	return 0;
}

