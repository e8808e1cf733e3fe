#!/bin/sh
# bench/kernel.sh [BUILD-DIR]: our kernel (BUILD-DIR/kernel/linux, build/ by
# default) against Debian's UML (linux.uml), side by side in the same run.
#
# Both boot the same busybox ext4 image, each through a fresh COW file of its
# own over the shared backing file, with the same command line. The guest's
# /init prints a marker line first thing, runs at most one benchmark program
# (chosen by benchprog= on the kernel command line, which the kernel hands to
# init as an environment variable) and powers off with `poweroff -f`.
#
#   boot       wall time on the host from the exec of the kernel to the
#              marker line on its console, and to the kernel's exit; the
#              median of BENCH_BOOTS (5) boots.
#   programs   static C programs from bench/progs/ (nullsys, forkexit,
#              forkexec, pipe, pagefault), one boot each; each runs for
#              BENCH_MS (2000) ms of guest time, measured by the guest with
#              clock_gettime(CLOCK_MONOTONIC), and prints "name value ns".
#
# Prints a table: metric, linux.uml, umk, and the ratio linux.uml / umk
# (above 1 means umk is faster). A metric that fails shows FAIL, and the
# guest's console output is printed below the table. It asserts nothing
# about the numbers; the exit status is 1 only if the script itself could
# not run (missing kernel, image or compiler). Environment: UML (the
# reference kernel, /usr/bin/linux.uml), BENCH_MS, BENCH_BOOTS, BENCH_MEM
# (128M: the page-fault program maps 64 MiB), BENCH_TIMEOUT (60 s a boot),
# BENCH_CPU (unset; a host CPU list such as 0 runs both kernels under
# taskset -c on it).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(realpath "${1:-build}")
ours=$build/kernel/linux
theirs=${UML:-/usr/bin/linux.uml}
ms=${BENCH_MS:-2000}
boots=${BENCH_BOOTS:-5}
mem=${BENCH_MEM:-128M}
tmo=${BENCH_TIMEOUT:-60}
cpu=${BENCH_CPU:-}
mkimage=$here/../tests/images/mkbusybox.sh
progs="nullsys forkexit forkexec pipe pagefault"
marker=BENCH-INIT-UP

[ -x "$ours" ] || { echo "bench: build first ($ours missing)" >&2; exit 1; }
[ -x "$theirs" ] || { echo "bench: apt-get install user-mode-linux" >&2; exit 1; }
command -v uml_mkcow >/dev/null || { echo "bench: apt-get install uml-utilities" >&2; exit 1; }
if command -v musl-gcc >/dev/null; then
	gcc_static="musl-gcc -static"
else
	gcc_static="gcc -static"
fi

