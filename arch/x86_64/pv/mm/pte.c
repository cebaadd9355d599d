/*
 * Page-table entries of PV guests: what a guest may write into its own
 * tables, and the references each present entry holds.
 *
 * A present entry of a table at level n of domain d must set no refused
 * bit (bits 52-62 are the guest's at every level, as on Xen). At level 1
 * it maps a page: a writable mapping of a frame d owns holds a WRITABLE
 * type reference on it (refused while the page is a table or descriptor
 * page), a read-only one only a general reference; any other frame is
 * refused with -EBUSY, Xen's answer, unless it is I/O memory (below),
 * which a domain with I/O rights maps holding no reference at all, or a
 * hypervisor frame shared read-only (FRAME_SHARED_RO: the M2P), which a
 * privileged domain maps read-only, holding nothing either. At
 * levels 2-4 an entry holds a type reference of level n-1 on the next
 * table, and may not make a superpage (PS), be global, or set a cache
 * attribute. Or, read-only, it names its own table (holding nothing) or
 * another validated table of its own level (get_linear_page_type()): a
 * linear page table, through which the tables appear as pages. L4 slots
 * HV_FIRST_L4_SLOT..HV_LAST_L4_SLOT belong to the hypervisor.
 *
 * I/O memory is every frame the frame table calls I/O (mfn_is_io(): the
 * low 1 MiB and whatever is not RAM). A domain with I/O rights (the
 * privileged one) maps it except where pv_iomem_access() says the
 * hypervisor drives the device (-EPERM) or allows reading only (the
 * entry loses RW). An I/O mapping that asks for no cache attribute is
 * made uncachable (PCD|PWT), as Xen does, so that MMIO is never cached.
 *
 * Guest kernels run in ring 3, so every present entry gets _PAGE_USER
 * (PTE_US) forced on, as Xen does: the kernel must reach its own pages
 * from ring 3. Kernel and user space are kept apart by two roots
 * instead, which is also why PTE_G is cleared from L1 entries: a global
 * translation would survive the switch from the kernel root to the user
 * root, and a TLB flush by CR3 reload would miss it.
 *
 * Every check runs before the first change (validate, then commit); a
 * refused entry or table leaves every count as it was.
 */
#include <arch/layout.h>
#include <arch/pv_mm.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/panic.h>

/* Bits a present entry may not set, by level (Xen's). The CPU ignores
 * bits 9-11 and 52-62, which stay the guest's (Linux keeps software
 * flags there). Only a domain with I/O rights may choose the cache
 * attributes of a page, and an upper entry never: superpages, global
 * entries and cache attributes above L1 would also mean something else
 * through a linear page table, where an upper entry acts as a leaf. */
#define PTE_CACHE_ATTRS ((uint64_t)(PTE_PWT | PTE_PCD | PTE_PAT))
#define UPPER_REFUSED_BITS ((uint64_t)(PTE_PS | PTE_G | PTE_PWT | PTE_PCD))
/* An I/O mapping's cache attributes when the guest asked for none. */
#define PTE_UNCACHABLE ((uint64_t)(PTE_PWT | PTE_PCD))
/* The frame number Xen keeps for "no frame": refused, not I/O. */
#define MFN_ALL_ONES (PTE_ADDR_MASK >> PAGE_SHIFT)

static const unsigned level_shift[PT_LEVELS + 1] = {
    [FRAME_TYPE_L1] = L1_SHIFT,
    [FRAME_TYPE_L2] = L2_SHIFT,
    [FRAME_TYPE_L3] = L3_SHIFT,
    [FRAME_TYPE_L4] = L4_SHIFT,
};

static mfn_t pte_mfn(uint64_t e)
{
    return paddr_to_mfn(e & PTE_ADDR_MASK);
}

static bool pte_present(uint64_t e)
{
    return (e & PTE_P) != 0;
}

static unsigned pt_index(vaddr_t va, enum frame_type level)
{
    return (va >> level_shift[level]) & (PT_ENTRIES - 1);
}

static bool is_hv_slot(enum frame_type level, unsigned idx)
{
    return level == FRAME_TYPE_L4 && idx >= HV_FIRST_L4_SLOT &&
           idx <= HV_LAST_L4_SLOT;
}

