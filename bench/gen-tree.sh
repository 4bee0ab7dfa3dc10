#!/bin/sh
# Generate a tree of QEMU's size for bench/scan.sh when no real QEMU tree
# is at hand: about 10000 C files, 750 of them with VMStateDescriptions
# (made-up devices in QEMU's style, like tests/data/src/diff/dev-v1.c).
#
#   sh bench/gen-tree.sh DIR
set -e
dir=${1:?usage: gen-tree.sh DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
awk -v dir="$dir" -v tmpl="$top/tests/data/src/diff/dev-v1.c" '
BEGIN {
	while ((getline line < tmpl) > 0)
		t = t line "\n"
	filler = ""
	for (k = 0; k < 60; k++)
		filler = filler "static int helper_" k "(int x)\n{\n    /* plain C, no migration state */\n    return x * " k " + 1;\n}\n\n"
	for (i = 0; i < 10000; i++) {
		d = dir "/hw/d" int(i / 100)
		if (i % 100 == 0)
			system("mkdir -p " d)
		f = d "/f" i ".c"
		if (i % 13 == 0 && n < 750) {
			s = t
			gsub(/foo/, "foo" i, s)
			printf "%s%s", s, filler > f
			n++
		} else {
			printf "#include \"qemu/osdep.h\"\n\n%s", filler > f
		}
		close(f)
	}
}'
echo "generated $(find "$dir" -name '*.c' | wc -l) files in $dir"
