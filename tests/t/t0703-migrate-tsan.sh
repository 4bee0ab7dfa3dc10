#!/bin/sh
# migrate -j3 (a pool of threads, each starting and reaping QEMUs), run by
# the ThreadSanitizer build: no data race.
# Runs once, with the plain build; make check builds build-tsan.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-migrate.sh"

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

test_expect_success 'migrate -j3, passes, a failure and a not testable device: no race' '
	write_wrapper ./dropping-qemu drop &&
	test_exit 1 "$TSAN" migrate --src "$QEMU" --dst ./dropping-qemu -M q35 -j3 --repeat 2 \
		--device e1000 --device i6300esb --device virtio-rng-pci --device nvme >out 2>err &&
	grep "^nvme  *-  *NEW only  *not testable  *-  *OLD: -device nvme: serial property not set$" out &&
	grep "^4 devices: 0 passed, 3 failed, 0 unmigratable, 1 not testable$" out &&
	! grep ThreadSanitizer err
'

test_done
