/*
 * The frames a domain owns: allocation (each frame holds an allocation
 * reference while the domain keeps it), giving one back
 * (decrease_reservation), and the release of a frame when its last
 * reference goes, which for a dying domain may be long after its
 * destruction (a frame dom0 still maps): the domain is freed with its
 * last frame.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/printk.h>

mfn_t domain_alloc_frame(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->page_lock);
    mfn_t mfn = INVALID_MFN;
    struct frame *f;

    if (d->tot_pages < d->max_pages && d->state != DOMAIN_DYING)
        mfn = frame_alloc();
    if (mfn != INVALID_MFN) {
        f = mfn_to_frame(mfn);
        f->owner = d;
        /* The allocation reference: the domain's, until it gives the
         * frame back or dies. */
        f->count_info = FRAME_ALLOCATED | 1;
        f->type_info = 0;
        list_add_tail(&f->list, &d->page_list);
        d->tot_pages++;
    }
    spin_unlock_irqrestore(&d->page_lock, flags);
    return mfn;
}

bool domain_owns_frame(const struct domain *d, mfn_t mfn)
{
    return mfn_valid(mfn) && mfn_to_frame(mfn)->owner == d;
}

/* Drop f's allocation reference, if it still has it (atomically: a
 * frame is given back once). False if it had none. */
static bool frame_put_allocation(struct frame *f)
{
    uint64_t x = __atomic_load_n(&f->count_info, __ATOMIC_ACQUIRE);

    do {
        if (!(x & FRAME_ALLOCATED) || (x & FRAME_COUNT_MASK) == 0)
            return false;
    } while (!__atomic_compare_exchange_n(&f->count_info, &x,
                                          (x & ~FRAME_ALLOCATED) - 1, false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    if (((x - 1) & FRAME_COUNT_MASK) == 0)
        domain_frame_released(f);
    return true;
}

int domain_release_frame(struct domain *d, mfn_t mfn)
{
    if (!domain_owns_frame(d, mfn) ||
        (mfn_to_frame(mfn)->count_info & FRAME_HV) ||
        !frame_put_allocation(mfn_to_frame(mfn)))
        return -EINVAL;
    return 0;
}

void domain_frame_released(struct frame *f)
{
    struct domain *d = f->owner;
    mfn_t mfn = frame_to_mfn(f);
    bool last = false;
    unsigned long flags = spin_lock_irqsave(&d->page_lock);

    if (!(f->count_info & FRAME_HV)) {
        list_del(&f->list);
        d->tot_pages--;
    }
    if (d->state == DOMAIN_DYING)
        last = --d->zombie_frames == 0;
    spin_unlock_irqrestore(&d->page_lock, flags);
    /* Scrub: the next owner must not see this domain's data. */
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    f->owner = NULL;
    f->count_info = 0;
    f->type_info = 0;
    f->order = 0;
    frames_free(mfn, 0);
    if (last)
        domain_free(d);
}

/* One line for each frame another domain still holds: it stays the
 * dying domain's until that reference goes. */
static void log_held_frame(const struct domain *d, const struct frame *f)
{
    pr_info("domain %u: mfn %#lx still referenced (count %lu, type %#lx), "
            "freed when released\n",
            d->domain_id, (unsigned long)frame_to_mfn(f),
            (unsigned long)(f->count_info & FRAME_COUNT_MASK) - 1,
            (unsigned long)f->type_info);
}

/*
 * Drop the allocation reference of every frame (and of shared_info):
 * the ones nobody else holds are freed now, the others when released.
 * destroy's own share of zombie_frames keeps d alive until the end.
 */
void domain_release_all_frames(struct domain *d)
{
    /* First the grants d maps, whose frames may be d's own. */
    unsigned int grant_frames = grant_table_close(d);
    unsigned long flags = spin_lock_irqsave(&d->page_lock);
    bool last;

    d->zombie_frames =
        d->tot_pages + (d->shared_info ? 1 : 0) + grant_frames + 1;
    spin_unlock_irqrestore(&d->page_lock, flags);
    list_for_each_safe (pos, tmp, &d->page_list) {
        struct frame *f = list_entry(pos, struct frame, list);

        if ((f->count_info & FRAME_COUNT_MASK) > 1)
            log_held_frame(d, f);
        /* A frame given back already is released by its last user. */
        frame_put_allocation(f);
    }
    if (d->shared_info)
        frame_put_allocation(mfn_to_frame(d->shared_info_mfn));
    for (unsigned int i = 0; i < grant_frames; i++)
        frame_put_allocation(mfn_to_frame(grant_table_frame(d, i)));
    flags = spin_lock_irqsave(&d->page_lock);
    last = --d->zombie_frames == 0;
    spin_unlock_irqrestore(&d->page_lock, flags);
    if (last)
        domain_free(d);
}
