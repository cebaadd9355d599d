/*
 * Guest descriptor tables (GDT pages from set_gdt, LDT pages mapped on
 * first use, update_descriptor): the frames are typed "segment
 * descriptors", which no guest mapping may write, and every descriptor
 * in them is checked, and fixed, as Xen 4.17 checks a 64-bit PV
 * guest's (desc_check.c).
 */
#include <arch/desc.h>
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/percpu.h>
#include <public/arch-x86/xen-x86_64.h>

#define DESCS_PER_PAGE (PAGE_SIZE / sizeof(uint64_t))

/* Check, and fix in place, every descriptor of the frame: all of it is
 * mapped, whatever the table's length. Runs on a frame typed SEGDESC,
 * which no guest mapping can write meanwhile. */
static bool descriptor_frame_ok(mfn_t mfn)
{
    uint64_t *d = mfn_to_virt(mfn);

    for (unsigned i = 0; i < DESCS_PER_PAGE; i++) {
        uint64_t fixed = d[i];
        if (!pv_check_descriptor(&fixed))
            return false;
        if (fixed != d[i])
            d[i] = fixed;
    }
    return true;
}

/* Every failure is -EINVAL, as on Xen: a frame not the caller's, one
 * in use as something else, a refused descriptor. */
int pv_get_descriptor_frame(struct domain *d, mfn_t mfn)
{
    if (!mfn_valid(mfn) ||
        get_page_and_type(mfn_to_frame(mfn), d, FRAME_TYPE_SEGDESC))
        return -EINVAL;
    if (!descriptor_frame_ok(mfn)) {
        put_page_and_type(mfn_to_frame(mfn));
        return -EINVAL;
    }
    return 0;
}

void pv_put_descriptor_frames(const uint64_t *mfns, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        put_page_and_type(mfn_to_frame(mfns[i]));
}

/* A frame in use as descriptors keeps that type for the write; any
 * other must take the writable type (so never a page table). */
static enum frame_type update_type(const struct frame *f)
{
    return (f->type_info & FRAME_TYPE_MASK) == FRAME_TYPE(FRAME_TYPE_SEGDESC)
               ? FRAME_TYPE_SEGDESC
               : FRAME_TYPE_WRITABLE;
}

/*
 * update_descriptor(maddr, desc): write one checked descriptor at
 * machine address maddr, in any frame of the caller that is a
 * descriptor page or may be written (as on Xen: not only GDT and LDT
 * frames). Every failure is -EINVAL, as on Xen.
 */
HYPERCALL_DEFINE(update_descriptor, uint64_t, maddr, uint64_t, desc)
{
    struct domain *d = current_vcpu()->domain;
    mfn_t mfn = paddr_to_mfn(maddr);
    struct frame *f;

    if (!IS_ALIGNED(maddr, sizeof(desc)) || !pv_check_descriptor(&desc) ||
        !mfn_valid(mfn))
        return -EINVAL;
    f = mfn_to_frame(mfn);
    if (get_page_and_type(f, d, update_type(f)))
        return -EINVAL;
    /* One aligned 8-byte store: the CPU never sees half of it. */
    __atomic_store_n((uint64_t *)arch_maddr_to_virt(maddr), desc,
                     __ATOMIC_RELAXED);
    put_page_and_type(f);
    return 0;
}
