#!/bin/sh
# boot-loop: loop devices. progs/loopctl checks the LOOP_* ioctls (its
# lines are Linux 6.1's: the test runs it natively first, as root); then
# util-linux losetup (-f --show, offset and size limit, -r, -l, -d),
# busybox losetup and `mount -o loop` in the guest, e2fsck and mkfs.ext4
# through a loop device, compared with the host's view of the same bytes.
# Usage: loop.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"
for p in losetup blkid blockdev mkfs.ext4 e2fsck ldd; do
	command -v $p >/dev/null || skip_all "no $p on the host"
done
copy_prog() {
	src=$(command -v "$1")
	mkdir -p extra/ul
	cp -L "$src" "extra/ul/$1"
	for lib in $(ldd "$src" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		mkdir -p "extra/$(dirname "$lib")"
		cp -L "$lib" "extra/$lib"
	done
}
mkdir -p extra/etc
for p in losetup blkid blockdev mkfs.ext4 e2fsck; do copy_prog $p; done
[ -f /etc/mke2fs.conf ] && cp /etc/mke2fs.conf extra/etc/
build_guest_prog loopctl
head -c 4194304 /dev/urandom >extra/data.bin
head -c 8192 /dev/urandom >extra/data2
mkdir -p tree && echo hello-from-loop >tree/hello.txt
truncate -s 16M extra/fs.ext4 && mkfs.ext4 -q -F -L looped -d tree extra/fs.ext4 ||
	not_ok "mkfs fs.ext4"
if [ "$(id -u)" = 0 ]; then
	head -c 1048576 extra/data.bin >native.img
	run_native loopctl native.img
else
	skip "progs/loopctl natively (needs root)"
fi
mkimage root.ext4 96M "$BOOTDIR/guest/loop.sh" extra

boot 180 out.txt ubd0=root.ext4 quiet init=/init mem=128M
show_output out.txt
ended_cleanly
expect out.txt end loop
sed -n '/^== loopctl/,/^== end loopctl/p' out.txt >loopctl.txt
as_expected "loopctl in the guest" loopctl loopctl.txt
md5() { md5sum | cut -d' ' -f1; }
expect out.txt nodes "character special file a:ed block special file 7:0 block special file 7:7 "
expect out.txt proc-devices "10 misc 7 loop "
expect out.txt ul-dev /dev/loop0
expect out.txt ul-md5 "$(md5 <extra/data.bin)"
expect out.txt ul-write 0
cp extra/data.bin want.img
dd if=extra/data2 of=want.img bs=4096 seek=3 conv=notrunc 2>/dev/null
expect out.txt ul-file-md5 "$(md5 <want.img)"
expect out.txt ul-list "/dev/loop0 0 0 0 0 /tmp/img"
expect out.txt sys-backing "/tmp/img 8192"
expect out.txt ul-offset "/dev/loop1 2097152 $(dd if=want.img bs=1M skip=1 count=2 2>/dev/null | md5)"
expect out.txt ul-offset-ro 1
expect out.txt ul-detach "0 []"
expect out.txt bb-losetup "0 /dev/loop0 0 /tmp/img"
expect out.txt bb-detach 0
expect out.txt mount-loop "0 hello-from-loop"
expect out.txt mount-dev "/dev/loop0 ext4"
expect out.txt mount-list "/dev/loop0 1 1 /fs.ext4"
expect out.txt umount 0
expect out.txt after-umount "[]"
expect out.txt blkid-loop "looped $(blkid -p -s UUID -o value extra/fs.ext4) "
expect out.txt fsck-loop 0
expect out.txt mkfs-loop 0
expect out.txt fsck-mkfs-loop 0
expect out.txt blkid-mkfs-loop onloop
finish
