#!/bin/sh
# Growth series for inputs that once took time quadratic in their size
# (issue 11): each case at 5k, 10k, 20k and 40k repetitions, with the
# wall and CPU (user + system) time of each and the ratio of CPU times to
# the one before (2.0 is linear, 4.0 is quadratic; CPU time, as the machine
# may be shared). Prints a table; never fails for being slow.
#
#   sh bench/growth.sh BUILD_DIR [CASE...]
#
# Cases: defre (the definition pattern on "VMStateDescription x [" repeated),
# blanks (blanks after "VMStateDescription x", 100 per repetition),
# parens (nested parentheses in a field), defs (definitions in one file),
# sections (dump sections, findings de-duplicated), trailers
# (Migration-Break trailers in one commit message).
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in
/*) bdir=$build ;;
*) bdir=$top/$build ;;
esac
shift 2>/dev/null
vg=$bdir/vmstate-gate
[ -x "$vg" ] || { echo "bench/growth.sh: no $vg" >&2; exit 2; }
cases=${*:-defre blanks parens defs sections trailers}
work=${TMPDIR:-/tmp}/vmstate-gate-growth.$$
mkdir -p "$work" || exit 2
trap 'rm -rf "$work"' EXIT

# The fields around each case's repeated part.
desc_head='static const VMStateDescription vmstate_foo = {
    .name = "foo",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {'
desc_tail='        VMSTATE_END_OF_LIST()
    }
};'

gen_defre() { # N FILE
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "VMStateDescription x [\n" }' >"$2.c"
	echo "scan $2.c"
}

gen_blanks() {
	{
		printf 'VMStateDescription x'
		awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%100s", "" }'
		printf '!\n'
	} >"$2.c"
	echo "scan $2.c"
}

gen_parens() {
	{
		echo "$desc_head"
		awk -v n="$1" 'BEGIN {
			printf "        VMSTATE_UINT8_ARRAY(buf, FooState, "
			for (i = 0; i < n; i++) printf "("
			printf "4"
			for (i = 0; i < n; i++) printf ")"
			printf "),\n" }'
		echo "$desc_tail"
	} >"$2.c"
	echo "scan $2.c"
}

gen_defs() {
	awk -v n="$1" 'BEGIN {
		for (i = 0; i < n; i++) {
			printf "static const VMStateDescription vmstate_d%d = {\n", i
			printf "    .name = \"d%d\",\n    .version_id = 1,\n", i
			printf "    .fields = (const VMStateField[]) {\n"
			printf "        VMSTATE_UINT32(a, S),\n        VMSTATE_END_OF_LIST()\n    }\n};\n"
		} }' >"$2.c"
	echo "scan $2.c"
}

gen_sections() {
	awk -v n="$1" 'BEGIN {
		printf "{\n    \"vmschkmachine\": { \"Name\": \"pc-q35-9.0\" }"
		for (i = 0; i < n; i++) {
			printf ",\n    \"s%d\": { \"Name\": \"s%d\", \"version_id\": 1, \"minimum_version_id\": 1,", i, i
			printf " \"Description\": { \"name\": \"s%d\", \"version_id\": 1, \"minimum_version_id\": 1,", i
			printf " \"Fields\": [ { \"field\": \"a\", \"version_id\": 0, \"field_exists\": false, \"size\": 4, \"num\": 1 } ] } }"
		}
		printf "\n}\n" }' >"$2.old.json"
	awk 'BEGIN {
		printf "{\n    \"vmschkmachine\": { \"Name\": \"pc-q35-9.0\" },\n"
		printf "    \"s0\": { \"Name\": \"s0\", \"version_id\": 1, \"minimum_version_id\": 1,"
		printf " \"Description\": { \"name\": \"s0\", \"version_id\": 1, \"minimum_version_id\": 1,"
		printf " \"Fields\": [ { \"field\": \"a\", \"version_id\": 0, \"field_exists\": false, \"size\": 4, \"num\": 1 } ] } }\n}\n" }' >"$2.new.json"
	echo "compare $2.old.json $2.new.json"
}

gen_trailers() {
	r=$2.repo
	git init -q "$r" &&
	mkdir -p "$r/hw" &&
	{ echo "$desc_head"; echo "        VMSTATE_UINT32(a, FooState),"; echo "        VMSTATE_UINT32(b, FooState),"; echo "$desc_tail"; } >"$r/hw/foo.c" &&
	echo 1.0.0 >"$r/VERSION" &&
	git -C "$r" add . &&
	git -C "$r" -c user.name=b -c user.email=b@b commit -q -m "Update version for v1.0.0 release" &&
	git -C "$r" tag v1.0.0 &&
	sed -i '/VMSTATE_UINT32(b, FooState)/d' "$r/hw/foo.c" &&
	{
		echo "foo: drop b"; echo
		awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "Migration-Break: foo%d/b: gone\n", i }'
		echo "Migration-Break: foo/b: gone"
	} >"$2.msg" &&
	git -C "$r" -c user.name=b -c user.email=b@b commit -q -a -F "$2.msg" >/dev/null 2>&1
	echo "-C $r check HEAD"
}

printf '%-9s %7s %9s %9s %6s\n' case n wall cpu ratio
for c in $cases; do
	prev=
	for n in 5000 10000 20000 40000; do
		cmd=$(gen_"$c" "$n" "$work/$c-$n")
		# shellcheck disable=SC2086
		/usr/bin/time -f '%e %U %S' -o "$work/time" timeout 600 "$vg" $cmd >/dev/null 2>&1
		wall=$(tail -n 1 "$work/time" | awk '{ printf "%.3f", $1 }')
		cpu=$(tail -n 1 "$work/time" | awk '{ printf "%.3f", $2 + $3 }')
		ratio=$(echo "$cpu $prev" | awk '{ if ($2 > 0.0005) printf "%.2f", $1 / $2; else printf "-" }')
		printf '%-9s %7s %9s %9s %6s\n' "$c" "$n" "$wall" "$cpu" "$ratio"
		prev=$cpu
		rm -rf "$work/$c-$n"*
	done
done
