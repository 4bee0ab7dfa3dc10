#!/bin/sh
# vmstate-gate diff-source: every source-level finding on a made-up device
# (tests/data/src/diff/dev-v1.c and one variant per change).
. "$(dirname "$0")/lib.sh"

D=$DATA/src/diff

# expect EXIT VARIANT RULE [LINE]: diff-source v1 -> variant exits EXIT and
# reports RULE (at dev-VARIANT.c:LINE when given).
expect() {
	want=$1 variant=$2 rule=$3 line=${4-}
	test_exit "$want" "$VG" diff-source -v "$D/dev-v1.c" "$D/dev-$variant.c" >out 2>err &&
	grep "\[$rule\]" out &&
	if [ -n "$line" ]; then grep "dev-$variant.c:$line: .*\[$rule\]" out; fi
}

test_expect_success 'diff-source --help prints usage and exits 0' '
	"$VG" diff-source --help >out &&
	grep "usage: vmstate-gate diff-source" out
'

test_expect_success 'one file is a usage error' '
	test_exit 2 "$VG" diff-source "$D/dev-v1.c" 2>err
'

test_expect_success 'an unreadable file is exit 2' '
	test_exit 2 "$VG" diff-source "$D/dev-v1.c" nope.c 2>err &&
	grep nope.c err
'

test_expect_success 'a file against itself: clean, and something was compared' '
	test_exit 0 "$VG" diff-source "$D/dev-v1.c" "$D/dev-v1.c" >out &&
	grep "2 sections compared, 0 errors, 0 warnings" out
'

test_expect_success 'renames, reformatting and a cast without const are not errors' '
	test_exit 0 "$VG" diff-source -v "$D/dev-v1.c" "$D/dev-rename.c" >out &&
	grep "dev-rename.c:51: .*\[field-renamed\]" out &&
	! grep -e ": ERROR: " -e ": WARNING: " out
'

test_expect_success 'a removed field is an error at its old and new place' '
	expect 1 remove field-removed 51 &&
	test_exit 1 "$VG" diff-source --format json "$D/dev-v1.c" "$D/dev-remove.c" >out.json &&
	grep "\"old_line\":	51" out.json
'

test_expect_success 'VMSTATE_UNUSED of the same size keeps the wire: info' '
	expect 0 unused unused-padding 51
'

test_expect_success 'VMSTATE_UNUSED of another size is a size change' '
	expect 1 unused-wrong field-size-changed 51
'

test_expect_success 'a field inserted before existing ones' '
	expect 1 insert field-inserted 51
'

test_expect_success 'a field appended without gate' '
	expect 1 append field-added 57
'

test_expect_success 'appended with a version bump: warning, not error' '
	expect 0 append-versioned version-bumped 43 &&
	grep "dev-append-versioned.c:57: .*\[field-added-versioned\]" out
'

test_expect_success 'appended with a test: conditional warning' '
	expect 0 append-test field-conditional 57
'

test_expect_success 'an element type change' '
	expect 1 size field-size-changed 50
'

test_expect_success 'an array length change through a #define' '
	expect 1 array-len field-size-changed 52 &&
	grep "32 bytes to 64 bytes" out
'

test_expect_success 'same bytes, other type: field-encoding-changed info' '
	expect 0 encoding field-encoding-changed 51
'

test_expect_success 'a change inside a nested struct of the same file' '
	expect 1 nested-size field-size-changed 22 &&
	grep "foo-dev: foo-queue/tail" out
'

test_expect_success 'a field inside an array of structs: sizes per element, and how many' '
	test_exit 1 "$VG" diff-source "$D/sarray-v1.c" "$D/sarray-v2.c" >out &&
	grep "sarray-v2.c:19: bar-ctrl: bar-ctrl-bus/regs: ERROR: .regs. changed size from 112 bytes in each of 16 elements to 128 bytes in each of 16 elements: .*\[field-size-changed\]" out &&
	test_exit 0 "$VG" diff-source "$D/sarray-v1.c" "$D/sarray-v1.c"
'

# Files of 64 KiB and more are scanned on two threads: the same findings.
test_expect_success 'large files (scanned in parallel) give the findings of small ones' '
	pad_c_file "$D/dev-v1.c" big-v1.c &&
	pad_c_file "$D/dev-remove.c" big-remove.c &&
	test $(wc -c <big-v1.c) -gt 65536 &&
	test_exit 1 "$VG" diff-source "$D/dev-v1.c" "$D/dev-remove.c" >small &&
	test_exit 1 "$VG" diff-source big-v1.c big-remove.c >big &&
	sed "s|^[^:]*:||" small >small.f &&
	sed "s|^[^:]*:||" big >big.f &&
	test_cmp small.f big.f &&
	grep "field-removed" big
'

test_expect_success 'field_exists tests of the version alone are decided like version gates; VSTRUCT loads at its struct version' '
	test_exit 0 "$VG" diff-source -v "$D/vtest-v1.c" "$D/vtest-v2.c" >out &&
	! grep "field-conditional" out &&
	! grep ": ERROR: " out &&
	grep "vtest-v2.c:[0-9]*: baz-kcs: WARNING: .*\[version-bumped\]" out &&
	grep "\[field-moved\]" out
