/*
 * The frame table: one struct frame per machine frame, indexed by mfn,
 * so that any frame's state, owner and page type can be found in O(1).
 * Direct paging rests on it: the hypervisor decides whether a guest may
 * map or write a frame by reading its entry (hv/mm.h explains the fields).
 */
#include <hv/mm.h>

/* The size hv/mm.h promises; the table costs 48/4096 (1.2%) of RAM. */
#define FRAME_SIZE_BYTES 48
_Static_assert(sizeof(struct frame) == FRAME_SIZE_BYTES,
               "struct frame grew: every machine frame pays for it");

struct frame *frame_table;
mfn_t frame_table_frames;

void frame_table_init(struct frame *table, mfn_t nr)
{
    frame_table = table;
    frame_table_frames = nr;
    /* Reserved until the buddy is given a frame explicitly: a hole or
     * firmware frame must never look free. */
    for (mfn_t mfn = 0; mfn < nr; mfn++) {
        struct frame *f = &table[mfn];

        list_init(&f->list);
        f->owner = NULL;
        f->count_info = FRAME_RESERVED;
        f->type_info = FRAME_TYPE(FRAME_TYPE_NONE);
        f->order = FRAME_ORDER_NONE;
        f->heap_class = 0;
        f->heap_inuse = 0;
        f->heap_free = 0;
        f->linear_count = 0;
    }
}

/* Is [start, end) inside one usable region and touched by no other? */
static bool range_is_ram(const struct mem_region *map, unsigned n,
                         paddr_t start, paddr_t end)
{
    bool inside = false;

    for (unsigned i = 0; i < n; i++) {
        paddr_t base = map[i].base, limit = map[i].base + map[i].len;

        if (limit <= start || base >= end)
            continue;
        if (map[i].type != MEM_USABLE)
            return false;
        if (base <= start && limit >= end)
            inside = true;
    }
    return inside;
}

void frame_table_mark_io(const struct mem_region *map, unsigned n)
{
    for (mfn_t mfn = 0; mfn < frame_table_frames; mfn++) {
        paddr_t start = mfn_to_paddr(mfn);

        if (start < BOOTMEM_LOW_LIMIT ||
            !range_is_ram(map, n, start, start + PAGE_SIZE))
            frame_table[mfn].count_info |= FRAME_IO;
    }
}
