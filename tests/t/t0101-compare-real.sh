#!/bin/sh
# compare on real QEMU dumps (tests/data/dumps, copied from releases).
. "$(dirname "$0")/lib.sh"

R=$DATA/dumps

test_expect_success 'm68k q800 v8.2.0 -> v9.0.0: esp/pdma removed, next-pc minimum raised' '
	test_exit 1 "$VG" compare -v "$R/v8.2.0/m68k/q800.json" "$R/v9.0.0/m68k/q800.json" >out &&
	grep "^sysbus-esp: esp/pdma: ERROR: .*esp/pdma.*\[subsection-removed\]" out &&
	grep "^next-pc: ERROR: the section.s minimum_version_id 2 is above the source.s version_id 1.*\[minimum-version-raised\]" out &&
	grep "^next-pc: WARNING: .*\[version-bumped\]" out &&
	grep "^sysbus-esp: esp/data_ready: INFO: .data_in_ready. renamed to .data_ready.*\[field-renamed\]" out &&
	grep "^sysbus-esp: esp/mig_ti_cmd: INFO: .ti_cmd. renamed to .mig_ti_cmd.*\[field-renamed\]" out &&
	! grep "ERROR.*data_ready\|ERROR.*ti_cmd" out
'

# esp's drq_state is VMSTATE_BOOL without a test in the nested esp
# description (QEMU c25df57ae8 hw/scsi/esp.c). Nested descriptions carry
# no version on the wire: 9.0 always reads a byte 8.2 never sends.
test_expect_success 'esp drq_state (9.0) is an ungated field in a nested struct: field-added' '
	test_exit 1 "$VG" compare "$R/v8.2.0/m68k/q800.json" "$R/v9.0.0/m68k/q800.json" >out &&
	grep "^sysbus-esp: esp/drq_state: ERROR: the destination reads .drq_state. (1 byte) that the source never sends.*\[field-added\]" out
'

test_expect_success 'm68k q800 v8.2.0 -> v9.0.0: exactly these errors' '
	test_exit 1 "$VG" compare "$R/v8.2.0/m68k/q800.json" "$R/v9.0.0/m68k/q800.json" >out &&
	grep ERROR out | sed "s/: ERROR: .*\[/ [/" >errors &&
	test_cmp - errors <<-EOF
	next-pc [minimum-version-raised]
	sysbus-esp: esp/drq_state [field-added]
	sysbus-esp: esp/pdma [subsection-removed]
	EOF
'

test_expect_success 'x86_64 pc-q35-8.2 v8.2.0 -> v9.0.0: esp loss in every section embedding it' '
	test_exit 1 "$VG" compare -v "$R/v8.2.0/x86_64/pc-q35-8.2.json" "$R/v9.0.0/x86_64/pc-q35-8.2.json" >out &&
	grep ERROR out | sed "s/: ERROR: .*\[/ [/" >errors &&
	test_cmp - errors <<-EOF &&
	am53c974: esp/drq_state [field-added]
	am53c974: esp/pdma [subsection-removed]
	dc390: esp/drq_state [field-added]
	dc390: esp/pdma [subsection-removed]
	sysbus-esp: esp/drq_state [field-added]
	sysbus-esp: esp/pdma [subsection-removed]
	EOF
	test $(grep -c "INFO: .data_in_ready. renamed to .data_ready.*\[field-renamed\]" out) = 3 &&
	test $(grep -c "INFO: .ti_cmd. renamed to .mig_ti_cmd.*\[field-renamed\]" out) = 3 &&
	grep "^189 sections compared, 6 errors, 0 warnings" out
'

test_expect_success 'x86_64: sb16 fields replaced by VMSTATE_UNUSED(20) are padding, not a break' '
	test_exit 1 "$VG" compare -v "$R/v8.2.0/x86_64/pc-q35-8.2.json" "$R/v9.0.0/x86_64/pc-q35-8.2.json" >out &&
	! grep "^sb16.*ERROR" out &&
	grep "^sb16/unused: INFO: irq,dma,hdma,port,ver (20 bytes) and unused (20 bytes).*\[unused-padding\]" out
'

