#!/bin/sh
# vmstate-gate check: commits, ranges, the index, baselines and exit codes,
# on throwaway QEMU-style repositories.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

test_expect_success 'a commit that breaks migration is flagged (exit 1) with the trailer to add' '
	make_qemu_repo r &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "hw/misc/foo.c:[0-9]*: .*ERROR: .*\[field-removed\]" out &&
	grep "^baseline: v1.0.0" out &&
	grep "    Migration-Break: foo/count: <reason>" out
'

test_expect_success 'the same commit with its trailer passes, and the finding is marked waived' '
	make_qemu_repo r &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" -m "Migration-Break: foo/count: count is recomputed on load" &&
	"$VG" -C r check HEAD >out &&
	grep "waived by Migration-Break: foo/count: count is recomputed on load" out &&
	"$VG" -C r check --format json HEAD >out.json &&
	grep "\"reason\":[[:space:]]*\"count is recomputed on load\"" out.json &&
	grep "\"commit\":[[:space:]]*\"$(git -C r rev-parse HEAD)\"" out.json
'

test_expect_success 'a trailer naming another section waives nothing (and is unused)' '
	make_qemu_repo r &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" -m "Migration-Break: bar/count: wrong name" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "\[field-removed\]" out &&
	grep "WARNING: .*Migration-Break: bar/count.*\[waiver-unused\]" out
'

test_expect_success 'a malformed trailer is an error that shows how to write it' '
	make_qemu_repo r &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" -m "Migration-Break: foo/count" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "ERROR: .*\[waiver-malformed\]" out &&
	grep "Migration-Break: <name>\[/<field-or-subsection>\]" out
'

test_expect_success 'a field rename passes' '
	make_qemu_repo r &&
	foo_rename_status r &&
	git -C r commit -q -a -m "foo: rename status" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: " out
'

test_expect_success 'a change to a file without VMState is a real verdict, and says so' '
	make_qemu_repo r &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "plain: comment" &&
	"$VG" -C r check >out &&
	grep "no VMState-relevant change in this commit" out
'

test_expect_success 'a repair of a break made earlier in the cycle passes' '
	make_qemu_repo r &&
	cp r/hw/misc/foo.c foo.c.orig &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" &&
	cp foo.c.orig r/hw/misc/foo.c &&
	git -C r commit -q -a -m "Revert foo: drop count" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: " out
'

# foo_add_extra DIR FIELDS...: a subsection foo/extra with those uint32 fields.
foo_add_extra() {
	dir=$1; shift
	{
		echo "static const VMStateDescription vmstate_foo_extra = {"
		echo "    .name = \"foo/extra\","
		echo "    .version_id = 1,"
		echo "    .minimum_version_id = 1,"
		echo "    .needed = foo_fifo_needed,"
		echo "    .fields = (const VMStateField[]) {"
		for f in "$@"; do
			echo "        VMSTATE_UINT32($f, FooState),"
		done
		echo "        VMSTATE_END_OF_LIST()"
		echo "    }"
		echo "};"
		echo
	} >extra.c &&
	sed -i "/^static const VMStateDescription vmstate_foo_extra = {/,/^};/d" "$dir/hw/misc/foo.c" &&
	awk -v f=extra.c "/^static const VMStateDescription vmstate_foo = {/ { while ((getline l < f) > 0) print l } { print }" "$dir/hw/misc/foo.c" >foo.c.new &&
	mv foo.c.new "$dir/hw/misc/foo.c" &&
	if ! grep -q "&vmstate_foo_extra," "$dir/hw/misc/foo.c"; then
		sed -i "s/^        &vmstate_foo_fifo,/&\n        \&vmstate_foo_extra,/" "$dir/hw/misc/foo.c"
	fi
}

test_expect_success 'a field added to a subsection that no release has sent is not a break' '
	make_qemu_repo r &&
	foo_add_extra r ctrl &&
	grep -c "vmstate_foo_extra" r/hw/misc/foo.c >n && test "$(cat n)" = 2 &&
	git -C r commit -q -a -m "foo: add extra subsection" &&
	foo_add_extra r ctrl status &&
	git -C r commit -q -a -m "foo: extend extra subsection" &&
	git -C r show HEAD | grep "^+ *VMSTATE_UINT32(status, FooState)" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: " out &&
	git -C r tag -a -m v1.1.0 v1.1.0 &&
	foo_add_extra r ctrl status count &&
	git -C r commit -q -a -m "foo: extend a released subsection" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "^baseline: v1.1.0" out &&
	grep "ERROR" out
'

