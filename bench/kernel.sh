#!/bin/sh
# bench/kernel.sh [BUILD-DIR]: our kernel (BUILD-DIR/kernel/linux, build/ by
# default) against the peers that can run on this host, side by side in the
# same run:
#
#   linux.uml  Debian's UML: the reference, same command line and image;
#   runsc      gVisor (Debian's runsc) with --platform=ptrace, the other
#              kernel that runs guest programs through ptrace;
#   host       the same static programs run directly on the host kernel.
#
# Each peer is probed first (tests/peers.sh): one line says whether it runs
# here or why it cannot (Debian's UML panics at boot on CPUs with AMX), and
# a peer that cannot run has no column, so every ratio printed was measured
# in this run.
#
# The kernels boot the same busybox ext4 image, each through a fresh COW
# file of its own over the shared backing file, with the same command line.
# The guest's /init runs /bench/run, which prints a marker line first thing
# and runs at most one benchmark program (chosen by benchprog= on the kernel
# command line, which the kernel hands to init as an environment variable),
# then powers off with `poweroff -f`. runsc and host run the same
# /bench/run script with the same static busybox and programs, over the
# host's root (runsc: `runsc do`, the host's filesystem under an overlay).
#
#   boot       wall time on the host from the exec of the kernel (runsc,
#              busybox sh) to the marker line on its console, and to its
#              exit; the median of BENCH_BOOTS (5) boots.
#   programs   static C programs from bench/progs/ (nullsys, forkexit,
#              forkexec, pipe, pagefault), one boot each; each runs for
#              BENCH_MS (2000) ms of guest time, measured by the guest with
#              clock_gettime(CLOCK_MONOTONIC), and prints "name value ns".
#
# Prints a table: metric, one column per peer that runs and umk, and the
# ratio peer / umk for each (above 1 means umk is faster). A metric that
# fails shows FAIL, and the console output is printed below the table. It
# asserts nothing about the numbers; the exit status is 1 only if the
# script itself could not run (missing kernel, image or compiler).
# Environment: BENCH_PEERS ("linux.uml runsc host": the peers to try),
# UML (linux.uml from PATH), RUNSC (runsc from PATH), BENCH_MS,
# BENCH_BOOTS, BENCH_MEM (128M: the page-fault program maps 64 MiB),
# BENCH_TIMEOUT (60 s a boot), BENCH_CPU (unset; a host CPU list such as 0
# runs everything under taskset -c on it).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(realpath "${1:-build}")
ours=$build/kernel/linux
mkcow=$build/tools/uml_mkcow
ms=${BENCH_MS:-2000}
boots=${BENCH_BOOTS:-5}
mem=${BENCH_MEM:-128M}
tmo=${BENCH_TIMEOUT:-60}
cpu=${BENCH_CPU:-}
want=${BENCH_PEERS:-linux.uml runsc host}
mkimage=$here/../tests/images/mkbusybox.sh
progs="nullsys forkexit forkexec pipe pagefault"
marker=BENCH-INIT-UP

[ -x "$ours" ] || { echo "bench: build first ($ours missing)" >&2; exit 1; }
[ -x "$mkcow" ] || { echo "bench: build first ($mkcow missing)" >&2; exit 1; }
/bin/busybox --list >/dev/null 2>&1 || { echo "bench: apt-get install busybox-static" >&2; exit 1; }
if command -v musl-gcc >/dev/null; then
	gcc_static="musl-gcc -static"
else
	gcc_static="gcc -static"
fi

# shellcheck source=tests/peers.sh
. "$here/../tests/peers.sh"
# shellcheck disable=SC2034 # used by peer_probe
PEERS_MKIMG=$mkimage

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
	host)
		kinds="$kinds host"
		echo "peer host: runs (the same static programs on the host, Linux $(uname -r))" ;;
	*) echo "bench: unknown peer '$p' in BENCH_PEERS (linux.uml, runsc, host)" >&2; exit 1 ;;
	esac
done
kinds="$kinds umk"
echo

