/*
 * Direct paging on the host: the type and reference rules
 * (arch/x86_64/pv/mm/pagetype.c) and entry and table validation (pte.c),
 * on fake machine memory with two hand-built domains. Every refusal is
 * checked for its errno and for leaving every count as it was.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "panic_double.h"
#include "pv_mm_double.h"
#include <arch/layout.h>
#include <hv/arch.h>
#include <hv/errno.h>

/* Frames of domain A used as a tree: L4 -> L3 -> L2 -> L1 -> pages. */
#define M_L4 10
#define M_L3 11
#define M_L2 12
#define M_L1 13
#define M_L1B 14
#define M_PAGE_RW 20
#define M_PAGE_RO 21
#define M_PAGE 22
#define M_FOREIGN PVT_DOM_B_FIRST
/* Entry indexes used by the tests. */
#define IDX_RW 0
#define IDX_RO 1
#define IDX_SELF 2
#define IDX_SPARE 7

#define TABLE_FLAGS (PTE_P | PTE_RW)
#define RW_FLAGS (PTE_P | PTE_RW)
#define RO_FLAGS PTE_P
#define PTE_BYTES sizeof(uint64_t)

static struct domain *const a = &pvt_dom_a;
static struct domain *const b = &pvt_dom_b;

static int setup(void **state)
{
    (void)state;
    pvt_setup();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pvt_teardown();
    return 0;
}

static struct frame *fr(mfn_t mfn)
{
    return mfn_to_frame(mfn);
}

static paddr_t entry_maddr(mfn_t table, unsigned idx)
{
    return mfn_to_paddr(table) + idx * PTE_BYTES;
}

/* Only the owner's allocation reference, no type in use. */
static void assert_untouched(mfn_t mfn)
{
    assert_int_equal(pvt_refs(mfn), 1);
    assert_int_equal(pvt_type_count(mfn), 0);
    assert_false(fr(mfn)->type_info & FRAME_TYPE_PINNED);
}

/* L4[0] -> L3[0] -> L2[0] -> L1, which maps M_PAGE_RW writable,
 * M_PAGE_RO read-only and itself read-only. */
static void build_tree(void)
{
    pvt_table(M_L4)[0] = pvt_pte(M_L3, TABLE_FLAGS);
    pvt_table(M_L3)[0] = pvt_pte(M_L2, TABLE_FLAGS);
    pvt_table(M_L2)[0] = pvt_pte(M_L1, TABLE_FLAGS);
    pvt_table(M_L1)[IDX_RW] = pvt_pte(M_PAGE_RW, RW_FLAGS);
    pvt_table(M_L1)[IDX_RO] = pvt_pte(M_PAGE_RO, RO_FLAGS);
    pvt_table(M_L1)[IDX_SELF] = pvt_pte(M_L1, RO_FLAGS);
}

static void test_writable_then_table_refused(void **state)
{
    (void)state;
    assert_int_equal(get_page_and_type(fr(M_PAGE), a, FRAME_TYPE_WRITABLE), 0);
    assert_int_equal(pv_pin_table(a, M_PAGE, FRAME_TYPE_L1), -EINVAL);
    assert_int_equal(pvt_type(M_PAGE), FRAME_TYPE_WRITABLE);
    assert_int_equal(pvt_type_count(M_PAGE), 1);
    assert_int_equal(pvt_refs(M_PAGE), 2);

    /* The same through a mapping: an L1 maps the frame writable. */
    put_page_and_type(fr(M_PAGE));
    pvt_table(M_L1)[IDX_RW] = pvt_pte(M_PAGE, RW_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    assert_int_equal(pv_pin_table(a, M_PAGE, FRAME_TYPE_L1), -EINVAL);
    assert_int_equal(pvt_type_count(M_PAGE), 1);
    assert_int_equal(pvt_refs(M_PAGE), 2);
}

static void test_table_then_writable_refused(void **state)
{
    (void)state;
    assert_int_equal(pv_pin_table(a, M_L1B, FRAME_TYPE_L1), 0);
    assert_int_equal(get_page_type(fr(M_L1B), FRAME_TYPE_WRITABLE, a), -EINVAL);

    /* An L1 that maps the pinned table writable does not validate. */
    pvt_table(M_L1)[IDX_RO] = pvt_pte(M_PAGE_RO, RO_FLAGS);
    pvt_table(M_L1)[IDX_SPARE] = pvt_pte(M_L1B, RW_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), -EBUSY);
    assert_untouched(M_L1);
    assert_untouched(M_PAGE_RO);
    assert_int_equal(pvt_type(M_L1), FRAME_TYPE_NONE);
    assert_int_equal(pvt_type_count(M_L1B), 1);
    assert_int_equal(pvt_refs(M_L1B), 2);

    /* Nor can an update of a validated L1 add such a mapping. */
    pvt_table(M_L1)[IDX_SPARE] = 0;
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L1, IDX_SPARE),
                                   pvt_pte(M_L1B, RW_FLAGS), 0),
                     -EBUSY);
    assert_int_equal(pvt_table(M_L1)[IDX_SPARE], 0);
    assert_int_equal(pvt_type_count(M_L1B), 1);
}

