# Helpers for the dump suites (tests/t/t06*.sh): a stand-in qemu-system-*
# that answers --version, -machine help and -device help and "dumps" by
# copying chosen real dumps from tests/data/dumps, logging each dump it
# makes; it crashes, fails or hangs on the machine types named in
# FAKE_CRASH, FAKE_FAIL or FAKE_HANG (space-separated).

# make_fake_qemu DIR TARGET DUMPDIR [VERSION]: DIR/qemu-system-TARGET,
# whose machine types are DUMPDIR's *.json plus an alias "pc" of the first;
# DIR/log-TARGET lists the machine types it dumped, one a line.
make_fake_qemu() {
	mkdir -p "$1/dumps-$2" &&
	cp "$3"/*.json "$1/dumps-$2/" &&
	{
		echo "Supported machines are:" &&
		first=$(ls "$3" | sed -n '1s/\.json$//p') &&
		printf '%-20s %s\n' pc "Standard PC (alias of $first)" &&
		for f in "$3"/*.json; do
			printf '%-20s %s\n' "$(basename "$f" .json)" "A machine"
		done
	} >"$1/machines-$2" &&
	printf '%s\n' "Network devices:" \
		'name "e1000", bus PCI, desc "Intel Gigabit Ethernet"' \
		'name "ne2k_isa", bus ISA' "" "Storage devices:" \
		'name "ich9-ahci", bus PCI, alias "ahci"' >"$1/devices-$2" &&
	cat >"$1/qemu-system-$2" <<-SCRIPT &&
	#!/bin/sh
	# Stand-in for qemu-system-$2 (tests/t/lib-dumps.sh).
	here=\$(dirname "\$(readlink -f "\$0")")
	case "\$1" in
	--version) echo "QEMU emulator version ${4:-9.0.50} (stand-in)"; exit 0 ;;
	-machine) cat "\$here/machines-$2"; exit 0 ;;
	-device) cat "\$here/devices-$2"; exit 0 ;;
	-M) m=\$2 ;;
	*) echo "stand-in: unexpected arguments: \$*" >&2; exit 1 ;;
	esac
	[ "\$3 \$4 \$5 \$6" = "-nodefaults -display none -dump-vmstate" ] ||
		{ echo "stand-in: unexpected arguments: \$*" >&2; exit 1; }
	echo "\$m" >>"\$here/log-$2"
	case " \${FAKE_CRASH-} " in *" \$m "*)
		echo "qemu-system-$2: crashing on purpose" >&2; kill -SEGV \$\$ ;; esac
	case " \${FAKE_FAIL-} " in *" \$m "*)
		echo "qemu-system-$2: -M \$m: unsupported machine type" >&2; exit 1 ;; esac
	case " \${FAKE_HANG-} " in *" \$m "*)
		sleep 1000 & echo \$! >"\$here/hang.pid"; echo \$\$ >"\$here/hang-shell.pid"; wait; exit 0 ;; esac
	if [ -n "\${FAKE_SLOW-}" ]; then sleep "\$FAKE_SLOW"; fi
	cp "\$here/dumps-$2/\$m.json" "\$7"
	SCRIPT
	chmod +x "$1/qemu-system-$2"
}

# gone PIDFILE: the process it names is gone (waits up to 5 s for the
# kernel to finish with a killed grandchild, reparented to init).
gone() {
	pid=$(cat "$1") &&
	i=0 &&
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done &&
	! kill -0 "$pid" 2>/dev/null
}

# A git repository with one commit, for the cache (in DIR).
make_repo() {
	git init -q "$1" &&
	echo one >"$1/file" &&
	git -C "$1" add file &&
	git -C "$1" commit -q -m one
}

GIT_CEILING_DIRECTORIES=$HOME
export GIT_CEILING_DIRECTORIES

# gen_dump MACHINE [count=no] [barsize=N] [baz=no]: a small dump in QEMU's
# -dump-vmstate format for the gate suites, matching tests/data/qemu-mini's
# foo device (section foo: ctrl, status, regs[4], count, irq_pending and
# the foo/fifo subsection), plus a device bar (field x, N bytes, default
# 4) and a device baz that only the dumps know.
gen_dump() {
	m=$1; shift
	count=yes barsize=4 baz=yes
	for a in "$@"; do eval "$a"; done
	field() { printf '        { "field": "%s", "version_id": 0, "field_exists": false, "size": %s%s }' "$1" "$2" "${3:+, \"num\": $3}"; }
	printf '{\n  "vmschkmachine": { "Name": "%s" },\n' "$m"
	printf '  "foo": { "Name": "foo", "version_id": 1, "minimum_version_id": 1,\n'
	printf '    "Description": { "name": "foo", "version_id": 1, "minimum_version_id": 1,\n'
	printf '      "Fields": [\n'
	field ctrl 4; echo ,
	field status 4; echo ,
	field regs 4 4; echo ,
	if [ "$count" = yes ]; then field count 2; echo ,; fi
	field irq_pending 1; echo
	printf '      ],\n      "Subsections": [ { "name": "foo/fifo", "version_id": 1, "minimum_version_id": 1,\n'
	printf '        "Fields": [\n'
	field fifo 1 16; echo ,
	field fifo_len 4; echo
	printf '        ] } ] } },\n'
	printf '  "bar": { "Name": "bar", "version_id": 1, "minimum_version_id": 1,\n'
	printf '    "Description": { "name": "bar", "version_id": 1, "minimum_version_id": 1,\n'
	printf '      "Fields": [\n'
	field x "$barsize"; echo
	printf '      ] } }'
	if [ "$baz" = yes ]; then
		printf ',\n  "baz-dev": { "Name": "baz-dev", "version_id": 1, "minimum_version_id": 1,\n'
		printf '    "Description": { "name": "baz", "version_id": 1, "minimum_version_id": 1,\n'
		printf '      "Fields": [\n'
		field y 4; echo
		printf '      ] } }'
	fi
	printf '\n}\n'
}

# setup_gate DIR (needs lib-gate.sh): a QEMU-style repository (v1.0.0, then 1.0.50) with the
# v1.0.0 dumps published as refs/vmstate-dumps/1.0, a build directory
# build/ holding a stand-in qemu-system-x86_64 (machine types pc-q35-1.0,
# pc-i440fx-1.0), and a build command that copies DIR.next/ into its
# dumps (touching the binary only when they change, as make would).
# DIR.log gets a line per build.
setup_gate() {
	make_qemu_repo "$1" &&
	mkdir -p "$1.base" "$1.next" &&
	for m in pc-q35-1.0 pc-i440fx-1.0; do
		gen_dump $m >"$1.base/$m.json" && cp "$1.base/$m.json" "$1.next/"
	done &&
	make_fake_qemu "$1/build" x86_64 "$1.base" 1.0.50 &&
	echo /build/ >"$1/.git/info/exclude" &&
	"$VG" dumps make --qemu "$1/build/qemu-system-x86_64" -o "$PWD/$1.baseset" 2>/dev/null >/dev/null &&
	(cd "$1" && "$VG" dumps publish --from "$PWD/../$1.baseset" 1.0 >/dev/null) &&
	cat >"$1.build.sh" <<-EOF &&
	echo built >>"$PWD/$1.log"
	if ! diff -r "$PWD/$1.next" build/dumps-x86_64 >/dev/null; then
		cp "$PWD/$1.next"/*.json build/dumps-x86_64/ && touch build/qemu-system-x86_64
	fi
	EOF
	git -C "$1" config vmstate-gate.buildDir build &&
	git -C "$1" config vmstate-gate.buildCommand "sh $PWD/$1.build.sh"
}
