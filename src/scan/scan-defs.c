/*
 * Definitions: VMStateDescription initializers (found with one PCRE2
 * pattern, also inside macro bodies and arrays), their subsections, and
 * the resolution of nested descriptions into deep copies. See
 * scan-internal.h.
 */
#define _GNU_SOURCE 1 /* memmem */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "scan/scan-internal.h"
#include "core/util.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* Subsections                                                       */

static int add_subsection_ref(struct vg_desc *d, const char *ref)
{
	char **n = realloc(d->subsection_refs, sizeof(char *) * (d->nr_subsection_refs + 1));

	if (!n)
		return vg_error("out of memory");
	d->subsection_refs = n;
	if (!(n[d->nr_subsection_refs] = vg_strdup(ref)))
		return -1;
	d->nr_subsection_refs++;
	return 0;
}

struct sublist {
	struct vg_scan_def *def;
	int old_needed_count;
};

/* Pre-2.4 entry { .vmsd = &x, .needed = f }; the needed moves to x. */
struct old_sub {
	char *vmsd, *needed;
};

static int old_sub_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct old_sub *o = payload;
	size_t i, ne, eq;

	(void)sc;
	if (s->t[b] != '.')
		return 0;
	i = vg_scan_skip_ws(s->t, e, b + 1);
	ne = vg_scan_ident_end(s->t, e, i);
	eq = vg_scan_skip_ws(s->t, e, ne);
	if (eq >= e || s->t[eq] != '=')
		return 0;
	if (ne - i == 4 && !memcmp(s->t + i, "vmsd", 4) && !o->vmsd)
		return (o->vmsd = vg_scan_norm_text(s->t, eq + 1, e)) ? 0 : -1;
	if (ne - i == 6 && !memcmp(s->t + i, "needed", 6) && !o->needed)
		return (o->needed = vg_scan_norm_text(s->t, eq + 1, e)) ? 0 : -1;
	return 0;
}


static int sub_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct sublist *sl = payload;
	char *txt, *ref;
	int r;

	if (s->t[b] == '{') {
		struct old_sub o = { NULL, NULL };
		size_t c = vg_scan_match_close(s->t, e, b);

		if (c >= e)
			return 0;
		if (vg_scan_split_items(sc, s, b + 1, c, old_sub_item, &o) < 0) {
			free(o.vmsd);
			free(o.needed);
			return -1;
		}
		r = 0;
		if (o.vmsd && !vg_scan_is_null_text(o.vmsd)) {
			ref = vg_scan_ref_name(o.vmsd);
			r = ref ? add_subsection_ref(&sl->def->desc, ref) : -1;
			if (!r && ref && o.needed && !vg_scan_is_null_text(o.needed)) {
				struct needed_mark *n = realloc(sc->old_needed,
								sizeof(*n) * (sc->nr_old_needed + 1));

				if (!n) {
					r = -1;
				} else {
					sc->old_needed = n;
					n[sc->nr_old_needed].var = ref;
					sc->nr_old_needed++;
					ref = NULL;
				}
			}
			free(ref);
		}
		free(o.vmsd);
		free(o.needed);
		return r;
	}
	if (!(txt = vg_scan_norm_text(s->t, b, e)))
		return -1;
	if (vg_scan_is_null_text(txt)) {
		free(txt);
		return 0;
	}
	if (txt[0] != '&' && !vg_scan_is_id0((unsigned char)txt[0])) {
		vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, vg_scan_src_line(sc, s, b), sl->def->desc.var, NULL,
			     "cannot follow subsection entry '%.60s'", txt);
		free(txt);
		return 0;
	}
	ref = vg_scan_ref_name(txt);
	free(txt);
	r = ref ? add_subsection_ref(&sl->def->desc, ref) : -1;
	free(ref);
	return r;
}

