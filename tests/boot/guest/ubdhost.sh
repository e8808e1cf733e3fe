#!/bin/sh
# Guest side of boot-ubdhost. role=faults (from the command line): writes
# that the host refuses (a COW file on a full tmpfs, a plain image beyond
# the host's file size limit); role=a|b: a guest sharing a backing file
# with another one at the same time, through its own COW file.
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
md5() { md5sum | cut -d' ' -f1; }
case ${role:-} in
faults)
	echo "T:wait-limit=yes"
	until [ "$(dd if=/dev/ubdc bs=512 skip=32767 count=1 2>/dev/null | head -c 2)" = GO ]; do
		sleep 0.1
	done
	dd if=/data1 of=/dev/ubdb bs=64k conv=notrunc 2>/dev/null
	echo "T:cow-first=$?"
	sync
	echo "T:cow-first-md5=$(head -c 524288 /dev/ubdb | md5)"
	dd if=/dev/urandom of=/dev/ubdb bs=64k seek=16 count=64 conv=notrunc 2>/tmp/err
	echo "T:cow-full=$? $(grep -o 'No space left on device' /tmp/err | head -n 1)"
	echo "T:cow-first-md5-after=$(head -c 524288 /dev/ubdb | md5)"
	sync
	echo "T:ubdb-md5=$(md5 </dev/ubdb)"
	dd if=/data1 of=/dev/ubdc bs=64k conv=notrunc 2>/dev/null
	echo "T:plain-first=$?"
	dd if=/data1 of=/dev/ubdc bs=64k seek=160 conv=notrunc,fsync 2>/tmp/err
	echo "T:plain-efbig=$? $(grep -o 'Input/output error' /tmp/err | head -n 1)"
	echo "T:plain-first-md5=$(head -c 524288 /dev/ubdc | md5)"
	echo "T:alive=$(echo still running)"
	;;
a|b)
	printf "guest $role was here" | dd of=/dev/ubdb bs=512 seek=1 conv=sync,notrunc 2>/dev/null
	echo "T:write=$?"
	sync
	echo "T:ready=$role"
	sleep 10
	echo "T:md5=$(md5 </dev/ubdb)"
	echo "T:sector1=$(dd if=/dev/ubdb bs=512 skip=1 count=1 2>/dev/null | tr -d '\0')"
	;;
c)
	echo "T:ubdb=$(ls /dev/ubdb 2>&1 | grep -c 'No such')"
	;;
esac
echo "T:end=ubdhost"
poweroff -f
