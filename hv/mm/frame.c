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
    }
}
