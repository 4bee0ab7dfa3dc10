/*
 * Version tests: a field_exists test function whose value follows from the
 * version alone, decided for each version. See scan-internal.h.
 */
#include "scan/scan-internal.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

void vg_scan_version_test(struct scanner *sc, struct vg_field *f)
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
	if (vg_scan_ident_end(buf, len, 0) != len || !vg_scan_function_parts(sc, buf, &pb, &pe, &bb, &be))
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
