#!/bin/sh
# bench/storage.sh [BUILD-DIR]: storage, our kernel (BUILD-DIR/kernel/linux,
# build/ by default) against the peers that can run on this host, side by
# side in the same run (the peers and their probes are those of
# bench/kernel.sh: linux.uml, runsc --platform=ptrace, the host).
#
# Every workload runs in its own boot with fresh disks, so a guest's cache is
# cold and a failure costs only its own rows. The kernels (umk, linux.uml)
# boot a busybox root (a fresh COW file over the shared image) with a second
# disk, ubd1=FILE, that is /dev/ubdb in the guest; runsc and the host run the
# same script and static programs with a host file standing in for the
# device, and a loop-mounted ext4 image (when root can loop-mount; else a
# directory of the host's filesystem) standing in for the guest's ext4:
#
#   raw write [+fsync]  bench/progs/seqio.c: 256 MiB in 1 MiB writes to
#                       /dev/ubdb over a fresh sparse file (host, runsc: to
#                       the sparse file itself), with or without an fsync at
#                       the end, in the timed span;
#   raw read            256 MiB from /dev/ubdb, ubd1r= a file of known data
#                       (host, runsc: the file);
#   ext4 write+fsync    256 MiB to a new file on a fresh empty ext4 image,
#                       mounted at /mnt (host, runsc: loop-mounted);
#   ext4 read           the 256 MiB file of another image, mounted ro;
#   untar               busybox tar -x of a 20,000-file tarball (made on the
#                       host, deterministically) onto the fresh ext4, then
#                       busybox sync -f (syncfs) on it; the file count is
#                       checked;
#   find+cat            find DIR -type f | xargs cat >/dev/null over the same
#                       tree, put into the read-only image by mkfs.ext4 -d;
#   fsync latency       bench/progs/fsynclat.c: 4 KiB append + fsync in a
#                       loop on the fresh ext4; median and 99th percentile.
#
# The guest times itself (clock_gettime in the static programs, and
# bench/progs/timeit.c around busybox commands) and prints "name value
# unit"; the host checks each figure's clock against its own wall time for
# the boot. Prints a table of medians over BENCH_RUNS runs, one column per
# peer that runs and umk, and one ratio column per peer, oriented so that
# above 1 means umk is better: umk/peer for MiB/s, peer/umk for times. A
# figure that fails shows FAIL, and the guest's output for it is printed
# below the table (today umk's disks are read-only: every write fails with
# EROFS). Then the issue's two targets, where both figures exist. It
# asserts nothing about the numbers; the exit status is 1 only if the
# script itself could not run.
# Environment: BENCH_PEERS ("linux.uml runsc host"), UML, RUNSC,
# BENCH_RUNS (3), BENCH_MIB (256), BENCH_FILES (20000), BENCH_FSYNCS (500),
# BENCH_MEM (256M), BENCH_TIMEOUT (300 s a boot), BENCH_CPU (a host CPU list
# for taskset -c), BENCH_LOOP (auto: loop-mount if root; no: never).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(realpath "${1:-build}")
ours=$build/kernel/linux
mkcow=$build/tools/uml_mkcow
runs=${BENCH_RUNS:-3}
mib=${BENCH_MIB:-256}
files=${BENCH_FILES:-20000}
fsyncs=${BENCH_FSYNCS:-500}
mem=${BENCH_MEM:-256M}
tmo=${BENCH_TIMEOUT:-300}
cpu=${BENCH_CPU:-}
loop=${BENCH_LOOP:-auto}
want=${BENCH_PEERS:-linux.uml runsc host}
mkimage=$here/../tests/images/mkbusybox.sh
marker=BENCH-INIT-UP

for v in "$runs" "$mib" "$files" "$fsyncs" "$tmo"; do
	case $v in
	''|*[!0-9]*|0) echo "bench: BENCH_RUNS, BENCH_MIB, BENCH_FILES, BENCH_FSYNCS and BENCH_TIMEOUT take a positive number ('$v')" >&2; exit 1 ;;
	esac
done
[ -x "$ours" ] || { echo "bench: build first ($ours missing)" >&2; exit 1; }
[ -x "$mkcow" ] || { echo "bench: build first ($mkcow missing)" >&2; exit 1; }
/bin/busybox --list >/dev/null 2>&1 || { echo "bench: apt-get install busybox-static" >&2; exit 1; }
for t in mkfs.ext4 python3 tar; do
	command -v "$t" >/dev/null || { echo "bench: $t not found (scripts/install-deps.sh)" >&2; exit 1; }
