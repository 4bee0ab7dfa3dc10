# Helpers for the git gate suites (tests/t/t03*.sh): throwaway QEMU-style
# repositories made from tests/data/qemu-mini, and a snapshot of a
# repository's state to prove a refused or failed check changed nothing.

# make_qemu_repo DIR: v1.0.0 released (tag and VERSION), then the next
# development cycle opened (VERSION 1.0.50).
make_qemu_repo() {
	git init -q "$1" &&
	cp -R "$DATA/qemu-mini/." "$1/" &&
	git -C "$1" add . &&
	git -C "$1" commit -q -m "Update version for v1.0.0 release" &&
	git -C "$1" tag -a -m "v1.0.0" v1.0.0 &&
	echo 1.0.50 >"$1/VERSION" &&
	git -C "$1" commit -q -a -m "Open 1.1 development tree"
}

install_hooks() {
	VMSTATE_GATE=$VG sh "$TOP/install.sh" "$@"
}

# repo_state DIR: the work tree status, every ref, the index entries and
# HEAD. (git commit itself rewrites the index file, with a cache tree,
# before its hooks run; index_bytes compares the file when no git command
# but vmstate-gate ran.)
repo_state() {
	git -C "$1" status --porcelain=v1 --untracked-files=all &&
	git -C "$1" for-each-ref --format='%(refname) %(objectname)' &&
	git -C "$1" ls-files --stage &&
	git -C "$1" rev-parse HEAD &&
	git -C "$1" stash list
}
index_bytes() {
	(cd "$1" && f=$(git rev-parse --git-path index) && cksum <"$f" && ls -l --time-style=full-iso "$f" | cut -d" " -f6-7)
}

# Edits of hw/misc/foo.c (in DIR).
foo_remove_count() {
	sed -i '/VMSTATE_UINT16(count, FooState)/d' "$1/hw/misc/foo.c"
}
foo_rename_status() {
	sed -i 's/VMSTATE_UINT32(status, FooState)/VMSTATE_UINT32(stat, FooState)/' "$1/hw/misc/foo.c" &&
	sed -i 's/uint32_t status;/uint32_t stat;/' "$1/include/hw/misc/foo.h"
}
foo_drop_fifo_subsection() {
	sed -i '/&vmstate_foo_fifo,/d' "$1/hw/misc/foo.c"
}

# The scratch directories live inside the project's own work tree: stop git
# (and libgit2) from finding that repository above a directory that is not one.
GIT_CEILING_DIRECTORIES=$HOME
export GIT_CEILING_DIRECTORIES
