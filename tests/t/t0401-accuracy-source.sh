#!/bin/sh
# Source and dump classes of issue 8 that need no repository: two
# subsections of one .name (scan, diff-source), a new subsection with no
# .needed (always sent), and a number narrowed behind VMSTATE_UNUSED
# padding (compatible, big-endian). Each with a close variant that must
# not fire. C fixtures in QEMU's style and hand-written dumps.
. "$(dirname "$0")/lib.sh"

D=$DATA/src/diff
A=$DATA/dumps/accuracy

test_expect_success 'scan: two subsections of one .name are an error (exit 1)' '
	test_exit 1 "$VG" scan --brief "$D/dup-sub.c" >out 2>err &&
	grep "dup-sub.c:30: error: vmstate_bar_cpu lists two subsections named .bar-cpu/tlb. (vmstate_tlb_small and vmstate_tlb_big).*\[subsection-duplicate\]" err &&
	grep "3 definitions in 1 files, 1 errors, 0 warnings" err &&
	test_exit 1 "$VG" scan --format json "$D/dup-sub.c" >out.json &&
	grep "\"rule\":\"subsection-duplicate\",\"severity\":\"error\"" out.json
'

test_expect_success 'scan: close variant, the names made distinct, exits 0' '
	"$VG" scan --brief "$D/dup-sub-fixed.c" >out 2>err &&
	! grep "subsection-duplicate" err
'

test_expect_success 'diff-source: a clash both subsections of which are new is flagged' '
	test_exit 1 "$VG" diff-source /dev/null "$D/dup-sub.c" >out &&
	grep "dup-sub.c:30: bar-cpu/tlb: ERROR: .*\[subsection-duplicate\]" out &&
	test_exit 0 "$VG" diff-source /dev/null "$D/dup-sub-fixed.c" >out &&
	! grep "subsection-duplicate" out
'

test_expect_success 'diff-source: a new subsection without .needed is always sent: error' '
	test_exit 1 "$VG" diff-source "$D/dev-v1.c" "$D/dev-sub-always.c" >out &&
	grep "dev-sub-always.c:44: foo-dev/dma: ERROR: new subsection .foo-dev/dma. (vmstate_foo_dma) has no .needed, so it is always sent.*\[subsection-always-sent\]" out &&
	grep "1 errors, 0 warnings" out
'

test_expect_success 'diff-source: close variant, with .needed: info saying what must make it false' '
	test_exit 0 "$VG" diff-source -v "$D/dev-v1.c" "$D/dev-sub-added.c" >out &&
	grep "INFO: new subsection .foo-dev/dma. (vmstate_foo_dma): .*must be false for older machine types.*hw_compat.*\[subsection-added\]" out &&
	! grep "subsection-always-sent" out
'

test_expect_success 'diff-source: a number narrowed behind padding before it is a warning' '
	test_exit 0 "$VG" diff-source "$D/dev-v1.c" "$D/dev-narrow-pad.c" >out &&
	grep "dev-narrow-pad.c:52: foo-dev/status: WARNING: .status. narrowed from 4 to 2 bytes behind 2 bytes of VMSTATE_UNUSED padding.*above 16 bits is lost \[field-narrowed\]" out &&
	grep "0 errors, 1 warnings" out
'

test_expect_success 'diff-source: widened back over the padding is exact (info)' '
	test_exit 0 "$VG" diff-source -v "$D/dev-narrow-pad.c" "$D/dev-v1.c" >out &&
	grep "INFO: .status. widened from 2 to 4 bytes.*\[unused-padding\]" out &&
	grep "0 errors, 0 warnings" out
'

test_expect_success 'diff-source: close variant, the padding after the number reads the high bytes: error' '
	test_exit 1 "$VG" diff-source "$D/dev-v1.c" "$D/dev-narrow-pad-after.c" >out &&
	grep "dev-narrow-pad-after.c:51: foo-dev/status: ERROR: .*\[field-size-changed\]" out &&
	! grep "field-narrowed" out
'

