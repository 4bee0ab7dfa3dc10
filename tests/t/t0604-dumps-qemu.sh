#!/bin/sh
# End to end with Debian's real qemu-system-x86_64: dump every machine
# type it has (-j2), publish the set, fetch it into a clone, and gate a
# commit against the fetched set.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

QEMU=/usr/bin/qemu-system-x86_64

if [ ! -x "$QEMU" ]; then
	test_skip 'dumps of the real QEMU' "$QEMU is not installed"
	test_done
	exit
fi

# One set of every machine type, made once for the whole file (some 3 s).
make_qemu_repo "$HOME/origin"
(cd "$HOME/origin" && "$VG" dumps make --qemu "$QEMU" --machines all -j2 \
	>"$HOME/set-path" 2>"$HOME/make.err")
made=$?

test_expect_success 'every machine type of -machine help but aliases is dumped, each whole' '
	test $made -eq 0 &&
	set=$(cat "$HOME/set-path") &&
	"$QEMU" -machine help | sed 1d | grep -v "(alias of" | awk "{ print \$1 }" | sort >want &&
	ls "$set/x86_64" | sed "s/\.json\$//" | sort >got &&
	test_cmp want got &&
	test $(wc -l <got) -gt 20 &&
	for m in $(cat got); do
		"$VG" compare "$set/x86_64/$m.json" "$set/x86_64/$m.json" >/dev/null ||
			{ echo "$m: not a dump"; exit 1; }
	done &&
	grep "\"version\":.*QEMU emulator version 7.2" "$set/manifest.json" &&
	grep "\"e1000\"" "$set/manifest.json"
'

test_expect_success 'publish, push to a bare server, fetch into a clone' '
	(cd "$HOME/origin" && "$VG" dumps publish 1.0 >/dev/null) &&
	git init -q --bare server.git &&
	git -C "$HOME/origin" push -q "$PWD/server.git" main v1.0.0 \
		"refs/vmstate-dumps/*:refs/vmstate-dumps/*" &&
	git clone -q server.git clone &&
	(cd clone && "$VG" dumps fetch >../out) &&
	grep "^refs/vmstate-dumps/1.0  x86_64 ([0-9]* machine types)  QEMU emulator version 7.2" out &&
	git -C clone show refs/vmstate-dumps/1.0:x86_64/pc-q35-7.2.json >q35 &&
	cmp q35 "$(cat "$HOME/set-path")/x86_64/pc-q35-7.2.json"
'

test_expect_success 'a commit gated against the fetched set and the build'"'"'s dumps' '
	git init -q --bare server.git &&
	git -C "$HOME/origin" push -q "$PWD/server.git" main v1.0.0 \
		"refs/vmstate-dumps/*:refs/vmstate-dumps/*" &&
	git clone -q server.git clone &&
	(cd clone && "$VG" dumps fetch >/dev/null) &&
	mkdir clone/build && ln -s "$QEMU" clone/build/qemu-system-x86_64 &&
	echo /build/ >clone/.git/info/exclude &&
	git -C clone config vmstate-gate.buildDir build &&
	git -C clone config vmstate-gate.dumps always &&
	echo "/* x */" >>clone/hw/misc/plain.c &&
	git -C clone commit -q -a -m "plain: comment" &&
	"$VG" -C clone check >out 2>err &&
	grep "dumps: [0-9]* machine types compared (the build of HEAD against refs/vmstate-dumps/1.0), 0 findings only the dumps show" err &&
	grep " 0 errors" out &&
	foo_remove_count clone &&
	git -C clone commit -q -a -m "foo: drop count" &&
	test_exit 1 "$VG" -C clone check >out 2>err &&
	grep "hw/misc/foo.c:[0-9]*: .*ERROR: .*\[field-removed\]" out &&
	grep "dumps: [0-9]* machine types compared" err
'

test_done
