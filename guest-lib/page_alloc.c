/*
 * The page allocator (memory.h): hands out the domain's free pages,
 * each mapped read-write at its 1:1 address.
 *
 * Free pages are, in pfn order: the padding the builder left after its
 * boot stack (mapped), then every pfn past the initial mapping up to
 * nr_pages (not mapped yet). A cursor, pool_next, walks them upwards.
 * The 1:1 mapping runs ahead of it: whenever fewer than
 * POOL_TABLE_RESERVE mapped pages are left ahead of the cursor, the
 * next run of pfns up to an L1 boundary (2 MiB) is mapped. The page
 * tables that needs (an L1, and an L2 or L3 at 1 GiB and 512 GiB
 * boundaries) come from the same mapped pages, which is what the
 * reserve is for; after mapping, 512 more are ahead of the cursor.
 * This is also why the builder leaves at least 512 KiB of padding.
 *
 * Pages below the image (between the NULL page and 1 MiB) that the
 * builder mapped start out on the free list. Freed pages go on it too;
 * they stay mapped.
 */
#include <parasol/console.h>
#include <parasol/hypercall.h>
#include <parasol/memory.h>
#include <parasol/string.h>

/* Mapping a run needs at most an L3, an L2 and an L1: keep one more. */
#define POOL_TABLE_RESERVE PT_LEVELS
/* Entries per mmu_update call when mapping a run. */
#define POOL_MAP_BATCH 64

#define PFN_UP(addr) (((addr) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(addr) ((addr) >> PAGE_SHIFT)
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* Where the image starts and ends (linker/guest.ld). */
extern char __image_start[], __image_end[];

struct free_page {
    struct free_page *next;
};

static xen_pfn_t pool_next;       /* lowest pfn never handed out */
static xen_pfn_t pool_mapped_end; /* pfns below it are mapped 1:1 */
static xen_pfn_t pool_end;        /* nr_pages */
static bool pool_extending;       /* pool_extend() is taking tables */
static struct free_page *free_list;
static unsigned long free_list_count;

/* The next mapped page at the cursor, zeroed; NULL if none is mapped. */
static void *pool_take(void)
{
    void *page;

    if (pool_next >= pool_mapped_end)
        return NULL;
    page = pfn_to_virt(pool_next++);
    memset(page, 0, PAGE_SIZE);
    return page;
}

