#!/usr/bin/env python3
# mconsole_client.py SOCKET MODE: a raw mconsole client for boot-mconsole.
#   bad    sends malformed datagrams (too short, wrong magic, wrong version,
#          len >= 512, oversized, an unbound sender, a 1000-request burst
#          whose client is gone before the replies) and prints one line per
#          answer it checks: "<case> <err> <text>".
#   version  one good request; prints "<err> <text>".
#   listen N   binds SOCKET, the mconsole=notify: socket, and prints the
#          first N notifications (magic, version, type, data), one a line.
# Exit status 0; a missing answer prints "<case> NONE".
import os, socket, struct, sys

MAGIC = 0xcafebabe

def client(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(b'\0umk-mc-%d-%d' % (os.getpid(), id(s)))
    s.settimeout(10)
    s.connect(path)
    return s

def request(cmd, magic=MAGIC, version=2, length=None):
    data = cmd.encode()
    return struct.pack('<III', magic, version, len(data) if length is None else length) + \
        data.ljust(512, b'\0')

def reply(s):
    try:
        d = s.recv(1024)
    except socket.timeout:
        return None
    if len(d) >= 12 and struct.unpack('<I', d[:4])[0] != struct.unpack('<I', b'ERR ')[0]:
        err, more, n = struct.unpack('<iII', d[:12])
        return '%d %s' % (err, d[12:12 + n].rstrip(b'\0').decode(errors='replace'))
    return 'raw ' + d.rstrip(b'\0').decode(errors='replace')

def ask(name, s, data):
    s.send(data)
    r = reply(s)
    print(name, r if r is not None else 'NONE', flush=True)

path, mode = sys.argv[1], sys.argv[2]
if mode == 'listen':
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    s.settimeout(100)
    for i in range(int(sys.argv[3])):
        try:
            d = s.recv(1024)
        except socket.timeout:
            print('notify NONE', flush=True)
            break
        magic, version, typ, n = struct.unpack('<IIII', d[:16])
        print('notify %x %d %d %s' % (magic, version, typ,
              d[16:16 + n].decode(errors='replace').replace('\0', '<NUL>')), flush=True)
    sys.exit(0)
if mode == 'version':
    ask('version', client(path), request('version'))
    sys.exit(0)

s = client(path)
# Too short to hold a header: no answer is due; the next request still is.
for n in (0, 1, 4, 11):
    s.send(b'\xbe\xba\xfe\xca'[:n] if n <= 4 else b'x' * n)
ask('after-short', s, request('version'))
ask('magic', s, request('version', magic=0x12345678))
ask('vers', s, request('version', version=1))
ask('len512', s, request('version', length=512))
ask('lenhuge', s, request('version', length=0xffffffff))
ask('oversized', s, request('version') + b'y' * 4000)
ask('shortdata', s, request('help')[:14])
ask('nonul', s, struct.pack('<III', MAGIC, 2, 511) + b'z' * 512)
# An unbound sender: nobody to answer; must not upset the server.
u = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
u.sendto(request('version'), path)
u.close()
# A burst from clients that are gone before the replies come.
for i in range(10):
    g = client(path)
    for j in range(100):
        try:
            g.send(request('proc meminfo' if j % 2 else 'help'))
        except (BlockingIOError, OSError):
            break
    g.close()
ask('after-burst', s, request('version'))
