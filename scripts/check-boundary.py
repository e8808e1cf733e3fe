#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check the host boundary on the sources (docs/architecture.md).

Usage: check-boundary.py [--stamp FILE] SRCDIR

Three kinds of code, by where the file is:

  host side     arch/um/os/, drivers/**/*_user.c, kernel/**/*_user.c (a
                generic subsystem's host half, as UML's fs/hostfs/hostfs_user.c):
                anything goes.
  arch kernel   arch/um/kernel/, arch/um/include/asm/, drivers/ (but the
                *_user.c files): kernel code that may use the host
                interface (arch/um/include/shared: os.h, trap.h, ...), but
                includes no host header.
  generic       kernel/, include/kernel/, include/uapi/: includes no host
                header and nothing of arch/um/include/shared; calls no
                function and uses no variable declared there. It reaches the
                arch through arch/um/include/asm and include/kernel only.

A kernel-side file may include, with <>, only the freestanding headers
(stddef.h, stdint.h, stdbool.h, stdarg.h) and string.h; the build compiles
it with -nostdinc, so anything else fails there too. Each violation is one
line "file:line: what"; the exit status is 1 if there was any. With
--stamp, FILE is written when there was none (a build step's output).
"""
import os
import re
import sys

SYSTEM_OK = {'stddef.h', 'stdint.h', 'stdbool.h', 'stdarg.h', 'string.h'}
# The host interface: what only the arch's kernel side may use.
SHARED_HEADERS = ['os.h', 'trap.h', 'kern_util.h', 'um_params.h', 'as-layout.h', 'registers.h']
# Headers generated into the build directory that kernel code includes.
GENERATED = {'syscall_table.h'}
# What an asm/ header may include of the shared types (by path, so that the
# generic kernel, which has no arch/um/include/shared on its include path,
# gets them only through asm/).
ASM_SHARED_OK = {'../shared/as-layout.h', '../shared/registers.h'}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')


def kind_of(rel):
    """host, arch or generic for a source file path relative to the tree, or None."""
    if not rel.endswith(('.c', '.h')):
        return None
    parts = rel.split('/')
    if rel.startswith('arch/um/os/'):
        return 'host'
    if parts[0] == 'drivers':
        return 'host' if parts[-1].endswith('_user.c') or parts[-1].endswith('_user.h') else 'arch'
    if rel.startswith('arch/um/kernel/') or rel.startswith('arch/um/include/asm/'):
        return 'arch'
    if parts[0] == 'kernel' and parts[-1].endswith('_user.c'):
        return 'host'
    if parts[0] == 'kernel' or rel.startswith('include/kernel/') or rel.startswith('include/uapi/'):
        return 'generic'
    return None


def shared_names(srcdir):
    """Functions and variables the host interface headers declare."""
    names = set()
    decl = re.compile(r'\b([A-Za-z_][A-Za-z0-9_]*)\s*\(')
    var = re.compile(r'^\s*extern\s+[^;(]*?\b([A-Za-z_][A-Za-z0-9_]*)\s*(\[[^\]]*\])?\s*;', re.M)
    keywords = {'if', 'while', 'for', 'switch', 'return', 'sizeof', 'defined', '__attribute__',
                'noreturn', 'format', 'void'}
    for h in SHARED_HEADERS:
        path = os.path.join(srcdir, 'arch/um/include/shared', h)
        if not os.path.exists(path):
            continue
        text = COMMENT.sub(' ', open(path, encoding='utf-8').read())
        # Only top-level declarations: drop struct bodies (function pointer members).
        depth, top = 0, []
        for ch in text:
            if ch == '{':
                depth += 1
            elif ch == '}':
                depth -= 1
            elif depth == 0:
                top.append(ch)
        top = ''.join(top)
        top = '\n'.join(l for l in top.split('\n') if not l.lstrip().startswith('#'))
        for m in decl.finditer(top):
            if m.group(1) not in keywords:
                names.add(m.group(1))
        for m in var.finditer(top):
            names.add(m.group(1))
    return names


def code_lines(text):
    """The file's lines with comments and string literals blanked (line numbers kept)."""
    def blank(m):
        return re.sub(r'[^\n]', ' ', m.group(0))
    text = COMMENT.sub(blank, text)
    return STRING.sub(blank, text).split('\n')


def check_file(srcdir, rel, kind, shared, problems):
    path = os.path.join(srcdir, rel)
    raw = open(path, encoding='utf-8', errors='replace').read().split('\n')
    here = os.path.dirname(path)
    for n, line in enumerate(raw, 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        delim, name = m.groups()
        if delim == '<':
            if name not in SYSTEM_OK:
                problems.append('%s:%d: host header <%s> in kernel code' % (rel, n, name))
            continue
        if kind == 'arch':
            if rel.startswith('arch/um/include/asm/') and name.startswith('../shared/') and \
               name not in ASM_SHARED_OK:
                problems.append('%s:%d: "%s": asm/ gives the generic kernel types only' %
                                (rel, n, name))
            continue
        # generic
        if name.startswith(('kernel/', 'uapi/', 'asm/')) or name in GENERATED:
            continue
        if os.path.exists(os.path.join(here, name)) and '/' not in name:
            continue	# a header of its own directory (internal.h)
        problems.append('%s:%d: "%s" is not for the generic kernel (kernel/, uapi/ or asm/ only)'
                        % (rel, n, name))
    if kind != 'generic':
        return
    for n, line in enumerate(code_lines('\n'.join(raw)), 1):
        for m in re.finditer(r'\b([A-Za-z_][A-Za-z0-9_]*)\b', line):
            if m.group(1) in shared:
                problems.append('%s:%d: %s is the host interface: the generic kernel goes '
                                'through the arch (arch/um/include/asm)' % (rel, n, m.group(1)))


def main(argv):
    stamp = None
    if len(argv) >= 2 and argv[0] == '--stamp':
        stamp, argv = argv[1], argv[2:]
    if len(argv) != 1:
        sys.stderr.write('usage: check-boundary.py [--stamp FILE] SRCDIR\n')
        return 2
    srcdir = argv[0]
    if not os.path.isdir(os.path.join(srcdir, 'kernel')):
        sys.stderr.write('check-boundary.py: %s: not the source tree (no kernel/)\n' % srcdir)
        return 2
    shared = shared_names(srcdir)
    problems = []
    for top in ('kernel', 'include', 'arch', 'drivers'):
        for dirpath, dirnames, filenames in os.walk(os.path.join(srcdir, top)):
            dirnames.sort()
            for f in sorted(filenames):
                rel = os.path.relpath(os.path.join(dirpath, f), srcdir)
                kind = kind_of(rel)
                if kind in ('arch', 'generic'):
                    check_file(srcdir, rel, kind, shared, problems)
    for p in problems:
        print(p)
    if problems:
        return 1
    if stamp:
        open(stamp, 'w').close()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