static void test_type_changes_only_at_count_zero(void **state)
{
    (void)state;
    assert_int_equal(get_page_type(fr(M_PAGE), FRAME_TYPE_WRITABLE, a), 0);
    assert_int_equal(get_page_type(fr(M_PAGE), FRAME_TYPE_WRITABLE, a), 0);
    assert_int_equal(get_page_type(fr(M_PAGE), FRAME_TYPE_SEGDESC, a), -EINVAL);
    put_page_type(fr(M_PAGE));
    assert_int_equal(get_page_type(fr(M_PAGE), FRAME_TYPE_SEGDESC, a), -EINVAL);
    put_page_type(fr(M_PAGE));
    /* The writable type outlives its count; leaving it flushes TLBs. */
    assert_int_equal(pvt_type(M_PAGE), FRAME_TYPE_WRITABLE);
    assert_int_equal(pvt_flush_all_calls, 0);
    assert_int_equal(get_page_type(fr(M_PAGE), FRAME_TYPE_SEGDESC, a), 0);
    assert_int_equal(pvt_flush_all_calls, 1);
    assert_int_equal(pvt_type(M_PAGE), FRAME_TYPE_SEGDESC);
    put_page_type(fr(M_PAGE));
}

static void test_pin_unpin_and_double_pin(void **state)
{
    (void)state;
    build_tree();
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    assert_true(fr(M_L1)->type_info & FRAME_TYPE_PINNED);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), -EINVAL);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L2), -EINVAL);
    assert_int_equal(pvt_type_count(M_L1), 1);
    /* alloc + pin + its own read-only self-mapping */
    assert_int_equal(pvt_refs(M_L1), 3);
    assert_int_equal(pv_unpin_table(a, M_L1), 0);
    assert_untouched(M_L1);
    assert_untouched(M_PAGE_RO);
    assert_int_equal(pv_unpin_table(a, M_L1), -EINVAL);
    /* Not b's: -EINVAL, Xen's answer. */
    assert_int_equal(pv_unpin_table(b, M_L1), -EINVAL);
    assert_int_equal(pv_pin_table(b, M_L1, FRAME_TYPE_L1), -EINVAL);
    assert_int_equal(pv_pin_table(a, PVT_FRAMES + 1, FRAME_TYPE_L1), -EINVAL);
    assert_untouched(M_L1);
}

/* An L1 entry naming a frame that is not ours: -EBUSY, as on Xen. */
static void test_foreign_entry_refused(void **state)
{
    (void)state;
    pvt_table(M_L1)[IDX_RW] = pvt_pte(M_PAGE_RW, RW_FLAGS);
    pvt_table(M_L1)[IDX_RO] = pvt_pte(M_PAGE_RO, RO_FLAGS);
    pvt_table(M_L1)[IDX_SPARE] = pvt_pte(M_FOREIGN, RO_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), -EBUSY);
    assert_untouched(M_L1);
    assert_untouched(M_PAGE_RW);
    assert_untouched(M_PAGE_RO);
    assert_untouched(M_FOREIGN);
    assert_int_equal(pvt_type(M_L1), FRAME_TYPE_NONE);
    /* Nothing rewritten either: the entries are as the guest left them. */
    assert_int_equal(pvt_table(M_L1)[IDX_RW], pvt_pte(M_PAGE_RW, RW_FLAGS));

    /* Reserved and hypervisor frames are nobody's to map. */
    pvt_table(M_L1)[IDX_SPARE] = pvt_pte(PVT_HV_SLOT_MFN, RO_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), -EBUSY);
    assert_untouched(M_PAGE_RW);
    /* An upper entry naming a frame not ours: -EINVAL. */
    pvt_table(M_L2)[0] = pvt_pte(M_FOREIGN, TABLE_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L2, FRAME_TYPE_L2), -EINVAL);
    pvt_table(M_L2)[0] = pvt_pte(PVT_FRAMES + 3, TABLE_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L2, FRAME_TYPE_L2), -EINVAL);
    assert_untouched(M_L2);
}

/* I/O memory: frames marked FRAME_IO and frames past the table. A
 * domain with I/O rights maps them holding nothing, uncachable unless
 * it chose; restricted device pages are read-only or refused. */
