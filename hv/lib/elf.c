/*
 * The guest kernel image parser (lib/elf.h). It works in the order of
 * Xen's libelf: the ELF header; the PT_LOAD segments; the Xen notes from
 * PT_NOTE segments, else SHT_NOTE sections, else the legacy __xen_guest
 * section; the checks on what the notes say; and last the placement of
 * the image in the guest's virtual address space.
 *
 * The image is hostile. Every read goes through in_file() first, and
 * sizes are compared by subtraction, never by an addition that could
 * wrap. Nothing is written outside *info, so a failure leaves no state
 * behind but the reason.
 */
#include <lib/elf.h>
#include <lib/macros.h>
#include <lib/parse.h>
#include <lib/string.h>
#include <public/elfnote.h>
#include <public/errno.h>
#include <public/features.h>

/* Headers are copied into host structs as they are: the host must use the
 * image's byte order, which every x86-64 machine does. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "the ELF parser expects a little-endian host");

#define XEN_NOTE_NAME "Xen" /* compared with its NUL: namesz is 4 */
#define LEGACY_SECTION "__xen_guest"
#define LEGACY_NUMBER_MAX 24 /* "0x" and 16 digits, or 20 decimal, and NUL */

/* The feature names Xen's libelf knows in a FEATURES note; a name it does
 * not know is ignored, or refused when required. */
static const char *const feature_names[] = {
    [XENFEAT_writable_page_tables] = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XENFEAT_dom0] = "dom0",
};

enum note_format {
    NOTE_IGNORED, /* a layout this parser does not read */
    NOTE_STRING,
    NOTE_NUMBER, /* 1, 2, 4 or 8 bytes */
};

struct note_kind {
    const char *name;
    enum note_format format;
};

static const struct note_kind note_kinds[] = {
    [XEN_ELFNOTE_INFO] = {"INFO", NOTE_STRING},
    [XEN_ELFNOTE_ENTRY] = {"ENTRY", NOTE_NUMBER},
    [XEN_ELFNOTE_HYPERCALL_PAGE] = {"HYPERCALL_PAGE", NOTE_NUMBER},
    [XEN_ELFNOTE_VIRT_BASE] = {"VIRT_BASE", NOTE_NUMBER},
    [XEN_ELFNOTE_PADDR_OFFSET] = {"PADDR_OFFSET", NOTE_NUMBER},
    [XEN_ELFNOTE_XEN_VERSION] = {"XEN_VERSION", NOTE_STRING},
    [XEN_ELFNOTE_GUEST_OS] = {"GUEST_OS", NOTE_STRING},
    [XEN_ELFNOTE_GUEST_VERSION] = {"GUEST_VERSION", NOTE_STRING},
    [XEN_ELFNOTE_LOADER] = {"LOADER", NOTE_STRING},
    [XEN_ELFNOTE_PAE_MODE] = {"PAE_MODE", NOTE_STRING},
    [XEN_ELFNOTE_FEATURES] = {"FEATURES", NOTE_STRING},
    [XEN_ELFNOTE_BSD_SYMTAB] = {"BSD_SYMTAB", NOTE_STRING},
    [XEN_ELFNOTE_HV_START_LOW] = {"HV_START_LOW", NOTE_NUMBER},
    [XEN_ELFNOTE_L1_MFN_VALID] = {"L1_MFN_VALID", NOTE_IGNORED},
    [XEN_ELFNOTE_SUSPEND_CANCEL] = {"SUSPEND_CANCEL", NOTE_NUMBER},
    [XEN_ELFNOTE_INIT_P2M] = {"INIT_P2M", NOTE_NUMBER},
    [XEN_ELFNOTE_MOD_START_PFN] = {"MOD_START_PFN", NOTE_NUMBER},
    [XEN_ELFNOTE_SUPPORTED_FEATURES] = {"SUPPORTED_FEATURES", NOTE_NUMBER},
    [XEN_ELFNOTE_PHYS32_ENTRY] = {"PHYS32_ENTRY", NOTE_NUMBER},
    [XEN_ELFNOTE_PHYS32_RELOC] = {"PHYS32_RELOC", NOTE_IGNORED},
};

/* The keys of the legacy __xen_guest string and the notes they stand for.
 * HYPERCALL_PAGE is a page number there, not an address. */
