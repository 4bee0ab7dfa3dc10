/*
 * The scanner's tokenizer helpers (identifiers, literals, balanced
 * brackets, top-level comma lists) and cleaning (comments and literals
 * blanked, offsets kept). See scan.h.
 */
#define _GNU_SOURCE 1 /* memmem */
#include "scan/scan-internal.h"
#include "core/macros.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* Tokenizer helpers                                                 */

int vg_scan_is_id0(int c)
{
	return isalpha(c) || c == '_';
}

int vg_scan_is_id(int c)
{
	return isalnum(c) || c == '_';
}

/* Skip a string or character literal starting at t[i]; returns the end. */
size_t vg_scan_skip_literal(const char *t, size_t n, size_t i)
{
	char q = t[i++];

	while (i < n && t[i] != q && t[i] != '\n') {
		if (t[i] == '\\' && i + 1 < n)
			i++;
		i++;
	}
	return i < n && t[i] == q ? i + 1 : i;
}

size_t vg_scan_skip_ws(const char *t, size_t n, size_t i)
{
	while (i < n) {
		if (isspace((unsigned char)t[i]))
			i++;
		else if (t[i] == '\\' && i + 1 < n && (t[i + 1] == '\n' || t[i + 1] == '\r'))
			i += 2;
		else
			break;
	}
	return i;
}

/*
 * t[i] opens a bracket; return the index of its closer, or n when it is
 * unbalanced. Every kind of bracket nests; literals are skipped.
 */
size_t vg_scan_match_close(const char *t, size_t n, size_t i)
{
	int depth = 0;

	while (i < n) {
		char c = t[i];

		if (c == '"' || c == '\'') {
			i = vg_scan_skip_literal(t, n, i);
			continue;
		}
		if (c == '(' || c == '[' || c == '{') {
			depth++;
		} else if (c == ')' || c == ']' || c == '}') {
			if (--depth == 0)
				return i;
			if (depth < 0)
				return n;
		}
		i++;
	}
	return n;
}

size_t vg_scan_ident_end(const char *t, size_t n, size_t i)
{
	while (i < n && vg_scan_is_id((unsigned char)t[i]))
		i++;
	return i;
}

void vg_scan_trim(const char *t, size_t *b, size_t *e)
{
	*b = vg_scan_skip_ws(t, *e, *b);
	while (*e > *b && isspace((unsigned char)t[*e - 1]))
		(*e)--;
	while (*e > *b + 1 && t[*e - 1] == '\n' && t[*e - 2] == '\\')
		*e -= 2;
}

/*
 * Split [b, e) at top-level commas; fn gets each trimmed item. Returns
 * the first non-zero return of fn.
 */
int vg_scan_split_items(struct scanner *sc, const struct src *s, size_t b,
		        size_t e, item_fn fn, void *payload)
{
	size_t i = b, start = b;
	int r;

	while (i <= e) {
		if (i == e || s->t[i] == ',') {
			size_t ib = start, ie = i;

			vg_scan_trim(s->t, &ib, &ie);
			if (ie > ib && (r = fn(sc, s, ib, ie, payload)))
				return r;
			start = i + 1;
			i++;
			continue;
		}
		if (s->t[i] == '"' || s->t[i] == '\'') {
			i = vg_scan_skip_literal(s->t, e, i);
			continue;
		}
		if (s->t[i] == '(' || s->t[i] == '[' || s->t[i] == '{') {
			i = vg_scan_match_close(s->t, e, i);
			if (i < e)
				i++;
			continue;
		}
		i++;
	}
	return 0;
}

/* Normalized text of [b, e): spaces only between identifier characters. */
/*
 * Strip the parentheses that enclose all of t[b, e) ("((x))" -> "x"), in
 * one pass: matching each leading '(' on its own was quadratic in the
 * nesting (44 s for 200k levels). close[d] is where depth first falls
 * from d to d - 1: the match of the d-th leading '('.
 */
static void strip_enclosing(const char *t, size_t *pb, size_t *pe)
{
	size_t b = *pb, e = *pe, k = 0, i, d = 0, j, *close;

	for (i = b; i < e && (t[i] == '(' || isspace((unsigned char)t[i])); i++)
		k += t[i] == '(';
	if (!k || !(close = malloc((k + 1) * sizeof(*close))))
		return;
	for (j = 0; j <= k; j++)
		close[j] = SIZE_MAX;
	for (i = b; i < e; i++) {
		char c = t[i];

		if (c == '"' || c == '\'') {
			i = vg_scan_skip_literal(t, e, i) - 1;
			continue;
		}
		if (c == '(' || c == '[' || c == '{') {
			d++;
		} else if (c == ')' || c == ']' || c == '}') {
			if (!d)
				break;
			if (d <= k && close[d] == SIZE_MAX)
				close[d] = i;
			d--;
		}
	}
	for (j = 1; j <= k && e > b + 1 && t[b] == '(' && close[j] == e - 1; j++) {
		b++;
		e--;
		vg_scan_trim(t, &b, &e);
	}
	free(close);
	*pb = b;
	*pe = e;
}

