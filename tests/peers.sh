# Probes of the real peers umk is compared with, sourced by tests and benches.
#
# A peer is a program from Debian that a test or a bench runs beside ours:
# Debian's UML (linux.uml), Debian's COW tools (uml-utilities), Debian's
# uml_switch (also uml-utilities) and gVisor (runsc). Installed is not enough: Debian's UML 6.1 panics at boot on hosts
# whose CPU has AMX ("userspace - ptrace set fp regs failed, errno = 14"),
# and runsc needs kernel features a container may deny. So each probe really
# runs the peer on a tiny job and reports whether it works on this host, and
# if not, why: the peer's last meaningful line (its panic line, its error
# message). A peer that cannot run is a SKIP with that reason, never our
# failure and never silent: callers print peer_line to their log.
#
#   peer_probe NAME    NAME is linux.uml, uml-utilities, uml_switch or runsc. Sets
#                      peer_ok (yes or no), peer_why (why not, or what runs:
#                      a version) and peer_line (the one line for the log).
#                      Returns 0 if the peer runs here.
#
# Environment: UML (linux.uml's path; linux.uml from PATH by default),
# THEIR_MKCOW and THEIR_MOO (/usr/bin/uml_mkcow, /usr/bin/uml_moo),
# THEIR_SWITCH (/usr/bin/uml_switch), RUNSC
# (runsc from PATH), PEERS_MKIMG (tests/images/mkbusybox.sh; the UML probe
# needs it), PEERS_TIMEOUT (60 s per probe). UMK_PEER_CACHE, if set, names a
# directory where verdicts are kept for the rest of one test run
# (scripts/test.sh makes a fresh one per run and removes it at the end): the
# CPU or the kernel of the host may differ in the next session, so a verdict
# never outlives the run. The key holds the peer's path, inode, size and
# mtime, so a different binary (a fake one in a test) is probed anew.

PEER_MARKER=UMK-PEER-PROBE-OK

# runsc_args: the global options every run of runsc gets here: the ptrace
# platform (the one that works without /dev/kvm, and the other ptrace
# kernel beside UML), no network, and --rootless --ignore-cgroups when not
# root (a user cannot make cgroups).
runsc_args() {
	if [ "$(id -u)" = 0 ]; then
		echo "--platform=ptrace --network=none"
	else
		echo "--platform=ptrace --network=none --rootless --ignore-cgroups"
	fi
}

# peer_reason LOG: the meaningful end of a peer's console log. A kernel
# panic line, with the line before it (which says what went wrong, e.g.
# "userspace - ptrace set fp regs failed, errno = 14"); else the last line
# that is not part of a stack dump.
peer_reason() {
	tr -d '\r' <"$1" | sed 's/^\[ *[0-9.]*\] //' | awk '
		/^[[:space:]]*$/ { next }
		/Kernel panic/ && panic == "" { panic = $0; before = prev }
		!/^[[:space:]]*\[<|^Stack:|^Call Trace:|^CPU: |^ [0-9a-f]{8} / { last = $0 }
		{ prev = $0 }
		END {
			if (panic != "")
				print (before != "" ? before "; " : "") panic
			else if (last != "")
				print last
		}' | cut -c1-300
}

# peer_key NAME PATH...: the cache file for these peer binaries in this run.
peer_key() {
	peer_id="$*|$(stat -L -c '%d %i %s %Y' "$@" 2>/dev/null | tr '\n' ' ')"
	echo "$UMK_PEER_CACHE/$(printf '%s' "$peer_id" | cksum | tr ' ' _)"
}

peer_probe() {
	peer_name=$1
	peer_ok=no peer_why=
	case $1 in
	linux.uml) peer_bin=${UML:-$(command -v linux.uml || true)}
		[ -n "$peer_bin" ] || peer_bin=/usr/bin/linux.uml ;;
	uml-utilities) peer_bin=${THEIR_MKCOW:-/usr/bin/uml_mkcow}
		peer_moo=${THEIR_MOO:-/usr/bin/uml_moo} ;;
	uml_switch) peer_bin=${THEIR_SWITCH:-/usr/bin/uml_switch} ;;
	runsc) peer_bin=${RUNSC:-$(command -v runsc || true)}
		[ -n "$peer_bin" ] || peer_bin=/usr/bin/runsc ;;
	*) echo "peer_probe: unknown peer $1" >&2; return 2 ;;
	esac
	peer_cache=
	if [ -n "${UMK_PEER_CACHE:-}" ] && [ -d "$UMK_PEER_CACHE" ]; then
		if [ "$1" = uml-utilities ]; then
			peer_cache=$(peer_key "$1" "$peer_bin" "$peer_moo")
		else
			peer_cache=$(peer_key "$1" "$peer_bin")
		fi
		if [ -s "$peer_cache" ]; then
			{ read -r peer_ok; read -r peer_why; } <"$peer_cache"
			peer_set_line
			[ "$peer_ok" = yes ]
			return
		fi
	fi
	peer_dir=$(mktemp -d "${TMPDIR:-/tmp}/umk-peer.XXXXXX")
	case $1 in
	linux.uml) peer_probe_uml ;;
	uml-utilities) peer_probe_umlutils ;;
	uml_switch) peer_probe_switch ;;
	runsc) peer_probe_runsc ;;
	esac
	rm -rf "$peer_dir"
	if [ -n "$peer_cache" ]; then
		printf '%s\n%s\n' "$peer_ok" "$peer_why" >"$peer_cache.$$"
		mv -f "$peer_cache.$$" "$peer_cache"
	fi
	peer_set_line
	[ "$peer_ok" = yes ]
}

