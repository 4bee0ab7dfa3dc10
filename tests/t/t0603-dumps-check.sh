#!/bin/sh
# check with dumps: the previous release's published dumps against the
# build's (a stand-in build command and qemu-system-x86_64), merged with
# the source findings; machine-restricted waivers; configuration changes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"
. "$(dirname "$0")/lib-dumps.sh"

test_expect_success 'a break both the source and the dumps see: one finding, with its machines' '
	setup_gate r &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" &&
	for m in pc-q35-1.0 pc-i440fx-1.0; do gen_dump $m count=no >r.next/$m.json; done &&
	test_exit 1 "$VG" -C r check >out 2>err &&
	grep "building: sh .*r.build.sh" err &&
	grep "dumps: 2 machine types compared" err &&
	grep "hw/misc/foo.c:[0-9]*: .*ERROR: .*(on pc-i440fx-1.0, pc-q35-1.0) \[field-removed\]" out &&
	test $(grep -c "field-removed" out) -eq 1 &&
	grep "    Migration-Break: foo/count.*: <reason>" out &&
	test_exit 1 "$VG" -C r check --format json >out.json 2>/dev/null &&
	grep "\"machine\":[[:space:]]*\"pc-i440fx-1.0, pc-q35-1.0\"" out.json
'

test_expect_success 'a break only the dumps see is reported with the machines it affects' '
	setup_gate r &&
	echo "/* bar is built elsewhere */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "plain: comment" &&
	gen_dump pc-q35-1.0 barsize=8 >r.next/pc-q35-1.0.json &&
	test_exit 1 "$VG" -C r check >out 2>err &&
	grep "^bar/x: ERROR: .x. changed size from 4 bytes to 8 bytes.*(on pc-q35-1.0) \[field-size-changed\]" out &&
	! grep "pc-i440fx-1.0" out &&
	grep "    Migration-Break: bar/x (pc-q35-1.0): <reason>" out
'

test_expect_success 'a (machine) waiver waives those machines only' '
	setup_gate r &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "bar: widen x" -m "Migration-Break: bar/x (pc-q35-1.0): q35 only" &&
	for m in pc-q35-1.0 pc-i440fx-1.0; do gen_dump $m barsize=8 >r.next/$m.json; done &&
	test_exit 1 "$VG" -C r check >out 2>err &&
	grep "^bar/x: ERROR: .*(on pc-i440fx-1.0) \[field-size-changed\]$" out &&
	grep "^bar/x: ERROR: .*(on pc-q35-1.0) \[field-size-changed\] (waived by Migration-Break: bar/x (pc-q35-1.0): q35 only)" out &&
	! grep "waiver-unused" out &&
	git -C r commit -q --amend -m "bar: widen x" \
		-m "Migration-Break: bar/x (pc-q35-1.0, pc-i440fx-1.0): both" &&
	"$VG" -C r check >out 2>err &&
	grep "(on pc-i440fx-1.0, pc-q35-1.0) \[field-size-changed\] (waived by" out
'

test_expect_success 'a source waiver naming other machines does not waive where the dumps break' '
	setup_gate r &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" -m "Migration-Break: foo/count (pc-q35-1.0): q35" &&
	gen_dump pc-q35-1.0 count=no >r.next/pc-q35-1.0.json &&
	gen_dump pc-i440fx-1.0 count=no >r.next/pc-i440fx-1.0.json &&
	test_exit 1 "$VG" -C r check >out 2>err &&
	grep "foo.c:[0-9]*: .*(on pc-q35-1.0) \[field-removed\] (waived by" out &&
	grep "foo.c:[0-9]*: .*(on pc-i440fx-1.0) \[field-removed\]$" out
'

test_expect_success 'a section gone from the build that the source keeps is a configuration change' '
	setup_gate r &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "configure: no baz" &&
	for m in pc-q35-1.0 pc-i440fx-1.0; do gen_dump $m baz=no >r.next/$m.json; done &&
	"$VG" -C r check >out 2>err &&
	grep "^baz-dev: baz: WARNING: section .baz. (device type .baz-dev.) is missing from the new build.s dump, and the source still has it: a configuration change, not a break (the device is not in the new build.s device list) (on pc-i440fx-1.0, pc-q35-1.0) \[config-changed\]$" out &&
	! grep "ERROR" out &&
	! grep "section-removed" out
'

test_expect_success 'the second check uses the cached dumps: no new dump' '
	setup_gate r &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "plain" &&
	rm -f r/build/log-x86_64 &&
	"$VG" -C r check >out1 2>err1 &&
	grep "dumping" err1 &&
	test $(wc -l <r/build/log-x86_64) -eq 2 &&
	"$VG" -C r check >out2 2>err2 &&
	! grep "dumping" err2 &&
	grep "dumps: 2 machine types compared" err2 &&
	test $(wc -l <r/build/log-x86_64) -eq 2 &&
	test $(wc -l <r.log) -eq 2 &&
	test_cmp out1 out2
'

test_expect_success '--no-build: cached dumps only; none cached is source-only (auto) or exit 3 (always)' '
	setup_gate r &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "plain" &&
	"$VG" -C r check --no-build >out 2>err &&
	test ! -e r.log &&
	grep "no cached dumps of the checked tree; the check is source-only" err &&
	git -C r config vmstate-gate.dumps always &&
	test_exit 3 "$VG" -C r check --no-build >out 2>err &&
	grep "no cached dumps of the checked tree (vmstate-gate.dumps is always)" err &&
	"$VG" -C r check >/dev/null 2>&1 &&
	"$VG" -C r check --no-build >out 2>err &&
	grep "dumps: 2 machine types compared (the cached set" err &&
	test $(wc -l <r.log) -eq 1
