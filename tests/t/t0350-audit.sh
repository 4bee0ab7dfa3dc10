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
	! grep ": ERROR: " out &&
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
	! grep ": ERROR: " out
'

# make_overlay_repo DIR NAME: make_qemu_repo with tests/data/NAME copied
# over qemu-mini before the release.
make_overlay_repo() {
	git init -q "$1" &&
	cp -R "$DATA/qemu-mini/." "$1/" &&
	cp -R "$DATA/$2/." "$1/" &&
	git -C "$1" add . &&
	git -C "$1" commit -q -m "Update version for v1.0.0 release" &&
	git -C "$1" tag -a -m "v1.0.0" v1.0.0 &&
	echo 1.0.50 >"$1/VERSION" &&
	git -C "$1" commit -q -a -m "Open 1.1 development tree"
}

drop_placeholders() {
	sed -i "/^static bool placeholder_server_needed/,\$d" "$1/hw/ppc/board.c"
}

# QEMU 24ee9229fe: a placeholder "icp/server" removed from one file while
# another file still registers "icp/server" with the same wire layout.
test_expect_success 'a description removed while another file still defines its section is compared with that one' '
	make_overlay_repo r gate-survive &&
	drop_placeholders r &&
	git -C r commit -q -a -m "board: no placeholders for old machines" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: " out &&
	grep "0 errors" out
'

test_expect_success 'the section that survives elsewhere with another layout: its findings, not a removal' '
	make_overlay_repo r gate-survive &&
	sed -i "s/VMSTATE_UINT8(mask, BarServerState)/VMSTATE_UINT16(mask, BarServerState)/; s/uint8_t mask;/uint16_t mask;/" \
		r/hw/intc/bar.c r/include/hw/intc/bar.h &&
	git -C r commit -q -a -m "bar: wider mask" &&
	drop_placeholders r &&
	git -C r commit -q -a -m "board: no placeholders for old machines" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "bar/server.*ERROR" out &&
	! grep "description-removed" out
'

test_expect_success 'a description removed with no definition of its section left is still a removal' '
	make_overlay_repo r gate-survive &&
	drop_placeholders r &&
	git -C r rm -q hw/intc/bar.c &&
	git -C r commit -q -a -m "board, bar: gone" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "hw/ppc/board.c:[0-9]*: bar/server: ERROR: .*\[description-removed\]" out
'

# A description moved into a new file (not a git rename: the old file
# stays) by an earlier commit of the cycle: the new file has no baseline
# copy, its descriptions are judged against the baseline's definitions of
# their .name.
test_expect_success 'a change to a description moved into a new file earlier in the cycle is judged against the baseline' '
	make_qemu_repo r &&
	cp -R "$DATA/gate-moved/hw" r/ &&
	git -C r add hw &&
	git -C r commit -q -m "foo: migration state in a file of its own" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: " out &&
	git -C r diff --name-status -M HEAD^ HEAD >names &&
	grep "^A.*hw/misc/foo-vmstate.c" names &&
	sed -i "s/VMSTATE_UINT16(count, FooState)/VMSTATE_UINT32(count, FooState)/" r/hw/misc/foo-vmstate.c &&
	git -C r commit -q -a -m "foo: wider count" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "hw/misc/foo-vmstate.c:[0-9]*: foo/count: ERROR: .*\[field-size-changed\]" out &&
	test_exit 1 "$VG" -C r check v1.0.0..HEAD >out &&
	test $(grep -c "foo/count: ERROR" out) = 1 &&
	! grep "section-added" out
'

test_expect_success 'a section new in the cycle, defined in a new file, is still free to change' '
	make_qemu_repo r &&
	cp -R "$DATA/gate-moved/hw" r/ &&
	sed -i "s/\"foo/\"foo2/" r/hw/misc/foo-vmstate.c &&
	git -C r add hw &&
	git -C r commit -q -m "foo: a second section" &&
	sed -i "s/VMSTATE_UINT16(count, FooState)/VMSTATE_UINT32(count, FooState)/" r/hw/misc/foo-vmstate.c &&
	git -C r commit -q -a -m "foo2: wider count" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: " out
'

test_done
