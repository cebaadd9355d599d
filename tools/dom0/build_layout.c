/*
 * The domU start-of-day layout (build_layout.h): where each piece goes,
 * how many page tables the initial mapping needs, and the contents of
 * those tables, of start_info and of vCPU 0's context. Xen's
 * libxenguest is the model for every number (reference §2.2 and §2.3);
 * the comments say where its choices are not obvious.
 *
 * Everything is arithmetic on 64-bit virtual addresses: a kernel may sit
 * in the upper half (Linux's VIRT_BASE is 0xffffffff80000000), so every
 * sum that could wrap is checked first.
 */
#include "build_layout.h"

#include <lib/macros.h>
#include <lib/string.h>
#include <public/errno.h>

/* Page-table entry flags of the initial mapping: leaves writable but not
 * dirty, upper levels everything, as libxenguest writes them. */
#define LAYOUT_L1_FLAGS (PTE_PRESENT | PTE_RW | PTE_ACCESSED)
#define LAYOUT_UPPER_FLAGS PTE_FLAGS_TABLE

/* Debug registers at reset (Intel SDM vol. 3, 17.2). */
#define LAYOUT_DR6_DEFAULT 0xffff0ff0UL
#define LAYOUT_DR7_DEFAULT 0x00000400UL
#define LAYOUT_RFLAGS_IF (1UL << 9)

/* Bytes one table of 'level' covers (level 0: one page). */
static uint64_t table_span(int level)
{
    return (uint64_t)PAGE_SIZE << (PT_INDEX_BITS * level);
}

/* The first address covered by the tables of 'level' that map virt_base. */
static uint64_t tables_base(const struct build_layout *l, int level)
{
    return ALIGN_DOWN(l->virt_base, table_span(level));
}

/* How many tables of 'level' map [virt_base, end): one L4 always. */
static uint64_t count_tables(const struct build_layout *l, int level,
                             uint64_t end)
{
    uint64_t span = table_span(level);

    if (level == PT_LEVELS)
        return 1;
    return (end - 1) / span - l->virt_base / span + 1;
}

/* Index among the page-table frames of the first table of 'level'. */
static uint64_t first_table(const struct build_layout *l, int level)
{
    uint64_t n = 0;

    for (int upper = PT_LEVELS; upper > level; upper--)
        n += l->nr_tables[upper];
    return n;
}

/* Can frames [0, pfns) be addressed from virt_base without wrapping? */
static bool pfns_fit(const struct build_layout *l, uint64_t pfns)
{
    return pfns <= (UINT64_MAX - l->virt_base) / PAGE_SIZE;
}

/*
 * libxenguest's rule for the end of the mapping: the last byte of the
 * pieces, with the low 22 bits set, plus one. So pieces that end exactly
 * on a 4 MiB boundary get a whole 4 MiB of padding more.
 */
static bool mapping_end(uint64_t pieces_end, uint64_t *end)
{
    uint64_t last = pieces_end | (LAYOUT_MAPPING_ALIGN - 1);

    if (last == UINT64_MAX)
        return false;
    *end = last + 1;
    return true;
}

/*
 * The page tables map the whole mapping, themselves included, so their
 * number and the end of the mapping depend on each other: start from no
 * tables and grow until the tables, the boot stack and the minimum
 * padding fit below the end they imply. 'next' is the first free frame.
 */
static int size_page_tables(struct build_layout *l, uint64_t next,
                            const char **why)
{
    const uint64_t extra = 1 + LAYOUT_PADDING_MIN / PAGE_SIZE;
    uint64_t pages = extra, end, tables;

    for (;;) {
        if (!pfns_fit(l, next + pages) ||
            !mapping_end(layout_va(l, next + pages), &end)) {
            *why = "the initial mapping wraps around the address space";
            return -XEN_EINVAL;
        }
        tables = 0;
        for (int level = PT_LEVELS; level >= 1; level--) {
            l->nr_tables[level] = count_tables(l, level, end);
            tables += l->nr_tables[level];
        }
        pages = tables + extra;
        if (layout_va(l, next + pages) <= end)
            break;
    }
    l->pt_pfn = next;
    l->nr_pt_frames = tables;
    l->stack_pfn = next + tables;
    l->virt_end = end;
    l->mapped_pages = (end - l->virt_base) / PAGE_SIZE;
    return 0;
}

/* Kernel, p2m and the three single pages, packed from the kernel on. */
static int place_pieces(struct build_layout *l,
                        const struct elf_image_info *image, const char **why)
{
    if (image->virt_kstart < image->virt_base) {
        *why = "the kernel starts below its VIRT_BASE";
        return -XEN_EINVAL;
    }
    l->kernel_pfn = layout_pfn(l, image->virt_kstart);
    l->kernel_pages = (image->virt_kend - image->virt_kstart) / PAGE_SIZE;
    l->p2m_pfn = l->kernel_pfn + l->kernel_pages;
    l->p2m_pages = DIV_ROUND_UP(l->nr_pages, PAGE_SIZE / sizeof(xen_pfn_t));
    l->start_info_pfn = l->p2m_pfn + l->p2m_pages;
    l->xenstore_pfn = l->start_info_pfn + 1;
    l->console_pfn = l->xenstore_pfn + 1;
    return 0;
}

