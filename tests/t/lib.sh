# A small git-style TAP test library for the shell suites in tests/t/.
#
#   . "$(dirname "$0")/lib.sh"
#   test_expect_success 'what it shows' '
#       vmstate-gate compare a.json b.json >out &&
#       grep "field-removed" out
#   '
#   test_done
#
# Each test runs in a fresh scratch directory under the build tree, with a
# hermetic git configuration and fixed dates. $VG is the binary under test,
# $TOP the source tree, $DATA tests/data.

set -u
TOP=${VG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
VG_BUILD=${VG_BUILD:-$TOP/build}
VG=$VG_BUILD/vmstate-gate
DATA=$TOP/tests/data
RELEASE_DUMPS=$DATA/dumps
PATH=$VG_BUILD:$PATH
export TOP VG DATA PATH

LC_ALL=C TZ=UTC
HOME=$VG_BUILD/test-home/$(basename "$0" .sh)
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME='A U Thor' GIT_AUTHOR_EMAIL='author@example.com'
GIT_COMMITTER_NAME='C O Mitter' GIT_COMMITTER_EMAIL='committer@example.com'
GIT_AUTHOR_DATE='1700000000 +0000' GIT_COMMITTER_DATE='1700000000 +0000'
export LC_ALL TZ HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY 2>/dev/null || true
# Sanitizer builds: fail the test on any report, leaks included.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=99}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99}
export ASAN_OPTIONS UBSAN_OPTIONS

rm -rf "$HOME"
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global user.name 'A U Thor'
git config --global user.email author@example.com
git config --global advice.detachedHead false

test_count=0
test_failed=0
TRASH=$HOME/trash

# A body is one && chain, as in git's test-lib.sh: a link left out would let
# a failing command pass unnoticed (set -e is ignored inside the "if" below).
# The chain is linted first by running it behind "(exit 117) &&": a whole
# chain stops at once and returns 117; a broken one runs on past the break
# (in a throwaway directory) and returns something else, a bug in the test.
test_chain_is_whole() {
	rm -rf "$HOME/chainlint"
	mkdir -p "$HOME/chainlint"
	(cd "$HOME/chainlint" && eval "(exit 117) && $1
") >/dev/null 2>&1
	[ $? -eq 117 ]
}

test_expect_success() {
	test_count=$((test_count + 1))
	rm -rf "$TRASH"
	mkdir -p "$TRASH"
	if ! test_chain_is_whole "$2"; then
		echo "not ok $test_count - $1"
		echo "#   bug in the test script: broken && chain in '$1'"
		test_failed=$((test_failed + 1))
		return 0
	fi
	if (cd "$TRASH" && set -e && eval "$2") >"$HOME/test.out" 2>&1; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$HOME/test.out"
		test_failed=$((test_failed + 1))
	fi
}

# Skip a test whose prerequisite is missing, saying why.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1 ($2)"
}

# test_must_fail [EXIT] cmd...: the command must exit with EXIT (default: non-zero,
# but not a crash or a sanitizer report).
test_must_fail() {
	want=
	case "$1" in [0-9]*) want=$1; shift ;; esac
	if "$@"; then got=0; else got=$?; fi
	if [ -n "$want" ]; then
		[ "$got" -eq "$want" ] || { echo "expected exit $want, got $got: $*" >&2; return 1; }
	else
		[ "$got" -ne 0 ] && [ "$got" -lt 99 ] || { echo "expected failure, got $got: $*" >&2; return 1; }
	fi
	return 0
}

# test_exit EXIT cmd...: the command must exit with exactly EXIT.
test_exit() {
	want=$1; shift
	if "$@"; then got=0; else got=$?; fi
	[ "$got" -eq "$want" ] || { echo "expected exit $want, got $got: $*" >&2; return 1; }
}

# pad_c_file IN OUT: IN with 1200 comment lines after it (over 64 KiB in
# all, where diff-source scans the two files on two threads).
pad_c_file() {
	{
		cat "$1" &&
		i=0 &&
		while [ $i -lt 1200 ]; do
			echo "/* padding line $i: VMSTATE_UINT32(not_a_field, FooState), in a comment */"
			i=$((i + 1))
		done
	} >"$2"
}

test_cmp() {
	diff -u "$1" "$2"
}

test_done() {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
}
