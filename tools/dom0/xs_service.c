/*
 * dom0's store service (xs_service.h): the glue between the store
 * connections and dom0's hypercalls. Everything a guest can influence is
 * handled in xs_conn.c; here are the slots, the mappings and the ports.
 */
#include "xs_service.h"

#include "toolstack.h"
#include "xc.h"
#include "xs_heap.h"

#include <parasol/events.h>
#include <parasol/guest.h>

/* The store's memory: room for every domain's quota of small nodes many
 * times over; when spent, requests get ENOMEM. */
#define STORE_ARENA_SIZE (4UL * 1024 * 1024)
#define DOM0_HOME "/local/domain/0"

_Static_assert(XC_STORE_PAGES >= TOOLSTACK_DOMAINS_MAX,
               "a store page for every domain the toolstack holds");

struct slot {
    bool used;
    evtchn_port_t local; /* dom0's end of the domain's store port */
    struct xs_conn conn;
};

static uint8_t arena[STORE_ARENA_SIZE];
static struct xs_heap heap;
static struct xs_store store;
static bool store_ready;
static struct slot slots[XC_STORE_PAGES];
static struct xs_reply discarded;
/* Set by a store event or by work left over; cleared by the poll. */
static volatile bool kicked;

static void store_event(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
    kicked = true;
}

static int ready(void)
{
    struct xs_allocator mem;

    if (store_ready)
        return 0;
    xs_heap_init(&heap, arena, sizeof(arena));
    mem = xs_heap_allocator(&heap);
    if (xs_store_init(&store, &mem))
        return -XEN_ENOMEM;
    /* dom0's own home, as xl's: dom0's alone. */
    if (xs_write(&store, XS_DOMID_PRIV, 0, DOM0_HOME "/name",
                 TOOLSTACK_DOM0_NAME, sizeof(TOOLSTACK_DOM0_NAME) - 1,
                 &discarded) ||
        xs_write(&store, XS_DOMID_PRIV, 0, DOM0_HOME "/domid", "0", 1,
                 &discarded)) {
        xs_store_fini(&store);
        return -XEN_ENOMEM;
    }
    store_ready = true;
    return 0;
}

static struct slot *find(domid_t domid)
{
    for (unsigned i = 0; i < XC_STORE_PAGES; i++) {
        if (slots[i].used && slots[i].conn.domid == domid)
            return &slots[i];
    }
    return NULL;
}

static struct slot *free_slot(void)
{
    for (unsigned i = 0; i < XC_STORE_PAGES; i++) {
        if (!slots[i].used)
            return &slots[i];
    }
    return NULL;
}

static unsigned index_of(const struct slot *s)
{
    return (unsigned)(s - slots);
}

/* Dom0's end of the domain's port, with its handler, unmasked. The bind
 * itself raises an event on it, so events wait until the handler is in
 * place. */
static int bind(const struct xs_domain_keys *k, evtchn_port_t *local)
{
    bool enabled = events_save_disable();
    int port = evtchn_bind_interdomain(k->domid, k->store_port), rc;

    if (port < 0) {
        events_restore(enabled);
        return port;
    }
    rc = evtchn_register((evtchn_port_t)port, store_event, NULL);
    if (rc == 0)
        rc = evtchn_unmask((evtchn_port_t)port);
    if (rc < 0) {
        evtchn_register((evtchn_port_t)port, NULL, NULL);
        evtchn_close((evtchn_port_t)port);
        events_restore(enabled);
        return rc;
    }
    *local = (evtchn_port_t)port;
    events_restore(enabled);
    return 0;
}

static void unbind(evtchn_port_t local)
{
    evtchn_register(local, NULL, NULL);
    evtchn_close(local);
}

int xs_service_introduce(const struct xs_domain_keys *k)
{
    struct slot *s = free_slot();
    void *page;
    int rc = ready();

    if (rc)
        return rc;
    if (!s || find(k->domid))
        return s ? -XEN_EEXIST : -XEN_ENOSPC;
    rc = xc_map_store(k->domid, k->store_mfn, index_of(s), &page);
    if (rc)
        return rc;
    rc = bind(k, &s->local);
    if (rc) {
        xc_unmap_store(index_of(s));
        return rc;
    }
    xs_conn_init(&s->conn, k->domid, page);
    if (xs_conn_write_keys(&store, k) ||
        xs_introduce(&store, XS_DOMID_PRIV, k->domid, &discarded)) {
        xs_conn_remove_keys(&store, k->domid);
        unbind(s->local);
        xc_unmap_store(index_of(s));
        return -XEN_ENOMEM;
    }
    s->used = true;
    /* The guest may have written before dom0 was bound. */
    kicked = true;
    return 0;
}

void xs_service_release(domid_t domid)
{
    struct slot *s = find(domid);

    if (!s)
        return;
    unbind(s->local);
    xc_unmap_store(index_of(s));
    xs_release(&store, XS_DOMID_PRIV, domid, &discarded);
    xs_conn_remove_keys(&store, domid);
    s->used = false;
}

bool xs_service_pending(void)
{
    return kicked;
}

void xs_service_poll(void)
{
    bool again = false;

    kicked = false;
    for (unsigned i = 0; i < XC_STORE_PAGES; i++) {
        struct slot *s = &slots[i];

        if (!s->used)
            continue;
        if (xs_conn_serve(&store, &s->conn)) {
            evtchn_send(s->local);
            /* Its requests may have queued events for any domain. */
            again = true;
        }
        again = again || xs_conn_busy(&s->conn);
    }
    if (again)
        kicked = true;
}
