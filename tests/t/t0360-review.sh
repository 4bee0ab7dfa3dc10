#!/bin/sh
# vmstate-gate review: patch series (git format-patch output) applied in
# memory on a clone at the base; verdicts, exit codes, and the repository
# left exactly as it was.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

# make_series NAME EDIT...: a throwaway upstream "up" whose HEAD is the base,
# a clone "base" of it, and the commits EDIT makes on up as NAME.mbox.
make_base() {
	rm -rf up base &&
	make_qemu_repo up &&
	git clone -q up base
}
series() {
	git -C up format-patch -q --stdout "$1" >"$2"
}
# The repository's state (git status may refresh the index file, so it runs
# first), then the index file's bytes and time, the object database, refs
# and HEAD as files: only vmstate-gate runs between "snap before" and
# "check_snap".
snap() {
	repo_state base >"$1.state" &&
	index_bytes base >"$1" &&
	(cd base/.git && find objects refs -type f | sort && cat HEAD) >>"$1"
}
check_snap() {
	index_bytes base >after &&
	(cd base/.git && find objects refs -type f | sort && cat HEAD) >>after &&
	test_cmp before after &&
	repo_state base >after.state &&
	test_cmp before.state after.state
}

test_expect_success 'a breaking patch: exit 1 with the trailer to add; the repository is unchanged' '
	make_base &&
	foo_remove_count up &&
	git -C up commit -q -a -m "hw/misc/foo: drop count" -m "Signed-off-by: A U Thor <a@example.org>" &&
	series HEAD~1 s.mbox &&
	snap before &&
	test_exit 1 "$VG" -C base review "$PWD/s.mbox" >out &&
	check_snap &&
	grep "^patch 1/1: hw/misc/foo.c:[0-9]*: .*ERROR: .*\[field-removed\]" out &&
	grep "baseline: v1.0.0" out &&
	grep "in \[PATCH\] hw/misc/foo: drop count:" out &&
	grep "^    Migration-Break: foo/count: <reason>" out &&
	snap before &&
	test_exit 1 "$VG" -C base review --format json - <s.mbox >out.json &&
	grep "\"commit\":[[:space:]]*\"patch 1/1\"" out.json &&
	grep "field-removed" out.json &&
	check_snap
'

test_expect_success 'the same patch with a Migration-Break trailer: exit 0, waived' '
	make_base &&
	foo_remove_count up &&
	git -C up commit -q -a -m "hw/misc/foo: drop count" \
		-m "Migration-Break: foo/count: count is recomputed on load" &&
	series HEAD~1 s.mbox &&
	snap before &&
	"$VG" -C base review "$PWD/s.mbox" >out &&
	grep "waived by Migration-Break: foo/count: count is recomputed on load" out &&
	check_snap
'

test_expect_success 'a patch saying it breaks migration without a trailer gets the suggestion' '
	make_base &&
	foo_remove_count up &&
	git -C up commit -q -a -m "hw/misc/foo: drop count" \
		-m "This breaks migration compatibility with older machines." &&
	series HEAD~1 s.mbox &&
	test_exit 1 "$VG" -C base review -v "$PWD/s.mbox" >out &&
	grep "^patch 1/1: INFO: the message states a migration break.*Migration-Break: foo/count: <reason> \[waiver-suggested\]" out
'

test_expect_success 'a rename of the source file gives 0' '
	make_base &&
	git -C up mv hw/misc/foo.c hw/misc/foo-dev.c &&
	git -C up commit -q -m "hw/misc: rename foo.c" &&
	series HEAD~1 s.mbox &&
	grep "^rename from hw/misc/foo.c" s.mbox &&
	snap before &&
	"$VG" -C base review "$PWD/s.mbox" >out &&
	grep "0 errors" out &&
	check_snap
'

