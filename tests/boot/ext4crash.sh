#!/bin/sh
# boot-ext4crash: crash safety of ext4 writes. Each round boots the
# kernel over a COW file on an ext4 image, checks that every file fsync'd
# in an earlier round is there with its content (the journal replayed at
# mount), runs a write-heavy workload that logs each file it has
# fsync'd, and is ended with kill -9 of the kernel process at a random
# moment. After each kill the COW file merged with uml_moo must need no
# more of e2fsck -fy than its journal replay, then be clean for e2fsck
# -fn. Then a round writes a file without fsync and is killed 8 s later:
# the periodic commit (every 5 s) must have made it durable. A last boot
# checks everything and powers off, leaving it clean.
# Usage: ext4crash.sh <linux> <mkbusybox.sh> <uml_moo> [ROUNDS]
set -u
MOO=$(realpath "$3")
ROUNDS=${4:-20}
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

build_guest_prog ext4crash
mkdir -p extra/mnt
mkimage root.ext4 32M "$BOOTDIR/guest/ext4crash.sh" extra
rm -f fs.ext4 fs.cow
truncate -s 256M fs.ext4 && mkfs.ext4 -q fs.ext4
HB=$(hash_of fs.ext4)
: >fsynced.txt

# make_list ROUND: the list disk: the round, then every fsync'd file so far.
make_list() {
	{ echo "R:$1"; cat fsynced.txt; } >list.img
	truncate -s $(( ($(stat -c %s list.img) / 512 + 2) * 512 )) list.img
}

# fsck_merged: uml_moo's merge needs only its journal replayed, then is clean.
fsck_merged() {
	rm -f merged.ext4
	"$MOO" fs.cow merged.ext4 >moo.log 2>&1 || { cat moo.log; return 1; }
	e2fsck -fy merged.ext4 >fsck-y.log 2>&1
	ry=$?
	# Anything beyond the pass banners, the replay and the summary is a repair.
	extra_lines=$(grep -v -E '^(e2fsck [0-9]|Pass [1-5]|merged.ext4: (recovering journal|clean|[0-9]+/[0-9]+ files)|$|\*+ FILE SYSTEM WAS MODIFIED \*+)' fsck-y.log)
	e2fsck -fn merged.ext4 >fsck-n.log 2>&1
	rn=$?
	[ $ry -le 1 ] && [ -z "$extra_lines" ] && [ $rn -eq 0 ] && return 0
	echo "# e2fsck -fy (exit $ry):"; sed 's/^/| /' fsck-y.log | head -30
	echo "# e2fsck -fn (exit $rn):"; sed 's/^/| /' fsck-n.log | head -30
	return 1
}

