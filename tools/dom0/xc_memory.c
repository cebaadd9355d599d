/*
 * Another domain's memory, from dom0 (xc.h): populate_physmap on its
 * behalf, the foreign windows that map its frames into dom0 (one L1
 * entry of dom0's each, set with guest-lib's page-table helpers and
 * mmu_update), the scratch range for contiguous buffers, and page-table
 * pins with the domain as the foreign one.
 */
#include "xc.h"

#include <parasol/hypercall.h>
#include <parasol/memory.h>
#include <parasol/string.h>

long xc_populate_physmap(domid_t domid, xen_pfn_t *frames, unsigned long nr)
{
    struct xen_memory_reservation r = {
        .nr_extents = nr,
        .extent_order = 0,
        .mem_flags = 0,
        .domid = domid,
    };

    set_xen_guest_handle(r.extent_start, frames);
    return HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
}

static unsigned long window_va(unsigned window)
{
    return XC_WINDOW_VA + (unsigned long)window * PAGE_SIZE;
}

/* Where the L1 entry of window i is, its page tables made if need be. */
static int window_entry(unsigned i, struct pt_walk *w)
{
    return mm_walk_create(window_va(i), w);
}

int xc_unmap_foreign(void)
{
    mmu_update_t req[XC_NR_WINDOWS];
    mmuext_op_t flush[XC_NR_WINDOWS];
    struct pt_walk w;
    unsigned n = 0;
    int rc;

    for (unsigned i = 0; i < XC_NR_WINDOWS; i++) {
        if (mm_walk(window_va(i), &w) != 0 || !(w.pte & PTE_PRESENT))
            continue;
        req[n] = (mmu_update_t){w.pte_maddr | MMU_NORMAL_PT_UPDATE, 0};
        flush[n] = (mmuext_op_t){.cmd = MMUEXT_INVLPG_LOCAL,
                                 .arg1.linear_addr = window_va(i)};
        n++;
    }
    if (n == 0)
        return 0;
    rc = HYPERVISOR_mmu_update(req, n, NULL, DOMID_SELF);
    if (rc == 0)
        rc = HYPERVISOR_mmuext_op(flush, n, NULL, DOMID_SELF);
    return rc;
}

int xc_map_foreign(domid_t domid, const xen_pfn_t *mfns, unsigned n,
                   void **pages)
{
    mmu_update_t req[XC_NR_WINDOWS];
    struct pt_walk w;
    int rc;

    if (n == 0 || n > XC_NR_WINDOWS)
        return -XEN_EINVAL;
    rc = xc_unmap_foreign();
    for (unsigned i = 0; rc == 0 && i < n; i++) {
        rc = window_entry(i, &w);
        req[i].ptr = w.pte_maddr | MMU_NORMAL_PT_UPDATE;
        req[i].val = pte_make(mfns[i], PTE_FLAGS_DATA);
    }
    if (rc < 0)
        return rc;
    /* The entries are not present now: no stale translation to flush. */
    rc = HYPERVISOR_mmu_update(req, n, NULL, domid);
    if (rc < 0) {
        xc_unmap_foreign(); /* the requests before the bad one took */
        return rc;
    }
    for (unsigned i = 0; i < n; i++)
        pages[i] = (void *)window_va(i);
    return 0;
}

_Static_assert(XC_SCRATCH_VA + XC_SCRATCH_PAGES * PAGE_SIZE <= XC_STORE_VA,
               "the store pages follow the scratch range");

static unsigned long store_va(unsigned slot)
{
    return XC_STORE_VA + (unsigned long)slot * PAGE_SIZE;
}

int xc_unmap_store(unsigned slot)
{
    mmuext_op_t flush = {.cmd = MMUEXT_INVLPG_LOCAL,
                         .arg1.linear_addr = store_va(slot)};
    mmu_update_t req;
    struct pt_walk w;
    int rc;

    if (slot >= XC_STORE_PAGES)
        return -XEN_EINVAL;
    if (mm_walk(store_va(slot), &w) != 0 || !(w.pte & PTE_PRESENT))
        return 0;
    req = (mmu_update_t){w.pte_maddr | MMU_NORMAL_PT_UPDATE, 0};
    rc = HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
    if (rc == 0)
        rc = HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
    return rc;
}

int xc_map_store(domid_t domid, xen_pfn_t mfn, unsigned slot, void **page)
{
    mmu_update_t req;
    struct pt_walk w;
    int rc;

    if (slot >= XC_STORE_PAGES)
        return -XEN_EINVAL;
    rc = xc_unmap_store(slot);
    if (rc == 0)
        rc = mm_walk_create(store_va(slot), &w);
    if (rc < 0)
        return rc;
    req.ptr = w.pte_maddr | MMU_NORMAL_PT_UPDATE;
    req.val = pte_make(mfn, PTE_FLAGS_DATA);
    /* The entry is not present now: no stale translation to flush. */
    rc = HYPERVISOR_mmu_update(&req, 1, NULL, domid);
    if (rc == 0)
        *page = (void *)store_va(slot);
    return rc;
}

/* Pages mapped at XC_SCRATCH_VA now; 0 when the buffer is free. */
static size_t scratch_pages;

static unsigned long scratch_va(size_t i)
{
    return XC_SCRATCH_VA + i * PAGE_SIZE;
}

void xc_scratch_free(void)
{
    while (scratch_pages) {
        unsigned long va = scratch_va(--scratch_pages);
        xen_pfn_t mfn = pte_mfn(mm_lookup(va));

        mm_unmap_page(va);
        page_free(mfn_to_virt(mfn));
    }
}

int xc_scratch_alloc(size_t bytes, void **buf)
{
    size_t pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
    void *page;
    int rc;

    if (scratch_pages)
        return -XEN_EBUSY;
    if (pages > XC_SCRATCH_PAGES)
        return -XEN_E2BIG;
    while (scratch_pages < pages) {
        page = page_alloc();
        if (!page) {
            xc_scratch_free();
            return -XEN_ENOMEM;
        }
        rc = mm_map_page(scratch_va(scratch_pages), virt_to_mfn(page),
                         PTE_FLAGS_DATA);
        if (rc < 0) {
            page_free(page);
            xc_scratch_free();
            return rc;
        }
        scratch_pages++;
    }
    *buf = (void *)XC_SCRATCH_VA;
    return 0;
}

static int mmuext_foreign(domid_t domid, unsigned cmd, xen_pfn_t mfn)
{
    mmuext_op_t op = {.cmd = cmd, .arg1.mfn = mfn};

    return HYPERVISOR_mmuext_op(&op, 1, NULL, domid);
}

int xc_pin_table(domid_t domid, unsigned level, xen_pfn_t mfn)
{
    static const unsigned pin_cmd[PT_LEVELS + 1] = {
        [1] = MMUEXT_PIN_L1_TABLE,
        [2] = MMUEXT_PIN_L2_TABLE,
        [3] = MMUEXT_PIN_L3_TABLE,
        [4] = MMUEXT_PIN_L4_TABLE,
    };

    if (level < 1 || level > PT_LEVELS)
        return -XEN_EINVAL;
    return mmuext_foreign(domid, pin_cmd[level], mfn);
}

int xc_unpin_table(domid_t domid, xen_pfn_t mfn)
{
    return mmuext_foreign(domid, MMUEXT_UNPIN_TABLE, mfn);
}
