/*
 * The guest kernel image parser (hv/lib/elf.c), which both domain
 * builders share. Each test builds a small ELF
 * image in memory from a spec (segments, notes and where the notes live)
 * with the builder below, optionally damages it, and checks the exact
 * result: every field of the info for good images, the exact error and
 * reason for bad ones.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <string.h>

#include <lib/elf.h>
#include <lib/macros.h>
#include <public/arch-x86/xen-x86_64.h>
#include <public/elfnote.h>
#include <public/errno.h>
#include <public/features.h>

/* ---- The image builder -------------------------------------------------- */

#define IMG_MAX KiB(64)
#define MAX_NOTES 16
#define MAX_LOADS 20
#define NOTE_DESC_MAX 128
#define PAGE 0x1000ULL

/* Values the parser must reject, named for the tests. */
#define ELFCLASS32 1
#define ELFDATA2MSB 2
#define ET_DYN 3
#define EM_386 3
#define SHT_PROGBITS 1
#define SHT_STRTAB 3
#define NT_GNU_BUILD_ID 3

/* The limits of an x86-64 PV guest, as the builders pass them: the
 * non-canonical hole, then the hypervisor's range. */
#define GUEST_VA_LOW_END 0x0000800000000000ULL
#define GUEST_VA_HIGH_START HYPERVISOR_VIRT_END

static const struct elf_limits limits = {
    .page_size = PAGE,
    .va_hole_start = GUEST_VA_LOW_END,
    .va_hole_end = GUEST_VA_HIGH_START,
};

#define XTF_BASE MiB(1)
#define LINUX_VIRT_BASE 0xffffffff80000000ULL
#define LINUX_P2M GiB(512)

enum note_place {
    NOTES_IN_SEGMENT, /* a PT_NOTE segment, as linkers make it */
    NOTES_IN_SECTION, /* only an SHT_NOTE section */
    NOTES_LEGACY,     /* no notes; a __xen_guest section */
};

struct test_note {
    const char *name; /* NULL means "Xen" */
    uint32_t type;
    uint32_t size;
    uint8_t desc[NOTE_DESC_MAX];
};

struct test_load {
    uint64_t vaddr, paddr, filesz, memsz;
    uint32_t flags;
};

struct spec {
    uint64_t entry; /* e_entry */
    enum note_place place;
    const char *legacy; /* the __xen_guest string */
    unsigned nr_notes, nr_loads;
    struct test_note notes[MAX_NOTES];
    struct test_load loads[MAX_LOADS];
};

static _Alignas(8) uint8_t img[IMG_MAX];
static size_t img_size;
static struct elf_image_info info;
static const char *why;

static struct elf64_ehdr *ehdr(void)
{
    return (struct elf64_ehdr *)img;
}

static struct elf64_phdr *phdr(unsigned i)
{
    return (struct elf64_phdr *)(img + ehdr()->e_phoff) + i;
}

static struct elf64_shdr *shdr(unsigned i)
{
    return (struct elf64_shdr *)(img + ehdr()->e_shoff) + i;
}

/* The file contents of load number 'seg', so loads can be checked. */
static uint8_t pattern(unsigned seg, uint64_t k)
{
    return (uint8_t)(seg * 37 + k + 1);
}

static void add_str(struct spec *s, uint32_t type, const char *str)
{
    struct test_note *n = &s->notes[s->nr_notes++];

    n->type = type;
    n->size = strlen(str) + 1;
    memcpy(n->desc, str, n->size);
}

/* A little-endian number of 'size' bytes (any size, to test bad ones). */
static void add_num(struct spec *s, uint32_t type, uint64_t v, uint32_t size)
{
    struct test_note *n = &s->notes[s->nr_notes++];
    uint32_t i;

    n->type = type;
    n->size = size;
    for (i = 0; i < size; i++)
        n->desc[i] = (uint8_t)(v >> (8 * (i % sizeof(v))));
}

static void add_load(struct spec *s, uint64_t vaddr, uint64_t paddr,
                     uint64_t filesz, uint64_t memsz)
{
    struct test_load *l = &s->loads[s->nr_loads++];

    l->vaddr = vaddr;
    l->paddr = paddr;
    l->filesz = filesz;
    l->memsz = memsz;
    l->flags = PF_R | PF_W | PF_X;
}

static size_t put(size_t at, const void *data, size_t len)
{
    assert_true(at + len <= IMG_MAX);
    memcpy(img + at, data, len);
    return at + len;
}

/* Writes the notes at 'at'; returns the end. */
static size_t put_notes(const struct spec *s, size_t at)
{
    unsigned i;

    for (i = 0; i < s->nr_notes; i++) {
        const struct test_note *n = &s->notes[i];
        const char *name = n->name ? n->name : "Xen";
        struct elf64_nhdr nh = {strlen(name) + 1, n->size, n->type};

        at = put(at, &nh, sizeof(nh));
        put(at, name, nh.n_namesz);
        at += ALIGN_UP(nh.n_namesz, ELF_NOTE_ALIGN);
        put(at, n->desc, n->size);
        at += ALIGN_UP(n->size, ELF_NOTE_ALIGN);
    }
    return at;
}

/* Writes the file contents of each load, offset congruent to its vaddr
 * modulo the page size; fills in the program headers. */
static size_t put_loads(const struct spec *s, size_t at)
{
    unsigned i;
    uint64_t k;

    for (i = 0; i < s->nr_loads; i++) {
        const struct test_load *l = &s->loads[i];
        struct elf64_phdr ph = {PT_LOAD,  l->flags,  0,        l->vaddr,
                                l->paddr, l->filesz, l->memsz, PAGE};

        if (l->filesz) {
            at = ALIGN_UP(at, PAGE) + l->vaddr % PAGE;
            ph.p_offset = at;
            assert_true(at + l->filesz <= IMG_MAX);
            for (k = 0; k < l->filesz; k++)
                img[at + k] = pattern(i, k);
            at += l->filesz;
        }
        memcpy(phdr(i), &ph, sizeof(ph));
    }
    return at;
}

