/*
 * Mail decoding for `review`. See mail.h.
 */
#include "mail/mail.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int vg_mail_cte_encoded(const char *cte)
{
	return cte && (!strcasecmp(cte, "quoted-printable") || !strcasecmp(cte, "base64"));
}

/*
 * Quoted-printable (RFC 2045 6.7): "=XX" is a byte, "=" at the end of a
 * line joins it with the next (a soft break), and the blanks a mailer
 * may leave at the end of a line are not part of it.
 */
static int qp_decode(const char *p, size_t len, struct vg_buf *out)
{
	const char *end = p + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *e = eol ? eol : end, *q;

		if (e > p && e[-1] == '\r')
			e--;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		for (q = p; q < e; q++) {
			char c = *q;

			if (c == '=') {
				if (q + 1 == e)
					break;          /* a soft line break */
				if (q + 2 < e && hexval((unsigned char)q[1]) >= 0 &&
				    hexval((unsigned char)q[2]) >= 0) {
					c = (char)(hexval((unsigned char)q[1]) * 16 +
						   hexval((unsigned char)q[2]));
					q += 2;
				}
				/* else a lone '=': kept, as RFC 2045 asks of a robust reader */
			}
			if (vg_buf_add(out, &c, 1) < 0)
				return -1;
		}
		if (!(q < e && *q == '=' && q + 1 == e) && eol && vg_buf_add(out, "\n", 1) < 0)
			return -1;
		p = eol ? eol + 1 : end;
	}
	return 0;
}

/* Base64 (RFC 2045 6.8): line breaks and blanks ignored, '=' ends the data. */
static int b64_decode(const char *p, size_t len, struct vg_buf *out, const char **why)
{
	unsigned acc = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		int v = b64val((unsigned char)p[i]);
		char c;

		if (p[i] == '=')
			break;
		if (v < 0) {
			if (isspace((unsigned char)p[i]))
				continue;
			*why = "a character that is not base64";
			return -1;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			c = (char)((acc >> bits) & 0xff);
			if (vg_buf_add(out, &c, 1) < 0)
				return -1;
		}
	}
	return 0;
}

char *vg_mail_decode_body(const char *cte, const char *body, size_t len, size_t *out_len,
			  const char **why)
{
	struct vg_buf out = VG_BUF_INIT;
	int r;

	*why = NULL;
	if (!strcasecmp(cte, "base64"))
		r = b64_decode(body, len, &out, why);
	else
		r = qp_decode(body, len, &out);
	if (r < 0 || out.failed) {
		vg_buf_release(&out);
		return NULL;
	}
	*out_len = out.len;
	return vg_buf_detach(&out);
}

/* One encoded word at p ("=?cs?E?text?="): decoded into out, its end in *next. */
static int decode_word(const char *p, struct vg_buf *out, const char **next)
{
	const char *cs_end, *enc, *text, *text_end, *q;
	struct vg_buf w = VG_BUF_INIT;
	const char *why;
	int ok = 1;

	if (strncmp(p, "=?", 2) || !(cs_end = strchr(p + 2, '?')) || cs_end == p + 2)
		return 0;
	enc = cs_end + 1;
	if (!*enc || enc[1] != '?')
		return 0;
	text = enc + 2;
	if (!(text_end = strstr(text, "?=")))
		return 0;
	for (q = p; q < text_end; q++)
		if (isspace((unsigned char)*q))
			return 0;
	if (*enc == 'Q' || *enc == 'q') {
		for (q = text; q < text_end && ok; q++) {
			char c = *q == '_' ? ' ' : *q;

			if (*q == '=') {
				if (q + 2 < text_end && hexval((unsigned char)q[1]) >= 0 &&
				    hexval((unsigned char)q[2]) >= 0) {
					c = (char)(hexval((unsigned char)q[1]) * 16 +
						   hexval((unsigned char)q[2]));
					q += 2;
				} else {
					ok = 0;
				}
			}
			if (ok && vg_buf_add(&w, &c, 1) < 0)
				ok = -1;
		}
	} else if (*enc == 'B' || *enc == 'b') {
		ok = b64_decode(text, (size_t)(text_end - text), &w, &why) < 0 ? 0 : 1;
		if (w.failed)
			ok = -1;
	} else {
		ok = 0;
	}
	if (ok > 0 && w.len && vg_buf_add(out, w.buf, w.len) < 0)
		ok = -1;
	vg_buf_release(&w);
	if (ok > 0)
		*next = text_end + 2;
	return ok;
}

char *vg_mail_decode_words(const char *value)
{
	struct vg_buf out = VG_BUF_INIT;
	const char *p = value, *after_word = NULL;

	while (*p) {
		const char *next;
		int r;

		if (p[0] == '=' && p[1] == '?') {
			r = decode_word(p, &out, &next);
			if (r < 0)
				break;
			if (r > 0) {
				p = after_word = next;
				continue;
			}
		}
		/* Blanks between two encoded words are not part of the text. */
		if (after_word && isspace((unsigned char)*p)) {
			const char *q = p;

			while (isspace((unsigned char)*q))
				q++;
			if (q[0] == '=' && q[1] == '?' && decode_word(q, &out, &next) > 0) {
				p = after_word = next;
				continue;
			}
		}
		after_word = NULL;
		if (vg_buf_add(&out, p, 1) < 0)
			break;
		p++;
	}
	if (out.failed || *p) {
		vg_buf_release(&out);
		return NULL;
	}
	return vg_buf_detach(&out);
}

static int b64_char(int c)
{
	return isalnum(c) || c == '+' || c == '/' || c == '=' || isspace(c);
}

int vg_mail_body_in_cte(const char *cte, const char *body, size_t len)
{
	size_t i, col = 0;

	if (!strcasecmp(cte, "base64")) {
		for (i = 0; i < len; i++)
			if (!b64_char((unsigned char)body[i]))
				return 0;
		return 1;
	}
	for (i = 0; i < len; i++) {
		char c = body[i];

		if (c == '\n') {
			col = 0;
			continue;
		}
		if (++col > 78)
			return 0;       /* 76 and a CR, with room for a mailer's blank */
		if (c != '=')
			continue;
		if (i + 2 < len && hexval((unsigned char)body[i + 1]) >= 0 &&
		    hexval((unsigned char)body[i + 2]) >= 0)
			continue;
		/* a soft line break: '=', maybe blanks, the line's end */
		{
			size_t j = i + 1;

			while (j < len && (body[j] == ' ' || body[j] == '\t' || body[j] == '\r'))
				j++;
			if (j >= len || body[j] == '\n')
				continue;
		}
		return 0;
	}
	return 1;
}
