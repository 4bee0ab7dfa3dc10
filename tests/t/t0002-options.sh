#!/bin/sh
# Option parsing, the same for every command (src/cli/options.c): a missing
# value, an unknown option, a bad --format are usage errors that name the
# command, with the usage on stderr and exit 2; --opt=value, -- and -h work
# everywhere.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

S=$DATA/dumps/small
SC=$DATA/src/scan
D=$DATA/src/diff

# expect_usage_error MESSAGE cmd...: exit 2, MESSAGE as the first line of
# stderr, then the usage of the command the message names; nothing on stdout.
expect_usage_error() {
	msg=$1
	shift
	test_exit 2 "$@" >out 2>err &&
	head -n 1 err >got.first &&
	echo "$msg" >want.first &&
	test_cmp want.first got.first &&
	name=$(echo "$msg" | sed -n "s/^vmstate-gate \([a-z-]*\): .*/\1/p") &&
	sed -n 2p err | grep -q "^usage: vmstate-gate .*$name" &&
	grep -q "^  -h, --help  *this help\$" err &&
	test_cmp /dev/null out
}

# expect_help cmd...: exit 0, the usage on stdout, nothing on stderr.
expect_help() {
	"$@" >out 2>err &&
	head -n 1 out | grep -q "^usage: vmstate-gate " &&
	grep -q "^  -h, --help  *this help\$" out &&
	test_cmp /dev/null err
}

ALL_FORMATS="text, json, sarif, junit or codequality"

# compare

test_expect_success 'compare: a missing value, an unknown option, a bad format' '
	expect_usage_error "vmstate-gate compare: option '\''--format'\'' needs a value" \
		"$VG" compare "$S/old.json" "$S/new.json" --format &&
	expect_usage_error "vmstate-gate compare: option '\''-s'\'' needs a value" \
		"$VG" compare -s &&
	expect_usage_error "vmstate-gate compare: unknown option '\''--frob'\''" \
		"$VG" compare --frob "$S/old.json" "$S/new.json" &&
	expect_usage_error "vmstate-gate compare: unknown option '\''-x'\'' (in '\''-rx'\'')" \
		"$VG" compare -rx "$S/old.json" "$S/new.json" &&
	expect_usage_error "vmstate-gate compare: unknown format '\''xml'\'' ($ALL_FORMATS)" \
		"$VG" compare --format=xml "$S/old.json" "$S/new.json" &&
	expect_usage_error "vmstate-gate compare: option '\''--reverse'\'' takes no value" \
		"$VG" compare --reverse=yes "$S/old.json" "$S/new.json" &&
	expect_usage_error "vmstate-gate compare: too many arguments ('\''c'\'')" \
		"$VG" compare a b c &&
	expect_usage_error "vmstate-gate compare: needs two dumps, OLD.json and NEW.json" \
		"$VG" compare "$S/old.json"
'

test_expect_success 'compare: --format=json is --format json, options after the dumps too' '
	test_exit 1 "$VG" compare --format json "$S/old.json" "$S/new.json" >a &&
	test_exit 1 "$VG" compare --format=json "$S/old.json" "$S/new.json" >b &&
	test_exit 1 "$VG" compare "$S/old.json" "$S/new.json" --format=json >c &&
	test_cmp a b && test_cmp a c &&
	grep -q "\"findings\"" a
'

test_expect_success 'compare: -sFILE, grouped -rv, and -- before the dumps' '
	test_exit 1 "$VG" compare --reverse --verbose --src "$S/old.json" --dest "$S/new.json" >a &&
	test_exit 1 "$VG" compare -rv -s"$S/old.json" -d "$S/new.json" >b &&
	test_exit 1 "$VG" compare -rvs "$S/old.json" -d"$S/new.json" >c &&
	test_cmp a b && test_cmp a c &&
	grep -q "no longer reads it" a &&
	test_exit 1 "$VG" compare -- "$S/old.json" "$S/new.json" >d &&
	test_exit 1 "$VG" compare "$S/old.json" "$S/new.json" >e &&
	test_cmp d e
