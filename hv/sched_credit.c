/*
 * The credit scheduler's policy (see hv/include/hv/sched_credit.h): run
 * queues ordered by priority, credit burnt as vCPUs run, credit shared
 * out by weight once a period, caps enforced by parking.
 *
 * Every function runs under the caller's scheduler lock and is given the
 * time; none of them switches anything: sched.c does what they decide.
 */
#include <hv/errno.h>
#include <hv/sched_credit.h>
#include <hv/time.h>

/* The shortest slice the policy asks for: Xen never sets a timer
 * shorter than the least rate limit. */
#define MIN_SLICE_NS (XEN_SYSCTL_SCHED_RATELIMIT_MIN * NS_PER_US)

void csched_init(struct csched *s, unsigned int nr_cpus)
{
    list_init(&s->domains);
    s->nr_cpus = nr_cpus;
    s->tslice_ns = CSCHED_DEFAULT_TSLICE_MS * NS_PER_MS;
    s->ratelimit_ns = CSCHED_DEFAULT_RATELIMIT_US * NS_PER_US;
    s->migr_delay_us = 0;
}

void csched_cpu_init(struct csched *s, struct csched_cpu *c)
{
    c->sched = s;
    list_init(&c->runq);
    c->curr = NULL;
    c->curr_since = 0;
}

void csched_dom_init(struct csched *s, struct csched_dom *d)
{
    list_init(&d->vcpus);
    d->weight = CSCHED_DEFAULT_WEIGHT;
    d->cap = 0;
    d->cap_used_ns = 0;
    d->parked = false;
    list_add_tail(&d->link, &s->domains);
}

void csched_dom_remove(struct csched_dom *d)
{
    list_del(&d->link);
}

void csched_vcpu_init(struct csched_dom *d, struct csched_vcpu *sv,
                      struct csched_cpu *c)
{
    list_init(&sv->runq_link);
    sv->dom = d;
    sv->cpu = c;
    sv->credit = 0;
    sv->pri = CSCHED_PRI_UNDER;
    sv->runnable = false;
    sv->queued = false;
    sv->yielding = false;
    sv->active = false;
    sv->burnt_to = 0;
    list_add_tail(&sv->dom_link, &d->vcpus);
}

static void runq_remove(struct csched_vcpu *sv)
{
    if (!sv->queued)
        return;
    list_del(&sv->runq_link);
    sv->queued = false;
}

void csched_vcpu_remove(struct csched_vcpu *sv)
{
    runq_remove(sv);
    list_del(&sv->dom_link);
}

static struct csched_vcpu *runq_entry(struct list_node *n)
{
    return list_entry(n, struct csched_vcpu, runq_link);
}

/* Queue sv behind every vCPU of its priority or higher; a yielding vCPU
 * also goes behind the first one of lower priority, if there is one. */
static void runq_insert(struct csched_vcpu *sv)
{
    struct list_node *head = &sv->cpu->runq, *pos = head->next;

    while (pos != head && runq_entry(pos)->pri >= sv->pri)
        pos = pos->next;
    if (sv->yielding && pos != head)
        pos = pos->next;
    sv->yielding = false;
    list_add_tail(&sv->runq_link, pos);
    sv->queued = true;
}

/* Stable re-ordering by priority after the accounting changed some. */
static void runq_sort(struct csched_cpu *c)
{
    struct list_node old = c->runq;

    if (list_empty(&c->runq))
        return;
    /* Move the list onto a temporary head, then insert back in order. */
    old.next->prev = &old;
    old.prev->next = &old;
    list_init(&c->runq);
    list_for_each_safe (pos, tmp, &old) {
        struct csched_vcpu *sv = runq_entry(pos);

        list_del(pos);
        sv->queued = false;
        runq_insert(sv);
    }
}

static uint64_t cap_budget_ns(const struct csched *s,
                              const struct csched_dom *d)
{
    return d->cap * s->tslice_ns / 100;
}

static void dom_park(struct csched_dom *d)
{
    d->parked = true;
    list_for_each (pos, &d->vcpus)
        runq_remove(list_entry(pos, struct csched_vcpu, dom_link));
}

static void dom_unpark(struct csched_dom *d)
{
    d->parked = false;
    list_for_each (pos, &d->vcpus) {
        struct csched_vcpu *sv = list_entry(pos, struct csched_vcpu, dom_link);

        if (sv->runnable && sv != sv->cpu->curr && !sv->queued)
            runq_insert(sv);
    }
}

/* Charge the running sv for its time up to now; park its domain if that
 * used the domain's cap. */
