#!/bin/sh
# check --build-baseline: no dumps of the release cached or published, so
# the release is written out of git into a scratch directory, built there
# with vmstate-gate.baselineBuildCommand (by default ./configure and make,
# here a stand-in configure the release commits), dumped into the cache
# and compared with the build's dumps; the user's repository untouched.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"
. "$(dirname "$0")/lib-dumps.sh"
VGRIND="valgrind -q --error-exitcode=98 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"

# setup DIR: like make_qemu_repo, but the release also commits an
# executable ./configure that records its arguments and writes a
# build/Makefile whose 'make' copies $FAKE_OLDBUILD (a stand-in QEMU 1.0.0
# dumping DIR.base/) into build/. The work tree's build/ is a stand-in
# 1.0.50 dumping DIR.next/ (bar/x 8 bytes wide on pc-q35-1.0).
setup() {
	git init -q "$1" &&
	cp -R "$DATA/qemu-mini/." "$1/" &&
	cat >"$1/configure" <<-\EOF &&
	#!/bin/sh
	echo "$*" >"$FAKE_LOG/configure.args"
	echo "$VG_BASELINE $VG_WORKTREE" >"$FAKE_LOG/configure.env"
	pwd >"$FAKE_LOG/configure.pwd"
	cat VERSION >"$FAKE_LOG/configure.version"
	mkdir -p build && printf "all:\n\tcp -R \$(FAKE_OLDBUILD)/. .\n" >build/Makefile
	EOF
	chmod +x "$1/configure" &&
	git -C "$1" add . &&
	git -C "$1" commit -q -m "Update version for v1.0.0 release" &&
	git -C "$1" tag -a -m "v1.0.0" v1.0.0 &&
	echo 1.0.50 >"$1/VERSION" &&
	git -C "$1" commit -q -a -m "Open 1.1 development tree" &&
	mkdir -p "$1.base" "$1.next" "$1.log" tmp &&
	for m in pc-q35-1.0 pc-i440fx-1.0; do
		gen_dump $m >"$1.base/$m.json" && gen_dump $m >"$1.next/$m.json"
	done &&
	gen_dump pc-q35-1.0 barsize=8 >"$1.next/pc-q35-1.0.json" &&
	make_fake_qemu "$PWD/$1.oldbuild" x86_64 "$1.base" 1.0.0 &&
	make_fake_qemu "$1/build" x86_64 "$1.next" 1.0.50 &&
	echo /build/ >"$1/.git/info/exclude" &&
	git -C "$1" config vmstate-gate.buildDir build &&
	echo "/* bar is built elsewhere */" >>"$1/hw/misc/plain.c" &&
	git -C "$1" commit -q -a -m "plain: comment" &&
	FAKE_OLDBUILD=$PWD/$1.oldbuild FAKE_LOG=$PWD/$1.log TMPDIR=$PWD/tmp &&
	export FAKE_OLDBUILD FAKE_LOG TMPDIR
}

test_expect_success 'without --build-baseline a missing baseline set is a note (auto)' '
	setup r &&
	"$VG" -C r check >out 2>err &&
	grep "no dumps of the baseline .*; --build-baseline builds them; the check is source-only" err &&
	test ! -e r.log/configure.args
'

test_expect_success '--build-baseline: the release built from git and dumped; a dump-only break' '
	setup r &&
	repo_state r >before &&
	index_bytes r >before.index &&
	test_exit 1 "$VG" -C r check --build-baseline >out 2>err &&
	grep "^bar/x: ERROR: .x. changed size from 4 bytes to 8 bytes.*(on pc-q35-1.0) \[field-size-changed\]" out &&
	grep "building the baseline v1.0.0 in $PWD/tmp/vmstate-gate-baseline\.[^ ]* (its output is shown if it fails): ./configure --target-list=\"\$VG_TARGET_LIST\" --disable-docs && make -C build" err &&
	grep "dumps: 2 machine types compared (the build of HEAD against the build of v1.0.0)" err &&
	grep "^no VMState-relevant source change in this commit$" out &&
	grep "^the dumps were compared all the same, on 2 machine types$" out &&
	echo "--target-list=x86_64-softmmu --disable-docs" >expect &&
	test_cmp expect r.log/configure.args &&
	echo 1.0.0 >expect &&
	test_cmp expect r.log/configure.version &&
	echo "v1.0.0 $PWD/r/" >expect &&
	test_cmp expect r.log/configure.env &&
	grep "/tmp/vmstate-gate-baseline\." r.log/configure.pwd &&
	test -z "$(ls tmp)" &&
	index_bytes r >after.index &&
	repo_state r >after &&
	test_cmp before after &&
	test_cmp before.index after.index
