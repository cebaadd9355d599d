/*
 * The hypervisor heap: xmalloc() and xfree() for the core's own objects
 * (domains, vCPUs, event and grant tables).
 *
 * Requests up to 2 KiB use power-of-two size classes. Each class keeps
 * slab pages: single buddy frames cut into equal objects, which are
 * therefore aligned to their size. The page's bookkeeping lives in its
 * frame-table entry (heap_class, heap_inuse, heap_free), so the objects
 * fill the page exactly and xfree() finds it from the pointer alone. A
 * free object holds a poison word and the offset of the next free one.
 * A slab page goes back to the buddy as soon as its last object is freed.
 *
 * Larger requests take 2^k frames straight from the buddy; the head
 * frame is marked as a heap allocation and its order field says how big.
 */
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/spinlock.h>

#define HEAP_MIN_SHIFT 4  /* 16-byte objects: the alignment we promise */
#define HEAP_MAX_SHIFT 11 /* 2 KiB: two objects per page */
#define HEAP_NR_CLASSES (HEAP_MAX_SHIFT - HEAP_MIN_SHIFT + 1)
#define HEAP_MAX_SLAB_SIZE ((size_t)1 << HEAP_MAX_SHIFT)
#define HEAP_CLASS_LARGE 0xff    /* heap_class of a large allocation */
#define HEAP_FREE_END UINT16_MAX /* heap_free / next: no more objects */

/* First word of every free object; kept out of live ones (HEAP_LIVE),
 * so a match makes an xfree() worth checking for a double free. */
#define HEAP_FREE_POISON 0xf7eef7eef7eef7eeULL
#define HEAP_LIVE 0x0b1ec7000b1ec700ULL

struct free_object {
    uint64_t poison; /* HEAP_FREE_POISON */
    uint64_t next;   /* page offset of the next free object */
};

BUILD_BUG_ON(sizeof(struct free_object) > (1U << HEAP_MIN_SHIFT));
BUILD_BUG_ON(XMALLOC_ALIGN > (1U << HEAP_MIN_SHIFT));
BUILD_BUG_ON(PAGE_SIZE > HEAP_FREE_END);

/*
 * The heap lock guards partial[] and the heap_* fields of every slab
 * page. Taken with interrupts off; frames_alloc/frames_free take the
 * buddy lock inside it.
 */
static spinlock_t heap_lock = SPINLOCK_INIT;
/* Per class: slab pages with at least one free object. Full pages are
 * on no list; xfree() puts them back. */
static struct list_node partial[HEAP_NR_CLASSES];
static bool heap_ready;

void xmalloc_init(void)
{
    spin_lock_init(&heap_lock);
    for (unsigned c = 0; c < HEAP_NR_CLASSES; c++)
        list_init(&partial[c]);
    heap_ready = true;
}

static size_t class_size(unsigned c)
{
    return (size_t)1 << (c + HEAP_MIN_SHIFT);
}

static unsigned size_to_class(size_t bytes)
{
    unsigned c = 0;

    while (class_size(c) < bytes)
        c++;
    return c;
}

static struct free_object *object_at(const struct frame *f, size_t offset)
{
    return (struct free_object *)((uint8_t *)frame_to_virt(f) + offset);
}

/* A fresh slab page for class c, every object on its free list.
 * Heap lock held. */
static bool slab_grow(unsigned c)
{
    size_t size = class_size(c);
    mfn_t mfn = frame_alloc();
    struct frame *f;

    if (mfn == INVALID_MFN)
        return false;
    f = mfn_to_frame(mfn);
    for (size_t off = 0; off < PAGE_SIZE; off += size) {
        struct free_object *o = object_at(f, off);

        o->poison = HEAP_FREE_POISON;
        o->next = off + size < PAGE_SIZE ? off + size : HEAP_FREE_END;
    }
    f->count_info |= FRAME_HEAP;
    f->heap_class = (uint8_t)c;
    f->heap_inuse = 0;
    f->heap_free = 0;
    list_add(&f->list, &partial[c]);
    return true;
}

static void *slab_alloc(unsigned c)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    struct frame *f;
    struct free_object *o = NULL;

    if (!list_empty(&partial[c]) || slab_grow(c)) {
        f = list_first_entry(&partial[c], struct frame, list);
        o = object_at(f, f->heap_free);
        f->heap_free = (uint16_t)o->next;
        o->poison = HEAP_LIVE;
        f->heap_inuse++;
        if (f->heap_free == HEAP_FREE_END)
            list_del(&f->list);
    }
    spin_unlock_irqrestore(&heap_lock, flags);
    return o;
}

