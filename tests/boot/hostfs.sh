#!/bin/sh
# boot-hostfs: a host directory in the guest (mount -t hostfs), as UML has it.
#  - progs/hostfs.c runs natively on a host directory, then in the guest on
#    a hostfs mount of another: the same lines (creating, O_APPEND, holes,
#    truncate, chmod, utimensat, mkdir/rmdir, rename, link, symlink,
#    unlinked open files, FIFOs, readdir's d_type, mmap, a 3 MiB file,
#    fsync, a renamed cwd);
#  - the guest reads what the host made (content, mode, mtime, owner, an
#    8 MiB file copied in), writes what the host then finds (content, mode,
#    times, symlink text, hard link, rename, unlink, truncate, a file copied
#    out, compared with cmp);
#  - the host changes the directory while the guest runs, and the guest
#    sees each change (new, changed, deleted, renamed names, a mode);
#  - escapes: mount data leaving hostfs= (.., absolute and relative
#    symlinks) is refused with EACCES; symlinks below a mount lead into the
#    guest's own tree; nothing outside the share is touched (its tree hash),
#    not even while the host swaps a directory for a symlink to /tmp under
#    the guest's writes;
#  - bad mount data is an error (ENOENT, ENOTDIR, ENAMETOOLONG);
#  - a second boot without a hostfs= directory: the data is a host path,
#    no data is the host's root, and hostfs=,append makes writes append;
#  - a third with 128 host descriptors (every cached hostfs inode holds
#    one): 400 files listed, read and stat'ed, the unused names' ones
#    closed when the host has none left;
#  - (as root, with setpriv) a fourth as an unprivileged host user: files
#    show that user's ids, chown and writes the host refuses are refused;
#  - a fifth with no disk at all: the root is a host directory
#    (rootfstype=hostfs rootflags=/hroot under hostfs=), read-only until
#    remounted read-write.
# Usage: hostfs.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

build_guest_prog hostfs
mkdir -p extra/m/top extra/m/prog extra/m/a extra/m/b extra/m/c \
	extra/m/esc1 extra/m/esc2 extra/m/esc3 extra/m/esc4 extra/m/esc5 \
	extra/m/bad1 extra/m/bad2 extra/m/bad3 extra/m/u extra/m/view extra/m/f
run_native hostfs "$work/native"
mkimage root.ext4 32M "$BOOTDIR/guest/hostfs.sh" extra

# The share and, beside it, what must stay untouched.
share=$work/share
outside=$work/outside
mkdir -p "$share/prog" "$share/hostdata" "$share/sync" "$outside"
echo "from the host" >"$share/hostdata/hello.txt"
printf 0123456789abcdef >"$share/hostdata/mapme.txt"
echo "x" >"$share/hostdata/mode640"
chmod 640 "$share/hostdata/mode640"
touch -d '2010-01-02 03:04:05' "$share/hostdata/mode640"
head -c 8388608 /dev/urandom >"$share/hostdata/big.bin"
echo secret >"$outside/secret"
ln -s "$outside" "$share/lnk-abs"
ln -s ../outside "$share/lnk-rel"
echo "before" >"$share/sync/existing.txt"
echo "doomed" >"$share/sync/deleted.txt"
echo "renamed" >"$share/sync/ren-a"
echo "1" >"$share/sync/grows"
tree_hash() { (cd "$1" && find . -printf '%p %y %m %s %T@\n' | sort && cat secret) | sha256sum; }
H_OUT=$(tree_hash "$outside")

