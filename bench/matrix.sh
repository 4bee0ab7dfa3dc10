#!/bin/sh
# make bench, matrix part: time `vmstate-gate matrix` over every release dump
# in tests/data/dumps (9 releases, x86_64 and m68k), one run per format, and
# say how many comparisons and dump loads a run makes.
#
#   sh bench/matrix.sh [BUILD_DIR]
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in
/*) bdir=$build ;;
*) bdir=$top/$build ;;
esac
vg=$bdir/vmstate-gate
runs=20

if [ ! -x "$vg" ]; then
	echo "matrix: no $vg; run 'make BUILD=$build' first" >&2
	exit 2
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vg-bench-matrix.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$top" || exit 2

"$vg" matrix --dumps tests/data/dumps --format json -o "$tmp/m.json" 2>/dev/null
files=$(find tests/data/dumps -path 'tests/data/dumps/v*' -name '*.json' | wc -l)
bytes=$(find tests/data/dumps -path 'tests/data/dumps/v*' -name '*.json' -exec cat {} + | wc -c)
cells=$(grep -c '"sections_compared"' "$tmp/m.json")
echo "matrix: tests/data/dumps, $files release dumps ($bytes bytes), $cells comparisons"

for fmt in html md json; do
	cmd="$vg matrix --dumps tests/data/dumps --format $fmt -o $tmp/out"
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$tmp/h.json" "$cmd" \
			>/dev/null 2>&1 &&
		python3 -c "import json; r = json.load(open('$tmp/h.json'))['results'][0]; print('  --format $fmt: %.1f ms (mean, %d runs, min %.1f, max %.1f; hyperfine)' % (r['mean'] * 1e3, len(r['times']), r['min'] * 1e3, r['max'] * 1e3))" &&
		continue
	fi
	start=$(date +%s%N)
	i=0
	while [ $i -lt $runs ]; do
		$cmd >/dev/null 2>&1
		i=$((i + 1))
	done
	end=$(date +%s%N)
	echo "  --format $fmt: $(( (end - start) / runs / 1000000 )) ms per run ($runs runs, shell loop)"
done
if [ -x /usr/bin/time ]; then
	kb=$(/usr/bin/time -f %M "$vg" matrix --dumps tests/data/dumps --format json \
		-o "$tmp/out" 2>&1 >/dev/null | tail -1)
	echo "  peak memory: $kb KB (one machine type's dumps are loaded at a time)"
fi
