#!/bin/sh
# The documentation stays in sync with the binary: the man page renders
# cleanly, and every rule id, command and option the binary knows is in
# doc/vmstate-gate.1 (and the rule ids and commands in README.md). The
# checks read the binary's own output, so a new rule, command or option
# that is not documented fails here.
. "$(dirname "$0")/lib.sh"

MAN_SRC=$TOP/doc/vmstate-gate.1
README=$TOP/README.md

# The man page rendered as plain text, wide enough that nothing wraps or
# hyphenates (so option names stay whole); "" if man is missing.
render_man() {
	MANWIDTH=${1:-1000} MAN_KEEP_FORMATTING= man -l "$MAN_SRC" 2>/dev/null |
		sed 's/.\x08//g'
}

# Names of the commands in `vmstate-gate --help` (the indented list).
commands() {
	"$VG" --help | sed -n '/^commands:/,/^$/s/^   *\([a-z][a-z-]*\) .*/\1/p'
}

# Option names (-x, --long) in `vmstate-gate CMD --help`, except -h/--help.
options_of() {
	"$VG" "$1" --help 2>/dev/null |
		grep -oE -- '(^|[^A-Za-z0-9_-])--?[A-Za-z][A-Za-z0-9-]*' |
		sed 's/^[^-]*//' | grep -vxE -- '-h|--help' | sort -u
}

# The text of a command's subsection of COMMANDS in the rendered page.
man_command_section() {
	awk -v cmd="$1" '
		/^[A-Z]/ { in_cmds = ($0 ~ /^COMMANDS/); on = 0; next }
		in_cmds && /^   [a-z][a-z-]*( |$)/ { split($0, w, " "); on = (w[1] == cmd); next }
		on { print }
	' man.txt
}

have_man=
command -v man >/dev/null 2>&1 && have_man=1

if [ -n "$have_man" ]; then
	test_expect_success 'the man page renders without warnings at 80 columns' '
		test -f "$MAN_SRC" &&
		MANWIDTH=80 man --warnings -l "$MAN_SRC" >out 2>err &&
		test_cmp /dev/null err &&
		grep -q "^NAME" out && grep -q "^SYNOPSIS" out &&
		grep -q "^EXIT STATUS" out
	'
	if command -v groff >/dev/null 2>&1; then
		test_expect_success 'groff -ww finds nothing to warn about' '
			groff -ww -z -mandoc "$MAN_SRC" 2>err &&
			test_cmp /dev/null err
		'
	fi
else
	test_skip 'the man page renders without warnings' 'man is not installed'
fi

test_expect_success 'every rule id is in the man page RULES table with its severity' '
	"$VG" list-rules >rules &&
	test -s rules &&
	render_man >man.txt &&
	test -s man.txt &&
	sed -n "/^RULES\$/,/^[A-Z]/p" man.txt >table &&
	while read -r id sev rest; do
		grep -qE "^ +$id +$sev( |\$)" table ||
			{ echo "rule $id ($sev) missing from RULES"; exit 1; }
	done <rules
'

test_expect_success 'the RULES table has no rule the binary does not know' '
	"$VG" list-rules | awk "{ print \$1 }" >known &&
	render_man >man.txt &&
	sed -n "/^RULES\$/,/^[A-Z]/p" man.txt |
		sed -n "s/^     \([a-z][a-z-]*\)  *\(error\|warning\|info\)\( .*\)*\$/\1/p" >listed &&
	test -s listed &&
	sort known >known.sorted && sort listed >listed.sorted &&
	test_cmp known.sorted listed.sorted
'

test_expect_success 'every rule id is in README.md' '
	test -f "$README" &&
	"$VG" list-rules | awk "{ print \$1 }" >known &&
	while read -r id; do
		grep -q -- "$id" "$README" || { echo "rule $id missing from README.md"; exit 1; }
	done <known
'

