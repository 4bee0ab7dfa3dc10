#!/bin/sh
# make bench, migrate part: `vmstate-gate migrate --all-devices` on pc-q35
# with Debian's QEMU migrating to itself, -j2: wall time, and how many
# devices were tested, passed, unmigratable and not testable.
#
#   sh bench/migrate.sh [BUILD_DIR]
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in
/*) bdir=$build ;;
*) bdir=$top/$build ;;
esac
vg=$bdir/vmstate-gate
qemu=${QEMU:-$(command -v qemu-system-x86_64 || echo /usr/bin/qemu-system-x86_64)}
machine=${MACHINE:-pc-q35-7.2}

if [ ! -x "$vg" ]; then
	echo "migrate: no $vg; run 'make BUILD=$build' first" >&2
	exit 2
fi
if [ ! -x "$qemu" ]; then
	echo "migrate: no QEMU at $qemu (make check installs Debian's)" >&2
	exit 2
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
echo "migrate: $("$qemu" --version | head -1), machine $machine, --all-devices -j2, TCG"
start=$(date +%s.%N)
"$vg" migrate --src "$qemu" --dst "$qemu" -M "$machine" --all-devices -j2 -q \
	--format json >"$tmp/out.json"
rc=$?
end=$(date +%s.%N)
echo "exit status $rc, wall time $(awk "BEGIN { printf \"%.1f\", $end - $start }") s"
python3 - "$tmp/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
tested = s["passed"] + s["failed"]
print("devices: %d user-creatable; %d tested (%d passed, %d failed), %d unmigratable, "
      "%d not testable" % (s["devices"], tested, s["passed"], s["failed"],
                           s["unmigratable"], s["not_testable"]))
un = [x for x in d["devices"] if x["result"] == "unmigratable"]
for x in un[:10]:
    print("  unmigratable: %s: %s" % (x["device"], x["message"]))
PY