static void burn(struct csched_vcpu *sv, uint64_t now)
{
    struct csched_dom *d = sv->dom;
    uint64_t ran = now > sv->burnt_to ? now - sv->burnt_to : 0;

    sv->burnt_to = now;
    sv->credit -= (int64_t)ran;
    d->cap_used_ns += ran;
    if (d->cap && !d->parked &&
        d->cap_used_ns >= cap_budget_ns(sv->cpu->sched, d))
        dom_park(d);
}

static bool is_pickable(const struct csched_vcpu *sv)
{
    return sv->runnable && !sv->dom->parked;
}

bool csched_wake(struct csched_vcpu *sv)
{
    struct csched_cpu *c = sv->cpu;

    if (sv->runnable)
        return false;
    sv->runnable = true;
    if (sv == c->curr || sv->dom->parked)
        return false;
    if (sv->pri == CSCHED_PRI_UNDER)
        sv->pri = CSCHED_PRI_BOOST;
    runq_insert(sv);
    return !c->curr || sv->pri > c->curr->pri;
}

bool csched_sleep(struct csched_vcpu *sv)
{
    sv->runnable = false;
    runq_remove(sv);
    return sv == sv->cpu->curr;
}

void csched_yield(struct csched_vcpu *sv)
{
    sv->yielding = true;
}

/* The running sv keeps the CPU for the rest of its rate limit? */
static bool ratelimit_keeps(const struct csched_cpu *c,
                            const struct csched_vcpu *sv, uint64_t now)
{
    uint64_t limit = c->sched->ratelimit_ns;

    return limit && is_pickable(sv) && !sv->yielding &&
           now < c->curr_since + limit;
}

/* When sv's slice ends: a slice, or sooner where its cap runs out. */
static uint64_t slice_end(const struct csched_cpu *c,
                          const struct csched_vcpu *sv, uint64_t now)
{
    uint64_t slice = c->sched->tslice_ns;
    const struct csched_dom *d = sv->dom;

    if (d->cap) {
        uint64_t budget = cap_budget_ns(c->sched, d);
        uint64_t left = budget > d->cap_used_ns ? budget - d->cap_used_ns : 0;

        if (left < slice)
            slice = left;
    }
    if (slice < MIN_SLICE_NS)
        slice = MIN_SLICE_NS;
    return now + slice;
}

/* The running vCPU leaves the CPU: it loses a BOOST it overdrew, and
 * waits in the queue if it may still run. */
static void put_back(struct csched_vcpu *sv)
{
    if (sv->credit < 0)
        sv->pri = CSCHED_PRI_OVER;
    if (is_pickable(sv))
        runq_insert(sv);
    sv->yielding = false;
}

struct csched_choice csched_schedule(struct csched_cpu *c, uint64_t now)
{
    struct csched_vcpu *prev = c->curr, *next;
    struct csched_choice choice = {NULL, 0};

    if (prev) {
        burn(prev, now);
        if (ratelimit_keeps(c, prev, now)) {
            choice.next = prev;
            choice.until = c->curr_since + c->sched->ratelimit_ns;
            return choice;
        }
        c->curr = NULL;
        put_back(prev);
    }
    if (list_empty(&c->runq))
        return choice;
    next = runq_entry(c->runq.next);
    runq_remove(next);
    if (next != prev) {
        c->curr_since = now;
        next->burnt_to = now;
    }
    c->curr = next;
    choice.next = next;
    choice.until = slice_end(c, next, now);
    return choice;
}

bool csched_tick(struct csched_cpu *c, uint64_t now, bool account)
{
    struct csched_vcpu *curr = c->curr;

    if (curr) {
        burn(curr, now);
        /* Found using the CPU: it competes for this period's credit.
         * Only the tick says so, not every run: a vCPU that runs
         * briefly between ticks (dom0 polling every 20 ms) is seldom
         * seen, so it takes a share about as big as what it uses. */
        curr->active = true;
        if (curr->pri == CSCHED_PRI_BOOST)
            curr->pri = CSCHED_PRI_UNDER;
        if (curr->credit < 0)
            curr->pri = CSCHED_PRI_OVER;
    }
    if (account)
        csched_account(c->sched);
    runq_sort(c);
    if (!curr)
        return !list_empty(&c->runq);
    if (!is_pickable(curr))
        return true;
    return !list_empty(&c->runq) && runq_entry(c->runq.next)->pri > curr->pri;
}

/* ---- Accounting. ---- */

/* How many of d's vCPUs compete for this period's credit: those found
 * running at one of its ticks, and those waiting to run now. */
