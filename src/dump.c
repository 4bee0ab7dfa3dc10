#include "dump.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * A recursive-descent JSON parser specialised for -dump-vmstate output
 * (../shared/vmstate-facts.md section 1). It validates full JSON syntax,
 * builds the model as it goes, and keeps the line and the JSON path of
 * the value being parsed for error messages.
 */

#define MAX_DEPTH 96 /* JSON nesting; real dumps stay below 30 */

struct frame {
	const char *key;   /* raw key bytes (escapes not decoded), or NULL */
	size_t keylen;
	long index;        /* array index when key is NULL */
};

struct parser {
	const char *name;
	const char *start, *p, *end;
	unsigned line;
	struct frame path[MAX_DEPTH];
	int depth;
	int failed;
	struct vg_dump *dump;
};

/* A raw string token: the bytes between the quotes. */
struct span {
	const char *s;
	size_t len;
	int escaped;
};

static int quiet;

void vg_dump_set_quiet(int q)
{
	quiet = q;
}

static int is_ident(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		      (i && c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

static void format_path(const struct parser *ps, struct vg_buf *b)
{
	int i;

	vg_buf_puts(b, "$");
	for (i = 0; i < ps->depth; i++) {
		const struct frame *fr = &ps->path[i];

		if (!fr->key)
			vg_buf_printf(b, "[%ld]", fr->index);
		else if (is_ident(fr->key, fr->keylen))
			vg_buf_printf(b, ".%.*s", (int)fr->keylen, fr->key);
		else
			vg_buf_printf(b, "[\"%.*s\"]", (int)(fr->keylen > 200 ? 200 : fr->keylen),
				      fr->key);
	}
}

/* Report an input error once: "NAME:LINE: error: what, at PATH". */
static int perr_at(struct parser *ps, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int perr_at(struct parser *ps, unsigned line, const char *fmt, ...)
{
	struct vg_buf msg = VG_BUF_INIT;
	va_list ap;

	if (ps->failed++)
		return -1;
	if (quiet)
		return -1;
	va_start(ap, fmt);
	vg_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (ps->depth) {
		vg_buf_puts(&msg, ", at ");
		format_path(ps, &msg);
	}
	fprintf(stderr, "%s:%u: error: %s\n", ps->name, line,
		msg.buf ? msg.buf : "out of memory");
	vg_buf_release(&msg);
	return -1;
}

#define perr(ps, ...) perr_at((ps), (ps)->line, __VA_ARGS__)

static int oom(struct parser *ps)
{
	ps->failed++;
	return -1;
}

/* Skip a run of spaces; dumps are indented by up to ~40 of them. */
static const char *skip_spaces(const char *p, const char *end)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (end - p >= 8) {
		uint64_t w, y;

		memcpy(&w, p, 8);
		w ^= 0x2020202020202020ULL;     /* spaces become zero bytes */
		if (!w) {
			p += 8;
			continue;
		}
		/* The high bit of each nonzero byte; the lowest is the first. */
		y = (((w & 0x7f7f7f7f7f7f7f7fULL) + 0x7f7f7f7f7f7f7f7fULL) | w) &
		    0x8080808080808080ULL;
		return p + (__builtin_ctzll(y) >> 3);
	}
#endif
	while (p < end && *p == ' ')
		p++;
	return p;
}

static void skip_ws(struct parser *ps)
{
	const char *p = ps->p, *end = ps->end;

	while (p < end) {
		char c = *p;

		if (c == ' ') {
			p = skip_spaces(p, end);
			continue;
		}
		if (c == '\n')
			ps->line++;
		else if (c != '\t' && c != '\r')
			break;
		p++;
	}
	ps->p = p;
}

static const char *found_name(const struct parser *ps)
{
	if (ps->p >= ps->end)
		return "the end of the file";
	switch (*ps->p) {
	case '{':
		return "an object";
	case '[':
		return "an array";
	case '"':
		return "a string";
	case 't':
	case 'f':
		return "a boolean";
	case 'n':
		return "null";
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return "a number";
	default:
		return "an invalid token";
	}
}

static int push_key(struct parser *ps, const struct span *key)
{
	if (ps->depth >= MAX_DEPTH)
		return perr(ps, "JSON nested deeper than %d levels", MAX_DEPTH);
	ps->path[ps->depth].key = key->s;
	ps->path[ps->depth].keylen = key->len;
	ps->path[ps->depth].index = -1;
	ps->depth++;
	return 0;
}

static int push_index(struct parser *ps, long index)
{
	if (ps->depth >= MAX_DEPTH)
		return perr(ps, "JSON nested deeper than %d levels", MAX_DEPTH);
	ps->path[ps->depth].key = NULL;
	ps->path[ps->depth].keylen = 0;
	ps->path[ps->depth].index = index;
	ps->depth++;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Scan a string token (p at the opening quote). */
static int scan_string(struct parser *ps, struct span *out)
{
	const char *p = ps->p + 1, *end = ps->end;

	out->s = p;
	out->escaped = 0;
	for (;;) {
		unsigned char c;

		if (p >= end)
			return perr(ps, "unexpected end of file inside a string (truncated file?)");
		c = (unsigned char)*p;
		if (c == '"')
			break;
		if (c < 0x20)
			return perr(ps, "control character 0x%02x in a string", c);
		if (c == '\\') {
			out->escaped = 1;
			if (p + 1 >= end)
				return perr(ps, "unexpected end of file inside a string (truncated file?)");
			switch (p[1]) {
			case '"': case '\\': case '/': case 'b':
			case 'f': case 'n': case 'r': case 't':
				p += 2;
				continue;
			case 'u':
				if (end - p < 6 || hexval(p[2]) < 0 || hexval(p[3]) < 0 ||
				    hexval(p[4]) < 0 || hexval(p[5]) < 0)
					return perr(ps, "bad \\u escape in a string");
				p += 6;
				continue;
			default:
				return perr(ps, "bad escape '\\%c' in a string", p[1]);
			}
		}
		p++;
	}
	out->len = (size_t)(p - out->s);
	ps->p = p + 1;
	return 0;
}

static void put_utf8(struct vg_buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	vg_buf_add(b, u, n);
}

/* Decode a scanned string (already validated) into a new string. */
static char *span_dup(struct parser *ps, const struct span *sp)
{
	struct vg_buf b = VG_BUF_INIT;
	const char *p = sp->s, *end = sp->s + sp->len;
	char *s;

	if (!sp->escaped) {
		s = vg_strndup(sp->s, sp->len);
		if (!s)
			oom(ps);
		return s;
	}
	while (p < end) {
		if (*p != '\\') {
			const char *q = p;

			while (q < end && *q != '\\')
				q++;
			vg_buf_add(&b, p, (size_t)(q - p));
			p = q;
			continue;
		}
		switch (p[1]) {
		case 'b': vg_buf_add(&b, "\b", 1); break;
		case 'f': vg_buf_add(&b, "\f", 1); break;
		case 'n': vg_buf_add(&b, "\n", 1); break;
		case 'r': vg_buf_add(&b, "\r", 1); break;
		case 't': vg_buf_add(&b, "\t", 1); break;
		case 'u': {
			unsigned cp = (unsigned)(hexval(p[2]) << 12 | hexval(p[3]) << 8 |
						 hexval(p[4]) << 4 | hexval(p[5]));

			if (!cp)
				cp = 0xfffd; /* no NUL inside C strings */
			put_utf8(&b, cp);
			p += 6;
			continue;
		}
		default: vg_buf_add(&b, p + 1, 1); break;
		}
		p += 2;
	}
	if (!b.buf)
		vg_buf_add(&b, "", 0);
	s = b.failed ? NULL : vg_buf_detach(&b);
	vg_buf_release(&b);
	if (!s)
		oom(ps);
	return s;
}

static int span_is(const struct span *sp, const char *lit)
{
	size_t n = strlen(lit);

	return !sp->escaped && sp->len == n && !memcmp(sp->s, lit, n);
}

/* Scan a number token; *is_int says it has no fraction or exponent. */
static int scan_number(struct parser *ps, const char **start, size_t *len, int *is_int)
{
	const char *p = ps->p, *end = ps->end;

	*start = p;
	*is_int = 1;
	if (p < end && *p == '-')
		p++;
	if (p >= end || *p < '0' || *p > '9')
		return perr(ps, "invalid number");
	if (*p == '0') {
		p++;
	} else {
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && *p == '.') {
		*is_int = 0;
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return perr(ps, "invalid number");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		*is_int = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return perr(ps, "invalid number");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	*len = (size_t)(p - *start);
	ps->p = p;
	return 0;
}

static int scan_literal(struct parser *ps, const char *lit)
{
	size_t n = strlen(lit);
	size_t left = (size_t)(ps->end - ps->p);

	if (left < n && !memcmp(ps->p, lit, left))
		return perr(ps, "unexpected end of file inside '%s' (truncated file?)", lit);
	if (left < n || memcmp(ps->p, lit, n))
		return perr(ps, "invalid token");
	ps->p += n;
	return 0;
}

static int skip_value(struct parser *ps);

typedef int (*member_fn)(struct parser *ps, const struct span *key, void *arg);
typedef int (*element_fn)(struct parser *ps, long index, void *arg);

/* Walk an object (p at '{'): fn sees each key with p at its value. */
static int parse_object(struct parser *ps, member_fn fn, void *arg)
{
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return 0;
	}
	for (;;) {
		struct span key;
		int ret;

		skip_ws(ps);
		if (ps->p >= ps->end)
			return perr(ps, "unexpected end of file inside an object");
		if (*ps->p != '"')
			return perr(ps, "expected a quoted key, found %s", found_name(ps));
		if (scan_string(ps, &key) < 0)
			return -1;
		skip_ws(ps);
		if (ps->p >= ps->end)
			return perr(ps, "unexpected end of file after a key");
		if (*ps->p != ':')
			return perr(ps, "expected ':' after a key");
		ps->p++;
		skip_ws(ps);
		if (push_key(ps, &key) < 0)
			return -1;
		if (ps->p >= ps->end)
			return perr(ps, "unexpected end of file: the value is missing");
		ret = fn ? fn(ps, &key, arg) : skip_value(ps);
		if (ret < 0)
			return -1;
		ps->depth--;
		skip_ws(ps);
		if (ps->p >= ps->end)
			return perr(ps, "unexpected end of file inside an object");
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p == '}') {
			ps->p++;
			return 0;
		}
		return perr(ps, "expected ',' or '}' in an object");
	}
}

/* Walk an array (p at '['): fn sees each element with p at it. */
static int parse_array(struct parser *ps, element_fn fn, void *arg)
{
	long index = 0;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return 0;
	}
	for (;; index++) {
		skip_ws(ps);
		if (push_index(ps, index) < 0)
			return -1;
		if (ps->p >= ps->end)
			return perr(ps, "unexpected end of file inside an array");
		if ((fn ? fn(ps, index, arg) : skip_value(ps)) < 0)
			return -1;
		ps->depth--;
		skip_ws(ps);
		if (ps->p >= ps->end)
			return perr(ps, "unexpected end of file inside an array");
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p == ']') {
			ps->p++;
			return 0;
		}
		return perr(ps, "expected ',' or ']' in an array");
	}
}

