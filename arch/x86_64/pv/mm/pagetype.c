/*
 * Page types and reference counts: the bookkeeping that makes direct
 * paging safe (arch/pv_mm.h states the invariants).
 *
 * Every frame a guest uses carries two counts in its struct frame:
 *   - count_info: general references. The owner's allocation holds one;
 *     each mapping and each pin adds one. It keeps the frame owned.
 *   - type_info: what the frame is used as (L1..L4 table, descriptor
 *     page, writable page) and how many uses need that type. The type
 *     can change only while that count is zero, so a frame is never a
 *     page table and writable at the same time.
 * A page-table type is granted only after pte.c validated every entry
 * (which takes the references the entries need); the last type
 * reference releases them again. Both counts change by compare-and-swap,
 * so the rules hold when several CPUs update them.
 */
#include <arch/pv_mm.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/panic.h>

/* States in which no guest may hold a reference to the frame. */
#define FRAME_UNUSABLE (FRAME_FREE | FRAME_RESERVED)

static uint64_t load(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/* On failure *expected receives the current value, ready for a retry. */
static bool cas(uint64_t *p, uint64_t *expected, uint64_t desired)
{
    return __atomic_compare_exchange_n(p, expected, desired, false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

bool get_page(struct frame *f, struct domain *d)
{
    uint64_t x = load(&f->count_info);
    uint64_t count;

    do {
        count = x & FRAME_COUNT_MASK;
        /* Count 0: not allocated, or on its way back to the allocator. */
        if ((x & FRAME_UNUSABLE) || count == 0 || count == FRAME_COUNT_MASK)
            return false;
    } while (!cas(&f->count_info, &x, x + 1));
    /* The owner changes only at count 0, which our reference now rules
     * out, so this check cannot go stale. A hypervisor frame has no
     * owner; one shared with d (shared_info) has owner d. */
    if (d == NULL || f->owner != d) {
        put_page(f);
        return false;
    }
    return true;
}

void put_page(struct frame *f)
{
    uint64_t x = load(&f->count_info);

    do {
        if ((x & FRAME_COUNT_MASK) == 0)
            panic("put_page: mfn %#lx has no reference left",
                  (unsigned long)frame_to_mfn(f));
    } while (!cas(&f->count_info, &x, x - 1));
    /* The owner gave the frame back (or died) and this was the last
     * user: the frame goes back to the allocator. */
    if (((x - 1) & FRAME_COUNT_MASK) == 0)
        domain_frame_released(f);
}

/* May frame f, a hypervisor frame shared with its guest if FRAME_HV, be
 * used as 'type'? The hypervisor writes shared pages behind the guest's
 * back, so they must never become page tables or descriptor pages. */
static bool type_allowed(const struct frame *f, enum frame_type type)
{
    if (type == FRAME_TYPE_WRITABLE)
        return true;
    return !(load(&f->count_info) & FRAME_HV);
}

/*
 * Give frame f, whose type count is 0 (type_info 'old'), its first
 * reference of 'type'. A page-table type is claimed first without
 * FRAME_TYPE_VALIDATED: any other user sees the frame busy and no
 * writable mapping can appear while the entries are checked. Returns
 * -EAGAIN if type_info changed under us (the caller retries).
 */
static int type_claim(struct frame *f, uint64_t old, enum frame_type type,
                      struct domain *d)
{
    bool table = frame_type_is_table(type);
    uint64_t claimed = FRAME_TYPE(type) | 1;
    int rc;

    ASSERT(!(old & FRAME_TYPE_PINNED));
    if (!table)
        claimed |= FRAME_TYPE_VALIDATED;
    if (!cas(&f->type_info, &old, claimed))
        return -EAGAIN;
    /* A TLB may still hold writable translations of a frame that just
     * lost its last writable mapping; they must go before the frame is
     * trusted as a table or descriptor page. */
    if (frame_type_of(old) == FRAME_TYPE_WRITABLE &&
        type != FRAME_TYPE_WRITABLE)
        pv_flush_tlb_all();
    if (!table)
        return 0;
    rc = pv_table_validate(f, type, d);
    if (rc) {
        __atomic_store_n(&f->type_info, old, __ATOMIC_RELEASE);
        return rc;
    }
    __atomic_fetch_or(&f->type_info, FRAME_TYPE_VALIDATED, __ATOMIC_RELEASE);
    return 0;
}

int get_page_type(struct frame *f, enum frame_type type, struct domain *d)
{
    uint64_t x = load(&f->type_info);
    uint64_t count;
    int rc;

    ASSERT(type != FRAME_TYPE_NONE && type <= FRAME_TYPE_WRITABLE);
    if (!type_allowed(f, type))
        return -EINVAL;
    for (;;) {
        count = x & FRAME_TYPE_COUNT_MASK;
        if (count == 0) {
            rc = type_claim(f, x, type, d);
            if (rc != -EAGAIN)
                return rc;
            x = load(&f->type_info);
            continue;
        }
        if (frame_type_of(x) != type)
            return -EINVAL; /* in use as something else */
        if (!(x & FRAME_TYPE_VALIDATED))
            return -EBUSY; /* another CPU is validating it */
        if (count == FRAME_TYPE_COUNT_MASK)
            return -EINVAL;
        if (cas(&f->type_info, &x, x + 1))
            return 0;
    }
}

/*
 * The last reference of a page-table type went: release what the
 * entries held, make every CPU forget translations cached through the
 * table (the guest may soon write to it), then clear the type. Until
 * then the frame keeps count 1 without FRAME_TYPE_VALIDATED: busy.
 */
static void table_release(struct frame *f, enum frame_type level)
{
    pv_table_invalidate(f, level);
    pv_flush_tlb_all();
    __atomic_store_n(&f->type_info, FRAME_TYPE(FRAME_TYPE_NONE),
                     __ATOMIC_RELEASE);
}

void put_page_type(struct frame *f)
{
    uint64_t x = load(&f->type_info);
    uint64_t count;

    for (;;) {
        count = x & FRAME_TYPE_COUNT_MASK;
        if (count == 0 || (count == 1 && (x & FRAME_TYPE_PINNED)))
            panic("put_page_type: mfn %#lx type_info %#lx underflow",
                  (unsigned long)frame_to_mfn(f), (unsigned long)x);
        if (count == 1 && frame_type_is_table(frame_type_of(x))) {
            ASSERT(x & FRAME_TYPE_VALIDATED);
            if (!cas(&f->type_info, &x, x & ~FRAME_TYPE_VALIDATED))
                continue;
            table_release(f, frame_type_of(x));
            return;
        }
        /* Other types stay at count 0: a writable page mapped again
         * needs no flush, and a type change will flush (type_claim). */
        if (cas(&f->type_info, &x, x - 1))
            return;
    }
}

int get_page_and_type(struct frame *f, struct domain *d, enum frame_type type)
{
    int rc;

    if (!get_page(f, d))
        return -EINVAL;
    rc = get_page_type(f, type, d);
    if (rc)
        put_page(f);
    return rc;
}

void put_page_and_type(struct frame *f)
{
    put_page_type(f);
    put_page(f);
}

/* One more linear entry held by f (want > 0) or naming f (want < 0);
 * refused if f already counts the other way, or the count would wrap. */
static bool linear_count_step(struct frame *f, int16_t step)
{
    int16_t x = __atomic_load_n(&f->linear_count, __ATOMIC_ACQUIRE);

    do {
        if ((step > 0 && (x < 0 || x == INT16_MAX)) ||
            (step < 0 && (x > 0 || x == INT16_MIN)))
            return false;
    } while (!__atomic_compare_exchange_n(&f->linear_count, &x,
                                          (int16_t)(x + step), false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    return true;
}

static void linear_count_undo(struct frame *f, int16_t step)
{
    __atomic_sub_fetch(&f->linear_count, step, __ATOMIC_ACQ_REL);
}

/* A type reference on target only if it is a validated table of 'level'
 * already: a linear entry never validates anything. */
static bool get_validated_type(struct frame *target, enum frame_type level)
{
    uint64_t want = FRAME_TYPE(level) | FRAME_TYPE_VALIDATED;
    uint64_t x = load(&target->type_info);

    do {
        if ((x & (FRAME_TYPE_MASK | FRAME_TYPE_VALIDATED)) != want ||
            (x & FRAME_TYPE_COUNT_MASK) == 0 ||
            (x & FRAME_TYPE_COUNT_MASK) == FRAME_TYPE_COUNT_MASK)
            return false;
    } while (!cas(&target->type_info, &x, x + 1));
    return true;
}

bool get_linear_page_type(struct frame *table, struct frame *target,
                          enum frame_type level, struct domain *d)
{
    if (!get_page(target, d))
        return false;
    if (!linear_count_step(table, 1))
        goto put_page;
    if (!linear_count_step(target, -1))
        goto undo_table;
    if (get_validated_type(target, level))
        return true;
    linear_count_undo(target, -1);
undo_table:
    linear_count_undo(table, 1);
put_page:
    put_page(target);
    return false;
}

void put_linear_page_type(struct frame *table, struct frame *target)
{
    linear_count_undo(target, -1);
    linear_count_undo(table, 1);
    put_page_and_type(target);
}

/*
 * A pin holds one general and one type reference, so a table stays
 * validated while no root or entry references it (Xen semantics: the
 * guest pins, then edits, then installs).
 */
int pv_pin_table(struct domain *d, mfn_t mfn, enum frame_type level)
{
    struct frame *f;
    uint64_t prev;
    int rc;

    ASSERT(frame_type_is_table(level));
    if (!mfn_valid(mfn))
        return -EINVAL;
    f = mfn_to_frame(mfn);
    /* Cheap early refusal; the atomic test below settles races. */
    if (f->owner == d && (load(&f->type_info) & FRAME_TYPE_PINNED))
        return -EINVAL;
    rc = get_page_and_type(f, d, level);
    if (rc)
        return rc;
    prev =
        __atomic_fetch_or(&f->type_info, FRAME_TYPE_PINNED, __ATOMIC_ACQ_REL);
    if (prev & FRAME_TYPE_PINNED) {
        put_page_and_type(f);
        return -EINVAL;
    }
    return 0;
}

int pv_unpin_table(struct domain *d, mfn_t mfn)
{
    struct frame *f;
    uint64_t prev;

    if (!mfn_valid(mfn))
        return -EINVAL;
    f = mfn_to_frame(mfn);
    /* Our own reference keeps the frame d's while we look at it. */
    if (!get_page(f, d))
        return -EINVAL;
    prev =
        __atomic_fetch_and(&f->type_info, ~FRAME_TYPE_PINNED, __ATOMIC_ACQ_REL);
    if (!(prev & FRAME_TYPE_PINNED)) {
        put_page(f);
        return -EINVAL;
    }
    put_page_and_type(f); /* the pin's references */
    put_page(f);
    return 0;
}

void pv_unpin_all(struct domain *d)
{
    list_for_each (pos, &d->page_list) {
        struct frame *f = list_entry(pos, struct frame, list);

        if (load(&f->type_info) & FRAME_TYPE_PINNED)
            pv_unpin_table(d, frame_to_mfn(f));
    }
}
