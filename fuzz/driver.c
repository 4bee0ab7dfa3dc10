/*
 * Standalone driver for the fuzz harnesses: replays every file of the
 * corpus directories given on the command line through
 * LLVMFuzzerTestOneInput() and prints TAP, so the corpus runs as a plain
 * test in every `make check`. Build with -fsanitize=fuzzer (without this
 * file) to fuzz for real.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay(const char *path, int n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long len;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		printf("not ok %d - cannot read %s\n", n, path);
		if (f)
			fclose(f);
		return 1;
	}
	buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		printf("not ok %d - cannot read %s\n", n, path);
		free(buf);
		fclose(f);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	printf("ok %d - %s\n", n, path);
	return 0;
}

int main(int argc, char **argv)
{
	int i, n = 0, failed = 0;

	for (i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		struct dirent *e;

		if (!d) {
			printf("not ok %d - cannot open corpus %s\n", ++n, argv[i]);
			failed++;
			continue;
		}
		while ((e = readdir(d))) {
			char path[4096];

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			failed += replay(path, ++n);
		}
		closedir(d);
	}
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
