/*
 * The reservation ops of memory_op: a domain's memory grows
 * (increase_reservation, populate_physmap) and shrinks
 * (decrease_reservation), its own or, for a privileged caller (dom0's
 * domain builder), another domain's.
 *
 * A PV domain sees machine frames: populate_physmap takes the
 * pseudo-physical frame number each new frame is to have (recorded in
 * the M2P) and writes the machine frame number back in its place;
 * increase_reservation just writes the machine frames out; and
 * decrease_reservation takes machine frames back. A frame taken back
 * while something still maps it is freed when the last mapping goes.
 *
 * Xen's conventions, measured on Xen 4.17: the answer is the number of
 * extents done, counted from the start extent in cmd's upper bits, so
 * anything that stops the work early (an unreadable argument or list,
 * no such domain, a domain at its limit) answers the count so far
 * rather than an errno; only a caller without rights on another domain
 * gets -EPERM. Extents are single frames: Parasol does not hand out
 * larger contiguous extents, so a nonzero extent_order does nothing.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/memory.h>
#include <hv/mm.h>
#include <public/memory.h>

/* The most extents a call may name: its continuation must fit cmd. */
#define MAX_EXTENTS (~0U >> MEMOP_EXTENT_SHIFT)

GUEST_HANDLE_TYPE(pfn, xen_pfn_t);

struct reservation {
    struct domain *d;
    guest_handle_pfn list;
    uint64_t start, end; /* extents [start, end) */
};

/* populate_physmap: IN a gpfn per extent, OUT its new mfn. */
static uint64_t populate(const struct reservation *r)
{
    uint64_t i;

    if (!guest_handle_range_ok(r->list, r->end))
        return r->start;
    for (i = r->start; i < r->end; i++) {
        xen_pfn_t gpfn, mfn;

        if (copy_from_guest_offset(&gpfn, r->list, i, 1))
            break;
        mfn = domain_alloc_frame(r->d);
        if (mfn == INVALID_MFN)
            break;
        memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
        arch_set_gpfn_from_mfn(mfn, gpfn);
        if (copy_to_guest_offset(r->list, i, &mfn, 1))
            break;
    }
    return i;
}

/* increase_reservation: OUT each new mfn, unless the list is NULL. */
static uint64_t increase(const struct reservation *r)
{
    bool report = !guest_handle_is_null(r->list);
    uint64_t i;

    if (report && !guest_handle_range_ok(r->list, r->end))
        return r->start;
    for (i = r->start; i < r->end; i++) {
        xen_pfn_t mfn = domain_alloc_frame(r->d);

        if (mfn == INVALID_MFN)
            break;
        memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
        if (report && copy_to_guest_offset(r->list, i, &mfn, 1))
            break;
    }
    return i;
}

/* decrease_reservation: IN the mfns to give back. */
static uint64_t decrease(const struct reservation *r)
{
    uint64_t i;

    if (!guest_handle_range_ok(r->list, r->end))
        return r->start;
    for (i = r->start; i < r->end; i++) {
        xen_pfn_t mfn;

        if (copy_from_guest_offset(&mfn, r->list, i, 1) ||
            domain_release_frame(r->d, mfn))
            break;
    }
    return i;
}

/* The domain the reservation names; NULL if none (the caller's own is
 * DOMID_SELF or its ID). */
static struct domain *reservation_target(domid_t id)
{
    struct domain *self = current_domain();

    if (id == DOMID_SELF || id == self->domain_id)
        return self;
    return domain_by_id(id);
}

long memory_reservation_op(unsigned int op, uint64_t start, guest_va_t arg)
{
    struct xen_memory_reservation x;
    struct reservation r = {.start = start};

    if (copy_from_guest(&x, arg, sizeof(x)) || x.nr_extents > MAX_EXTENTS ||
        start >= x.nr_extents)
        return (long)start;
    r.d = reservation_target(x.domid);
    if (!r.d || x.extent_order != 0)
        return (long)start;
    if (r.d != current_domain() && !current_domain()->is_privileged)
        return -EPERM;
    guest_handle_from_public(r.list, x.extent_start);
    r.end = x.nr_extents;
    switch (op) {
    case XENMEM_increase_reservation:
        return (long)increase(&r);
    case XENMEM_decrease_reservation:
        return (long)decrease(&r);
    default:
        return (long)populate(&r);
    }
}
