#!/bin/sh
# bench/check.sh BUILD_DIR: the git gate's speed.
#
# 1. the pre-commit check (check --staged) with one staged VMState file in a
#    repository of at least 100k commits: QEMU's history when the mirror is
#    there (a shared, worktree-less clone with a temporary index), else a
#    generated repository of 100k commits (git fast-import). Goal: < 100 ms.
# 2. check v8.2.0..v9.0.0 (1600b9f46b..c25df57ae8) at source level on the
#    mirror, when it is there. Goal: < 20 s.
# Nothing is written to the mirror: the clone borrows its objects.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) bdir=$build ;; *) bdir=$top/$build ;; esac
vg=$bdir/vmstate-gate
[ -x "$vg" ] || { echo "bench/check.sh: no $vg" >&2; exit 2; }
mirror=${VG_QEMU_MIRROR:-$top/../.mirror/pbo-linaro+qemu-ci/repo}
runs=${VG_BENCH_RUNS:-11}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vg-bench-check.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp GIT_CEILING_DIRECTORIES=$tmp
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE 2>/dev/null || true

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# median_ms CMD...: run CMD $runs times (output discarded), print the median.
median_ms() {
	i=0
	: >"$tmp/times"
	while [ $i -lt "$runs" ]; do
		t0=$(now_ms)
		"$@" >/dev/null 2>&1
		echo $(($(now_ms) - t0)) >>"$tmp/times"
		i=$((i + 1))
	done
	sort -n "$tmp/times" | sed -n "$(((runs + 1) / 2))p"
}

# generate_repo DIR N: N commits, each changing one of a few files, with a
# release tag every 2000 commits (QEMU makes about 2000-3000 a cycle).
generate_repo() {
	git init -q "$1" &&
	awk -v n="$2" -v foo="$top/tests/data/qemu-mini/hw/misc/foo.c" '
	BEGIN {
		while ((getline l < foo) > 0) src = src l "\n"
		mark = 0
		for (i = 1; i <= n; i++) {
			printf "commit refs/heads/main\nmark :%d\n", ++mark
			printf "committer bench <bench@example.com> %d +0000\n", 1600000000 + i
			msg = "commit " i
			printf "data %d\n%s\n", length(msg), msg
			if (i > 1) printf "from :%d\n", mark - 1
			if (i == 1) {
				printf "M 100644 inline VERSION\ndata 6\n1.0.0\n"
				printf "M 100644 inline hw/misc/foo.c\ndata %d\n%s\n", length(src), src
			} else if (i == 2) {
				printf "M 100644 inline VERSION\ndata 7\n1.0.50\n"
			}
			body = "/* change " i " */\n"
			printf "M 100644 inline misc/file%d.c\ndata %d\n%s\n", i % 97, length(body), body
			if (i % 2000 == 1) {
				printf "tag v1.%d.0\nfrom :%d\n", int(i / 2000), mark
				printf "tagger bench <bench@example.com> %d +0000\ndata 0\n", 1600000000 + i
			}
		}
	}' | git -C "$1" fast-import --quiet &&
	git -C "$1" symbolic-ref HEAD refs/heads/main
}

echo "-- check --staged, one staged file, in a repository of >= 100k commits"
if [ -d "$mirror" ]; then
	git clone -q --no-checkout --shared "$mirror" "$tmp/q" 2>/dev/null || exit 2
	file=hw/scsi/esp.c
	label="QEMU mirror ($(git -C "$tmp/q" rev-list --count HEAD) commits, HEAD $(git -C "$tmp/q" rev-parse --short HEAD))"
else
	t0=$(now_ms)
	generate_repo "$tmp/q" 100000 || exit 2
	echo "(no QEMU mirror: generated 100000 commits in $(($(now_ms) - t0)) ms)"
	file=hw/misc/foo.c
	label="generated repository ($(git -C "$tmp/q" rev-list --count HEAD) commits)"
fi
git -C "$tmp/q" read-tree HEAD || exit 2
# Stage a changed copy of one VMState file (the object goes to the clone).
git -C "$tmp/q" cat-file blob "HEAD:$file" >"$tmp/staged.c" &&
	echo "/* staged by bench/check.sh */" >>"$tmp/staged.c" &&
	blob=$(git -C "$tmp/q" hash-object -w "$tmp/staged.c") &&
	git -C "$tmp/q" update-index --cacheinfo "100644,$blob,$file" || exit 2
"$vg" -C "$tmp/q" check --staged >"$tmp/out" 2>&1
echo "exit $? on $label, staged $file:"
sed 's/^/   /' "$tmp/out"
ms=$(median_ms "$vg" -C "$tmp/q" check --staged)
echo "check --staged: median ${ms} ms of $runs runs (goal < 100 ms)"

echo
echo "-- check v8.2.0..v9.0.0 (1600b9f46b..c25df57ae8) on QEMU's history"
if [ -d "$mirror" ]; then
	t0=$(now_ms)
	"$vg" -C "$mirror" check --no-progress 1600b9f46b..c25df57ae8 >"$tmp/range" 2>&1
	rc=$?
	ms=$(($(now_ms) - t0))
	echo "exit $rc in ${ms} ms (goal < 20000 ms)"
	grep -E "commits checked|^baseline:|change VMState-relevant" "$tmp/range" | sed 's/^/   /'
	echo "findings by rule (unwaived, waived):"
	sed -n 's/.*\[\([a-z-]*\)\]\( (waived.*\)\{0,1\}$/\1\2/p' "$tmp/range" |
		sed 's/ (waived.*/ waived/' | sort | uniq -c | sort -rn | sed 's/^/   /'
else
	echo "(skipped: no QEMU mirror at $mirror)"
fi