done
if command -v musl-gcc >/dev/null; then
	gcc_static="musl-gcc -static"
else
	gcc_static="gcc -static"
fi

# shellcheck source=tests/peers.sh
. "$here/../tests/peers.sh"
# shellcheck disable=SC2034 # used by peer_probe
PEERS_MKIMG=$mkimage

dir=$(mktemp -d "${TMPDIR:-/var/tmp}/umk-sbench.XXXXXX")
mnt=$dir/mnt
cleanup() {
	if mountpoint -q "$mnt" 2>/dev/null; then umount "$mnt" 2>/dev/null || umount -l "$mnt" || true; fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE
mkdir "$dir/root" "$dir/root/bench" "$dir/uml" "$dir/log" "$dir/runsc" \
	"$dir/data" "$mnt"
hostfs="$(findmnt -n -o FSTYPE -T "$dir" 2>/dev/null || stat -f -c %T "$dir") at ${dir%/*}"

# The columns: the peers that run here, then umk.
kinds=
for p in $want; do
	case $p in
	linux.uml|uml)
		if peer_probe linux.uml; then kinds="$kinds uml"; theirs=$peer_bin; fi
		echo "$peer_line" ;;
	runsc)
		if peer_probe runsc; then kinds="$kinds runsc"; runsc=$peer_bin; fi
		echo "$peer_line" ;;
	host) kinds="$kinds host" ;;
	*) echo "bench: unknown peer '$p' in BENCH_PEERS (linux.uml, runsc, host)" >&2; exit 1 ;;
	esac
done
kinds="$kinds umk"

# The programs: the guest's statically linked, the host's clock helper not.
for p in seqio fsynclat timeit; do
	# shellcheck disable=SC2086 # $gcc_static is a command and a flag
	$gcc_static -O2 -Wall -o "$dir/root/bench/$p" "$here/progs/$p.c"
done
cc -O2 -Wall -o "$dir/bootclock" "$here/progs/bootclock.c"

