/*
 * XEN_DOMCTL_createdomain: the new domain's ID, chosen as Xen chooses it
 * (domid.c), and its configuration, checked in Xen 4.17's order with
 * its errnos for a PV domain (measured by tests/guests/domctl.c).
 */
#include <hv/arch.h>
#include <hv/domctl.h>
#include <hv/domid.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/grant_table.h>
#include <hv/lib.h>

/* The flags a createdomain may carry at all (Xen 4.17's). */
#define CDF_KNOWN                                                              \
    (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_s3_integrity |   \
     XEN_DOMCTL_CDF_oos_off | XEN_DOMCTL_CDF_xs_domain |                       \
     XEN_DOMCTL_CDF_iommu | XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu)
#define GRANT_VERSION_MAX 2
/* The last ID chosen for a domain (domid.c). */
static domid_t domid_rover;

/*
 * The checks Xen makes of a PV domain's configuration, in its order.
 * Parasol has no HVM, IOMMU, vPMU, trace buffers or TXT, so asking for
 * any is -EINVAL, as on a Xen without them.
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
        (flags & XEN_DOMCTL_CDF_nested_virt))
        return -EINVAL;
    return arch_domain_config_check(&c->arch);
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

/* Parasol has one CPU pool, 0: another is no such pool (-ESRCH, as Xen
 * answers a pool that does not exist). */
static long cpupool_check(const struct xen_domctl_createdomain *c)
{
    return c->cpupool_id == 0 ? 0 : -ESRCH;
}

static void config_keep(struct domain *d,
                        const struct xen_domctl_createdomain *c)
{
    memcpy(d->handle, c->handle, sizeof(d->handle));
    /* Xen sets oos_off for every PV domain: it concerns shadow paging. */
    d->create_flags = c->flags | XEN_DOMCTL_CDF_oos_off;
    arch_domain_config_keep(d, &c->arch);
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
    if (!rc)
        rc = cpupool_check(c);
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
