/*
 * rules/macros: the VMSTATE_* catalogue. See macros.h for the format.
 */
#include "core/macros.h"
#include "core/rules.h"
#include "core/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const attr_names[VG_MA__COUNT] = {
	[VG_MA_FIELD] = "field",
	[VG_MA_NAME] = "name",
	[VG_MA_VERSION] = "version",
	[VG_MA_TEST] = "test",
	[VG_MA_NUM] = "num",
	[VG_MA_VARRAY] = "varray",
	[VG_MA_VMSD] = "vmsd",
	[VG_MA_SVER] = "sver",
	[VG_MA_INFO] = "info",
	[VG_MA_ENC] = "enc",
	[VG_MA_SIZE] = "size",
	[VG_MA_UNUSED] = "unused",
	[VG_MA_END] = "end",
	[VG_MA_NODATA] = "nodata",
	[VG_MA_BYTES] = "bytes",
	[VG_MA_EXPAND] = "expand",
};

static int is_ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static int is_ident_char(int c)
{
	return isalnum(c) || c == '_';
}

static int is_identifier(const char *s)
{
	if (!is_ident_start((unsigned char)*s))
		return 0;
	for (s++; *s; s++)
		if (!is_ident_char((unsigned char)*s))
			return 0;
	return 1;
}

static void free_strv(char **v, int n)
{
	int i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static void macro_release(struct vg_macro *mc)
{
	int i;

	free(mc->name);
	free_strv(mc->params, mc->nparams > 0 ? mc->nparams : 0);
	for (i = 0; i < VG_MA__COUNT; i++)
		free(mc->attrs[i]);
	free(mc->where);
	free(mc->alias_target);
	free_strv(mc->alias_args, mc->nalias_args);
	memset(mc, 0, sizeof(*mc));
}

void vg_macros_release(struct vg_macros *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		macro_release(&m->macros[i]);
	free(m->macros);
	for (i = 0; i < m->nr_infos; i++) {
		free(m->infos[i].name);
		free(m->infos[i].enc);
		free(m->infos[i].size);
	}
	free(m->infos);
	for (i = 0; i < m->nr_types; i++) {
		free(m->types[i].name);
		free(m->types[i].size);
	}
	free(m->types);
	free(m->path);
	memset(m, 0, sizeof(*m));
}

/* Operand characters: an argument made only of these needs no parentheses. */
static int is_simple_operand(const char *s)
{
	for (; *s; s++)
		if (!is_ident_char((unsigned char)*s) && !strchr(".[]>", *s) &&
		    !(s[0] == '-' && s[1] == '>'))
			return 0;
	return 1;
}

/*
 * The end of the literal that starts at s (its quote): past the closing
 * quote, else at the end of the text (cpp: or of the line).
 */
static const char *skip_literal(const char *s, int cpp)
{
	char q = *s++;

	while (*s && *s != q && !(cpp && *s == '\n'))
		s += (*s == '\\' && s[1]) ? 2 : 1;
	return *s == q ? s + 1 : s;
}

/* The index of the parameter named s[0, n), or nparams. */
static int param_index(char *const *params, int nparams, const char *s, size_t n)
{
	int i;

	for (i = 0; i < nparams; i++)
		if (strlen(params[i]) == n && !strncmp(params[i], s, n))
			break;
	return i;
}

char *vg_macro_expand(const char *body, char *const *params, int nparams,
		      char *const *args, unsigned flags)
{
	struct vg_buf b = VG_BUF_INIT;
	const char *s = body;
	int cpp = flags & VG_SUBST_CPP, i;

	if (!body)
		return NULL;
	if (flags & VG_SUBST_PAREN)
		for (i = 0; i < nparams; i++)
			if (!strcmp(body, params[i]))
				return vg_strdup(args[i]);
	while (*s) {
		if (*s == '"' || (cpp && *s == '\'')) {
			const char *e = skip_literal(s, cpp);

			vg_buf_add(&b, s, (size_t)(e - s));
			s = e;
		} else if (cpp && s[0] == '#' && s[1] == '#') {
			/* ## pastes: no blanks on either side */
			while (b.len && b.buf[b.len - 1] == ' ')
				b.buf[--b.len] = '\0';
			s += 2;
			while (*s == ' ')
				s++;
		} else if (cpp && *s == '#') {
			/* #param stringizes */
			const char *p = s + 1, *e;

			while (*p == ' ')
				p++;
			for (e = p; is_ident_char((unsigned char)*e); e++)
				;
			i = param_index(params, nparams, p, (size_t)(e - p));
			if (e > p && i < nparams) {
				vg_buf_printf(&b, "\"%s\"", args[i]);
				s = e;
			} else {
				vg_buf_add(&b, s++, 1);
			}
		} else if (is_ident_start((unsigned char)*s)) {
			const char *e = s;

			while (is_ident_char((unsigned char)*e))
				e++;
			i = param_index(params, nparams, s, (size_t)(e - s));
			if (i == nparams)
				vg_buf_add(&b, s, (size_t)(e - s));
			else if (!(flags & VG_SUBST_PAREN) || is_simple_operand(args[i]))
				vg_buf_puts(&b, args[i]);
			else
				vg_buf_printf(&b, "(%s)", args[i]);
			s = e;
		} else {
			vg_buf_add(&b, s++, 1);
		}
	}
	if (!b.buf)
		vg_buf_add(&b, "", 0);
	return vg_buf_detach(&b);
}

char *vg_macro_subst(const char *tmpl, char *const *params, int nparams,
		     char *const *args)
{
	return vg_macro_expand(tmpl, params, nparams, args, VG_SUBST_PAREN);
}

/* Split "a,b,c" (no nesting) or "()" / "-" into a parameter list. */
static int parse_params(const struct vg_rules_line *l, const char *s,
			struct vg_macro *mc)
{
	const char *p = s;

	if (!strcmp(s, "-")) {
		mc->nparams = -1;
		return 0;
	}
	if (!strcmp(s, "()")) {
		mc->nparams = 0;
		return 0;
	}
	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char **grown;
		char *param;

		if (!(param = vg_strndup(p, n)))
			return -1;
		if (!is_identifier(param)) {
			fprintf(stderr, "%s:%u: error: bad parameter '%s' of %s\n",
				l->path, l->lineno, param, mc->name);
			free(param);
			return -1;
		}
		grown = realloc(mc->params, sizeof(char *) * (size_t)(mc->nparams + 1));
		if (!grown) {
			free(param);
			return vg_error("out of memory");  /* mc->params stays valid */
		}
		mc->params = grown;
		mc->params[mc->nparams++] = param;
		if (!e)
			break;
		p = e + 1;
		if (!*p) {
			fprintf(stderr, "%s:%u: error: empty parameter in '%s'\n",
				l->path, l->lineno, s);
			return -1;
		}
	}
	return 0;
}

