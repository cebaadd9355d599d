/*
 * The scheduler's privileged controls: XEN_DOMCTL_scheduler_op (a
 * domain's credit weight and cap) and XEN_SYSCTL_scheduler_op (the
 * credit scheduler's slice, rate limit and migration delay), handlers
 * for the domctl and sysctl tables.
 *
 * Calling context: a hypercall of dom0's current vCPU, after the table
 * checked the interface version, the target domain and the caller's
 * privilege; op is the table's copy of the caller's structure.
 */
#ifndef HV_DOMCTL_SCHED_H
#define HV_DOMCTL_SCHED_H

#include <hv/domain.h>
#include <public/domctl.h>
#include <public/sysctl.h>

/* The scheduler Parasol runs (XEN_SYSCTL_sched_id's answer). */
#define SCHED_ID XEN_SCHEDULER_CREDIT

/* XEN_DOMCTL_scheduler_op on d. Always asks for op to be copied back,
 * as Xen does. */
long domctl_scheduler_op(struct xen_domctl *op, struct domain *d,
                         bool *copyback);
/* XEN_SYSCTL_scheduler_op; op is copied back after success. */
long sysctl_scheduler_op(struct xen_sysctl *op, bool *copyback);

#endif
