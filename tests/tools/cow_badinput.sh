#!/bin/sh
# Bad input to uml_mkcow and uml_moo: each case must give one clear error
# line on stderr, a non-zero exit, and leave the backing file and any
# existing target byte for byte as they were (no temporary files left).
# Usage: cow_badinput.sh <uml_mkcow> <uml_moo>
set -u
MKCOW=$(realpath "$1") MOO=$(realpath "$2")
. "$(dirname "$0")/../lib.sh"
cd "$work" || exit 1

truncate -s 8M back.img
dd if=/dev/urandom of=back.img bs=64k count=8 seek=3 conv=notrunc 2>/dev/null
touch -d @1700000000 back.img
"$MKCOW" good.cow back.img
dirty_cow good.cow 11 100
echo "precious target" > target.img
H_BACK=$(hash_of back.img)
H_TARGET=$(hash_of target.img)

# fails NAME EXPECTED-REGEX COMMAND...: non-zero exit, one line matching, nothing damaged.
fails() {
	name=$1 re=$2
	shift 2
	"$@" >out.txt 2>err.txt
	rc=$?
	if [ $rc -eq 0 ]; then not_ok "$name: exit status 0"; return; fi
	if ! one_line err.txt; then not_ok "$name: want one error line, got:"; cat err.txt; return; fi
	if ! grep -Eq "$re" err.txt; then not_ok "$name: message '$(cat err.txt)' does not match /$re/"; return; fi
	if [ -s out.txt ]; then not_ok "$name: printed on stdout"; return; fi
	if [ "$(hash_of back.img)" != "$H_BACK" ]; then not_ok "$name: backing file changed"; return; fi
	if [ "$(hash_of target.img)" != "$H_TARGET" ]; then not_ok "$name: existing target changed"; return; fi
	if ls -a | grep -q '\.moo-'; then not_ok "$name: temporary file left behind"; return; fi
	ok "$name (rc=$rc: $(cat err.txt))"
}

# --- uml_mkcow ---
fails "mkcow: missing backing file" 'No such file' "$MKCOW" new.cow missing.img
check "mkcow: no COW file left after a failure" [ ! -e new.cow ]
cp good.cow keep.cow
fails "mkcow: existing COW without -f" 'already exists.*-f' "$MKCOW" keep.cow back.img
check "mkcow: existing COW untouched" cmp -s good.cow keep.cow
"$MKCOW" a b c >out.txt 2>err.txt; rc=$?
check "mkcow: bad usage exits 2" [ $rc -eq 2 ]

# --- uml_moo: inputs ---
fails "moo: missing COW file" "can't open COW file" "$MOO" missing.cow target.img
fails "moo: not a COW file" 'not a COW file' "$MOO" back.img target.img
cp good.cow badmagic.cow
printf 'XXXX' | dd of=badmagic.cow conv=notrunc 2>/dev/null
fails "moo: corrupt magic" 'not a COW file' "$MOO" badmagic.cow target.img
cp good.cow badver.cow
printf '\000\000\000\011' | dd of=badver.cow bs=1 seek=4 conv=notrunc 2>/dev/null
fails "moo: corrupt version" 'unsupported COW format version' "$MOO" badver.cow target.img
cp good.cow badsect.cow
printf '\000\000\001\000' | dd of=badsect.cow bs=1 seek=20 conv=notrunc 2>/dev/null
fails "moo: corrupt sector size" 'invalid sector size' "$MOO" badsect.cow target.img
head -c 2000 good.cow > short.cow
fails "moo: COW truncated inside the header" 'truncated' "$MOO" short.cow target.img
cp good.cow trunc.cow
truncate -s 100000 trunc.cow
fails "moo: COW truncated inside the data area" 'truncated' "$MOO" trunc.cow target.img

# --- uml_moo: the backing file ---
"$MKCOW" gone.cow back.img
cp -p back.img moved.img
fails "moo: backing file missing (-b)" "Can't stat backing file" "$MOO" -b nothere.img good.cow target.img
cp -p back.img newer.img
touch newer.img
fails "moo: backing file newer than the COW" 'mtime mismatch.*touch -m -d @1700000000' \
	"$MOO" -b newer.img good.cow target.img
cp -p back.img older.img
touch -d @1600000000 older.img
fails "moo: backing file older than the COW" 'mtime mismatch' "$MOO" -b older.img good.cow target.img
cp -p back.img bigger.img
truncate -s +512 bigger.img
touch -d @1700000000 bigger.img
fails "moo: backing file of another size" 'Size mismatch \(8388608 vs 8389120\)' \
	"$MOO" -b bigger.img good.cow target.img
fails "moo -d: backing file newer" 'mtime mismatch' "$MOO" -d -b newer.img good.cow
check "moo -d: refused merge left the newer backing file alone" \
	[ "$(stat -c %Y newer.img)" -gt 1700000000 ]

# --- uml_moo: the target ---
fails "moo: target in a missing directory" "can't create the new image" "$MOO" good.cow nodir/out.img
fails "moo: target on a read-only filesystem" "can't create the new image" "$MOO" good.cow /proc/out.img
# Disk full, the portable way: a file size limit (EFBIG).
fails "moo: file size limit while writing" 'nothing was written under that name' \
	sh -c "ulimit -f 2048; exec \"$MOO\" good.cow target.img"
# Disk full for real, on a 1 MiB tmpfs in a private mount namespace (needs root).
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	mkdir full
	fails "moo: disk full (1 MiB tmpfs)" 'No space left' unshare -m sh -c \
		"mount -t tmpfs -o size=1m none full && cp target.img full/ && exec \"$MOO\" good.cow full/target.img"
	mkdir ro
	fails "moo: target on a read-only mount" 'Read-only file system' unshare -m sh -c \
		"mount --bind ro ro && mount -o remount,bind,ro ro && exec \"$MOO\" good.cow ro/out.img"
else
	echo "# not root: tmpfs disk-full case skipped"
fi
"$MOO" good.cow target.img >out.txt 2>err.txt; rc=$?
check "moo: a good merge replaces the target" sh -c "[ $rc -eq 0 ] && ! cmp -s target.img out.txt && [ \$(stat -c %s target.img) -eq 8388608 ]"
check "moo: new image takes the backing file's mode" [ "$(stat -c %a target.img)" = "$(stat -c %a back.img)" ]

# --- uml_moo -d interrupted by an I/O error: the pair stays usable, a rerun finishes ---
cp -p back.img inplace.img
"$MOO" good.cow plain.img
(ulimit -f 4096; "$MOO" -d -b inplace.img good.cow) >out.txt 2>err.txt; rc=$?
check "moo -d: an I/O error mid-merge fails with one line" sh -c "[ $rc -ne 0 ] && [ \$(wc -l < err.txt) -eq 1 ] && grep -q 'run the same command again' err.txt"
check "moo -d: after the failure the backing file keeps the header mtime" [ "$(stat -c %Y inplace.img)" = 1700000000 ]
"$MOO" -d -b inplace.img good.cow
check "moo -d: the rerun completes the merge" cmp -s inplace.img plain.img
"$MOO" >out.txt 2>err.txt; rc=$?
check "moo: bad usage exits non-zero" [ $rc -ne 0 ]
finish
