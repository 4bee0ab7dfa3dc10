#!/bin/sh
# contrib/gitlab-ci/*.sh, the scripts of vmstate-gate.yml, run locally: a
# local bare repository stands in for GitLab, stand-in qemu-system-*
# binaries for the build jobs' artifacts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"
. "$(dirname "$0")/lib-dumps.sh"

CI=$TOP/contrib/gitlab-ci
export VMSTATE_GATE="$VG"

# setup_server: server.git (main: v1.0.0, then 1.0.50), a topic branch
# that drops foo/count, and dump sources base/ and next/ for both sides.
setup_server() {
	make_qemu_repo src &&
	git init -q --bare -b main server.git &&
	git -C src push -q ../server.git main v1.0.0 &&
	git -C src checkout -q -b topic &&
	foo_remove_count src &&
	git -C src commit -q -a -m "foo: drop count" &&
	git -C src push -q ../server.git topic &&
	mkdir base next &&
	for m in pc-q35-1.0 pc-i440fx-1.0; do
		gen_dump $m >base/$m.json && gen_dump $m count=no >next/$m.json
	done
}

# ci_clone DIR BRANCH: what a CI job starts from (a detached checkout).
ci_clone() {
	git clone -q server.git "$1" &&
	git -C "$1" checkout -q --detach "origin/$2"
}

test_expect_success 'previous-dumps.sh: dumps build-previous once, publishes and pushes' '
	setup_server &&
	ci_clone job1 topic &&
	make_fake_qemu job1/build-previous x86_64 base 1.0.0 &&
	(cd job1 && VMSTATE_GATE_PUSH_URL="$PWD/../server.git" sh "$CI/previous-dumps.sh" >../out 2>../err) &&
	grep "refs/vmstate-dumps/1.0 is not published: dumping build-previous/" out &&
	grep "refs/vmstate-dumps/1.0 published" out &&
	grep "^refs/vmstate-dumps/1.0  x86_64 (2 machine types)" out &&
	test -s job1/vmstate-dumps.bundle &&
	git -C server.git rev-parse -q --verify refs/vmstate-dumps/1.0 &&
	ci_clone job2 topic &&
	(cd job2 && sh "$CI/previous-dumps.sh" >../out2 2>&1) &&
	grep "refs/vmstate-dumps/1.0 fetched from origin" out2 &&
	! grep dumping out2 &&
	test -s job2/vmstate-dumps.bundle
'

test_expect_success 'previous-dumps.sh: nothing published and no build-previous is exit 3' '
	setup_server &&
	ci_clone job topic &&
	(cd job && test_exit 3 sh "$CI/previous-dumps.sh" >../out 2>../err) &&
	grep "not published and there is no build-previous/" err
'

test_expect_success 'gate.sh: a break in the series, with the dumps, in three report formats' '
	setup_server &&
	ci_clone prev topic &&
	make_fake_qemu prev/build-previous x86_64 base 1.0.0 &&
	(cd prev && VMSTATE_GATE_PUSH_URL="$PWD/../server.git" sh "$CI/previous-dumps.sh" >/dev/null 2>&1) &&
	ci_clone job topic &&
	cp prev/vmstate-dumps.bundle job/ &&
	make_fake_qemu job/build x86_64 next 1.0.50 &&
	(cd job && VMSTATE_GATE_BASE=origin/main test_exit 1 sh "$CI/gate.sh" x86_64 >../out 2>../err) &&
	grep "dumps: 2 machine types compared (the build of HEAD against refs/vmstate-dumps/1.0)" err &&
	grep "hw/misc/foo.c:[0-9]*: .*ERROR: .*(on pc-i440fx-1.0, pc-q35-1.0) \[field-removed\]" out &&
	grep "\"ruleId\":[[:space:]]*\"field-removed\"" job/vmstate-gate.sarif &&
	grep "\"check_name\":[[:space:]]*\"field-removed\"" job/vmstate-gate-codequality.json &&
	grep "<failure" job/vmstate-gate-junit.xml &&
	test -z "$(git -C job status --porcelain --untracked-files=no)"
'

test_expect_success 'gate.sh: a clean series passes; a release VERSION has nothing to gate' '
	setup_server &&
	ci_clone prev topic &&
	make_fake_qemu prev/build-previous x86_64 base 1.0.0 &&
	(cd prev && sh "$CI/previous-dumps.sh" >/dev/null 2>&1) &&
	ci_clone job main &&
	cp prev/vmstate-dumps.bundle job/ &&
	make_fake_qemu job/build x86_64 base 1.0.50 &&
	(cd job && sh "$CI/gate.sh" x86_64 HEAD >../out 2>../err) &&
	grep " 0 errors" out &&
	grep "dumps: 2 machine types compared" err &&
	echo 1.1.0 >job/VERSION &&
	(cd job && sh "$CI/gate.sh" x86_64 HEAD >../out 2>&1) &&
	grep "a release: nothing to gate" out
'

test_expect_success 'gate.sh: no build artifacts for the target is exit 3' '
	setup_server &&
	ci_clone job topic &&
	(cd job && test_exit 3 sh "$CI/gate.sh" aarch64 >../out 2>../err) &&
	grep "no build/qemu-system-aarch64" err
'

test_done
