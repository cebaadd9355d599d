/*
 * XEN_DOMCTL_scheduler_op and XEN_SYSCTL_scheduler_op for the credit
 * scheduler (see hv/include/hv/domctl_sched.h), with Xen 4.17's checks
 * in its order:
 *
 * - domctl: a sched_id other than the running scheduler's is -EINVAL,
 *   so is a cmd other than the four SCHEDOPs; the credit scheduler has
 *   no per-vCPU parameters, so putvcpuinfo and getvcpuinfo are -EINVAL
 *   too. putinfo leaves the weight as it is when given 0 and the cap
 *   when given 0xffff; every other 16-bit value is taken.
 * - sysctl: a cmd other than put and get is -EINVAL; a CPU pool other
 *   than pool 0 (the only one) is -ESRCH; then the sched_id (-EINVAL);
 *   putinfo checks its ranges (sched_params_put) and, like getinfo,
 *   answers with the values now in force.
 *
 * Measured on Xen 4.17 (which runs credit2, sched_id 6, under the test
 * harness): a sched_id that is not the running scheduler's, and a cmd
 * of 4, are -EINVAL for the domctl; for the sysctl, cmd 2 is -EINVAL
 * even with pool 7, pool 7 is -ESRCH even with a wrong sched_id, and a
 * wrong sched_id in pool 0 is -EINVAL. Weight 0 and cap 0xffff are the
 * credit scheduler's "keep" values in Xen's source; credit2 itself
 * cannot show them (it refuses any cap over 100 per vCPU).
 */
#include <hv/domctl_sched.h>
#include <hv/errno.h>
#include <hv/sched.h>

/* The one CPU pool every CPU is in. */
#define CPUPOOL_0 0

long domctl_scheduler_op(struct xen_domctl *op, struct domain *d,
                         bool *copyback)
{
    struct xen_domctl_scheduler_op *s = &op->u.scheduler_op;

    *copyback = true;
    if (s->sched_id != SCHED_ID)
        return -EINVAL;
    switch (s->cmd) {
    case XEN_DOMCTL_SCHEDOP_getinfo:
        sched_credit_get(d, &s->u.credit.weight, &s->u.credit.cap);
        return 0;
    case XEN_DOMCTL_SCHEDOP_putinfo:
        sched_credit_put(d, s->u.credit.weight, s->u.credit.cap);
        return 0;
    default:
        return -EINVAL;
    }
}

static void credit_params_get(struct xen_sysctl_credit_schedule *p)
{
    sched_params_get(&p->tslice_ms, &p->ratelimit_us, &p->vcpu_migr_delay_us);
}

long sysctl_scheduler_op(struct xen_sysctl *op, bool *copyback)
{
    struct xen_sysctl_scheduler_op *s = &op->u.scheduler_op;
    struct xen_sysctl_credit_schedule *p = &s->u.sched_credit;
    long rc;

    if (s->cmd != XEN_SYSCTL_SCHEDOP_putinfo &&
        s->cmd != XEN_SYSCTL_SCHEDOP_getinfo)
        return -EINVAL;
    if (s->cpupool_id != CPUPOOL_0)
        return -ESRCH;
    if (s->sched_id != SCHED_ID)
        return -EINVAL;
    if (s->cmd == XEN_SYSCTL_SCHEDOP_putinfo) {
        rc = sched_params_put(p->tslice_ms, p->ratelimit_us,
                              p->vcpu_migr_delay_us);
        if (rc)
            return rc;
    }
    credit_params_get(p);
    *copyback = true;
    return 0;
}
