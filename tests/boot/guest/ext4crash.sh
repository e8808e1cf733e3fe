#!/bin/sh
# Guest side of boot-ext4crash, one round: mount the disk under test
# (ubdb; its journal replays if the last round was killed), check the
# files every earlier round fsync'd (listed on ubdc, with the round
# number), then write until the host kills the kernel. Round "timer"
# writes a file without fsync and waits to be killed; round "last" only
# checks, and powers off.
mount -t proc proc /proc
round=$(head -c 64 /dev/ubdc | sed -n 's/^R://p' | head -n 1)
echo "G:round=$round"
mount -t ext4 /dev/ubdb /mnt || { echo "G:mount=failed"; poweroff -f; }
echo "G:mount=ok"
/bin/ext4crash verify /dev/ubdc /mnt
echo "G:verify-rc=$?"
if [ "$round" = last ]; then
	umount /mnt
	echo "G:umount=$?"
	poweroff -f
fi
[ "$round" = timer ] && exec /bin/ext4crash timer /mnt
/bin/ext4crash work /mnt "$round"
echo "G:work-ended=$?"
poweroff -f