# The host's half of the live changes: when the guest says ping, change
# the directory under it and say pong.
(
	i=0
	while [ ! -e "$share/sync/ping" ] && [ $i -lt 1200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	echo "made on the host" >"$share/sync/new.txt"
	echo "after" >"$share/sync/existing.txt"
	chmod 600 "$share/sync/existing.txt"
	rm "$share/sync/deleted.txt"
	mv "$share/sync/ren-a" "$share/sync/ren-b"
	mkdir "$share/sync/newdir"
	head -c 5000 /dev/zero >>"$share/sync/grows"
	touch "$share/sync/pong"
) &
helper=$!
# The racer: race/d a directory, then a symlink to /tmp, until the guest is done.
tag=$(basename "$work")
mkdir -p "$share/race/d"
(
	i=0
	while [ ! -e "$share/race/done" ] && [ $i -lt 20000 ]; do
		mv "$share/race/d" "$share/race/d.real" 2>/dev/null
		ln -s /tmp "$share/race/d"
		rm -f "$share/race/d"
		mv "$share/race/d.real" "$share/race/d" 2>/dev/null
		i=$((i + 1))
	done
) &
racer=$!

boot 120 out.txt ubd0=root.ext4 mem=128M init=/init quiet "hostfs=$share" HFS_MODE=confined \
	"HFS_TAG=$tag"
kill "$helper" "$racer" 2>/dev/null
wait "$helper" "$racer" 2>/dev/null
show_output out.txt
ended_cleanly
expect out.txt end hostfs

# progs/hostfs in the guest, its output written to the share through hostfs.
expect out.txt prog 0
as_expected "in the guest, on hostfs" hostfs "$share/prog.out"

expect out.txt mount-top ok
expect out.txt mount-view ok
expect out.txt view-before-msync 0123456789abcdef
expect out.txt msync 0
expect out.txt view-after-msync MAPPED6789abcdef
expect out.txt view-after-8s PERIOD6789abcdef
expect out.txt view-after-close SECOND6789abcdef
check "the host file holds the mapping's last writes" \
	[ "$(cat "$share/hostdata/mapme.txt")" = SECOND6789abcdef ]
expect out.txt mount-prog ok
expect out.txt read-host "from the host"
expect out.txt stat-host "640 2 $(stat -c '%Y %u %g' "$share/hostdata/mode640")"
expect out.txt big-md5 "$(md5sum <"$share/hostdata/big.bin" | cut -d' ' -f1)"
expect out.txt big-copy-in same
expect out.txt list-host "big.bin hello.txt mapme.txt mode640 "

o=$share/out
expect out.txt writes 0
expect out.txt exec ran
check "the program copied out is busybox" cmp /bin/busybox "$o/busybox"
check "the 8 MiB file copied out is the same" cmp "$share/hostdata/big.bin" "$o/big.copy"
check "a file the guest wrote: content" [ "$(cat "$o/file" 2>/dev/null)" = "guest wrote this" ]
check "its mode (chmod 640)" [ "$(stat -c %a "$o/file" 2>/dev/null)" = 640 ]
check "its mtime (touch -d)" \
	[ "$(stat -c %Y "$o/file" 2>/dev/null)" = "$(date -d '2001-02-03 04:05:06' +%s)" ]
check "its owner is the host user running linux" \
	[ "$(stat -c '%u %g' "$o/file" 2>/dev/null)" = "$(id -u) $(id -g)" ]
expect out.txt guest-owner "$(id -u) $(id -g)"
# umk drops every host capability at start: chown to another owner is the
# host's EPERM even when root runs linux.
expect out.txt chown-other failed
check "mkdir -p and chmod 711" [ "$(stat -c '%F %a' "$o/dir" 2>/dev/null)" = "directory 711" ]
check "the subdirectory" [ -d "$o/dir/sub" ]
check "a symlink with the text the guest gave" [ "$(readlink "$o/sym")" = ../some/target ]
check "a hard link (same inode, 2 links)" \
	[ "$(stat -c '%i %h' "$o/file" 2>/dev/null)" = "$(stat -c '%i 2' "$o/hard" 2>/dev/null)" ]
check "a rename" [ ! -e "$o/mv1" ] && [ "$(cat "$o/mv2" 2>/dev/null)" = mv ]
check "an unlink" [ ! -e "$o/rmme" ]
check "truncate down" [ "$(cat "$o/trunc" 2>/dev/null)" = 0123 ]
check "truncate up: 100000 bytes" [ "$(stat -c %s "$o/grow" 2>/dev/null)" = 100000 ]
check "a FIFO" [ -p "$o/fifo" ]

expect out.txt before before
expect out.txt pong seen
expect out.txt host-new "made on the host"
expect out.txt host-changed "after 600"
expect out.txt host-deleted failed
expect out.txt host-renamed renamed
expect out.txt host-renamed-old failed
expect out.txt host-mkdir directory
expect out.txt host-size 5002

for n in esc1 esc2 esc3 esc4 esc5; do
	expect out.txt mount-$n "Permission denied"
done
for n in esc-abs-read esc-rel-read esc-abs-write esc-rel-write esc-dotdot esc-mkdir; do
	expect out.txt $n failed
done
expect out.txt dotdot-is-guest "/m 1"
expect out.txt race-landed share
check "the race's writes never reached the host's /tmp" [ ! -e "/tmp/race-$tag" ]
check "nothing outside the share was touched" [ "$(tree_hash "$outside")" = "$H_OUT" ]
check "no file named pwned anywhere under the work directory" \
	[ -z "$(find "$work" -name pwned)" ]
expect out.txt mount-bad1 "No such file or directory"
expect out.txt mount-bad2 "Not a directory"
expect out.txt mount-bad3 "File name too long"
expect out.txt umount ok

# Second boot: no hostfs= directory, and append.
printf 0123456789 >"$share/hostdata/append.txt"
boot 60 out2.txt ubd0=root.ext4 mem=128M init=/init quiet "hostfs=,append" \
	HFS_MODE=root "HFS_DIR=$share"
show_output out2.txt
ended_cleanly
expect out2.txt end hostfs-root
expect out2.txt mount-a ok
expect out2.txt root-abs "from the host"
expect out2.txt mount-b ok
expect out2.txt root-nodata "from the host"
expect out2.txt mount-c ok
expect out2.txt root-dotdot "from the host"
expect out2.txt append-dd 0
check "hostfs=,append: the write landed at the end" \
	[ "$(cat "$share/hostdata/append.txt")" = 0123456789XY ]

# Third boot: few host descriptors.
mkdir -p "$share/many"
printf '#!/bin/sh\nulimit -n 128 && exec "%s" "$@"\n' "$KERNEL" >"$work/few-fds"
chmod 755 "$work/few-fds"
KERNEL_REAL=$KERNEL KERNEL=$work/few-fds
boot 60 out4.txt ubd0=root.ext4 mem=64M init=/init quiet "hostfs=$share" HFS_MODE=fds
KERNEL=$KERNEL_REAL
show_output out4.txt
ended_cleanly
expect out4.txt end hostfs-fds
expect out4.txt fds-ls 401
expect out4.txt fds-cat 400
expect out4.txt fds-stat 400

# Fifth boot: a host directory as the root, no disk.
hroot=$work/share/hroot
mkdir -p "$hroot/bin" "$hroot/proc" "$hroot/tmp" "$hroot/dev" "$hroot/m"
cp /bin/busybox "$hroot/bin/"
for a in $(/bin/busybox --list); do
	[ "$a" = busybox ] || ln -s busybox "$hroot/bin/$a"
done
cp "$BOOTDIR/guest/hostfs.sh" "$hroot/init"
chmod 755 "$hroot/init"
boot 60 out5.txt rootfstype=hostfs rootflags=/hroot "hostfs=$share" init=/init mem=64M \
	quiet HFS_MODE=hostroot
show_output out5.txt
ended_cleanly
expect out5.txt end hostfs-hostroot
expect out5.txt hostroot-mount "/dev/root / hostfs ro 0 0"
expect out5.txt hostroot-ro-write failed
expect out5.txt hostroot-rw-write 0
check "the file written in the guest's root is in the host directory" \
	[ "$(cat "$hroot/written" 2>/dev/null)" = "written from the guest" ]
check "nothing written while read-only" [ ! -e "$hroot/written-ro" ]

# Fourth boot: linux run by an unprivileged host user.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	nb=$work/nb
	mkdir -p "$nb/share"
	echo hi >"$nb/share/h"
	echo "root's" >"$nb/share/rootfile"
	cp root.ext4 "$nb/root.ext4"
	chown -R nobody:"$(id -g nobody)" "$nb"
	chown root "$nb/share/rootfile"
	chmod 644 "$nb/share/rootfile" "$nb/root.ext4"
	chmod o+x "$work"
	NB_UID=$(id -u nobody) NB_GID=$(id -g nobody)
	cd "$nb" || exit 1
	printf '#!/bin/sh\nexec setpriv --reuid=nobody --regid=%s --clear-groups "%s" "$@"\n' \
		"$NB_GID" "$KERNEL" >"$work/as-nobody"
	chmod 755 "$work/as-nobody"
	KERNEL_REAL=$KERNEL KERNEL=$work/as-nobody
	boot 60 out3.txt ubd0r=root.ext4 mem=64M init=/init quiet "hostfs=$nb" HFS_MODE=user \
		uml_dir="$nb"
	KERNEL=$KERNEL_REAL
	cd "$work" || exit 1
	show_output "$nb/out3.txt"
	ended_cleanly
	expect "$nb/out3.txt" end hostfs-user
	expect "$nb/out3.txt" user-read "$NB_UID $NB_GID hi"
	expect "$nb/out3.txt" user-new "$NB_UID $NB_GID"
	check "the host file is the user's" 		[ "$(stat -c '%u %g' "$nb/share/new" 2>/dev/null)" = "$NB_UID $NB_GID" ]
	expect "$nb/out3.txt" user-chown failed
	expect "$nb/out3.txt" user-write-root-file failed
	check "root's file unchanged" [ "$(cat "$nb/share/rootfile")" = "root's" ]
else
	skip "an unprivileged host user" "needs root, setpriv and a nobody user"
fi
finish
