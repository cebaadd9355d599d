/*
 * Shared request/response rings (public guest ABI), the layout every
 * split driver uses: one shared page holds a small header and an array
 * of slots, each slot big enough for either a request or a response.
 *
 * The header carries four free-running 32-bit indices. The front end
 * (the guest with the device) produces requests at req_prod and
 * consumes responses; the back end (the driver domain) consumes
 * requests and produces responses at rsp_prod. Indices are never
 * reduced: they wrap at 2^32 and are masked with the slot count - 1
 * only when a slot is addressed, so "how many" is always a plain
 * unsigned subtraction.
 *
 * Notification: each side tells the other, through req_event and
 * rsp_event, at which producer value it next wants an event. A producer
 * that moves its index from old to new sends one only if the wanted
 * value lies in (old, new]. A consumer about to sleep sets the event
 * index to one past what it has consumed, then looks again ("final
 * check"), so a message pushed in between is never missed.
 *
 * DEFINE_RING_TYPES(name, req_t, rsp_t) declares struct name_sring
 * (the shared page), name_front_ring and name_back_ring (each side's
 * private view) with the same layout and macro names as Xen 4.17's
 * io/ring.h, so drivers written for Xen build against it unchanged.
 *
 * Memory ordering: xen_mb/xen_rmb/xen_wmb default to compiler fences
 * (full fence for xen_mb); an includer may define its own first.
 * Standalone: only <stdint.h> is needed.
 */
#ifndef __XEN_PUBLIC_IO_RING_H__
#define __XEN_PUBLIC_IO_RING_H__

#include <stdint.h>

typedef uint32_t RING_IDX;

#ifndef xen_mb
#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef xen_rmb
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif
#ifndef xen_wmb
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif

/* The header before the slots: 64 bytes, so slots start aligned. */
#define XEN_RING_HEADER_BYTES 64

/* Largest power of 2 <= x (x < 2^32), 0 for 0: usable in constants. */
#define XEN_RING_POW2_1(x) ((x)&1u)
#define XEN_RING_POW2_2(x) (((x)&0x2u) ? 0x2u : XEN_RING_POW2_1(x))
#define XEN_RING_POW2_4(x)                                                     \
    (((x)&0xcu) ? XEN_RING_POW2_2((x) >> 2) << 2 : XEN_RING_POW2_2(x))
#define XEN_RING_POW2_8(x)                                                     \
    (((x)&0xf0u) ? XEN_RING_POW2_4((x) >> 4) << 4 : XEN_RING_POW2_4(x))
#define XEN_RING_POW2_16(x)                                                    \
    (((x)&0xff00u) ? XEN_RING_POW2_8((x) >> 8) << 8 : XEN_RING_POW2_8(x))
#define XEN_RING_POW2(x)                                                       \
    (((x)&0xffff0000u) ? XEN_RING_POW2_16((x) >> 16) << 16                     \
                       : XEN_RING_POW2_16(x))

/*
 * Whether a producer moving its index from old_prod to new_prod must
 * notify a consumer that asked for an event at event: true when event
 * lies in (old_prod, new_prod], counted modulo 2^32.
 */
static inline int xen_ring_need_notify(RING_IDX old_prod, RING_IDX new_prod,
                                       RING_IDX event)
{
    return (RING_IDX)(new_prod - event) < (RING_IDX)(new_prod - old_prod);
}

/* Messages produced up to prod and not yet consumed up to cons. */
static inline RING_IDX xen_ring_pending(RING_IDX prod, RING_IDX cons)
{
    return (RING_IDX)(prod - cons);
}

