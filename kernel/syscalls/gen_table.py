#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The system call table's generator and checker.

syscall_64.tbl has one row per system call umk answers other than with a
plain ENOSYS, in number order:

    number  name  entry  status

where name is Linux 6.1's name for that x86_64 number (linux-6.1-x86_64.txt
holds Linux's list), entry is the C function the dispatcher calls
(sys_<something>, defined with SYSCALL_DEFINEn), and status is one of

    supported               as Linux does it
    partial: "..."          works, and the note says what is missing
    ignored: "..."          succeeds doing nothing; the note says why
    absent: "..."           fails with ENOSYS on purpose, entry "-": a call
                            C libraries probe and fall back from, listed so
                            that it has a name in traces and no log line

Commands:

    gen_table.py header TBL LINUX OUT.h
        SYSCALL(nr, name, entry) and SYSCALL_ABSENT(nr, name) lines for
        kernel/syscalls/table.c.
    gen_table.py doc TBL LINUX OUT.md
        The compatibility list, docs/syscalls.md.
    gen_table.py check TBL LINUX DOC STAMP SOURCE...
        The entries against the SYSCALL_DEFINEn definitions in the sources
        (a row whose entry is not defined, or a definition no row names), and
        DOC against what `doc` makes; writes STAMP when all agree.

Every command first checks the table strictly: a malformed row, an unknown
status, a missing or empty note, numbers out of order or repeated, a name
used twice or not Linux's for its number. Any error is one line naming the
file and row, and exit status 1.
"""
import re
import sys

STATUSES = ('supported', 'partial', 'ignored', 'absent')
ROW = re.compile(r'^(\d+)\s+(\w+)\s+(\w+|-)\s+(.*?)\s*$')
STATUS = re.compile(r'^(supported)$|^(partial|ignored|absent):\s*"([^"]*)"$')
DEFINE = re.compile(r'\bSYSCALL_DEFINE[0-6]\(\s*(\w+)')


class TableError(Exception):
    pass


def read_linux(path):
    """Linux's list: {number: (name, implemented)}."""
    calls = {}
    for lineno, line in enumerate(open(path), 1):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) not in (2, 3) or not parts[0].isdigit() or \
                (len(parts) == 3 and parts[2] != '-'):
            raise TableError(f'{path}:{lineno}: expected "number name [-]"')
        calls[int(parts[0])] = (parts[1], len(parts) == 2)
    return calls


def read_table(path, linux):
    """The table's rows as (nr, name, entry, status, note), checked."""
    rows, names, last = [], set(), -1
    for lineno, line in enumerate(open(path), 1):
        # Only a line starting with '#' is a comment (a note may hold one).
        text = '' if line.lstrip().startswith('#') else line.rstrip('\n')
        if not text.strip():
            continue
        where = f'{path}:{lineno}'
        m = ROW.match(text.strip())
        if not m:
            raise TableError(f'{where}: expected "number name entry status"')
        nr, name, entry, status = int(m.group(1)), m.group(2), m.group(3), m.group(4)
        s = STATUS.match(status)
        if not s:
            word = re.split(r'[:\s]', status, 1)[0]
            if word not in STATUSES:
                raise TableError(f'{where}: unknown status "{word}" '
                                 f'(supported, partial: "...", ignored: "...", absent: "...")')
            raise TableError(f'{where}: status "{word}" needs a quoted note: {word}: "..."'
                             if word != 'supported' else f'{where}: "supported" takes no note')
        kind = s.group(1) or s.group(2)
        note = s.group(3) or ''
        if kind != 'supported' and not note.strip():
            raise TableError(f'{where}: {kind} needs a note saying what or why')
        if nr <= last:
            raise TableError(f'{where}: number {nr} repeated or out of order (after {last})')
        last = nr
        if nr not in linux:
            raise TableError(f'{where}: {nr} is no x86_64 system call of Linux 6.1')
        if linux[nr][0] != name:
            raise TableError(f'{where}: {nr} is "{linux[nr][0]}" on Linux 6.1, not "{name}"')
        if name in names:
            raise TableError(f'{where}: name "{name}" repeated')
        names.add(name)
        if kind == 'absent' and entry != '-':
            raise TableError(f'{where}: an absent call has no entry ("-"), not {entry}')
        if kind != 'absent' and (entry == '-' or not entry.startswith('sys_')):
            raise TableError(f'{where}: entry "{entry}" is no sys_<name> function')
        rows.append((nr, name, entry, kind, note))
    return rows


