#!/bin/sh
# Our uml_switch alone (tests/interop/switch_interop.sh runs the same
# client scenarios against Debian's too, and real UML guests):
#   - the protocol scenarios of tests/tools/switch_client.c with --ours:
#     learning, flooding, moves, a vanished client, garbage and bad-size
#     datagrams, request versions, 64 and 120 clients, ageing (-age), hub;
#   - shutdown on SIGTERM, SIGINT and SIGHUP removes the sockets it made
#     (and only those), a stale socket is reused, a live one refused, a
#     file that is not a socket left alone;
#   - bad usage: one line on stderr, status 2; bad paths: one line, status 1;
#   - no capability kept, no CPU used while idle or out of fds (clients
#     wait in the backlog and are served when fds come free);
#   - -daemon: detached (own session, stdio on /dev/null, cwd /), messages
#     in syslog, a relative socket path still removed at exit;
#   - -tap in a network namespace: ARP with the host through the switch.
# The cases that need root or namespaces skip with the reason elsewhere.
# Usage: switch.sh <uml_switch> <switch_client>
set -u
SW=$(realpath "$1") CL=$(realpath "$2")
. "$(dirname "$0")/../lib.sh"
cd "$work" || exit 1
swpid=

# start NAME ARGS...: our switch on $work/NAME.ctl, output in NAME.log;
# returns once it serves (its "attached" line), 1 if it did not start.
start() {
	name=$1
	shift
	rm -f "$name.log"
	"$SW" -unix "$work/$name.ctl" "$@" >"$name.log" 2>&1 &
	swpid=$!
	wait_line "$name.log" "attached to unix socket"
}

# wait_line FILE TEXT: up to 20 s for TEXT to appear in FILE.
wait_line() {
	i=0
	while [ $i -lt 200 ]; do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# no '$2' in $1:"
	sed 's/^/#   /' "$1" 2>/dev/null
	return 1
}

# stop SIG: sends SIG to the switch and waits; sets stopped to its status.
stop() {
	kill -"$1" "$swpid" 2>/dev/null
	wait "$swpid"
	stopped=$?
	swpid=
}

