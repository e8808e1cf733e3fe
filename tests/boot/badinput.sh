#!/bin/sh
# boot-badinput: images and command lines the kernel must refuse. Each case
# must end within 20 s with a non-zero status (not a signal, not a core
# dump), its last line must be one clear error (the panic, or the option
# error alone), no host process may be left, and no image may change.
# Usage: badinput.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

# The images, all named by absolute path so that `pgrep -f` finds any
# kernel or process still holding one.
mkdir ex
head -c 3000 /dev/urandom >ex/garbage
(printf '\177ELF\002\001\001'; head -c 5000 /dev/urandom) >ex/elfgarbage
head -c 3000 /bin/busybox >ex/truncated
chmod +x ex/*
mkimage "$work/good.ext4" 32M "" ex
cp good.ext4 unreadable.ext4
chmod 000 unreadable.ext4
head -c 4M /dev/urandom >random.img
# A wrong magic number; a changed field under a now wrong checksum; and
# nonsense geometry (0 blocks per group) under a correct checksum.
cp good.ext4 badmagic.ext4
printf 'XY' | dd of=badmagic.ext4 bs=1 seek=1080 conv=notrunc 2>/dev/null
cp good.ext4 badcsum.ext4
printf '\036\000\000\000' | dd of=badcsum.ext4 bs=1 seek=1048 conv=notrunc 2>/dev/null
cp good.ext4 badgeom.ext4
debugfs -w -R 'ssv blocks_per_group 0' badgeom.ext4 >/dev/null 2>&1
check "debugfs made the nonsense-geometry image" \
	[ "$(od -An -tu4 -j 1056 -N 4 badgeom.ext4 | tr -d ' ')" = 0 ]
# No /init, /sbin/init, /etc/init, /bin/init nor /bin/sh.
mkdir -p noinit/bin noinit/dev noinit/proc
cp /bin/busybox noinit/bin/
mkfs.ext4 -q -F -d noinit noinit.ext4 16M
chmod 444 ./*.ext4 random.img
chmod 000 unreadable.ext4
# sum_of FILE: its sha256, or that of nothing if we cannot read it (the
# unreadable image, when the test does not run as root).
sum_of() { sha256sum <"$1" 2>/dev/null | cut -d' ' -f1; }
# var_of FILE: the variable holding FILE's sum from before the boots.
var_of() { echo "sum_$(echo "$1" | tr -c 'a-z0-9\n' _)"; }
for f in *.ext4 *.img; do
	eval "$(var_of "$f")=$(sum_of "$f")"
done

# fails NAME REGEX ARGS...: boot with ARGS must fail as described above; the
# last line of the output must match the extended REGEX. Option errors come
# before the boot log, so an output of one line must be that line.
fails() {
	name=$1 re=$2
	shift 2
	boot 20 out.txt "$@"
	last=$(sed '/^$/d' out.txt | tail -n 1)
	why=
	if [ "$rc" -eq 0 ]; then why="exit status 0"
	elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then why="timed out (status $rc)"
	elif [ "$rc" -gt 128 ]; then why="killed by signal $((rc - 128))"
	elif ! no_core; then why="left a core file"
	elif ! printf '%s\n' "$last" | grep -Eq -- "$re"; then why="last line does not match /$re/"
	elif [ "$(grep -c 'Kernel panic' out.txt)" -gt 1 ]; then why="more than one panic line"
	elif [ -n "$left" ]; then why="processes left: $left"
	elif pgrep -f "$work/" >/dev/null; then why="a process still names an image: $(pgrep -af "$work/")"
	fi
	for f in *.ext4 *.img; do
		eval "want=\$$(var_of "$f")"
		[ "$(sum_of "$f")" = "$want" ] || why="$why; $f changed"
	done
	if [ -n "$why" ]; then
		not_ok "$name: $why"
		show_output out.txt
	else
		ok "$name (status $rc, $(wc -l <out.txt) lines, last: $last)"
	fi
	rm -f core*
}

panic='Kernel panic - not syncing: '
fails "missing image" "${panic}VFS: Unable to mount root.*(-2|No such file)" \
	ubd0="$work/missing.ext4" init=/init
check "  ... and says which file and why" has out.txt "can't open \"$work/missing.ext4\": No such file"
fails "unreadable image" "${panic}VFS: Unable to mount root.*(-13|Permission denied)" \
	ubd0="$work/unreadable.ext4" init=/init
check "  ... and says which file and why" has out.txt "can't open \"$work/unreadable.ext4\": Permission denied"
fails "not an ext4 image (random bytes)" "${panic}VFS: Unable to mount root fs" \
	ubd0="$work/random.img" init=/init
check "  ... and says there is no ext4 superblock" has out.txt 'EXT4-fs.*superblock'
fails "superblock with a bad magic number" "${panic}VFS: Unable to mount root fs" \
	ubd0="$work/badmagic.ext4" init=/init
check "  ... and says there is no ext4 superblock" has out.txt 'EXT4-fs.*superblock'
fails "superblock with a bad checksum" "${panic}VFS: Unable to mount root fs" \
	ubd0="$work/badcsum.ext4" init=/init
check "  ... and says the checksum is wrong" has out.txt 'EXT4-fs.*checksum'
fails "superblock with 0 blocks per group" "${panic}VFS: Unable to mount root fs" \
	ubd0="$work/badgeom.ext4" init=/init
check "  ... and says what is wrong" has out.txt 'EXT4-fs.*per group'
fails "no init anywhere in the image" "${panic}No working init found" \
	ubd0="$work/noinit.ext4"
fails "init= names a missing file" "${panic}Requested init /nonexistent failed.*(-2|No such file)" \
	ubd0="$work/good.ext4" init=/nonexistent
fails "init is random bytes" "${panic}Requested init /garbage failed.*(-8|Exec format)" \
	ubd0="$work/good.ext4" init=/garbage
fails "init is an ELF header then random bytes" "${panic}Requested init /elfgarbage failed.*(-8|Exec format)" \
	ubd0="$work/good.ext4" init=/elfgarbage
fails "init is a truncated ELF file" "${panic}(Requested init /truncated failed|Attempted to kill init)" \
	ubd0="$work/good.ext4" init=/truncated
fails "mem=1K" '^linux: mem=1K: .*(minimum|too small)' \
	ubd0="$work/good.ext4" init=/init mem=1K
check "  ... in one line" one_line out.txt
fails "mem=999T" '^linux: mem=999T: .*(maximum|too (big|large))' \
	ubd0="$work/good.ext4" init=/init mem=999T
check "  ... in one line" one_line out.txt
fails "ubd0 given twice" '^linux: .*"0=.*".*already' \
	ubd0="$work/good.ext4" ubd0="$work/good.ext4" init=/init
check "  ... in one line" one_line out.txt
fails "ubd0x=foo" '^linux: .*"0x=foo"' ubd0x=foo ubd0="$work/good.ext4" init=/init
check "  ... in one line" one_line out.txt
fails "ubd99=foo" '^linux: .*"99=foo".*(range|number)' ubd99=foo ubd0="$work/good.ext4" init=/init
check "  ... in one line" one_line out.txt
# Console channels on host fds that are not open (boot() gives the kernel
# only fds 0, 1 and 2, and 0 is read-only): before, the console was lost.
fails "con0=fd:999,fd:999" '^linux: con0=fd:999,fd:999: file descriptor 999 is not open$' \
	ubd0="$work/good.ext4" init=/init con0=fd:999,fd:999
check "  ... in one line" one_line out.txt
fails "con0=fd:0,fd:0 (stdin is read-only)" '^linux: con0=fd:0,fd:0: file descriptor 0 is not open for writing$' \
	ubd0="$work/good.ext4" init=/init con0=fd:0,fd:0
check "  ... in one line" one_line out.txt
fails "con=fd:77" '^linux: con0=fd:77: file descriptor 77 is not open$' \
	ubd0="$work/good.ext4" init=/init con=fd:77
check "  ... in one line" one_line out.txt
finish
