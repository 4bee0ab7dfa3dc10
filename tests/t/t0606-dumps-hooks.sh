#!/bin/sh
# The installed hooks with dumps configured, through the real git commit
# and git push to a local bare repository: pre-push builds, dumps and
# refuses a break only the dumps see, naming its machine type, and lets it
# through once a machine-restricted Migration-Break trailer waives it;
# pre-commit and commit-msg stay source-only (no build, no dump);
# vmstate-gate.dumps=never keeps pre-push source-only too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"
. "$(dirname "$0")/lib-dumps.sh"

# setup_push_dumps: a QEMU-style repository "up" whose v1.0.0 dumps
# (machine types pc-q35-1.0 and pc-i440fx-1.0) are published as
# refs/vmstate-dumps/1.0 and pushed, with main and v1.0.0, to the bare
# repository remote.git; r is a clone of it set up as the README tells a
# developer: build dir build/ (a stand-in qemu-system-x86_64), a build
# command, the published dumps fetched, the hooks installed with
# install.sh. The build command copies r.next/ into the stand-in's dumps
# (touching the binary when they change, as make would) and logs a line
# to r.log per build; r/build/log-x86_64 lists each machine type dumped.
setup_push_dumps() {
	make_qemu_repo up &&
	mkdir -p base r.next &&
	for m in pc-q35-1.0 pc-i440fx-1.0; do
		gen_dump $m >"base/$m.json" && cp "base/$m.json" r.next/
	done &&
	make_fake_qemu release-build x86_64 base 1.0.0 &&
	"$VG" dumps make --qemu "$PWD/release-build/qemu-system-x86_64" -o "$PWD/baseset" \
		>/dev/null 2>&1 &&
	(cd up && "$VG" dumps publish --from "$PWD/../baseset" 1.0 >/dev/null) &&
	git init -q --bare remote.git &&
	git -C up push -q ../remote.git main v1.0.0 "refs/vmstate-dumps/*:refs/vmstate-dumps/*" &&
	git clone -q remote.git r &&
	make_fake_qemu r/build x86_64 base 1.0.50 &&
	echo /build/ >r/.git/info/exclude &&
	cat >r.build.sh <<-EOF &&
	echo built >>"$PWD/r.log"
	if ! diff -r "$PWD/r.next" build/dumps-x86_64 >/dev/null; then
		cp "$PWD/r.next"/*.json build/dumps-x86_64/ && touch build/qemu-system-x86_64
	fi
	EOF
	git -C r config vmstate-gate.buildDir build &&
	git -C r config vmstate-gate.buildCommand "sh $PWD/r.build.sh" &&
	(cd r && "$VG" dumps fetch >../fetch.out) &&
	grep "refs/vmstate-dumps/1.0" fetch.out &&
	install_hooks r >/dev/null &&
	rm -f r/build/log-x86_64
}

# A commit whose C source stays compatible (a comment in plain.c) while the
# build's dump for pc-q35-1.0 widens bar/x from 4 to 8 bytes: a break only
# the dumps see, on one machine type. Committed with the hooks.
commit_dump_only_break() {
	echo "/* bar is built elsewhere */" >>r/hw/misc/plain.c &&
	gen_dump pc-q35-1.0 barsize=8 >r.next/pc-q35-1.0.json &&
	git -C r commit -q -a -m "bar: widen x" "$@"
}

remote_main() {
	git -C remote.git rev-parse refs/heads/main
}

test_expect_success 'pre-push refuses a break only the dumps see, naming its machine type' '
	setup_push_dumps &&
	before=$(remote_main) &&
	commit_dump_only_break &&
	test ! -e r.log &&
	test_must_fail git -C r push origin main >out 2>err &&
	test $(wc -l <r.log) -eq 1 &&
	test $(wc -l <r/build/log-x86_64) -eq 2 &&
	grep "vmstate-gate: dumps: building: sh .*r.build.sh" err &&
	grep "vmstate-gate: dumps: 2 machine types compared (the build of [0-9a-f]* against refs/vmstate-dumps/1.0), 1 findings only the dumps show" err &&
	grep "bar/x: ERROR: .x. changed size from 4 bytes to 8 bytes.*(on pc-q35-1.0) \[field-size-changed\]$" err &&
	! grep "pc-i440fx-1.0" err &&
	grep "    Migration-Break: bar/x (pc-q35-1.0): <reason>" err &&
	grep "vmstate-gate: push of refs/heads/main -> refs/heads/main (.*) refused" err &&
	grep "error: failed to push some refs" err &&
	test "$(remote_main)" = "$before"
'

