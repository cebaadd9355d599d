/*
 * The credit scheduler's policy: who runs next, for how long, and how
 * CPU time is shared out among domains by weight and cap (Xen's credit
 * scheduler semantics). Pure bookkeeping with no arch and no clock: the
 * caller passes the time in, so the host tests drive it directly.
 *
 * Credit is CPU time, counted here in nanoseconds (Xen counts it in
 * credits of 100 us; the debug dump converts). Every accounting period
 * (one time slice, 30 ms by default) each active vCPU (found running at
 * one of the period's ticks, or waiting to run) is given its share of
 * the period times the number of CPUs, in proportion to its domain's
 * weight; a running vCPU burns credit as it runs. A vCPU with credit left
 * is UNDER, one that overdrew is OVER; one just woken from a block with
 * credit left is BOOSTed until its next tick, so an interactive vCPU
 * preempts a spinner at once. Each CPU's run queue is ordered by
 * priority, first in first out within one.
 *
 * A cap (percent of one CPU, 0 for none) bounds the CPU time a domain
 * may use in one period: once its vCPUs used it, the domain is parked
 * (none of its vCPUs is picked) until the next accounting.
 *
 * Locking: the caller holds one lock for all of this state (sched.c's
 * sched_lock): the accounting walks every domain, whatever its CPU.
 */
#ifndef HV_SCHED_CREDIT_H
#define HV_SCHED_CREDIT_H

#include <hv/list.h>
#include <hv/types.h>
#include <public/sysctl.h>

#define CSCHED_DEFAULT_WEIGHT 256
#define CSCHED_DEFAULT_TSLICE_MS 30
#define CSCHED_DEFAULT_RATELIMIT_US 1000
/* A slice is accounted in this many ticks (Xen: 10 ms ticks in 30 ms). */
#define CSCHED_TICKS_PER_TSLICE 3
/* Xen's unit of credit, for the dump: 10 credits a millisecond. */
#define CSCHED_NS_PER_CREDIT 100000
/* A cap of this value in a put leaves the cap as it is (Xen's ~0). */
#define CSCHED_CAP_KEEP 0xffff

enum csched_pri {
    CSCHED_PRI_IDLE = -64,
    CSCHED_PRI_OVER = -2,  /* overdrew its credit */
    CSCHED_PRI_UNDER = -1, /* has credit left */
    CSCHED_PRI_BOOST = 0,  /* woken from a block with credit left */
};

/* The scheduler as a whole. */
struct csched {
    struct list_node domains;   /* every csched_dom */
    unsigned int nr_cpus;       /* CPUs whose time is shared out */
    uint64_t tslice_ns;         /* slice, and accounting period */
    uint64_t ratelimit_ns;      /* least run before preemption; 0 = none */
    unsigned int migr_delay_us; /* kept for the sysctl; one CPU ignores it */
};

/* One domain's share. */
struct csched_dom {
    struct list_node link;  /* on csched.domains */
    struct list_node vcpus; /* its csched_vcpus */
    unsigned int weight;    /* 1..65535 */
    unsigned int cap;       /* percent of one CPU; 0 = no cap */
    uint64_t cap_used_ns;   /* CPU time used this period */
    bool parked;            /* used its cap: none of its vCPUs runs */
};

struct csched_cpu;

/* One vCPU's credit and place. */
struct csched_vcpu {
    struct list_node dom_link;  /* on its csched_dom.vcpus */
    struct list_node runq_link; /* on its CPU's runq while queued */
    struct csched_dom *dom;
    struct csched_cpu *cpu; /* the CPU whose queue it joins */
    int64_t credit;         /* ns of CPU time left; < 0: overdrawn */
    int pri;                /* enum csched_pri */
    bool runnable;          /* as told by wake and sleep */
    bool queued;            /* on cpu->runq */
    bool yielding;          /* goes behind one lower priority vCPU */
    bool active;            /* seen running at a tick this period */
    uint64_t burnt_to;      /* its running is charged up to here */
};

/* One CPU's run queue. */
struct csched_cpu {
    struct csched *sched;
    struct list_node runq;    /* waiting vCPUs, by priority, FIFO */
    struct csched_vcpu *curr; /* running vCPU, NULL when idle */
    uint64_t curr_since;      /* when curr came on the CPU */
};

/* What to run next: a vCPU until 'until', or idle (NULL, until 0). */
struct csched_choice {
    struct csched_vcpu *next;
    uint64_t until;
};

void csched_init(struct csched *s, unsigned int nr_cpus);
void csched_cpu_init(struct csched *s, struct csched_cpu *c);
/* A new domain: default weight, no cap. */
void csched_dom_init(struct csched *s, struct csched_dom *d);
/* Forget a domain that has no vCPU left. */
void csched_dom_remove(struct csched_dom *d);
/* A new vCPU of d, not runnable, on CPU c. */
void csched_vcpu_init(struct csched_dom *d, struct csched_vcpu *sv,
                      struct csched_cpu *c);
/* Forget a vCPU that is not running. */
void csched_vcpu_remove(struct csched_vcpu *sv);

/*
 * sv became runnable: queue it (BOOSTed if it has credit left). True if
 * its CPU should reschedule (it is idle, or sv outranks its vCPU).
 */
bool csched_wake(struct csched_vcpu *sv);
/* sv is no longer runnable: unqueue it. True if it is running (its CPU
 * must reschedule). */
bool csched_sleep(struct csched_vcpu *sv);
/* sv gives way: at its next schedule it goes behind one vCPU of lower
 * priority, and the rate limit does not keep it. */
void csched_yield(struct csched_vcpu *sv);

/* Charge c's running vCPU, requeue it if still runnable, pick the next. */
struct csched_choice csched_schedule(struct csched_cpu *c, uint64_t now);
/*
 * A tick on c: charge its running vCPU, end its BOOST, and when
 * 'account' (once a period, on one CPU) share out the next period's
 * credit. True if c should reschedule.
 */
bool csched_tick(struct csched_cpu *c, uint64_t now, bool account);
/* Share out one period's credit among the active vCPUs; unpark. */
void csched_account(struct csched *s);
/* The tick period (a third of the slice, the slice if under 3 ms). */
uint64_t csched_tick_ns(const struct csched *s);
/* Is some domain parked (so the ticks must go on even when idle)? */
bool csched_any_parked(const struct csched *s);

/* Domain parameters, as XEN_DOMCTL_SCHEDOP_putinfo takes them: weight
 * 0 and cap CSCHED_CAP_KEEP leave the value as it is. */
void csched_dom_set(struct csched_dom *d, unsigned int weight,
                    unsigned int cap);
/* Scheduler parameters, as XEN_SYSCTL_SCHEDOP_putinfo takes them:
 * -EINVAL (Xen's checks) or 0. */
int csched_params_set(struct csched *s, unsigned int tslice_ms,
                      unsigned int ratelimit_us, unsigned int migr_delay_us);

#endif