static int parse_subsections_value(struct scanner *sc, const struct src *s, size_t b,
				   size_t e, struct vg_scan_def *def)
{
	struct sublist sl = { def, 0 };
	size_t i = b;
	unsigned line = vg_scan_src_line(sc, s, b);

	def->desc.has_subsections = 1;
	if (s->t[i] == '(') {
		size_t c = vg_scan_match_close(s->t, e, i);

		if (c >= e)
			goto unparsed;
		i = vg_scan_skip_ws(s->t, e, c + 1);
	}
	if (i < e && s->t[i] == '{') {
		size_t c = vg_scan_match_close(s->t, e, i);

		if (c >= e)
			goto unparsed;
		return vg_scan_split_items(sc, s, i + 1, c, sub_item, &sl);
	}
	if (i < e && vg_scan_is_id0((unsigned char)s->t[i]) && vg_scan_ident_end(s->t, e, i) == e) {
		char *name = vg_strndup(s->t + i, e - i);
		size_t open, close;

		if (!name)
			return -1;
		if (vg_scan_is_null_text(name)) {
			free(name);
			def->desc.has_subsections = 0;
			return 0;
		}
		open = vg_scan_find_named_array(sc, name, &close);
		if (open != NO_BASE) {
			struct src whole = { sc->clean, sc->len, 0, 0 };

			free(name);
			if (vg_scan_add_used(sc, open, close) < 0)
				return -1;
			vg_scan_blank_conditionals(sc, open, close);
			return vg_scan_split_items(sc, &whole, open + 1, close, sub_item, &sl);
		}
		vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
			     "cannot find the subsection array %s of %s in this file", name,
			     def->desc.var);
		free(name);
		return 0;
	}
unparsed:
	vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
		     "cannot follow the .subsections of %s", def->desc.var);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Descriptions                                                      */

static const struct {
	const char *name;
	unsigned bit;
} callback_members[] = {
	{ "needed", VG_CB_NEEDED }, { "pre_load", VG_CB_PRE_LOAD },
	{ "post_load", VG_CB_POST_LOAD }, { "pre_save", VG_CB_PRE_SAVE },
	{ "post_save", VG_CB_POST_SAVE }, { "pre_load_errp", VG_CB_PRE_LOAD_ERRP },
	{ "post_load_errp", VG_CB_POST_LOAD_ERRP }, { "pre_save_errp", VG_CB_PRE_SAVE_ERRP },
	{ "post_save_errp", VG_CB_POST_SAVE_ERRP },
	{ "dev_unplug_pending", VG_CB_DEV_UNPLUG_PENDING },
	{ "load_state_old", VG_CB_LOAD_STATE_OLD },
};

static int int_member(struct scanner *sc, const struct src *s, size_t b, size_t e,
		      struct vg_scan_def *def, const char *member, int *out)
{
	char *txt = vg_scan_norm_text(s->t, b, e);
	long long v;

	if (!txt)
		return -1;
	if (!vg_scan_eval_text(sc, txt, &v) && v >= INT_MIN && v <= INT_MAX) {
		*out = (int)v;
	} else {
		vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, vg_scan_src_line(sc, s, b), def->desc.var, NULL,
			     "cannot evaluate .%s = %s of %s", member, txt, def->desc.var);
		*out = -1;
	}
	free(txt);
	return 0;
}

/* A description being parsed, and the members its initializer gave. */
struct desc_parse {
	struct vg_scan_def *def;
	unsigned seen;
};

enum {
	M_NAME = 1u << 0, M_VERSION = 1u << 1, M_MINIMUM = 1u << 2, M_MINIMUM_OLD = 1u << 3,
	M_FIELDS = 1u << 4, M_SUBSECTIONS = 1u << 5, M_UNMIGRATABLE = 1u << 6,
	M_CALLBACK0 = 7,   /* callback_members[k]: bit M_CALLBACK0 + k */
};

/*
 * A member given twice: C keeps the last initializer, so the first one
 * silently stops counting (a .fields or .subsections list that is no
 * longer migrated). Warn, and forget what the first one gave.
 */
static void repeated_member(struct scanner *sc, const struct src *s, size_t b,
			    struct desc_parse *dp, unsigned bit, const char *member)
{
	struct vg_desc *d = &dp->def->desc;
	size_t k;

