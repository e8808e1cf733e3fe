#!/bin/sh
# uml_console against a fake mconsole server (tests/tools/fake_mconsole.py),
# on every host; Debian's uml_mconsole against the same server where it is
# installed, the requests and printed output compared where both should
# agree:
#   - the request: 524 bytes, magic, version 2, len, zero padding, from a
#     bound (abstract) address; words joined by single spaces; ubd file
#     names made absolute;
#   - replies printed as "OK <text>" / "ERR <text>", one or many packets,
#     and the exit status: 0, or the error's low 8 bits (237 for -ENODEV);
#   - the interactive mode: prompt, transcript, quit, switch, late packets
#     of an earlier command dropped;
#   - log: one request with its newline, long text in pieces, log -f;
#   - a burst of packets sent as UML sends them (non-blocking) while the
#     client is stopped: ours, connected, gets every packet; an unconnected
#     client's queue overflows and the host drops packets (why Debian's
#     client hangs on sysrq m);
#   - bad cases, each one error line, status 3, no hang: silence, garbage
#     and truncated packets, a server that vanishes mid-reply, a missing
#     socket, a file that is not a socket, a stale socket, an over-long
#     command (refused before sending); bad usage is status 2;
#   - no socket file of the client's is ever left behind.
# Usage: console_fake.sh <our uml_console> <fake_mconsole.py>
# Environment: THEIR_MCONSOLE (Debian's, /usr/bin/uml_mconsole by default).
set -u
UC=$(realpath "$1") FAKE=$(realpath "$2")
. "$(dirname "$0")/../lib.sh"
THEIRS=${THEIR_MCONSOLE:-/usr/bin/uml_mconsole}

servers=
stop_servers() {
	for s in $servers; do kill "$s" 2>/dev/null; done
	for s in $servers; do wait "$s" 2>/dev/null; done
	servers=
}
trap 'stop_servers; cleanup_work' EXIT

# Debian's client: probed by running it (no arguments: its usage, status 1).
their_skip=
if [ ! -x "$THEIRS" ]; then
	their_skip="$THEIRS not installed (apt-get install uml-utilities)"
else
	"$THEIRS" >/dev/null 2>"$work/probe.err" </dev/null
	rc=$?
	grep -q 'Usage' "$work/probe.err" && [ "$rc" -eq 1 ] ||
		their_skip="$THEIRS does not run here (status $rc: $(head -n 1 "$work/probe.err"))"
fi
if [ -z "$their_skip" ]; then
	echo "peer uml_mconsole: runs ($THEIRS)"
else
	echo "peer uml_mconsole: cannot run on this host: $their_skip"
fi

mkdir -p "$work/run" "$work/home" "$work/hold"
cd "$work/run" || exit 1
export HOME="$work/home"
LOG=$work/requests.log
: >"$LOG"

