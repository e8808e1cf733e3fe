#!/bin/sh
# Interop: uml_console and Debian's uml_mconsole against a real UML guest
# (linux.uml booted on a busybox image whose init is busybox init: a
# ctrl-alt-del action, and a ticker that prints to the console). Each
# command is run with both clients and the printed replies compared:
# version, help, proc (version, cmdline, meminfo, a missing file), log,
# sysrq (s, the help, m), stop and go (the ticker stands still while
# stopped), config and remove of a ubd (hot-added from a relative name,
# queried, removed, refused while open), an unknown command, cad; then an
# interactive session (transcripts compared), a reboot in the middle of
# one, and halt: the guest exits and its umid directory goes.
# Where linux.uml cannot run (CPUs with AMX) every case is a SKIP with the
# reason; where Debian's uml_mconsole is missing, the comparisons skip.
# Usage: console_uml.sh <our uml_console> <mkbusybox.sh>
# Environment: UML (linux.uml), THEIR_MCONSOLE (/usr/bin/uml_mconsole).
set -u
UC=$(realpath "$1") MKIMG=$(realpath "$2")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../peers.sh"
PEERS_MKIMG=$MKIMG
THEIRS=${THEIR_MCONSOLE:-/usr/bin/uml_mconsole}

uml_pid=
trap '[ -z "$uml_pid" ] || kill "$uml_pid" 2>/dev/null; cleanup_work' EXIT

peer_probe linux.uml
echo "$peer_line"
uskip=
[ "$peer_ok" = yes ] || uskip="linux.uml cannot run on this host: $peer_why"
UML=$peer_bin
tskip=
if [ ! -x "$THEIRS" ]; then
	tskip="$THEIRS not installed (apt-get install uml-utilities)"
	echo "peer uml_mconsole: cannot run on this host: $tskip"
fi

# ucheck DESCRIPTION COMMAND...: a case on the real guest.
ucheck() {
	if [ -n "$uskip" ]; then skip "$1" "$uskip"; else check "$@"; fi
}
# utcheck DESCRIPTION COMMAND...: a comparison with Debian's client.
utcheck() {
	if [ -n "$uskip" ]; then skip "$1" "$uskip"
	elif [ -n "$tskip" ]; then skip "$1" "$tskip"
	else check "$@"; fi
}
cd "$work" || exit 1
mkdir -p home
export HOME="$work/home"	# no ~/.uml of the user's in the way
UMID=umkc$$
S=$work/umldir/$UMID/mconsole
# Ours finds the socket from the umid (-u), Debian's gets its path.
ours() {
	if [ -n "$uskip" ]; then orc=1; : >o.out; return; fi
	"$UC" -t 30 -u "$work/umldir" "$UMID" "$@" >o.out 2>o.err </dev/null
	orc=$?
}
theirs() {
	if [ -n "$uskip$tskip" ]; then trc=1; : >t.out; return; fi
	timeout -k 2 30 "$THEIRS" "$S" "$@" >t.out 2>t.err </dev/null
	trc=$?
}
# both CMD...: runs the command with each client; same: identical output
# and status.
both() { ours "$@"; theirs "$@"; }
same() { cmp -s o.out t.out && [ "$orc" -eq "$trc" ] || { echo "# ours $orc, theirs $trc"; diff o.out t.out | head -20 | sed 's/^/# /'; false; }; }
out_is() { printf '%s\n' "$1" | cmp -s - o.out && [ "$orc" -eq "${2:-0}" ] || { echo "# status $orc:"; sed 's/^/#   /' o.out o.err 2>/dev/null; false; }; }
# log_count PATTERN: lines of the guest's console matching PATTERN.
log_count() {
	if [ -f uml.log ]; then tr -d '\r' <uml.log | grep -c "$1"; else echo 0; fi
}
ticks() { log_count '^tick'; }
# wait_log PATTERN [COUNT]: up to 60 s, while the guest runs, for COUNT
# console lines matching PATTERN.
wait_log() {
	i=0
	while [ "$(log_count "$1")" -lt "${2:-1}" ] && [ $i -lt 600 ] &&
		{ [ -z "$uml_pid" ] || kill -0 "$uml_pid" 2>/dev/null; }; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(log_count "$1")" -ge "${2:-1}" ]
}

