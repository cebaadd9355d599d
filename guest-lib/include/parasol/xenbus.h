/*
 * A xenbus client: the guest's side of xenstore, over the store page
 * (start_info.store_mfn) with Xen's wire format (public/io/xs_wire.h).
 *
 * One request at a time: each call sends a message, kicks the store
 * through the notify hook, and waits (the wait hook, e.g. blocking
 * until the store port fires) until the reply with its req_id comes
 * back. Watch events that arrive meanwhile are queued, up to
 * XENBUS_EVENTS_MAX (more are dropped and counted), and handed out by
 * xenbus_next_event.
 *
 * Errors are negative XEN_E* values: the store's XS_ERROR names
 * mapped through Xen's table (xsd_errors), -XEN_E2BIG for a request or
 * a reply that does not fit, -XEN_EIO for a broken ring or a reply
 * that breaks the protocol.
 */
#ifndef PARASOL_XENBUS_H
#define PARASOL_XENBUS_H

#include <lib/xs_ring.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XENBUS_EVENTS_MAX 4

/* A queued watch event, kept whole as it came off the ring. */
struct xenbus_event {
    uint32_t len;
    char payload[XENSTORE_PAYLOAD_MAX];
};

struct xenbus {
    struct xenstore_domain_interface *intf;
    void (*notify)(void *arg); /* tell the store the ring moved */
    void (*wait)(void *arg);   /* sleep until it may have moved */
    void *arg;
    uint32_t next_req_id;
    struct xs_reader reader;
    struct xenbus_event events[XENBUS_EVENTS_MAX];
    unsigned int events_head, events_count;
    unsigned long events_dropped;
};

/* Ready xb to talk over intf; the hooks are called with arg. */
void xenbus_init(struct xenbus *xb, struct xenstore_domain_interface *intf,
                 void (*notify)(void *), void (*wait)(void *), void *arg);

/*
 * Ready xb (static: it is about 20 KiB) for this domain's store, from
 * start_info: -XEN_ENOENT if there is none (as for dom0, on Xen too),
 * -XEN_EINVAL if store_mfn is not one of our frames.
 */
int xenbus_connect(struct xenbus *xb);

/* The value of path, up to size - 1 bytes, NUL-terminated in buf. */
int xenbus_read(struct xenbus *xb, uint32_t tx, const char *path, char *buf,
                size_t size, size_t *len);
int xenbus_write(struct xenbus *xb, uint32_t tx, const char *path,
                 const void *value, size_t len);
int xenbus_mkdir(struct xenbus *xb, uint32_t tx, const char *path);
int xenbus_rm(struct xenbus *xb, uint32_t tx, const char *path);

/*
 * The children of path as NUL-terminated names one after the other in
 * buf[size]; their number in *count.
 */
int xenbus_directory(struct xenbus *xb, uint32_t tx, const char *path,
                     char *buf, size_t size, unsigned int *count);

int xenbus_watch(struct xenbus *xb, const char *path, const char *token);
int xenbus_unwatch(struct xenbus *xb, const char *path, const char *token);

/*
 * The oldest watch event, waiting for one if block: its path and
 * token, each NUL-terminated, in bufs of path_size and token_size.
 * -XEN_EAGAIN if none and !block.
 */
int xenbus_next_event(struct xenbus *xb, bool block, char *path,
                      size_t path_size, char *token, size_t token_size);

/* Start a transaction: its id in *tx. End commits it (or aborts). */
int xenbus_transaction_start(struct xenbus *xb, uint32_t *tx);
int xenbus_transaction_end(struct xenbus *xb, uint32_t tx, bool commit);

#endif
