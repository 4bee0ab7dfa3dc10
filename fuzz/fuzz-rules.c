/*
 * Fuzz the rules/ readers: the first byte picks the file the rest
 * becomes (macros, known-breaks or section-renames) in a scratch rules
 * directory, which is then loaded as compare and scan load it. No crash,
 * no leak; a refused file is reported, an accepted one can be released.
 */
#include "core/macros.h"
#include "core/rules.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void remove_dir(void)
{
	static const char *const names[] = { "macros", "known-breaks", "section-renames" };
	char path[128];
	int k;

	for (k = 0; k < 3; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[k]);
		unlink(path);
	}
	rmdir(dir);
}

static int write_file(const char *name, const uint8_t *data, size_t size)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "wb")))
		return -1;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "macros", "known-breaks", "section-renames" };
	struct vg_macros m = VG_MACROS_INIT;
	struct vg_rules r = VG_RULES_INIT;
	char path[128];
	int which, k;

	if (!*dir) {
		snprintf(dir, sizeof(dir), "/tmp/vg-fuzz-rules.XXXXXX");
		if (!mkdtemp(dir)) {
			*dir = '\0';
			return 0;
		}
		atexit(remove_dir);
	}
	if (!size)
		return 0;
	which = data[0] % 3;
	for (k = 0; k < 3; k++)
		if (write_file(names[k], k == which ? data + 1 : NULL, k == which ? size - 1 : 0) < 0)
			return 0;
	if (which == 0) {
		snprintf(path, sizeof(path), "%s/macros", dir);
		vg_macros_load(&m, path);
		vg_macros_release(&m);
	} else {
		vg_rules_load(&r, dir);
		vg_rules_release(&r);
	}
	return 0;
}
