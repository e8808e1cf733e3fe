#!/bin/sh
# boot-sysctl: /proc/sys is Linux's for the facilities umk has.
#   names: every file under /proc/sys/{kernel,vm,fs}, with its mode, is
#     exactly what tests/boot/sysctl-linux-6.1.txt lists for the facilities
#     on its "have" line (Linux 6.1's names; none invented, none missing).
#   bad values: progs/sysctl.c writes values Linux refuses and read-only
#     entries, in the guest and natively (root only: the expectation is the
#     host kernel's answer); the errors must be the same.
#   values: progs/sysctl.c sets each tunable in the guest and checks the
#     mechanism it drives (pid allocation, fork, uname, mmap, pipes, ...).
#   kernel.panic: a second boot sets it to 1 and lets init die: the kernel
#     panics, says it reboots in 1 second, and boots again (until timeout).
# Usage: sysctl.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

mkdir -p extra/bin
if ! static_cc extra/bin/sysctl-check "$BOOTDIR/progs/sysctl.c"; then
	not_ok "building the guest program"
	finish
	exit 1
fi
cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
mount -t devpts devpts /dev/pts
echo "== names"
find /proc/sys/kernel /proc/sys/vm /proc/sys/fs -type f | while read -r f; do
	echo "N:$(stat -c %a "$f") ${f#/proc/sys/}"
done
echo "T:sysctl-a=$(sysctl -a 2>/dev/null | wc -l)"
/bin/sysctl-check bad
/bin/sysctl-check check
poweroff -f
INIT
mkimage root.ext4 32M init.sh extra
boot 120 out.txt ubd0=root.ext4 quiet init=/init mem=128M
show_output out.txt
ended_cleanly

# Names and modes against Linux 6.1's, facility by facility.
ref="$BOOTDIR/sysctl-linux-6.1.txt"
have=$(sed -n 's/^have: //p' "$ref")
awk -v have=" $have " '/^[0-7]+ / && index(have, " " $3 " ") { print $1, $2 }' "$ref" |
	sort > want-names.txt
sed -n 's/^N://p' out.txt | sort > got-names.txt
n=$(wc -l < want-names.txt)
if cmp -s want-names.txt got-names.txt; then
	ok "/proc/sys has Linux 6.1's $n names and modes for: $have"
else
	not_ok "/proc/sys differs from Linux 6.1's names for our facilities (- missing, + not Linux's or not ours):"
	diff want-names.txt got-names.txt | sed -n 's/^</# -/p; s/^>/# +/p'
fi
lines=$(value out.txt sysctl-a)
check "sysctl -a lists them all but the write-only drop_caches (got ${lines:-nothing})" \
	[ "${lines:-0}" -eq $((n - 1)) ]

# Refused values: the host kernel says which error.
grep -E '^T:(bad|read|open|write|creat) ' out.txt > guest-bad.txt
if [ "$(id -u)" -ne 0 ] || [ ! -w /proc/sys/kernel/pid_max ]; then
	echo "# SKIP refused values against the host: needs root and a writable /proc/sys"
else
	extra/bin/sysctl-check bad | grep -E '^T:(bad|read|open|write|creat) ' > native-bad.txt
	awk -F= 'NR == FNR { want[$1] = $2; next }
		{ if (!($1 in want)) print "# " substr($1, 3) ": not run natively";
		  else if (want[$1] != $2) printf "# %s: Linux %s, umk %s\n", substr($1, 3), want[$1], $2 }' \
		native-bad.txt guest-bad.txt > bad-diff.txt
	nb=$(wc -l < native-bad.txt)
	if [ -s bad-diff.txt ] || [ "$(wc -l < guest-bad.txt)" -ne "$nb" ]; then
		not_ok "refused writes differ from Linux's ($(wc -l < guest-bad.txt) in the guest, $nb natively):"
		cat bad-diff.txt
	else
		ok "all $nb refused writes fail as on Linux ($(uname -r))"
	fi
fi

# What the values drive.
for t in $(sed -n 's/^T:\([a-z0-9_-]*\)=.*/\1/p' out.txt); do
	case $t in sysctl-a|failures|end) continue ;; esac
	expect out.txt "$t" ok
done
expect out.txt failures 0

# kernel.panic = 1: init's death is a panic, then a reboot a second later.
cat > init2.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
echo 1 > /proc/sys/kernel/panic && echo PANIC-SET
exit 3
INIT
mkimage root2.ext4 32M init2.sh
boot 8 out2.txt ubd0=root2.ext4 quiet init=/init mem=64M
n=$(grep -c '^PANIC-SET' out2.txt)
check "kernel.panic=1: rebooted after the panic (init ran $n times in 8 s)" [ "$n" -ge 2 ]
check "kernel.panic=1: 'Rebooting in 1 seconds..' after the panic" \
	has out2.txt 'Kernel panic - not syncing: Attempted to kill init.*' &&
	has out2.txt 'Rebooting in 1 seconds\.\.'
check "kernel.panic=1: stopped only by the timeout (status $rc)" [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]
check "no host process left behind" [ -z "$left" ]
finish
