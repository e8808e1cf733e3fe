#!/bin/sh
# Builds umk (in build/) and runs the demo: a busybox root image is made
# with mkfs.ext4 -d, a COW file is put over it with our uml_mkcow, a guest
# writes into the COW, and our uml_moo merges COW and backing file into a
# new sparse image that e2fsck checks and debugfs reads.
#
# Until umk's own kernel boots, the guest is Debian's UML (linux.uml).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
[ -f build/build.ninja ] || meson setup build
ninja -C build
demo=$top/build/demo
rm -rf "$demo"
mkdir -p "$demo"
cd "$demo"
cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -o remount,rw /
echo "hello from the guest, $(date)" > /hello.txt
uname -a
sync
mount -o remount,ro /
poweroff -f
INIT
echo "== building root.ext4 (busybox-static, mkfs.ext4 -d)"
"$top/tests/images/mkbusybox.sh" root.ext4 32M init.sh >/dev/null
echo "== uml_mkcow root.cow root.ext4"
"$top/build/tools/uml_mkcow" root.cow root.ext4
ls -ls root.ext4 root.cow
if command -v linux.uml >/dev/null; then
	echo "== booting the guest on ubd0=root.cow,root.ext4"
	timeout 120 linux.uml ubd0=root.cow,root.ext4 mem=64M init=/init quiet \
		con=null con0=fd:0,fd:1 umid="umkdemo$$" uml_dir="$demo/uml" </dev/null
else
	echo "(linux.uml not installed: the COW stays empty)"
fi
echo "== uml_moo root.cow merged.ext4"
"$top/build/tools/uml_moo" root.cow merged.ext4
ls -ls merged.ext4
e2fsck -fn merged.ext4
echo "== /hello.txt in the merged image:"
debugfs -R 'cat /hello.txt' merged.ext4 2>/dev/null
