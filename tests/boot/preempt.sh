#!/bin/sh
# boot-preempt: one busy process must not freeze the others. A static C
# program (progs/preempt.c) runs a heartbeat that sleeps 200 ms at a time
# beside one load after another (a user-mode spin, getpid, reads of
# /dev/zero, writes to /dev/null, readv, pread, sendfile, copy_file_range
# and splice from a sparse file, getdents over 3000 entries) and reports
# its longest gap; it times 10,000 STOP/CONT pairs sent to a busy child and
# checks the bounds of one call (MAX_RW_COUNT, a huge read of /dev/zero cut
# short by a signal) and what splice, tee and copy_file_range promise. Then `timeout 2 cat` of a sparse file of 2^63-1 bytes
# must end after about 2 s. The same program runs natively first: its
# bounds checks must pass there too, and its figures are printed beside
# the guest's.
# Usage: preempt.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

# Margins for a loaded 2-core host: the heartbeat's period is 200 ms and the
# tick 10 ms; a task that was starved saw gaps of seconds.
GAP_MAX=300		# ms, longest heartbeat gap while a load runs
LATE_MAX=150		# ms, how late the parent may wake from a 1.5 s sleep
PAIRS=10000
PAIRS_MS_MAX=5000
LOADS="spin getpid read-zero write-null readv-zero pread-sparse sendfile copy_file_range splice getdents"
STOPCONT="stopcont-spin stopcont-getpid stopcont-pause"
CHECKS="write-null-cap write-cap readv-cap sendfile-cap read-zero-signal
	splice-file-to-pipe tee splice-pipe-to-file tee-data splice-no-pipe splice-pipe-offset
	splice-bad-flags tee-not-pipe splice-eof copy_file_range copy_file_range-eof
	copy_file_range-at-eof copy_file_range-overlap copy_file_range-flags
	copy_file_range-append copy_file_range-dir"

mkdir -p extra/bin native
if ! static_cc extra/bin/preempt "$BOOTDIR/progs/preempt.c"; then
	not_ok "building the guest program"
	finish
	exit 1
fi

echo "# native run (reference figures; only the bounds are checked here)"
./extra/bin/preempt "$work/native" limits splice-api $LOADS $STOPCONT >native.txt 2>&1
sed 's/^/| /' native.txt
for t in $CHECKS; do
	got=$(value native.txt "$t")
	if [ "$got" = ok ]; then ok "native: $t"; else not_ok "native: $t: $got"; fi
done

cat > init.sh <<INIT
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
/bin/preempt /tmp limits splice-api $LOADS $STOPCONT
truncate -s 9223372036854775807 /tmp/huge && echo T:huge-size=\$(stat -c %s /tmp/huge)
t0=\$(awk '{ print int(\$1 * 1000) }' /proc/uptime)
timeout 2 cat /tmp/huge >/dev/null
echo T:cat-status=\$?
t1=\$(awk '{ print int(\$1 * 1000) }' /proc/uptime)
echo T:cat-ms=\$((t1 - t0))
poweroff -f
INIT
mkimage root.ext4 32M init.sh extra
boot 140 out.txt ubd0=root.ext4 quiet init=/init mem=256M
show_output out.txt
ended_cleanly
expect out.txt end preempt

for t in $CHECKS; do
	expect out.txt "$t" ok
done

echo "# heartbeat gaps (ms, period 200) and oversleep of the parent (ms): guest vs native"
for l in $LOADS; do
	gap=$(value out.txt "gap-$l") late=$(value out.txt "late-$l") calls=$(value out.txt "$l-calls")
	echo "# $l: gap ${gap:-?} (native $(value native.txt "gap-$l")), late ${late:-?}" \
		"(native $(value native.txt "late-$l")), ${calls:-?} calls (native $(value native.txt "$l-calls"))"
	check "beside $l the heartbeat's longest gap is under $GAP_MAX ms (got ${gap:-nothing})" \
		[ "${gap:-99999}" -lt "$GAP_MAX" ]
	check "beside $l a 1.5 s sleep ends less than $LATE_MAX ms late (got ${late:-nothing})" \
		[ "${late:-99999}" -lt "$LATE_MAX" ]
	check "the $l load ran (${calls:-0} calls)" [ "${calls:-0}" -gt 0 ]
done

echo "# STOP/CONT pairs: guest vs native"
for s in $STOPCONT; do
	k=${s#stopcont-}
	pairs=$(value out.txt "stopcont-$k-pairs") ms=$(value out.txt "stopcont-$k-ms")
	echo "# $k: ${pairs:-?} pairs in ${ms:-?} ms, $(value out.txt "stopcont-$k-rate")/s" \
		"(native $(value native.txt "stopcont-$k-rate")/s)"
	check "$PAIRS STOP/CONT pairs to a child in $k in under $PAIRS_MS_MAX ms (${pairs:-0} in ${ms:-?} ms)" \
		[ "${pairs:-0}" -eq "$PAIRS" ] && [ "${ms:-99999}" -lt "$PAIRS_MS_MAX" ]
done

expect out.txt huge-size 9223372036854775807
ms=$(value out.txt cat-ms)
echo "# timeout 2 cat of a 2^63-1 byte sparse file: ${ms:-?} ms"
expect out.txt cat-status 143
check "timeout 2 cat of the huge file ends after about 2 s (took ${ms:-?} ms)" \
	[ "${ms:-0}" -ge 1900 ] && [ "${ms:-99999}" -lt 4000 ]
finish
