#!/bin/sh
# make bench, comparator part: time `vmstate-gate compare` on the real
# x86_64 v8.2.0 -> v9.0.0 pair (pc-q35-8.2, about 750 KB each) and report
# milliseconds per comparison and peak memory; QEMU's
# scripts/vmstate-static-checker.py side by side when the QEMU mirror is
# there (it is extracted to a temporary file, never into the tree).
#
#   sh bench/compare.sh [BUILD_DIR]
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in
/*) bdir=$build ;;
*) bdir=$top/$build ;;
esac
vg=$bdir/vmstate-gate
old=$top/tests/data/dumps/v8.2.0/x86_64/pc-q35-8.2.json
new=$top/tests/data/dumps/v9.0.0/x86_64/pc-q35-8.2.json
mirror=$top/../.mirror/pbo-linaro+qemu-ci/repo
runs=200

if [ ! -x "$vg" ]; then
	echo "compare: no $vg; run 'make BUILD=$build' first" >&2
	exit 2
fi
echo "compare: $(basename "$(dirname "$(dirname "$old")")") -> $(basename "$(dirname "$(dirname "$new")")") x86_64 pc-q35-8.2 ($(wc -c <"$old") and $(wc -c <"$new") bytes)"

# Milliseconds per comparison: hyperfine when installed, else a loop.
ms_per_run() { # cmd...
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -i --warmup 10 --runs "$runs" --export-json "$tmp/h.json" "$*" \
			>/dev/null 2>&1 &&
		python3 -c "import json; r = json.load(open('$tmp/h.json'))['results'][0]; print('%.2f ms (mean, %d runs, min %.2f, max %.2f; hyperfine)' % (r['mean'] * 1e3, len(r['times']), r['min'] * 1e3, r['max'] * 1e3))" &&
		return 0
	fi
	start=$(date +%s%N)
	i=0
	while [ $i -lt $runs ]; do
		"$@" >/dev/null 2>&1
		i=$((i + 1))
	done
	end=$(date +%s%N)
	echo "$(( (end - start) / runs / 1000 )) us per run ($runs runs, shell loop)" |
		awk '{ printf "%.2f ms%s\n", $1 / 1000, substr($0, index($0, " per run") + 8) }'
}

peak_kb() { # cmd...
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
	else
		echo "?"
	fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$vg" compare "$old" "$new" >"$tmp/out"
echo "  verdict: $(tail -1 "$tmp/out")"
echo "  vmstate-gate compare: $(ms_per_run "$vg" compare "$old" "$new")"
echo "  vmstate-gate compare: peak RSS $(peak_kb "$vg" compare "$old" "$new") KB"
echo "  vmstate-gate compare (dump with itself): $(ms_per_run "$vg" compare "$old" "$old")"
# The fixed cost of starting the binary (the dynamic loader maps libgit2,
# PCRE2, cJSON and their dependencies): part of every number above. libgit2
# is linked like the others (ldd and dpkg-shlibdeps see it); a small
# compare shows what that start costs a command that never opens a repository.
small_old=$top/tests/data/dumps/small/old.json
small_new=$top/tests/data/dumps/small/new.json
echo "  vmstate-gate --version (process start only): $(ms_per_run "$vg" --version)"
echo "  vmstate-gate compare of two small dumps ($(wc -c <"$small_old") bytes): $(ms_per_run "$vg" compare "$small_old" "$small_new")"
if command -v ldd >/dev/null 2>&1; then
	echo "  shared libraries loaded at start: $(ldd "$vg" | grep -c '=>')" \
		"(libgit2 among them: $(ldd "$vg" | grep -q 'libgit2' && echo yes || echo no))"
fi

py=$tmp/vmstate-static-checker.py
if [ -d "$mirror" ] && command -v python3 >/dev/null 2>&1 &&
   git --git-dir="$mirror" show HEAD:scripts/vmstate-static-checker.py >"$py" 2>/dev/null; then
	runs=20
	python3 "$py" -s "$old" -d "$new" >"$tmp/py.out" 2>&1
	echo "  vmstate-static-checker.py: exit $? ($(grep -c . "$tmp/py.out") lines of output)"
	echo "  vmstate-static-checker.py: $(ms_per_run python3 "$py" -s "$old" -d "$new")"
	echo "  vmstate-static-checker.py: peak RSS $(peak_kb python3 "$py" -s "$old" -d "$new") KB"
else
	echo "  vmstate-static-checker.py: skipped (no QEMU mirror at $mirror, or no python3)"
fi
