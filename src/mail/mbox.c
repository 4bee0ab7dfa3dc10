/*
 * mbox and git format-patch output -> the patches of a series, read the
 * way git am (git mailsplit + git mailinfo) reads them.
 */
#include "mail/mbox.h"
#include "mail/mail.h"
#include "core/util.h"

#include <ctype.h>
#include <stddef.h>
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
		free(s->items[i].message_id);
		free(s->items[i].root);
	}
	free(s->items);
	for (i = 0; i < s->nr_skipped; i++)
		free(s->skipped[i]);
	free(s->skipped);
	free(s->text);
	s->items = NULL;
	s->skipped = NULL;
	s->text = NULL;
	s->nr = s->alloc = s->nr_skipped = s->alloc_skipped = 0;
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

/*
 * A decoded subject is one line: its CR, LF and tabs (an encoded word can
 * carry them) become one space each run, as git mailinfo does, so that no
 * subject can add a line (a forged trailer) to the message.
 */
static void squeeze_space(char *s)
{
	char *w = s;
	int blank = 0;

	for (; *s; s++) {
		int sp = *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' ||
			 *s == '\v' || *s == '\f';

		if (sp && blank)
			continue;
		blank = sp;
		*w++ = sp ? ' ' : *s;
	}
	*w = '\0';
}

/* The numbers of one bracket group [p, close): "n/m" and "vN", in any order. */
static void subject_numbers(struct vg_mbox_patch *pt, const char *p, const char *close)
{
	const char *q;

	for (q = p; q < close; q++) {
		unsigned a, b;
		int at_word = q == p || q[-1] == '[' || q[-1] == ' ' || q[-1] == ',';

		if (!at_word)
			continue;
		if ((*q == 'v' || *q == 'V') && q + 1 < close && isdigit((unsigned char)q[1]) &&
		    sscanf(q + 1, "%u", &a) == 1)
			pt->version = a;
		else if (isdigit((unsigned char)*q) && sscanf(q, "%u/%u", &a, &b) == 2) {
			pt->nr = a;
			pt->total = b;
		}
	}
}

/*
 * Split "[RFC PATCH v2 2/3] title" (or "[PATCH 2/3 v2]", "[RFC][PATCH ...]")
 * into tag and title: every leading bracket group is the tag; n/m and vN
 * are read in any order. A leading "Re:" marks a reply.
 */
