/*
 * The guest kernel image parser: checks an ELF64 x86-64 PV kernel, reads
 * its Xen notes (or the legacy __xen_guest section) and reports where
 * each loadable segment goes in the guest's virtual address space. One
 * source (hv/lib/elf.c) serves both domain builders: the hypervisor's,
 * which builds dom0, and dom0's, which builds every other domain. It is
 * plain freestanding C11, no allocation, no hypervisor header (what the
 * guest's architecture allows comes in as struct elf_limits), and every
 * byte of the image is treated as hostile.
 *
 * The ELF64 definitions below are the few a loader needs (System V gABI,
 * x86-64 psABI), spelled out here because the hypervisor has no C library
 * and must not depend on the host's <elf.h>.
 */
#ifndef LIB_ELF_H
#define LIB_ELF_H

#include <lib/macros.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* e_ident[]: the first bytes of every ELF file. */
#define EI_NIDENT 16
#define EI_CLASS 4   /* index of the class byte */
#define EI_DATA 5    /* index of the byte-order byte */
#define EI_VERSION 6 /* index of the ident version byte */
#define ELFMAG "\177ELF"
#define SELFMAG 4
#define ELFCLASS64 2
#define ELFDATA2LSB 1 /* little-endian */
#define EV_CURRENT 1

#define ET_EXEC 2
#define EM_X86_64 62

/* Program header types and flags. */
#define PT_LOAD 1
#define PT_NOTE 4
#define PF_X 1
#define PF_W 2
#define PF_R 4

/* Section header types and the "no section" index. */
#define SHT_NOTE 7
#define SHN_UNDEF 0

/* Note name and descriptor are padded to 4 bytes, also in ELF64 files. */
#define ELF_NOTE_ALIGN 4

struct elf64_ehdr {
    uint8_t e_ident[EI_NIDENT];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff; /* file offset of the program header table */
    uint64_t e_shoff; /* file offset of the section header table */
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx; /* section holding the section names */
};

struct elf64_phdr {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
};

struct elf64_shdr {
    uint32_t sh_name; /* offset of the name in the e_shstrndx section */
    uint32_t sh_type;
    uint64_t sh_flags;
    uint64_t sh_addr;
    uint64_t sh_offset;
    uint64_t sh_size;
    uint32_t sh_link;
    uint32_t sh_info;
    uint64_t sh_addralign;
    uint64_t sh_entsize;
};

/* A note header; the name, then the descriptor, follow it. */
struct elf64_nhdr {
    uint32_t n_namesz; /* including the terminating NUL */
    uint32_t n_descsz;
    uint32_t n_type;
};

/* The file format fixes these sizes; the parser reads headers by them. */
_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header size");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header size");
_Static_assert(sizeof(struct elf64_shdr) == 64, "ELF64 section header size");
_Static_assert(sizeof(struct elf64_nhdr) == 12, "ELF note header size");

/* Limits the parser enforces on a guest kernel. */
#define ELF_MAX_SEGMENTS 16  /* PT_LOAD segments with a non-zero memsz */
#define ELF_IMAGE_MAX GiB(1) /* virt_kend - virt_kstart */
#define ELF_STRING_MAX 64    /* copied note strings, with the NUL */
#define ELF_FEATURES_MAX 256 /* the copied FEATURES string, with the NUL */
#define ELF_REASON_MAX 96    /* a failure reason, with the NUL */

/*
 * What the guest's architecture allows, from the builder that calls the
 * parser: its page size, and the virtual addresses no guest may use (the
 * range the ABI keeps for the hypervisor and, on x86-64, the
 * non-canonical hole just below it), which the image must stay out of.
 */
struct elf_limits {
    uint64_t page_size;     /* a power of two */
    uint64_t va_hole_start; /* the first address a guest may not use */
    uint64_t va_hole_end;   /* the first one past the hole it may use */
};