# The tree: $files small files (sizes log-normal around 1 KiB, at most
# 64 KiB, as in a documentation tree), 100 to a directory, 10 directories to
# a parent; the same bytes on every run, and a tarball that does not depend
# on the host's clock, umask or users.
python3 - "$dir/src" "$files" <<'PY'
import os, random, sys
top, files = sys.argv[1], int(sys.argv[2])
rnd = random.Random(20000)
for i in range(files):
    leaf = i // 100
    d = os.path.join(top, "tree", "d%02d" % (leaf // 10), "s%d" % (leaf % 10))
    if i % 100 == 0:
        os.makedirs(d)
    size = min(int(rnd.lognormvariate(7.0, 1.2)), 65536)
    line = ("file %d of the benchmark tree, a line of text\n" % i).encode()
    with open(os.path.join(d, "f%03d.txt" % (i % 100)), "wb") as f:
        f.write((line * (size // len(line) + 1))[:size])
PY
tar --sort=name --mtime=@1700000000 --owner=0 --group=0 --numeric-owner \
	--mode=u=rwX,go=rX --format=ustar -cf "$dir/root/bench/tree.tar" -C "$dir/src" tree
tarsum=$(sha256sum "$dir/root/bench/tree.tar" | cut -c1-16)
tarmib=$(du -m --apparent-size "$dir/root/bench/tree.tar" | cut -f1)

# The disks. data.img: $mib MiB of seqio's pattern (written by seqio on the
# host), the raw device to read. empty.ext4: a fresh filesystem to write
# on, copied for each boot. data.ext4: data.img as /big and the tree as
# /tree. Inode tables and journal are written by mkfs, so no kernel starts
# a lazy-init thread in the middle of a measurement.
"$dir/root/bench/seqio" make write "$dir/data.img" "$mib" >/dev/null
img_mib=$((mib * 2 + tarmib * 3 + 256))
mkfs="mkfs.ext4 -q -F -b 4096 -E lazy_itable_init=0,lazy_journal_init=0"
$mkfs "$dir/empty.ext4" "${img_mib}M" >/dev/null
cp "$dir/data.img" "$dir/data/big"
tar -xf "$dir/root/bench/tree.tar" -C "$dir/data"
$mkfs -d "$dir/data" "$dir/data.ext4" "${img_mib}M" >/dev/null
rm -rf "$dir/src"

# For runsc and the host, ext4 is the same image loop-mounted at $mnt if
# root can; else a directory of the host's filesystem.
loop_why=
if [ "$loop" = no ]; then
	loop_why="BENCH_LOOP=no"
elif [ "$(id -u)" != 0 ]; then
	loop_why="not root"
elif ! out=$(mount -o loop,ro "$dir/data.ext4" "$mnt" 2>&1); then
	loop_why="mount -o loop: $out"
else
	umount "$mnt"
fi
if [ -z "$loop_why" ]; then
	ext4_is="the same ext4 images as the guests', loop-mounted"
else
	ext4_is="no loop mount ($loop_why): files on the host's filesystem, $hostfs"
fi
for kind in $kinds; do
	case $kind in
	runsc) echo "peer runsc: files through its gofer (runsc do -force-overlay=false): raw = a file on $hostfs; ext4 = $ext4_is" ;;
	host) echo "peer host: runs (the same static programs and busybox, Linux $(uname -r)): raw = a file on $hostfs; ext4 = $ext4_is" ;;
	esac
done
echo "tree: $files files, tarball ${tarmib} MiB, sha256 $tarsum...; images: ${img_mib} MiB ext4 (4 KiB blocks)"
echo

# run BENCHDIR OP DEV DIR MIB FSYNCS: the marker, then one workload.
# The same script in every guest and on the host; DEV is the raw device
# (or the file standing for it), DIR the ext4 directory. Every tool is
# busybox's, so that a peer's tar or find is not another program.
cat > "$dir/root/bench/run" <<EOF
#!/bin/sh
echo $marker
b=\$1 op=\$2 dev=\$3 dir=\$4 mib=\$5 fsyncs=\$6
count() { # the files of the tree, timed too (so the clock check sees it)
	"\$b/timeit" count busybox sh -c \\
		'echo "benchcount \$(busybox find "\$1" -type f | busybox wc -l)"' \\
		sh "\$dir/tree"
}
case \$op in
none) ;;
rawwrite) "\$b/seqio" raw_write write "\$dev" "\$mib" ;;
rawwsync) "\$b/seqio" raw_write_fsync write "\$dev" "\$mib" fsync ;;
rawread) "\$b/seqio" raw_read read "\$dev" "\$mib" ;;
ext4wsync) "\$b/seqio" ext4_write_fsync write "\$dir/big" "\$mib" fsync ;;
ext4read) "\$b/seqio" ext4_read read "\$dir/big" "\$mib" ;;
untar) "\$b/timeit" untar busybox tar -xf "\$b/tree.tar" -C "\$dir" &&
	"\$b/timeit" syncfs busybox sync -f "\$dir" && count ;;
findcat) "\$b/timeit" find_cat busybox sh -c \\
	'busybox find "\$1" -type f | busybox xargs busybox cat >/dev/null' \\
	sh "\$dir/tree" && count ;;
fsync) "\$b/fsynclat" fsync "\$dir/fsync.log" "\$fsyncs" ;;
*) echo "run: unknown workload \$op"; false ;;
esac 2>&1 || echo "benchfail workload \$op: exit status \$?"
EOF
# The kernels' init: /dev/ubdb on /mnt as benchmount= says (a workload
# whose mount fails does not run, lest it write on the root instead).
cat > "$dir/init.sh" <<'EOF'
#!/bin/sh
mount -t proc proc /proc 2>/dev/null
[ -b /dev/ubdb ] || mount -t devtmpfs devtmpfs /dev 2>/dev/null
[ -b /dev/ubdb ] || mknod /dev/ubdb b 98 16
st=0
case ${benchmount:-none} in
rw) mount -t ext4 /dev/ubdb /mnt || st=$?
	# busybox mount retries read-only when the kernel refuses rw
	if grep -q '^[^ ]* /mnt [^ ]* ro[ ,]' /proc/mounts; then
		note="/dev/ubdb is mounted read-only: the kernel refused rw"
	fi ;;