/* Split the arguments of "TARGET(a, f(b, c), d)" at top-level commas. */
static int parse_call(const char *text, char **target, char ***args, int *nargs)
{
	const char *open = strchr(text, '(');
	const char *p;
	int depth = 0, n = 0;
	char **v = NULL;
	const char *start;
	size_t len = strlen(text);

	*target = NULL;
	*args = NULL;
	*nargs = 0;
	if (!open) {
		if (!is_identifier(text))
			return -1;
		*target = vg_strdup(text);
		*nargs = -1;
		return *target ? 0 : -1;
	}
	if (len < 2 || text[len - 1] != ')')
		return -1;
	*target = vg_strndup(text, (size_t)(open - text));
	if (!*target || !is_identifier(*target))
		goto fail;
	start = open + 1;
	for (p = open + 1; p < text + len - 1; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth < 0)
			goto fail;
		if ((*p == ',' && depth == 0) || p == text + len - 2) {
			const char *end = (*p == ',' && depth == 0) ? p : p + 1;
			char **nv = realloc(v, sizeof(char *) * (size_t)(n + 1));

			if (!nv)
				goto fail;
			v = nv;
			while (start < end && isspace((unsigned char)*start))
				start++;
			while (end > start && isspace((unsigned char)end[-1]))
				end--;
			if (!(v[n] = vg_strndup(start, (size_t)(end - start))))
				goto fail;
			if (!*v[n++])
				goto fail;
			start = p + 1;
		}
	}
	if (depth)
		goto fail;
	*args = v;
	*nargs = n;
	return 0;
fail:
	free_strv(v, n);
	free(*target);
	*target = NULL;
	return -1;
}

static int add_info(struct vg_macros *m, const struct vg_rules_line *l)
{
	struct vg_macro_info *in;
	size_t i;

	if (l->nr < 3 || !is_identifier(l->words[1])) {
		fprintf(stderr, "%s:%u: error: expected 'info VARIABLE enc=E size=N'\n",
			l->path, l->lineno);
		return -1;
	}
	if (VG_GROW(m->infos, m->alloc_infos, m->nr_infos + 1) < 0)
		return -1;
	in = &m->infos[m->nr_infos];
	memset(in, 0, sizeof(*in));
	if (!(in->name = vg_strdup(l->words[1])))
		return -1;
	m->nr_infos++;
	for (i = 2; i < l->nr; i++) {
		const char *w = l->words[i];

		if (vg_starts_with(w, "enc=") && w[4] && !in->enc) {
			if (!(in->enc = vg_strdup(w + 4)))
				return -1;
		} else if (vg_starts_with(w, "size=") && w[5] && !in->size) {
			if (!(in->size = vg_strdup(w + 5)))
				return -1;
		} else {
			fprintf(stderr, "%s:%u: error: bad info attribute '%s'\n",
				l->path, l->lineno, w);
			return -1;
		}
	}
	if (!in->enc || !in->size) {
		fprintf(stderr, "%s:%u: error: info %s needs enc= and size=\n",
			l->path, l->lineno, in->name);
		return -1;
	}
	return 0;
}

