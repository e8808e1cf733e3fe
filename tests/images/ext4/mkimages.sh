#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Test fixture for tests/unit/test_ext4.c: build ext2/3/4 images from a
# source tree with mke2fs -d, the way Debian 12's e2fsprogs makes them.
#
#   mkimages.sh SRC SRC64 OUT
#
# SRC is the tree the test wrote (files, sparse files, a 2000-entry
# directory, symlinks, hard links); SRC64 a smaller one for 64K blocks. For each variant this script runs
# mke2fs -d, adds with debugfs what -d cannot copy without root or at all
# (device nodes, a FIFO, an unwritten-extent file, an inode with 34-bit
# times and 32-bit ids), picks the directory hash, lets e2fsck -fyD build
# htree indexes, and checks the result with e2fsck -fn. The test knows the
# debugfs inputs below and compares what the library reads with them.
#
# Variants (OUT/<name>.img):
#   ext4      4K blocks, Debian defaults (metadata_csum, 64bit, extents...), half_md4
#   ext4-1k   1K blocks, tea hash, unsigned-char hash flag
#   nocsum    4K, -O ^metadata_csum (uninit_bg-less, no checksums), half_md4 unsigned
#   inline    4K, -O inline_data, tea
#   ext3      4K ext3 (journal, block maps), legacy hash
#   ext2      1K ext2, 128-byte inodes, legacy hash unsigned
#   ext4-64k  64K blocks, no metadata_csum, no journal, from SRC64
#   recover   a copy of ext4 with the needs_recovery flag set
set -eu

SRC=$1
SRC64=$2
OUT=$3
mkdir -p "$OUT"

fail() {
	echo "mkimages.sh: $*" >&2
	exit 1
}

# build NAME HASH HASHFLAGS BLOCKSIZE SRC SIZE MKFS-ARGS...
build() {
	name=$1 hash=$2 flags=$3 bs=$4 src=$5 size=$6
	shift 6
	img=$OUT/$name.img
	rm -f "$img"
	mke2fs -q -F -b "$bs" -d "$src" "$@" "$img" "$size" >"$OUT/$name.log" 2>&1 ||
		fail "mke2fs $name failed: $(cat "$OUT/$name.log")"
	cmds=$OUT/$name.debugfs
	{
		echo "cd /"
		echo "mknod dev_old c 4 5"
		echo "mknod dev_new c 300 700"
		echo "mknod blkdev b 8 1"
		echo "mknod fifo p"
		echo "write /dev/null timed"
		echo "sif timed mtime 0x80000000"
		echo "sif timed mtime_extra 0x1D6F3455"
		echo "sif timed crtime 0x12345678"
		echo "sif timed crtime_extra 0xEB79A2C4"
		echo "sif timed uid 100000"
		echo "sif timed gid 200000"
		case $name in
		inline) ;;
		*)
			# 256 KiB preallocated, never written: unwritten extents on ext4
			echo "write /dev/null falloc"
			echo "sif falloc size 262144"
			echo "fallocate falloc 0 $((262144 / bs - 1))"
			;;
		esac
		echo "ssv def_hash_version $hash"
		echo "ssv flags $flags"
	} >"$cmds"
	debugfs -w -f "$cmds" "$img" >>"$OUT/$name.log" 2>&1 || fail "debugfs $name failed"
	# -D indexes (htree) and compacts every directory bigger than a block.
	rc=0
	e2fsck -fyD "$img" >>"$OUT/$name.log" 2>&1 || rc=$?
	[ $rc -le 1 ] || fail "e2fsck -fyD $name exited $rc: $(tail -5 "$OUT/$name.log")"
	e2fsck -fn "$img" >>"$OUT/$name.log" 2>&1 ||
		fail "$name is not clean after e2fsck: $(tail -5 "$OUT/$name.log")"
}

# Two builds at a time (the slow 1K ones with a 4K one); flags: 1 =
# signed_directory_hash, 2 = unsigned_directory_hash.
build ext4-1k tea 2 1024 "$SRC" 64M -t ext4 &
p1=$!
build ext4 half_md4 1 4096 "$SRC" 64M -t ext4 || exit 1
wait $p1 || exit 1
build ext2 legacy 2 1024 "$SRC" 64M -t ext2 -I 128 &
p1=$!
build nocsum half_md4 2 4096 "$SRC" 64M -t ext4 -O ^metadata_csum || exit 1
wait $p1 || exit 1
build inline tea 1 4096 "$SRC" 64M -t ext4 -O inline_data &
p1=$!
build ext3 legacy 1 4096 "$SRC" 64M -t ext3 || exit 1
build ext4-64k half_md4 1 65536 "$SRC64" 256M -t ext4 -O ^metadata_csum,^has_journal -N 6000 ||
	exit 1
wait $p1 || exit 1

cp --sparse=always "$OUT/ext4.img" "$OUT/recover.img"
debugfs -w -R "feature needs_recovery" "$OUT/recover.img" >/dev/null 2>&1 ||
	fail "debugfs could not set needs_recovery"
echo ok
