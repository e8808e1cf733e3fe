#!/bin/sh
# Interop: our uml_mkcow/uml_moo against Debian's uml-utilities and real UML.
#   - uml_mkcow: byte-identical COW files for the same backing file;
#   - COW files written by real UML (linux.uml) over COWs made by their tool,
#     by ours, and by UML itself: merged by both uml_moo, identical images,
#     e2fsck clean, the guest's file inside;
#   - uml_moo -d (in place) by both tools gives the same bytes;
#   - v2 COW files (hand-built) merge the same with both tools.
# Each peer is probed first (tests/peers.sh) and the verdict printed: where
# one is missing or cannot run on this host (Debian's UML panics at boot on
# CPUs with AMX), every case that needs it is a SKIP with the reason, and
# all the checks of our own tools still run. Where the peer runs, a case
# that goes wrong is a failure.
# Usage: cow_interop.sh <our uml_mkcow> <our uml_moo> <mkbusybox.sh>
# Environment: UML, THEIR_MKCOW, THEIR_MOO (the peers; see tests/peers.sh).
set -u
MKCOW=$(realpath "$1") MOO=$(realpath "$2") MKIMG=$(realpath "$3")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../peers.sh"
PEERS_MKIMG=$MKIMG
THEIR_MKCOW=${THEIR_MKCOW:-/usr/bin/uml_mkcow} THEIR_MOO=${THEIR_MOO:-/usr/bin/uml_moo}
peer_probe uml-utilities
echo "$peer_line"
utils_skip=
[ "$peer_ok" = yes ] || utils_skip="uml-utilities cannot run on this host: $peer_why"
peer_probe linux.uml
echo "$peer_line"
uml_skip=
[ "$peer_ok" = yes ] || uml_skip="linux.uml cannot run on this host: $peer_why"
UML=$peer_bin
cd "$work" || exit 1
# Debian's uml_mkcow writes its header from uninitialised malloc memory: the
# padding after the name is whatever malloc hands out. meson test sets
# MALLOC_PERTURB_, which fills it with garbage; without it the heap is fresh
# zeros, which is what our tool writes on purpose.
unset MALLOC_PERTURB_

# theirs CMD...: runs a command of Debian's tools, output dropped; does
# nothing where they cannot run (the cases that use its result skip).
theirs() { [ -n "$utils_skip" ] || "$@" >/dev/null; }

# tcheck DESCRIPTION COMMAND...: a check that compares with Debian's tools.
tcheck() {
	if [ -n "$utils_skip" ]; then skip "$1" "$utils_skip"; else check "$@"; fi
}

# boot_uml COW [fresh]: boots real UML on COW over root.ext4. Debian's UML
# now and then fails to open its root disk on a loaded host (seen once in
# about fifty boots, never on a rerun), so a failed boot is tried once more,
# and the first attempt's last lines go to the log. With "fresh" the COW
# file is UML's own, made by the failed boot: it is removed so that UML
# makes it again.
boot_uml() {
	for attempt in 1 2; do
		timeout 120 "$UML" ubd0="$1",root.ext4 mem=64M init=/init con=null con0=fd:0,fd:1 \
			umid="umkt$$" uml_dir="$work/umldir" </dev/null >uml.log 2>&1
		grep -q UML-INIT-DONE uml.log && return 0
		[ $attempt = 2 ] && return 1
		echo "# real UML did not reach init on $1; its last lines, then one more try:"
		grep -v '^ *\[<' uml.log | tail -4 | sed 's/^/#   /'
		[ "${2:-}" = fresh ] && rm -f "$1"
	done
}
# ucheck DESCRIPTION COMMAND...: a case that needs real UML: a SKIP with
# $uskip's reason where that is set; returns the command's status.
ucheck() {
	if [ -n "$uskip" ]; then
		skip "$1" "$uskip"
		return 0
	fi
	d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; return 1; fi
}
# utcheck: a case of real UML's COW file that also compares with Debian's tools.
utcheck() {
	if [ -z "$uskip" ] && [ -n "$utils_skip" ]; then skip "$1" "$utils_skip"; else ucheck "$@"; fi
}