/* "type NAME size=N": NAME may be several words ("unsigned int"). */
static int add_type(struct vg_macros *m, const struct vg_rules_line *l)
{
	struct vg_buf name = VG_BUF_INIT;
	struct vg_macro_type *t;
	size_t i;

	if (l->nr < 3 || !vg_starts_with(l->words[l->nr - 1], "size=") ||
	    !l->words[l->nr - 1][5]) {
		fprintf(stderr, "%s:%u: error: expected 'type NAME size=N'\n", l->path, l->lineno);
		return -1;
	}
	for (i = 1; i + 1 < l->nr; i++) {
		if (!is_identifier(l->words[i])) {
			vg_buf_release(&name);
			fprintf(stderr, "%s:%u: error: '%s' is not a type name\n",
				l->path, l->lineno, l->words[i]);
			return -1;
		}
		if (name.len)
			vg_buf_puts(&name, " ");
		vg_buf_puts(&name, l->words[i]);
	}
	if (name.failed || VG_GROW(m->types, m->alloc_types, m->nr_types + 1) < 0) {
		vg_buf_release(&name);
		return -1;
	}
	t = &m->types[m->nr_types];
	t->name = vg_buf_detach(&name);
	t->size = vg_strdup(l->words[l->nr - 1] + 5);
	if (!t->name || !t->size) {
		free(t->name);
		free(t->size);
		return -1;
	}
	m->nr_types++;
	return 0;
}

static int add_line(const struct vg_rules_line *l, void *payload)
{
	struct vg_macros *m = payload;
	struct vg_macro *mc;
	size_t i;

	if (!strcmp(l->words[0], "info"))
		return add_info(m, l);
	if (!strcmp(l->words[0], "type"))
		return add_type(m, l);
	if (!is_identifier(l->words[0])) {
		fprintf(stderr, "%s:%u: error: '%s' is not a macro name\n",
			l->path, l->lineno, l->words[0]);
		return -1;
	}
	if (l->nr < 2) {
		fprintf(stderr, "%s:%u: error: %s: missing parameter list\n",
			l->path, l->lineno, l->words[0]);
		return -1;
	}
	if (VG_GROW(m->macros, m->alloc, m->nr + 1) < 0)
		return -1;
	mc = &m->macros[m->nr];
	memset(mc, 0, sizeof(*mc));
	m->nr++;
	if (!(mc->name = vg_strdup(l->words[0])) ||
	    !(mc->where = vg_asprintf("%s:%u", l->path, l->lineno)))
		return -1;
	if (parse_params(l, l->words[1], mc) < 0)
		return -1;
	if (l->nr >= 3 && !strcmp(l->words[2], "=")) {
		struct vg_buf call = VG_BUF_INIT;
		char *text;
		int r;

		for (i = 3; i < l->nr; i++)
			vg_buf_puts(&call, l->words[i]);
		if (!(text = vg_buf_detach(&call)))
			goto bad_alias;
		r = parse_call(text, &mc->alias_target, &mc->alias_args, &mc->nalias_args);
		free(text);
		if (r < 0)
			goto bad_alias;
		return 0;
bad_alias:
		fprintf(stderr, "%s:%u: error: %s: expected '= TARGET(ARGS)'\n",
			l->path, l->lineno, mc->name);
		return -1;
	}
	for (i = 2; i < l->nr; i++) {
		const char *w = l->words[i], *eq = strchr(w, '=');
		int a;

		for (a = 0; eq && a < VG_MA__COUNT; a++)
			if (strlen(attr_names[a]) == (size_t)(eq - w) &&
			    !strncmp(attr_names[a], w, (size_t)(eq - w)))
				break;
		if (!eq || a == VG_MA__COUNT || !eq[1]) {
			fprintf(stderr, "%s:%u: error: %s: bad attribute '%s'\n",
				l->path, l->lineno, mc->name, w);
			return -1;
		}
		if (mc->attrs[a]) {
			fprintf(stderr, "%s:%u: error: %s: '%s' given twice\n",
				l->path, l->lineno, mc->name, attr_names[a]);
			return -1;
		}
		if (!(mc->attrs[a] = vg_strdup(eq + 1)))
			return -1;
	}
	if (!mc->attrs[VG_MA_END] && !mc->attrs[VG_MA_SIZE] && !mc->attrs[VG_MA_EXPAND]) {
		fprintf(stderr, "%s:%u: error: %s: no size= (wire size) given\n",
			l->path, l->lineno, mc->name);
		return -1;
	}
	return 0;
}