static void test_io_entries(void **state)
{
    const mfn_t io_past = PVT_FRAMES + 3, denied = PVT_FRAMES + 5,
                read_only = PVT_FRAMES + 6;
    uint64_t *l1 = pvt_table(M_L1);
    uint64_t refs = pvt_refs(PVT_IO_MFN);

    (void)state;
    pv_iomem_restrict(denied, IOMEM_DENIED);
    pv_iomem_restrict(read_only, IOMEM_READ_ONLY);
    assert_int_equal(pv_iomem_access(0xfee00), IOMEM_DENIED); /* MSI, APIC */
    assert_int_equal(pv_iomem_access(io_past), IOMEM_ALLOWED);
    l1[0] = pvt_pte(PVT_IO_MFN, RW_FLAGS);
    l1[1] = pvt_pte(io_past, RO_FLAGS | PTE_PCD);
    l1[2] = pvt_pte(read_only, RW_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    assert_int_equal(pvt_refs(PVT_IO_MFN), refs);
    assert_int_equal(
        l1[0], pvt_pte(PVT_IO_MFN, RW_FLAGS | PTE_US | PTE_PCD | PTE_PWT));
    assert_int_equal(l1[1], pvt_pte(io_past, RO_FLAGS | PTE_US | PTE_PCD));
    assert_int_equal(l1[2],
                     pvt_pte(read_only, PTE_P | PTE_US | PTE_PCD | PTE_PWT));
    /* Refused: a device page of the hypervisor's; the last frame number;
     * I/O under DOMID_XEN; a RAM frame under DOMID_IO or DOMID_XEN. */
    assert_int_equal(
        pv_pte_update(a, entry_maddr(M_L1, 3), pvt_pte(denied, RO_FLAGS), 0),
        -EPERM);
    assert_int_equal(
        pv_pte_update(a, entry_maddr(M_L1, 3), PTE_ADDR_MASK | RO_FLAGS, 0),
        -EINVAL);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L1, 3),
                                   pvt_pte(io_past, RO_FLAGS),
                                   PV_PTE_FOREIGN_XEN),
                     -EPERM);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L1, 3),
                                   pvt_pte(io_past, RO_FLAGS),
                                   PV_PTE_FOREIGN_IO),
                     0);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L1, 4),
                                   pvt_pte(M_PAGE, RO_FLAGS),
                                   PV_PTE_FOREIGN_IO),
                     -EBUSY);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L1, 4),
                                   pvt_pte(M_PAGE, RO_FLAGS),
                                   PV_PTE_FOREIGN_XEN),
                     -EBUSY);
    assert_untouched(M_PAGE);
    /* Writing into an I/O frame as if it were a table. */
    assert_int_equal(pv_pte_update(a, mfn_to_paddr(PVT_IO_MFN), 0, 0), -EINVAL);
    assert_int_equal(pv_unpin_table(a, M_L1), 0);
    assert_untouched(M_L1);
    assert_int_equal(pvt_refs(PVT_IO_MFN), refs);

    /* Without I/O rights: refused. */
    pvt_table(M_FOREIGN)[0] = pvt_pte(PVT_IO_MFN, RO_FLAGS);
    assert_int_equal(pv_pin_table(b, M_FOREIGN, FRAME_TYPE_L1), -EPERM);
    assert_untouched(M_FOREIGN);
}

static void test_superpage_refused(void **state)
{
    (void)state;
    pvt_table(M_L2)[0] = pvt_pte(M_L1, TABLE_FLAGS);
    pvt_table(M_L2)[1] = pvt_pte(M_PAGE, TABLE_FLAGS | PTE_PS);
    assert_int_equal(pv_pin_table(a, M_L2, FRAME_TYPE_L2), -EINVAL);
    assert_untouched(M_L2);
    assert_untouched(M_L1);
    assert_int_equal(pvt_type(M_L1), FRAME_TYPE_NONE);
    assert_int_equal(pvt_type(M_L2), FRAME_TYPE_NONE);

    /* Bit 7 of an L1 entry is PAT, not a page size. */
    pvt_table(M_L1)[0] = pvt_pte(M_PAGE, RO_FLAGS | PTE_PAT);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    assert_int_equal(pv_unpin_table(a, M_L1), 0);
}

/* Bits 52-62 are the guest's; above L1 the global bit and the cache
 * attributes are refused; in L1 only a domain with I/O rights may set
 * the cache attributes (Xen's rules). */
