/*
 * sysctl (hypercall 35): the toolstack in dom0 reads the machine's
 * state. The call is checked as domctl is, without a target domain
 * (hv/include/hv/domctl.h), and each command has its handler in a table
 * indexed by Xen's command numbers; a command with no handler answers
 * -ENOSYS, as Xen 4.17 does for an unknown one. On success the whole
 * struct goes back to the caller. Compared with Xen 4.17 by
 * tests/guests/domctl.c.
 */
#include <hv/console.h>
#include <hv/domctl.h>
#include <hv/domctl_sched.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/percpu.h>

#define NR_SYSCTLS (XEN_SYSCTL_get_cpu_policy + 1)

/* OUT: the CPUs and memory. One CPU per core and socket, one node; a
 * PV-only hypervisor without grant tables in its capabilities. */
static long sysctl_physinfo(struct xen_sysctl *op, bool *copyback)
{
    struct xen_sysctl_physinfo *pi = &op->u.physinfo;

    memset(pi, 0, sizeof(*pi));
    pi->threads_per_core = 1;
    pi->cores_per_socket = 1;
    pi->nr_cpus = cpus_online();
    pi->max_cpu_id = pi->nr_cpus - 1;
    pi->nr_nodes = 1;
    pi->max_node_id = 0;
    pi->cpu_khz = (uint32_t)arch_cycles_khz();
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv;
    pi->total_pages = frames_total_count();
    pi->free_pages = frames_free_count();
    pi->max_mfn = max_mfn() - 1;
    *copyback = true;
    return 0;
}

static long sysctl_sched_id(struct xen_sysctl *op, bool *copyback)
{
    op->u.sched_id.sched_id = SCHED_ID;
    *copyback = true;
    return 0;
}

GUEST_HANDLE_TYPE(domaininfo, struct xen_domctl_getdomaininfo);

/* IN: first_domain, max_domains, buffer; OUT: num_domains, and that
 * many entries in ID order, dying domains included. A bad buffer is
 * -EFAULT, with what went before already written. */
static long sysctl_getdomaininfolist(struct xen_sysctl *op, bool *copyback)
{
    struct xen_sysctl_getdomaininfolist *l = &op->u.getdomaininfolist;
    struct xen_domctl_getdomaininfo info;
    guest_handle_domaininfo buffer;
    uint32_t n = 0;
    unsigned int id = l->first_domain;
    struct domain *d;

    guest_handle_from_public(buffer, l->buffer);
    while (n < l->max_domains && id < DOMID_FIRST_RESERVED &&
           (d = domain_next_from((domid_t)id)) != NULL) {
        domain_get_info(d, &info);
        if (copy_to_guest_offset(buffer, n, &info, 1))
            return -EFAULT;
        n++;
        id = d->domain_id + 1u;
    }
    l->num_domains = n;
    *copyback = true;
    return 0;
}

static const sysctl_fn_t sysctl_table[NR_SYSCTLS] = {
    [XEN_SYSCTL_readconsole] = sysctl_readconsole, /* hv/console_read.c */
    [XEN_SYSCTL_physinfo] = sysctl_physinfo,
    [XEN_SYSCTL_sched_id] = sysctl_sched_id,
    [XEN_SYSCTL_scheduler_op] = sysctl_scheduler_op,
    [XEN_SYSCTL_getdomaininfolist] = sysctl_getdomaininfolist,
};

GUEST_HANDLE_TYPE(sysctl, struct xen_sysctl);

HYPERCALL_DEFINE(sysctl, guest_handle_sysctl, u_sysctl)
{
    struct xen_sysctl op;
    bool copyback = false;
    long rc;

    if (copy_from_guest_array(&op, u_sysctl, 1))
        return -EFAULT;
    if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!current_domain()->is_privileged)
        return -EPERM;
    if (op.cmd >= NR_SYSCTLS || !sysctl_table[op.cmd])
        return -ENOSYS;
    rc = sysctl_table[op.cmd](&op, &copyback);
    if (!rc && copyback && copy_to_guest_array(u_sysctl, &op, 1))
        rc = -EFAULT;
    return rc;
}
