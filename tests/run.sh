#!/bin/sh
# Run every test against each build directory given (build, build-asan):
# cmocka unit tests and fuzz corpus replays (TAP), then the shell suites in
# tests/t/. Each file's TAP goes to BUILD/test-logs/; failures are shown.
# Ends with the line "N passed, N failed".
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
failed_files=

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
		failed_files="$failed_files $1"
		echo "FAIL $3"
		grep -B2 -A12 '^not ok ' "$1" | sed 's/^/    /' | head -60
	else
		echo "ok   $3 ($p)"
	fi
}

for build in "$@"; do
	bdir=$top/$build
	logs=$bdir/test-logs
	rm -rf "$logs"
	mkdir -p "$logs"
	for t in "$bdir"/tests/test-*; do
		[ -x "$t" ] || continue
		name=$build/$(basename "$t")
		log=$logs/$(basename "$t").tap
		(cd "$top" && CMOCKA_MESSAGE_OUTPUT=TAP "$t") >"$log" 2>&1
		count "$log" $? "$name"
	done
	for t in "$bdir"/fuzz/fuzz-*; do
		[ -x "$t" ] || continue
		name=$build/$(basename "$t")
		log=$logs/$(basename "$t").tap
		corpus=$top/fuzz/corpus/$(basename "$t" | sed 's/^fuzz-//')
		# The scanner's fuzzer also replays the C fixtures of the tests.
		extra=
		[ "$(basename "$t")" = fuzz-scan ] &&
			extra="$top/tests/data/src/scan $top/tests/data/src/diff"
		# shellcheck disable=SC2086
		(cd "$top" && "$t" "$corpus" $extra) >"$log" 2>&1
		count "$log" $? "$name"
	done
	for t in "$top"/tests/t/t[0-9]*.sh; do
		[ -f "$t" ] || continue
		name=$build/$(basename "$t")
		log=$logs/$(basename "$t" .sh).tap
		VG_BUILD=$bdir VG_TOP=$top sh "$t" >"$log" 2>&1
		count "$log" $? "$name"
	done
done

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
