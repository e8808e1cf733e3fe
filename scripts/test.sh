#!/bin/sh
# Builds umk with warnings as errors and ASan/UBSan on the tools and unit
# tests (in build-test/), then runs every test: unit, tools, interop, boot.
# Extra arguments go to `meson test` (e.g. --suite unit).
set -eu
cd "$(dirname "$0")/.."
dir=build-test
if [ -f "$dir/build.ninja" ]; then
	meson setup --reconfigure "$dir" -Dsanitize=true -Dwerror=true >/dev/null
else
	meson setup "$dir" -Dsanitize=true -Dwerror=true >/dev/null
fi
ninja -C "$dir"
meson test -C "$dir" --print-errorlogs "$@"