t_start=$(date +%s)
replays=0
round=1
while [ $round -le $ROUNDS ]; do
	make_list $round
	# The redirection below happens in the background job: the last round's
	# console must be gone before it, or its W:start would be seen.
	rm -f round.raw
	setsid "$KERNEL" ubd0r=root.ext4 ubd1=fs.cow,fs.ext4 ubd2r=list.img quiet init=/init \
		mem=96M </dev/null >round.raw 2>&1 &
	kpid=$!
	# Wait for the workload to start (at most 60 s), then a random 0.1..1.6 s.
	n=0
	while ! grep -q '^W:start' round.raw 2>/dev/null && [ $n -lt 600 ] && kill -0 $kpid 2>/dev/null; do
		sleep 0.1
		n=$((n + 1))
	done
	delay=$(awk -v s="$(od -An -N2 -tu2 /dev/urandom)" 'BEGIN { printf "%.2f", 0.1 + (s % 150) / 100 }')
	alive=yes
	kill -0 $kpid 2>/dev/null || alive=no
	sleep "$delay"
	kill -9 $kpid 2>/dev/null
	wait $kpid 2>/dev/null
	kstatus=$?
	kill -9 -- -$kpid 2>/dev/null	# its host children
	tr -d '\r' <round.raw >round.txt
	cat round.txt >>all-rounds.txt
	checked=$(sed -n 's/^V:checked=//p' round.txt)
	bad=$(sed -n 's/^V:bad=//p' round.txt)
	new=$(grep -c -E '^F:r[0-9]+-[0-9]+ [0-9]+ [0-9]+ E$' round.txt)
	grep -E '^F:r[0-9]+-[0-9]+ [0-9]+ [0-9]+ E$' round.txt >>fsynced.txt
	if fsck_merged; then fsck=clean; else fsck=REPAIRED; fi
	replay=$(grep -q 'recovering journal' fsck-y.log && echo "journal replayed, " || echo "no replay needed, ")
	[ $fsck = clean ] && replays=$((replays + $(grep -c 'recovering journal' fsck-y.log)))
	echo "# round $round: killed after ${delay}s of work; verified $checked earlier fsync'd files ($bad bad); $new more fsync'd; merged copy: $replay$fsck"
	if ! grep -q '^G:mount=ok' round.txt || [ "${bad:-x}" != 0 ]; then
		echo "# the kernel was alive when the wait ended: $alive; its exit status: $kstatus"
		ls "$work"/core* 2>/dev/null | sed 's/^/# core file: /'
		echo "# the round's console:"
		grep -v '^F:' round.txt | sed 's/^/| /' | head -60
	fi
	check "round $round: the disk mounted" has round.txt '^G:mount=ok$'
	grep '^W:\|^G:work-ended' round.txt | grep -v '^W:start' | sed 's/^/| /'
	check "round $round: the workload ran until killed" lacks round.txt '^G:work-ended'
	check "round $round: the check of the earlier files ran" has round.txt '^G:verify-rc=0$'
	check "round $round: every fsync'd file intact ($checked checked)" [ "${bad:-x}" = 0 ]
	check "round $round: the merged image needs only its journal replay" [ "$fsck" = clean ]
	grep '^V:bad-file' round.txt | sed 's/^/| /'
	round=$((round + 1))
done
# The periodic commit: a file written without fsync, the kernel killed 8 s later.
make_list timer
rm -f round.raw
setsid "$KERNEL" ubd0r=root.ext4 ubd1=fs.cow,fs.ext4 ubd2r=list.img quiet init=/init \
	mem=96M </dev/null >round.raw 2>&1 &
kpid=$!
n=0
while ! grep -q '^W:start' round.raw 2>/dev/null && [ $n -lt 600 ] && kill -0 $kpid 2>/dev/null; do
	sleep 0.1
	n=$((n + 1))
done
sleep 8
kill -9 $kpid 2>/dev/null
wait $kpid 2>/dev/null
kill -9 -- -$kpid 2>/dev/null
tr -d '\r' <round.raw >round.txt
check "timer round: the unsynced file was written" has round.txt '^P:timer-file '
grep -E '^P:timer-file [0-9]+ [0-9]+ E$' round.txt | sed 's/^P:/F:/' >>fsynced.txt
check "timer round: the merged image needs only its journal replay" fsck_merged
echo "# timer round: killed 8 s after an unsynced write of 100000 bytes"

make_list last
boot 120 out.txt ubd0r=root.ext4 ubd1=fs.cow,fs.ext4 ubd2r=list.img quiet init=/init mem=96M
show_output out.txt
ended_cleanly
check "last boot: the file written 8 s before the kill is there" \
	sh -c "[ \"\$(sed -n 's/^V:checked=//p' out.txt)\" -eq $(wc -l <fsynced.txt) ]"
check "last boot: every fsync'd file intact ($(sed -n 's/^V:checked=//p' out.txt) checked)" \
	has out.txt '^V:bad=0$'
check "last boot: unmounted" has out.txt '^G:umount=0$'
check "the backing image is unchanged" [ "$(hash_of fs.ext4)" = "$HB" ]
"$MOO" fs.cow final.ext4 >moo.log 2>&1 || not_ok "uml_moo fs.cow final.ext4"
e2fsck -fn final.ext4 >final-fsck.log 2>&1
r=$?
[ $r -eq 0 ] || sed 's/^/| /' final-fsck.log
check "e2fsck -fn is clean on the final image (exit $r)" [ $r -eq 0 ]
echo "# $ROUNDS rounds ($replays needed a journal replay), $(wc -l <fsynced.txt) fsync'd files, $(($(date +%s) - t_start)) s"
finish
