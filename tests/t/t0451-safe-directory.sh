#!/bin/sh
# git's safe.directory as git applies it: a repository owned by another
# user is refused with the hint, unless the user's configuration lists it
# or lists '*' (CI containers). Needs root, to give a repository away.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

if [ "$(id -u)" != 0 ]; then
	test_skip 'safe.directory' 'needs root to change a repository owner'
	# Last: it leaves safe.directory=* in this script's global configuration.
test_expect_success 'safe.directory=* in the user configuration lets it through' '
	make_qemu_repo r &&
	chown -R 4321:4321 r &&
	git config --global --add safe.directory "*" &&
	"$VG" -C r check >out &&
	grep "baseline: v1.0.0" out
'

test_done
	exit
fi

test_expect_success 'a repository of another user is refused, with the safe.directory hint' '
	make_qemu_repo r &&
	chown -R 4321:4321 r &&
	test_exit 2 "$VG" -C r check 2>err &&
	grep "safe.directory" err
'

test_expect_success 'safe.directory=* in the repository itself does not count' '
	make_qemu_repo r &&
	git -C r config --add safe.directory "*" &&
	chown -R 4321:4321 r &&
	test_exit 2 "$VG" -C r check 2>err &&
	grep "safe.directory" err
'

# Last: it leaves safe.directory=* in this script's global configuration.
test_expect_success 'safe.directory=* in the user configuration lets it through' '
	make_qemu_repo r &&
	chown -R 4321:4321 r &&
	git config --global --add safe.directory "*" &&
	"$VG" -C r check >out &&
	grep "baseline: v1.0.0" out
'

test_done
