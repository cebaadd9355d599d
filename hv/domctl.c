/*
 * domctl (hypercall 36): the toolstack in dom0 controls other domains.
 * This file checks the call and finds the command's handler in a table
 * indexed by Xen's command numbers (hv/include/hv/domctl.h says in
 * which order the checks come, as measured on Xen 4.17). A command
 * with no handler answers -ENOSYS, Xen's answer for a command a PV
 * domain does not have.
 */
#include <hv/domctl.h>
#include <hv/domctl_sched.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>

#define NR_DOMCTLS (XEN_DOMCTL_set_paging_mempool_size + 1)

static const struct domctl_entry domctl_table[NR_DOMCTLS] = {
    [XEN_DOMCTL_createdomain] = DOMCTL_NO_TARGET(domctl_createdomain),
    [XEN_DOMCTL_destroydomain] = DOMCTL(domctl_destroydomain),
    [XEN_DOMCTL_pausedomain] = DOMCTL(domctl_pausedomain),
    [XEN_DOMCTL_unpausedomain] = DOMCTL(domctl_unpausedomain),
    [XEN_DOMCTL_getdomaininfo] = DOMCTL_NO_TARGET(domctl_getdomaininfo),
    [XEN_DOMCTL_max_mem] = DOMCTL(domctl_max_mem),
    [XEN_DOMCTL_setvcpucontext] = DOMCTL(domctl_setvcpucontext),
    [XEN_DOMCTL_getvcpucontext] = DOMCTL(domctl_getvcpucontext),
    [XEN_DOMCTL_getvcpuinfo] = DOMCTL(domctl_getvcpuinfo),
    [XEN_DOMCTL_max_vcpus] = DOMCTL(domctl_max_vcpus),
    [XEN_DOMCTL_scheduler_op] = DOMCTL(domctl_scheduler_op),
    [XEN_DOMCTL_setdomainhandle] = DOMCTL(domctl_setdomainhandle),
    [XEN_DOMCTL_hypercall_init] = DOMCTL(domctl_hypercall_init),
    [XEN_DOMCTL_settimeoffset] = DOMCTL(domctl_settimeoffset),
    [XEN_DOMCTL_setdebugging] = DOMCTL(domctl_setdebugging),
    [XEN_DOMCTL_resumedomain] = DOMCTL(domctl_resumedomain),
    [XEN_DOMCTL_sendtrigger] = DOMCTL(domctl_sendtrigger),
    [XEN_DOMCTL_setvcpuaffinity] = DOMCTL(domctl_setvcpuaffinity),
    [XEN_DOMCTL_getvcpuaffinity] = DOMCTL(domctl_getvcpuaffinity),
    [XEN_DOMCTL_set_address_size] = DOMCTL(domctl_set_address_size),
    [XEN_DOMCTL_get_address_size] = DOMCTL(domctl_get_address_size),
    /* Hardware a PV domain on Parasol does not have: Xen's answers. */
    [XEN_DOMCTL_assign_device] = DOMCTL(domctl_not_supported),
    [XEN_DOMCTL_ioport_mapping] = DOMCTL(domctl_not_supported),
    [XEN_DOMCTL_test_assign_device] = DOMCTL(domctl_not_supported),
    [XEN_DOMCTL_deassign_device] = DOMCTL(domctl_not_supported),
    [XEN_DOMCTL_get_device_group] = DOMCTL(domctl_not_supported),
    [XEN_DOMCTL_monitor_op] = DOMCTL(domctl_not_supported),
    [XEN_DOMCTL_get_paging_mempool_size] = DOMCTL(domctl_not_supported),
    [XEN_DOMCTL_set_paging_mempool_size] = DOMCTL(domctl_not_supported),
    [XEN_DOMCTL_psr_cmt_op] = DOMCTL(domctl_no_device),
    [XEN_DOMCTL_psr_alloc] = DOMCTL(domctl_no_device),
};

static const struct domctl_entry *domctl_lookup(uint32_t cmd)
{
    if (cmd >= NR_DOMCTLS || !domctl_table[cmd].fn)
        return NULL;
    return &domctl_table[cmd];
}

/* The checks before the command runs, in Xen's order; 0 or an errno. */
static long domctl_check(const struct xen_domctl *op,
                         const struct domctl_entry *e, struct domain **d)
{
    if (op->interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    *d = NULL;
    if (!e || !e->no_target) {
        *d = domain_by_id_any(op->domain);
        if (!*d)
            return -ESRCH;
    }
    if (!current_domain()->is_privileged)
        return -EPERM;
    return e ? 0 : -ENOSYS;
}

GUEST_HANDLE_TYPE(domctl, struct xen_domctl);

HYPERCALL_DEFINE(domctl, guest_handle_domctl, u_domctl)
{
    struct xen_domctl op;
    const struct domctl_entry *e;
    struct domain *d;
    bool copyback = false;
    long rc;

    if (copy_from_guest_array(&op, u_domctl, 1))
        return -EFAULT;
    e = domctl_lookup(op.cmd);
    rc = domctl_check(&op, e, &d);
    if (rc)
        return rc;
    rc = e->fn(&op, d, &copyback);
    if (copyback && copy_to_guest_array(u_domctl, &op, 1))
        rc = -EFAULT;
    return rc;
}
