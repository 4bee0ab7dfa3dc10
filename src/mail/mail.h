/*
 * Mail decoding for `review`: what a patch mail may carry that git am
 * would undo (RFC 2045 transfer encodings, RFC 2047 encoded words).
 */
#ifndef VG_MAIL_H
#define VG_MAIL_H

#include <stddef.h>

/*
 * Decode a body in Content-Transfer-Encoding cte ("quoted-printable" or
 * "base64", any case). Returns a new NUL-terminated buffer and its length
 * in *out_len, NULL with *why set (a static string) when the body is not
 * valid in that encoding, or NULL with *why NULL when out of memory.
 */
char *vg_mail_decode_body(const char *cte, const char *body, size_t len, size_t *out_len,
			  const char **why);

/*
 * Is body (len bytes) written in cte at all? A body b4 already decoded
 * keeps its Content-Transfer-Encoding header: a "base64" body with
 * characters outside the alphabet, or a "quoted-printable" one with a
 * '=' that starts no escape or lines longer than 76, is plain text.
 */
int vg_mail_body_in_cte(const char *cte, const char *body, size_t len);

/* Is cte an encoding vg_mail_decode_body() undoes (else the body is taken as is)? */
int vg_mail_cte_encoded(const char *cte);

/*
 * A header value with its RFC 2047 encoded words ("=?UTF-8?q?C=C3=A9dric?=")
 * decoded; the bytes are kept in the word's charset (UTF-8 in practice).
 * A malformed word is kept as written. Returns a new string or NULL.
 */
char *vg_mail_decode_words(const char *value);

#endif
