#!/usr/bin/env python3
"""Write the seed corpus of fuzz_xs_wire (tests/fuzz/corpus/xs_wire/).

Each seed is 4 bytes of starting ring index (little-endian), then a
stream of xenstore messages: a 16-byte header (type, req_id, tx_id,
len) and the payload. The seeds cover each request type well formed,
a stream that wraps the ring at 2^32, and malformed messages.
"""
import os
import struct

OUT = os.path.join(os.path.dirname(__file__), "corpus", "xs_wire")

XS = {"directory": 1, "read": 2, "get_perms": 3, "watch": 4, "unwatch": 5,
      "transaction_start": 6, "transaction_end": 7, "introduce": 8,
      "release": 9, "get_domain_path": 10, "write": 11, "mkdir": 12,
      "rm": 13, "set_perms": 14, "watch_event": 15, "error": 16,
      "is_domain_introduced": 17, "resume": 18, "set_target": 19,
      "reset_watches": 21, "directory_part": 22}


def msg(kind, payload, req_id=1, tx_id=0, length=None):
    n = len(payload) if length is None else length
    return struct.pack("<IIII", XS[kind], req_id, tx_id, n) + payload


def strings(*args):
    return b"".join(a.encode() + b"\0" for a in args)


def seed(name, start, *msgs):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(struct.pack("<I", start) + b"".join(msgs))


def main():
    os.makedirs(OUT, exist_ok=True)
    seed("read", 0, msg("read", strings("device/vif/0/state")))
    seed("write", 0, msg("write", strings("name") + b"guest-1"))
    seed("directory", 0, msg("directory", strings("device")))
    seed("watch", 0, msg("watch", strings("backend", "tok")),
         msg("unwatch", strings("backend", "tok"), req_id=2))
    seed("transaction", 0, msg("transaction_start", strings("")),
         msg("mkdir", strings("a"), tx_id=3),
         msg("rm", strings("a"), tx_id=3),
         msg("transaction_end", strings("T"), tx_id=3))
    seed("control", 0, msg("introduce", strings("1", "4096", "3")),
         msg("release", strings("1")),
         msg("set_perms", strings("a", "b0", "r1")),
         msg("get_perms", strings("a")),
         msg("get_domain_path", strings("1")),
         msg("is_domain_introduced", strings("1")),
         msg("resume", strings("1")),
         msg("set_target", strings("1", "2")),
         msg("reset_watches", b""),
         msg("directory_part", strings("device", "0")))
    seed("replies", 0, msg("error", strings("ENOENT")),
         msg("watch_event", strings("backend/x", "tok")))
    # 300 messages of 40 bytes from 2^32 - 100: wraps the ring and 2^32.
    seed("wrap", 0xFFFFFF9C,
         *[msg("read", strings("key/%03d" % i) + b"\0" * 16, req_id=i)
           for i in range(300)])
    seed("oversize", 0, msg("read", b"x", length=4097))
    seed("short", 0, msg("read", b"abc", length=10))
    seed("no_nul", 0, msg("read", b"path"),
         msg("watch", b"a\0b"), msg("write", b"novalue"))


if __name__ == "__main__":
    main()