ro) mount -t ext4 -o ro /dev/ubdb /mnt || st=$? ;;
esac
if [ "$st" = 0 ]; then
	/bin/sh /bench/run /bench "${benchop:-none}" /dev/ubdb /mnt \
		"${benchmib:-1}" "${benchfsyncs:-1}"
	[ -z "${note:-}" ] || echo "note: $note"
else
	echo BENCH-INIT-UP
	echo "benchfail mount of /dev/ubdb ($benchmount) status $st"
fi
poweroff -f
EOF
sh "$mkimage" "$dir/base.ext4" "$((tarmib * 2 + 64))M" "$dir/init.sh" "$dir/root" >/dev/null

# disk OP: the disk of a workload and how it is mounted (sets disk and
# mode): a fresh one for writes, the shared read-only ones for reads.
disk() {
	case $1 in
	none|rawwrite|rawwsync)
		rm -f "$dir/disk.img"
		truncate -s "${mib}M" "$dir/disk.img"
		disk=$dir/disk.img mode=none ;;
	rawread) disk=$dir/data.img mode=none ;;
	ext4wsync|untar|fsync)
		rm -f "$dir/disk.img"
		cp --sparse=always "$dir/empty.ext4" "$dir/disk.img"
		disk=$dir/disk.img mode=rw ;;
	ext4read|findcat) disk=$dir/data.ext4 mode=ro ;;
	esac
}

n=0
# boot KIND OP LOG: one boot of KIND running workload OP, its console in
# LOG; sets t_exit (the host's seconds from exec to exit; "-" if none).
boot() {
	kind=$1 op=$2 log=$3
	n=$((n + 1))
	disk "$op"
	ro=
	[ "$mode" != ro ] || ro=r
	fsdir=$mnt skip=
	case $kind in
	uml|umk)
		if [ "$kind" = uml ]; then k=$theirs; else k=$ours; fi
		rm -f "$dir/$kind.cow"
		"$mkcow" "$dir/$kind.cow" "$dir/base.ext4"
		set -- "$k" "ubd0=$dir/$kind.cow,$dir/base.ext4" "ubd1$ro=$disk" \
		    "mem=$mem" init=/init quiet con=null con0=fd:0,fd:1 \
		    "umid=sbench-$$-$n" "uml_dir=$dir/uml" "benchop=$op" \
		    "benchmount=$mode" "benchmib=$mib" "benchfsyncs=$fsyncs" ;;
	runsc|host)
		if [ "$mode" != none ]; then
			if [ -z "$loop_why" ]; then
				if ! skip=$(mount -o "loop${ro:+,ro}" "$disk" "$mnt" 2>&1); then
					skip="benchfail loop mount of $disk: ${skip:-status $?}"
				fi
			elif [ "$mode" = ro ]; then
				fsdir=$dir/data
			else
				rm -rf "$dir/hostrw"
				mkdir "$dir/hostrw"
				fsdir=$dir/hostrw
			fi
		fi
		set -- /bin/busybox sh "$dir/root/bench/run" "$dir/root/bench" "$op" \
		    "$disk" "$fsdir" "$mib" "$fsyncs"
		if [ "$kind" = runsc ]; then
			# shellcheck disable=SC2046 # runsc_args is a list of options
			set -- "$runsc" --root="$dir/runsc" $(runsc_args) "do" \
			    -force-overlay=false -cwd / "$@"
		fi ;;
	esac
	[ -z "$cpu" ] || set -- taskset -c "$cpu" "$@"
	if [ -n "$skip" ]; then
		printf '%s\n%s\n' "$marker" "$skip" > "$log"
		out=-
	elif out=$("$dir/bootclock" "$marker" "$log" timeout -k 5 "$tmo" "$@" </dev/null); then
		:
	else
		st=$?
		if [ "$st" = 124 ]; then
			echo "[bench: killed, still running after ${tmo}s]" >> "$log"
		else
			echo "[bench: $kind exited with status $st]" >> "$log"
		fi
	fi
	if mountpoint -q "$mnt"; then umount "$mnt"; fi
	case $out in
	*' '*) t_exit=${out#* } ;;
	*) t_exit=- ;;
	esac
	# The guest's side of the console: from the marker on.
	tr -d '\r' < "$log" | awk -v m="$marker" '
		$0 == m { on = 1 } on { print } { all[NR] = $0 }
		END { if (!on) for (i = 1; i <= NR; i++) print all[i] }' > "$log.txt"
}

