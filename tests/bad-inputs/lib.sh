# Helpers for the commands of tests/bad-inputs/cases, sourced by each
# case's shell (run in a fresh scratch directory with a 20 s timeout by
# tests/t/t0450-bad-inputs.sh). $VG is the binary, $BI this folder,
# $DATA tests/data, $TOP the source tree.
. "$TOP/tests/t/lib-gate.sh"
. "$TOP/tests/t/lib-dumps.sh"
. "$TOP/tests/t/lib-migrate.sh"

F=$BI/files
GOOD=$DATA/dumps/small/old.json
GOOD_NEW=$DATA/dumps/small/new.json

# A file of N copies of STRING (no newline added).
repeat() { # N STRING FILE
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }' >"$3"
}

# A C file with one description whose array count is EXPR.
c_count() { # EXPR FILE
	cat >"$2" <<EOT
static const VMStateDescription vmstate_foo = {
    .name = "foo",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY(buf, FooState, $1),
        VMSTATE_END_OF_LIST()
    }
};
EOT
}

# A C file with one description whose count is the #define N, defined as EXPR.
c_define() { # EXPR FILE
	c_count N "$2.body" &&
	{ printf '#define N (%s)\n' "$1"; cat "$2.body"; } >"$2" &&
	rm -f "$2.body"
}

# repo: the QEMU-style repository of tests/data/qemu-mini in ./r, with
# v1.0.0 tagged and one more commit; cd there with "cd r".
repo() {
	make_qemu_repo r >/dev/null
}

# A change of hw/misc/foo.c that breaks migration, staged in ./r.
stage_break() {
	foo_remove_count r && git -C r add hw/misc/foo.c
}

# The path of the loose object of BLOB in repository DIR.
loose_path() { # DIR BLOB
	echo "$1/.git/objects/$(echo "$2" | cut -c1-2)/$(echo "$2" | cut -c3-)"
}

# Truncate the loose object of a staged foo.c to half its size.
truncate_staged_foo() {
	b=$(git -C r rev-parse :hw/misc/foo.c) &&
	p=$(loose_path r "$b") &&
	chmod u+w "$p" &&
	sz=$(wc -c <"$p") &&
	head -c $((sz / 2)) "$p" >obj.tmp &&
	cat obj.tmp >"$p"
}

# A format-patch --binary of one commit of ./r adding a 3000-byte binary
# file (and the foo.c break), in series.patch; the repository is left at
# the commit before.
binary_series() {
	repo &&
	head -c 3000 "$DATA/dumps/small/old.json" | gzip -9 >r/blob.bin &&
	foo_remove_count r &&
	git -C r add -A &&
	git -C r commit -q -m "foo: drop count, add a blob" &&
	git -C r format-patch -q --binary -1 --stdout >series.patch &&
	git -C r reset -q --hard HEAD~1
}

# Run a command; exit 98 (a failure no case expects) when MARKER exists
# afterwards: a hostile config or patch made the gate run code.
no_exec() { # MARKER CMD...
	marker=$1
	shift
	"$@"
	rc=$?
	if [ -e "$marker" ]; then
		echo "the gate ran code: $marker exists" >&2
		return 98
	fi
	return $rc
}

# A rules directory copy in ./rules with LINE appended to FILE.
rules_with() { # FILE LINE
	cp -R "$TOP/rules" rules &&
	printf '%s\n' "$2" >>"rules/$1"
}

# A stand-in QEMU at FILE that runs the shell code BODY (nothing else).
qemu_stub() { # FILE BODY
	printf '#!/bin/sh\n%s\n' "$2" >"$1" &&
	chmod +x "$1"
}

# Every file of git directory DIR with its size and time, to show that a
# command left it as it was.
git_dir_listing() { # DIR
	(cd "$1" && find . -exec ls -ld --time-style=full-iso {} + | sort)
}

# No process whose command line matches PATTERN is left (waits up to 5 s
# for killed ones to go); else exit 97, a status no case expects.
none_left() { # PATTERN
	i=0
	while pgrep -f "$1" >/dev/null && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	if pgrep -af "$1" >&2; then
		echo "left running: $1" >&2
		return 97
	fi
}

# Run a command and keep its exit status, but fail with 97 when a process
# matching PATTERN is left behind.
leaves_none() { # PATTERN CMD...
	pattern=$1
	shift
	"$@"
	rc=$?
	none_left "$pattern" || return 97
	return $rc
}