static int skip_value(struct parser *ps)
{
	struct span sp;
	const char *s;
	size_t n;
	int is_int;

	if (ps->p >= ps->end)
		return perr(ps, "unexpected end of file: a value is missing");
	switch (*ps->p) {
	case '{':
		return parse_object(ps, NULL, NULL);
	case '[':
		return parse_array(ps, NULL, NULL);
	case '"':
		return scan_string(ps, &sp);
	case 't':
		return scan_literal(ps, "true");
	case 'f':
		return scan_literal(ps, "false");
	case 'n':
		return scan_literal(ps, "null");
	default:
		return scan_number(ps, &s, &n, &is_int);
	}
}

/* Typed values. */

static int get_string(struct parser *ps, char **out)
{
	struct span sp;
	char *s;

	if (ps->p >= ps->end || *ps->p != '"')
		return perr(ps, "expected a string, found %s", found_name(ps));
	if (scan_string(ps, &sp) < 0 || !(s = span_dup(ps, &sp)))
		return -1;
	free(*out);
	*out = s;
	return 0;
}

static int get_integer(struct parser *ps, long long min, unsigned long long max,
		       long long *sval, unsigned long long *uval)
{
	const char *s;
	size_t n, i;
	int is_int, neg;
	unsigned long long v = 0;
	unsigned line = ps->line;

	if (ps->p >= ps->end || (*ps->p != '-' && (*ps->p < '0' || *ps->p > '9')))
		return perr(ps, "expected an integer, found %s", found_name(ps));
	if (scan_number(ps, &s, &n, &is_int) < 0)
		return -1;
	if (!is_int)
		return perr_at(ps, line, "expected an integer, found %.*s", (int)n, s);
	neg = *s == '-';
	for (i = neg; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (v > (~0ULL - d) / 10)
			return perr_at(ps, line, "integer %.*s out of range", (int)n, s);
		v = v * 10 + d;
	}
	if (neg) {
		if (min >= 0 || v > (unsigned long long)-(min + 1) + 1)
			return perr_at(ps, line, "integer %.*s out of range (%lld..%llu)",
				       (int)n, s, min, max);
		if (sval)
			*sval = v ? -(long long)(v - 1) - 1 : 0;
		if (uval)
			*uval = 0;
		return 0;
	}
	if (v > max)
		return perr_at(ps, line, "integer %.*s out of range (%lld..%llu)",
			       (int)n, s, min, max);
	if (sval)
		*sval = (long long)v;
	if (uval)
		*uval = v;
	return 0;
}

