/*
 * dom0's xenstore: the store itself, without the wire format or the rings.
 *
 * A request arrives already parsed, as (domid, tx_id, path, value), and
 * each request type has its own function below. Each answers NULL on
 * success, with the reply payload in a struct xs_reply, or the name of
 * one of Xen's xenstore errors ("ENOENT", "EACCES", ...), which the wire
 * layer sends as an XS_ERROR reply.
 *
 * The semantics follow Xen's xenstored (docs/misc/xenstore.txt):
 *  - paths are absolute (/a/b) or relative to the caller's home,
 *    /local/domain/<domid>; names use [A-Za-z0-9_-] and '@' only;
 *  - every node has a value, children and permissions; the first
 *    permission names the owner and the rights of every domain not listed;
 *    dom0 and the owner may do anything;
 *  - write and mkdir create missing parents, which inherit their parent's
 *    permissions, owned by the creator when it is not dom0;
 *  - watches fire for a path and its descendants; a transaction sees a
 *    snapshot and fails to commit with EAGAIN when a node it touched has
 *    changed since it began;
 *  - per-domain quotas (nodes, entry size, watches, transactions, queued
 *    events) bound what a guest can make dom0 hold. dom0 has no quota.
 *
 * All memory comes from the allocator given to xs_store_init(): dom0
 * passes its heap, the unit tests the host's malloc. Running out of it
 * answers "ENOMEM" and leaves the store as it was.
 */
#ifndef DOM0_XS_STORE_H
#define DOM0_XS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest payload of one message, as the wire protocol allows. */
#define XS_PAYLOAD_MAX 4096
/* Path lengths: a relative path, and an absolute one (home + relative). */
#define XS_REL_PATH_MAX 2048
#define XS_ABS_PATH_MAX 3072

/*
 * xenstored's default quotas, which apply to every domain but dom0, with
 * its way of counting: a watch or a transaction is refused once the
 * domain holds more than the quota (so it may hold one more), a node once
 * it owns the quota, and a node's record (see xs_entry_fits) must stay
 * below the entry size.
 */
#define XS_QUOTA_NODES 1000      /* nodes owned by one domain */
#define XS_QUOTA_ENTRY_SIZE 2048 /* bytes of one node's record */
#define XS_QUOTA_WATCHES 128     /* watches of one domain */
#define XS_QUOTA_TRANSACTIONS 10 /* open transactions of one domain */
#define XS_QUOTA_PERMS 5         /* permission entries of one node */
#define XS_QUOTA_TXN_NODES 1024  /* nodes one transaction may touch */
/* Parasol's own bound: watch events queued for one domain. */
#define XS_QUOTA_EVENTS 256

/* The privileged domain: the toolstack's, exempt from permissions. */
#define XS_DOMID_PRIV 0

/* Where the store's memory comes from. */
struct xs_allocator {
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
};

/* A successful reply's payload (the body of the wire message). */
struct xs_reply {
    uint32_t len;
    char data[XS_PAYLOAD_MAX];
};

struct xs_node;
struct xs_domain;

struct xs_store {
    struct xs_allocator mem;
    struct xs_node *root;      /* the committed tree */
    uint64_t generation;       /* last generation handed to a node */
    struct xs_domain *domains; /* introduced domains, dom0 first */
};

/* The store with its root "/" and dom0 connected; NULL or "ENOMEM". */
const char *xs_store_init(struct xs_store *s, const struct xs_allocator *mem);
/* Frees every node, domain, watch, transaction and queued event. */
void xs_store_fini(struct xs_store *s);

/* Reading and writing nodes. tx_id 0 is outside any transaction. */
const char *xs_read(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                    const char *path, struct xs_reply *r);
const char *xs_write(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                     const char *path, const void *value, uint32_t len,
                     struct xs_reply *r);
const char *xs_mkdir(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                     const char *path, struct xs_reply *r);
const char *xs_rm(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                  const char *path, struct xs_reply *r);
const char *xs_directory(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                         const char *path, struct xs_reply *r);

/*
 * Permissions as the wire carries them: strings "<r><domid>" with r one
 * of n (none), r (read), w (write), b (both), each ended by a nul.
 */
const char *xs_get_perms(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                         const char *path, struct xs_reply *r);
const char *xs_set_perms(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                         const char *path, const char *perms, uint32_t len,
                         struct xs_reply *r);

/* Watches, per connection (domain); the queued events are popped below. */
const char *xs_watch(struct xs_store *s, uint16_t domid, const char *path,
                     const char *token, struct xs_reply *r);
const char *xs_unwatch(struct xs_store *s, uint16_t domid, const char *path,
                       const char *token, struct xs_reply *r);
/*
 * Takes domid's oldest pending event as its payload "path\0token\0";
 * false when none is pending.
 */
bool xs_event_pop(struct xs_store *s, uint16_t domid, struct xs_reply *r);
/* Events dropped because domid's queue was full. */
unsigned xs_events_dropped(const struct xs_store *s, uint16_t domid);

/* Transactions: the reply of start is the new id as decimal text. */
const char *xs_transaction_start(struct xs_store *s, uint16_t domid,
                                 uint32_t tx_id, struct xs_reply *r);
/* commit is the payload's "T", abort its "F". */
const char *xs_transaction_end(struct xs_store *s, uint16_t domid,
                               uint32_t tx_id, const char *arg,
                               struct xs_reply *r);

/* Domains: the toolstack (dom0) introduces and releases them. */
const char *xs_introduce(struct xs_store *s, uint16_t caller, uint16_t domid,
                         struct xs_reply *r);
const char *xs_release(struct xs_store *s, uint16_t caller, uint16_t domid,
                       struct xs_reply *r);
const char *xs_get_domain_path(struct xs_store *s, uint16_t caller,
                               uint16_t domid, struct xs_reply *r);
/* Nodes owned by domid in the committed tree. */
unsigned xs_domain_nodes(const struct xs_store *s, uint16_t domid);

#endif
