#!/bin/sh
# check --confirm: the errors of a check whose dumps were compared, each
# migrated from the baseline's binary (Debian's QEMU) to the build's (a
# wrapper that dumps one field of mc146818rtc and ICH9-LPC a byte larger
# and, migrating, loses the device), on a machine type the dumps name.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"
. "$(dirname "$0")/lib-dumps.sh"
. "$(dirname "$0")/lib-migrate.sh"
VGRIND="valgrind -q --error-exitcode=98 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"

MACHINES=pc-q35-7.2,pc-i440fx-7.2

# A build's qemu-system-x86_64 (in DIR): dumps through the real QEMU and
# widens the first plain field of mc146818rtc and ICH9-LPC; migrating, it
# runs the real QEMU without the -device it is given.
write_build_qemu() {
	mkdir -p "$1" &&
	write_wrapper "$1/migrating-qemu" drop &&
	cat >"$1/qemu-system-x86_64" <<-EOF &&
	#!/bin/sh
	case " \$* " in
	*" -dump-vmstate "*) ;;
	*" -incoming "*|*" -qmp "*) exec "$1/migrating-qemu" "\$@" ;;
	*) exec "$QEMU" "\$@" ;;
	esac
	for out; do :; done
	"$QEMU" "\$@" || exit
	exec python3 -c "
	import json, sys
	d = json.load(open(sys.argv[1]))
	for k in ('mc146818rtc', 'ICH9-LPC'):
	    if k in d:
	        for f in d[k]['Description']['Fields']:
	            if 'Description' not in f:
	                f['size'] += 1
	                break
	json.dump(d, open(sys.argv[1], 'w'), indent=2)
	" "\$out"
	EOF
	chmod +x "$1/qemu-system-x86_64"
}

# setup DIR: a QEMU-style repository whose v1.0.0 dumps (Debian's QEMU on
# two machine types) are published, a dump-only change, the build above.
setup() {
	make_qemu_repo "$1" &&
	"$VG" dumps make --qemu "$QEMU" --machines $MACHINES -o "$PWD/$1.base" >/dev/null 2>&1 &&
	(cd "$1" && "$VG" dumps publish --from "$PWD/../$1.base" 1.0 >/dev/null) &&
	write_build_qemu "$PWD/$1/build" &&
	echo /build/ >"$1/.git/info/exclude" &&
	git -C "$1" config vmstate-gate.buildDir build &&
	echo "/* rtc is built elsewhere */" >>"$1/hw/misc/plain.c" &&
	git -C "$1" commit -q -a -m "plain: comment"
}

test_expect_success 'qemu-system-x86_64 is installed (make check installs it)' '
	test -x "$QEMU"
'

test_expect_success 'the dump-only error is confirmed by a migration, with QEMU message' '
	setup r &&
	"$VG" -C r dumps make --build-dir build --machines $MACHINES >/dev/null 2>&1 &&
	test_exit 1 "$VG" -C r check --confirm --src-qemu "$QEMU" --no-build >out 2>err &&
	grep "^mc146818rtc/cmos_data: ERROR: .*(on pc-q35-7.2, pc-i440fx-7.2) \[field-size-changed\] (confirmed by a migration: Unknown savevm section or instance .mc146818rtc. 1\..*)$" out &&
	grep "migrating on pc-q35-7.2 from $QEMU to $PWD/r/build/qemu-system-x86_64" err &&
	grep "^ICH9-LPC: ICH9LPC/chip_config: ERROR: .*\[field-size-changed\] (not tested by a migration: not testable: not a device a user can create: .*)$" out &&
	grep "^mc146818rtc  *mc146818rtc  *pass  *FAIL  *3/3" err
'

test_expect_success '-M picks the machine; JSON carries confirmed and the message' '
	setup r &&
	"$VG" -C r dumps make --build-dir build --machines $MACHINES >/dev/null 2>&1 &&
	test_exit 1 "$VG" -C r check --confirm --src-qemu "$QEMU" -M pc-q35-7.2 --repeat 1 \
		--no-build --format json >out.json 2>err &&
	python3 -c "
