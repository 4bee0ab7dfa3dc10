#!/bin/sh
# dumps publish, fetch and list: sets shared as refs/vmstate-dumps/VERSION
# through plain git servers (a local bare repository stands in for one).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-dumps.sh"

D9=$RELEASE_DUMPS/v9.0.0
B=$HOME/bin
make_fake_qemu "$B" x86_64 "$D9/x86_64"
make_fake_qemu "$B" m68k "$D9/m68k"
Q=$B/qemu-system-x86_64

test_expect_success 'publish: a commit of TARGET/MACHINE.json and the manifest' '
	make_repo repo &&
	(cd repo && "$VG" dumps make --qemu "$Q" --qemu "$B/qemu-system-m68k" --machines all \
		>/dev/null 2>&1) &&
	(cd repo && "$VG" dumps publish 9.0 >../out) &&
	c=$(git -C repo rev-parse refs/vmstate-dumps/9.0) &&
	test_cmp - out <<-EOF &&
	$c refs/vmstate-dumps/9.0
	EOF
	git -C repo ls-tree -r --name-only refs/vmstate-dumps/9.0 >files &&
	test_cmp - files <<-EOF &&
	m68k/q800.json
	m68k/virt-8.2.json
	m68k/virt-9.0.json
	manifest.json
	x86_64/pc-q35-8.2.json
	x86_64/pc-q35-9.0.json
	EOF
	git -C repo show refs/vmstate-dumps/9.0:x86_64/pc-q35-9.0.json >blob &&
	cmp blob "$D9/x86_64/pc-q35-9.0.json" &&
	git -C repo log -1 --format=%B refs/vmstate-dumps/9.0 >msg &&
	grep "^vmstate-gate dumps 9.0$" msg &&
	grep "^x86_64: 2 machine types, QEMU emulator version 9.0.50 (stand-in)$" msg &&
	git -C repo status --porcelain >st &&
	test_cmp /dev/null st &&
	test "$(git -C repo rev-parse HEAD)" = "$(git -C repo rev-parse main)"
'

test_expect_success 'publishing again keeps the history; list shows refs and cache' '
	make_repo repo &&
	(cd repo && "$VG" dumps make --qemu "$Q" >/dev/null 2>&1 && "$VG" dumps publish 9.0 >/dev/null) &&
	first=$(git -C repo rev-parse refs/vmstate-dumps/9.0) &&
	(cd repo && "$VG" dumps publish 9.0 >/dev/null) &&
	test "$(git -C repo rev-parse refs/vmstate-dumps/9.0^)" = "$first" &&
	(cd repo && "$VG" dumps list >../list) &&
	grep "^refs/vmstate-dumps/9.0  x86_64 (1 machine types)  QEMU emulator version 9.0.50 (stand-in)$" list &&
	grep "^cache [0-9a-f]\{40\}-[0-9a-f]\{16\}  x86_64 (1 machine types)" list
'

test_expect_success 'publish: a bad version, no set, --from a directory or a key' '
	make_repo repo &&
	(cd repo && test_exit 2 "$VG" dumps publish "../x" 2>../err) &&
	grep "is not a version name" err &&
	(cd repo && test_exit 2 "$VG" dumps publish 2>../err) &&
	grep "needs one VERSION" err &&
	(cd repo && test_exit 2 "$VG" dumps publish 9.0 2>../err) &&
	grep "no cached dump set of HEAD" err &&
	"$VG" dumps make --qemu "$Q" -o "$PWD/set" &&
	(cd repo && "$VG" dumps publish --from "$PWD/../set" 9.0-dir >/dev/null) &&
	git -C repo rev-parse --verify -q refs/vmstate-dumps/9.0-dir &&
	(cd repo && "$VG" dumps make --qemu "$Q" >/dev/null 2>&1) &&
	key=$(ls repo/.git/vmstate-gate/dumps) &&
	(cd repo && "$VG" dumps publish --from "$key" 9.0-key >/dev/null) &&
	test "$(git -C repo rev-parse refs/vmstate-dumps/9.0-key:x86_64)" = \
	     "$(git -C repo rev-parse refs/vmstate-dumps/9.0-dir:x86_64)" &&
	git -C repo show refs/vmstate-dumps/9.0-dir:manifest.json >m &&
	grep "\"tree\":.*null" m
