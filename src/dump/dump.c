#include "dump/dump.h"
#include "core/util.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * cJSON parses the text (doc/wire-format.md for the
 * format); walk_*() turn the tree into the model and keep the JSON path of
 * the value at hand, for messages. cJSON keeps no positions, so the error
 * paths re-read the text with a scanner (scan_*() below) that follows the
 * same grammar as cJSON: it finds the line of the value at a path, and the
 * place, the context and the path of a syntax error. It runs on errors only.
 */

/* cJSON refuses deeper nesting, so a JSON path is never longer. */
#define MAX_DEPTH CJSON_NESTING_LIMIT

/* Integers that a double (cJSON's number) holds exactly. */
#define MAX_EXACT 9007199254740991LL

/* One step of a JSON path. */
struct frame {
	const char *key;   /* member key, or NULL for an array element */
	size_t keylen;     /* KEY_NUL: key is NUL-terminated */
	long index;        /* ordinal among the container's members or elements */
};
#define KEY_NUL ((size_t)-1)

struct loader {
	const char *name;
	const char *text;
	size_t len;
	struct vg_buf *errors;  /* NULL: print to stderr */
	struct vg_dump *dump;
	int failed;
	int depth;
	struct frame path[MAX_DEPTH + 1];
};

/* Messages. */

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

/*
 * ["key"], on one line. A decoded key (from cJSON) is escaped as JSON; a
 * raw one (from the text) is JSON already, but for control characters,
 * which cJSON lets through.
 */
static void add_quoted_key(struct vg_buf *b, const char *key, size_t n, int decoded)
{
	size_t i;

	vg_buf_puts(b, "[\"");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)key[i];

		if (c < 0x20)
			vg_buf_printf(b, "\\u%04x", c);
		else if (decoded && (c == '"' || c == '\\'))
			vg_buf_printf(b, "\\%c", c);
		else
			vg_buf_add(b, key + i, 1);
	}
	vg_buf_puts(b, "\"]");
}

/* Paths deeper than this show their first and last steps only. */
#define PATH_SHOWN 12

static void format_path(struct vg_buf *b, const struct frame *path, int depth)
{
	int i;

	vg_buf_puts(b, "$");
	for (i = 0; i < depth; i++) {
		const struct frame *fr = &path[i];
		size_t n;

		if (depth > 2 * PATH_SHOWN && i == PATH_SHOWN) {
			vg_buf_puts(b, "...");
			i = depth - PATH_SHOWN - 1;
			continue;
		}

		if (!fr->key) {
			vg_buf_printf(b, "[%ld]", fr->index);
			continue;
		}
		n = fr->keylen == KEY_NUL ? strlen(fr->key) : fr->keylen;
		if (is_ident(fr->key, n))
			vg_buf_printf(b, ".%.*s", (int)n, fr->key);
		else
			add_quoted_key(b, fr->key, n > 200 ? 200 : n, fr->keylen == KEY_NUL);
	}
}

/* "NAME:LINE:COL: error: MSG, at PATH"; LINE and COL are left out when 0. */
static void emit(struct loader *ld, unsigned line, unsigned col, const char *msg,
		 const struct frame *path, int depth)
{
	struct vg_buf b = VG_BUF_INIT;

	vg_buf_printf(&b, "%s:", ld->name);
	if (line)
		vg_buf_printf(&b, "%u:", line);
	if (line && col)
		vg_buf_printf(&b, "%u:", col);
	vg_buf_printf(&b, " error: %s", msg);
	if (depth) {
		vg_buf_puts(&b, ", at ");
		format_path(&b, path, depth);
	}
	vg_buf_puts(&b, "\n");
	if (b.failed)
		vg_error("out of memory reporting an error in '%s'", ld->name);
	else if (ld->errors)
		vg_buf_add(ld->errors, b.buf, b.len);
	else
		fputs(b.buf, stderr);
	vg_buf_release(&b);
}

static void line_col(const char *text, const char *at, unsigned *line, unsigned *col)
{
	const char *p = text, *bol = text, *nl;
	unsigned n = 1;

	while ((nl = memchr(p, '\n', (size_t)(at - p)))) {
		n++;
		p = bol = nl + 1;
	}
	*line = n;
	*col = (unsigned)(at - bol) + 1;
}

/* The scanner: cJSON's grammar, on the error paths only. */

