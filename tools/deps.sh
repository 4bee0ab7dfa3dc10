#!/bin/sh
# Install the Debian packages that building, testing and benchmarking need,
# when they are missing. Needs root (or sudo) only if something is missing.
set -e

PKGS="gcc make pkg-config git libgit2-dev libcjson-dev libpcre2-dev libcmocka-dev
qemu-system-x86 valgrind time hyperfine man-db binutils libasan8 libubsan1 libtsan2 chromium"

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "installing missing Debian packages:$missing" >&2
SUDO=
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "error: not root; install:$missing" >&2
		exit 2
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
