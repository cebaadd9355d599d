/*
 * The page-table side of grant mappings (hv/grant_table.c).
 *
 * A grant mapping holds, for its whole life, a reference on the granted
 * frame, and a writable type reference when writable, so that the frame
 * can become neither free nor a page table (nor a descriptor page) while
 * a mapper may write it. A read-only mapping holds no type: as on Xen,
 * the frame may still become a page table, which a read-only view cannot
 * harm.
 *
 * A host mapping is an ordinary L1 entry of the mapper's, written
 * through pv_pte_update_foreign() with the granter as the frame's owner,
 * so that it is validated and counted like any other; the guest may
 * later overwrite it with mmu_update, and the counts stay right. Its
 * bits are those Xen 4.17 writes (measured): present, user, accessed,
 * dirty, writable unless read-only, no-execute, bit 52 (Xen's mark of a
 * grant mapping) and the guest's GNTMAP bits 16-18 in the PTE's
 * available bits 9-11.
 */
#include <arch/paging.h>
#include <arch/pv_mm.h>
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/mm.h>

#define GRANT_PTE_MARK (1ULL << 52)
#define GRANT_PTE_FLAGS                                                        \
    ((uint64_t)(PTE_P | PTE_US | PTE_A | PTE_D) | PTE_NX | GRANT_PTE_MARK)
#define GRANT_PTE_AVAIL_SHIFT 9
#define GRANT_PTE_AVAIL_MASK 7ULL
#define GRANT_PTE_UPDATE (PV_PTE_TABLE_ONLY | PV_PTE_L1_ONLY)

int arch_grant_frame_get(struct domain *owner, mfn_t mfn, bool writable)
{
    struct frame *f;

    if (!mfn_valid(mfn) || mfn_is_io(mfn))
        return -ENOENT;
    f = mfn_to_frame(mfn);
    if (!get_page(f, owner))
        return -ENOENT;
    if (writable && get_page_type(f, FRAME_TYPE_WRITABLE, owner)) {
        put_page(f);
        return -EBUSY;
    }
    return 0;
}

void arch_grant_frame_put(mfn_t mfn, bool writable)
{
    struct frame *f = mfn_to_frame(mfn);

    if (writable)
        put_page_type(f);
    put_page(f);
}

/* The machine address of the L1 entry the mapping names. */
static int grant_pte_maddr(const struct vcpu *v, uint64_t addr, bool is_pte,
                           paddr_t *maddr)
{
    mfn_t root = pv_vcpu_kernel_root(v);

    if (is_pte) {
        *maddr = addr;
        return 0;
    }
    if (root == PV_NO_ROOT || !guest_range_ok(addr, 1))
        return -EINVAL;
    return pv_walk_l1e(root, addr, maddr);
}

int arch_grant_host_map(struct vcpu *v, struct domain *owner, uint64_t addr,
                        bool is_pte, mfn_t mfn, bool writable, uint32_t avail)
{
    uint64_t pte = mfn_to_paddr(mfn) | GRANT_PTE_FLAGS |
                   ((avail & GRANT_PTE_AVAIL_MASK) << GRANT_PTE_AVAIL_SHIFT);
    paddr_t maddr;
    int rc;

    if (writable)
        pte |= PTE_RW;
    rc = grant_pte_maddr(v, addr, is_pte, &maddr);
    if (rc)
        return rc;
    rc = pv_pte_update_foreign(v->domain, owner, maddr, pte, GRANT_PTE_UPDATE);
    if (!rc)
        pv_flush_tlb_local();
    return rc;
}

int arch_grant_host_unmap(struct vcpu *v, uint64_t addr, bool is_pte, mfn_t mfn)
{
    paddr_t maddr;
    uint64_t pte;
    int rc = grant_pte_maddr(v, addr, is_pte, &maddr);

    if (rc)
        return rc;
    if (!IS_ALIGNED(maddr, sizeof(uint64_t)) || !mfn_valid(paddr_to_mfn(maddr)))
        return -EINVAL;
    pte = __atomic_load_n((uint64_t *)arch_maddr_to_virt(maddr),
                          __ATOMIC_ACQUIRE);
    if (!(pte & PTE_P) || ((pte & PTE_ADDR_MASK) >> PAGE_SHIFT) != mfn)
        return -EINVAL;
    rc = pv_pte_update(v->domain, maddr, 0, GRANT_PTE_UPDATE);
    if (!rc)
        pv_flush_tlb_local();
    return rc;
}
