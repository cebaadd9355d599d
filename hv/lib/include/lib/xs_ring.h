/*
 * Byte-stream I/O on the xenstore page (public/io/xs_wire.h): copy
 * into and out of its two 1 KiB rings with free-running indices, and
 * gather whole messages from the stream. The guest's client writes
 * req and reads rsp; dom0's store does the opposite, with the same
 * functions (hv/lib/xs_ring.c).
 *
 * The peer owns the other index and may scribble on it: a producer
 * more than XENSTORE_RING_SIZE ahead of its consumer is a broken ring
 * (-XEN_EIO), never a reason to read or write out of bounds.
 */
#ifndef LIB_XS_RING_H
#define LIB_XS_RING_H

#include <stddef.h>
#include <stdint.h>

#include <lib/xs_codec.h>

/* One direction of the page: its ring and the indices that guard it. */
struct xs_ring {
    char *buf; /* XENSTORE_RING_SIZE bytes */
    XENSTORE_RING_IDX *cons, *prod;
};

/* The request ring (guest -> store) and response ring of a page. */
struct xs_ring xs_ring_req(struct xenstore_domain_interface *intf);
struct xs_ring xs_ring_rsp(struct xenstore_domain_interface *intf);

/*
 * Producer side: copy up to len bytes of data (as many as fit), then
 * publish them; returns the count, or -XEN_EIO for broken indices.
 */
int xs_ring_write(const struct xs_ring *r, const void *data, size_t len);

/*
 * Consumer side: copy up to len available bytes out, then release
 * them; returns the count, or -XEN_EIO for broken indices.
 */
int xs_ring_read(const struct xs_ring *r, void *data, size_t len);

/* Bytes waiting to be read, or -XEN_EIO for broken indices. */
int xs_ring_used(const struct xs_ring *r);

/* Gathers one message at a time from a ring's byte stream. */
struct xs_reader {
    size_t have; /* bytes of the current message so far */
    char buf[XS_MSG_MAX];
};

/*
 * Read from r until the message in rd is whole: returns 1 with hdr
 * and payload (inside rd) set, 0 if the ring ran dry first, or an
 * error: -XEN_E2BIG for a header with an oversize len (the stream
 * cannot be resynchronised after it), -XEN_EIO for broken indices.
 * Call xs_reader_next() once a whole message has been used.
 */
int xs_reader_poll(struct xs_reader *rd, const struct xs_ring *r,
                   struct xsd_sockmsg *hdr, const char **payload);
void xs_reader_next(struct xs_reader *rd);

#endif
