#!/bin/sh
# make bench: run each part's benchmark against BUILD_DIR (default build).
#
#   sh bench/run.sh [BUILD_DIR]
#
# The parts are bench/compare.sh (dump comparator), bench/scan.sh (C
# scanner), bench/check.sh (git gate), bench/matrix.sh (release matrix)
# and bench/dumps.sh (dump sets); each takes the build directory as
# $1 and prints its own numbers. A part that is not there yet is reported
# as skipped; bench/migrate.sh (real migrations of every pc-q35 device
# with Debian's QEMU) is one more part. Optional inputs (the QEMU mirror, QEMU's Python checker,
# hyperfine) are each part's business: a part that fails is reported and
# the run goes on, so make bench never fails for lack of them. Only a
# missing binary is an error (exit 2).
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in
/*) bdir=$build ;;
*) bdir=$top/$build ;;
esac

if [ ! -x "$bdir/vmstate-gate" ]; then
	echo "bench: no $bdir/vmstate-gate; run 'make BUILD=$build' first" >&2
	exit 2
fi

echo "vmstate-gate benchmarks: $("$bdir/vmstate-gate" --version)"
echo "host: $(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cpus"
if [ -d "$top/../.mirror/pbo-linaro+qemu-ci/repo" ]; then
	echo "QEMU history: available"
else
	echo "QEMU history: not available (parts that need it skip those numbers)"
fi

ran=0
problems=0
for part in compare scan check matrix dumps migrate; do
	script=$top/bench/$part.sh
	echo
	echo "== $part =="
	if [ ! -f "$script" ]; then
		echo "(skipped: bench/$part.sh is not there yet)"
		continue
	fi
	start=$(date +%s)
	(cd "$top" && sh "$script" "$bdir")
	rc=$?
	end=$(date +%s)
	ran=$((ran + 1))
	if [ "$rc" -ne 0 ]; then
		problems=$((problems + 1))
		echo "(bench/$part.sh exited $rc; its numbers above may be incomplete)"
	fi
	echo "(part took $((end - start)) s)"
done

echo
echo "== done: $ran parts run, $problems with problems =="
exit 0