#define DEFINE_RING_TYPES(name, req_t, rsp_t)                                  \
    union name##_sring_entry {                                                 \
        req_t req;                                                             \
        rsp_t rsp;                                                             \
    };                                                                         \
    struct name##_sring {                                                      \
        RING_IDX req_prod, req_event;                                          \
        RING_IDX rsp_prod, rsp_event;                                          \
        union {                                                                \
            struct {                                                           \
                uint8_t smartpoll_active;                                      \
            } netif;                                                           \
            struct {                                                           \
                uint8_t msg;                                                   \
            } tapif_user;                                                      \
            uint8_t pvt_pad[4];                                                \
        } pvt;                                                                 \
        uint8_t __pad[44];                                                     \
        union name##_sring_entry ring[1]; /* as many as fit the page */        \
    };                                                                         \
    struct name##_front_ring {                                                 \
        RING_IDX req_prod_pvt; /* next request slot, not yet pushed */         \
        RING_IDX rsp_cons;     /* next response to read */                     \
        unsigned int nr_ents;                                                  \
        struct name##_sring *sring;                                            \
    };                                                                         \
    struct name##_back_ring {                                                  \
        RING_IDX rsp_prod_pvt; /* next response slot, not yet pushed */        \
        RING_IDX req_cons;     /* next request to read */                      \
        unsigned int nr_ents;                                                  \
        struct name##_sring *sring;                                            \
    };                                                                         \
    typedef struct name##_sring name##_sring_t;                                \
    typedef struct name##_front_ring name##_front_ring_t;                      \
    typedef struct name##_back_ring name##_back_ring_t

/* Slots in a shared ring of size bytes, whose header is at s. */
#define __RING_SIZE(s, size)                                                   \
    XEN_RING_POW2(                                                             \
        (uint32_t)(((size)-XEN_RING_HEADER_BYTES) / sizeof((s)->ring[0])))
