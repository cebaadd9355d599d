/*
 * dom0's store memory (xs_heap.h): power-of-two classes over a bump
 * arena. Each block starts with a 16-byte header naming its class, so
 * that a free needs no size and the data stays 16-byte aligned.
 */
#include "xs_heap.h"

#include <stdbool.h>

#define HEADER_SIZE 16

struct xs_heap_block {
    union {
        struct xs_heap_block *next; /* while free */
        uint8_t header[HEADER_SIZE];
    };
};

/* The class index is kept past the link, which a free block reuses. */
#define CLASS_OFFSET 8

_Static_assert(sizeof(struct xs_heap_block) == HEADER_SIZE,
               "the header keeps data 16-byte aligned");

static size_t class_size(unsigned c)
{
    return (size_t)1 << (XS_HEAP_MIN_SHIFT + c);
}

/* The smallest class that holds size bytes and the header. */
static bool class_of(size_t size, unsigned *c)
{
    for (unsigned i = 0; i < XS_HEAP_CLASSES; i++) {
        if (size <= class_size(i) - HEADER_SIZE) {
            *c = i;
            return true;
        }
    }
    return false;
}

void xs_heap_init(struct xs_heap *h, void *arena, size_t size)
{
    size_t skip = (size_t) - (uintptr_t)arena & (HEADER_SIZE - 1);

    if (skip > size)
        skip = size;
    *h =
        (struct xs_heap){.arena = (uint8_t *)arena + skip, .size = size - skip};
}

void *xs_heap_alloc(struct xs_heap *h, size_t size)
{
    struct xs_heap_block *b;
    unsigned c;

    if (!class_of(size, &c))
        return NULL;
    b = h->free[c];
    if (b) {
        h->free[c] = b->next;
    } else {
        if (h->size - h->used < class_size(c))
            return NULL;
        b = (struct xs_heap_block *)(h->arena + h->used);
        h->used += class_size(c);
    }
    b->header[CLASS_OFFSET] = (uint8_t)c;
    return b + 1;
}

void xs_heap_free(struct xs_heap *h, void *ptr)
{
    struct xs_heap_block *b;
    unsigned c;

    if (!ptr)
        return;
    b = (struct xs_heap_block *)ptr - 1;
    c = b->header[CLASS_OFFSET];
    b->next = h->free[c];
    h->free[c] = b;
}

static void *heap_alloc(void *ctx, size_t size)
{
    return xs_heap_alloc(ctx, size);
}

static void heap_free(void *ctx, void *ptr)
{
    xs_heap_free(ctx, ptr);
}

struct xs_allocator xs_heap_allocator(struct xs_heap *h)
{
    return (struct xs_allocator){heap_alloc, heap_free, h};
}