	if (!(dp->seen & bit)) {
		dp->seen |= bit;
		return;
	}
	vg_scan_warn(sc, VG_RULE_INITIALIZER_DUPLICATE, vg_scan_src_line(sc, s, b), d->var, NULL,
		     "%s gives .%s twice: C keeps the last one, and the first is ignored",
		     d->var, member);
	if (bit == M_FIELDS) {
		for (k = 0; k < d->nr_fields; k++)
			vg_field_release(&d->fields[k]);
		d->nr_fields = 0;
		d->has_fields = 0;
	} else if (bit == M_SUBSECTIONS) {
		for (k = 0; k < d->nr_subsection_refs; k++)
			free(d->subsection_refs[k]);
		d->nr_subsection_refs = 0;
		d->has_subsections = 0;
	}
}

static int desc_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct desc_parse *dp = payload;
	struct vg_scan_def *def = dp->def;
	size_t i, ne, eq, vb;
	const char *m;
	size_t ml, k;

	if (s->t[b] != '.') {
		char *txt = vg_scan_norm_text(s->t, b, e);

		vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, vg_scan_src_line(sc, s, b), def->desc.var, NULL,
			     "cannot follow '%.60s' in the initializer of %s", txt ? txt : "?",
			     def->desc.var);
		free(txt);
		return 0;
	}
	i = vg_scan_skip_ws(s->t, e, b + 1);
	ne = vg_scan_ident_end(s->t, e, i);
	eq = vg_scan_skip_ws(s->t, e, ne);
	if (eq >= e || s->t[eq] != '=')
		return 0;
	vb = vg_scan_skip_ws(s->t, e, eq + 1);
	m = s->t + i;
	ml = ne - i;
#define IS(x) (ml == strlen(x) && !memcmp(m, x, ml))
#define ONCE(bit, x) repeated_member(sc, s, b, dp, bit, x)
	if (IS("name")) {
		int res;

		ONCE(M_NAME, "name");
		free(def->desc.name);
		def->desc.name = vg_scan_string_value(sc, s->t, vb, e, &res);
		return def->desc.name ? 0 : -1;
	}
	if (IS("version_id")) {
		ONCE(M_VERSION, "version_id");
		return int_member(sc, s, vb, e, def, "version_id", &def->desc.version_id);
	}
	if (IS("minimum_version_id")) {
		ONCE(M_MINIMUM, "minimum_version_id");
		return int_member(sc, s, vb, e, def, "minimum_version_id",
				  &def->desc.minimum_version_id);
	}
	if (IS("minimum_version_id_old")) {
		ONCE(M_MINIMUM_OLD, "minimum_version_id_old");
		return int_member(sc, s, vb, e, def, "minimum_version_id_old",
				  &def->minimum_version_id_old);
	}
	if (IS("fields")) {
		ONCE(M_FIELDS, "fields");
		return vg_scan_parse_fields_value(sc, s, vb, e, def);
	}
	if (IS("subsections")) {
		ONCE(M_SUBSECTIONS, "subsections");
		return parse_subsections_value(sc, s, vb, e, def);
	}
	if (IS("unmigratable")) {
		ONCE(M_UNMIGRATABLE, "unmigratable");
		def->unmigratable = !(e - vb == 1 && s->t[vb] == '0') &&
				    !(e - vb == 5 && !memcmp(s->t + vb, "false", 5));
		return 0;
	}
	for (k = 0; k < VG_ARRAY_SIZE(callback_members); k++) {
		if (IS(callback_members[k].name)) {
			char *txt;

			ONCE(1u << (M_CALLBACK0 + k), callback_members[k].name);
			if (!(txt = vg_scan_norm_text(s->t, vb, e)))
				return -1;
			def->callbacks &= ~callback_members[k].bit;
			if (!vg_scan_is_null_text(txt))
				def->callbacks |= callback_members[k].bit;
			free(txt);
			return 0;
		}
	}
