#!/bin/sh
# compare and the rules/ data files: section-renames and known-breaks.
. "$(dirname "$0")/lib.sh"

S=$DATA/dumps/small

test_expect_success 'a rules/section-renames entry matches a renamed dump key, both ways' '
	"$VG" compare -v "$S/old.json" "$S/renamed.json" >out &&
	grep "^ICH9 LPC: ICH9LPC: INFO: QOM type .ICH9 LPC. is now .ICH9-LPC. (rules/section-renames).*\[type-renamed\]" out &&
	"$VG" compare -v --reverse -s "$S/old.json" -d "$S/renamed.json" >out &&
	grep "^ICH9-LPC: ICH9LPC: INFO: QOM type .ICH9-LPC. is now .ICH9 LPC.*\[type-renamed\]" out
'

test_expect_success 'without the entry the rename is still found by idstr and layout' '
	mkdir rules && cp "$TOP/rules/macros" rules/ &&
	VMSTATE_GATE_RULES=$PWD/rules "$VG" compare -v "$S/old.json" "$S/renamed.json" >out &&
	grep "^ICH9 LPC: ICH9LPC: INFO: QOM type .ICH9 LPC. is now .ICH9-LPC. with the same section id .ICH9LPC. and layout.*\[type-renamed\]" out
'

test_expect_success 'known breaks apply only with a --range that spans them' '
	test_exit 1 "$VG" compare "$S/ahci-old.json" "$S/ahci-new.json" >out &&
	grep "^sysbus-ahci: ERROR: .*\[section-removed\]$" out &&
	"$VG" compare --range v9.2.0..v10.0.0 "$S/ahci-old.json" "$S/ahci-new.json" >out &&
	grep "^sysbus-ahci: ERROR: .*\[section-removed\] (waived by rules/known-breaks:[0-9]*)$" out &&
	grep "^1 sections compared, 0 errors, 0 warnings, 1 waived$" out &&
	"$VG" compare --range v9.0.0..v10.1.0 "$S/ahci-old.json" "$S/ahci-new.json" >out &&
	test_exit 1 "$VG" compare --range v10.0.0..v10.1.0 "$S/ahci-old.json" "$S/ahci-new.json" >out
'

test_expect_success 'a waived finding carries the reason and provenance in JSON' '
	"$VG" compare --format json --range v9.2.0..v10.0.0 "$S/ahci-old.json" "$S/ahci-new.json" >out.json &&
	python3 -c "
import json
f = json.load(open(\"out.json\"))[\"findings\"][0]
assert f[\"rule\"] == \"section-removed\", f
assert f[\"waived\"][\"by\"].startswith(\"rules/known-breaks:\"), f
assert \"CONFIG_AHCI_SYSBUS\" in f[\"waived\"][\"reason\"] and \"1b26146e89\" in f[\"waived\"][\"reason\"], f
"
'

test_expect_success 'the esp and next-pc breaks are not listed as known' '
	! grep -v "^#" "$TOP/rules/known-breaks" | grep "esp\|next-pc"
'

test_expect_success 'every rules entry has a range and a provenance' '
	grep -v "^#" "$TOP/rules/known-breaks" | grep . | while read -r rule path range rest; do
		case "$range" in v*.*..v*.*) ;; *) echo "bad range: $range"; exit 1 ;; esac
		echo "$rest" | grep -q "QEMU [0-9a-f]\{10\}" || { echo "no provenance: $rest"; exit 1; }
	done &&
	grep -v "^#" "$TOP/rules/section-renames" | grep "QEMU [0-9a-f]\{10\}" | wc -l | grep -qx 3
'

test_expect_success 'a malformed rules file: exit 2 naming file and line' '
	mkdir rules && cp "$TOP/rules/macros" rules/ &&
	printf "# comment\nsection-removed sysbus-ahci v9.2.0 \"why\" \"QEMU 1b26146e89\"\n" >rules/known-breaks &&
	test_exit 2 env VMSTATE_GATE_RULES=$PWD/rules "$VG" compare "$S/old.json" "$S/old.json" 2>err &&
	grep "rules/known-breaks:2: error: malformed release range" err &&
	printf "no-such-rule x v1.0.0..v2.0.0 \"why\" \"QEMU 1b26146e89\"\n" >rules/known-breaks &&
	test_exit 2 env VMSTATE_GATE_RULES=$PWD/rules "$VG" compare "$S/old.json" "$S/old.json" 2>err &&
	grep "rules/known-breaks:1: error: unknown rule id .no-such-rule." err &&
	printf "a b\n" >rules/known-breaks &&
	printf "\"ICH9 LPC\" ICH9-LPC\n" >rules/section-renames &&
	test_exit 2 env VMSTATE_GATE_RULES=$PWD/rules "$VG" compare "$S/old.json" "$S/old.json" 2>err &&
	grep "rules/section-renames:1: error: expected OLD_KEY NEW_KEY RANGE" err
'

test_done
