/*
 * MMUEXT_SET_LDT: a guest's local descriptor table, handled as Xen 4.17
 * does (measured by test_descriptors); mmu.c only decodes the op.
 * Setting it checks the range and records its address and length. Each of its
 * pages is looked up in the guest's page tables when the CPU first reads a
 * descriptor from it: the LDT area of the CPU (gdt.c) shows a page not yet
 * mapped as not present, so that read is a page fault in the hypervisor's
 * range, which lands here. The guest page found there is typed and checked like
 * a GDT frame (descriptors.c) and mapped, and the access is retried. If it
 * cannot be (not mapped, mapped writable elsewhere, a refused
 * descriptor), the guest gets the page fault at its LDT's address, as
 * on Xen.
 */
#include <arch/desc.h>
#include <arch/paging.h>
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <arch/traps.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/percpu.h>
#include <public/arch-x86/xen.h>

unsigned pv_ldt_frames(unsigned ents)
{
    return (unsigned)DIV_ROUND_UP((uint64_t)ents * DESC_SIZE, PAGE_SIZE);
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

void pv_ldt_release(struct vcpu *v)
{
    unsigned nr = pv_ldt_frames(v->arch.ldt_ents);

    for (unsigned i = 0; i < nr; i++) {
        if (v->arch.ldt_frames[i] != INVALID_MFN)
            put_page_and_type(mfn_to_frame(v->arch.ldt_frames[i]));
        v->arch.ldt_frames[i] = INVALID_MFN;
    }
}

int pv_set_ldt(struct vcpu *v, uint64_t base, unsigned ents)
{
    if (ents > PV_LDT_MAX_ENTRIES || !IS_ALIGNED(base, PAGE_SIZE))
        return -EINVAL;
    if (ents && !guest_range_ok(base, (size_t)ents * DESC_SIZE))
        return -EINVAL;
    pv_ldt_release(v);
    v->arch.ldt_base = base;
    v->arch.ldt_ents = ents;
    for (unsigned i = 0; i < pv_ldt_frames(ents); i++)
        v->arch.ldt_frames[i] = INVALID_MFN;
    /* Remap even if this vCPU's LDT was mapped already. */
    this_cpu()->arch.ldt_owner = NULL;
    ldt_load(this_cpu(), v, v->arch.ldt_frames, pv_ldt_frames(ents), ents);
    return 0;
}

bool pv_ldt_map_page(struct vcpu *v, unsigned page)
{
    mfn_t mfn;

    if (page >= pv_ldt_frames(v->arch.ldt_ents))
        return false;
    if (v->arch.ldt_frames[page] != INVALID_MFN)
        return true;
    mfn = guest_frame_at(v, v->arch.ldt_base + (uint64_t)page * PAGE_SIZE);
    if (mfn == INVALID_MFN || pv_get_descriptor_frame(v->domain, mfn))
        return false;
    v->arch.ldt_frames[page] = mfn;
    ldt_map_page(this_cpu(), page, mfn);
    return true;
}

bool pv_ldt_fault(struct vcpu *v, struct cpu_regs *regs, uint64_t cr2)
{
    uint64_t offset;

    if (!ldt_area_offset(this_cpu(), cr2, &offset))
        return false;
    if (!pv_ldt_map_page(v, (unsigned)(offset / PAGE_SIZE))) {
        /* The CPU's own read of the table: a supervisor access. */
        v->vcpu_info->arch.cr2 = v->arch.ldt_base + offset;
        pv_inject_trap(v, regs, X86_EXC_PF, true,
                       (regs->error_code & ~(uint64_t)PFEC_USER) |
                           (v->arch.in_kernel ? 0 : PFEC_USER));
    }
    return true;
}
