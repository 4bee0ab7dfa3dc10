/*
 * Fuzz the mail decoders review reads patches with (src/mail): the
 * quoted-printable and base64 bodies and RFC 2047 encoded words. The
 * first byte picks the encoding; the rest is the body (or header value).
 * No crash, no read past the input; a decoded body is never longer than
 * its input and is NUL-terminated at its length.
 */
#include "mail/mail.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ctes[] = { "quoted-printable", "base64", "BASE64", "8bit" };
	const char *why = NULL;
	char *body, *out, *value;
	size_t n, out_len = 0;

	if (!size)
		return 0;
	n = size - 1;
	/* A copy without a terminating NUL, so overreads are caught. */
	body = malloc(n ? n : 1);
	if (!body)
		return 0;
	memcpy(body, data + 1, n);
	out = vg_mail_decode_body(ctes[data[0] % 4], body, n, &out_len, &why);
	if (out && (out_len > n || out[out_len] != '\0'))
		abort();
	free(out);
	value = malloc(n + 1);
	if (value) {
		memcpy(value, data + 1, n);
		value[n] = '\0';
		free(vg_mail_decode_words(value));
		free(value);
	}
	free(body);
	return 0;
}
