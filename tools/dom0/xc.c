/*
 * dom0's privileged hypercalls (xc.h): domains, the machine, event
 * channels; xc_memory.c has another domain's memory. Each wrapper fills
 * one domctl, sysctl or other request, calls, and hands back the
 * hypervisor's answer; none retries or interprets an error.
 */
#include "xc.h"

#include <parasol/hypercall.h>
#include <parasol/memory.h>
#include <parasol/string.h>

/* ---- The calls ---------------------------------------------------------- */

static int do_domctl(struct xen_domctl *op, uint32_t cmd, domid_t domid)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = domid;
    return HYPERVISOR_domctl(op);
}

static int do_sysctl(struct xen_sysctl *op, uint32_t cmd)
{
    op->cmd = cmd;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return HYPERVISOR_sysctl(op);
}

/* A command whose only argument is the domain. */
static int domctl_simple(uint32_t cmd, domid_t domid)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    return do_domctl(&op, cmd, domid);
}

/* ---- Domains ------------------------------------------------------------ */

int xc_domain_create(const struct xc_create_args *a, domid_t *domid)
{
    struct xen_domctl op;
    struct xen_domctl_createdomain *c = &op.u.createdomain;
    int rc;

    memset(&op, 0, sizeof(op));
    memcpy(c->handle, a->handle, sizeof(c->handle));
    c->flags = a->flags;
    c->max_vcpus = a->max_vcpus;
    c->max_evtchn_port = a->max_evtchn_port;
    c->max_grant_frames = a->max_grant_frames;
    c->max_maptrack_frames = a->max_maptrack_frames;
    c->grant_opts = XEN_DOMCTL_GRANT_version(a->max_grant_version);
    rc = do_domctl(&op, XEN_DOMCTL_createdomain, *domid);
    if (rc == 0)
        *domid = op.domain;
    return rc;
}

int xc_domain_destroy(domid_t domid)
{
    return domctl_simple(XEN_DOMCTL_destroydomain, domid);
}

int xc_domain_pause(domid_t domid)
{
    return domctl_simple(XEN_DOMCTL_pausedomain, domid);
}

int xc_domain_unpause(domid_t domid)
{
    return domctl_simple(XEN_DOMCTL_unpausedomain, domid);
}

int xc_domain_getinfo(domid_t domid, struct xen_domctl_getdomaininfo *info)
{
    struct xen_domctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    rc = do_domctl(&op, XEN_DOMCTL_getdomaininfo, domid);
    if (rc < 0)
        return rc;
    if (op.u.getdomaininfo.domain != domid)
        return -XEN_ESRCH;
    *info = op.u.getdomaininfo;
    return 0;
}

int xc_domain_getinfolist(domid_t first, unsigned max,
                          struct xen_domctl_getdomaininfo *info)
{
    struct xen_sysctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, info);
    rc = do_sysctl(&op, XEN_SYSCTL_getdomaininfolist);
    return rc < 0 ? rc : (int)op.u.getdomaininfolist.num_domains;
}

int xc_domain_max_mem(domid_t domid, uint64_t max_kib)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.u.max_mem.max_memkb = max_kib;
    return do_domctl(&op, XEN_DOMCTL_max_mem, domid);
}

int xc_domain_max_vcpus(domid_t domid, unsigned max)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.u.max_vcpus.max = max;
    return do_domctl(&op, XEN_DOMCTL_max_vcpus, domid);
}

int xc_domain_setdomainhandle(domid_t domid, const xen_domain_handle_t handle)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    memcpy(op.u.setdomainhandle.handle, handle, sizeof(xen_domain_handle_t));
    return do_domctl(&op, XEN_DOMCTL_setdomainhandle, domid);
}

int xc_domain_hypercall_init(domid_t domid, xen_pfn_t gmfn)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.u.hypercall_init.gmfn = gmfn;
    return do_domctl(&op, XEN_DOMCTL_hypercall_init, domid);
}

int xc_domain_remote_shutdown(domid_t domid, unsigned reason)
{
    struct sched_remote_shutdown arg = {.domain_id = domid, .reason = reason};

    return HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &arg);
}

