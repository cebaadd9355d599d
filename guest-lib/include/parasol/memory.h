/*
 * Memory of a PV guest: frame numbers, page tables, and pages.
 *
 * Three address kinds meet here. A guest virtual address (va); a
 * pseudo-physical frame number (pfn), the guest's own numbering, 0 to
 * nr_pages - 1; a machine frame number (mfn), the real frame, which is
 * what page-table entries hold. The p2m (start_info.mfn_list) maps
 * pfn -> mfn, the hypervisor's read-only M2P maps mfn -> pfn.
 *
 * guest-lib's region is 1:1: with VIRT_BASE 0, pfn p is at va p << 12,
 * for the initial mapping the builder made (image, p2m, start_info,
 * page tables, boot stack and padding, up to a 4 MiB boundary) and for
 * the pages page_alloc() maps on demand beyond it.
 *
 * The guest owns its page tables but may not write them: they are
 * mapped read-only, and every change goes through a hypercall that
 * validates it (update_va_mapping, mmu_update).
 */
#ifndef PARASOL_MEMORY_H
#define PARASOL_MEMORY_H

#include <parasol/config.h>
#include <parasol/start.h>
#include <public/xen.h>

/* Page-table entry bits (Intel SDM vol. 3, 4.5). Bit 7 of an L1 entry is
 * PAT, and PV guests cannot make superpages. */
#define PTE_PRESENT (1ULL << 0)
#define PTE_RW (1ULL << 1)
#define PTE_USER (1ULL << 2)
#define PTE_PWT (1ULL << 3)
#define PTE_PCD (1ULL << 4)
#define PTE_ACCESSED (1ULL << 5)
#define PTE_DIRTY (1ULL << 6)
#define PTE_PAT (1ULL << 7)
#define PTE_GLOBAL (1ULL << 8)
#define PTE_NX (1ULL << 63)
/* Bits 51:12: the frame. */
#define PTE_ADDR_MASK 0x000ffffffffff000ULL

/* A writable data page, a read-only page, and a page-table entry that
 * points at a lower table (the flags the domain builder uses). */
#define PTE_FLAGS_DATA (PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY)
#define PTE_FLAGS_RO (PTE_PRESENT | PTE_ACCESSED)
#define PTE_FLAGS_TABLE                                                        \
    (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED | PTE_DIRTY)

#define PT_LEVELS 4
#define PT_INDEX_BITS 9
#define PT_ENTRIES (1U << PT_INDEX_BITS)

#define INVALID_MFN (~0UL)

/* Where the lower canonical half of a 48-bit address space ends: a PV
 * guest's addresses lie below it, or from HYPERVISOR_VIRT_END on. */
#define VA_LOWER_HALF_END 0x0000800000000000UL

/* Index of va's entry in its level-'level' table (4 = L4 ... 1 = L1). */
static inline unsigned int pt_index(unsigned long va, int level)
{
    return (va >> (PAGE_SHIFT + (level - 1) * PT_INDEX_BITS)) &
           (PT_ENTRIES - 1);
}

static inline uint64_t pte_make(xen_pfn_t mfn, uint64_t flags)
{
    return ((uint64_t)mfn << PAGE_SHIFT) | flags;
}

