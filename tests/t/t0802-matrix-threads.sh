#!/bin/sh
# matrix builds rows on two threads (each row loads and compares its own
# dumps): run by the ThreadSanitizer build, no data race, and the same
# bytes as the plain build. Runs once, with the plain build; make check
# builds build-tsan.
. "$(dirname "$0")/lib.sh"

TSAN=$TOP/build-tsan/vmstate-gate
TSAN_OPTIONS="halt_on_error=1 exitcode=66"
export TSAN_OPTIONS

if nm "$VG" 2>/dev/null | grep -q __asan_init; then
	test_skip 'ThreadSanitizer runs of matrix' 'run with the plain build only'
	test_done
	exit 0
fi
if [ ! -x "$TSAN" ]; then
	echo "not ok 1 - no $TSAN (make check builds it)"
	exit 1
fi

test_expect_success 'matrix of every release dump (two row threads): no race, same output' '
	(cd "$DATA" && test_exit 1 "$TSAN" matrix --dumps dumps --format json) >out 2>err &&
	! grep ThreadSanitizer err &&
	test_cmp "$DATA/matrix/release.json" out
'

test_expect_success 'a bad dump on one thread: no race, exit 2, the file named' '
	mkdir -p d/v9.0.0/m68k d/v9.1.0/m68k &&
	cp "$RELEASE_DUMPS/v9.0.0/m68k/q800.json" "$RELEASE_DUMPS/v9.0.0/m68k/virt-9.0.json" \
		d/v9.0.0/m68k/ &&
	cp "$RELEASE_DUMPS/v9.1.0/m68k/q800.json" d/v9.1.0/m68k/ &&
	echo "[" >d/v9.1.0/m68k/virt-9.0.json &&
	test_exit 2 "$TSAN" matrix --dumps d >out 2>err &&
	! grep ThreadSanitizer err &&
	grep "d/v9.1.0/m68k/virt-9.0.json:2:1: error" err
'

test_done
