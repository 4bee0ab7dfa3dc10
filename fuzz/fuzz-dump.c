/*
 * Fuzz the -dump-vmstate loader, and the comparator on what it accepts
 * (a dump compared with itself must report no error).
 *
 *   clang -fsanitize=fuzzer,address -Isrc fuzz/fuzz-dump.c build/libvg.a ...
 */
#include <stdint.h>
#include <stdlib.h>

#include "compare.h"
#include "dump.h"
#include "finding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_dump d;
	struct vg_findings f = VG_FINDINGS_INIT;

	vg_dump_set_quiet(1);
	if (vg_dump_load_buffer("fuzz.json", (const char *)data, size, &d) < 0)
		return 0;
	if (vg_compare_dumps(&d, &d, NULL, &f) == 0 &&
	    vg_findings_count(&f, VG_SEV_ERROR) != 0)
		abort(); /* identical dumps can never break */
	vg_findings_release(&f);
	vg_dump_release(&d);
	return 0;
}
