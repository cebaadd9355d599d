/*
 * The memory of dom0's store (struct xs_allocator) in a fixed arena:
 * dom0 has pages, not a heap, and the store wants blocks of any size up
 * to a few KiB. Blocks come in power-of-two classes, each with its own
 * free list; a class with nothing free takes fresh space from the
 * arena's end. A freed block is reused by its class only, so the arena
 * never moves anything and every call is O(1). When the arena is spent
 * the store answers ENOMEM, which leaves it as it was: a guest that
 * fills it can make stores fail, not harm dom0.
 */
#ifndef DOM0_XS_HEAP_H
#define DOM0_XS_HEAP_H

#include "xs_store.h"

#include <stddef.h>
#include <stdint.h>

/* The smallest class, 2^XS_HEAP_MIN_SHIFT bytes with its header, and
 * the number of classes: the largest is 16 KiB, above any block the
 * store asks for (a watch event: two strings of a message each). */
#define XS_HEAP_MIN_SHIFT 5
#define XS_HEAP_CLASSES 10

struct xs_heap_block;

struct xs_heap {
    uint8_t *arena;
    size_t size, used;
    struct xs_heap_block *free[XS_HEAP_CLASSES];
};

/* A heap over arena[0, size), its start rounded up to 16 bytes. */
void xs_heap_init(struct xs_heap *h, void *arena, size_t size);

/* NULL when the arena is spent or size is above the largest class. */
void *xs_heap_alloc(struct xs_heap *h, size_t size);
/* ptr from xs_heap_alloc(), or NULL. */
void xs_heap_free(struct xs_heap *h, void *ptr);

/* The store's allocator on h. */
struct xs_allocator xs_heap_allocator(struct xs_heap *h);

#endif /* DOM0_XS_HEAP_H */
