#!/bin/sh
# boot-ubdblk: ubd disks as util-linux and e2fsprogs see them. Seven disks:
# the root (COW over root.ext4), an ext4 image with a label, UUID and serial (ubdb, flag c), an empty
# 200M sparse file (ubdc, where the guest runs mkfs.ext4), a read-only
# image (ubdd, flag r), an MBR-partitioned image with a primary and a
# logical partition (ubde), a GPT-partitioned one (ubdf) and a COW disk
# (ubdg). The guest runs the host's own lsblk, blkid, blockdev, mkfs.ext4
# and e2fsck (dynamic binaries with their libraries); the host's blkid on
# the same files, sfdisk's table and the file sizes say what they must
# print. After halt the host's e2fsck must find the guest-made filesystem
# clean.
# Usage: ubdblk.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"
for p in lsblk blkid blockdev mkfs.ext4 e2fsck sfdisk ldd; do
	command -v $p >/dev/null || skip_all "no $p on the host"
done

# copy_prog PROGRAM: the host's PROGRAM to extra/ul/, with its libraries at their paths.
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
build_guest_prog blkioctl
build_guest_prog ptfuzz
build_guest_prog blkgeo
for p in lsblk blkid blockdev mkfs.ext4 e2fsck; do copy_prog $p; done
[ -f /etc/mke2fs.conf ] && cp /etc/mke2fs.conf extra/etc/

UB=5eed0001-0000-4000-8000-00000000000b
truncate -s 64M fs.ext4 && mkfs.ext4 -q -F -L data -U $UB fs.ext4 || not_ok "mkfs fs.ext4"
truncate -s 200M empty.img
truncate -s 16M ro.ext4 && mkfs.ext4 -q -F -L rodisk ro.ext4 || not_ok "mkfs ro.ext4"
# ubde: MBR, p1 16M ext4 (with a file), p2 extended, p5 8M ext2 in it.
mkdir -p p1tree && echo hello-p1 > p1tree/hello
truncate -s 16M p1.img && mkfs.ext4 -q -F -L p1lab -d p1tree p1.img || not_ok "mkfs p1"
truncate -s 8M p5.img && mkfs.ext2 -q -F -L logi p5.img || not_ok "mkfs p5"
truncate -s 48M part.img
printf 'label: dos\nlabel-id: 0x1234abcd\nstart=2048, size=32768, type=83\nstart=34816, type=5\nstart=36864, size=16384, type=83\n' |
	sfdisk -q part.img || not_ok "sfdisk part.img"
dd if=p1.img of=part.img bs=512 seek=2048 conv=notrunc 2>/dev/null
dd if=p5.img of=part.img bs=512 seek=36864 conv=notrunc 2>/dev/null
# ubdf: GPT, p1 8M (no filesystem), p2 the rest, ext4.
truncate -s 40M gpt.img
printf 'label: gpt\nstart=2048, size=16384\nstart=18432, size=40960\n' | sfdisk -q gpt.img ||
	not_ok "sfdisk gpt.img"
truncate -s 20M g2.img && mkfs.ext4 -q -F -L gpt2 g2.img && dd if=g2.img of=gpt.img bs=512 seek=18432 conv=notrunc 2>/dev/null
head -c 8M /dev/urandom >backing.img
# the MBR the guest writes on ubdc before BLKRRPART: three primaries
truncate -s 200M t.img
printf 'label: dos\nstart=2048, size=2048\nstart=4096, size=4096\nstart=8192, size=100\n' | sfdisk -q t.img
head -c 512 t.img >extra2.bin
cp extra2.bin extra/newtable.bin
mkimage root.ext4 96M "$BOOTDIR/guest/ubdblk.sh" extra
HRO=$(hash_of ro.ext4) HB=$(hash_of backing.img)
# progs/blkioctl: Linux's answers on a loop device over an image like ubdh's
# (root only); then on ubdh (plain image) and ubdi (COW file) in the guest.
head -c 8M /dev/urandom >ioctl.img
truncate -s 8M fuzz.img
head -c 1M /dev/urandom >notrim.img
head -c 8M /dev/urandom >ioctl-back.img
if [ "$(id -u)" = 0 ] && cp ioctl.img native.img && lo=$(losetup -f --show native.img 2>/dev/null); then
	run_native blkioctl "$lo"
	losetup -d "$lo"
else
	skip "progs/blkioctl natively (needs root and a free loop device)"
fi
HIB=$(hash_of ioctl-back.img)