static void test_entry_bits(void **state)
{
    const uint64_t avail = 0x7ffULL << 52;
    const mfn_t b_l1 = PVT_DOM_B_FIRST, b_page = PVT_DOM_B_FIRST + 1;

    (void)state;
    pvt_table(M_L1)[0] = pvt_pte(M_PAGE, RO_FLAGS) | avail;
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    assert_int_equal(pvt_table(M_L1)[0] & avail, avail);
    assert_int_equal(pv_unpin_table(a, M_L1), 0);
    assert_untouched(M_PAGE);
    /* Not-present entries may hold anything (swap entries). */
    pvt_table(M_L1)[0] = ~(uint64_t)PTE_P;
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    assert_int_equal(pvt_table(M_L1)[0], ~(uint64_t)PTE_P);
    assert_int_equal(pv_unpin_table(a, M_L1), 0);

    pvt_table(M_L1)[0] = 0;
    pvt_table(M_L2)[0] = pvt_pte(M_L1, TABLE_FLAGS) | avail;
    assert_int_equal(pv_pin_table(a, M_L2, FRAME_TYPE_L2), 0);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L2, 0),
                                   pvt_pte(M_L1, TABLE_FLAGS | PTE_G), 0),
                     -EINVAL);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L2, 0),
                                   pvt_pte(M_L1, TABLE_FLAGS | PTE_PCD), 0),
                     -EINVAL);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L2, 0),
                                   pvt_pte(M_L1, TABLE_FLAGS | PTE_PWT), 0),
                     -EINVAL);
    assert_int_equal(pvt_table(M_L2)[0] & avail, avail);
    assert_int_equal(pv_unpin_table(a, M_L2), 0);
    assert_untouched(M_L1);

    pvt_table(b_l1)[0] = pvt_pte(b_page, RO_FLAGS | PTE_PCD);
    assert_int_equal(pv_pin_table(b, b_l1, FRAME_TYPE_L1), -EINVAL);
    pvt_table(b_l1)[0] = pvt_pte(b_page, RO_FLAGS | PTE_G);
    assert_int_equal(pv_pin_table(b, b_l1, FRAME_TYPE_L1), 0);
    assert_int_equal(pv_unpin_table(b, b_l1), 0);
    assert_untouched(b_page);
}

static void test_hypervisor_slots_refused(void **state)
{
    (void)state;
    pvt_table(M_L4)[HV_LAST_L4_SLOT] = pvt_pte(M_L3, TABLE_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L4, FRAME_TYPE_L4), -EINVAL);
    assert_untouched(M_L4);
    assert_untouched(M_L3);
    assert_int_equal(pvt_install_calls, 0);

    /* Once validated, no update may touch them, present or not. */
    pvt_table(M_L4)[HV_LAST_L4_SLOT] = 0;
    assert_int_equal(pv_pin_table(a, M_L4, FRAME_TYPE_L4), 0);
    assert_int_equal(pvt_install_calls, 1);
    assert_int_equal(
        pv_pte_update(a, entry_maddr(M_L4, HV_FIRST_L4_SLOT), 0, 0), -EINVAL);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L4, HV_LAST_L4_SLOT),
                                   pvt_pte(M_L3, TABLE_FLAGS), 0),
                     -EINVAL);
    assert_int_equal(pvt_table(M_L4)[HV_FIRST_L4_SLOT],
                     pvt_pte(PVT_HV_SLOT_MFN, PVT_HV_SLOT_FLAGS));
    assert_untouched(M_L3);
}

static void test_tree_counts_exact(void **state)
{
    (void)state;
    build_tree();
    assert_int_equal(pv_pin_table(a, M_L4, FRAME_TYPE_L4), 0);
    assert_int_equal(fr(M_L4)->type_info, FRAME_TYPE(FRAME_TYPE_L4) |
                                              FRAME_TYPE_VALIDATED |
                                              FRAME_TYPE_PINNED | 1);
    assert_int_equal(pvt_refs(M_L4), 2);
    assert_int_equal(fr(M_L3)->type_info,
                     FRAME_TYPE(FRAME_TYPE_L3) | FRAME_TYPE_VALIDATED | 1);
    assert_int_equal(pvt_refs(M_L3), 2);
    assert_int_equal(fr(M_L2)->type_info,
                     FRAME_TYPE(FRAME_TYPE_L2) | FRAME_TYPE_VALIDATED | 1);
    assert_int_equal(pvt_refs(M_L2), 2);
    assert_int_equal(fr(M_L1)->type_info,
                     FRAME_TYPE(FRAME_TYPE_L1) | FRAME_TYPE_VALIDATED | 1);
    assert_int_equal(pvt_refs(M_L1), 3); /* + its read-only self-map */
    assert_int_equal(fr(M_PAGE_RW)->type_info, FRAME_TYPE(FRAME_TYPE_WRITABLE) |
                                                   FRAME_TYPE_VALIDATED | 1);
    assert_int_equal(pvt_refs(M_PAGE_RW), 2);
    assert_int_equal(pvt_type_count(M_PAGE_RO), 0);
    assert_int_equal(pvt_refs(M_PAGE_RO), 2);
    /* Entries now reachable from ring 3, hypervisor slots filled. */
    assert_true(pvt_table(M_L4)[0] & PTE_US);
    assert_true(pvt_table(M_L1)[IDX_RO] & PTE_US);
    for (unsigned i = HV_FIRST_L4_SLOT; i <= HV_LAST_L4_SLOT; i++)
        assert_int_equal(pvt_table(M_L4)[i],
                         pvt_pte(PVT_HV_SLOT_MFN, PVT_HV_SLOT_FLAGS));
}

