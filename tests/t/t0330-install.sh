#!/bin/sh
# install.sh: where the hooks go, idempotence, chaining, --uninstall.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

test_expect_success 'install.sh puts the three hooks in .git/hooks and records the binary' '
	make_qemu_repo r &&
	install_hooks r >out &&
	for h in pre-commit commit-msg pre-push; do
		test -x r/.git/hooks/$h &&
		grep "^# vmstate-gate-hook: $h" r/.git/hooks/$h &&
		grep "^recorded=.$VG.\$" r/.git/hooks/$h || return 1
	done &&
	grep "hooks run $VG" out
'

test_expect_success 'install.sh is idempotent and keeps the original hook once' '
	make_qemu_repo r &&
	printf "#!/bin/sh\necho original\n" >r/.git/hooks/commit-msg &&
	chmod +x r/.git/hooks/commit-msg &&
	install_hooks r &&
	ls r/.git/hooks | sort >first &&
	cp r/.git/hooks/commit-msg hook.first &&
	install_hooks r &&
	ls r/.git/hooks | sort >second &&
	test_cmp first second &&
	test_cmp hook.first r/.git/hooks/commit-msg &&
	grep original r/.git/hooks/commit-msg.vmstate-gate-orig
'

test_expect_success '--uninstall restores the originals and removes the rest' '
	make_qemu_repo r &&
	printf "#!/bin/sh\necho original\n" >r/.git/hooks/pre-push &&
	chmod +x r/.git/hooks/pre-push &&
	cp r/.git/hooks/pre-push orig &&
	ls r/.git/hooks | sort >before &&
	install_hooks r &&
	install_hooks --uninstall r &&
	ls r/.git/hooks | sort >after &&
	test_cmp before after &&
	test_cmp orig r/.git/hooks/pre-push &&
	test ! -e r/.git/hooks/pre-commit &&
	install_hooks --uninstall r
'

test_expect_success 'core.hooksPath is honoured' '
	make_qemu_repo r &&
	git -C r config core.hooksPath .githooks &&
	install_hooks r &&
	test -x r/.githooks/pre-commit &&
	test ! -e r/.git/hooks/pre-commit &&
	foo_remove_count r &&
	test_must_fail git -C r commit -q -a -m "drop count" 2>err &&
	grep "commit refused" err
'

test_expect_success 'from a linked worktree the hooks go to the common directory' '
	make_qemu_repo r &&
	git -C r worktree add -q ../wt &&
	install_hooks wt &&
	test -x r/.git/hooks/commit-msg
'

test_expect_success 'a hook without the program fails closed and says how to get out' '
	make_qemu_repo r &&
	mkdir bin && cp "$VG" bin/vmstate-gate &&
	VMSTATE_GATE=$PWD/bin/vmstate-gate sh "$TOP/install.sh" r &&
	rm bin/vmstate-gate &&
	echo "/* x */" >>r/hw/misc/plain.c &&
	test_must_fail env PATH=/usr/bin:/bin git -C r commit -q -a -m x 2>err &&
	grep "program is not found" err &&
	git -C r commit -q --no-verify -a -m x
'

test_expect_success 'an installed install.sh finds the installed program' '
	make_qemu_repo r &&
	mkdir -p p/bin p/share/vmstate-gate &&
	cp "$VG" p/bin/vmstate-gate &&
	cp "$TOP/install.sh" p/share/vmstate-gate/ &&
	cp -R "$TOP/hook" p/share/vmstate-gate/ &&
	env -u VMSTATE_GATE PATH=/usr/bin:/bin sh p/share/vmstate-gate/install.sh r >out &&
	grep "hooks run $PWD/p/bin/vmstate-gate" out
'

test_expect_success 'install.sh refuses what is not a repository' '
	mkdir plain &&
	test_must_fail env GIT_CEILING_DIRECTORIES="$PWD" sh "$TOP/install.sh" plain 2>err &&
	grep "not a git repository" err &&
	test_must_fail sh "$TOP/install.sh" a b c
'

test_done
