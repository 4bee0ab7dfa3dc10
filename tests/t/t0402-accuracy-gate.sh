#!/bin/sh
# The gate on classes of issue 8 that need a history: a section an earlier
# commit of the cycle already broke (no new break, an info that names that
# commit), a repository with no release in its history (its oldest commit
# stands in, and says so; a shallow clone still has no baseline), and a
# subsection clash or an always-sent subsection at its commit. Real git
# repositories, real hooks.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

foo_raise_minimum() {
	sed -i "/.name = \"foo\",/{n;s/.version_id = 1,/.version_id = 2,/;n;s/.minimum_version_id = 1,/.minimum_version_id = 2,/}" "$1/hw/misc/foo.c"
}

test_expect_success 'setup: the minimum raise edits the section foo' '
	make_qemu_repo r &&
	foo_raise_minimum r &&
	git -C r diff | grep "^+    .minimum_version_id = 2," &&
	git -C r diff | grep "^+    .version_id = 2,"
'

test_expect_success 'a section already broken in the cycle: a later change adds no break, an info says since when' '
	make_qemu_repo r &&
	foo_raise_minimum r &&
	git -C r commit -q -a -m "foo: drop version 1 streams" &&
	broke=$(git -C r rev-parse HEAD) &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "\[minimum-version-raised\]" out &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" &&
	"$VG" -C r check -v HEAD >out &&
	grep "INFO: section .foo. is already incompatible with v1.0.0 since $(echo $broke | cut -c1-12): this change alters its wire format again.*\[already-incompatible\]" out &&
	! grep ": ERROR: " out
'

test_expect_success 'the info names the breaking commit from further down the cycle too' '
	make_qemu_repo r &&
	foo_raise_minimum r &&
	git -C r commit -q -a -m "foo: drop version 1 streams" &&
	broke=$(git -C r rev-parse --short=12 HEAD) &&
	echo "more" >>r/README && git -C r commit -q -a -m "readme" &&
	echo "more" >>r/README && git -C r commit -q -a -m "readme again" &&
	foo_rename_status r && foo_remove_count r &&
	git -C r commit -q -a -m "foo: rename status, drop count" &&
	"$VG" -C r check -v HEAD >out &&
	grep "already incompatible with v1.0.0 since $broke" out &&
	# the range as a whole does not report what the breaking commit was flagged for
	test_exit 1 "$VG" -C r check v1.0.0..HEAD >out &&
	test $(grep -c ": ERROR: " out) = 1 &&
	grep "^$broke: .*\[minimum-version-raised\]" out &&
	"$VG" -C r check --format json HEAD >out.json &&
	grep "\"rule\":[[:space:]]*\"already-incompatible\"" out.json
'

test_expect_success 'a field break first, a size change later: one error in the range, at the first' '
	make_qemu_repo r &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" &&
	broke=$(git -C r rev-parse --short=12 HEAD) &&
	sed -i "s/VMSTATE_UINT32(status, FooState)/VMSTATE_UINT16(status, FooState)/" r/hw/misc/foo.c &&
	git -C r commit -q -a -m "foo: narrower status" &&
	"$VG" -C r check -v HEAD >out &&
	grep "INFO: section .foo. is already incompatible with v1.0.0 since $broke" out &&
	test_exit 1 "$VG" -C r check v1.0.0..HEAD >out &&
	test $(grep -c ": ERROR: " out) = 1 &&
	grep "^$broke: .*foo/count: ERROR: .*\[field-removed\]" out
'

test_expect_success 'close variant: the same change with the section intact is a break' '
	make_qemu_repo r &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" &&
	test_exit 1 "$VG" -C r check -v HEAD >out &&
	grep "ERROR: .*\[field-removed\]" out &&
	! grep "already-incompatible" out
'

test_expect_success 'close variant: an unrelated commit after the break says nothing about foo' '
	make_qemu_repo r &&
	foo_raise_minimum r &&
	git -C r commit -q -a -m "foo: drop version 1 streams" &&
	echo "more" >>r/README && git -C r commit -q -a -m "readme" &&
	"$VG" -C r check -v HEAD >out &&
	! grep "already-incompatible" out
'

# A tree imported from a snapshot: VERSION a development version from the
# first commit on, no tag.
make_snapshot_repo() {
	git init -q "$1" &&
	cp -R "$DATA/qemu-mini/." "$1/" &&
	echo 9.0.50 >"$1/VERSION" &&
	git -C "$1" add . &&
	git -C "$1" commit -q -m "Import QEMU snapshot" &&
	echo "notes" >>"$1/README" &&
	git -C "$1" commit -q -a -m "README: notes"
}

test_expect_success 'no release in the history: the oldest commit stands in, and the output says so' '
	make_snapshot_repo r &&
	first=$(git -C r rev-list --max-parents=0 HEAD | cut -c1-12) &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "^baseline: $first, the oldest commit (no release in the history: it stands in for one)" out &&
	grep "ERROR: .*\[field-removed\]" out
'

test_expect_success 'no release in the history: a compatible commit passes, and the hooks work' '
	make_snapshot_repo r &&
	install_hooks r &&
	foo_rename_status r &&
	git -C r commit -q -a -m "foo: rename status" &&
	git -C r log -1 --format=%s | grep "rename status" &&
	foo_remove_count r &&
	before=$(git -C r rev-parse HEAD) &&
	test_must_fail git -C r commit -q -a -m "foo: drop count" 2>err &&
	test "$(git -C r rev-parse HEAD)" = "$before" &&
	grep "commit refused" err &&
	grep "\[field-removed\]" err
'