'

test_expect_success 'compare: -h and --help anywhere print the usage and exit 0' '
	expect_help "$VG" compare -h &&
	grep -q "^usage: vmstate-gate compare" out &&
	expect_help "$VG" compare "$S/old.json" --help &&
	expect_help "$VG" help compare &&
	grep -q -- "--reverse" out
'

# scan

test_expect_success 'scan: a missing value, an unknown option, a bad format' '
	expect_usage_error "vmstate-gate scan: option '\''--format'\'' needs a value" \
		"$VG" scan --format &&
	expect_usage_error "vmstate-gate scan: option '\''-I'\'' needs a value" \
		"$VG" scan -I &&
	expect_usage_error "vmstate-gate scan: option '\''--rules'\'' needs a value" \
		"$VG" scan --rules &&
	expect_usage_error "vmstate-gate scan: unknown option '\''--frob'\''" \
		"$VG" scan --frob "$SC/forms.c" &&
	expect_usage_error "vmstate-gate scan: unknown format '\''sarif'\'' (text or json)" \
		"$VG" scan --format sarif "$SC/forms.c" &&
	expect_usage_error "vmstate-gate scan: needs a file or directory to scan" \
		"$VG" scan --brief
'

test_expect_success 'scan: --format=json, -IHEADER, and -- before a path that starts with -' '
	"$VG" scan --format json "$SC/forms.c" >a 2>/dev/null &&
	"$VG" scan --format=json "$SC/forms.c" >b 2>/dev/null &&
	test_cmp a b &&
	"$VG" scan --brief -I "$SC/forms.h" "$SC/forms.c" >c 2>/dev/null &&
	"$VG" scan --brief -I"$SC/forms.h" "$SC/forms.c" >d 2>/dev/null &&
	test_cmp c d &&
	cp "$SC/forms.c" ./-dash.c &&
	expect_usage_error "vmstate-gate scan: unknown option '\''-d'\'' (in '\''-dash.c'\'')" \
		"$VG" scan --brief -dash.c &&
	"$VG" scan --brief -- -dash.c >e 2>/dev/null &&
	grep -q "^-dash.c:[0-9]*: vmstate_" e
'

test_expect_success 'scan: options stop at the first path' '
	test_exit 2 "$VG" scan --brief "$SC/forms.c" --frob >out 2>err &&
	grep -q "cannot read .--frob." err &&
	grep -q "forms.c:[0-9]*: vmstate_" out
'

test_expect_success 'scan: an unreadable -I header is an input error, named, without usage' '
	test_exit 2 "$VG" scan -I no-such.h "$SC/forms.c" >out 2>err &&
	grep -q "no-such.h" err &&
	! grep -q "usage:" err &&
	test_cmp /dev/null out
'

test_expect_success 'scan: -h prints the usage and exits 0' '
	expect_help "$VG" scan -h &&
	grep -q "^usage: vmstate-gate scan" out &&
	grep -q -- "--format FMT  *text (default) or json" out
'

# diff-source

test_expect_success 'diff-source: a missing value, an unknown option, a bad format' '
	expect_usage_error "vmstate-gate diff-source: option '\''--format'\'' needs a value" \
		"$VG" diff-source --format &&
	expect_usage_error "vmstate-gate diff-source: option '\''-I'\'' needs a value" \
		"$VG" diff-source -I &&
	expect_usage_error "vmstate-gate diff-source: unknown option '\''--frob'\''" \
		"$VG" diff-source --frob "$D/dev-v1.c" "$D/dev-remove.c" &&
	expect_usage_error "vmstate-gate diff-source: unknown format '\''xml'\'' ($ALL_FORMATS)" \
		"$VG" diff-source --format xml "$D/dev-v1.c" "$D/dev-remove.c" &&
	expect_usage_error "vmstate-gate diff-source: needs two files, OLD.c and NEW.c" \
		"$VG" diff-source "$D/dev-v1.c"
'

