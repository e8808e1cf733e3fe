#!/bin/sh
# Builds umk with warnings as errors and ASan/UBSan on the tools and unit
# tests (in build-test/), and a second kernel, linux-asan, with ASan/UBSan
# in the kernel itself; then runs every test: unit, tools, interop, boot,
# and the boot tests again against linux-asan (suite asan).
# Extra arguments go to `meson test` (e.g. --suite unit, --suite asan).
set -eu
cd "$(dirname "$0")/.."
dir=build-test
if [ -f "$dir/build.ninja" ]; then
	meson setup --reconfigure "$dir" -Dsanitize=true -Dkernel_asan=true -Dwerror=true >/dev/null
else
	meson setup "$dir" -Dsanitize=true -Dkernel_asan=true -Dwerror=true >/dev/null
fi
ninja -C "$dir"
# The verdicts of the peer probes (tests/peers.sh) are shared by the tests
# of this run only: the next run may be on another CPU or host kernel.
UMK_PEER_CACHE=$(mktemp -d "${TMPDIR:-/tmp}/umk-peers.XXXXXX")
export UMK_PEER_CACHE
trap 'rm -rf "$UMK_PEER_CACHE"' EXIT
trap 'exit 130' INT TERM HUP
meson test -C "$dir" --print-errorlogs "$@"