static void test_invalidation_releases_everything(void **state)
{
    const mfn_t tree[] = {M_L4, M_L3, M_L2, M_L1, M_PAGE_RW, M_PAGE_RO};

    (void)state;
    build_tree();
    assert_int_equal(pv_pin_table(a, M_L4, FRAME_TYPE_L4), 0);
    assert_int_equal(pv_unpin_table(a, M_L4), 0);
    for (unsigned i = 0; i < sizeof(tree) / sizeof(tree[0]); i++)
        assert_untouched(tree[i]);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(pvt_type(tree[i]), FRAME_TYPE_NONE);
    /* One flush per released table; the slots are ours to clear. */
    assert_int_equal(pvt_flush_all_calls, 4);
    assert_int_equal(pvt_table(M_L4)[HV_FIRST_L4_SLOT], 0);
    /* So the same L4 validates again. */
    assert_int_equal(pv_pin_table(a, M_L4, FRAME_TYPE_L4), 0);
    assert_int_equal(pv_unpin_table(a, M_L4), 0);
    assert_untouched(M_L4);
}

static void test_l1_self_mapping(void **state)
{
    (void)state;
    pvt_table(M_L1)[IDX_SELF] = pvt_pte(M_L1, RW_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), -EBUSY);
    assert_untouched(M_L1);
    pvt_table(M_L1)[IDX_SELF] = pvt_pte(M_L1, RO_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    assert_int_equal(pvt_refs(M_L1), 3);
    /* A validated table may be mapped read-only from another one too. */
    pvt_table(M_L1B)[0] = pvt_pte(M_L1, RO_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L1B, FRAME_TYPE_L1), 0);
    assert_int_equal(pvt_refs(M_L1), 4);
    assert_int_equal(pv_unpin_table(a, M_L1B), 0);
    assert_int_equal(pv_unpin_table(a, M_L1), 0);
    assert_untouched(M_L1);
}

/* A linear page table: an entry naming its own table, read-only only,
 * holding no reference. */
static void test_linear_l4(void **state)
{
    paddr_t slot = entry_maddr(M_L4, 1);

    (void)state;
    pvt_table(M_L4)[1] = pvt_pte(M_L4, TABLE_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L4, FRAME_TYPE_L4), -EINVAL);
    assert_untouched(M_L4);
    pvt_table(M_L4)[1] = pvt_pte(M_L4, RO_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L4, FRAME_TYPE_L4), 0);
    assert_int_equal(pvt_refs(M_L4), 2); /* alloc + pin */
    assert_int_equal(pvt_type_count(M_L4), 1);
    /* Read-only to writable, through an update: refused, kept. */
    assert_int_equal(pv_pte_update(a, slot, pvt_pte(M_L4, TABLE_FLAGS), 0),
                     -EINVAL);
    assert_int_equal(pvt_table(M_L4)[1], pvt_pte(M_L4, RO_FLAGS | PTE_US));
    assert_int_equal(pv_pte_update(a, slot, 0, 0), 0);
    assert_int_equal(pv_pte_update(a, slot, pvt_pte(M_L4, RO_FLAGS), 0), 0);
    assert_int_equal(pv_pte_update(a, slot, pvt_pte(M_L4, TABLE_FLAGS), 0),
                     -EINVAL);
    /* Another L4 in use cannot serve as an L3: only read-only, as a
     * linear entry holding a reference. */
    pvt_table(M_L3)[0] = 0;
    assert_int_equal(pv_pin_table(a, M_L3, FRAME_TYPE_L4), 0);
    assert_int_equal(
        pv_pte_update(a, entry_maddr(M_L4, 2), pvt_pte(M_L3, TABLE_FLAGS), 0),
        -EINVAL);
    assert_int_equal(pvt_table(M_L4)[2], 0);
    assert_int_equal(
        pv_pte_update(a, entry_maddr(M_L4, 2), pvt_pte(M_L3, RO_FLAGS), 0), 0);
    assert_int_equal(pvt_type_count(M_L3), 2);
    assert_int_equal(pvt_refs(M_L3), 3);
    assert_int_equal(fr(M_L4)->linear_count, 1);
    assert_int_equal(fr(M_L3)->linear_count, -1);
    /* Read-only to writable: refused, as a new entry would be. */
    assert_int_equal(
        pv_pte_update(a, entry_maddr(M_L4, 2), pvt_pte(M_L3, TABLE_FLAGS), 0),
        -EINVAL);
    /* The named table may not name another in turn; itself it may. */
    assert_int_equal(
        pv_pte_update(a, entry_maddr(M_L3, 3), pvt_pte(M_L4, RO_FLAGS), 0),
        -EINVAL);
    assert_int_equal(
        pv_pte_update(a, entry_maddr(M_L3, 3), pvt_pte(M_L3, RO_FLAGS), 0), 0);
    /* Nor may the naming table be named. */
    pvt_table(M_L2)[0] = 0;
    assert_int_equal(pv_pin_table(a, M_L2, FRAME_TYPE_L4), 0);
    assert_int_equal(
        pv_pte_update(a, entry_maddr(M_L2, 4), pvt_pte(M_L4, RO_FLAGS), 0),
        -EINVAL);
    assert_int_equal(pv_unpin_table(a, M_L2), 0);
    /* Unpinned while named, it stays an L4 until the entry goes. */
    assert_int_equal(pv_unpin_table(a, M_L3), 0);
    assert_int_equal(pvt_type(M_L3), FRAME_TYPE_L4);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L4, 2), 0, 0), 0);
    assert_int_equal(pvt_type(M_L3), FRAME_TYPE_NONE);
    assert_int_equal(fr(M_L4)->linear_count, 0);
    assert_int_equal(fr(M_L3)->linear_count, 0);
    assert_untouched(M_L3);
    assert_int_equal(pv_unpin_table(a, M_L4), 0);
    assert_untouched(M_L4);
}

