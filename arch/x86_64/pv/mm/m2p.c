/*
 * The machine-to-phys table (M2P): for every machine frame, the
 * pseudo-physical frame number its owner uses for it. PV guests read it
 * at MACH2PHYS_VIRT_START (0xFFFF800000000000), read-only, to turn the
 * machine frame numbers they see (page-table entries, start_info) back
 * into their own frame numbers; they change their entries with
 * mmu_update(MMU_MACHPHYS_UPDATE). The hypervisor writes it through a
 * second, writable mapping only it can reach.
 */
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/pv_mm.h>
#include <arch/x86.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/panic.h>
#include <hv/printk.h>

#define M2P_GUEST_FLAGS (PTE_P | PTE_US | PTE_G | PTE_NX)
#define M2P_HV_FLAGS (PTE_P | PTE_RW | PTE_G | PTE_NX)
/* Entries of frames no domain owns (Xen's INVALID_M2P_ENTRY). */
#define M2P_INVALID (~0UL)

static unsigned long *m2p_rw = (unsigned long *)HV_M2P_RW_VIRT;

void m2p_init(void)
{
    uint64_t bytes = ALIGN_UP(max_mfn() * sizeof(unsigned long), PAGE_SIZE);

    if (bytes > HV_M2P_VIRT_END - HV_M2P_VIRT)
        panic("M2P for %lu frames exceeds its 256 GiB window",
              (unsigned long)max_mfn());
    for (uint64_t off = 0; off < bytes; off += PAGE_SIZE) {
        mfn_t mfn = frame_alloc();
        if (mfn == INVALID_MFN)
            panic("out of memory for the M2P table");
        /* dom0 may map it read-only, as Xen shares it (DOMID_XEN). */
        mfn_to_frame(mfn)->count_info |= FRAME_SHARED_RO;
        paging_map_pages(HV_M2P_RW_VIRT + off, mfn_to_paddr(mfn), PAGE_SIZE,
                         M2P_HV_FLAGS);
        paging_map_pages(HV_M2P_VIRT + off, mfn_to_paddr(mfn), PAGE_SIZE,
                         M2P_GUEST_FLAGS);
    }
    memset(m2p_rw, 0xff, bytes); /* every entry M2P_INVALID */
    pr_info("M2P: %lu KiB for %lu frames, guests read it at %#018lx\n",
            (unsigned long)(bytes >> 10), (unsigned long)max_mfn(),
            (unsigned long)HV_M2P_VIRT);
}

void m2p_set(mfn_t mfn, unsigned long pfn)
{
    ASSERT(mfn_valid(mfn));
    m2p_rw[mfn] = pfn;
}

unsigned long m2p_get(mfn_t mfn)
{
    return mfn_valid(mfn) ? m2p_rw[mfn] : M2P_INVALID;
}
