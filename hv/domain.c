/*
 * Domain and vCPU lifecycle: creation, the domain list, pause (the
 * domain's own and its controller's), shutdown and crash, destruction.
 * The frames a domain owns are in domain_frames.c.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/grant_table.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/panic.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/time.h>

static spinlock_t domain_list_lock = SPINLOCK_INIT; /* guards domain_list */
static struct list_node domain_list = LIST_HEAD_INIT(domain_list);

static const char *const shutdown_names[] = {
    [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

struct domain *domain_by_id_any(domid_t id)
{
    struct domain *found = NULL;
    unsigned long flags = spin_lock_irqsave(&domain_list_lock);

    list_for_each (pos, &domain_list) {
        struct domain *d = list_entry(pos, struct domain, link);
        if (d->domain_id == id) {
            found = d;
            break;
        }
    }
    spin_unlock_irqrestore(&domain_list_lock, flags);
    return found;
}

struct domain *domain_by_id(domid_t id)
{
    struct domain *d = domain_by_id_any(id);

    return d && d->state != DOMAIN_DYING ? d : NULL;
}

bool domain_id_in_use(domid_t id)
{
    return domain_by_id_any(id) != NULL;
}

struct domain *domain_next_from(domid_t id)
{
    struct domain *best = NULL;
    unsigned long flags = spin_lock_irqsave(&domain_list_lock);

    list_for_each (pos, &domain_list) {
        struct domain *d = list_entry(pos, struct domain, link);
        if (d->domain_id >= id && (!best || d->domain_id < best->domain_id))
            best = d;
    }
    spin_unlock_irqrestore(&domain_list_lock, flags);
    return best;
}

static int alloc_shared_info(struct domain *d)
{
    mfn_t mfn = frame_alloc();

    if (mfn == INVALID_MFN)
        return -ENOMEM;
    d->shared_info_mfn = mfn;
    d->shared_info = mfn_to_virt(mfn);
    /* The guest maps it, so it is the domain's frame (not on its page
     * list, not in tot_pages, freed with the domain); FRAME_HV keeps it
     * from ever becoming a page table or descriptor page, since the
     * hypervisor writes into it. */
    mfn_to_frame(mfn)->owner = d;
    mfn_to_frame(mfn)->count_info = FRAME_HV | FRAME_ALLOCATED | 1;
    memset(d->shared_info, 0, PAGE_SIZE);
    /* Events start masked on every vCPU (start-of-day state). */
    for (unsigned i = 0; i < MAX_VIRT_CPUS; i++)
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
    return 0;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v = xzalloc(sizeof(*v));

    if (!v)
        return NULL;
    v->domain = d;
    v->vcpu_id = id;
    v->vcpu_info = &d->shared_info->vcpu_info[id];
    v->vcpu_info_mfn = INVALID_MFN;
    v->affinity_hard = v->affinity_soft = ~0ULL;
    v->runstate = RUNSTATE_offline;
    v->runstate_entry_time = now_ns();
    vcpu_timer_init(v);
    arch_vcpu_init(v);
    d->vcpu[id] = v;
    sched_add_vcpu(v);
    return v;
}

int domain_vcpus_create(struct domain *d)
{
    /* A dying domain gets no new vCPU (it would outlive the scheduler's
     * knowledge of the domain); the ones it has are all it keeps. */
    if (d->state == DOMAIN_DYING)
        return 0;
    for (unsigned i = 0; i < d->max_vcpus; i++)
        if (!d->vcpu[i] && !vcpu_create(d, i))
            return -ENOMEM;
    return 0;
}

static int domain_init_parts(struct domain *d)
{
    int err = alloc_shared_info(d);

    if (!err)
        err = grant_table_init(d);
    if (err)
        return err;
    return evtchn_domain_init(d);
}

struct domain *domain_create_empty(domid_t id, bool privileged,
                                   unsigned int max_vcpus, int *err)
{
    struct domain *d;

    if (max_vcpus == 0 || max_vcpus > MAX_VIRT_CPUS) {
        *err = -EINVAL;
        return NULL;
    }
    if (domain_by_id(id)) {
        *err = -EEXIST;
        return NULL;
    }
    d = xzalloc(sizeof(*d));
    if (!d) {
        *err = -ENOMEM;
        return NULL;
    }
    d->domain_id = id;
    d->is_privileged = privileged;
    spin_lock_init(&d->lock);
    spin_lock_init(&d->page_lock);
    spin_lock_init(&d->event_lock);
    list_init(&d->page_list);
    d->state = DOMAIN_ACTIVE;
    /* Created paused by its controller, as on Xen. */
    d->pause_count = d->controller_pause_count = 1;
    d->max_vcpus = max_vcpus;
    d->created_ns = now_ns();
    unsigned long flags = spin_lock_irqsave(&domain_list_lock);
    list_add_tail(&d->link, &domain_list);
    spin_unlock_irqrestore(&domain_list_lock, flags);
    *err = domain_init_parts(d);
    if (*err) {
        d->state = DOMAIN_SHUTDOWN;
        domain_destroy(d);
        return NULL;
    }
    return d;
}

struct domain *domain_create(domid_t id, bool privileged,
                             unsigned int max_vcpus, int *err)
{
    struct domain *d = domain_create_empty(id, privileged, max_vcpus, err);

    if (!d)
        return NULL;
    *err = domain_vcpus_create(d);
    if (*err) {
        d->state = DOMAIN_SHUTDOWN;
        domain_destroy(d);
        return NULL;
    }
    return d;
}

bool vcpu_runnable(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    return v->online && !v->blocked && d->state == DOMAIN_ACTIVE &&
           d->pause_count == 0;
}

void domain_pause(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);

    d->pause_count++;
    spin_unlock_irqrestore(&d->lock, flags);
    sched_domain_update(d); /* whether its vCPUs may run changed */
}

void domain_unpause(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);

    ASSERT(d->pause_count > 0);
    d->pause_count--;
    spin_unlock_irqrestore(&d->lock, flags);
    sched_domain_update(d); /* whether its vCPUs may run changed */
}