test_expect_success 'diff-source: --format=sarif, --verbose is -v, --' '
	test_exit 1 "$VG" diff-source --format sarif "$D/dev-v1.c" "$D/dev-remove.c" >a &&
	test_exit 1 "$VG" diff-source --format=sarif "$D/dev-v1.c" "$D/dev-remove.c" >b &&
	test_cmp a b &&
	"$VG" diff-source -v "$D/dev-v1.c" "$D/dev-rename.c" >c &&
	"$VG" diff-source --verbose -- "$D/dev-v1.c" "$D/dev-rename.c" >d &&
	test_cmp c d &&
	grep -q INFO c
'

test_expect_success 'diff-source: -h prints the usage and exits 0' '
	expect_help "$VG" diff-source -h &&
	grep -q "^usage: vmstate-gate diff-source" out
'

# check (the errors come before the repository is opened)

test_expect_success 'check: a missing value, an unknown option, a bad format' '
	expect_usage_error "vmstate-gate check: option '\''--format'\'' needs a value" \
		"$VG" check HEAD --format &&
	expect_usage_error "vmstate-gate check: option '\''--baseline'\'' needs a value" \
		"$VG" check --baseline &&
	expect_usage_error "vmstate-gate check: option '\''-C'\'' needs a value" \
		"$VG" check -C &&
	expect_usage_error "vmstate-gate check: unknown option '\''--frob'\''" \
		"$VG" check --frob &&
	expect_usage_error "vmstate-gate check: unknown format '\''nope'\'' ($ALL_FORMATS)" \
		"$VG" check --format=nope HEAD &&
	expect_usage_error "vmstate-gate check: --staged takes no revision" \
		"$VG" check --staged HEAD &&
	expect_usage_error "vmstate-gate check: --message goes with --staged (commits carry their own message)" \
		"$VG" check --message msg HEAD
'

test_expect_success 'check: --format=json, options after the revision, none after --' '
	make_qemu_repo r &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" &&
	test_exit 1 "$VG" -C r check --format json HEAD >a &&
	test_exit 1 "$VG" -C r check --format=json HEAD >b &&
	test_exit 1 "$VG" -C r check HEAD --format=json >c &&
	test_exit 1 "$VG" check -C r --format=json -- HEAD >d &&
	test_cmp a b && test_cmp a c && test_cmp a d &&
	grep -q "\"rule\":[[:space:]]*\"field-removed\"" a &&
	test_exit 2 "$VG" check -C r -- HEAD --format=json >out 2>err &&
	grep -q "unknown revision .--format=json." err
'

test_expect_success 'check: -h prints the usage and exits 0' '
	expect_help "$VG" check -h &&
	grep -q "^usage: vmstate-gate \[-C PATH\] check" out &&
	expect_help "$VG" check HEAD --help
'

# list-rules and vmstate-gate itself

test_expect_success 'list-rules: no operands, no options but -h and --' '
	expect_usage_error "vmstate-gate list-rules: unknown option '\''--frob'\''" \
		"$VG" list-rules --frob &&
	expect_usage_error "vmstate-gate list-rules: takes no arguments ('\''x'\'')" \
		"$VG" list-rules x &&
	expect_help "$VG" list-rules -h &&
	"$VG" list-rules -- >a &&
	"$VG" list-rules >b &&
	test_cmp a b &&
	grep -q "^field-removed  *error" a
'

test_expect_success 'vmstate-gate: -C needs a value, unknown options, -C PATH is repeatable' '
	expect_usage_error "vmstate-gate: option '\''-C'\'' needs a value" "$VG" -C &&
	expect_usage_error "vmstate-gate: unknown option '\''--frob'\''" "$VG" --frob list-rules &&
	test_exit 2 "$VG" -C no-such-dir list-rules 2>err &&
	grep -q "cannot change to .no-such-dir." err &&
	mkdir -p a/b &&
	cp "$SC/forms.c" a/b/x.c &&
	"$VG" -C a -Cb scan --brief x.c >out 2>/dev/null &&
	grep -q "^x.c:[0-9]*: vmstate_" out &&
	expect_help "$VG" -C a --help &&
	grep -q "^   compare " out
'

test_done