int xc_vcpu_setcontext(domid_t domid, unsigned vcpu, vcpu_guest_context_t *ctx)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(op.u.vcpucontext.ctxt, ctx);
    return do_domctl(&op, XEN_DOMCTL_setvcpucontext, domid);
}

int xc_vcpu_getinfo(domid_t domid, unsigned vcpu,
                    struct xen_domctl_getvcpuinfo *info)
{
    struct xen_domctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    op.u.getvcpuinfo.vcpu = vcpu;
    rc = do_domctl(&op, XEN_DOMCTL_getvcpuinfo, domid);
    if (rc == 0)
        *info = op.u.getvcpuinfo;
    return rc;
}

int xc_sched_id(uint32_t *sched_id)
{
    struct xen_sysctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    rc = do_sysctl(&op, XEN_SYSCTL_sched_id);
    if (rc == 0)
        *sched_id = op.u.sched_id.sched_id;
    return rc;
}

/* The credit and credit2 parameters share one layout: weight, cap. */
_Static_assert(sizeof(struct xen_domctl_sched_credit) ==
                   sizeof(struct xen_domctl_sched_credit2),
               "credit and credit2 parameters differ");

static int sched_credit_op(domid_t domid, uint32_t cmd,
                           struct xen_domctl_sched_credit *credit)
{
    struct xen_domctl op;
    uint32_t sched_id;
    int rc = xc_sched_id(&sched_id);

    if (rc)
        return rc;
    if (sched_id != XEN_SCHEDULER_CREDIT && sched_id != XEN_SCHEDULER_CREDIT2)
        return -XEN_ENOSYS;
    memset(&op, 0, sizeof(op));
    op.u.scheduler_op.sched_id = sched_id;
    op.u.scheduler_op.cmd = cmd;
    op.u.scheduler_op.u.credit = *credit;
    rc = do_domctl(&op, XEN_DOMCTL_scheduler_op, domid);
    if (rc == 0)
        *credit = op.u.scheduler_op.u.credit;
    return rc;
}

int xc_sched_credit_get(domid_t domid, struct xen_domctl_sched_credit *out)
{
    memset(out, 0, sizeof(*out));
    return sched_credit_op(domid, XEN_DOMCTL_SCHEDOP_getinfo, out);
}

int xc_sched_credit_set(domid_t domid, const struct xen_domctl_sched_credit *in)
{
    struct xen_domctl_sched_credit credit = *in;

    return sched_credit_op(domid, XEN_DOMCTL_SCHEDOP_putinfo, &credit);
}

/* ---- The machine -------------------------------------------------------- */

int xc_physinfo(struct xen_sysctl_physinfo *info)
{
    struct xen_sysctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    rc = do_sysctl(&op, XEN_SYSCTL_physinfo);
    if (rc == 0)
        *info = op.u.physinfo;
    return rc;
}

int xc_readconsole(uint32_t *index, char *buf, uint32_t size)
{
    struct xen_sysctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    op.u.readconsole.incremental = 1;
    op.u.readconsole.index = *index;
    op.u.readconsole.count = size;
    set_xen_guest_handle(op.u.readconsole.buffer, buf);
    rc = do_sysctl(&op, XEN_SYSCTL_readconsole);
    if (rc < 0)
        return rc;
    *index = op.u.readconsole.index;
    return (int)op.u.readconsole.count;
}

int xc_console_read(domid_t domid, uint32_t *index, char *buf, uint32_t size)
{
    struct parasol_console_read op = {
        .incremental = 1,
        .domid = domid,
        .index = *index,
        .count = size,
    };
    int rc;

    set_xen_guest_handle(op.buffer, buf);
    rc = HYPERVISOR_parasol_op(PARASOLOP_console_read, &op);
    if (rc < 0)
        return rc;
    *index = op.index;
    return (int)op.count;
}

/* ---- Event channels ----------------------------------------------------- */

int xc_evtchn_alloc_unbound(domid_t domid, domid_t remote, evtchn_port_t *port)
{
    evtchn_alloc_unbound_t arg = {.dom = domid, .remote_dom = remote};
    int rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &arg);

    if (rc == 0)
        *port = arg.port;
    return rc;
}
