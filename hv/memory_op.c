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
 * populate_physmap) is not here yet and answers -ENOSYS.
 */
#include <hv/bootinfo.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <public/memory.h>

#define MEMOP_CMD_MASK 0x3fUL

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
 * XENMEM_machine_memory_map: the machine's memory map as the boot loader
 * gave it, for dom0 only (Xen: -EPERM for any other domain). Xen's
 * quirks, measured on 4.17, are kept: a NULL buffer just asks for the
 * count; otherwise the buffer must have room for one entry more than
 * the map has, or the answer is -EINVAL with nothing written back. The
 * whole buffer must be the guest's (-EFAULT).
 */
static long memory_machine_map(guest_va_t arg)
{
    struct xen_memory_map map;
    guest_va_t buffer;

    if (!current_domain()->is_privileged)
        return -EPERM;
    if (copy_from_guest(&map, arg, sizeof(map)))
        return -EFAULT;
    buffer = (guest_va_t)(uintptr_t)map.buffer.p;
    if (buffer && map.nr_entries <= boot_info.nr_mem)
        return -EINVAL;
    if (buffer && !guest_range_ok(buffer, (size_t)map.nr_entries *
                                              sizeof(struct e820_entry)))
        return -EFAULT;
    for (unsigned int i = 0; buffer && i < boot_info.nr_mem; i++) {
        const struct mem_region *r = &boot_info.mem[i];
        struct e820_entry e = {
            .addr = r->base, .size = r->len, .type = r->type};

        if (copy_to_guest_elem(buffer, i, &e, sizeof(e)))
            return -EFAULT;
    }
    map.nr_entries = boot_info.nr_mem;
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

/* memory_op(unsigned long cmd, void *arg) */
long do_memory_op(const uint64_t args[])
{
    unsigned int op = (unsigned int)(args[0] & MEMOP_CMD_MASK);
    uint64_t start_extent = args[0] & ~MEMOP_CMD_MASK;
    guest_va_t arg = args[1];

    switch (op) {
    case XENMEM_maximum_ram_page:
        /* Xen's max_page: one past the highest machine frame. */
        return start_extent ? -EINVAL : (long)max_mfn();
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        /* Never continued, so a start extent is a guest error. */
        return start_extent ? -EINVAL : memory_domain_query(op, arg);
    default:
        return memory_layout_op(args[0], arg);
    }
}
