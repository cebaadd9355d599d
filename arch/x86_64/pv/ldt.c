/*
 * MMUEXT_SET_LDT: a guest's local descriptor table. The guest names it by
 * virtual address; its frames are found through the guest's page tables
 * when it is set, typed and checked like GDT frames (descriptors.c), and
 * mapped into the CPU's own LDT area, which the LDT descriptor points at.
 * Unlike Xen, which maps LDT pages lazily on first use, every page must
 * be mapped when the LDT is set (-EINVAL otherwise).
 */
#include <arch/paging.h>
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <arch/traps.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/percpu.h>

#define LDT_ENTRY_SIZE 8

unsigned pv_ldt_frames(unsigned ents)
{
    return (unsigned)DIV_ROUND_UP((uint64_t)ents * LDT_ENTRY_SIZE, PAGE_SIZE);
}

/* The frame mapped at va in v's kernel page tables, or INVALID_MFN. */
static mfn_t guest_frame_at(struct vcpu *v, uint64_t va)
{
    paddr_t l1e_maddr;
    uint64_t l1e;

    if (pv_walk_l1e(v->arch.kernel_root, va, &l1e_maddr))
        return INVALID_MFN;
    l1e = *(const uint64_t *)arch_maddr_to_virt(l1e_maddr);
    if (!(l1e & PTE_P))
        return INVALID_MFN;
    return paddr_to_mfn(l1e & PTE_ADDR_MASK);
}

int pv_set_ldt(struct vcpu *v, uint64_t base, unsigned ents)
{
    uint64_t mfns[PV_LDT_MAX_FRAMES];
    unsigned nr = pv_ldt_frames(ents);

    for (unsigned i = 0; i < nr; i++) {
        int rc;
        mfns[i] = guest_frame_at(v, base + (uint64_t)i * PAGE_SIZE);
        rc = mfns[i] == INVALID_MFN
                 ? -EINVAL
                 : pv_get_descriptor_frame(v->domain, mfns[i]);
        if (rc) {
            pv_put_descriptor_frames(mfns, i);
            return rc;
        }
    }
    pv_put_descriptor_frames(v->arch.ldt_frames,
                             pv_ldt_frames(v->arch.ldt_ents));
    memcpy(v->arch.ldt_frames, mfns, nr * sizeof(mfns[0]));
    v->arch.ldt_base = base;
    v->arch.ldt_ents = ents;
    /* Remap even if this vCPU's LDT was mapped already. */
    this_cpu()->arch.ldt_owner = NULL;
    ldt_load(this_cpu(), v, mfns, nr, ents);
    return 0;
}
