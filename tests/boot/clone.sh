#!/bin/sh
# boot-clone: what clone shares and what exec and exit do with it. The same
# static programs run on the host first (the expectation is Linux's) and
# then in the guest, and every line they print must be the same:
#   progs/clone.c   each CLONE_VM/FS/FILES/SIGHAND/THREAD/VFORK combination
#                   Linux accepts (also with SYSVSEM|IO), three times each,
#                   with the child changing memory, handlers, fds, cwd,
#                   umask, limits and its mask; siblings (CLONE_PARENT), exit
#                   signals, a leader exiting before its thread, exec from a
#                   thread and from children sharing handlers or fds
#   progs/limits.c  bad clone flags, personality(), PR_SET_NO_NEW_PRIVS with
#                   set-user-ID and set-group-ID programs, RLIMIT_STACK
# A second short boot runs limits.c as init: CLONE_PARENT from init.
# Usage: clone.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

mkdir -p extra/bin
for p in clone limits; do
	if ! static_cc "extra/bin/$p" "$BOOTDIR/progs/$p.c"; then
		not_ok "building the guest program $p"
		finish
		exit 1
	fi
done

# On the host. limits needs root for its set-user-ID cases; as another user
# those lines say "skip" and the guest's are checked against Linux's
# documented answers below instead.
mkdir native
(cd native && ../extra/bin/clone >clone.txt 2>clone.err)
check "clone runs natively (exit $?)" grep -q '^T:end=clone$' native/clone.txt
(cd native && ../extra/bin/limits >limits.txt 2>limits.err)
check "limits runs natively (exit $?)" grep -q '^T:end=limits$' native/limits.txt
if unshare --fork --pid ./extra/bin/limits as-init >native/init.txt 2>native/init.err &&
    grep -q '^T:end=limits-init$' native/init.txt; then
	native_init=yes
else
	native_init=no
	echo "# no pid namespace here ($(head -n 1 native/init.err)): CLONE_PARENT from init is"
	echo "# checked against Linux's answer (EINVAL) instead of a native run"
fi
cat native/clone.err native/limits.err

cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
cd /tmp
/bin/clone
/bin/limits
poweroff -f
INIT
mkimage root.ext4 32M init.sh extra
boot 120 out.txt ubd0=root.ext4 quiet init=/init
ended_cleanly

show_output out.txt

# compare SECTION REGEX HOST [GUEST]: the guest printed exactly the host's
# lines whose names match REGEX, in the same order.
compare() {
	grep -E "^T:($2)" "$3" >want.txt
	grep -E "^T:($2)" "${4:-out.txt}" >got.txt
	n=$(wc -l <want.txt)
	if [ "$n" -gt 0 ] && cmp -s want.txt got.txt; then
		ok "$1: $n lines as on Linux"
	else
		not_ok "$1: the guest differs from Linux (- host, + guest):"
		diff want.txt got.txt | grep '^[<>]' | sed 's/^</-/; s/^>/+/' | head -n 40
	fi
}
compare "sharing, every accepted flag combination x3" 'share-' native/clone.txt
compare "CLONE_PARENT siblings" 'sibling-' native/clone.txt
compare "exit signals" 'exitsig-' native/clone.txt
compare "a leader exiting before its thread" 'leader-first' native/clone.txt
compare "exec from a thread" 'dethread-' native/clone.txt
compare "exec from a child sharing handlers, fds, memory" 'exec-' native/clone.txt
check "clone ran to its end in the guest" has out.txt '^T:end=clone$'

compare "bad and odd clone flags" 'flags-' native/limits.txt
compare "personality" 'pers-' native/limits.txt
compare "PR_SET/GET_NO_NEW_PRIVS" 'nnp-' native/limits.txt
compare "RLIMIT_STACK" 'stack-' native/limits.txt
# Set-user-ID programs need root on the host; without it, Linux's rules.
if grep -q '^T:setid-.*=skip' native/limits.txt; then
	echo "# not root on the host: set-user-ID cases checked against Linux's rules"
	expect out.txt setid-plain "euid:0 egid:0 secure:1"
	expect out.txt setid-nnp "euid:1000 egid:1000 secure:0"
	expect out.txt setid-nosgid-x "euid:0 egid:1000 secure:1"
else
	compare "set-user-ID and set-group-ID exec" 'setid-' native/limits.txt
fi
check "limits ran to its end in the guest" has out.txt '^T:end=limits$'

# CLONE_PARENT from init: limits runs as pid 1 of a second boot.
cat > init2.sh <<'INIT'
#!/bin/sh
exec /bin/limits as-init poweroff
INIT
mkimage root2.ext4 32M init2.sh extra
boot 60 out2.txt ubd0=root2.ext4 quiet init=/init
show_output out2.txt
ended_cleanly
if [ $native_init = yes ]; then
	compare "clone from init" 'init-' native/init.txt out2.txt
else
	expect out2.txt init-clone-parent EINVAL
fi
finish
