/*
 * Validation of git's binary patch hunks (format-patch --binary):
 *
 *   GIT binary patch
 *   literal 3000            (or "delta N": N is the inflated size)
 *   zcmV;p3rF;...           a length char (A-Z 1..26, a-z 27..52 bytes),
 *   ...                     then base85, 5 chars per 4 bytes
 *   <empty line>
 *   literal 0               (the reverse hunk, same form)
 *   ...
 *
 * Each hunk is decoded and inflated here with zlib into a small scratch
 * buffer; a stream that ends early, runs on, or inflates to another size
 * is reported, so that libgit2 1.5 never sees one (it hangs on them).
 */
#include "git/binpatch.h"
#include "core/util.h"

#include <string.h>
#include <zlib.h>

struct cursor {
	const char *p, *end;
	size_t line;            /* 1-based number of the line at p */
};

/* The next line (without its \n or \r\n) or 0 at the end. */
static int next_line(struct cursor *c, const char **s, size_t *n)
{
	const char *nl;

	if (c->p >= c->end)
		return 0;
	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	*s = c->p;
	*n = nl ? (size_t)(nl - c->p) : (size_t)(c->end - c->p);
	c->p = nl ? nl + 1 : c->end;
	if (*n && (*s)[*n - 1] == '\r')
		(*n)--;
	c->line++;
	return 1;
}

static int b85_digit(char ch)
{
	static const char alphabet[] = "0123456789"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"abcdefghijklmnopqrstuvwxyz"
		"!#$%&()*+-;<=>?@^_`{|}~";
	const char *q = ch ? strchr(alphabet, ch) : NULL;

	return q ? (int)(q - alphabet) : -1;
}

/* Decode one data line into out[0..52); its byte count, or -1. */
static int decode_line(const char *s, size_t n, unsigned char *out)
{
	size_t want, i, j;
	int len;

	if (n < 1)
		return -1;
	if (s[0] >= 'A' && s[0] <= 'Z')
		len = s[0] - 'A' + 1;
	else if (s[0] >= 'a' && s[0] <= 'z')
		len = s[0] - 'a' + 27;
	else
		return -1;
	want = ((size_t)len + 3) / 4 * 5;
	if (n - 1 != want)
		return -1;
	for (i = 0, j = 0; i < want; i += 5) {
		unsigned long acc = 0;
		size_t k;

		for (k = 0; k < 5; k++) {
			int d = b85_digit(s[1 + i + k]);

			if (d < 0)
				return -1;
			acc = acc * 85 + (unsigned long)d;
		}
		if (acc > 0xffffffffUL)
			return -1;
		for (k = 0; k < 4; k++, j++)
			if (j < (size_t)len)
				out[j] = (unsigned char)(acc >> (24 - 8 * k));
	}
	return len;
}

static int parse_size(const char *s, size_t n, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t i;

	if (!n || n > 19)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

static int bad(char **why, size_t line, const char *what)
{
	*why = vg_asprintf("line %zu of its diff: corrupt binary patch: %s", line, what);
	return *why ? 1 : -1;
}

/*
 * One hunk whose "literal N"/"delta N" line was just read (at line HEAD):
 * its data lines up to the empty line, inflated as they come.
 */
static int check_hunk(struct cursor *c, size_t head, unsigned long long size, char **why)
{
	z_stream z;
	unsigned char in[64], scratch[16384];
	unsigned long long total = 0;
	const char *s;
	size_t n;
	int zr = Z_OK, ret = -1, ended = 0;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return vg_error("cannot set up zlib");
	for (;;) {
		int len;

		if (!next_line(c, &s, &n) || n == 0)
			break;
		len = decode_line(s, n, in);
		if (len < 0) {
			ret = bad(why, c->line, "not a base85 line of the length it declares");
			goto done;
		}
		if (ended) {
			ret = bad(why, c->line, "data after the end of the compressed stream");
			goto done;
		}
		z.next_in = in;
		z.avail_in = (unsigned)len;
		while (z.avail_in && !ended) {
			z.next_out = scratch;
			z.avail_out = sizeof(scratch);
			zr = inflate(&z, Z_NO_FLUSH);
			total += sizeof(scratch) - z.avail_out;
			if (zr == Z_STREAM_END)
				ended = 1;
			else if (zr != Z_OK) {
				ret = bad(why, c->line, "the compressed data is damaged");
				goto done;
			}
			if (total > size) {
				ret = bad(why, head, "the data inflates to more than the size it declares");
				goto done;
			}
		}
		if (ended && z.avail_in) {
			ret = bad(why, c->line, "data after the end of the compressed stream");
			goto done;
		}
	}
	/* The data may have ended without its last output drained. */
	while (!ended) {
		z.next_out = scratch;
		z.avail_out = sizeof(scratch);
		z.next_in = in;
		z.avail_in = 0;
		zr = inflate(&z, Z_NO_FLUSH);
		total += sizeof(scratch) - z.avail_out;
		if (zr == Z_STREAM_END)
			ended = 1;
		else if (zr != Z_OK || z.avail_out == sizeof(scratch))
			break;
		if (total > size)
			break;
	}
	if (!ended)
		ret = bad(why, head, "the compressed data is truncated");
	else if (total != size)
		ret = bad(why, head, "the data does not inflate to the size it declares");
	else
		ret = 0;
done:
	inflateEnd(&z);
	return ret;
}

int vg_binpatch_check(const char *patch, size_t len, char **why)
{
	struct cursor c = { patch, patch + len, 0 };
	const char *s;
	size_t n;
	int in_binary = 0, r;

	*why = NULL;
	while (next_line(&c, &s, &n)) {
		unsigned long long size;
		const char *num;
		size_t head = c.line;

		if (n == 16 && !memcmp(s, "GIT binary patch", 16)) {
			in_binary = 1;
			continue;
		}
		if (!in_binary)
			continue;
		if (n > 8 && !memcmp(s, "literal ", 8))
			num = s + 8;
		else if (n > 6 && !memcmp(s, "delta ", 6))
			num = s + 6;
		else {
			/* A hunk pair ends the binary patch; anything else is the next file. */
			in_binary = 0;
			continue;
		}
		if (parse_size(num, (size_t)(s + n - num), &size) < 0)
			return bad(why, head, "bad size after literal/delta");
		r = check_hunk(&c, head, size, why);
		if (r)
			return r;
	}
	return 0;
}
