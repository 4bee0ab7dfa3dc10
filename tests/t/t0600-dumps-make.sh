#!/bin/sh
# dumps make: running QEMU for binaries and machine types, failures,
# timeouts and signals (a stand-in qemu-system-*, tests/t/lib-dumps.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-dumps.sh"

D9=$RELEASE_DUMPS/v9.0.0
B=$HOME/bin

# x86_64: pc-q35-8.2 and pc-q35-9.0 (version 9.0.50: the previous release
# is 9.0); m68k: q800, virt-8.2, virt-9.0.
make_fake_qemu "$B" x86_64 "$D9/x86_64"
make_fake_qemu "$B" m68k "$D9/m68k"
Q=$B/qemu-system-x86_64

test_expect_success 'dumps --help and dumps make --help' '
	"$VG" dumps --help >out &&
	grep "usage: vmstate-gate dumps" out &&
	grep "publish" out &&
	"$VG" dumps make --help >out &&
	grep -- "--build-dir DIR" out &&
	grep -- "--timeout SECONDS" out &&
	test_exit 2 "$VG" dumps make 2>err &&
	grep "needs --build-dir DIR or --qemu BIN" err &&
	test_exit 2 "$VG" dumps frob 2>err &&
	grep "not a subcommand" err
'

test_expect_success 'a set: each machine type dumped, and a manifest' '
	rm -f "$B/log-x86_64" &&
	"$VG" dumps make --qemu "$Q" --machines all -o set >out &&
	test_cmp - out <<-EOF &&
	set
	EOF
	cmp set/x86_64/pc-q35-9.0.json "$D9/x86_64/pc-q35-9.0.json" &&
	cmp set/x86_64/pc-q35-8.2.json "$D9/x86_64/pc-q35-8.2.json" &&
	sort "$B/log-x86_64" >log &&
	printf "pc-q35-8.2\npc-q35-9.0\n" | test_cmp - log &&
	grep "\"version\":.*QEMU emulator version 9.0.50 (stand-in)" set/manifest.json &&
	grep "\"binary\":.*\"qemu-system-x86_64\"" set/manifest.json &&
	grep "\"ich9-ahci\"" set/manifest.json &&
	grep "\"tree\":.*null" set/manifest.json &&
	! ls set | grep -v "^manifest.json$" | grep -v "^x86_64$"
'

test_expect_success 'the default: the previous release and unversioned boards, no alias' '
	"$VG" dumps make --qemu "$Q" --qemu "$B/qemu-system-m68k" -o set &&
	ls set/x86_64 set/m68k >out &&
	test_cmp - out <<-EOF
	set/m68k:
	q800.json
	virt-9.0.json

	set/x86_64:
	pc-q35-9.0.json
	EOF
'

test_expect_success '--build-dir takes every qemu-system-* binary; -j2 makes the same set' '
	cp -R "$B" build &&
	echo "not a binary" >build/qemu-system-x86_64.p &&
	"$VG" dumps make --build-dir build -j 1 --machines all -o one &&
	"$VG" dumps make --build-dir build -j 2 --machines all -o two &&
	ls one/m68k one/x86_64 >ls &&
	grep -c json ls >n && test_cmp - n <<-EOF &&
	5
	EOF
	diff -r one two
'

test_expect_success '--machines names machine types; one no binary has is an input error' '
	"$VG" dumps make --qemu "$Q" --qemu "$B/qemu-system-m68k" --machines pc-q35-8.2,q800 -o set &&
	ls set/x86_64 set/m68k >out &&
	grep -x "pc-q35-8.2.json" out && grep -x "q800.json" out &&
	test $(grep -c json out) -eq 2 &&
	test_exit 2 "$VG" dumps make --qemu "$Q" --machines pc-q35-8.2,nosuch -o set2 2>err &&
	grep "no binary has machine type .nosuch." err &&
	test ! -e set2 &&
	! ls | grep tmp
'

test_expect_success 'a binary that is not qemu-system-TARGET, or missing, is refused (exit 2)' '
	test_exit 2 "$VG" dumps make --qemu /bin/true -o set 2>err &&
	grep "not a qemu-system-TARGET binary" err &&
	test_exit 2 "$VG" dumps make --qemu "$HOME/nowhere/qemu-system-arm" -o set 2>err &&
	grep "not an executable" err &&
	test_exit 2 "$VG" dumps make --build-dir "$HOME" -o set 2>err &&
	grep "no qemu-system-\* binary in" err &&
	mkdir set3 &&
	test_exit 2 "$VG" dumps make --qemu "$Q" -o set3 2>err &&
	grep "set3 exists" err