boot() {
	mkdir -p extra/etc umldir umlcwd
	cat >extra/etc/inittab <<'EOF'
::sysinit:/bin/mount -t proc proc /proc
::sysinit:/bin/mount -t tmpfs tmpfs /tmp
::sysinit:/bin/sh -c 'echo GUEST-READY'
::ctrlaltdel:/bin/sh -c 'echo CAD-RECEIVED'
::respawn:/bin/sh -c 'i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.25; done'
EOF
	printf '#!/bin/sh\nexec /bin/busybox init\n' >init.sh
	"$MKIMG" root.ext4 32M init.sh extra >/dev/null || return 1
	truncate -s 16M extra.img extra2.img
	# UML runs in another directory than the clients: a relative name in
	# config ubd works only once the client makes it absolute.
	(cd umlcwd && exec timeout -k 5 600 "$UML" ubd0r="$work/root.ext4" mem=64M init=/init \
		con=null con0=fd:0,fd:1 umid="$UMID" uml_dir="$work/umldir" \
		</dev/null >"$work/uml.log" 2>&1) &
	uml_pid=$!
	wait_log GUEST-READY && [ -S "$S" ]
}

if [ -z "$uskip" ]; then
	if boot; then
		ok "real UML booted with umid $UMID"
	else
		not_ok "real UML booted with umid $UMID"
		tail -n 20 uml.log | sed 's/^/# /'
		uskip="the guest did not boot"
	fi
fi

# --- commands, ours and Debian's -------------------------------------------------
both version
ucheck "UML version: OK and the kernel's uname" \
	sh -c "grep -Eqx 'OK Linux [^ ]+ [0-9.]+ #.* x86_64' o.out && [ $orc -eq 0 ]"
utcheck "UML version: ours prints what Debian's prints" same
both help
sed '/^Local commands of uml_console:$/,$d' o.out >o.help
[ -s t.out ] && sed '/^Additional local mconsole commands:$/,$d' t.out >t.help
ucheck "UML help: its two-packet text, through 'stack <pid>'" \
	sh -c "head -n 1 o.help | grep -q '^OK Commands:' && grep -q 'stack <pid>' o.help && [ $orc -eq 0 ]"
utcheck "UML help: the kernel's text printed as Debian's client prints it" cmp -s o.help t.help
for f in version cmdline; do
	both proc $f
	utcheck "UML proc $f: the same as Debian's" same
done
# (UML takes umid= off the command line the guest sees; uml_dir= stays.)
ucheck "UML proc cmdline: the guest's command line" grep -q "uml_dir=$work/umldir" o.out
both proc meminfo
ucheck "UML proc meminfo: OK, the file after a newline" \
	sh -c "head -n 2 o.out | tr '\n' '|' | grep -q '^OK |MemTotal:' && [ $orc -eq 0 ]"
utcheck "UML proc meminfo: the same fields as Debian's (values change)" \
	sh -c "[ \"\$(cut -d: -f1 o.out)\" = \"\$(cut -d: -f1 t.out)\" ] && [ $trc -eq 0 ]"
both proc no-such-file
utcheck "UML proc of a missing file: ERR, status 1, as Debian's" \
	sh -c "grep -qx 'ERR Failed to open file' o.out && [ $orc -eq 1 ] && cmp -s o.out t.out && [ $trc -eq 1 ]"
both frobnicate
utcheck "UML unknown command: ERR Unknown command, status 1, as Debian's" \
	sh -c "grep -qx 'ERR Unknown command' o.out && [ $orc -eq 1 ] && cmp -s o.out t.out && [ $trc -eq 1 ]"

