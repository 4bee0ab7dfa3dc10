#!/bin/sh
# compare on dump classes of issue 8: two subsections of one name (a
# break even between identical builds, found on whichever side has it),
# and entries without a Description (compared for their versions, with a
# warning; the other sections are still compared). Hand-written dumps.
. "$(dirname "$0")/lib.sh"

A=$DATA/dumps/accuracy

test_expect_success 'a nested description listing one subsection name twice: an error on its own' '
	test_exit 1 "$VG" compare "$A/dupsub-old.json" "$A/dupsub-old.json" >out &&
	grep "^qux-cpu: qux-env/tlb: ERROR: .*two subsections named .qux-env/tlb.*\[subsection-duplicate\]" out &&
	grep "^1 sections compared, 1 errors, 0 warnings" out
'

test_expect_success 'the duplicate is found on the destination side, and on the source side' '
	test_exit 1 "$VG" compare "$A/dupsub-new.json" "$A/dupsub-old.json" >out &&
	grep "ERROR: the destination lists two subsections.*\[subsection-duplicate\]" out &&
	test_exit 1 "$VG" compare "$A/dupsub-old.json" "$A/dupsub-new.json" >out &&
	grep "ERROR: the source lists two subsections.*\[subsection-duplicate\]" out &&
	test $(grep -c "\[subsection-duplicate\]" out) = 1
'

test_expect_success 'close variant: the same subsections with distinct names are clean' '
	test_exit 0 "$VG" compare "$A/dupsub-new.json" "$A/dupsub-new.json" >out &&
	! grep "subsection-duplicate" out &&
	grep "^1 sections compared, 0 errors, 0 warnings" out
'

test_expect_success 'an entry without Description: its versions are compared, with a warning' '
	test_exit 1 "$VG" compare "$A/nodesc-old.json" "$A/nodesc-new.json" >out &&
	grep "^bar-dev: WARNING: the source dump.s entry for .bar-dev. has no Description: only its versions were compared.*\[description-absent\]" out &&
	grep "^bar-dev: WARNING: the section.s version_id went up from 2 to 3.*\[version-bumped\]" out &&
	grep "^baz-dev/ctrl: ERROR: .*\[field-size-changed\]" out &&
	grep "^2 sections compared, 1 errors, 2 warnings" out
'

test_expect_success 'without Description on the destination side too, and in JSON' '
	test_exit 1 "$VG" compare --format json "$A/nodesc-new.json" "$A/nodesc-old.json" >out.json &&
	python3 -c "
import json
f = json.load(open(\"out.json\"))[\"findings\"]
rules = sorted(x[\"rule\"] for x in f)
assert rules == [\"description-absent\", \"field-size-changed\", \"version-lowered\"], rules
"
'

test_expect_success 'close variant: both entries described, no description-absent' '
	test_exit 0 "$VG" compare "$A/nodesc-new.json" "$A/nodesc-new.json" >out &&
	! grep "description-absent" out &&
	grep "^2 sections compared, 0 errors, 0 warnings" out
'

test_expect_success 'malformed JSON stays exit 2' '
	sed "s/\"version_id\": 2,/\"version_id\": 2/" "$A/nodesc-old.json" >bad.json &&
	! cmp -s bad.json "$A/nodesc-old.json" &&
	test_exit 2 "$VG" compare bad.json "$A/nodesc-new.json" 2>err &&
	grep "^bad.json:[0-9]*:[0-9]*: error: " err
'

test_done