static unsigned int dom_active_vcpus(const struct csched_dom *d)
{
    unsigned int n = 0;

    list_for_each (pos, &d->vcpus) {
        struct csched_vcpu *sv = list_entry(pos, struct csched_vcpu, dom_link);

        /* A vCPU waiting to run competes even if it has not run yet. */
        if (sv->runnable)
            sv->active = true;
        n += sv->active;
    }
    return n;
}

/* The domain's credit for this period: its weight's share of every CPU,
 * at most a slice per active vCPU, at most its cap. */
static uint64_t dom_share(const struct csched *s, const struct csched_dom *d,
                          unsigned int active, uint64_t weight_total)
{
    uint64_t total = s->nr_cpus * s->tslice_ns;
    uint64_t share = total * d->weight * active / weight_total;
    uint64_t peak = active * s->tslice_ns;

    if (d->cap && cap_budget_ns(s, d) < peak)
        peak = cap_budget_ns(s, d);
    return share < peak ? share : peak;
}

/* Give sv its credit; set its priority; a vCPU that piled up more than
 * a slice (it mostly sleeps) keeps half, as on Xen. */
static void vcpu_credit(const struct csched *s, struct csched_vcpu *sv,
                        uint64_t credit)
{
    int64_t limit = (int64_t)s->tslice_ns;

    sv->credit += (int64_t)credit;
    if (sv->credit < 0) {
        sv->pri = CSCHED_PRI_OVER;
        if (sv->credit < -limit)
            sv->credit = -limit;
        return;
    }
    sv->pri = CSCHED_PRI_UNDER;
    if (sv->credit > limit)
        sv->credit /= 2;
}

static void dom_account(const struct csched *s, struct csched_dom *d,
                        unsigned int active, uint64_t weight_total)
{
    uint64_t per_vcpu = dom_share(s, d, active, weight_total) / active;

    list_for_each (pos, &d->vcpus) {
        struct csched_vcpu *sv = list_entry(pos, struct csched_vcpu, dom_link);

        if (sv->active)
            vcpu_credit(s, sv, per_vcpu);
        /* Whether it competes next period is for next period's ticks. */
        sv->active = false;
    }
}

void csched_account(struct csched *s)
{
    uint64_t weight_total = 0;

    list_for_each (pos, &s->domains) {
        struct csched_dom *d = list_entry(pos, struct csched_dom, link);

        weight_total += (uint64_t)d->weight * dom_active_vcpus(d);
    }
    list_for_each (pos, &s->domains) {
        struct csched_dom *d = list_entry(pos, struct csched_dom, link);
        unsigned int active = dom_active_vcpus(d);

        if (active)
            dom_account(s, d, active, weight_total);
        d->cap_used_ns = 0;
        if (d->parked)
            dom_unpark(d);
    }
}

uint64_t csched_tick_ns(const struct csched *s)
{
    if (s->tslice_ns < CSCHED_TICKS_PER_TSLICE * NS_PER_MS)
        return s->tslice_ns;
    return s->tslice_ns / CSCHED_TICKS_PER_TSLICE;
}

bool csched_any_parked(const struct csched *s)
{
    list_for_each (pos, &s->domains)
        if (list_entry(pos, struct csched_dom, link)->parked)
            return true;
    return false;
}

/* ---- Parameters. ---- */

void csched_dom_set(struct csched_dom *d, unsigned int weight, unsigned int cap)
{
    if (weight)
        d->weight = weight;
    if (cap != CSCHED_CAP_KEEP)
        d->cap = cap;
}

int csched_params_set(struct csched *s, unsigned int tslice_ms,
                      unsigned int ratelimit_us, unsigned int migr_delay_us)
{
    if (tslice_ms < XEN_SYSCTL_CSCHED_TSLICE_MIN ||
        tslice_ms > XEN_SYSCTL_CSCHED_TSLICE_MAX)
        return -EINVAL;
    if (ratelimit_us && (ratelimit_us < XEN_SYSCTL_SCHED_RATELIMIT_MIN ||
                         ratelimit_us > XEN_SYSCTL_SCHED_RATELIMIT_MAX))
        return -EINVAL;
    if ((uint64_t)ratelimit_us * NS_PER_US > tslice_ms * NS_PER_MS)
        return -EINVAL;
    if (migr_delay_us > XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US)
        return -EINVAL;
    s->tslice_ns = tslice_ms * NS_PER_MS;
    s->ratelimit_ns = ratelimit_us * NS_PER_US;
    s->migr_delay_us = migr_delay_us;
    return 0;
}
