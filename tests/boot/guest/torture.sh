#!/bin/sh
# Guest side of boot-torture: processes, pipes, jobs, signals, a segfault,
# threads and a fork bomb. Prints "T:key=value" lines for the host test;
# the host never sees a value it did not get from the guest.
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp

# state PID: the one-letter state in /proc/PID/stat (R, S, T, Z...).
state() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1; }

# wait_state PID LETTER: poll up to 2 s for PID to reach state LETTER.
wait_state() {
	i=0
	while [ $i -lt 20 ]; do
		[ "$(state "$1")" = "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# 1. 2,000 fork+exec: /bin/true (a path, so ash really execs), and a
# command substitution running /bin/echo.
t0=$(date +%s)
i=0 n=0
while [ $i -lt 1000 ]; do
	/bin/true && n=$((n + 1))
	i=$((i + 1))
done
echo "T:true=$n"
i=0 n=0
while [ $i -lt 1000 ]; do
	[ "$(/bin/echo x$i)" = "x$i" ] && n=$((n + 1))
	i=$((i + 1))
done
echo "T:subst=$n"
echo "T:forkexec-seconds=$(($(date +%s) - t0))"

# 2. Pipelines of 10 stages.
s=$(seq 1 1000 | /bin/cat | sort -rn | head -n 500 | tail -n 10 | sort -n |
	awk '{ s += $1 } END { print s }' | /bin/cat | tr 0-9 0-9 | cat)
echo "T:pipe-sum=$s"
s=$(dd if=/dev/zero bs=1024 count=2048 2>/dev/null | cat | /bin/cat | tr '\0' a |
	cat | /bin/cat | tr a b | cat | /bin/cat | wc -c)
echo "T:pipe-bytes=$s"

# 3. Background jobs and wait.
for j in 1 2 3 4 5; do
	(sleep 0.$j; echo $j >/tmp/job$j) &
done
wait
echo "T:jobs=$(cat /tmp/job1 /tmp/job2 /tmp/job3 /tmp/job4 /tmp/job5 | tr -d '\n')"
(sleep 0.2; exit 7) &
wait $!
echo "T:wait-status=$?"

# 4. kill -STOP / -CONT of a background sleep, seen in /proc/PID/stat.
sleep 30 &
p=$!
wait_state $p S
echo "T:sleep-state=$(state $p)"
kill -STOP $p
wait_state $p T
echo "T:stopped-state=$(state $p)"
kill -CONT $p
wait_state $p S
echo "T:continued-state=$(state $p)"
kill $p
wait $p
echo "T:killed-status=$?"

# 5. Signal traps: from the shell itself and from another process.
trap 'echo got USR1' USR1
kill -USR1 $$
trap 'echo T:trap2=USR2' USR2
/bin/kill -USR2 $$
sleep 0.2
trap - USR1 USR2

# 6. A process that segfaults: the shell says so, the kernel survives.
/segv
echo "T:segv-status=$?"
echo "T:after-segv=$(/bin/echo alive)"

# 7. Threads: 8 pthreads x 100000 increments under a mutex.
for t in /threads-musl /threads-glibc; do
	[ -x $t ] || continue
	echo "T:${t#/}=$($t | sed -n 's/^threads: total //p')"
done

# 8. Fork bomb, bounded by mem= (the boot has mem=64M and each process
# touches 2 MiB more) and by a counter (8 children per process, 4 generations,
# 3 seconds). The kernel must kill processes, say "Out of memory", survive.
/bomb 3 8 4 2048 /tmp/bomb.log
echo "T:bomb-status=$?"
echo "T:bomb-reports=$(wc -l </tmp/bomb.log)"
echo "T:bomb-forks=$(awk '{ f += $2 } END { print f }' /tmp/bomb.log)"
# bombs: how many bomb processes are still around (orphans, zombies).
bombs() { cat /proc/[0-9]*/comm 2>/dev/null | grep -c '^bomb$'; }
i=0
while [ $i -lt 50 ] && [ "$(bombs)" -gt 0 ]; do
	sleep 0.1
	i=$((i + 1))
done
echo "T:bombs-left=$(bombs)"
echo "T:after-bomb=$(/bin/echo alive)"
echo "T:end=torture"
poweroff -f