'

test_expect_success 'a failing build: exit 3 with the build output, nothing judged' '
	setup_gate r &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "plain" &&
	git -C r config vmstate-gate.buildCommand "echo cc: error: foo.c broken >&2; exit 2" &&
	test_exit 3 "$VG" -C r check >out 2>err &&
	grep "the build (vmstate-gate.buildCommand) failed" err &&
	grep "exited with 2" err &&
	grep "^    cc: error: foo.c broken" err &&
	grep "could not compare the dumps" err
'

test_expect_success 'a QEMU that crashes while dumping the build: exit 3, QEMU named' '
	setup_gate r &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "plain" &&
	FAKE_CRASH=pc-q35-1.0 test_exit 3 "$VG" -C r check >out 2>err &&
	grep "qemu-system-x86_64 -M pc-q35-1.0: killed by signal 11" err &&
	! ls -a r/.git/vmstate-gate/dumps | grep tmp
'

test_expect_success 'never, a dirty work tree, --staged: no build runs' '
	setup_gate r &&
	git -C r config vmstate-gate.dumps never &&
	"$VG" -C r check >out 2>err &&
	test ! -e r.log &&
	! grep dumps err &&
	git -C r config vmstate-gate.dumps auto &&
	echo "/* dirty */" >>r/hw/misc/plain.c &&
	"$VG" -C r check >out 2>err &&
	test ! -e r.log &&
	grep "the work tree is not that commit" err &&
	git -C r add hw/misc/plain.c &&
	"$VG" -C r check --staged >out 2>err &&
	test ! -e r.log &&
	! grep dumps err
'

test_expect_success 'a baseline published only on the server is fetched from origin' '
	setup_gate r &&
	git init -q --bare server.git &&
	git -C r push -q ../server.git main v1.0.0 "refs/vmstate-dumps/*:refs/vmstate-dumps/*" &&
	git clone -q server.git c &&
	cp -R r/build c/build &&
	echo /build/ >c/.git/info/exclude &&
	git -C c config vmstate-gate.buildDir build &&
	! git -C c rev-parse -q --verify refs/vmstate-dumps/1.0 &&
	git -C c config vmstate-gate.dumps always &&
	"$VG" -C c check >out 2>err &&
	git -C c rev-parse -q --verify refs/vmstate-dumps/1.0 &&
	grep "dumps: 2 machine types compared (the build of HEAD against refs/vmstate-dumps/1.0)" err
'

test_expect_success 'two checks at once dump into one cache: both judge, one set' '
	setup_gate r &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "plain" &&
	gen_dump pc-q35-1.0 barsize=8 >r.next/pc-q35-1.0.json &&
	(cd r && sh ../r.build.sh) &&
	git -C r config --unset vmstate-gate.buildCommand &&
	rm -f r/build/log-x86_64 &&
	(
		{ FAKE_SLOW=1 test_exit 1 "$VG" -C r check >out1 2>err1 && echo ok >rc1; } &
		{ FAKE_SLOW=1 test_exit 1 "$VG" -C r check >out2 2>err2 && echo ok >rc2; } &
		wait
	) &&
	test "$(cat rc1) $(cat rc2)" = "ok ok" &&
	test_cmp out1 out2 &&
	grep "(on pc-q35-1.0) \[field-size-changed\]" out1 &&
	ls r/.git/vmstate-gate/dumps >sets &&
	test $(wc -l <sets) -eq 1 &&
	! ls -a r/.git/vmstate-gate/dumps | grep -e tmp -e trash &&
	test_exit 1 "$VG" -C r check >out3 2>err3 &&
	! grep dumping err3
'

test_expect_success 'no origin: a missing baseline set is a note, no fetch is tried' '
	setup_gate r &&
	git -C r update-ref -d refs/vmstate-dumps/1.0 &&
	git -C r update-ref refs/vmstate-dumps/0.9 HEAD &&
	"$VG" -C r check >out 2>err &&
	! grep "could not fetch" err &&
	grep "no dumps of the baseline" err
'

test_expect_success 'device types sharing one description: each machine type named once' '
	setup_gate r &&
	cat >alias.py <<-\EOF &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	d["foo-alias"] = dict(d["foo"], Name="foo-alias")
	json.dump(d, open(sys.argv[1], "w"))
	EOF
	for m in pc-q35-1.0 pc-i440fx-1.0; do
		python3 alias.py r/build/dumps-x86_64/$m.json &&
		gen_dump $m count=no >r.next/$m.json &&
		python3 alias.py r.next/$m.json || return 1
	done &&
	"$VG" dumps make --qemu "$PWD/r/build/qemu-system-x86_64" -o "$PWD/r.baseset2" >/dev/null 2>&1 &&
	(cd r && "$VG" dumps publish --from "$PWD/../r.baseset2" 1.0 >/dev/null) &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" &&
	test_exit 1 "$VG" -C r check >out 2>err &&
	grep "foo.c:[0-9]*: .*(on pc-i440fx-1.0, pc-q35-1.0) \[field-removed\]$" out &&
	grep "    Migration-Break: foo/count (pc-i440fx-1.0, pc-q35-1.0): <reason>" out
'

test_done
