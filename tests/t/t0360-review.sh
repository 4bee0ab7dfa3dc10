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

# as_list_mail IN OUT CTE: IN (one format-patch mail) as a mailing list
# delivers it: folded headers, an RFC 2047 subject, the body in CTE
# (quoted-printable with soft line breaks, or base64).
as_list_mail() {
	awk -v cte="$3" '
	BEGIN { hdr = 1 }
	hdr && /^From [0-9a-f]+ / { print; next }
	hdr && /^Subject: / {
		print "Subject: [PATCH] =?UTF-8?q?hw/misc/foo:_drop_count_?="
		print " =?UTF-8?q?=C3=A9t=C3=A9?="
		print "Received: from mail.example.org (mail.example.org [192.0.2.1])"
		print "\tby lists.example.org with ESMTP; Thu, 26 Nov 2026 12:00:00 +0000"
		print "MIME-Version: 1.0"
		print "Content-Type: text/plain; charset=UTF-8"
		print "Content-Transfer-Encoding: " cte
		next
	}
	hdr && /^$/ { hdr = 0; print; next }
	hdr { print; next }
	{ print > "body.raw" }
	' "$1" >"$2.head" &&
	if [ "$3" = base64 ]; then
		base64 body.raw >body.enc
	else
		# "=" first, then a soft break in every line longer than 40.
		sed "s/=/=3D/g" body.raw |
		awk "{ while (length(\$0) > 40) { s = substr(\$0, 1, 30); if (s ~ /=.?\$/) s = substr(\$0, 1, 27); print s \"=\"; \$0 = substr(\$0, length(s) + 1) } print }" >body.enc
	fi &&
	cat "$2.head" body.enc >"$2" &&
	rm -f body.raw body.enc "$2.head"
}

test_expect_success 'mail as a list delivers it: folded headers, encoded subject, quoted-printable or base64 body' '
	make_base &&
	foo_remove_count up &&
	git -C up commit -q -a -m "hw/misc/foo: drop count" -m "Signed-off-by: A U Thor <a@example.org>" &&
	series HEAD~1 s.mbox &&
	as_list_mail s.mbox qp.mbox quoted-printable &&
	grep -q "^Content-Transfer-Encoding: quoted-printable" qp.mbox &&
	grep -q "=3D" qp.mbox &&
	grep -q "=\$" qp.mbox &&
	snap before &&
	test_exit 1 "$VG" -C base review --email "$PWD/qp.mbox" >out &&
	check_snap &&
	grep "^\[PATCH\] hw/misc/foo: drop count été: 1 error$" out &&
	grep "^    Migration-Break: foo/count: <reason>$" out &&
	as_list_mail s.mbox b64.mbox base64 &&
	! grep -q "VMSTATE" b64.mbox &&
	test_exit 1 "$VG" -C base review "$PWD/b64.mbox" >out &&
	grep "^patch 1/1: hw/misc/foo.c:[0-9]*: .*ERROR: .*\[field-removed\]" out &&
	# A body that is not base64 at all: exit 2, saying so.
	sed "/^Content-Transfer-Encoding/,\$ s/^[A-Za-z0-9+\/]\{8\}/%%%%%%%%/" b64.mbox >bad.mbox &&
	test_exit 2 "$VG" -C base review "$PWD/bad.mbox" 2>err &&
	grep "message 1: its base64 body cannot be decoded: a character that is not base64" err
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