static int parse_subject(struct vg_mbox_patch *pt, const char *subj)
{
	const char *start, *close;

	while (*subj == ' ' || *subj == '\t')
		subj++;
	if (!strncasecmp(subj, "re:", 3)) {
		pt->reply = 1;
		subj += 3;
		while (*subj == ' ' || *subj == '\t')
			subj++;
	}
	start = subj;
	while (*subj == '[' && (close = strchr(subj, ']'))) {
		subject_numbers(pt, subj + 1, close);
		subj = close + 1;
		while (*subj == ' ' || *subj == '\t')
			subj++;
	}
	if (subj > start) {
		const char *e = subj;

		while (e > start && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		pt->tag = vg_strndup(start, (size_t)(e - start));
	} else {
		pt->tag = vg_strdup("[PATCH]");
		pt->reply = 1;  /* no tag: a message about patches, not one */
	}
	if (!pt->version)
		pt->version = 1;
	pt->title = vg_strdup(subj);
	return pt->tag && pt->title ? 0 : -1;
}

/* The first <message-id> of a header value, newly allocated ("" when none). */
static char *first_msgid(const char *v)
{
	const char *lt = v ? strchr(v, '<') : NULL, *gt = lt ? strchr(lt, '>') : NULL;

	return gt ? vg_strndup(lt + 1, (size_t)(gt - lt - 1)) : vg_strdup("");
}

/* Does [p, end) hold a "diff --git" line (a body that needs no decoding)? */
static int has_diff_line(const char *p, const char *end)
{
	for (; p < end; p = next_line(p, end))
		if (starts_with(p, end, "diff --git "))
			return 1;
	return 0;
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

/* The headers review reads, unfolded. */
struct headers {
	struct vg_buf subj, cte, mid, refs, irt;
};

#define HEADERS_INIT { VG_BUF_INIT, VG_BUF_INIT, VG_BUF_INIT, VG_BUF_INIT, VG_BUF_INIT }

static void headers_release(struct headers *h)
{
	vg_buf_release(&h->subj);
	vg_buf_release(&h->cte);
	vg_buf_release(&h->mid);
	vg_buf_release(&h->refs);
	vg_buf_release(&h->irt);
}

/* The buffer that keeps header line [q, e), its value's start in *value; NULL. */
static struct vg_buf *header_slot(struct headers *h, const char *q, const char *e,
				  const char **value)
{
	static const struct {
		const char *name;
		size_t off;
	} keep[] = {
		{ "subject:", offsetof(struct headers, subj) },
		{ "content-transfer-encoding:", offsetof(struct headers, cte) },
		{ "message-id:", offsetof(struct headers, mid) },
		{ "references:", offsetof(struct headers, refs) },
		{ "in-reply-to:", offsetof(struct headers, irt) },
	};
	size_t i, n;

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		n = strlen(keep[i].name);
		if ((size_t)(e - q) >= n && !strncasecmp(q, keep[i].name, n)) {
			*value = q + n;
			return (struct vg_buf *)((char *)h + keep[i].off);
		}
	}
	return NULL;
}

/*
 * The headers of the message at p (folded lines unfolded); *body is where
 * the body starts (end: none).
 */
static int read_headers(const char *p, const char *end, size_t index, struct headers *h,
			const char **body)
{
	struct vg_buf *cur = NULL;      /* the header being read, when kept */
	const char *q, *e, *v;
	int in_header = 0;

	*body = end;
	for (q = p; q < end; q = next_line(q, end)) {
		e = line_end(q, end);
		if (e > q && e[-1] == '\r')
			e--;
		if (line_is(q, e, "")) {
			*body = next_line(q, end);
			break;
		}
		/* A folded header (RFC 5322 2.2.3): a line that starts blank continues it. */
		if (in_header && (*q == ' ' || *q == '\t')) {
			if (cur)
				vg_buf_add(cur, q, (size_t)(e - q));
			continue;
		}
		if (!is_header_line(q, e))
			return vg_error("message %zu: '%.*s' is not a mail header (not git "
					"format-patch or mbox output?)",
					index, (int)(e - q > 60 ? 60 : e - q), q);
		in_header = 1;
		if ((cur = header_slot(h, q, e, &v)))
			vg_buf_add(cur, v, (size_t)(e - v));
	}
	return h->subj.failed || h->cte.failed || h->mid.failed || h->refs.failed ||
	       h->irt.failed ? -1 : 0;
}

/*
 * A patch mailed quoted-printable or base64 is undone first, as git am
 * does: [*body, *end) then points into pt->decoded. b4 hands its checkers
 * the body already decoded under the original headers: a body that is not
 * in its stated encoding, and reads as a patch, is taken as it is.
 */
static int decode_body(struct vg_buf *cte, size_t index, struct vg_mbox_patch *pt,
		       const char **body, const char **end)
{
	char *v = cte->buf, *ve = cte->buf + cte->len;
	const char *why;
	size_t dlen, len = (size_t)(*end - *body);

	while (v < ve && isspace((unsigned char)*v))
		v++;
	while (ve > v && isspace((unsigned char)ve[-1]))
		*--ve = '\0';
	if (!vg_mail_cte_encoded(v) ||
	    (!vg_mail_body_in_cte(v, *body, len) && has_diff_line(*body, *end)))
		return 0;
	pt->decoded = vg_mail_decode_body(v, *body, len, &dlen, &why);
	if (!pt->decoded) {
		if (why)
			vg_error("message %zu: its %s body cannot be decoded: %s", index, v, why);
		return -1;
	}
	*body = pt->decoded;
	*end = pt->decoded + dlen;
	return 0;
}

/* A reply in the thread: skipped, as git am skips it; its subject kept (2). */
static int skip_reply(struct vg_mbox_patch *pt, const char *subject)
{
	while (*subject == ' ' || *subject == '\t')
		subject++;
	free(pt->title);
	return (pt->title = vg_strdup(subject)) ? 2 : -1;
}

/* The commit message: the title, a blank line, the body above "---" (or the diff). */
static int build_message(struct vg_mbox_patch *pt, const char *body, const char *end)
{
	struct vg_buf msg = VG_BUF_INIT;
	const char *q, *sep = NULL;

	for (q = body; q < pt->diff; q = next_line(q, end))
		if (line_is(q, line_end(q, end), "---")) {
			sep = q;
			break;
		}
	vg_buf_printf(&msg, "%s\n\n", pt->title);
	vg_buf_add(&msg, body, (size_t)((sep ? sep : pt->diff) - body));
	if (msg.failed || !(pt->message = vg_buf_detach(&msg))) {
		vg_buf_release(&msg);
		return -1;
	}
	return 0;
}

/*
 * One message [p, end) (after its "From " line). Returns 0, 1 when it
 * is a cover letter (no diff, patch 0), 2 when it is a reply without a
 * diff (skipped), or -1 after an input error.
 */
static int parse_message(const char *p, const char *end, size_t index, struct vg_mbox_patch *pt)
{
	struct headers h = HEADERS_INIT;
	const char *body;
	char *subject = NULL;
	int ret = -1;

	if (read_headers(p, end, index, &h, &body) < 0)
		goto done;
	/* The thread's root: the first reference, else the parent, else itself. */
	if (!(pt->message_id = first_msgid(h.mid.buf)) ||
	    !(pt->root = first_msgid(h.refs.len ? h.refs.buf : h.irt.len ? h.irt.buf : h.mid.buf)))
		goto done;
	if (!h.subj.len) {
		vg_error("message %zu has no Subject header", index);
		goto done;
	}
	if (h.cte.len && decode_body(&h.cte, index, pt, &body, &end) < 0)
		goto done;
	if (!(subject = vg_mail_decode_words(h.subj.buf)))
		goto done;
	squeeze_space(subject);
	if (parse_subject(pt, subject) < 0)
		goto done;
	pt->diff = find_diff(body, end, &pt->diff_len);
	if (!pt->diff) {
		if (pt->nr == 0 && pt->total > 0)
			ret = 1;        /* the cover letter */
		else if (pt->reply)
			ret = skip_reply(pt, subject);
		else
			vg_error("%s %s: no diff in the message", pt->tag, pt->title);
		goto done;
	}
	ret = build_message(pt, body, end);
done:
	headers_release(&h);
	free(subject);
	return ret;
}

/*
 * An mbox saved with CRLF line endings: git am (mailsplit without
 * --keep-cr) reads its lines without the CR, and so do we.
 */
static int strip_cr(const char *buf, size_t len, struct vg_mbox_series *s, size_t *out_len)
{
	size_t i, n = 0;

	if (!memchr(buf, '\r', len))
		return 0;
	if (!(s->text = vg_malloc(len + 1)))
		return -1;
	for (i = 0; i < len; i++)
		if (!(buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n'))
			s->text[n++] = buf[i];
	s->text[n] = '\0';
	*out_len = n;
	return 0;
}

/* A message skipped (no diff, a reply): "Re: title" kept for the note. */
static int note_skipped(struct vg_mbox_series *s, const struct vg_mbox_patch *pt)
{
	char *what = vg_strdup(pt->title);

	if (!what || VG_GROW(s->skipped, s->alloc_skipped, s->nr_skipped + 1) < 0) {
		free(what);
		return -1;
	}
	s->skipped[s->nr_skipped++] = what;
	return 0;
}

int vg_mbox_parse(const char *buf, size_t len, struct vg_mbox_series *s)
{
	const char *end, *p, *start, *q;
	size_t index = 0;

	if (strip_cr(buf, len, s, &len) < 0)
		return -1;
	if (s->text)
		buf = s->text;
	end = buf + len;
	p = buf;

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
		if (r == 2 && note_skipped(s, &pt) < 0)
			r = -1;
		if (r != 0) {
			free(pt.message_id);
			free(pt.root);
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
		return vg_error("empty series: no patch with a diff%s",
				s->nr_skipped ? " (only replies or messages without a diff)" : "");
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


/* Is [p, e) a versioned machine type name, "<name>-<major>.<minor>" ("pc-q35-7.2")? */
static int is_machine_type(const char *p, const char *e)
{
	const char *q = e, *dash;

	if (e - p < 5 || !islower((unsigned char)*p))
		return 0;
	while (q > p && isdigit((unsigned char)q[-1]))
		q--;
	if (q == e || q - p < 2 || q[-1] != '.')
		return 0;
	dash = --q;
	while (dash > p && isdigit((unsigned char)dash[-1]))
		dash--;
	return dash < q && dash > p + 1 && dash[-1] == '-';
}

char *vg_mbox_machine_types(const char *text)
{
	struct vg_buf b = VG_BUF_INIT;
	const char *p = text;

	while (p && *p) {
		const char *e = p, *te;
		char *name, *probe, *have;

		if (!isalnum((unsigned char)*p)) {
			p++;
			continue;
		}
		while (*e && (isalnum((unsigned char)*e) || *e == '-' || *e == '.' || *e == '_'))
			e++;
		for (te = e; te > p && te[-1] == '.'; te--)
			;       /* the sentence's full stop */
		if (is_machine_type(p, te) && (name = vg_strndup(p, (size_t)(te - p)))) {
			/* once each: ", NAME," is not yet in ", LIST," */
			probe = vg_asprintf(", %s,", name);
			have = vg_asprintf(", %s,", b.buf ? b.buf : "");
			if (probe && have && !strstr(have, probe))
				vg_buf_printf(&b, "%s%s", b.len ? ", " : "", name);
			free(probe);
			free(have);
			free(name);
		}
		p = e;
	}
	if (b.failed || !b.len) {
		vg_buf_release(&b);
		return NULL;
	}
	return vg_buf_detach(&b);
}
