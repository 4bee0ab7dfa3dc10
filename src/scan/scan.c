/*
 * C source -> model: finds VMStateDescription definitions with a small
 * tokenizer (comments, literals, continuations, balanced brackets) and
 * one PCRE2 pattern, expands field macros through rules/macros and the
 * file's own #defines. See scan.h.
 */
#define _GNU_SOURCE 1 /* memmem */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "scan/scan-internal.h"
#include "core/macros.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
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

/* A name's hash for the miss sets (kind: 's' struct, 'e' enumerator). */
uint64_t vg_scan_miss_hash(char kind, const char *name, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ (unsigned char)kind;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
	return h ? h : 1;
}

int vg_scan_hdr_missed(const struct hdr *hd, uint64_t h)
{
	size_t j;

	if (!hd->miss_cap)
		return 0;
	for (j = h & (hd->miss_cap - 1); hd->miss[j]; j = (j + 1) & (hd->miss_cap - 1))
		if (hd->miss[j] == h)
			return 1;
	return 0;
}

/* Remember a miss (best effort: no memory, no memo). */
void vg_scan_hdr_miss_add(struct hdr *hd, uint64_t h)
{
	size_t j;

	if ((hd->nr_miss + 1) * 2 > hd->miss_cap) {
		size_t cap = hd->miss_cap ? hd->miss_cap * 2 : 64, i;
		uint64_t *v = calloc(cap, sizeof(*v));

		if (!v)
			return;
		for (i = 0; i < hd->miss_cap; i++) {
			if (!hd->miss[i])
				continue;
			for (j = hd->miss[i] & (cap - 1); v[j]; j = (j + 1) & (cap - 1))
				;
			v[j] = hd->miss[i];
		}
		free(hd->miss);
		hd->miss = v;
		hd->miss_cap = cap;
	}
	for (j = h & (hd->miss_cap - 1); hd->miss[j]; j = (j + 1) & (hd->miss_cap - 1))
		if (hd->miss[j] == h)
			return;
	hd->miss[j] = h;
	hd->nr_miss++;
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

static unsigned src_line(const struct scanner *sc, const struct src *s, size_t off)
{
	if (s->base == NO_BASE)
		return s->line;
	return vg_scan_line_of(sc, s->base + off);
}

static void warn(struct scanner *sc, enum vg_rule rule, unsigned line,
		 const char *desc, const char *item, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void warn(struct scanner *sc, enum vg_rule rule, unsigned line,
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

static int set_str(char **dst, const char *s)
{
	if (!s)
		return 0;
	*dst = vg_strdup(s);
	return *dst ? 0 : -1;
}

static int is_null_text(const char *s)
{
	return !s || !*s || !strcmp(s, "NULL") || !strcmp(s, "0") ||
	       !strcmp(s, "(void*)0") || !strcmp(s, "false");
}

/* Strip '&', casts to nothing and parentheses: "&vmstate_foo" -> "vmstate_foo". */
static char *ref_name(const char *s)
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

/* Custom VMStateInfo code (get/put defined in the file). */

/* The first whole-word occurrence of name in t[from, n), or n. */
static size_t find_word(const char *t, size_t n, size_t from, const char *name)
{
	size_t l = strlen(name);
	const char *p = t + from;

	while (l && (p = memmem(p, (size_t)(t + n - p), name, l))) {
		size_t i = (size_t)(p - t);

		p += l;
		if ((i > 0 && vg_scan_is_id((unsigned char)t[i - 1])) ||
		    (i + l < n && vg_scan_is_id((unsigned char)t[i + l])))
			continue;
		return i;
	}
	return n;
}

/* The value of designator .key in the initializer t[b, e): an identifier. */
static int init_member(const char *t, size_t b, size_t e, const char *key, char *out,
		       size_t outsz)
{
	size_t i = b, k;

	while ((i = find_word(t, e, i, key)) < e) {
		size_t j = vg_scan_skip_ws_back(t, i);

		i += strlen(key);
		if (j == 0 || t[j - 1] != '.')
			continue;
		k = vg_scan_skip_ws(t, e, i);
		if (k >= e || t[k] != '=')
			continue;
		k = vg_scan_skip_ws(t, e, k + 1);
		if (k < e && t[k] == '&')
			k = vg_scan_skip_ws(t, e, k + 1);
		for (j = 0; k < e && vg_scan_is_id((unsigned char)t[k]) && j + 1 < outsz; k++)
			out[j++] = t[k];
		out[j] = 0;
		return j > 0;
	}
	return 0;
}

static void fnv_mix(uint32_t *h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)p[i]))
			continue;
		*h ^= (unsigned char)p[i];
		*h *= 16777619u;
	}
}

