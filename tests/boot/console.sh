#!/bin/sh
# boot-console: an interactive session on the console, driven through tmux.
# Boots with init=/bin/sh, waits for the prompt, runs `echo hi`, interrupts
# `sleep 100` with Ctrl-C (the prompt must be back within 2 s), checks the
# shell still works, stops a job with Ctrl-Z and drives it with bg, jobs and
# fg, then `poweroff -f`: the kernel must exit with status 0.
# Usage: console.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"
command -v tmux >/dev/null || skip_all "tmux not installed"

mkimage root.ext4 32M
H=$(hash_of root.ext4)
sock=$work/tmux.sock
tm() { tmux -S "$sock" -f /dev/null "$@"; }
cleanup_tmux() { tm kill-server 2>/dev/null; cleanup_work; }
trap cleanup_tmux EXIT
PS1_RE='^/ #( |$)'

# screen: the pane as text (history included), without trailing blanks.
screen() { tm capture-pane -p -S -200 -t umk | sed 's/[[:space:]]*$//'; }

# wait_for SECONDS REGEX: poll the pane every 0.1 s until a line matches.
wait_for() {
	n=$(($1 * 10))
	while [ "$n" -gt 0 ]; do
		screen | grep -Eq -- "$2" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# prompts: how many prompt lines the pane shows.
prompts() { screen | grep -Ec "$PS1_RE"; }

# The pane runs the kernel in the terminal's foreground process group (timeout
# --foreground: in a group of its own, the kernel would be stopped by SIGTTOU
# as soon as it sets the terminal modes), then
# prints its exit status and lingers so the status can be read.
tm new-session -d -s umk -x 120 -y 40 \
	"cd '$work' && timeout --foreground -k 5 60 '$KERNEL' ubd0=root.ext4 init=/bin/sh; echo EXIT=\$?; sleep 60"
if ! wait_for 20 "$PS1_RE"; then
	not_ok "a shell prompt within 20 s"
	screen
	finish
	exit 1
fi
ok "a shell prompt"
check "the kernel printed its boot log" wait_for 1 'Run /bin/sh as init process'

tm send-keys -t umk 'echo hi' Enter
check "echo hi printed hi" wait_for 5 '^hi$'

before=$(prompts)
tm send-keys -t umk 'sleep 100' Enter
wait_for 5 '^/ # sleep 100$'
sleep 0.5
check "sleep 100 is running (no new prompt)" [ "$(prompts)" -eq "$before" ]
tm send-keys -t umk C-c
t0=$(date +%s%N)
n=20
while [ $n -gt 0 ] && [ "$(prompts)" -le "$before" ]; do
	sleep 0.1
	n=$((n - 1))
done
ms=$((($(date +%s%N) - t0) / 1000000))
check "Ctrl-C brings the prompt back within 2 s (took ${ms} ms)" [ "$(prompts)" -gt "$before" ]

tm send-keys -t umk 'echo after=$((6*7))' Enter
check "the shell still works after Ctrl-C" wait_for 5 '^after=42$'

# Job control: Ctrl-Z stops a foreground job, bg resumes it in the
# background, fg brings it back, Ctrl-C ends it.
tm send-keys -t umk 'sleep 100' Enter
sleep 0.5
tm send-keys -t umk C-z
check "Ctrl-Z stops the job" wait_for 5 'Stopped +sleep 100'
tm send-keys -t umk 'bg' Enter
sleep 0.3
tm send-keys -t umk 'jobs' Enter
check "bg resumes it in the background" wait_for 5 'Running +sleep 100'
before=$(prompts)
tm send-keys -t umk 'fg' Enter
sleep 0.5
check "fg brings it back to the foreground (no new prompt)" [ "$(prompts)" -eq "$before" ]
tm send-keys -t umk C-c
n=50
while [ $n -gt 0 ] && [ "$(prompts)" -le "$before" ]; do
	sleep 0.1
	n=$((n - 1))
done
check "Ctrl-C ends the foreground job (a new prompt)" [ "$(prompts)" -gt "$before" ]
tm send-keys -t umk 'jobs; echo jobs-done' Enter
check "no job is left" wait_for 5 '^jobs-done$'
check "... and jobs listed none" sh -c "! (tmux -S '$sock' capture-pane -p -S -200 -t umk | sed -n '/^\/ # jobs; echo jobs-done/,\$p' | grep -q 'sleep 100')"

tm send-keys -t umk 'poweroff -f' Enter
check "poweroff -f ends the kernel with status 0" wait_for 10 '^EXIT=0$'
echo "--- pane:"
screen | sed '/^$/d; s/^/| /'
echo "---"
screen >pane.txt	# kept for finish's look for sanitizer reports (lib-boot.sh)
status=$(screen | sed -n 's/^EXIT=//p')
check "the kernel exited (status ${status:-none})" [ -n "$status" ]
# The pane's shell leads a session: after the kernel is gone only that
# shell and its `sleep 60` may be left in it (no stub, no kernel).
sid=$(tm display-message -p -t umk '#{pane_pid}')
left=$(pgrep -l -s "$sid" | grep -Ev ' (sh|sleep)$' | tr '\n' ' ')
check "no host process left behind ($left)" [ -z "$left" ]
check "the image is unchanged" [ "$(hash_of root.ext4)" = "$H" ]
check "no core file" no_core
finish
