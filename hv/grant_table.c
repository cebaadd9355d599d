/*
 * Grant tables, version 1: grant_table_op (hypercall 20).
 *
 * A domain's table is a run of frames the hypervisor allocates (one at
 * creation, up to max_grant_frames through setup_table) and the guest
 * maps with ordinary PTEs; each holds 512 grant_entry_v1. The frames are
 * the domain's, shared like shared_info (FRAME_HV: never a page table),
 * and go back with the domain.
 *
 * Beside each entry the hypervisor keeps its active state: how many
 * mappings read and write the granted frame, which frame and which
 * domain they were made for. The first mapping (and the first writable
 * one) checks the guest's entry (type, domid, read-only) and sets
 * GTF_reading (and GTF_writing); the last one to go clears them. The
 * guest may rewrite its entry meanwhile: the mappings keep the frame
 * they were made with, as on Xen.
 *
 * Each mapper's maptrack holds its mappings by handle: the granter, the
 * ref, the frame and the GNTMAP_* flags. A mapping's own references on
 * the frame (a general one, and a writable type one when writable) are
 * taken through the arch (arch_grant_frame_get), as are the page-table
 * side (arch_grant_host_map) and the copies' references.
 *
 * Every answer, status and order of checks is Xen 4.17's, measured with
 * tests/guests/gnttab.c (docs/abi.md, "grant_table_op").
 *
 * The maptrack, map and unmap are in grant_map.c, copy in
 * grant_copy.c (grant_internal.h between them).
 *
 * Locking: grant_lock guards every table's size, active entries and
 * maptrack. Ops on two domains (a map, a copy) touch both tables, so
 * one lock for all keeps the order trivial; no op holds it long (a copy
 * moves at most one page per element).
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/spinlock.h>
#include <public/grant_table.h>

#include "grant_internal.h"

/* cmd bits above these are a continuation's, which a guest never sets. */
#define GNTTABOP_CMD_BITS 12
#define GRANT_VERSION_2 2

spinlock_t grant_lock = SPINLOCK_INIT;

GUEST_HANDLE_TYPE(pfn, xen_pfn_t);

/* ---- The table's frames. ---- */

static int grant_frame_add(struct domain *d, struct grant_table *gt)
{
    unsigned int i = gt->nr_frames;
    mfn_t mfn;

    gt->active[i] = xzalloc(ENTRIES_PER_FRAME * sizeof(*gt->active[i]));
    if (!gt->active[i])
        return -ENOMEM;
    mfn = frame_alloc();
    if (mfn == INVALID_MFN) {
        xfree(gt->active[i]);
        gt->active[i] = NULL;
        return -ENOMEM;
    }
    /* Shared with d as shared_info is: d's, off its page list, never a
     * page table (the hypervisor writes the entries' status bits). */
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    mfn_to_frame(mfn)->owner = d;
    mfn_to_frame(mfn)->type_info = 0;
    mfn_to_frame(mfn)->count_info = FRAME_HV | FRAME_ALLOCATED | 1;
    gt->frames[i] = mfn;
    gt->nr_frames = i + 1;
    return 0;
}

static int grant_table_grow(struct domain *d, unsigned int nr_frames)
{
    struct grant_table *gt = d->grant_table;

    if (gt->closed)
        return -EINVAL;
    while (gt->nr_frames < nr_frames)
        if (grant_frame_add(d, gt))
            return -ENOMEM;
    return 0;
}

int grant_table_init(struct domain *d)
{
    struct grant_table *gt = xzalloc(sizeof(*gt));

    if (!gt)
        return -ENOMEM;
    gt->maptrack_free = MAPTRACK_FREE_END;
    d->grant_table = gt;
    d->max_grant_frames = GRANT_FRAMES_MAX;
    d->max_maptrack_frames = MAPTRACK_FRAMES_MAX;
    return grant_frame_add(d, gt);
}

mfn_t grant_table_frame(const struct domain *d, unsigned int i)
{
    return d->grant_table->frames[i];
}

