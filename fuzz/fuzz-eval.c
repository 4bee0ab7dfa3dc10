/*
 * Fuzz the scanner's constant evaluator (scan-eval.c): the input is the
 * array count of a field and the body of a #define it uses, so every
 * byte goes through eval_expr, eval_ident and the sizeof forms. No
 * crash, no undefined behaviour (SIGFPE, overflow, deep recursion), and
 * a count is -1 (unknown) or sane, never negative or absurd (no wrap).
 */
#include "core/macros.h"
#include "core/util.h"
#include "scan/scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char head[] =
	"typedef struct S { uint32_t a[4]; uint8_t b; struct { uint16_t x[3]; } in; } S;\n"
	"enum { E0, E1 = 7, E2 };\n"
	"#define N (";
static const char mid[] =
	")\n"
	"static const VMStateDescription vmstate_s = {\n"
	"    .name = \"s\",\n"
	"    .version_id = 1,\n"
	"    .fields = (const VMStateField[]) {\n"
	"        VMSTATE_UINT8_ARRAY(b, S, N),\n"
	"        VMSTATE_UINT32_ARRAY(a, S, ";
static const char tail[] =
	"),\n"
	"        VMSTATE_END_OF_LIST()\n"
	"    }\n"
	"};\n";

/* The expression on one line: newlines would end the #define. */
static void add_flat(struct vg_buf *b, const uint8_t *data, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++) {
		char c = (char)data[i];

		vg_buf_add(b, c == '\n' || c == '\0' ? " " : &c, 1);
	}
}

static void check(const struct vg_scan_result *r)
{
	size_t i, j;

	for (i = 0; i < r->nr; i++)
		for (j = 0; j < r->defs[i].desc.nr_fields; j++) {
			const struct vg_field *f = &r->defs[i].desc.fields[j];

			if (f->num < -1 || f->num > (1LL << 31) || f->size > (1ULL << 31))
				abort();
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vg_macros macros = VG_MACROS_INIT;
	static int loaded;
	struct vg_scan_opts opts = { NULL, NULL, 0, NULL };
	struct vg_scan_result r = VG_SCAN_RESULT_INIT;
	struct vg_findings w = VG_FINDINGS_INIT;
	struct vg_buf b = VG_BUF_INIT;

	if (!loaded) {
		loaded = 1;
		if (vg_macros_load(&macros, "rules/macros") < 0)
			vg_macros_release(&macros);
	}
	opts.macros = &macros;
	vg_buf_puts(&b, head);
	add_flat(&b, data, size);
	vg_buf_puts(&b, mid);
	add_flat(&b, data, size);
	vg_buf_puts(&b, tail);
	if (!b.failed && vg_scan_buffer(&opts, "fuzz.c", b.buf, b.len, &r, &w) == 0)
		check(&r);
	vg_scan_result_release(&r);
	vg_findings_release(&w);
	vg_buf_release(&b);
	return 0;
}
