/*
 * Fuzz the commit message readers: the trailer parser (libgit2's, with
 * the empty-value marking of waiver.c), the Migration-Break parser, the
 * waiver matching and the trailer suggestions. No crash, no leak; every
 * waiver parsed has a path and a non-empty reason; matching is the same
 * through the index (vg_waivers_apply) as one by one (vg_waiver_matches).
 */
#include "core/finding.h"
#include "core/util.h"
#include "git/waiver.h"

#include <git2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void add_findings(struct vg_findings *f)
{
	vg_findings_add(f, VG_RULE_FIELD_REMOVED, "foo", "foo", "count", "count", NULL, "x");
	vg_findings_add(f, VG_RULE_FIELD_REMOVED, "bar", "pci", "a/b", "a", NULL, "x");
	vg_findings_add(f, VG_RULE_SUBSECTION_REMOVED, "esp", "esp", "esp/pdma", NULL, NULL, "x");
	vg_findings_add(f, VG_RULE_SECTION_REMOVED, "cpu", NULL, NULL, NULL, NULL, "x");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_waivers w = VG_WAIVERS_INIT;
	struct vg_findings out = VG_FINDINGS_INIT, list = VG_FINDINGS_INIT;
	struct vg_buf sugg = VG_BUF_INIT;
	char *msg = malloc(size + 1);
	size_t i, j, lines = 0;

	static int held;

	/* Hold libgit2 as an open repository would: no init and shutdown per input. */
	if (!held)
		held = git_libgit2_init() > 0;
	if (!msg)
		return 0;
	memcpy(msg, data, size);
	msg[size] = '\0';       /* a message is a C string: stop at the first NUL */
	if (vg_waivers_parse(&w, msg, "0123456789abcdef0123456789abcdef01234567", &out, &lines) == 0) {
		for (i = 0; i < w.nr; i++)
			if (!w.items[i].path || !w.items[i].reason || !*w.items[i].reason)
				abort();
		add_findings(&list);
		if (vg_waivers_apply(&w, &list, 0) == 0) {
			for (i = 0; i < list.nr; i++) {
				int any = 0;

				for (j = 0; j < w.nr; j++)
					any |= vg_waiver_matches(&w.items[j], &list.items[i]);
				if (any != (list.items[i].waived_by != NULL))
					abort();
			}
		}
		vg_waiver_suggest_lines(&list, 0, NULL, "\n", &sugg);
	}
	vg_message_states_break(msg);
	vg_buf_release(&sugg);
	vg_findings_release(&list);
	vg_findings_release(&out);
	vg_waivers_release(&w);
	free(msg);
	return 0;
}
