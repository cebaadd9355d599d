/*
 * The start-of-day layout of a PV x86-64 domU, as Xen's libxenguest lays
 * it out (docs/architecture.md, "How dom0 builds a domain"): pure
 * arithmetic from the parsed kernel image and the domain's memory size,
 * plus the contents that follow from it alone (page tables, start_info,
 * vCPU 0's registers). No hypercall here, so the host tests check every
 * number; builder.c does the hypercalls.
 *
 * The initial mapping starts at the image's VIRT_BASE; pseudo-physical
 * frame p is at VIRT_BASE + p * 4096. The pieces follow each other, each
 * on a page boundary:
 *
 *   kernel | p2m | start_info | xenstore | console | page tables
 *   (L4, L3s, L2s, L1s) | boot stack | padding, >= 512 KiB, to a 4 MiB
 *   boundary
 *
 * Frames below the kernel (between VIRT_BASE and the image's first page)
 * are mapped but belong to no piece. Frames past the mapping are in the
 * p2m but not mapped.
 */
#ifndef DOM0_BUILD_LAYOUT_H
#define DOM0_BUILD_LAYOUT_H

#include <lib/elf.h>
#include <parasol/memory.h>
#include <public/arch-x86/xen.h>
#include <public/xen.h>
#include <stdint.h>

/* start_info.magic of a 64-bit PV guest. */
#define LAYOUT_MAGIC "xen-3.0-x86_64"
/* What follows the boot stack before the 4 MiB boundary, at least. */
#define LAYOUT_PADDING_MIN (512 * 1024)
/* The mapping ends on a multiple of this. */
#define LAYOUT_MAPPING_ALIGN (4 * 1024 * 1024)

/*
 * Where everything goes. Each piece is given by its first frame; its
 * virtual address is layout_va(l, pfn).
 */
struct build_layout {
    uint64_t virt_base; /* VA of frame 0 (the VIRT_BASE note) */
    uint64_t nr_pages;  /* the domain's frames; entries of the p2m */
    uint64_t kernel_pfn, kernel_pages; /* [virt_kstart, virt_kend) */
    uint64_t p2m_pfn, p2m_pages;       /* nr_pages entries of 8 bytes */
    uint64_t start_info_pfn;
    uint64_t xenstore_pfn;
    uint64_t console_pfn;
    uint64_t pt_pfn;                   /* the L4; the others follow it */
    uint64_t nr_tables[PT_LEVELS + 1]; /* per level, [1] L1 .. [4] L4 */
    uint64_t nr_pt_frames;             /* their sum */
    uint64_t stack_pfn;
    uint64_t virt_end;     /* end of the mapping, 4 MiB aligned */
    uint64_t mapped_pages; /* frames in [virt_base, virt_end) */
};

/* What start_info takes from outside the layout. */
struct layout_start_args {
    const xen_pfn_t *p2m;    /* the domain's frames, nr_pages of them */
    xen_pfn_t shared_info;   /* frame of shared_info (getdomaininfo) */
    const char *cmdline;     /* cut to MAX_GUEST_CMDLINE - 1 bytes */
    uint32_t store_evtchn;   /* 0: no xenstore */
    uint32_t console_evtchn; /* 0: no console backend */
};

/*
 * Lays out a domain of nr_pages frames for image, inside what limits
 * allows. Returns 0, or a negative Xen errno with *why saying what is
 * wrong: -XEN_EINVAL for an image the layout cannot place (it starts
 * below its VIRT_BASE, the mapping would reach the address hole or wrap),
 * -XEN_ENOMEM when nr_pages cannot hold the initial mapping.
 */
int layout_compute(const struct elf_image_info *image, uint64_t nr_pages,
                   const struct elf_limits *limits, struct build_layout *l,
                   const char **why);

static inline uint64_t layout_va(const struct build_layout *l, uint64_t pfn)
{
    return l->virt_base + pfn * PAGE_SIZE;
}

/* The pseudo-physical frame of a mapped address. */
static inline uint64_t layout_pfn(const struct build_layout *l, uint64_t va)
{
    return (va - l->virt_base) / PAGE_SIZE;
}

/*
 * The contents of page-table frame 'table' (0 is the L4, then the L3s,
 * L2s and L1s) for a domain whose frames are p2m[]: each entry maps its
 * part of [virt_base, virt_end), the page tables read-only, and is 0
 * outside it.
 */
void layout_page_table(const struct build_layout *l, const xen_pfn_t *p2m,
                       uint64_t table, uint64_t entries[PT_ENTRIES]);

/* The start_info page, zeroed and filled. */
void layout_start_info(const struct build_layout *l,
                       const struct layout_start_args *a, start_info_t *si);

/* vCPU 0's first context: at the entry point, in kernel mode, on the
 * boot stack, rsi at start_info, cr3 at the L4. */
void layout_vcpu_context(const struct build_layout *l,
                         const struct elf_image_info *image,
                         const xen_pfn_t *p2m, vcpu_guest_context_t *ctx);

#endif /* DOM0_BUILD_LAYOUT_H */