# QEMU 8ef4260a3f (10.2) gave a second subsection of sd-card the .name
# "sd-card/ext_csd_modes-state": shipped, and wrong between two 10.2s.
test_expect_success 'every dump compared with itself reports nothing but 10.2 sd-card' '
	for f in "$R"/v*/*/*.json; do
		case $f in */v10.2.0/x86_64/*) continue ;; esac
		"$VG" compare "$f" "$f" >out || return 1
		grep "sections compared, 0 errors, 0 warnings$" out || return 1
		test $(wc -l <out) = 1 || return 1
	done &&
	test_exit 1 "$VG" compare "$R/v10.2.0/x86_64/pc-q35-10.2.json" "$R/v10.2.0/x86_64/pc-q35-10.2.json" >out &&
	grep ERROR out | sed "s/: ERROR: .*\[/ [/" >errors &&
	test_cmp - errors <<-EOF
	emmc: sd-card/ext_csd_modes-state [subsection-duplicate]
	sd-card/ext_csd_modes-state [subsection-duplicate]
	sd-card-spi: sd-card/ext_csd_modes-state [subsection-duplicate]
	sdmmc-common: sd-card/ext_csd_modes-state [subsection-duplicate]
	EOF
'

# QEMU 8.2 (hw/block/swim.c 5700420417, hw/misc/mac_via.c b4d3a83b89):
# the q800 machine is not versioned and these were deliberate breaks.
test_expect_success 'm68k q800 v8.1.0 -> v8.2.0: swim registers split, via1 timer hack state' '
	test_exit 1 "$VG" compare "$R/v8.1.0/m68k/q800.json" "$R/v8.2.0/m68k/q800.json" >out &&
	grep "^mos6522-q800-via1: q800-via1/timer_hack_state: ERROR: .*\[field-added\]" out &&
	grep "^swim/regs: ERROR: the source sends .regs. (16 bytes).*\[field-removed\]" out &&
	grep "^swim/ismregs: ERROR: .*\[field-inserted\]" out &&
	grep "^53 sections compared, 4 errors" out
'

test_expect_success 'JSON output of the real x86_64 pair' '
	test_exit 1 "$VG" compare --format json "$R/v8.2.0/x86_64/pc-q35-8.2.json" "$R/v9.0.0/x86_64/pc-q35-8.2.json" >out.json &&
	python3 -c "
import json
r = json.load(open(\"out.json\"))
errs = sorted((f[\"section\"], f[\"path\"], f[\"rule\"]) for f in r[\"findings\"] if f[\"severity\"] == \"error\")
assert (\"dc390\", \"esp/pdma\", \"subsection-removed\") in errs, errs
assert len(errs) == 6, errs
assert r[\"summary\"][\"sections_compared\"] == 189
"
'

# Every neighbouring release pair of the release dumps in tests/data/dumps:
# the verdicts reviewed by hand.
test_expect_success 'release dumps: errors of every neighbouring release pair' '
	for p in v8.1.0:v8.2.0:x86_64/pc-q35-8.1 v8.2.0:v9.0.0:x86_64/pc-q35-8.2 \
		 v9.0.0:v9.1.0:x86_64/pc-q35-9.0 v9.1.0:v9.2.0:x86_64/pc-q35-9.1 \
		 v9.2.0:v10.0.0:x86_64/pc-q35-9.2 v10.0.0:v10.1.0:x86_64/pc-q35-10.0 \
		 v10.1.0:v10.2.0:x86_64/pc-q35-10.1 \
		 v8.1.0:v8.2.0:m68k/q800 v8.2.0:v9.0.0:m68k/q800 v9.0.0:v9.1.0:m68k/q800 \
		 v9.1.0:v9.2.0:m68k/q800 v9.2.0:v10.0.0:m68k/q800 v10.0.0:v10.1.0:m68k/q800 \
		 v10.1.0:v10.2.0:m68k/q800; do
		a=${p%%:*} r=${p#*:}; b=${r%%:*} m=${r#*:}
		"$VG" compare "$RELEASE_DUMPS/$a/$m.json" "$RELEASE_DUMPS/$b/$m.json" >out
		echo "$a..$b $m: $(grep -c ERROR out) errors, $(grep -c WARNING out) warnings"
	done >got &&
	test_cmp - got <<-EOF
	v8.1.0..v8.2.0 x86_64/pc-q35-8.1: 0 errors, 0 warnings
	v8.2.0..v9.0.0 x86_64/pc-q35-8.2: 6 errors, 0 warnings
	v9.0.0..v9.1.0 x86_64/pc-q35-9.0: 0 errors, 0 warnings
	v9.1.0..v9.2.0 x86_64/pc-q35-9.1: 0 errors, 0 warnings
	v9.2.0..v10.0.0 x86_64/pc-q35-9.2: 1 errors, 0 warnings
	v10.0.0..v10.1.0 x86_64/pc-q35-10.0: 0 errors, 4 warnings
	v10.1.0..v10.2.0 x86_64/pc-q35-10.1: 4 errors, 0 warnings
	v8.1.0..v8.2.0 m68k/q800: 4 errors, 0 warnings
	v8.2.0..v9.0.0 m68k/q800: 3 errors, 1 warnings
	v9.0.0..v9.1.0 m68k/q800: 0 errors, 0 warnings
	v9.1.0..v9.2.0 m68k/q800: 0 errors, 0 warnings
	v9.2.0..v10.0.0 m68k/q800: 1 errors, 2 warnings
	v10.0.0..v10.1.0 m68k/q800: 0 errors, 1 warnings
	v10.1.0..v10.2.0 m68k/q800: 0 errors, 0 warnings
	EOF
'
test_expect_success 'release dumps: sysbus-ahci (9.2 -> 10.0) is waived for that range only' '
	"$VG" compare --range v9.2.0..v10.0.0 "$RELEASE_DUMPS/v9.2.0/x86_64/pc-q35-9.2.json" \
		"$RELEASE_DUMPS/v10.0.0/x86_64/pc-q35-9.2.json" >out &&
	grep "^sysbus-ahci: .*\[section-removed\] (waived by rules/known-breaks:[0-9]*)" out &&
	test_exit 1 "$VG" compare --range v10.0.0..v10.1.0 "$RELEASE_DUMPS/v9.2.0/x86_64/pc-q35-9.2.json" \
		"$RELEASE_DUMPS/v10.0.0/x86_64/pc-q35-9.2.json" >out
'
test_expect_success 'release dumps: 7.2 (no num) with itself and across machine types' '
	"$VG" compare "$RELEASE_DUMPS/v7.2-debian/x86_64/pc-q35-7.2.json" \
		"$RELEASE_DUMPS/v7.2-debian/x86_64/pc-q35-7.2.json" >out &&
	grep "^213 sections compared, 0 errors, 0 warnings" out &&
	"$VG" compare "$RELEASE_DUMPS/v7.2-debian/x86_64/pc-i440fx-7.2.json" \
		"$RELEASE_DUMPS/v7.2-debian/x86_64/pc-q35-7.2.json" >out &&
	grep "^vmschkmachine: WARNING: .*\[machine-changed\]" out &&
	grep "^213 sections compared, 0 errors, 1 warnings" out
'

test_done