enum want {
	W_VALUE,         /* a value */
	W_FIRST,         /* a value or ']' (after '[') */
	W_KEY_OR_CLOSE,  /* a key or '}' (after '{') */
	W_KEY,           /* a key (after ',' in an object) */
	W_COLON,
	W_NEXT,          /* ',' or the closing bracket */
	W_END,           /* nothing: the top-level value is complete */
};

struct scanner {
	const char *text, *p, *end;
	struct frame *st;  /* open containers: key or index of their current member */
	char *kind;        /* '{' or '[' for each */
	int depth;
	enum want want;
	const char *at;    /* where the text goes wrong */
	char msg[128];
};

static int scan_init(struct scanner *s, const char *text, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->text = s->p = text;
	s->end = text + len;
	/* cJSON skips a UTF-8 byte order mark only when more follows it. */
	if (len >= 5 && !memcmp(text, "\xef\xbb\xbf", 3))
		s->p += 3;
	s->st = vg_calloc(MAX_DEPTH + 1, sizeof(*s->st));
	s->kind = vg_calloc(MAX_DEPTH + 1, 1);
	return s->st && s->kind ? 0 : -1;
}

static void scan_release(struct scanner *s)
{
	free(s->st);
	free(s->kind);
}

static int scan_fail(struct scanner *s, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int scan_fail(struct scanner *s, const char *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
	va_end(ap);
	s->at = at;
	return -1;
}

static const char *found_name(const char *p, const char *end)
{
	if (p >= end)
		return "the end of the file";
	switch (*p) {
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
	case '}':
		return "'}'";
	case ']':
		return "']'";
	case ',':
		return "','";
	case ':':
		return "':'";
	default:
		return "an invalid token";
	}
}

static unsigned hex4(const char *p)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return 0; /* as cJSON: a bad digit reads as U+0000 */
	}
	return v;
}

/* Length of the \u escape at q (before the closing quote), 0 if cJSON refuses it. */
static int u_escape_len(const char *q, const char *close)
{
	unsigned first, second;

	if (close - q < 6)
		return 0;
	first = hex4(q + 2);
	if (first >= 0xdc00 && first <= 0xdfff)
		return 0;
	if (first < 0xd800 || first > 0xdbff)
		return 6;
	if (close - q < 12 || q[6] != '\\' || q[7] != 'u')
		return 0;
	second = hex4(q + 8);
	return second >= 0xdc00 && second <= 0xdfff ? 12 : 0;
}

/* p at '"'. Like cJSON: find the closing quote, then check the escapes. */
static int scan_string(struct scanner *s)
{
	const char *q = s->p + 1, *close;

	while (q < s->end && *q != '"') {
		if (*q == '\\' && ++q >= s->end)
			break;
		q++;
	}
	if (q >= s->end)
		return scan_fail(s, s->end, "unexpected end of file inside a string (truncated file?)");
	close = q;
	for (q = s->p + 1; q < close; q++) {
		int n;

		if (*q != '\\')
			continue;
		switch (q[1]) {
		case 'b': case 'f': case 'n': case 'r': case 't':
		case '"': case '\\': case '/':
			q++;
			break;
		case 'u':
			n = u_escape_len(q, close);
			if (!n)
				return scan_fail(s, q, "bad \\u escape in a string");
			q += n - 1;
			break;
		default:
			if (q[1] > ' ' && q[1] < 0x7f)
				return scan_fail(s, q, "bad escape '\\%c' in a string", q[1]);
			return scan_fail(s, q, "bad escape in a string");
		}
	}
	s->p = close + 1;
	return 0;
}

static int is_number_char(char c)
{
	return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E' || c == '.';
}