peer_set_line() {
	if [ "$peer_ok" = yes ]; then
		peer_line="peer $peer_name: runs ($peer_why)"
	else
		peer_line="peer $peer_name: cannot run on this host: $peer_why"
	fi
}

# peer_run_status STATUS: what an exit status says, for a reason.
peer_run_status() {
	case $1 in
	124|137) echo "no answer after ${PEERS_TIMEOUT:-60}s" ;;
	*) if [ "$1" -gt 128 ]; then echo "killed by signal $(($1 - 128))"; else echo "exit status $1"; fi ;;
	esac
}

# Boots linux.uml on a busybox image whose init prints the marker and powers
# off: the smallest run that needs what the interop tests and the bench need
# (the ubd driver, ptrace'd user processes with their FPU state, the console).
peer_probe_uml() {
	if [ ! -x "$peer_bin" ]; then
		peer_why="$peer_bin not installed (apt-get install user-mode-linux)"
		return
	fi
	peer_mkimg=${PEERS_MKIMG:?peers.sh: set PEERS_MKIMG to tests/images/mkbusybox.sh}
	printf '#!/bin/sh\necho %s\npoweroff -f\n' "$PEER_MARKER" >"$peer_dir/init.sh"
	if ! sh "$peer_mkimg" "$peer_dir/probe.ext4" 16M "$peer_dir/init.sh" >"$peer_dir/mk.log" 2>&1; then
		peer_why="could not build the probe image: $(tail -n 1 "$peer_dir/mk.log")"
		return
	fi
	mkdir "$peer_dir/uml"
	timeout -k 5 "${PEERS_TIMEOUT:-60}" "$peer_bin" ubd0r="$peer_dir/probe.ext4" mem=64M \
		init=/init con=null con0=fd:0,fd:1 umid="umk-probe-$$" uml_dir="$peer_dir/uml" \
		</dev/null >"$peer_dir/log" 2>&1
	peer_st=$?
	if tr -d '\r' <"$peer_dir/log" | grep -qx "$PEER_MARKER"; then
		peer_ok=yes
		peer_why="version $("$peer_bin" --version 2>/dev/null | head -n 1), $peer_bin"
		return
	fi
	peer_why=$(peer_reason "$peer_dir/log")
	case $peer_why in
	*"Kernel panic"*) ;;
	*) peer_why="${peer_why:-no output}, $(peer_run_status "$peer_st") before init ran" ;;
	esac
}

