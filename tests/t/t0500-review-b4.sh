#!/bin/sh
# vmstate-gate review as b4's per-patch check command (QEMU's .b4-config:
# CMD -q --terse --no-summary --mailback -), in both of b4's flows:
# b4 am --check (HEAD at the base, the patches fed one at a time) and
# b4 prep --check (HEAD holds the patches). Debian's b4 (0.12) predates
# --check, so a stand-in feeds each patch as b4 does: the message's
# headers as they are (no mbox "From " line), the body already decoded,
# run from the top of the work tree; its output read as b4 reads it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

B4CMD="review -q --terse --no-summary --mailback -"

# The three patches of a series in up (on top of its base), as files
# p/0001-... made by git format-patch with a cover letter and threading.
# Patch 2 depends on patch 1 (its context holds patch 1's comment).
make_series() {
	rm -rf up base p &&
	make_qemu_repo up &&
	git clone -q up base &&
	sed -i "/VMSTATE_UINT16(count, FooState)/i\\        /* the counter, kept across resets */" up/hw/misc/foo.c &&
	git -C up commit -q -a -m "hw/misc/foo: say what count is" &&
	if test "$1" = breaking
	then
		foo_remove_count up &&
		git -C up commit -q -a -m "hw/misc/foo: drop count"
	else
		sed -i "s|/\* the counter, kept across resets \*/|/* the counter, kept across resets and loads */|" up/hw/misc/foo.c &&
		git -C up commit -q -a -m "hw/misc/foo: say more about count"
	fi &&
	sed -i "s|uint32_t ctrl;|uint32_t ctrl;   /* control register */|" up/include/hw/misc/foo.h &&
	git -C up commit -q -a -m "hw/misc/foo: comment ctrl" &&
	git -C up format-patch -q --thread --cover-letter -v2 -o "$PWD/p" HEAD~3 &&
	test -f p/v2-0003-hw-misc-foo-comment-ctrl.patch
}

# b4_check DIR PATCH: what b4 does per patch; rc, out, err in the cwd.
b4_check() {
	sed "1{/^From [0-9a-f]\{40\} /d}" "$2" >stdin.eml &&
	(cd "$1" && exec $VG $B4CMD) <stdin.eml >out 2>err
	echo $? >rc
}

# b4_run DIR: every patch of p/ in order; b4's verdict per patch
# (ERROR: on stdout or anything on stderr is a failure) in verdicts.
b4_run() {
	: >verdicts &&
	for f in p/v2-000[1-3]-*.patch
	do
		b4_check "$1" "$f" &&
		if test -s err || grep -q "ERROR:" out
		then
			echo "fail $(basename "$f") rc=$(cat rc)" >>verdicts
		elif test -s out
		then
			echo "warning $(basename "$f") rc=$(cat rc)" >>verdicts
		else
			echo "success $(basename "$f") rc=$(cat rc)" >>verdicts
		fi &&
		cat out err >>all-output || return 1
	done
}

test_expect_success 'b4 am --check, a clean series: silent, exit 0 for every patch' '
	make_series clean &&
	b4_run base &&
	cat >expect <<-\EOT &&
	success v2-0001-hw-misc-foo-say-what-count-is.patch rc=0
	success v2-0002-hw-misc-foo-say-more-about-count.patch rc=0
	success v2-0003-hw-misc-foo-comment-ctrl.patch rc=0
	EOT
	test_cmp expect verdicts
'

test_expect_success 'b4 am --check, a breaking series: patch 2 flagged, checkpatch style' '
	make_series breaking &&
	b4_run base &&
	cat >expect <<-\EOT &&
	success v2-0001-hw-misc-foo-say-what-count-is.patch rc=0
	fail v2-0002-hw-misc-foo-drop-count.patch rc=1
	success v2-0003-hw-misc-foo-comment-ctrl.patch rc=0
	EOT
	test_cmp expect verdicts &&
	b4_check base p/v2-0002-hw-misc-foo-drop-count.patch &&
	test "$(wc -l <out)" = 1 &&
	grep "^hw/misc/foo.c:[0-9]*: ERROR: foo/count: .*\[field-removed\]$" out &&
	! test -s err
'

test_expect_success 'b4 prep --check, HEAD holds the patches: judged as the commits they are' '
	make_series clean &&
	b4_run up &&
	! grep -v "^success" verdicts &&
	make_series breaking &&
	b4_run up &&
	grep "^fail v2-0002-hw-misc-foo-drop-count.patch rc=1" verdicts &&
	test $(grep -c "^success" verdicts) = 2 &&
	! grep "does not apply" all-output
