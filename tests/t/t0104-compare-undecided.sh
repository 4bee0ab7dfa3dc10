#!/bin/sh
# The comparator reports what it cannot prove as warnings: the same bytes
# in another layout (field-relayout), sizes it cannot evaluate
# (field-size-unknown); a subsection .name listed twice pairs k-th with
# k-th. Genuine breaks next to them stay errors. Dumps and C fixtures.
. "$(dirname "$0")/lib.sh"

R=$DATA/dumps/relayout
D=$DATA/src/diff

test_expect_success 'dumps: a buffer whose tail became new fields is one relayout warning' '
	test_exit 0 "$VG" compare "$R/old.json" "$R/new.json" >out &&
	grep "^run-state/runstate: WARNING: .runstate. (100 bytes) became .runstate. (32 bytes), .has_suspended. (1 byte), .suspended. (1 byte), .unused. (66 bytes): the same 100 bytes.*\[field-relayout\]" out &&
	grep "^2 sections compared, 0 errors, 1 warnings" out
'

test_expect_success 'dumps: the relayout back is a warning too' '
	test_exit 0 "$VG" compare "$R/new.json" "$R/old.json" >out &&
	test $(grep -c "\[field-relayout\]" out) = 1
'

test_expect_success 'dumps: a u32 narrowed to u16 plus a new u16 stays an error' '
	test_exit 1 "$VG" compare "$R/old.json" "$R/narrow.json" >out &&
	grep "^bar-regs/ctrl: ERROR: .*high-order bytes.*\[field-size-changed\]" out &&
	grep "^bar-regs/ctrl_ext: ERROR: .*\[field-inserted\]" out &&
	! grep "field-relayout" out
'

test_expect_success 'dumps: relayout warnings in JSON carry the fields of both runs' '
	"$VG" compare --format json "$R/old.json" "$R/new.json" >out.json &&
	grep "\"field-relayout\"" out.json &&
	grep "runstate,has_suspended,suspended,unused" out.json
'

test_expect_success 'source: an array giving its tail to new fields is a relayout warning' '
	test_exit 0 "$VG" diff-source "$D/dev-v1.c" "$D/dev-relayout.c" >out &&
	grep "dev-relayout.c:52: foo-dev/regs: WARNING: .*\[field-relayout\]" out &&
	! grep ": ERROR: " out
'

test_expect_success 'source: a narrowed number with a new field after it is an error' '
	test_exit 1 "$VG" diff-source "$D/dev-v1.c" "$D/dev-narrow.c" >out &&
	grep "dev-narrow.c:50: .*\[field-size-changed\]" out &&
	grep "dev-narrow.c:51: .*\[field-inserted\]" out
'

test_expect_success 'source: a size that cannot be evaluated is a warning that names it' '
	test_exit 0 "$VG" diff-source "$D/dev-v1.c" "$D/dev-size-unknown.c" >out &&
	grep "dev-size-unknown.c:52: foo-dev/regs: WARNING: .*4\*FOO_REGS_FROM_BOARD.*32 bytes.*\[field-size-unknown\]" out &&
	grep "0 errors, 1 warnings" out
'

test_expect_success 'source: two subsections with one .name: a file against itself is one error' '
	test_exit 1 "$VG" diff-source "$D/dup-sub.c" "$D/dup-sub.c" >out &&
	grep "dup-sub.c:30: bar-cpu/tlb: ERROR: .*two subsections named .bar-cpu/tlb. (vmstate_tlb_small and vmstate_tlb_big).*\[subsection-duplicate\]" out &&
	grep "1 errors, 0 warnings" out
'

test_expect_success 'source: a change in the second of them is found there, once' '
	test_exit 1 "$VG" diff-source "$D/dup-sub.c" "$D/dup-sub-attr.c" >out &&
	grep "dup-sub-attr.c:37: bar-cpu: bar-cpu/tlb/env.tlb_big.attr: ERROR: .*\[field-size-changed\]" out &&
	test $(grep -c "\[subsection-duplicate\]" out) = 1 &&
	grep "2 errors, 0 warnings" out
'

test_expect_success 'source: the second of them given its own .name is one subsection-renamed' '
	test_exit 1 "$VG" diff-source "$D/dup-sub.c" "$D/dup-sub-fixed.c" >out &&
	grep "dup-sub-fixed.c:30: bar-cpu/tlb: ERROR: .*bar-cpu/tlb-big.*\[subsection-renamed\]" out &&
	test $(grep -c "\[subsection-renamed\]" out) = 1 &&
	grep "ERROR: the source lists two subsections.*\[subsection-duplicate\]" out &&
	grep "2 errors, 0 warnings" out &&
	test_exit 0 "$VG" diff-source "$D/dup-sub-fixed.c" "$D/dup-sub-fixed.c" >out &&
	grep "0 errors, 0 warnings" out
'

test_expect_success 'source: an embedded description is reported under the section that embeds it, once' '
	test_exit 1 "$VG" diff-source "$D/embed-v1.c" "$D/embed-v2.c" >out &&
	grep "embed-v2.c:17: sysbus-baz: baz/dma: ERROR: .*\[subsection-removed\]" out &&
	test $(grep -c "\[subsection-removed\]" out) = 1 &&
	grep "1 sections compared, 1 errors" out
'

test_expect_success 'source: a custom VMStateInfo whose get/put code changed is a warning on its field' '
	test_exit 0 "$VG" diff-source "$D/dev-info-v1.c" "$D/dev-info-v2.c" >out &&
	grep "dev-info-v2.c:54: qux: qux/table/entries: WARNING: .*VMStateInfo (info:vmstate_info_qux_entry) whose get/put code changed.*\[field-size-unknown\]" out &&
	grep "0 errors, 1 warnings" out
'

test_expect_success 'source: the same get/put code reformatted, or commented, is the same bytes' '
	test_exit 0 "$VG" diff-source "$D/dev-info-v1.c" "$D/dev-info-v1-fmt.c" >out &&
	grep "0 errors, 0 warnings" out
'

test_expect_success 'source: asserts, error plumbing and tracing added to get/put are the same bytes' '
	test_exit 0 "$VG" diff-source "$D/dev-info-v1.c" "$D/dev-info-v1-err.c" >out &&
	grep "0 errors, 0 warnings" out &&
	# a call that writes the stream is not such a statement
	sed "s/    trace_qux_entry_loaded(e->addr, e->asid);/    qemu_get_be16s(f, \&e->asid);/" \
		"$D/dev-info-v1-err.c" >more.c &&
	! cmp -s "$D/dev-info-v1-err.c" more.c &&
	test_exit 0 "$VG" diff-source "$D/dev-info-v1.c" more.c >out &&
	grep "whose get/put code changed.*\[field-size-unknown\]" out
'

test_done
