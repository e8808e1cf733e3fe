#!/bin/sh
# Interop: our uml_mkcow/uml_moo against Debian's uml-utilities and real UML.
#   - uml_mkcow: byte-identical COW files for the same backing file;
#   - COW files written by real UML (linux.uml) over COWs made by their tool,
#     by ours, and by UML itself: merged by both uml_moo, identical images,
#     e2fsck clean, the guest's file inside;
#   - uml_moo -d (in place) by both tools gives the same bytes;
#   - v2 COW files (hand-built) merge the same with both tools.
# Usage: cow_interop.sh <our uml_mkcow> <our uml_moo> <mkbusybox.sh>
set -u
MKCOW=$(realpath "$1") MOO=$(realpath "$2") MKIMG=$(realpath "$3")
. "$(dirname "$0")/../lib.sh"
THEIR_MKCOW=/usr/bin/uml_mkcow THEIR_MOO=/usr/bin/uml_moo UML=$(command -v linux.uml || true)
[ -x "$THEIR_MKCOW" ] && [ -x "$THEIR_MOO" ] || skip_all "Debian uml-utilities not installed"
cd "$work" || exit 1
# Debian's uml_mkcow writes its header from uninitialised malloc memory: the
# padding after the name is whatever malloc hands out. meson test sets
# MALLOC_PERTURB_, which fills it with garbage; without it the heap is fresh
# zeros, which is what our tool writes on purpose.
unset MALLOC_PERTURB_

# --- uml_mkcow byte for byte -------------------------------------------------
for spec in 1M 64M 1000 5G 3000000001; do
	rm -f b.img ours.cow theirs.cow
	truncate -s "$spec" b.img
	printf 'data' | dd of=b.img bs=1 seek=700 conv=notrunc 2>/dev/null
	touch -d @1704067200 b.img
	"$THEIR_MKCOW" theirs.cow b.img >/dev/null
	"$MKCOW" ours.cow b.img
	check "uml_mkcow: identical COW for a $spec backing file" cmp -s theirs.cow ours.cow
	[ "$spec" = 1000 ] || check "uml_mkcow: COW for $spec is sparse" sparse ours.cow
done
# Relative names through a directory part are made absolute the same way.
mkdir -p sub/dir && truncate -s 1M sub/dir/b.img
"$THEIR_MKCOW" sub/theirs.cow sub/dir/b.img >/dev/null
"$MKCOW" sub/ours.cow sub/dir/b.img
check "uml_mkcow: identical COW for a relative backing path" cmp -s sub/theirs.cow sub/ours.cow
"$THEIR_MKCOW" -f sub/theirs.cow sub/dir/../dir/b.img >/dev/null
"$MKCOW" -f sub/ours.cow sub/dir/../dir/b.img
check "uml_mkcow -f: identical COW for a path with .." cmp -s sub/theirs.cow sub/ours.cow

# --- synthetic dirty COWs: both merges, plain and in place ---------------------
truncate -s 48M back.img
dd if=/dev/urandom of=back.img bs=64k count=40 seek=10 conv=notrunc 2>/dev/null
touch -d @1700000000 back.img
for maker in theirs ours; do
	rm -f d.cow
	if [ $maker = theirs ]; then "$THEIR_MKCOW" d.cow back.img >/dev/null; else "$MKCOW" d.cow back.img; fi
	dirty_cow d.cow 7 300
	"$THEIR_MOO" d.cow m_theirs.img >/dev/null
	"$MOO" d.cow m_ours.img
	check "uml_moo: same image as Debian's for a COW made by $maker uml_mkcow" cmp -s m_theirs.img m_ours.img
	check "uml_moo: merged image is sparse" sparse m_ours.img
	cp -p back.img bt.img && cp -p back.img bo.img
	"$THEIR_MOO" -d -b bt.img d.cow >/dev/null
	"$MOO" -d -b bo.img d.cow
	check "uml_moo -d: same bytes as Debian's uml_moo -d ($maker COW)" cmp -s bt.img bo.img
	check "uml_moo -d: same bytes as the plain merge ($maker COW)" cmp -s bo.img m_ours.img
	rm -f m_theirs.img m_ours.img bt.img bo.img