'

test_expect_success 'a later patch fed first says which earlier patch it needs (exit 2, stderr)' '
	make_series breaking &&
	rm -rf base/.git/vmstate-gate &&
	b4_check base p/v2-0002-hw-misc-foo-drop-count.patch &&
	test 2 = $(cat rc) &&
	! test -s out &&
	grep "needs patch 1/3 of its series" err &&
	! grep "does not apply" err
'

test_expect_success 'the series store: concurrent runs, nothing half-written, old entries expire' '
	make_series breaking &&
	rm -rf base/.git/vmstate-gate &&
	sed "1{/^From [0-9a-f]\{40\} /d}" p/v2-0001-*.patch >p1.eml &&
	for i in 1 2 3 4 5 6
	do
		"$VG" -C base review -q --terse --no-summary --mailback - <p1.eml >out.$i 2>err.$i &
	done &&
	wait &&
	cat out.? err.? >all &&
	! test -s all &&
	ls base/.git/vmstate-gate/series/*/ >files &&
	test "$(cat files)" = 1.patch &&
	b4_check base p/v2-0002-hw-misc-foo-drop-count.patch &&
	test 1 = $(cat rc) &&
	grep "ERROR: foo/count" out &&
	touch -d "20 days ago" base/.git/vmstate-gate/series/*/1.patch &&
	b4_check base p/v2-0002-hw-misc-foo-drop-count.patch &&
	test 2 = $(cat rc) &&
	grep "needs patch 1/3 of its series" err &&
	! ls base/.git/vmstate-gate/series/*/1.patch
'

test_expect_success 'headers saying base64 or quoted-printable over a body b4 already decoded' '
	make_series breaking &&
	for cte in base64 quoted-printable
	do
		sed "/^Subject:/i\\Content-Transfer-Encoding: $cte" \
			p/v2-0002-hw-misc-foo-drop-count.patch >p2.patch &&
		grep -q "^Content-Transfer-Encoding: $cte" p2.patch &&
		b4_check up p2.patch &&
		test 1 = $(cat rc) &&
		grep "ERROR: foo/count: .*\[field-removed\]" out &&
		! test -s err || return 1
	done
'

test_expect_success 'CRLF: an mbox saved with CRLF line endings reads as git am reads it' '
	make_series breaking &&
	cat p/v2-000[1-3]-*.patch | sed "s/\$/\r/" >crlf.mbox &&
	grep -q "$(printf "\r")\$" crlf.mbox &&
	test_exit 1 "$VG" -C base review "$PWD/crlf.mbox" >out &&
	grep "^patch 2/3: hw/misc/foo.c:[0-9]*: .*ERROR: .*\[field-removed\]" out &&
	! grep "^patch [13]/3:.*ERROR" out
'

test_expect_success 'an archive thread: cover letter, replies skipped with a note, [RFC PATCH v2 n/m] any order' '
	make_series breaking &&
	{
		cat p/v2-0000-cover-letter.patch &&
		printf "From x@y Mon Sep 17 00:00:00 2001\nFrom: R <r@example.org>\nSubject: Re: [PATCH v2 1/3] hw/misc/foo: say what count is\n\n> diff --git a/x b/x\nLooks good.\n\n" &&
		sed "s/^Subject: \[PATCH v2 1\/3\]/Subject: [RFC PATCH 1\/3 v2]/" p/v2-0001-*.patch &&
		sed "s/^Subject: \[PATCH v2 2\/3\]/Subject: [PATCH RFC v2 2\/3]/" p/v2-0002-*.patch &&
		cat p/v2-0003-*.patch
	} >thread.mbox &&
	test_exit 1 "$VG" -C base review "$PWD/thread.mbox" >out &&
	grep "^patch 2/3: hw/misc/foo.c:[0-9]*: .*ERROR: .*\[field-removed\]" out &&
	grep "^note: skipped 1 message without a patch: Re: \[PATCH v2 1/3\] hw/misc/foo: say what count is" out &&
	test_exit 1 "$VG" -C base review --email "$PWD/thread.mbox" >out &&
	grep "^\[PATCH RFC v2 2/3\] hw/misc/foo: drop count: 1 error" out &&
	grep "^\[RFC PATCH 1/3 v2\] hw/misc/foo: say what count is: no migration break" out
'

test_done