int domain_pause_by_controller(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);

    if (d->controller_pause_count == DOMAIN_CONTROLLER_PAUSE_MAX) {
        spin_unlock_irqrestore(&d->lock, flags);
        return -EOVERFLOW;
    }
    d->controller_pause_count++;
    d->pause_count++;
    spin_unlock_irqrestore(&d->lock, flags);
    sched_domain_update(d); /* whether its vCPUs may run changed */
    return 0;
}

int domain_unpause_by_controller(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);

    if (d->controller_pause_count == 0) {
        spin_unlock_irqrestore(&d->lock, flags);
        return -EINVAL;
    }
    d->controller_pause_count--;
    spin_unlock_irqrestore(&d->lock, flags);
    domain_unpause(d);
    /* Its vCPUs may have become runnable: let the scheduler see them. */
    for (unsigned i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && vcpu_runnable(d->vcpu[i]))
            vcpu_wake(d->vcpu[i]);
    return 0;
}

unsigned int domain_shutdown_code(const struct domain *d)
{
    if (d->state != DOMAIN_ACTIVE)
        return d->shutdown_reason;
    return d->shutdown_code_set ? d->shutdown_code : DOMAIN_SHUTDOWN_CODE_NONE;
}

/*
 * dom0 is the machine: when it stops, so does Parasol, with an exit
 * status that says how (the boot tests read it).
 */
static void domain_shutdown_notify(struct domain *d)
{
    unsigned int reason = d->shutdown_reason;

    if (d->domain_id != 0)
        return;
    if (reason == SHUTDOWN_poweroff) {
        pr_info("dom0 powered off: shutting down\n");
        arch_machine_exit(HV_EXIT_SUCCESS);
    }
    pr_err("dom0 %s: shutting down\n",
           reason == SHUTDOWN_crash ? "crashed" : "stopped");
    arch_machine_exit(HV_EXIT_DOM0_DIED);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);
    bool first = d->state == DOMAIN_ACTIVE;

    if (first) {
        /* A code latched with SCHEDOP_shutdown_code wins over the
         * reason given now, as on Xen. */
        if (d->shutdown_code_set)
            reason = d->shutdown_code;
        d->state = DOMAIN_SHUTDOWN;
        d->shutdown_reason = reason;
    }
    spin_unlock_irqrestore(&d->lock, flags);
    if (!first)
        return;
    for (unsigned i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            vcpu_timers_stop(d->vcpu[i]);
    pr_info("domain %u: shut down (%s)\n", d->domain_id,
            reason < ARRAY_SIZE(shutdown_names) ? shutdown_names[reason]
                                                : "unknown reason");
    sched_domain_update(d);         /* whether d's vCPUs may run changed */
    send_global_virq(VIRQ_DOM_EXC); /* tell dom0's toolstack */
    domain_shutdown_notify(d);
}