# gone PID: up to 10 s for PID to exit.
gone() {
	i=0
	while kill -0 "$1" 2>/dev/null; do
		[ $i -lt 100 ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}

cleanup_switch() { [ -z "$swpid" ] || { kill -KILL "$swpid" 2>/dev/null; wait "$swpid"; }; }
trap 'cleanup_switch; cleanup_work' EXIT

# client NAME SCENARIO...: the protocol client against NAME.ctl.
client() {
	name=$1
	shift
	timeout 120 "$CL" --ours "$work/$name.ctl" "$@" >"$work/client.out" 2>&1
	rc=$?
	sed 's/^/#   /' "$work/client.out"
	return $rc
}

# --- bad usage and bad paths ---------------------------------------------------
# usage_err STATUS ARGS...: exactly one line on stderr, nothing on stdout.
usage_err() {
	want=$1
	shift
	timeout 10 "$SW" "$@" >out 2>err </dev/null
	rc=$?
	[ "$rc" -eq "$want" ] && [ ! -s out ] && one_line err && return 0
	echo "# uml_switch $*: status $rc; stdout/stderr:"
	sed 's/^/#   /' out err
	return 1
}
check "an unknown option: one line, status 2" usage_err 2 -bogus
check "-unix without a path: one line, status 2" usage_err 2 -unix
check "-compat-v0 -unix with one path: one line, status 2" usage_err 2 -compat-v0 -unix a.ctl
check "-tap without a device: one line, status 2" usage_err 2 -tap
check "-tap with a 16-character name: one line, status 2" usage_err 2 -tap abcdefghijklmnop
check "-age 0: one line, status 2" usage_err 2 -age 0
check "-age with a word: one line, status 2" usage_err 2 -age soon
check "a stray argument: one line, status 2" usage_err 2 -unix a.ctl b.ctl
long=$work/$(printf 'x%.0s' $(seq 1 110))
check "a control socket path over 107 bytes: one line, status 1" usage_err 1 -unix "$long"
check "a control socket in a missing directory: one line, status 1" \
	usage_err 1 -unix "$work/no/such/dir.ctl"
echo "not a socket" >plain.ctl
check "a file that is not a socket: refused, one line, status 1" usage_err 1 -unix "$work/plain.ctl"
check "... and the file is left as it was" grep -qx "not a socket" plain.ctl
grep -q "is not a socket" err && ok "... and the message says why" || not_ok "... and the message says why"

# --- the protocol scenarios ------------------------------------------------------
if start sw; then
	for sc in learning flood move vanish garbage versions "many 64" "many 120"; do
		# shellcheck disable=SC2086 # the scenario's arguments
		check "client scenario: $sc" client sw $sc
	done
	check "the switch is still up after all of them" kill -0 "$swpid"
	# Idle: no timer spins (expired MACs are swept only while some are
	# known). CPU time over 3 s with two clients connected and idle.
	# (the client holds its port until its stdin, the sleep, ends)
	sleep 8 | "$CL" "$work/sw.ctl" hold >hold.out 2>&1 &
	hp=$!
	wait_line hold.out registered
	t0=$(awk '{ print $14 + $15 }' "/proc/$swpid/stat")
	sleep 3
	t1=$(awk '{ print $14 + $15 }' "/proc/$swpid/stat")
	wait "$hp"
	echo "# CPU ticks used in 3 s idle: $((t1 - t0))"
	check "idle: under 3 clock ticks of CPU in 3 s ($((t1 - t0)))" [ $((t1 - t0)) -lt 3 ]
	if [ "$(id -u)" = 0 ]; then
		check "no capability kept (CapPrm, CapEff, CapBnd, CapAmb all 0), no_new_privs" \
			sh -c "grep -E '^Cap(Prm|Eff|Bnd|Amb):' /proc/$swpid/status | grep -vc ':[[:space:]]*0*\$' | grep -qx 0 &&
				grep -q '^NoNewPrivs:[[:space:]]*1' /proc/$swpid/status"
	else
		skip "no capability kept" "not root: nothing to drop"
	fi
	# A second switch on the same path is refused; the first keeps serving.
	check "a second switch on a live socket: one line, status 1" usage_err 1 -unix "$work/sw.ctl"
	grep -q "another switch" err && ok "... saying another switch is attached" ||
		not_ok "... saying another switch is attached"
	check "... and the first one still serves" client sw ping
	stop TERM
	check "SIGTERM: status 0 ($stopped)" [ "$stopped" -eq 0 ]
	check "SIGTERM: the control socket is removed" [ ! -e sw.ctl ]
	check "SIGTERM: it says so" grep -q "caught SIGTERM" sw.log
else
	not_ok "our switch started"
fi

for sig in INT HUP; do
	if start s$sig; then
		client "s$sig" ping >/dev/null
		stop "$sig"
		check "SIG$sig: status 0 and the control socket is removed" \
			sh -c "[ $stopped -eq 0 ] && [ ! -e s$sig.ctl ]"
	else
		not_ok "our switch started (SIG$sig)"
	fi
done

# Out of file descriptors: clients wait in the backlog, the switch does
# not spin, says so once, and serves them when fds come free.
if command -v prlimit >/dev/null; then
	rm -f fd.log
	prlimit --nofile=24:24 "$SW" -unix "$work/fd.ctl" </dev/null >fd.log 2>&1 &
	swpid=$!
	wait_line fd.log "attached to unix socket"
	hps=
	for i in $(seq 1 24); do
		sleep 5 | "$CL" "$work/fd.ctl" hold >/dev/null 2>&1 &
		hps="$hps $!"
	done
	sleep 1
	t0=$(awk '{ print $14 + $15 }' "/proc/$swpid/stat")
	sleep 3
	t1=$(awk '{ print $14 + $15 }' "/proc/$swpid/stat")
	for p in $hps; do wait "$p"; done
	check "out of fds with 24 clients: under 3 clock ticks of CPU in 3 s ($((t1 - t0)))" \
		[ $((t1 - t0)) -lt 3 ]
	check "out of fds: said once (at most once a minute)" [ "$(grep -c 'cannot accept a connection: Too many open files' fd.log)" -eq 1 ]
	check "out of fds: serves again once clients left" client fd ping
	stop TERM
else
	skip "out of file descriptors" "prlimit not installed"
fi

# Ageing with -age 5: unicast 1 s after the last frame, flooded at 7 s.
if start age -age 5; then
	check "ageing (-age 5): learned at 1 s, forgotten at 7 s" client age age 1 7
	stop TERM
fi

# A hub floods unicast frames too, never back to the sender.
if start hub -hub; then
	check "hub: unicast flooded to every other port" client hub hub
	check "hub: garbage survived" client hub garbage
	grep -q "will be a hub" hub.log && ok "hub: it says it is a hub" || not_ok "hub: it says it is a hub"
	stop INT
fi

# -compat-v0: the data socket is a path; both are removed at exit.
start v0 -compat-v0 -unix "$work/v0.ctl" "$work/v0.data"
check "-compat-v0: the data socket is a socket at the path given" [ -S v0.data ]
check "-compat-v0: clients work" client v0 ping
stop TERM
check "-compat-v0: SIGTERM removes both sockets" sh -c '[ ! -e v0.ctl ] && [ ! -e v0.data ]'

# On a terminal, EOF (Ctrl-D) on stdin stops it, as Debian's does.
tty_case() {
	python3 - "$SW" "$work/tty.ctl" <<'PY'
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], '-unix', sys.argv[2]])
out = b''
deadline = time.time() + 20
while b'attached' not in out and time.time() < deadline:
    out += os.read(fd, 1000)
