#!/bin/sh
# vmstate-gate review's reports: the JSON keys a bot reads, the advice
# texts (a stated break without a trailer, machine types, the usual fixes),
# and untrusted text kept off the terminal raw.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

make_base() {
	rm -rf up base &&
	make_qemu_repo up &&
	git clone -q up base
}

test_expect_success 'JSON: per-finding patch, top-level base, baseline, suggested_trailers; two patches with one subject told apart' '
	make_base &&
	echo "# notes" >>up/README &&
	git -C up commit -q -a -m "README: a note" &&
	foo_remove_count up &&
	git -C up commit -q -a -m "hw/misc/foo: drop count" &&
	foo_drop_fifo_subsection up &&
	git -C up commit -q -a -m "hw/misc/foo: drop count" &&
	git -C up format-patch -q --thread --stdout HEAD~3 >s.mbox &&
	test_exit 1 "$VG" -C base review --format json "$PWD/s.mbox" >out.json 2>err &&
	python3 - <<-\EOT &&
	import json
	d = json.load(open("out.json"))
	assert d["base"] and d["baseline"] == "v1.0.0", d
	errs = [f for f in d["findings"] if f["severity"] == "error"]
	assert len(errs) == 2, errs
	nums = sorted(f["patch"]["number"] for f in errs)
	assert nums == [2, 3], nums
	for f in errs:
	    p = f["patch"]
	    assert p["total"] == 3 and p["subject"] == "hw/misc/foo: drop count", p
	    assert p["message_id"].endswith("@example.com"), p
	ids = set(f["patch"]["message_id"] for f in errs)
	assert len(ids) == 2, ids
	t = d["suggested_trailers"]
	assert {x["patch"] for x in t} == {2, 3}, t
	assert any(x["trailer"] == "Migration-Break: foo/count: <reason>" for x in t), t
	assert d["skipped"] == [], d
	EOT
	test_exit 1 "$VG" -C base review --email "$PWD/s.mbox" >out &&
	grep "^\[PATCH 2/3\] hw/misc/foo: drop count: 1 error" out &&
	grep "^\[PATCH 3/3\] hw/misc/foo: drop count: 1 error" out
'

test_expect_success 'a stated break without a trailer: said plainly, machine types carried, fixes given' '
	make_base &&
	foo_remove_count up &&
	git -C up commit -q -a -m "hw/misc/foo: drop count" \
		-m "This breaks migration for pc-q35-7.2 and pc-i440fx-7.2." &&
	git -C up format-patch -q --stdout HEAD~1 >s.mbox &&
	test_exit 1 "$VG" -C base review --email "$PWD/s.mbox" >out &&
	grep "^  The message says this breaks migration, but has no Migration-Break" out &&
	grep "^    Migration-Break: foo/count (pc-q35-7.2, pc-i440fx-7.2): <reason>$" out &&
	grep "VMSTATE_UNUSED(N) in the removed" out &&
	test_exit 1 "$VG" -C base review "$PWD/s.mbox" >out &&
	grep "(the message says this breaks migration, but has no Migration-Break trailer)" out &&
	grep "^    Migration-Break: foo/count (pc-q35-7.2, pc-i440fx-7.2): <reason>$" out &&
	# The suggested trailer, filled in, waives the break.
	sed "s/^This breaks migration.*/&\n\nMigration-Break: foo\/count (pc-q35-7.2, pc-i440fx-7.2): count is recomputed/" s.mbox >w.mbox &&
	"$VG" -C base review "$PWD/w.mbox" >out &&
	grep "waived by Migration-Break: foo/count (pc-q35-7.2, pc-i440fx-7.2)" out
'

test_expect_success 'an added field: the subsection and compat property advice' '
	make_base &&
	sed -i "s/VMSTATE_BOOL(irq_pending, FooState),/&\n        VMSTATE_UINT32(ctrl, FooState),/" up/hw/misc/foo.c &&
	git -C up commit -q -a -m "hw/misc/foo: send ctrl twice" &&
	git -C up format-patch -q --stdout HEAD~1 >s.mbox &&
	test_exit 1 "$VG" -C base review --email "$PWD/s.mbox" >out &&
	grep "field-added\]" out &&
	grep "the new state in a subsection whose .needed returns false when a$" out &&
	grep "hw_compat_X_Y" out
'

test_expect_success 'control characters from subjects and trailers are escaped, not printed raw' '
	make_base &&
	foo_remove_count up &&
	git -C up commit -q -a -m "hw/misc/foo: drop count" &&
	git -C up format-patch -q --stdout HEAD~1 >s.mbox &&
	esc=$(printf "\033") &&
	sed -i "s/^Subject: \[PATCH\] hw\/misc\/foo: drop count/Subject: [PATCH] =?UTF-8?q?x=1B[2J=0D=0AMigration-Break:_forged?=/" s.mbox &&
	sed -i "s/^---\$/Migration-Break: foo\/count: ok${esc}[2J${esc}]0;pwned\a\n---/" s.mbox &&
	grep -q "$esc" s.mbox &&
	"$VG" -C base review --email "$PWD/s.mbox" >out &&
	"$VG" -C base review "$PWD/s.mbox" >>out &&
	"$VG" -C base review -v --terse "$PWD/s.mbox" >>out &&
	! grep -q "$esc" out &&
	! grep -q "$(printf "\r")" out &&
	! grep -q "$(printf "\a")" out &&
	grep "^\[PATCH\] x\\\\x1b\[2J Migration-Break: forged: 1 waived" out &&
	grep "waived by Migration-Break: foo/count: ok\\\\x1b\[2J\\\\x1b\]0;pwned\\\\x07" out &&
	! grep "^Migration-Break: forged" out
'

test_done