# log: the text lands in the kernel log as a line of its own.
ours log umk console log from ours
ucheck "UML log: OK, and the line in the kernel log" \
	sh -c "grep -qx 'OK ' o.out && [ $orc -eq 0 ] && tr -d '\r' <uml.log | grep -qx 'umk console log from ours'"
theirs log umk console log from theirs
utcheck "UML log with Debian's client: the same line in the kernel log" \
	sh -c "tr -d '\r' <uml.log | grep -qx 'umk console log from theirs'"

# sysrq
both sysrq s
utcheck "UML sysrq s: the same first line as Debian's" \
	sh -c "[ \"\$(head -n 1 o.out)\" = 'OK sysrq: Emergency Sync' ] && [ \"\$(head -n 1 t.out)\" = 'OK sysrq: Emergency Sync' ]"
both sysrq
utcheck "UML sysrq alone: its help line, as Debian's" \
	sh -c "grep -q '^OK sysrq: HELP : ' o.out && cmp -s o.out t.out"
# sysrq m: a reply of a packet per line, sent in a burst. Ours connects,
# so none is dropped; five runs, each complete.
good=0
for run in 1 2 3 4 5; do
	ours sysrq m
	if [ "$orc" -eq 0 ] && grep -q '^OK sysrq: Show Memory' o.out && grep -q 'pages RAM' o.out; then
		good=$((good + 1))
	fi
done
ucheck "UML sysrq m: ours gets the whole reply, 5 runs of 5 ($good)" [ "$good" -eq 5 ]
sed '1s/^OK //' o.out | grep -v '^$' >o.lines
tr -d '\r' <uml.log >log.now
ucheck "UML sysrq m: every line of ours is a line UML printed on its console" \
	sh -c "[ -s o.lines ] && grep -vxFf log.now o.lines | { ! grep -q .; }"
ours stack 1
ucheck "UML stack 1: ours gets the whole stack dump" \
	sh -c "[ $orc -eq 0 ] && grep -q '^Call Trace:' o.out && grep -q 'new_thread_handler' o.out"
if [ -z "$uskip$tskip" ]; then
	hung=0
	for run in 1 2 3; do
		theirs sysrq m
		[ "$trc" -eq 124 ] && hung=$((hung + 1))
	done
	echo "# Debian's uml_mconsole hung (killed after 30 s) on $hung of 3 runs of sysrq m"
fi

# stop and go: the guest stands still, the mconsole still answers.
ours stop
ucheck "UML stop: OK stopped" out_is "OK stopped"
[ -n "$uskip" ] || sleep 0.5	# a console line already on its way
t1=$(ticks)
[ -n "$uskip" ] || sleep 2
ours version
ucheck "UML while stopped: version still answers" sh -c "grep -q '^OK Linux' o.out"
ours stop
ucheck "UML stop while stopped: ERR Already stopped, status 1" out_is "ERR Already stopped" 1
t2=$(ticks)
ucheck "UML while stopped: the guest's ticker stood still ($t1, then $t2 after 2 s)" [ "$t1" -eq "$t2" ]
ours go
ucheck "UML go: OK" out_is "OK "
[ -n "$uskip" ] || wait_log '^tick' $((t2 + 2))
ucheck "UML after go: the ticker moves on ($(ticks))" [ "$(ticks)" -gt "$t2" ]
ours go
ucheck "UML go when not stopped: ERR Not stopped, status 1" out_is "ERR Not stopped" 1
theirs stop
cp t.out t.stop
theirs go
utcheck "UML stop and go with Debian's client: the same replies" \
	sh -c "grep -qx 'OK stopped' t.stop && grep -qx 'OK ' t.out"

# config and remove: a hot-added disk from a relative name.
ours config ubd1=extra.img
ucheck "UML config ubd1=extra.img (relative to us, not to UML): OK" out_is "OK "
ours config ubd1
ucheck "UML config ubd1: the absolute name we sent" out_is "OK $work/extra.img"
ours remove ubd1
ucheck "UML remove ubd1: OK" out_is "OK "
ours remove ubd1
ucheck "UML remove ubd1 again: ERR Device doesn't exist, status 237" \
	out_is "ERR Device doesn't exist" 237
