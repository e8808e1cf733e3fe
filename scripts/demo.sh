#!/bin/sh
# Builds umk (in build/) and boots a demo guest: a busybox root image made
# with mkfs.ext4 -d, a COW file over it made by our uml_mkcow, and our
# kernel booted on both exactly as UML would be:
#
#     linux ubd0=root.cow,root.ext4 mem=128M
#
# The guest's init shows a few things about the system. On a terminal you
# then get a shell (job control, Ctrl-C, Ctrl-Z work); `poweroff -f` ends
# the kernel. Without a terminal the guest powers off by itself.
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
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
echo "== umk demo guest: init is pid $$"
echo "== /proc/cmdline: $(cat /proc/cmdline)"
uname -a
free
ls /dev
ps
if [ -t 0 ] && [ "$(cat /proc/cmdline | grep -c demo_batch)" = 0 ]; then
	echo "== a shell on the console; 'poweroff -f' ends the kernel"
	exec /bin/sh
fi
poweroff -f
INIT
echo "== building root.ext4 (busybox-static, mkfs.ext4 -d)"
"$top/tests/images/mkbusybox.sh" root.ext4 32M init.sh >/dev/null
echo "== uml_mkcow root.cow root.ext4"
"$top/build/tools/uml_mkcow" root.cow root.ext4
echo "== linux ubd0=root.cow,root.ext4 mem=128M init=/init"
extra=
[ -t 0 ] || extra=demo_batch
# shellcheck disable=SC2086
"$top/build/kernel/linux" ubd0=root.cow,root.ext4 mem=128M init=/init $extra
echo "== the kernel exited with status $?"
