/*
 * Fuzz harness for the C scanner: any bytes must scan without a crash, a
 * leak or a read past the buffer; the source comparison of the input with
 * itself must not report errors beyond what scanning warns about.
 */
#include "core/macros.h"
#include "scan/scan.h"
#include "compare/srccmp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vg_macros macros = VG_MACROS_INIT;
	static int loaded;
	struct vg_scan_opts opts = { NULL, NULL, 0, NULL };
	struct vg_srccmp_opts sopts;
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_findings w = VG_FINDINGS_INIT;
	/* A copy without a terminating NUL, so overreads are caught. */
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (!loaded) {
		loaded = 1;
		if (vg_macros_load(&macros, "rules/macros") < 0)
			vg_macros_release(&macros);
	}
	opts.macros = &macros;
	vg_scan_buffer(&opts, "fuzz.c", buf, size, &r, &w);
	vg_scan_result_release(&r);
	vg_findings_release(&w);
	memset(&sopts, 0, sizeof(sopts));
	sopts.macros = &macros;
	memset(&w, 0, sizeof(w));
	vg_diff_source(&sopts, "a.c", buf, size, "b.c", buf, size, &w);
	vg_findings_release(&w);
	free(buf);
	return 0;
}