/* A linear entry in a table being released: the named table goes with
 * it, and nothing is left counted. */
static void test_linear_released_with_table(void **state)
{
    (void)state;
    pvt_table(M_L3)[0] = 0;
    assert_int_equal(pv_pin_table(a, M_L3, FRAME_TYPE_L4), 0);
    pvt_table(M_L4)[5] = pvt_pte(M_L3, RO_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L4, FRAME_TYPE_L4), 0);
    assert_int_equal(pv_unpin_table(a, M_L3), 0);
    assert_int_equal(pv_unpin_table(a, M_L4), 0);
    assert_untouched(M_L4);
    assert_untouched(M_L3);
    assert_int_equal(fr(M_L4)->linear_count, 0);
    assert_int_equal(fr(M_L3)->linear_count, 0);
}

static void test_update_moves_references(void **state)
{
    paddr_t slot = entry_maddr(M_L1, IDX_RW);

    (void)state;
    build_tree();
    assert_int_equal(pv_pin_table(a, M_L4, FRAME_TYPE_L4), 0);
    assert_int_equal(pv_pte_update(a, slot, pvt_pte(M_PAGE, RW_FLAGS), 0), 0);
    assert_int_equal(pvt_type_count(M_PAGE_RW), 0);
    assert_int_equal(pvt_refs(M_PAGE_RW), 1);
    assert_int_equal(pvt_type_count(M_PAGE), 1);
    assert_int_equal(pvt_refs(M_PAGE), 2);
    assert_int_equal(pvt_table(M_L1)[IDX_RW],
                     pvt_pte(M_PAGE, RW_FLAGS | PTE_US));
    /* Writable to read-only: the type reference goes, the other stays. */
    assert_int_equal(pv_pte_update(a, slot, pvt_pte(M_PAGE, RO_FLAGS), 0), 0);
    assert_int_equal(pvt_type_count(M_PAGE), 0);
    assert_int_equal(pvt_refs(M_PAGE), 2);
    /* A refused update leaves the old entry and its references. */
    assert_int_equal(pv_pte_update(a, slot, pvt_pte(M_FOREIGN, RO_FLAGS), 0),
                     -EBUSY);
    assert_int_equal(pvt_table(M_L1)[IDX_RW],
                     pvt_pte(M_PAGE, RO_FLAGS | PTE_US));
    assert_int_equal(pvt_refs(M_PAGE), 2);
    /* Not present: anything goes, and the reference is dropped. */
    assert_int_equal(pv_pte_update(a, slot, 0x1234ULL << PAGE_SHIFT, 0), 0);
    assert_int_equal(pvt_refs(M_PAGE), 1);
    assert_int_equal(pv_unpin_table(a, M_L4), 0);
    assert_untouched(M_PAGE);
    assert_untouched(M_L1);
}

