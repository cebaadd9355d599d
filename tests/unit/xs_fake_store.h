/*
 * An in-memory xenstore for host tests: it serves a store page with
 * the real wire format, through the same codec and ring helpers as the
 * guest's client, so the client can be tested before dom0 serves the
 * store. Small fixed tables; just enough semantics for the client's
 * tests (no permissions, transactions only counted).
 */
#ifndef XS_FAKE_STORE_H
#define XS_FAKE_STORE_H

#include <lib/xs_ring.h>
#include <stdbool.h>

#define FAKE_NODES 32
#define FAKE_WATCHES 8
#define FAKE_STR 256

struct fake_node {
    bool used;
    char path[FAKE_STR];
    char value[FAKE_STR];
    uint32_t len;
};

struct fake_watch {
    bool used;
    char path[FAKE_STR], token[FAKE_STR];
};

struct fake_store {
    struct xenstore_domain_interface *intf;
    struct xs_reader reader;
    struct fake_node nodes[FAKE_NODES];
    struct fake_watch watches[FAKE_WATCHES];
    uint32_t next_tx;
    int end_error;     /* errno XS_TRANSACTION_END answers, 0 for OK */
    unsigned requests; /* served so far */
    int broken;        /* last ring or protocol error seen */
};

void fake_store_init(struct fake_store *s,
                     struct xenstore_domain_interface *intf);
/* Serve every whole request waiting on the req ring. */
void fake_store_serve(struct fake_store *s);
/* Queue an event as the store would, e.g. when another domain writes. */
void fake_store_fire(struct fake_store *s, const char *path);

#endif
