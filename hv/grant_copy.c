/*
 * GNTTABOP_copy: each side a frame of the caller's (by MFN, under
 * DOMID_SELF) or a grant to the caller (pinned for the copy, read-only
 * for the source, writable for the dest), each referenced through the
 * arch so that the dest can be no page table; then the bytes move
 * through the hypervisor's own mapping of the frames, never a guest's.
 * Called with grant_lock held.
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

/* ---- copy. ---- */

/* One side of a copy, resolved: the frame, referenced, and what to undo. */
struct copy_side {
    struct domain *d;
    grant_ref_t ref;
    bool by_ref, writable, pinned, held;
    mfn_t mfn;
};

static int16_t copy_side_get(const struct gnttab_copy_ptr *ptr, bool by_ref,
                             bool writable, struct copy_side *s)
{
    struct domain *ld = current_domain();
    int16_t st;

    *s = (struct copy_side){.by_ref = by_ref, .writable = writable};
    s->d = grant_domain_named(ptr->domid);
    if (!s->d)
        return GNTST_bad_domain;
    if (!by_ref && ptr->domid != DOMID_SELF)
        return GNTST_permission_denied;
    if (by_ref) {
        s->ref = ptr->u.ref;
        st = grant_pin(s->d->grant_table, s->ref, ld->domain_id, writable,
                       &s->mfn);
        if (st != GNTST_okay)
            return st;
        s->pinned = true;
    } else {
        s->mfn = ptr->u.gmfn;
    }
    switch (arch_grant_frame_get(s->d, s->mfn, writable)) {
    case 0:
        s->held = true;
        return GNTST_okay;
    case -EBUSY: /* not a frame that may be written */
        return GNTST_general_error;
    default:
        return GNTST_bad_page;
    }
}

static void copy_side_put(struct copy_side *s)
{
    if (s->held)
        arch_grant_frame_put(s->mfn, s->writable);
    if (s->pinned)
        grant_unpin(s->d->grant_table, s->ref, s->writable);
}

/* One copy; the caller holds grant_lock. */
int16_t grant_copy_one(const struct gnttab_copy *op)
{
    struct copy_side src, dst = {0};
    int16_t st;

    st = copy_side_get(&op->source, op->flags & GNTCOPY_source_gref, false,
                       &src);
    if (st == GNTST_okay)
        st =
            copy_side_get(&op->dest, op->flags & GNTCOPY_dest_gref, true, &dst);
    if (st == GNTST_okay &&
        ((uint32_t)op->source.offset + op->len > PAGE_SIZE ||
         (uint32_t)op->dest.offset + op->len > PAGE_SIZE))
        st = GNTST_bad_copy_arg;
    if (st == GNTST_okay)
        memmove((char *)mfn_to_virt(dst.mfn) + op->dest.offset,
                (const char *)mfn_to_virt(src.mfn) + op->source.offset,
                op->len);
    copy_side_put(&dst);
    copy_side_put(&src);
    return st;
}
