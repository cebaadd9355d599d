#!/usr/bin/env python3
"""Write the seed corpus of fuzz_elf: a few tiny guest kernel images that
hv/lib/elf.c accepts, one for each way an image can carry its Xen notes.

    python3 tests/fuzz/gen_elf_corpus.py tests/fuzz/corpus/elf

Each image is an ELF64 header, its program headers, the notes and a small
PT_LOAD whose file offset and address agree modulo the page size, so no
padding is needed and the seeds stay a few hundred bytes. The fuzzer
mutates them into every kind of broken image."""
import os
import struct
import sys

PAGE = 0x1000
EHDR, PHDR, SHDR = 64, 56, 64
ET_EXEC, EM_X86_64 = 2, 62
PT_LOAD, PT_NOTE = 1, 4
PF_RWX = 7
SHT_PROGBITS, SHT_STRTAB, SHT_NOTE = 1, 3, 7

# XEN_ELFNOTE_* (hv/include/public/elfnote.h)
ENTRY, HYPERCALL_PAGE, VIRT_BASE, PADDR_OFFSET = 1, 2, 3, 4
XEN_VERSION, GUEST_OS, GUEST_VERSION, LOADER = 5, 6, 7, 8
FEATURES, BSD_SYMTAB, INIT_P2M, MOD_START_PFN = 10, 11, 15, 16
SUPPORTED_FEATURES = 17

LINUX_VIRT_BASE = 0xFFFFFFFF80000000


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


def note(ntype, desc, name=b"Xen\0"):
    if isinstance(desc, str):
        desc = desc.encode() + b"\0"
    return struct.pack("<III", len(name), len(desc), ntype) + pad4(name) + pad4(desc)


def num(ntype, value, size=8):
    return note(ntype, value.to_bytes(size, "little"))


def ehdr(entry, phnum, shoff=0, shnum=0, shstrndx=0):
    ident = b"\x7fELF" + bytes([2, 1, 1]) + b"\0" * 9
    return ident + struct.pack("<HHIQQQIHHHHHH", ET_EXEC, EM_X86_64, 1, entry,
                               EHDR, shoff, 0, EHDR, PHDR, phnum,
                               SHDR if shnum else 0, shnum, shstrndx)


def phdr(ptype, offset, vaddr, paddr, filesz, memsz, align):
    return struct.pack("<IIQQQQQQ", ptype, PF_RWX if ptype == PT_LOAD else 4,
                       offset, vaddr, paddr, filesz, memsz, align)


def shdr(name, stype, offset, size):
    return struct.pack("<IIQQQQIIQQ", name, stype, 0, 0, offset, size, 0, 0,
                       1, 0)


def image(page, phys, notes=b"", entry=None, legacy=None, in_section=False,
          bss=()):
    """A kernel whose one segment starts in the page at virtual address
    'page' (physical 'phys'), at the same offset in the page as in the
    file, and covers three pages; the hypercall page is the second.
    Each (vaddr, paddr, memsz) in 'bss' adds a segment with no file
    contents."""
    pt_note = bool(notes) and not in_section
    phnum = 1 + len(bss) + pt_note
    content_off = EHDR + PHDR * phnum
    content = legacy.encode() + b"\0" if legacy else notes
    text_off = content_off + len(content)
    text = bytes(range(1, 65))
    vaddr, paddr = page + text_off, phys + text_off
    memsz = 3 * PAGE - text_off
    hdrs = phdr(PT_LOAD, text_off, vaddr, paddr, len(text), memsz, PAGE)
    for bss_vaddr, bss_paddr, bss_memsz in bss:
        hdrs += phdr(PT_LOAD, 0, bss_vaddr, bss_paddr, 0, bss_memsz, PAGE)
    if pt_note:
        hdrs += phdr(PT_NOTE, content_off, 0, 0, len(notes), len(notes), 4)
    body = hdrs + content + text
    if not (legacy or in_section):
        return ehdr(entry or vaddr, phnum) + body
    names = b"\0.note.Xen\0__xen_guest\0.shstrtab\0"
    strtab_off = EHDR + len(body)
    shoff = strtab_off + len(names) + (-(strtab_off + len(names)) % 8)
    tail = names + b"\0" * (shoff - strtab_off - len(names))
    sections = shdr(0, 0, 0, 0)
    sections += shdr(11 if legacy else 1, SHT_PROGBITS if legacy else SHT_NOTE,
                     content_off, len(content))
    sections += shdr(23, SHT_STRTAB, strtab_off, len(names))
    return ehdr(entry or vaddr, phnum, shoff, 3, 2) + body + tail + sections