dir=$(mktemp -d "${TMPDIR:-/var/tmp}/umk-kbench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM HUP
mkdir "$dir/root" "$dir/root/bench" "$dir/uml" "$dir/log"

# The programs: the guest's statically linked, the host's clock helper not.
for p in $progs tiny; do
	# shellcheck disable=SC2086 # $gcc_static is a command and a flag
	$gcc_static -O2 -Wall -o "$dir/root/bench/$p" "$here/progs/$p.c"
done
cc -O2 -Wall -o "$dir/bootclock" "$here/progs/bootclock.c"

cat > "$dir/init.sh" <<EOF
#!/bin/sh
echo $marker
if [ -n "\${benchprog:-}" ]; then
	/bench/"\$benchprog" "\${benchms:-1000}" 2>&1 || echo "benchfail \$benchprog status \$?"
fi
poweroff -f
EOF
sh "$mkimage" "$dir/base.ext4" 32M "$dir/init.sh" "$dir/root" >/dev/null

n=0
# boot KIND LOG [PARAM]...: boots uml or umk once on a fresh COW file, with
# its console in LOG; sets t_mark and t_exit (seconds; "-" if none).
boot() {
	kind=$1 log=$2
	shift 2
	if [ "$kind" = uml ]; then k=$theirs; else k=$ours; fi
	n=$((n + 1))
	rm -f "$dir/$kind.cow"
	uml_mkcow "$dir/$kind.cow" "$dir/base.ext4" >/dev/null
	set -- "$k" "ubd0=$dir/$kind.cow,$dir/base.ext4" "mem=$mem" init=/init \
	    quiet con=null con0=fd:0,fd:1 "umid=kbench-$$-$n" "uml_dir=$dir/uml" "$@"
	[ -z "$cpu" ] || set -- taskset -c "$cpu" "$@"
	if out=$("$dir/bootclock" "$marker" "$log" timeout -k 5 "$tmo" "$@" </dev/null); then
		:
	else
		st=$?
		if [ "$st" = 124 ]; then
			echo "[bench: killed, still running after ${tmo}s]" >> "$log"
		else
			echo "[bench: the kernel exited with status $st]" >> "$log"
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
row() { # row NAME UML UMK: appends a table row (UML/UMK values or FAIL)
	rows="$rows$1|$2|$3
"
}

# 1. Boot, alternating the kernels so that drift in the host hits both.
for kind in uml umk; do
	eval "mark_$kind=''; exit_$kind=''"
done
i=0
while [ "$i" -lt "$boots" ]; do
	i=$((i + 1))
	for kind in uml umk; do
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
# shellcheck disable=SC2154,SC2086 # set by eval above; lists of numbers
{
	row "boot to init line (ms)" "$(ms_of "$(median $mark_uml)")" "$(ms_of "$(median $mark_umk)")"
	row "boot+poweroff (ms)" "$(ms_of "$(median $exit_uml)")" "$(ms_of "$(median $exit_umk)")"
	boot_uml=$(median $exit_uml) boot_umk=$(median $exit_umk)
}

# 2-6. One boot per program and kernel.
warn=
for p in $progs; do
	case $p in
	nullsys) name=getppid label="getppid (ns/call)" div=1 ;;
	forkexit) name=fork_exit_wait label="fork+exit+wait (us)" div=1000 ;;
	forkexec) name=fork_exec_wait label="fork+execve+wait (us)" div=1000 ;;
	pipe) name=pipe_roundtrip label="pipe round trip (ns)" div=1 ;;
	pagefault) name=page_fault label="page fault (ns/page)" div=1 ;;
	esac
	for kind in uml umk; do
		log=$dir/log/$p-$kind
		boot "$kind" "$log" "benchprog=$p" "benchms=$ms"
		v=$(awk -v n="$name" '$1 == n && $3 == "ns" && $2 ~ /^[0-9.]+$/ { print $2; exit }' "$log.txt")
		if [ -z "$v" ]; then
			failed="$failed $p-$kind"
			v=FAIL
		else
			v=$(echo "$v $div" | awk '{ printf "%.1f", $1 / $2 }')
			# The guest's clock against the host's: the run cannot
			# take longer than the whole boot, nor much less than
			# the boot minus an empty boot (boots vary: 1 s slack).
			if [ "$kind" = uml ]; then b=$boot_uml; else b=$boot_umk; fi
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
		eval "val_$kind=\$v"
	done
	# shellcheck disable=SC2154 # set by eval above
	row "$label" "$val_uml" "$val_umk"
done

printf '%-26s %12s %12s %8s\n' metric linux.uml umk uml/umk
printf '%s' "$rows" | while IFS='|' read -r label a b; do
	case $a$b in
	*FAIL*) r=- ;;
	*) r=$(echo "$a $b" | awk '{ if ($2 > 0) printf "%.2f", $1 / $2; else print "-" }') ;;
	esac
	printf '%-26s %12s %12s %8s\n' "$label" "$a" "$b" "$r"
done
echo "(median of $boots boots; programs ran ${ms} ms each, mem=$mem${cpu:+, host CPU $cpu}; ratio > 1: umk faster)"
if [ -n "$warn" ]; then
	printf '\nclock check:\n%s' "$warn"
fi
for f in $failed; do
	printf '\n--- FAIL %s: console output ---\n' "$f"
	cat "$dir/log/$f.txt"
done
