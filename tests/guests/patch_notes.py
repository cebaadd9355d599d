#!/usr/bin/env python3
"""Rewrite the Xen ELF notes of a built test guest, to make a kernel that
differs from it in its notes alone (tests/guests/build.mk).

    patch_notes.py IN OUT EDIT...

Each EDIT names a note by its XEN_ELFNOTE_* name (read from
hv/include/public/elfnote.h) and must find exactly one such note in the
image's PT_NOTE segments:

    retype:NAME:NEW     give the note type NEW (a name or a number)
    set:NAME:VALUE      a numeric note's value: a number or a symbol
    string:NAME:TEXT    a string note's text, NUL padded to its size

Edits apply in order, so "retype:A:B set:B:1" works. Sizes never change,
so the file keeps its layout."""
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ELFNOTE_H = os.path.join(ROOT, "hv/include/public/elfnote.h")

PT_NOTE = 4
SHT_SYMTAB = 2
XEN_NAME = b"Xen\0"


def note_types():
    with open(ELFNOTE_H) as f:
        text = f.read()
    return {m.group(1): int(m.group(2), 0) for m in re.finditer(
        r"#define XEN_ELFNOTE_(\w+)\s+(0x[0-9a-fA-F]+|\d+)", text)}


def xen_notes(img):
    """(offset of n_type, offset of desc, descsz) of every Xen note."""
    phoff, = struct.unpack_from("<Q", img, 32)
    phentsize, phnum = struct.unpack_from("<HH", img, 54)
    for i in range(phnum):
        ptype, _, off, _, _, filesz = struct.unpack_from(
            "<IIQQQQ", img, phoff + i * phentsize)
        if ptype != PT_NOTE or off == 0:
            continue
        at, end = off, off + filesz
        while at + 12 <= end:
            namesz, descsz, _ = struct.unpack_from("<III", img, at)
            name = at + 12
            desc = name + (namesz + 3) // 4 * 4
            if img[name:name + namesz] == XEN_NAME:
                yield at + 8, desc, descsz
            at = desc + (descsz + 3) // 4 * 4


def symbol(img, wanted):
    shoff, = struct.unpack_from("<Q", img, 40)
    shentsize, shnum = struct.unpack_from("<HH", img, 58)
    sections = [struct.unpack_from("<IIQQQQII", img, shoff + i * shentsize)
                for i in range(shnum)]
    for _, stype, _, _, off, size, link, _ in sections:
        if stype != SHT_SYMTAB:
            continue
        strtab = sections[link][4]
        for at in range(off, off + size, 24):
            name, = struct.unpack_from("<I", img, at)
            value, = struct.unpack_from("<Q", img, at + 8)
            end = img.index(b"\0", strtab + name)
            if img[strtab + name:end].decode() == wanted:
                return value
    sys.exit("patch_notes: no symbol %s" % wanted)


def find(img, ntype, what):
    hits = [(t, d, n) for t, d, n in xen_notes(img)
            if struct.unpack_from("<I", img, t)[0] == ntype]
    if len(hits) != 1:
        sys.exit("patch_notes: %d notes of type %s, not one" %
                 (len(hits), what))
    return hits[0]


def number(img, types, text):
    if re.fullmatch(r"0x[0-9a-fA-F]+|\d+", text):
        return int(text, 0)
    if text in types:
        return types[text]
    return symbol(img, text)


def apply(img, types, edit):
    op, name, arg = edit.split(":", 2)
    at_type, desc, size = find(img, types[name], name)
    if op == "retype":
        struct.pack_into("<I", img, at_type, number(img, types, arg))
    elif op == "set":
        value = number(img, types, arg)
        img[desc:desc + size] = value.to_bytes(size, "little")
    elif op == "string":
        text = arg.encode()
        if len(text) >= size:
            sys.exit("patch_notes: %r does not fit in %s" % (arg, name))
        img[desc:desc + size] = text.ljust(size, b"\0")
    else:
        sys.exit("patch_notes: unknown edit %s" % edit)


def main():
    src, dst, edits = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(src, "rb") as f:
        img = bytearray(f.read())
    types = note_types()
    for edit in edits:
        apply(img, types, edit)
    with open(dst, "wb") as f:
        f.write(img)


if __name__ == "__main__":
    main()