median() { # median of the numbers in the arguments, "-" if any is "-"
	printf '%s\n' "$@" | sort -g | awk '
		$1 == "-" { bad = 1 } { v[NR] = $1 }
		END {
			if (bad || NR == 0) { print "-"; exit }
			print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}

# The rows: label, workload, the name the guest prints, rate or time.
metrics="raw write (MiB/s)|rawwrite|raw_write|rate
raw write+fsync (MiB/s)|rawwsync|raw_write_fsync|rate
raw read (MiB/s)|rawread|raw_read|rate
ext4 write+fsync (MiB/s)|ext4wsync|ext4_write_fsync|rate
ext4 read (MiB/s)|ext4read|ext4_read|rate
untar $files files (ms)|untar|untar|time
untar, then syncfs (ms)|untar|untar+syncfs|time
find+cat (ms)|findcat|find_cat|time
fsync 4 KiB p50 (us)|fsync|fsync_p50|time
fsync 4 KiB p99 (us)|fsync|fsync_p99|time"
ops="none rawwrite rawwsync rawread ext4wsync ext4read untar findcat fsync"

# value LOG NAME: the figure NAME from a workload's output, or "-". A sum
# "a+b" adds two figures; untar's figures count only if every file is there.
value() {
	awk -v n="$2" -v files="$files" '
		BEGIN { k = split(n, want, "+") }
		$1 == "benchfail" { bad = 1 }
		$1 == "benchcount" && $2 != files { bad = 1 }
		NF == 3 && $2 ~ /^[0-9.]+$/ { got[$1] = $2 }
		END {
			s = 0
			for (i = 1; i <= k; i++) {
				if (!(want[i] in got)) bad = 1
				s += got[want[i]]
			}
			if (bad) print "-"; else printf "%.1f\n", s
		}' "$1"
}

# 1. Every workload on every kind, BENCH_RUNS times, alternating the kinds
# so that drift in the host's load hits them all.
failed='' warn=''
r=0
while [ "$r" -lt "$runs" ]; do
	r=$((r + 1))
	for op in $ops; do
		for kind in $kinds; do
			log=$dir/log/$op-$kind-$r
			boot "$kind" "$op" "$log"
			eval "wall_${op}_$kind=\"\${wall_${op}_$kind:-} $t_exit\""
			if [ "$op" = none ]; then
				[ "$t_exit" != - ] || failed="$failed $op-$kind-$r"
				continue
			fi
			bad=
			printf '%s\n' "$metrics" | while IFS='|' read -r _ o name _; do
				[ "$o" = "$op" ] || continue
				value "$log.txt" "$name"
			done > "$log.vals"
			grep -qx -- - "$log.vals" && bad=1
			if [ -n "$bad" ]; then
				failed="$failed $op-$kind-$r"
				continue
			fi
			# The guest's clock against the host's: the timed spans
			# (all of a workload's work is timed) cannot add up to
			# more than the boot, nor much less than the boot minus
			# an empty boot (boots vary: 1 s slack).
			b=-
			eval "b=\$(median \$wall_none_$kind)"
			c=$(awk -v w="$t_exit" -v b="$b" '
				$1 == "#clock" { g += $3 / 1e9 }
				END {
					if (w == "-" || g == 0) exit
					if (g > w * 1.05 || (b != "-" && g < (w - b - 1) * 0.5))
						printf "guest clock %.2f s, host %.2f s for the boot (empty boot %s s)", g, w, b
				}' "$log.txt")
			[ -z "$c" ] || warn="$warn$op on $kind (run $r): $c
"
		done
	done
done

# 2. The medians: a figure is FAIL if any of its runs failed.
rows=
printf '%s\n' "$metrics" > "$dir/metrics"
while IFS='|' read -r label op name how; do
	vals=
	for kind in $kinds; do
		all=
		i=0
		while [ "$i" -lt "$runs" ]; do
			i=$((i + 1))
			all="$all $(value "$dir/log/$op-$kind-$i.txt" "$name")"
		done
		# shellcheck disable=SC2086 # a list of numbers
		v=$(median $all)
		[ "$v" != - ] || v=FAIL
		vals="$vals $v"
	done
	rows="$rows$label|$how|$vals
"
	eval "got_$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' _)=\"\$vals\""
done < "$dir/metrics"

# ratio HOW V U: umk's advantage over V: U/V for a rate, V/U for a time.
ratio() {
	case $2$3 in
	*FAIL*) echo - ;;
	*) echo "$1 $2 $3" | awk '{
		if ($1 == "rate" && $2 > 0) printf "%.2f", $3 / $2
		else if ($1 == "time" && $3 > 0) printf "%.2f", $2 / $3
		else print "-" }' ;;
	esac
}