/* Section 1 holds the notes or __xen_guest, section 2 the names. */
static size_t put_sections(const struct spec *s, size_t at, size_t content,
                           size_t content_end)
{
    static const char names[] = "\0.note.Xen\0__xen_guest\0.shstrtab";
    const uint32_t note_name = 1, legacy_name = 11, strtab_name = 23;
    struct elf64_shdr sh[3] = {{0}};
    size_t strtab = at;

    at = ALIGN_UP(put(at, names, sizeof(names)), sizeof(uint64_t));
    sh[1].sh_name = s->place == NOTES_LEGACY ? legacy_name : note_name;
    sh[1].sh_type = s->place == NOTES_LEGACY ? SHT_PROGBITS : SHT_NOTE;
    sh[1].sh_offset = content;
    sh[1].sh_size = content_end - content;
    sh[2].sh_name = strtab_name;
    sh[2].sh_type = SHT_STRTAB;
    sh[2].sh_offset = strtab;
    sh[2].sh_size = sizeof(names);
    ehdr()->e_shoff = at;
    ehdr()->e_shentsize = sizeof(struct elf64_shdr);
    ehdr()->e_shnum = ARRAY_SIZE(sh);
    ehdr()->e_shstrndx = 2;
    return put(at, sh, sizeof(sh));
}

static void build(const struct spec *s)
{
    bool pt_note = s->place == NOTES_IN_SEGMENT && s->nr_notes;
    struct elf64_ehdr eh = {
        .e_ident = {0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB, EV_CURRENT},
        .e_type = ET_EXEC,
        .e_machine = EM_X86_64,
        .e_version = EV_CURRENT,
        .e_entry = s->entry,
        .e_phoff = sizeof(eh),
        .e_ehsize = sizeof(eh),
        .e_phentsize = sizeof(struct elf64_phdr),
        .e_phnum = s->nr_loads + pt_note,
    };
    size_t at, content, content_end;

    memset(img, 0, sizeof(img));
    at = put(0, &eh, sizeof(eh)) + eh.e_phnum * sizeof(struct elf64_phdr);
    content = at;
    if (s->place == NOTES_LEGACY)
        content_end = put(at, s->legacy, strlen(s->legacy) + 1);
    else
        content_end = put_notes(s, at);
    if (pt_note) {
        struct elf64_phdr ph = {.p_type = PT_NOTE,
                                .p_flags = PF_R,
                                .p_offset = content,
                                .p_filesz = content_end - content,
                                .p_align = ELF_NOTE_ALIGN};
        memcpy(phdr(s->nr_loads), &ph, sizeof(ph));
    }
    at = put_loads(s, content_end);
    if (s->place != NOTES_IN_SEGMENT)
        at = put_sections(s, ALIGN_UP(at, sizeof(uint64_t)), content,
                          content_end);
    img_size = at;
}

static int parse(void)
{
    return elf_parse_image(img, img_size, &limits, &info, &why);
}

static int build_and_parse(const struct spec *s)
{
    build(s);
    return parse();
}

static void expect(int rc, int err, const char *reason)
{
    assert_int_equal(rc, err);
    assert_non_null(why);
    assert_string_equal(why, reason);
}

/* ---- Images that look like real guests ---------------------------------- */

/* XTF: linked at 'base' with no VIRT_BASE, so addresses are
 * pseudo-physical; one segment with text, the hypercall page and bss. */
