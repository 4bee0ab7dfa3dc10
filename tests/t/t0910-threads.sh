#!/bin/sh
# The commands that use threads (compare loads both dumps at once,
# diff-source scans two large files at once, and so does the gate, whose
# two scans share its header cache), run by a ThreadSanitizer build: no
# data race.
# Runs once, with the plain build; make check builds build-tsan.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

TSAN=$TOP/build-tsan/vmstate-gate
TSAN_OPTIONS="halt_on_error=1 exitcode=66"
export TSAN_OPTIONS

if nm "$VG" 2>/dev/null | grep -q __asan_init; then
	test_skip 'ThreadSanitizer runs' 'run with the plain build only'
	test_done
	exit 0
fi
if [ ! -x "$TSAN" ]; then
	echo "not ok 1 - no $TSAN (make check builds it)"
	exit 1
fi

test_expect_success 'the ThreadSanitizer build is one' '
	nm "$TSAN" | grep -q __tsan_init
'

test_expect_success 'compare (two loading threads): no race' '
	test_exit 1 "$TSAN" compare "$DATA/dumps/v8.2.0/x86_64/pc-q35-8.2.json" \
		"$DATA/dumps/v9.0.0/x86_64/pc-q35-8.2.json" >out 2>err &&
	grep "esp/pdma: ERROR" out &&
	! grep ThreadSanitizer err
'

test_expect_success 'diff-source of two large files (two scanning threads): no race' '
	pad_c_file "$DATA/src/diff/dev-v1.c" a.c &&
	pad_c_file "$DATA/src/diff/dev-remove.c" b.c &&
	test $(wc -c <a.c) -gt 65536 &&
	test_exit 1 "$TSAN" diff-source a.c b.c >out 2>err &&
	grep "field-removed" out &&
	! grep ThreadSanitizer err
'

test_expect_success 'check of a commit changing a large file: no race' '
	make_qemu_repo r &&
	pad_c_file r/hw/misc/foo.c big.c && mv big.c r/hw/misc/foo.c &&
	git -C r commit -q -a -m "foo: a long comment" &&
	sed -i "/VMSTATE_UINT16(count, FooState)/d" r/hw/misc/foo.c &&
	git -C r commit -q -a -m "foo: drop count" &&
	test_exit 1 "$TSAN" -C r check --baseline HEAD~1 HEAD >out 2>err &&
	grep "field-removed" out &&
	! grep ThreadSanitizer err
'

# Both scans of each file read foo.h through the gate's cache at once:
# first the same blob on both sides (parsed on both threads, kept once),
# then a header changed under the file (two blobs, two entries).
test_expect_success 'check of a range where both sides read one header: no race, sizes right' '
	make_qemu_repo r2 &&
	pad_c_file r2/hw/misc/foo.c big.c && mv big.c r2/hw/misc/foo.c &&
	git -C r2 commit -q -a -m "foo: a long comment" &&
	sed -i "s/#define FOO_NR_REGS 4/#define FOO_NR_REGS 8/" r2/include/hw/misc/foo.h &&
	git -C r2 commit -q -a -m "foo: more registers" &&
	test_exit 1 "$TSAN" -C r2 check --baseline HEAD~2 --since-baseline HEAD >out 2>err &&
	grep "regs.*16 bytes to 32 bytes.*field-size-changed" out &&
	! grep ThreadSanitizer err
'

test_done
