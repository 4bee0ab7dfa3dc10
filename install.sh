#!/bin/sh
# install.sh [--uninstall] [REPO]
#
# Installs vmstate-gate's git hooks (pre-commit, commit-msg, pre-push) into
# the QEMU checkout REPO (default: the current directory). The hooks
# directory is the one git uses: core.hooksPath when set, the common git
# directory's hooks/ for linked worktrees (git rev-parse --git-path hooks).
# A hook already there is kept as HOOK.vmstate-gate-orig and runs first.
# Running it again updates the hooks (idempotent); --uninstall removes
# them and puts the original hooks back.
#
# The hooks run the vmstate-gate program found at install time ($VMSTATE_GATE,
# else the one next to this script, else the one on PATH); when it is gone
# they fall back to PATH.
set -u

usage() {
	echo "usage: install.sh [--uninstall] [REPO]" >&2
	exit 2
}

uninstall=0
repo=.
case $# in
0) ;;
1|2)
	if [ "$1" = --uninstall ]; then
		uninstall=1
		shift
	elif [ "$1" = -h ] || [ "$1" = --help ]; then
		sed -n '2,16s/^# \{0,1\}//p' "$0"
		exit 0
	fi
	[ $# -le 1 ] || usage
	[ $# -eq 0 ] || repo=$1
	case $repo in -*) usage ;; esac
	;;
*) usage ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
hooks="pre-commit commit-msg pre-push"
marker='# vmstate-gate-hook:'
suffix=.vmstate-gate-orig

die() {
	echo "install.sh: error: $*" >&2
	exit 2
}

[ -d "$repo" ] || die "'$repo' is not a directory"
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || die "'$repo' is not a git repository"
dir=$(git -C "$repo" rev-parse --git-path hooks) || die "cannot find the hooks directory of '$repo'"
case $dir in
/*) ;;
*) dir=$(cd "$repo" && pwd)/$dir ;;
esac

is_ours() {
	[ -f "$1" ] && grep -q "^$marker" "$1" 2>/dev/null
}

if [ $uninstall -eq 1 ]; then
	for h in $hooks; do
		target=$dir/$h
		if is_ours "$target"; then
			rm -f "$target"
			if [ -e "$dir/$h$suffix" ] || [ -L "$dir/$h$suffix" ]; then
				mv "$dir/$h$suffix" "$target"
				echo "restored $target"
			else
				echo "removed $target"
			fi
		elif [ -e "$dir/$h$suffix" ]; then
			echo "install.sh: warning: $target is not vmstate-gate's; $h$suffix left as it is" >&2
		fi
	done
	exit 0
fi

vg=${VMSTATE_GATE:-}
if [ -z "$vg" ] && [ -x "$here/vmstate-gate" ]; then
	vg=$here/vmstate-gate           # the source tree, after make
fi
if [ -z "$vg" ] && [ -x "$here/../../bin/vmstate-gate" ]; then
	vg=$(cd "$here/../../bin" && pwd)/vmstate-gate   # PREFIX/share/vmstate-gate/install.sh
fi
[ -n "$vg" ] || vg=$(command -v vmstate-gate 2>/dev/null) || true
[ -n "$vg" ] && [ -x "$vg" ] || die "no vmstate-gate program: run 'make' first, or set VMSTATE_GATE"
case $vg in
/*) ;;
*) vg=$(cd "$(dirname "$vg")" && pwd)/$(basename "$vg") ;;
esac
for h in $hooks; do
	[ -f "$here/hook/$h" ] || die "missing $here/hook/$h"
done

mkdir -p "$dir" || die "cannot create $dir"
# Escape the path for awk's gsub replacement.
rep=$(printf '%s' "$vg" | sed 's/[\\&]/\\\\&/g')
for h in $hooks; do
	target=$dir/$h
	if is_ours "$target"; then
		action=updated
	elif [ -e "$target" ] || [ -L "$target" ]; then
		if [ -e "$dir/$h$suffix" ] || [ -L "$dir/$h$suffix" ]; then
			die "$target exists and so does $h$suffix; move one of them away first"
		fi
		mv "$target" "$dir/$h$suffix" || die "cannot keep $target"
		action="installed (the existing hook is kept as $h$suffix and runs first)"
	else
		action=installed
	fi
	awk -v p="$rep" '{ gsub(/@VMSTATE_GATE@/, p); print }' "$here/hook/$h" >"$target.tmp$$" &&
		chmod 755 "$target.tmp$$" && mv "$target.tmp$$" "$target" ||
		{ rm -f "$target.tmp$$"; die "cannot write $target"; }
	echo "$action $target"
done
echo "hooks run $vg"