/* A literal or a number: cJSON takes what strtod takes of [0-9+-eE.]*. */
static int scan_scalar(struct scanner *s)
{
	static const char *const lits[] = { "null", "false", "true" };
	size_t left = (size_t)(s->end - s->p), i;
	const char *p = s->p;

	for (i = 0; i < VG_ARRAY_SIZE(lits); i++) {
		size_t n = strlen(lits[i]);

		if (left >= n && !memcmp(p, lits[i], n)) {
			s->p += n;
			return 0;
		}
	}
	if (*p == '-' || (*p >= '0' && *p <= '9')) {
		char small[64], *num = small, *after;
		size_t n = 0;

		while (n < left && is_number_char(p[n]))
			n++;
		if (n >= sizeof(small) && !(num = vg_malloc(n + 1)))
			return scan_fail(s, p, "out of memory");
		memcpy(num, p, n);
		num[n] = '\0';
		strtod(num, &after);
		n = (size_t)(after - num);
		if (num != small)
			free(num);
		if (!n)
			return scan_fail(s, p, "invalid number");
		s->p += n;
		return 0;
	}
	for (i = 0; i < VG_ARRAY_SIZE(lits); i++)
		if (left < strlen(lits[i]) && !memcmp(p, lits[i], left))
			return scan_fail(s, s->end,
					 "unexpected end of file inside '%s' (truncated file?)", lits[i]);
	for (i = 0; i < left && i < 20 && ((p[i] >= 'a' && p[i] <= 'z') ||
					   (p[i] >= 'A' && p[i] <= 'Z') || p[i] == '_'); i++)
		;
	if (i)
		return scan_fail(s, p, "invalid token '%.*s'", (int)i, p);
	if (*p > ' ' && *p < 0x7f)
		return scan_fail(s, p, "expected a value, found '%c'", *p);
	return scan_fail(s, p, "expected a value, found byte 0x%02x", (unsigned char)*p);
}

static void scan_close(struct scanner *s)
{
	s->p++;
	s->depth--;
	s->want = s->depth ? W_NEXT : W_END;
}

static int at_target(const struct scanner *s, const struct frame *target)
{
	int i;

	for (i = 0; i < s->depth; i++)
		if (s->st[i].index != target[i].index)
			return 0;
	return 1;
}

/*
 * Walk the text from the start. With a target (a path by ordinals), stop
 * where the value at that path starts: return 1, s->p at it. Else return
 * -1 at the first place where cJSON would fail (s->msg and s->at say what
 * and where) or 0 at the end of a valid text.
 */
static int scan(struct scanner *s, const struct frame *target, int ntarget)
{
	for (;;) {
		struct frame *top = s->depth ? &s->st[s->depth - 1] : NULL;
		char kind = s->depth ? s->kind[s->depth - 1] : 0;
		const char *key;
		char c;

		while (s->p < s->end && (unsigned char)*s->p <= ' ')
			s->p++;
		if (s->p >= s->end) {
			if (s->want == W_END)
				return 0;
			if (!s->depth)
				return scan_fail(s, s->end, "empty file: not a -dump-vmstate JSON file");
			return scan_fail(s, s->end, "unexpected end of file inside %s (truncated file?)",
					 kind == '{' ? "an object" : "an array");
		}
		c = *s->p;
		switch (s->want) {
		case W_FIRST:
			if (c == ']') {
				scan_close(s);
				break;
			}
			/* fall through */
		case W_VALUE:
			if (target && s->depth == ntarget && at_target(s, target))
				return 1;
			if (c == '{' || c == '[') {
				if (s->depth >= MAX_DEPTH)
					return scan_fail(s, s->p, "JSON nested deeper than %d levels",
							 MAX_DEPTH);
				top = &s->st[s->depth];
				top->key = NULL;
				top->keylen = 0;
				top->index = 0;
				s->kind[s->depth++] = c;
				s->want = c == '{' ? W_KEY_OR_CLOSE : W_FIRST;
				s->p++;
				break;
			}
			if ((c == '"' ? scan_string(s) : scan_scalar(s)) < 0)
				return -1;
			s->want = s->depth ? W_NEXT : W_END;
			break;
		case W_KEY_OR_CLOSE:
			if (c == '}') {
				scan_close(s);
				break;
			}
			/* fall through */
		case W_KEY:
			if (c != '"')
				return scan_fail(s, s->p, "expected a quoted key, found %s",
						 found_name(s->p, s->end));
			key = s->p + 1;
			if (scan_string(s) < 0)
				return -1;
			top->key = key;
			top->keylen = (size_t)(s->p - 1 - key);
			s->want = W_COLON;
			break;
		case W_COLON:
			if (c != ':')
				return scan_fail(s, s->p, "expected ':' after a key, found %s",
						 found_name(s->p, s->end));
			s->p++;
			s->want = W_VALUE;
			break;
		case W_NEXT:
			if (c == ',') {
				top->index++;
				s->want = kind == '{' ? W_KEY : W_VALUE;
				s->p++;
				break;
			}
			if (c == (kind == '{' ? '}' : ']')) {
				scan_close(s);
				break;
			}
			return scan_fail(s, s->p, kind == '{' ? "expected ',' or '}' in an object" :
					 "expected ',' or ']' in an array");
		case W_END:
			return scan_fail(s, s->p, "trailing characters after the JSON value");
		}
	}
}