test_expect_success 'dumps: u64 -> unused(4) + u32, and u64 -> unused(3) + unused(4) + u8' '
	test_exit 0 "$VG" compare "$A/narrow-old.json" "$A/narrow-new.json" >out &&
	grep "^wid-dev/base: WARNING: .base. narrowed from 8 to 4 bytes.*\[field-narrowed\]" out &&
	test_exit 0 "$VG" compare "$A/narrow-old.json" "$A/narrow-byte.json" >out &&
	grep "^wid-dev/base: WARNING: .base. narrowed from 8 to 1 bytes behind 7 bytes.*\[field-narrowed\]" out &&
	test_exit 1 "$VG" compare "$A/narrow-old.json" "$A/narrow-after.json" >out &&
	grep "^wid-dev/base: ERROR: .*\[field-size-changed\]" out &&
	! grep "field-narrowed" out
'

test_expect_success 'diff-source: an existing device registering a new section, always sent: warning' '
	test_exit 0 "$VG" diff-source "$D/sect-v1.c" "$D/sect-extra.c" >out &&
	grep "sect-extra.c:31: quux-dma: WARNING: new description vmstate_quux_dma (\"quux-dma\") is a new section of a device the source.s release already has, with no .needed.*\[section-added-unconditional\]" out
'

test_expect_success 'diff-source: close variants, the new section with .needed, or of a new device: info' '
	test_exit 0 "$VG" diff-source -v "$D/sect-v1.c" "$D/sect-extra-needed.c" >out &&
	grep "INFO: .*needed() must be false for older machine types \[section-added\]" out &&
	! grep "section-added-unconditional" out &&
	test_exit 0 "$VG" diff-source -v "$D/sect-v1.c" "$D/sect-newdev.c" >out &&
	grep "quux-lite: INFO: .*\[section-added\]" out &&
	! grep "section-added-unconditional" out
'

test_expect_success 'diff-source: a nested description registered as the device.s own section: warning' '
	test_exit 1 "$VG" diff-source "$D/sect-v1.c" "$D/sect-own.c" >out &&
	grep "quux-timer: WARNING: formerly nested description vmstate_quux_timer.*\[section-added-unconditional\]" out
'

test_expect_success 'diff-source: a section split into a PCI wrapper and a nested core, same bytes: clean' '
	test_exit 0 "$VG" diff-source -v "$D/split-v1.c" "$D/split-v2.c" >out &&
	grep "split-v2.c:16: zap: zap-core/ctrl: INFO: 3 fields .*\[field-moved\]" out &&
	! grep -e "section-renamed" -e "section-added" -e ": ERROR: " -e ": WARNING: " out &&
	test_exit 0 "$VG" diff-source "$D/split-v1.c" "$D/split-v2-var.c" >out &&
	grep "0 errors, 0 warnings" out
'

test_expect_success 'diff-source: close variant, the split dropping a field is still a break' '
	test_exit 1 "$VG" diff-source "$D/split-v1.c" "$D/split-v2-lost.c" >out &&
	grep "split-v2-lost.c:22: zap/base: ERROR: .*\[field-removed\]" out &&
	! grep "section-renamed" out
'

test_expect_success 'a designated initializer given twice: the last counts, a warning in scan' '
	"$VG" scan --brief "$D/dev-dup-init.c" >out 2>err &&
	grep "dev-dup-init.c:77: warning: vmstate_foo gives .subsections twice: C keeps the last one.*\[initializer-duplicate\]" err &&
	grep "dev-dup-init.c:76: warning: vmstate_foo gives .post_load twice.*\[initializer-duplicate\]" err &&
	"$VG" scan --format json "$D/dev-dup-init.c" >out.json &&
	python3 -c "
import json
d = [x[\"description\"] for x in json.load(open(\"out.json\"))[\"definitions\"]
     if x[\"description\"][\"var\"] == \"vmstate_foo\"][0]
assert d[\"subsection_refs\"] == [\"vmstate_foo_dma\"], d[\"subsection_refs\"]
"
'

test_expect_success 'diff-source: the subsection list that lost entries to a repeated .subsections is subsection-removed' '
	test_exit 1 "$VG" diff-source "$D/dev-sub-added.c" "$D/dev-dup-init.c" >out &&
	grep "dev-dup-init.c:55: foo-dev/irq: ERROR: .*\[subsection-removed\]" out &&
	grep "1 errors, 2 warnings" out
'

test_expect_success 'close variant: a member repeated with the same value changes nothing but warns' '
	test_exit 0 "$VG" diff-source "$D/dev-sub-added.c" "$D/dev-dup-init-same.c" >out &&
	grep "WARNING: vmstate_foo gives .version_id twice.*\[initializer-duplicate\]" out &&
	grep "0 errors, 1 warnings" out
'

test_done