static void test_update_flags(void **state)
{
    paddr_t slot = entry_maddr(M_L1, IDX_RO);
    uint64_t ad = PTE_AD_MASK;

    (void)state;
    build_tree();
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    /* Same frame, new flags: validated, references unchanged. */
    pvt_table(M_L1)[IDX_RO] |= ad;
    assert_int_equal(pv_pte_update(a, slot,
                                   pvt_pte(M_PAGE_RO, RO_FLAGS | PTE_NX),
                                   PV_PTE_PRESERVE_AD),
                     0);
    assert_int_equal(pvt_table(M_L1)[IDX_RO],
                     pvt_pte(M_PAGE_RO, RO_FLAGS | PTE_NX | PTE_US) | ad);
    assert_int_equal(pvt_refs(M_PAGE_RO), 2);
    /* Without PRESERVE_AD the guest's A/D win; global is stripped. */
    assert_int_equal(
        pv_pte_update(a, slot, pvt_pte(M_PAGE_RO, RO_FLAGS | PTE_G), 0), 0);
    assert_int_equal(pvt_table(M_L1)[IDX_RO],
                     pvt_pte(M_PAGE_RO, RO_FLAGS | PTE_US));
    assert_int_equal(
        pv_pte_update(a, slot, pvt_pte(M_PAGE_RO, RO_FLAGS) | (1ULL << 60), 0),
        0);
    assert_int_equal(pvt_table(M_L1)[IDX_RO],
                     pvt_pte(M_PAGE_RO, RO_FLAGS | PTE_US) | (1ULL << 60));
    assert_int_equal(pvt_refs(M_PAGE_RO), 2);
    /* Misaligned, foreign or out-of-range entry addresses. */
    assert_int_equal(pv_pte_update(a, slot + 4, 0, 0), -EINVAL);
    assert_int_equal(pv_pte_update(b, slot, 0, 0), -EINVAL);
    assert_int_equal(pv_pte_update(a, mfn_to_paddr(PVT_FRAMES), 0, 0), -EINVAL);
    assert_int_equal(pv_unpin_table(a, M_L1), 0);
    assert_untouched(M_PAGE_RO);
}

static void test_plain_update(void **state)
{
    paddr_t slot = entry_maddr(M_PAGE, IDX_SPARE);

    (void)state;
    /* Not a table: a plain write, as the guest could do itself. */
    assert_int_equal(pv_pte_update(a, slot, 0x1234, 0), 0);
    assert_int_equal(pvt_table(M_PAGE)[IDX_SPARE], 0x1234);
    assert_int_equal(pvt_type_count(M_PAGE), 0);
    assert_int_equal(pv_pte_update(a, slot, 0x5678, PV_PTE_TABLE_ONLY),
                     -EINVAL);
    assert_int_equal(get_page_type(fr(M_PAGE), FRAME_TYPE_SEGDESC, a), 0);
    assert_int_equal(pv_pte_update(a, slot, 0x5678, 0), -EINVAL);
    assert_int_equal(pvt_table(M_PAGE)[IDX_SPARE], 0x1234);
    put_page_type(fr(M_PAGE));
}

static void test_walk(void **state)
{
    const vaddr_t va = 5ULL << L1_SHIFT;
    paddr_t l1e;

    (void)state;
    build_tree();
    assert_int_equal(pv_pin_table(a, M_L4, FRAME_TYPE_L4), 0);
    assert_int_equal(pv_walk_l1e(M_L4, va, &l1e), 0);
    assert_int_equal(l1e, entry_maddr(M_L1, 5));
    assert_int_equal(pv_walk_l1e(M_L4, 1ULL << L2_SHIFT, &l1e), -EINVAL);
    assert_int_equal(pv_walk_l1e(M_L4, HV_VIRT_START, &l1e), -EINVAL);
    assert_int_equal(pv_walk_l1e(PV_NO_ROOT, va, &l1e), -EINVAL);
    /* update_va_mapping's flags: an L1 entry only, whatever the walk
     * (through a linear entry) ended in. */
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L4, 3), 0,
                                   PV_PTE_TABLE_ONLY | PV_PTE_L1_ONLY),
                     -EINVAL);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L1, 3), 0,
                                   PV_PTE_TABLE_ONLY | PV_PTE_L1_ONLY),
                     0);
    assert_int_equal(pv_unpin_table(a, M_L4), 0);
}