#undef ONCE
#undef IS
	return 0;
}

static struct vg_scan_def *new_def(struct scanner *sc)
{
	struct vg_scan_def *def;

	if (VG_GROW(sc->out->defs, sc->out->alloc, sc->out->nr + 1) < 0) {
		sc->oom = 1;
		return NULL;
	}
	def = &sc->out->defs[sc->out->nr++];
	memset(def, 0, sizeof(*def));
	def->minimum_version_id_old = -1;
	return def;
}

/* Parse the initializer s->t[open..close] (braces included) into a new def. */
static int parse_desc(struct scanner *sc, const struct src *s, size_t open, size_t close,
		      const char *var, int is_static, const char *cond, int from_macro)
{
	struct vg_scan_def *def = new_def(sc);
	struct desc_parse dp;

	if (!def)
		return -1;
	dp.def = def;
	dp.seen = 0;
	def->is_static = is_static;
	def->from_macro = from_macro;
	def->desc.line = vg_scan_src_line(sc, s, open);
	def->end_line = vg_scan_src_line(sc, s, close);
	if (!(def->desc.var = vg_strdup(var)) || !(def->desc.file = vg_strdup(sc->path)) ||
	    (cond && !(def->desc.condition = vg_strdup(cond))))
		goto oom;
	/* sc->old_needed marks are per description list. */
	if (vg_scan_split_items(sc, s, open + 1, close, desc_item, &dp) < 0)
		goto oom;
	if (def->callbacks & VG_CB_NEEDED)
		def->desc.has_needed = 1;
	if (!def->desc.name)
		vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, def->desc.line, var, NULL,
			     "%s has no .name", var);
	return 0;
oom:
	sc->oom = 1;
	return -1;
}

/* The initializer after '=': "{...}" or a macro that expands to one. */
static int parse_desc_value(struct scanner *sc, const struct src *s, size_t vb, size_t *end,
			    const char *var, int is_static, const char *cond, int from_macro,
			    int depth)
{
	size_t close;

	vb = vg_scan_skip_ws(s->t, s->n, vb);
	if (vb < s->n && s->t[vb] == '{') {
		close = vg_scan_match_close(s->t, s->n, vb);
		if (close >= s->n) {
			vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, vg_scan_src_line(sc, s, vb), var, NULL,
				     "the initializer of %s does not end", var);
			*end = vb + 1;  /* go on scanning after the brace */
			return 0;
		}
		*end = close + 1;
		if (s->base != NO_BASE) {
			vg_scan_blank_conditionals(sc, s->base + vb, s->base + close);
			if (vg_scan_add_used(sc, s->base + vb, s->base + close) < 0)
				return -1;
		}
		return parse_desc(sc, s, vb, close, var, is_static, cond, from_macro);
	}
	if (vb < s->n && vg_scan_is_id0((unsigned char)s->t[vb]) && depth < MAX_EXPAND_DEPTH) {
		size_t ne = vg_scan_ident_end(s->t, s->n, vb), o = vg_scan_skip_ws(s->t, s->n, ne), c = ne;
		const struct define *d = vg_scan_find_define(sc, s->t + vb, ne - vb);
		char **args = NULL;
		int nargs = -1, r;

		if (d && o < s->n && s->t[o] == '(' && d->nparams >= 0) {
			r = vg_scan_parse_args(s->t, s->n, o, &c, &args, &nargs);
			if (r < 0)
				return -1;
			c++;
		}
		if (d && ((d->nparams < 0 && nargs < 0) || (d->nparams >= 0 && nargs == d->nparams))) {
			char *text = vg_scan_expand_define(d, args);
			struct src sub;
			size_t sub_end;

			vg_scan_free_args(args, nargs);
			if (!text)
				return -1;
			sub.t = text;
			sub.n = strlen(text);
			sub.base = NO_BASE;
			sub.line = vg_scan_src_line(sc, s, vb);
			r = parse_desc_value(sc, &sub, 0, &sub_end, var, is_static, cond, 1, depth + 1);
			free(text);
			*end = c;
			return r;
		}
		vg_scan_free_args(args, nargs);
	}
	vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, vg_scan_src_line(sc, s, vb), var, NULL,
		     "cannot follow the initializer of %s", var);
	*end = vb;
	return 0;
}