os.write(fd, b'\x04')
try:
    while time.time() < deadline:
        b = os.read(fd, 1000)
        if not b:
            break
        out += b
except OSError:
    pass
_, st = os.waitpid(pid, 0)
print(out.decode(errors='replace').replace('\r', ''))
sys.exit(0 if os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0 and b'EOF on stdin' in out
         and not os.path.exists(sys.argv[2]) else 1)
PY
}
check "on a terminal: EOF on stdin stops it and removes its socket" tty_case

# --- stale sockets, and removing only our own -------------------------------------
start stale
kill -KILL "$swpid"
wait "$swpid" 2>/dev/null
check "a killed switch leaves its socket behind" [ -S stale.ctl ]
if start stale; then
	check "a stale socket is reused: the new switch serves" client stale ping
	grep -q "removed the stale control socket" stale.log && ok "... and says so" ||
		not_ok "... and says so"
	# Someone removes our socket and starts another switch there: at
	# exit we must not remove the other's socket.
	first=$swpid
	rm -f stale.ctl
	start stale
	second=$swpid
	swpid=$first
	stop TERM
	check "a switch whose socket was replaced leaves the new socket alone" [ -S stale.ctl ]
	swpid=$second
	check "... and the other switch still serves" client stale ping
	stop TERM
fi

# --- -daemon -----------------------------------------------------------------------
# A relative path: the daemon goes to / but removes the right file.
rm -f d.log
(cd "$work" && timeout 20 "$SW" -daemon -unix d.ctl >d.out 2>d.err)
rc=$?
dpid=$(sed -n 's/.*background as pid \([0-9]*\).*/\1/p' d.out)
check "-daemon: the foreground process exits 0 ($rc) and names the pid" \
	sh -c "[ $rc -eq 0 ] && [ -n '$dpid' ] && [ ! -s d.err ]"
grep -q syslog d.out && ok "-daemon: it says where its messages go" ||
	not_ok "-daemon: it says where its messages go"
if [ -n "$dpid" ] && kill -0 "$dpid" 2>/dev/null; then
	check "-daemon: the daemon leads its own session" \
		[ "$(ps -o sid= -p "$dpid" | tr -d ' ')" = "$dpid" ]
	check "-daemon: stdin, stdout and stderr are /dev/null" \
		sh -c "[ \$(readlink /proc/$dpid/fd/0) = /dev/null ] && [ \$(readlink /proc/$dpid/fd/1) = /dev/null ] &&
			[ \$(readlink /proc/$dpid/fd/2) = /dev/null ]"
	check "-daemon: its working directory is /" [ "$(readlink "/proc/$dpid/cwd")" = / ]
	check "-daemon: it serves" client d ping
	kill -TERM "$dpid"
	if gone "$dpid"; then
		ok "-daemon: SIGTERM ends it"
	else
		not_ok "-daemon: SIGTERM ends it"
		kill -KILL "$dpid"
	fi
	check "-daemon: the relative control socket path is removed" [ ! -e d.ctl ]
else
	not_ok "-daemon: the daemon runs"
fi

