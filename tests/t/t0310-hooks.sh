#!/bin/sh
# The hooks with the real git commit: pre-commit warns, commit-msg refuses
# an unwaived break and prints the trailer, partial commits and linked
# worktrees are judged by what they commit, hooks already there still run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

test_expect_success 'a breaking commit is refused with the trailer to add' '
	make_qemu_repo r &&
	install_hooks r &&
	foo_remove_count r &&
	before=$(git -C r rev-parse HEAD) &&
	test_must_fail git -C r commit -q -a -m "foo: drop count" 2>err &&
	test "$(git -C r rev-parse HEAD)" = "$before" &&
	grep "commit refused" err &&
	grep "\[field-removed\]" err &&
	grep "Migration-Break: foo/count: <reason>" err
'

test_expect_success 'the same commit with a correct trailer is accepted' '
	make_qemu_repo r &&
	install_hooks r &&
	foo_remove_count r &&
	git -C r commit -q -a -m "foo: drop count" -m "Migration-Break: foo/count: recomputed from ctrl on load" 2>err &&
	git -C r log -1 --format=%s | grep "foo: drop count"
'

test_expect_success 'a trailer naming the wrong section is refused' '
	make_qemu_repo r &&
	install_hooks r &&
	foo_remove_count r &&
	test_must_fail git -C r commit -q -a -m "foo: drop count" -m "Migration-Break: bar/count: wrong" 2>err &&
	grep "commit refused" err &&
	grep "waiver-unused" err
'

test_expect_success 'a malformed trailer is refused' '
	make_qemu_repo r &&
	install_hooks r &&
	foo_remove_count r &&
	test_must_fail git -C r commit -q -a -m "foo: drop count" -m "Migration-Break: foo/count: <reason>" 2>err &&
	grep "waiver-malformed" err
'

test_expect_success 'a rename is accepted' '
	make_qemu_repo r &&
	install_hooks r &&
	foo_rename_status r &&
	git -C r commit -q -a -m "foo: rename status" &&
	git -C r log -1 --format=%s | grep "rename status"
'

test_expect_success 'pre-commit warns about a break but lets commit-msg decide' '
	make_qemu_repo r &&
	install_hooks r &&
	foo_remove_count r &&
	git -C r add -A &&
	(cd r && sh "$(git rev-parse --git-path hooks)/pre-commit") 2>err &&
	grep "warning: the staged changes break migration" err
'

test_expect_success 'a hook that was there before still runs, first' '
	make_qemu_repo r &&
	printf "#!/bin/sh\necho orig-ran >>\"\$(git rev-parse --git-dir)/orig.log\"\n" >r/.git/hooks/pre-commit &&
	chmod +x r/.git/hooks/pre-commit &&
	install_hooks r &&
	test -x r/.git/hooks/pre-commit.vmstate-gate-orig &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "plain: comment" &&
	grep orig-ran r/.git/orig.log &&
	printf "#!/bin/sh\nexit 1\n" >r/.git/hooks/pre-commit.vmstate-gate-orig &&
	echo "/* y */" >>r/hw/misc/plain.c &&
	test_must_fail git -C r commit -q -a -m "refused by the original hook"
'

test_expect_success 'a partial commit is judged by what it commits (clean file, break staged elsewhere)' '
	make_qemu_repo r &&
	install_hooks r &&
	foo_remove_count r &&
	git -C r add hw/misc/foo.c &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -m "plain only" hw/misc/plain.c &&
	git -C r show --stat HEAD | grep plain.c &&
	! git -C r show --stat HEAD | grep foo.c
'

test_expect_success 'a partial commit is judged by what it commits (breaking file, clean index)' '
	make_qemu_repo r &&
	install_hooks r &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r add hw/misc/plain.c &&
	foo_remove_count r &&
	before=$(git -C r rev-parse HEAD) &&
	test_must_fail git -C r commit -q -m "foo only" hw/misc/foo.c 2>err &&
	grep "\[field-removed\]" err &&
	test "$(git -C r rev-parse HEAD)" = "$before" &&
	git -C r diff --cached --name-only >staged &&
	echo hw/misc/plain.c >expect &&
	test_cmp expect staged
'

test_expect_success 'a linked worktree is checked with the shared hooks' '
	make_qemu_repo r &&
	install_hooks r &&
	git -C r worktree add -q ../wt &&
	foo_remove_count wt &&
	test_must_fail git -C wt commit -q -a -m "foo: drop count in a worktree" 2>err &&
	grep "\[field-removed\]" err &&
	git -C wt commit -q -a -m "foo: drop count" -m "Migration-Break: foo/count: deliberate" &&
	git -C wt log -1 --format=%s | grep "drop count"
'

test_expect_success 'git commit --no-verify bypasses the hooks' '
	make_qemu_repo r &&
	install_hooks r &&
	foo_remove_count r &&
	git -C r commit -q --no-verify -a -m "foo: drop count, unchecked" &&
	test_exit 1 "$VG" -C r check HEAD >out
'

test_expect_success 'broken inputs refuse the commit and leave the repository as it was' '
	make_qemu_repo r &&
	install_hooks r &&
	foo_remove_count r &&
	git -C r add hw/misc/foo.c &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	repo_state r >before &&
	mkdir rules && printf "\"unterminated\n" >rules/macros &&
	cp rules/macros rules/section-renames && cp rules/macros rules/known-breaks &&
	test_must_fail env VMSTATE_GATE_RULES="$PWD/rules" git -C r commit -q -m "with broken rules" 2>err &&
	cat err &&
	repo_state r >after &&
	test_cmp before after
'

test_expect_success 'no baseline (a shallow clone) refuses the commit and leaves the repository as it was' '
	make_qemu_repo o &&
	echo more >>o/README && git -C o commit -q -a -m readme &&
	git clone -q --no-tags --depth 1 "file://$PWD/o" r &&
	install_hooks r &&
	foo_remove_count r && git -C r add -A &&
	repo_state r >before &&
	test_must_fail git -C r commit -q -m "drop count" 2>err &&
	grep "no baseline" err &&
	grep "could not check" err &&
	repo_state r >after &&
	test_cmp before after
'

test_done
