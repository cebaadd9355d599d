/*
 * test_pte: page-table entries as Xen validates them, compared with Xen
 * 4.17 entry by entry (every expected value below was measured there).
 *
 * - Bits 52-62 are the guest's: accepted at every level, kept as given.
 * - The global bit is refused above L1, accepted in an L1 entry.
 * - A read-only linear page table (an L4 entry naming its own L4, or
 *   another validated L4 that names no other table itself) is accepted
 *   and works; a writable one is refused.
 * - foreigndom: DOMID_IO maps I/O frames for a privileged domain; an
 *   own RAM frame named under DOMID_IO or DOMID_XEN is refused, as is
 *   the caller's own domain ID. The M2P's frames (found through the
 *   linear page table) are shared read-only with dom0, under any
 *   foreigndom; writable, refused.
 * - Above L1 the cache attributes and PS are refused too; in an L1
 *   entry dom0 chooses them.
 * - dom0 maps what is not RAM, and the low 1 MiB, read-only or
 *   writable, made uncachable unless it asked for a cache attribute;
 *   the IOAPIC read-only only (a writable entry loses RW); never a
 *   frame of the hypervisor, nor the local APIC.
 */
#include "verdict.h"

#include <parasol/guest.h>

/* Bits 52-62 of an entry: ignored by the MMU, the guest's to use. */
#define PTE_AVAIL_HIGH 0x7ff0000000000000ULL
#define PTE_CACHE_ATTRS (PTE_PWT | PTE_PCD | PTE_PAT)
/* The L4 slot of the linear page table: in the guest's lower half,
 * nothing else there. */
#define LINEAR_SLOT 200UL
#define L4_SHIFT 39
#define L3_SHIFT 30
#define L2_SHIFT 21
/* The first L4 slot of the hypervisor's range. */
#define HV_FIRST_L4_SLOT 256
/* Frames that are not RAM on any machine the tests boot: the legacy
 * VGA text buffer and the BIOS ROM in the low 1 MiB, the low 1 MiB's
 * first frame (RAM, but I/O to Xen), and the PCI hole below 4 GiB. */
#define VGA_TEXT_MFN 0xb8UL
#define BIOS_ROM_MFN 0xf0UL
#define LOW_RAM_MFN 0x0UL
#define PCI_HOLE_MFN 0xfd000UL
/* The local APIC and the first IOAPIC at their architectural places. */
#define LAPIC_MFN 0xfee00UL
#define IOAPIC_MFN 0xfec00UL
/* foreigndom of mmu_update: the caller's own ID (dom0's). */
#define DOMID_DOM0 0

static uint64_t l4_maddr(void)
{
    return (uint64_t)virt_to_mfn((void *)guest_start_info->pt_base)
           << PAGE_SHIFT;
}

static long mmu_one(uint64_t ptr, uint64_t val, domid_t foreigndom)
{
    mmu_update_t req = {.ptr = ptr, .val = val};

    return HYPERVISOR_mmu_update(&req, 1, NULL, foreigndom);
}

/* The L1 entry of va, through mmu_update under foreigndom. */
static long map_with(unsigned long va, uint64_t pte, domid_t foreigndom)
{
    struct pt_walk w;
    long rc;

    if (mm_walk(va, &w) != 0)
        return -XEN_EFAULT;
    rc = mmu_one(w.pte_maddr | MMU_NORMAL_PT_UPDATE, pte, foreigndom);
    HYPERVISOR_mmuext_op(
        &(mmuext_op_t){.cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = va}, 1,
        NULL, DOMID_SELF);
    return rc;
}

/* A frame of the hypervisor on both: the L3 table behind the first L4
 * slot of its range, as our own L4 shows it. */
static xen_pfn_t hypervisor_mfn(void)
{
    const uint64_t *l4 = (const uint64_t *)guest_start_info->pt_base;

    return pte_mfn(l4[HV_FIRST_L4_SLOT]);
}

/* ---- available bits -------------------------------------------------- */

