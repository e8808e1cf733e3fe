#!/bin/sh
# Guest side of boot-ext4rw: progs/ext4rw on the read-write ext4 root (a
# COW file over the image), then a power-off that must leave it clean.
mount -t proc proc /proc
grep ' / ' /proc/mounts | cut -d' ' -f1-4 | sed 's/^/G:rootmount=/'
mkdir -p /root/t
/bin/ext4rw /root/t
echo "G:prog-rc=$?"
poweroff -f
