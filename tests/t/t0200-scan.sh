#!/bin/sh
# vmstate-gate scan: the definitions, fields and warnings found in C files
# written in QEMU's style (tests/data/src/scan).
. "$(dirname "$0")/lib.sh"

S=$DATA/src/scan

test_expect_success 'scan --help prints usage and exits 0' '
	"$VG" scan --help >out &&
	grep "usage: vmstate-gate scan" out
'

test_expect_success 'scan without a path is a usage error' '
	test_exit 2 "$VG" scan 2>err &&
	grep usage err
'

test_expect_success 'an unreadable path is exit 2' '
	test_exit 2 "$VG" scan no-such-file.c 2>err &&
	grep "no-such-file.c" err
'

test_expect_success 'every definition of forms.c is found, declarations ignored' '
	"$VG" scan --brief -I "$S/forms.h" "$S/forms.c" >out 2>err &&
	sed -n "s/^[^ ]* \([^ ]*\) .*/\1/p" out | sort >vars &&
	cat >expect <<-\EOT &&
	vmstate_bar
	vmstate_bar_chan
	vmstate_baz
	vmstate_baz_sub
	vmstate_quux
	vmstate_qux
	vmstate_qux_a
	vmstate_qux_cap_fast
	vmstate_qux_cap_slow
	vmstate_qux_pair[0]
	vmstate_qux_pair[1]
	EOT
	test_cmp expect vars &&
	! grep -e vmstate_elsewhere -e vmstate_tentative -e vmstate_in_string out &&
	grep "11 definitions in 1 files, 0 warnings" err
'

test_expect_success 'names: literal, #define, header macro + literal, stringified' '
	"$VG" scan --brief -I "$S/forms.h" "$S/forms.c" >out 2>err &&
	grep "vmstate_bar \"bar\" version 4 minimum 3 toplevel$" out &&
	grep "vmstate_baz \"baz-device/main\"" out &&
	grep "vmstate_qux_cap_fast \"qux/cap/fast\" .* macro-generated" out
'

test_expect_success 'without the header the macro name stays symbolic' '
	"$VG" scan --brief "$S/forms.c" >out 2>err &&
	grep "vmstate_baz \"TYPE_BAZ/main\"" out
'

test_expect_success 'field sizes from the catalogue' '
	"$VG" scan -I "$S/forms.h" "$S/forms.c" >out 2>err &&
	grep " on  *VMSTATE_BOOL  *1 enc=bool" out &&
	grep " unused  *VMSTATE_UNUSED  *3 unused" out &&
	grep " tick  *VMSTATE_TIMER  *8 enc=timer" out &&
	grep " tick_ptr  *VMSTATE_TIMER_PTR  *8 enc=timer" out &&
	grep " pc  *VMSTATE_UINTTL  *target_ulong" out &&
	grep " mac  *VMSTATE_BUFFER  *sizeof_field(BarState,mac)" out &&
	grep " chan_regs  *VMSTATE_UINT16_ARRAY  *2x4 " out &&
	grep " grid  *VMSTATE_UINT8_2DARRAY  *1x24 " out &&
	grep " table  *VMSTATE_UINT32_ARRAY  *4x16 " out &&
	grep " dyn  *VMSTATE_VARRAY_UINT32  *var enc=uint16" out &&
	grep " parent_obj  *VMSTATE_PCI_DEVICE  *struct:vmstate_pci_device" out &&
	grep " ptimer  *VMSTATE_PTIMER  *struct:vmstate_ptimer v1 " out &&
	grep " tests  *VMSTATE_STRUCT_ARRAY_TEST  *struct v3 test=bar_test" out &&
	grep "^    56  *late  *VMSTATE_UINT32_V  *4 v3" out &&
	grep "^    59  *raw  *{initializer}  *8 v2 enc=uint64" out &&
	grep " virtio  *VMSTATE_VIRTIO_DEVICE  *var" out &&
	! grep "^ *[0-9][0-9]*  *check " out
'

test_expect_success 'callbacks, conditions, subsections, old forms' '
	"$VG" scan -I "$S/forms.h" "$S/forms.c" >out 2>err &&
	grep "callbacks: post_load pre_save pre_load_errp" out &&
	grep "vmstate_qux \"qux\" .* if defined(CONFIG_QUX)" out &&
	grep "subsection vmstate_qux_a \"qux/a\"" out &&
	grep "vmstate_baz_sub \"baz/sub\" .* minimum_old 1" out &&
	grep "subsection vmstate_baz_sub \"baz/sub\"" out &&
	grep "subsection vmstate_qux_cap_fast \"qux/cap/fast\"" out
'

test_expect_success '#if in a field list takes the first branch, #if 0 is dropped' '
	"$VG" scan -I "$S/forms.h" "$S/forms.c" >out 2>err &&
	grep " wide  *VMSTATE_UINT64  *8" out &&
	! grep " wide  *VMSTATE_UINT32" out &&
	! grep " dead " out
