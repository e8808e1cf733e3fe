#!/bin/sh
# boot-ext4torture: a write torture (progs/ext4torture) in the guest on
# four disks: an empty ext4 where a tree of 2000 files is untarred, then
# renamed, moved, deleted, a directory grown past the htree threshold and
# thinned, files with holes and fallocated ranges, xattrs, hard links, a
# sparse file of 6 GiB logical size, and the disk filled to ENOSPC and
# recovered; the same on ext2 and ext3 images made by the host's mkfs
# (without fallocate: no extents there), and on an ext4 made by
# `mkfs.ext4 -d` with the tree. The host runs the same program on the
# same tree; after the power-off every image is clean for e2fsck -fn and
# holds exactly the host's tree (debugfs rdump, diff -r), xattrs and
# hard links included.
# Usage: ext4torture.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"
command -v debugfs >/dev/null || skip_all "debugfs not installed (e2fsprogs)"
command -v mkfs.ext2 >/dev/null || skip_all "mkfs.ext2 not installed (e2fsprogs)"

build_guest_prog ext4torture
mkdir -p gen
extra/bin/ext4torture gen gen || not_ok "ext4torture gen"
tar cf extra/tree.tar -C gen tree
# The host's runs: untarred (ext4 and ext2/3 flavours) and over the tree as it is (-d).
mkdir -p native-ext4 native-ext2 native-d
for d in native-ext4 native-ext2; do tar xf extra/tree.tar -C $d; done
cp -a gen/tree native-d/
extra/bin/ext4torture run native-ext4 >native-ext4.out &&
extra/bin/ext4torture run native-ext2 nofalloc >native-ext2.out &&
extra/bin/ext4torture run native-d >native-d.out || not_ok "the host's runs"

mkdir -p extra/mnt/ubdb extra/mnt/ubdc extra/mnt/ubdd extra/mnt/ubde
mkimage root.ext4 96M "$BOOTDIR/guest/ext4torture.sh" extra
rm -f fs.ext4 ext2.img ext3.img d.ext4
truncate -s 96M fs.ext4 && mkfs.ext4 -q fs.ext4
truncate -s 64M ext2.img && mkfs.ext2 -q ext2.img
truncate -s 64M ext3.img && mkfs.ext3 -q ext3.img
rm -rf d-src && mkdir d-src && cp -a gen/tree d-src/ &&
	mkfs.ext4 -q -d d-src d.ext4 64M 2>/dev/null || not_ok "mkfs.ext4 -d"

boot 240 out.txt ubd0r=root.ext4 ubd1=fs.ext4 ubd2=ext2.img ubd3=ext3.img ubd4=d.ext4 \
	quiet init=/init mem=128M
show_output out.txt
ended_cleanly
gv() { sed -n "s/^G:$1=//p" out.txt | head -n 1; }
check "the guest finished" [ "$(gv end)" = torture ]
echo "# torture time in the guest: $(gv seconds) s"

# same_lines DEV NATIVE-OUT: the program's lines on DEV are the host's.
same_lines() {
	sed -n "s/^G:$1-\([a-z-]*=\)/\1/p" out.txt | grep -v '^fill-\|^mount=\|^untar=\|^rc=\|^df=\|^umount=' >got-$1.txt
	sed 's/^T://' "$2" >want-$1.txt
	if cmp -s want-$1.txt got-$1.txt; then
		ok "$1: the program's $(wc -l <got-$1.txt) lines are the host's"
	else
		not_ok "$1: the program's lines differ from the host's:"
		diff want-$1.txt got-$1.txt | sed 's/^/| /'
	fi
}

# same_tree IMG NATIVE-DIR: e2fsck -fn clean, and the tree equals the host's.
same_tree() {
	e2fsck -fn "$1" >fsck-$1.log 2>&1
	r=$?
	[ $r -eq 0 ] || sed 's/^/| /' fsck-$1.log | head -30
	check "$1: e2fsck -fn is clean (exit $r)" [ $r -eq 0 ]
	rm -rf dump-$1 && mkdir dump-$1
	# Not the 6 GiB sparse file: checked by the program and by its size here.
	debugfs -R "rdump /tree /big /holes dump-$1" "$1" >/dev/null 2>&1
	[ -e "$2/falloc" ] && debugfs -R "dump /falloc dump-$1/falloc" "$1" >/dev/null 2>&1
	if diff -r --no-dereference -x huge-sparse -x after-enospc -x filler "$2" dump-$1 >diff-$1.log 2>&1; then
		ok "$1: the tree equals the host's ($(find dump-$1 | wc -l) names)"
	else
		not_ok "$1: the tree differs from the host's:"
		head -20 diff-$1.log | sed 's/^/| /'
	fi
	v=$(debugfs -R 'ea_get -x /tree/d01/file-007 user.sized' "$1" 2>/dev/null | tr -d ' \n' | wc -c)
	check "$1: an xattr in a block is there" [ "$v" -gt 30 ]
	check "$1: the sparse file is 6 GiB" sh -c "debugfs -R 'stat /huge-sparse' $1 2>/dev/null | grep -q 'Size: 6442450944'"
	check "$1: a hard link counts 2" sh -c "debugfs -R 'stat /tree/d03/link-to-d02-007' $1 2>/dev/null | grep -q 'Links: 2'"
}

for dev in ubdb ubdc ubdd ubde; do
	check "$dev: rc 0" [ "$(gv $dev-rc)" = 0 ]
	check "$dev: unmounted" [ "$(gv $dev-umount)" = 0 ]
done
check "ubdb mounted read-write as ext4" [ "$(gv ubdb-mount)" = "ext4 rw" ]
check "ubdc mounted read-write as ext2" [ "$(gv ubdc-mount)" = "ext2 rw" ]
same_lines ubdb native-ext4.out
same_lines ubdc native-ext2.out
same_lines ubdd native-ext2.out
same_lines ubde native-d.out
check "ubdb: filled to ENOSPC" [ "$(gv ubdb-fill-enospc)" = ENOSPC ]
check "ubdb: fsync of the full disk's file" [ "$(gv ubdb-fill-fsync)" = 0 ]
check "ubdb: recovered after ENOSPC" [ "$(gv ubdb-fill-recovered)" = 2 ]
same_tree fs.ext4 native-ext4
same_tree ext2.img native-ext2
same_tree ext3.img native-ext2
same_tree d.ext4 native-d
finish
