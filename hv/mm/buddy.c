/*
 * The buddy allocator: every free machine frame belongs to exactly one
 * free block of 2^k frames (k <= MAX_ORDER), aligned to 2^k frames, on
 * the free list of order k. Allocation splits a larger block in halves
 * until the order fits; freeing merges a block with its "buddy" (the
 * other half of the block of order k + 1 both came from) for as long as
 * that buddy is free too, so memory does not fragment into small blocks.
 *
 * Every frame of a free block carries FRAME_FREE, not just its head, so
 * freeing any frame twice is caught. Wrong frees are hypervisor bugs:
 * they are checked before anything changes and end in panic().
 */
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/spinlock.h>

#define ORDER_FRAMES(order) ((mfn_t)1 << (order))

/*
 * The lock guards the lists and counters below, and list, order and
 * the FRAME_FREE state of every free frame. Taken with interrupts off,
 * so frames may be freed from interrupt handlers; the heap takes it
 * while holding its own lock (heap lock, then buddy lock).
 */
static spinlock_t buddy_lock = SPINLOCK_INIT;
static struct list_node free_lists[MAX_ORDER + 1];
static uint64_t free_blocks[MAX_ORDER + 1];
static uint64_t free_frames;
static uint64_t total_frames; /* given by buddy_add_range() */

void buddy_init(void)
{
    spin_lock_init(&buddy_lock);
    for (unsigned k = 0; k <= MAX_ORDER; k++) {
        list_init(&free_lists[k]);
        free_blocks[k] = 0;
    }
    free_frames = 0;
    total_frames = 0;
}

static void block_push(struct frame *head, unsigned order)
{
    head->order = (uint8_t)order;
    list_add(&head->list, &free_lists[order]);
    free_blocks[order]++;
}

static void block_pop(struct frame *head, unsigned order)
{
    list_del(&head->list);
    head->order = FRAME_ORDER_NONE;
    free_blocks[order]--;
}

/* Is 'mfn' the head of a free block of exactly this order? A free frame
 * at a 2^order boundary heads its block, so checking order suffices. */
static bool is_free_head(mfn_t mfn, unsigned order)
{
    const struct frame *f;

    if (!mfn_valid(mfn))
        return false;
    f = mfn_to_frame(mfn);
    return (f->count_info & FRAME_FREE) && f->order == order;
}

/* Make a checked block free and merge it upwards. Buddy lock held. */
static void block_free(mfn_t mfn, unsigned order)
{
    for (mfn_t i = 0; i < ORDER_FRAMES(order); i++) {
        struct frame *f = mfn_to_frame(mfn + i);

        f->count_info = FRAME_FREE;
        f->owner = NULL;
        f->type_info = FRAME_TYPE(FRAME_TYPE_NONE);
        f->order = FRAME_ORDER_NONE;
    }
    free_frames += ORDER_FRAMES(order);
    while (order < MAX_ORDER) {
        mfn_t buddy = mfn ^ ORDER_FRAMES(order);

        if (!is_free_head(buddy, order))
            break;
        block_pop(mfn_to_frame(buddy), order);
        mfn = MIN(mfn, buddy);
        order++;
    }
    block_push(mfn_to_frame(mfn), order);
}

/* The largest order of an aligned block at 'start' ending by 'end'. */
static unsigned largest_fit(mfn_t start, mfn_t end)
{
    unsigned order = 0;

    while (order < MAX_ORDER && IS_ALIGNED(start, ORDER_FRAMES(order + 1)) &&
           end - start >= ORDER_FRAMES(order + 1))
        order++;
    return order;
}

