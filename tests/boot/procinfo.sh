#!/bin/sh
# boot-procinfo: /proc/meminfo and /proc/cpuinfo tell the truth.
#   meminfo: progs/meminfo.c reads, maps, drops and allocates memory in the
#     guest and checks Cached, Mapped, Shmem, AnonPages and Active(file)
#     move by what it did; `free` shows the cache as buff/cache.
#   cpuinfo: one processor, 0, with the host CPU's model name and flags
#     (those of the CPU the kernel is pinned to), as the host lists them.
# Usage: procinfo.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

mkdir -p extra/bin extra/data
if ! static_cc extra/bin/meminfo "$BOOTDIR/progs/meminfo.c"; then
	not_ok "building the guest program"
	finish
	exit 1
fi
head -c 20M /dev/urandom > extra/data/big
cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
/bin/meminfo /data/big
echo 1 > /proc/sys/vm/drop_caches
cat /data/big > /dev/null
echo "== free"
free
echo "== cpuinfo"
cat /proc/cpuinfo
echo "== end"
poweroff -f
INIT
mkimage root.ext4 64M init.sh extra
boot 120 out.txt ubd0=root.ext4 quiet init=/init mem=128M
show_output out.txt
ended_cleanly

for t in read-raises-cached reread-activates drop-caches-lowers-cached small-reads-stay-inactive \
	mapping-raises-mapped \
	drop-caches-keeps-mapped unmap-lowers-mapped tmpfs-raises-shmem drop-caches-keeps-shmem \
	unlink-lowers-shmem shared-anon-is-shmem touched-raises-anonpages unmap-lowers-anonpages \
	min-free-kbytes-reclaims; do
	expect out.txt "$t" ok
done
expect out.txt end meminfo
cache=$(sed -n '/^== free$/,/^== cpuinfo$/s/^Mem: *\([0-9]* *\)\{4\}\([0-9]*\).*/\2/p' out.txt)
check "free: buff/cache holds the 20 MiB file just read (got ${cache:-nothing} KiB)" \
	[ "${cache:-0}" -ge 20480 ]

# cpuinfo: the guest's block, compared with the host's for the same CPU.
sed -n '/^== cpuinfo$/,/^== end$/p' out.txt | sed '1d;$d' > guest-cpuinfo.txt
field() { sed -n "s/^$2[[:space:]]*: //p" "$1" | head -n 1; }
n=$(grep -c '^processor' guest-cpuinfo.txt)
check "one processor in /proc/cpuinfo (got $n)" [ "$n" -eq 1 ]
check "it is processor 0" [ "$(field guest-cpuinfo.txt processor)" = 0 ]
host_flags=$(field /proc/cpuinfo flags)
check "flags: the host's flags line" [ "$(field guest-cpuinfo.txt flags)" = "$host_flags" ]
check "model name: the host's ($(field /proc/cpuinfo 'model name'))" \
	[ "$(field guest-cpuinfo.txt 'model name')" = "$(field /proc/cpuinfo 'model name')" ]
check "vendor_id: the host's" \
	[ "$(field guest-cpuinfo.txt vendor_id)" = "$(field /proc/cpuinfo vendor_id)" ]
case " $host_flags " in
*" avx2 "*) check "avx2, which glibc uses here, is listed" grep -q ' avx2' guest-cpuinfo.txt ;;
esac
check "one processor alone in its package (siblings 1, cpu cores 1)" \
	[ "$(field guest-cpuinfo.txt siblings)" = 1 ] && [ "$(field guest-cpuinfo.txt 'cpu cores')" = 1 ]
finish
