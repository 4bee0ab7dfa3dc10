#!/bin/sh
# The bad-input catalogue, tests/bad-inputs/cases: each bad input gets its
# exact exit status and a message saying what is wrong, under a 20 s bound
# (a hang is a failure, not a stuck suite).
. "$(dirname "$0")/lib.sh"

BI=$TOP/tests/bad-inputs
export BI

# field N of a case line (fields are separated by " | "; the command, the
# last, may itself contain " | ").
case_field() { # LINE N
	printf '%s\n' "$1" | awk -v n="$2" -F ' [|] ' '{
		if (n < 4) { s = $n } else { s = $4; for (i = 5; i <= NF; i++) s = s " | " $i }
		sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); print s }'
}

# Run case number N of the table (its line) and check it.
run_case() { # LINE_NO
	line=$(sed -n "$1p" "$BI/cases")
	want=$(case_field "$line" 2)
	msg=$(case_field "$line" 3)
	cmd=$(case_field "$line" 4)
	got=0
	timeout 20 sh -c ". \"\$BI/lib.sh\" && $cmd" >out 2>err </dev/null || got=$?
	if [ "$got" -eq 124 ]; then
		echo "timed out after 20 s (a hang): $cmd" >&2
		return 1
	fi
	if [ "$got" -ne "$want" ]; then
		echo "expected exit $want, got $got: $cmd" >&2
		sed 's/^/  out: /' out | head -20 >&2
		sed 's/^/  err: /' err | head -20 >&2
		return 1
	fi
	if [ -n "$msg" ] && ! grep -qF -e "$msg" out err; then
		echo "no '$msg' in the output: $cmd" >&2
		sed 's/^/  out: /' out | head -20 >&2
		sed 's/^/  err: /' err | head -20 >&2
		return 1
	fi
	return 0
}

n=$(wc -l <"$BI/cases")
i=1
while [ "$i" -le "$n" ]; do
	line=$(sed -n "${i}p" "$BI/cases")
	case $line in
	'#'* | '') ;;
	*)
		name=$(case_field "$line" 1)
		want=$(case_field "$line" 2)
		test_expect_success "$name: exit $want" "run_case $i"
		;;
	esac
	i=$((i + 1))
done

test_expect_success 'the catalogue has at least 80 cases' '
	test "$(grep -c "^[a-z]" "$BI/cases")" -ge 80
'

test_done
