#!/bin/sh
# Interop: our uml_switch against Debian's, and real UML guests through it.
#   - the protocol scenarios of tests/tools/switch_client.c run against
#     both switches in the same run: where the two should agree, each check
#     is made on both, so the expected behaviour is the real one; where
#     ours is stricter on purpose, Debian's behaviour is printed as "info:"
#     (the client's --ours checks run against ours only);
#   - stale sockets reused, live ones refused, SIGINT cleanup: both;
#   - -tap: the host answers ARP through either switch (root, netns);
#   - MAC ageing with the defaults: both still unicast at 90 s, both flood
#     at 110 s (Debian forgets after 100 s; this takes two minutes, run in
#     the background while the rest goes on);
#   - two real UML guests (linux.uml, eth0=daemon,<mac>,unix,<ctl>) on a
#     busybox image: arping and ping each other through our switch, and
#     through Debian's, the baseline; their ports are cleaned up when they
#     power off.
# Each peer is probed first (tests/peers.sh) and the verdict printed; a case
# that needs a peer that cannot run here is a SKIP with the reason.
# Usage: switch_interop.sh <our uml_switch> <switch_client> <mkbusybox.sh>
# Environment: UML, THEIR_SWITCH (the peers); SWITCH_INTEROP_ONLY=uml runs
# only the real-UML cases (tests/interop/peer_skip.sh).
set -u
SW=$(realpath "$1") CL=$(realpath "$2") MKIMG=$(realpath "$3")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../peers.sh"
PEERS_MKIMG=$MKIMG
THEIR=${THEIR_SWITCH:-/usr/bin/uml_switch}
only=${SWITCH_INTEROP_ONLY:-}
theirs_skip=
if [ "$only" != uml ]; then
	peer_probe uml_switch
	echo "$peer_line"
	[ "$peer_ok" = yes ] || theirs_skip="Debian's uml_switch cannot run on this host: $peer_why"
fi
peer_probe linux.uml
echo "$peer_line"
uml_skip=
[ "$peer_ok" = yes ] || uml_skip="linux.uml cannot run on this host: $peer_why"
UML=$peer_bin
cd "$work" || exit 1