theirs config ubd2=extra2.img
cp t.out t.config
theirs config ubd2
cp t.out t.query
theirs remove ubd2
utcheck "UML config/remove with Debian's client: the same replies" \
	sh -c "grep -qx 'OK ' t.config && grep -qx 'OK $work/extra2.img' t.query && grep -qx 'OK ' t.out"
both remove ubd0
utcheck "UML remove ubd0 (the mounted root): ERR, status 240, as Debian's" \
	sh -c "grep -qx 'ERR Device is currently open' o.out && [ $orc -eq 240 ] && cmp -s o.out t.out && [ $trc -eq 240 ]"
both config ubd3=/nonexistent/x.img
utcheck "UML config of a missing file: ERR, status 254 (-ENOENT), as Debian's" \
	sh -c "grep -q '^ERR ' o.out && [ $orc -eq 254 ] && cmp -s o.out t.out && [ $trc -eq 254 ]"

# cad: init's ctrl-alt-del action runs.
ours cad
ucheck "UML cad: OK" out_is "OK "
[ -n "$uskip" ] || wait_log CAD-RECEIVED
ucheck "UML cad: the guest's init ran its ctrlaltdel action" wait_log CAD-RECEIVED
theirs cad
[ -n "$uskip$tskip" ] || wait_log CAD-RECEIVED 2
utcheck "UML cad with Debian's client: the action ran again" wait_log CAD-RECEIVED 2

# Interactive: the same transcript as Debian's, the socket named "mconsole"
# from its directory (a name short enough for Debian's prompt).
printf 'version\nproc version\nfrobnicate\nremove ubd0\n' >script.txt
if [ -z "$uskip" ]; then
	(cd "$work/umldir/$UMID" && "$UC" -t 30 mconsole <"$work/script.txt" >"$work/o.out" 2>"$work/o.err")
	orc=$?
fi
ucheck "UML interactive: four commands, four replies" \
	sh -c "[ \$(grep -c '^(mconsole) ' o.out) -eq 5 ] && [ \$(grep -cE '^(OK|ERR) ' o.out) -eq 4 ]"
if [ -z "$uskip$tskip" ]; then
	(cd "$work/umldir/$UMID" && timeout -k 2 30 "$THEIRS" mconsole <"$work/script.txt" >"$work/t.out" 2>/dev/null)
fi
utcheck "UML interactive: the transcript is Debian's, byte for byte" cmp -s o.out t.out

# A reboot in the middle of a session: the kernel binds a new socket at
# the same path, and the next command reaches it.
if [ -z "$uskip" ]; then
	{
		echo reboot
		wait_log GUEST-READY 2
		echo version
	} | "$UC" -t 30 -u "$work/umldir" "$UMID" >o.out 2>o.err
	orc=$?
fi
ucheck "UML reboot: the guest came up again" wait_log GUEST-READY 2
ucheck "UML reboot in an interactive session: the next command is answered" \
	sh -c "[ $orc -eq 0 ] && grep -q '^OK Linux' o.out && [ ! -s o.err ]"

# halt, last: the reply, then the guest exits and its directory goes.
ours halt
ucheck "UML halt: OK" out_is "OK "
if [ -z "$uskip" ]; then
	i=0
	while kill -0 "$uml_pid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
fi
ucheck "UML halt: the guest's process exited" sh -c "! kill -0 $uml_pid 2>/dev/null"
ucheck "UML halt: its umid directory is gone" [ ! -e "$work/umldir/$UMID" ]
ours version
ucheck "UML after halt: one error line, status 3" \
	sh -c "[ $orc -eq 3 ] && [ ! -s o.out ] && [ \$(wc -l <o.err) -eq 1 ] && grep -q 'no mconsole socket' o.err"
[ -z "$uml_pid" ] || wait "$uml_pid" 2>/dev/null
uml_pid=
finish