static int word_in(const char *w, size_t n, const char *const *list, size_t nr)
{
	size_t k;

	for (k = 0; k < nr; k++)
		if (strlen(list[k]) == n && !memcmp(list[k], w, n))
			return 1;
	return 0;
}

/*
 * Statements that never touch the stream: assertions, error reporting
 * and propagation, tracing, logging (QEMU c632ffbd74 and its series pushed
 * Error **errp through every get/put; f3126d65b3 changed an assert).
 */
static int quiet_statement(const char *w, size_t n)
{
	static const char *const words[] = {
		"assert", "g_assert", "g_assert_not_reached", "Error", "error_report",
		"error_report_err", "error_setg", "error_setg_errno", "error_propagate",
		"error_prepend", "error_free", "warn_report", "warn_report_err",
		"qemu_log", "qemu_log_mask", "ERRP_GUARD",
	};

	return word_in(w, n, words, VG_ARRAY_SIZE(words)) || (n > 6 && !memcmp(w, "trace_", 6));
}

/* An argument that only carries an error out: ", &local_err" of a call. */
static int error_arg(const char *w, size_t n)
{
	static const char *const words[] = {
		"errp", "err", "local_err", "local_error", "error_fatal", "error_abort",
	};

	return word_in(w, n, words, VG_ARRAY_SIZE(words));
}

/*
 * Mix the code of a get/put body t[b, e) into h, whitespace ignored and
 * what cannot change the bytes left out (quiet_statement(), error_arg()).
 */
static void hash_body(const char *t, size_t b, size_t e, uint32_t *h)
{
	size_t i = b, stmt = 1;

	while (i < e) {
		if (isspace((unsigned char)t[i])) {
			i++;
			continue;
		}
		if (vg_scan_is_id0((unsigned char)t[i])) {
			size_t we = vg_scan_ident_end(t, e, i);

			if (stmt && quiet_statement(t + i, we - i)) {
				/* up to the ';' that ends it, past balanced brackets */
				size_t j = we;

				while (j < e && t[j] != ';') {
					if (t[j] == '(' || t[j] == '[' || t[j] == '{') {
						j = vg_scan_match_close(t, e, j);
						if (j >= e)
							break;
					}
					j++;
				}
				i = j < e ? j + 1 : e;
				continue;
			}
			fnv_mix(h, t + i, we - i);
			stmt = 0;
			i = we;
			continue;
		}
		if (t[i] == ',') {
			/* ", errp)" or ", &local_err)": the error argument goes */
			size_t j = vg_scan_skip_ws(t, e, i + 1), we;

			if (j < e && t[j] == '&')
				j = vg_scan_skip_ws(t, e, j + 1);
			if (j < e && vg_scan_is_id0((unsigned char)t[j])) {
				we = vg_scan_ident_end(t, e, j);
				if (error_arg(t + j, we - j) &&
				    vg_scan_skip_ws(t, e, we) < e && t[vg_scan_skip_ws(t, e, we)] == ')') {
					i = vg_scan_skip_ws(t, e, we);
					continue;
				}
			}
		}
		stmt = t[i] == ';' || t[i] == '{' || t[i] == '}';
		fnv_mix(h, t + i, 1);
		i++;
	}
}

/* The function name defined in the file: its parameter list and body, inside the brackets. */
static int function_parts(struct scanner *sc, const char *name, size_t *pb, size_t *pe,
			  size_t *bb, size_t *be)
{
	const char *t = sc->clean;
	size_t n = sc->len, i = 0;

	while ((i = find_word(t, n, i, name)) < n) {
		size_t j = vg_scan_skip_ws(t, n, i + strlen(name)), close, e;

		i += strlen(name);
		if (j >= n || t[j] != '(')
			continue;
		close = vg_scan_match_close(t, n, j);
		if (close >= n)
			return 0;
		e = vg_scan_skip_ws(t, n, close + 1);
		if (e >= n || t[e] != '{')
			continue;       /* a call or a declaration */
		*pb = j + 1;
		*pe = close;
		*bb = e + 1;
		*be = vg_scan_match_close(t, n, e);
		return *be < n;
	}
	return 0;
}

/* Mix the body of function name (defined in the file) into h; 0 when absent. */
static int hash_function(struct scanner *sc, const char *name, uint32_t *h)
{
	size_t pb, pe, bb, be;

	if (!function_parts(sc, name, &pb, &pe, &bb, &be))
		return 0;
	hash_body(sc->clean, bb - 1, be + 1, h);
	return 1;
}

/*
 * A VMStateInfo defined in the file with its get and put functions: a
 * fingerprint of their code (whitespace and comments ignored), so that a
 * change to what it reads and writes shows as a size that cannot be
 * decided (QEMU 59e7592756 added a be32 to MIPS's tlb_entry put/get).
 * Returns 1 and sets *fp, or 0.
 */
