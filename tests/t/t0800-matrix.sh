#!/bin/sh
# vmstate-gate matrix: release x release grid from release dumps
# (tests/data/dumps, 9 real QEMU releases), goldens, exit codes, refs.
. "$(dirname "$0")/lib.sh"

# A few releases of m68k: q800 in each, virt-9.1 only in v9.1.0 and v9.2.0.
small_tree() {
	for v in v9.0.0 v9.1.0 v9.2.0; do
		mkdir -p "$1/$v/m68k" &&
		cp "$RELEASE_DUMPS/$v/m68k/q800.json" "$1/$v/m68k/" || return 1
	done &&
	cp "$RELEASE_DUMPS/v9.1.0/m68k/virt-9.1.json" "$1/v9.1.0/m68k/" &&
	cp "$RELEASE_DUMPS/v9.2.0/m68k/virt-9.1.json" "$1/v9.2.0/m68k/"
}

test_expect_success 'matrix of the release dumps as Markdown matches its golden file' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps --format md) >out.md 2>err &&
	test_cmp "$DATA/matrix/release.md" out.md
'

test_expect_success 'matrix of the release dumps as JSON matches its golden file' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps --format json) >out.json 2>err &&
	test_cmp "$DATA/matrix/release.json" out.json
'

test_expect_success 'the known red cell: m68k q800 v8.2.0 -> v9.0.0 lost the esp/pdma subsection' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps --format md) >out.md 2>err &&
	sed -n "/^### m68k\/q800: v8.2.0 → v9.0.0 (forward)/,/^###/p" out.md >cell &&
	grep "^57 sections compared: 3 errors, 1 warnings, 0 waived.$" cell &&
	grep "\*\*error\*\* .sysbus-esp. .esp/pdma. (subsection-removed)" cell &&
	grep "^| m68k/q800 | \*\*E4\*\* | \*\*E9\*\* | \*\*E3\*\* W1 |" out.md
'

test_expect_success 'a waived known break is amber and names rules/known-breaks and its reason' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps --format md) >out.md 2>err &&
	grep "^| x86\\\\_64/pc-q35-9.2 |.* V1 |" out.md &&
	sed -n "/^### x86\\\\_64\/pc-q35-9.2: v9.2.0 → v10.0.0 (forward)/,/^###/p" out.md >cell &&
	grep "^- waived \*\*error\*\* .sysbus-ahci. (section-removed):.*Waived by .rules/known-breaks:[0-9]*.: sysbus-ahci moved behind CONFIG" cell
'

test_expect_success 'v7.2-debian is its own series: in no column, listed as a dump in no pair' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps --format md) >out.md 2>err &&
	grep "^Series debian: v7.2-debian alone" out.md &&
	! sed -n "/^| machine type/p" out.md | grep v7.2 &&
	grep "^- v7.2-debian x86\\\\_64/pc-q35-7.2: .dumps/v7.2-debian/x86_64/pc-q35-7.2.json." out.md &&
	grep "dumps/small: skipped: not a release directory" err
'

test_expect_success 'pairs without a break exit 0; a pair one release lacks is missing, never green' '
	small_tree d &&
	vmstate-gate matrix --dumps d --format json >out.json &&
	grep "\"green\":	8" out.json &&
	grep "\"missing\":	4" out.json &&
	grep -c "\"state\":	\"missing\"" out.json >n && test "$(cat n)" = 4 &&
	grep "\"missing_in\":	\[\"v9.0.0\"\]" out.json &&
	vmstate-gate matrix --dumps d --format md >out.md &&
	grep "^| m68k/virt-9.1 | – | – | ok | ok | – | – |$" out.md &&
	grep "^None: every pair" out.md
'

test_expect_success 'the columns: consecutive pairs, then each release into the newest, both directions' '
	small_tree d &&
	vmstate-gate matrix --dumps d --format json >out.json &&
	grep "\"id\":" out.json | sed "s/.*\"id\":[[:space:]]*//" >ids &&
	printf "%s\n" "\"v9.0.0..v9.1.0/forward\"," "\"v9.0.0..v9.1.0/backward\"," \
		"\"v9.1.0..v9.2.0/forward\"," "\"v9.1.0..v9.2.0/backward\"," \
		"\"v9.0.0..v9.2.0/forward\"," "\"v9.0.0..v9.2.0/backward\"," >want &&
	test_cmp want ids &&
	grep -A3 "\"v9.0.0..v9.2.0/backward\"," out.json | grep "\"src\":	\"v9.2.0\"" &&
	grep -A8 "\"v9.0.0..v9.2.0/backward\"," out.json | grep "\"pair\":	\"to-newest\""
