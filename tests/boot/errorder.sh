#!/bin/sh
# boot-errorder: the order of errors in the calls that make, remove and
# rename names (mkdir, mknod, symlink, link, open O_CREAT, unlink, rmdir,
# rename, plus chmod and truncate) on a read-only filesystem, a writable
# tmpfs and a tmpfs mounted on the read-only one, with missing and
# non-directory parents, existing targets, trailing slashes, long names,
# symlink loops, as root and as nobody. progs/errorder.c runs natively (as
# root in a mount namespace, on a tmpfs remounted read-only) and in the
# guest (on the read-only ext4 root); the guest must print what Linux did.
# Usage: errorder.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

# Both runs see the same tree: the fixtures at the top of a read-only root,
# /bin/errorder, a writable tmpfs on /tmp (the base for the writable cases)
# and one on the fixture /mnt.
mkdir -p extra/bin
if ! static_cc extra/bin/errorder "$BOOTDIR/progs/errorder.c"; then
	not_ok "building the guest program"
	finish
	exit 1
fi

# What Linux says: the host kernel, as root in a private mount namespace,
# chrooted into a tmpfs remounted read-only.
if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null ||
    ! unshare -m true 2>/dev/null; then
	skip_all "the native run needs root and unshare -m (the expectation comes from it)"
fi
mkdir -p native
unshare -m sh -c '
	set -e
	mount --make-rprivate /
	mount -t tmpfs -o mode=0755 none native
	extra/bin/errorder setup native
	mkdir -p native/bin native/tmp
	cp extra/bin/errorder native/bin/
	mount -o remount,ro native
	mount -t tmpfs none native/tmp
	mount -t tmpfs -o mode=0755 none native/mnt
	mkdir native/tmp/rw
	chroot native /bin/errorder run / /tmp/rw' >native.txt 2>native.err
check "the native run works" [ $? -eq 0 ]
cat native.err
n=$(grep -c '^T:' native.txt)
echo "# native run: $n cases on $(uname -sr)"

# The guest: the same tree on its read-only ext4 root, and the host's
# fs.protected_* settings (they decide some of the answers).
extra/bin/errorder setup extra
prot=""
for s in symlinks hardlinks fifos regular; do
	v=$(cat /proc/sys/fs/protected_$s 2>/dev/null) && prot="$prot
echo $v > /proc/sys/fs/protected_$s"
done
echo "# host: $(echo "$prot" | sed -n 's|echo \(.\) > /proc/sys/fs/\(.*\)|\2=\1|p' | tr '\n' ' ')"
cat > init.sh <<INIT
#!/bin/sh
mount -t proc proc /proc$prot
INIT
cat >> init.sh <<'INIT'
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /mnt
chmod 755 /mnt
mkdir /tmp/rw
/bin/errorder run / /tmp/rw
poweroff -f
INIT
mkimage root.ext4 32M init.sh extra
boot 300 out.txt ubd0=root.ext4 quiet init=/init mem=128M
ended_cleanly
grep '^T:' out.txt > guest.txt
check "the guest ran all $n cases" [ "$(grep -c '^T:' guest.txt)" -eq "$n" ]
# One line per case that differs: "call path user: Linux X, umk Y".
awk -F= 'NR == FNR { want[FNR] = $0; next }
	{ split(want[FNR], w, "="); if (w[1] != $1 || w[2] != $2)
		printf "# %s: Linux %s, umk %s\n", substr($1, 3), w[2], $2 }' \
	native.txt guest.txt > diff.txt
if [ ! -s diff.txt ]; then
	ok "all $n cases give the errors Linux gives"
else
	not_ok "the guest differs from Linux in $(wc -l < diff.txt) of $n cases:"
	cat diff.txt
fi
finish
