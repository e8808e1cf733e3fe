#!/bin/sh
# boot-hostsig: signals sent to the `linux` process from the host. The
# kernel runs on a terminal (a tmux pane) as its console, which it puts in
# raw mode; with a guest shell and a background job up, the host sends it
# SIGTERM, SIGINT, SIGHUP or SIGQUIT. Each time the process must die of
# that very signal (the parent sees it killed by it, as a shell reports
# it), the terminal must have its modes back (echo, canonical input), and
# none of the guest's host processes may be left.
# Usage: hostsig.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"
command -v tmux >/dev/null || skip_all "tmux not installed"
command -v python3 >/dev/null || skip_all "python3 not installed"

mkimage root.ext4 32M
# One tmux server per signal, so that one going down never races the next.
sock=$work/tmux.sock
tm() { tmux -S "$sock" -f /dev/null "$@"; }
cleanup_tmux() {
	for s in "$work"/tmux.*.sock; do
		[ -S "$s" ] && tmux -S "$s" kill-server 2>/dev/null
	done
	cleanup_work
}
trap cleanup_tmux EXIT
PS1_RE='^/ #( |$)'

# run.py PIDFILE CMD...: runs CMD in the foreground of the terminal, writes
# its pid, and once it is gone prints how it ended (STATUS=-N: killed by
# signal N) and the terminal's modes.
cat > run.py <<'PY'
import subprocess, sys, termios
p = subprocess.Popen(sys.argv[2:])
with open(sys.argv[1], 'w') as f:
    f.write('%d\n' % p.pid)
rc = p.wait()
lflag = termios.tcgetattr(0)[3]
print('STATUS=%d ECHO=%s ICANON=%s' % (rc, 'yes' if lflag & termios.ECHO else 'no',
      'yes' if lflag & termios.ICANON else 'no'), flush=True)
PY

screen() { tm capture-pane -p -S -200 -t umk | sed 's/[[:space:]]*$//'; }
wait_for() {
	n=$(($1 * 10))
	while [ "$n" -gt 0 ]; do
		screen | grep -Eq -- "$2" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

for sn in TERM:15 INT:2 HUP:1 QUIT:3; do
	sig=${sn%:*} num=${sn#*:}
	sock=$work/tmux.$sig.sock
	rm -f kpid
	tm new-session -d -s umk -x 120 -y 40 \
		"cd '$work' && ulimit -c 0 && python3 run.py kpid '$KERNEL' ubd0=root.ext4 init=/bin/sh; sleep 60"
	if ! wait_for 20 "$PS1_RE"; then
		not_ok "SIG$sig: a shell prompt within 20 s"
		screen
		continue
	fi
	tm send-keys -t umk 'sleep 1000 & echo started' Enter
	wait_for 5 '^started$'
	kpid=$(cat kpid)
	tty=$(tm display-message -p -t umk '#{pane_tty}')
	kids=$(pgrep -P "$kpid" | tr '\n' ' ')
	check "SIG$sig: the guest has host processes (${kids})" [ "$(echo $kids | wc -w)" -ge 2 ]
	check "SIG$sig: the kernel put the terminal in raw mode (no echo)" \
		sh -c "stty -F '$tty' -a | tr ' ' '\n' | grep -qx -- -echo"
	kill -"$sig" "$kpid"
	# STATUS= follows the guest's last prompt on the same line.
	if ! wait_for 10 'STATUS='; then
		not_ok "SIG$sig: the kernel ended within 10 s"
		kill -KILL "$kpid" 2>/dev/null
		screen | tail -5
		continue
	fi
	line=$(screen | grep -o 'STATUS=.*' | tail -n 1)
	echo "# SIG$sig: $line"
	check "SIG$sig: the kernel died of SIG$sig ($line)" \
		[ "$(echo "$line" | sed 's/^STATUS=\([-0-9]*\).*/\1/')" = "-$num" ]
	check "SIG$sig: the terminal echoes again" sh -c "echo '$line' | grep -q 'ECHO=yes ICANON=yes'"
	sleep 0.2
	left=
	for k in $kids $(pgrep -P "$kpid"); do
		[ -e "/proc/$k" ] && left="$left $k"
	done
	check "SIG$sig: no host process left behind ($left)" [ -z "$left" ]
	tm kill-server 2>/dev/null
done
check "no core file" no_core
finish