static void spec_xtf_at(struct spec *s, uint64_t base)
{
    memset(s, 0, sizeof(*s));
    s->entry = base;
    add_load(s, base, base, 0x1800, 0x3000);
    add_str(s, XEN_ELFNOTE_GUEST_OS, "XTF");
    add_str(s, XEN_ELFNOTE_GUEST_VERSION, "0");
    add_str(s, XEN_ELFNOTE_LOADER, "generic");
    add_num(s, XEN_ELFNOTE_HYPERCALL_PAGE, base + PAGE, sizeof(uint64_t));
    add_str(s, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add_str(s, XEN_ELFNOTE_FEATURES,
            "!writable_page_tables|pae_pgdir_above_4gb");
    add_str(s, XEN_ELFNOTE_PAE_MODE, "yes");
}

static void spec_xtf(struct spec *s)
{
    spec_xtf_at(s, XTF_BASE);
}

/* Every note the builder reads, a foreign note and an unknown Xen note;
 * PADDR_OFFSET moves the physical addresses away from the virtual ones. */
static void spec_all_notes(struct spec *s)
{
    const uint64_t vbase = LINUX_VIRT_BASE, off = MiB(2);

    memset(s, 0, sizeof(*s));
    add_load(s, vbase + 0x200000, off + 0x200000, 0x1800, 0x1800);
    s->loads[0].flags = PF_R | PF_X;
    add_load(s, vbase + 0x202000, off + 0x202000, 0x100, 0x3000);
    s->loads[1].flags = PF_R | PF_W;
    add_str(s, NT_GNU_BUILD_ID, "not-for-xen");
    s->notes[0].name = "GNU";
    add_str(s, XEN_ELFNOTE_INFO, "KEY=VALUE");
    add_num(s, XEN_ELFNOTE_VIRT_BASE, vbase, sizeof(uint64_t));
    add_num(s, XEN_ELFNOTE_PADDR_OFFSET, off, sizeof(uint32_t));
    add_num(s, XEN_ELFNOTE_ENTRY, vbase + 0x200010, sizeof(uint64_t));
    add_num(s, XEN_ELFNOTE_HYPERCALL_PAGE, vbase + 0x201000, sizeof(uint64_t));
    add_str(s, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add_str(s, XEN_ELFNOTE_GUEST_OS, "Parasol-test");
    add_str(s, XEN_ELFNOTE_GUEST_VERSION, "1.2");
    add_str(s, XEN_ELFNOTE_LOADER, "generic");
    add_str(s, XEN_ELFNOTE_FEATURES,
            "!writable_page_tables|"
            "pae_pgdir_above_4gb|future_thing|dom0");
    add_str(s, XEN_ELFNOTE_BSD_SYMTAB, "yes");
    add_num(s, XEN_ELFNOTE_SUSPEND_CANCEL, 1, sizeof(uint8_t));
    add_num(s, XEN_ELFNOTE_PHYS32_RELOC + 1, 0, sizeof(uint64_t));
}

/* Linux: VIRT_BASE at -2 GiB, the kernel at 16 MiB physical, no LOADER
 * (GUEST_OS "linux" is enough), the p2m at 512 GiB. */
static void spec_linux(struct spec *s)
{
    const uint64_t vbase = LINUX_VIRT_BASE, phys = MiB(16);

    memset(s, 0, sizeof(*s));
    s->entry = vbase + phys;
    add_load(s, vbase + phys, phys, 0x2000, 0x4000);
    add_str(s, XEN_ELFNOTE_GUEST_OS, "linux");
    add_str(s, XEN_ELFNOTE_GUEST_VERSION, "2.6");
    add_str(s, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add_num(s, XEN_ELFNOTE_VIRT_BASE, vbase, sizeof(uint64_t));
    add_num(s, XEN_ELFNOTE_ENTRY, vbase + phys, sizeof(uint64_t));
    add_num(s, XEN_ELFNOTE_HYPERCALL_PAGE, vbase + phys + PAGE,
            sizeof(uint64_t));
    add_num(s, XEN_ELFNOTE_INIT_P2M, LINUX_P2M, sizeof(uint64_t));
    add_str(s, XEN_ELFNOTE_FEATURES, "!writable_page_tables");
    add_num(s, XEN_ELFNOTE_L1_MFN_VALID, 1, 2 * sizeof(uint64_t));
    add_num(s, XEN_ELFNOTE_MOD_START_PFN, 1, sizeof(uint32_t));
    add_num(s, XEN_ELFNOTE_SUPPORTED_FEATURES,
            1u << XENFEAT_writable_page_tables | 1u << XENFEAT_dom0,
            sizeof(uint32_t));
}

/* Linux (before 6.15) links its per-CPU data at p_vaddr 0, with a
 * p_paddr among the kernel's: it loads by p_paddr, between the others. */
static void spec_linux_percpu(struct spec *s)
{
    const uint64_t vbase = LINUX_VIRT_BASE, phys = MiB(16);

    spec_linux(s);
    add_load(s, 0, phys + 0x4000, 0x100, 0x2000);
    s->loads[1].flags = PF_R | PF_W;
    add_load(s, vbase + phys + 0x6000, phys + 0x6000, 0x80, 0x1000);
}

static void test_all_notes(void **state)
{
    const uint64_t vbase = LINUX_VIRT_BASE;
    struct spec s;

    (void)state;
    spec_all_notes(&s);
    assert_int_equal(build_and_parse(&s), 0);
    assert_null(why);
    assert_int_equal(info.entry, vbase + 0x200010);
    assert_int_equal(info.virt_base, vbase);
    assert_int_equal(info.paddr_offset, MiB(2));
    assert_true(info.has_hypercall_page);
    assert_int_equal(info.hypercall_page, vbase + 0x201000);
    assert_int_equal(info.virt_kstart, vbase + 0x200000);
    assert_int_equal(info.virt_kend, vbase + 0x205000);
    assert_int_equal(info.nr_segments, 2);
    assert_int_equal(info.segments[0].vaddr, vbase + 0x200000);
    assert_int_equal(info.segments[0].filesz, 0x1800);
    assert_int_equal(info.segments[0].flags, PF_R | PF_X);
    assert_int_equal(info.segments[1].vaddr, vbase + 0x202000);
    assert_int_equal(info.segments[1].memsz, 0x3000);
    assert_int_equal(info.segments[1].flags, PF_R | PF_W);
    assert_string_equal(info.xen_version, "xen-3.0");
    assert_string_equal(info.guest_os, "Parasol-test");
    assert_string_equal(info.guest_version, "1.2");
    assert_string_equal(info.loader, "generic");
    assert_string_equal(info.features, "!writable_page_tables|"
                                       "pae_pgdir_above_4gb|future_thing|dom0");
    assert_int_equal(info.features_supported,
                     1u << XENFEAT_writable_page_tables |
                         1u << XENFEAT_pae_pgdir_above_4gb |
                         1u << XENFEAT_dom0);
    assert_int_equal(info.features_required,
                     1u << XENFEAT_writable_page_tables);
    assert_true(info.bsd_symtab);
    assert_true(info.suspend_cancel);
    assert_true(info.loader_ok);
    assert_false(info.has_init_p2m);
    assert_false(info.mod_start_pfn);
    assert_false(info.legacy_xen_guest);
}

static void test_xtf_like(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(info.entry, XTF_BASE);
    assert_int_equal(info.virt_base, 0);
    assert_int_equal(info.paddr_offset, 0);
    assert_int_equal(info.hypercall_page, XTF_BASE + PAGE);
    assert_int_equal(info.virt_kstart, XTF_BASE);
    assert_int_equal(info.virt_kend, XTF_BASE + 0x3000);
    assert_int_equal(info.nr_segments, 1);
    assert_int_equal(info.segments[0].offset % PAGE, 0);
    assert_string_equal(info.guest_os, "XTF");
    assert_string_equal(info.guest_version, "0");
    assert_int_equal(info.features_supported,
                     1u << XENFEAT_writable_page_tables |
                         1u << XENFEAT_pae_pgdir_above_4gb);
    assert_int_equal(info.features_required,
                     1u << XENFEAT_writable_page_tables);
    assert_false(info.bsd_symtab);
}

static void test_linux_like(void **state)
{
    const uint64_t kernel = LINUX_VIRT_BASE + MiB(16);
    struct spec s;

    (void)state;
    spec_linux(&s);
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(info.entry, kernel);
    assert_int_equal(info.virt_base, LINUX_VIRT_BASE);
    assert_int_equal(info.paddr_offset, 0);
    assert_int_equal(info.hypercall_page, kernel + PAGE);
    assert_int_equal(info.virt_kstart, kernel);
    assert_int_equal(info.virt_kend, kernel + 0x4000);
    assert_true(info.has_init_p2m);
    assert_int_equal(info.init_p2m, LINUX_P2M);
    assert_true(info.mod_start_pfn);
    assert_string_equal(info.loader, "");
    assert_true(info.loader_ok); /* by GUEST_OS "linux" */
    assert_int_equal(info.features_supported,
                     1u << XENFEAT_writable_page_tables | 1u << XENFEAT_dom0);
    assert_int_equal(info.features_required,
                     1u << XENFEAT_writable_page_tables);
}

/* Without a PT_NOTE segment the notes come from SHT_NOTE sections. */
static void test_notes_in_section(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    s.place = NOTES_IN_SECTION;
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(ehdr()->e_phnum, 1);
    assert_string_equal(info.guest_os, "XTF");
    assert_int_equal(info.hypercall_page, XTF_BASE + PAGE);

    shdr(1)->sh_offset = img_size;
    expect(parse(), -XEN_EINVAL, "section 1 extends past the end of the file");
}

static void spec_legacy(struct spec *s, const char *guest)
{
    memset(s, 0, sizeof(*s));
    s->place = NOTES_LEGACY;
    s->legacy = guest;
    add_load(s, LINUX_VIRT_BASE + MiB(2), LINUX_VIRT_BASE + MiB(2), 0x2000,
             0x2000);
}

static void test_legacy_xen_guest(void **state)
{
    const uint64_t kernel = LINUX_VIRT_BASE + MiB(2);
    struct spec s;

    (void)state;
    /* PADDR_OFFSET defaults to VIRT_BASE; HYPERCALL_PAGE is a page number
     * and comes before the VIRT_BASE it counts from. */
    spec_legacy(&s, "GUEST_OS=linux,GUEST_VER=2.6,XEN_VER=xen-3.0,"
                    "HYPERCALL_PAGE=0x201,VIRT_BASE=0xffffffff80000000,"
                    "VIRT_ENTRY=0xffffffff80200000,LOADER=generic,"
                    "FEATURES=writable_page_tables|writable_descriptor_tables,"
                    "PAE=yes[extended-cr3],BSD_SYMTAB=yes,NOVALUE,FUTURE=1");
    assert_int_equal(build_and_parse(&s), 0);
    assert_true(info.legacy_xen_guest);
    assert_int_equal(info.virt_base, LINUX_VIRT_BASE);
    assert_int_equal(info.paddr_offset, LINUX_VIRT_BASE);
    assert_int_equal(info.entry, kernel);
    assert_int_equal(info.hypercall_page, kernel + PAGE);
    assert_int_equal(info.virt_kstart, kernel);
    assert_int_equal(info.virt_kend, kernel + 0x2000);
    assert_string_equal(info.guest_version, "2.6");
    assert_string_equal(info.loader, "generic");
    assert_int_equal(info.features_supported,
                     1u << XENFEAT_writable_page_tables |
                         1u << XENFEAT_writable_descriptor_tables);
    assert_int_equal(info.features_required, 0);
    assert_true(info.bsd_symtab);

    /* An explicit ELF_PADDR_OFFSET of 0: p_paddr is pseudo-physical. */
    spec_legacy(&s, "XEN_VER=xen-3.0,LOADER=generic,ELF_PADDR_OFFSET=0,"
                    "VIRT_BASE=0xffffffff80000000,"
                    "VIRT_ENTRY=0xffffffff80200000");
    s.loads[0].paddr = MiB(2);
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(info.paddr_offset, 0);
    assert_false(info.has_hypercall_page);
}

static void test_legacy_bad_number(void **state)
{
    struct spec s;

    (void)state;
    spec_legacy(&s, "XEN_VER=xen-3.0,LOADER=generic,VIRT_BASE=0xzz");
    expect(build_and_parse(&s), -XEN_EINVAL,
           "__xen_guest VIRT_BASE is not a number");
    spec_legacy(&s, "VIRT_ENTRY=123456789012345678901234567890");
    expect(build_and_parse(&s), -XEN_EINVAL,
           "__xen_guest VIRT_ENTRY is not a number");
    /* A page number whose address wraps. */
    spec_legacy(&s, "XEN_VER=xen-3.0,LOADER=generic,HYPERCALL_PAGE=0x10000000"
                    "00000,VIRT_BASE=0xffffffff80000000,"
                    "VIRT_ENTRY=0xffffffff80200000");
    expect(build_and_parse(&s), -XEN_EINVAL, "address overflow");
    spec_legacy(&s, "XEN_VER=xen-3.0,LOADER=generic,HYPERCALL_PAGE=0x80000,"
                    "VIRT_BASE=0xffffffff80000000,"
                    "VIRT_ENTRY=0xffffffff80200000");
    expect(build_and_parse(&s), -XEN_EINVAL, "address overflow");
    spec_legacy(&s, "XEN_VER=xen-3.0,GUEST_OS=Mini-OS");
    expect(build_and_parse(&s), -XEN_EINVAL, "LOADER note is not generic");
}

/* Program headers need not be sorted by address. */
static void test_unsorted_segments(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    s.loads[0] = (struct test_load){XTF_BASE + 0x4000, XTF_BASE + 0x4000, 0x10,
                                    0x1000, PF_R | PF_W};
    add_load(&s, XTF_BASE, XTF_BASE, 0x2000, 0x2000);
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(info.nr_segments, 2);
    assert_int_equal(info.virt_kstart, XTF_BASE);
    assert_int_equal(info.virt_kend, XTF_BASE + 0x5000);
}

/* ---- Loading ------------------------------------------------------------ */

#define GUEST_SPAN 0x8000     /* room for every image loaded here */
#define ALL_NOTES_SPAN 0x5000 /* the extent of spec_all_notes() */

struct guest {
    uint64_t base;
    uint8_t mem[GUEST_SPAN];
    unsigned copies, zeroes;
};

static void guest_copy(void *ctx, uint64_t vaddr, const void *src, size_t len)
{
    struct guest *g = ctx;

    assert_true(vaddr >= g->base && vaddr - g->base + len <= GUEST_SPAN);
    memcpy(g->mem + (vaddr - g->base), src, len);
    g->copies++;
}

static void guest_zero(void *ctx, uint64_t vaddr, size_t len)
{
    struct guest *g = ctx;

    assert_true(vaddr >= g->base && vaddr - g->base + len <= GUEST_SPAN);
    memset(g->mem + (vaddr - g->base), 0, len);
    g->zeroes++;
}

static void test_load_segments(void **state)
{
    static struct guest g;
    struct spec s;
    uint64_t k;

    (void)state;
    spec_all_notes(&s);
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(info.virt_kend - info.virt_kstart, ALL_NOTES_SPAN);
    g.base = info.virt_kstart;
    memset(g.mem, 0xaa, sizeof(g.mem));
    elf_load_segments(img, &info, guest_copy, guest_zero, &g);
    assert_int_equal(g.copies, 2);
    assert_int_equal(g.zeroes, 1); /* the text has no bss */
    for (k = 0; k < 0x1800; k++)
        assert_int_equal(g.mem[k], pattern(0, k));
    for (k = 0x1800; k < 0x2000; k++) /* between the segments: untouched */
        assert_int_equal(g.mem[k], 0xaa);
    for (k = 0; k < 0x100; k++)
        assert_int_equal(g.mem[0x2000 + k], pattern(1, k));
    for (k = 0x2100; k < ALL_NOTES_SPAN; k++)
        assert_int_equal(g.mem[k], 0);
}

/* The per-CPU segment's bytes land at its p_paddr's place. */
static void test_load_percpu_segment(void **state)
{
    static struct guest g;
    struct spec s;
    uint64_t k;

    (void)state;
    spec_linux_percpu(&s);
    assert_int_equal(build_and_parse(&s), 0);
    assert_true(info.virt_kend - info.virt_kstart <= GUEST_SPAN);
    g.base = info.virt_kstart;
    memset(g.mem, 0xaa, sizeof(g.mem));
    elf_load_segments(img, &info, guest_copy, guest_zero, &g);
    for (k = 0; k < 0x100; k++)
        assert_int_equal(g.mem[0x4000 + k], pattern(1, k));
    for (k = 0x4100; k < 0x6000; k++)
        assert_int_equal(g.mem[k], 0);
    for (k = 0; k < 0x80; k++)
        assert_int_equal(g.mem[0x6000 + k], pattern(2, k));
}

/* ---- The ELF header and the program headers ------------------------------ */

static void test_truncated_header(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    build(&s);
    expect(elf_parse_image(img, 40, &limits, &info, &why), -XEN_EINVAL,
           "truncated ELF header");
    expect(elf_parse_image(img, 10, &limits, &info, &why), -XEN_EINVAL,
           "truncated ELF header");
    expect(elf_parse_image(img, 3, &limits, &info, &why), -XEN_EINVAL,
           "not an ELF file");
    expect(elf_parse_image(NULL, 0, &limits, &info, &why), -XEN_EINVAL,
           "not an ELF file");
    img[1] = 'e';
    expect(parse(), -XEN_EINVAL, "not an ELF file");
}

static void test_header_fields(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    build(&s);
    img[EI_CLASS] = ELFCLASS32;
    expect(parse(), -XEN_EINVAL, "not ELF64");
    build(&s);
    img[EI_DATA] = ELFDATA2MSB;
    expect(parse(), -XEN_EINVAL, "not little-endian");
    build(&s);
    img[EI_VERSION] = 0;
    expect(parse(), -XEN_EINVAL, "unknown ELF version");
    build(&s);
    ehdr()->e_machine = EM_386;
    expect(parse(), -XEN_EINVAL, "not x86-64");
    build(&s);
    ehdr()->e_type = ET_DYN;
    expect(parse(), -XEN_EINVAL, "not an executable");
    build(&s);
    ehdr()->e_phentsize = sizeof(struct elf64_phdr) - 1;
    expect(parse(), -XEN_EINVAL, "bad program header size");
}

static void test_truncated_program_headers(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s); /* a PT_LOAD and a PT_NOTE */
    build(&s);
    expect(elf_parse_image(
               img, sizeof(struct elf64_ehdr) + sizeof(struct elf64_phdr) + 8,
               &limits, &info, &why),
           -XEN_EINVAL, "program header table outside the file");
    ehdr()->e_phoff = UINT64_MAX - sizeof(struct elf64_phdr);
    expect(parse(), -XEN_EINVAL, "program header table outside the file");
}

static void test_segment_past_end(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_load(&s, XTF_BASE + 0x4000, XTF_BASE + 0x4000, 0x100, 0x100);
    build(&s);
    phdr(1)->p_filesz = phdr(1)->p_memsz = img_size;
    expect(parse(), -XEN_EINVAL, "segment 1 extends past the end of the file");
    build(&s);
    phdr(1)->p_offset = UINT64_MAX - 0x10;
    expect(parse(), -XEN_EINVAL, "segment 1 extends past the end of the file");
    build(&s);
    phdr(2)->p_offset = img_size; /* the PT_NOTE */
    expect(parse(), -XEN_EINVAL, "segment 2 extends past the end of the file");
}

static void test_overlapping_segments(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_load(&s, XTF_BASE + 0x2000, XTF_BASE + 0x2000, 0x100, 0x100);
    expect(build_and_parse(&s), -XEN_EINVAL, "segments 0 and 1 overlap");

    /* The same, listed the other way round. */
    spec_xtf(&s);
    s.loads[1] = s.loads[0];
    s.loads[0] = (struct test_load){XTF_BASE + 0x2000, XTF_BASE + 0x2000, 0,
                                    0x2000, PF_R};
    s.nr_loads = 2;
    expect(build_and_parse(&s), -XEN_EINVAL, "segments 0 and 1 overlap");

    /* Touching is not overlapping. */
    s.loads[0].vaddr = s.loads[0].paddr = XTF_BASE + 0x3000;
    assert_int_equal(build_and_parse(&s), 0);
}

/* Xen's loader reads neither p_vaddr nor p_align: a file offset that
 * disagrees with the address, or an odd alignment, changes nothing. */
static void test_vaddr_and_align_ignored(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    build(&s);
    phdr(0)->p_offset -= 8;
    phdr(0)->p_align = 3;
    phdr(0)->p_vaddr = 0x1234567;
    assert_int_equal(parse(), 0);
    assert_int_equal(info.segments[0].vaddr, XTF_BASE);
    assert_int_equal(info.segments[0].paddr, XTF_BASE);
}

/* A PT_LOAD that is neither readable, writable nor executable is not
 * loaded (Xen's elf_phdr_is_loadable()). */
static void test_flagless_segment_skipped(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_load(&s, 0, XTF_BASE + GiB(4), 0x10, PAGE);
    s.loads[1].flags = 0;
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(info.nr_segments, 1);
    assert_int_equal(info.virt_kend, XTF_BASE + 0x3000);
}

static void test_linux_percpu_segment(void **state)
{
    const uint64_t kernel = LINUX_VIRT_BASE + MiB(16);
    struct spec s;

    (void)state;
    spec_linux_percpu(&s);
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(info.nr_segments, 3);
    assert_int_equal(info.segments[1].paddr, MiB(16) + 0x4000);
    assert_int_equal(info.segments[1].vaddr, kernel + 0x4000);
    assert_int_equal(info.segments[1].memsz, 0x2000);
    assert_int_equal(info.virt_kstart, kernel);
    assert_int_equal(info.virt_kend, kernel + 0x7000);
}

/* Placing by p_paddr keeps every extent check on the placed addresses. */
static void test_paddr_extent_checks(void **state)
{
    struct spec s;

    (void)state;
    /* p_vaddr 0 is no excuse for overlapping by p_paddr. */
    spec_linux_percpu(&s);
    s.loads[1].paddr = MiB(16) + 0x3000;
    expect(build_and_parse(&s), -XEN_EINVAL, "segments 0 and 1 overlap");
    /* A p_paddr far away stretches the extent past the limit. */
    spec_linux_percpu(&s);
    s.loads[1].paddr = MiB(16) + GiB(1);
    expect(build_and_parse(&s), -XEN_E2BIG, "image too large");
    /* Below PADDR_OFFSET there is no pseudo-physical address. */
    spec_linux_percpu(&s);
    add_num(&s, XEN_ELFNOTE_PADDR_OFFSET, MiB(16) + 0x1000, sizeof(uint64_t));
    s.entry = LINUX_VIRT_BASE + 0x3000;
    expect(build_and_parse(&s), -XEN_EINVAL,
           "contradictory notes: p_paddr below PADDR_OFFSET");
    /* VIRT_BASE plus the pseudo-physical end wraps. */
    spec_linux_percpu(&s);
    s.loads[1].paddr = GiB(2) - PAGE;
    expect(build_and_parse(&s), -XEN_EINVAL, "address overflow");
    /* The entry point is checked against where segments go, not against
     * where they were linked. */
    spec_linux_percpu(&s);
    s.nr_notes = 0;
    add_str(&s, XEN_ELFNOTE_GUEST_OS, "linux");
    add_str(&s, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add_num(&s, XEN_ELFNOTE_VIRT_BASE, LINUX_VIRT_BASE, sizeof(uint64_t));
    s.entry = 0x10; /* inside the per-CPU segment's p_vaddr range */
    expect(build_and_parse(&s), -XEN_EINVAL, "entry point outside the image");
}

static void test_huge_segment(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    s.loads[0].memsz = GiB(1024);
    expect(build_and_parse(&s), -XEN_E2BIG, "segment 0 is too large");
}

static void test_memsz_below_filesz(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    s.loads[0].memsz = 0x1000;
    expect(build_and_parse(&s), -XEN_EINVAL,
           "segment 0 has memsz below filesz");
}

static void test_address_overflow(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    s.loads[0] = (struct test_load){-PAGE, -PAGE, 0, 2 * PAGE, PF_R};
    expect(build_and_parse(&s), -XEN_EINVAL, "address overflow");
    /* Ends one byte into the last page: rounding up would wrap. */
    s.loads[0] = (struct test_load){-2 * PAGE, -2 * PAGE, 0, PAGE + 1, PF_R};
    expect(build_and_parse(&s), -XEN_EINVAL, "address overflow");
    /* Only p_paddr wraps. */
    s.loads[0] = (struct test_load){XTF_BASE, -PAGE, 0, 2 * PAGE, PF_R};
    expect(build_and_parse(&s), -XEN_EINVAL, "address overflow");
    /* Only p_vaddr wraps: it is not read. */
    s.loads[0] = (struct test_load){-PAGE, XTF_BASE, 0, 2 * PAGE, PF_R | PF_X};
    assert_int_equal(build_and_parse(&s), 0);
}

static void test_image_too_large(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_load(&s, XTF_BASE + GiB(1) - PAGE, XTF_BASE + GiB(1) - PAGE, 0, PAGE);
    assert_int_equal(build_and_parse(&s), 0); /* exactly 1 GiB */
    s.loads[1].vaddr += PAGE;
    s.loads[1].paddr += PAGE;
    expect(build_and_parse(&s), -XEN_E2BIG, "image too large");
}

static void test_too_many_segments(void **state)
{
    struct spec s;
    unsigned i;

    (void)state;
    spec_xtf(&s);
    for (i = 1; i <= ELF_MAX_SEGMENTS; i++)
        add_load(&s, XTF_BASE + (i + 2) * PAGE, XTF_BASE + (i + 2) * PAGE, 0,
                 PAGE);
    expect(build_and_parse(&s), -XEN_E2BIG, "too many loadable segments");
    s.nr_loads--;
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(info.nr_segments, ELF_MAX_SEGMENTS);
}

static void test_no_loadable_segment(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    s.nr_loads = 0;
    expect(build_and_parse(&s), -XEN_EINVAL, "no loadable segment");
    spec_xtf(&s);
    s.loads[0].filesz = s.loads[0].memsz = 0;
    expect(build_and_parse(&s), -XEN_EINVAL, "no loadable segment");
}

/* ---- Notes -------------------------------------------------------------- */

static void test_missing_notes(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    s.nr_notes = 0;
    expect(build_and_parse(&s), -XEN_EINVAL, "no Xen notes");
    /* Notes, but none named "Xen". */
    spec_xtf(&s);
    s.nr_notes = 1;
    s.notes[0].name = "Xe";
    expect(build_and_parse(&s), -XEN_EINVAL, "no Xen notes");
    /* A PT_NOTE at offset 0 is a binutils slip: Xen skips it. */
    spec_xtf(&s);
    build(&s);
    phdr(1)->p_offset = 0;
    expect(parse(), -XEN_EINVAL, "no Xen notes");
}

static void test_truncated_note(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    build(&s);
    phdr(1)->p_filesz = sizeof(struct elf64_nhdr) + 2;
    expect(parse(), -XEN_EINVAL, "truncated note");
    /* A descriptor running past the segment. */
    build(&s);
    ((struct elf64_nhdr *)(img + phdr(1)->p_offset))->n_descsz = 0x10000;
    expect(parse(), -XEN_EINVAL, "truncated note");
    /* The last note may end without its padding. */
    add_str(&s, XEN_ELFNOTE_GUEST_VERSION, "ab");
    build(&s);
    phdr(1)->p_filesz -= 1;
    assert_int_equal(parse(), 0);
    assert_string_equal(info.guest_version, "ab");
}

static void test_bad_xen_version(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_str(&s, XEN_ELFNOTE_XEN_VERSION, "xen-2.0"); /* the later note wins */
    expect(build_and_parse(&s), -XEN_EINVAL, "XEN_VERSION note is not xen-3.0");
    spec_xtf(&s);
    s.notes[4].type = XEN_ELFNOTE_INFO; /* no XEN_VERSION at all */
    expect(build_and_parse(&s), -XEN_EINVAL, "XEN_VERSION note is not xen-3.0");
}

static void test_bad_loader(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_str(&s, XEN_ELFNOTE_LOADER, "elf");
    expect(build_and_parse(&s), -XEN_EINVAL, "LOADER note is not generic");
}

static void test_numeric_note_size(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_HYPERCALL_PAGE, XTF_BASE + PAGE, 3);
    expect(build_and_parse(&s), -XEN_EINVAL,
           "HYPERCALL_PAGE note is not 1, 2, 4 or 8 bytes");
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_INIT_P2M, LINUX_P2M, 0);
    expect(build_and_parse(&s), -XEN_EINVAL,
           "INIT_P2M note is not 1, 2, 4 or 8 bytes");
    /* 1, 2 and 4 bytes are fine. */
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_SUSPEND_CANCEL, 1, sizeof(uint16_t));
    add_num(&s, XEN_ELFNOTE_HYPERCALL_PAGE, XTF_BASE + PAGE, sizeof(uint32_t));
    assert_int_equal(build_and_parse(&s), 0);
    assert_true(info.suspend_cancel);
}