static int info_fingerprint(struct scanner *sc, const char *info, uint32_t *fp)
{
	const char *t = sc->clean;
	size_t n = sc->len, i = 0;
	char get[128], put[128];
	uint32_t h = 2166136261u;

	while ((i = find_word(t, n, i, info)) < n) {
		size_t j = vg_scan_skip_ws(t, n, i + strlen(info)), e;

		i += strlen(info);
		if (j >= n || t[j] != '=')
			continue;
		j = vg_scan_skip_ws(t, n, j + 1);
		if (j >= n || t[j] != '{')
			continue;
		e = vg_scan_match_close(t, n, j);
		if (e >= n)
			return 0;
		if (!init_member(t, j, e, "get", get, sizeof(get)) ||
		    !init_member(t, j, e, "put", put, sizeof(put)))
			return 0;
		if (!hash_function(sc, get, &h) || !hash_function(sc, put, &h))
			return 0;
		*fp = h;
		return 1;
	}
	return 0;
}

/* Element size from a VMStateInfo variable. */
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
	if (!in && !f->encoding && info_fingerprint(sc, info, &fp) &&
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
	if (!f->encoding && set_str(&f->encoding, in->enc) < 0)
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

/*
 * A field_exists test is decided by the version the description is loaded
 * at, like a version gate, where its value follows from the version alone:
 *
 *   static bool foo_before_version2(void *opaque, int version_id)
 *   {
 *       return version_id <= 1;
 *   }
 *
 * and also "return version_id >= 2 && s->flag;" below version 2. For each
 * version 0..63, test_known_mask says whether it is decided there and
 * test_mask what it is. A body other than "return EXPR;" decides nothing.
 */
struct tv {
	long long v;
	int known;
};

struct vtest {
	struct scanner *sc;
	const char *t;
	size_t i, n;
	const char *param;
	size_t param_len;
	long long version;
	int ok;                 /* the syntax was followed */
};

static struct tv vtest_or(struct vtest *v);

/* A term only the run time knows: s->flag, f(x), a[i].b, ... */
static int vtest_skip_term(struct vtest *v)
{
	const char *t = v->t;
	size_t i = vg_scan_ident_end(t, v->n, v->i);

	for (;;) {
		size_t j = vg_scan_skip_ws(t, v->n, i);

		if (j + 1 < v->n && t[j] == '-' && t[j + 1] == '>') {
			j = vg_scan_skip_ws(t, v->n, j + 2);
		} else if (j < v->n && t[j] == '.') {
			j = vg_scan_skip_ws(t, v->n, j + 1);
		} else if (j < v->n && (t[j] == '(' || t[j] == '[')) {
			i = vg_scan_match_close(t, v->n, j);
			if (i >= v->n)
				return 0;
			i++;
			continue;
		} else {
			break;
		}
		if (j >= v->n || !vg_scan_is_id0((unsigned char)t[j]))
			return 0;
		i = vg_scan_ident_end(t, v->n, j);
	}
	v->i = i;
	return 1;
}

static struct tv vtest_operand(struct vtest *v)
{
	const char *t = v->t;
	struct tv x = { 0, 1 }, u = { 0, 0 };
	size_t b, e;
	char *word;

	v->i = vg_scan_skip_ws(t, v->n, v->i);
	if (v->i >= v->n) {
		v->ok = 0;
		return u;
	}
	if (t[v->i] == '(') {
		v->i++;
		x = vtest_or(v);
		v->i = vg_scan_skip_ws(t, v->n, v->i);
		if (v->i < v->n && t[v->i] == ')')
			v->i++;
		else
			v->ok = 0;
		return x;
	}
	if (t[v->i] == '!') {
		v->i++;
		x = vtest_operand(v);
		x.v = !x.v;
		return x;
	}
	b = v->i;
	if (vg_scan_is_id0((unsigned char)t[b])) {
		e = vg_scan_ident_end(t, v->n, b);
		if (e - b == v->param_len && !memcmp(t + b, v->param, e - b)) {
			v->i = e;
			x.v = v->version;
			return x;
		}
	} else if (isdigit((unsigned char)t[b])) {
		for (e = b; e < v->n && vg_scan_is_id((unsigned char)t[e]); e++)
			;
	} else {
		v->ok = 0;
		return u;
	}
	/* A number, or a constant the file or its headers #define ... */
	word = vg_strndup(t + b, e - b);
	if (word && vg_scan_eval_text(v->sc, word, &x.v) == 0) {
		free(word);
		v->i = e;
		return x;
	}
	free(word);
	/* ... else something of the state. */
	if (!vg_scan_is_id0((unsigned char)t[b]) || !vtest_skip_term(v))
		v->ok = 0;
	return u;
}

static struct tv vtest_cmp(struct vtest *v)
{
	static const char *const ops[] = { "<=", ">=", "==", "!=", "<", ">" };
	struct tv a = vtest_operand(v), b, r;
	size_t k, l = 0;

	v->i = vg_scan_skip_ws(v->t, v->n, v->i);
	for (k = 0; k < VG_ARRAY_SIZE(ops); k++) {
		l = strlen(ops[k]);
		if (v->i + l <= v->n && !memcmp(v->t + v->i, ops[k], l))
			break;
	}
	if (k == VG_ARRAY_SIZE(ops))
		return a;
	v->i += l;
	b = vtest_operand(v);
	r.known = a.known && b.known;
	switch (k) {
	case 0: r.v = a.v <= b.v; break;
	case 1: r.v = a.v >= b.v; break;
	case 2: r.v = a.v == b.v; break;
	case 3: r.v = a.v != b.v; break;
	case 4: r.v = a.v < b.v; break;
	default: r.v = a.v > b.v; break;
	}
	return r;
}

static int vtest_op(struct vtest *v, const char *op)
{
	v->i = vg_scan_skip_ws(v->t, v->n, v->i);
	if (v->i + 2 <= v->n && !memcmp(v->t + v->i, op, 2)) {
		v->i += 2;
		return 1;
	}
	return 0;
}

/* a && b is known false when either is; a || b known true when either is. */
static struct tv vtest_and(struct vtest *v)
{
	struct tv x = vtest_cmp(v);

	while (v->ok && vtest_op(v, "&&")) {
		struct tv y = vtest_cmp(v);

		if ((x.known && !x.v) || (y.known && !y.v))
			x = (struct tv){ 0, 1 };
		else
			x = (struct tv){ 1, x.known && y.known };
	}
	return x;
}

static struct tv vtest_or(struct vtest *v)
{
	struct tv x = vtest_and(v);

	while (v->ok && vtest_op(v, "||")) {
		struct tv y = vtest_and(v);

		if ((x.known && x.v) || (y.known && y.v))
			x = (struct tv){ 1, 1 };
		else
			x = (struct tv){ 0, x.known && y.known };
	}
	return x;
}

/*
 * The body [bb, be) ends in its only "return EXPR;", at its top level,
 * after declarations such as "FooState *s = opaque;" that do not assign
 * the version parameter: *r is where "return" starts.
 */
static int final_return(const char *t, size_t bb, size_t be, const char *param,
			size_t param_len, size_t *r)
{
	size_t i, ret = be;

	for (i = bb; i < be; i++) {
		if (t[i] == '{' || t[i] == '}')
			return 0;
		if (vg_scan_is_id0((unsigned char)t[i]) && !vg_scan_is_id((unsigned char)t[i - 1])) {
			size_t e = vg_scan_ident_end(t, be, i), j = vg_scan_skip_ws(t, be, e);

			if (e - i == 6 && !memcmp(t + i, "return", 6)) {
				if (ret != be)
					return 0;
				ret = i;
			} else if (e - i == param_len && !memcmp(t + i, param, param_len) &&
				   j < be && ((t[j] == '=' && t[j + 1] != '=') ||
					      t[j] == '+' || t[j] == '-')) {
				return 0;       /* the version is changed, or counted */
			}
			i = e - 1;
		}
	}
	if (ret == be)
		return 0;
	*r = ret;
	return 1;
}

static void version_test(struct scanner *sc, struct vg_field *f)
{
	const char *t = sc->clean;
	unsigned long long known = 0, mask = 0;
	size_t pb, pe, bb, be, k, r;
	struct vtest v;
	const char *name = f->test;
	size_t len;
	char buf[128];

	while (*name == '&' || *name == ' ')
		name++;
	len = strlen(name);
	if (!len || len >= sizeof(buf) || !vg_scan_is_id0((unsigned char)name[0]))
		return;
	memcpy(buf, name, len + 1);
	if (vg_scan_ident_end(buf, len, 0) != len || !function_parts(sc, buf, &pb, &pe, &bb, &be))
		return;
	/* The version parameter: the last identifier of the parameter list. */
	memset(&v, 0, sizeof(v));
	for (k = pb; k < pe; k++)
		if (vg_scan_is_id0((unsigned char)t[k]) && !vg_scan_is_id((unsigned char)t[k - 1])) {
			v.param = t + k;
			v.param_len = vg_scan_ident_end(t, pe, k) - k;
		}
	if (!v.param)
		return;
	if (!final_return(t, bb, be, v.param, v.param_len, &r))
		return;
	v.sc = sc;
	v.t = t;
	v.n = be;
	for (v.version = 0; v.version < 64; v.version++) {
		struct tv x;

		v.i = r + 6;
		v.ok = 1;
		x = vtest_or(&v);
		v.i = vg_scan_skip_ws(t, be, v.i);
		if (!v.ok || v.i >= be || t[v.i] != ';' || vg_scan_skip_ws(t, be, v.i + 1) != be)
			return;
		if (x.known)
			known |= 1ULL << v.version;
		if (x.known && x.v)
			mask |= 1ULL << v.version;
	}
	f->test_known_mask = known;
	f->test_mask = mask;
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
		warn(sc, VG_RULE_SCAN_UNPARSED, line, dname, f->name,
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
	if (set_str(&f->macro, mc->name) < 0)
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
			warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, f->name,
			     "cannot evaluate the version '%s' of field %s (%s)",
			     a[VG_MA_VERSION], f->name, mc->name);
		}
	}
	if (a[VG_MA_TEST] && !is_null_text(a[VG_MA_TEST])) {
		f->has_test = 1;
		if (set_str(&f->test, a[VG_MA_TEST]) < 0)
			goto done;
		version_test(sc, f);
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
		if (set_str(&f->encoding, enc) < 0)
			goto done;
	}
	if (a[VG_MA_VMSD] && !(f->desc_ref = ref_name(a[VG_MA_VMSD])))
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
				char *info = ref_name(a[VG_MA_INFO]);

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
	unsigned line = src_line(sc, s, b);
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
		warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, NULL,
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
			warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, f->name,
			     "cannot evaluate the version '%s' of field %s", r.version, f->name);
	}
	if (r.test && !is_null_text(r.test)) {
		f->has_test = 1;
		if (set_str(&f->test, r.test) < 0)
			goto done;
		version_test(sc, f);
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
		if (!(f->desc_ref = ref_name(r.vmsd)))
			goto done;
		if (!f->encoding && set_str(&f->encoding,
					    flag_set(r.flags, "VMS_VSTRUCT") ? "vstruct" : "struct") < 0)
			goto done;
		z.kind = r.info ? VG_SIZE_VARIABLE : VG_SIZE_UNKNOWN;
	} else if (r.info) {
		char *info = ref_name(r.info);

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
	unsigned line = src_line(sc, s, b);
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
			warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, NULL,
			     "cannot follow an unbalanced field initializer");
			return 0;
		}
		return field_from_raw(sc, fl, s, b, e);
	}
	if (!vg_scan_is_id0((unsigned char)s->t[b])) {
		char *txt = vg_scan_norm_text(s->t, b, e);

		warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, NULL,
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
			warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, name,
			     "cannot follow field entry %s(...)", name);
			r = unknown_field(sc, fl, name, name, line);
			goto out;
		}
	} else if (open != e) {
		char *txt = vg_scan_norm_text(s->t, b, e);

		warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, name,
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
			warn(sc, VG_RULE_SCAN_UNPARSED, line, fl->dname, name,
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
	warn(sc, VG_RULE_UNKNOWN_MACRO, line, fl->dname, name,
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
static size_t find_named_array(struct scanner *sc, const char *name, size_t *close)
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

static int add_used(struct scanner *sc, size_t b, size_t e)
{
	if (VG_GROW(sc->used, sc->alloc_used, sc->nr_used + 1) < 0)
		return -1;
	sc->used[sc->nr_used].b = b;
	sc->used[sc->nr_used].e = e;
	sc->nr_used++;
	return 0;
}

/* The value of .fields: a cast list, a named array or a macro. */
static int parse_fields_value(struct scanner *sc, const struct src *s, size_t b, size_t e,
			      struct vg_scan_def *def)
{
	struct flist fl = { &def->desc, def->desc.var, 0, 0 };
	size_t i = b;
	unsigned line = src_line(sc, s, b);

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
		open = find_named_array(sc, name, &close);
		if (open != NO_BASE) {
			struct src whole = { sc->clean, sc->len, 0, 0 };
			int r;

			free(name);
			if (add_used(sc, open, close) < 0)
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
			r = parse_fields_value(sc, &sub, 0, sub.n, def);
			free(text);
			return r;
		}
		warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
		     "cannot find the field array %s of %s in this file", name, def->desc.var);
		free(name);
		return 0;
	}
unparsed:
	warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
	     "cannot follow the .fields of %s", def->desc.var);
	return 0;
}

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
		if (o.vmsd && !is_null_text(o.vmsd)) {
			ref = ref_name(o.vmsd);
			r = ref ? add_subsection_ref(&sl->def->desc, ref) : -1;
			if (!r && ref && o.needed && !is_null_text(o.needed)) {
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
	if (is_null_text(txt)) {
		free(txt);
		return 0;
	}
	if (txt[0] != '&' && !vg_scan_is_id0((unsigned char)txt[0])) {
		warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, b), sl->def->desc.var, NULL,
		     "cannot follow subsection entry '%.60s'", txt);
		free(txt);
		return 0;
	}
	ref = ref_name(txt);
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
	unsigned line = src_line(sc, s, b);

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
		if (is_null_text(name)) {
			free(name);
			def->desc.has_subsections = 0;
			return 0;
		}
		open = find_named_array(sc, name, &close);
		if (open != NO_BASE) {
			struct src whole = { sc->clean, sc->len, 0, 0 };

			free(name);
			if (add_used(sc, open, close) < 0)
				return -1;
			vg_scan_blank_conditionals(sc, open, close);
			return vg_scan_split_items(sc, &whole, open + 1, close, sub_item, &sl);
		}
		warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
		     "cannot find the subsection array %s of %s in this file", name,
		     def->desc.var);
		free(name);
		return 0;
	}
