#!/bin/sh
# Every command under valgrind: no invalid access, no uninitialised use, no
# definite leak. Runs on the plain build only (valgrind and ASan do not mix;
# the ASan build checks the same paths with LeakSanitizer).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

VGRIND="valgrind -q --error-exitcode=98 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
DUMPS=$DATA/dumps

if nm "$VG" 2>/dev/null | grep -q __asan_init; then
	test_skip 'valgrind runs' 'ASan build: LeakSanitizer covers it'
	test_done
	exit 0
fi
command -v valgrind >/dev/null || { echo "not ok 1 - valgrind is missing (make check installs it)"; exit 1; }

test_expect_success 'compare of a real dump pair is valgrind clean' '
	test_exit 1 $VGRIND "$VG" compare --format json \
		"$DUMPS/v8.2.0/m68k/q800.json" "$DUMPS/v9.0.0/m68k/q800.json" >out &&
	grep subsection-removed out
'

test_expect_success 'compare of a malformed dump is valgrind clean' '
	head -c 3000 "$DUMPS/v8.2.0/m68k/q800.json" >trunc.json &&
	test_exit 2 $VGRIND "$VG" compare trunc.json "$DUMPS/v8.2.0/m68k/q800.json" 2>err &&
	grep "trunc.json:" err
'

test_expect_success 'scan and diff-source are valgrind clean' '
	$VGRIND "$VG" scan --format json "$DATA/src/scan/forms.c" >out &&
	grep vmstate out &&
	test_exit 1 $VGRIND "$VG" diff-source --format sarif \
		"$DATA/src/diff/dev-v1.c" "$DATA/src/diff/dev-remove.c" >out &&
	grep field-removed out
'

test_expect_success 'check of a commit and of staged changes is valgrind clean' '
	make_qemu_repo repo &&
	foo_remove_count repo &&
	git -C repo add -A &&
	test_exit 1 $VGRIND "$VG" -C repo check --staged >out &&
	grep field-removed out &&
	git -C repo commit -q -m "drop count" &&
	test_exit 1 $VGRIND "$VG" -C repo check --format junit HEAD >out &&
	grep "<testsuite" out
'

test_done