dir=$(mktemp -d "${TMPDIR:-/var/tmp}/umk-kbench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM HUP
mkdir "$dir/root" "$dir/root/bench" "$dir/uml" "$dir/log" "$dir/runsc"

# The programs: the guest's statically linked, the host's clock helper not.
for p in $progs tiny; do
	# shellcheck disable=SC2086 # $gcc_static is a command and a flag
	$gcc_static -O2 -Wall -o "$dir/root/bench/$p" "$here/progs/$p.c"
done
cc -O2 -Wall -o "$dir/bootclock" "$here/progs/bootclock.c"

# run DIR [PROG MS]: the marker, then DIR/PROG for MS ms of its own clock.
# The same script in every guest and on the host; forkexec execs DIR/tiny.
cat > "$dir/root/bench/run" <<EOF
#!/bin/sh
echo $marker
if [ -n "\${2:-}" ]; then
	"\$1/\$2" "\$3" "\$1/tiny" 2>&1 || echo "benchfail \$2 status \$?"
fi
EOF
cat > "$dir/init.sh" <<'EOF'
#!/bin/sh
/bin/sh /bench/run /bench "${benchprog:-}" "${benchms:-1000}"
poweroff -f
EOF
sh "$mkimage" "$dir/base.ext4" 32M "$dir/init.sh" "$dir/root" >/dev/null

n=0
# boot KIND LOG [PROG MS]: one boot of KIND (uml, umk: a fresh COW file over
# the image; runsc, host: the run script) with its console in LOG; sets
# t_mark and t_exit (seconds; "-" if none).
boot() {
	kind=$1 log=$2
	shift 2
	n=$((n + 1))
	case $kind in
	uml|umk)
		if [ "$kind" = uml ]; then k=$theirs; else k=$ours; fi
		rm -f "$dir/$kind.cow"
		"$mkcow" "$dir/$kind.cow" "$dir/base.ext4"
		[ $# -eq 0 ] || set -- "benchprog=$1" "benchms=$2"
		set -- "$k" "ubd0=$dir/$kind.cow,$dir/base.ext4" "mem=$mem" init=/init \
		    quiet con=null con0=fd:0,fd:1 "umid=kbench-$$-$n" "uml_dir=$dir/uml" "$@" ;;
	runsc)
		# shellcheck disable=SC2046 # runsc_args is a list of options
		set -- "$runsc" --root="$dir/runsc" $(runsc_args) "do" -cwd / \
		    /bin/busybox sh "$dir/root/bench/run" "$dir/root/bench" "$@" ;;
	host)
		set -- /bin/busybox sh "$dir/root/bench/run" "$dir/root/bench" "$@" ;;
	esac
	[ -z "$cpu" ] || set -- taskset -c "$cpu" "$@"
	if out=$("$dir/bootclock" "$marker" "$log" timeout -k 5 "$tmo" "$@" </dev/null); then
		:
	else
		st=$?
		if [ "$st" = 124 ]; then
			echo "[bench: killed, still running after ${tmo}s]" >> "$log"
		else
			echo "[bench: $kind exited with status $st]" >> "$log"
		fi
	fi
	case $out in
	*' '*) t_mark=${out%% *} t_exit=${out#* } ;;
	*) t_mark=- t_exit=- ;;
	esac
	tr -d '\r' < "$log" > "$log.txt"
}

