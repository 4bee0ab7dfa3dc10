#!/bin/sh
# migrate: real migrations with Debian's qemu-system-x86_64 (installed by
# make check), device by device; failures made with the real QEMU.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-migrate.sh"

test_expect_success 'qemu-system-x86_64 is installed (make check installs it)' '
	test -x "$QEMU"
'

test_expect_success 'same binary: three devices migrate and pass (-j2), exit 0' '
	"$VG" migrate --src "$QEMU" --dst "$QEMU" -M q35 -j2 -q \
		--device e1000 --device virtio-rng-pci --device i6300esb >out &&
	grep "^e1000  *-  *same binary  *pass  *0/1  *-$" out &&
	grep "^virtio-rng-pci  *-  *same binary  *pass  *0/1  *-$" out &&
	grep "^i6300esb  *-  *same binary  *pass  *0/1  *-$" out &&
	grep "^3 devices: 3 passed, 0 failed, 0 unmigratable, 0 not testable$" out
'

test_expect_success 'JSON and JUnit views of the same run' '
	"$VG" migrate --src "$QEMU" --dst "$QEMU" -M q35 -q --device e1000 \
		--format json >out.json &&
	python3 -c "
import json, sys
d = json.load(open(\"out.json\"))
assert d[\"command\"] == \"migrate\" and d[\"machine\"] == \"q35\", d
dev = d[\"devices\"][0]
assert dev[\"device\"] == \"e1000\" and dev[\"result\"] == \"pass\", dev
assert dev[\"runs\"] == 1 and dev[\"runs_failed\"] == 0, dev
assert d[\"summary\"][\"passed\"] == 1, d
" &&
	"$VG" migrate --src "$QEMU" --dst "$QEMU" -M q35 -q --device e1000 \
		--format junit >out.xml &&
	python3 -c "
import xml.etree.ElementTree as ET
s = ET.parse(\"out.xml\").getroot().find(\"testsuite\")
assert s.get(\"tests\") == \"1\" and s.get(\"failures\") == \"0\", s.attrib
assert s.find(\"testcase\").get(\"name\") == \"e1000\"
"
'

test_expect_success 'a destination without the device: FAIL with QEMU message, 3 of 3 runs' '
	write_wrapper ./dropping-qemu drop &&
	test_exit 1 "$VG" migrate --src "$QEMU" --dst ./dropping-qemu -M q35 -q \
		--device i6300esb --device e1000 -j2 >out &&
	grep "^i6300esb  *-  *pass  *FAIL  *3/3  *Unknown savevm section or instance .0000:00:01.0/i6300esb_wdt. 0\..*load of migration failed: Invalid argument$" out &&
	grep "^e1000  *-  *pass  *FAIL  *3/3  *Unknown ramblock \"0000:00:01.0/e1000.rom\", cannot accept migration" out &&
	grep "^2 devices: 0 passed, 2 failed" out
'

test_expect_success 'a property that changes what the device sends: Missing section footer' '
	write_wrapper ./more-ports-qemu prop p2=8 &&
	test_exit 1 "$VG" migrate --src "$QEMU" --dst ./more-ports-qemu -M q35 -q \
		--device qemu-xhci --repeat 1 >out &&
	grep "^qemu-xhci  *-  *pass  *FAIL  *1/1  *Missing section footer for 0000:00:01.0/xhci; load of migration failed: Invalid argument$" out
'

test_expect_success '--repeat 2 runs a failing pair twice; --reverse turns the direction' '
	write_wrapper ./dropping-qemu drop &&
	test_exit 1 "$VG" migrate --src "$QEMU" --dst ./dropping-qemu -M q35 -q \
		--device i6300esb --repeat 2 --format json >out.json &&
	python3 -c "
import json
dev = json.load(open(\"out.json\"))[\"devices\"][0]
assert dev[\"result\"] == \"fail\" and dev[\"runs\"] == 2 and dev[\"runs_failed\"] == 2, dev
assert \"Unknown savevm section\" in dev[\"message\"], dev
" &&
	"$VG" migrate --src "$QEMU" --dst ./dropping-qemu -M q35 -q --reverse \
		--device i6300esb >out &&
	grep "^./dropping-qemu -> $QEMU, machine q35$" out &&
	grep "^i6300esb  *-  *pass  *pass  *0/1" out
'

test_expect_success 'devices QEMU cannot create alone are not testable: exit 3, never a pass' '
	test_exit 3 "$VG" migrate --src "$QEMU" --dst "$QEMU" -M q35 -q \
		--device nvme --device usb-tablet --device no-such-device >out 2>err &&
	grep "^nvme  *-  *not run  *not testable  *-  *NEW: -device nvme: serial property not set$" out &&
	grep "^usb-tablet .*not testable .*No .usb-bus. bus found for device .usb-tablet.$" out &&
	grep "^no-such-device .*not testable .*is not a valid device model name$" out &&
	grep "nothing was tested, which is not a pass" err &&
	"$VG" migrate --src "$QEMU" --dst "$QEMU" -M q35 -q --device nvme --device e1000 >out &&
	grep "^2 devices: 1 passed, 0 failed, 0 unmigratable, 1 not testable$" out
'

test_expect_success 'a device failing its own control is unmigratable, not a break' '
	write_wrapper ./odd-qemu drop-in &&
	test_exit 3 "$VG" migrate --src "$QEMU" --dst ./odd-qemu -M q35 -q \
		--device i6300esb >out &&
	grep "^i6300esb  *-  *fail  *unmigratable  *-  *NEW -> NEW: Unknown savevm section" out
'

test_expect_success 'usage and input errors exit 2' '
	test_exit 2 "$VG" migrate --dst "$QEMU" -M q35 --device e1000 2>err &&
	grep "needs --src, --dst and -M" err &&
	test_exit 2 "$VG" migrate --src "$QEMU" --dst "$QEMU" -M q35 2>err &&
	grep "needs --device SPEC or --all-devices" err &&
	test_exit 2 "$VG" migrate --src ./nope --dst "$QEMU" -M q35 --device e1000 2>err &&
	grep "not an executable file" err &&
	test_exit 2 "$VG" migrate --src "$QEMU" --dst "$QEMU" -M q35 --device e1000 -j 0 2>err &&
	grep "wants a whole number" err &&
	test_exit 2 "$VG" migrate --src "$QEMU" --dst "$QEMU" -M q35 --device e1000 \
		--timeout soon 2>err &&
	grep "wants seconds" err
'

test_done
