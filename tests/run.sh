#!/bin/sh
# Run every test against each build directory given (build, build-asan):
# cmocka unit tests and fuzz corpus replays (TAP), then the shell suites in
# tests/t/. JOBS test files run at once (default: the number of CPUs); each
# file's TAP goes to BUILD/test-logs/, and the results are then counted in
# a fixed order, failures shown. Ends with the line "N passed, N failed".
top=$(cd "$(dirname "$0")/.." && pwd)

# One test file (run by xargs below): its TAP to LOG, its exit status to LOG.rc.
run_one() { # $1 = build, $2 = unit|fuzz|t, $3 = file name
	bdir=$top/$1
	logs=$bdir/test-logs
	case $2 in
	unit)
		log=$logs/$3.tap
		(cd "$top" && CMOCKA_MESSAGE_OUTPUT=TAP "$bdir/tests/$3") >"$log" 2>&1
		;;
	fuzz)
		log=$logs/$3.tap
		corpus=$top/fuzz/corpus/$(echo "$3" | sed 's/^fuzz-//')
		# The scanner's fuzzer also replays the C fixtures of the tests.
		extra=
		[ "$3" = fuzz-scan ] &&
			extra="$top/tests/data/src/scan $top/tests/data/src/diff"
		# shellcheck disable=SC2086
		(cd "$top" && "$bdir/fuzz/$3" "$corpus" $extra) >"$log" 2>&1
		;;
	t)
		log=$logs/$(basename "$3" .sh).tap
		VG_BUILD=$bdir VG_TOP=$top sh "$top/tests/t/$3" >"$log" 2>&1
		;;
	esac
	echo $? >"$log.rc"
}

if [ "${1-}" = --one ]; then
	shift
	run_one "$@"
	exit 0
fi

JOBS=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
pass=0
fail=0

count() { # $1 = tap log, $2 = exit status, $3 = name
	p=$(grep -c '^ok ' "$1")
	f=$(grep -c '^not ok ' "$1")
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		# A test file that ran nothing is a failure, not a pass.
		f=1
		echo "not ok - $3 ran no test (exit $2)" >>"$1"
	elif [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $3 exited $2" >>"$1"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		echo "FAIL $3"
		grep -B2 -A12 '^not ok ' "$1" | sed 's/^/    /' | head -60
	else
		echo "ok   $3 ($p)"
	fi
}

# Every test file of every build, one "BUILD KIND FILE" a line: the shell
# suites first (the slowest), so that the short ones fill in at the end.
list() {
	for build in "$@"; do
		for t in "$top"/tests/t/t[0-9]*.sh; do
			[ -f "$t" ] && echo "$build t $(basename "$t")"
		done
	done
	for build in "$@"; do
		for t in "$top/$build"/tests/test-*; do
			[ -x "$t" ] && echo "$build unit $(basename "$t")"
		done
		for t in "$top/$build"/fuzz/fuzz-*; do
			[ -x "$t" ] && echo "$build fuzz $(basename "$t")"
		done
	done
}

for build in "$@"; do
	rm -rf "$top/$build/test-logs"
	mkdir -p "$top/$build/test-logs"
done
list "$@" | xargs -P "$JOBS" -n 3 sh "$0" --one

# Count in a fixed order: unit tests, fuzzers, shell suites, per build.
for build in "$@"; do
	logs=$top/$build/test-logs
	for k in unit fuzz t; do
		list "$build" | while read -r b kind file; do
			[ "$kind" = "$k" ] || continue
			case $kind in
			t) log=$logs/$(basename "$file" .sh).tap ;;
			*) log=$logs/$file.tap ;;
			esac
			echo "$log $b/$file"
		done
	done
done >"${TMPDIR:-/tmp}/vg-run.$$"
while read -r log name; do
	rc=1
	[ -f "$log.rc" ] && rc=$(cat "$log.rc")
	[ -f "$log" ] || echo "not ok - $name did not run" >"$log"
	count "$log" "$rc" "$name"
done <"${TMPDIR:-/tmp}/vg-run.$$"
rm -f "${TMPDIR:-/tmp}/vg-run.$$"

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