static const struct legacy_key {
    const char *key;
    unsigned type;
    enum note_format format;
} legacy_keys[] = {
    {"GUEST_OS", XEN_ELFNOTE_GUEST_OS, NOTE_STRING},
    {"GUEST_VER", XEN_ELFNOTE_GUEST_VERSION, NOTE_STRING},
    {"XEN_VER", XEN_ELFNOTE_XEN_VERSION, NOTE_STRING},
    {"LOADER", XEN_ELFNOTE_LOADER, NOTE_STRING},
    {"PAE", XEN_ELFNOTE_PAE_MODE, NOTE_STRING},
    {"FEATURES", XEN_ELFNOTE_FEATURES, NOTE_STRING},
    {"BSD_SYMTAB", XEN_ELFNOTE_BSD_SYMTAB, NOTE_STRING},
    {"VIRT_BASE", XEN_ELFNOTE_VIRT_BASE, NOTE_NUMBER},
    {"VIRT_ENTRY", XEN_ELFNOTE_ENTRY, NOTE_NUMBER},
    {"ELF_PADDR_OFFSET", XEN_ELFNOTE_PADDR_OFFSET, NOTE_NUMBER},
    {"HYPERCALL_PAGE", XEN_ELFNOTE_HYPERCALL_PAGE, NOTE_NUMBER},
};

/* Everything one parse needs beyond what it reports in *info. */
struct parse {
    const uint8_t *image;
    size_t size;
    const struct elf_limits *limits;
    struct elf_image_info *info;
    const char *why;   /* the reason for the failure */
    size_t reason_len; /* bytes used in info->reason */
    struct elf64_ehdr eh;
    unsigned xen_notes; /* Xen notes seen */
    bool legacy;        /* a __xen_guest section stood in for the notes */
    bool has_entry, has_virt_base, has_paddr_offset;
    /* For each info->segments[i]: the index of its program header. */
    unsigned seg_phdr[ELF_MAX_SEGMENTS];
};

/* ---- Failure reasons ---------------------------------------------------- */

static int fail(struct parse *p, int err, const char *why)
{
    p->why = why;
    return err;
}

/* Appends to info->reason, truncating quietly. The reason reaches the
 * console, so bytes from the image that are not printable become '?'. */
static void say(struct parse *p, const char *s, size_t n)
{
    char *reason = p->info->reason;
    size_t i;

    for (i = 0; i < n && p->reason_len < ELF_REASON_MAX - 1; i++) {
        char c = s[i];
        reason[p->reason_len++] = c >= ' ' && c <= '~' ? c : '?';
    }
    reason[p->reason_len] = '\0';
}

static void say_str(struct parse *p, const char *s)
{
    say(p, s, strlen(s));
}

