#!/bin/sh
# The command line: --help, --version, unknown commands, exit codes.
. "$(dirname "$0")/lib.sh"

test_expect_success '--help prints usage to stdout and exits 0' '
	"$VG" --help >out &&
	grep "usage: vmstate-gate" out &&
	grep "compare" out
'

test_expect_success '--version prints the version' '
	"$VG" --version >out &&
	grep "^vmstate-gate [0-9]" out
'

test_expect_success 'no command is a usage error (2)' '
	test_exit 2 "$VG" 2>err &&
	grep usage err
'

test_expect_success 'an unknown command is a usage error (2)' '
	test_exit 2 "$VG" frobnicate 2>err &&
	grep "not a command" err
'

test_expect_success 'list-rules lists every rule with its severity' '
	"$VG" list-rules >out &&
	grep "^field-removed  *error" out &&
	grep "^field-renamed  *info" out &&
	grep "^waiver-unused  *warning" out
'

test_expect_success 'libgit2 is linked normally, so ldd and dpkg-shlibdeps see it' '
	ldd "$VG" >libs &&
	grep -q "libcjson" libs &&
	grep -q "libgit2" libs &&
	git init -q repo &&
	(cd repo && "$VG" check --staged >../out 2>&1) &&
	grep "nothing released\|no VMState-relevant change" out
'

test_done
