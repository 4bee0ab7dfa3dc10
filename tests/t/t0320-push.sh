#!/bin/sh
# The pre-push hook against a local bare repository, and check A..B in a
# bare repository.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

# A clone of a QEMU-style repository published in a local bare repository.
setup_push() {
	make_qemu_repo up &&
	git clone -q --bare up remote.git &&
	git clone -q remote.git r &&
	install_hooks r
}

test_expect_success 'a pushed range with an unwaived break is refused' '
	setup_push &&
	foo_remove_count r &&
	git -C r commit -q --no-verify -a -m "foo: drop count" &&
	test_must_fail git -C r push -q origin main 2>err &&
	grep "push of refs/heads/main -> refs/heads/main" err &&
	grep "Migration-Break: foo/count: <reason>" err &&
	test "$(git -C remote.git rev-parse main)" = "$(git -C up rev-parse main)"
'

test_expect_success 'the range passes once the commit carries its trailer' '
	setup_push &&
	foo_remove_count r &&
	git -C r commit -q --no-verify -a -m "foo: drop count" &&
	git -C r commit -q --amend -m "foo: drop count" -m "Migration-Break: foo/count: deliberate" &&
	git -C r push -q origin main &&
	test "$(git -C remote.git rev-parse main)" = "$(git -C r rev-parse main)"
'

test_expect_success 'a clean push passes, and a later break in the range is still caught' '
	setup_push &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "plain: comment" &&
	git -C r push -q origin main &&
	foo_drop_fifo_subsection r &&
	git -C r commit -q --no-verify -a -m "foo: drop fifo" &&
	echo "/* y */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "plain: another comment" &&
	test_must_fail git -C r push -q origin main 2>err &&
	grep "\[subsection-removed\]" err
'

test_expect_success 'a new branch is judged by what the remote does not have' '
	setup_push &&
	git -C r checkout -q -b topic &&
	foo_remove_count r &&
	git -C r commit -q --no-verify -a -m "foo: drop count" &&
	test_must_fail git -C r push -q origin topic 2>err &&
	grep "(new branch)" err &&
	grep "\[field-removed\]" err &&
	git -C r reset -q --hard main &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	git -C r commit -q -a -m "plain: comment" &&
	git -C r push -q origin topic
'

test_expect_success 'a new branch on a remote with nothing is judged from the baseline' '
	make_qemu_repo r &&
	install_hooks r &&
	git init -q --bare empty.git &&
	foo_remove_count r &&
	git -C r commit -q --no-verify -a -m "foo: drop count" &&
	test_must_fail git -C r push -q ../empty.git main 2>err &&
	grep "\[field-removed\]" err
'

test_expect_success 'deleting a remote branch is not checked' '
	setup_push &&
	git -C r push -q origin main:other &&
	git -C r push -q origin :other
'

test_expect_success 'check A..B works in a bare repository' '
	make_qemu_repo up &&
	foo_remove_count up && git -C up commit -q -a -m "foo: drop count" &&
	foo_rename_status up && git -C up commit -q -a -m "foo: rename" &&
	git clone -q --bare up bare.git &&
	test_exit 1 "$VG" -C bare.git check v1.0.0..main >out &&
	grep "^3 commits checked" out &&
	grep "$(git -C up rev-parse --short=12 main~1): .*\[field-removed\]" out &&
	test_exit 1 "$VG" -C bare.git check main~1 >out &&
	test_exit 0 "$VG" -C bare.git check main >out &&
	test_exit 2 "$VG" -C bare.git check --staged 2>err &&
	grep "bare repository" err
'

test_done