static void test_required_unknown_feature(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_str(&s, XEN_ELFNOTE_FEATURES, "pae_pgdir_above_4gb|!teleport");
    expect(build_and_parse(&s), -XEN_EINVAL,
           "requires unsupported feature teleport");
    /* Control characters from the image are not echoed. */
    spec_xtf(&s);
    add_str(&s, XEN_ELFNOTE_FEATURES, "!bad\033[2J");
    expect(build_and_parse(&s), -XEN_EINVAL,
           "requires unsupported feature bad?[2J");
    /* Empty names are skipped. */
    spec_xtf(&s);
    add_str(&s, XEN_ELFNOTE_FEATURES, "||dom0|");
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(info.features_supported,
                     1u << XENFEAT_dom0 | 1u << XENFEAT_writable_page_tables |
                         1u << XENFEAT_pae_pgdir_above_4gb);
}

/* ---- Xen's rule for a dom0 kernel's features ------------------------------
 */

static void expect_dom0_features(int err, const char *reason)
{
    const char *dom0_why = "unset";

    assert_int_equal(elf_check_dom0_features(&info, &dom0_why), err);
    if (reason)
        assert_string_equal(dom0_why, reason);
    else
        assert_null(dom0_why);
}

/* Required features Xen's PV dom0 builder does not check build. */
static void test_dom0_required_features_unchecked(void **state)
{
    static const char *const required[] = {
        "!auto_translated_physmap", "!hvm_callback_vector",
        "!writable_descriptor_tables", "!writable_page_tables|!dom0"};
    struct spec s;

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(required); i++) {
        spec_xtf(&s);
        add_str(&s, XEN_ELFNOTE_FEATURES, required[i]);
        assert_int_equal(build_and_parse(&s), 0);
        assert_false(info.has_supported_features);
        expect_dom0_features(0, NULL);
    }
}

