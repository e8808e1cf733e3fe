#!/bin/sh
# boot-ubdhost: the host's side of ubd going wrong, and two guests on one
# backing file.
# 1. Host faults: a COW file on a 2 MiB tmpfs that fills up, and a plain
#    image whose writes past 8 MiB the host refuses (RLIMIT_FSIZE set with
#    prlimit on the running kernel: EFBIG, SIGXFSZ ignored). The guest's writes get ENOSPC and EIO, the
#    kernel logs one line for each and keeps running, what was written
#    before is still there (in the guest, and in the files on the host:
#    uml_moo's merge of the COW file equals what the guest read).
# 2. Two guests at once on one backing file, each with its own COW file
#    (UML locks the COW file and only read-locks the backing file); a third
#    one asking for a COW file in use is refused the disk ("Failed to lock").
#    Guest b's disk has the s flag: its COW file is open O_SYNC on the host.
# Usage: ubdhost.sh <linux> <mkbusybox.sh> <uml_moo>
set -u
MOO=$(realpath "$3")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

mkdir -p extra
head -c 524288 /dev/urandom >extra/data1
D1=$(md5sum <extra/data1 | cut -d' ' -f1)
mkimage root.ext4 32M "$BOOTDIR/guest/ubdhost.sh" extra

# --- 1. host faults
if [ "$(id -u)" = 0 ] && mkdir -p small && mount -t tmpfs -o size=2m tmpfs small 2>/dev/null; then
	trap 'umount "$work/small" 2>/dev/null' EXIT
	head -c 16M /dev/urandom >back.img
	head -c 16M /dev/urandom >fault.img
	HB=$(hash_of back.img)
	dd if=fault.img of=fault-tail.want bs=1M skip=10 count=1 2>/dev/null
	command -v prlimit >/dev/null || not_ok "prlimit (util-linux) is needed"
	# Once the guest runs, the host refuses its writes past 8 MiB of any file
	# (prlimit: RLIMIT_FSIZE, EFBIG, with SIGXFSZ ignored from the start);
	# then it writes GO in fault.img's last sector, which the guest waits for.
	(
		trap '' XFSZ
		boot 120 f.txt ubd0r=root.ext4 ubd1=small/c.cow,back.img ubd2=fault.img \
			role=faults quiet init=/init mem=64M
		echo "$rc" >f.rc
		echo "$left" >f.left
		echo "$secs_taken" >f.secs
	) &
	fpid=$!
	limited=no
	for i in $(seq 600); do
		grep -q 'T:wait-limit' f.txt.raw 2>/dev/null && break
		sleep 0.1
	done
	for p in $(pgrep -f 'role=faults'); do
		[ "$(readlink /proc/$p/exe)" = "$KERNEL" ] || continue
		prlimit --pid "$p" --fsize=8388608 && limited=yes
	done
	check "the host's file size limit is set on the running kernel" [ $limited = yes ]
	printf GO | dd of=fault.img bs=512 seek=32767 conv=notrunc,sync 2>/dev/null
	wait $fpid
	rc=$(cat f.rc)
	left=$(cat f.left)
	secs_taken=$(cat f.secs)
	show_output f.txt
	ended_cleanly
	expect f.txt end ubdhost
	expect f.txt cow-first 0
	expect f.txt cow-first-md5 "$D1"
	expect f.txt cow-full "1 No space left on device"
	expect f.txt cow-first-md5-after "$D1"
	expect f.txt plain-first 0
	expect f.txt plain-efbig "1 Input/output error"
	expect f.txt plain-first-md5 "$D1"
	expect f.txt alive "still running"
	check "one log line for the full COW file" \
		[ "$(grep -c 'ubdb: write failed at sector .*host error 28, the guest gets ENOSPC' f.txt)" = 1 ]
	check "one log line for the refused write" \
		[ "$(grep -c 'ubdc: write failed at sector 20480: host error 27, the guest gets EIO' f.txt)" = 1 ]
	"$MOO" small/c.cow merged.img >moo.log 2>&1 || { cat moo.log; not_ok "uml_moo"; }
	check "the COW file merged holds what the guest read" \
		[ "$(md5sum <merged.img | cut -d' ' -f1)" = "$(value f.txt ubdb-md5)" ]
	check "the merge holds the first write" \
		[ "$(head -c 524288 merged.img | md5sum | cut -d' ' -f1)" = "$D1" ]
	check "the backing file is unchanged" [ "$(hash_of back.img)" = "$HB" ]
	check "the plain image holds the first write" \
		[ "$(head -c 524288 fault.img | md5sum | cut -d' ' -f1)" = "$D1" ]
	check "the refused range of the plain image is unchanged" \
		sh -c "dd if=fault.img bs=1M skip=10 count=1 2>/dev/null | cmp -s - fault-tail.want"
	umount small
	trap - EXIT
else
	skip "host faults (need root to mount a small tmpfs)"
fi

# --- 2. two guests, one backing file
head -c 8M /dev/urandom >shared.img
HS=$(hash_of shared.img)
timeout -k 5 120 "$KERNEL" ubd0r=root.ext4 ubd1=a.cow,shared.img role=a quiet init=/init \
	mem=64M </dev/null >a.raw 2>&1 &
apid=$!
timeout -k 5 120 "$KERNEL" ubd0r=root.ext4 ubd1s=b.cow,shared.img role=b quiet init=/init \
	mem=64M </dev/null >b.raw 2>&1 &
bpid=$!
for i in $(seq 600); do
	grep -q 'T:ready=a' a.raw 2>/dev/null && grep -q 'T:ready=b' b.raw 2>/dev/null && break
	sleep 0.1
done
check "both guests run at once" grep -q 'T:ready=b' b.raw
# b's COW file: open O_SYNC ('s' flag) in its linux process
sync_flag=none
for p in $(pgrep -P $bpid); do
	for fd in /proc/$p/fd/*; do
		[ "$(readlink "$fd")" = "$work/b.cow" ] || continue
		fl=$(sed -n 's/^flags:\t*//p' /proc/$p/fdinfo/${fd##*/})
		sync_flag=$(( (0$fl & 04000000) != 0 ))
	done
done
check "ubd1s: the COW file is open O_SYNC on the host" [ "$sync_flag" = 1 ]
boot 60 c.txt ubd0r=root.ext4 ubd1=a.cow,shared.img role=c quiet init=/init mem=64M
show_output c.txt
check "a third guest is refused the COW file in use" has c.txt "Failed to lock '.*a.cow'"
expect c.txt ubdb 1
wait $apid
ra=$?
wait $bpid
rb=$?
tr -d '\r' <a.raw >a.txt
tr -d '\r' <b.raw >b.txt
show_output a.txt
show_output b.txt
check "guest a ended cleanly ($ra)" [ $ra = 0 ]
check "guest b ended cleanly ($rb)" [ $rb = 0 ]
expect a.txt sector1 "guest a was here"
expect b.txt sector1 "guest b was here"
check "the shared backing file is unchanged" [ "$(hash_of shared.img)" = "$HS" ]
for g in a b; do
	"$MOO" $g.cow $g-merged.img >moo.log 2>&1 || { cat moo.log; not_ok "uml_moo $g.cow"; }
	check "guest $g's merge is what it read" \
		[ "$(md5sum <$g-merged.img | cut -d' ' -f1)" = "$(value $g.txt md5)" ]
done
finish
