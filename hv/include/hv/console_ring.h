/*
 * A bounded ring of console text with the read semantics of Xen's
 * XEN_SYSCTL_readconsole, shared by the hypervisor's own log
 * (console_log.c) and each domain's console buffer (console_domain.c).
 *
 * Text goes in at 'prod'; the oldest text is dropped when the ring is
 * full. 'prod' and 'cons' are free-running byte counts (indexes into
 * the whole history, wrapping at 2^32); bytes cons..prod-1 are held. A
 * reader copies from cons, or, reading incrementally, from the index it
 * got last time (or from cons, if that text is gone); 'clear' moves cons
 * up to where the read stopped, so that the next read starts there.
 *
 * Locking: the owner's lock guards a ring. Readers take the text out
 * under it into a hypervisor buffer, then copy that to the guest with
 * the lock dropped (console_ring_read, in console_read.c, does both).
 */
#ifndef HV_CONSOLE_RING_H
#define HV_CONSOLE_RING_H

#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/spinlock.h>
#include <hv/types.h>

/* The largest ring: the hypervisor's log (Xen's default conring size). */
#define CONSOLE_RING_MAX KiB(16)

struct console_ring {
    char *buf;
    uint32_t size; /* a power of two */
    uint32_t prod; /* bytes ever written */
    uint32_t cons; /* the oldest byte still held */
};

/* A read: IN clear, incremental, index (with incremental), count (the
 * buffer's size), buffer; OUT index (where the read stopped), count
 * (bytes copied). The fields of readconsole and of PARASOLOP_console_read. */
struct console_ring_read {
    bool clear;
    bool incremental;
    uint32_t index;
    uint32_t count;
    guest_va_t buffer;
};

/* Append n bytes, dropping the oldest if the ring overflows. The owner's
 * lock held. */
void console_ring_put(struct console_ring *r, const char *s, size_t n);

/* Copy what op asks for into out (at most max bytes); op->index becomes
 * where it stopped. Returns the byte count. The owner's lock held. */
size_t console_ring_take(const struct console_ring *r,
                         struct console_ring_read *op, char *out, size_t max);

/* op's read succeeded and asked to clear: forget the text before where
 * it stopped. The owner's lock held. */
void console_ring_clear(struct console_ring *r,
                        const struct console_ring_read *op);

/*
 * A whole read for a guest: 'find' (called with 'lock' held, interrupts
 * off) names the ring, or NULL with *err set; the text is taken out
 * under the lock, copied to op->buffer without it, and, if op->clear,
 * cleared under it again (find is asked anew: the ring may be gone).
 * 0, *err, -ENOMEM, or -EFAULT (then nothing is cleared, as on Xen).
 */
long console_ring_read(spinlock_t *lock,
                       struct console_ring *(*find)(void *ctx, long *err),
                       void *ctx, struct console_ring_read *op);

/* The hypervisor's log (console_log.c), and the lock that guards it. */
extern spinlock_t console_log_lock;
extern struct console_ring console_log_ring;

#endif