static void test_dom0_supervisor_mode_refused(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_str(&s, XEN_ELFNOTE_FEATURES,
            "pae_pgdir_above_4gb|!"
            "supervisor_mode_kernel");
    assert_int_equal(build_and_parse(&s), 0);
    expect_dom0_features(-XEN_EINVAL,
                         "the kernel requires supervisor-mode execution "
                         "(supervisor_mode_kernel)");
    /* Supported, not required: fine. */
    spec_xtf(&s);
    add_str(&s, XEN_ELFNOTE_FEATURES, "supervisor_mode_kernel");
    assert_int_equal(build_and_parse(&s), 0);
    expect_dom0_features(0, NULL);
}

/* With a SUPPORTED_FEATURES note, XENFEAT_dom0 must be among the
 * supported features, from the note or from FEATURES; without the note
 * nothing is asked. */
static void test_dom0_supported_features_need_dom0(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_SUPPORTED_FEATURES,
            1u << XENFEAT_writable_page_tables, sizeof(uint32_t));
    assert_int_equal(build_and_parse(&s), 0);
    assert_true(info.has_supported_features);
    expect_dom0_features(-XEN_EINVAL,
                         "the kernel does not support dom0 operation (its "
                         "SUPPORTED_FEATURES lack XENFEAT_dom0)");
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_SUPPORTED_FEATURES, 0, sizeof(uint32_t));
    add_str(&s, XEN_ELFNOTE_FEATURES, "dom0");
    assert_int_equal(build_and_parse(&s), 0);
    expect_dom0_features(0, NULL);
    spec_linux(&s); /* the note has the dom0 bit */
    assert_int_equal(build_and_parse(&s), 0);
    expect_dom0_features(0, NULL);
    spec_xtf(&s); /* no note, no dom0 anywhere */
    assert_int_equal(build_and_parse(&s), 0);
    expect_dom0_features(0, NULL);
}

