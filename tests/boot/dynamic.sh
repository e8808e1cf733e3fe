#!/bin/sh
# boot-dynamic: the host's dynamically linked /bin/ls and /bin/bash (and
# python3 with just enough of its standard library for `python3 -S`) are
# copied into the image with the libraries `ldd` names and ld.so, at the
# paths the host has them, and run in the guest: `ls /`, `ls -l /init`,
# `bash -c 'echo $((6*7))'`, `python3 -I -S -c 'print(6*7)'`.
# Usage: dynamic.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"
command -v ldd >/dev/null || skip_all "no ldd"

# copy_prog PROGRAM DEST: PROGRAM to extra/DEST, and every library ldd
# lists for it (and ld.so) to the same path under extra/.
copy_prog() {
	mkdir -p "extra/$(dirname "$2")"
	cp -L "$1" "extra/$2"
	for lib in $(ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		mkdir -p "extra/$(dirname "$lib")"
		cp -L "$lib" "extra/$lib"
	done
}

mkdir extra
copy_prog /bin/ls /host/bin/ls
copy_prog /bin/bash /host/bin/bash
# python3: the interpreter at its own path, so that it finds its prefix,
# with os.py (the landmark it looks for) and the codecs it needs at start.
py=no
if [ -x /usr/bin/python3 ] &&
    stdlib=$(/usr/bin/python3 -I -S -c 'import os; print(os.path.dirname(os.__file__))') &&
    [ -f "$stdlib/os.py" ]; then
	py=yes
	copy_prog /usr/bin/python3 /usr/bin/python3
	mkdir -p "extra/$stdlib/encodings" "extra/$stdlib/lib-dynload"
	cp "$stdlib/os.py" "extra/$stdlib/"
	for m in __init__ aliases utf_8 latin_1 ascii; do
		cp "$stdlib/encodings/$m.py" "extra/$stdlib/encodings/"
	done
else
	echo "# no /usr/bin/python3 with its stdlib on the host: python is skipped"
fi
echo "# copied into the image: $(du -sh extra | cut -f1)"
# The same tree must work natively (chroot needs root; skip that if not).
if [ "$(id -u)" -eq 0 ] && [ $py = yes ]; then
	check "python3 works natively in the copied tree" \
		[ "$(chroot extra /usr/bin/python3 -I -S -B -c 'print(6*7)' 2>&1)" = 42 ]
fi

mkimage root.ext4 64M "$BOOTDIR/guest/dynamic.sh" extra
H=$(hash_of root.ext4)
boot 60 out.txt ubd0=root.ext4 quiet init=/init
show_output out.txt
ended_cleanly
check "the image is unchanged" [ "$(hash_of root.ext4)" = "$H" ]
expect out.txt end dynamic

# ls /: GNU ls prints the root's entries in columns (the console is a tty).
listing=$(sed -n '/^== ls \/$/,/^T:ls-status=/p' out.txt | sed '1d;$d' | tr -s ' \t\n' '   ')
for d in bin dev host init lib lib64 proc sbin tmp usr; do
	case " $listing" in
	*" $d "*) ok "ls / lists $d" ;;
	*) not_ok "ls / does not list $d: '$listing'" ;;
	esac
done
expect out.txt ls-status 0
check "ls -l /init shows root's file, 755" has out.txt '^-rwxr-xr-x +1 root +root +[0-9]+ .* /init$'
expect out.txt bash 42
expect out.txt bash-status 0
expect out.txt bash-version "$(bash -c 'echo ${BASH_VERSINFO[0]}')"
if [ $py = yes ]; then
	expect out.txt python 42
	expect out.txt python-status 0
fi
finish