static uint64_t read_entry(const uint64_t *slot)
{
    return __atomic_load_n(slot, __ATOMIC_RELAXED);
}

static void write_entry(uint64_t *slot, uint64_t e)
{
    __atomic_store_n(slot, e, __ATOMIC_RELEASE);
}

/* Write e with the A/D bits the entry has at the moment of the write:
 * a CPU walking the table may set them until then. */
static void write_entry_keep_ad(uint64_t *slot, uint64_t e)
{
    uint64_t cur = read_entry(slot);
    uint64_t want;

    do {
        want = (e & ~PTE_AD_MASK) | (cur & PTE_AD_MASK);
    } while (!__atomic_compare_exchange_n(slot, &cur, want, false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
}

static void entry_store(uint64_t *slot, uint64_t e, unsigned flags)
{
    if (flags & PV_PTE_PRESERVE_AD)
        write_entry_keep_ad(slot, e);
    else
        write_entry(slot, e);
}

/* An I/O frame: may d map it (flags: whose frames, PV_PTE_FOREIGN_*)? */
static int io_entry_allowed(mfn_t mfn, const struct domain *d, unsigned flags)
{
    if (mfn == MFN_ALL_ONES)
        return -EINVAL;
    /* DOMID_IO stands for the caller; DOMID_XEN has no I/O rights. */
    if ((flags & PV_PTE_FOREIGN_XEN) || !d->is_privileged)
        return -EPERM;
    return pv_iomem_access(mfn) == IOMEM_DENIED ? -EPERM : 0;
}

/* The entry as the hardware will see it (see the top of the file). */
static uint64_t entry_adjust(uint64_t e, enum frame_type level)
{
    if (!pte_present(e))
        return e;
    e |= PTE_US;
    if (level != FRAME_TYPE_L1)
        return e;
    e &= ~(uint64_t)PTE_G;
    if (!mfn_is_io(pte_mfn(e)))
        return e;
    if (!(e & PTE_CACHE_ATTRS))
        e |= PTE_UNCACHABLE;
    if (pv_iomem_access(pte_mfn(e)) == IOMEM_READ_ONLY)
        e &= ~(uint64_t)PTE_RW;
    return e;
}

/* Bits and target of a present entry, without touching any count. */
static int entry_check(uint64_t e, enum frame_type level,
                       const struct domain *d)
{
    uint64_t refused = level == FRAME_TYPE_L1 ? 0 : UPPER_REFUSED_BITS;

    if (level == FRAME_TYPE_L1 && !d->is_privileged)
        refused = PTE_CACHE_ATTRS;
    if (e & refused)
        return -EINVAL;
    if (level != FRAME_TYPE_L1 && !mfn_valid(pte_mfn(e)))
        return -EINVAL;
    return 0;
}

/* A hypervisor frame shared read-only with privileged domains: mapped
 * so under any foreigndom (measured on Xen), holding no reference (it is
 * never freed). */
static bool mfn_is_shared_ro(mfn_t mfn)
{
    return mfn_valid(mfn) &&
           (__atomic_load_n(&mfn_to_frame(mfn)->count_info, __ATOMIC_RELAXED) &
            FRAME_SHARED_RO);
}

/* The references an L1 entry of d's needs: the frame named must be
 * pg_owner's (d's own, or another domain's for a privileged d; flags:
 * PV_PTE_FOREIGN_*). Xen answers -EBUSY for a frame it cannot take,
 * whatever the reason. */
static int l1_entry_get(uint64_t e, struct domain *d, struct domain *pg_owner,
                        unsigned flags)
{
    mfn_t mfn = pte_mfn(e);
    struct frame *target;

    if (mfn_is_io(mfn))
        return io_entry_allowed(mfn, d, flags);
    if (mfn_is_shared_ro(mfn))
        return d->is_privileged && !(e & PTE_RW) ? 0 : -EBUSY;
    /* DOMID_IO and DOMID_XEN own no RAM frame of a domain. */
    if (flags & (PV_PTE_FOREIGN_IO | PV_PTE_FOREIGN_XEN))
        return -EBUSY;
    target = mfn_to_frame(mfn);
    if (!get_page(target, pg_owner))
        return -EBUSY;
    if ((e & PTE_RW) && get_page_type(target, FRAME_TYPE_WRITABLE, pg_owner)) {
        put_page(target);
        return -EBUSY;
    }
    return 0;
}

/* Check present entry e of table 'table' (at 'level') and take the
 * references it needs. */
static int entry_get(uint64_t e, enum frame_type level, mfn_t table,
                     struct domain *d, struct domain *pg_owner, unsigned flags)
{
    struct frame *target;
    int rc = entry_check(e, level, d);

    if (rc)
        return rc;
    if (level == FRAME_TYPE_L1)
        return l1_entry_get(e, d, pg_owner, flags);
    if (pte_mfn(e) == table) /* linear page table: read-only only */
        return (e & PTE_RW) ? -EINVAL : 0;
    target = mfn_to_frame(pte_mfn(e));
    rc = get_page_and_type(target, d, pt_level_type(level - 1));
    /* Not a table of the level below: a read-only linear entry naming
     * another validated table of this level will do, as on Xen. */
    if (rc == -EINVAL && !(e & PTE_RW) &&
        get_linear_page_type(mfn_to_frame(table), target, level, d))
        rc = 0;
    return rc;
}

/* Drop what entry_get() took for present entry e of 'table'. */
static void entry_put(uint64_t e, enum frame_type level, mfn_t table)
{
    mfn_t mfn = pte_mfn(e);
    struct frame *target;

    if (level == FRAME_TYPE_L1 ? mfn_is_io(mfn) || mfn_is_shared_ro(mfn)
                               : mfn == table)
        return; /* nor do I/O, shared frames, entries naming their table */
    target = mfn_to_frame(mfn);
    if (level == FRAME_TYPE_L1 && !(e & PTE_RW))
        put_page(target);
    else if (level != FRAME_TYPE_L1 &&
             frame_type_of(__atomic_load_n(&target->type_info,
                                           __ATOMIC_ACQUIRE)) == level)
        put_linear_page_type(mfn_to_frame(table), target); /* same level */
    else
        put_page_and_type(target);
}

/* Do old and new entries hold the same references? A change of RW is
 * checked afresh at every level: it moves a writable type at L1, and
 * decides whether a linear entry is allowed at all above. */
static bool entry_refs_same(uint64_t old, uint64_t new)
{
    if (!pte_present(old) || !pte_present(new))
        return !pte_present(old) && !pte_present(new);
    return pte_mfn(old) == pte_mfn(new) && ((old ^ new) & PTE_RW) == 0;
}

/* Release entries [0, end) of a table whose validation failed at end. */
static void table_undo(const uint64_t *t, enum frame_type level, mfn_t self,
                       unsigned end)
{
    for (unsigned i = 0; i < end; i++) {
        uint64_t e = read_entry(&t[i]);

        if (pte_present(e) && !is_hv_slot(level, i))
            entry_put(e, level, self);
    }
}

int pv_table_validate(struct frame *f, enum frame_type level, struct domain *d)
{
    uint64_t *t = frame_to_virt(f);
    mfn_t self = frame_to_mfn(f);
    unsigned i;
    int rc = 0;

    /* The type is claimed: no guest can write the table meanwhile. */
    for (i = 0; i < PT_ENTRIES; i++) {
        uint64_t e = read_entry(&t[i]);

        if (!pte_present(e))
            continue;
        rc =
            is_hv_slot(level, i) ? -EINVAL : entry_get(e, level, self, d, d, 0);
        if (rc)
            break;
    }
    if (rc) {
        table_undo(t, level, self, i);
        return rc;
    }
    for (i = 0; i < PT_ENTRIES; i++) {
        if (!is_hv_slot(level, i))
            write_entry(&t[i], entry_adjust(read_entry(&t[i]), level));
    }
    if (level == FRAME_TYPE_L4)
        pv_l4_install_hypervisor_slots(t);
    return 0;
}

void pv_table_invalidate(struct frame *f, enum frame_type level)
{
    uint64_t *t = frame_to_virt(f);
    mfn_t self = frame_to_mfn(f);

    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        uint64_t e = read_entry(&t[i]);

        /* Hypervisor slots hold no references; clearing them lets the
         * frame validate again and shows the guest nothing of ours. */
        if (is_hv_slot(level, i))
            write_entry(&t[i], 0);
        else if (pte_present(e))
            entry_put(e, level, self);
    }
}

/*
 * Replace the entry at 'slot' of validated table 'table' (type ref held
 * by the caller). New references are taken before old ones go, so an
 * update that keeps a target never lets its count touch zero.
 */
static int table_entry_update(struct domain *d, struct domain *pg_owner,
                              mfn_t table, enum frame_type level, unsigned idx,
                              uint64_t val, unsigned flags)
{
    uint64_t *slot = (uint64_t *)mfn_to_virt(table) + idx;
    uint64_t old = read_entry(slot);
    bool same;
    int rc;

    if (is_hv_slot(level, idx))
        return -EINVAL;
    val = entry_adjust(val, level);
    same = entry_refs_same(old, val);
    if (pte_present(val)) {
        rc = same ? entry_check(val, level, d)
                  : entry_get(val, level, table, d, pg_owner, flags);
        if (rc)
            return rc;
    }
    entry_store(slot, val, flags);
    if (!same && pte_present(old))
        entry_put(old, level, table);
    return 0;
}

/* A write into a frame that is no page table: allowed where the guest
 * could write anyway, i.e. if the frame can take a writable type. */
static int plain_update(struct domain *d, struct frame *f, unsigned idx,
                        uint64_t val, unsigned flags)
{
    uint64_t *slot = (uint64_t *)frame_to_virt(f) + idx;
    int rc;

    if (flags & PV_PTE_TABLE_ONLY)
        return -EINVAL;
    rc = get_page_type(f, FRAME_TYPE_WRITABLE, d);
    if (rc)
        return rc;
    entry_store(slot, val, flags);
    put_page_type(f);
    return 0;
}

int pv_pte_update(struct domain *d, paddr_t pte_maddr, uint64_t val,
                  unsigned flags)
{
    return pv_pte_update_foreign(d, d, pte_maddr, val, flags);
}

int pv_pte_update_foreign(struct domain *d, struct domain *pg_owner,
                          paddr_t pte_maddr, uint64_t val, unsigned flags)
{
    mfn_t mfn = paddr_to_mfn(pte_maddr);
    unsigned idx = (pte_maddr & (PAGE_SIZE - 1)) / sizeof(uint64_t);
    struct frame *f;
    enum frame_type type;
    uint64_t x;
    int rc;

    if (!IS_ALIGNED(pte_maddr, sizeof(uint64_t)) || !mfn_valid(mfn))
        return -EINVAL;
    f = mfn_to_frame(mfn);
    if (!get_page(f, d))
        return -EINVAL; /* Xen's answer for a frame not the caller's */
    x = __atomic_load_n(&f->type_info, __ATOMIC_ACQUIRE);
    type = frame_type_of(x);
    if ((flags & PV_PTE_L1_ONLY) && type != FRAME_TYPE_L1)
        rc = -EINVAL;
    else if (frame_type_is_table(type) && (x & FRAME_TYPE_COUNT_MASK)) {
        /* Keep it a table of this level while we change it. */
        rc = get_page_type(f, type, d);
        if (!rc) {
            rc = table_entry_update(d, pg_owner, mfn, type, idx, val, flags);
            put_page_type(f);
        }
    } else {
        rc = plain_update(d, f, idx, val, flags);
    }
    put_page(f);
    return rc;
}

int pv_walk_l1e(mfn_t root, vaddr_t va, paddr_t *l1e_maddr)
{
    mfn_t mfn = root;
    enum frame_type level;

    if (root == PV_NO_ROOT || !mfn_valid(root) ||
        is_hv_slot(FRAME_TYPE_L4, pt_index(va, FRAME_TYPE_L4)))
        return -EINVAL;
    for (level = FRAME_TYPE_L4; level > FRAME_TYPE_L1; level--) {
        const uint64_t *t = mfn_to_virt(mfn);
        uint64_t e = read_entry(&t[pt_index(va, level)]);

        /* Validated tables hold no superpage; checked all the same. */
        if (!pte_present(e) || (e & PTE_PS) || !mfn_valid(pte_mfn(e)))
            return -EINVAL;
        mfn = pte_mfn(e);
    }
    *l1e_maddr =
        mfn_to_paddr(mfn) + pt_index(va, FRAME_TYPE_L1) * sizeof(uint64_t);
    return 0;
}
