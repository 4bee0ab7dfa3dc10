# Helpers of the migrate suites (t07xx): Debian's real QEMU, and wrapper
# scripts around it that stand in for a changed build.
QEMU=${QEMU:-$(command -v qemu-system-x86_64 || echo /usr/bin/qemu-system-x86_64)}
export QEMU

# write_wrapper FILE MODE [PROP]: a "QEMU" that runs the real one, but
#   drop      without the -device it is given (a build that lost the device)
#   prop      with PROP added to its -device (a build whose device sends more)
#   drop-in   the same, only when started with -incoming (fails its own control)
#   hang      never answers: sleeps (through ./sleeper, so that pgrep finds it)
#   garbage   no QEMU: greets on its QMP socket, then sends malformed JSON
write_wrapper() {
	case $2 in
	garbage)
		cat >"$1" <<'WRAPPER'
#!/usr/bin/env python3
import socket, sys, time
path = sys.argv[sys.argv.index("-qmp") + 1][len("unix:"):].split(",")[0]
s = socket.socket(socket.AF_UNIX)
s.bind(path)
s.listen(1)
c, _ = s.accept()
c.sendall(b'{"QMP": {"version": {}, "capabilities": []}}\n')
c.recv(1000)
c.sendall(b'{"return": {}} {"nonsense\n' + b"x" * 100000)
time.sleep(300)
WRAPPER
		;;
	hang)
		ln -sf "$(command -v sleep)" "$(dirname "$1")/sleeper" &&
		printf '#!/bin/sh\n"%s/sleeper" 300\n' "$(cd "$(dirname "$1")" && pwd)" >"$1" ;;
	prop)
		cat >"$1" <<WRAPPER
#!/bin/sh
next=
for a in "\$@"; do
	shift
	if [ -n "\$next" ]; then a="\$a,$3"; next=; fi
	[ "\$a" = -device ] && next=1
	set -- "\$@" "\$a"
done
exec "$QEMU" "\$@"
WRAPPER
		;;
	*)
		cat >"$1" <<WRAPPER
#!/bin/sh
mode=$2
case " \$* " in *" -incoming "*) ;; *) [ \$mode = drop-in ] && exec "$QEMU" "\$@" ;; esac
skip=
for a in "\$@"; do
	shift
	if [ -n "\$skip" ]; then skip=; continue; fi
	if [ "\$a" = -device ]; then skip=1; continue; fi
	set -- "\$@" "\$a"
done
exec "$QEMU" "\$@"
WRAPPER
	esac &&
	chmod +x "$1"
}