static void say_num(struct parse *p, uint64_t v)
{
    char digits[20]; /* UINT64_MAX has 20 */
    size_t n = 0;

    do {
        digits[sizeof(digits) - ++n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    say(p, digits + sizeof(digits) - n, n);
}

static int fail_said(struct parse *p, int err)
{
    p->why = p->info->reason;
    return err;
}

/* "segment N WHAT" or "section N WHAT". */
static int fail_at(struct parse *p, int err, const char *kind, uint64_t index,
                   const char *what)
{
    say_str(p, kind);
    say_str(p, " ");
    say_num(p, index);
    say_str(p, " ");
    say_str(p, what);
    return fail_said(p, err);
}

/* ---- Reading the image -------------------------------------------------- */

/* Is [off, off + len) inside the image? */
static bool in_file(const struct parse *p, uint64_t off, uint64_t len)
{
    return off <= p->size && len <= p->size - off;
}

/* Is a table of n entries of entsize bytes at off inside the image? The
 * product fits: both factors come from 16-bit header fields. */
static bool table_in_file(const struct parse *p, uint64_t off, uint64_t n,
                          uint64_t entsize)
{
    return in_file(p, off, n * entsize);
}

/* Only for tables already checked with table_in_file(). */
static void read_phdr(const struct parse *p, unsigned i, struct elf64_phdr *ph)
{
    memcpy(ph, p->image + p->eh.e_phoff + (uint64_t)i * sizeof(*ph),
           sizeof(*ph));
}

static void read_shdr(const struct parse *p, unsigned i, struct elf64_shdr *sh)
{
    memcpy(sh, p->image + p->eh.e_shoff + (uint64_t)i * sizeof(*sh),
           sizeof(*sh));
}

static bool span_is(const char *s, size_t n, const char *lit)
{
    return n == strlen(lit) && !memcmp(s, lit, n);
}

static bool starts_with(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* Length of s[0, len) up to the first c. */
static size_t span_until(const char *s, size_t len, char c)
{
    size_t n = 0;

    while (n < len && s[n] != c)
        n++;
    return n;
}

/* Copies s[0, len) as a NUL-terminated string, cut to fit. */
static void copy_string(char *dst, size_t cap, const char *s, size_t len)
{
    size_t n = MIN(len, cap - 1);

    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* ---- The ELF header ----------------------------------------------------- */

static int check_header(struct parse *p)
{
    const uint8_t *id = p->image;
    struct elf64_ehdr *eh = &p->eh;

    if (p->size < SELFMAG || memcmp(id, ELFMAG, SELFMAG))
        return fail(p, -XEN_EINVAL, "not an ELF file");
    if (p->size < EI_NIDENT)
        return fail(p, -XEN_EINVAL, "truncated ELF header");
    if (id[EI_CLASS] != ELFCLASS64)
        return fail(p, -XEN_EINVAL, "not ELF64");
    if (id[EI_DATA] != ELFDATA2LSB)
        return fail(p, -XEN_EINVAL, "not little-endian");
    if (id[EI_VERSION] != EV_CURRENT)
        return fail(p, -XEN_EINVAL, "unknown ELF version");
    if (p->size < sizeof(*eh))
        return fail(p, -XEN_EINVAL, "truncated ELF header");
    memcpy(eh, p->image, sizeof(*eh));
    if (eh->e_machine != EM_X86_64)
        return fail(p, -XEN_EINVAL, "not x86-64");
    if (eh->e_type != ET_EXEC)
        return fail(p, -XEN_EINVAL, "not an executable");
    if (eh->e_phnum && eh->e_phentsize != sizeof(struct elf64_phdr))
        return fail(p, -XEN_EINVAL, "bad program header size");
    if (!table_in_file(p, eh->e_phoff, eh->e_phnum, sizeof(struct elf64_phdr)))
        return fail(p, -XEN_EINVAL, "program header table outside the file");
    return 0;
}

/* ---- PT_LOAD segments --------------------------------------------------- */

/*
 * Xen's loader ignores p_vaddr and p_align: a segment goes where its
 * p_paddr says (place_image()), and it is copied byte by byte, so only
 * the file range, the sizes and the physical end are checked here.
 */
static int check_segment(struct parse *p, unsigned i,
                         const struct elf64_phdr *ph)
{
    if (!in_file(p, ph->p_offset, ph->p_filesz))
        return fail_at(p, -XEN_EINVAL, "segment", i,
                       "extends past the end of the file");
    if (ph->p_memsz < ph->p_filesz)
        return fail_at(p, -XEN_EINVAL, "segment", i, "has memsz below filesz");
    if (ph->p_memsz > ELF_IMAGE_MAX)
        return fail_at(p, -XEN_E2BIG, "segment", i, "is too large");
    if (ph->p_paddr > UINT64_MAX - ph->p_memsz)
        return fail(p, -XEN_EINVAL, "address overflow");
    return 0;
}

static int add_segment(struct parse *p, unsigned i, const struct elf64_phdr *ph)
{
    struct elf_image_info *info = p->info;
    struct elf_segment *seg;

    if (ph->p_memsz == 0)
        return 0; /* loads nothing, occupies nothing */
    if (info->nr_segments == ELF_MAX_SEGMENTS)
        return fail(p, -XEN_E2BIG, "too many loadable segments");
    p->seg_phdr[info->nr_segments] = i;
    seg = &info->segments[info->nr_segments++];
    seg->offset = ph->p_offset;
    seg->filesz = ph->p_filesz;
    seg->paddr = ph->p_paddr;
    seg->memsz = ph->p_memsz;
    seg->flags = ph->p_flags;
    return 0;
}

static int scan_segments(struct parse *p)
{
    struct elf64_phdr ph;
    unsigned i;
    int rc;

    for (i = 0; i < p->eh.e_phnum; i++) {
        read_phdr(p, i, &ph);
        /* Xen loads a PT_LOAD only if it is readable, writable or
         * executable. */
        if (ph.p_type != PT_LOAD || !(ph.p_flags & (PF_R | PF_W | PF_X)))
            continue;
        rc = check_segment(p, i, &ph);
        if (!rc)
            rc = add_segment(p, i, &ph);
        if (rc)
            return rc;
    }
    if (!p->info->nr_segments)
        return fail(p, -XEN_EINVAL, "no loadable segment");
    return 0;
}

static bool segment_contains(const struct elf_segment *s, uint64_t va)
{
    return va >= s->vaddr && va - s->vaddr < s->memsz;
}

/* Compares every pair, so the segments may come in any order. Two ranges
 * overlap exactly when one of them starts inside the other. */
static int check_overlaps(struct parse *p)
{
    const struct elf_segment *s = p->info->segments;
    unsigned i, j, n = p->info->nr_segments;

    for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
            if (!segment_contains(&s[i], s[j].vaddr) &&
                !segment_contains(&s[j], s[i].vaddr))
                continue;
            say_str(p, "segments ");
            say_num(p, p->seg_phdr[i]);
            say_str(p, " and ");
            say_num(p, p->seg_phdr[j]);
            say_str(p, " overlap");
            return fail_said(p, -XEN_EINVAL);
        }
    }
    return 0;
}

/* The page-rounded virtual extent of all segments. */
static int measure_image(struct parse *p)
{
    struct elf_image_info *info = p->info;
    uint64_t lo = UINT64_MAX, hi = 0, page = p->limits->page_size;
    unsigned i;

    for (i = 0; i < info->nr_segments; i++) {
        /* place_segment() made sure vaddr + memsz does not wrap. */
        lo = MIN(lo, info->segments[i].vaddr);
        hi = MAX(hi, info->segments[i].vaddr + info->segments[i].memsz);
    }
    if (hi > UINT64_MAX - (page - 1))
        return fail(p, -XEN_EINVAL, "address overflow");
    info->virt_kstart = ALIGN_DOWN(lo, page);
    info->virt_kend = ALIGN_UP(hi, page);
    if (info->virt_kend - info->virt_kstart > ELF_IMAGE_MAX)
        return fail(p, -XEN_E2BIG, "image too large");
    return 0;
}

/* ---- Note contents ------------------------------------------------------ */

static int fail_feature(struct parse *p, const char *name, size_t n)
{
    say_str(p, "requires unsupported feature ");
    say(p, name, n);
    return fail_said(p, -XEN_EINVAL);
}

/* One name from FEATURES; a '!' before it makes the feature required. */
static int apply_feature(struct parse *p, const char *name, size_t n)
{
    struct elf_image_info *info = p->info;
    bool required = n && name[0] == '!';
    unsigned bit;

    if (required) {
        name++;
        n--;
    }
    for (bit = 0; bit < ARRAY_SIZE(feature_names); bit++) {
        if (feature_names[bit] && span_is(name, n, feature_names[bit]))
            break;
    }
    if (bit == ARRAY_SIZE(feature_names))
        /* Xen ignores a feature it does not know, unless it is needed. */
        return required ? fail_feature(p, name, n) : 0;
    info->features_supported |= 1u << bit;
    if (required)
        info->features_required |= 1u << bit;
    return 0;
}

static int parse_features(struct parse *p, const char *s, size_t len)
{
    size_t pos = 0, n;
    int rc;

    while (pos < len) {
        n = span_until(s + pos, len - pos, '|');
        if (n) {
            rc = apply_feature(p, s + pos, n);
            if (rc)
                return rc;
        }
        pos += n + 1; /* past the '|', or one past the end: both stop */
    }
    return 0;
}

/* s[0, len) need not be terminated; the string ends at the first NUL. */
static int apply_string(struct parse *p, unsigned type, const char *s,
                        size_t len)
{
    struct elf_image_info *info = p->info;

    len = strnlen(s, len);
    switch (type) {
    case XEN_ELFNOTE_GUEST_OS:
        copy_string(info->guest_os, sizeof(info->guest_os), s, len);
        break;
    case XEN_ELFNOTE_GUEST_VERSION:
        copy_string(info->guest_version, sizeof(info->guest_version), s, len);
        break;
    case XEN_ELFNOTE_XEN_VERSION:
        copy_string(info->xen_version, sizeof(info->xen_version), s, len);
        break;
    case XEN_ELFNOTE_LOADER:
        copy_string(info->loader, sizeof(info->loader), s, len);
        break;
    case XEN_ELFNOTE_FEATURES:
        /* Parsed from the image, not from the copy, which may be cut. */
        copy_string(info->features, sizeof(info->features), s, len);
        return parse_features(p, s, len);
    case XEN_ELFNOTE_BSD_SYMTAB:
        info->bsd_symtab = span_is(s, len, "yes");
        break;
    default: /* INFO and PAE_MODE tell a 64-bit builder nothing */
        break;
    }
    return 0;
}

static void apply_number(struct parse *p, unsigned type, uint64_t v)
{
    struct elf_image_info *info = p->info;

    switch (type) {
    case XEN_ELFNOTE_ENTRY:
        info->entry = v;
        p->has_entry = true;
        break;
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        info->hypercall_page = v;
        info->has_hypercall_page = true;
        break;
    case XEN_ELFNOTE_VIRT_BASE:
        info->virt_base = v;
        p->has_virt_base = true;
        break;
    case XEN_ELFNOTE_PADDR_OFFSET:
        info->paddr_offset = v;
        p->has_paddr_offset = true;
        break;
    case XEN_ELFNOTE_SUSPEND_CANCEL:
        info->suspend_cancel = v != 0;
        break;
    case XEN_ELFNOTE_INIT_P2M:
        info->init_p2m = v;
        info->has_init_p2m = true;
        break;
    case XEN_ELFNOTE_MOD_START_PFN:
        info->mod_start_pfn = v != 0;
        break;
    case XEN_ELFNOTE_SUPPORTED_FEATURES:
        /* The low 32 bits are XENFEAT submap 0, the only one defined. */
        info->features_supported |= (uint32_t)v;
        info->has_supported_features = true;
        break;
    default: /* HV_START_LOW, PHYS32_ENTRY: 32-bit and PVH guests only */
        break;
    }
}

/* ---- Notes -------------------------------------------------------------- */

/* A little-endian number of 1, 2, 4 or 8 bytes. */
static bool read_number(const uint8_t *b, size_t n, uint64_t *out)
{
    uint64_t v = 0;

    if (n != sizeof(uint8_t) && n != sizeof(uint16_t) &&
        n != sizeof(uint32_t) && n != sizeof(uint64_t))
        return false;
    while (n--)
        v = v << 8 | b[n];
    *out = v;
    return true;
}

/* One "Xen" note; its descriptor is image[desc, desc + len). */
static int apply_note(struct parse *p, uint32_t type, uint64_t desc,
                      uint32_t len)
{
    const struct note_kind *kind;
    uint64_t v;

    if (type >= ARRAY_SIZE(note_kinds) || !note_kinds[type].name)
        return 0; /* newer than this parser: Xen skips those too */
    kind = &note_kinds[type];
    if (kind->format == NOTE_STRING)
        return apply_string(p, type, (const char *)p->image + desc, len);
    if (kind->format != NOTE_NUMBER)
        return 0;
    if (!read_number(p->image + desc, len, &v)) {
        say_str(p, kind->name);
        say_str(p, " note is not 1, 2, 4 or 8 bytes");
        return fail_said(p, -XEN_EINVAL);
    }
    apply_number(p, type, v);
    return 0;
}

/* Walks the notes in image[off, off + len), a range inside the file. */
static int parse_notes(struct parse *p, uint64_t off, uint64_t len)
{
    uint64_t rest = len, name, desc, name_pad, desc_pad;
    struct elf64_nhdr nh;
    int rc;

    while (rest >= sizeof(nh)) {
        memcpy(&nh, p->image + off, sizeof(nh));
        name = off + sizeof(nh);
        rest -= sizeof(nh);
        name_pad = ALIGN_UP((uint64_t)nh.n_namesz, ELF_NOTE_ALIGN);
        desc_pad = ALIGN_UP((uint64_t)nh.n_descsz, ELF_NOTE_ALIGN);
        if (name_pad > rest || nh.n_descsz > rest - name_pad)
            return fail(p, -XEN_EINVAL, "truncated note");
        desc = name + name_pad;
        rest -= name_pad;
        if (nh.n_namesz == sizeof(XEN_NOTE_NAME) &&
            !memcmp(p->image + name, XEN_NOTE_NAME, sizeof(XEN_NOTE_NAME))) {
            rc = apply_note(p, nh.n_type, desc, nh.n_descsz);
            if (rc)
                return rc;
            p->xen_notes++;
        }
        /* The last note may end without its padding. */
        desc_pad = MIN(desc_pad, rest);
        off = desc + desc_pad;
        rest -= desc_pad;
    }
    return 0;
}

static int notes_from_segments(struct parse *p)
{
    struct elf64_phdr ph;
    unsigned i;
    int rc;

    for (i = 0; i < p->eh.e_phnum; i++) {
        read_phdr(p, i, &ph);
        /* Some binutils leave p_offset 0 in note segments; Xen skips them. */
        if (ph.p_type != PT_NOTE || ph.p_offset == 0)
            continue;
        if (!in_file(p, ph.p_offset, ph.p_filesz))
            return fail_at(p, -XEN_EINVAL, "segment", i,
                           "extends past the end of the file");
        rc = parse_notes(p, ph.p_offset, ph.p_filesz);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- Sections: SHT_NOTE and the legacy __xen_guest ---------------------- */

/* Sets *present when the image has a section table, after checking it. */
static int check_sections(struct parse *p, bool *present)
{
    const struct elf64_ehdr *eh = &p->eh;

    *present = eh->e_shnum != 0 && eh->e_shoff != 0;
    if (!*present)
        return 0;
    if (eh->e_shentsize != sizeof(struct elf64_shdr))
        return fail(p, -XEN_EINVAL, "bad section header size");
    if (!table_in_file(p, eh->e_shoff, eh->e_shnum, sizeof(struct elf64_shdr)))
        return fail(p, -XEN_EINVAL, "section header table outside the file");
    return 0;
}

static int section_contents(struct parse *p, unsigned i, struct elf64_shdr *sh)
{
    read_shdr(p, i, sh);
    if (!in_file(p, sh->sh_offset, sh->sh_size))
        return fail_at(p, -XEN_EINVAL, "section", i,
                       "extends past the end of the file");
    return 0;
}

/* Section 0 is the null section in every table, hence the loops from 1. */
static int notes_from_sections(struct parse *p)
{
    struct elf64_shdr sh;
    unsigned i;
    int rc;

    for (i = 1; i < p->eh.e_shnum; i++) {
        read_shdr(p, i, &sh);
        if (sh.sh_type != SHT_NOTE)
            continue;
        rc = section_contents(p, i, &sh);
        if (!rc)
            rc = parse_notes(p, sh.sh_offset, sh.sh_size);
        if (rc)
            return rc;
    }
    return 0;
}

/* Is name offset 'name' in the string table section 'strtab' equal to s? */
static bool section_named(const struct parse *p,
                          const struct elf64_shdr *strtab, uint32_t name,
                          const char *s)
{
    size_t n = strlen(s) + 1;

    return name <= strtab->sh_size && n <= strtab->sh_size - name &&
           !memcmp(p->image + strtab->sh_offset + name, s, n);
}

/* Finds __xen_guest; *sh keeps sh_size 0 when there is none. */
static int find_legacy_section(struct parse *p, struct elf64_shdr *sh)
{
    struct elf64_shdr strtab;
    unsigned i, names = p->eh.e_shstrndx;
    int rc;

    memset(sh, 0, sizeof(*sh));
    if (names == SHN_UNDEF || names >= p->eh.e_shnum)
        return 0;
    rc = section_contents(p, names, &strtab);
    if (rc)
        return rc;
    for (i = 1; i < p->eh.e_shnum; i++) {
        read_shdr(p, i, sh);
        if (section_named(p, &strtab, sh->sh_name, LEGACY_SECTION)) {
            p->legacy = true;
            return section_contents(p, i, sh);
        }
    }
    memset(sh, 0, sizeof(*sh));
    return 0;
}

static int legacy_number(struct parse *p, const struct legacy_key *k,
                         const char *val, size_t len)
{
    char text[LEGACY_NUMBER_MAX];
    const char *end;
    uint64_t v;

    if (len < sizeof(text)) {
        memcpy(text, val, len);
        text[len] = '\0';
        if (parse_u64(text, &end, &v) && *end == '\0') {
            apply_number(p, k->type, v);
            return 0;
        }
    }
    say_str(p, "__xen_guest ");
    say_str(p, k->key);
    say_str(p, " is not a number");
    return fail_said(p, -XEN_EINVAL);
}

/* One KEY=VALUE item; Xen ignores items without '=' and unknown keys. */
static int apply_legacy_item(struct parse *p, const char *item, size_t n)
{
    size_t klen = span_until(item, n, '='), i;
    const char *val = item + klen + 1;

    if (klen == n)
        return 0;
    for (i = 0; i < ARRAY_SIZE(legacy_keys); i++) {
        const struct legacy_key *k = &legacy_keys[i];

        if (!span_is(item, klen, k->key))
            continue;
        if (k->format == NOTE_STRING)
            return apply_string(p, k->type, val, n - klen - 1);
        return legacy_number(p, k, val, n - klen - 1);
    }
    return 0;
}

/* The section holds "KEY=VALUE,KEY=VALUE...", ending at a NUL or its end. */
static int parse_legacy(struct parse *p, const struct elf64_shdr *sh)
{
    const char *s = (const char *)p->image + sh->sh_offset;
    size_t len = strnlen(s, sh->sh_size), pos = 0, n;
    int rc;

    p->info->legacy_xen_guest = true;
    while (pos < len) {
        n = span_until(s + pos, len - pos, ',');
        rc = apply_legacy_item(p, s + pos, n);
        if (rc)
            return rc;
        pos += n + 1;
    }
    return 0;
}

/* Notes come from PT_NOTE segments, else SHT_NOTE sections, else the old
 * __xen_guest string: the first source with anything for Xen wins. */
static int find_notes(struct parse *p)
{
    struct elf64_shdr legacy;
    bool sections;
    int rc;

    rc = notes_from_segments(p);
    if (rc || p->xen_notes)
        return rc;
    rc = check_sections(p, &sections);
    if (rc || !sections)
        return rc;
    rc = notes_from_sections(p);
    if (rc || p->xen_notes)
        return rc;
    rc = find_legacy_section(p, &legacy);
    if (rc || !p->legacy)
        return rc;
    return parse_legacy(p, &legacy);
}

/* ---- What the notes say ------------------------------------------------- */

static int check_notes(struct parse *p)
{
    struct elf_image_info *info = p->info;

    if (!p->xen_notes && !p->legacy)
        return fail(p, -XEN_EINVAL, "no Xen notes");
    info->loader_ok = starts_with(info->loader, "generic") ||
                      starts_with(info->guest_os, "linux");
    if (!info->loader_ok)
        return fail(p, -XEN_EINVAL, "LOADER note is not generic");
    if (!starts_with(info->xen_version, "xen-3.0"))
        return fail(p, -XEN_EINVAL, "XEN_VERSION note is not xen-3.0");
    return 0;
}

/* In __xen_guest, HYPERCALL_PAGE counts pages from VIRT_BASE. */
static int legacy_hypercall_page(struct parse *p)
{
    struct elf_image_info *info = p->info;
    uint64_t pfn = info->hypercall_page, page = p->limits->page_size;

    if (!p->legacy || !info->has_hypercall_page)
        return 0;
    if (pfn > UINT64_MAX / page || pfn * page > UINT64_MAX - info->virt_base)
        return fail(p, -XEN_EINVAL, "address overflow");
    info->hypercall_page = info->virt_base + pfn * page;
    return 0;
}

/*
 * Where Xen's libelf puts a segment: its pseudo-physical address is
 * p_paddr - PADDR_OFFSET, and pseudo-physical 0 is at VIRT_BASE. p_vaddr
 * plays no part; in Linux's per-CPU segment it is 0.
 */
static int place_segment(struct parse *p, struct elf_segment *seg)
{
    const struct elf_image_info *info = p->info;
    uint64_t pseudo;

    if (seg->paddr < info->paddr_offset)
        return fail(p, -XEN_EINVAL,
                    "contradictory notes: p_paddr below PADDR_OFFSET");
    pseudo = seg->paddr - info->paddr_offset;
    if (pseudo > UINT64_MAX - info->virt_base ||
        info->virt_base + pseudo > UINT64_MAX - seg->memsz)
        return fail(p, -XEN_EINVAL, "address overflow");
    seg->vaddr = info->virt_base + pseudo;
    return 0;
}

/* The defaults of the notes that fix the placement, as Xen's libelf
 * chooses them, then each segment's virtual address. */
static int place_image(struct parse *p)
{
    struct elf_image_info *info = p->info;
    unsigned i;
    int rc;

    if (p->has_paddr_offset && !p->has_virt_base)
        return fail(p, -XEN_EINVAL,
                    "contradictory notes: PADDR_OFFSET without VIRT_BASE");
    /* Old kernels with __xen_guest set p_paddr to the virtual address. */
    if (!p->has_paddr_offset)
        info->paddr_offset = p->legacy ? info->virt_base : 0;
    if (!p->has_entry)
        info->entry = p->eh.e_entry;
    if (!IS_ALIGNED(info->virt_base, p->limits->page_size))
        return fail(p, -XEN_EINVAL, "VIRT_BASE is not page aligned");
    for (i = 0; i < info->nr_segments; i++) {
        rc = place_segment(p, &info->segments[i]);
        if (rc)
            return rc;
    }
    return legacy_hypercall_page(p);
}

static bool in_image(const struct elf_image_info *info, uint64_t va)
{
    return va >= info->virt_kstart && va < info->virt_kend;
}

static int check_addresses(struct parse *p)
{
    const struct elf_image_info *info = p->info;

    if (info->virt_kend > p->limits->va_hole_start &&
        info->virt_kstart < p->limits->va_hole_end)
        return fail(p, -XEN_EINVAL,
                    "image does not fit below the hypervisor range");
    if (!in_image(info, info->entry))
        return fail(p, -XEN_EINVAL, "entry point outside the image");
    if (info->has_hypercall_page &&
        !IS_ALIGNED(info->hypercall_page, p->limits->page_size))
        return fail(p, -XEN_EINVAL, "HYPERCALL_PAGE is not page aligned");
    /* Aligned, and virt_kend is too: the whole page is inside. */
    if (info->has_hypercall_page && !in_image(info, info->hypercall_page))
        return fail(p, -XEN_EINVAL, "HYPERCALL_PAGE outside the image");
    if (info->has_init_p2m && in_image(info, info->init_p2m))
        return fail(p, -XEN_EINVAL, "INIT_P2M inside the image");
    return 0;
}

/* ---- The interface ------------------------------------------------------ */

int elf_parse_image(const void *image, size_t size,
                    const struct elf_limits *limits,
                    struct elf_image_info *info, const char **why)
{
    struct parse p = {
        .image = image, .size = size, .limits = limits, .info = info};
    int rc;

    memset(info, 0, sizeof(*info));
    rc = check_header(&p);
    if (!rc)
        rc = scan_segments(&p);
    if (!rc)
        rc = find_notes(&p);
    if (!rc)
        rc = check_notes(&p);
    if (!rc)
        rc = place_image(&p);
    if (!rc)
        rc = measure_image(&p);
    if (!rc)
        rc = check_overlaps(&p);
    if (!rc)
        rc = check_addresses(&p);
    if (why)
        *why = rc ? p.why : NULL;
    return rc;
}

void elf_load_segments(const void *image, const struct elf_image_info *info,
                       void (*copy)(void *ctx, uint64_t vaddr, const void *src,
                                    size_t len),
                       void (*zero)(void *ctx, uint64_t vaddr, size_t len),
                       void *ctx)
{
    const struct elf_segment *seg;
    unsigned i;

    for (i = 0; i < info->nr_segments; i++) {
        seg = &info->segments[i];
        if (seg->filesz)
            copy(ctx, seg->vaddr, (const uint8_t *)image + seg->offset,
                 seg->filesz);
        if (seg->memsz > seg->filesz)
            zero(ctx, seg->vaddr + seg->filesz, seg->memsz - seg->filesz);
    }
}

int elf_check_dom0_features(const struct elf_image_info *info, const char **why)
{
    if (info->features_required & 1u << XENFEAT_supervisor_mode_kernel) {
        *why = "the kernel requires supervisor-mode execution "
               "(supervisor_mode_kernel)";
        return -XEN_EINVAL;
    }
    if (info->has_supported_features &&
        !(info->features_supported & 1u << XENFEAT_dom0)) {
        *why = "the kernel does not support dom0 operation (its "
               "SUPPORTED_FEATURES lack XENFEAT_dom0)";
        return -XEN_EINVAL;
    }
    *why = NULL;
    return 0;
}