static void *large_alloc(size_t bytes)
{
    unsigned order = 0;
    unsigned long flags;
    struct frame *f;
    mfn_t mfn;

    if (bytes > ((size_t)PAGE_SIZE << MAX_ORDER))
        return NULL;
    while (((size_t)PAGE_SIZE << order) < bytes)
        order++;
    mfn = frames_alloc(order);
    if (mfn == INVALID_MFN)
        return NULL;
    f = mfn_to_frame(mfn);
    flags = spin_lock_irqsave(&heap_lock);
    f->count_info |= FRAME_HEAP;
    f->heap_class = HEAP_CLASS_LARGE;
    spin_unlock_irqrestore(&heap_lock, flags);
    return mfn_to_virt(mfn);
}

void *xmalloc(size_t bytes)
{
    if (!heap_ready)
        panic("xmalloc(%zu) before mm_init()", bytes);
    if (bytes <= HEAP_MAX_SLAB_SIZE)
        return slab_alloc(size_to_class(bytes));
    return large_alloc(bytes);
}

void *xzalloc(size_t bytes)
{
    void *p = xmalloc(bytes);

    if (p)
        memset(p, 0, bytes);
    return p;
}

void *xmalloc_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return xmalloc(n * size);
}

/* Is the object at 'offset' on its page's free list? The poison word
 * makes this walk rare: only a live object holding that value by
 * chance, or a real double free, gets here. */
static bool object_is_free(const struct frame *f, size_t offset)
{
    size_t next = f->heap_free;

    if (object_at(f, offset)->poison != HEAP_FREE_POISON)
        return false;
    for (size_t n = 0; next != HEAP_FREE_END && n < PAGE_SIZE; n++) {
        if (next == offset)
            return true;
        next = object_at(f, next)->next;
    }
    return false;
}

/* Why xfree(p) would be wrong, or NULL if it is right. Heap lock held. */
static const char *check_xfree(const struct frame *f, const void *p)
{
    size_t offset = (uintptr_t)p & (PAGE_SIZE - 1);

    if ((f->count_info & (FRAME_HV | FRAME_HEAP)) != (FRAME_HV | FRAME_HEAP))
        return "not allocated by xmalloc, or already freed";
    if (f->heap_class == HEAP_CLASS_LARGE)
        return offset ? "inside a large allocation" : NULL;
    if (offset & (class_size(f->heap_class) - 1))
        return "inside an object";
    if (object_is_free(f, offset))
        return "double free";
    return NULL;
}

/* Put an object back on its page; give the page back when it empties.
 * Heap lock held. */
static void slab_free(struct frame *f, void *p)
{
    struct free_object *o = p;
    bool was_full = f->heap_free == HEAP_FREE_END;

    o->poison = HEAP_FREE_POISON;
    o->next = f->heap_free;
    f->heap_free = (uint16_t)((uintptr_t)p & (PAGE_SIZE - 1));
    f->heap_inuse--;
    if (f->heap_inuse == 0) {
        if (!was_full)
            list_del(&f->list);
        f->count_info &= ~FRAME_HEAP;
        frame_free(frame_to_mfn(f));
    } else if (was_full) {
        list_add(&f->list, &partial[f->heap_class]);
    }
}

void xfree(void *p)
{
    unsigned long flags;
    const char *why;
    struct frame *f;
    mfn_t mfn;

    if (!p)
        return;
    mfn = virt_to_mfn(p);
    if (!mfn_valid(mfn))
        panic("xfree(%#018lx): not a machine address the heap manages",
              (unsigned long)p);
    f = mfn_to_frame(mfn);
    flags = spin_lock_irqsave(&heap_lock);
    why = check_xfree(f, p);
    if (why) {
        spin_unlock_irqrestore(&heap_lock, flags);
        panic("xfree(%#018lx): %s", (unsigned long)p, why);
    }
    if (f->heap_class == HEAP_CLASS_LARGE) {
        unsigned order = f->order;

        f->count_info &= ~FRAME_HEAP;
        spin_unlock_irqrestore(&heap_lock, flags);
        frames_free(mfn, order);
        return;
    }
    slab_free(f, p);
    spin_unlock_irqrestore(&heap_lock, flags);
}
