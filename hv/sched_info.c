/*
 * What the scheduler tells the rest of the hypervisor: each vCPU's and
 * domain's CPU time (getdomaininfo, getvcpuinfo), the credit parameters
 * of domains and of the scheduler (the domctl and sysctl
 * scheduler_op), and the run queues for the debug key 'r'.
 */
#include <hv/domain.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/time.h>

#include "sched_internal.h"

/* ---- CPU time. ---- */

uint64_t sched_vcpu_cpu_time(const struct vcpu *v)
{
    uint64_t t = v->runstate_time[RUNSTATE_running];
    uint64_t now = now_ns();

    if (v->runstate == RUNSTATE_running && now > v->runstate_entry_time)
        t += now - v->runstate_entry_time;
    return t;
}

uint64_t sched_domain_cpu_time(const struct domain *d)
{
    uint64_t t = 0;

    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            t += sched_vcpu_cpu_time(d->vcpu[i]);
    return t;
}

/* ---- Parameters. ---- */

void sched_credit_get(const struct domain *d, uint16_t *weight, uint16_t *cap)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    *weight = (uint16_t)d->sched.weight;
    *cap = (uint16_t)d->sched.cap;
    spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_credit_put(struct domain *d, uint16_t weight, uint16_t cap)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    csched_dom_set(&d->sched, weight, cap);
    spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_params_get(uint32_t *tslice_ms, uint32_t *ratelimit_us,
                      uint32_t *migr_delay_us)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    *tslice_ms = (uint32_t)(sched_policy.tslice_ns / NS_PER_MS);
    *ratelimit_us = (uint32_t)(sched_policy.ratelimit_ns / NS_PER_US);
    *migr_delay_us = sched_policy.migr_delay_us;
    spin_unlock_irqrestore(&sched_lock, flags);
}

int sched_params_put(uint32_t tslice_ms, uint32_t ratelimit_us,
                     uint32_t migr_delay_us)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    int rc = csched_params_set(&sched_policy, tslice_ms, ratelimit_us,
                               migr_delay_us);

    spin_unlock_irqrestore(&sched_lock, flags);
    return rc;
}

/* ---- The 'r' debug key. ---- */

static const char *const runstate_names[] = {
    [RUNSTATE_running] = "running",
    [RUNSTATE_runnable] = "runnable",
    [RUNSTATE_blocked] = "blocked",
    [RUNSTATE_offline] = "offline",
};

static const char *pri_name(int pri)
{
    switch (pri) {
    case CSCHED_PRI_BOOST:
        return "BOOST";
    case CSCHED_PRI_UNDER:
        return "UNDER";
    case CSCHED_PRI_OVER:
        return "OVER";
    default:
        return "?";
    }
}

/* One vCPU: its credit in Xen's units (100 us). */
static void dump_vcpu(const char *indent, struct vcpu *v)
{
    pr_info("%sd%uv%u credit %ld pri %s %s%s\n", indent, v->domain->domain_id,
            v->vcpu_id, (long)(v->sched.credit / CSCHED_NS_PER_CREDIT),
            pri_name(v->sched.pri), runstate_names[v->runstate],
            v->domain->sched.parked ? " parked" : "");
}

static void dump_cpu(struct percpu *cpu)
{
    struct csched_cpu *c = &cpu->sched;
    struct vcpu *v = c->curr ? sched_vcpu_of(c->curr) : NULL;

    if (v)
        pr_info("cpu %u runs d%uv%u, run queue%s\n", cpu->cpu_id,
                v->domain->domain_id, v->vcpu_id,
                list_empty(&c->runq) ? " empty" : ":");
    else
        pr_info("cpu %u runs idle, run queue%s\n", cpu->cpu_id,
                list_empty(&c->runq) ? " empty" : ":");
    list_for_each (pos, &c->runq)
        dump_vcpu("    ", sched_vcpu_of(
                              list_entry(pos, struct csched_vcpu, runq_link)));
}

void sched_dump(void)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    pr_info("scheduler: credit, slice %lu ms, rate limit %lu us\n",
            (unsigned long)(sched_policy.tslice_ns / NS_PER_MS),
            (unsigned long)(sched_policy.ratelimit_ns / NS_PER_US));
    dump_cpu(this_cpu());
    pr_info("domains:\n");
    list_for_each (pos, &sched_policy.domains) {
        struct csched_dom *sd = list_entry(pos, struct csched_dom, link);

        pr_info("  d%u: weight %u cap %u%s\n",
                container_of(sd, struct domain, sched)->domain_id, sd->weight,
                sd->cap, sd->parked ? " (parked)" : "");
        list_for_each (vpos, &sd->vcpus)
            dump_vcpu("    ", sched_vcpu_of(list_entry(vpos, struct csched_vcpu,
                                                       dom_link)));
    }
    spin_unlock_irqrestore(&sched_lock, flags);
}