def header(rows):
    out = ['/* Generated from syscall_64.tbl by gen_table.py: do not edit. */']
    for nr, name, entry, kind, _ in rows:
        if kind == 'absent':
            out.append(f'SYSCALL_ABSENT({nr}, {name})')
        else:
            out.append(f'SYSCALL({nr}, {name}, {entry})')
    return '\n'.join(out) + '\n'


def doc(rows, linux):
    by_nr = {r[0]: r for r in rows}
    count = dict.fromkeys(STATUSES, 0)
    linux_ni = 0
    lines = []
    for nr in sorted(linux):
        name, implemented = linux[nr]
        if nr in by_nr:
            _, _, _, kind, note = by_nr[nr]
        else:
            kind, note = 'absent', ''
        if not implemented:
            linux_ni += 1
            note = 'Linux 6.1 has no implementation either' + (f'; {note}' if note else '')
        count[kind] += 1
        lines.append(f'| {nr} | {name} | {kind} | {note.replace("|", "/")} |')
    total = len(linux)
    head = [
        '# System calls',
        '',
        '<!-- Generated by kernel/syscalls/gen_table.py from kernel/syscalls/syscall_64.tbl',
        '     and kernel/syscalls/linux-6.1-x86_64.txt: do not edit. The build fails when',
        '     this file differs from what the table says; `ninja -C build syscalls-doc`',
        '     rewrites it. -->',
        '',
        f'Every x86_64 system call of Linux 6.1 ({total}: numbers 0 to 334 and 424 to '
        f'{max(linux)}; 335 to 423 are not assigned on x86_64), and what umk does with it:',
        '',
        '- **supported**: as Linux does it;',
        '- **partial**: works; the note says what is missing;',
        '- **ignored**: accepted, and succeeds doing nothing; the note says why;',
        '- **absent**: fails with ENOSYS, as on a Linux built without it. C libraries '
        'fall back from the ones they probe (clone3, rseq, ...).',
        '',
        f'Totals: {count["supported"]} supported, {count["partial"]} partial, '
        f'{count["ignored"]} ignored, {count["absent"]} absent '
        f'({linux_ni} of them not implemented by Linux 6.1 on x86_64 either).',
        '',
        '| nr | name | status | notes |',
        '|---:|------|--------|-------|',
    ]
    return '\n'.join(head + lines) + '\n'


def check(tbl, rows, linux, doc_path, sources):
    defined = {}
    for src in sources:
        if not src.endswith('.c'):
            continue
        for lineno, line in enumerate(open(src), 1):
            for m in DEFINE.finditer(line):
                fn = 'sys_' + m.group(1)
                if fn in defined:
                    raise TableError(f'{src}:{lineno}: {fn} defined again '
                                     f'(first at {defined[fn]})')
                defined[fn] = f'{src}:{lineno}'
    entries = {entry for _, _, entry, kind, _ in rows if kind != 'absent'}
    for nr, name, entry, kind, _ in rows:
        if kind != 'absent' and entry not in defined:
            raise TableError(f'{tbl}: {nr} {name}: entry {entry} is not defined '
                             f'(no SYSCALL_DEFINEn({entry[4:]}, ...) in the kernel sources)')
    for fn, where in sorted(defined.items()):
        if fn not in entries:
            raise TableError(f'{where}: {fn} is in no row of {tbl}')
    want = doc(rows, linux)
    have = open(doc_path).read() if doc_path else ''
    if have != want:
        raise TableError(f'{doc_path} differs from what {tbl} says: '
                         f'run `ninja -C <builddir> syscalls-doc` and commit it')


def main(argv):
    try:
        if len(argv) >= 4 and argv[0] in ('header', 'doc'):
            linux = read_linux(argv[2])
            rows = read_table(argv[1], linux)
            text = header(rows) if argv[0] == 'header' else doc(rows, linux)
            with open(argv[3], 'w') as out:
                out.write(text)
        elif len(argv) >= 5 and argv[0] == 'check':
            linux = read_linux(argv[2])
            rows = read_table(argv[1], linux)
            check(argv[1], rows, linux, argv[3], argv[5:])
            with open(argv[4], 'w') as out:
                out.write('ok\n')
        else:
            sys.exit('usage: gen_table.py header|doc TBL LINUX OUT | '
                     'check TBL LINUX DOC STAMP SOURCE...')
    except (TableError, OSError) as e:
        sys.exit(f'gen_table.py: {e}')


if __name__ == '__main__':
    main(sys.argv[1:])