'

test_expect_success 'a corrupt set is not published' '
	make_repo repo &&
	"$VG" dumps make --qemu "$Q" -o "$PWD/set" &&
	echo "{}" >set/x86_64/pc-q35-9.0.json &&
	(cd repo && test_exit 2 "$VG" dumps publish --from "$PWD/../set" 9.0 2>../err) &&
	grep "corrupt" err &&
	grep "not published" err &&
	! git -C repo rev-parse --verify -q refs/vmstate-dumps/9.0
'

test_expect_success 'publish, push, fetch into a second repository, read without a checkout' '
	make_repo repo &&
	git init -q --bare server.git &&
	git -C repo push -q ../server.git main &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines all >/dev/null 2>&1 &&
	 "$VG" dumps publish 9.0 >/dev/null) &&
	git -C repo push -q ../server.git "refs/vmstate-dumps/*:refs/vmstate-dumps/*" &&
	git clone -q server.git clone &&
	! git -C clone rev-parse --verify -q refs/vmstate-dumps/9.0 &&
	(cd clone && "$VG" dumps fetch >../out) &&
	grep "^refs/vmstate-dumps/9.0  x86_64 (2 machine types)" out &&
	test "$(git -C clone rev-parse refs/vmstate-dumps/9.0)" = \
	     "$(git -C repo rev-parse refs/vmstate-dumps/9.0)" &&
	git -C clone show refs/vmstate-dumps/9.0:x86_64/pc-q35-8.2.json >blob &&
	cmp blob "$D9/x86_64/pc-q35-8.2.json" &&
	test ! -e clone/x86_64 &&
	git init -q other &&
	(cd other && "$VG" dumps fetch "$PWD/../server.git" >../out2) &&
	grep "^refs/vmstate-dumps/9.0  x86_64 (2 machine types)" out2 &&
	git -C other for-each-ref --format="%(refname)" >refs &&
	test_cmp - refs <<-EOF
	refs/vmstate-dumps/9.0
	EOF
'

test_expect_success 'a republished set replaces the fetched one (forced update)' '
	make_repo repo &&
	git init -q --bare server.git &&
	"$VG" dumps make --qemu "$Q" -o "$PWD/s1" &&
	"$VG" dumps make --qemu "$B/qemu-system-m68k" -o "$PWD/s2" &&
	(cd repo && "$VG" dumps publish --from "$PWD/../s1" 9.0 >/dev/null) &&
	git -C repo push -q ../server.git "refs/vmstate-dumps/*:refs/vmstate-dumps/*" &&
	git init -q other &&
	(cd other && "$VG" dumps fetch ../server.git >/dev/null) &&
	git -C repo update-ref -d refs/vmstate-dumps/9.0 &&
	(cd repo && "$VG" dumps publish --from "$PWD/../s2" 9.0 >/dev/null) &&
	git -C repo push -q -f ../server.git "refs/vmstate-dumps/*:refs/vmstate-dumps/*" &&
	(cd other && "$VG" dumps fetch ../server.git >../out) &&
	grep "^refs/vmstate-dumps/9.0  m68k" out
'

test_expect_success 'fetch from a remote that does not exist fails and changes nothing' '
	git init -q other &&
	(cd other && test_exit 2 "$VG" dumps fetch nosuch 2>../err) &&
	grep "error: nosuch: no such remote (git remote -v lists them), and not a path or URL" err &&
	(cd other && test_exit 2 "$VG" dumps fetch "$PWD/../nowhere.git" 2>../err) &&
	grep "error: .*nowhere.git" err &&
	git -C other for-each-ref >refs &&
	test_cmp /dev/null refs
'

test_expect_success 'dumps list in a fresh repository prints nothing and leaves the git dir as it was' '
	git init -q fresh &&
	(cd fresh && "$VG" dumps list >../out) &&
	test_cmp /dev/null out &&
	! test -e fresh/.git/vmstate-gate
'

test_done
