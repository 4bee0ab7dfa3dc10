#!/bin/sh
# contrib/gitlab-ci/gate.sh TARGET [RANGE]: one vmstate-gate job of
# vmstate-gate.yml. The sources of RANGE (default: the merge request's
# base, else $VMSTATE_GATE_BASE, else origin/master, up to HEAD) are
# judged together with the dumps of build/qemu-system-TARGET (the build
# job's artifacts) against the previous release's set
# (vmstate-dumps.bundle from the previous-dumps job).
#
# Writes vmstate-gate.sarif, vmstate-gate-codequality.json and
# vmstate-gate-junit.xml, prints the text report, and exits with
# vmstate-gate's status: 0 clean, 1 breaks, 2 input error, 3 no baseline or
# no dumps.
set -u
target=${1:?usage: gate.sh TARGET [RANGE]}
vg=${VMSTATE_GATE:-vmstate-gate}
build=${VMSTATE_GATE_BUILD:-build}
if [ $# -ge 2 ]; then
	range=$2
elif [ -n "${CI_MERGE_REQUEST_DIFF_BASE_SHA:-}" ]; then
	range=$CI_MERGE_REQUEST_DIFF_BASE_SHA..HEAD
else
	range=${VMSTATE_GATE_BASE:-origin/master}..HEAD
fi

if [ -f VERSION ] && grep -q '\.0$' VERSION; then
	echo "vmstate-gate: VERSION is $(cat VERSION), a release: nothing to gate"
	exit 0
fi
if [ ! -x "$build/qemu-system-$target" ]; then
	echo "vmstate-gate: no $build/qemu-system-$target (the build job's artifacts)" >&2
	exit 3
fi
if [ -f vmstate-dumps.bundle ]; then
	git fetch -q vmstate-dumps.bundle '+refs/vmstate-dumps/*:refs/vmstate-dumps/*' || exit 3
fi

# This target only: a directory with its binary alone. Git config, not
# the tree, says where it is, so no patch can change what runs.
dir=.vmstate-gate-build-$target
rm -rf "$dir"
mkdir "$dir"
ln -s "$(cd "$build" && pwd)/qemu-system-$target" "$dir/qemu-system-$target"
git config vmstate-gate.buildDir "$dir"
git config vmstate-gate.dumps always
git config --unset vmstate-gate.buildCommand 2>/dev/null
# The link is not part of the tree: keep the work tree clean for check.
exclude=$(git rev-parse --git-path info/exclude)
mkdir -p "$(dirname "$exclude")"
grep -qx "/$dir/" "$exclude" 2>/dev/null || echo "/$dir/" >>"$exclude"

"$vg" check "$range"
status=$?
# The same findings in the formats GitLab shows; the dumps are cached by now.
"$vg" check --format=sarif "$range" >vmstate-gate.sarif 2>/dev/null
"$vg" check --format=codequality "$range" >vmstate-gate-codequality.json 2>/dev/null
"$vg" check --format=junit "$range" >vmstate-gate-junit.xml 2>/dev/null
exit $status