static void test_avail_bits(unsigned long va)
{
    xen_pfn_t mfn = virt_to_mfn((void *)va);
    struct pt_walk w;

    check_rc(mm_update_va(va, pte_make(mfn, PTE_FLAGS_DATA) | PTE_AVAIL_HIGH),
             0, "L1: bits 52-62 accepted");
    check_hex(mm_lookup(va) & PTE_AVAIL_HIGH, PTE_AVAIL_HIGH,
              "L1: bits 52-62 kept");
    *(volatile unsigned long *)va = 1;
    check_hex(*(volatile unsigned long *)va, 1, "L1: the page still works");
    check_rc(mm_update_va(va, pte_make(mfn, PTE_FLAGS_DATA)), 0,
             "L1: bits 52-62 cleared again");
    if (mm_walk(va, &w) != 0)
        return;
    /* The L2 entry above va's L1: walk again and stop one level up. */
    {
        const uint64_t *l4 = (const uint64_t *)guest_start_info->pt_base;
        uint64_t l4e = l4[pt_index(va, 4)];
        const uint64_t *l3 = mfn_to_virt(pte_mfn(l4e));
        uint64_t l3e = l3[pt_index(va, 3)];
        uint64_t l3e_maddr =
            (pte_mfn(l4e) << PAGE_SHIFT) + pt_index(va, 3) * sizeof(uint64_t);
        const uint64_t *l2 = mfn_to_virt(pte_mfn(l3e));
        uint64_t l2e = l2[pt_index(va, 2)];
        uint64_t l2e_maddr =
            (pte_mfn(l3e) << PAGE_SHIFT) + pt_index(va, 2) * sizeof(uint64_t);
        uint64_t l4e_maddr = l4_maddr() + pt_index(va, 4) * sizeof(uint64_t);

        check_rc(mmu_one(l2e_maddr, l2e | PTE_AVAIL_HIGH, DOMID_SELF), 0,
                 "L2: bits 52-62 accepted");
        check_hex(l2[pt_index(va, 2)] & PTE_AVAIL_HIGH, PTE_AVAIL_HIGH,
                  "L2: bits 52-62 kept");
        check_rc(mmu_one(l2e_maddr, l2e, DOMID_SELF), 0, "L2: cleared again");
        check_rc(mmu_one(l3e_maddr, l3e | PTE_AVAIL_HIGH, DOMID_SELF), 0,
                 "L3: bits 52-62 accepted");
        check_rc(mmu_one(l3e_maddr, l3e, DOMID_SELF), 0, "L3: cleared again");
        check_rc(mmu_one(l4e_maddr, l4e | PTE_AVAIL_HIGH, DOMID_SELF), 0,
                 "L4: bits 52-62 accepted");
        check_rc(mmu_one(l4e_maddr, l4e, DOMID_SELF), 0, "L4: cleared again");

        /* The global bit. */
        check_rc(mmu_one(l2e_maddr, l2e | PTE_GLOBAL, DOMID_SELF), -XEN_EINVAL,
                 "L2: the global bit refused");
        check_rc(mmu_one(l3e_maddr, l3e | PTE_GLOBAL, DOMID_SELF), -XEN_EINVAL,
                 "L3: the global bit refused");
        check_rc(mmu_one(l4e_maddr, l4e | PTE_GLOBAL, DOMID_SELF), -XEN_EINVAL,
                 "L4: the global bit refused");
        check_rc(mmu_one(l2e_maddr, l2e | PTE_PCD, DOMID_SELF), -XEN_EINVAL,
                 "L2: a cache attribute refused");
        check_rc(mmu_one(l3e_maddr, l3e | PTE_PWT, DOMID_SELF), -XEN_EINVAL,
                 "L3: a cache attribute refused");
        check_rc(mmu_one(l2e_maddr, l2e | PTE_PAT, DOMID_SELF), -XEN_EINVAL,
                 "L2: a superpage refused");
        check_hex(l2[pt_index(va, 2)], l2e, "L2 entry unchanged");
        check_hex(l4[pt_index(va, 4)], l4e, "L4 entry unchanged");
    }
    check_rc(mm_update_va(va, pte_make(mfn, PTE_FLAGS_DATA | PTE_GLOBAL)), 0,
             "L1: the global bit accepted");
    check_rc(mm_update_va(va, pte_make(mfn, PTE_FLAGS_DATA | PTE_USER)), 0,
             "L1: a user mapping");
    check_rc(mm_update_va(va, pte_make(mfn, PTE_FLAGS_DATA | PTE_CACHE_ATTRS)),
             0, "L1: dom0 may choose a RAM page's cache attributes");
    check_hex(mm_lookup(va) & PTE_CACHE_ATTRS, PTE_CACHE_ATTRS,
              "  ... kept as given");
    check_rc(mm_update_va(va, pte_make(mfn, PTE_FLAGS_DATA)), 0,
             "L1: back to a plain mapping");
}

