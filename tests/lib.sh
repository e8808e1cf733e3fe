# Shell test helpers, sourced by the scripts under tests/. Each check prints
# "ok - ..." or "not ok - ..." (TAP style), a case that cannot run here
# "ok - ... # SKIP <reason>"; finish prints "N passed, N failed, N skipped"
# and sets the exit status (meson: 0 pass, 1 fail, 77 when every case
# skipped).
pass=0
fail=0
skipped=0
work=$(mktemp -d "${TMPDIR:-/tmp}/umk-test.XXXXXX")
trap 'cleanup_work' EXIT
cleanup_work() {
	chmod -R u+w "$work" 2>/dev/null
	rm -rf "$work"
}

ok() { pass=$((pass + 1)); echo "ok - $*"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $*"; }

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# skip DESCRIPTION REASON: a case that cannot run on this host (a peer that
# is missing or does not work here); says why, counts as neither pass nor fail.
skip() {
	skipped=$((skipped + 1))
	echo "ok - $1 # SKIP $2"
}

skip_all() {
	echo "SKIP: $*"
	exit 77
}

# finish_hook, if a test library sets it, runs first (lib-boot.sh: sanitizer reports).
finish() {
	[ -n "${finish_hook:-}" ] && "$finish_hook"
	echo "$pass passed, $fail failed, $skipped skipped"
	[ "$fail" -eq 0 ] || return 1
	[ "$pass" -gt 0 ] || [ "$skipped" -eq 0 ] || return 77
	return 0
}

hash_of() { sha256sum "$1" | cut -d' ' -f1; }

# one_line FILE: the file holds exactly one non-empty line.
one_line() { [ "$(wc -l < "$1")" -eq 1 ] && [ -s "$1" ]; }

# sparse FILE: allocated size is below a quarter of the apparent size.
sparse() {
	alloc=$(( $(stat -c %b "$1") * $(stat -c %B "$1") ))
	[ "$alloc" -lt $(( $(stat -c %s "$1") / 4 )) ]
}

# fsck_clean IMAGE: e2fsck -fn finds nothing to fix.
fsck_clean() { e2fsck -fn "$1" >"$work/fsck.log" 2>&1 || { cat "$work/fsck.log"; false; }; }

# dirty_cow COW SEED COUNT: sets COUNT random runs of sectors in a v3 COW file
# and writes random (or zero) data for them, as a guest writing would.
dirty_cow() {
	python3 - "$1" "$2" "$3" <<'PY'
import random, struct, sys
path, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
with open(path, 'r+b') as f:
    h = f.read(4128)
    size, ss, align = struct.unpack('>QII', h[12:28])
    bmo = (4128 + align - 1) // align * align
    nsec = (size + ss - 1) // ss
    f.seek(bmo)
    bm = bytearray(f.read((nsec + 7) // 8))
    data = bmo + len(bm)
    data = (data + align - 1) // align * align
    for _ in range(count):
        s = rnd.randrange(nsec)
        for k in range(s, min(nsec, s + rnd.randint(1, 64))):
            bm[k // 8] |= 1 << (k % 8)
            f.seek(data + k * ss)
            f.write(bytes([rnd.randrange(1, 256)]) * ss if rnd.random() < 0.8 else bytes(ss))
    f.seek(bmo)
    f.write(bm)
PY
}