'

test_expect_success 'the built baseline is cached: the next check builds nothing' '
	setup r &&
	test_exit 1 "$VG" -C r check --build-baseline >out1 2>err1 &&
	rm r.log/configure.args &&
	test_exit 1 "$VG" -C r check >out2 2>err2 &&
	test ! -e r.log/configure.args &&
	grep "against the cached set of v1.0.0" err2 &&
	test_cmp out1 out2
'

test_expect_success 'a failing baseline build: exit 3, its output shown, nothing cached or left' '
	setup r &&
	git -C r config vmstate-gate.baselineBuildCommand "echo ERROR: unknown option --frob; echo meson: dependency glib-2.0 not found >&2; exit 1" &&
	test_exit 3 "$VG" -C r check --build-baseline >out 2>err &&
	grep "the baseline.s build (vmstate-gate.baselineBuildCommand) failed" err &&
	grep "^    meson: dependency glib-2.0 not found" err &&
	grep "^    ERROR: unknown option --frob" err &&
	test -z "$(ls tmp)" &&
	"$VG" -C r dumps list >list &&
	grep "version 1.0.50 " list &&
	! grep "version 1.0.0 " list
'

test_expect_success 'a build that leaves no QEMU is a failure naming the build dir' '
	setup r &&
	git -C r config vmstate-gate.baselineBuildCommand true &&
	test_exit 3 "$VG" -C r check --build-baseline >out 2>err &&
	grep "left no qemu-system-\* in $PWD/tmp/vmstate-gate-baseline\.[^ ]*/build (vmstate-gate.baselineBuildDir)" err &&
	test -z "$(ls tmp)" &&
	git -C r config vmstate-gate.baselineBuildDir ../x &&
	test_exit 2 "$VG" -C r check --build-baseline >out 2>err &&
	grep "vmstate-gate.baselineBuildDir is .../x.: a path inside the tree" err
'

test_expect_success 'SIGINT while the baseline builds: exit 130, the build and the copy gone' '
	setup r &&
	git -C r config vmstate-gate.baselineBuildCommand "sleep 1007" &&
	{ "$VG" -C r check --build-baseline >out 2>err & } &&
	pid=$! &&
	n=0 &&
	while ! pgrep -f "sleep 1007" >/dev/null && [ $n -lt 200 ]; do sleep 0.1; n=$((n + 1)); done &&
	kill -INT $pid &&
	if wait $pid; then rc=0; else rc=$?; fi &&
	test "$rc" = 130 &&
	test -z "$(ls tmp)" &&
	! pgrep -f "sleep 1007"
'

test_expect_success 'SIGINT while the baseline is dumped: exit 130, no QEMU left, the copy gone' '
	setup r &&
	"$VG" -C r dumps make --build-dir build >out 2>err &&
	{ FAKE_HANG=pc-q35-1.0 "$VG" -C r check --build-baseline >out 2>err & } &&
	pid=$! &&
	n=0 &&
	marker="$PWD/tmp/vmstate-gate-baseline.*/qemu-system-x86_64 -M pc-q35-1.0" &&
	while ! pgrep -f "$marker" >/dev/null && [ $n -lt 200 ]; do sleep 0.1; n=$((n + 1)); done &&
	pgrep -f "$marker" >/dev/null &&
	kill -INT $pid &&
	if wait $pid; then rc=0; else rc=$?; fi &&
	test "$rc" = 130 &&
	grep "interrupted by signal 2" err &&
	! pgrep -f "$marker" &&
	test -z "$(ls tmp)"
'

test_expect_success '--build-baseline needs a build dir and a commit; not with --no-build' '
	setup r &&
	test_exit 2 "$VG" -C r check --build-baseline --staged 2>err &&
	grep "goes with a commit or a range" err &&
	test_exit 2 "$VG" -C r check --build-baseline --no-build 2>err &&
	grep "exclude each other" err &&
	git -C r config --unset vmstate-gate.buildDir &&
	test_exit 2 "$VG" -C r check --build-baseline 2>err &&
	grep "needs vmstate-gate.buildDir" err
'

if nm "$VG" 2>/dev/null | grep -q __asan_init; then
	test_skip '--build-baseline under valgrind' 'ASan build: LeakSanitizer covers it'
else
	test_expect_success '--build-baseline under valgrind: clean' '
		setup r &&
		test_exit 1 $VGRIND "$VG" -C r check --build-baseline >out 2>err &&
		grep "field-size-changed" out &&
		test -z "$(ls tmp)"
	'
fi

test_done