/* ---- linear page tables ---------------------------------------------- */

static unsigned long linear_va(unsigned long i4, unsigned long i3,
                               unsigned long i2, unsigned long i1)
{
    return i4 << L4_SHIFT | i3 << L3_SHIFT | i2 << L2_SHIFT | i1 << PAGE_SHIFT;
}

/* A zeroed page, read-only, pinned as an L4: a second validated L4. */
static xen_pfn_t second_l4(void)
{
    void *page = page_alloc();
    xen_pfn_t mfn = virt_to_mfn(page);
    mmuext_op_t pin = {.cmd = MMUEXT_PIN_L4_TABLE, .arg1.mfn = mfn};

    check_rc(mm_update_va((unsigned long)page, pte_make(mfn, PTE_FLAGS_RO)), 0,
             "a page made read-only for a second L4");
    check_rc(HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF), 0,
             "  ... pinned as an L4");
    return mfn;
}

/* An L4 entry naming another validated L4. */
static void test_linear_other(uint64_t slot)
{
    xen_pfn_t other = second_l4();
    xen_pfn_t l4_mfn = virt_to_mfn((void *)guest_start_info->pt_base);
    uint64_t other_slot =
        ((uint64_t)other << PAGE_SHIFT) + LINEAR_SLOT * sizeof(uint64_t);
    mmuext_op_t unpin = {.cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = other};

    check_rc(mmu_one(slot, pte_make(other, PTE_FLAGS_DATA), DOMID_SELF),
             -XEN_EINVAL, "another L4, writable: refused");
    check_rc(mmu_one(slot, pte_make(other, PTE_FLAGS_RO), DOMID_SELF), 0,
             "another L4, read-only: accepted");
    check_rc(mmu_one(other_slot, pte_make(l4_mfn, PTE_FLAGS_RO), DOMID_SELF),
             -XEN_EINVAL, "  ... which may not name a table in turn");
    check_rc(mmu_one(other_slot, pte_make(other, PTE_FLAGS_RO), DOMID_SELF), 0,
             "  ... but may name itself");
    check_rc(mmu_one(other_slot, 0, DOMID_SELF), 0, "  ... removed again");
    check_rc(HYPERVISOR_mmuext_op(&unpin, 1, NULL, DOMID_SELF), 0,
             "  the other L4 unpinned while named");
    check_rc(mmu_one(slot, 0, DOMID_SELF), 0, "the entry removed");
}

/* Superpage entries: PS set, the frame in bits 51:21 or 51:30. */
#define PTE_PS PTE_PAT
#define L2_PAGE_MASK 0x000fffffffe00000ULL
#define L3_PAGE_MASK 0x000fffffc0000000ULL
/* The L4 slot of the read-only M2P. */
#define M2P_L4_SLOT HV_FIRST_L4_SLOT

/* Entry idx of the table the linear slot shows at linear_va(i4..i1). */
static uint64_t linear_read(unsigned long i4, unsigned long i3,
                            unsigned long i2, unsigned long i1,
                            unsigned long idx)
{
    return ((const volatile uint64_t *)linear_va(i4, i3, i2, i1))[idx];
}

/* The machine frame holding the first M2P entries, found by walking the
 * hypervisor's tables for the read-only M2P through the linear slot (they
 * are user-readable, as the M2P is). */
static xen_pfn_t m2p_first_frame(void)
{
    const unsigned long x = LINEAR_SLOT, m = M2P_L4_SLOT;
    uint64_t l3e = linear_read(x, x, x, m, 0), l2e, l1e;

    if (l3e & PTE_PS)
        return (l3e & L3_PAGE_MASK) >> PAGE_SHIFT;
    l2e = linear_read(x, x, m, 0, 0);
    if (l2e & PTE_PS)
        return (l2e & L2_PAGE_MASK) >> PAGE_SHIFT;
    l1e = linear_read(x, m, 0, 0, 0);
    return pte_mfn(l1e);
}

static xen_pfn_t m2p_mfn = INVALID_MFN;