/* cJSON refused the text (or left trailing bytes): say where and why. */
static void syntax_error(struct loader *ld, const char *cjson_at)
{
	struct scanner s;
	unsigned line, col;
	int n;

	if (ld->failed++)
		return;
	if (scan_init(&s, ld->text, ld->len) < 0) {
		scan_release(&s);
		return;
	}
	if (scan(&s, NULL, 0) < 0) {
		/* The open member's key or index belongs to the path while its
		   value is expected. */
		n = s.depth;
		if (n && s.want != W_VALUE && s.want != W_FIRST)
			n--;
		line_col(ld->text, s.at, &line, &col);
		emit(ld, line, col, s.msg, s.st, n);
	} else {
		/* Only a failed allocation stops cJSON on text that follows its grammar. */
		line_col(ld->text, cjson_at ? cjson_at : ld->text, &line, &col);
		emit(ld, line, col, "cannot parse the JSON here (out of memory?)", NULL, 0);
	}
	scan_release(&s);
}

/* The line where the value at path[0..depth) starts, 0 if not found. */
static unsigned locate_line(const struct loader *ld, const struct frame *path, int depth)
{
	struct scanner s;
	unsigned line = 0, col;

	if (scan_init(&s, ld->text, ld->len) == 0 && scan(&s, path, depth) == 1)
		line_col(ld->text, s.p, &line, &col);
	scan_release(&s);
	return line;
}

