#!/bin/sh
# Fuzz the parsers with libFuzzer (clang): builds the library and every
# fuzz/fuzz-NAME.c with -fsanitize=fuzzer,address,undefined into
# build-fuzz/, then runs each target for SECONDS (default 60) on a copy of
# fuzz/corpus/NAME (new inputs stay in build-fuzz/corpus/NAME; crashes in
# build-fuzz/crash-NAME-*). Prints the CPU seconds and executions of each.
#
#   sh fuzz/run.sh [SECONDS] [NAME...]
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
cd "$top" || exit 2
command -v clang >/dev/null 2>&1 || { echo "fuzz/run.sh: needs clang (apt-get install clang)" >&2; exit 2; }
flags="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
make --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$flags" build-fuzz/libvg.a >/dev/null || exit 2
pkgs="libgit2 libcjson libpcre2-8 zlib"
names=${*:-$(ls fuzz/fuzz-*.c | sed 's|fuzz/fuzz-||; s|\.c$||')}
mkdir -p build-fuzz/bin build-fuzz/corpus
for n in $names; do
	# shellcheck disable=SC2046,SC2086
	clang $flags -fsanitize=fuzzer -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc \
		$(pkg-config --cflags $pkgs) -o "build-fuzz/bin/fuzz-$n" "fuzz/fuzz-$n.c" \
		build-fuzz/libvg.a $(pkg-config --libs $pkgs) -lpthread || exit 2
	mkdir -p "build-fuzz/corpus/$n"
	cp -n fuzz/corpus/"$n"/* "build-fuzz/corpus/$n/" 2>/dev/null
	log=build-fuzz/fuzz-$n.log
	/usr/bin/time -f "%U %S" -o build-fuzz/time-$n \
		"build-fuzz/bin/fuzz-$n" -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
		-artifact_prefix="build-fuzz/crash-$n-" "build-fuzz/corpus/$n" >"$log" 2>&1
	rc=$?
	cpu=$(awk '{ printf "%.0f", $1 + $2 }' build-fuzz/time-$n)
	execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log")
	[ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
	echo "fuzz-$n: exit $rc, ${cpu} s CPU, ${execs:-?} runs, corpus $(ls "build-fuzz/corpus/$n" | wc -l) inputs$( [ $rc -ne 0 ] && echo ", see $log")"
done