static void test_linear(void)
{
    uint64_t slot = l4_maddr() + LINEAR_SLOT * sizeof(uint64_t);
    xen_pfn_t l4_mfn = virt_to_mfn((void *)guest_start_info->pt_base);
    const uint64_t *l4 = (const uint64_t *)guest_start_info->pt_base;
    const volatile uint64_t *self;

    check_rc(mmu_one(slot, pte_make(l4_mfn, PTE_FLAGS_DATA), DOMID_SELF),
             -XEN_EINVAL, "a writable linear L4 entry refused");
    check_rc(mmu_one(slot, pte_make(l4_mfn, PTE_FLAGS_RO), DOMID_SELF), 0,
             "a read-only linear L4 entry accepted");
    self = (const volatile uint64_t *)linear_va(LINEAR_SLOT, LINEAR_SLOT,
                                                LINEAR_SLOT, LINEAR_SLOT);
    check_hex(self[0], l4[0], "the L4 read through itself");
    /* update_va_mapping changes L1 entries only: through the linear
     * slot, the "L1" of this address is the L4. */
    check_rc(HYPERVISOR_update_va_mapping(
                 linear_va(LINEAR_SLOT, LINEAR_SLOT, LINEAR_SLOT, 0), 0,
                 UVMF_INVLPG),
             -XEN_EINVAL, "update_va_mapping on an L4 entry refused");
    check_hex(self[LINEAR_SLOT], l4[LINEAR_SLOT], "  ... the L4 unchanged");
    m2p_mfn = m2p_first_frame();
    check_rc(mmu_one(slot, 0, DOMID_SELF), 0, "the linear entry removed");
    test_linear_other(slot);
}

/* ---- frames that are not RAM, and foreigndom ------------------------- */

