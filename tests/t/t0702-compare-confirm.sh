#!/bin/sh
# compare --confirm: the devices behind error findings migrated between
# two real binaries (Debian's QEMU, and a wrapper that lost the device).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-migrate.sh"

# Two dumps of Debian's QEMU, NEW with one field of mc146818rtc (a device
# a user can add) and of ICH9-LPC (one a user cannot) one byte larger.
dumps() {
	"$QEMU" -M pc-q35-7.2 -nodefaults -display none -dump-vmstate old.json </dev/null &&
	python3 -c "
import json
d = json.load(open(\"old.json\"))
for k in (\"mc146818rtc\", \"ICH9-LPC\"):
    for f in d[k][\"Description\"][\"Fields\"]:
        if \"Description\" not in f:
            f[\"size\"] += 1
            break
json.dump(d, open(\"new.json\", \"w\"), indent=2)
"
}

test_expect_success 'a break the migration shows: confirmed, with QEMU message (text, exit 1)' '
	dumps &&
	write_wrapper ./dropping-qemu drop &&
	test_exit 1 "$VG" compare --confirm --src-qemu "$QEMU" --dst-qemu ./dropping-qemu \
		old.json new.json >out 2>err &&
	grep "^mc146818rtc/cmos_data: ERROR: .*\[field-size-changed\] (confirmed by a migration: Unknown savevm section or instance .mc146818rtc. 1\..*load of migration failed: Invalid argument)$" out &&
	grep "^ICH9-LPC: ICH9LPC/chip_config: ERROR: .*(not tested by a migration: not testable: not a device a user can create: Parameter .driver. expects a pluggable device type)$" out &&
	grep "^mc146818rtc  *mc146818rtc  *pass  *FAIL  *3/3" err &&
	grep "^2 devices: 0 passed, 1 failed, 0 unmigratable, 1 not testable$" err
'

test_expect_success 'a migration that passes is shown, and the static error stays (JSON, SARIF)' '
	dumps &&
	test_exit 1 "$VG" compare --confirm --src-qemu "$QEMU" --dst-qemu "$QEMU" -j2 \
		old.json new.json --format json >out.json &&
	python3 -c "
import json
fs = {f[\"section\"]: f for f in json.load(open(\"out.json\"))[\"findings\"]}
rtc, lpc = fs[\"mc146818rtc\"], fs[\"ICH9-LPC\"]
assert rtc[\"severity\"] == \"error\" and rtc[\"confirmed\"] is False, rtc
assert rtc[\"confirmation\"] == \"not reproduced\", rtc
assert rtc[\"confirm_message\"] == \"the migration passed\", rtc
assert lpc[\"confirmed\"] is False and lpc[\"confirmation\"] == \"not tested\", lpc
" &&
	write_wrapper ./dropping-qemu drop &&
	test_exit 1 "$VG" compare --confirm --src-qemu "$QEMU" --dst-qemu ./dropping-qemu \
		--repeat 1 old.json new.json --format sarif >out.sarif &&
	python3 -c "
import json
rs = json.load(open(\"out.sarif\"))[\"runs\"][0][\"results\"]
p = [r[\"properties\"] for r in rs if r[\"properties\"][\"section\"] == \"mc146818rtc\"][0]
assert p[\"confirmed\"] is True and \"Unknown savevm section\" in p[\"confirm_message\"], p
"
'

test_expect_success 'without --confirm nothing is migrated; its options need each other' '
	dumps &&
	test_exit 1 "$VG" compare old.json new.json >out &&
	! grep "by a migration" out &&
	test_exit 2 "$VG" compare --confirm old.json new.json 2>err &&
	grep "needs --src-qemu and --dst-qemu" err &&
	test_exit 2 "$VG" compare --src-qemu "$QEMU" old.json new.json 2>err &&
	grep "go with --confirm" err
'

test_done