/* A dump-level error at the current path: "NAME:LINE: error: what, at PATH". */
static int serr(struct loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int serr(struct loader *ld, const char *fmt, ...)
{
	struct vg_buf msg = VG_BUF_INIT;
	va_list ap;

	if (ld->failed++)
		return -1;
	va_start(ap, fmt);
	vg_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (msg.failed)
		vg_error("out of memory reporting an error in '%s'", ld->name);
	else
		emit(ld, locate_line(ld, ld->path, ld->depth), 0, msg.buf, ld->path, ld->depth);
	vg_buf_release(&msg);
	return -1;
}

/* vg_malloc() and friends have said it. */
static int oom(struct loader *ld)
{
	ld->failed++;
	return -1;
}

/* The walk: cJSON tree -> model. */

static void push(struct loader *ld, const cJSON *item, long index)
{
	struct frame *f = &ld->path[ld->depth++];

	f->key = item->string;
	f->keylen = KEY_NUL;
	f->index = index;
}

static const char *type_name(const cJSON *v)
{
	switch (v->type & 0xff) {
	case cJSON_False:
	case cJSON_True:
		return "a boolean";
	case cJSON_NULL:
		return "null";
	case cJSON_Number:
		return "a number";
	case cJSON_String:
		return "a string";
	case cJSON_Array:
		return "an array";
	case cJSON_Object:
		return "an object";
	default:
		return "an invalid value";
	}
}

static int get_string(struct loader *ld, const cJSON *v, char **out)
{
	char *s;

	if (!cJSON_IsString(v))
		return serr(ld, "expected a string, found %s", type_name(v));
	s = vg_strdup(v->valuestring);
	if (!s)
		return oom(ld);
	free(*out);
	*out = s;
	return 0;
}

static int get_integer(struct loader *ld, const cJSON *v, long long min, long long max,
		       long long *out)
{
	double d;

	if (!cJSON_IsNumber(v))
		return serr(ld, "expected an integer, found %s", type_name(v));
	d = v->valuedouble;
	if (d >= (double)min && d <= (double)max) {
		if ((double)(long long)d != d)
			return serr(ld, "expected an integer, found %.15g", d);
		*out = (long long)d;
		return 0;
	}
	/* Beyond 2^53 every double is an integer; NaN and infinities are not. */
	if (d - d != 0 || (d > -9007199254740992.0 && d < 9007199254740992.0 &&
			   (double)(long long)d != d))
		return serr(ld, "expected an integer, found %.15g", d);
	return serr(ld, "integer %.0f out of range (%lld..%lld)", d, min, max);
}

static int get_int(struct loader *ld, const cJSON *v, int *out)
{
	long long x;

	if (get_integer(ld, v, INT_MIN, INT_MAX, &x) < 0)
		return -1;
	*out = (int)x;
	return 0;
}

static int get_bool(struct loader *ld, const cJSON *v, int *out)
{
	if (!cJSON_IsBool(v))
		return serr(ld, "expected true or false, found %s", type_name(v));
	*out = cJSON_IsTrue(v) ? 1 : 0;
	return 0;
}

static int key_id(const char *key, const char *const *names)
{
	int i;

	for (i = 0; names[i]; i++)
		if (key[0] == names[i][0] && !strcmp(key, names[i]))
			return i;
	return -1;
}

/* Known keys seen in one object, a bit each: duplicates and required keys. */
static int mark(struct loader *ld, unsigned *seen, int id, const char *key)
{
	if (*seen & (1u << id))
		return serr(ld, "duplicate key \"%s\"", key);
	*seen |= 1u << id;
	return 0;
}

/* At the object's path: the line is where the object starts. */
static int require(struct loader *ld, unsigned seen, unsigned need,
		   const char *const *names, const char *what)
{
	int i;

	for (i = 0; names[i]; i++)
		if ((need & (1u << i)) && !(seen & (1u << i)))
			return serr(ld, "%s has no \"%s\" key", what, names[i]);
	return 0;
}

static int walk_desc(struct loader *ld, const cJSON *obj, struct vg_desc *d);

static const char *const field_keys[] = {
	"field", "version_id", "field_exists", "size", "num", "Description", NULL
};

static int walk_field(struct loader *ld, const cJSON *obj, struct vg_desc *d)
{
	const cJSON *it;
	struct vg_field *f;
	unsigned seen = 0;
	long i;
	long long x;

	if (!cJSON_IsObject(obj))
		return serr(ld, "expected a field object, found %s", type_name(obj));
	f = vg_desc_add_field(d);
	if (!f)
		return oom(ld);
	f->owns_desc = 1;
	for (it = obj->child, i = 0; it; it = it->next, i++) {
		int id = key_id(it->string, field_keys), ret = 0;

		if (id < 0)
			continue;
		push(ld, it, i);
		if (mark(ld, &seen, id, it->string) < 0)
			return -1;
		switch (id) {
		case 0:
			ret = get_string(ld, it, &f->name);
			break;
		case 1:
			ret = get_int(ld, it, &f->version_id);
			break;
		case 2:
			ret = get_bool(ld, it, &f->has_test);
			break;
		case 3:
			ret = get_integer(ld, it, 0, MAX_EXACT, &x);
			f->size = (unsigned long long)x;
			break;
		case 4:
			ret = get_integer(ld, it, 0, INT_MAX, &x);
			f->num = x;
			f->is_array = 1;
			ld->dump->has_num = 1;
			break;
		case 5:
			if (!cJSON_IsObject(it))
				return serr(ld, "expected a Description object, found %s",
					    type_name(it));
			f->desc = vg_calloc(1, sizeof(*f->desc));
			if (!f->desc)
				return oom(ld);
			ret = walk_desc(ld, it, f->desc);
			break;
		}
		if (ret < 0)
			return -1;
		ld->depth--;
	}
	if (require(ld, seen, 0xf, field_keys, "a field") < 0)
		return -1;
	f->is_unused = !strcmp(f->name, "unused");
	f->size_kind = f->size || f->desc ? VG_SIZE_FIXED : VG_SIZE_VARIABLE;
	return 0;
}

static int walk_fields(struct loader *ld, const cJSON *arr, struct vg_desc *d)
{
	const cJSON *it;
	long i;

	if (!cJSON_IsArray(arr))
		return serr(ld, "expected an array of fields, found %s", type_name(arr));
	for (it = arr->child, i = 0; it; it = it->next, i++) {
		push(ld, it, i);
		if (walk_field(ld, it, d) < 0)
			return -1;
		ld->depth--;
	}
	return 0;
}

static int walk_subsections(struct loader *ld, const cJSON *arr, struct vg_desc *d)
{
	const cJSON *it;
	long i;

	if (!cJSON_IsArray(arr))
		return serr(ld, "expected an array of subsections, found %s", type_name(arr));
	for (it = arr->child, i = 0; it; it = it->next, i++) {
		struct vg_desc *sub;

		push(ld, it, i);
		if (!cJSON_IsObject(it))
			return serr(ld, "expected a subsection object, found %s", type_name(it));
		sub = vg_desc_add_subsection(d);
		if (!sub)
			return oom(ld);
		if (walk_desc(ld, it, sub) < 0)
			return -1;
		ld->depth--;
	}
	return 0;
}

static const char *const desc_keys[] = {
	"name", "version_id", "minimum_version_id", "Fields", "Subsections", NULL
};

/* obj is an object (checked by the caller). */
static int walk_desc(struct loader *ld, const cJSON *obj, struct vg_desc *d)
{
	const cJSON *it;
	unsigned seen = 0;
	long i;

	for (it = obj->child, i = 0; it; it = it->next, i++) {
		int id = key_id(it->string, desc_keys), ret = 0;

		if (id < 0)
			continue;
		push(ld, it, i);
		if (mark(ld, &seen, id, it->string) < 0)
			return -1;
		switch (id) {
		case 0:
			ret = get_string(ld, it, &d->name);
			break;
		case 1:
			ret = get_int(ld, it, &d->version_id);
			break;
		case 2:
			ret = get_int(ld, it, &d->minimum_version_id);
			break;
		case 3:
			d->has_fields = 1;
			ret = walk_fields(ld, it, d);
			break;
		case 4:
			d->has_subsections = 1;
			ret = walk_subsections(ld, it, d);
			break;
		}
		if (ret < 0)
			return -1;
		ld->depth--;
	}
	return require(ld, seen, 0x7, desc_keys, "a description");
}

static const char *const section_keys[] = {
	"Name", "version_id", "minimum_version_id", "Description", NULL
};

static int walk_section(struct loader *ld, const cJSON *obj, struct vg_section *s)
{
	const cJSON *it;
	unsigned seen = 0;
	long i;

	for (it = obj->child, i = 0; it; it = it->next, i++) {
		int id = key_id(it->string, section_keys), ret = 0;

		if (id < 0)
			continue;
		push(ld, it, i);
		if (mark(ld, &seen, id, it->string) < 0)
			return -1;
		switch (id) {
		case 0: /* the key again: checked, not kept */
			if (!cJSON_IsString(it))
				return serr(ld, "expected a string, found %s", type_name(it));
			break;
		case 1:
			ret = get_int(ld, it, &s->version_id);
			break;
		case 2:
			ret = get_int(ld, it, &s->minimum_version_id);
			break;
		case 3:
			if (!cJSON_IsObject(it))
				return serr(ld, "expected a Description object, found %s",
					    type_name(it));
			ret = walk_desc(ld, it, &s->desc);
			s->has_desc = 1;
			break;
		}
		if (ret < 0)
			return -1;
		ld->depth--;
	}
	/* No Description: compared for its versions (compare.c says so). */
	return require(ld, seen, 0x7, section_keys, "a section entry");
}

/* At the path of the vmschkmachine member. */
static int walk_machine(struct loader *ld, const cJSON *obj)
{
	const cJSON *it;
	int seen = 0;
	long i;

	if (!cJSON_IsObject(obj))
		return serr(ld, "expected an object with the machine \"Name\", found %s",
			    type_name(obj));
	for (it = obj->child, i = 0; it; it = it->next, i++) {
		if (strcmp(it->string, "Name"))
			continue;
		push(ld, it, i);
		if (seen++)
			return serr(ld, "duplicate key \"Name\"");
		if (get_string(ld, it, &ld->dump->machine) < 0)
			return -1;
		ld->depth--;
	}
	if (!seen)
		return serr(ld, "vmschkmachine has no \"Name\" key");
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	const struct vg_section *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

/* Two sections with the same key would make every lookup ambiguous. */
static int check_duplicates(struct loader *ld, const cJSON *root)
{
	struct vg_dump *dump = ld->dump;
	const struct vg_section **idx;
	const char *dup = NULL;
	size_t i;

	if (dump->nr_sections < 2)
		return 0;
	idx = vg_malloc(dump->nr_sections * sizeof(*idx));
	if (!idx)
		return oom(ld);
	for (i = 0; i < dump->nr_sections; i++)
		idx[i] = &dump->sections[i];
	qsort(idx, dump->nr_sections, sizeof(*idx), key_cmp);
	for (i = 1; i < dump->nr_sections && !dup; i++)
		if (!strcmp(idx[i - 1]->key, idx[i]->key))
			dup = idx[i]->key;
	free(idx);
	if (!dup)
		return 0;
	/* Report the second occurrence. */
	{
		const cJSON *it;
		int n = 0;
		long k;

		for (it = root->child, k = 0; it; it = it->next, k++) {
			if (strcmp(it->string, dup) || !n++)
				continue;
			push(ld, it, k);
			break;
		}
	}
	return serr(ld, "duplicate section key");  /* the path shows it */
}

static int walk_dump(struct loader *ld, const cJSON *root)
{
	struct vg_dump *dump = ld->dump;
	const cJSON *it;
	int have_machine = 0;
	long i;

	if (!cJSON_IsObject(root))
		return serr(ld, "not a -dump-vmstate file: the top level must be an object, found %s",
			    type_name(root));
	for (it = root->child, i = 0; it; it = it->next, i++) {
		struct vg_section *s;

		push(ld, it, i);
		if (!strcmp(it->string, "vmschkmachine")) {
			if (have_machine++)
				return serr(ld, "duplicate key \"vmschkmachine\"");
			if (walk_machine(ld, it) < 0)
				return -1;
			ld->depth--;
			continue;
		}
		if (!cJSON_IsObject(it))
			return serr(ld, "not a -dump-vmstate file: a section entry must be an object, found %s",
				    type_name(it));
		if (VG_GROW(dump->sections, dump->alloc_sections, dump->nr_sections + 1) < 0)
			return oom(ld);
		s = &dump->sections[dump->nr_sections++];
		memset(s, 0, sizeof(*s));
		s->key = vg_strdup(it->string);
		if (!s->key)
			return oom(ld);
		if (walk_section(ld, it, s) < 0)
			return -1;
		ld->depth--;
	}
	if (!dump->nr_sections)
		return serr(ld, "not a -dump-vmstate file: no sections");
	return check_duplicates(ld, root);
}

/*
 * cJSON's allocations for one parse come from an arena, dropped at once
 * when the model is built: a dump is some 60,000 small blocks that die
 * together, and malloc() and free() of each cost more than the walk (and
 * interleaved with the model's, they slowed its release too). cJSON's
 * hooks are process-wide, so they divert only the allocations of a thread
 * between arena_begin() and arena_end(); all others go to malloc() and
 * free() as before.
 */
/* cJSON allocates its nodes (pointers, a double) and strings: no more. */
#define ARENA_ALIGN alignof(cJSON)

struct arena_block {
	struct arena_block *next;
	size_t used, size, last;  /* last: offset of the latest allocation */
	size_t mapped;            /* bytes mmap()ed, or 0 for malloc() */
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct arena_block *blocks;  /* newest first */
	size_t block_size;
	int failed;
};

static _Thread_local struct arena *thread_arena;

/*
 * A dump's tree is a few MB written once: faulting it in page by page was
 * a fifth of the load time, so large blocks are mapped with MAP_POPULATE,
 * one system call for all their pages.
 */
#define ARENA_MAP_MIN ((size_t)1 << 20)

static struct arena_block *arena_block_new(size_t size)
{
	struct arena_block *b;
	size_t total = sizeof(*b) + size;

	if (total >= ARENA_MAP_MIN) {
		void *p = mmap(NULL, total, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

		if (p != MAP_FAILED) {
			b = p;
			b->mapped = total;
			return b;
		}
	}
	b = malloc(total);
	if (b)
		b->mapped = 0;
	return b;
}

static void arena_block_free(struct arena_block *b)
{
	if (b->mapped)
		munmap(b, b->mapped);
	else
		free(b);
}

static void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->blocks;

	n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (!b || b->size - b->used < n) {
		size_t size = n > a->block_size ? n : a->block_size;

		b = arena_block_new(size);
		if (!b) {
			a->failed = 1;
			return NULL;
		}
		b->next = a->blocks;
		b->used = b->last = 0;
		b->size = size;
		a->blocks = b;
	}
	b->last = b->used;
	b->used += n;
	return b->data + b->last;
}

static struct arena_block *arena_owner(const struct arena *a, const void *p)
{
	struct arena_block *b;

	for (b = a->blocks; b; b = b->next)
		if ((const unsigned char *)p >= b->data && (const unsigned char *)p < b->data + b->size)
			return b;
	return NULL;
}

static void *hook_malloc(size_t n)
{
	return thread_arena ? arena_alloc(thread_arena, n) : malloc(n);
}

static void hook_free(void *p)
{
	struct arena_block *b;

	if (!thread_arena || !(b = arena_owner(thread_arena, p))) {
		free(p);
		return;
	}
	/* cJSON frees a scratch copy of each number right away: reuse it. */
	if (b == thread_arena->blocks && b->data + b->last == (unsigned char *)p)
		b->used = b->last;
}

static void install_hooks(void)
{
	cJSON_Hooks hooks = { hook_malloc, hook_free };

	cJSON_InitHooks(&hooks);
}

static void arena_begin(struct arena *a, size_t text_len)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, install_hooks);
	a->blocks = NULL;
	/* The tree takes about 2.4 times the text of a real dump: one block,
	   mostly, and not much more, as all its pages are populated. */
	a->block_size = text_len < 16384 ? 65536 : text_len / 2 * 5 + 65536;
	a->failed = 0;
	thread_arena = a;
}