test_expect_success 'the push passes once the commit waives the break on that machine type' '
	setup_push_dumps &&
	before=$(remote_main) &&
	commit_dump_only_break -m "Migration-Break: bar/x (pc-i440fx-1.0): the other machine" &&
	test_must_fail git -C r push origin main >out 2>err &&
	grep "bar/x: ERROR: .*(on pc-q35-1.0) \[field-size-changed\]$" err &&
	test "$(remote_main)" = "$before" &&
	git -C r commit -q --amend -m "bar: widen x" \
		-m "Migration-Break: bar/x (pc-q35-1.0): q35 widens x on purpose" 2>amend.err &&
	test $(wc -l <r.log) -eq 1 &&
	git -C r push origin main >out 2>err &&
	test "$(remote_main)" = "$(git -C r rev-parse HEAD)" &&
	test "$(remote_main)" != "$before" &&
	git -C r log -1 --format=%B | grep "^Migration-Break: bar/x (pc-q35-1.0): q35 widens" &&
	"$VG" -C r check --no-build "$before..main" >out 2>err &&
	grep "dumps: 2 machine types compared (the cached set" err &&
	grep "(on pc-q35-1.0) \[field-size-changed\] (waived by Migration-Break: bar/x (pc-q35-1.0): q35 widens x on purpose)" out
'

test_expect_success 'pre-commit and commit-msg stay source-only: git commit builds and dumps nothing' '
	setup_push_dumps &&
	git -C r config vmstate-gate.dumps always &&
	echo "/* bar is built elsewhere */" >>r/hw/misc/plain.c &&
	gen_dump pc-q35-1.0 barsize=8 >r.next/pc-q35-1.0.json &&
	git -C r commit -a -m "bar: widen x" >out 2>err &&
	git -C r log -1 --format=%s | grep "^bar: widen x$" &&
	test ! -e r.log &&
	test ! -e r/build/log-x86_64 &&
	! grep "dumps: " err &&
	test ! -e r/.git/vmstate-gate/dumps &&
	foo_remove_count r &&
	test_must_fail git -C r commit -a -m "foo: drop count" >out 2>err &&
	grep "vmstate-gate: warning: the staged changes break migration" err &&
	grep "hw/misc/foo.c:[0-9]*: .*\[field-removed\]" err &&
	grep "vmstate-gate: commit refused" err &&
	test ! -e r.log &&
	test ! -e r/build/log-x86_64 &&
	! grep "dumps: " err
'

test_expect_success 'vmstate-gate.dumps=never: pre-push builds nothing and judges the source' '
	setup_push_dumps &&
	git -C r config vmstate-gate.dumps never &&
	commit_dump_only_break &&
	git -C r push origin main >out 2>err &&
	test "$(remote_main)" = "$(git -C r rev-parse HEAD)" &&
	test ! -e r.log &&
	test ! -e r/build/log-x86_64 &&
	! grep "dumps: " err &&
	foo_remove_count r &&
	git -C r commit -q --no-verify -a -m "foo: drop count" &&
	test_must_fail git -C r push origin main >out 2>err &&
	grep "hw/misc/foo.c:[0-9]*: .*\[field-removed\]" err &&
	! grep "(on pc-" err &&
	test ! -e r.log &&
	test ! -e r/build/log-x86_64
'

test_expect_success 'vmstate-gate.stagedDumps=true: commit-msg refuses the dump-only break, a waiver lets it in' '
	setup_push_dumps &&
	git -C r config vmstate-gate.stagedDumps true &&
	head=$(git -C r rev-parse HEAD) &&
	test_must_fail commit_dump_only_break >out 2>err &&
	grep "dumps: building: sh .*r.build.sh" err &&
	grep "dumps: 2 machine types compared (the build of the index against refs/vmstate-dumps/1.0)" err &&
	grep "bar/x: ERROR: .*(on pc-q35-1.0) \[field-size-changed\]" err &&
	test "$(git -C r rev-parse HEAD)" = "$head" &&
	git -C r commit -q -a -m "bar: widen x" \
		-m "Migration-Break: bar/x (pc-q35-1.0): q35 only, on purpose" >out 2>err &&
	test "$(git -C r rev-parse HEAD^)" = "$head"
'

test_expect_success 'stagedDumps with unstaged changes: the build is not the index, source-only' '
	setup_push_dumps &&
	git -C r config vmstate-gate.stagedDumps true &&
	echo "/* bar is built elsewhere */" >>r/hw/misc/plain.c &&
	gen_dump pc-q35-1.0 barsize=8 >r.next/pc-q35-1.0.json &&
	git -C r add hw/misc/plain.c &&
	echo "/* not staged */" >>r/hw/misc/plain.c &&
	git -C r count-objects -v >objects.before &&
	"$VG" -C r check --staged >out 2>err &&
	git -C r count-objects -v >objects.after &&
	test_cmp objects.before objects.after &&
	grep "no cached dumps of the staged tree, and the work tree has changes that are not staged" err &&
	git -C r commit -q -m "bar: widen x" >out 2>err &&
	test ! -e r.log &&
	git -C r config vmstate-gate.stagedDumps maybe &&
	echo "/* more */" >>r/hw/misc/plain.c &&
	test_exit 2 "$VG" -C r check --staged 2>err &&
	grep "vmstate-gate.stagedDumps is .maybe.: true or false" err
'

test_done