/* One PT_LOAD segment, at its final guest virtual address. */
struct elf_segment {
    uint64_t offset; /* of the file contents in the image */
    uint64_t filesz; /* bytes copied from the image */
    uint64_t paddr;  /* p_paddr, which alone places the segment */
    uint64_t vaddr;  /* VIRT_BASE + p_paddr - PADDR_OFFSET (not p_vaddr) */
    uint64_t memsz;  /* filesz plus the zeroed tail (bss) */
    uint32_t flags;  /* PF_R, PF_W, PF_X */
};

/* What the builder needs to know about an image, all checked. */
struct elf_image_info {
    uint64_t entry;          /* virtual address of the first instruction */
    uint64_t virt_base;      /* virtual address of pseudo-physical 0 */
    uint64_t paddr_offset;   /* pseudo-physical = p_paddr - paddr_offset */
    uint64_t hypercall_page; /* virtual, page aligned; 0 if none */
    bool has_hypercall_page;
    uint64_t virt_kstart; /* the image's extent, page-rounded: */
    uint64_t virt_kend;   /* [virt_kstart, virt_kend) */
    uint64_t init_p2m;    /* INIT_P2M: where the p2m goes; 0 if none */
    bool has_init_p2m;

    unsigned nr_segments;
    struct elf_segment segments[ELF_MAX_SEGMENTS];

    /* Strings from the notes, NUL-terminated, truncated to fit. */
    char guest_os[ELF_STRING_MAX];
    char guest_version[ELF_STRING_MAX];
    char xen_version[ELF_STRING_MAX];
    char loader[ELF_STRING_MAX];
    char features[ELF_FEATURES_MAX];

    /* Bitmaps indexed by XENFEAT number; required implies supported. */
    uint32_t features_supported;
    uint32_t features_required;
    bool has_supported_features; /* a SUPPORTED_FEATURES note was seen */

    bool mod_start_pfn;    /* the guest takes an unmapped initrd by PFN */
    bool bsd_symtab;       /* load the symbol table after the image */
    bool suspend_cancel;   /* the guest supports suspend-cancel */
    bool loader_ok;        /* LOADER "generic" or GUEST_OS "linux" */
    bool legacy_xen_guest; /* the notes came from __xen_guest */

    /* Holds a formatted failure reason; *why may point here. */
    char reason[ELF_REASON_MAX];
};

/*
 * Check the guest kernel image[0, size) against *limits and describe it
 * in *info. Returns 0, or -XEN_EINVAL for a malformed or unsuitable image and
 * -XEN_E2BIG for one over the limits above; then *why (if why is not
 * NULL) names the problem in a short sentence, a constant string or
 * info->reason, and the rest of *info means nothing. On success *why is
 * NULL. The image may be at any alignment and hold any bytes.
 */
int elf_parse_image(const void *image, size_t size,
                    const struct elf_limits *limits,
                    struct elf_image_info *info, const char **why);

/*
 * Load a parsed image: for each segment, copy() its file contents to its
 * virtual address, then zero() the rest of its memsz. Every range lies in
 * [info->virt_kstart, info->virt_kend). 'image' must be the buffer
 * elf_parse_image() accepted with this info. Segments with nothing to
 * copy or zero get no call.
 */
void elf_load_segments(const void *image, const struct elf_image_info *info,
                       void (*copy)(void *ctx, uint64_t vaddr, const void *src,
                                    size_t len),
                       void (*zero)(void *ctx, uint64_t vaddr, size_t len),
                       void *ctx);

/*
 * Xen 4.17's rule for the features of a PV dom0 kernel: it may not
 * require supervisor_mode_kernel, and if it has a SUPPORTED_FEATURES
 * note, what it supports must include XENFEAT_dom0. Xen checks no other
 * required feature (a name it does not know already failed the parse).
 * Returns 0, or -XEN_EINVAL with *why naming the problem.
 */
int elf_check_dom0_features(const struct elf_image_info *info,
                            const char **why);

#endif /* LIB_ELF_H */