static void arena_end(struct arena *a)
{
	thread_arena = NULL;
	while (a->blocks) {
		struct arena_block *next = a->blocks->next;

		arena_block_free(a->blocks);
		a->blocks = next;
	}
}

/* Loading. */

static int load(const char *name, const char *buf, size_t len, struct vg_buf *errors,
		struct vg_dump *out)
{
	struct loader *ld;
	struct arena arena;
	const char *end = NULL;
	cJSON *root;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!buf)
		buf = "";
	ld = vg_malloc(sizeof(*ld));  /* the path is 24 KB: not on a thread's stack */
	if (!ld)
		return -1;
	ld->name = name;
	ld->text = buf;
	ld->len = len;
	ld->errors = errors;
	ld->dump = out;
	ld->failed = 0;
	ld->depth = 0;
	out->path = vg_strdup(name);
	if (!out->path)
		goto done;
	arena_begin(&arena, len);
	root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	thread_arena = NULL;  /* the walk's allocations are the model's */
	if (root && end) {
		/* cJSON stops after the top-level value: the rest must be blank. */
		while (end < buf + len && (unsigned char)*end <= ' ')
			end++;
	}
	if (!root && arena.failed)
		vg_error("out of memory parsing '%s'", name);
	else if (!root || end != buf + len)
		syntax_error(ld, end);
	else
		ret = walk_dump(ld, root);
	/* Someone else's cJSON hooks would have kept the tree out of the arena. */
	if (root && !arena_owner(&arena, root))
		cJSON_Delete(root);
	arena_end(&arena);