'

test_expect_success 'a QEMU that crashes: exit 3, the machine and the signal named, no set' '
	FAKE_CRASH=pc-q35-8.2 test_exit 3 "$VG" dumps make --qemu "$Q" --machines all -j2 -o set 2>err &&
	grep "error: qemu-system-x86_64 -M pc-q35-8.2: killed by signal 11" err &&
	grep "^    qemu-system-x86_64: crashing on purpose" err &&
	! grep "pc-q35-9.0" err &&
	test ! -e set &&
	! ls | grep tmp
'

test_expect_success 'a QEMU that fails: its own error is shown' '
	FAKE_FAIL=pc-q35-9.0 test_exit 3 "$VG" dumps make --qemu "$Q" -o set 2>err &&
	grep "error: qemu-system-x86_64 -M pc-q35-9.0: exited with 1; its messages:" err &&
	grep "^    qemu-system-x86_64: -M pc-q35-9.0: unsupported machine type" err &&
	test ! -e set
'

test_expect_success 'a QEMU that exits 0 but writes no dump is a failure' '
	cp -R "$B" b2 &&
	sed -i "s/^cp .*/exit 0/" b2/qemu-system-x86_64 &&
	test_exit 3 "$VG" dumps make --qemu b2/qemu-system-x86_64 -o set 2>err &&
	grep "pc-q35-9.0: exited with 0 but wrote no valid dump" err &&
	cp -R "$B" b3 &&
	echo "{ truncated" >b3/dumps-x86_64/pc-q35-9.0.json &&
	test_exit 3 "$VG" dumps make --qemu b3/qemu-system-x86_64 -o set 2>err &&
	grep "pc-q35-9.0.json:.*error" err &&
	test ! -e set
'

test_expect_success 'a QEMU that hangs: killed with its process group after the timeout' '
	rm -f "$B/hang.pid" &&
	FAKE_HANG=pc-q35-9.0 test_exit 3 "$VG" dumps make --qemu "$Q" --timeout 1 -o set 2>err &&
	grep "error: qemu-system-x86_64 -M pc-q35-9.0: timed out after 1 seconds (killed)" err &&
	gone "$B/hang.pid" &&
	gone "$B/hang-shell.pid" &&
	test ! -e set
'

test_expect_success 'SIGTERM: every QEMU killed and reaped, exit 3' '
	rm -f "$B/hang.pid" &&
	{ FAKE_HANG=pc-q35-9.0 "$VG" dumps make --qemu "$Q" --timeout 0 -o set 2>err & } &&
	vg=$! &&
	i=0 && while [ ! -s "$B/hang.pid" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done &&
	kill -TERM $vg &&
	test_exit 3 wait $vg &&
	grep "interrupted by signal 15" err &&
	gone "$B/hang.pid" &&
	gone "$B/hang-shell.pid" &&
	test ! -e set &&
	! ls | grep tmp
'

test_expect_success 'QEMU runs with stdin from /dev/null in its own process group' '
	cat >qemu-system-sh4 <<-\EOF &&
	#!/bin/sh
	case "$1" in
	--version) echo "QEMU emulator version 9.0.0"; exit 0 ;;
	-machine) printf "Supported machines are:\nr2d   A board\n"; exit 0 ;;
	-device) exit 0 ;;
	esac
	readlink /proc/self/fd/0 >"$HOME/stdin" &&
	ps -o pgid= -p $$ | tr -d " " >"$HOME/pgid" &&
	echo $$ >"$HOME/pid" &&
	cp "$DATA/dumps/v9.0.0/m68k/q800.json" "$7"
	EOF
	chmod +x qemu-system-sh4 &&
	"$VG" dumps make --qemu ./qemu-system-sh4 -o set </dev/zero &&
	test_cmp - "$HOME/stdin" <<-EOF &&
	/dev/null
	EOF
	test_cmp "$HOME/pid" "$HOME/pgid"
'

test_done