static int cmp_macro(const void *a, const void *b)
{
	return strcmp(((const struct vg_macro *)a)->name,
		      ((const struct vg_macro *)b)->name);
}

const struct vg_macro *vg_macros_findn(const struct vg_macros *m, const char *name, size_t len)
{
	size_t lo = 0, hi = m ? m->nr : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *n = m->macros[mid].name;
		int c = strncmp(n, name, len);

		if (!c && n[len])
			c = 1;
		if (!c)
			return &m->macros[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct vg_macro *vg_macros_find(const struct vg_macros *m, const char *name)
{
	return vg_macros_findn(m, name, strlen(name));
}

const struct vg_macro_info *vg_macros_find_info(const struct vg_macros *m, const char *name)
{
	size_t i;

	for (i = 0; m && i < m->nr_infos; i++)
		if (!strcmp(m->infos[i].name, name))
			return &m->infos[i];
	return NULL;
}

const struct vg_macro_type *vg_macros_find_type(const struct vg_macros *m, const char *name,
						size_t n)
{
	size_t i;

	for (i = 0; m && i < m->nr_types; i++)
		if (strlen(m->types[i].name) == n && !memcmp(m->types[i].name, name, n))
			return &m->types[i];
	return NULL;
}

/* Expand one alias (recursively through its target) into base attributes. */
static int expand_alias(struct vg_macros *m, struct vg_macro *mc, int depth)
{
	const struct vg_macro *ct;
	struct vg_macro *t;
	int a;

	if (!mc->alias_target)
		return 0;
	if (depth > 16) {
		fprintf(stderr, "%s: error: alias chain of %s is too long (a cycle?)\n",
			mc->where, mc->name);
		return -1;
	}
	ct = vg_macros_find(m, mc->alias_target);
	t = ct ? &m->macros[ct - m->macros] : NULL;     /* m is ours to write */
	if (!t) {
		fprintf(stderr, "%s: error: %s is an alias of unknown macro %s\n",
			mc->where, mc->name, mc->alias_target);
		return -1;
	}
	if (t == mc || expand_alias(m, t, depth + 1) < 0) {
		if (t == mc)
			fprintf(stderr, "%s: error: %s is an alias of itself\n",
				mc->where, mc->name);
		return -1;
	}
	if (t->nparams != mc->nalias_args &&
	    !(t->nparams == 0 && mc->nalias_args == 0)) {
		fprintf(stderr, "%s: error: %s passes %d arguments to %s, which takes %d\n",
			mc->where, mc->name, mc->nalias_args < 0 ? 0 : mc->nalias_args,
			t->name, t->nparams < 0 ? 0 : t->nparams);
		return -1;
	}
	for (a = 0; a < VG_MA__COUNT; a++) {
		if (!t->attrs[a])
			continue;
		mc->attrs[a] = vg_macro_subst(t->attrs[a], t->params,
					      t->nparams > 0 ? t->nparams : 0,
					      mc->alias_args);
		if (!mc->attrs[a])
			return -1;
	}
	free(mc->alias_target);
	mc->alias_target = NULL;
	free_strv(mc->alias_args, mc->nalias_args);
	mc->alias_args = NULL;
	mc->nalias_args = 0;
	return 0;
}

int vg_macros_load(struct vg_macros *m, const char *path)
{
	size_t i;

	if (!(m->path = vg_strdup(path)))
		return -1;
	if (vg_rules_foreach_line(path, add_line, m) < 0)
		return -1;
	/* A file of types and infos only has no macros: qsort(NULL) is undefined. */
	if (m->nr > 1)
		qsort(m->macros, m->nr, sizeof(*m->macros), cmp_macro);
	for (i = 0; i + 1 < m->nr; i++) {
		if (!strcmp(m->macros[i].name, m->macros[i + 1].name)) {
			fprintf(stderr, "%s: error: %s is already defined at %s\n",
				m->macros[i + 1].where, m->macros[i].name,
				m->macros[i].where);
			return -1;
		}
	}
	for (i = 0; i < m->nr; i++)
		if (expand_alias(m, &m->macros[i], 0) < 0)
			return -1;
	return 0;
}

int vg_macros_load_default(struct vg_macros *m, const char *dir)
{
	char *d = dir ? vg_strdup(dir) : vg_rules_dir();
	char *path;
	int r;

	if (!d)
		return -1;
	path = vg_asprintf("%s/macros", d);
	free(d);
	if (!path)
		return -1;
	r = vg_macros_load(m, path);
	free(path);
	return r;
}
