#!/bin/sh
# boot-basic: boot a busybox image whose /init prints /proc/cmdline, uname,
# sysctl, free, ps and ls of /dev and /proc/self, then powers off. Asserts on
# the command line (with the root= and console= the kernel adds), Linux
# x86_64, memory matching mem=, init as PID 1, the device nodes, exit 0.
# Usage: basic.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

mkimage root.ext4 32M "$BOOTDIR/guest/basic.sh"
H=$(hash_of root.ext4)
boot 60 out.txt ubd0=root.ext4 quiet init=/init mem=128M foo=bar
show_output out.txt
ended_cleanly
check "the image is unchanged" [ "$(hash_of root.ext4)" = "$H" ]
expect out.txt end basic

# /proc/cmdline: what we passed, in order, then root= and console=.
cmdline=$(sed -n '/^== cmdline$/{n;p;}' out.txt)
for w in ubd0=root.ext4 quiet init=/init mem=128M foo=bar root=98:0 console=tty0; do
	case " $cmdline " in
	*" $w "*) ok "cmdline has $w" ;;
	*) not_ok "cmdline lacks $w: '$cmdline'" ;;
	esac
done
case "$cmdline" in
"ubd0=root.ext4 quiet init=/init mem=128M foo=bar"*) ok "cmdline starts with our arguments, in order" ;;
*) not_ok "cmdline does not start with our arguments: '$cmdline'" ;;
esac
expect out.txt foo bar

# uname: Linux x86_64.
check "uname -a says Linux ... x86_64" has out.txt '^Linux .* x86_64( .*)?$'
expect out.txt uname-s Linux
expect out.txt uname-m x86_64

# sysctl -a | head: ten "key = value" lines.
n=$(sed -n '/^== sysctl$/,/^== free$/p' out.txt | grep -Ec '^[a-z0-9_.-]+ = ')
check "sysctl -a | head prints 10 'key = value' lines (got $n)" [ "$n" -eq 10 ]

# free and /proc/meminfo: mem=128M is 131072 KiB; allow the kernel to keep
# up to an eighth for itself.
total=$(sed -n '/^== free$/,/^== ps$/s/^Mem: *\([0-9]*\) .*/\1/p' out.txt)
check "free shows total memory near mem=128M (got ${total:-nothing} KiB)" \
	[ "${total:-0}" -gt 114688 ] && [ "${total:-0}" -le 131072 ]
mt=$(value out.txt memtotal)
check "/proc/meminfo MemTotal near mem=128M (got ${mt:-nothing} kB)" \
	[ "${mt:-0}" -gt 114688 ] && [ "${mt:-0}" -le 131072 ]

# ps: PID 1 is init.
check "ps lists PID 1 as init" has out.txt '^ *1 +root +.*init'
expect out.txt pid1-comm init

# ls -l /dev: the device nodes UML has, with their numbers.
check "/dev/console is char 5,1" has out.txt '^c.* 5, +1 .* console$'
check "/dev/null is char 1,3" has out.txt '^c.* 1, +3 .* null$'
check "/dev/zero is char 1,5" has out.txt '^c.* 1, +5 .* zero$'
check "/dev/ubda is block 98,0" has out.txt '^b.* 98, +0 .* ubda$'
for f in cmdline cwd exe fd maps stat status; do
	check "/proc/self/ has $f" has out.txt " $f( -> .*)?\$"
done
expect out.txt self-exe /bin/busybox
finish
