#!/bin/sh
# compare: command line, exit codes, bad input, JSON output.
. "$(dirname "$0")/lib.sh"

S=$DATA/dumps/small
Q82=$DATA/dumps/v8.2.0/m68k/q800.json

test_expect_success 'compare --help prints usage and exits 0' '
	"$VG" compare --help >out &&
	grep "usage: vmstate-gate compare" out &&
	grep -- "--reverse" out
'

test_expect_success 'a dump compared with itself reports nothing (exit 0)' '
	"$VG" compare "$Q82" "$Q82" >out &&
	test_cmp - out <<-EOF
	57 sections compared, 0 errors, 0 warnings
	EOF
'

test_expect_success 'a break exits 1 and names section, path and rule' '
	test_exit 1 "$VG" compare "$S/old.json" "$S/new.json" >out &&
	grep "^ne2k_isa: ne2000/tsr: ERROR: .tsr. changed size from 1 byte to 2 bytes.*\[field-size-changed\]" out &&
	grep "^ne2k_isa: ne2000/imr: ERROR: .*\[field-inserted\]" out &&
	grep "^2 sections compared, 2 errors, 0 warnings" out
'

test_expect_success 'the static checker command line: -s/--src -d/--dest' '
	test_exit 1 "$VG" compare -s "$S/old.json" -d "$S/new.json" >a &&
	test_exit 1 "$VG" compare --src "$S/old.json" --dest "$S/new.json" >b &&
	test_exit 1 "$VG" compare "$S/old.json" "$S/new.json" >c &&
	test_cmp a b && test_cmp a c
'

test_expect_success '--reverse checks new -> old' '
	test_exit 1 "$VG" compare --reverse -s "$S/old.json" -d "$S/new.json" >out &&
	grep "ne2000/imr: ERROR: the source sends .imr. (1 byte) but the destination no longer reads it" out &&
	grep "ne2000/tsr: ERROR: .tsr. changed size from 2 bytes to 1 byte" out
'

test_expect_success 'info findings only with -v' '
	"$VG" compare "$S/old.json" "$S/renamed.json" >out &&
	! grep ": INFO: " out &&
	"$VG" compare -v "$S/old.json" "$S/renamed.json" >out &&
	grep "ne2000/isr: INFO: .tsr. renamed to .isr.*\[field-renamed\]" out &&
	grep "^ICH9 LPC: ICH9LPC: INFO: .*\[type-renamed\]" out
'

test_expect_success '--format json: findings and summary' '
	test_exit 1 "$VG" compare --format json "$S/old.json" "$S/new.json" >out.json &&
	python3 -c "
import json, sys
r = json.load(open(\"out.json\"))
f = [x for x in r[\"findings\"] if x[\"rule\"] == \"field-size-changed\"]
assert len(f) == 1, f
f = f[0]
assert f[\"severity\"] == \"error\" and f[\"section\"] == \"ne2k_isa\", f
assert f[\"path\"] == \"ne2000/tsr\" and f[\"old\"] == \"1 byte\" and f[\"new\"] == \"2 bytes\", f
assert f[\"waived\"] is False
s = r[\"summary\"]
assert s[\"sections_compared\"] == 2 and s[\"errors\"] == 2, s
"
'

test_expect_success 'usage errors exit 2' '
	test_exit 2 "$VG" compare 2>err && grep "needs two dumps" err &&
	test_exit 2 "$VG" compare "$S/old.json" 2>err &&
	test_exit 2 "$VG" compare a b c 2>err && grep "too many" err &&
	test_exit 2 "$VG" compare --bogus "$S/old.json" "$S/new.json" 2>err &&
	grep "unknown option" err &&
	test_exit 2 "$VG" compare --format xml "$S/old.json" "$S/new.json" 2>err &&
	grep "unknown format" err &&
	test_exit 2 "$VG" compare --range 9.0 "$S/old.json" "$S/new.json" 2>err &&
	grep "malformed release range" err
'

test_expect_success 'a missing file: exit 2, the file named' '
	test_exit 2 "$VG" compare nosuch.json "$S/old.json" 2>err &&
	grep "^nosuch.json: error: cannot open: No such file" err
'

test_expect_success 'an empty file: exit 2' '
	: >empty.json &&
	test_exit 2 "$VG" compare empty.json "$S/old.json" 2>err &&
	grep "^empty.json:1:1: error: empty file" err
'

test_expect_success 'malformed JSON: exit 2 with file:line and JSON path' '
	sed "s/\"tsr\",/\"tsr\"/" "$S/old.json" >bad.json &&
	test_exit 2 "$VG" compare bad.json "$S/old.json" 2>err &&
	grep "^bad.json:28:11: error: expected .,. or .}. in an object, at \$.ne2k_isa.Description.Fields\[2\]" err
'

test_expect_success 'a truncated dump: exit 2, says so' '
	head -c 600 "$S/old.json" >trunc.json &&
	test_exit 2 "$VG" compare trunc.json "$S/old.json" 2>err &&
	grep "^trunc.json:29:23: error: unexpected end of file inside a string (truncated file?), at \$.ne2k_isa.Description.Fields\[2\]$" err
'

test_expect_success 'valid JSON that is not a dump: exit 2' '
	echo "[1, 2]" >arr.json &&
	test_exit 2 "$VG" compare arr.json "$S/old.json" 2>err &&
	grep "^arr.json:1: error: not a -dump-vmstate file: the top level must be an object, found an array" err &&
	echo "{\"name\": \"x\", \"version\": 3}" >pkg.json &&
	test_exit 2 "$VG" compare pkg.json "$S/old.json" 2>err &&
	grep "^pkg.json:1: error: not a -dump-vmstate file: a section entry must be an object, found a string, at \$.name" err &&
	echo "{}" >obj.json &&
	test_exit 2 "$VG" compare obj.json "$S/old.json" 2>err &&
	grep "no sections" err
'

test_expect_success 'a missing key: exit 2 with the line and path of its object' '
	grep -v "\"field_exists\": false,$" "$S/old.json" | sed -n 1,200p >nokey.json &&
	test_exit 2 "$VG" compare nokey.json "$S/old.json" 2>err &&
	grep "^nokey.json:14: error: a field has no \"field_exists\" key, at \$.ne2k_isa.Description.Fields\[0\]" err
'

test_expect_success 'a wrong type: exit 2 with the line and path of the value' '
	sed "0,/\"size\": 1,*$/s//\"size\": \"1\"/" "$S/old.json" >type.json &&
	test_exit 2 "$VG" compare type.json "$S/old.json" 2>err &&
	grep "^type.json:18: error: expected an integer, found a string, at \$.ne2k_isa.Description.Fields\[0\].size" err
'

test_expect_success 'a run that compared nothing is not a pass (exit 2)' '
	cat >other.json <<-EOF &&
	{"other": {"Name": "other", "version_id": 1, "minimum_version_id": 1,
	  "Description": {"name": "other", "version_id": 1, "minimum_version_id": 1}}}
	EOF
	test_exit 2 "$VG" compare other.json "$S/old.json" 2>err &&
	grep "nothing was compared" err
'

test_done
