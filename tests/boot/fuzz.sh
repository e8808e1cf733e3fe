#!/bin/sh
# boot-fuzz: hostile system calls from the guest (random numbers, NULL, -1,
# unmapped and kernel-half addresses, huge lengths) in 3 x 30 child
# processes of 3,000 calls each. The kernel must survive all of them: every
# seed reports back, init powers off cleanly, nothing is left on the host.
# Usage: fuzz.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

mkdir -p extra/bin
if ! static_cc extra/bin/fuzz "$BOOTDIR/progs/fuzz.c"; then
	not_ok "building the guest program"
	finish
	exit 1
fi
cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
cd /tmp
for seed in 1 2 3; do /bin/fuzz $seed 30 3000; done
echo "T:end=fuzz"
poweroff -f
INIT
mkimage root.ext4 32M init.sh extra
H=$(hash_of root.ext4)
boot 120 out.txt ubd0=root.ext4 quiet init=/init
tail -n 5 out.txt | sed 's/^/| /'
ended_cleanly
for seed in 1 2 3; do
	expect out.txt "fuzz-$seed" survived
done
expect out.txt end fuzz
check "no kernel panic" lacks out.txt 'Kernel panic'
check "the image is unchanged" [ "$(hash_of root.ext4)" = "$H" ]
finish
