# Helpers for the boot tests, sourced by tests/boot/*.sh after tests/lib.sh.
# Every boot test is called as: <test>.sh <linux> <mkbusybox.sh>. It builds
# its own fresh image from busybox-static in $work, boots `linux` under
# `timeout`, and asserts on what the guest printed and on the exit status.
KERNEL=$(realpath "$1")
MKIMG=$(realpath "$2")
BOOTDIR=$(cd "$(dirname "$0")" && pwd)
[ -x "$KERNEL" ] || skip_all "no kernel at $1"
command -v mkfs.ext4 >/dev/null || skip_all "mkfs.ext4 not installed (e2fsprogs)"
/bin/busybox --list >/dev/null 2>&1 || skip_all "no static /bin/busybox (busybox-static)"
# The kernel makes <HOME>/.uml/<umid>/: keep it in the scratch directory.
mkdir -p "$work/home" && export HOME="$work/home"
ulimit -c unlimited 2>/dev/null	# a crashing kernel must leave a core file we can see
cd "$work" || exit 1

# A sanitized kernel (linux-asan) writes any ASan report to a file of its
# own (sanitizer.<pid>), wherever its stderr goes (a tmux pane, a pty). GCC's
# UBSan runtime ignores log_path and writes to stderr, which every boot test
# captures in a file under $work (the console output, the pane's dump): it
# is found there by its "file.c:line:col: runtime error:" lines. finish
# fails the test for each report and shows it; the kernel also exits with
# status 1. Its own defaults (arch/um/os/stack.c) still apply.
export ASAN_OPTIONS="log_path=$work/sanitizer${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="log_path=$work/sanitizer${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
UBSAN_RE='[A-Za-z0-9_./-]+\.[ch]:[0-9]+:[0-9]+: runtime error: '
sanitizer_reports() {
	for f in "$work"/sanitizer.*; do
		[ -e "$f" ] || continue
		echo "--- sanitizer report ($(basename "$f")):"
		sed 's/^/| /' "$f"
		echo "---"
		not_ok "the kernel ran without a sanitizer report ($(grep -m1 -E 'ERROR:|runtime error' "$f"))"
	done
	for f in $(grep -rIlE --exclude="*.raw" "$UBSAN_RE" "$work" 2>/dev/null); do
		echo "--- UBSan report in $(basename "$f"):"
		grep -E -A8 "$UBSAN_RE" "$f" | sed 's/^/| /'
		echo "---"
		not_ok "the kernel ran without an UBSan report ($(grep -m1 -oE "$UBSAN_RE.*" "$f"))"
	done
}
finish_hook=sanitizer_reports

# mkimage IMAGE SIZE INIT [EXTRA-DIR]: a busybox root image (tests/images/mkbusybox.sh).
mkimage() {
	if ! sh "$MKIMG" "$@" >"$work/mkimage.log" 2>&1; then
		cat "$work/mkimage.log"
		not_ok "building image $1"
		finish
		exit 1
	fi
}

# static_cc OUT SRC [FLAGS...]: a static x86_64 binary, with musl-gcc if
# there is one, else with cc -static. Fails if neither works.
static_cc() {
	out=$1 src=$2
	shift 2
	if command -v musl-gcc >/dev/null &&
	    musl-gcc -static -O2 -o "$out" "$src" "$@" 2>"$work/cc.log"; then
		return 0
	fi
	${CC:-cc} -static -O2 -o "$out" "$src" "$@" 2>>"$work/cc.log" || { cat "$work/cc.log"; false; }
}

# boot SECONDS OUT ARGS...: runs `linux ARGS...` with stdin from /dev/null
# and the console (stdout and stderr, in order) going to OUT, with the
# carriage returns of the console's \n -> \r\n output mapping removed. Sets rc (its
# exit status; 124 or 137 on timeout), secs_taken, and left: the host
# processes (the kernel's stub children included) still alive in the
# process group `timeout` made for the run.
boot() {
	secs=$1 out=$2
	shift 2
	t0=$(date +%s)
	timeout -k 5 "$secs" "$KERNEL" "$@" </dev/null >"$out.raw" 2>&1 &
	tpid=$!
	wait "$tpid"
	rc=$?
	tr -d '\r' <"$out.raw" >"$out"
	secs_taken=$(($(date +%s) - t0))
	sleep 0.2
	left=$(pgrep -g "$tpid" | tr '\n' ' ')
}

# has FILE REGEX: some line of FILE matches the extended REGEX.
has() { grep -Eq -- "$2" "$1"; }

# lacks FILE REGEX: no line of FILE matches the extended REGEX.
lacks() { ! grep -Eq -- "$2" "$1"; }

# value FILE KEY: what the guest printed as "T:KEY=value" (first match).
value() { sed -n "s/^T:$2=//p" "$1" | head -n 1 | tr -d '\r'; }

# expect FILE KEY WANT: the guest printed T:KEY=WANT.
expect() {
	got=$(value "$1" "$2")
	if [ "$got" = "$3" ]; then ok "$2 = $3"; else not_ok "$2: want '$3', got '$got'"; fi
}

# The expected-output form of a boot test. A guest program progs/NAME.c
# prints one "T:<check>=<result>" line per check, and progs/NAME.out beside
# it holds exactly the lines it prints when every check passes. The test
# builds the program once (static), runs it on the host first, where its
# lines must equal NAME.out (so every expectation is known to be Linux's),
# then in the guest, where they must equal it too. To add a check: add it
# to the program, run the program on Linux, and add its line to NAME.out.
#
# build_guest_prog NAME [FLAGS...]: progs/NAME.c, static, to extra/bin/NAME.
build_guest_prog() {
	name=$1
	shift
	mkdir -p extra/bin
	if ! ${CC:-cc} -static -O2 -o "extra/bin/$name" "$BOOTDIR/progs/$name.c" "$@" \
	    2>"$work/cc.log"; then
		cat "$work/cc.log"
		not_ok "building progs/$name.c"
		finish
		exit 1
	fi
}

# t_lines FILE: the "T:" lines of FILE (a console log or a program's output).
t_lines() { grep '^T:' "$1" | tr -d '\r'; }

# as_expected WHAT NAME FILE: the T: lines of FILE are those of progs/NAME.out;
# otherwise shows how they differ.
as_expected() {
	t_lines "$3" >"$work/$2.got"
	if cmp -s "$BOOTDIR/progs/$2.out" "$work/$2.got"; then
		ok "$1: the $(wc -l <"$work/$2.got") lines of progs/$2.out"
	else
		not_ok "$1: not the lines of progs/$2.out (- expected, + got):"
		diff "$BOOTDIR/progs/$2.out" "$work/$2.got" | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
	fi
}

# run_native NAME ARGS...: runs extra/bin/NAME on the host in a fresh scratch
# directory ARGS may name as $work/native; its output must be progs/NAME.out.
run_native() {
	name=$1
	shift
	rm -rf "$work/native"
	mkdir -p "$work/native"
	"$work/extra/bin/$name" "$@" >"$work/native.out" 2>"$work/native.err"
	rc_native=$?
	cat "$work/native.err"
	check "progs/$name runs on the host (exit $rc_native)" [ "$rc_native" -eq 0 ]
	as_expected "on the host" "$name" "$work/native.out"
}

# no_core: no core file in $work (where the kernel runs).
no_core() {
	for f in "$work"/core*; do
		[ -e "$f" ] && return 1
	done
	return 0
}

# ended_cleanly: exit status 0, no timeout, no core file, no process left.
ended_cleanly() {
	check "exit status 0 (got $rc after ${secs_taken}s)" [ "$rc" -eq 0 ]
	check "no core file" no_core
	check "no host process left behind" [ -z "$left" ]
}

# show_output FILE: the console output, indented, for the test log.
show_output() {
	echo "--- console output ($1):"
	sed 's/^/| /' "$1"
	echo "---"
}