pids=
cleanup_all() {
	for p in $pids $(cat "$work"/*.pid 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
	cleanup_work
}
trap cleanup_all EXIT

# start IMPL NAME ARGS...: IMPL's switch (ours or theirs) on NAME.ctl, log
# NAME.log; swpid; returns once it serves (Debian's stdout is made line
# buffered so that its "attached" line shows at once).
start() {
	impl=$1 name=$2
	shift 2
	rm -f "$name.log"
	if [ "$impl" = ours ]; then
		"$SW" -unix "$work/$name.ctl" "$@" </dev/null >"$name.log" 2>&1 &
	else
		stdbuf -oL "$THEIR" -unix "$work/$name.ctl" "$@" </dev/null >"$name.log" 2>&1 &
	fi
	swpid=$!
	pids="$pids $swpid"
	i=0
	while ! grep -q "attached to unix socket" "$name.log" 2>/dev/null; do
		[ $i -lt 200 ] && kill -0 "$swpid" 2>/dev/null || { sed 's/^/#   /' "$name.log"; return 1; }
		sleep 0.1
		i=$((i + 1))
	done
}

stop() { kill -"$1" "$swpid" 2>/dev/null; wait "$swpid"; stopped=$?; }

# client IMPL NAME SCENARIO...: the protocol client; --ours with ours.
client() {
	impl=$1 name=$2
	shift 2
	fl=
	[ "$impl" = ours ] && fl=--ours
	# shellcheck disable=SC2086 # fl is empty or one word
	timeout 120 "$CL" $fl "$work/$name.ctl" "$@" >"$work/client.out" 2>&1
	rc=$?
	sed "s/^/#   $impl: /" "$work/client.out"
	return $rc
}

# icheck IMPL DESCRIPTION COMMAND...: a check on IMPL's switch; for theirs
# a SKIP where Debian's cannot run.
icheck() {
	impl=$1
	shift
	if [ "$impl" = theirs ] && [ -n "$theirs_skip" ]; then
		skip "$1" "$theirs_skip"
	else
		check "$@"
	fi
}

# --- ageing with the default time, in the background --------------------------
age_bg() { # IMPL
	start "$1" "age$1" || return
	agepid=$swpid
	echo "$agepid" >"age$1.pid"	# for cleanup_all, should the test be killed
	timeout 200 "$CL" "$work/age$1.ctl" age 90 110 >"age$1.out" 2>&1
	echo "status $?" >>"age$1.out"
	kill -INT "$agepid"
}
if [ -z "$only" ]; then
	age_bg ours &
	agebg_ours=$!
	if [ -z "$theirs_skip" ]; then
		age_bg theirs &
		agebg_theirs=$!
	fi
fi

# --- the protocol scenarios on both switches ---------------------------------------
scenario_cases() { # IMPL
	im=$1
	if ! start "$im" "sw$im"; then
		icheck "$im" "$im: the switch starts" false
		return
	fi
	for sc in learning flood move vanish garbage versions "many 64"; do
		# shellcheck disable=SC2086
		icheck "$im" "$im: client scenario: $sc" client "$im" "sw$im" $sc
	done
	# A second switch on the live socket is refused; the first serves on.
	if [ "$im" = ours ]; then
		timeout 10 "$SW" -unix "$work/sw$im.ctl" </dev/null >live.out 2>&1
	else
		timeout 10 "$THEIR" -unix "$work/sw$im.ctl" </dev/null >live.out 2>&1
	fi
	rc=$?
	sed "s/^/#   $im: /" live.out
	icheck "$im" "$im: a second switch on a live socket exits non-zero ($rc)" \
		sh -c "[ $rc -ne 0 ] && [ $rc -ne 124 ]"
	icheck "$im" "$im: ... and the first one still serves" client "$im" "sw$im" ping
	stop INT
	icheck "$im" "$im: SIGINT removes the control socket" [ ! -e "sw$im.ctl" ]
	# Stale socket: a switch killed hard leaves it; the next one reuses it.
	start "$im" "st$im" && kill -KILL "$swpid"
	wait "$swpid" 2>/dev/null
	if start "$im" "st$im"; then
		icheck "$im" "$im: a stale control socket is reused" client "$im" "st$im" ping
		stop TERM
		if [ "$im" = ours ]; then
			check "ours: SIGTERM removes the control socket" [ ! -e "st$im.ctl" ]
		elif [ -e "st$im.ctl" ]; then
			echo "# info: Debian's uml_switch leaves its control socket on SIGTERM"
		fi
	else
		icheck "$im" "$im: a stale control socket is reused" false
	fi
	# A hub.
	if start "$im" "hub$im" -hub; then
		icheck "$im" "$im -hub: unicast flooded to every other port, none back" \
			client "$im" "hub$im" hub
		stop INT
	else
		icheck "$im" "$im -hub: starts" false
	fi
}

tap_case() { # IMPL BIN...
	im=$1
	shift
	unshare -n sh -c '
		w=$1 cl=$2 fl=$3
		shift 3
		"$@" -tap tap0 -unix "$w/tap.ctl" </dev/null >"$w/tap.log" 2>&1 &
		p=$!
		i=0
		# (Debian prints its "attached" line before it opens the device)
		while ! { grep -q attached "$w/tap.log" && ip link show tap0; } >/dev/null 2>&1 &&
			[ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		r=1
		ip link set tap0 up && ip addr add 10.77.0.1/24 dev tap0 &&
			timeout 60 "$cl" $fl "$w/tap.ctl" arp 10.77.0.2 10.77.0.1
		r=$?
		kill -INT $p
		wait $p
		exit $r' _ "$work" "$CL" "$( [ "$im" = ours ] && echo --ours)" "$@" >tap.out 2>&1
	r=$?
	sed "s/^/#   $im: /" tap.out tap.log
	return $r
}

if [ -z "$only" ]; then
	scenario_cases ours
	if [ -n "$theirs_skip" ]; then
		skip "theirs: the client scenarios" "$theirs_skip"
	else
		scenario_cases theirs
	fi
	if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null && [ -c /dev/net/tun ]; then
		check "ours -tap: the host answers ARP through the switch" tap_case ours "$SW"
		icheck theirs "theirs -tap: the host answers ARP through the switch" \
			tap_case theirs stdbuf -oL "$THEIR"
	else
		skip "-tap on both switches" "needs root, unshare -n and /dev/net/tun"
	fi
fi

# --- two real UML guests ---------------------------------------------------------
# Each guest: eth0 up with the address from its command line, arping and
# ping the other until it answers (both boot at once, one may be late),
# then stay up a while so that the other's pings are answered too.
cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
me=$(sed -n 's/.*ipme=\([0-9.]*\).*/\1/p' /proc/cmdline)
peer=$(sed -n 's/.*ippeer=\([0-9.]*\).*/\1/p' /proc/cmdline)
ip link set eth0 up
ip addr add "$me/24" dev eth0
i=0
while [ $i -lt 90 ] && ! ping -c 1 -W 1 "$peer" >/dev/null 2>&1; do i=$((i + 1)); done
if [ $i -lt 90 ]; then
	arping -c 2 -w 5 -I eth0 "$peer" && echo ARPING-OK
	ping -c 3 "$peer" && echo PING-OK
else
	echo PING-FAIL
fi
ip link show eth0
sleep 10
poweroff -f
INIT

# guests IMPL: boots the two guests on IMPL's switch; 0 if both got through.
guests() {
	im=$1
	for n in 1 2; do cp --sparse=always root.ext4 "g$n.ext4"; done
	mkdir -p umldir
	timeout -k 5 180 "$UML" ubd0=g1.ext4 mem=64M init=/init con=null con0=fd:0,fd:1 \
		umid="sw1-$im-$$" uml_dir="$work/umldir" ipme=10.0.0.1 ippeer=10.0.0.2 \
		eth0=daemon,fe:fd:00:00:00:01,unix,"$work/g$im.ctl" </dev/null >"g1$im.log" 2>&1 &
	g1=$!
	pids="$pids $g1"
	timeout -k 5 180 "$UML" ubd0=g2.ext4 mem=64M init=/init con=null con0=fd:0,fd:1 \
		umid="sw2-$im-$$" uml_dir="$work/umldir" ipme=10.0.0.2 ippeer=10.0.0.1 \
		eth0=daemon,,unix,"$work/g$im.ctl" </dev/null >"g2$im.log" 2>&1
	wait "$g1"
	for n in 1 2; do
		tr -d '\r' <"g$n$im.log" | grep -aE 'Netdevice|daemon backend|PING|ARPING|packets|Unicast reply|eth0' |
			sed "s/^/#   $im guest $n: /"
	done
}

uml_cases() {
	if [ -n "$uml_skip" ]; then
		skip "two real UML guests ping each other through our uml_switch" "$uml_skip"
		skip "the UML guests' ports are removed when they power off" "$uml_skip"
		skip "two real UML guests ping each other through Debian's uml_switch (baseline)" "$uml_skip"
		skip "UML guests: arping answered both ways (ours)" "$uml_skip"
		skip "UML guests: arping answered both ways (theirs)" "$uml_skip"
		return
	fi
	"$MKIMG" root.ext4 24M init.sh >/dev/null
	for im in theirs ours; do
		if [ "$im" = theirs ] && [ -n "$theirs_skip" ]; then
			skip "two real UML guests ping each other through Debian's uml_switch (baseline)" \
				"$theirs_skip"
			continue
		fi
		start "$im" "g$im" || { not_ok "$im switch for the UML guests starts"; continue; }
		guests "$im"
		stop INT
		sed "s/^/#   $im switch: /" "g$im.log"
		if [ "$im" = ours ]; then
			what="two real UML guests ping each other through our uml_switch"
		else
			what="two real UML guests ping each other through Debian's uml_switch (baseline)"
		fi
		check "$what" sh -c "tr -d '\r' <g1$im.log | grep -q '^PING-OK' &&
			tr -d '\r' <g2$im.log | grep -q '^PING-OK'"
		check "UML guests: arping answered both ways ($im)" sh -c "tr -d '\r' <g1$im.log | grep -q '^ARPING-OK' &&
			tr -d '\r' <g2$im.log | grep -q '^ARPING-OK'"
		if [ "$im" = ours ]; then
			check "the UML guests' ports are removed when they power off" \
				sh -c "[ \$(grep -c 'port [12] disconnected' g$im.log) -eq 2 ] &&
					[ \$(grep -c 'learned fe:fd:00:00:00:01' g$im.log) -eq 1 ]"
		fi
	done
}
uml_cases

# --- the ageing results ---------------------------------------------------------------
if [ -z "$only" ]; then
	wait "$agebg_ours"
	sed 's/^/#   ours: /' ageours.out
	check "ours, default ageing: unicast 90 s after the last frame, flooded at 110 s" \
		grep -qx "status 0" ageours.out
	if [ -n "$theirs_skip" ]; then
		skip "theirs, default ageing" "$theirs_skip"
	else
		wait "$agebg_theirs"
		sed 's/^/#   theirs: /' agetheirs.out
		check "theirs, default ageing: unicast 90 s after the last frame, flooded at 110 s" \
			grep -qx "status 0" agetheirs.out
	fi
fi
finish
