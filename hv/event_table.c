/*
 * The per-domain port tables (hv/event_table.h): buckets of ports
 * allocated as a domain needs them, the search for a free port, the
 * domain's port limit, and the 'e' debug key, which prints every port
 * of every domain.
 */
#include <hv/errno.h>
#include <hv/event_2l.h>
#include <hv/event_table.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/spinlock.h>

BUILD_BUG_ON(EVTCHN_MAX_PORTS % EVTCHN_BUCKET_PORTS != 0);

/* Every domain's table (evtchn_link_lock), for the 'e' debug key. */
static struct list_node tables = LIST_HEAD_INIT(tables);

struct evtchn *evtchn_port_entry(struct domain *d, evtchn_port_t port)
{
    struct evtchn_table *t = d->evtchn;

    if (!t || port >= t->valid)
        return NULL;
    return &t->bucket[port / EVTCHN_BUCKET_PORTS][port % EVTCHN_BUCKET_PORTS];
}

/* One more bucket at the end of t: 0 or -ENOMEM. */
static int add_bucket(struct evtchn_table *t)
{
    struct evtchn *b = xzalloc(EVTCHN_BUCKET_PORTS * sizeof(*b));

    if (!b)
        return -ENOMEM;
    t->bucket[t->valid / EVTCHN_BUCKET_PORTS] = b;
    t->valid += EVTCHN_BUCKET_PORTS;
    return 0;
}

long evtchn_get_free_port(struct domain *d)
{
    struct evtchn_table *t = d->evtchn;
    evtchn_port_t port;
    int err;

    if (!t)
        return -EINVAL;
    for (port = 1; port < t->valid; port++) {
        if (port > t->max_port)
            return -ENOSPC;
        if (evtchn_port_entry(d, port)->state == ECS_FREE)
            return port;
    }
    if (port >= EVTCHN_MAX_PORTS || port > t->max_port)
        return -ENOSPC;
    err = add_bucket(t);
    return err ? err : (long)port;
}

bool evtchn_virq_is_per_vcpu(unsigned int virq)
{
    switch (virq) {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return true;
    default:
        return false;
    }
}

void evtchn_table_list_add(struct evtchn_table *t)
{
    list_add_tail(&t->link, &tables);
}

void evtchn_table_list_del(struct evtchn_table *t)
{
    list_del(&t->link);
}

int evtchn_domain_init(struct domain *d)
{
    struct evtchn_table *t = xzalloc(sizeof(*t));
    unsigned long flags;

    if (!t)
        return -ENOMEM;
    t->domain = d;
    t->max_port = EVTCHN_MAX_PORTS - 1;
    if (add_bucket(t)) {
        xfree(t);
        return -ENOMEM;
    }
    t->bucket[0][0].state = ECS_RESERVED;
    d->evtchn = t;
    flags = spin_lock_irqsave(&evtchn_link_lock);
    evtchn_table_list_add(t);
    spin_unlock_irqrestore(&evtchn_link_lock, flags);
    return 0;
}

/* Called by evtchn_domain_destroy() once every link is broken. */
void evtchn_table_free(struct evtchn_table *t)
{
    for (unsigned int b = 0; b < EVTCHN_NR_BUCKETS; b++)
        xfree(t->bucket[b]);
    xfree(t);
}

void evtchn_set_max_port(struct domain *d, uint32_t max_port)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);

    if (d->evtchn)
        d->evtchn->max_port = MIN(max_port, (uint32_t)EVTCHN_MAX_PORTS - 1);
    spin_unlock_irqrestore(&d->event_lock, flags);
}

/* ---- The 'e' debug key. ---- */

static const char *const state_names[] = {
    [ECS_FREE] = "free",       [ECS_RESERVED] = "reserved",
    [ECS_UNBOUND] = "unbound", [ECS_INTERDOMAIN] = "interdomain",
    [ECS_VIRQ] = "virq",       [ECS_IPI] = "ipi",
};

static void dump_port(struct domain *d, evtchn_port_t port,
                      const struct evtchn *chn)
{
    char what[32] = "";

    if (chn->state == ECS_INTERDOMAIN)
        snprintf(what, sizeof(what), " peer d%u:%u",
                 (unsigned int)chn->remote_dom->domain_id,
                 (unsigned int)chn->u.remote_port);
    else if (chn->state == ECS_UNBOUND)
        snprintf(what, sizeof(what), " for d%u",
                 (unsigned int)chn->u.remote_domid);
    else if (chn->state == ECS_VIRQ)
        snprintf(what, sizeof(what), " virq %u", (unsigned int)chn->u.virq);
    pr_info("  port %4u: %-11s%s vcpu %u pending %d masked %d\n", port,
            state_names[chn->state], what, (unsigned int)chn->notify_vcpu,
            evtchn_2l_is_pending(d->shared_info, port),
            evtchn_2l_is_masked(d->shared_info, port));
}

static void dump_table(struct evtchn_table *t)
{
    struct domain *d = t->domain;
    unsigned int used = 0;

    spin_lock(&d->event_lock);
    for (evtchn_port_t port = 1; port < t->valid; port++)
        used += evtchn_in_use(evtchn_port_entry(d, port));
    pr_info("d%u: ports in use %u, valid %u, max port %u\n",
            (unsigned int)d->domain_id, used, t->valid, t->max_port);
    for (evtchn_port_t port = 1; port < t->valid; port++) {
        const struct evtchn *chn = evtchn_port_entry(d, port);

        if (evtchn_in_use(chn))
            dump_port(d, port, chn);
    }
    spin_unlock(&d->event_lock);
}

void evtchn_dump_all(void)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_link_lock);

    pr_info("event channels:\n");
    list_for_each (pos, &tables)
        dump_table(list_entry(pos, struct evtchn_table, link));
    spin_unlock_irqrestore(&evtchn_link_lock, flags);
}