# wait_file PATH: waits up to 30 s for PATH to exist.
wait_file() {
	i=0
	while [ ! -e "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	[ -e "$1" ]
}
# start_server SOCKET: a fake server at SOCKET, logging to $LOG.
start_server() {
	rm -f "$1"
	python3 "$FAKE" "$1" "$LOG" "$work/hold" &
	servers="$servers $!"
	wait_file "$1" || { echo "# fake server did not start at $1"; exit 1; }
}
start_server mc

# ours ARGS...: our client, stdout in o.out, stderr in o.err, status in $orc.
ours() {
	"$UC" "$@" >"$work/o.out" 2>"$work/o.err" </dev/null
	orc=$?
}
# theirs ARGS...: Debian's, bounded to 10 s (t.out, t.err, $trc).
theirs() {
	timeout -k 2 10 "$THEIRS" "$@" >"$work/t.out" 2>"$work/t.err" </dev/null
	trc=$?
}
# mark, then requests: the requests the server logged since the mark.
mark() { nmark=$(wc -l <"$LOG"); }
requests() { tail -n +$((nmark + 1)) "$LOG"; }
req_line() { # CMD: the log line of a good request carrying CMD
	printf "size=524 magic=0xcafebabe version=2 len=%d padded=yes from=abstract cmd='%s'\n" \
		"$(printf '%s' "$1" | wc -c)" "$1"
}
# out_is TEXT: our stdout is TEXT plus a newline, status 0, stderr empty.
out_is() {
	printf '%s\n' "$1" >"$work/want"
	cmp -s "$work/want" "$work/o.out" && [ "$orc" -eq 0 ] && [ ! -s "$work/o.err" ] && return 0
	echo "# status $orc, stdout:"; sed 's/^/#   /' "$work/o.out"
	echo "# stderr:"; sed 's/^/#   /' "$work/o.err"
	return 1
}
# one_error STATUS PATTERN: no stdout, status STATUS, one stderr line
# matching PATTERN (grep -E).
one_error() {
	[ "$orc" -eq "$1" ] && [ ! -s "$work/o.out" ] && one_line "$work/o.err" &&
		grep -qE "$2" "$work/o.err" && return 0
	echo "# status $orc (want $1), stdout:"; sed 's/^/#   /' "$work/o.out"
	echo "# stderr:"; sed 's/^/#   /' "$work/o.err"
	return 1
}
# tcheck DESCRIPTION COMMAND...: a comparison with Debian's client.
tcheck() {
	if [ -n "$their_skip" ]; then skip "$1" "$their_skip"; else check "$@"; fi
}
same_out() { cmp -s "$work/o.out" "$work/t.out" || { diff "$work/o.out" "$work/t.out" | head -20 | sed 's/^/# /'; false; }; }

# --- requests and replies, compared with Debian's ---------------------------
for cmd in "version" "proc meminfo" "sysrq s" "stop" "go" "cad" "remove ubd3" \
	"remove ubd0" "frobnicate" "big" "nulinside"; do
	mark
	# shellcheck disable=SC2086 # the command's words, as a user types them
	ours mc $cmd
	ours_req=$(requests)
	check "\"$cmd\": one well-formed request" [ "$ours_req" = "$(req_line "$cmd")" ]
	if [ -n "$their_skip" ]; then
		skip "\"$cmd\": the same request as Debian's uml_mconsole" "$their_skip"
		skip "\"$cmd\": the same output and status as Debian's" "$their_skip"
		continue
	fi
	mark
	# shellcheck disable=SC2086
	theirs mc $cmd
	check "\"$cmd\": the same request as Debian's uml_mconsole" [ "$ours_req" = "$(requests)" ]
	check "\"$cmd\": the same output and status as Debian's (ours $orc, theirs $trc)" \
		sh -c "cmp -s '$work/o.out' '$work/t.out' && [ $orc -eq $trc ]"
done
ours mc version
check "version: \"OK <text>\", status 0" out_is "OK Linux fake 6.1.0-fake #1 SMP x86_64"
ours mc remove ubd3
check "an error reply with -ENODEV: ERR line, status 237 as Debian's" \
	sh -c "[ $orc -eq 237 ] && grep -qx \"ERR Device doesn't exist\" '$work/o.out'"
ours mc frobnicate
check "an error reply with err 1: status 1" sh -c "[ $orc -eq 1 ] && grep -qx 'ERR Unknown command' '$work/o.out'"
ours mc big
check "a reply of 4000 lines in 200 packets arrives whole" \
	sh -c "[ $orc -eq 0 ] && [ \$(grep -c 'of a long reply' '$work/o.out') -eq 4000 ]"
ours mc proc meminfo
check "proc: a streamed reply (a packet per piece, then an empty one) joined" \
	sh -c "[ $orc -eq 0 ] && head -n 1 '$work/o.out' | grep -qx 'OK ' && [ \$(grep -c '^Field' '$work/o.out') -eq 40 ]"
ours mc nulinside
check "a NUL inside a packet's text ends it, as for Debian's client" out_is "OK before"
# Deliberate differences: Debian's client takes err from the last packet.
ours mc multierr
check "an error reply in two packets (err on the first): ERR, status 1" \
	sh -c "[ $orc -eq 1 ] && grep -q '^ERR EEEE' '$work/o.out'"
ours mc lateerr
check "an err on a later packet still makes the reply an error (status 5)" \
	sh -c "[ $orc -eq 5 ] && grep -qx 'ERR looked fine at first; then an error' '$work/o.out'"
ours mc err256
check "an err whose low 8 bits are 0 still gives a non-zero status (1)" [ "$orc" -eq 1 ]

# help: the kernel's text, then the local commands.
ours mc help
check "help: the kernel's two-packet text, then the local commands" \
	sh -c "[ $orc -eq 0 ] && grep -q '^OK Commands of the fake' '$work/o.out' &&
		grep -q 'command-11' '$work/o.out' && grep -q '^Local commands of uml_console:' '$work/o.out'"
if [ -z "$their_skip" ]; then
	sed '/^Local commands of uml_console:$/,$d' "$work/o.out" >"$work/ours.help"
	theirs mc help
	sed '/^Additional local mconsole commands:$/,$d' "$work/t.out" >"$work/theirs.help"
fi
tcheck "help: the kernel's part is printed as Debian's client prints it" \
	cmp -s "$work/ours.help" "$work/theirs.help"

# --- the socket: umid, -u, a directory, a path ---------------------------------
mkdir -p "$HOME/.uml/fk" "$work/umldir/fk2" "$work/dir"
start_server "$HOME/.uml/fk/mconsole"
start_server "$work/umldir/fk2/mconsole"
start_server "$work/dir/mconsole"
ours fk version
check "a umid is looked up as ~/.uml/<umid>/mconsole" out_is "OK Linux fake 6.1.0-fake #1 SMP x86_64"
ours -u "$work/umldir" fk2 version
check "-u <uml_dir>: the umid is looked up there" out_is "OK Linux fake 6.1.0-fake #1 SMP x86_64"
ours "$work/dir" version
check "a directory stands for the mconsole socket in it" out_is "OK Linux fake 6.1.0-fake #1 SMP x86_64"
ours "$work/run/mc" version
check "an absolute socket path" out_is "OK Linux fake 6.1.0-fake #1 SMP x86_64"
ours -u "$work/umldir" fk version
check "-u: a umid that is not there is not looked for in ~/.uml" one_error 3 'no mconsole socket for "fk"'

# --- config ubd: file names made absolute --------------------------------------
mkdir -p sub/deeper && ln -sfn sub/deeper lnk
for spec in "ubd3=sub/a.cow,img.raw" "ubd5r=lnk/x.img" "ubd6=/abs/a.img,rel.img"; do
	mark
	ours mc config "$spec"
	ours_req=$(requests)
	if [ -z "$their_skip" ]; then
		mark
		theirs mc config "$spec"
	fi
	tcheck "config $spec: the same request as Debian's (names made absolute)" \
		[ "$ours_req" = "$(requests)" ]
done
mark
ours mc config ubd3=sub/a.cow,img.raw
check "config ubd3=sub/a.cow,img.raw: sent with absolute names" \
	[ "$(requests)" = "$(req_line "config ubd3=$work/run/sub/a.cow,$work/run/img.raw")" ]
mark
ours mc config ubd4=a.img:b.img:serial-1
check "config with ':' between the fields and a serial: the serial is kept" \
	[ "$(requests)" = "$(req_line "config ubd4=$work/run/a.img:$work/run/b.img:serial-1")" ]
mark
ours mc config ubd7=lnk/x.img
check "a symlinked directory is resolved, as Debian's client does" \
	[ "$(requests)" = "$(req_line "config ubd7=$work/run/sub/deeper/x.img")" ]
mark
ours mc config ubd0
check "config ubd0 (a query) is sent as it is" [ "$(requests)" = "$(req_line "config ubd0")" ]

# --- log -------------------------------------------------------------------------
mark
ours mc log hello   world
check "log: one request, the words joined, ending in a newline" \
	[ "$(requests)" = "size=524 magic=0xcafebabe version=2 len=16 padded=yes from=abstract cmd='log hello world\\n'" ]
check "log: one OK line, status 0" out_is "OK "
long=$(python3 -c 'print("".join("%04d-" % i for i in range(300)), end="")')
mark
ours mc log "$long"
requests >"$work/log.req"
python3 - "$work/log.req" "$long" >"$work/log.check" <<'PY'
import sys, ast, re
lines = open(sys.argv[1]).read().splitlines()
text = ""
for l in lines:
    m = re.match(r"size=524 magic=0xcafebabe version=2 len=(\d+) padded=yes from=abstract cmd=(.*)$", l)
    cmd = ast.literal_eval(m.group(2))
    assert int(m.group(1)) == len(cmd) <= 511 and cmd.startswith("log "), l
    text += cmd[4:]
print(len(lines), "requests", "same text" if text == sys.argv[2] + "\n" else "different text")
PY
check "log of 1500 bytes: requests of at most 511 bytes that carry it whole, newline added ($(cat "$work/log.check"))" \
	grep -qx '3 requests same text' "$work/log.check"
printf 'line one\nline two\n' >logfile.txt
mark
ours mc log -f logfile.txt
check "log -f: the file's contents in one request" \
	[ "$(requests)" = "size=524 magic=0xcafebabe version=2 len=22 padded=yes from=abstract cmd='log line one\\nline two\\n'" ]
ours mc log -f no-such-file
check "log -f of a missing file: one error line, status 3" one_error 3 'no-such-file'

# --- interactive mode -----------------------------------------------------------
printf 'version\nremove ubd3\nproc meminfo\nfrobnicate\nsysrq s\n' >script.txt
"$UC" mc <script.txt >"$work/o.out" 2>"$work/o.err"
orc=$?
check "interactive: the commands run, status of the last one ($orc)" \
	sh -c "[ $orc -eq 0 ] && [ \$(grep -c '^(mc) ' '$work/o.out') -eq 6 ] && [ ! -s '$work/o.err' ]"
if [ -z "$their_skip" ]; then
	timeout -k 2 10 "$THEIRS" mc <script.txt >"$work/t.out" 2>/dev/null
fi
tcheck "interactive: the transcript is Debian's, byte for byte" same_out
printf 'version\nquit\nversion\n' | "$UC" mc >"$work/o.out" 2>"$work/o.err"
orc=$?
check "interactive: quit ends it" \
	sh -c "[ $orc -eq 0 ] && [ \$(grep -c '^OK Linux' '$work/o.out') -eq 1 ] && tail -n 1 '$work/o.out' | grep -qx '(mc) quit'"
printf 'version\nfrobnicate\n' | "$UC" mc >"$work/o.out" 2>&1
check "interactive: the status is the last command's (1)" [ $? -eq 1 ]
# (The late packet comes right after the reply; a user types slower than
# that, the test waits a second.)
{ echo stale; sleep 1; echo version; } | "$UC" mc >"$work/o.out" 2>&1
check "interactive: a late packet of one command is not taken for the next reply" \
	sh -c "grep -qx '(mc) version' '$work/o.out' && grep -qx 'OK Linux fake 6.1.0-fake #1 SMP x86_64' '$work/o.out' &&
		! grep -q 'late packet' '$work/o.out'"
printf 'switch fk\nversion\n' | "$UC" mc >"$work/o.out" 2>&1
check "interactive: switch <umid> talks to another kernel" \
	sh -c "grep -q '^Switched to fk ($HOME/.uml/fk/mconsole)' '$work/o.out' && grep -q '^(fk) version' '$work/o.out'"
printf 'switch nosuch\nversion\n' | "$UC" mc >"$work/o.out" 2>"$work/o.err"
check "interactive: a failed switch says why in one line and keeps the old kernel" \
	sh -c "[ \$(wc -l < '$work/o.err') -eq 1 ] && grep -q '^OK Linux fake' '$work/o.out'"
ours mc mconsole-version
check "mconsole-version: the protocol version" out_is "uml_console: mconsole protocol version 2"

# int: SIGINT to the PID in the pid file beside the socket.
mkdir -p "$HOME/.uml/fk"
python3 -c '
import signal, sys, time
signal.signal(signal.SIGINT, lambda *a: (open(sys.argv[1], "w").write("got SIGINT\n"), sys.exit(0)))
open(sys.argv[2], "w").close()
time.sleep(60)' "$work/int.flag" "$work/int.ready" &
victim=$!
echo "$victim" >"$HOME/.uml/fk/pid"
wait_file "$work/int.ready"
ours fk int
wait "$victim"
check "int: SIGINT to the PID in <umid>/pid" sh -c "[ $orc -eq 0 ] && grep -q 'got SIGINT' '$work/int.flag' 2>/dev/null"
rm -f "$HOME/.uml/fk/pid"
ours fk int
check "int without a pid file: one error line, status 3" one_error 3 'pid'

# --- a burst, as UML sends a long sysrq or stack output --------------------------
# The client is stopped while the server sends 61 packets without blocking;
# then it goes on. Unix datagrams wait in the receiver's queue, which the
# host limits to net.unix.max_dgram_qlen (+1) except from its own peer.
qlen=$(cat /proc/sys/net/unix/max_dgram_qlen 2>/dev/null || echo 10)
run_held() { # runs a client in the background, stopped during the burst
	rm -f "$work/hold/held" "$work/hold/go" "$work/hold/sent"
	"$@" >"$work/b.out" 2>"$work/b.err" </dev/null &
	cpid=$!
	wait_file "$work/hold/held"
	kill -STOP "$cpid"
	touch "$work/hold/go"
	wait_file "$work/hold/sent"
	kill -CONT "$cpid"
	i=0
	while kill -0 "$cpid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	hung=no
	if kill -0 "$cpid" 2>/dev/null; then
		hung=yes
		kill "$cpid"
	fi
	wait "$cpid"
	brc=$?
	sent=$(cat "$work/hold/sent")
}
run_held "$UC" mc burst 60
check "burst of 61 packets to our stopped client: none dropped ($sent)" \
	[ "$sent" = "sent 61 dropped 0" ]
check "burst: every line printed, status 0, no hang" \
	sh -c "[ $brc -eq 0 ] && [ $hung = no ] && [ \$(grep -c 'burst line' '$work/b.out') -eq 60 ]"
if [ -n "$their_skip" ]; then
	skip "burst to Debian's unconnected client: the host drops packets, the client hangs" "$their_skip"
elif [ "$qlen" -ge 61 ]; then
	skip "burst to Debian's unconnected client: the host drops packets" \
		"net.unix.max_dgram_qlen is $qlen here: nothing overflows"
else
	run_held "$THEIRS" mc burst 60
	check "burst to Debian's unconnected client: the host dropped packets ($sent, queue limit $qlen)" \
		sh -c "[ '$sent' != 'sent 61 dropped 0' ]"
	check "Debian's client then waits for ever for the lost last packet (hung: $hung)" [ "$hung" = yes ]
fi

# --- bad cases: one line, status 3, no hang ------------------------------------
t0=$(date +%s)
ours -t 1 mc silence
t1=$(date +%s)
check "no reply: one line after the timeout (-t 1), status 3 ($((t1 - t0)) s)" \
	[ $((t1 - t0)) -lt 8 ]
check "no reply: the line says so" one_error 3 'no reply from mc within 1 s$'
for bad in short badlen truncated nonul garbage-text; do
	ours mc "$bad"
	check "a bad reply packet ($bad): one line, status 3" one_error 3 'bad reply packet'
done
ours mc "$(python3 -c 'print("x" * 512)')"
check "a 512-byte command is refused before sending" one_error 3 'command too long \(512 bytes'
mark
ours mc "$(python3 -c 'print("y" * 511)')"
check "a 511-byte command is sent" [ "$(requests | grep -c 'len=511 padded=yes')" -eq 1 ]
mark
ours mc config "ubd3=$(python3 -c 'print("d/" * 245)')x.img"
check "config whose names fit but not once absolute: refused, nothing sent" \
	sh -c "[ -z \"\$(tail -n +$((nmark + 1)) '$LOG')\" ]"
check "config too long once absolute: one error line, status 3" one_error 3 'too long'
ours nosuch version
check "a missing umid: one line naming the places tried, status 3" \
	one_error 3 "no mconsole socket for \"nosuch\": neither $HOME/.uml/nosuch/mconsole, /tmp/uml/nosuch/mconsole nor nosuch exists"
ours /no/such/dir/mconsole version
check "a missing socket path: one line, status 3" one_error 3 '/no/such/dir/mconsole: no such socket'
: >plainfile
ours ./plainfile version
check "a file that is not a socket: one line, status 3" one_error 3 'plainfile: not a socket'
mkdir -p emptydir
ours ./emptydir version
check "a directory without a socket: one line, status 3" one_error 3 'no mconsole socket in this directory'
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1])' stale.sock
ours ./stale.sock version
check "a stale socket nobody serves: one line, status 3" one_error 3 'no kernel is serving this socket'

