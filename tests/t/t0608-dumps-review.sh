#!/bin/sh
# review with dumps: a series applied with git am (HEAD has the series'
# tree) is built and dumped like a checked commit; a series that is not
# applied uses cached dumps of its tree or stays source-only; waivers of
# the patches' messages count, per machine.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"
. "$(dirname "$0")/lib-dumps.sh"
VGRIND="valgrind -q --error-exitcode=98 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"

# setup DIR [MESSAGE]: setup_gate (v1.0.0 dumps published, a stand-in build), and
# DIR.mbox a one-patch series, "plain: comment", whose build widens bar/x
# on pc-q35-1.0 (MESSAGE: more lines for its commit message).
setup() {
	setup_gate "$1" &&
	gen_dump pc-q35-1.0 barsize=8 >"$1.next/pc-q35-1.0.json" &&
	echo "/* bar is built elsewhere */" >>"$1/hw/misc/plain.c" &&
	git -C "$1" commit -q -a -m "plain: comment" ${2:+-m "$2"} &&
	git -C "$1" format-patch -q --stdout -1 >"$1.mbox" &&
	git -C "$1" reset -q --hard HEAD~1
}

test_expect_success 'a series not applied, nothing cached: source-only, said so' '
	setup r &&
	"$VG" -C r review ../r.mbox >out 2>err &&
	grep "no cached dumps of the checked tree, and the work tree is not that commit" err &&
	test ! -e r.log
'

test_expect_success 'the series applied with git am: built, dumped, a dump-only break' '
	setup r &&
	git -C r am -q ../r.mbox &&
	test_exit 1 "$VG" -C r review --base HEAD~1 ../r.mbox >out 2>err &&
	grep "building: sh .*r.build.sh" err &&
	grep "dumps: 2 machine types compared (the build of the series against refs/vmstate-dumps/1.0)" err &&
	grep "^bar/x: ERROR: .*(on pc-q35-1.0) \[field-size-changed\]" out &&
	grep "^no VMState-relevant source change in the series$" out &&
	grep "Migration-Break: bar/x (pc-q35-1.0): <reason>" out &&
	test_exit 1 "$VG" -C r review --base HEAD~1 --email ../r.mbox >mail 2>err &&
	grep "bar/x.*pc-q35-1.0" mail
'

test_expect_success 'once dumped, the series is judged with its cached dumps, even not applied' '
	setup r &&
	git -C r am -q ../r.mbox &&
	test_exit 1 "$VG" -C r review --base HEAD~1 ../r.mbox >out1 2>err1 &&
	git -C r reset -q --hard HEAD~1 &&
	test_exit 1 "$VG" -C r review --no-build ../r.mbox >out2 2>err2 &&
	grep "dumps: 2 machine types compared (the cached set of the series" err2 &&
	test $(wc -l <r.log) -eq 1 &&
	test_cmp out1 out2
'

test_expect_success 'a (machine) waiver in the patch waives that machine' '
	setup r "Migration-Break: bar/x (pc-q35-1.0): q35 only, on purpose" &&
	git -C r am -q ../r.mbox &&
	"$VG" -C r review --base HEAD~1 ../r.mbox >out 2>err &&
	grep "^bar/x: ERROR: .*(on pc-q35-1.0) \[field-size-changed\] (waived by Migration-Break: bar/x (pc-q35-1.0): q35 only, on purpose)" out
'

test_expect_success 'a failing build: exit 3, nothing judged' '
	setup r &&
	git -C r am -q ../r.mbox &&
	git -C r config vmstate-gate.buildCommand "echo cc: error >&2; exit 2" &&
	test_exit 3 "$VG" -C r review --base HEAD~1 ../r.mbox >out 2>err &&
	grep "the build (vmstate-gate.buildCommand) failed" err &&
	grep "review: could not compare the dumps" err &&
	test ! -s out
'

if nm "$VG" 2>/dev/null | grep -q __asan_init; then
	test_skip 'review with dumps under valgrind' 'ASan build: LeakSanitizer covers it'
else
	test_expect_success 'review with dumps under valgrind: clean' '
		setup r "Migration-Break: bar/x (pc-q35-1.0): q35 only" &&
		git -C r am -q ../r.mbox &&
		$VGRIND "$VG" -C r review --base HEAD~1 ../r.mbox >out 2>err &&
		grep "waived by" out
	'
fi

test_done
