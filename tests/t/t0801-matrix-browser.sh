#!/bin/sh
# The matrix page in a real browser: Debian's Chromium, headless (installed
# by tools/deps.sh). Checks structure, not pixels: the DOM after the page's
# own script ran, the grid, a known red cell, the filters, a screenshot.
. "$(dirname "$0")/lib.sh"

# chromium_run OUT-OPTION URL: one headless run, no network, its own profile.
chromium_run() {
	rm -rf "$TRASH/profile" &&
	mkdir -p "$TRASH/profile" &&
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$TRASH/profile" "$@" 2>"$TRASH/chromium.err"
}

if ! command -v chromium >/dev/null 2>&1; then
	test_skip 'the matrix page in headless Chromium' 'no chromium; make check installs it'
	test_done
	exit 0
fi

test_expect_success 'Chromium renders the page: the grid, its rows, and the script ran' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps -o "$TRASH/page.html") &&
	chromium_run --dump-dom "file://$TRASH/page.html" >dom.html &&
	grep "<table class=\"grid\" id=\"grid\">" dom.html &&
	grep -c "<tr data-row=" dom.html >rows && test "$(cat rows)" = 15 &&
	grep "<tr data-row=\"m68k/q800\"><th class=\"row\" scope=\"row\">m68k/q800</th>" dom.html &&
	grep "<span id=\"f-count\">38 of 38 cells with breaks shown</span>" dom.html
'

test_expect_success 'the known red cell: m68k/q800 v8.2.0 -> v9.0.0, esp/pdma removed' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps -o "$TRASH/page.html") &&
	chromium_run --dump-dom "file://$TRASH/page.html" >dom.html &&
	grep -o "<td id=\"cell-[0-9]*-[0-9]*\" class=\"cell red\" data-state=\"red\" data-row=\"m68k/q800\" data-src=\"v8.2.0\" data-dst=\"v9.0.0\" data-dir=\"forward\"[^>]*><a href=\"#d-[0-9-]*\">E3 W1</a>" dom.html >cell &&
	sed -n "s/.*href=\"#\(d-[0-9-]*\)\".*/\1/p" cell >id &&
	test -s id &&
	sed -n "/<article class=\"detail red\" id=\"$(cat id)\"/,/<\/article>/p" dom.html >detail &&
	grep "m68k/q800 · v8.2.0 → v9.0.0" detail &&
	grep "<code>esp/pdma</code></td><td><span class=\"sev\">error</span><br>subsection-removed</td>" detail &&
	grep "the destination does not know it" detail
'

test_expect_success 'the filters: ?machine=q800 hides the other rows, ?device=esp the other breaks' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps -o "$TRASH/page.html") &&
	chromium_run --dump-dom "file://$TRASH/page.html?machine=q800&device=esp" >dom.html &&
	grep "<tr data-row=\"m68k/q800\"><th" dom.html &&
	grep "<tr data-row=\"x86_64/pc-q35-8.2\" hidden=\"\">" dom.html &&
	! grep "<tr data-row=\"m68k/virt-8.2\"><th" dom.html &&
	grep -o "<span id=\"f-count\">[0-9]* of 38 cells" dom.html >count &&
	grep "\"f-count\">[1-9][0-9]* of 38" count &&
	! grep "\"f-count\">38 of 38" count &&
	grep "class=\"cell red dim\"" dom.html
'

test_expect_success 'a screenshot of the page is a PNG of the asked size' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps -o "$TRASH/page.html") &&
	chromium_run --screenshot="$TRASH/shot.png" --window-size=1700,1100 \
		"file://$TRASH/page.html" &&
	od -An -tx1 -N8 shot.png | tr -d " \n" >magic &&
	test "$(cat magic)" = 89504e470d0a1a0a &&
	od -An -tu1 -j16 -N8 shot.png | tr -s " " >size &&
	test "$(cat size)" = " 0 0 6 164 0 0 4 76"
'

test_expect_success 'the page prints: Chromium makes a PDF of it' '
	(cd "$DATA" && test_exit 1 vmstate-gate matrix --dumps dumps -o "$TRASH/page.html") &&
	chromium_run --print-to-pdf="$TRASH/page.pdf" --no-pdf-header-footer \
		"file://$TRASH/page.html" &&
	head -c 5 page.pdf >magic &&
	test "$(cat magic)" = "%PDF-" &&
	grep -a -o "/Type */Page" page.pdf | wc -l >objects &&
	grep -a -o "/Type */Pages" page.pdf | wc -l >trees &&
	test $(($(cat objects) - $(cat trees))) -gt 1
'

test_done
