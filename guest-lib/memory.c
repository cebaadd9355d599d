/*
 * Page tables (memory.h): walking the current tables, and changing one
 * entry through either of the two hypercalls a PV guest has for it,
 * update_va_mapping (by virtual address) and mmu_update (by the
 * entry's machine address). Tests use both; guest-lib itself uses
 * update_va_mapping for leaves and mmu_update for hooking in tables.
 */
#include <parasol/hypercall.h>
#include <parasol/memory.h>
#include <stddef.h>

bool mm_mfn_is_ours(xen_pfn_t mfn)
{
    xen_pfn_t pfn;

    if (mfn >= MACH2PHYS_NR_ENTRIES)
        return false;
    pfn = mfn_to_pfn(mfn);
    return pfn < guest_start_info->nr_pages && pfn_to_mfn(pfn) == mfn;
}

/* The 1:1 address of a page table, or NULL if it is not one of ours. */
static const volatile uint64_t *mm_table_virt(xen_pfn_t mfn)
{
    if (!mm_mfn_is_ours(mfn))
        return NULL;
    return mfn_to_virt(mfn);
}

int mm_walk(unsigned long va, struct pt_walk *w)
{
    const volatile uint64_t *table =
        (const volatile uint64_t *)guest_start_info->pt_base;
    xen_pfn_t table_mfn = virt_to_mfn((const void *)guest_start_info->pt_base);

    for (int level = PT_LEVELS;; level--) {
        unsigned int index = pt_index(va, level);

        w->level = level;
        w->pte = table[index];
        w->pte_maddr =
            ((uint64_t)table_mfn << PAGE_SHIFT) + index * sizeof(uint64_t);
        if (level == 1)
            return 0;
        if (!(w->pte & PTE_PRESENT))
            return -XEN_ENOENT;
        table_mfn = pte_mfn(w->pte);
        table = mm_table_virt(table_mfn);
        if (!table)
            return -XEN_EFAULT;
    }
}

uint64_t mm_lookup(unsigned long va)
{
    struct pt_walk w;

    return mm_walk(va, &w) == 0 ? w.pte : 0;
}

int mm_update_va(unsigned long va, uint64_t pte)
{
    return HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG | UVMF_LOCAL);
}

int mm_update_pte(unsigned long va, uint64_t pte)
{
    struct pt_walk w;
    mmu_update_t req;
    mmuext_op_t flush = {.cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = va};
    int rc = mm_walk(va, &w);

    if (rc < 0)
        return rc;
    req.ptr = w.pte_maddr | MMU_NORMAL_PT_UPDATE;
    req.val = pte;
    rc = HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
    if (rc < 0)
        return rc;
    return HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
}

int mm_install_table(const struct pt_walk *w, void *page)
{
    xen_pfn_t mfn = virt_to_mfn(page);
    mmu_update_t req = {
        .ptr = w->pte_maddr | MMU_NORMAL_PT_UPDATE,
        .val = pte_make(mfn, PTE_FLAGS_TABLE),
    };
    /* A frame becomes a page table only with no writable mapping left. */
    int rc = mm_update_va((unsigned long)page, pte_make(mfn, PTE_FLAGS_RO));

    if (rc < 0)
        return rc;
    rc = HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
    if (rc < 0)
        mm_update_va((unsigned long)page, pte_make(mfn, PTE_FLAGS_DATA));
    return rc;
}

int mm_walk_create(unsigned long va, struct pt_walk *w)
{
    int rc;

    while ((rc = mm_walk(va, w)) == -XEN_ENOENT) {
        void *page = page_alloc_table();

        if (!page)
            return -XEN_ENOMEM;
        rc = mm_install_table(w, page);
        if (rc < 0)
            return rc; /* the page is lost: a broken hypervisor anyway */
    }
    return rc;
}

int mm_map_page(unsigned long va, xen_pfn_t mfn, uint64_t flags)
{
    struct pt_walk w;
    int rc = mm_walk_create(va, &w);

    if (rc < 0)
        return rc;
    return mm_update_va(va, pte_make(mfn, flags));
}

int mm_unmap_page(unsigned long va)
{
    return mm_update_va(va, 0);
}
