#!/bin/sh
# Guest side of boot-loop: loop devices with util-linux losetup, busybox
# losetup and mount -o loop, and progs/loopctl's ioctl checks.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
md5() { md5sum | cut -d' ' -f1; }
echo "== loopctl"
head -c 1048576 /data.bin >/tmp/l.img
/bin/loopctl /tmp/l.img
echo "== end loopctl"
echo "T:nodes=$(stat -c '%F %t:%T' /dev/loop-control /dev/loop0 /dev/loop7 | tr '\n' ' ')"
echo "T:proc-devices=$(grep -E ' (loop|misc)$' /proc/devices | sed 's/^ *//' | tr '\n' ' ')"
# util-linux losetup over a tmpfs file: the device's bytes are the file's
cp /data.bin /tmp/img
dev=$(/ul/losetup -f --show /tmp/img)
echo "T:ul-dev=$dev"
echo "T:ul-md5=$(md5 <$dev)"
dd if=/data2 of=$dev bs=4096 seek=3 conv=notrunc 2>/dev/null
echo "T:ul-write=$?"
sync
echo "T:ul-file-md5=$(md5 </tmp/img)"
echo "T:ul-list=$(/ul/losetup -l -n -O NAME,SIZELIMIT,OFFSET,AUTOCLEAR,RO,BACK-FILE | tr -s ' ')"
echo "T:sys-backing=$(cat /sys/block/loop0/loop/backing_file) $(cat /sys/block/loop0/size)"
dev2=$(/ul/losetup -f --show -r -o 1048576 --sizelimit 2097152 /tmp/img)
echo "T:ul-offset=$dev2 $(/ul/blockdev --getsize64 $dev2) $(md5 <$dev2)"
echo "T:ul-offset-ro=$(/ul/blockdev --getro $dev2)"
/ul/losetup -d $dev $dev2
echo "T:ul-detach=$? [$(/ul/losetup -a)]"
# busybox losetup
bb=$(losetup -f)
losetup $bb /tmp/img
echo "T:bb-losetup=$? $bb $(losetup $bb | sed 's/^[^ ]* //')"
losetup -d $bb
echo "T:bb-detach=$?"
# mount -o loop (busybox mount): an ext4 image in the root filesystem
mount -o loop,ro /fs.ext4 /mnt
echo "T:mount-loop=$? $(cat /mnt/hello.txt)"
echo "T:mount-dev=$(grep ' /mnt ' /proc/mounts | cut -d' ' -f1,3)"
echo "T:mount-list=$(/ul/losetup -l -n -O NAME,AUTOCLEAR,RO,BACK-FILE | tr -s ' ')"
umount /mnt
echo "T:umount=$?"
echo "T:after-umount=[$(/ul/losetup -a)]"
# the ext4 image as a file on tmpfs, through util-linux losetup, read-write
cp /fs.ext4 /tmp/fs.ext4
dev=$(/ul/losetup -f --show /tmp/fs.ext4)
echo "T:blkid-loop=$(/ul/blkid -p -s LABEL -s UUID -o value $dev | tr '\n' ' ')"
/ul/e2fsck -fn $dev >/tmp/fsck.log 2>&1
echo "T:fsck-loop=$?"
/ul/mkfs.ext4 -q -F -L onloop $dev >/tmp/mkfs.log 2>&1
echo "T:mkfs-loop=$?"
/ul/e2fsck -fn $dev >/tmp/fsck.log 2>&1
echo "T:fsck-mkfs-loop=$?"
echo "T:blkid-mkfs-loop=$(/ul/blkid -p -s LABEL -o value $dev)"
/ul/losetup -d $dev
echo "T:end=loop"
poweroff -f
