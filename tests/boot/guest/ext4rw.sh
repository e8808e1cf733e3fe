#!/bin/sh
# Guest side of boot-ext4rw: progs/ext4rw on the read-write ext4 root (a
# COW file over the image), then a power-off that must leave it clean.
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
grep ' / ' /proc/mounts | cut -d' ' -f1-4 | sed 's/^/G:rootmount=/'
mkdir -p /root/t
/bin/ext4rw /root/t
echo "G:prog-rc=$?"
# remount: read-only refuses writes, read-write takes them again.
mount -o remount,ro / && echo "G:remount-ro=ok"
touch /root/after-ro 2>/tmp/err; echo "G:touch-ro=$(grep -o 'Read-only file system' /tmp/err)"
mount -o remount,rw / && echo "G:remount-rw=ok"
touch /root/after-rw && echo "G:touch-rw=ok"
# A filesystem with a feature the library cannot write mounts read-only.
mount /dev/ubdb /mnt; echo "G:quota-mount=$(grep '^/dev/ubdb ' /proc/mounts | cut -d' ' -f4)"
(cd /mnt && umount /mnt 2>/tmp/err; echo "G:busy-umount=$(grep -o 'busy' /tmp/err)")
umount /mnt; echo "G:umount=$?"
mount -o bogus /dev/ubdb /mnt 2>/dev/null; echo "G:bogus-option=$?"
sync
echo "G:statfs=$(stat -f -c '%S %f %a' /)"
poweroff -f
