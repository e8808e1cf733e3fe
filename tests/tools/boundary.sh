#!/bin/sh
# The host boundary is enforced, not only kept by habit (docs/architecture.md):
#  1. scripts/check-boundary.py passes on the tree as it is;
#  2. it fails, naming file and line, on a copy of the tree with one
#     violation of each kind planted: a host header in generic kernel code,
#     the host interface's header in generic code, a call of an os_*()
#     function from generic code, a host header in a driver's kernel half;
#  3. the flags the kernel side is compiled with make a host header a
#     compile error, while the freestanding headers and <string.h> work,
#     and a function used without a declaration is an error too.
# Usage: boundary.sh <check-boundary.py> <source dir> <cc> [kernel cflags...]
set -u
CHECK=$(realpath "$1") SRC=$(realpath "$2") CC=$3
shift 3
. "$(dirname "$0")/../lib.sh"
cd "$work" || exit 1

# 1. The tree as it is.
if python3 "$CHECK" "$SRC" >out.txt 2>&1; then
	ok "the tree keeps the boundary"
else
	not_ok "the tree keeps the boundary: $(cat out.txt)"
fi

# 2. A copy with one violation of each kind.
mkdir tree
cp -R "$SRC/kernel" "$SRC/include" "$SRC/arch" "$SRC/drivers" tree/
sed -i 's|^#include <string.h>$|#include <string.h>\n#include <unistd.h>|' tree/kernel/sched.c
sed -i 's|^#include "kernel/tty.h"$|#include "kernel/tty.h"\n#include "os.h"|' tree/kernel/main.c
sed -i 's|^\tif (level < console_loglevel \&\& con_write)$|\tos_write(2, line, len);\n&|' \
	tree/kernel/printk/printk.c
sed -i 's|^#include <string.h>$|#include <stdio.h>|' tree/drivers/char/mem.c
status=0
python3 "$CHECK" tree >out.txt 2>&1 || status=$?
check "a tree with violations: exit status 1 (got $status)" [ "$status" -eq 1 ]
for want in 'kernel/sched.c:[0-9]*: host header <unistd.h>' \
	    'kernel/main.c:[0-9]*: "os.h" is not for the generic kernel' \
	    'kernel/printk/printk.c:[0-9]*: os_write is the host interface' \
	    'drivers/char/mem.c:[0-9]*: host header <stdio.h>'; do
	check "reported: $want" grep -q "^$want" out.txt
done
check "nothing but the 4 planted violations reported" [ "$(wc -l < out.txt)" -eq 4 ]

# 3. The kernel side's compile flags.
cat > ok.c <<'EOF'
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
uint64_t f(const char *s) { return strlen(s) + UINT64_MAX + (bool)1; }
EOF
if "$CC" "$@" -c ok.c -o ok.o >cc.txt 2>&1; then
	ok "the freestanding headers and <string.h> compile with the kernel's flags"
else
	not_ok "the freestanding headers and <string.h> compile with the kernel's flags: $(cat cc.txt)"
fi
for hdr in stdio.h unistd.h stdlib.h sys/mman.h errno.h; do
	printf '#include <%s>\n' "$hdr" > bad.c
	if "$CC" "$@" -c bad.c -o bad.o >cc.txt 2>&1; then
		not_ok "<$hdr> is a compile error with the kernel's flags"
	else
		check "<$hdr> is a compile error with the kernel's flags" \
			grep -q "$hdr: No such file" cc.txt
	fi
done
printf 'int f(void) { return os_write(2, "x", 1); }\n' > undecl.c
if "$CC" "$@" -c undecl.c -o undecl.o >cc.txt 2>&1; then
	not_ok "a call of an undeclared os_write() is a compile error with the kernel's flags"
else
	ok "a call of an undeclared os_write() is a compile error with the kernel's flags"
fi
finish