void buddy_add_range(mfn_t start, mfn_t end)
{
    unsigned long flags = spin_lock_irqsave(&buddy_lock);

    for (mfn_t mfn = start; mfn < end; mfn++) {
        if (!mfn_valid(mfn) ||
            mfn_to_frame(mfn)->count_info != FRAME_RESERVED) {
            spin_unlock_irqrestore(&buddy_lock, flags);
            panic("buddy_add_range(%#lx, %#lx): mfn %#lx not a reserved frame",
                  start, end, mfn);
        }
    }
    total_frames += end - start;
    while (start < end) {
        unsigned order = largest_fit(start, end);

        block_free(start, order);
        start += ORDER_FRAMES(order);
    }
    spin_unlock_irqrestore(&buddy_lock, flags);
}

/* Take a free block of at least 'order' and split it down to 'order',
 * returning the unused halves to their lists. Buddy lock held. */
static mfn_t block_take(unsigned order)
{
    unsigned k = order;
    struct frame *head;

    while (k <= MAX_ORDER && list_empty(&free_lists[k]))
        k++;
    if (k > MAX_ORDER)
        return INVALID_MFN;
    head = list_first_entry(&free_lists[k], struct frame, list);
    block_pop(head, k);
    while (k > order) {
        k--;
        block_push(head + ORDER_FRAMES(k), k);
    }
    return frame_to_mfn(head);
}

mfn_t frames_alloc(unsigned order)
{
    unsigned long flags;
    mfn_t mfn;

    if (order > MAX_ORDER)
        return INVALID_MFN;
    flags = spin_lock_irqsave(&buddy_lock);
    mfn = block_take(order);
    if (mfn != INVALID_MFN) {
        for (mfn_t i = 0; i < ORDER_FRAMES(order); i++) {
            struct frame *f = mfn_to_frame(mfn + i);

            f->count_info = FRAME_HV;
            f->order = (uint8_t)order;
        }
        free_frames -= ORDER_FRAMES(order);
    }
    spin_unlock_irqrestore(&buddy_lock, flags);
    return mfn;
}

/* Why frames_free(mfn, order) would be wrong, or NULL if it is right;
 * *bad gets the offending frame. Buddy lock held. */
static const char *check_free(mfn_t mfn, unsigned order, mfn_t *bad)
{
    *bad = mfn;
    if (order > MAX_ORDER)
        return "order above MAX_ORDER";
    if (!IS_ALIGNED(mfn, ORDER_FRAMES(order)))
        return "mfn not aligned to its order";
    if (!mfn_valid(mfn) || !mfn_valid(mfn + ORDER_FRAMES(order) - 1))
        return "beyond the frame table";
    for (mfn_t i = 0; i < ORDER_FRAMES(order); i++) {
        const struct frame *f = mfn_to_frame(mfn + i);

        *bad = mfn + i;
        if (f->count_info & FRAME_FREE)
            return "double free";
        if (f->count_info & FRAME_RESERVED)
            return "reserved frame";
        if (f->count_info & FRAME_HEAP)
            return "frame belongs to the heap (use xfree)";
        if (f->order != order)
            return "order differs from the allocation";
        if (f->count_info & FRAME_COUNT_MASK)
            return "frame still referenced";
    }
    return NULL;
}

void frames_free(mfn_t mfn, unsigned order)
{
    unsigned long flags = spin_lock_irqsave(&buddy_lock);
    mfn_t bad;
    const char *why = check_free(mfn, order, &bad);

    if (why) {
        spin_unlock_irqrestore(&buddy_lock, flags);
        panic("frames_free(%#lx, order %u): %s (mfn %#lx)", mfn, order, why,
              bad);
    }
    block_free(mfn, order);
    spin_unlock_irqrestore(&buddy_lock, flags);
}

uint64_t frames_total_count(void)
{
    return __atomic_load_n(&total_frames, __ATOMIC_RELAXED);
}

uint64_t frames_free_count(void)
{
    return __atomic_load_n(&free_frames, __ATOMIC_RELAXED);
}

uint64_t buddy_free_blocks(unsigned order)
{
    return order <= MAX_ORDER ? free_blocks[order] : 0;
}
