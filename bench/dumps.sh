#!/bin/sh
# bench/dumps.sh BUILD_DIR: the dump side's speed, with Debian's
# /usr/bin/qemu-system-x86_64 (skipped when it is not installed).
#
# 1. dumps make --machines all -j2: every x86_64 machine type, cold
#    (a fresh cache each run).
# 2. check of one commit whose dumps are all cached (the baseline's
#    published, the build's cached; an empty build command), side by side
#    with the same check source-only (vmstate-gate.dumps never).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) bdir=$build ;; *) bdir=$top/$build ;; esac
vg=$bdir/vmstate-gate
qemu=/usr/bin/qemu-system-x86_64
runs=${VG_BENCH_RUNS:-5}
[ -x "$vg" ] || { echo "bench/dumps.sh: no $vg" >&2; exit 2; }
if [ ! -x "$qemu" ]; then
	echo "(skipped: $qemu is not installed)"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vg-bench-dumps.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp GIT_CEILING_DIRECTORIES=$tmp
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE 2>/dev/null || true

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n "$1" | sed -n "$(((runs + 1) / 2))p"; }

# A QEMU-style repository: v1.0.0 with the Debian QEMU's dumps published,
# then a commit on top; build/ holds the binary.
r=$tmp/r
git init -q -b main "$r" && cp -R "$top/tests/data/qemu-mini/." "$r/" &&
git -C "$r" add . && git -C "$r" commit -q -m "Update version for v1.0.0 release" &&
git -C "$r" tag v1.0.0 || exit 2
machines=$("$qemu" -machine help | sed 1d | grep -vc "(alias of")
echo "QEMU: $("$qemu" --version | head -1), $machines machine types (aliases left out)"

: >"$tmp/t"
i=0
while [ $i -lt "$runs" ]; do
	rm -rf "$tmp/set"
	t0=$(now_ms)
	"$vg" dumps make --qemu "$qemu" --machines all -j2 -o "$tmp/set" >/dev/null 2>&1 ||
		{ echo "dumps make failed" >&2; exit 1; }
	echo $(($(now_ms) - t0)) >>"$tmp/t"
	i=$((i + 1))
done
echo "dumps make --machines all -j2 (every x86_64 machine type): $(median "$tmp/t") ms" \
	"(median of $runs)"

(cd "$r" && "$vg" dumps make --qemu "$qemu" -j2 >/dev/null 2>&1 &&
 "$vg" dumps publish 1.0 >/dev/null) || exit 1
echo 1.0.50 >"$r/VERSION"
sed -i '/VMSTATE_UINT16(count, FooState)/d' "$r/hw/misc/foo.c"
git -C "$r" commit -q -a -m "foo: drop count"
mkdir "$r/build" && ln -s "$qemu" "$r/build/qemu-system-x86_64"
echo /build/ >"$r/.git/info/exclude"
git -C "$r" config vmstate-gate.buildDir build
git -C "$r" config vmstate-gate.buildCommand true
"$vg" -C "$r" check >/dev/null 2>&1   # fills the cache

for mode in auto never; do
	git -C "$r" config vmstate-gate.dumps $mode
	: >"$tmp/t"
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(now_ms)
		"$vg" -C "$r" check >/dev/null 2>"$tmp/err"
		echo $(($(now_ms) - t0)) >>"$tmp/t"
		i=$((i + 1))
	done
	if [ $mode = auto ]; then
		grep -q "machine types compared" "$tmp/err" || { echo "no dumps compared" >&2; exit 1; }
		echo "check, dumps all cached ($(grep -o '[0-9]* machine types' "$tmp/err")): $(median "$tmp/t") ms"
	else
		echo "check, source-only (vmstate-gate.dumps never): $(median "$tmp/t") ms"
	fi
done