# Our tools against Debian's (no UML needed).
tool_cases() {
	# --- uml_mkcow byte for byte -----------------------------------------------
	for spec in 1M 64M 1000 5G 3000000001; do
		rm -f b.img ours.cow theirs.cow
		truncate -s "$spec" b.img
		printf 'data' | dd of=b.img bs=1 seek=700 conv=notrunc 2>/dev/null
		touch -d @1704067200 b.img
		theirs "$THEIR_MKCOW" theirs.cow b.img
		"$MKCOW" ours.cow b.img
		tcheck "uml_mkcow: identical COW for a $spec backing file" cmp -s theirs.cow ours.cow
		[ "$spec" = 1000 ] || check "uml_mkcow: COW for $spec is sparse" sparse ours.cow
	done
	# Relative names through a directory part are made absolute the same way.
	mkdir -p sub/dir && truncate -s 1M sub/dir/b.img
	theirs "$THEIR_MKCOW" sub/theirs.cow sub/dir/b.img
	"$MKCOW" sub/ours.cow sub/dir/b.img
	tcheck "uml_mkcow: identical COW for a relative backing path" cmp -s sub/theirs.cow sub/ours.cow
	theirs "$THEIR_MKCOW" -f sub/theirs.cow sub/dir/../dir/b.img
	"$MKCOW" -f sub/ours.cow sub/dir/../dir/b.img
	tcheck "uml_mkcow -f: identical COW for a path with .." cmp -s sub/theirs.cow sub/ours.cow

	# --- synthetic dirty COWs: both merges, plain and in place -----------------
	truncate -s 48M back.img
	dd if=/dev/urandom of=back.img bs=64k count=40 seek=10 conv=notrunc 2>/dev/null
	touch -d @1700000000 back.img
	for maker in theirs ours; do
		rm -f d.cow
		if [ $maker = theirs ]; then
			if [ -n "$utils_skip" ]; then
				skip "merges of a COW made by Debian's uml_mkcow" "$utils_skip"
				continue
			fi
			"$THEIR_MKCOW" d.cow back.img >/dev/null
		else
			"$MKCOW" d.cow back.img
		fi
		dirty_cow d.cow 7 300
		theirs "$THEIR_MOO" d.cow m_theirs.img
		"$MOO" d.cow m_ours.img
		tcheck "uml_moo: same image as Debian's for a COW made by $maker uml_mkcow" cmp -s m_theirs.img m_ours.img
		check "uml_moo: merged image is sparse" sparse m_ours.img
		cp -p back.img bt.img && cp -p back.img bo.img
		theirs "$THEIR_MOO" -d -b bt.img d.cow
		"$MOO" -d -b bo.img d.cow
		tcheck "uml_moo -d: same bytes as Debian's uml_moo -d ($maker COW)" cmp -s bt.img bo.img
		check "uml_moo -d: same bytes as the plain merge ($maker COW)" cmp -s bo.img m_ours.img
		rm -f m_theirs.img m_ours.img bt.img bo.img
	done

	# --- v2 COW, hand-built: both tools read it the same -----------------------
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
	theirs "$THEIR_MOO" v2.cow v2_theirs.img
	"$MOO" v2.cow v2_ours.img
	tcheck "uml_moo: v2 COW merges to the same image as Debian's" cmp -s v2_theirs.img v2_ours.img
	rm -f v2_theirs.img v2_ours.img
}

# Real UML writes into COW files made by both tools and by itself; both
# tools merge them. Where UML cannot run here, each case is a SKIP with the
# probe's reason; where it runs, a case that goes wrong fails. Each case
# names UML in its description (peer_skip.sh counts them so).
uml_cases() {
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
	for maker in theirs ours uml; do
		rm -f u.cow
		uskip=$uml_skip
		case $maker in
		theirs) [ -n "$uskip" ] || uskip=$utils_skip
			[ -n "$uskip" ] || "$THEIR_MKCOW" u.cow root.ext4 >/dev/null ;;
		ours) "$MKCOW" u.cow root.ext4 ;;
		esac
		h0=$(hash_of root.ext4)
		if ! ucheck "real UML booted and wrote into a COW made by $maker" boot_uml u.cow \
		    "$([ $maker = uml ] && echo fresh)"; then
			tail -20 uml.log
			continue
		fi
		ucheck "UML left the backing file untouched ($maker)" [ "$(hash_of root.ext4)" = "$h0" ]
		[ -n "$uskip" ] || { theirs "$THEIR_MOO" u.cow u_theirs.img; "$MOO" u.cow u_ours.img; }
		utcheck "UML-written COW ($maker) merges identically with both uml_moo" cmp -s u_theirs.img u_ours.img
		ucheck "merged image of the UML-written COW ($maker) is e2fsck clean" fsck_clean u_ours.img
		ucheck "merged image of the UML-written COW ($maker) holds the guest's file" \
			sh -c "debugfs -R 'cat /hello.txt' u_ours.img 2>/dev/null | grep -qx 'written by uml'"
		if [ -z "$uskip" ]; then
			cp -p root.ext4 r_ours.ext4 && cp -p root.ext4 r_theirs.ext4
			"$MOO" -d -b r_ours.ext4 u.cow
			theirs "$THEIR_MOO" -d -b r_theirs.ext4 u.cow
		fi
		utcheck "uml_moo -d of the UML-written COW ($maker) matches Debian's" cmp -s r_ours.ext4 r_theirs.ext4
		ucheck "uml_moo -d of the UML-written COW ($maker) matches the plain merge" cmp -s r_ours.ext4 u_ours.img
		rm -f u_theirs.img u_ours.img r_ours.ext4 r_theirs.ext4
	done
}

# COW_INTEROP_ONLY=uml runs only the real-UML cases (tests/interop/peer_skip.sh).
[ "${COW_INTEROP_ONLY:-}" = uml ] || tool_cases
uml_cases
finish
