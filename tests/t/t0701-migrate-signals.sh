#!/bin/sh
# migrate: a QEMU that hangs is timed out and reaped; after SIGINT or
# SIGTERM no QEMU (nor anything a wrapper started) is left, nor a socket.
# The private directory is made under a TMPDIR of the test's own, whose
# path is in every child's command line: pgrep -f finds them by it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-migrate.sh"

# wait_for_children MARKER: until pgrep finds a process (at most 20 s).
wait_for_children() {
	n=0
	while ! pgrep -f "$1" >/dev/null; do
		n=$((n + 1))
		[ $n -lt 200 ] || { echo "no child process with $1 appeared" >&2; return 1; }
		sleep 0.1
	done
}

# no_children MARKER: none left, within 2 s of the gate's exit (reaped ones are gone at once).
no_children() {
	n=0
	while pgrep -af "$1" | grep -v pgrep; do
		n=$((n + 1))
		[ $n -lt 20 ] || { echo "processes with $1 are left" >&2; return 1; }
		sleep 0.1
	done
}

test_expect_success 'a QEMU that hangs is timed out and reaped (its wrapper children too)' '
	mkdir tmp &&
	write_wrapper "$PWD/hanging-qemu" hang &&
	test_exit 3 env TMPDIR="$PWD/tmp" "$VG" migrate --src "$QEMU" --dst "$PWD/hanging-qemu" \
		-M q35 -q --device e1000 --timeout 1 >out 2>err &&
	grep "^e1000  *-  *fail  *unmigratable  *-  *NEW -> NEW: timed out waiting for the destination.s QMP socket$" out &&
	grep "nothing was tested" err &&
	no_children "$PWD/sleeper" &&
	no_children "$PWD/tmp" &&
	test -z "$(ls tmp)"
'

test_expect_success 'a QEMU that answers QMP with malformed JSON: an error, not a crash' '
	write_wrapper "$PWD/garbage-qemu" garbage &&
	test_exit 3 "$VG" migrate --src "$PWD/garbage-qemu" --dst "$PWD/garbage-qemu" -M q35 -q \
		--device e1000 --timeout 5 >out &&
	grep "^e1000  *-  *fail  *unmigratable  *-  *NEW -> NEW: malformed JSON: .{\"return\": {}} {\"nonsense.$" out &&
	no_children "$PWD/garbage-qemu"
'

# interrupt SIGNAL EXIT SRC DST MARKER: start migrate --all-devices (many
# QEMUs, one after the other), wait until a child with MARKER runs, send the
# signal, and check that nothing is left.
interrupt() {
	mkdir -p tmp &&
	{ TMPDIR="$PWD/tmp" "$VG" migrate --src "$3" --dst "$4" -M q35 --all-devices -j2 \
		--timeout 60 >out 2>err & } &&
	pid=$! &&
	wait_for_children "$5" &&
	kill -"$1" $pid &&
	if wait $pid; then rc=0; else rc=$?; fi &&
	test "$rc" = "$2" &&
	grep "interrupted by signal" err &&
	no_children "$PWD/tmp" &&
	no_children "$PWD/sleeper" &&
	test -z "$(ls tmp)"
}

test_expect_success 'SIGINT amid real QEMUs: exit 130, none left, the private directory removed' '
	interrupt INT 130 "$QEMU" "$QEMU" "qemu-system-x86_64 .*$PWD/tmp/vgm"
'

test_expect_success 'SIGTERM while a hanging QEMU is waited for: exit 143, nothing left' '
	write_wrapper "$PWD/hanging-qemu" hang &&
	interrupt TERM 143 "$QEMU" "$PWD/hanging-qemu" "$PWD/sleeper"
'

test_done
