#!/bin/sh
# kernel/syscalls/gen_table.py: the real table passes and gives the checked-in
# docs/syscalls.md; each kind of bad table or source is refused with one
# clear line naming the row and a non-zero exit (a wrong status, a note
# missing, numbers out of order or repeated, a name repeated or not Linux's,
# an entry with no definition, a definition with no row, a stale document).
# Usage: syscall_table.sh <gen_table.py> <syscall_64.tbl> <linux-6.1-x86_64.txt> <docs/syscalls.md>
set -u
GEN=$(realpath "$1") TBL=$(realpath "$2") LINUX=$(realpath "$3") DOC=$(realpath "$4")
. "$(dirname "$0")/../lib.sh"
cd "$work" || exit 1

# The real table: a header, the document as checked in.
if python3 "$GEN" header "$TBL" "$LINUX" table.h 2>err.txt; then
	ok "the table makes a header ($(grep -c '^SYSCALL' table.h) rows)"
else
	not_ok "the table makes a header: $(cat err.txt)"
fi
python3 "$GEN" doc "$TBL" "$LINUX" doc.md
check "docs/syscalls.md is what the table says" cmp -s doc.md "$DOC"
check "docs/syscalls.md lists all 362 calls of Linux 6.1" \
	[ "$(grep -c '^| [0-9]' "$DOC")" -eq 362 ]

# A small world to break: two calls, both defined.
cat > good.tbl <<'EOF'
# a comment
0	read	sys_read	supported
1	write	sys_write	partial: "only to the console"
334	rseq	-		absent: "C libraries fall back"
EOF
cat > defs.c <<'EOF'
SYSCALL_DEFINE3(read, int, fd, uaddr_t, buf, size_t, count)
SYSCALL_DEFINE3(write, int, fd, uaddr_t, buf, size_t, count)
EOF
python3 "$GEN" doc good.tbl "$LINUX" good.md
if python3 "$GEN" check good.tbl "$LINUX" good.md stamp defs.c 2>err.txt && [ -s stamp ]; then
	ok "a good small table passes the check"
else
	not_ok "a good small table passes the check: $(cat err.txt)"
fi

# refused NAME REGEX TABLE [SOURCE]: check fails with one line matching REGEX.
refused() {
	name=$1 re=$2 tbl=$3 src=${4:-defs.c}
	rm -f stamp
	if python3 "$GEN" check "$tbl" "$LINUX" good.md stamp "$src" 2>err.txt; then
		not_ok "$name: accepted"
	elif ! one_line err.txt; then
		not_ok "$name: want one error line, got: $(cat err.txt)"
	elif ! grep -Eq "$re" err.txt; then
		not_ok "$name: '$(cat err.txt)' does not match /$re/"
	elif [ -e stamp ]; then
		not_ok "$name: the stamp was written"
	else
		ok "$name: $(cat err.txt)"
	fi
}

sed 's/supported/fine/' good.tbl > t1.tbl
refused "unknown status" 't1.tbl:2: unknown status "fine"' t1.tbl
sed 's/partial: "only to the console"/partial/' good.tbl > t2.tbl
refused "partial without a note" 't2.tbl:3: .*needs a quoted note' t2.tbl
sed 's/partial: "only to the console"/partial: ""/' good.tbl > t3.tbl
refused "partial with an empty note" 't3.tbl:3: partial needs a note' t3.tbl
sed 's/^1\twrite/0\twrite/' good.tbl > t4.tbl
refused "a number repeated" 't4.tbl:3: number 0 repeated or out of order' t4.tbl
printf '1\twrite\tsys_write\tsupported\n0\tread\tsys_read\tsupported\n' > t5.tbl
refused "numbers out of order" 't5.tbl:2: number 0 repeated or out of order' t5.tbl
sed 's/^1\twrite/1\tread/' good.tbl > t6.tbl
refused "a name that is not Linux's" 't6.tbl:3: 1 is "write" on Linux 6.1, not "read"' t6.tbl
printf '0\tread\tsys_read\tsupported\n400\tnope\tsys_nope\tsupported\n' > t7.tbl
refused "an unassigned number" 't7.tbl:2: 400 is no x86_64 system call' t7.tbl
printf '0\tread\tsys_read\tsupported extra\n' > t8.tbl
refused "words after supported" 't8.tbl:1: "supported" takes no note' t8.tbl
printf '0\tread\tread\tsupported\n' > t9.tbl
refused "an entry that is no sys_ function" 't9.tbl:1: entry "read" is no sys_<name>' t9.tbl
printf '334\trseq\tsys_rseq\tabsent: "x"\n' > t10.tbl
refused "an absent call with an entry" 't10.tbl:1: an absent call has no entry' t10.tbl
printf '0 read\n' > t11.tbl
refused "a short row" 't11.tbl:1: expected "number name entry status"' t11.tbl
grep -v write defs.c > nowrite.c
refused "an entry with no definition" 'entry sys_write is not defined' good.tbl nowrite.c
{ cat defs.c; echo 'SYSCALL_DEFINE0(pause)'; } > extra.c
refused "a definition with no row" 'extra.c:3: sys_pause is in no row' good.tbl extra.c
{ cat defs.c; echo 'SYSCALL_DEFINE0(read)'; } > twice.c
refused "a call defined twice" 'twice.c:3: sys_read defined again' good.tbl twice.c
sed 's/only to the console/only to a tty/' good.tbl > t12.tbl
refused "a stale document" 'good.md differs from what t12.tbl says' t12.tbl
finish