struct array_ctx {
	const char *var;
	int is_static;
	const char *cond;
	int index;
};

static int array_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct array_ctx *a = payload;
	char *var = vg_asprintf("%s[%d]", a->var, a->index++);
	struct src sub = { s->t, e, s->base, s->line };
	size_t end;
	int r;

	if (!var)
		return -1;
	r = parse_desc_value(sc, &sub, b, &end, var, a->is_static, a->cond, 0, 0);
	free(var);
	return r;
}

static pcre2_code *def_re;

static void compile_once(void)
{
	int err;
	PCRE2_SIZE erroff;

	def_re = pcre2_compile((PCRE2_SPTR)
			       "\\bVMStateDescription\\s+(?:const\\s+)?([A-Za-z_]\\w*)\\s*"
			       "(\\[[^\\];{}=]*\\])?\\s*([=;,)])",
			       PCRE2_ZERO_TERMINATED, 0, &err, &erroff, NULL);
	if (def_re)
		pcre2_jit_compile(def_re, PCRE2_JIT_COMPLETE);
}

/* Once per process, and safe from threads (diff-source scans both sides at once). */
int vg_scan_compile_patterns(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	if (pthread_once(&once, compile_once) || !def_re)
		return vg_error("internal error: cannot compile the definition pattern");
	return 0;
}

/* "extern" or "static" in the declaration before off. */
static void decl_words(const char *t, size_t off, int *is_extern, int *is_static)
{
	size_t b = off;

	*is_extern = *is_static = 0;
	while (b > 0 && t[b - 1] != ';' && t[b - 1] != '}' && t[b - 1] != '{' &&
	       t[b - 1] != '#' && off - b < 200)
		b--;
	while (b < off) {
		if (vg_scan_is_id0((unsigned char)t[b]) && (b == 0 || !vg_scan_is_id((unsigned char)t[b - 1]))) {
			size_t e = b;

			while (e < off && vg_scan_is_id((unsigned char)t[e]))
				e++;
			if (e - b == 6 && !memcmp(t + b, "extern", 6))
				*is_extern = 1;
			if (e - b == 6 && !memcmp(t + b, "static", 6))
				*is_static = 1;
			b = e;
		} else {
			b++;
		}
	}
}

/* Find and parse every definition in s (the file, or a macro expansion). */
int vg_scan_find_defs(struct scanner *sc, const struct src *s, const char *macro_cond)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(def_re, NULL);
	size_t start = 0;
	int ret = 0;

	if (!md)
		return vg_error("out of memory");
	while (start < s->n) {
		PCRE2_SIZE *ov;
		size_t mb, vb, ve, term;
		const char *subject = s->base == 0 && s->t == sc->clean ? sc->code : s->t;
		int rc = pcre2_match(def_re, (PCRE2_SPTR)subject, s->n, start, 0, md, NULL);
		int is_extern, is_static, dead = 0;
		char *var = NULL, *cond = NULL;

		if (rc < 0)
			break;
		ov = pcre2_get_ovector_pointer(md);
		mb = ov[0];
		vb = ov[2];
		ve = ov[3];
		term = ov[6];
		start = ov[1];
		if (s->base != NO_BASE && vg_scan_in_directive(sc, s->base + mb))
			continue;       /* inside a #define: handled at its invocations */
		if (s->t[term] != '=')
			continue;       /* a declaration or a parameter */
		decl_words(s->t, mb, &is_extern, &is_static);
		if (is_extern)
			continue;
		if (!(var = vg_strndup(s->t + vb, ve - vb))) {
			ret = -1;
			break;
		}
		if (s->base != NO_BASE)
			cond = vg_scan_condition_at(sc, s->base + mb, &dead);
		else if (macro_cond && !(cond = vg_strdup(macro_cond)))
			ret = -1;
		if (!ret && ov[4] != PCRE2_UNSET) {
			/* An array of descriptions. */
			size_t ob = vg_scan_skip_ws(s->t, s->n, term + 1), oc;
			struct array_ctx a = { var, is_static, cond, 0 };

			if (ob < s->n && s->t[ob] == '{' &&
			    (oc = vg_scan_match_close(s->t, s->n, ob)) < s->n) {
				struct src sub = { s->t, oc, s->base, s->line };

				if (s->base != NO_BASE && vg_scan_add_used(sc, s->base + ob, s->base + oc) < 0)
					ret = -1;
				if (!ret && vg_scan_split_items(sc, &sub, ob + 1, oc, array_item, &a) < 0)
					ret = -1;
				start = oc + 1;
			} else {
				vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, vg_scan_src_line(sc, s, mb), var, NULL,
					     "cannot follow the array of descriptions %s", var);
			}
		} else if (!ret) {
			size_t end;

			if (parse_desc_value(sc, s, term + 1, &end, var, is_static, cond,
					     s->base == NO_BASE, 0) < 0)
				ret = -1;
			if (end > start)
				start = end;
		}
		free(var);
		free(cond);
		if (ret < 0 || sc->oom) {
			ret = -1;
			break;
		}
	}
	pcre2_match_data_free(md);
	return ret;
}

