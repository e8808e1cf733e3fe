#!/bin/sh
# Guest side of boot-hostfs. HFS_MODE (from the kernel command line) says
# which boot this is:
#   confined  linux ran with hostfs=<share>: mounts are paths inside it
#   root      no hostfs= dir (hostfs=,append): the data is a host path
#             (HFS_DIR, the share's host path) and every write appends
#   user      linux runs as an unprivileged host user (hostfs=<dir>)
#   fds       linux may have 128 descriptors: 400 files cached at once
#   hostroot  the root itself is hostfs (rootfstype=hostfs rootflags=...)
# Each check prints "T:<name>=<result>"; the host compares (boot/hostfs.sh).
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp

# mnt NAME DATA: mount hostfs on /m/NAME; prints T:mount-NAME=ok or the error.
mnt() {
	if [ -n "$2" ]; then
		mount -t hostfs none "/m/$1" -o "$2" 2>/tmp/merr
	else
		mount -t hostfs none "/m/$1" 2>/tmp/merr
	fi
	if [ $? -eq 0 ]; then
		echo "T:mount-$1=ok"
	else
		echo "T:mount-$1=$(sed -n 's/.*failed: //p' /tmp/merr)"
	fi
}

# fails NAME CMD...: CMD must fail; prints T:NAME=failed or T:NAME=succeeded.
fails() {
	n=$1
	shift
	if "$@" 2>/dev/null; then echo "T:$n=succeeded"; else echo "T:$n=failed"; fi
}

if [ "$HFS_MODE" = hostroot ]; then
	echo "T:hostroot-mount=$(grep ' / ' /proc/mounts)"
	fails hostroot-ro-write sh -c 'echo x >/written-ro'
	mount -o remount,rw /
	echo "written from the guest" >/written
	echo "T:hostroot-rw-write=$?"
	echo "T:end=hostfs-hostroot"
	poweroff -f
fi
if [ "$HFS_MODE" = fds ]; then
	mnt f many
	i=0
	while [ $i -lt 400 ]; do
		echo $i >/m/f/f$i
		i=$((i + 1))
	done
	echo "T:fds-ls=$(ls -l /m/f | wc -l)"
	echo "T:fds-cat=$(cat /m/f/f* | wc -l)"
	echo "T:fds-stat=$(stat -c %s /m/f/f* | wc -l)"
	echo "T:end=hostfs-fds"
	poweroff -f
fi
if [ "$HFS_MODE" = user ]; then
	mnt u share
	echo "T:user-read=$(stat -c '%u %g' /m/u/h) $(cat /m/u/h)"
	echo "made by the guest" >/m/u/new
	echo "T:user-new=$(stat -c '%u %g' /m/u/new)"
	fails user-chown chown 0:0 /m/u/new
	fails user-write-root-file sh -c 'echo x >>/m/u/rootfile'
	echo "T:end=hostfs-user"
	poweroff -f
fi
if [ "$HFS_MODE" = root ]; then
	mnt a "$HFS_DIR"
	echo "T:root-abs=$(cat /m/a/hostdata/hello.txt)"
	mnt b ""
	echo "T:root-nodata=$(cat "/m/b$HFS_DIR/hostdata/hello.txt")"
	mnt c "$HFS_DIR/hostdata/../hostdata"
	echo "T:root-dotdot=$(cat /m/c/hello.txt)"
	# hostfs=,append: a write in the middle lands at the end.
	printf XY | dd of=/m/a/hostdata/append.txt bs=1 seek=2 conv=notrunc 2>/dev/null
	echo "T:append-dd=$?"
	echo "T:end=hostfs-root"
	poweroff -f
fi

mnt top ""
mnt prog prog
/bin/hostfs /m/prog >/m/top/prog.out 2>&1
echo "T:prog=$?"
# When a shared mapping's writes reach the host: seen through a second
# mount of the share (its own cache).
mnt view ""
/bin/hostfs --shared-write /m/top/hostdata/mapme.txt /m/view/hostdata/mapme.txt

