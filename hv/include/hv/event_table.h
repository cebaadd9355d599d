/*
 * A domain's table of event-channel ports, private to the event-channel
 * code (event_channel.c, event_table.c): what each port is bound to, and
 * how the table grows.
 *
 * As on Xen, ports come in buckets of EVTCHN_BUCKET_PORTS, allocated as
 * the domain needs them and kept until it is destroyed. A port is valid
 * only inside the buckets allocated so far: a guest asking about a port
 * beyond them (status, unmask, poll, ...) gets -EINVAL, as on Xen 4.17
 * (measured by test_evtchn), and a domain that binds few ports costs
 * one small bucket, not the whole 4096-port table.
 *
 * Locking: the domain's event_lock guards its table's entries and
 * 'valid'; evtchn_link_lock guards the list of tables (event_channel.c
 * gives the order).
 */
#ifndef HV_EVENT_TABLE_H
#define HV_EVENT_TABLE_H

#include <hv/domain.h>
#include <hv/event.h>
#include <hv/list.h>

#define EVTCHN_BUCKET_PORTS 64
#define EVTCHN_NR_BUCKETS (EVTCHN_MAX_PORTS / EVTCHN_BUCKET_PORTS)

enum evtchn_state {
    ECS_FREE,        /* not in use (zeroed entries are free) */
    ECS_RESERVED,    /* port 0: never allocated */
    ECS_UNBOUND,     /* allocated, waiting for u.remote_domid to link */
    ECS_INTERDOMAIN, /* linked to port u.remote_port of remote_dom */
    ECS_VIRQ,        /* raised by the hypervisor for VIRQ u.virq */
    ECS_IPI,         /* raised by the domain's own vCPUs */
};

/* One port. Guarded by its domain's event_lock; a linked peer also reads
 * notify_vcpu under its own lock, so that field is written atomically. */
struct evtchn {
    uint8_t state;       /* enum evtchn_state */
    uint8_t notify_vcpu; /* whose vcpu_info the upcall goes to */
    union {
        uint16_t virq;        /* ECS_VIRQ */
        domid_t remote_domid; /* ECS_UNBOUND: the domain that may link */
        uint16_t remote_port; /* ECS_INTERDOMAIN: the other end */
    } u;
    struct domain *remote_dom; /* ECS_INTERDOMAIN: the other end's domain */
};

struct evtchn_table {
    struct domain *domain;
    struct list_node link; /* on the list of every table (link lock) */
    unsigned int valid;    /* ports in the buckets allocated so far */
    unsigned int max_port; /* the highest port the domain may allocate */
    struct evtchn *bucket[EVTCHN_NR_BUCKETS];
};

/* Port's entry in d's table, or NULL if the port is not valid (beyond
 * the buckets allocated). d's event_lock held. */
struct evtchn *evtchn_port_entry(struct domain *d, evtchn_port_t port);

/*
 * The lowest free port of d, allocating a bucket if every valid port is
 * in use: the port, -ENOSPC (no port up to max_port, or all 4095 in
 * use), -ENOMEM, or -EINVAL if d is dying. d's event_lock held.
 */
long evtchn_get_free_port(struct domain *d);

/* Does the entry hold a binding a guest may close? */
static inline bool evtchn_in_use(const struct evtchn *chn)
{
    return chn->state != ECS_FREE && chn->state != ECS_RESERVED;
}

/* Per-vCPU VIRQs are bound on each vCPU apart; the others (global and
 * per-domain ones) only once, on vCPU 0. As on Xen, x86's arch VIRQs
 * are global. */
bool evtchn_virq_is_per_vcpu(unsigned int virq);

/* Guards the links between ports of two domains and the list of tables
 * (event_channel.c explains the lock order). */
extern spinlock_t evtchn_link_lock;

/* Free t and its buckets; every link to its ports already broken. */
void evtchn_table_free(struct evtchn_table *t);

/* Add t to the list of tables, or take it off (the link lock held). */
void evtchn_table_list_add(struct evtchn_table *t);
void evtchn_table_list_del(struct evtchn_table *t);

#endif
