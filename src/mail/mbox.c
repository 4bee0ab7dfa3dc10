/*
 * mbox and git format-patch output -> the patches of a series, read the
 * way git am (git mailsplit + git mailinfo) reads them.
 */
#include "mail/mbox.h"
#include "mail/mail.h"
#include "core/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>



void vg_mbox_release(struct vg_mbox_series *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++) {
		free(s->items[i].tag);
		free(s->items[i].title);
		free(s->items[i].message);
		free(s->items[i].label);
		free(s->items[i].decoded);
	}
	free(s->items);
	s->items = NULL;
	s->nr = s->alloc = 0;
}

/* The end of the line at p (its '\n', or the end). */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

static const char *next_line(const char *p, const char *end)
{
	p = line_end(p, end);
	return p < end ? p + 1 : end;
}

/* Is [p, e) exactly s, a trailing '\r' aside? */
static int line_is(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);

	if (e > p && e[-1] == '\r')
		e--;
	return (size_t)(e - p) == n && !memcmp(p, s, n);
}

static int starts_with(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

/* An mbox separator: "From " at the start of the input or after a blank line. */
static int is_from_line(const char *buf, const char *p, const char *end)
{
	if (!starts_with(p, end, "From ") || p + 5 >= end || isspace((unsigned char)p[5]))
		return 0;
	return p == buf || (p - buf >= 2 && p[-2] == '\n') ||
	       (p - buf >= 3 && p[-2] == '\r' && p[-3] == '\n');
}

/* A header line "Key: value" (RFC 5322 field name). */
static int is_header_line(const char *p, const char *e)
{
	const char *q = p;

	while (q < e && (isalnum((unsigned char)*q) || *q == '-'))
		q++;
	return q > p && q < e && *q == ':';
}

/* Split "[PATCH v2 2/3] title" into tag and title; numbers into nr/total. */
static int parse_subject(struct vg_mbox_patch *pt, const char *subj)
{
	const char *close, *q;

	while (*subj == ' ' || *subj == '\t')
		subj++;
	if (*subj == '[' && (close = strchr(subj, ']'))) {
		pt->tag = vg_strndup(subj, (size_t)(close + 1 - subj));
		for (q = subj; q < close; q++) {
			unsigned a, b;

			if (isdigit((unsigned char)*q) && (q == subj || !isdigit((unsigned char)q[-1])) &&
			    sscanf(q, "%u/%u", &a, &b) == 2) {
				pt->nr = a;
				pt->total = b;
				break;
			}
		}
		subj = close + 1;
		while (*subj == ' ' || *subj == '\t')
			subj++;
	} else {
		pt->tag = vg_strdup("[PATCH]");
	}
	pt->title = vg_strdup(subj);
	return pt->tag && pt->title ? 0 : -1;
}

/*
 * The diff of a message body part [p, end): from the first "diff --git"
 * line, without the "-- " signature format-patch appends.
 */
static const char *find_diff(const char *p, const char *end, size_t *len)
{
	const char *d = NULL, *q, *sig = NULL;

	for (q = p; q < end; q = next_line(q, end))
		if (starts_with(q, end, "diff --git ")) {
			d = q;
			break;
		}
	if (!d)
		return NULL;
	for (q = d; q < end; q = next_line(q, end))
		if (line_is(q, line_end(q, end), "-- "))
			sig = q;
	if (sig) {
		/* Only a version line or two after it: not a diff line. */
		for (q = next_line(sig, end); q < end; q = next_line(q, end))
			if (strchr("+- @\\d", *q) && *q != '\n')
				break;
		if (q >= end)
			end = sig;
	}
	*len = (size_t)(end - d);
	return d;
}

/*
 * One message [p, end) (after its "From " line). Returns 0, 1 when it
 * is a cover letter (no diff, patch 0), or -1 after an input error.
 */
static int parse_message(const char *p, const char *end, size_t index, struct vg_mbox_patch *pt)
{
	struct vg_buf subj = VG_BUF_INIT, msg = VG_BUF_INIT, cte = VG_BUF_INIT;
	struct vg_buf *cur = NULL;      /* the header being read, when kept */
	const char *body = NULL, *sep = NULL, *q, *e, *bend;
	char *subject = NULL;
	int in_header = 0, ret = -1;

	for (q = p; q < end; q = next_line(q, end)) {
		e = line_end(q, end);
		if (e > q && e[-1] == '\r')
			e--;
		if (line_is(q, e, "")) {
			body = next_line(q, end);
			break;
		}
		/* A folded header (RFC 5322 2.2.3): a line that starts blank continues it. */
		if (in_header && (*q == ' ' || *q == '\t')) {
			if (cur)
				vg_buf_add(cur, q, (size_t)(e - q));
			continue;
		}
		if (!is_header_line(q, e)) {
			vg_error("message %zu: '%.*s' is not a mail header (not git format-patch "
				 "or mbox output?)", index, (int)(e - q > 60 ? 60 : e - q), q);
			goto done;
		}
		in_header = 1;
		cur = NULL;
		if ((size_t)(e - q) >= 8 && !strncasecmp(q, "subject:", 8)) {
			cur = &subj;
			vg_buf_add(cur, q + 8, (size_t)(e - q - 8));
		} else if ((size_t)(e - q) >= 26 &&
			   !strncasecmp(q, "content-transfer-encoding:", 26)) {
			cur = &cte;
			vg_buf_add(cur, q + 26, (size_t)(e - q - 26));
		}
	}
	if (subj.failed || msg.failed || cte.failed)
		goto done;
	if (!subj.len) {
		vg_error("message %zu has no Subject header", index);
		goto done;
	}
	if (!body)
		body = end;
	/* A patch mailed quoted-printable or base64 is undone first, as git am does. */
	if (cte.len) {
		char *v = cte.buf, *ve = cte.buf + cte.len;

		while (v < ve && isspace((unsigned char)*v))
			v++;
		while (ve > v && isspace((unsigned char)ve[-1]))
			*--ve = '\0';
		if (vg_mail_cte_encoded(v)) {
			const char *why;
			size_t dlen;

			pt->decoded = vg_mail_decode_body(v, body, (size_t)(end - body), &dlen, &why);
			if (!pt->decoded) {
				if (why)
					vg_error("message %zu: its %s body cannot be decoded: %s",
						 index, v, why);
				goto done;
			}
			body = pt->decoded;
			end = pt->decoded + dlen;
		}
	}
	if (!(subject = vg_mail_decode_words(subj.buf)))
		goto done;
	if (parse_subject(pt, subject) < 0)
		goto done;
	if (!body)
		body = end;
	pt->diff = find_diff(body, end, &pt->diff_len);
	if (!pt->diff) {
		if (pt->nr == 0 && pt->total > 0) {
			ret = 1;        /* the cover letter */
			goto done;
		}
		vg_error("%s %s: no diff in the message", pt->tag, pt->title);
		goto done;
	}
	/* The message is above the "---" line (or the diff). */
	for (q = body; q < pt->diff; q = next_line(q, end))
		if (line_is(q, line_end(q, end), "---")) {
			sep = q;
			break;
		}
	bend = sep ? sep : pt->diff;
	vg_buf_printf(&msg, "%s\n\n", pt->title);
	vg_buf_add(&msg, body, (size_t)(bend - body));
	if (msg.failed || !(pt->message = vg_buf_detach(&msg)))
		goto done;
	ret = 0;
done:
	vg_buf_release(&subj);
	vg_buf_release(&msg);
	vg_buf_release(&cte);
	free(subject);
	return ret;
}

int vg_mbox_parse(const char *buf, size_t len, struct vg_mbox_series *s)
{
	const char *end = buf + len, *p = buf, *start, *q;
	size_t index = 0;

	while (p < end && (*p == '\n' || *p == '\r'))
		p++;
	if (p >= end)
		return vg_error("empty input: no patch to review");
	if (!is_from_line(buf, p, end) && !is_header_line(p, line_end(p, end)))
		return vg_error("not a patch series: expected git format-patch or mbox output "
				"(\"From <sha> ...\" and mail headers)");
	while (p < end) {
		struct vg_mbox_patch pt;
		int r;

		memset(&pt, 0, sizeof(pt));
		if (is_from_line(buf, p, end))
			p = next_line(p, end);
		start = p;
		for (q = p; q < end && !is_from_line(buf, q, end); q = next_line(q, end))
			;
		index++;
		r = parse_message(start, q, index, &pt);
		if (r == 0) {
			if (VG_GROW(s->items, s->alloc, s->nr + 1) < 0)
				r = -1;
			else
				s->items[s->nr++] = pt;
		}
		if (r != 0) {
			free(pt.tag);
			free(pt.title);
			free(pt.message);
			free(pt.decoded);
			if (r < 0)
				return -1;
		}
		p = q;
	}
	if (!s->nr)
		return vg_error("empty series: no patch with a diff");
	for (index = 0; index < s->nr; index++) {
		struct vg_mbox_patch *pt = &s->items[index];

		if (!pt->nr) {
			pt->nr = (unsigned)(index + 1);
			pt->total = (unsigned)s->nr;
		}
		pt->label = vg_asprintf("patch %u/%u", pt->nr, pt->total);
		if (!pt->label)
			return -1;
	}
	return 0;
}