char *vg_scan_norm_text(const char *t, size_t b, size_t e)
{
	struct vg_buf buf = VG_BUF_INIT;
	size_t i;
	int pending_space = 0;

	vg_scan_trim(t, &b, &e);
	strip_enclosing(t, &b, &e);
	for (i = b; i < e; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c == '"' || c == '\'') {
			size_t le = vg_scan_skip_literal(t, e, i);

			vg_buf_add(&buf, t + i, le - i);
			i = le - 1;
			pending_space = 0;
			continue;
		}
		if (isspace(c) || (c == '\\' && i + 1 < e && t[i + 1] == '\n')) {
			pending_space = 1;
			continue;
		}
		if (pending_space && buf.len && vg_scan_is_id((unsigned char)buf.buf[buf.len - 1]) &&
		    vg_scan_is_id(c))
			vg_buf_add(&buf, " ", 1);
		pending_space = 0;
		vg_buf_add(&buf, t + i, 1);
	}
	if (!buf.buf)
		vg_buf_add(&buf, "", 0);
	return vg_buf_detach(&buf);
}

/* ---------------------------------------------------------------- */
/* Cleaning: comments to spaces, keeping newlines and offsets        */

char *vg_scan_clean_text(const char *buf, size_t len)
{
	struct vg_scan_unterminated u;

	return vg_scan_clean_text_checked(buf, len, &u);
}

char *vg_scan_clean_text_checked(const char *buf, size_t len, struct vg_scan_unterminated *u)
{
	char *c = vg_malloc(len + 1);
	size_t i = 0;

	u->kind = 0;
	u->off = 0;
	if (!c)
		return NULL;
	memcpy(c, buf, len);
	c[len] = '\0';
	while (i < len) {
		if (c[i] == '"' || c[i] == '\'') {
			size_t b = i;

			i = vg_scan_skip_literal(c, len, i);
			/* A string (not a char: "#error don't") cut by the line's end. */
			if (c[b] == '"' && (i == len || c[i - 1] != '"' || i == b + 1) && !u->kind) {
				u->kind = '"';
				u->off = b;
			}
		} else if (c[i] == '/' && i + 1 < len && c[i + 1] == '*') {
			size_t b = i;

			c[i++] = ' ';
			c[i++] = ' ';
			while (i < len && !(c[i] == '*' && i + 1 < len && c[i + 1] == '/')) {
				if (c[i] != '\n')
					c[i] = ' ';
				i++;
			}
			if (i < len) {
				c[i++] = ' ';
				c[i++] = ' ';
			} else if (u->kind != '*') {
				u->kind = '*';
				u->off = b;
			}
		} else if (c[i] == '/' && i + 1 < len && c[i + 1] == '/') {
			while (i < len && c[i] != '\n') {
				/* A backslash-newline continues a // comment. */
				if (c[i] == '\\' && i + 1 < len && c[i + 1] == '\n') {
					c[i] = ' ';
					i += 2;
					continue;
				}
				c[i++] = ' ';
			}
		} else {
			if (c[i] == '\0')
				c[i] = ' ';
			i++;
		}
	}
	return c;
}

/*
 * PCRE2's JIT reads its subject in 16-byte vectors and may load a few bytes
 * past the end (harmless, but memcheck reports it): pad subject buffers.
 */
#define SCAN_SUBJECT_PAD 32

/* A copy of clean text with the contents of literals blanked. */
char *vg_scan_blank_literals(const char *clean, size_t len)
{
	char *c = vg_malloc(len + 1 + SCAN_SUBJECT_PAD);
	size_t i = 0;

	if (!c)
		return NULL;
	memcpy(c, clean, len + 1);
	memset(c + len + 1, 0, SCAN_SUBJECT_PAD);
	while (i < len) {
		if (c[i] == '"' || c[i] == '\'') {
			size_t e = vg_scan_skip_literal(c, len, i), k;

			for (k = i + 1; k + 1 < e; k++)
				c[k] = ' ';
			i = e;
		} else {
			i++;
		}
	}
	return c;
}