'

test_expect_success 'a multi-field macro of the file expands to its fields' '
	"$VG" scan "$S/forms.c" >out 2>err &&
	grep "^    171  *pair.lo  *VMSTATE_UINT16" out &&
	grep "^    171  *pair.hi  *VMSTATE_UINT16" out
'

test_expect_success 'json output carries the model' '
	"$VG" scan --format json -I "$S/forms.h" "$S/forms.c" >out.json 2>err &&
	python3 -c "
import json,sys
d=json.load(open(\"out.json\"))
defs={x[\"description\"][\"var\"]:x for x in d[\"definitions\"]}
bar=defs[\"vmstate_bar\"][\"description\"]
assert bar[\"version_id\"]==4 and bar[\"minimum_version_id\"]==3, bar
f={x[\"name\"]:x for x in bar[\"fields\"]}
assert f[\"on\"][\"size\"]==1 and f[\"on\"][\"size_kind\"]==\"fixed\"
assert f[\"chans\"][\"description\"][\"name\"]==\"bar-chan\"
assert f[\"parent_obj\"][\"size_expr\"]==\"struct:vmstate_pci_device\"
assert d[\"definitions_found\"]==11
"
'

# A subsection defined in another file is not a broken construct (an
# extern, QEMU's spapr capabilities): srccmp compares the list by variable.
test_expect_success 'broken constructs are warnings with file:line, the rest is scanned' '
	"$VG" scan --brief "$S/broken.c" >out 2>err &&
	grep "vmstate_fine \"fine\"" out &&
	grep "broken.c:6: warning: cannot evaluate .version_id = ODD_VERSION" err &&
	grep "broken.c:10: warning: unknown field macro VMSTATE_FROBNICATE.*\[unknown-macro\]" err &&
	grep "broken.c:11: warning: VMSTATE_UINT32 takes 3 arguments.*\[scan-unparsed\]" err &&
	grep "broken.c:12: warning: cannot follow field list entry .42." err &&
	grep "broken.c:24: warning: cannot find the field array missing_fields" err &&
	! grep "vmstate_not_here" err &&
	grep "broken.c:37: warning: the initializer of vmstate_truncated does not end" err
'

test_expect_success 'unknown fields keep their place in the list' '
	"$VG" scan "$S/broken.c" >out 2>err &&
	grep "^    13  *d  *VMSTATE_UINT32  *4" out &&
	grep "fields (5):" out
'

test_expect_success 'directories are walked for .c/.h/.inc' '
	mkdir -p tree/sub &&
	cp "$S/broken.c" tree/sub/a.c &&
	cp "$S/broken.c" tree/sub/b.inc &&
	cp "$S/broken.c" tree/sub/c.txt &&
	"$VG" scan --brief tree >out 2>err &&
	grep "tree/sub/a.c:27: vmstate_fine" out &&
	grep "tree/sub/b.inc:27: vmstate_fine" out &&
	! grep c.txt out
'

test_expect_success 'a broken catalogue line is an input error naming rules/macros:LINE' '
	mkdir rules &&
	printf "# test\nVMSTATE_UINT8 _f,_s bogus=1\n" >rules/macros &&
	test_exit 2 "$VG" scan --rules rules "$S/forms.c" 2>err &&
	grep "rules/macros:2: error: VMSTATE_UINT8: bad attribute .bogus=1." err
'

test_expect_success 'an alias of an unknown macro is an input error' '
	mkdir rules &&
	printf "VMSTATE_A _f,_s = VMSTATE_NOPE(_f,_s)\n" >rules/macros &&
	test_exit 2 "$VG" scan --rules rules "$S/forms.c" 2>err &&
	grep "rules/macros:1: error: VMSTATE_A is an alias of unknown macro VMSTATE_NOPE" err
'

test_expect_success 'a macro of an older tree with another arity: its own #define from the headers' '
	"$VG" scan -I "$S/oldmacro.h" "$S/oldmacro.c" >out 2>err &&
	grep "acpi_pci_hotplug.hotplug_select  *VMSTATE_UINT32_TEST  *4 test=qux_pm_pcihp_needed" out &&
	grep "acpi_pci_hotplug.acpi_pcihp_pci_status  *VMSTATE_STRUCT_ARRAY_TEST" out &&
	grep "1 definitions in 1 files, 0 warnings" err &&
	# without the header: the catalogue cannot be used, and says so
	"$VG" scan "$S/oldmacro.c" >out 2>err &&
	grep "oldmacro.c:21: warning: VMSTATE_PCI_HOTPLUG takes 3 arguments here, the catalogue (.*) says 4 \[scan-unparsed\]" err
'

test_done
