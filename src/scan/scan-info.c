/*
 * Custom VMStateInfo code: a fingerprint of the get and put functions a
 * file defines for its own VMStateInfo, and finding a function's
 * definition in the file. See scan-internal.h.
 */
#define _GNU_SOURCE 1 /* memmem */
#include "scan/scan-internal.h"
#include "core/util.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

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
int vg_scan_function_parts(struct scanner *sc, const char *name, size_t *pb, size_t *pe,
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

	if (!vg_scan_function_parts(sc, name, &pb, &pe, &bb, &be))
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
int vg_scan_info_fingerprint(struct scanner *sc, const char *info, uint32_t *fp)
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