/* The same, as a constant, from the ring's name. */
#define __CONST_RING_SIZE(name, size)                                          \
    XEN_RING_POW2((uint32_t)(((size)-XEN_RING_HEADER_BYTES) /                  \
                             sizeof(((struct name##_sring *)0)->ring[0])))

/* Initialise the shared header (done by the front end, once). */
#define SHARED_RING_INIT(s)                                                    \
    do {                                                                       \
        (s)->req_prod = (s)->rsp_prod = 0;                                     \
        (s)->req_event = (s)->rsp_event = 1;                                   \
        for (unsigned int pad_i_ = 0; pad_i_ < sizeof((s)->pvt.pvt_pad);       \
             pad_i_++)                                                         \
            (s)->pvt.pvt_pad[pad_i_] = 0;                                      \
        for (unsigned int pad_i_ = 0; pad_i_ < sizeof((s)->__pad); pad_i_++)   \
            (s)->__pad[pad_i_] = 0;                                            \
    } while (0)

#define FRONT_RING_ATTACH(r, s, i, size)                                       \
    do {                                                                       \
        (r)->req_prod_pvt = (i);                                               \
        (r)->rsp_cons = (i);                                                   \
        (r)->nr_ents = __RING_SIZE(s, size);                                   \
        (r)->sring = (s);                                                      \
    } while (0)
#define FRONT_RING_INIT(r, s, size) FRONT_RING_ATTACH(r, s, 0, size)

#define BACK_RING_ATTACH(r, s, i, size)                                        \
    do {                                                                       \
        (r)->rsp_prod_pvt = (i);                                               \
        (r)->req_cons = (i);                                                   \
        (r)->nr_ents = __RING_SIZE(s, size);                                   \
        (r)->sring = (s);                                                      \
    } while (0)
#define BACK_RING_INIT(r, s, size) BACK_RING_ATTACH(r, s, 0, size)

#define RING_SIZE(r) ((r)->nr_ents)

/* Front end: free request slots (responses not yet read hold theirs). */
#define RING_FREE_REQUESTS(r)                                                  \
    (RING_SIZE(r) - xen_ring_pending((r)->req_prod_pvt, (r)->rsp_cons))
#define RING_FULL(r) (RING_FREE_REQUESTS(r) == 0)

/* Front end: responses pushed and not yet read. */
#define XEN_RING_NR_UNCONSUMED_RESPONSES(r)                                    \
    xen_ring_pending((r)->sring->rsp_prod, (r)->rsp_cons)

/*
 * Back end: requests pushed and not yet read, capped by the free
 * response slots, so that a front end that pushes more than the ring
 * holds cannot make the back end overrun its responses.
 */
#define XEN_RING_NR_UNCONSUMED_REQUESTS(r)                                     \
    xen_ring_min_idx(xen_ring_pending((r)->sring->req_prod, (r)->req_cons),    \
                     RING_SIZE(r) -                                            \
                         xen_ring_pending((r)->req_cons, (r)->rsp_prod_pvt))

static inline RING_IDX xen_ring_min_idx(RING_IDX a, RING_IDX b)
{
    return a < b ? a : b;
}

#define RING_HAS_UNCONSUMED_RESPONSES(r) XEN_RING_NR_UNCONSUMED_RESPONSES(r)
#define RING_HAS_UNCONSUMED_REQUESTS(r) XEN_RING_NR_UNCONSUMED_REQUESTS(r)

/* A slot by free-running index. */
#define RING_GET_REQUEST(r, idx)                                               \
    (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].req))
#define RING_GET_RESPONSE(r, idx)                                              \
    (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].rsp))

/* Back end: did the front end reuse the slot of request cons too soon? */
#define RING_REQUEST_CONS_OVERFLOW(r, cons)                                    \
    (xen_ring_pending((cons), (r)->rsp_prod_pvt) >= RING_SIZE(r))
/* Back end: is prod (read from the header) beyond what the ring holds? */
#define RING_REQUEST_PROD_OVERFLOW(r, prod)                                    \
    (xen_ring_pending((prod), (r)->rsp_prod_pvt) > RING_SIZE(r))

/* Publish private requests/responses, no notification question asked. */
#define RING_PUSH_REQUESTS(r)                                                  \
    do {                                                                       \
        xen_wmb(); /* slots before the index */                                \
        (r)->sring->req_prod = (r)->req_prod_pvt;                              \
    } while (0)
#define RING_PUSH_RESPONSES(r)                                                 \
    do {                                                                       \
        xen_wmb();                                                             \
        (r)->sring->rsp_prod = (r)->rsp_prod_pvt;                              \
    } while (0)

/*
 * Publish, then set notify to whether the peer asked for an event in
 * the range just pushed. The full fence orders the index store before
 * the event-index load: the peer's final check does the mirror image.
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify)                         \
    do {                                                                       \
        RING_IDX old_ = (r)->sring->req_prod;                                  \
        RING_IDX new_ = (r)->req_prod_pvt;                                     \
        xen_wmb();                                                             \
        (r)->sring->req_prod = new_;                                           \
        xen_mb();                                                              \
        (notify) = xen_ring_need_notify(old_, new_, (r)->sring->req_event);    \
    } while (0)
#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify)                        \
    do {                                                                       \
        RING_IDX old_ = (r)->sring->rsp_prod;                                  \
        RING_IDX new_ = (r)->rsp_prod_pvt;                                     \
        xen_wmb();                                                             \
        (r)->sring->rsp_prod = new_;                                           \
        xen_mb();                                                              \
        (notify) = xen_ring_need_notify(old_, new_, (r)->sring->rsp_event);    \
    } while (0)

/*
 * Before sleeping: if nothing is pending, ask for an event on the next
 * message, then look once more; work_to_do is true if there is work.
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(r, work_to_do)                           \
    do {                                                                       \
        (work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(r);                        \
        if (work_to_do)                                                        \
            break;                                                             \
        (r)->sring->req_event = (r)->req_cons + 1;                             \
        xen_mb();                                                              \
        (work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(r);                        \
    } while (0)
#define RING_FINAL_CHECK_FOR_RESPONSES(r, work_to_do)                          \
    do {                                                                       \
        (work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(r);                       \
        if (work_to_do)                                                        \
            break;                                                             \
        (r)->sring->rsp_event = (r)->rsp_cons + 1;                             \
        xen_mb();                                                              \
        (work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(r);                       \
    } while (0)

/* The header's layout, pinned through a ring of 4-byte slots. */
DEFINE_RING_TYPES(xen_ring_layout, uint32_t, uint32_t);

#include "../abi_check.h"
XEN_ABI_CHECK_OFFSET(struct xen_ring_layout_sring, req_prod, 0);
XEN_ABI_CHECK_OFFSET(struct xen_ring_layout_sring, req_event, 4);
XEN_ABI_CHECK_OFFSET(struct xen_ring_layout_sring, rsp_prod, 8);
XEN_ABI_CHECK_OFFSET(struct xen_ring_layout_sring, rsp_event, 12);
XEN_ABI_CHECK_OFFSET(struct xen_ring_layout_sring, pvt, 16);
XEN_ABI_CHECK_OFFSET(struct xen_ring_layout_sring, __pad, 20);
XEN_ABI_CHECK_OFFSET(struct xen_ring_layout_sring, ring, XEN_RING_HEADER_BYTES);
/* 1008 slots of 4 bytes fit after the header: rounded down to 512. */
_Static_assert(__CONST_RING_SIZE(xen_ring_layout, 4096) == 512,
               "slot count rounds down to a power of 2");

#endif