/* Maps pfns pool_mapped_end .. + n, whose L1 entries follow w's. */
static int pool_map_run(const struct pt_walk *w, unsigned int n)
{
    mmu_update_t req[POOL_MAP_BATCH];

    for (unsigned int i = 0; i < n; i += POOL_MAP_BATCH) {
        unsigned int count = MIN(POOL_MAP_BATCH, n - i);
        int rc;

        for (unsigned int j = 0; j < count; j++) {
            xen_pfn_t pfn = pool_mapped_end + i + j;

            req[j].ptr = (w->pte_maddr + (i + j) * sizeof(uint64_t)) |
                         MMU_NORMAL_PT_UPDATE;
            req[j].val = pte_make(pfn_to_mfn(pfn), PTE_FLAGS_DATA);
        }
        /* Entries that were not present need no TLB flush. */
        rc = HYPERVISOR_mmu_update(req, count, NULL, DOMID_SELF);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Maps the pfns from pool_mapped_end to the next L1 boundary. */
static int pool_extend(void)
{
    unsigned long va = (unsigned long)pfn_to_virt(pool_mapped_end);
    unsigned int n =
        MIN(PT_ENTRIES - pt_index(va, 1), pool_end - pool_mapped_end);
    struct pt_walk w;
    int rc;

    pool_extending = true;
    rc = mm_walk_create(va, &w);
    pool_extending = false;
    if (rc == 0)
        rc = pool_map_run(&w, n);
    if (rc < 0)
        return rc;
    pool_mapped_end += n;
    return 0;
}

static int pool_keep_reserve(void)
{
    while (pool_mapped_end < pool_end &&
           pool_mapped_end - pool_next < POOL_TABLE_RESERVE) {
        int rc = pool_extend();

        if (rc < 0)
            return rc;
    }
    return 0;
}

void *page_alloc_table(void)
{
    /* While extending, the reserve itself is being spent: no recursion. */
    if (!pool_extending)
        pool_keep_reserve();
    return pool_take();
}

void *page_alloc(void)
{
    struct free_page *page = free_list;
    int rc;

    if (page) {
        free_list = page->next;
        free_list_count--;
        memset(page, 0, PAGE_SIZE);
        return page;
    }
    rc = pool_keep_reserve();
    if (rc < 0)
        printf("guest: page_alloc: cannot map more memory: %d\n", rc);
    return pool_take();
}

void page_free(void *page)
{
    struct free_page *p = page;

    p->next = free_list;
    free_list = p;
    free_list_count++;
}

unsigned long page_count_free(void)
{
    return free_list_count + (pool_end - pool_next);
}

/* Is pfn mapped read-write at its 1:1 address, to its own frame? */
static bool mm_pfn_mapped(xen_pfn_t pfn)
{
    uint64_t pte = mm_lookup((unsigned long)pfn_to_virt(pfn));

    return (pte & (PTE_PRESENT | PTE_RW)) == (PTE_PRESENT | PTE_RW) &&
           pte_mfn(pte) == pfn_to_mfn(pfn);
}

/*
 * The pages the builder placed: image, p2m, start_info, the xenstore
 * and console rings of a domU, page tables, boot stack, and a mapped
 * initrd. Each is [start, end) of a virtual address range.
 */
#define MM_MAX_PIECES 8

static unsigned int mm_layout_pieces(unsigned long boot_sp,
                                     unsigned long start[MM_MAX_PIECES],
                                     unsigned long end[MM_MAX_PIECES])
{
    const start_info_t *si = guest_start_info;
    unsigned int n = 0;

#define PIECE(s, e) (start[n] = (s), end[n] = (e), n++)
#define PIECE_PAGE(va)                                                         \
    PIECE((unsigned long)(va), (unsigned long)(va) + PAGE_SIZE)
    PIECE((unsigned long)__image_start, (unsigned long)__image_end);
    PIECE(si->mfn_list, si->mfn_list + si->nr_pages * sizeof(xen_pfn_t));
    PIECE_PAGE(si);
    PIECE(si->pt_base, si->pt_base + si->nr_pt_frames * PAGE_SIZE);
    PIECE(boot_sp - PAGE_SIZE, boot_sp);
    if (si->mod_start && !(si->flags & SIF_MOD_START_PFN))
        PIECE(si->mod_start, si->mod_start + si->mod_len);
    /* dom0 has no rings: its console union holds info_off/info_size. */
    if (!(si->flags & SIF_INITDOMAIN)) {
        if (mm_mfn_is_ours(si->store_mfn))
            PIECE_PAGE(mfn_to_virt(si->store_mfn));
        if (mm_mfn_is_ours(si->console.domU.mfn))
            PIECE_PAGE(mfn_to_virt(si->console.domU.mfn));
    }
#undef PIECE_PAGE
#undef PIECE
    return n;
}

void mm_init(unsigned long boot_sp)
{
    unsigned long start[MM_MAX_PIECES], end[MM_MAX_PIECES];
    unsigned int n = mm_layout_pieces(boot_sp, start, end);
    unsigned long low = start[0], high = end[0];

    for (unsigned int i = 1; i < n; i++) {
        low = MIN(low, start[i]);
        high = MAX(high, end[i]);
    }
    pool_end = guest_start_info->nr_pages;
    pool_next = MIN(PFN_UP(high), pool_end);
    pool_mapped_end = pool_next;
    while (pool_mapped_end < pool_end && mm_pfn_mapped(pool_mapped_end))
        pool_mapped_end++;
    /* pfn 0 is the NULL guard (start.c unmaps it). */
    for (xen_pfn_t pfn = 1; pfn < PFN_DOWN(low) && pfn < pool_end; pfn++) {
        if (mm_pfn_mapped(pfn))
            page_free(pfn_to_virt(pfn));
    }
}