test_expect_success 'every command of --help is in the man page and README.md' '
	commands >cmds &&
	test -s cmds &&
	grep -qx compare cmds &&
	render_man >man.txt &&
	while read -r cmd; do
		grep -q "vmstate-gate $cmd" man.txt ||
			{ echo "$cmd missing from the SYNOPSIS"; exit 1; }
		man_command_section "$cmd" >section &&
		test -s section ||
			{ echo "$cmd has no subsection under COMMANDS"; exit 1; }
		grep -q "vmstate-gate $cmd" "$README" ||
			{ echo "$cmd missing from README.md"; exit 1; }
	done <cmds
'

# One test per command, so that a command that is not written yet shows as
# skipped, and a documented command with a new option fails.
for cmd in $(commands); do
	if ! "$VG" "$cmd" --help >/dev/null 2>&1; then
		test_skip "options of $cmd are documented" "$cmd --help fails: not written yet?"
		continue
	fi
	test_expect_success "options of $cmd are documented under COMMANDS" "
		render_man >man.txt &&
		man_command_section $cmd >section &&
		test -s section &&
		options_of $cmd >opts &&
		while read -r opt; do
			grep -qe \"\$opt\" section ||
				{ echo \"$cmd: option \$opt is not in its man page section\"; exit 1; }
		done <opts &&
		grep -oE -- '(^|[^A-Za-z0-9_-])--[a-z][a-z0-9-]*' section |
			sed 's/^[^-]*//' | sort -u >documented &&
		while read -r opt; do
			grep -qxe \"\$opt\" opts || test \"\$opt\" = --help ||
				{ echo \"$cmd: the man page documents \$opt, which --help does not list\"; exit 1; }
		done <documented
	"
done

test_expect_success 'README.md opens with make demo and make check' '
	awk "/^\`\`\`/ { n++; next } n == 1 { print }" "$README" >first &&
	grep -qx "make demo" first &&
	grep -qx "make check" first &&
	test "$(grep -c . first)" -eq 2
'

# The README's sample sessions on tests/data: each "$ vmstate-gate ..."
# line of a code block whose arguments are in tests/data is written to
# cmd.N and the lines after it (up to the next "$ " or the end of the
# block) to want.N.
readme_examples() {
	awk '
		/^```/ { out = ""; next }
		/^\$ vmstate-gate .*tests\/data/ {
			n++
			print substr($0, 3) >("cmd." n)
			out = "want." n
			printf "" >out
			next
		}
		/^\$ / { out = ""; next }
		out != "" { print >out }
	' "$README"
}

test_expect_success 'the README examples on tests/data print what README.md shows' '
	readme_examples &&
	ls cmd.* >list &&
	test "$(grep -c . list)" -ge 5 &&
	for c in cmd.*; do
		n=${c#cmd.}
		(cd "$TOP" && sh -c "$(cat "$TRASH/$c")") >got.$n 2>&1 || true
		test_cmp want.$n got.$n || { echo "README example: $(cat $c)"; exit 1; }
	done
'

test_expect_success 'the man page and README document every exit status' '
	render_man >man.txt &&
	sed -n "/^EXIT STATUS\$/,/^[A-Z]/p" man.txt >exit &&
	for code in 0 1 2 3; do
		grep -qE "^ +$code( |\$)" exit ||
			{ echo "exit status $code not documented"; exit 1; }
	done
'

test_expect_success 'every doc/ page README.md and HACKING.md link to exists' '
	grep -ohE "\(doc/[A-Za-z0-9_.-]+\)" "$README" "$TOP/doc/HACKING.md" |
		tr -d "()" | sort -u >links &&
	grep -qx doc/wire-format.md links &&
	while read -r l; do
		test -s "$TOP/$l" || { echo "$l is linked but missing"; exit 1; }
	done <links &&
	for f in "$TOP"/doc/*.md; do
		grep -q "doc/$(basename "$f")" "$README" "$TOP/doc/HACKING.md" ||
			{ echo "$f is linked from nowhere"; exit 1; }
	done
'

test_expect_success 'no source, doc or test refers to the shared scratch area' '
	w=work &&
	(cd "$TOP" && ! grep -rlE "\.\./shared|/$w/shared" \
		src doc tests/t tests/unit fuzz bench tools hook README.md Makefile) >refs &&
	test_cmp /dev/null refs
'

test_done
