#!/bin/sh
# The peer-skip path of console_uml.sh, on every host: run with a fake
# linux.uml (tests/fakes/linux-uml-amx.sh) that panics at boot as Debian's
# UML does on CPUs with AMX.
#   - the probe's verdict is printed once, with the panic as the reason;
#   - every case is a TAP SKIP with that reason, none fails, and the test
#     ends as skipped (status 77);
#   - a linux.uml that passes the probe but cannot boot the test's guest is
#     a failure, not a skip.
# Usage: console_peer_skip.sh <our uml_console> <mkbusybox.sh> <fake linux.uml>
set -u
UC=$(realpath "$1") MKIMG=$(realpath "$2") FAKE=$(realpath "$3")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
. "$here/../peers.sh"

reason="userspace - ptrace set fp regs failed, errno = 14; Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b"
UML=$FAKE sh "$here/console_uml.sh" "$UC" "$MKIMG" >"$work/amx.log" 2>&1
rc=$?
sed 's/^/| /' "$work/amx.log"
check "console_uml ends as skipped with a linux.uml that panics (status $rc)" [ "$rc" -eq 77 ]
check "the verdict on linux.uml is printed once, with the panic line" \
	[ "$(grep -cxF "peer linux.uml: cannot run on this host: $reason" "$work/amx.log")" -eq 1 ]
check "no case failed" [ "$(grep -c '^not ok' "$work/amx.log")" -eq 0 ]
n=$(grep -c '^ok - UML' "$work/amx.log")
check "there are real-UML cases ($n)" [ "$n" -ge 40 ]
check "every case is a SKIP with the probe's reason" \
	[ "$(grep '^ok - ' "$work/amx.log" | grep -cvF " # SKIP linux.uml cannot run on this host: $reason")" -eq 0 ]
check "the summary counts them as skipped" grep -qx "0 passed, 0 failed, $n skipped" "$work/amx.log"

# A linux.uml that passes the probe (prints its marker) but boots nothing.
printf '#!/bin/sh\necho %s\n' "$PEER_MARKER" >"$work/uml-probe-only"
chmod +x "$work/uml-probe-only"
UML=$work/uml-probe-only sh "$here/console_uml.sh" "$UC" "$MKIMG" >"$work/half.log" 2>&1
rc=$?
sed 's/^/| /' "$work/half.log"
check "a linux.uml that runs but boots no guest fails the test (status $rc)" [ "$rc" -eq 1 ]
check "it was reported as running" grep -q '^peer linux.uml: runs ' "$work/half.log"
check "its boot case failed, not skipped" grep -q '^not ok - real UML booted' "$work/half.log"
finish