def xtf():
    base = 0x100000
    notes = (note(GUEST_OS, "XTF") + note(GUEST_VERSION, "0") +
             note(LOADER, "generic") + num(HYPERCALL_PAGE, base + PAGE) +
             note(XEN_VERSION, "xen-3.0") +
             note(FEATURES, "!writable_page_tables|pae_pgdir_above_4gb"))
    return image(base, base, notes)


def linux():
    phys = 0x1000000
    page = LINUX_VIRT_BASE + phys
    notes = (note(GUEST_OS, "linux") + note(XEN_VERSION, "xen-3.0") +
             num(VIRT_BASE, LINUX_VIRT_BASE) + num(ENTRY, page + 0x200) +
             num(HYPERCALL_PAGE, page + PAGE) + num(INIT_P2M, 1 << 39) +
             note(FEATURES, "!writable_page_tables") +
             num(MOD_START_PFN, 1, 4) + num(SUPPORTED_FEATURES, 0x801, 4))
    return image(page, phys, notes)


def linux_percpu():
    """Linux before 6.15: a per-CPU segment linked at p_vaddr 0, placed by
    its p_paddr right after the text."""
    phys = 0x1000000
    page = LINUX_VIRT_BASE + phys
    notes = (note(GUEST_OS, "linux") + note(XEN_VERSION, "xen-3.0") +
             num(VIRT_BASE, LINUX_VIRT_BASE) + num(ENTRY, page + 0x200) +
             note(FEATURES, "!writable_page_tables"))
    return image(page, phys, notes, bss=[(0, phys + 3 * PAGE, 2 * PAGE)])


def all_notes():
    off = 0x200000
    page = LINUX_VIRT_BASE + 0x400000
    notes = (note(3, "build-id", b"GNU\0") + num(VIRT_BASE, LINUX_VIRT_BASE) +
             num(PADDR_OFFSET, off, 4) + num(HYPERCALL_PAGE, page + PAGE) +
             note(XEN_VERSION, "xen-3.0") + note(GUEST_OS, "Parasol") +
             note(LOADER, "generic") + note(BSD_SYMTAB, "yes") +
             note(FEATURES, "writable_descriptor_tables|!dom0|x"))
    return image(page, 0x400000 + off, notes)


def sections():
    base = 0x200000
    notes = (note(LOADER, "generic") + note(XEN_VERSION, "xen-3.0") +
             num(HYPERCALL_PAGE, base + PAGE, 4))
    return image(base, base, notes, in_section=True)


def legacy():
    page = LINUX_VIRT_BASE + 0x200000
    guest = ("GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xffffffff80000000,"
             "HYPERCALL_PAGE=0x201,LOADER=generic,FEATURES=writable_page_tables")
    return image(page, page, legacy=guest)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/fuzz/corpus/elf"
    os.makedirs(out, exist_ok=True)
    for name, make in [("xtf", xtf), ("linux", linux),
                       ("linux_percpu", linux_percpu),
                       ("all_notes", all_notes), ("sections", sections),
                       ("legacy", legacy)]:
        with open(os.path.join(out, name + ".elf"), "wb") as f:
            f.write(make())


if __name__ == "__main__":
    main()