HROOT=$(hash_of root.ext4)
boot 240 out.txt ubd0=root.cow,root.ext4 ubd1c=fs.ext4,,SER-B1 ubd2=empty.img ubd3r=ro.ext4 \
	ubd4=part.img ubd5=gpt.img ubd6=g.cow,backing.img ubd7=ioctl.img ubd8=i.cow,ioctl-back.img ubd9=fuzz.img ubd10t=notrim.img \
	quiet init=/init mem=256M
show_output out.txt
ended_cleanly
expect out.txt end ubdblk

# /proc/partitions: every disk and partition, with Linux's numbers.
kb() { echo $(($(stat -c %s "$1") / 1024)); }
expect out.txt part-ubda "98:0 $(kb root.ext4)"
check "root.ext4 is unchanged under its COW file" [ "$(hash_of root.ext4)" = "$HROOT" ]
check "ubd1c: UML's words for an unlocked file" has out.txt '^Not locking "fs.ext4" on the host$'
# dd from a raw device with several block sizes: the bytes dd reads on the host
for spec in "1 70000 3" "512 100 7" "3000 50 11" "4096 300 1" "65536 20 2" "1048576 4 3"; do
	set -- $spec
	expect out.txt "dd-$1" "$(dd if=ro.ext4 bs=$1 count=$2 skip=$3 2>/dev/null | md5sum | cut -d' ' -f1)"
done
expect out.txt part-ubdb "98:16 65536"
expect out.txt part-ubdc "98:32 204800"
expect out.txt part-ubdd "98:48 16384"
expect out.txt part-ubde "98:64 49152"
expect out.txt part-ubde1 "98:65 16384"
expect out.txt part-ubde2 "98:66 1"
expect out.txt part-ubde5 "98:69 8192"
expect out.txt part-ubdf "98:80 40960"
expect out.txt part-ubdf1 "98:81 8192"
expect out.txt part-ubdf2 "98:82 20480"
expect out.txt part-ubdg "98:96 8192"
# sysfs
expect out.txt sys-ubdb-size 131072
expect out.txt sys-ubdb-ro 0
expect out.txt sys-ubdd-ro 1
expect out.txt sys-ubdb-range 16
expect out.txt sys-ubdb-dev 98:16
expect out.txt sys-ubdb-serial SER-B1
expect out.txt sys-ubdb-queue_logical_block_size 512
expect out.txt sys-ubdb-removable 0
check "only ubdb has a serial" [ -z "$(value out.txt sys-ubdc-serial)" ]
expect out.txt sys-ubde1-start 2048
expect out.txt sys-ubde1-size 32768
expect out.txt sys-ubde1-partition 1
expect out.txt sys-ubde1-dev 98:65
expect out.txt sys-ubde2-size 2
expect out.txt sys-ubde5-start 36864
expect out.txt sys-ubde5-partition 5
expect out.txt sys-ubdf2-start 18432
expect out.txt sys-ubdf2-size 40960
expect out.txt sysdev-ubdf2 40960
# blkid in the guest = blkid on the host, on the same bytes.
hb() { blkid -p -s "$2" -o value "$1" 2>/dev/null; }
for k in UUID LABEL TYPE; do
	expect out.txt blkid-ubdb-$k "$(hb fs.ext4 $k)"
	expect out.txt blkid-ubdd-$k "$(hb ro.ext4 $k)"
	expect out.txt blkid-ubde1-$k "$(hb p1.img $k)"
	expect out.txt blkid-ubde5-$k "$(hb p5.img $k)"
	expect out.txt blkid-ubdf2-$k "$(hb g2.img $k)"
done
for k in PTTYPE PTUUID; do
	expect out.txt blkid-ubde-$k "$(hb part.img $k)"
	expect out.txt blkid-ubdf-$k "$(hb gpt.img $k)"