'

test_expect_success 'a backward cell is compare --reverse: the same findings' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps --format json) >out.json 2>err &&
	test_exit 1 vmstate-gate compare --reverse --range v8.2.0..v9.0.0 \
		"$RELEASE_DUMPS/v8.2.0/m68k/q800.json" "$RELEASE_DUMPS/v9.0.0/m68k/q800.json" >cmp &&
	sed -n "s/^\([^ ]*\): .*\[\(.*\)\]\$/\1 \2/p" cmp | sort >want &&
	awk "/\"column\":.\"v8.2.0..v9.0.0\/backward\"/ { f = 1; next } f && /\"column\"/ { exit } f" \
		out.json >cell &&
	sed -n "s/.*\"rule\":[[:space:]]*\"\(.*\)\",/\1/p" cell >rules &&
	sed -n "s/.*\"section\":[[:space:]]*\"\(.*\)\",/\1/p" cell >sections &&
	paste -d " " sections rules | sort >got &&
	test -s got &&
	test_cmp want got
'

test_expect_success '-o writes the file; html is the default format' '
	small_tree d &&
	vmstate-gate matrix --dumps d -o page.html >stdout &&
	test ! -s stdout &&
	grep "^<!DOCTYPE html>" page.html &&
	grep "<table class=\"grid\" id=\"grid\">" page.html
'

test_expect_success 'the page is self-contained: no external URL, a CSP that forbids the network' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps) >page.html 2>err &&
	grep "Content-Security-Policy\" content=\"default-src .none.;" page.html &&
	! grep -i "https\?:" page.html &&
	! grep -i "<link\| src=\"\|@import\|url(" page.html
'

test_expect_success 'strings from the dumps are escaped in HTML and Markdown' '
	mkdir -p e/v1.0.0/x86_64 e/v1.1.0/x86_64 &&
	sed "s/ne2000/<script>alert(1)<\/script>\&amp;/; s/\"ne2k_isa\"/\"ne2k<i>isa\"/" \
		"$RELEASE_DUMPS/small/old.json" >e/v1.0.0/x86_64/pc.json &&
	sed "s/ne2000/<script>alert(1)<\/script>\&amp;/; s/\"ne2k_isa\"/\"ne2k<i>isa\"/" \
		"$RELEASE_DUMPS/small/new.json" >e/v1.1.0/x86_64/pc.json &&
	grep "<script>alert" e/v1.0.0/x86_64/pc.json &&
	test_exit 1 vmstate-gate matrix --dumps e >page.html &&
	grep "&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;/imr" page.html &&
	grep "ne2k&lt;i&gt;isa" page.html &&
	! grep "<script>alert\|<i>isa" page.html &&
	test_exit 1 vmstate-gate matrix --dumps e --format md >out.md &&
	grep "\`<script>alert(1)</script>&amp;/imr\`" out.md
'

test_expect_success 'an empty dumps directory is an input error, never an empty green page' '
	mkdir empty &&
	test_exit 2 vmstate-gate matrix --dumps empty -o page.html 2>err &&
	grep "empty: no release dumps (VERSION/TARGET/MACHINE.json) found" err &&
	test ! -e page.html &&
	mkdir -p notes/README.d &&
	test_exit 2 vmstate-gate matrix --dumps notes 2>err &&
	grep "no release dumps" err
'

test_expect_success 'one release, or no machine type in two releases, compares nothing: exit 2' '
	mkdir -p one/v9.0.0/m68k &&
	cp "$RELEASE_DUMPS/v9.0.0/m68k/q800.json" one/v9.0.0/m68k/ &&
	test_exit 2 vmstate-gate matrix --dumps one 2>err &&
	grep "no two releases of one series" err &&
	mkdir -p two/v9.1.0/m68k &&
	cp "$RELEASE_DUMPS/v9.0.0/m68k/q800.json" two/v9.1.0/m68k/virt.json &&
	cp -R one/v9.0.0 two/ &&
	test_exit 2 vmstate-gate matrix --dumps two 2>err &&
	grep "no machine type has a dump in two paired releases" err
'

