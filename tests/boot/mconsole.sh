#!/bin/sh
# boot-mconsole: the management console. A guest boots with umid=mc1 and
# HOME in the scratch directory; <HOME>/.uml/mc1/ must hold the pid file and
# the mconsole socket. Our tools/uml_console and Debian's uml_mconsole
# (when installed; else those cases are skipped with the reason) each send
# every command and check UML's reply texts; stop/go against a guest loop
# that prints a counter (it must not advance while stopped); cad reaches
# init as SIGINT; a burst of malformed datagrams (mconsole_client.py)
# leaves the kernel answering; halt ends the kernel with status 0 and
# removes the directory. A second run with uml_dir= and a stale directory
# of a dead kernel reuses it; a third kernel asking for the same umid gets
# UML's message and a random umid, and SIGTERM removes its directory.
# Usage: mconsole.sh <linux> <mkbusybox.sh> <uml_console>
set -u
OURS=$(realpath "$3")	# before lib-boot.sh changes directory
CLIENT=$(cd "$(dirname "$0")" && pwd)/mconsole_client.py
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"
command -v python3 >/dev/null || skip_all "python3 not installed"
THEIRS=${THEIR_MCONSOLE:-/usr/bin/uml_mconsole}
[ -x "$THEIRS" ] || THEIRS=

export HOME="$work/home"
mkdir -p "$HOME"

cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
# ctrl-alt-del (SIGINT): mounts a hot-added ubdb, or unmounts it.
# /dev/ubdb is looked up before it exists (a name cached as absent must
# not hide the node the hot-add makes).
ls /dev/ubdb >/dev/null 2>&1 && echo "T:ubdb-early=present"
cad() {
	echo T:cad
	grep -q ubdb /proc/partitions || return
	if [ -e /tmp/hot ]; then
		umount /mnt && rm /tmp/hot && echo T:unmounted
	else
		mount -o ro /dev/ubdb /mnt && touch /tmp/hot && echo "T:hot=$(cat /mnt/hello)"
	fi
}
trap cad INT
echo "T:uname=$(uname -s -n -r -v -m)"
echo T:ready
i=0
while :; do
	i=$((i + 1))
	echo "C:$i"
	sleep 0.1
done
INIT
mkimage root.ext4 32M init.sh
cp root.ext4 root2.ext4
mkdir -p xd && echo hot-hello >xd/hello
mkfs.ext4 -q -d xd extra.img 4M >/dev/null 2>&1 || not_ok "mkfs.ext4 extra.img"

# start OUT ARGS...: boots the kernel in the background; tpid is timeout's pid.
start() {
	out=$1
	shift
	timeout -k 5 120 "$KERNEL" "$@" </dev/null >"$out" 2>&1 &
	tpid=$!
}
# wait_for FILE REGEX SECONDS
wait_for() {
	n=$(($3 * 10))
	while [ "$n" -gt 0 ]; do
		[ -f "$1" ] && tr -d '\r' <"$1" | grep -Eq -- "$2" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}
# last_count FILE: the last counter the guest printed.
last_count() { tr -d '\r' <"$1" | sed -n 's/^C:\([0-9]*\)$/\1/p' | tail -n 1; }

# mc WHO CMD...: runs a client (ours or theirs) on umid mc1; sets got, mrc.
mc() {
	who=$1
	shift
	if [ "$who" = ours ]; then
		got=$(timeout 10 "$OURS" mc1 "$@" 2>&1)
	else
		got=$(timeout 10 "$THEIRS" mc1 "$@" 2>&1)
	fi
	mrc=$?
}
# want WHO CMD EXPECTED-RC EXPECTED-REGEX: the reply's text and exit status.
want() {
	who=$1 cmd=$2 wrc=$3 re=$4
	mc "$who" $cmd
	if [ "$mrc" = "$wrc" ] && printf '%s\n' "$got" | grep -Eq -- "$re"; then
		ok "$who: '$cmd' -> $(printf '%s' "$got" | head -n 1) (exit $mrc)"
	else
		not_ok "$who: '$cmd': want exit $wrc and /$re/, got exit $mrc:"
		printf '%s\n' "$got" | sed 's/^/| /'
	fi
}

# ---- run 1: umid=mc1 under ~/.uml, with a notify socket ----
python3 "$CLIENT" "$work/notify" listen 2 >notify.out 2>&1 &
lpid=$!
n=50
while [ ! -S "$work/notify" ] && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
start out1.raw ubd0=root.ext4 umid=mc1 mconsole=notify:"$work/notify"
if ! wait_for out1.raw '^T:ready' 60; then
	not_ok "the guest booted within 60 s"
	tr -d '\r' <out1.raw | tail -20
	kill "$tpid" 2>/dev/null
	wait
	finish
	exit 1