test_expect_success 'close variant: a shallow clone cut before any release stays exit 3' '
	make_qemu_repo r &&
	echo "more" >>r/README && git -C r commit -q -a -m "readme" &&
	foo_remove_count r && git -C r commit -q -a -m "foo: drop count" &&
	git clone -q --no-tags --depth 2 "file://$PWD/r" s &&
	test -f s/.git/shallow &&
	test_exit 3 "$VG" -C s check HEAD 2>err &&
	grep "no baseline" err
'

test_expect_success 'two subsections of one .name: flagged at the commit that adds the second, once' '
	make_qemu_repo r &&
	sed -i "s/        &vmstate_foo_fifo,/        \&vmstate_foo_fifo,\n        \&vmstate_foo_fifo,/" r/hw/misc/foo.c &&
	git -C r diff | grep "^+        &vmstate_foo_fifo," &&
	git -C r commit -q -a -m "foo: list fifo twice" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "ERROR: .*two subsections named .foo/fifo.*\[subsection-duplicate\]" out &&
	echo "more" >>r/README && git -C r commit -q -a -m "readme" &&
	"$VG" -C r check HEAD >out &&
	! grep "subsection-duplicate" out
'

# foo_add_sub DIR [NEEDED]: a new subsection foo/extra, with .needed = NEEDED if given.
foo_add_sub() {
	awk -v needed="${2-}" '
		/^static const VMStateDescription vmstate_foo = \{/ {
			print "static const VMStateDescription vmstate_foo_extra = {"
			print "    .name = \"foo/extra\","
			print "    .version_id = 1,"
			print "    .minimum_version_id = 1,"
			if (needed != "") print "    .needed = " needed ","
			print "    .fields = (const VMStateField[]) {"
			print "        VMSTATE_UINT32(fifo_len, FooState),"
			print "        VMSTATE_END_OF_LIST()"
			print "    }"
			print "};"
			print ""
		}
		{ print }
		/^        &vmstate_foo_fifo,$/ { print "        &vmstate_foo_extra," }
	' "$1/hw/misc/foo.c" >"$1/foo.c.new" && mv "$1/foo.c.new" "$1/hw/misc/foo.c"
}

test_expect_success 'a new subsection without .needed is refused by the hooks as always sent' '
	make_qemu_repo r &&
	install_hooks r &&
	foo_add_sub r &&
	git -C r diff | grep "^+        &vmstate_foo_extra," &&
	test_must_fail git -C r commit -q -a -m "foo: extra state" 2>err &&
	grep "commit refused" err &&
	grep "\[subsection-always-sent\]" err
'

test_expect_success 'close variant: with a .needed it is accepted (info)' '
	make_qemu_repo r &&
	install_hooks r &&
	foo_add_sub r foo_fifo_needed &&
	git -C r commit -q -a -m "foo: extra state when needed" &&
	"$VG" -C r check -v HEAD >out &&
	grep "INFO: new subsection .foo/extra. (vmstate_foo_extra): .*must be false for older machine types.*\[subsection-added\]" out
'

# A section split into a PCI wrapper (new file) and its core (the old
# file), the core renamed: the section's bytes are the same.
make_zap_repo() {
	git init -q "$1" && mkdir -p "$1/hw/net" &&
	cp "$DATA/src/split/zap-v1.c" "$1/hw/net/zap.c" &&
	echo 1.0.0 >"$1/VERSION" &&
	git -C "$1" add . && git -C "$1" commit -q -m "Update version for v1.0.0 release" &&
	git -C "$1" tag v1.0.0 &&
	echo 1.0.50 >"$1/VERSION" && git -C "$1" commit -q -a -m "Open 1.1 development tree"
}

test_expect_success 'a section split into a wrapper and a core in another file, same bytes: clean' '
	make_zap_repo r &&
	install_hooks r &&
	cp "$DATA/src/split/zap-core.c" r/hw/net/zap.c &&
	cp "$DATA/src/split/zap-pci.c" r/hw/net/zap-pci.c &&
	git -C r add . && git -C r commit -q -m "zap: split into core and PCI wrapper" &&
	"$VG" -C r check -v HEAD >out &&
	grep "hw/net/zap-pci.c:[0-9]*: zap: zap-core/ctrl: INFO: 3 fields .*\[field-moved\]" out &&
	! grep -e ": ERROR: " -e ": WARNING: " -e "section-renamed" out &&
	"$VG" -C r check v1.0.0..HEAD >out &&
	! grep ": ERROR: " out
'

test_expect_success 'close variant: the same split losing a field is refused' '
	make_zap_repo r &&
	install_hooks r &&
	sed "/VMSTATE_UINT64(base, ZapState),/d" "$DATA/src/split/zap-core.c" >r/hw/net/zap.c &&
	cp "$DATA/src/split/zap-pci.c" r/hw/net/zap-pci.c &&
	git -C r add . &&
	test_must_fail git -C r commit -q -m "zap: split, drop base" 2>err &&
	grep "zap/base: ERROR: .*\[field-removed\]" err
'

test_expect_success 'one break of a section found through the file of its core and of its wrapper: reported once' '
	git init -q r && mkdir -p r/hw/net &&
	cp "$DATA/src/shared/ii.c" "$DATA/src/shared/ii-sys.c" r/hw/net/ &&
	echo 1.0.0 >r/VERSION &&
	git -C r add . && git -C r commit -q -m "Update version for v1.0.0 release" &&
	git -C r tag v1.0.0 &&
	sed -i "/VMSTATE_UINT32(cmd, IIState),/d" r/hw/net/ii.c &&
	sed -i "s/the core nested/its core nested/" r/hw/net/ii-sys.c &&
	git -C r commit -q -a -m "ii: drop cmd" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	test $(grep -c "ii/cmd: ERROR: " out) = 1 &&
	grep "1 errors" out
'

test_done
