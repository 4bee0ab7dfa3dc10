#!/bin/sh
# dumps make into the cache: hit and miss, corruption, two writers at once,
# linked worktrees (a stand-in qemu-system-*, tests/t/lib-dumps.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-dumps.sh"

D9=$RELEASE_DUMPS/v9.0.0
B=$HOME/bin
make_fake_qemu "$B" x86_64 "$D9/x86_64"
Q=$B/qemu-system-x86_64
LOG=$B/log-x86_64

test_expect_success 'a miss dumps into the cache, a hit runs no dump' '
	make_repo repo &&
	rm -f "$LOG" &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines all >../out1 2>../err1) &&
	grep "made set" err1 &&
	test $(wc -l <"$LOG") -eq 2 &&
	tree=$(git -C repo rev-parse HEAD^{tree}) &&
	grep "^$PWD/repo/.git/vmstate-gate/dumps/$tree-[0-9a-f]\{16\}$" out1 &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines all >../out2 2>../err2) &&
	grep "cached set $tree-" err2 &&
	test_cmp out1 out2 &&
	test $(wc -l <"$LOG") -eq 2 &&
	grep "\"tree\":.*\"$tree\"" "$(cat out1)/manifest.json"
'

test_expect_success 'another tree, or other machine types, is another set' '
	make_repo repo &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines all >../out1 2>/dev/null) &&
	echo two >repo/file && git -C repo commit -q -a -m two &&
	rm -f "$LOG" &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines all >../out2 2>../err) &&
	grep "made set" err &&
	test $(wc -l <"$LOG") -eq 2 &&
	! test_cmp out1 out2 &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines pc-q35-9.0 >../out3 2>../err) &&
	grep "made set" err &&
	test $(wc -l <"$LOG") -eq 3 &&
	(cd repo && "$VG" dumps make --tree HEAD~1 --qemu "$Q" --machines all >../out4 2>../err) &&
	grep "cached set" err &&
	test_cmp out1 out4
'

test_expect_success 'a rebuilt binary is another configuration: made again' '
	make_repo repo &&
	cp -R "$B" b && rm -f b/log-x86_64 &&
	(cd repo && "$VG" dumps make --qemu ../b/qemu-system-x86_64 >../out1 2>/dev/null) &&
	touch -d "2001-01-01" b/qemu-system-x86_64 &&
	(cd repo && "$VG" dumps make --qemu ../b/qemu-system-x86_64 >../out2 2>../err) &&
	grep "made set" err &&
	test $(wc -l <b/log-x86_64) -eq 2
'

test_expect_success 'a corrupt cached dump is detected and the set made again' '
	make_repo repo &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines all >../out 2>/dev/null) &&
	set=$(cat out) &&
	head -c 1000 "$set/x86_64/pc-q35-9.0.json" >short &&
	cp short "$set/x86_64/pc-q35-9.0.json" &&
	rm -f "$LOG" &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines all >../out2 2>../err) &&
	grep "warning: .*x86_64/pc-q35-9.0.json: corrupt" err &&
	grep "warning: cached dump set .* is corrupt: removed, to be made again" err &&
	grep "made set" err &&
	test $(wc -l <"$LOG") -eq 2 &&
	test_cmp out out2 &&
	cmp "$set/x86_64/pc-q35-9.0.json" "$D9/x86_64/pc-q35-9.0.json" &&
	sed -i "s/\"version\"/\"versio\"/" "$set/manifest.json" &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines all >/dev/null 2>../err) &&
	grep "manifest.json: error: a target lacks" err &&
	grep "made set" err &&
	rm "$set/x86_64/pc-q35-8.2.json" &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines all >/dev/null 2>../err) &&
	grep "pc-q35-8.2.json: missing" err &&
	grep "made set" err &&
	! ls -a repo/.git/vmstate-gate/dumps | grep -e tmp -e trash
'

test_expect_success 'a same-size change to a cached dump is caught by its hash' '
	make_repo repo &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines pc-q35-9.0 >../out 2>/dev/null) &&
	f=$(cat out)/x86_64/pc-q35-9.0.json &&
	sed -i "0,/\"size\": 4$/s//\"size\": 8/" "$f" &&
	test $(wc -c <"$f") -eq $(wc -c <"$D9/x86_64/pc-q35-9.0.json") &&
	! cmp -s "$f" "$D9/x86_64/pc-q35-9.0.json" &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines pc-q35-9.0 >/dev/null 2>../err) &&
	grep "corrupt (its size or hash" err &&
	cmp "$f" "$D9/x86_64/pc-q35-9.0.json"
'

test_expect_success 'two writers at once: both succeed, one whole set, nothing left over' '
	make_repo repo &&
	rm -f "$LOG" &&
	(cd repo && FAKE_SLOW=1 "$VG" dumps make --qemu "$Q" --machines all >../o1 2>../e1 &
	 cd repo && FAKE_SLOW=1 "$VG" dumps make --qemu "$Q" --machines all >../o2 2>../e2 &
	 wait) &&
	test_cmp o1 o2 &&
	test $(wc -l <"$LOG") -eq 4 &&
	ls repo/.git/vmstate-gate/dumps >sets &&
	test $(wc -l <sets) -eq 1 &&
	! ls -a repo/.git/vmstate-gate/dumps | grep -e tmp -e trash &&
	(cd repo && "$VG" dumps make --qemu "$Q" --machines all >/dev/null 2>../err) &&
	grep "cached set" err
'

test_expect_success 'a linked worktree shares the cache of the common git dir' '
	make_repo repo &&
	git -C repo worktree add -q ../wt &&
	(cd repo && "$VG" dumps make --qemu "$Q" >../o1 2>/dev/null) &&
	(cd wt && "$VG" dumps make --qemu "$Q" >../o2 2>../err) &&
	grep "cached set" err &&
	test_cmp o1 o2 &&
	(cd wt && "$VG" dumps list) >list &&
	grep "^cache .*  x86_64 (1 machine types)  QEMU emulator version 9.0.50 (stand-in)$" list
'

test_expect_success 'outside a repository the cache is refused; -o works' '
	mkdir norepo &&
	(cd norepo && test_exit 2 "$VG" dumps make --qemu "$Q" 2>err) &&
	grep "not a git repository" norepo/err &&
	(cd norepo && "$VG" dumps make --qemu "$Q" -o set >/dev/null) &&
	test -f norepo/set/manifest.json
'

test_done