# Its messages in syslog: a private /dev with our own /dev/log listener.
syslog_case() {
	python3 - "$work/log.sock" "$work/syslog.txt" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(30)
with open(sys.argv[2], 'ab', buffering=0) as f:
    try:
        while True:
            f.write(s.recv(4096) + b'\n')
    except socket.timeout:
        pass
PY
	lp=$!
	i=0
	while [ ! -S log.sock ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs tmpfs /dev &&
		mknod -m 666 /dev/null c 1 3 && touch /dev/log && mount --bind "$1" /dev/log &&
		exec "$2" -daemon -unix "$3"' _ "$work/log.sock" "$SW" "$work/sl.ctl" >sl.out 2>&1
	spid=$(sed -n 's/.*background as pid \([0-9]*\).*/\1/p' sl.out)
	[ -n "$spid" ] && client sl ping >/dev/null
	[ -z "$spid" ] || { kill -TERM "$spid"; gone "$spid" || kill -KILL "$spid"; }
	sleep 0.5
	kill "$lp" 2>/dev/null
	wait "$lp" 2>/dev/null
	sed 's/^/#   syslog: /' syslog.txt 2>/dev/null
	[ -n "$spid" ] && grep -q "uml_switch\[$spid\]: uml_switch attached to unix socket" syslog.txt &&
		grep -q "uml_switch\[$spid\]: port 1: new connection" syslog.txt &&
		grep -q "uml_switch\[$spid\]: caught SIGTERM" syslog.txt
}
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	check "-daemon: its messages go to syslog (facility daemon)" syslog_case
	check "-daemon: the syslog lines have facility daemon (<30> = daemon.info)" grep -q '^<30>' syslog.txt
else
	skip "-daemon: its messages go to syslog" "needs root and unshare -m for a private /dev/log"
fi

# --- -tap ----------------------------------------------------------------------------
tap_case() {
	# In a fresh network namespace: the TAP device, its address, and the
	# client's abstract sockets (they are per network namespace) all there.
	unshare -n sh -c '
		"$1" -tap tap0 -unix "$2/tap.ctl" >"$2/tap.log" 2>&1 &
		p=$!
		i=0
		while ! grep -q attached "$2/tap.log" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		grep -E "^Cap(Prm|Eff|Bnd):" /proc/$p/status >"$2/tap.caps"
		ip link set tap0 up && ip addr add 10.77.0.1/24 dev tap0 &&
			timeout 60 "$3" --ours "$2/tap.ctl" arp 10.77.0.2 10.77.0.1 >"$2/tap.client" 2>&1
		echo "client $?" >"$2/tap.rc"
		ip neigh show dev tap0 >"$2/tap.neigh"
		ip link del tap0
		timeout 60 "$3" --ours "$2/tap.ctl" ping >>"$2/tap.client" 2>&1
		echo "after $?" >>"$2/tap.rc"
		kill -TERM $p
		wait $p
		echo "switch $?" >>"$2/tap.rc"' _ "$SW" "$work" "$CL"
	sed 's/^/#   /' tap.log tap.client tap.rc tap.neigh 2>/dev/null
}
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null && [ -c /dev/net/tun ]; then
	tap_case
	check "-tap: the host answers ARP through the switch" grep -qx "client 0" tap.rc
	check "-tap: the host learned the client's MAC" grep -q "lladdr 02:55:4d:4b:00:07" tap.neigh
	check "-tap: no capability kept after opening the device" \
		sh -c "[ -s tap.caps ] && ! grep -qv ':[[:space:]]*0*\$' tap.caps"
	check "-tap: the TAP device deleted: its port closed, the switch serves on" \
		sh -c "grep -qx 'after 0' tap.rc && grep -q 'TAP device .tap0. went away\|reading TAP device' tap.log"
	check "-tap: SIGTERM: status 0" grep -qx "switch 0" tap.rc
	if command -v setpriv >/dev/null; then
		np=${TMPDIR:-/tmp}/umk-np.$$.ctl
		setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
			"$SW" -tap tapz -unix "$np" >out 2>err </dev/null
		rc=$?
		sed 's/^/#   /' err
		check "-tap as a user without the rights: one line with a hint, status 1 ($rc)" \
			sh -c "[ $rc -eq 1 ] && [ ! -s out ] && [ \$(wc -l <err) -eq 1 ] && grep -q 'ip tuntap add' err"
		check "... and it left no control socket behind" [ ! -e "$np" ]
		rm -f "$np"
	else
		skip "-tap as a user" "setpriv not installed"
	fi
else
	skip "-tap in a network namespace" "needs root, unshare -n and /dev/net/tun"
fi
finish