/* Function-like #defines of this file whose body defines a description. */
int vg_scan_find_macro_defs(struct scanner *sc)
{
	size_t k;

	for (k = 0; k < sc->file_defs.nr; k++) {
		const struct define *d = &sc->file_defs.v[k];
		const char *p = sc->clean, *end = sc->clean + sc->len;

		if (!d->in_file || d->nparams < 0 || !strstr(d->body, "VMStateDescription") ||
		    !strchr(d->body, '{'))
			continue;
		while ((p = memmem(p, (size_t)(end - p), d->name, d->name_len))) {
			size_t i = (size_t)(p - sc->clean), o, c;
			char **args = NULL;
			int nargs = 0, r, dead;
			char *text, *cond;

			p += d->name_len;
			if ((i > 0 && vg_scan_is_id((unsigned char)sc->clean[i - 1])) ||
			    vg_scan_is_id((unsigned char)sc->clean[i + d->name_len]) ||
			    vg_scan_in_directive(sc, i))
				continue;
			o = vg_scan_skip_ws(sc->clean, sc->len, i + d->name_len);
			if (o >= sc->len || sc->clean[o] != '(')
				continue;
			r = vg_scan_parse_args(sc->clean, sc->len, o, &c, &args, &nargs);
			if (r < 0)
				return -1;
			if (r > 0 || nargs != d->nparams) {
				vg_scan_free_args(args, nargs);
				vg_scan_warn(sc, VG_RULE_SCAN_UNPARSED, vg_scan_line_of(sc, i), NULL, d->name,
					     "cannot follow this use of the description macro %.*s",
					     (int)d->name_len, d->name);
				continue;
			}
			text = vg_scan_expand_define(d, args);
			vg_scan_free_args(args, nargs);
			if (!text)
				return -1;
			cond = vg_scan_condition_at(sc, i, &dead);
			{
				struct src sub = { text, strlen(text), NO_BASE, vg_scan_line_of(sc, i) };

				r = vg_scan_find_defs(sc, &sub, cond);
			}
			free(cond);
			free(text);
			if (r < 0)
				return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* Resolution: nested descriptions and subsections as deep copies    */

/* The index of the definition of var in r, or NO_BASE. */
static size_t find_raw_index(const struct vg_scan_result *r, const char *var)
{
	size_t i, n = strlen(var);

	for (i = 0; i < r->nr; i++)
		if (!strcmp(r->defs[i].desc.var, var))
			return i;
	/* A vmsd array used as one (GTREE): its first element. */
	for (i = 0; i < r->nr; i++)
		if (!strncmp(r->defs[i].desc.var, var, n) && !strcmp(r->defs[i].desc.var + n, "[0]"))
			return i;
	return NO_BASE;
}

static const struct vg_scan_def *find_raw(const struct vg_scan_result *r, const char *var)
{
	size_t i = find_raw_index(r, var);

	return i == NO_BASE ? NULL : &r->defs[i];
}

static int copy_desc(const struct vg_scan_result *raw, const struct vg_desc *src,
		     struct vg_desc *dst, int depth, const char **chain);

/* Is var being copied already (a description that contains itself)? */
static int in_chain(const char **chain, int depth, const char *var)
{
	int i;

	for (i = 0; i <= depth && i < MAX_NEST_DEPTH + 1; i++)
		if (chain[i] && !strcmp(chain[i], var))
			return 1;
	return 0;
}

static int copy_field(const struct vg_scan_result *raw, const struct vg_field *s,
		      struct vg_field *d, int depth, const char **chain)
{
	const struct vg_scan_def *nested;

	*d = *s;
	d->name = d->test = d->size_expr = d->macro = d->encoding = d->desc_ref = NULL;
	d->desc = NULL;
	d->owns_desc = 0;
	if (vg_scan_set_str(&d->name, s->name) < 0 || vg_scan_set_str(&d->test, s->test) < 0 ||
	    vg_scan_set_str(&d->size_expr, s->size_expr) < 0 || vg_scan_set_str(&d->macro, s->macro) < 0 ||
	    vg_scan_set_str(&d->encoding, s->encoding) < 0 || vg_scan_set_str(&d->desc_ref, s->desc_ref) < 0)
		return -1;
	if (!s->desc_ref)
		return 0;
	nested = find_raw(raw, s->desc_ref);
	if (nested && depth < MAX_NEST_DEPTH && !in_chain(chain, depth, nested->desc.var)) {
		d->desc = vg_calloc(1, sizeof(*d->desc));
		if (!d->desc)
			return -1;
		d->owns_desc = 1;
		return copy_desc(raw, &nested->desc, d->desc, depth + 1, chain);
	}
	if (d->size_kind == VG_SIZE_UNKNOWN && !d->size_expr) {
		d->size_expr = d->num > 0 ? vg_asprintf("struct:%s*%lld", s->desc_ref, d->num)
					  : vg_asprintf("struct:%s", s->desc_ref);
		if (!d->size_expr)
			return -1;
	}
	return 0;
}

static int copy_desc(const struct vg_scan_result *raw, const struct vg_desc *src,
		     struct vg_desc *dst, int depth, const char **chain)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	chain[depth] = src->var;
	dst->version_id = src->version_id;
	dst->minimum_version_id = src->minimum_version_id;
	dst->has_fields = src->has_fields;
	dst->has_subsections = src->has_subsections;
	dst->line = src->line;
	dst->has_needed = src->has_needed;
	if (vg_scan_set_str(&dst->name, src->name) < 0 || vg_scan_set_str(&dst->var, src->var) < 0 ||
	    vg_scan_set_str(&dst->file, src->file) < 0 || vg_scan_set_str(&dst->condition, src->condition) < 0)
		return -1;
	for (i = 0; i < src->nr_fields; i++) {
		struct vg_field *f = vg_desc_add_field(dst);

		if (!f || copy_field(raw, &src->fields[i], f, depth, chain) < 0)
			return -1;
	}
	for (i = 0; i < src->nr_subsection_refs; i++) {
		const struct vg_scan_def *sub = find_raw(raw, src->subsection_refs[i]);

		if (add_subsection_ref(dst, src->subsection_refs[i]) < 0)
			return -1;
		if (sub && depth < MAX_NEST_DEPTH && !in_chain(chain, depth, sub->desc.var)) {
			struct vg_desc *s = vg_desc_add_subsection(dst);

			if (!s || copy_desc(raw, &sub->desc, s, depth + 1, chain) < 0)
				return -1;
		}
	}
	return 0;
}

void vg_scan_def_release(struct vg_scan_def *def)
{
	vg_desc_release(&def->desc);
}

/* Count identifier occurrences of var outside definitions and directives. */
static unsigned other_uses(const struct scanner *sc, const char *var)
{
	size_t n = strcspn(var, "[");
	const char *p = sc->clean, *end = sc->clean + sc->len;
	unsigned count = 0;

	while (n && (p = memmem(p, (size_t)(end - p), var, n))) {
		size_t i = (size_t)(p - sc->clean), k;
		int inside = 0;

		p += n;
		if ((i > 0 && vg_scan_is_id((unsigned char)sc->clean[i - 1])) ||
		    vg_scan_is_id((unsigned char)sc->clean[i + n]))
			continue;
		for (k = 0; k < sc->nr_used && !inside; k++)
			inside = sc->used[k].b <= i && i <= sc->used[k].e;
		if (inside || vg_scan_in_directive(sc, i))
			continue;
		/* The definition's own declarator. */
		{
			size_t j = vg_scan_skip_ws(sc->clean, sc->len, i + n);

			if (j < sc->len && sc->clean[j] == '[')
				j = vg_scan_skip_ws(sc->clean, sc->len, vg_scan_match_close(sc->clean, sc->len, j) + 1);
			if (j < sc->len && (sc->clean[j] == '=' || sc->clean[j] == ';'))
				continue;
		}
		count++;
	}
	return count;
}

int vg_scan_resolve(struct scanner *sc)
{
	struct vg_scan_result *r = sc->out;
	struct vg_scan_def *res;
	size_t i, j, k;

	/* Uses as nested vmsd or subsection, and pre-2.4 list-entry needed. */
	for (i = 0; i < r->nr; i++) {
		const struct vg_desc *d = &r->defs[i].desc;

		for (j = 0; j < d->nr_fields; j++) {
			const char *ref = d->fields[j].desc_ref;
			size_t rl = ref ? strlen(ref) : 0;

			/* A vmsd array used by its name (GTREE) uses every element. */
			for (k = 0; ref && k < r->nr; k++) {
				const char *v = r->defs[k].desc.var;

				if (!strcmp(v, ref) || (!strncmp(v, ref, rl) && v[rl] == '['))
					r->defs[k].nested_uses++;
			}
		}
		for (j = 0; j < d->nr_subsection_refs; j++) {
			size_t t = find_raw_index(r, d->subsection_refs[j]);

			/*
			 * One defined in another file (an extern, QEMU's spapr
			 * capabilities) is not a parse failure: the list of
			 * variables is kept (subsection_refs) and compared.
			 */
			if (t != NO_BASE)
				r->defs[t].subsection_uses++;
		}
	}
	for (k = 0; k < sc->nr_old_needed; k++) {
		size_t t = find_raw_index(r, sc->old_needed[k].var);

		if (t != NO_BASE) {
			r->defs[t].callbacks |= VG_CB_NEEDED;
			r->defs[t].desc.has_needed = 1;
		}
	}
	for (i = 0; i < r->nr; i++) {
		struct vg_scan_def *d = &r->defs[i];

		d->other_uses = other_uses(sc, d->desc.var);
		d->toplevel = d->other_uses > 0 || (!d->nested_uses && !d->subsection_uses);
	}
	if (!r->nr)
		return 0;
	res = vg_calloc(r->nr, sizeof(*res));
	if (!res)
		return -1;
	for (i = 0; i < r->nr; i++) {
		const char *chain[MAX_NEST_DEPTH + 1];

		memset(chain, 0, sizeof(chain));
		res[i] = r->defs[i];
		if (copy_desc(r, &r->defs[i].desc, &res[i].desc, 0, chain) < 0) {
			for (j = 0; j <= i; j++)
				vg_scan_def_release(&res[j]);
			free(res);
			return -1;
		}
	}
	for (i = 0; i < r->nr; i++)
		vg_scan_def_release(&r->defs[i]);
	free(r->defs);
	r->defs = res;
	r->alloc = r->nr;
	return 0;
}