unparsed:
	warn(sc, VG_RULE_SCAN_UNPARSED, line, def->desc.var, NULL,
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
		warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, b), def->desc.var, NULL,
		     "cannot evaluate .%s = %s of %s", member, txt, def->desc.var);
		*out = -1;
	}
	free(txt);
	return 0;
}

static int desc_item(struct scanner *sc, const struct src *s, size_t b, size_t e, void *payload)
{
	struct vg_scan_def *def = payload;
	size_t i, ne, eq, vb;
	const char *m;
	size_t ml, k;

	if (s->t[b] != '.') {
		char *txt = vg_scan_norm_text(s->t, b, e);

		warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, b), def->desc.var, NULL,
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
	if (IS("name")) {
		int res;

		free(def->desc.name);
		def->desc.name = vg_scan_string_value(sc, s->t, vb, e, &res);
		return def->desc.name ? 0 : -1;
	}
	if (IS("version_id"))
		return int_member(sc, s, vb, e, def, "version_id", &def->desc.version_id);
	if (IS("minimum_version_id"))
		return int_member(sc, s, vb, e, def, "minimum_version_id",
				  &def->desc.minimum_version_id);
	if (IS("minimum_version_id_old"))
		return int_member(sc, s, vb, e, def, "minimum_version_id_old",
				  &def->minimum_version_id_old);
	if (IS("fields"))
		return parse_fields_value(sc, s, vb, e, def);
	if (IS("subsections"))
		return parse_subsections_value(sc, s, vb, e, def);
	if (IS("unmigratable")) {
		def->unmigratable = !(e - vb == 1 && s->t[vb] == '0') &&
				    !(e - vb == 5 && !memcmp(s->t + vb, "false", 5));
		return 0;
	}
	for (k = 0; k < VG_ARRAY_SIZE(callback_members); k++) {
		if (IS(callback_members[k].name)) {
			char *txt = vg_scan_norm_text(s->t, vb, e);

			if (!txt)
				return -1;
			if (!is_null_text(txt))
				def->callbacks |= callback_members[k].bit;
			free(txt);
			return 0;
		}
	}
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

	if (!def)
		return -1;
	def->is_static = is_static;
	def->from_macro = from_macro;
	def->desc.line = src_line(sc, s, open);
	def->end_line = src_line(sc, s, close);
	if (!(def->desc.var = vg_strdup(var)) || !(def->desc.file = vg_strdup(sc->path)) ||
	    (cond && !(def->desc.condition = vg_strdup(cond))))
		goto oom;
	/* sc->old_needed marks are per description list. */
	if (vg_scan_split_items(sc, s, open + 1, close, desc_item, def) < 0)
		goto oom;
	if (def->callbacks & VG_CB_NEEDED)
		def->desc.has_needed = 1;
	if (!def->desc.name)
		warn(sc, VG_RULE_SCAN_UNPARSED, def->desc.line, var, NULL,
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
			warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, vb), var, NULL,
			     "the initializer of %s does not end", var);
			*end = vb + 1;  /* go on scanning after the brace */
			return 0;
		}
		*end = close + 1;
		if (s->base != NO_BASE) {
			vg_scan_blank_conditionals(sc, s->base + vb, s->base + close);
			if (add_used(sc, s->base + vb, s->base + close) < 0)
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
			sub.line = src_line(sc, s, vb);
			r = parse_desc_value(sc, &sub, 0, &sub_end, var, is_static, cond, 1, depth + 1);
			free(text);
			*end = c;
			return r;
		}
		vg_scan_free_args(args, nargs);
	}
	warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, vb), var, NULL,
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
static int compile_patterns(void)
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
static int find_defs(struct scanner *sc, const struct src *s, const char *macro_cond)
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

				if (s->base != NO_BASE && add_used(sc, s->base + ob, s->base + oc) < 0)
					ret = -1;
				if (!ret && vg_scan_split_items(sc, &sub, ob + 1, oc, array_item, &a) < 0)
					ret = -1;
				start = oc + 1;
			} else {
				warn(sc, VG_RULE_SCAN_UNPARSED, src_line(sc, s, mb), var, NULL,
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
static int find_macro_defs(struct scanner *sc)
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
				warn(sc, VG_RULE_SCAN_UNPARSED, vg_scan_line_of(sc, i), NULL, d->name,
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

				r = find_defs(sc, &sub, cond);
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

static const struct vg_scan_def *find_raw(const struct vg_scan_result *r, const char *var)
{
	size_t i, n = strlen(var);

	for (i = 0; i < r->nr; i++)
		if (!strcmp(r->defs[i].desc.var, var))
			return &r->defs[i];
	/* A vmsd array used as one (GTREE): its first element. */
	for (i = 0; i < r->nr; i++)
		if (!strncmp(r->defs[i].desc.var, var, n) && !strcmp(r->defs[i].desc.var + n, "[0]"))
			return &r->defs[i];
	return NULL;
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
	if (set_str(&d->name, s->name) < 0 || set_str(&d->test, s->test) < 0 ||
	    set_str(&d->size_expr, s->size_expr) < 0 || set_str(&d->macro, s->macro) < 0 ||
	    set_str(&d->encoding, s->encoding) < 0 || set_str(&d->desc_ref, s->desc_ref) < 0)
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
	if (set_str(&dst->name, src->name) < 0 || set_str(&dst->var, src->var) < 0 ||
	    set_str(&dst->file, src->file) < 0 || set_str(&dst->condition, src->condition) < 0)
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

static void def_release(struct vg_scan_def *def)
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

static int resolve(struct scanner *sc)
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
			const struct vg_scan_def *t = find_raw(r, d->subsection_refs[j]);

			/*
			 * One defined in another file (an extern, QEMU's spapr
			 * capabilities) is not a parse failure: the list of
			 * variables is kept (subsection_refs) and compared.
			 */
			if (t)
				((struct vg_scan_def *)t)->subsection_uses++;
		}
	}
	for (k = 0; k < sc->nr_old_needed; k++) {
		const struct vg_scan_def *t = find_raw(r, sc->old_needed[k].var);

		if (t) {
			((struct vg_scan_def *)t)->callbacks |= VG_CB_NEEDED;
			((struct vg_scan_def *)t)->desc.has_needed = 1;
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
				def_release(&res[j]);
			free(res);
			return -1;
		}
	}
	for (i = 0; i < r->nr; i++)
		def_release(&r->defs[i]);
	free(r->defs);
	r->defs = res;
	r->alloc = r->nr;
	return 0;
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

static void deftab_release(struct deftab *dt)
{
	size_t i;
	int k;

	for (i = 0; i < dt->nr; i++) {
		for (k = 0; k < dt->v[i].nparams; k++)
			free(dt->v[i].params[k]);
		free(dt->v[i].params);
		free(dt->v[i].body);
	}
	free(dt->v);
	free(dt->hash);
	memset(dt, 0, sizeof(*dt));
}

static void hdr_free(struct hdr *h)
{
	if (!h)
		return;
	free(h->clean);
	deftab_release(&h->defs);
	free(h->miss);
	free(h);
}

/*
 * Parsed headers kept across scans (vg_scan_cache_enable()), keyed by the
 * caller's text pointer and length: the caller keeps those texts alive
 * and unchanged until vg_scan_cache_reset().
 */
static struct {
	int enabled;
	struct hdr **v;
	size_t nr, alloc;
	size_t *slots;          /* open addressing: index + 1 */
	size_t cap;
} hcache;

static size_t ptr_hash(const char *p, size_t len)
{
	uintptr_t x = (uintptr_t)p ^ ((uintptr_t)len << 17);

	x ^= x >> 29;
	x *= (uintptr_t)0x9e3779b97f4a7c15ULL;
	return (size_t)(x ^ (x >> 32));
}

void vg_scan_cache_reset(void)
{
	size_t i;

	for (i = 0; i < hcache.nr; i++)
		hdr_free(hcache.v[i]);
	free(hcache.v);
	free(hcache.slots);
	memset(&hcache, 0, sizeof(hcache));
}

void vg_scan_cache_enable(int on)
{
	vg_scan_cache_reset();
	hcache.enabled = on;
}

int vg_scan_cache_enabled(void)
{
	return hcache.enabled;
}

static struct hdr *hcache_find(const char *key, size_t len)
{
	size_t j;

	if (!hcache.cap)
		return NULL;
	for (j = ptr_hash(key, len) & (hcache.cap - 1); hcache.slots[j];
	     j = (j + 1) & (hcache.cap - 1)) {
		struct hdr *h = hcache.v[hcache.slots[j] - 1];

		if (h->key == key && h->len == len)
			return h;
	}
	return NULL;
}

static int hcache_add(struct hdr *h)
{
	size_t j;

	if ((hcache.nr + 1) * 2 > hcache.cap) {
		size_t cap = hcache.cap ? hcache.cap * 2 : 256, i;
		size_t *slots = vg_calloc(cap, sizeof(*slots));

		if (!slots)
			return -1;
		for (i = 0; i < hcache.nr; i++) {
			for (j = ptr_hash(hcache.v[i]->key, hcache.v[i]->len) & (cap - 1); slots[j];
			     j = (j + 1) & (cap - 1))
				;
			slots[j] = i + 1;
		}
		free(hcache.slots);
		hcache.slots = slots;
		hcache.cap = cap;
	}
	if (VG_GROW(hcache.v, hcache.alloc, hcache.nr + 1) < 0)
		return -1;
	hcache.v[hcache.nr++] = h;
	for (j = ptr_hash(h->key, h->len) & (hcache.cap - 1); hcache.slots[j];
	     j = (j + 1) & (hcache.cap - 1))
		;
	hcache.slots[j] = hcache.nr;
	return 0;
}

/* Clean one header and collect its #defines. */
static struct hdr *parse_header(struct scanner *sc, const struct vg_scan_header *sh)
{
	struct hdr *h = vg_calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->key = sh->text;
	h->len = sh->len;
	if (!(h->clean = vg_scan_clean_text(sh->text, sh->len)))
		goto fail;
	sc->hdr_target = &h->defs;
	if (vg_scan_collect_directives(sc, h->clean, h->len, 0) < 0 || vg_scan_build_hash(&h->defs) < 0)
		goto fail;
	return h;
fail:
	hdr_free(h);
	return NULL;
}

/*
 * Parse every header (first definition wins: headers in the order
 * given), from the cache when it is on. Called once, on the first name
 * the file does not define; an allocation failure marks the scan failed.
 */
int vg_scan_read_headers(struct scanner *sc)
{
	size_t i;

	if (sc->headers_read)
		return 0;
	sc->headers_read = 1;
	if (!sc->opts->nr_headers)
		return 0;
	sc->hdrs = vg_calloc(sc->opts->nr_headers, sizeof(*sc->hdrs));
	if (!sc->hdrs)
		goto oom;
	for (i = 0; i < sc->opts->nr_headers; i++) {
		const struct vg_scan_header *sh = &sc->opts->headers[i];
		struct hdr *h;

		if (!sh->text)
			continue;
		h = hcache.enabled ? hcache_find(sh->text, sh->len) : NULL;
		if (!h) {
			if (!(h = parse_header(sc, sh)))
				goto oom;
			if (hcache.enabled) {
				if (hcache_add(h) < 0) {
					hdr_free(h);
					goto oom;
				}
			} else if (VG_GROW(sc->owned, sc->alloc_owned, sc->nr_owned + 1) < 0) {
				hdr_free(h);
				goto oom;
			} else {
				sc->owned[sc->nr_owned++] = h;
			}
		}
		sc->hdrs[sc->nr_hdrs++] = h;
	}
	return 0;
oom:
	sc->oom = 1;
	return -1;
}

static void scanner_release(struct scanner *sc)
{
	size_t i;

	deftab_release(&sc->file_defs);
	free(sc->hdrs);
	for (i = 0; i < sc->nr_dirs; i++)
		free(sc->dirs[i].arg);
	free(sc->dirs);
	for (i = 0; i < sc->nr_owned; i++)
		hdr_free(sc->owned[i]);
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
	static const struct vg_scan_opts no_opts = { NULL, NULL, 0 };
	struct scanner sc;
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
	if (compile_patterns() < 0)
		return -1;
	if (!(sc.clean = vg_scan_clean_text(buf, len)))
		goto done;
	sc.len = len;
	if (!(sc.code = vg_scan_blank_literals(sc.clean, len)))
		goto done;
	if (index_lines(&sc) < 0 || vg_scan_collect_directives(&sc, sc.clean, sc.len, 1) < 0)
		goto done;
	vg_scan_mark_guards(&sc);
	if (vg_scan_build_hash(&sc.file_defs) < 0)
		goto done;
	{
		struct src whole = { sc.clean, sc.len, 0, 0 };

		if (find_defs(&sc, &whole, NULL) < 0 || find_macro_defs(&sc) < 0)
			goto done;
	}
	if (sc.oom || resolve(&sc) < 0 || sc.oom)
		goto done;
	if (warnings)
		warnings->files_scanned++;
	ret = 0;
done:
	scanner_release(&sc);
	return ret;
}

int vg_scan_file(const struct vg_scan_opts *opts, const char *path,
		 struct vg_scan_result *out, struct vg_findings *warnings)
{
	char *text;
	size_t len;
	int r;

	if (vg_read_file(path, &text, &len) < 0)
		return -1;
	r = vg_scan_buffer(opts, path, text, len, out, warnings);
	free(text);
	return r;
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
		def_release(&r->defs[i]);
	free(r->defs);
	free(r->path);
	memset(r, 0, sizeof(*r));
}