test_expect_success 'a series of three: per-patch verdicts by --email, the break in patch 2' '
	make_base &&
	git -C up mv hw/misc/foo.c hw/misc/foo-dev.c &&
	git -C up commit -q -m "hw/misc: rename foo.c" &&
	sed -i "/VMSTATE_UINT16(count, FooState)/d" up/hw/misc/foo-dev.c &&
	git -C up commit -q -a -m "hw/misc/foo: drop count" &&
	echo "/* nothing */" >>up/hw/misc/foo-dev.c &&
	git -C up commit -q -a -m "hw/misc/foo: a comment" &&
	series HEAD~3 s.mbox &&
	snap before &&
	test_exit 1 "$VG" -C base review --email "$PWD/s.mbox" >out &&
	check_snap &&
	grep "^\[PATCH 1/3\] hw/misc: rename foo.c: no migration break$" out &&
	grep "^\[PATCH 2/3\] hw/misc/foo: drop count: 1 error$" out &&
	grep "^\[PATCH 3/3\] hw/misc/foo: a comment: no migration break$" out &&
	grep "^  hw/misc/foo-dev.c:[0-9]*: error: foo/count: " out &&
	grep "^    Migration-Break: foo/count: <reason>$" out &&
	! grep "$(printf "\033")" out &&
	test $(awk "length > 76" out | wc -l) = 0 &&
	# A patch that does not apply: exit 2 naming the patch, file and hunk.
	snap before &&
	sed "s/VMSTATE_BOOL(irq_pending, FooState)/VMSTATE_BOOL(irq_pendng, FooState)/" s.mbox >bad.mbox &&
	! cmp -s s.mbox bad.mbox &&
	test_exit 2 "$VG" -C base review "$PWD/bad.mbox" >out 2>err &&
	grep "\[PATCH 2/3\] hw/misc/foo: drop count does not apply: hw/misc/foo-dev.c: @@ -" err &&
	check_snap
'

test_expect_success 'a patch for another tree does not apply (exit 2)' '
	make_base &&
	foo_remove_count up &&
	git -C up commit -q -a -m "hw/misc/foo: drop count" &&
	series HEAD~1 s.mbox &&
	foo_remove_count base &&
	git -C base commit -q -a -m "drop count already" &&
	snap before &&
	test_exit 2 "$VG" -C base review "$PWD/s.mbox" 2>err &&
	grep "\[PATCH\] hw/misc/foo: drop count does not apply: hw/misc/foo.c" err &&
	check_snap
'

test_expect_success 'garbage, an empty input and a series without a diff: exit 2' '
	make_base &&
	snap before &&
	echo "this is not a patch" >garbage &&
	test_exit 2 "$VG" -C base review "$PWD/garbage" 2>err &&
	grep "not a patch series" err &&
	test_exit 2 "$VG" -C base review - </dev/null 2>err &&
	grep "empty input" err &&
	printf "From 0000 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\nno diff here\n" >nodiff &&
	test_exit 2 "$VG" -C base review "$PWD/nodiff" 2>err &&
	grep "\[PATCH\] x: no diff" err &&
	printf "From 0000 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n---\ndiff --git a/f b/f\n@@ garbage\n" >baddiff &&
	test_exit 2 "$VG" -C base review "$PWD/baddiff" 2>err &&
	grep "\[PATCH\] x does not apply" err &&
	test_exit 2 "$VG" -C base review "$PWD/missing.mbox" &&
	test_exit 2 "$VG" -C base review &&
	check_snap
'

test_expect_success 'a cover letter is skipped; --base picks the tree to apply on' '
	make_base &&
	foo_remove_count up &&
	git -C up commit -q -a -m "hw/misc/foo: drop count" &&
	git -C up format-patch -q --cover-letter -o series HEAD~1 &&
	cat up/series/*.patch >s.mbox &&
	grep "PATCH 0/1" s.mbox &&
	git -C base commit -q --allow-empty -m "later" &&
	test_exit 1 "$VG" -C base review --base HEAD~1 --email "$PWD/s.mbox" >out &&
	grep "^\[PATCH 1/1\] hw/misc/foo: drop count: 1 error$" out &&
	! grep "PATCH 0/1" out
'

test_done