median() { # median of the numbers in the arguments, "-" if any is "-"
	printf '%s\n' "$@" | sort -g | awk '
		$1 == "-" { bad = 1 } { v[NR] = $1 }
		END {
			if (bad || NR == 0) { print "-"; exit }
			print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}

failed=
rows=
row() { # row NAME VALUE...: appends a table row (one value per kind, or FAIL)
	label=$1
	shift
	rows="$rows$label|$*
"
}

# 1. Boot, alternating the kinds so that drift in the host hits them all.
for kind in $kinds; do
	eval "mark_$kind=''; exit_$kind=''"
done
i=0
while [ "$i" -lt "$boots" ]; do
	i=$((i + 1))
	for kind in $kinds; do
		boot "$kind" "$dir/log/boot-$kind-$i"
		if [ "$t_mark" = - ]; then
			failed="$failed boot-$kind-$i"
		fi
		eval "mark_$kind=\"\$mark_$kind $t_mark\"; exit_$kind=\"\$exit_$kind $t_exit\""
	done
done
ms_of() { # seconds to milliseconds, FAIL for "-"
	if [ "$1" = - ]; then echo FAIL; else echo "$1" | awk '{ printf "%.1f", $1 * 1000 }'; fi
}
vm="" ve=""
for kind in $kinds; do
	eval "m=\$mark_$kind e=\$exit_$kind"
	# shellcheck disable=SC2154,SC2086 # set by eval above; lists of numbers
	vm="$vm $(ms_of "$(median $m)")" ve="$ve $(ms_of "$(median $e)")"
	# shellcheck disable=SC2086
	eval "empty_$kind=$(median $e)"
done
# shellcheck disable=SC2086 # lists of values
{
	row "boot to init line (ms)" $vm
	row "boot+poweroff (ms)" $ve
}

# 2-6. One boot per program and kind.
warn=
for p in $progs; do
	case $p in
	nullsys) name=getppid label="getppid (ns/call)" div=1 ;;
	forkexit) name=fork_exit_wait label="fork+exit+wait (us)" div=1000 ;;
	forkexec) name=fork_exec_wait label="fork+execve+wait (us)" div=1000 ;;
	pipe) name=pipe_roundtrip label="pipe round trip (ns)" div=1 ;;
	pagefault) name=page_fault label="page fault (ns/page)" div=1 ;;
	esac
	vals=
	for kind in $kinds; do
		log=$dir/log/$p-$kind
		boot "$kind" "$log" "$p" "$ms"
		v=$(awk -v n="$name" '$1 == n && $3 == "ns" && $2 ~ /^[0-9.]+$/ { print $2; exit }' "$log.txt")
		if [ -z "$v" ]; then
			failed="$failed $p-$kind"
			v=FAIL
		else
			v=$(echo "$v $div" | awk '{ printf "%.1f", $1 / $2 }')
			# The guest's clock against the host's: the run cannot
			# take longer than the whole boot, nor much less than
			# the boot minus an empty boot (boots vary: 1 s slack).
			eval "b=\$empty_$kind"
			c=$(awk -v n="$name" -v w="$t_exit" -v b="$b" '
				$1 == "#clock" && $2 == n {
					g = $3 / 1e9
					if (w == "-") exit
					if (g > w * 1.05 || (b != "-" && g < (w - b - 1) * 0.5))
						printf "guest clock %.2f s, host %.2f s for the boot (empty boot %s s)", g, w, b
					exit
				}' "$log.txt")
			[ -z "$c" ] || warn="$warn$p on $kind: $c
"
		fi
		vals="$vals $v"
	done
	# shellcheck disable=SC2086 # a list of values
	row "$label" $vals
done

# The table: the values, then peer/umk for every peer (umk is the last column).
{
	printf '%-26s' metric
	for kind in $kinds; do
		case $kind in uml) printf ' %12s' linux.uml ;; *) printf ' %12s' "$kind" ;; esac
	done
	for kind in $kinds; do
		[ "$kind" = umk ] || printf ' %9s' "$kind/umk"
	done
	echo
}
printf '%s' "$rows" | while IFS='|' read -r label vals; do
	printf '%-26s' "$label"
	# shellcheck disable=SC2086 # a list of values
	set -- $vals
	for v; do printf ' %12s' "$v"; done
	eval "u=\${$#}"
	k=0
	for v; do
		k=$((k + 1))
		[ "$k" -lt $# ] || break
		case $v$u in
		*FAIL*) r=- ;;
		*) r=$(echo "$v $u" | awk '{ if ($2 > 0) printf "%.2f", $1 / $2; else print "-" }') ;;
		esac
		printf ' %9s' "$r"
	done
	echo
done
echo "(median of $boots boots; programs ran ${ms} ms each, mem=$mem${cpu:+, host CPU $cpu}; ratio > 1: umk faster)"
if [ -n "$warn" ]; then
	printf '\nclock check:\n%s' "$warn"
fi
for f in $failed; do
	printf '\n--- FAIL %s: console output ---\n' "$f"
	cat "$dir/log/$f.txt"
done