/* ---- Addresses ---------------------------------------------------------- */

static void test_entry_outside(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    s.entry = XTF_BASE + 0x3000;
    expect(build_and_parse(&s), -XEN_EINVAL, "entry point outside the image");
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_ENTRY, XTF_BASE - 1, sizeof(uint64_t));
    expect(build_and_parse(&s), -XEN_EINVAL, "entry point outside the image");
}

static void test_hypercall_page_outside(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_HYPERCALL_PAGE, XTF_BASE + 0x3000,
            sizeof(uint64_t));
    expect(build_and_parse(&s), -XEN_EINVAL,
           "HYPERCALL_PAGE outside the image");
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_HYPERCALL_PAGE, XTF_BASE + 0x1008,
            sizeof(uint64_t));
    expect(build_and_parse(&s), -XEN_EINVAL,
           "HYPERCALL_PAGE is not page aligned");
}

static void test_init_p2m_inside(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_INIT_P2M, XTF_BASE + 0x2000, sizeof(uint64_t));
    expect(build_and_parse(&s), -XEN_EINVAL, "INIT_P2M inside the image");
}

/* The hole is the caller's (struct elf_limits): an image touching it is
 * refused. */
static void test_hypervisor_range(void **state)
{
    struct spec s;

    (void)state;
    spec_xtf_at(&s, GUEST_VA_HIGH_START - 0x10000000);
    expect(build_and_parse(&s), -XEN_EINVAL,
           "image does not fit below the hypervisor range");
    /* The last pages of the hole and beyond. */
    spec_xtf_at(&s, GUEST_VA_HIGH_START - 0x1000);
    expect(build_and_parse(&s), -XEN_EINVAL,
           "image does not fit below the hypervisor range");
    /* The first address of the hole. */
    spec_xtf_at(&s, GUEST_VA_LOW_END);
    expect(build_and_parse(&s), -XEN_EINVAL,
           "image does not fit below the hypervisor range");
    /* Right after the hole, and ending where it starts: fine. */
    spec_xtf_at(&s, GUEST_VA_HIGH_START);
    assert_int_equal(build_and_parse(&s), 0);
    spec_xtf_at(&s, GUEST_VA_LOW_END - 0x3000);
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(info.virt_kend, GUEST_VA_LOW_END);
}