fi
dir=$HOME/.uml/mc1
check "boot log: mconsole (version 2) initialized on $dir/mconsole" \
	wait_for out1.raw "mconsole \(version 2\) initialized on $dir/mconsole\$" 1
check "$dir/mconsole is a socket" [ -S "$dir/mconsole" ]
kpid=$(cat "$dir/pid" 2>/dev/null)
check "$dir/pid names the kernel process ($kpid)" \
	[ -n "$kpid" ] && [ "$(readlink "/proc/$kpid/exe" 2>/dev/null)" = "$KERNEL" ]
uname=$(tr -d '\r' <out1.raw | sed -n 's/^T:uname=//p')
# The same as an extended regular expression ("(none)" has parentheses).
uname_re=$(printf '%s' "$uname" | sed 's/[][().*^$+?{}|\\]/\\&/g')

for who in ours theirs; do
	if [ "$who" = theirs ] && [ -z "$THEIRS" ]; then
		skip "theirs: every command" "Debian's uml_mconsole is not installed (uml-utilities)"
		continue
	fi
	want $who version 0 "^OK $uname_re\$"
	want $who help 0 '^OK Commands: $'
	mc $who help
	check "$who: help has UML's 16 lines (with the stack line)" sh -c \
		"printf '%s\n' \"\$1\" | sed -n '1,16p' | tail -n 1 | grep -qx '    stack <pid> - returns the stack of the specified pid'" \
		sh "$got"
	want $who "proc meminfo" 0 '^MemTotal: +[0-9]+ kB$'
	want $who "proc nosuchfile" 1 '^ERR Failed to open file$'
	want $who "log mclog-$who" 0 '^OK $'
	check "$who: the log text reached the kernel log" wait_for out1.raw "mclog-$who" 5
	want $who "sysrq s" 0 '^OK sysrq: Emergency Sync$'
	want $who "go" 1 '^ERR Not stopped$'
	want $who "config" 1 '^ERR Bad configuration option$'
	want $who "config ubd0" 0 '^OK root.ext4$'
	want $who "config ubd3" 0 '^OK $'
	want $who "remove" 1 '^ERR Bad remove option$'
	want $who "remove ubd3" 237 "^ERR Device doesn't exist\$"
	want $who "stack 1" 0 'init'
	want $who "stack 99999" 1 "^ERR Couldn't find that pid\$"
	want $who "stack" 1 '^ERR Please specify a pid$'
	want $who "config con0" 0 '^OK fd:0,fd:1$'
	want $who "config con" 1 '^ERR line_get_config failed to parse device number$'
	want $who "VERSION" 1 '^ERR Unknown command$'
	want $who "nosuchcommand" 1 '^ERR Unknown command$'
done
check "sysrq s in the kernel log" wait_for out1.raw 'sysrq: Emergency Sync' 1

# stop and go: the guest's counter stands still while stopped.
want ours stop 0 '^OK stopped$'
sleep 0.5
c1=$(last_count out1.raw)
want ours version 0 "^OK $uname_re\$"
want ours stop 1 '^ERR Already stopped$'
sleep 2
c2=$(last_count out1.raw)
check "stopped: the counter stays at $c1 (now $c2)" [ -n "$c1" ] && [ "$c1" = "$c2" ]
want ours go 0 '^OK $'
sleep 2
c3=$(last_count out1.raw)
check "after go the counter runs again ($c2 -> $c3)" [ -n "$c3" ] && [ "$c3" -gt "$c2" ]

# cad: SIGINT to init, which traps it.
want ours cad 0 '^OK $'
check "cad reached init as SIGINT" wait_for out1.raw '^T:cad$' 10

# malformed datagrams
python3 "$CLIENT" "$dir/mconsole" bad >bad.out 2>&1
cat bad.out | sed 's/^/# /'
check "too-short datagrams ignored, the next request answered" \
	grep -Fqx "after-short 0 $uname" bad.out
check "wrong magic: UML's version-0 text" \
	grep -qx 'magic raw ERR Version 0 mconsole clients are not supported by this driver' bad.out
check "wrong version: UML's error" \
	grep -qx 'vers 1 This driver only supports version 2 clients' bad.out
check "len 512: Request too large" grep -qx 'len512 1 Request too large' bad.out
check "len 2^32-1: Request too large" grep -qx 'lenhuge 1 Request too large' bad.out
check "an oversized datagram answered by its header" grep -Fqx "oversized 0 $uname" bad.out
# len 4 but only "he" sent: the rest reads as NULs, so the command is "he".
check "a datagram shorter than its len: what came, answered" \
	grep -qx 'shortdata 1 Unknown command' bad.out
