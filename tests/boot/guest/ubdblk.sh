#!/bin/sh
# Guest side of boot-ubdblk: what /proc/partitions, /sys/block, util-linux
# (lsblk, blkid, blockdev) and e2fsprogs (mkfs.ext4, e2fsck) see of the
# disks, printed as T: lines for the host to compare with its own view of
# the same image files.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
# the host's programs are in /ul (busybox sh would run its own applets first)
echo "== /proc/partitions"
cat /proc/partitions
sed -n '3,$p' /proc/partitions | while read -r ma mi kb name; do
	echo "T:part-$name=$ma:$mi $kb"
done
for d in a b c d e f g; do
	for s in size ro removable range dev serial queue/logical_block_size \
	    queue/physical_block_size queue/rotational; do
		f=/sys/block/ubd$d/$s
		[ -e "$f" ] && echo "T:sys-ubd$d-$(echo $s | tr / _)=$(cat $f)"
	done
done
for p in ubde1 ubde2 ubde5 ubdf1 ubdf2; do
	for s in start size partition dev; do
		echo "T:sys-$p-$s=$(cat /sys/block/${p%[0-9]}/$p/$s 2>&1)"
	done
	echo "T:sysdev-$p=$(cat /sys/dev/block/$(cat /sys/class/block/$p/dev)/size 2>&1)"
done
echo "== blkid"
for dev in /dev/ubd[a-g] /dev/ubd[a-g][0-9]; do
	[ -e "$dev" ] || continue
	n=${dev#/dev/}
	for k in UUID LABEL TYPE PTTYPE PTUUID; do
		echo "T:blkid-$n-$k=$(/ul/blkid -p -s $k -o value $dev 2>/dev/null)"
	done
done
echo "== lsblk"
/ul/lsblk -b -n -r -o NAME,MAJ:MIN,SIZE,RO,TYPE,FSTYPE,LABEL,UUID 2>&1 | sed 's/^/L:/'
echo "T:lsblk-status=$?"
echo "== blockdev"
for dev in /dev/ubdb /dev/ubdd /dev/ubde1; do
	n=${dev#/dev/}
	echo "T:blockdev-$n=$(/ul/blockdev --getsize64 --getsz --getss --getpbsz --getiomin --getioopt --getalignoff --getro $dev 2>&1 | tr '\n' ' ')"
done
echo "== dd"
for spec in "1 70000 3" "512 100 7" "3000 50 11" "4096 300 1" "65536 20 2" "1048576 4 3"; do
	set -- $spec
	echo "T:dd-$1=$(dd if=/dev/ubdd bs=$1 count=$2 skip=$3 2>/dev/null | md5sum | cut -d' ' -f1)"
done
echo "== blkioctl ubdh"
/bin/blkioctl /dev/ubdh
echo "== blkioctl ubdi"
/bin/blkioctl /dev/ubdi
echo "== end blkioctl"
echo "== partitions bound"
# A write through ubde1 lands at its start on ubde, and stops at its end.
dd if=/dev/zero bs=512 count=1 2>/dev/null | tr '\0' 'P' > /tmp/p.bin
dd if=/tmp/p.bin of=/dev/ubde1 bs=512 seek=$(( $(cat /sys/block/ubde/ubde1/size) - 1 )) conv=notrunc 2>/dev/null
echo "T:p1-last-write=$?"
dd if=/tmp/p.bin of=/dev/ubde1 bs=512 seek=$(cat /sys/block/ubde/ubde1/size) conv=notrunc 2>/tmp/err
echo "T:p1-past-end=$? $(grep -o 'No space left on device' /tmp/err | head -n 1)"
sync
echo "T:p1-on-disk=$(dd if=/dev/ubde bs=512 skip=$(( $(cat /sys/block/ubde/ubde1/start) + $(cat /sys/block/ubde/ubde1/size) - 1 )) count=1 2>/dev/null | md5sum | cut -d' ' -f1)"
echo "T:p1-mount=$(mount -r /dev/ubde1 /mnt 2>&1 && cat /mnt/hello && umount /mnt)"
echo "== BLKRRPART"
dd if=/newtable.bin of=/dev/ubdc conv=notrunc 2>/dev/null
echo "T:rrpart-before=$(grep -c ubdc /proc/partitions)"
/ul/blockdev --rereadpt /dev/ubdc
echo "T:rrpart=$? $(grep -o 'ubdc[0-9]*' /proc/partitions | tr '\n' ' ')"
echo "T:rrpart-sys=$(ls /sys/block/ubdc | grep ubdc | tr '\n' ' ')$(cat /sys/class/block/ubdc3/size)"
echo "T:rrpart-dev=$(ls /dev | grep ubdc | tr '\n' ' ')"
mount -r /dev/ubde1 /mnt
/ul/blockdev --rereadpt /dev/ubde 2>/tmp/err
echo "T:rrpart-busy=$? $(grep -o 'Device or resource busy' /tmp/err)"
umount /mnt
/ul/blockdev --rereadpt /dev/ubde1 2>/tmp/err
echo "T:rrpart-on-part=$? $(grep -o 'Invalid argument' /tmp/err)"
dd if=/dev/zero of=/dev/ubdc bs=512 count=1 conv=notrunc 2>/dev/null
/ul/blockdev --rereadpt /dev/ubdc
echo "T:rrpart-gone=$? $(grep -c ubdc /proc/partitions) $(ls /dev | grep -c ubdc)"
echo "== flag t"
blkdiscard /dev/ubdk 2>/tmp/err
echo "T:notrim-discard=$? $(grep -o 'Operation not supported' /tmp/err | head -n 1)"
echo "T:notrim-sys=$(cat /sys/block/ubdk/queue/discard_granularity /sys/block/ubdk/queue/discard_max_bytes | tr '\n' ' ' | sed 's/ $//')"
echo "T:trim-sys=$(cat /sys/block/ubdh/queue/discard_granularity /sys/block/ubdh/queue/discard_max_bytes | tr '\n' ' ' | sed 's/ $//')"
echo "T:notrim-md5=$(md5sum </dev/ubdk | cut -d' ' -f1)"
echo "== ptfuzz"
/bin/ptfuzz /dev/ubdj 300 0x5eed
echo "T:geo-ubdb=$(/bin/blkgeo /dev/ubdb)"
echo "T:geo-ubde1=$(/bin/blkgeo /dev/ubde1)"
echo "== mkfs"
/ul/mkfs.ext4 -q -F -L guestfs -U 0ddba110-0000-4000-8000-000000000001 /dev/ubdc >/tmp/mkfs.log 2>&1
echo "T:mkfs-status=$?"
cat /tmp/mkfs.log
/ul/e2fsck -fn /dev/ubdc >/tmp/fsck.log 2>&1
echo "T:guest-fsck=$?"
tail -n 2 /tmp/fsck.log
echo "T:mkfs-blkid=$(/ul/blkid -p -s LABEL -s UUID -o value /dev/ubdc | tr '\n' ' ')"
echo "T:mkfs-mount=$(mount -r /dev/ubdc /mnt 2>&1 && ls /mnt | tr '\n' ' ' && umount /mnt)"
echo "T:end=ubdblk"
poweroff -f