static inline xen_pfn_t pte_mfn(uint64_t pte)
{
    return (pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

/* The p2m and the M2P. pfn must be < nr_pages; mfn one of ours. */
static inline xen_pfn_t pfn_to_mfn(xen_pfn_t pfn)
{
    return ((const xen_pfn_t *)guest_start_info->mfn_list)[pfn];
}

static inline xen_pfn_t mfn_to_pfn(xen_pfn_t mfn)
{
    return machine_to_phys_mapping[mfn];
}

/* The 1:1 region. */
static inline void *pfn_to_virt(xen_pfn_t pfn)
{
    return (void *)(GUEST_VIRT_BASE + (pfn << PAGE_SHIFT));
}

static inline xen_pfn_t virt_to_pfn(const void *va)
{
    return ((unsigned long)va - GUEST_VIRT_BASE) >> PAGE_SHIFT;
}

static inline xen_pfn_t virt_to_mfn(const void *va)
{
    return pfn_to_mfn(virt_to_pfn(va));
}

/* Machine address of a byte in the 1:1 region. */
static inline uint64_t virt_to_maddr(const void *va)
{
    return ((uint64_t)virt_to_mfn(va) << PAGE_SHIFT) |
           ((unsigned long)va & PAGE_OFFSET_MASK);
}

static inline void *mfn_to_virt(xen_pfn_t mfn)
{
    return pfn_to_virt(mfn_to_pfn(mfn));
}

/* Is mfn one of this domain's frames (per the p2m and the M2P)? mfn
 * must be a frame of the machine, or the M2P read may fault. */
bool mm_mfn_is_ours(xen_pfn_t mfn);

/*
 * Where a page-table walk for one address stopped: the entry read last,
 * at level 'level', and its machine address (what mmu_update takes).
 */
struct pt_walk {
    int level;
    uint64_t pte;
    uint64_t pte_maddr;
};

/*
 * Walks the current page tables (the initial L4, start_info.pt_base)
 * for va, reading them through their read-only 1:1 mappings. Returns 0
 * when it reached va's L1 entry (w->pte may still be not present),
 * -XEN_ENOENT when an upper entry is not present (w says which), and
 * -XEN_EFAULT when a table is not one of our 1:1-mapped frames.
 */
int mm_walk(unsigned long va, struct pt_walk *w);

/*
 * As mm_walk, adding each missing table on the way (pages from
 * page_alloc_table()), so that it returns 0 or an error, never
 * -XEN_ENOENT; -XEN_ENOMEM when no table page is left.
 */
int mm_walk_create(unsigned long va, struct pt_walk *w);

/* va's L1 entry, or 0 when there is none. */
uint64_t mm_lookup(unsigned long va);

/* Sets va's L1 entry with update_va_mapping, flushing va (UVMF_INVLPG).
 * The L1 table must exist. Returns 0 or -XEN_Exxx. */
int mm_update_va(unsigned long va, uint64_t pte);

/* The same with mmu_update (MMU_NORMAL_PT_UPDATE) on the entry's
 * machine address, then MMUEXT_INVLPG_LOCAL. */
int mm_update_pte(unsigned long va, uint64_t pte);

/*
 * Maps frame mfn at va with flags (PTE_FLAGS_DATA, ...), first adding
 * any missing page table (pages from page_alloc's pool). Returns 0,
 * -XEN_ENOMEM when no table page is left, or the hypercall's error.
 */
int mm_map_page(unsigned long va, xen_pfn_t mfn, uint64_t flags);

/* Removes va's mapping. */
int mm_unmap_page(unsigned long va);

/*
 * Makes page, a 1:1-mapped page holding a table of valid entries (all
 * zero, or prepared), the table w's entry points at: maps it read-only,
 * then sets the entry with mmu_update, and the hypervisor validates it.
 */
int mm_install_table(const struct pt_walk *w, void *page);

/*
 * A zeroed page, mapped read-write at its 1:1 address, or NULL when
 * memory runs out. Pages past the initial mapping are mapped as needed,
 * 2 MiB at a time.
 */
void *page_alloc(void);
/* Returns a page from page_alloc(); it stays mapped. */
void page_free(void *page);
/* Pages page_alloc() can still return (free list and unused pfns). */
unsigned long page_count_free(void);

/*
 * A zeroed page for a new page table, from the allocator's reserve of
 * mapped pages, for mm_walk_create(); NULL when none is left.
 */
void *page_alloc_table(void);

/* Sets up the allocator (start.c); boot_sp is the rsp the builder gave
 * us, the top of its boot stack. */
void mm_init(unsigned long boot_sp);

#endif
