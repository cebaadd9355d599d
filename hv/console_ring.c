/*
 * Bounded console rings (hv/console_ring.h): append with overwrite of
 * the oldest text, and Xen's readconsole semantics for readers.
 */
#include <hv/console_ring.h>
#include <hv/lib.h>

void console_ring_put(struct console_ring *r, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        r->buf[r->prod++ & (r->size - 1)] = s[i];
    if (r->prod - r->cons > r->size)
        r->cons = r->prod - r->size;
}

/*
 * Where a read starts: the oldest byte held, or, for an incremental
 * read, the index the reader gives if that text is still held (ahead
 * of the oldest byte, in the wrapping sense Xen uses). An index ahead
 * of the newest byte reads nothing (Xen would hand out stale bytes of
 * its ring; no index it gave out can be there).
 */
static uint32_t read_start(const struct console_ring *r,
                           const struct console_ring_read *op)
{
    if (!op->incremental || (int32_t)(op->index - r->cons) <= 0)
        return r->cons;
    if ((int32_t)(op->index - r->prod) > 0)
        return r->prod;
    return op->index;
}

size_t console_ring_take(const struct console_ring *r,
                         struct console_ring_read *op, char *out, size_t max)
{
    uint32_t c = read_start(r, op);
    size_t n = 0;

    while (c != r->prod && n < max)
        out[n++] = r->buf[c++ & (r->size - 1)];
    op->index = c;
    return n;
}

void console_ring_clear(struct console_ring *r,
                        const struct console_ring_read *op)
{
    r->cons = r->prod - op->index > r->size ? r->prod - r->size : op->index;
}
