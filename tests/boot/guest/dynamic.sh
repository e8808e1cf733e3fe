#!/bin/sh
# Guest side of boot-dynamic: run the host's dynamically linked programs
# (copied into the image with their libraries and ld.so) and print what
# they say.
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
echo "== ls /"
/host/bin/ls /
echo "T:ls-status=$?"
echo "== ls -l /init"
/host/bin/ls -l /init
v=$(/host/bin/bash -c 'echo $((6*7))')
echo "T:bash-status=$?"
echo "T:bash=$v"
echo "T:bash-version=$(/host/bin/bash -c 'echo ${BASH_VERSINFO[0]}')"
if [ -x /usr/bin/python3 ]; then
	v=$(/usr/bin/python3 -I -S -B -c 'print(6*7)')
	echo "T:python-status=$?"
	echo "T:python=$v"
fi
echo "T:end=dynamic"
poweroff -f
