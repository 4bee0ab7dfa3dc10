#!/bin/sh
# make demo: the git gate on a small QEMU-style repository made on the fly.
#
#   sh tools/demo.sh [VMSTATE_GATE]
#
# Builds a repository in a temporary directory (VERSION at a release, tag
# v1.0.0, hw/misc/foo.c with a VMStateDescription), installs the hooks with
# install.sh, and shows: a breaking commit refused, the same commit with its
# Migration-Break trailer accepted, a field rename accepted; then the release
# matrix of tests/data/dumps, written to build/demo/matrix.html (VG_DEMO_OUT).
# Exits non-zero if any step does not behave as described.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
vg=${1:-${VMSTATE_GATE:-$top/vmstate-gate}}
case $vg in /*) ;; *) vg=$(pwd)/$vg ;; esac
if [ ! -x "$vg" ]; then
	echo "demo: no $vg; run 'make' first" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmstate-gate-demo.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
repo=$tmp/qemu
failed=0

# A hermetic git: no user or system configuration, fixed identities.
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp GIT_CEILING_DIRECTORIES=$tmp
export GIT_AUTHOR_NAME='A U Thor' GIT_AUTHOR_EMAIL=author@example.com
export GIT_COMMITTER_NAME='C O Mitter' GIT_COMMITTER_EMAIL=committer@example.com
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE 2>/dev/null || true

step() {
	echo
	echo "== $* =="
}
expect() { # expect WHAT-SHOULD-HAPPEN STATUS-WANTED STATUS-GOT
	if [ "$2" = "$3" ]; then
		echo "-> as expected: $1"
	else
		echo "-> NOT AS EXPECTED: $1 (exit $3, wanted $2)"
		failed=$((failed + 1))
	fi
}
show() { sed 's/^/   | /'; }

step "1. a QEMU-style repository: v1.0.0 released, the next cycle open"
git init -q -b main "$repo" 2>/dev/null || git init -q "$repo"
cp -R "$top/tests/data/qemu-mini/." "$repo/"
(
	cd "$repo" &&
	git add . && git commit -q -m "Update version for v1.0.0 release" &&
	git tag -a -m v1.0.0 v1.0.0 &&
	echo 1.0.50 >VERSION && git commit -q -a -m "Open 1.1 development tree"
) || exit 2
git -C "$repo" log --oneline --decorate | show
echo "   hw/misc/foo.c sends section \"foo\": ctrl, status, regs[4], count, irq_pending,"
echo "   and the subsection \"foo/fifo\" when the FIFO is not empty."

step "2. install the hooks (install.sh)"
VMSTATE_GATE=$vg sh "$top/install.sh" "$repo" | show

step "3. a commit that drops the field 'count' is refused"
sed -i '/VMSTATE_UINT16(count, FooState)/d' "$repo/hw/misc/foo.c"
git -C "$repo" diff | show
git -C "$repo" commit -a -m "foo: stop migrating count" >"$tmp/out" 2>&1
rc=$?
show <"$tmp/out"
[ $rc -ne 0 ] && grep -q "Migration-Break: foo/count: <reason>" "$tmp/out"
expect "the commit is refused, and the trailer that would waive it is printed" 0 $?
[ "$(git -C "$repo" rev-list --count HEAD)" = 2 ]
expect "nothing was committed" 0 $?

step "4. the same commit, with the trailer and a reason, is accepted"
git -C "$repo" commit -a -m "foo: stop migrating count" \
	-m "count is recomputed from the FIFO on load." \
	-m "Migration-Break: foo/count: count is derived state; 1.1 recomputes it" >"$tmp/out" 2>&1
rc=$?
show <"$tmp/out"
expect "the commit is accepted" 0 $rc
git -C "$repo" log -1 --format='   | %h %s%n   | %(trailers:key=Migration-Break)' 2>/dev/null ||
	git -C "$repo" log -1 --format='   | %h %s'
"$vg" -C "$repo" check HEAD >"$tmp/out" 2>&1
rc=$?
show <"$tmp/out"
grep -q "waived by Migration-Break: foo/count" "$tmp/out"
expect "vmstate-gate check HEAD reports the break as waived and passes" "0 0" "$rc $?"

step "5. a field rename is accepted (field names are not on the wire)"
sed -i 's/VMSTATE_UINT32(status, FooState)/VMSTATE_UINT32(stat, FooState)/' "$repo/hw/misc/foo.c"
sed -i 's/uint32_t status;/uint32_t stat;/' "$repo/include/hw/misc/foo.h"
git -C "$repo" diff | show
git -C "$repo" commit -a -m "foo: rename status to stat" >"$tmp/out" 2>&1
rc=$?
show <"$tmp/out"
expect "the rename is committed without a trailer" 0 $rc

step "6. the range since the release, as CI or pre-push sees it"
"$vg" -C "$repo" check v1.0.0..HEAD >"$tmp/out" 2>&1
rc=$?
show <"$tmp/out"
expect "every break in v1.0.0..HEAD is waived: exit 0" 0 $rc

step "7. the release matrix of the QEMU release dumps in tests/data/dumps"
# Kept after the demo (the repository above is temporary): open it in a browser.
out=${VG_DEMO_OUT:-$top/build/demo}
mkdir -p "$out" || exit 2
(cd "$top" && "$vg" matrix --dumps tests/data/dumps --format md -o "$out/matrix.md") 2>/dev/null
(cd "$top" && "$vg" matrix --dumps tests/data/dumps -o "$out/matrix.html") 2>"$tmp/err"
rc=$?
grep -v "skipped: not a release directory" "$tmp/err" | show
grep '^Dumps:\|^Series\|^Cells:' "$out/matrix.md" | show
expect "some release pairs break migration (red cells): exit 1" 1 $rc
grep -q 'data-row="m68k/q800" data-src="v8.2.0" data-dst="v9.0.0" data-dir="forward"' "$out/matrix.html"
expect "the page has the cell m68k/q800 v8.2.0 -> v9.0.0" 0 $?
echo "   the page: $out/matrix.html (Markdown: $out/matrix.md)"

echo
if [ $failed -ne 0 ]; then
	echo "demo: $failed step(s) did not behave as described"
	exit 1
fi
echo "demo: every step behaved as described"