static void test_contradictory_notes(void **state)
{
    struct spec s;

    (void)state;
    /* VIRT_BASE moves the image away from where it was linked: Xen
     * loads it there all the same. */
    spec_xtf(&s);
    s.entry = XTF_BASE + PAGE;
    add_num(&s, XEN_ELFNOTE_VIRT_BASE, PAGE, sizeof(uint64_t));
    assert_int_equal(build_and_parse(&s), 0);
    assert_int_equal(info.segments[0].vaddr, XTF_BASE + PAGE);
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_PADDR_OFFSET, 0, sizeof(uint64_t));
    expect(build_and_parse(&s), -XEN_EINVAL,
           "contradictory notes: PADDR_OFFSET without VIRT_BASE");
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_VIRT_BASE, 0, sizeof(uint64_t));
    add_num(&s, XEN_ELFNOTE_PADDR_OFFSET, MiB(2), sizeof(uint64_t));
    expect(build_and_parse(&s), -XEN_EINVAL,
           "contradictory notes: p_paddr below PADDR_OFFSET");
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_VIRT_BASE, 0x800, sizeof(uint64_t));
    expect(build_and_parse(&s), -XEN_EINVAL, "VIRT_BASE is not page aligned");
}

/* ---- Hostile bytes ------------------------------------------------------ */

