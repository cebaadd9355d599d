/*
 * domctl commands on whole domains: create, destroy, pause, unpause,
 * describe (getdomaininfo), and set their memory limit, UUID handle
 * and wall-clock offset. Each answer, errnos included, is Xen 4.17's
 * for a PV domain, measured by tests/guests/domctl.c.
 */
#include <hv/arch.h>
#include <hv/domctl.h>
#include <hv/domid.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pvclock.h>
#include <hv/sched.h>
#include <hv/time.h>

/* The flags a createdomain may carry at all (Xen 4.17's). */
#define CDF_KNOWN                                                              \
    (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_s3_integrity |   \
     XEN_DOMCTL_CDF_oos_off | XEN_DOMCTL_CDF_xs_domain |                       \
     XEN_DOMCTL_CDF_iommu | XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu)
/* Grant table limits: Xen's defaults, which are also the most a domain
 * may ask for (gnttab_max_frames, gnttab_max_maptrack_frames). */
#define GRANT_FRAMES_MAX 64
#define MAPTRACK_FRAMES_MAX 1024
#define GRANT_VERSION_MAX 2
/* The emulated devices a PV domain may have: none, or a PIT. */
#define PV_EMULATION_ALLOWED XEN_X86_EMU_PIT
/* The guest address widths of set_address_size. */
#define ADDRESS_SIZE_32 32
#define ADDRESS_SIZE_64 64
/* KiB in a frame: max_mem is in KiB. */
#define KIB_PER_FRAME_SHIFT (PAGE_SHIFT - 10)

/* The last ID chosen for a domain (domid.c). */
static domid_t domid_rover;

/*
 * The checks Xen makes of a PV domain's configuration, in its order.
 * Parasol has no HVM, IOMMU, vPMU, trace buffers or TXT, so asking for
 * any is -EINVAL, as on a Xen without them; a grant table version or
 * limit beyond Xen's is -EINVAL too.
 */
static long config_check(const struct xen_domctl_createdomain *c)
{
    uint32_t flags = c->flags;

    if ((flags & ~CDF_KNOWN) ||
        (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask) || c->max_vcpus < 1)
        return -EINVAL;
    if ((flags & XEN_DOMCTL_CDF_hap) && !(flags & XEN_DOMCTL_CDF_hvm))
        return -EINVAL;
    if ((flags & XEN_DOMCTL_CDF_iommu) || c->iommu_opts || c->vmtrace_size ||
        (flags & XEN_DOMCTL_CDF_vpmu))
        return -EINVAL;
    if ((flags & XEN_DOMCTL_CDF_hvm) || c->max_vcpus > MAX_VIRT_CPUS ||
        (flags & XEN_DOMCTL_CDF_s3_integrity) ||
        (flags & XEN_DOMCTL_CDF_nested_virt) ||
        (c->arch.misc_flags & ~XEN_X86_MSR_RELAXED))
        return -EINVAL;
    if (c->arch.emulation_flags & ~PV_EMULATION_ALLOWED)
        return -EOPNOTSUPP;
    return 0;
}

/* The grant table's limits (< 0: the default), as Xen checks them. */
static long grant_limits_check(const struct xen_domctl_createdomain *c)
{
    unsigned int version = XEN_DOMCTL_GRANT_version(c->grant_opts);

    if (c->max_grant_frames == 0 || c->max_grant_frames > GRANT_FRAMES_MAX ||
        c->max_maptrack_frames > MAPTRACK_FRAMES_MAX)
        return -EINVAL;
    if (version < 1 || version > GRANT_VERSION_MAX)
        return -EINVAL;
    return 0;
}

static void config_keep(struct domain *d,
                        const struct xen_domctl_createdomain *c)
{
    memcpy(d->handle, c->handle, sizeof(d->handle));
    /* Xen sets oos_off for every PV domain: it concerns shadow paging. */
    d->create_flags = c->flags | XEN_DOMCTL_CDF_oos_off;
    d->emulation_flags = c->arch.emulation_flags;
    d->misc_flags = c->arch.misc_flags;
    d->max_evtchn_port = c->max_evtchn_port;
    evtchn_set_max_port(d, c->max_evtchn_port);
    d->grant_opts = c->grant_opts;
    d->max_grant_frames =
        c->max_grant_frames < 0 ? GRANT_FRAMES_MAX : c->max_grant_frames;
    d->max_maptrack_frames = c->max_maptrack_frames < 0
                                 ? MAPTRACK_FRAMES_MAX
                                 : c->max_maptrack_frames;
}

/*
 * IN: domain (0 or reserved: choose one), the configuration; OUT:
 * domain, the ID given. The ID is chosen first, so a configuration
 * refused afterwards still moves the rover, as on Xen.
 */
long domctl_createdomain(struct xen_domctl *op, struct domain *unused,
                         bool *copyback)
{
    const struct xen_domctl_createdomain *c = &op->u.createdomain;
    struct domain *d;
    domid_t id;
    int err;
    long rc;

    (void)unused;
    rc = domid_choose(op->domain, &domid_rover, domain_id_in_use, &id);
    if (!rc)
        rc = config_check(c);
    if (!rc)
        rc = grant_limits_check(c);
    if (rc)
        return rc;
    d = domain_create_empty(id, false, c->max_vcpus, &err);
    if (!d)
        return err;
    config_keep(d, c);
    op->domain = id;
    *copyback = true;
    return 0;
}

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
    info->arch_config.emulation_flags = d->emulation_flags;
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

/*
 * Every Parasol domain is a 64-bit PV one: set_address_size accepts 64
 * and refuses 32 as a Xen without 32-bit PV does (-EOPNOTSUPP), any
 * other size with -EINVAL; get_address_size answers 64.
 */
long domctl_set_address_size(struct xen_domctl *op, struct domain *d,
                             bool *copyback)
{
    (void)d;
    (void)copyback;
    switch (op->u.address_size.size) {
    case ADDRESS_SIZE_64:
        return 0;
    case ADDRESS_SIZE_32:
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
}

long domctl_get_address_size(struct xen_domctl *op, struct domain *d,
                             bool *copyback)
{
    (void)d;
    op->u.address_size.size = ADDRESS_SIZE_64;
    *copyback = true;
    return 0;
}

/* Commands for hardware Parasol does not offer (an IOMMU and device
 * assignment, HVM I/O ports, the VM event monitor, paging pools of
 * HVM): Xen's answer for a PV domain without it. */
long domctl_not_supported(struct xen_domctl *op, struct domain *d,
                          bool *copyback)
{
    (void)op;
    (void)d;
    (void)copyback;
    return -EOPNOTSUPP;
}

/* Cache monitoring and allocation (Intel RDT): no such device. */
long domctl_no_device(struct xen_domctl *op, struct domain *d, bool *copyback)
{
    (void)op;
    (void)d;
    (void)copyback;
    return -ENODEV;
}