done:
	if (ret < 0)
		vg_dump_release(out);
	free(ld);
	return ret;
}

int vg_dump_load_buffer(const char *name, const char *buf, size_t len,
			struct vg_dump *out)
{
	return load(name, buf, len, NULL, out);
}

int vg_dump_load_buffer_err(const char *name, const char *buf, size_t len,
			    struct vg_buf *errors, struct vg_dump *out)
{
	return load(name, buf, len, errors, out);
}

/* Read the whole file in one go (dumps are about 1 MB). */
static int read_all(const char *path, char **out, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	size_t size, got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
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

/*
 * A regular file is mapped instead of read: no copy, and its pages come
 * from the page cache in one go. The text must end in a NUL for the error
 * messages; the zeroes after the end of the file in its last page are that
 * NUL, so a file of a whole number of pages is read instead.
 */
static char *map_file(const char *path, size_t *len)
{
	long page = sysconf(_SC_PAGESIZE);
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || page <= 0 ||
	    st.st_size % page == 0) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	return p;
}

int vg_dump_load(const char *path, struct vg_dump *out)
{
	char *text = NULL;
	size_t len = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	if ((text = map_file(path, &len))) {
		ret = load(path, text, len, NULL, out);
		munmap(text, len);
		return ret;
	}
	if (read_all(path, &text, &len) < 0)
		return -1;
	ret = load(path, text, len, NULL, out);
	free(text);
	return ret;
}
