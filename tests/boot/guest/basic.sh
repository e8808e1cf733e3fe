#!/bin/sh
# Guest side of boot-basic: print what the host test asserts on, then power off.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
echo "== cmdline"
cat /proc/cmdline
echo "== env"
echo "T:foo=$foo"
echo "== uname"
uname -a
echo "T:uname-s=$(uname -s)"
echo "T:uname-m=$(uname -m)"
echo "== sysctl"
sysctl -a 2>/dev/null | head
echo "== free"
free
echo "T:memtotal=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)"
echo "== ps"
ps
echo "== ls"
ls -l /dev /proc/self/
echo "T:self-exe=$(readlink /proc/self/exe)"
echo "T:pid1-comm=$(cat /proc/1/comm)"
echo "T:end=basic"
poweroff -f
