#!/bin/sh
# boot-sysctl: /proc/sys is Linux's for the facilities umk has.
#   names: every file under /proc/sys/{kernel,vm,fs} (net/ is the network
#     code's, checked by its tests), with its mode, is
#     exactly what tests/boot/sysctl-linux-6.1.txt lists for the facilities
#     on its "have" line (Linux 6.1's names; none invented, none missing).
#   bad values: progs/sysctl.c writes values Linux 6.1 refuses and
#     read-only entries; the guest's errors must be exactly Linux 6.1's,
#     kept in sysctl-bad-linux-6.1.txt. Linux 6.1 is Debian's UML 6.1: where
#     it runs here (tests/peers.sh), sysctl-uml.sh runs the same program in
#     it and its answers must equal the file's (and its names and modes
#     sysctl-linux-6.1.txt's), so neither file can drift; where it cannot
#     (CPUs with AMX), those two checks are a SKIP with the probe's reason.
#     Never natively: no test writes to the host's /proc/sys (a newer host
#     kernel takes some of these values), and the program refuses to run
#     outside a test image.
#   values: progs/sysctl.c sets each tunable in the guest and checks the
#     mechanism it drives (pid allocation, fork, uname, mmap, pipes, ...).
#   kernel.panic: a second boot sets it to 1 and lets init die: the kernel
#     panics, says it reboots in 1 second, and boots again (until timeout).
# Usage: sysctl.sh <linux> <mkbusybox.sh>
# Environment: UML (Debian's linux.uml; see tests/peers.sh).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"
. "$BOOTDIR/../peers.sh"

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
echo "T:sysctl-a=$(sysctl -a 2>/dev/null | grep -cE "^(kernel|vm|fs)\.")"
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

# Linux 6.1 itself, where Debian's UML runs: its answers to the refused
# writes must be the file's, and its names and modes the names list's.
ref_bad="$BOOTDIR/sysctl-bad-linux-6.1.txt"
grep '^T:' "$ref_bad" > want-bad.txt
nb=$(wc -l < want-bad.txt)
PEERS_MKIMG=$MKIMG
peer_probe linux.uml
echo "$peer_line"
if [ "$peer_ok" != yes ]; then
	why="linux.uml cannot run on this host: $peer_why"
	skip "UML 6.1 gives the $nb answers of sysctl-bad-linux-6.1.txt" "$why"
	skip "UML 6.1 has the names and modes of sysctl-linux-6.1.txt" "$why"
elif ! TMPDIR=$work UML=$peer_bin sh "$BOOTDIR/sysctl-uml.sh" -n uml-names.txt \
    extra/bin/sysctl-check > uml-bad.txt 2> uml.err; then
	not_ok "UML 6.1 ran sysctl-check bad:"
	sed 's/^/# /' uml.err
else
	sed 's/^/# /' uml.err
	grep '^T:' uml-bad.txt > uml-bad-t.txt
	if cmp -s want-bad.txt uml-bad-t.txt; then
		ok "UML 6.1 gives the $nb answers of sysctl-bad-linux-6.1.txt"
	else
		not_ok "UML 6.1's answers differ from sysctl-bad-linux-6.1.txt (- file, + UML;" \
			"sh tests/boot/sysctl-uml.sh > tests/boot/sysctl-bad-linux-6.1.txt makes it anew):"
		diff want-bad.txt uml-bad-t.txt | sed -n 's/^</# -/p; s/^>/# +/p'
	fi
	awk '/^[0-7]+ / { print $1, $2 }' "$ref" | sort > want-all-names.txt
	if cmp -s want-all-names.txt uml-names.txt; then
		ok "UML 6.1 has the $(wc -l < uml-names.txt) names and modes of sysctl-linux-6.1.txt"
	else
		not_ok "UML 6.1's names and modes differ from sysctl-linux-6.1.txt (- file, + UML):"
		diff want-all-names.txt uml-names.txt | sed -n 's/^</# -/p; s/^>/# +/p'
	fi
fi

# The guest's refused writes: exactly Linux 6.1's answers.
grep -E '^T:(bad|read|open|write|creat) ' out.txt > guest-bad.txt
awk -F= 'NR == FNR { want[$1] = $2; next }
	{ seen[$1] = 1
	  if (!($1 in want)) printf "# %s: umk %s, not in sysctl-bad-linux-6.1.txt\n", substr($1, 3), $2
	  else if (want[$1] != $2) printf "# %s: Linux 6.1 %s, umk %s\n", substr($1, 3), want[$1], $2 }
	END { for (k in want) if (!(k in seen))
		printf "# %s: Linux 6.1 %s, not run in the guest\n", substr(k, 3), want[k] }' \
	want-bad.txt guest-bad.txt > bad-diff.txt
if [ -s bad-diff.txt ] || [ "$(wc -l < guest-bad.txt)" -ne "$nb" ]; then
	not_ok "refused writes differ from Linux 6.1's ($(wc -l < guest-bad.txt) in the guest, $nb in the file):"
	cat bad-diff.txt
else
	ok "all $nb refused writes fail as on Linux 6.1"
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
