#!/bin/sh
# The peer-skip path of the interop test, on every host: cow_interop.sh run
# with a fake linux.uml (tests/fakes/linux-uml-amx.sh) that panics at boot as
# Debian's UML does on CPUs with AMX.
#   - the probe's verdict is printed once, with the panic as the reason;
#   - every real-UML case is a TAP SKIP with that reason, none fails;
#   - all the other cases still run and pass, the test passes, and the
#     summary counts the skips;
#   - a UML that passes the probe but then fails a case is a failure, not a
#     skip (a second fake that boots the probe only).
# Usage: peer_skip.sh <our uml_mkcow> <our uml_moo> <mkbusybox.sh> <fake linux.uml>
set -u
MKCOW=$(realpath "$1") MOO=$(realpath "$2") MKIMG=$(realpath "$3") FAKE=$(realpath "$4")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
. "$here/../peers.sh"

reason="userspace - ptrace set fp regs failed, errno = 14; Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b"
UML=$FAKE sh "$here/cow_interop.sh" "$MKCOW" "$MOO" "$MKIMG" >"$work/amx.log" 2>&1
rc=$?
sed 's/^/| /' "$work/amx.log"
check "cow_interop passes with a linux.uml that panics (status $rc)" [ "$rc" -eq 0 ]
check "the verdict on linux.uml is printed once, with the panic line" \
	[ "$(grep -cxF "peer linux.uml: cannot run on this host: $reason" "$work/amx.log")" -eq 1 ]
check "no case failed" [ "$(grep -c '^not ok' "$work/amx.log")" -eq 0 ]
n_uml=$(grep -c '^ok - .*UML' "$work/amx.log")
check "there are real-UML cases ($n_uml)" [ "$n_uml" -ge 6 ]
check "every real-UML case is a SKIP with the probe's reason" \
	[ "$(grep '^ok - .*UML' "$work/amx.log" | grep -cvF " # SKIP linux.uml cannot run on this host: $reason")" -eq 0 ]
n_skip=$(grep -c '^ok - .* # SKIP ' "$work/amx.log")
n_ok=$(grep '^ok - ' "$work/amx.log" | grep -vc ' # SKIP ')
check "the summary counts $n_ok passed and $n_skip skipped" \
	grep -qx "$n_ok passed, 0 failed, $n_skip skipped" "$work/amx.log"
check "our own checks still ran and passed ($n_ok)" [ "$n_ok" -ge 10 ]
check "our in-place merge was still checked against the plain merge" \
	grep -q '^ok - uml_moo -d: same bytes as the plain merge (ours COW)$' "$work/amx.log"

# A linux.uml that boots the probe's image but not the test's: the cases
# are run and the first one fails.
printf '#!/bin/sh\necho %s\n' "$PEER_MARKER" >"$work/uml-probe-only"
chmod +x "$work/uml-probe-only"
COW_INTEROP_ONLY=uml UML=$work/uml-probe-only sh "$here/cow_interop.sh" "$MKCOW" "$MOO" "$MKIMG" \
	>"$work/half.log" 2>&1
rc=$?
sed 's/^/| /' "$work/half.log"
check "a linux.uml that runs but fails a case fails the test (status $rc)" [ "$rc" -eq 1 ]
check "it was reported as running" grep -q '^peer linux.uml: runs ' "$work/half.log"
check "its case failed, not skipped" \
	grep -q '^not ok - real UML booted and wrote into a COW made by ours$' "$work/half.log"
check "no real-UML case was skipped" [ "$(grep -c 'SKIP linux.uml' "$work/half.log")" -eq 0 ]
finish