done

# --- v2 COW, hand-built: both tools read it the same ---------------------------
python3 - back.img v2.cow <<'PY'
import os, struct, sys, random
back, cow = sys.argv[1], sys.argv[2]
st = os.stat(back)
size, ss = st.st_size, 512
hdr = struct.pack('>II', 0x4f4f4f4d, 2) + os.path.abspath(back).encode().ljust(4096, b'\0')
hdr += struct.pack('>IQi', int(st.st_mtime), size, ss)
bml = (size + ss - 1) // (8 * ss)
data = (len(hdr) + bml + ss - 1) // ss * ss
bm = bytearray(bml)
rnd = random.Random(3)
with open(cow, 'wb') as f:
    f.write(hdr)
    for _ in range(500):
        s = rnd.randrange(size // ss)
        bm[s // 8] |= 1 << (s % 8)
        f.seek(data + s * ss)
        f.write(bytes([rnd.randrange(256)]) * ss)
    f.seek(len(hdr)); f.write(bm)
    f.truncate(data + size)
PY
"$THEIR_MOO" v2.cow v2_theirs.img >/dev/null
"$MOO" v2.cow v2_ours.img
check "uml_moo: v2 COW merges to the same image as Debian's" cmp -s v2_theirs.img v2_ours.img
rm -f v2_theirs.img v2_ours.img

# --- real UML writes into the COW files --------------------------------------
if [ -z "$UML" ]; then
	echo "# linux.uml not installed: real-UML cases skipped"
	finish
	exit
fi
cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -o remount,rw /
echo "written by uml" > /hello.txt
mkdir -p /var/lots
i=0
while [ $i -lt 200 ]; do echo "file $i" > /var/lots/f$i; i=$((i + 1)); done
dd if=/dev/urandom of=/random.bin bs=1k count=300 2>/dev/null
rm /var/lots/f1*
sync
mount -o remount,ro /
echo UML-INIT-DONE
poweroff -f
INIT
"$MKIMG" root.ext4 32M init.sh >/dev/null
touch -d @1690000000 root.ext4
mkdir -p umldir
boot_uml() { # COW: boots real UML on COW over root.ext4
	timeout 120 "$UML" ubd0="$1",root.ext4 mem=64M init=/init con=null con0=fd:0,fd:1 \
		umid="umkt$$" uml_dir="$work/umldir" </dev/null >uml.log 2>&1
	grep -q UML-INIT-DONE uml.log
}
for maker in theirs ours uml; do
	rm -f u.cow
	case $maker in
	theirs) "$THEIR_MKCOW" u.cow root.ext4 >/dev/null ;;
	ours) "$MKCOW" u.cow root.ext4 ;;
	esac
	h0=$(hash_of root.ext4)
	if ! boot_uml u.cow; then
		not_ok "real UML booted on a COW made by $maker"
		tail -20 uml.log
		continue
	fi
	ok "real UML booted and wrote into a COW made by $maker"
	check "UML left the backing file untouched ($maker)" [ "$(hash_of root.ext4)" = "$h0" ]
	"$THEIR_MOO" u.cow u_theirs.img >/dev/null
	"$MOO" u.cow u_ours.img
	check "UML-written COW ($maker) merges identically with both uml_moo" cmp -s u_theirs.img u_ours.img
	check "merged image of the UML-written COW ($maker) is e2fsck clean" fsck_clean u_ours.img
	check "merged image holds the guest's file ($maker)" \
		sh -c "debugfs -R 'cat /hello.txt' u_ours.img 2>/dev/null | grep -qx 'written by uml'"
	cp -p root.ext4 r_ours.ext4 && cp -p root.ext4 r_theirs.ext4
	"$MOO" -d -b r_ours.ext4 u.cow
	"$THEIR_MOO" -d -b r_theirs.ext4 u.cow >/dev/null
	check "uml_moo -d of the UML-written COW ($maker) matches Debian's and the plain merge" \
		sh -c "cmp -s r_ours.ext4 r_theirs.ext4 && cmp -s r_ours.ext4 u_ours.img"
	rm -f u_theirs.img u_ours.img r_ours.ext4 r_theirs.ext4
done
finish
