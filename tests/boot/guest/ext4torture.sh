#!/bin/sh
# Guest side of boot-ext4torture: the torture on an empty ext4 (ubdb,
# untarred tree, filled to ENOSPC), on host-made ext2 (ubdc) and ext3
# (ubdd) images, and on an ext4 made with mkfs.ext4 -d (ubde).
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
run() {	# run DEV TYPE UNTAR ARGS...
	dev=$1 type=$2 untar=$3
	shift 3
	mount -t $type /dev/$dev /mnt/$dev || { echo "G:$dev-mount=failed"; return; }
	echo "G:$dev-mount=$(grep "^/dev/$dev " /proc/mounts | cut -d' ' -f3-4)"
	if [ "$untar" = yes ]; then
		tar xf /tree.tar -C /mnt/$dev
		echo "G:$dev-untar=$?"
	fi
	/bin/ext4torture run /mnt/$dev "$@" >/tmp/$dev.out
	echo "G:$dev-rc=$?"
	sed "s/^T:/G:$dev-/" /tmp/$dev.out
	df /mnt/$dev | tail -n 1 | sed "s/^/G:$dev-df=/"
	umount /mnt/$dev
	echo "G:$dev-umount=$?"
}
t0=$(date +%s)
run ubdb ext4 yes fill
run ubdc ext2 yes nofalloc
run ubdd ext3 yes nofalloc
run ubde ext4 no
echo "G:seconds=$(($(date +%s) - t0))"
echo "G:end=torture"
poweroff -f
