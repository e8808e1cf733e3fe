#!/bin/sh
# boot-ubdwrite: the ubd write path. The guest writes with dd to a disk
# with a COW file over a backing file (ubd1), to a plain image (ubd2) and
# tries a read-only one (ubd3r); the host runs the same dd commands on
# copies of the images and expects the same bytes: in the guest (md5 of
# the device), in the plain image, and in uml_moo's merge of the COW file,
# whose backing file must not change. Writes cover partial sectors not yet
# in the COW file (their rest must come from the backing file), whole
# sectors, rewrites of sectors already there, and the last byte.
# Usage: ubdwrite.sh <linux> <mkbusybox.sh> <uml_moo>
set -u
MOO=$(realpath "$3")	# before lib-boot.sh changes directory
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

mkdir -p extra
head -c 70000 /dev/urandom >extra/data.bin
# writes DEV DATA: the dd commands, the same in the guest (busybox dd) and
# on the host (coreutils dd); every one must succeed.
cat >extra/writes.sh <<'W'
writes() {
	dd if=$2 of=$1 bs=100 seek=10 count=7 conv=notrunc 2>/dev/null &&
	dd if=$2 of=$1 bs=512 seek=100 skip=3 count=20 conv=notrunc 2>/dev/null &&
	dd if=$2 of=$1 bs=1000 seek=4000 skip=9 count=3 conv=notrunc 2>/dev/null &&
	dd if=$2 of=$1 bs=100 seek=11 skip=50 count=1 conv=notrunc 2>/dev/null &&
	dd if=$2 of=$1 bs=7 seek=3000 skip=77 count=1 conv=notrunc 2>/dev/null &&
	dd if=$2 of=$1 bs=1 seek=4194303 skip=5 count=1 conv=notrunc 2>/dev/null &&
	dd if=$2 of=$1 bs=4096 seek=600 count=16 conv=notrunc 2>/dev/null
}
W
mkimage root.ext4 32M "$BOOTDIR/guest/ubdwrite.sh" extra
head -c 4194304 /dev/urandom >backing.img
head -c 4194304 /dev/urandom >plain.img
head -c 4194304 /dev/urandom >ro.img
HB=$(hash_of backing.img) HR=$(hash_of ro.img)
cp backing.img want-b.img
cp plain.img want-c.img
. extra/writes.sh
writes want-b.img extra/data.bin && writes want-c.img extra/data.bin ||
	not_ok "the writes run on the host"

boot 60 out.txt ubd0=root.ext4 ubd1=b.cow,backing.img ubd2=plain.img ubd3r=ro.img \
	quiet init=/init mem=64M
show_output out.txt
ended_cleanly
expect out.txt end ubdwrite
expect out.txt ubdb-writes 0
expect out.txt ubdc-writes 0
expect out.txt ubdb-md5 "$(md5sum <want-b.img | cut -d' ' -f1)"
expect out.txt ubdc-md5 "$(md5sum <want-c.img | cut -d' ' -f1)"
check "the plain image holds the writes" cmp plain.img want-c.img
check "the backing file is unchanged" [ "$(hash_of backing.img)" = "$HB" ]
check "the COW file is sparse" sparse b.cow
"$MOO" b.cow merged.img >moo.log 2>&1 || { cat moo.log; not_ok "uml_moo b.cow merged.img"; }
check "the COW file merged with uml_moo holds the writes" cmp merged.img want-b.img
check "the read-only disk's dd fails" [ "$(value out.txt ubdd-dd)" != 0 ]
expect out.txt ubdd-err "Read-only file system"
expect out.txt ubdd-md5 "$(md5sum <ro.img | cut -d' ' -f1)"
check "the read-only image is unchanged" [ "$(hash_of ro.img)" = "$HR" ]
finish
