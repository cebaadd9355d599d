/*
 * domctl commands on whole domains: destroy, pause, unpause, describe
 * (getdomaininfo), resume, and set their memory limit, UUID handle,
 * wall-clock offset, debugged flag and hypercall page (createdomain is
 * in domctl_create.c). Each answer, errnos included, is Xen 4.17's for
 * a PV domain, measured by tests/guests/domctl.c.
 */
#include <hv/arch.h>
#include <hv/domctl.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pvclock.h>
#include <hv/sched.h>
#include <hv/time.h>

/* KiB in a frame: max_mem is in KiB. */
#define KIB_PER_FRAME_SHIFT (PAGE_SHIFT - 10)

/*
 * A domain may not destroy itself (-EINVAL). Destroying one that is
 * dying already succeeds (its frames may still be held elsewhere).
 */
long domctl_destroydomain(struct xen_domctl *op, struct domain *d,
                          bool *copyback)
{
    unsigned long flags;

    (void)op;
    (void)copyback;
    if (d == current_domain())
        return -EINVAL;
    /* Stopped without shutting down: the code stays what it was (none,
     * or the one the guest latched), as getdomaininfo shows on Xen. */
    flags = spin_lock_irqsave(&d->lock);
    if (d->state == DOMAIN_ACTIVE) {
        d->shutdown_reason = domain_shutdown_code(d);
        d->state = DOMAIN_SHUTDOWN;
    }
    spin_unlock_irqrestore(&d->lock, flags);
    domain_destroy(d);
    return 0;
}

long domctl_pausedomain(struct xen_domctl *op, struct domain *d, bool *copyback)
{
    (void)op;
    (void)copyback;
    if (d == current_domain())
        return -EINVAL;
    return domain_pause_by_controller(d);
}

long domctl_unpausedomain(struct xen_domctl *op, struct domain *d,
                          bool *copyback)
{
    (void)op;
    (void)copyback;
    return domain_unpause_by_controller(d);
}

/* The flags a domain's vCPUs give: blocked if every online one is,
 * running if any is; none without an online vCPU. */
static uint32_t vcpu_flags(struct domain *d,
                           struct xen_domctl_getdomaininfo *info)
{
    uint32_t flags = XEN_DOMINF_blocked;

    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    for (unsigned i = 0; i < MAX_VIRT_CPUS; i++) {
        const struct vcpu *v = d->vcpu[i];

        if (!v)
            continue;
        info->cpu_time += sched_vcpu_cpu_time(v);
        info->max_vcpu_id = i;
        if (!v->online)
            continue;
        if (!v->blocked)
            flags &= ~XEN_DOMINF_blocked;
        if (v->runstate == RUNSTATE_running)
            flags |= XEN_DOMINF_running;
        info->nr_online_vcpus++;
    }
    return info->nr_online_vcpus ? flags : 0;
}

void domain_get_info(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    uint32_t flags;

    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    flags = vcpu_flags(d, info);
    if (d->state == DOMAIN_DYING)
        flags |= XEN_DOMINF_dying;
    if (d->state == DOMAIN_SHUTDOWN)
        flags |= XEN_DOMINF_shutdown;
    if (d->controller_pause_count)
        flags |= XEN_DOMINF_paused;
    if (d->create_flags & XEN_DOMCTL_CDF_xs_domain)
        flags |= XEN_DOMINF_xs_domain;
    if (d->debugged)
        flags |= XEN_DOMINF_debugged;
    /* As Xen: the code's bits past the mask spill into the flags. */
    info->flags = flags | domain_shutdown_code(d) << XEN_DOMINF_shutdownshift;
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = d->shared_info ? d->shared_info_mfn : 0;
    memcpy(info->handle, d->handle, sizeof(info->handle));
    info->gpaddr_bits = arch_paddr_bits();
    arch_domain_config_get(d, &info->arch_config);
}

/*
 * IN: domain; OUT: the first domain with an ID >= domain, dying or not
 * (Xen 4.17's rule), and its ID in domain. A reserved ID is -EINVAL,
 * no such domain -ESRCH.
 */
long domctl_getdomaininfo(struct xen_domctl *op, struct domain *unused,
                          bool *copyback)
{
    struct domain *d;

    (void)unused;
    if (op->domain >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    d = domain_next_from(op->domain);
    if (!d)
        return -ESRCH;
    domain_get_info(d, &op->u.getdomaininfo);
    op->domain = op->u.getdomaininfo.domain;
    *copyback = true;
    return 0;
}

/* IN: max_memkb. Lower than tot_pages is allowed: the domain then gets
 * no frame until it is under the limit again. */
long domctl_max_mem(struct xen_domctl *op, struct domain *d, bool *copyback)
{
    unsigned long flags = spin_lock_irqsave(&d->page_lock);

    (void)copyback;
    d->max_pages = op->u.max_mem.max_memkb >> KIB_PER_FRAME_SHIFT;
    spin_unlock_irqrestore(&d->page_lock, flags);
    return 0;
}

long domctl_setdomainhandle(struct xen_domctl *op, struct domain *d,
                            bool *copyback)
{
    (void)copyback;
    memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
    return 0;
}

/* Seconds added to the wall clock the domain reads in shared_info. */
long domctl_settimeoffset(struct xen_domctl *op, struct domain *d,
                          bool *copyback)
{
    (void)copyback;
    d->time_offset_seconds = op->u.settimeoffset.time_offset_seconds;
    if (d->shared_info)
        pvclock_update_wallclock(d);
    return 0;
}

/* IN: gmfn, a frame of d (its MFN: d is PV) that can be written: -EINVAL
 * if not d's, -EPERM if it cannot be written (a page table, ...). */
long domctl_hypercall_init(struct xen_domctl *op, struct domain *d,
                           bool *copyback)
{
    (void)copyback;
    return arch_write_hypercall_page(d, op->u.hypercall_init.gmfn);
}

/* Marks the domain debugged (a flag of getdomaininfo); nothing more. */
long domctl_setdebugging(struct xen_domctl *op, struct domain *d,
                         bool *copyback)
{
    (void)copyback;
    d->debugged = op->u.setdebugging.enable != 0;
    return 0;
}

/* A shut-down domain runs again (after a suspend); any other is left
 * as it is. Always 0, as on Xen. */
long domctl_resumedomain(struct xen_domctl *op, struct domain *d,
                         bool *copyback)
{
    (void)op;
    (void)copyback;
    domain_resume(d);
    return 0;
}
