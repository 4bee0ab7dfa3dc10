#!/bin/sh
# contrib/gitlab-ci/previous-dumps.sh: the previous release's dump set for
# the vmstate-gate jobs (vmstate-gate.yml), into vmstate-dumps.bundle.
#
# 1. fetch refs/vmstate-dumps/X.Y from $VMSTATE_GATE_REMOTE (default
#    origin): published once, it is used as it is;
# 2. else dump the previous release's build ($VMSTATE_GATE_PREVIOUS_BUILD,
#    default build-previous, the artifacts of QEMU's build-previous-qemu
#    job), publish it, and push it back when $VMSTATE_GATE_PUSH_URL is set
#    (a URL with a token allowed to push refs/vmstate-dumps/*).
# X.Y comes from VERSION: X.Y.50 and later (development, release
# candidates) migrate from X.Y.0. A release commit (X.Y.0) has nothing to
# compare with: the script says so and exits 0 without a bundle.
#
# Environment: VMSTATE_GATE (the program; default vmstate-gate),
# VMSTATE_GATE_JOBS (QEMUs at once; default nproc).
set -eu
vg=${VMSTATE_GATE:-vmstate-gate}
remote=${VMSTATE_GATE_REMOTE:-origin}
prev_build=${VMSTATE_GATE_PREVIOUS_BUILD:-build-previous}
jobs=${VMSTATE_GATE_JOBS:-$(nproc 2>/dev/null || echo 2)}

version=$(cat VERSION)
case $version in
*.0)
	echo "vmstate-gate: VERSION is $version, a release: no previous release dumps needed"
	exit 0 ;;
esac
prev=$(echo "$version" | sed 's/^\([0-9]*\.[0-9]*\)\..*/\1/')
ref=refs/vmstate-dumps/$prev

rm -f vmstate-dumps.bundle
if "$vg" dumps fetch "$remote" >/dev/null 2>fetch.err &&
   git rev-parse -q --verify "$ref" >/dev/null; then
	echo "vmstate-gate: $ref fetched from $remote"
else
	if [ -s fetch.err ]; then
		cat fetch.err >&2
	fi
	if [ ! -d "$prev_build" ]; then
		echo "vmstate-gate: $ref is not published and there is no $prev_build/ to dump" >&2
		exit 3
	fi
	echo "vmstate-gate: $ref is not published: dumping $prev_build/"
	set_dir=$(mktemp -d "${TMPDIR:-/tmp}/vmstate-dumps.XXXXXX")
	rmdir "$set_dir"
	"$vg" dumps make --build-dir "$prev_build" -j "$jobs" -o "$set_dir"
	"$vg" dumps publish --from "$set_dir" "$prev"
	rm -rf "$set_dir"
	if [ -n "${VMSTATE_GATE_PUSH_URL:-}" ]; then
		git push "$VMSTATE_GATE_PUSH_URL" "$ref:$ref"
		echo "vmstate-gate: $ref published"
	fi
fi
rm -f fetch.err
git bundle create vmstate-dumps.bundle "$ref"
"$vg" dumps list