# The table, then the targets of issue 8.
{
	printf '%-26s' metric
	for kind in $kinds; do
		case $kind in uml) printf ' %10s' linux.uml ;; *) printf ' %10s' "$kind" ;; esac
	done
	for kind in $kinds; do
		[ "$kind" = umk ] || printf ' %9s' "vs.$kind"
	done
	echo
}
printf '%s' "$rows" | while IFS='|' read -r label how vals; do
	printf '%-26s' "$label"
	# shellcheck disable=SC2086 # a list of values
	set -- $vals
	for v; do printf ' %10s' "$v"; done
	eval "u=\${$#}"
	k=0
	for v; do
		k=$((k + 1))
		[ "$k" -lt $# ] || break
		printf ' %9s' "$(ratio "$how" "$v" "$u")"
	done
	echo
done
echo "(median of $runs runs, ${mib} MiB, mem=$mem${cpu:+, host CPU $cpu}; vs.X is umk/X for MiB/s and X/umk for times: above 1, umk is better)"

# col KIND VALUES...: the value in KIND's column.
col() {
	want_kind=$1
	shift
	for kind in $kinds; do
		if [ "$kind" = "$want_kind" ]; then echo "$1"; return; fi
		shift
	done
	echo none
}
echo
# shellcheck disable=SC2154,SC2086 # set by eval above; lists of values
{
	u=$(col umk $got_ext4_write_fsync) h=$(col host $got_raw_write_fsync)
	if [ "$h" = none ]; then
		echo "target ext4 write+fsync >= 0.5 x host: not measured (no host column)"
	elif [ "$u" = FAIL ] || [ "$h" = FAIL ]; then
		echo "target ext4 write+fsync >= 0.5 x host: not measured (umk $u, host $h)"
	else
		echo "$u $h" | awk '{ printf "target ext4 write+fsync >= 0.5 x host: umk %s MiB/s, host %s MiB/s (a file on the host filesystem, fsync\x27d): %.2f x, %s\n", $1, $2, $1 / $2, ($1 >= $2 / 2) ? "met" : "NOT met" }'
	fi
	ul=$(col uml $got_ext4_write_fsync)
	if [ "$ul" != none ] && [ "$ul" != FAIL ] && [ "$h" != none ] && [ "$h" != FAIL ]; then
		echo "$ul $h" | awk '{ printf "  (linux.uml: %s MiB/s, %.2f x the host)\n", $1, $1 / $2 }'
	fi
	u=$(col umk $got_untar) ul=$(col uml $got_untar)
	if [ "$ul" = none ]; then
		echo "target untar >= 2x faster than linux.uml: not measured (linux.uml does not run here)"
	elif [ "$u" = FAIL ] || [ "$ul" = FAIL ]; then
		echo "target untar >= 2x faster than linux.uml: not measured (umk $u, linux.uml $ul)"
	else
		echo "$u $ul" | awk '{ printf "target untar >= 2x faster than linux.uml: umk %s ms, linux.uml %s ms: %.2f x, %s\n", $1, $2, $2 / $1, ($2 >= 2 * $1) ? "met" : "NOT met" }'
	fi
}
if [ -n "$warn" ]; then
	printf '\nclock check:\n%s' "$warn"
fi
# The first failure of each workload and kind, and the runs that failed.
shown=
for f in $failed; do
	case " $shown " in *" ${f%-*} "*) continue ;; esac
	shown="$shown ${f%-*}"
	rs=$(echo "$failed" | tr ' ' '\n' | awk -v p="${f%-*}-" 'index($0, p) == 1 { printf " %s", substr($0, length(p) + 1) }')
	printf '\n--- FAIL %s (run%s): guest output ---\n' "${f%-*}" "$rs"
	cat "$dir/log/$f.txt"
	awk -v files="$files" '$1 == "benchcount" && $2 != files {
		printf "[bench: %s files in the tree, %s expected]\n", $2, files }' "$dir/log/$f.txt"
done
