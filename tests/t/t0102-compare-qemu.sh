#!/bin/sh
# compare against a real QEMU: Debian's qemu-system-x86_64 (7.2, no "num"),
# installed by make check (tools/deps.sh). Missing QEMU is a failure.
. "$(dirname "$0")/lib.sh"

QEMU=${QEMU:-qemu-system-x86_64}

test_expect_success 'qemu-system-x86_64 is installed (make check installs it)' '
	command -v "$QEMU"
'

dump() {
	"$QEMU" -M pc-q35-7.2 -nodefaults -display none -dump-vmstate "$1" </dev/null
}

test_expect_success 'a live -dump-vmstate compared with itself: exit 0, nothing reported' '
	dump live.json &&
	test -s live.json &&
	"$VG" compare -v live.json live.json >out &&
	grep "^[0-9][0-9]* sections compared, 0 errors, 0 warnings$" out &&
	test $(wc -l <out) = 1
'

test_expect_success 'the same dump with one field size changed: exit 1, field-size-changed' '
	dump live.json &&
	python3 -c "
import json
d = json.load(open(\"live.json\"))
for f in d[\"mc146818rtc\"][\"Description\"][\"Fields\"]:
    if f[\"field\"] == \"cmos_index\":
        f[\"size\"] = 2
json.dump(d, open(\"changed.json\", \"w\"), indent=2)
" &&
	test_exit 1 "$VG" compare live.json changed.json >out &&
	grep "^mc146818rtc/cmos_index: ERROR: .cmos_index. changed size from 1 byte to 2 bytes.*\[field-size-changed\]" out &&
	grep " 1 errors, 0 warnings$" out
'

test_expect_success 'the static checker command line works on live dumps' '
	dump live.json &&
	"$VG" compare -s live.json -d live.json >out &&
	"$VG" compare --reverse --src live.json --dest live.json >out
'

test_done
