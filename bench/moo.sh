#!/bin/sh
# bench/moo.sh [BUILD-DIR]: uml_moo, ours against Debian's, in the same run.
#
# A 2 GiB sparse backing file (10% of it data, in scattered 1 MiB extents)
# and a COW file with 5% of its sectors dirty (scattered 64 KiB runs). Each
# tool merges it into a new image three times; the best time counts. The
# images must be identical. Prints a table and the time ratio. Debian's
# tools are probed first (tests/peers.sh): where they cannot run here, one
# line says why and only ours is measured, with no ratio.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(realpath "${1:-build}")
ours=$build/tools/uml_moo
mkcow=$build/tools/uml_mkcow
[ -x "$ours" ] || { echo "bench: build first ($ours missing)" >&2; exit 1; }
# shellcheck source=tests/peers.sh
. "$here/../tests/peers.sh"
THEIR_MOO=${THEIR_MOO:-/usr/bin/uml_moo}
theirs=
if peer_probe uml-utilities; then theirs=$THEIR_MOO; fi
echo "$peer_line"
dir=$(mktemp -d "${TMPDIR:-/var/tmp}/umk-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir"

truncate -s 2G back.img
python3 - <<'PY'
import os, random
rnd = random.Random(1)
fd = os.open('back.img', os.O_WRONLY)
blk = os.urandom(1 << 20)
for _ in range(205):                      # ~10% of 2 GiB
    os.pwrite(fd, blk, rnd.randrange(2048) << 20)
os.close(fd)
PY
touch -d @1700000000 back.img
"$mkcow" d.cow back.img
python3 - <<'PY'
import os, random, struct
rnd = random.Random(2)
fd = os.open('d.cow', os.O_RDWR)
h = os.pread(fd, 4128, 0)
size, ss, align = struct.unpack('>QII', h[12:28])
bmo = 8192
nsec = size // ss
bm = bytearray(nsec // 8)
data_off = (bmo + len(bm) + align - 1) // align * align
run = 128                                 # 64 KiB
target = nsec * 5 // 100
done = 0
chunk = os.urandom(run * ss)
while done < target:
    s = rnd.randrange(nsec // run) * run
    if bm[s // 8]:
        continue
    for b in range(s // 8, (s + run) // 8):
        bm[b] = 0xff
    os.pwrite(fd, chunk, data_off + s * ss)
    done += run
os.pwrite(fd, bytes(bm), bmo)
os.close(fd)
PY

best() { # best of three wall-clock seconds of: $@
	b=
	for i in 1 2 3; do
		rm -f out.img
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc -l)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
	done
	echo "$b"
}
if [ -n "$theirs" ]; then
	t_theirs=$(best "$theirs" d.cow out.img)
	cp --sparse=always out.img theirs.img
fi
t_ours=$(best "$ours" d.cow out.img)
if [ -n "$theirs" ]; then
	cmp -s out.img theirs.img || { echo "bench: outputs differ!" >&2; exit 1; }
fi
alloc() { echo $(( $(stat -c %b "$1") * $(stat -c %B "$1") / 1048576 )); }
printf '%-28s %10s %12s\n' "uml_moo, 2 GiB, 5% dirty" "seconds" "allocated"
[ -z "$theirs" ] ||
	printf '%-28s %10.3f %10s MiB\n' "Debian uml-utilities" "$t_theirs" "$(alloc theirs.img)"
printf '%-28s %10.3f %10s MiB\n' "umk" "$t_ours" "$(alloc out.img)"
[ -z "$theirs" ] ||
	printf 'ratio (Debian / umk): %.1fx faster, identical output\n' "$(echo "$t_theirs / $t_ours" | bc -l)"
