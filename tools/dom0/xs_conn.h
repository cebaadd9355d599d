/*
 * One domain's connection to dom0's store: its store page (the two rings
 * of public/io/xs_wire.h) and the requests on it. xs_conn_serve() takes
 * whole requests off the request ring with the shared codec (lib/xs_ring.h,
 * lib/xs_codec.h), answers each through the store's function for its type
 * (xs_store.h) with the domain's id, and writes the replies and then the
 * domain's queued watch events to the response ring.
 *
 * Nothing on the page is trusted, and the work of one call is bounded:
 * - at most XS_CONN_BUDGET requests a call, so a flooding guest waits
 *   its turn and dom0 goes back to its other work;
 * - a malformed request gets an XS_ERROR reply (EINVAL; ENOSYS for a
 *   type no guest sends, EACCES for the toolstack's own requests);
 * - a reply that does not fit the response ring waits in the connection,
 *   and no further request is read until the guest has taken it;
 * - broken ring indices, or a header announcing more than a message can
 *   hold (after which the stream cannot be followed), cut the connection
 *   off: it is never read again.
 */
#ifndef DOM0_XS_CONN_H
#define DOM0_XS_CONN_H

#include "xs_store.h"

#include <lib/xs_ring.h>
#include <stdbool.h>
#include <stdint.h>

/* Requests answered per connection per call. */
#define XS_CONN_BUDGET 16

struct xs_conn {
    uint16_t domid;
    struct xenstore_domain_interface *intf;
    bool cut_off;
    struct xs_reader in;
    char out[XS_MSG_MAX]; /* a message partly on the response ring */
    size_t out_len, out_done;
    struct xs_reply reply;
};

void xs_conn_init(struct xs_conn *c, uint16_t domid,
                  struct xenstore_domain_interface *intf);

/*
 * Serves what waits on c's page, within the budget. Returns true when
 * the guest must be told (an index of either ring moved).
 */
bool xs_conn_serve(struct xs_store *s, struct xs_conn *c);

/* Whether c has requests left over by the budget that dom0 can serve
 * now: not when a reply waits for the guest to make room (the guest's
 * event says when), nor once c is cut off. */
bool xs_conn_busy(const struct xs_conn *c);

/*
 * The keys the toolstack writes for a new domain, as xl does, owned by
 * the domain and readable by it: its home /local/domain/<domid> with
 * domid, name, memory/target (KiB), store/port and store/ring-ref (the
 * page's frame). Returns NULL or the store's error.
 */
struct xs_domain_keys {
    uint16_t domid;
    const char *name;
    uint64_t target_kib;
    uint32_t store_port;
    uint64_t store_mfn;
};
const char *xs_conn_write_keys(struct xs_store *s,
                               const struct xs_domain_keys *k);

/* Removes /local/domain/<domid> and all under it. */
const char *xs_conn_remove_keys(struct xs_store *s, uint16_t domid);

#endif /* DOM0_XS_CONN_H */