import json
fs = {f[\"section\"]: f for f in json.load(open(\"out.json\"))[\"findings\"]}
rtc, lpc = fs[\"mc146818rtc\"], fs[\"ICH9-LPC\"]
assert rtc[\"confirmed\"] is True and \"Unknown savevm section\" in rtc[\"confirm_message\"], rtc
assert lpc[\"confirmed\"] is False and lpc[\"confirmation\"] == \"not tested\", lpc
assert \"not a device a user can create\" in lpc[\"confirm_message\"], lpc
"
'

test_expect_success 'the same binary on both sides: not reproduced, and the error stays' '
	setup r &&
	"$VG" -C r dumps make --build-dir build --machines $MACHINES >/dev/null 2>&1 &&
	test_exit 1 "$VG" -C r check --confirm --src-qemu "$QEMU" --dst-qemu "$QEMU" \
		-M pc-q35-7.2 --no-build >out 2>err &&
	grep "^mc146818rtc/cmos_data: ERROR: .*(not reproduced by a migration: the migration passed)$" out
'

test_expect_success 'no OLD binary, no NEW binary, no machine: usage errors (exit 2)' '
	setup r &&
	"$VG" -C r dumps make --build-dir build --machines $MACHINES >/dev/null 2>&1 &&
	test_exit 2 "$VG" -C r check --confirm --no-build >out 2>err &&
	grep "needs --src-qemu OLD" err &&
	test_exit 2 "$VG" -C r check --src-qemu "$QEMU" --no-build 2>err &&
	grep "go with --confirm" err &&
	test_exit 2 "$VG" -C r check --confirm --src-qemu ./nosuch --no-build 2>err &&
	grep "nosuch" err &&
	test_exit 2 "$VG" -C r check --confirm --staged 2>err &&
	grep "goes with a commit or a range" err &&
	git -C r config vmstate-gate.dumps never &&
	test_exit 0 "$VG" -C r check --confirm --src-qemu "$QEMU" >out 2>err &&
	git -C r config --unset vmstate-gate.buildDir &&
	git -C r config vmstate-gate.dumps auto &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" &&
	test_exit 2 "$VG" -C r check --confirm --src-qemu "$QEMU" >out 2>err &&
	grep "needs --dst-qemu NEW, or vmstate-gate.buildDir" err &&
	test_exit 2 "$VG" -C r check --confirm --src-qemu "$QEMU" --dst-qemu "$QEMU" >out 2>err &&
	grep "needs -M MACHINE: no error names a machine type" err
'

test_expect_success '--build-baseline: OLD is the baseline built in this run, removed afterwards' '
	setup r &&
	git -C r update-ref -d refs/vmstate-dumps/1.0 &&
	mkdir old tmp &&
	printf "#!/bin/sh\nexec \"%s\" \"\$@\"\n" "$QEMU" >old/qemu-system-x86_64 &&
	chmod +x old/qemu-system-x86_64 &&
	git -C r config vmstate-gate.baselineBuildCommand \
		"mkdir -p build && cp $PWD/old/qemu-system-x86_64 build/ && echo \$PWD >$PWD/built-in" &&
	test_exit 1 env TMPDIR="$PWD/tmp" "$VG" -C r check --build-baseline --confirm \
		-M pc-q35-7.2 --repeat 1 >out 2>err &&
	grep "migrating on pc-q35-7.2 from $PWD/tmp/vmstate-gate-baseline\.[^/]*/build/qemu-system-x86_64 to $PWD/r/build/qemu-system-x86_64" err &&
	grep "^mc146818rtc/cmos_data: ERROR: .*(confirmed by a migration: Unknown savevm section" out &&
	test -z "$(ls tmp)" &&
	rm built-in &&
	test_exit 1 env TMPDIR="$PWD/tmp" "$VG" -C r check --build-baseline --confirm \
		-M pc-q35-7.2 --repeat 1 >out 2>err &&
	test ! -e built-in &&
	grep "the baseline.s dumps came from the cache, so no build of it is at hand; nothing was migrated (pass --src-qemu OLD)" err &&
	grep "^mc146818rtc/cmos_data: ERROR: .*(not tested by a migration: no baseline binary (the baseline.s dumps were cached; pass --src-qemu))$" out
'

if nm "$VG" 2>/dev/null | grep -q __asan_init; then
	test_skip 'check --confirm under valgrind' 'ASan build: LeakSanitizer covers it'
else
	test_expect_success 'check --confirm under valgrind: clean' '
		setup r &&
		"$VG" -C r dumps make --build-dir build --machines $MACHINES >/dev/null 2>&1 &&
		test_exit 1 $VGRIND "$VG" -C r check --confirm --src-qemu "$QEMU" -M pc-q35-7.2 \
			--repeat 1 --no-build >out 2>err &&
		grep "confirmed by a migration" out
	'
fi

test_done
