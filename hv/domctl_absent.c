/*
 * domctl commands about what a Parasol domain is not or does not have:
 * the address size (every domain is 64-bit PV), and the hardware a PV
 * domain lacks here, each answered as Xen 4.17 answers a PV domain
 * without it (measured by tests/guests/domctl.c).
 */
#include <hv/domctl.h>
#include <hv/errno.h>

/* The guest address widths of set_address_size. */
#define ADDRESS_SIZE_32 32
#define ADDRESS_SIZE_64 64
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