check "511 bytes of text without a NUL: a command" grep -qx 'nonul 1 Unknown command' bad.out
check "after a 1000-request burst of vanished clients, answered" \
	grep -Fqx "after-burst 0 $uname" bad.out
check "the kernel still runs" kill -0 "$kpid"

# reboot: the same process runs the kernel again; the directory is made
# again with the same pid, and the notify socket hears of it again.
want ours reboot 0 '^OK $'
n=600
while [ "$(tr -d '\r' <out1.raw | grep -c '^T:ready$')" -lt 2 ] && [ "$n" -gt 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
check "reboot: the guest booted a second time" \
	[ "$(tr -d '\r' <out1.raw | grep -c '^T:ready$')" -eq 2 ]
check "reboot: the pid file names the same process" [ "$(cat "$dir/pid" 2>/dev/null)" = "$kpid" ]
want ours version 0 "^OK $uname_re\$"
wait "$lpid"
sed 's/^/# /' notify.out
check "notify: the socket's path at boot and after reboot (type 0, NUL-terminated)" \
	[ "$(grep -cx "notify cafebabe 2 0 $dir/mconsole<NUL>" notify.out)" -eq 2 ]

# halt ends the kernel with status 0 and removes the directory.
want ours halt 0 '^OK $'
wait "$tpid"
rc=$?
check "halt: exit status 0 (got $rc)" [ "$rc" -eq 0 ]
check "halt: $dir removed" [ ! -e "$dir" ]
check "halt: no host process left" sh -c "! kill -0 $kpid 2>/dev/null"
sed 's/^/| /' out1.raw | tr -d '\r' | grep -v '^| C:' | tail -15

# ---- run 2: uml_dir=, a stale directory, an umid in use, SIGTERM ----
ud=$work/ud
mkdir -p "$ud/stale"
sh -c 'echo $$' >"$ud/stale/pid"	# a pid that is gone
touch "$ud/stale/mconsole" "$ud/stale/junk"
start out2.raw ubd0=root.ext4 umid=stale uml_dir="$ud"
tpid2=$tpid
check "stale: the guest booted" wait_for out2.raw '^T:ready' 60
check "stale: the dead kernel's directory reused" \
	wait_for out2.raw "mconsole \(version 2\) initialized on $ud/stale/mconsole\$" 1
check "stale: its junk is gone" [ ! -e "$ud/stale/junk" ]
pid2=$(cat "$ud/stale/pid" 2>/dev/null)
# sysrq keys beyond s, by socket path.
sq() { got=$(timeout 10 "$OURS" "$ud/stale/mconsole" sysrq "$1" 2>&1); }
sq h
check "sysrq h: the help line ($got)" sh -c "printf '%s\n' \"\$1\" | grep -q '^OK sysrq: HELP : .*sync(s)'" sh "$got"
sq m
check "sysrq m: memory" sh -c "printf '%s\n' \"\$1\" | grep -Eq '^[0-9]+ pages RAM$'" sh "$got"
sq t
check "sysrq t: init among the tasks" sh -c "printf '%s\n' \"\$1\" | grep -Eq '^task:.* pid:1 '" sh "$got"
c1=$(last_count out2.raw)
sq e
check "sysrq e: reply ($got)" [ "$got" = "OK sysrq: Terminate All Tasks" ]
sleep 1
check "sysrq e: init lives on, its counter runs ($c1 -> $(last_count out2.raw))" \
	[ "$(last_count out2.raw)" -gt "$c1" ]
# config ubd1= hot-adds a disk the guest mounts; remove is refused while
# it is mounted (and for the root), accepted after the unmount.
mc2() { got=$(timeout 10 "$OURS" "$ud/stale/mconsole" "$@" 2>&1); mrc=$?; }
mc2 remove ubd0
check "remove ubd0 (the root): refused ($got, exit $mrc)" \
	[ "$got" = "ERR Device is currently open" ] && [ "$mrc" -eq 240 ]
mc2 config ubd1=/nonexistent/x.img
check "config ubd1=/nonexistent/x.img: an error ($got, exit $mrc)" \
	sh -c "[ $mrc -ne 0 ] && printf '%s' \"\$1\" | grep -q '^ERR .*/nonexistent/x.img'" sh "$got"
mc2 config ubd1="$work/extra.img"
check "config ubd1=extra.img: OK ($got)" [ "$got" = "OK " ] && [ "$mrc" -eq 0 ]
mc2 config ubd1
check "config ubd1 reports its file ($got)" [ "$got" = "OK $work/extra.img" ]
mc2 cad
check "the guest mounts the new disk and reads it" wait_for out2.raw '^T:hot=hot-hello$' 10
mc2 remove ubd1
check "remove ubd1 while mounted: refused ($got, exit $mrc)" \
	[ "$got" = "ERR Device is currently open" ] && [ "$mrc" -eq 240 ]
mc2 cad
check "the guest unmounts it" wait_for out2.raw '^T:unmounted$' 10
mc2 remove ubd1
check "remove ubd1 after umount: OK ($got)" [ "$got" = "OK " ] && [ "$mrc" -eq 0 ]
mc2 config ubd1
check "config ubd1 after remove: empty ($got)" [ "$got" = "OK " ]
mc2 proc partitions
check "ubdb gone from /proc/partitions" sh -c "! printf '%s' \"\$1\" | grep -q ubdb" sh "$got"
check "sysrq t and e in the kernel log" sh -c "grep -q 'sysrq: Show State' out2.raw && grep -q 'sysrq: Terminate All Tasks' out2.raw"
start out3.raw ubd0=root2.ext4 umid=stale uml_dir="$ud"
tpid3=$tpid
check "in use: the guest booted anyway" wait_for out3.raw '^T:ready' 60
check "in use: UML's message names the live kernel" \
	grep -q "umid \"stale\" is already in use by pid $pid2" out3.raw
check "in use: a random umid instead" \
	grep -q 'Failed to initialize umid "stale", trying with a random umid' out3.raw
rnd=$(tr -d '\r' <out3.raw | sed -n "s|.*mconsole (version 2) initialized on $ud/\([A-Za-z0-9]*\)/mconsole\$|\1|p")
check "in use: the random umid '$rnd' has 6 letters or digits" \
	sh -c "echo '$rnd' | grep -Eqx '[A-Za-z0-9]{6}'"
pid3=$(cat "$ud/$rnd/pid" 2>/dev/null)
got=$(timeout 10 "$OURS" "$ud/$rnd/mconsole" version 2>&1)
check "the random umid's socket answers ($got)" [ "$got" = "OK $uname" ]
kill -TERM "$pid3" 2>/dev/null
wait "$tpid3"
rc=$?
check "SIGTERM: the kernel died of it (status $rc)" [ "$rc" -eq 143 ]
check "SIGTERM: $ud/$rnd removed" [ ! -e "$ud/$rnd" ]
if [ -n "$THEIRS" ]; then
	got=$(cd "$ud" && timeout 10 "$THEIRS" "$ud/stale/mconsole" halt 2>&1)
	printf '%s\n' "$got" | sed 's/^/# /'
	check "theirs: halt by socket path" sh -c "printf '%s\n' \"\$1\" | grep -qx 'OK '" sh "$got"
else
	got=$(timeout 10 "$OURS" "$ud/stale/mconsole" halt 2>&1)
fi
wait "$tpid2"
rc=$?
check "halt: exit status 0 (got $rc)" [ "$rc" -eq 0 ]
check "halt: $ud/stale removed" [ ! -e "$ud/stale" ]
check "uml_dir is left empty" [ -z "$(ls -A "$ud")" ]

# A panic (init= that does not exist) is told to the notify socket as
# type 1 with the message, and the directory is removed.
python3 "$CLIENT" "$work/notify2" listen 2 >notify2.out 2>&1 &
lpid=$!
n=50
while [ ! -S "$work/notify2" ] && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
timeout 60 "$KERNEL" ubd0=root.ext4 umid=pn uml_dir="$ud" init=/nonexistent \
	mconsole=notify:"$work/notify2" </dev/null >out5.raw 2>&1
rc=$?
wait "$lpid"
sed 's/^/# /' notify2.out
check "panic: exit status 1 (got $rc)" [ "$rc" -eq 1 ]
check "panic: notify type 0 then type 1 with the message" sh -c \
	"grep -qx 'notify cafebabe 2 0 $ud/pn/mconsole<NUL>' notify2.out &&
	 grep -q '^notify cafebabe 2 1 Requested init /nonexistent failed.*<NUL>\$' notify2.out"
check "panic: $ud/pn removed" [ ! -e "$ud/pn" ]

# umid with a '/' is refused before anything is made.
"$KERNEL" ubd0=root.ext4 umid=a/b </dev/null >out4.raw 2>&1
rc=$?
check "umid=a/b refused (exit $rc): $(head -n 1 out4.raw)" \
	sh -c "[ $rc -ne 0 ] && grep -q \"must not contain '/'\" out4.raw"
check "~/.uml holds nothing after all runs" [ -z "$(ls -A "$HOME/.uml" 2>/dev/null)" ]
check "no core file" no_core
finish
