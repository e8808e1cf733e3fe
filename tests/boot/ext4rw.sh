#!/bin/sh
# boot-ext4rw: ext4 read-write through the VFS. progs/ext4rw (create,
# rename with both flags, links, mkdir/rmdir, mknod, truncate, fallocate,
# xattrs, chmod/chown/utimensat, statfs, O_APPEND, holes, MAP_SHARED
# writes with msync, fsync...) runs on the host in a scratch directory,
# where its lines must be progs/ext4rw.out, then in the guest on the root
# mounted read-write (`ubd0=root.cow,root.ext4 rw`), where they must be
# the same. After the power-off: the backing image is unchanged, the COW
# file sparse, and uml_moo's merge is clean for e2fsck -fn and holds the
# tree the program left (debugfs rdump against the host's), with its
# extended attributes.
# Usage: ext4rw.sh <linux> <mkbusybox.sh> <uml_moo>
set -u
MOO=$(realpath "$3")	# before lib-boot.sh changes directory
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"
command -v debugfs >/dev/null || skip_all "debugfs not installed (e2fsprogs)"

build_guest_prog ext4rw
run_native ext4rw "$work/native"
mkimage root.ext4 64M "$BOOTDIR/guest/ext4rw.sh" extra
HB=$(hash_of root.ext4)
rm -f quota.ext4 && truncate -s 16M quota.ext4 && mkfs.ext4 -q -O quota quota.ext4
HQ=$(hash_of quota.ext4)

boot 120 out.txt ubd0=root.cow,root.ext4 ubd1=quota.ext4 rw init=/init mem=128M
show_output out.txt
ended_cleanly
check "the root is mounted read-write" has out.txt "^G:rootmount=/dev/ubda / ext4 rw$"
check "the program ends with status 0" has out.txt "^G:prog-rc=0$"
check "remount,ro" has out.txt "^G:remount-ro=ok$"
check "a write to the read-only root fails with EROFS" has out.txt "^G:touch-ro=Read-only file system$"
check "remount,rw" has out.txt "^G:remount-rw=ok$"
check "the root takes writes again" has out.txt "^G:touch-rw=ok$"
check "a feature that cannot be written: mounted ro" has out.txt "^G:quota-mount=ro$"
check "... with one line saying why" has out.txt "EXT4-fs \(ubdb\): couldn't mount RDWR \(.*quota.*\): mounting read-only"
check "... and the image is not written" [ "$(hash_of quota.ext4)" = "$HQ" ]
check "umount of a mount in use: EBUSY" has out.txt "^G:busy-umount=busy$"
check "umount once unused" has out.txt "^G:umount=0$"
check "an unknown mount option is refused" has out.txt "^G:bogus-option=255$"
check "... with Linux's message" has out.txt 'Unrecognized mount option "bogus"'
as_expected "in the guest" ext4rw out.txt
check "the backing image is unchanged" [ "$(hash_of root.ext4)" = "$HB" ]
check "the COW file is sparse" sparse root.cow
"$MOO" root.cow merged.ext4 >moo.log 2>&1 || { cat moo.log; not_ok "uml_moo root.cow merged.ext4"; }
e2fsck -fn merged.ext4 >fsck.log 2>&1
fsck_rc=$?
[ "$fsck_rc" -eq 0 ] || sed 's/^/| /' fsck.log
check "e2fsck -fn is clean on the merged image (exit $fsck_rc)" [ "$fsck_rc" -eq 0 ]
check "the merged image was left clean" sh -c "dumpe2fs -h merged.ext4 2>/dev/null | grep -q 'state: *clean$'"
# statfs's free and available blocks just before the power-off are the disk's.
free=$(dumpe2fs -h merged.ext4 2>/dev/null | sed -n 's/^Free blocks: *//p')
resv=$(dumpe2fs -h merged.ext4 2>/dev/null | sed -n 's/^Reserved block count: *//p')
bsize=$(dumpe2fs -h merged.ext4 2>/dev/null | sed -n 's/^Block size: *//p')
check "statfs: block size, free and available blocks are the disk's" \
	has out.txt "^G:statfs=$bsize $free $((free - resv))\$"
mkdir -p dump
debugfs -R 'rdump /root/t/keep dump' merged.ext4 >rdump.log 2>&1
if diff -r --no-dereference "$work/native/keep" dump/keep >diff.log 2>&1; then
	ok "the tree the guest left equals the host's ($(find dump/keep | wc -l) names)"
else
	not_ok "the tree the guest left differs from the host's:"
	sed 's/^/| /' diff.log | head -40
fi
ea=$(debugfs -R 'ea_get /root/t/keep/x user.big' merged.ext4 2>/dev/null | wc -c)
check "the 900-byte xattr is on the disk" [ "$ea" -gt 900 ]
check "the xattr removed is gone" sh -c "! debugfs -R 'ea_list /root/t/keep/x' merged.ext4 2>/dev/null | grep -q 'user.one'"
check "the unlinked open file was freed" sh -c "! debugfs -R 'ls /root/t/scratch' merged.ext4 2>/dev/null | grep -q ghost"
finish
