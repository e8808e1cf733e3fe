#!/bin/sh
# The peer-skip path of switch_interop.sh, on every host: its real-UML
# cases run with a fake linux.uml (tests/fakes/linux-uml-amx.sh) that
# panics at boot as Debian's UML does on CPUs with AMX.
#   - the verdict is printed once, with the panic as the reason;
#   - every real-UML case is a TAP SKIP with that reason, none fails;
#   - a UML that passes the probe but then fails a case is a failure.
# Usage: switch_peer_skip.sh <uml_switch> <switch_client> <mkbusybox.sh> <fake linux.uml>
set -u
SW=$(realpath "$1") CL=$(realpath "$2") MKIMG=$(realpath "$3") FAKE=$(realpath "$4")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
. "$here/../peers.sh"

reason="userspace - ptrace set fp regs failed, errno = 14; Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b"
SWITCH_INTEROP_ONLY=uml UML=$FAKE sh "$here/switch_interop.sh" "$SW" "$CL" "$MKIMG" >"$work/amx.log" 2>&1
rc=$?
sed 's/^/| /' "$work/amx.log"
check "switch_interop's UML cases all skip with a linux.uml that panics (status $rc: 77)" [ "$rc" -eq 77 ]
check "the verdict on linux.uml is printed once, with the panic line" \
	[ "$(grep -cxF "peer linux.uml: cannot run on this host: $reason" "$work/amx.log")" -eq 1 ]
check "no case failed" [ "$(grep -c '^not ok' "$work/amx.log")" -eq 0 ]
n=$(grep -c "^ok - .* # SKIP linux.uml cannot run on this host: $reason\$" "$work/amx.log")
check "every real-UML case ($n) is a SKIP with the probe's reason" \
	sh -c "[ $n -ge 3 ] && [ $n -eq \$(grep -c '^ok - ' '$work/amx.log') ]"

# A linux.uml that boots the probe's image but not the guests: a failure.
printf '#!/bin/sh\necho %s\n' "$PEER_MARKER" >"$work/uml-probe-only"
chmod +x "$work/uml-probe-only"
SWITCH_INTEROP_ONLY=uml UML=$work/uml-probe-only sh "$here/switch_interop.sh" "$SW" "$CL" "$MKIMG" \
	>"$work/half.log" 2>&1
rc=$?
sed 's/^/| /' "$work/half.log"
check "a linux.uml that runs but fails a case fails the test (status $rc)" [ "$rc" -eq 1 ]
check "its guests' case failed, not skipped" \
	grep -q '^not ok - two real UML guests ping each other through our uml_switch$' "$work/half.log"
finish