int layout_compute(const struct elf_image_info *image, uint64_t nr_pages,
                   const struct elf_limits *limits, struct build_layout *l,
                   const char **why)
{
    int rc;

    memset(l, 0, sizeof(*l));
    l->virt_base = image->virt_base;
    l->nr_pages = nr_pages;
    rc = place_pieces(l, image, why);
    if (!rc)
        rc = size_page_tables(l, l->console_pfn + 1, why);
    if (rc)
        return rc;
    if (l->virt_end > limits->va_hole_start &&
        l->virt_base < limits->va_hole_end) {
        *why = "the initial mapping reaches the hypervisor's address range";
        return -XEN_EINVAL;
    }
    if (l->mapped_pages > nr_pages) {
        *why = "not enough memory for the initial mapping";
        return -XEN_ENOMEM;
    }
    *why = NULL;
    return 0;
}

/* ---- Contents ----------------------------------------------------------- */

/* Which level, and which table of that level, page-table frame 'table' is. */
static int table_level(const struct build_layout *l, uint64_t table,
                       uint64_t *index)
{
    int level = PT_LEVELS;

    while (level > 1 && table >= l->nr_tables[level]) {
        table -= l->nr_tables[level];
        level--;
    }
    *index = table;
    return level;
}

static bool is_page_table(const struct build_layout *l, uint64_t pfn)
{
    return pfn >= l->pt_pfn && pfn - l->pt_pfn < l->nr_pt_frames;
}

/* The entry for [va, va + span) of a table of 'level': a page at level 1,
 * the lower table that maps va above it. */
static uint64_t table_entry(const struct build_layout *l, const xen_pfn_t *p2m,
                            int level, uint64_t va)
{
    uint64_t pfn, flags = LAYOUT_UPPER_FLAGS;
    int lower = level - 1;

    if (level == 1) {
        pfn = layout_pfn(l, va);
        flags = LAYOUT_L1_FLAGS & ~(is_page_table(l, pfn) ? PTE_RW : 0);
    } else {
        pfn = l->pt_pfn + first_table(l, lower) +
              (va - tables_base(l, lower)) / table_span(lower);
    }
    return pte_make(p2m[pfn], flags);
}

void layout_page_table(const struct build_layout *l, const xen_pfn_t *p2m,
                       uint64_t table, uint64_t entries[PT_ENTRIES])
{
    uint64_t index, base, step, va;
    int level = table_level(l, table, &index);

    base = tables_base(l, level) + index * table_span(level);
    step = table_span(level - 1);
    for (unsigned e = 0; e < PT_ENTRIES; e++) {
        va = base + e * step;
        /* Outside the mapping: wholly below it, or at or past its end. */
        if ((va < l->virt_base && l->virt_base - va >= step) ||
            va >= l->virt_end)
            entries[e] = 0;
        else
            entries[e] = table_entry(l, p2m, level, va);
    }
}

void layout_start_info(const struct build_layout *l,
                       const struct layout_start_args *a, start_info_t *si)
{
    size_t len = strnlen(a->cmdline, MAX_GUEST_CMDLINE - 1);

    memset(si, 0, sizeof(*si));
    memcpy(si->magic, LAYOUT_MAGIC, sizeof(LAYOUT_MAGIC));
    si->nr_pages = l->nr_pages;
    si->shared_info = a->shared_info << PAGE_SHIFT;
    si->pt_base = layout_va(l, l->pt_pfn);
    si->nr_pt_frames = l->nr_pt_frames;
    si->mfn_list = layout_va(l, l->p2m_pfn);
    si->store_mfn = a->p2m[l->xenstore_pfn];
    si->store_evtchn = a->store_evtchn;
    si->console.domU.mfn = a->p2m[l->console_pfn];
    si->console.domU.evtchn = a->console_evtchn;
    memcpy(si->cmd_line, a->cmdline, len); /* the NUL is the memset's */
}

void layout_vcpu_context(const struct build_layout *l,
                         const struct elf_image_info *image,
                         const xen_pfn_t *p2m, vcpu_guest_context_t *ctx)
{
    struct cpu_user_regs *r = &ctx->user_regs;

    memset(ctx, 0, sizeof(*ctx));
    ctx->flags = VGCF_in_kernel | VGCF_online;
    r->rip = image->entry;
    r->rsp = layout_va(l, l->stack_pfn + 1); /* the top of the stack page */
    r->rsi = layout_va(l, l->start_info_pfn);
    r->rflags = LAYOUT_RFLAGS_IF;
    r->cs = FLAT_KERNEL_CS;
    r->ss = FLAT_KERNEL_SS;
    r->ds = r->es = r->fs = r->gs = FLAT_KERNEL_DS;
    ctx->kernel_ss = FLAT_KERNEL_SS;
    ctx->kernel_sp = r->rsp;
    ctx->ctrlreg[3] = (unsigned long)p2m[l->pt_pfn] << PAGE_SHIFT;
    ctx->debugreg[6] = LAYOUT_DR6_DEFAULT;
    ctx->debugreg[7] = LAYOUT_DR7_DEFAULT;
}