'

test_expect_success 'a test true at every version is an ungated field; one reading the state stays a warning' '
	test_exit 1 "$VG" diff-source "$D/vtest-v1.c" "$D/vtest-bad.c" >out &&
	grep "vtest-bad.c:35: baz-kcs/kcs.outlen: ERROR: .*baz_kcs_since_v1() depends on the version alone.*\[field-added\]" out &&
	grep "vtest-bad.c:36: baz-kcs/kcs.irq_wired: WARNING: .*\[field-conditional\]" out
'

test_expect_success 'a field gated above its description'"'"'s own version is never on the wire: warning' '
	expect 0 never field-never-migrated 57 &&
	grep "dev-never.c:57: foo-dev/later: WARNING: .later. is gated by version 3, above the version 2 that .foo-dev. is saved and loaded at" out &&
	test_exit 0 "$VG" diff-source -v "$D/dev-v1.c" "$D/dev-v1.c" >out &&
	! grep "field-never-migrated" out
'

test_expect_success 'version bump alone: warning' '
	expect 0 bump version-bumped 43
'

test_expect_success 'minimum_version_id above the old version: error' '
	expect 1 minver minimum-version-raised 43
'

test_expect_success 'minimum_version_id raised within the old version: warning' '
	expect 0 minver-within minimum-version-raised 43 &&
	grep "WARNING" out
'

test_expect_success 'a removed subsection' '
	expect 1 sub-removed subsection-removed
'

test_expect_success 'a subsection whose .name changed' '
	expect 1 sub-renamed subsection-renamed 32 &&
	! grep "subsection-removed" out
'

test_expect_success 'a subsection no release could load (no parent prefix): renaming or removing it is info' '
	test_exit 0 "$VG" diff-source -v "$D/dev-sub-badname.c" "$D/dev-sub-fixedname.c" >out &&
	grep "dev-sub-fixedname.c:32: foo-dev/foo/irq: INFO: the source.s subsection .foo/irq. does not start with its parent.s name .foo-dev.*renaming.*\[subsection-unloadable\]" out &&
	! grep -e "subsection-renamed" -e ": ERROR: " out &&
	test_exit 0 "$VG" diff-source -v "$D/dev-sub-badname.c" "$D/dev-sub-removed.c" >out &&
	grep "removing it breaks nothing that worked \[subsection-unloadable\]" out &&
	# the same subsection with its prefix, renamed: still an error
	test_exit 1 "$VG" diff-source "$D/dev-v1.c" "$D/dev-sub-renamed.c" >out &&
	grep "\[subsection-renamed\]" out
'

test_expect_success 'a new subsection is info' '
	expect 0 sub-added subsection-added
'

test_expect_success 'the top-level .name changed' '
	expect 1 section-renamed section-renamed 43
'

test_expect_success 'a removed description' '
	expect 1 desc-removed description-removed
'

test_expect_success 'findings carry the top-level .name as section' '
	test_exit 1 "$VG" diff-source --format json "$D/dev-v1.c" "$D/dev-nested-size.c" >out.json &&
	grep "\"section\":	\"foo-dev\"" out.json
'

test_expect_success 'a deleted file: every top-level description removed' '
	test_exit 1 "$VG" diff-source "$D/dev-v1.c" /dev/null >out &&
	test $(grep -c "\[description-removed\]" out) = 2
'

test_expect_success 'an added file: new sections are info' '
	test_exit 0 "$VG" diff-source -v /dev/null "$D/dev-v1.c" >out &&
	grep "\[section-added\]" out
'

test_expect_success 'warnings of the new file are reported' '
	test_exit 0 "$VG" diff-source "$DATA/src/scan/broken.c" "$DATA/src/scan/broken.c" >out &&
	grep "\[unknown-macro\]" out
'

test_expect_success 'an .unmigratable description renamed or removed breaks nothing' '
	D=$DATA/src/diff &&
	test_exit 0 "$VG" diff-source "$D/unmig-v1.c" "$D/unmig-renamed.c" >out &&
	! grep -E ": (ERROR|WARNING): " out &&
	test_exit 1 "$VG" diff-source "$D/unmig-v1.c" "$D/unmig-removed.c" >out &&
	! grep "foo-passthru" out &&
	grep "foo-ctl/ctrl: ERROR: .*\[field-removed\]" out
'

test_expect_success 'a migratable description becoming .unmigratable is still compared' '
	D=$DATA/src/diff &&
	test_exit 1 "$VG" diff-source "$D/unmig-removed.c" "$D/unmig-v1.c" >out &&
	grep "foo-ctl/ctrl: ERROR: .*\[field-added\]" out
'

test_expect_success 'two files without a description compare nothing: exit 2, not a pass' '
	printf "int x;\n" >a.c &&
	cp a.c b.c &&
	test_exit 2 "$VG" diff-source a.c b.c 2>err &&
	grep "nothing judged, not a pass" err
'

test_done