# Debian's uml_mkcow makes a COW file over a small backing file and Debian's
# uml_moo merges it back: the output must equal the backing file.
peer_probe_umlutils() {
	for peer_t in "$peer_bin" "$peer_moo"; do
		if [ ! -x "$peer_t" ]; then
			peer_why="$peer_t not installed (apt-get install uml-utilities)"
			return
		fi
	done
	truncate -s 1M "$peer_dir/b.img"
	printf 'probe' | dd of="$peer_dir/b.img" bs=1 seek=1000 conv=notrunc 2>/dev/null
	(cd "$peer_dir" && "$peer_bin" c.cow b.img) >"$peer_dir/log" 2>&1
	peer_st=$?
	if [ "$peer_st" = 0 ]; then
		(cd "$peer_dir" && "$peer_moo" c.cow m.img) >"$peer_dir/log" 2>&1
		peer_st=$?
		peer_t=$peer_moo
	else
		peer_t=$peer_bin
	fi
	if [ "$peer_st" != 0 ]; then
		peer_why=$(peer_reason "$peer_dir/log")
		peer_why="$peer_t: ${peer_why:+$peer_why, }$(peer_run_status "$peer_st")"
		return
	fi
	if ! cmp -s "$peer_dir/b.img" "$peer_dir/m.img"; then
		peer_why="uml_moo of an empty COW file differs from its backing file"
		return
	fi
	peer_ok=yes
	peer_v=$(dpkg-query -W -f '${Version}' uml-utilities 2>/dev/null || true)
	peer_why="${peer_v:+version $peer_v, }$peer_bin, $peer_moo"
}

# Debian's uml_switch starts on a control socket in a scratch directory
# (it must appear, and take a connection) and stops on SIGINT.
peer_probe_switch() {
	if [ ! -x "$peer_bin" ]; then
		peer_why="$peer_bin not installed (apt-get install uml-utilities)"
		return
	fi
	"$peer_bin" -unix "$peer_dir/p.ctl" </dev/null >"$peer_dir/log" 2>&1 &
	peer_pid=$!
	peer_i=0
	while [ ! -S "$peer_dir/p.ctl" ] && [ $peer_i -lt 50 ] && kill -0 "$peer_pid" 2>/dev/null; do
		sleep 0.1
		peer_i=$((peer_i + 1))
	done
	if [ -S "$peer_dir/p.ctl" ] &&
	   python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' \
		"$peer_dir/p.ctl" 2>/dev/null; then
		peer_ok=yes
	fi
	kill -INT "$peer_pid" 2>/dev/null
	wait "$peer_pid"
	peer_st=$?
	if [ "$peer_ok" = yes ]; then
		peer_v=$(dpkg-query -W -f '${Version}' uml-utilities 2>/dev/null || true)
		peer_why="${peer_v:+version $peer_v, }$peer_bin"
		return
	fi
	peer_why=$(peer_reason "$peer_dir/log")
	peer_why="${peer_why:-no control socket}, $(peer_run_status "$peer_st")"
}

# runsc runs a static program (busybox echo) in a sandbox over the host's
# root filesystem (`runsc do`, no container runtime needed), with the
# options the bench uses.
peer_probe_runsc() {
	if [ ! -x "$peer_bin" ]; then
		peer_why="$peer_bin not installed (apt-get install runsc)"
		return
	fi
	if ! /bin/busybox true 2>/dev/null; then
		peer_why="no static /bin/busybox to run in it (apt-get install busybox-static)"
		return
	fi
	mkdir "$peer_dir/state"
	# shellcheck disable=SC2046 # runsc_args is a list of options
	timeout -k 5 "${PEERS_TIMEOUT:-60}" "$peer_bin" --root="$peer_dir/state" $(runsc_args) \
		"do" /bin/busybox echo "$PEER_MARKER" </dev/null >"$peer_dir/log" 2>&1
	peer_st=$?
	if tr -d '\r' <"$peer_dir/log" | grep -qx "$PEER_MARKER"; then
		peer_ok=yes
		peer_why="$("$peer_bin" --version 2>/dev/null | head -n 1), $(runsc_args)"
		return
	fi
	peer_why=$(peer_reason "$peer_dir/log")
	peer_why="${peer_why:-no output}, $(peer_run_status "$peer_st")"
}
