#!/usr/bin/env python3
# A fake mconsole server for the tests of uml_console (and of Debian's
# uml_mconsole against the same server): binds a Unix datagram socket as
# UML does, logs every request it gets, field by field, and answers from a
# script: good replies in one or many packets, error replies, garbage,
# silence, a server that goes away in the middle of a reply, a burst of
# packets sent as UML sends them (non-blocking, dropped when the client's
# queue is full).
#
# Usage: fake_mconsole.py SOCKET LOG [HOLD-DIR]
#   LOG gets one line per request:
#     size=524 magic=0xcafebabe version=2 len=7 padded=yes from=abstract cmd='version'
#   (padded: every byte after the command is zero; from: the client's
#   address, abstract or a path). The server runs until killed.
#   HOLD-DIR: for "burst N", the server creates HOLD-DIR/held when the
#   request came, waits for HOLD-DIR/go (the test stops the client
#   meanwhile), sends the burst and writes "sent S dropped D" to
#   HOLD-DIR/sent.
import os
import socket
import struct
import sys
import time

MAGIC = 0xCAFEBABE
CHUNK = 511

HELP = ("Commands of the fake mconsole server (a text longer than one packet): \n"
        + "".join("    command-%02d - does nothing at all, only fills the packet \n" % i
                  for i in range(12)))
MEMINFO = "".join("Field%02d:    %10d kB\n" % (i, i * 1234) for i in range(40))


def packet(err, more, text, length=None, nul=True):
    data = text.encode() + (b'\0' if nul else b'')
    return struct.pack('<iII', err, more, len(data) if length is None else length) + data


def reply(sock, addr, text, err=0, more_after=False):
    """A reply cut into packets as UML cuts it: err on the first only."""
    first = True
    while True:
        piece, text = text[:CHUNK], text[CHUNK:]
        more = 1 if text or more_after else 0
        sock.sendto(packet(err if first else 0, more, piece), addr)
        first = False
        if not text:
            return


def streamed(sock, addr, pieces):
    """As UML's proc/sysrq: a packet per piece with more=1, then an empty one."""
    for p in pieces:
        reply(sock, addr, p, more_after=True)
    reply(sock, addr, "")


def wait_for(path, seconds=60):
    end = time.time() + seconds
    while not os.path.exists(path) and time.time() < end:
        time.sleep(0.01)


def burst(sock, addr, n, hold):
    if hold:
        open(os.path.join(hold, 'held'), 'w').close()
        wait_for(os.path.join(hold, 'go'))
    sent = dropped = 0
    for i in range(n + 1):
        more = 1 if i < n else 0
        text = "burst line %d of %d\n" % (i + 1, n) if i < n else ""
        try:
            sock.sendto(packet(0, more, text), socket.MSG_DONTWAIT, addr)
            sent += 1
        except BlockingIOError:
            dropped += 1
    if hold:
        with open(os.path.join(hold, 'sent.tmp'), 'w') as f:
            f.write("sent %d dropped %d\n" % (sent, dropped))
        os.rename(os.path.join(hold, 'sent.tmp'), os.path.join(hold, 'sent'))


def serve(path, log, hold):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path + '.tmp')
    os.rename(path + '.tmp', path)      # appears only once bound
    while True:
        data, addr = sock.recvfrom(65536)
        if len(data) >= 12:
            magic, version, length = struct.unpack('<III', data[:12])
        else:
            magic = version = length = 0
        body = data[12:]
        cmd = body[:length].decode('latin-1') if length <= len(body) else ''
        padded = all(b == 0 for b in body[length:]) if length <= len(body) else False
        if isinstance(addr, bytes):
            frm = 'abstract' if addr[:1] == b'\0' else 'path'
        else:
            frm = 'abstract' if addr.startswith('\0') else ('path' if addr else 'none')
        log.write("size=%d magic=%#x version=%d len=%d padded=%s from=%s cmd=%r\n"
                  % (len(data), magic, version, length, 'yes' if padded else 'no', frm, cmd))
        log.flush()
        if not addr:
            continue                    # unbound client: cannot answer
        if magic != MAGIC:
            sock.sendto(b"ERR Version 0 clients are not served here", addr)
            continue
        try:
            answer(sock, addr, cmd, path, hold)
        except OSError as e:            # the client is gone: as UML, go on
            log.write("reply not delivered: %s\n" % e)
            log.flush()


def answer(sock, addr, cmd, path, hold):
    if cmd == "version":
        reply(sock, addr, "Linux fake 6.1.0-fake #1 SMP x86_64")
    elif cmd == "help":
        reply(sock, addr, HELP)
    elif cmd == "proc meminfo":
        streamed(sock, addr, ["\n"] + [MEMINFO[i:i + 4095] for i in range(0, len(MEMINFO), 4095)])
    elif cmd == "sysrq s":
        streamed(sock, addr, ["sysrq: Emergency Sync\n"])
    elif cmd == "stop":
        reply(sock, addr, "stopped")
    elif cmd == "remove ubd3":
        reply(sock, addr, "Device doesn't exist", err=-19)
    elif cmd == "remove ubd0":
        reply(sock, addr, "Device is currently open", err=-16)
    elif cmd.startswith("config ubd") or cmd.startswith("log ") or cmd in ("go", "cad", "halt", "empty"):
        reply(sock, addr, "")
    elif cmd == "silence":
        pass
    elif cmd == "short":
        sock.sendto(b'\x01\x02\x03\x04\x05', addr)
    elif cmd == "badlen":
        sock.sendto(packet(0, 0, "some text", length=9999), addr)
    elif cmd == "truncated":
        sock.sendto(packet(0, 0, "abc", length=40), addr)
    elif cmd == "nonul":
        sock.sendto(packet(0, 0, "hello", nul=False), addr)
    elif cmd == "garbage-text":
        sock.sendto(b"ERR this is not a reply packet at all, only text", addr)
    elif cmd in ("vanish", "vanish-keep"):
        sock.sendto(packet(0, 1, "first part of the reply, then the server goes"), addr)
        if cmd == "vanish":
            os.unlink(path)
        sock.close()
        sys.exit(0)
    elif cmd.startswith("burst "):
        burst(sock, addr, int(cmd.split()[1]), hold)
    elif cmd == "multierr":
        reply(sock, addr, "E" * 600, err=1)
    elif cmd == "lateerr":
        sock.sendto(packet(0, 1, "looked fine at first; "), addr)
        sock.sendto(packet(5, 0, "then an error"), addr)
    elif cmd == "stale":
        reply(sock, addr, "the reply")
        reply(sock, addr, "a late packet nobody asked for")
    elif cmd == "big":
        reply(sock, addr, "".join("line %06d of a long reply\n" % i for i in range(4000)))
    elif cmd == "nulinside":
        sock.sendto(struct.pack("<iII", 0, 0, 13) + b"before\0after\0", addr)
    elif cmd == "err256":
        reply(sock, addr, "an error whose low 8 bits are zero", err=256)
    else:
        reply(sock, addr, "Unknown command", err=1)


if __name__ == '__main__':
    with open(sys.argv[2], 'a') as logf:
        serve(sys.argv[1], logf, sys.argv[3] if len(sys.argv) > 3 else None)