test_expect_success '--staged judges the index against HEAD, not the work tree' '
	make_qemu_repo r &&
	foo_remove_count r &&
	"$VG" -C r check --staged >out &&
	grep "no VMState-relevant change in the staged changes" out &&
	git -C r add hw/misc/foo.c &&
	test_exit 1 "$VG" -C r check --staged >out &&
	grep "\[field-removed\]" out
'

test_expect_success '--staged --message applies the message trailers (comments and scissors stripped)' '
	make_qemu_repo r &&
	foo_remove_count r &&
	git -C r add hw/misc/foo.c &&
	printf "foo: drop count\n\nMigration-Break: foo/count: recomputed\n# a comment\n" >msg &&
	"$VG" -C r check --staged --message "$PWD/msg" >out &&
	grep "waived by" out &&
	printf "foo: drop count\n\n# ------------------------ >8 ------------------------\nMigration-Break: foo/count: below the scissors\n" >msg2 &&
	test_exit 1 "$VG" -C r check --staged --message "$PWD/msg2"
'

test_expect_success 'an unborn HEAD can be checked' '
	git init -q r &&
	cp -R "$DATA/qemu-mini/." r/ &&
	git -C r add . &&
	"$VG" -C r check --staged >out &&
	! grep ": ERROR: " out
'

test_expect_success 'no baseline to be had (a shallow clone) is exit 3 with a clear message' '
	make_qemu_repo o &&
	echo more >>o/README && git -C o commit -q -a -m readme &&
	foo_remove_count o && git -C o commit -q -a -m "drop count" &&
	git clone -q --no-tags --depth 2 "file://$PWD/o" r &&
	test_exit 3 "$VG" -C r check HEAD 2>err &&
	grep "no baseline" err &&
	grep "baseline REV" err
'

test_expect_success '--baseline overrides discovery' '
	git init -q r &&
	cp -R "$DATA/qemu-mini/." r/ &&
	echo 1.0.50 >r/VERSION &&
	git -C r add . && git -C r commit -q -m init &&
	foo_remove_count r && git -C r commit -q -a -m "drop count" &&
	test_exit 1 "$VG" -C r check --baseline HEAD~1 HEAD >out &&
	grep "\[field-removed\]" out
'

test_expect_success 'without tags, the commit that set VERSION to a release is the baseline' '
	make_qemu_repo r &&
	git -C r tag -d v1.0.0 &&
	foo_remove_count r && git -C r commit -q -a -m "drop count" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "^baseline: VERSION 1.0.0" out
'

test_expect_success 'a range judges every commit, and GIT_DIR is honoured' '
	make_qemu_repo r &&
	echo "/* x */" >>r/hw/misc/plain.c && git -C r commit -q -a -m one &&
	foo_remove_count r && git -C r commit -q -a -m two &&
	test_exit 1 env GIT_DIR="$PWD/r/.git" "$VG" check v1.0.0..HEAD >out &&
	grep "^3 commits checked" out &&
	grep "$(git -C r rev-parse --short=12 HEAD): .*\[field-removed\]" out
'

test_expect_success 'in a range, a waiver covers the rest of the range' '
	make_qemu_repo r &&
	foo_remove_count r && git -C r commit -q -a -m "drop count" -m "Migration-Break: foo/count: deliberate" &&
	echo "/* x */" >>r/hw/misc/foo.c && git -C r commit -q -a -m "foo: comment" &&
	"$VG" -C r check v1.0.0..HEAD >out &&
	! grep ": ERROR: " out | grep -v waived
'

# foo_move_vmstate DIR: the descriptions move to hw/misc/foo-migration.c.
foo_move_vmstate() {
	{
		echo "/*"
		echo " * Foo test device: migration"
		echo " */"
		echo "#include \"qemu/osdep.h\""
		echo "#include \"hw/misc/foo.h\""
		echo "#include \"migration/vmstate.h\""
		echo
		awk "/^static bool foo_fifo_needed/ { on = 1 } /^static void foo_class_init/ { on = 0 } on { print }" "$1/hw/misc/foo.c"
	} >foo-migration.c &&
	sed -i "s/^static const VMStateDescription vmstate_foo = {/const VMStateDescription vmstate_foo = {/" foo-migration.c &&
	awk "/^static bool foo_fifo_needed/ { skip = 1 } /^static void foo_class_init/ { skip = 0; print \"extern const VMStateDescription vmstate_foo;\n\" } !skip { print }" "$1/hw/misc/foo.c" >foo.c.new &&
	mv foo.c.new "$1/hw/misc/foo.c" &&
	mv foo-migration.c "$1/hw/misc/foo-migration.c" &&
	git -C "$1" add hw/misc/foo-migration.c
}

