/*
 * memory_op (hypercall 12): what a domain may know about memory, its
 * own and the machine's.
 *
 * The op is in cmd bits 5:0; the bits above carry the extent at which a
 * preempted reservation op resumes. No op here is ever preempted: as on
 * Xen, a nonzero start extent is a guest error (-EINVAL) for the
 * domain queries, and makes the layout ops (memory maps, M2P mapping)
 * unknown (-ENOSYS).
 *
 * A PV domain sees machine frames directly; its "pseudo-physical"
 * memory is just the numbering 0..tot_pages-1 its kernel keeps in its
 * own P2M table. Growing and shrinking it (increase/decrease_reservation,
 * populate_physmap) is in memory_reservation.c.
 */
#include <hv/arch.h>
#include <hv/bootinfo.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/memory.h>
#include <hv/mm.h>
#include <public/memory.h>

/* One entry of an E820 map, as the guest reads it: 20 bytes. */
struct e820_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __packed;
XEN_ABI_CHECK_SIZE(struct e820_entry, 20);

/*
 * A domain the caller names by ID (DOMID_SELF, its own, or another if it
 * is privileged), or NULL with *err = -ESRCH (no such domain) or -EPERM.
 * The domain is looked up first, as in Xen.
 */
static struct domain *memory_target(domid_t id, long *err)
{
    struct domain *self = current_domain();
    struct domain *d;

    if (id == DOMID_SELF || id == self->domain_id)
        return self;
    d = domain_by_id(id);
    if (!d) {
        *err = -ESRCH;
        return NULL;
    }
    if (!self->is_privileged) {
        *err = -EPERM;
        return NULL;
    }
    return d;
}

/*
 * XENMEM_maximum_gpfn of a PV domain: as Xen, from the P2M size the
 * guest itself publishes in shared_info (0, not yet published, counts as
 * 1). The guest may change it at any time: read it once.
 */
static long memory_maximum_gpfn(const struct domain *d)
{
    unsigned long nr_pfns =
        __atomic_load_n(&d->shared_info->arch.max_pfn, __ATOMIC_RELAXED);

    return (long)(MAX(nr_pfns, 1UL) - 1);
}

/* current_reservation, maximum_reservation, maximum_gpfn: arg is a
 * domid_t *; the answer is the return value. */
static long memory_domain_query(unsigned int op, guest_va_t arg)
{
    struct domain *d;
    domid_t id;
    long err;

    if (copy_from_guest(&id, arg, sizeof(id)))
        return -EFAULT;
    d = memory_target(id, &err);
    if (!d)
        return err;
    switch (op) {
    case XENMEM_current_reservation:
        return (long)d->tot_pages;
    case XENMEM_maximum_reservation:
        return (long)d->max_pages;
    default:
        return memory_maximum_gpfn(d);
    }
}

/*
 * A PV domain's pseudo-physical memory map: Xen keeps one only if the
 * toolstack set it (XENMEM_set_memory_map), which no Parasol domain
 * has; dom0 on Xen has none either. Xen reads the argument first, so a
 * bad pointer is -EFAULT and a readable one -ENOSYS ("no map: fall back
 * to one RAM range over your pages"), and nothing is written.
 */
static long memory_map(guest_va_t arg)
{
    struct xen_memory_map map;

    if (copy_from_guest(&map, arg, sizeof(map)))
        return -EFAULT;
    return -ENOSYS;
}

/*
 * dom0's view of the machine map, as Xen 4.17 builds it: the loader's
 * entries in the loader's order, and in each gap before, between and
 * after them, one reserved entry for every run of frames the hypervisor
 * keeps from dom0 (arch_iomem_restricted_run: under QEMU, the IOAPIC
 * page and the local APIC's MSI window). Restricted frames inside an
 * entry add nothing.
 *
 * The walk writes each entry as it finds it to 'buffer' (unless 0, when
 * it only counts), in a buffer of 'room' entries that must keep one
 * free: as on Xen, running out of room is found on the way, and the
 * entries written until then stay in the guest's buffer.
 */
GUEST_HANDLE_TYPE(e820_entry, struct e820_entry);

struct machine_map_walk {
    guest_handle_e820_entry buffer;
    unsigned int room;
    unsigned int n; /* entries so far */
};

/*
 * One entry, with room for it, the one free entry and 'later' more of
 * the loader's entries (Xen's order of -EINVAL and -EFAULT follows).
 */
static long machine_map_put(struct machine_map_walk *w,
                            const struct e820_entry *e, unsigned int later)
{
    if (!guest_handle_is_null(w->buffer)) {
        if ((uint64_t)w->n + 1 + later >= w->room)
            return -EINVAL;
        if (copy_to_guest_offset(w->buffer, w->n, e, 1))
            return -EFAULT;
    }
    w->n++;
    return 0;
}