void domain_resume(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);
    bool resumed = d->state == DOMAIN_SHUTDOWN;

    if (resumed) {
        d->state = DOMAIN_ACTIVE;
        d->shutdown_code_set = false;
    }
    spin_unlock_irqrestore(&d->lock, flags);
    if (!resumed)
        return;
    for (unsigned i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && vcpu_runnable(d->vcpu[i]))
            vcpu_wake(d->vcpu[i]);
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
    char why[160];
    va_list ap;
    struct vcpu *v = current_vcpu();

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    if (v->domain == d)
        pr_err("domain %u vcpu %u crashed: %s\n", d->domain_id, v->vcpu_id,
               why);
    else
        pr_err("domain %u crashed: %s\n", d->domain_id, why);
    domain_shutdown(d, SHUTDOWN_crash);
}

/* The dying domain's last frame went: free what is left of it. */
void domain_free(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&domain_list_lock);

    if (d->link.next)
        list_del(&d->link);
    spin_unlock_irqrestore(&domain_list_lock, flags);
    for (unsigned i = 0; i < MAX_VIRT_CPUS; i++)
        xfree(d->vcpu[i]);
    grant_table_free(d);
    pr_debug("domain %u: freed\n", d->domain_id);
    xfree(d);
}

void domain_destroy(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);
    bool dying = d->state == DOMAIN_DYING;

    ASSERT(d->state != DOMAIN_ACTIVE);
    d->state = DOMAIN_DYING;
    spin_unlock_irqrestore(&d->lock, flags);
    if (dying)
        return;
    send_global_virq(VIRQ_DOM_EXC); /* tell dom0's toolstack */
    /* Ports first: until they are unlinked a peer may still send to
     * this domain's vCPUs. */
    if (d->evtchn)
        evtchn_domain_destroy(d);
    console_domain_destroy(d);
    for (unsigned i = 0; i < MAX_VIRT_CPUS; i++) {
        if (!d->vcpu[i])
            continue;
        vcpu_timers_stop(d->vcpu[i]);
        sched_remove_vcpu(d->vcpu[i]);
    }
    /* Page-table roots, pins, descriptor tables: every reference the
     * domain's own state holds on its frames. */
    arch_domain_destroy(d);
    domain_release_all_frames(d);
}

static const char *const state_names[] = {
    [DOMAIN_ACTIVE] = "active",
    [DOMAIN_SHUTDOWN] = "shut down",
    [DOMAIN_DYING] = "dying",
};

static void dump_domain(struct domain *d)
{
    pr_info("domain %u: %s, pause count %u, %lu of %lu pages%s\n", d->domain_id,
            state_names[d->state], d->pause_count, (unsigned long)d->tot_pages,
            (unsigned long)d->max_pages,
            d->is_privileged ? ", privileged" : "");
    if (d->state == DOMAIN_SHUTDOWN)
        pr_info("  reason %s\n", d->shutdown_reason < ARRAY_SIZE(shutdown_names)
                                     ? shutdown_names[d->shutdown_reason]
                                     : "unknown");
    for (unsigned i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];
        if (!v)
            continue;
        pr_info("  vcpu %u: %s%s, upcall pending %u mask %u\n", i,
                v->online ? "online" : "offline", v->blocked ? ", blocked" : "",
                v->vcpu_info->evtchn_upcall_pending,
                v->vcpu_info->evtchn_upcall_mask);
        arch_dump_vcpu(v);
    }
}

void domain_dump_all(void)
{
    unsigned long flags = spin_lock_irqsave(&domain_list_lock);

    if (list_empty(&domain_list))
        pr_info("no domains\n");
    list_for_each (pos, &domain_list)
        dump_domain(list_entry(pos, struct domain, link));
    spin_unlock_irqrestore(&domain_list_lock, flags);
}
