#!/bin/sh
# Time the C scanner: a whole-tree scan (the real QEMU tree at
# /tmp/qemu-head if present, else a generated tree of QEMU's size, see
# bench/gen-tree.sh) and a one-file diff-source. Goals: the tree under 1 s,
# one file under 5 ms.
#
#   sh bench/scan.sh BUILD_DIR
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in
/*) bdir=$build ;;
*) bdir=$top/$build ;;
esac
vg=$bdir/vmstate-gate
[ -x "$vg" ] || { echo "bench/scan.sh: no $vg" >&2; exit 2; }

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{ printf "%.3f", $2 - $1 }'; }

tree=/tmp/qemu-head
if [ -d "$tree/hw" ]; then
	what="real QEMU tree $tree"
else
	tree=${TMPDIR:-/tmp}/vmstate-gate-bench-tree
	[ -d "$tree/hw" ] || sh "$top/bench/gen-tree.sh" "$tree" >/dev/null
	what="generated tree $tree"
fi

# Warm the page cache, then the best of 3.
"$vg" scan --brief "$tree" >/dev/null 2>&1
best=
for i in 1 2 3; do
	t0=$(now)
	"$vg" scan --brief "$tree" >/tmp/vg-bench-scan.$$ 2>/tmp/vg-bench-scan-err.$$
	t1=$(now)
	t=$(elapsed "$t0" "$t1")
	if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{ print ($1 < $2) }')" = 1 ]; then
		best=$t
	fi
done
echo "whole-tree scan ($what): ${best}s (goal < 1 s)"
tail -1 /tmp/vg-bench-scan-err.$$
rm -f /tmp/vg-bench-scan.$$ /tmp/vg-bench-scan-err.$$

# One file: the largest VMState file of the tree against itself, 100 runs.
file=$(grep -rl --include='*.c' VMStateDescription "$tree" 2>/dev/null | xargs ls -S 2>/dev/null | head -1)
if [ -n "$file" ]; then
	t0=$(now)
	i=0
	while [ $i -lt 100 ]; do
		"$vg" diff-source "$file" "$file" >/dev/null 2>&1
		i=$((i + 1))
	done
	t1=$(now)
	echo "one-file diff-source ($(basename "$file"), $(wc -l <"$file") lines, process included):" \
		"$(echo "$t0 $t1" | awk '{ printf "%.2f", ($2 - $1) * 1000 / 100 }') ms per run (goal < 5 ms)"
fi
