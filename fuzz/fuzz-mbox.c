/*
 * Fuzz the mbox / format-patch reader of review (mail/mbox.c, with the
 * transfer decodings of mail/mail.c), the machine-type finder and the
 * terminal escaping of untrusted text. Invariants: an accepted series has
 * patches whose diff starts "diff --git" inside the input or its decoded
 * body, whose message starts with the title; a refusal says one thing;
 * escaped text holds no control character but '\n' when kept.
 *
 *   clang -fsanitize=fuzzer,address -Isrc fuzz/fuzz-mbox.c build/libvg.a ...
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mail/mbox.h"
#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_patch(const struct vg_mbox_patch *pt)
{
	size_t n = strlen(pt->title);

	if (!pt->diff || pt->diff_len < 11 || memcmp(pt->diff, "diff --git ", 11) ||
	    !pt->label || !pt->tag || !pt->message_id || !pt->root ||
	    strncmp(pt->message, pt->title, n) || strchr(pt->title, '\n') ||
	    strchr(pt->title, '\r') || pt->version == 0)
		abort();
}

static void check_safe(const char *s, int keep_nl)
{
	char *t = vg_report_safe(s, keep_nl);
	const unsigned char *p;

	if (!t)
		abort();
	for (p = (const unsigned char *)t; *p; p++)
		if ((*p < 0x20 && !(keep_nl && *p == '\n')) || *p == 0x7f ||
		    (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			abort();
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_mbox_series s = VG_MBOX_SERIES_INIT;
	char *text = vg_malloc(size + 1), *m;
	size_t i;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (vg_mbox_parse(text, size, &s) == 0) {
		if (!s.nr)
			abort();
		for (i = 0; i < s.nr; i++) {
			check_patch(&s.items[i]);
			check_safe(s.items[i].title, 0);
		}
	}
	vg_mbox_release(&s);
	if ((m = vg_mbox_machine_types(text)))
		free(m);
	check_safe(text, 0);
	check_safe(text, 1);
	free(text);
	return 0;
}
