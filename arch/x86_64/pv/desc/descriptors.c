/*
 * Guest descriptor tables (the GDT of set_gdt, LDT pages mapped on
 * first use, update_descriptor): the frames are typed "segment
 * descriptors", which no guest mapping may write, and every descriptor
 * in them is checked, and fixed, as Xen 4.17 checks a 64-bit PV
 * guest's (desc_check.c).
 */
#include <arch/desc.h>
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <arch/traps.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/percpu.h>
#include <public/arch-x86/xen-x86_64.h>

#define DESCS_PER_PAGE (PAGE_SIZE / DESC_SIZE)
/* The guest's part of the GDT: 14 pages, up to Xen's reserved entries. */
#define MAX_GDT_ENTRIES (PV_GDT_MAX_FRAMES * DESCS_PER_PAGE)

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

/*
 * set_gdt(frame_list, entries): the guest's GDT, its frames typed and
 * checked like every descriptor page before the old ones are released.
 */
HYPERCALL_DEFINE(set_gdt, guest_handle_ulong, frame_list, uint64_t, entries)
{
    struct vcpu *v = current_vcpu();
    uint64_t mfns[PV_GDT_MAX_FRAMES];
    unsigned nr = (unsigned)((entries + DESCS_PER_PAGE - 1) / DESCS_PER_PAGE);
    unsigned old_nr = (v->arch.gdt_ents + DESCS_PER_PAGE - 1) / DESCS_PER_PAGE;

    if (entries > MAX_GDT_ENTRIES)
        return -EINVAL;
    for (unsigned i = 0; i < nr; i++) {
        long rc = -EINVAL;
        if (copy_from_guest_offset(&mfns[i], frame_list, i, 1))
            rc = -EFAULT;
        else
            rc = pv_get_descriptor_frame(v->domain, mfns[i]);
        if (rc) {
            pv_put_descriptor_frames(mfns, i);
            return rc;
        }
    }
    pv_put_descriptor_frames(v->arch.gdt_frames, old_nr);
    memcpy(v->arch.gdt_frames, mfns, nr * sizeof(mfns[0]));
    v->arch.gdt_ents = (unsigned)entries;
    /* Remap even if this vCPU's frames were mapped already. */
    gdt_map_guest_frames(this_cpu(), NULL, NULL, 0);
    gdt_map_guest_frames(this_cpu(), v, mfns, nr);
    return 0;
}