done
check "blkid saw the MBR as dos" [ "$(value out.txt blkid-ubde-PTTYPE)" = dos ]
# lsblk -r: name, numbers, size, ro, type, and what blkid finds.
expect out.txt lsblk-status 0
lsblk_has() {
	if grep -qxF "L:$1" out.txt; then ok "lsblk: $1"; else not_ok "lsblk lacks '$1'"; fi
}
lsblk_has "ubdb 98:16 67108864 0 disk ext4 data $UB"
lsblk_has "ubdc 98:32 209715200 0 disk   "
lsblk_has "ubdd 98:48 16777216 1 disk ext4 rodisk $(hb ro.ext4 UUID)"
lsblk_has "ubde 98:64 50331648 0 disk   "
lsblk_has "ubde1 98:65 16777216 0 part ext4 p1lab $(hb p1.img UUID)"
lsblk_has "ubde5 98:69 8388608 0 part ext2 logi $(hb p5.img UUID)"
lsblk_has "ubdf2 98:82 20971520 0 part ext4 gpt2 $(hb g2.img UUID)"
# blockdev's ioctls
expect out.txt blockdev-ubdb "67108864 131072 512 512 512 0 0 0 "
expect out.txt blockdev-ubdd "16777216 32768 512 512 512 0 0 1 "
expect out.txt blockdev-ubde1 "16777216 32768 512 512 512 0 0 0 "
sed -n '/^== blkioctl ubdh/,/^== blkioctl ubdi/p' out.txt >ioctl-h.txt
sed -n '/^== blkioctl ubdi/,/^== end blkioctl/p' out.txt >ioctl-i.txt
as_expected "blkioctl on ubdh (plain image)" blkioctl ioctl-h.txt
as_expected "blkioctl on ubdi (COW file)" blkioctl ioctl-i.txt
check "the ioctl COW's backing file is unchanged" [ "$(hash_of ioctl-back.img)" = "$HIB" ]
check "the discarded range is a hole in the plain image" \
	[ "$(stat -c %b ioctl.img)" -lt "$(stat -c %b ioctl-back.img)" ]
# UML's discard on a COW disk: the sectors' bits are set (they read as the
# COW file's zeros, not as the backing file): sectors 128..143 = bitmap bytes 16, 17.
check "the discarded sectors' bits are set in the COW bitmap" \
	[ "$(od -An -tx1 -j $((8192 + 16)) -N 2 i.cow | tr -d ' ')" = ffff ]
# a partition is bounded
expect out.txt p1-last-write 0
check "a write past a partition's end fails with ENOSPC" \
	[ "$(value out.txt p1-past-end)" != "0 " ] && has out.txt '^T:p1-past-end=1 No space left on device$'
expect out.txt p1-on-disk "$(head -c 512 /dev/zero | tr '\0' 'P' | md5sum | cut -d' ' -f1)"
expect out.txt p1-mount hello-p1
check "the partition's last sector is on the host's image" \
	[ "$(dd if=part.img bs=512 skip=34815 count=1 2>/dev/null | tr -d P | wc -c)" = 0 ]
# flag t: no discard (EOPNOTSUPP, as UML without trim), the data stays
expect out.txt notrim-discard "1 Operation not supported"
expect out.txt notrim-sys "0 0"
expect out.txt trim-sys "512 32768"	# UML 6.1's ubd values
check "the t disk's data is still there" [ "$(value out.txt notrim-md5)" = "$(md5sum <notrim.img | cut -d' ' -f1)" ]
# random partition tables: read without a crash, no partition outside the disk
expect out.txt ptfuzz "300 ok"
check "no partition outside the disk, no BLKRRPART error" lacks out.txt '^T:(outside|rrpart)-round'
expect out.txt geo-ubdb "128 32 32 0"
expect out.txt geo-ubde1 "128 32 24 2048"
# BLKRRPART: a new table on ubdc is read; busy and partition cases refused.
expect out.txt rrpart-before 1
expect out.txt rrpart "0 ubdc ubdc1 ubdc2 ubdc3 "
expect out.txt rrpart-sys "ubdc1 ubdc2 ubdc3 100"
expect out.txt rrpart-dev "ubdc ubdc1 ubdc2 ubdc3 "
expect out.txt rrpart-busy "1 Device or resource busy"
expect out.txt rrpart-on-part "1 Invalid argument"
expect out.txt rrpart-gone "0 1 1"
# mkfs.ext4 in the guest; the host agrees it is clean.
expect out.txt mkfs-status 0
expect out.txt guest-fsck 0
expect out.txt mkfs-blkid "guestfs 0ddba110-0000-4000-8000-000000000001 "
expect out.txt mkfs-mount "lost+found "
check "the host's e2fsck finds the guest's mkfs clean" fsck_clean empty.img
check "the guest-made filesystem has the label" [ "$(hb empty.img LABEL)" = guestfs ]
check "e2fsck -fn on fs.ext4" fsck_clean fs.ext4
check "the read-only image is unchanged" [ "$(hash_of ro.ext4)" = "$HRO" ]
check "the backing file is unchanged" [ "$(hash_of backing.img)" = "$HB" ]
finish