void grant_table_free(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (!gt)
        return;
    for (unsigned int i = 0; i < gt->nr_frames; i++)
        xfree(gt->active[i]);
    xfree(gt->maptrack);
    xfree(gt);
    d->grant_table = NULL;
}

unsigned int grant_nr_entries(const struct grant_table *gt)
{
    return gt->nr_frames * ENTRIES_PER_FRAME;
}

/* The guest's entry ref (ref < grant_nr_entries, the table open). */
grant_entry_v1_t *grant_shared_entry(struct grant_table *gt, grant_ref_t ref)
{
    grant_entry_v1_t *t = mfn_to_virt(gt->frames[ref / ENTRIES_PER_FRAME]);

    return &t[ref % ENTRIES_PER_FRAME];
}

struct active_grant *grant_active_entry(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->active[ref / ENTRIES_PER_FRAME][ref % ENTRIES_PER_FRAME];
}

/* ---- Checking a grant and pinning it. ---- */

/* The entry's flags and domid as one word, as the guest writes them. */
static uint32_t *entry_word(grant_entry_v1_t *e)
{
    return (uint32_t *)(void *)e;
}

/*
 * Check that the guest's entry grants its frame to 'mapper' (writable
 * if asked) and set the status bits 'set' in it, in one atomic step so
 * that the guest cannot change the entry between check and set. Xen
 * answers general_error for every refusal here.
 */
