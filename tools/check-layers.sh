#!/bin/sh
# Keep the layers of src/ pointing down (doc/HACKING.md draws them): a file
# of src/LAYER/ may include headers of LAYER itself and of the layers listed
# for it below, nothing above; <git2.h> only in src/git/repo.c.  Prints each
# offending include as FILE:LINE and exits 1.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2

allowed() { # $1 = layer: the layers it may include, besides itself
	case $1 in
	core)    echo "" ;;
	dump)    echo "core" ;;
	scan)    echo "core" ;;
	mail)    echo "core" ;;
	report)  echo "core" ;;
	compare) echo "core dump scan" ;;
	git)     echo "core dump scan compare report" ;;
	dumps)   echo "core dump compare git report" ;;
	migrate) echo "core dump compare report" ;;
	matrix)  echo "core dump compare report git dumps" ;;
	cli)     echo "core dump scan mail report compare git dumps migrate matrix" ;;
	*)       echo "?" ;;
	esac
}

bad=0
for f in src/*/*.[ch]; do
	layer=${f#src/}
	layer=${layer%%/*}
	ok=$(allowed "$layer")
	if [ "$ok" = "?" ]; then
		echo "$f: layer '$layer' is not in tools/check-layers.sh" >&2
		bad=1
		continue
	fi
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
	while IFS=: read -r line text; do
		inc=$(printf '%s\n' "$text" | sed 's/.*"\(.*\)".*/\1/')
		case $inc in
		*/*) to=${inc%%/*} ;;
		*) echo "$f:$line: include \"$inc\" without its layer folder" ; continue ;;
		esac
		[ "$to" = "$layer" ] && continue
		case " $ok " in
		*" $to "*) ;;
		*) echo "$f:$line: layer $layer must not include $inc (layer $to)" ;;
		esac
	done
done >"${TMPDIR:-/tmp}/vg-layers.$$"
grep -ln '#[[:space:]]*include[[:space:]]*<git2' src/*/*.[ch] src/*.c 2>/dev/null |
	grep -v '^src/git/repo\.c$' | sed 's/$/: only src\/git\/repo.c may include <git2.h>/' \
	>>"${TMPDIR:-/tmp}/vg-layers.$$"
if [ -s "${TMPDIR:-/tmp}/vg-layers.$$" ] || [ $bad -ne 0 ]; then
	cat "${TMPDIR:-/tmp}/vg-layers.$$" >&2
	rm -f "${TMPDIR:-/tmp}/vg-layers.$$"
	echo "layers: includes point up (tools/check-layers.sh)" >&2
	exit 1
fi
rm -f "${TMPDIR:-/tmp}/vg-layers.$$"
echo "layers: every include points down"
