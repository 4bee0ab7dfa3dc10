#!/bin/sh
# vmstate-gate check: cases found by auditing the gate on QEMU's history.
# Every fixture is written here, in QEMU's style.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

# A file renamed after the release (git's similarity rename), and then a
# change to the renamed file in a later commit: the baseline copy is the
# file under its old name, so the later change is judged against it.
test_expect_success 'a change to a file renamed since the release is judged against the old file' '
	make_qemu_repo r &&
	git -C r mv hw/misc/foo.c hw/misc/foo-common.c &&
	sed -i "s/Foo test device/Foo test device, common part/" r/hw/misc/foo-common.c &&
	git -C r commit -q -m "foo: rename to foo-common" &&
	"$VG" -C r check HEAD >out &&
	! grep ERROR out &&
	sed -i "s/\.name = \"foo\",/.name = \"foo-common\",/" r/hw/misc/foo-common.c &&
	git -C r commit -q -a -m "foo: rename the section" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "hw/misc/foo-common.c:[0-9]*: foo-common: ERROR: .*from .foo. to .foo-common.*\[section-renamed\]" out
'

test_expect_success 'a rename of a rename is followed back, and a size change after it is flagged' '
	make_qemu_repo r &&
	git -C r mv hw/misc/foo.c hw/misc/foo2.c &&
	git -C r commit -q -m "foo: rename once" &&
	git -C r mv hw/misc/foo2.c hw/misc/foo3.c &&
	git -C r commit -q -m "foo: rename twice" &&
	sed -i "s/VMSTATE_UINT16(count, FooState)/VMSTATE_UINT32(count, FooState)/" r/hw/misc/foo3.c &&
	git -C r commit -q -a -m "foo: wider count" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "hw/misc/foo3.c:[0-9]*: foo/count: ERROR: .*\[field-size-changed\]" out &&
	test_exit 1 "$VG" -C r check v1.0.0..HEAD >out &&
	grep "^[0-9a-f]*: hw/misc/foo3.c:[0-9]*: foo/count: ERROR: .*\[field-size-changed\]" out
'

test_expect_success 'a file new since the release has no baseline copy: its changes are free' '
	make_qemu_repo r &&
	sed "s/vmstate_foo/vmstate_bar/g; s/\"foo/\"bar/g" r/hw/misc/foo.c >r/hw/misc/bar.c &&
	git -C r add hw/misc/bar.c &&
	git -C r commit -q -m "bar: new device" &&
	sed -i "s/VMSTATE_UINT16(count, FooState)/VMSTATE_UINT32(count, FooState)/" r/hw/misc/bar.c &&
	git -C r commit -q -a -m "bar: wider count" &&
	"$VG" -C r check HEAD >out &&
	! grep ERROR out
'

test_done