# Reading what the host made.
d=/m/top/hostdata
echo "T:read-host=$(cat $d/hello.txt)"
echo "T:stat-host=$(stat -c '%a %s %Y %u %g' $d/mode640)"
echo "T:big-md5=$(md5sum <$d/big.bin | cut -d' ' -f1)"
cp $d/big.bin /tmp/big.bin
echo "T:big-copy-in=$(cmp $d/big.bin /tmp/big.bin && echo same)"
echo "T:list-host=$(ls $d | tr '\n' ' ')"

# Writing for the host to check.
o=/m/top/out
mkdir $o
cp /tmp/big.bin $o/big.copy
echo "guest wrote this" >$o/file
chmod 640 $o/file
touch -d '2001-02-03 04:05:06' $o/file
mkdir -p $o/dir/sub
chmod 711 $o/dir
ln -s ../some/target $o/sym
ln $o/file $o/hard
echo mv >$o/mv1
mv $o/mv1 $o/mv2
echo rm >$o/rmme
rm $o/rmme
echo 0123456789 >$o/trunc
truncate -s 4 $o/trunc
head -c 100 /dev/zero >$o/grow
truncate -s 100000 $o/grow
mkfifo $o/fifo
echo "T:writes=$?"
# A program on hostfs runs (exec reads and maps it from the host file).
cp /bin/busybox $o/busybox
echo "T:exec=$($o/busybox echo ran)"
echo "T:guest-owner=$(stat -c '%u %g' $o/file)"
fails chown-other chown 4321:4321 $o/file

# Changes the host makes while the guest runs: the guest looks first (so
# the names, and the absence of new.txt, are cached), then asks the host
# (ping), waits for it (pong) and looks again.
s=/m/top/sync
echo "T:before=$(cat $s/existing.txt)"
cat $s/new.txt 2>/dev/null
ls -l $s >/dev/null
stat $s/ren-a $s/deleted.txt >/dev/null
touch $s/ping
i=0
while [ ! -e $s/pong ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
echo "T:pong=$([ -e $s/pong ] && echo seen)"
echo "T:host-new=$(cat $s/new.txt)"
echo "T:host-changed=$(cat $s/existing.txt) $(stat -c %a $s/existing.txt)"
fails host-deleted cat $s/deleted.txt
echo "T:host-renamed=$(cat $s/ren-b)"
fails host-renamed-old cat $s/ren-a
echo "T:host-mkdir=$(stat -c %F $s/newdir)"
echo "T:host-size=$(stat -c %s $s/grows)"

# A race: the host keeps swapping race/d between a directory and a
# symlink to /tmp while the guest writes race/d/<file>. A symlink is
# followed in the guest's tree (its own /tmp), never on the host: the
# host's /tmp must never get the file.
r=/m/top/race
i=0
while [ $i -lt 300 ]; do
	{ echo x >"$r/d/race-$HFS_TAG"; } 2>/dev/null
	i=$((i + 1))
done
touch $r/done
echo "T:race-landed=$([ -e "$r/d.real/race-$HFS_TAG" ] || [ -e "$r/d/race-$HFS_TAG" ] && echo share)"
echo "race: the guest's own /tmp got the file: $([ -e "/tmp/race-$HFS_TAG" ] && echo yes || echo no)"

# Escapes. The mount data may not leave the hostfs= directory...
mnt esc1 ../outside
mnt esc2 /../outside
mnt esc3 hostdata/../../outside
mnt esc4 lnk-abs
mnt esc5 lnk-rel
# ...and symlinks below a mount are followed in the guest's tree, never on the host.
fails esc-abs-read cat /m/top/lnk-abs/secret
fails esc-rel-read cat /m/top/lnk-rel/secret
fails esc-abs-write sh -c 'echo pwned >/m/top/lnk-abs/pwned'
fails esc-rel-write sh -c 'echo pwned >/m/top/lnk-rel/pwned'
fails esc-dotdot cat /m/top/../outside/secret
fails esc-mkdir mkdir /m/top/lnk-rel/newdir
echo "T:dotdot-is-guest=$(cd /m/top/.. && pwd) $(ls /m/top/.. | grep -c '^top$')"
# Bad mount data: an error, not a crash.
mnt bad1 nonexistent
mnt bad2 hostdata/hello.txt
mnt bad3 "$(head -c 5000 /dev/zero | tr '\0' a)"
echo "T:umount=$(umount /m/prog && echo ok)"
echo "T:end=hostfs"
poweroff -f