static int16_t entry_check_and_set(grant_entry_v1_t *e, domid_t mapper,
                                   bool writable, uint16_t set, mfn_t *mfn)
{
    uint32_t *word = entry_word(e);
    uint32_t old = __atomic_load_n(word, __ATOMIC_ACQUIRE);
    uint16_t flags;

    do {
        flags = (uint16_t)old;
        if ((flags & GTF_type_mask) != GTF_permit_access ||
            (domid_t)(old >> 16) != mapper)
            return GNTST_general_error;
        if (writable && (flags & GTF_readonly))
            return GNTST_general_error;
    } while (!__atomic_compare_exchange_n(word, &old, old | set, false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    *mfn = __atomic_load_n(&e->frame, __ATOMIC_ACQUIRE);
    return GNTST_okay;
}

/*
 * Find the frame of granter's ref for mapper and pin it (reading, and
 * writing if writable): the guest's entry is checked for the first pin
 * and the first writable one; later ones use the pinned frame, whatever
 * the guest wrote since (Xen's order).
 */
int16_t grant_pin(struct grant_table *gt, grant_ref_t ref, domid_t mapper,
                  bool writable, mfn_t *mfn)
{
    struct active_grant *act;
    uint16_t set = GTF_reading | (writable ? GTF_writing : 0);
    mfn_t frame;
    int16_t st;

    if (gt->closed || ref >= grant_nr_entries(gt))
        return GNTST_bad_gntref;
    act = grant_active_entry(gt, ref);
    if (act->readers && act->domid != mapper)
        return GNTST_general_error;
    if (!act->readers || (writable && !act->writers)) {
        st = entry_check_and_set(grant_shared_entry(gt, ref), mapper, writable,
                                 set, &frame);
        if (st != GNTST_okay)
            return st;
        if (!act->readers) {
            act->mfn = frame;
            act->domid = mapper;
        }
    }
    act->readers++;
    if (writable)
        act->writers++;
    *mfn = act->mfn;
    return GNTST_okay;
}

/* Undo one grant_pin(); the last pins clear the guest's status bits
 * (unless the table is gone with its dying domain). */
void grant_unpin(struct grant_table *gt, grant_ref_t ref, bool writable)
{
    struct active_grant *act = grant_active_entry(gt, ref);
    uint16_t clear = 0;

    if (writable && --act->writers == 0)
        clear |= GTF_writing;
    if (--act->readers == 0)
        clear |= GTF_reading;
    if (clear && !gt->closed)
        __atomic_fetch_and(&grant_shared_entry(gt, ref)->flags,
                           (uint16_t)~clear, __ATOMIC_ACQ_REL);
}

/* ---- Domains named by an op. ---- */

/* DOMID_SELF or an ID: the domain, or NULL if none. */
struct domain *grant_domain_named(domid_t dom)
{
    return dom == DOMID_SELF ? current_domain() : domain_by_id(dom);
}

/* The target of a table op (setup_table, query_size, ...): a status. */
static int16_t table_target(domid_t dom, struct domain **d)
{
    *d = grant_domain_named(dom);
    if (!*d)
        return GNTST_bad_domain;
    if (*d != current_domain() && !current_domain()->is_privileged)
        return GNTST_permission_denied;
    return GNTST_okay;
}

/* ---- setup_table, query_size, get_status_frames. ---- */

static long setup_table(guest_va_t arg)
{
    struct gnttab_setup_table op;
    guest_handle_pfn list;
    struct domain *d;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    guest_handle_from_public(list, op.frame_list);
    op.status = table_target(op.dom, &d);
    if (op.status == GNTST_okay && op.nr_frames > (uint32_t)d->max_grant_frames)
        op.status = GNTST_general_error;
    spin_lock(&grant_lock);
    if (op.status == GNTST_okay && grant_table_grow(d, op.nr_frames))
        op.status = GNTST_general_error;
    for (uint32_t i = 0; op.status == GNTST_okay && i < op.nr_frames; i++) {
        xen_pfn_t mfn = d->grant_table->frames[i];

        if (copy_to_guest_offset(list, i, &mfn, 1))
            op.status = GNTST_bad_virt_addr;
    }
    spin_unlock(&grant_lock);
    if (copy_to_guest(arg + offsetof(struct gnttab_setup_table, status),
                      &op.status, sizeof(op.status)))
        return -EFAULT;
    return 0;
}

static long query_size(guest_va_t arg)
{
    struct gnttab_query_size op;
    struct domain *d;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    op.status = table_target(op.dom, &d);
    if (op.status == GNTST_okay) {
        spin_lock(&grant_lock);
        op.nr_frames = d->grant_table->nr_frames;
        spin_unlock(&grant_lock);
        op.max_nr_frames = (uint32_t)d->max_grant_frames;
    }
    return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Version 1 has no status frames: general_error once the domain is
 * known. */
static long get_status_frames(guest_va_t arg)
{
    struct gnttab_get_status_frames op;
    struct domain *d;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    op.status = table_target(op.dom, &d);
    if (op.status == GNTST_okay)
        op.status = GNTST_general_error;
    return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}

/* ---- Versions: 1 only. ---- */

static long get_version(guest_va_t arg)
{
    struct gnttab_get_version op;
    struct domain *d;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    d = grant_domain_named(op.dom);
    if (!d)
        return -ESRCH;
    if (d != current_domain() && !current_domain()->is_privileged)
        return -EPERM;
    op.version = 1;
    return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}

/* As on a Xen limited to version 1 (gnttab=max-ver:1): version 2 is
 * -ENOSYS, any other but 1 -EINVAL; the version in use is written back
 * either way. */
static long set_version(guest_va_t arg)
{
    struct gnttab_set_version op;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.version == 1)
        rc = 0;
    else
        rc = op.version == GRANT_VERSION_2 ? -ENOSYS : -EINVAL;
    op.version = 1;
    return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : rc;
}

/* ---- Batches. ---- */

/*
 * Each element in, done under the lock by 'one', its results out;
 * -EFAULT stops the batch at the element that faults, as on Xen.
 */
static long batch(guest_va_t uops, unsigned int count, size_t size,
                  void (*one)(void *op))
{
    union {
        struct gnttab_map_grant_ref map;
        struct gnttab_unmap_grant_ref unmap;
        struct gnttab_copy copy;
        struct gnttab_swap_grant_ref swap;
    } op;

    for (unsigned int i = 0; i < count; i++) {
        guest_va_t va = uops + (guest_va_t)i * size;

        if (copy_from_guest(&op, va, size))
            return -EFAULT;
        spin_lock(&grant_lock);
        one(&op);
        spin_unlock(&grant_lock);
        if (copy_to_guest(va, &op, size))
            return -EFAULT;
    }
    return 0;
}

static void map_elem(void *op)
{
    grant_map_one(op);
}

static void unmap_elem(void *op)
{
    grant_unmap_one(op);
}

static void copy_elem(void *p)
{
    struct gnttab_copy *op = p;

    op->status = grant_copy_one(op);
}

/* swap_grant_ref: either ref mapped is eagain; past the table
 * bad_gntref. */
static int16_t swap_one(grant_ref_t a, grant_ref_t b)
{
    struct grant_table *gt = current_domain()->grant_table;
    grant_entry_v1_t t;

    if (a >= grant_nr_entries(gt) || b >= grant_nr_entries(gt))
        return GNTST_bad_gntref;
    if (grant_active_entry(gt, a)->readers ||
        grant_active_entry(gt, b)->readers)
        return GNTST_eagain;
    t = *grant_shared_entry(gt, a);
    *grant_shared_entry(gt, a) = *grant_shared_entry(gt, b);
    *grant_shared_entry(gt, b) = t;
    return GNTST_okay;
}

static void swap_elem(void *p)
{
    struct gnttab_swap_grant_ref *op = p;

    op->status = swap_one(op->ref_a, op->ref_b);
}

/* cache_flush: caches are coherent here, so only the arguments are
 * checked (a range within the page), as Xen on x86 does. */
static long cache_flush_batch(guest_va_t uops, unsigned int count)
{
    for (unsigned int i = 0; i < count; i++) {
        struct gnttab_cache_flush op;

        if (copy_from_guest(&op, uops + (guest_va_t)i * sizeof(op), sizeof(op)))
            return -EFAULT;
        if ((uint32_t)op.offset + op.length > PAGE_SIZE)
            return -EINVAL;
    }
    return 0;
}

/* ---- Destruction. ---- */

unsigned int grant_table_close(struct domain *d)
{
    struct grant_table *gt = d->grant_table;
    unsigned int n;

    if (!gt)
        return 0;
    spin_lock(&grant_lock);
    /* The mappings d made: their PTEs went with d's page tables. */
    grant_maptrack_release_all(gt);
    gt->closed = true;
    n = gt->nr_frames;
    spin_unlock(&grant_lock);
    return n;
}

/* ---- The hypercall. ---- */

/* The ops that take exactly one element. */
static long single_op(unsigned int cmd, guest_va_t uops)
{
    switch (cmd) {
    case GNTTABOP_setup_table:
        return setup_table(uops);
    case GNTTABOP_query_size:
        return query_size(uops);
    case GNTTABOP_get_status_frames:
        return get_status_frames(uops);
    default:
        return -ENOSYS;
    }
}

HYPERCALL_DEFINE(grant_table_op, unsigned int, cmd, guest_va_t, uops,
                 unsigned int, count)
{
    if ((int)count < 0 || (cmd >> GNTTABOP_CMD_BITS))
        return -EINVAL;
    switch (cmd) {
    case GNTTABOP_map_grant_ref:
        return batch(uops, count, sizeof(struct gnttab_map_grant_ref),
                     map_elem);
    case GNTTABOP_unmap_grant_ref:
        return batch(uops, count, sizeof(struct gnttab_unmap_grant_ref),
                     unmap_elem);
    case GNTTABOP_copy:
        return batch(uops, count, sizeof(struct gnttab_copy), copy_elem);
    case GNTTABOP_swap_grant_ref:
        return batch(uops, count, sizeof(struct gnttab_swap_grant_ref),
                     swap_elem);
    case GNTTABOP_cache_flush:
        return cache_flush_batch(uops, count);
    case GNTTABOP_setup_table:
    case GNTTABOP_query_size:
    case GNTTABOP_get_status_frames:
        return count == 1 ? single_op(cmd, uops) : -EINVAL;
    /* These do one element whatever the count, as on Xen. */
    case GNTTABOP_get_version:
        return get_version(uops);
    case GNTTABOP_set_version:
        return set_version(uops);
    default:
        /* dump_table (a debug build's), transfer and unmap_and_replace
         * are not offered. */
        return -ENOSYS;
    }
}
