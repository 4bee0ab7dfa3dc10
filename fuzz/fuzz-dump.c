/*
 * Fuzz the -dump-vmstate loader, and the comparator on what it accepts
 * (a dump compared with itself must report no error). A refused input
 * must come with exactly one positioned message (which runs the loader's
 * error-path scanner on every refusal).
 *
 *   clang -fsanitize=fuzzer,address -Isrc fuzz/fuzz-dump.c build/libvg.a ...
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "dump/dump.h"
#include "core/finding.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A dump compared with itself breaks nothing, except a description whose
 * minimum_version_id is above its version_id (it refuses its own streams).
 */
static int unexpected_errors(const struct vg_findings *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->nr; i++)
		n += f->items[i].severity == VG_SEV_ERROR &&
		     f->items[i].rule != VG_RULE_MINIMUM_VERSION_RAISED;
	return n != 0;
}

/*
 * A refused input has exactly one message, with a line: the loader's
 * scanner found the offending place (it follows cJSON's grammar; its
 * fallback "cannot parse the JSON here" means they disagree).
 */
static int bad_message(const struct vg_buf *err)
{
	const char *what = err->buf ? strstr(err->buf, ": error: ") : NULL;

	return !what || !vg_starts_with(err->buf, "fuzz.json:") ||
	       err->buf[10] < '1' || err->buf[10] > '9' ||
	       vg_starts_with(what + 9, "cannot parse the JSON here") ||
	       strchr(err->buf, '\n') != err->buf + err->len - 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_dump d;
	struct vg_findings f = VG_FINDINGS_INIT;
	struct vg_buf err = VG_BUF_INIT;

	if (vg_dump_load_buffer_err("fuzz.json", (const char *)data, size, &err, &d) < 0) {
		if (bad_message(&err))
			abort();
		vg_buf_release(&err);
		return 0;
	}
	if (err.len)
		abort();
	if (vg_compare_dumps(&d, &d, NULL, &f) == 0 && unexpected_errors(&f))
		abort();
	vg_findings_release(&f);
	vg_dump_release(&d);
	return 0;
}