static int get_int(struct parser *ps, int *out)
{
	long long v;

	if (get_integer(ps, -2147483647LL - 1, 2147483647ULL, &v, NULL) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

static int get_bool(struct parser *ps, int *out)
{
	if (ps->p < ps->end && *ps->p == 't') {
		*out = 1;
		return scan_literal(ps, "true");
	}
	if (ps->p < ps->end && *ps->p == 'f') {
		*out = 0;
		return scan_literal(ps, "false");
	}
	return perr(ps, "expected true or false, found %s", found_name(ps));
}

static int expect(struct parser *ps, char c, const char *what)
{
	if (ps->p >= ps->end || *ps->p != c)
		return perr(ps, "expected %s, found %s", what, found_name(ps));
	return 0;
}

/* Keys seen in one object: a bit each, for duplicates and required keys. */
struct seen {
	unsigned mask;
	unsigned line;      /* line of the object's '{' */
};

static int mark(struct parser *ps, struct seen *seen, unsigned bit, const struct span *key)
{
	if (seen->mask & bit)
		return perr(ps, "duplicate key \"%.*s\"", (int)key->len, key->s);
	seen->mask |= bit;
	return 0;
}

static int require(struct parser *ps, const struct seen *seen, unsigned need,
		   const char *const *names, const char *what)
{
	unsigned i;

	for (i = 0; names[i]; i++)
		if ((need & (1u << i)) && !(seen->mask & (1u << i)))
			return perr_at(ps, seen->line, "%s has no \"%s\" key",
				       what, names[i]);
	return 0;
}

/* Description objects (top level, nested and subsections). */

static const char *const desc_keys[] = {
	"name", "version_id", "minimum_version_id", "Fields", "Subsections", NULL
};

struct desc_ctx {
	struct vg_desc *d;
	struct seen seen;
};

static int parse_desc(struct parser *ps, struct vg_desc *d);

static int field_member(struct parser *ps, const struct span *key, void *arg);

static const char *const field_keys[] = {
	"field", "version_id", "field_exists", "size", "num", "Description", NULL
};

struct field_ctx {
	struct vg_field *f;
	struct seen seen;
};

static int parse_field(struct parser *ps, long index, void *arg)
{
	struct vg_desc *d = arg;
	struct field_ctx fc;

	if (expect(ps, '{', "a field object") < 0)
		return -1;
	fc.f = vg_desc_add_field(d);
	if (!fc.f)
		return oom(ps);
	fc.f->owns_desc = 1;
	fc.seen.mask = 0;
	fc.seen.line = ps->line;
	if (parse_object(ps, field_member, &fc) < 0)
		return -1;
	if (require(ps, &fc.seen, 0xf, field_keys, "a field") < 0)
		return -1;
	fc.f->is_unused = !strcmp(fc.f->name, "unused");
	fc.f->size_kind = fc.f->size || fc.f->desc ? VG_SIZE_FIXED : VG_SIZE_VARIABLE;
	return 0;
}

static int field_member(struct parser *ps, const struct span *key, void *arg)
{
	struct field_ctx *fc = arg;
	struct vg_field *f = fc->f;
	long long num;

	if (span_is(key, "field")) {
		if (mark(ps, &fc->seen, 1u << 0, key) < 0)
			return -1;
		return get_string(ps, &f->name);
	}
	if (span_is(key, "version_id")) {
		if (mark(ps, &fc->seen, 1u << 1, key) < 0)
			return -1;
		return get_int(ps, &f->version_id);
	}
	if (span_is(key, "field_exists")) {
		if (mark(ps, &fc->seen, 1u << 2, key) < 0)
			return -1;
		return get_bool(ps, &f->has_test);
	}
	if (span_is(key, "size")) {
		if (mark(ps, &fc->seen, 1u << 3, key) < 0)
			return -1;
		return get_integer(ps, 0, ~0ULL, NULL, &f->size);
	}
	if (span_is(key, "num")) {
		if (mark(ps, &fc->seen, 1u << 4, key) < 0)
			return -1;
		if (get_integer(ps, 0, 2147483647ULL, &num, NULL) < 0)
			return -1;
		f->num = num;
		f->is_array = 1;
		ps->dump->has_num = 1;
		return 0;
	}
	if (span_is(key, "Description")) {
		if (mark(ps, &fc->seen, 1u << 5, key) < 0)
			return -1;
		if (expect(ps, '{', "a Description object") < 0)
			return -1;
		f->desc = vg_calloc(1, sizeof(*f->desc));
		if (!f->desc)
			return oom(ps);
		return parse_desc(ps, f->desc);
	}
	return skip_value(ps);
}

static int parse_subsection(struct parser *ps, long index, void *arg)
{
	struct vg_desc *d = arg;
	struct vg_desc *sub;

	if (expect(ps, '{', "a subsection object") < 0)
		return -1;
	sub = vg_desc_add_subsection(d);
	if (!sub)
		return oom(ps);
	return parse_desc(ps, sub);
}

static int desc_member(struct parser *ps, const struct span *key, void *arg)
{
	struct desc_ctx *dc = arg;
	struct vg_desc *d = dc->d;

	if (span_is(key, "name")) {
		if (mark(ps, &dc->seen, 1u << 0, key) < 0)
			return -1;
		return get_string(ps, &d->name);
	}
	if (span_is(key, "version_id")) {
		if (mark(ps, &dc->seen, 1u << 1, key) < 0)
			return -1;
		return get_int(ps, &d->version_id);
	}
	if (span_is(key, "minimum_version_id")) {
		if (mark(ps, &dc->seen, 1u << 2, key) < 0)
			return -1;
		return get_int(ps, &d->minimum_version_id);
	}
	if (span_is(key, "Fields")) {
		if (mark(ps, &dc->seen, 1u << 3, key) < 0 ||
		    expect(ps, '[', "an array of fields") < 0)
			return -1;
		d->has_fields = 1;
		return parse_array(ps, parse_field, d);
	}
	if (span_is(key, "Subsections")) {
		if (mark(ps, &dc->seen, 1u << 4, key) < 0 ||
		    expect(ps, '[', "an array of subsections") < 0)
			return -1;
		d->has_subsections = 1;
		return parse_array(ps, parse_subsection, d);
	}
	return skip_value(ps);
}

/* p at '{' (checked by the caller). */
static int parse_desc(struct parser *ps, struct vg_desc *d)
{
	struct desc_ctx dc;

	dc.d = d;
	dc.seen.mask = 0;
	dc.seen.line = ps->line;
	if (parse_object(ps, desc_member, &dc) < 0)
		return -1;
	return require(ps, &dc.seen, 0x7, desc_keys, "a description");
}

/* Section entries and the top level. */

static const char *const section_keys[] = {
	"Name", "version_id", "minimum_version_id", "Description", NULL
};

struct section_ctx {
	struct vg_section *s;
	struct seen seen;
	char *name;
};

static int section_member(struct parser *ps, const struct span *key, void *arg)
{
	struct section_ctx *sc = arg;

	if (span_is(key, "Name")) {
		if (mark(ps, &sc->seen, 1u << 0, key) < 0)
			return -1;
		return get_string(ps, &sc->name);
	}
	if (span_is(key, "version_id")) {
		if (mark(ps, &sc->seen, 1u << 1, key) < 0)
			return -1;
		return get_int(ps, &sc->s->version_id);
	}
	if (span_is(key, "minimum_version_id")) {
		if (mark(ps, &sc->seen, 1u << 2, key) < 0)
			return -1;
		return get_int(ps, &sc->s->minimum_version_id);
	}
	if (span_is(key, "Description")) {
		if (mark(ps, &sc->seen, 1u << 3, key) < 0 ||
		    expect(ps, '{', "a Description object") < 0)
			return -1;
		return parse_desc(ps, &sc->s->desc);
	}
	return skip_value(ps);
}

static int machine_member(struct parser *ps, const struct span *key, void *arg)
{
	int *seen = arg;

	if (span_is(key, "Name")) {
		if (*seen)
			return perr(ps, "duplicate key \"Name\"");
		*seen = 1;
		return get_string(ps, &ps->dump->machine);
	}
	return skip_value(ps);
}

static int top_member(struct parser *ps, const struct span *key, void *arg)
{
	struct vg_dump *dump = ps->dump;
	struct section_ctx sc;
	int *have_machine = arg;
	int ret;

	if (span_is(key, "vmschkmachine")) {
		int seen_name = 0;

		if (*have_machine)
			return perr(ps, "duplicate key \"vmschkmachine\"");
		*have_machine = 1;
		if (expect(ps, '{', "an object with the machine \"Name\"") < 0)
			return -1;
		if (parse_object(ps, machine_member, &seen_name) < 0)
			return -1;
		if (!seen_name)
			return perr(ps, "vmschkmachine has no \"Name\" key");
		return 0;
	}
	if (ps->p < ps->end && *ps->p != '{')
		return perr(ps, "not a -dump-vmstate file: a section entry must be an object, found %s",
			    found_name(ps));
	if (VG_GROW(dump->sections, dump->alloc_sections, dump->nr_sections + 1) < 0)
		return oom(ps);
	sc.s = &dump->sections[dump->nr_sections++];
	memset(sc.s, 0, sizeof(*sc.s));
	sc.s->desc.line = ps->line;  /* reused below for duplicate-key messages */
	sc.s->key = span_dup(ps, key);
	if (!sc.s->key)
		return -1;
	sc.seen.mask = 0;
	sc.seen.line = ps->line;
	sc.name = NULL;
	ret = parse_object(ps, section_member, &sc);
	if (!ret)
		ret = require(ps, &sc.seen, 0xf, section_keys, "a section entry");
	free(sc.name);
	return ret;
}

static int key_cmp(const void *a, const void *b)
{
	const struct vg_section *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

/* Two sections with the same key would make every lookup ambiguous. */
static int check_duplicates(struct parser *ps)
{
	struct vg_dump *dump = ps->dump;
	const struct vg_section **idx;
	size_t i;
	int ret = 0;

	if (dump->nr_sections < 2)
		return 0;
	idx = vg_malloc(dump->nr_sections * sizeof(*idx));
	if (!idx)
		return oom(ps);
	for (i = 0; i < dump->nr_sections; i++)
		idx[i] = &dump->sections[i];
	qsort(idx, dump->nr_sections, sizeof(*idx), key_cmp);
	for (i = 1; i < dump->nr_sections && !ret; i++) {
		if (!strcmp(idx[i - 1]->key, idx[i]->key)) {
			const struct vg_section *later =
				idx[i] > idx[i - 1] ? idx[i] : idx[i - 1];

			ret = perr_at(ps, later->desc.line, "duplicate section key \"%s\"",
				      later->key);
		}
	}
	free(idx);
	return ret;
}

int vg_dump_load_buffer(const char *name, const char *buf, size_t len,
			struct vg_dump *out)
{
	struct parser ps;
	int have_machine = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	ps.name = name;
	ps.start = ps.p = buf;
	ps.end = buf + len;
	ps.line = 1;
	ps.dump = out;
	out->path = vg_strdup(name);
	if (!out->path)
		return -1;

	/* A UTF-8 byte order mark is harmless. */
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		ps.p += 3;
	skip_ws(&ps);
	if (ps.p >= ps.end) {
		perr(&ps, "empty file: not a -dump-vmstate JSON file");
		goto fail;
	}
	if (*ps.p != '{') {
		perr(&ps, "not a -dump-vmstate file: the top level must be an object, found %s",
		     found_name(&ps));
		goto fail;
	}
	if (parse_object(&ps, top_member, &have_machine) < 0)
		goto fail;
	skip_ws(&ps);
	if (ps.p < ps.end) {
		perr(&ps, "trailing characters after the JSON object");
		goto fail;
	}
	if (!out->nr_sections) {
		perr_at(&ps, 1, "not a -dump-vmstate file: no sections");
		goto fail;
	}
	if (check_duplicates(&ps) < 0)
		goto fail;
	for (i = 0; i < out->nr_sections; i++)
		out->sections[i].desc.line = 0;
	return 0;
fail:
	vg_dump_release(out);
	return -1;
}

/* Read the whole file in one go (dumps are about 1 MB). */
static int read_all(const char *path, char **out, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	size_t size, got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		if (!quiet)
			fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		if (!quiet)
			fprintf(stderr, "%s: error: cannot read: %s\n", path,
				S_ISDIR(st.st_mode) ? "is a directory" : strerror(errno));
		close(fd);
		return -1;
	}
	size = st.st_size > 0 ? (size_t)st.st_size : 0;
	for (;;) {
		ssize_t n;

		if (got == size) {
			/* Pipes and files that grew: read on in 64 KiB steps. */
			char *nbuf = realloc(buf, size + 65536 + 1);

			if (!nbuf) {
				free(buf);
				close(fd);
				return vg_error("out of memory reading '%s'", path);
			}
			buf = nbuf;
			size += 65536;
		} else if (!buf) {
			buf = vg_malloc(size + 1);
			if (!buf) {
				close(fd);
				return -1;
			}
		}
		n = read(fd, buf + got, size - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (!quiet)
				fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

int vg_dump_load(const char *path, struct vg_dump *out)
{
	char *text = NULL;
	size_t len = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	if (read_all(path, &text, &len) < 0)
		return -1;
	ret = vg_dump_load_buffer(path, text, len, out);
	free(text);
	return ret;
}
