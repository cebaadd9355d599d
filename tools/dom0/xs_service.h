/*
 * dom0's store service: the store (xs_store.h) on a heap of its own, and
 * a connection (xs_conn.h) for each domain dom0 introduced, through the
 * domain's store page mapped in dom0 and an event channel bound to the
 * domain's store port. The toolstack introduces a domain once it is
 * built, which writes its keys, and releases it before destroying it,
 * which removes them. dom0's main loop calls xs_service_poll() whenever
 * an event woke it.
 */
#ifndef DOM0_XS_SERVICE_H
#define DOM0_XS_SERVICE_H

#include "xs_conn.h"

#include <public/xen.h>
#include <stdbool.h>

/*
 * Serves the store of k->domid: maps its page (frame k->store_mfn),
 * binds to its port k->store_port, writes its keys and introduces it.
 * Returns 0 or a negative Xen errno (-XEN_ENOSPC: no free slot,
 * -XEN_ENOMEM: the store is full), with nothing left behind.
 */
int xs_service_introduce(const struct xs_domain_keys *k);

/* Stops serving domid and removes its keys; nothing if not served. */
void xs_service_release(domid_t domid);

/* Whether an event came, or work was left, since the last poll. */
bool xs_service_pending(void);

/* Serves every connection once, each within its budget, and notifies
 * the domains whose rings moved. */
void xs_service_poll(void);

#endif /* DOM0_XS_SERVICE_H */