/* The reserved entries of the gap of frames [first, last]. */
static long machine_map_gap(struct machine_map_walk *w, mfn_t first, mfn_t last)
{
    mfn_t run_first, run_last;

    while (arch_iomem_restricted_run(first, last, &run_first, &run_last)) {
        struct e820_entry e = {
            .addr = mfn_to_paddr(run_first),
            .size = mfn_to_paddr(run_last - run_first + 1),
            .type = MEM_RESERVED,
        };
        long rc = machine_map_put(w, &e, 0);

        if (rc || run_last == last)
            return rc;
        first = run_last + 1;
    }
    return 0;
}

static long machine_map_walk(struct machine_map_walk *w)
{
    mfn_t next = 0; /* the first frame past the entries so far */
    long rc;

    for (unsigned int i = 0; i < boot_info.nr_mem; i++) {
        const struct mem_region *r = &boot_info.mem[i];
        const struct e820_entry e = {
            .addr = r->base, .size = r->len, .type = r->type};
        mfn_t start = paddr_to_mfn(r->base);

        rc = start > next ? machine_map_gap(w, next, start - 1) : 0;
        if (!rc)
            rc = machine_map_put(w, &e, boot_info.nr_mem - i - 1);
        if (rc)
            return rc;
        next = paddr_to_mfn(r->base + r->len + PAGE_SIZE - 1);
    }
    /* Up to the last frame a machine address can name; as Xen, no gap
     * after a map that ends at 0. */
    return next ? machine_map_gap(w, next, paddr_to_mfn(~(paddr_t)0)) : 0;
}

/*
 * XENMEM_machine_memory_map: the map above, for dom0 only (Xen: -EPERM
 * for any other domain). Xen's quirks, measured on 4.17, are kept: a
 * NULL buffer just asks for the count; otherwise the buffer must have
 * room for one entry more than the map has, or the answer is -EINVAL
 * with nr_entries left as passed. Room for the loader's entries is
 * checked first, then that the whole buffer is the guest's (-EFAULT),
 * then the reserved entries as they come.
 */
static long memory_machine_map(guest_va_t arg)
{
    struct xen_memory_map map;
    struct machine_map_walk w = {0};
    long rc;

    if (!current_domain()->is_privileged)
        return -EPERM;
    if (copy_from_guest(&map, arg, sizeof(map)))
        return -EFAULT;
    guest_handle_from_public(w.buffer, map.buffer);
    w.room = map.nr_entries;
    if (!guest_handle_is_null(w.buffer) && w.room <= boot_info.nr_mem)
        return -EINVAL;
    if (!guest_handle_is_null(w.buffer) &&
        !guest_handle_range_ok(w.buffer, w.room))
        return -EFAULT;
    rc = machine_map_walk(&w);
    if (rc)
        return rc;
    map.nr_entries = w.n;
    return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

/* Where guests find the read-only M2P, and the last frame it covers. */
static long memory_machphys_mapping(guest_va_t arg)
{
    struct xen_machphys_mapping mapping = {
        .v_start = MACH2PHYS_VIRT_START,
        .v_end = MACH2PHYS_VIRT_END,
        .max_mfn = MACH2PHYS_NR_ENTRIES - 1,
    };

    return copy_to_guest(arg, &mapping, sizeof(mapping)) ? -EFAULT : 0;
}

/*
 * The ops Xen keeps in its x86 code: it matches them against the whole
 * cmd, so with a start extent in the upper bits they are unknown.
 */
static long memory_layout_op(uint64_t cmd, guest_va_t arg)
{
    switch (cmd) {
    case XENMEM_memory_map:
        return memory_map(arg);
    case XENMEM_machine_memory_map:
        return memory_machine_map(arg);
    case XENMEM_machphys_mapping:
        return memory_machphys_mapping(arg);
    default:
        return -ENOSYS;
    }
}

/* The cmd register carries a start extent above the command; arg's type
 * depends on the command. */
HYPERCALL_DEFINE(memory_op, unsigned long, cmd, guest_handle_void, hnd)
{
    unsigned int op = (unsigned int)(cmd & MEMOP_CMD_MASK);
    uint64_t start_extent = cmd & ~MEMOP_CMD_MASK;
    guest_va_t arg = hnd.va;

    switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return memory_reservation_op(op, cmd >> MEMOP_EXTENT_SHIFT, arg);
    case XENMEM_maximum_ram_page:
        /* Xen's max_page: one past the highest machine frame. */
        return start_extent ? -EINVAL : (long)max_mfn();
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        /* Never continued, so a start extent is a guest error. */
        return start_extent ? -EINVAL : memory_domain_query(op, arg);
    default:
        return memory_layout_op(cmd, arg);
    }
}