static void test_shared_hypervisor_frame(void **state)
{
    struct frame *f = fr(M_PAGE);

    (void)state;
    /* A hypervisor frame shared with the guest (shared_info): it may be
     * mapped, even writable, but never become a table. */
    f->count_info = FRAME_HV | 1;
    pvt_table(M_L1)[0] = pvt_pte(M_PAGE, RW_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    assert_int_equal(pv_unpin_table(a, M_L1), 0);
    assert_int_equal(pv_pin_table(a, M_PAGE, FRAME_TYPE_L1), -EINVAL);
    assert_int_equal(get_page_type(f, FRAME_TYPE_SEGDESC, a), -EINVAL);
    /* Without an owner it is the hypervisor's own. */
    f->owner = NULL;
    assert_false(get_page(f, a));
}

/* A hypervisor frame shared read-only (the M2P's): a privileged domain
 * maps it read-only under any foreigndom, holding nothing. */
static void test_shared_ro_frame(void **state)
{
    struct frame *f = fr(M_PAGE);
    uint64_t *l1 = pvt_table(M_L1);

    (void)state;
    f->owner = NULL;
    f->count_info = FRAME_HV | FRAME_SHARED_RO;
    l1[0] = pvt_pte(M_PAGE, RO_FLAGS);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    assert_int_equal(pv_pte_update(a, entry_maddr(M_L1, 1),
                                   pvt_pte(M_PAGE, RO_FLAGS),
                                   PV_PTE_FOREIGN_XEN),
                     0);
    assert_int_equal(
        pv_pte_update(a, entry_maddr(M_L1, 2), pvt_pte(M_PAGE, RW_FLAGS), 0),
        -EBUSY);
    assert_int_equal(f->count_info, FRAME_HV | FRAME_SHARED_RO);
    assert_int_equal(pv_unpin_table(a, M_L1), 0);
    assert_int_equal(f->count_info, FRAME_HV | FRAME_SHARED_RO);
    assert_int_equal(f->type_info, 0);
    /* Not for a domain without privilege. */
    pvt_table(M_FOREIGN)[0] = pvt_pte(M_PAGE, RO_FLAGS);
    assert_int_equal(pv_pin_table(b, M_FOREIGN, FRAME_TYPE_L1), -EBUSY);
    assert_untouched(M_FOREIGN);
}

static void test_unpin_all(void **state)
{
    (void)state;
    build_tree();
    assert_int_equal(pv_pin_table(a, M_L4, FRAME_TYPE_L4), 0);
    assert_int_equal(pv_pin_table(a, M_L1, FRAME_TYPE_L1), 0);
    assert_int_equal(pv_pin_table(a, M_L1B, FRAME_TYPE_L1), 0);
    pv_unpin_all(a);
    assert_untouched(M_L4);
    assert_untouched(M_L1);
    assert_untouched(M_L1B);
    assert_untouched(M_PAGE_RW);
}

static void test_underflow_panics(void **state)
{
    (void)state;
    EXPECT_PANIC(put_page_type(fr(M_PAGE)), "underflow");
    fr(M_PAGE)->count_info = 0;
    EXPECT_PANIC(put_page(fr(M_PAGE)), "no reference");
    assert_false(get_page(fr(M_PAGE), a)); /* count 0: being freed */
}

/* dom0's machine map asks for the restricted runs of a gap: an IOAPIC
 * page alone, the MSI window with the local APIC in it as one run, each
 * clipped to the range asked about. */
static void test_io_restricted_runs(void **state)
{
    mfn_t first, last;

    (void)state;
    pv_iomem_restrict(0xfec00, IOMEM_READ_ONLY);
    pv_iomem_restrict(0xfee00, IOMEM_DENIED);
    assert_true(arch_iomem_restricted_run(0x20000, 0xfffbf, &first, &last));
    assert_int_equal(first, 0xfec00);
    assert_int_equal(last, 0xfec00);
    assert_true(arch_iomem_restricted_run(0xfec01, 0xfffbf, &first, &last));
    assert_int_equal(first, 0xfee00);
    assert_int_equal(last, 0xfeeff);
    assert_true(arch_iomem_restricted_run(0xfee80, 0xfee90, &first, &last));
    assert_int_equal(first, 0xfee80);
    assert_int_equal(last, 0xfee90);
    assert_false(arch_iomem_restricted_run(0xfef00, ~0UL >> 12, &first, &last));
    assert_false(arch_iomem_restricted_run(0x20000, 0xfebff, &first, &last));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_writable_then_table_refused),
        T(test_table_then_writable_refused),
        T(test_type_changes_only_at_count_zero),
        T(test_pin_unpin_and_double_pin),
        T(test_foreign_entry_refused),
        T(test_io_entries),
        T(test_io_restricted_runs),
        T(test_superpage_refused),
        T(test_entry_bits),
        T(test_hypervisor_slots_refused),
        T(test_tree_counts_exact),
        T(test_invalidation_releases_everything),
        T(test_l1_self_mapping),
        T(test_linear_l4),
        T(test_linear_released_with_table),
        T(test_update_moves_references),
        T(test_update_flags),
        T(test_plain_update),
        T(test_walk),
        T(test_shared_hypervisor_frame),
        T(test_shared_ro_frame),
        T(test_unpin_all),
        T(test_underflow_panics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
