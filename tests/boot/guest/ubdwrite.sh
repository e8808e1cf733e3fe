#!/bin/sh
# Guest side of boot-ubdwrite: the same dd writes, at sector-aligned and
# unaligned offsets, to a COW disk (ubdb), a plain image (ubdc) and a
# read-only one (ubdd); the host repeats them on copies and compares.
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
. /writes.sh
for d in b c; do
	writes /dev/ubd$d /data.bin
	echo "T:ubd$d-writes=$?"
	sync
	echo "T:ubd$d-md5=$(md5sum < /dev/ubd$d | cut -d' ' -f1)"
done
dd if=/data.bin of=/dev/ubdd bs=512 count=1 conv=notrunc 2>/tmp/err
echo "T:ubdd-dd=$?"
echo "T:ubdd-err=$(grep -o 'Read-only file system' /tmp/err | head -n 1)"
echo "T:ubdd-md5=$(md5sum < /dev/ubdd | cut -d' ' -f1)"
echo "T:end=ubdwrite"
poweroff -f