static void test_io_frames(unsigned long va)
{
    xen_pfn_t own = virt_to_mfn((void *)va);

    check_rc(map_with(va, pte_make(VGA_TEXT_MFN, PTE_FLAGS_RO), DOMID_SELF), 0,
             "VGA text buffer read-only");
    check_hex(mm_lookup(va) & PTE_CACHE_ATTRS, PTE_PCD | PTE_PWT,
              "  ... made uncachable");
    check_rc(map_with(va, pte_make(VGA_TEXT_MFN, PTE_FLAGS_DATA), DOMID_SELF),
             0, "VGA text buffer writable");
    check_hex(mm_lookup(va) & (PTE_RW | PTE_CACHE_ATTRS),
              PTE_RW | PTE_PCD | PTE_PWT, "  ... writable, uncachable");
    check_rc(map_with(va, pte_make(VGA_TEXT_MFN, PTE_FLAGS_DATA | PTE_PCD),
                      DOMID_SELF),
             0, "VGA text buffer with a cache attribute of its own");
    check_hex(mm_lookup(va) & PTE_CACHE_ATTRS, PTE_PCD, "  ... kept as given");
    check_rc(map_with(va, pte_make(BIOS_ROM_MFN, PTE_FLAGS_RO), DOMID_SELF), 0,
             "BIOS ROM read-only");
    check_rc(map_with(va, pte_make(BIOS_ROM_MFN, PTE_FLAGS_DATA), DOMID_SELF),
             0, "BIOS ROM writable");
    check_rc(map_with(va, pte_make(LOW_RAM_MFN, PTE_FLAGS_RO), DOMID_SELF), 0,
             "frame 0 read-only");
    check_rc(map_with(va, pte_make(PCI_HOLE_MFN, PTE_FLAGS_RO), DOMID_SELF), 0,
             "a frame in the PCI hole");
    check_rc(map_with(va, pte_make(LAPIC_MFN, PTE_FLAGS_RO), DOMID_SELF),
             -XEN_EPERM, "the local APIC refused");
    check_rc(map_with(va, pte_make(IOAPIC_MFN, PTE_FLAGS_RO), DOMID_SELF), 0,
             "the IOAPIC read-only");
    check_rc(map_with(va, pte_make(IOAPIC_MFN, PTE_FLAGS_DATA), DOMID_SELF), 0,
             "the IOAPIC asked writable");
    check_hex(mm_lookup(va) & PTE_RW, 0, "  ... mapped read-only");
    check_rc(map_with(va, pte_make(hypervisor_mfn(), PTE_FLAGS_RO), DOMID_SELF),
             -XEN_EBUSY, "a hypervisor frame refused");

    check_rc(map_with(va, pte_make(VGA_TEXT_MFN, PTE_FLAGS_RO), DOMID_IO), 0,
             "DOMID_IO: VGA text buffer");
    check_rc(map_with(va, pte_make(PCI_HOLE_MFN, PTE_FLAGS_DATA), DOMID_IO), 0,
             "DOMID_IO: the PCI hole writable");
    check_rc(map_with(va, pte_make(LAPIC_MFN, PTE_FLAGS_RO), DOMID_IO),
             -XEN_EPERM, "DOMID_IO: the local APIC refused");
    check_rc(map_with(va, pte_make(own, PTE_FLAGS_RO), DOMID_IO), -XEN_EBUSY,
             "DOMID_IO: an own RAM frame refused");
    check_rc(map_with(va, pte_make(hypervisor_mfn(), PTE_FLAGS_RO), DOMID_IO),
             -XEN_EBUSY, "DOMID_IO: a hypervisor frame refused");
    check_rc(map_with(va, pte_make(VGA_TEXT_MFN, PTE_FLAGS_RO), DOMID_XEN),
             -XEN_EPERM, "DOMID_XEN: an I/O frame refused");
    check_rc(map_with(va, pte_make(own, PTE_FLAGS_RO), DOMID_XEN), -XEN_EBUSY,
             "DOMID_XEN: an own RAM frame refused");
    check_rc(map_with(va, pte_make(hypervisor_mfn(), PTE_FLAGS_RO), DOMID_XEN),
             -XEN_EBUSY, "DOMID_XEN: a hypervisor frame refused");
    check_rc(map_with(va, pte_make(own, PTE_FLAGS_DATA), DOMID_DOM0),
             -XEN_ESRCH, "foreigndom: the caller's own ID refused");

    /* Writing into an I/O frame as if it were a page table. */
    check_rc(mmu_one((VGA_TEXT_MFN << PAGE_SHIFT) | MMU_NORMAL_PT_UPDATE, 0,
                     DOMID_SELF),
             -XEN_EINVAL, "mmu_update into an I/O frame");
    check_rc(mmu_one((VGA_TEXT_MFN << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 0,
                     DOMID_SELF),
             -XEN_EINVAL, "M2P entry of an I/O frame");
    check_rc(HYPERVISOR_update_va_mapping(va, pte_make(LAPIC_MFN, PTE_FLAGS_RO),
                                          UVMF_INVLPG),
             -XEN_EPERM, "update_va_mapping: the local APIC refused");

    check_rc(map_with(va, pte_make(own, PTE_FLAGS_DATA), DOMID_SELF), 0,
             "the page mapped back");
}

/* Frames the hypervisor shares read-only with a privileged domain: the
 * M2P's. Mapped under DOMID_XEN only, and read-only only. */
static void test_xen_shared(unsigned long va)
{
    xen_pfn_t own = virt_to_mfn((void *)va);
    const volatile unsigned long *m2p = (const volatile unsigned long *)va;

    check_rc(map_with(va, pte_make(m2p_mfn, PTE_FLAGS_RO), DOMID_XEN), 0,
             "DOMID_XEN: an M2P frame read-only");
    check_hex(m2p[own & (PAGE_SIZE / sizeof(unsigned long) - 1)],
              machine_to_phys_mapping[own & (PAGE_SIZE / sizeof(long) - 1)],
              "  ... reads as the M2P");
    check_rc(map_with(va, pte_make(m2p_mfn, PTE_FLAGS_DATA), DOMID_XEN),
             -XEN_EBUSY, "DOMID_XEN: an M2P frame writable refused");
    check_rc(map_with(va, pte_make(m2p_mfn, PTE_FLAGS_RO), DOMID_SELF), 0,
             "DOMID_SELF: an M2P frame read-only");
    check_rc(map_with(va, pte_make(m2p_mfn, PTE_FLAGS_DATA), DOMID_SELF),
             -XEN_EBUSY, "DOMID_SELF: an M2P frame writable refused");
    check_rc(map_with(va, pte_make(m2p_mfn, PTE_FLAGS_RO), DOMID_IO), 0,
             "DOMID_IO: an M2P frame read-only");
    check_rc(HYPERVISOR_update_va_mapping(va, pte_make(m2p_mfn, PTE_FLAGS_RO),
                                          UVMF_INVLPG),
             0, "update_va_mapping: an M2P frame read-only");
    check_rc(map_with(va, pte_make(own, PTE_FLAGS_DATA), DOMID_SELF), 0,
             "the page mapped back");
}

int main(void)
{
    unsigned long va = (unsigned long)page_alloc();

    verdict_title("test_pte", "page-table entries as Xen validates them");
    test_avail_bits(va);
    test_linear();
    test_io_frames(va);
    test_xen_shared(va);
    verdict_end();
}