test_expect_success 'descriptions moved to another file are compared across the move' '
	make_qemu_repo r &&
	foo_move_vmstate r &&
	! grep "VMStateDescription vmstate_foo.* = {" r/hw/misc/foo.c &&
	grep -c "VMStateDescription vmstate_foo" r/hw/misc/foo-migration.c >n && test "$(cat n)" = 2 &&
	git -C r commit -q -a -m "foo: move migration code" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: " out &&
	git -C r reset -q --hard HEAD~1 &&
	foo_move_vmstate r &&
	sed -i "/VMSTATE_UINT16(count, FooState)/d" r/hw/misc/foo-migration.c &&
	git -C r commit -q -a -m "foo: move migration code, and drop count" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "foo-migration.c:.*\[field-removed\]" out &&
	! grep "description-removed" out
'

test_expect_success 'a merge is not flagged for a break made on the merged branch' '
	make_qemu_repo r &&
	git -C r checkout -q -b topic &&
	foo_remove_count r && git -C r commit -q -a -m "drop count" &&
	git -C r checkout -q main &&
	echo "/* x */" >>r/hw/misc/plain.c && git -C r commit -q -a -m "plain" &&
	git -C r merge -q --no-ff -m "Merge topic" topic &&
	test_exit 1 "$VG" -C r check v1.0.0..main >out &&
	grep "$(git -C r rev-parse --short=12 topic): .*\[field-removed\]" out &&
	test "$(grep -c "\[field-removed\]" out)" = 1 &&
	"$VG" -C r check main >out &&
	! grep ": ERROR: " out
'

test_expect_success 'a commit stating a break in prose gets the trailer proposed' '
	make_qemu_repo r &&
	foo_drop_fifo_subsection r &&
	git -C r commit -q -a -m "foo: drop fifo" -m "This is a migration break for the foo machine." &&
	test_exit 1 "$VG" -C r check -v HEAD >out &&
	grep "\[subsection-removed\]" out &&
	grep "INFO: .*Migration-Break: foo/fifo: <reason>.*\[waiver-suggested\]" out
'

test_expect_success 'formats: json, sarif, junit, codequality' '
	make_qemu_repo r &&
	foo_remove_count r && git -C r commit -q -a -m "drop count" &&
	for f in json sarif junit codequality; do
		test_exit 1 "$VG" -C r check --format $f HEAD >out.$f 2>err.$f || return 1
	done &&
	grep "\"waived\":[[:space:]]*false" out.json &&
	grep "\"line\":" out.json &&
	grep "field-removed" out.sarif &&
	grep "<testsuite" out.junit &&
	grep "field-removed" out.codequality &&
	grep "Migration-Break: foo/count" err.json
'

test_expect_success '--notes writes the result under refs/notes/vmstate' '
	make_qemu_repo r &&
	foo_remove_count r && git -C r commit -q -a -m "drop count" &&
	test_exit 1 "$VG" -C r check --notes HEAD >out &&
	git -C r notes --ref=vmstate show HEAD >note &&
	grep "field-removed" note
'

test_expect_success 'checking never writes: index, refs and objects are as they were' '
	make_qemu_repo r &&
	foo_remove_count r && git -C r add hw/misc/foo.c &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	repo_state r >before &&
	find r/.git -type f | sort >files.before &&
	index_bytes r >index.before &&
	test_exit 1 "$VG" -C r check --staged >out &&
	test_exit 0 "$VG" -C r check v1.0.0..HEAD >out &&
	index_bytes r >index.after &&
	repo_state r >after &&
	find r/.git -type f | sort >files.after &&
	test_cmp index.before index.after &&
	test_cmp before after &&
	test_cmp files.before files.after
'

test_expect_success 'usage errors are exit 2' '
	make_qemu_repo r &&
	test_exit 2 "$VG" -C r check --frobnicate &&
	test_exit 2 "$VG" -C r check no-such-rev &&
	test_exit 2 "$VG" -C r check --staged HEAD &&
	test_exit 2 "$VG" -C r check --format nope HEAD &&
	mkdir nota &&
	test_exit 2 env GIT_CEILING_DIRECTORIES="$PWD" "$VG" -C nota check HEAD &&
	test_exit 2 "$VG" -C r check --staged --message no-such-file &&
	test_exit 2 "$VG" -C r check HEAD..HEAD 2>err &&
	grep "nothing to check" err
'

test_done