test_expect_success 'a bad dump is an input error naming the file' '
	small_tree d &&
	printf "{ \"x\": [1, 2\n" >d/v9.1.0/m68k/q800.json &&
	test_exit 2 vmstate-gate matrix --dumps d 2>err &&
	grep "d/v9.1.0/m68k/q800.json:2:1: error" err &&
	echo "{}" >d/v9.1.0/m68k/q800.json &&
	test_exit 2 vmstate-gate matrix --dumps d 2>err &&
	grep "d/v9.1.0/m68k/q800.json:1: error: not a -dump-vmstate file" err
'

test_expect_success 'a dumps directory that does not exist is exit 2' '
	test_exit 2 vmstate-gate matrix --dumps nowhere 2>err &&
	grep "nowhere: cannot read the directory" err
'

test_expect_success 'usage errors: no source, both sources, an unknown format, an operand' '
	test_exit 2 vmstate-gate matrix 2>err &&
	grep "needs --dumps DIR or --ref-prefix PREFIX" err &&
	test_exit 2 vmstate-gate matrix --dumps a --ref-prefix refs/x/ 2>err &&
	grep "exclude each other" err &&
	test_exit 2 vmstate-gate matrix --dumps a --format pdf 2>err &&
	grep "unknown format .pdf. (html, md or json)" err &&
	test_exit 2 vmstate-gate matrix --dumps a extra 2>err &&
	grep "takes no arguments" err &&
	test_exit 2 vmstate-gate matrix --dumps "$DATA/dumps" -o no/such/dir/page.html 2>err &&
	grep "no/such/dir/page.html: cannot write" err
'

# refs/vmstate-dumps/VERSION: a commit whose tree is TARGET/MACHINE.json and a manifest.
publish() { # publish REPO DIR VERSION
	GIT_INDEX_FILE=$PWD/index.$3 git -C "$1/$3" --git-dir="$PWD/$2/.git" --work-tree=. add -A . &&
	tree=$(GIT_INDEX_FILE=$PWD/index.$3 git --git-dir="$PWD/$2/.git" write-tree) &&
	commit=$(git --git-dir="$PWD/$2/.git" commit-tree -m "dumps $3" "$tree") &&
	git --git-dir="$PWD/$2/.git" update-ref "refs/vmstate-dumps/$3" "$commit"
}

test_expect_success '--ref-prefix reads published refs: the same matrix as the directory' '
	small_tree d &&
	echo manifest >d/v9.0.0/MANIFEST && echo manifest >d/v9.1.0/MANIFEST &&
	echo manifest >d/v9.2.0/MANIFEST &&
	git init -q repo &&
	git -C repo commit -q --allow-empty -m init &&
	publish d repo v9.0.0 && publish d repo v9.1.0 && publish d repo v9.2.0 &&
	git -C repo for-each-ref >refs.before &&
	(cd repo && vmstate-gate matrix --ref-prefix refs/vmstate-dumps/ --format json) >refs.json &&
	rm d/*/MANIFEST &&
	vmstate-gate matrix --dumps d --format json >dir.json &&
	grep -v "\"source\":\|\"dump\":" refs.json >a &&
	grep -v "\"source\":\|\"dump\":" dir.json >b &&
	test_cmp b a &&
	grep "\"source\":	\"refs/vmstate-dumps/\"" refs.json &&
	git -C repo for-each-ref >refs.after &&
	test_cmp refs.before refs.after &&
	git -C repo status --porcelain >st && test ! -s st
'

test_expect_success '--ref-prefix: a bad blob is named by ref and path; no refs is exit 2' '
	small_tree d &&
	echo "[" >d/v9.1.0/m68k/virt-9.1.json &&
	git init -q repo &&
	publish d repo v9.0.0 && publish d repo v9.1.0 && publish d repo v9.2.0 &&
	(cd repo && test_exit 2 vmstate-gate matrix --ref-prefix refs/vmstate-dumps 2>../err) &&
	grep "refs/vmstate-dumps/v9.1.0:m68k/virt-9.1.json:2:1: error" err &&
	(cd repo && test_exit 2 vmstate-gate matrix --ref-prefix refs/nothing/ 2>../err) &&
	grep "refs/nothing/: no release dumps" err
'

test_expect_success 'matrix --help names every option and the exit codes' '
	vmstate-gate matrix --help >help &&
	grep -- "--dumps DIR" help && grep -- "--ref-prefix PREFIX" help &&
	grep -- "--format FMT" help && grep -- "-o, --output FILE" help &&
	grep "1 some cell is red" help &&
	vmstate-gate --help >main && grep "^   matrix " main
'

test_done