/* Every proper prefix of a good image is rejected, with a reason. */
static void test_every_truncation(void **state)
{
    struct spec s;
    size_t full, n;

    (void)state;
    spec_all_notes(&s);
    build(&s);
    full = img_size;
    for (n = 0; n < full; n++) {
        assert_int_not_equal(elf_parse_image(img, n, &limits, &info, &why), 0);
        assert_non_null(why);
    }
    assert_int_equal(elf_parse_image(img, full, &limits, &info, NULL), 0);
}

/* Damaging any header or note byte never crashes (the sanitizers watch)
 * and never succeeds without a consistent result. */
static void test_every_byte_flip(void **state)
{
    static const uint8_t values[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    struct spec s;
    size_t at, end, v;
    int rc;

    (void)state;
    spec_all_notes(&s);
    build(&s);
    end = phdr(2)->p_offset + phdr(2)->p_filesz;
    for (at = 0; at < end; at++) {
        for (v = 0; v < ARRAY_SIZE(values); v++) {
            uint8_t old = img[at];

            img[at] = values[v];
            rc = parse();
            img[at] = old;
            if (rc) {
                assert_non_null(why);
                continue;
            }
            assert_true(info.virt_kstart < info.virt_kend);
            assert_true(info.entry >= info.virt_kstart &&
                        info.entry < info.virt_kend);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_notes),
        cmocka_unit_test(test_xtf_like),
        cmocka_unit_test(test_linux_like),
        cmocka_unit_test(test_notes_in_section),
        cmocka_unit_test(test_legacy_xen_guest),
        cmocka_unit_test(test_legacy_bad_number),
        cmocka_unit_test(test_unsorted_segments),
        cmocka_unit_test(test_load_segments),
        cmocka_unit_test(test_truncated_header),
        cmocka_unit_test(test_header_fields),
        cmocka_unit_test(test_truncated_program_headers),
        cmocka_unit_test(test_segment_past_end),
        cmocka_unit_test(test_overlapping_segments),
        cmocka_unit_test(test_vaddr_and_align_ignored),
        cmocka_unit_test(test_flagless_segment_skipped),
        cmocka_unit_test(test_linux_percpu_segment),
        cmocka_unit_test(test_paddr_extent_checks),
        cmocka_unit_test(test_load_percpu_segment),
        cmocka_unit_test(test_huge_segment),
        cmocka_unit_test(test_memsz_below_filesz),
        cmocka_unit_test(test_address_overflow),
        cmocka_unit_test(test_image_too_large),
        cmocka_unit_test(test_too_many_segments),
        cmocka_unit_test(test_no_loadable_segment),
        cmocka_unit_test(test_missing_notes),
        cmocka_unit_test(test_truncated_note),
        cmocka_unit_test(test_bad_xen_version),
        cmocka_unit_test(test_bad_loader),
        cmocka_unit_test(test_numeric_note_size),
        cmocka_unit_test(test_required_unknown_feature),
        cmocka_unit_test(test_dom0_required_features_unchecked),
        cmocka_unit_test(test_dom0_supervisor_mode_refused),
        cmocka_unit_test(test_dom0_supported_features_need_dom0),
        cmocka_unit_test(test_entry_outside),
        cmocka_unit_test(test_hypercall_page_outside),
        cmocka_unit_test(test_init_p2m_inside),
        cmocka_unit_test(test_hypervisor_range),
        cmocka_unit_test(test_contradictory_notes),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_every_byte_flip),
    };
    return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}
