#!/usr/bin/env python3
# gen_table.py syscall_64.tbl syscall_table.h
# Turns the text table (number, name, entry point, status) into
# SYSCALL(nr, name, entry) lines for kernel/syscalls/table.c.
import sys

rows = []
for line in open(sys.argv[1]):
    line = line.split('#', 1)[0].strip()
    if not line:
        continue
    parts = line.split(None, 3)
    nr, name, entry = int(parts[0]), parts[1], parts[2]
    rows.append((nr, name, entry))
nums = [r[0] for r in rows]
names = [r[1] for r in rows]
if len(set(nums)) != len(nums) or len(set(names)) != len(names):
    sys.exit('syscall_64.tbl: duplicate number or name')
with open(sys.argv[2], 'w') as out:
    out.write('/* generated from syscall_64.tbl by gen_table.py */\n')
    for nr, name, entry in sorted(rows):
        out.write(f'SYSCALL({nr}, {name}, {entry})\n')
