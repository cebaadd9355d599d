/*
 * Grant mappings: each domain's maptrack (its mappings by handle: the
 * granter, the ref, the frame, the GNTMAP_* flags), map_grant_ref and
 * unmap_grant_ref. A mapping pins the grant (grant_table.c), holds its
 * own references on the frame (arch_grant_frame_get) and, for a host
 * mapping, a PTE of the mapper's (arch_grant_host_map). The granter is
 * kept alive by that frame reference, so the maptrack holds a pointer
 * to it. Called with grant_lock held.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/spinlock.h>
#include <public/grant_table.h>

#include "grant_internal.h"

/* Xen's maptrack entries per frame (8 bytes each). */
#define MAPTRACK_PER_FRAME (PAGE_SIZE / 8)
/* The first maptrack size, doubled as needed up to the limit. */
#define MAPTRACK_INITIAL 64
/* The GNTMAP_* bits a mapping keeps. */
#define MAP_KEPT_FLAGS                                                         \
    (GNTMAP_host_map | GNTMAP_device_map | GNTMAP_readonly |                   \
     GNTMAP_contains_pte)

/* ---- The maptrack. ---- */

static uint32_t maptrack_limit(const struct domain *d)
{
    return (uint32_t)d->max_maptrack_frames * MAPTRACK_PER_FRAME;
}

static bool maptrack_grow(struct domain *d, struct grant_table *gt)
{
    uint32_t size =
        gt->maptrack_size ? gt->maptrack_size * 2 : MAPTRACK_INITIAL;
    struct maptrack_entry *m;

    if (size > maptrack_limit(d))
        size = maptrack_limit(d);
    if (size <= gt->maptrack_size)
        return false;
    m = xmalloc_array(size, sizeof(*m));
    if (!m)
        return false;
    if (gt->maptrack_size)
        memcpy(m, gt->maptrack, gt->maptrack_size * sizeof(*m));
    /* The new entries join the free list, lowest first. */
    for (uint32_t i = size; i-- > gt->maptrack_size;) {
        m[i].flags = 0;
        m[i].next_free = gt->maptrack_free;
        gt->maptrack_free = i;
    }
    xfree(gt->maptrack);
    gt->maptrack = m;
    gt->maptrack_size = size;
    return true;
}

/* A free handle of d's, or MAPTRACK_FREE_END when out of room. */
static uint32_t maptrack_get(struct domain *d)
{
    struct grant_table *gt = d->grant_table;
    uint32_t h;

    if (gt->maptrack_free == MAPTRACK_FREE_END && !maptrack_grow(d, gt))
        return MAPTRACK_FREE_END;
    h = gt->maptrack_free;
    gt->maptrack_free = gt->maptrack[h].next_free;
    return h;
}

static void maptrack_put(struct grant_table *gt, uint32_t h)
{
    gt->maptrack[h].flags = 0;
    gt->maptrack[h].next_free = gt->maptrack_free;
    gt->maptrack_free = h;
}

/* ---- map_grant_ref and unmap_grant_ref. ---- */

static bool map_writable(uint32_t flags)
{
    return !(flags & GNTMAP_readonly);
}

/* Where the mapping goes: the PTE at host_addr (contains_pte), or the
 * L1 entry of host_addr in the current page tables. */
static int host_map(struct domain *granter,
                    const struct gnttab_map_grant_ref *op, mfn_t mfn)
{
    return arch_grant_host_map(
        current_vcpu(), granter, op->host_addr, op->flags & GNTMAP_contains_pte,
        mfn, map_writable(op->flags), op->flags >> _GNTMAP_guest_avail0);
}

/* One map; the caller holds grant_lock. */
void grant_map_one(struct gnttab_map_grant_ref *op)
{
    struct domain *ld = current_domain(), *rd;
    bool writable = map_writable(op->flags);
    uint32_t h;
    mfn_t mfn;

    if (!(op->flags & (GNTMAP_host_map | GNTMAP_device_map))) {
        op->status = GNTST_bad_gntref;
        return;
    }
    rd = domain_by_id(op->dom);
    if (!rd) {
        op->status = GNTST_bad_domain;
        return;
    }
    if (op->ref >= grant_nr_entries(rd->grant_table)) {
        op->status = GNTST_bad_gntref;
        return;
    }
    h = maptrack_get(ld);
    if (h == MAPTRACK_FREE_END) {
        op->status = GNTST_no_space;
        return;
    }
    op->status =
        grant_pin(rd->grant_table, op->ref, ld->domain_id, writable, &mfn);
    if (op->status != GNTST_okay)
        goto free_handle;
    switch (arch_grant_frame_get(rd, mfn, writable)) {
    case 0:
        break;
    case -EBUSY: /* a page table or descriptor page mapped writable */
        op->status = GNTST_general_error;
        goto unpin;
    default:
        op->status = GNTST_bad_page;
        goto unpin;
    }
    if ((op->flags & GNTMAP_host_map) && host_map(rd, op, mfn)) {
        op->status = GNTST_general_error;
        goto put_frame;
    }
    ld->grant_table->maptrack[h] = (struct maptrack_entry){
        .granter = rd,
        .ref = op->ref,
        .flags = op->flags & MAP_KEPT_FLAGS,
        .mfn = mfn,
    };
    op->handle = h;
    op->dev_bus_addr = (uint64_t)mfn << PAGE_SHIFT;
    return;

put_frame:
    arch_grant_frame_put(mfn, writable);
unpin:
    grant_unpin(rd->grant_table, op->ref, writable);
free_handle:
    maptrack_put(ld->grant_table, h);
}

/* Drop mapping h of gt's (its page-table side already gone): pins,
 * the frame's references (perhaps the granter's last), the handle. */
static void mapping_release(struct grant_table *gt, uint32_t h)
{
    struct maptrack_entry m = gt->maptrack[h];

    maptrack_put(gt, h);
    grant_unpin(m.granter->grant_table, m.ref, map_writable(m.flags));
    arch_grant_frame_put(m.mfn, map_writable(m.flags));
}

/* One unmap; the caller holds grant_lock. */
void grant_unmap_one(struct gnttab_unmap_grant_ref *op)
{
    struct grant_table *gt = current_domain()->grant_table;
    struct maptrack_entry *m;
    uint32_t done = 0;

    if (op->handle >= gt->maptrack_size || !gt->maptrack[op->handle].flags) {
        op->status = GNTST_bad_handle;
        return;
    }
    m = &gt->maptrack[op->handle];
    if (op->dev_bus_addr && op->dev_bus_addr != (uint64_t)m->mfn
                                                    << PAGE_SHIFT) {
        op->status = GNTST_general_error;
        return;
    }
    if (op->host_addr && (m->flags & GNTMAP_host_map)) {
        if (arch_grant_host_unmap(current_vcpu(), op->host_addr,
                                  m->flags & GNTMAP_contains_pte, m->mfn)) {
            op->status = GNTST_general_error;
            return;
        }
        done |= GNTMAP_host_map;
    }
    if (op->dev_bus_addr && (m->flags & GNTMAP_device_map))
        done |= GNTMAP_device_map;
    m->flags &= ~done;
    if (!(m->flags & (GNTMAP_host_map | GNTMAP_device_map)))
        mapping_release(gt, op->handle);
    op->status = GNTST_okay;
}

void grant_maptrack_release_all(struct grant_table *gt)
{
    for (uint32_t h = 0; h < gt->maptrack_size; h++)
        if (gt->maptrack[h].flags)
            mapping_release(gt, h);
}