# The server goes away after the first packet of a reply: noticed at once
# (well before the 10 s timeout), with or without removing its socket.
for how in vanish vanish-keep; do
	t0=$(date +%s)
	ours mc "$how"
	t1=$(date +%s)
	check "server gone mid-reply ($how): one line, status 3, in $((t1 - t0)) s" \
		sh -c "[ $((t1 - t0)) -lt 8 ] && grep -q 'went away before its reply was complete (1 packets' '$work/o.err' &&
			[ $orc -eq 3 ] && [ ! -s '$work/o.out' ] && [ \$(wc -l < '$work/o.err') -eq 1 ]"
	start_server mc
done

# A signal while waiting: the client ends, nothing is left behind.
"$UC" mc silence >/dev/null 2>&1 &
cpid=$!
sleep 0.5
kill -TERM "$cpid"
wait "$cpid"
check "SIGTERM while waiting ends the client (status $?)" sh -c "! kill -0 $cpid 2>/dev/null"

# --- usage ---------------------------------------------------------------------------
ours
check "no arguments: usage on stderr, status 2" sh -c "[ $orc -eq 2 ] && grep -q '^Usage: uml_console' '$work/o.err' && [ ! -s '$work/o.out' ]"
ours -x mc version
check "an unknown option: usage on stderr, status 2" sh -c "[ $orc -eq 2 ] && grep -q '^Usage: uml_console' '$work/o.err'"
ours -t soon mc version
check "-t with no number: one line, status 2" one_error 2 'soon: not a number'
ours -h
check "-h: usage on stdout, status 0" sh -c "[ $orc -eq 0 ] && grep -q '^Usage: uml_console' '$work/o.out' && [ ! -s '$work/o.err' ]"

# --- what is left behind ---------------------------------------------------------------
check "every request of ours came from an abstract address" \
	sh -c "! grep '^size=' '$LOG' | grep -v 'from=abstract' | grep -q ."
find "$work" "$HOME" -type s | grep -v -e '/mconsole$' -e '/run/mc$' -e 'stale.sock$' >"$work/left"
check "no socket file of a client anywhere ($(wc -l <"$work/left") left)" [ ! -s "$work/left" ]
stop_servers
finish
