/*
 * test_schedctl: the scheduler's controls as dom0 sees them:
 * XEN_SYSCTL_sched_id, XEN_DOMCTL_scheduler_op on dom0 itself (weight
 * and cap), and XEN_SYSCTL_scheduler_op (the scheduler's parameters).
 *
 * Parasol runs the credit scheduler, Xen 4.17 credit2 by default: the
 * guest asks which one runs and asserts only what both give: the order
 * of the checks and their errnos, a weight that reads back, weight 0
 * leaving the weight as it is, the default 1 ms rate limit (each
 * scheduler's structure has its own place for it) and a rate limit
 * under 100 us refused.
 */
#include "verdict.h"

#include <parasol/guest.h>
#include <public/domctl.h>
#include <public/sysctl.h>

#define DEFAULT_WEIGHT 256
#define DEFAULT_RATELIMIT_US 1000
#define DEFAULT_TSLICE_MS 30
#define RATELIMIT_TOO_SHORT_US 50
#define NO_SUCH_POOL 7
#define NO_SUCH_SCHEDOP 4

static struct xen_domctl domctl_op;
static struct xen_sysctl sysctl_op;
static uint32_t sched_id;

static long sched_domctl(uint32_t id, uint32_t cmd, uint16_t weight,
                         uint16_t cap)
{
    struct xen_domctl *op = &domctl_op;

    memset(op, 0, sizeof(*op));
    op->cmd = XEN_DOMCTL_scheduler_op;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = 0;
    op->u.scheduler_op.sched_id = id;
    op->u.scheduler_op.cmd = cmd;
    op->u.scheduler_op.u.credit.weight = weight;
    op->u.scheduler_op.u.credit.cap = cap;
    return HYPERVISOR_domctl(op);
}

static uint16_t weight_now(void)
{
    if (sched_domctl(sched_id, XEN_DOMCTL_SCHEDOP_getinfo, 0, 0) != 0)
        return 0;
    return domctl_op.u.scheduler_op.u.credit.weight;
}

static long sched_sysctl(uint32_t pool, uint32_t id, uint32_t cmd,
                         uint32_t ratelimit_us)
{
    struct xen_sysctl *op = &sysctl_op;
    struct xen_sysctl_scheduler_op *s = &op->u.scheduler_op;

    memset(op, 0, sizeof(*op));
    op->cmd = XEN_SYSCTL_scheduler_op;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    s->cpupool_id = pool;
    s->sched_id = id;
    s->cmd = cmd;
    if (id == XEN_SCHEDULER_CREDIT) {
        s->u.sched_credit.tslice_ms = DEFAULT_TSLICE_MS;
        s->u.sched_credit.ratelimit_us = ratelimit_us;
    } else {
        s->u.sched_credit2.ratelimit_us = ratelimit_us;
    }
    return HYPERVISOR_sysctl(op);
}

static uint32_t ratelimit_read(void)
{
    const struct xen_sysctl_scheduler_op *s = &sysctl_op.u.scheduler_op;

    return sched_id == XEN_SCHEDULER_CREDIT ? s->u.sched_credit.ratelimit_us
                                            : s->u.sched_credit2.ratelimit_us;
}

static bool find_scheduler(void)
{
    memset(&sysctl_op, 0, sizeof(sysctl_op));
    sysctl_op.cmd = XEN_SYSCTL_sched_id;
    sysctl_op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    if (!check_rc(HYPERVISOR_sysctl(&sysctl_op), 0, "sysctl sched_id"))
        return false;
    sched_id = sysctl_op.u.sched_id.sched_id;
    printf("       scheduler %u\n", sched_id);
    return check_true(sched_id == XEN_SCHEDULER_CREDIT ||
                          sched_id == XEN_SCHEDULER_CREDIT2,
                      "  ... credit or credit2");
}

static void check_domctl(void)
{
    uint32_t other = sched_id == XEN_SCHEDULER_CREDIT ? XEN_SCHEDULER_CREDIT2
                                                      : XEN_SCHEDULER_CREDIT;

    check_rc(sched_domctl(sched_id, XEN_DOMCTL_SCHEDOP_getinfo, 0, 0), 0,
             "domctl scheduler_op getinfo on dom0");
    check_hex(domctl_op.u.scheduler_op.u.credit.weight, DEFAULT_WEIGHT,
              "  ... weight 256");
    check_hex(domctl_op.u.scheduler_op.u.credit.cap, 0, "  ... no cap");
    check_rc(sched_domctl(other, XEN_DOMCTL_SCHEDOP_getinfo, 0, 0), -XEN_EINVAL,
             "  another scheduler's ID: -EINVAL");
    check_rc(sched_domctl(sched_id, NO_SUCH_SCHEDOP, 0, 0), -XEN_EINVAL,
             "  cmd 4: -EINVAL");
    check_rc(sched_domctl(sched_id, XEN_DOMCTL_SCHEDOP_putinfo, 512, 0), 0,
             "putinfo weight 512");
    check_hex(weight_now(), 512, "  ... reads back");
    check_rc(sched_domctl(sched_id, XEN_DOMCTL_SCHEDOP_putinfo, 0, 0), 0,
             "putinfo weight 0");
    check_hex(weight_now(), 512, "  ... leaves the weight as it is");
    check_rc(
        sched_domctl(sched_id, XEN_DOMCTL_SCHEDOP_putinfo, DEFAULT_WEIGHT, 0),
        0, "putinfo weight 256 again");
}

static void check_sysctl(void)
{
    check_rc(sched_sysctl(NO_SUCH_POOL, 0, NO_SUCH_SCHEDOP, 0), -XEN_EINVAL,
             "sysctl scheduler_op cmd 4, pool 7: -EINVAL");
    check_rc(sched_sysctl(NO_SUCH_POOL, 0, XEN_SYSCTL_SCHEDOP_getinfo, 0),
             -XEN_ESRCH, "  pool 7, scheduler 0: -ESRCH");
    check_rc(sched_sysctl(0, 0, XEN_SYSCTL_SCHEDOP_getinfo, 0), -XEN_EINVAL,
             "  pool 0, scheduler 0: -EINVAL");
    check_rc(sched_sysctl(0, sched_id, XEN_SYSCTL_SCHEDOP_getinfo, 0), 0,
             "getinfo");
    check_hex(ratelimit_read(), DEFAULT_RATELIMIT_US, "  ... rate limit 1 ms");
    check_rc(sched_sysctl(0, sched_id, XEN_SYSCTL_SCHEDOP_putinfo,
                          RATELIMIT_TOO_SHORT_US),
             -XEN_EINVAL, "putinfo, a rate limit of 50 us: -EINVAL");
    check_rc(sched_sysctl(0, sched_id, XEN_SYSCTL_SCHEDOP_putinfo,
                          DEFAULT_RATELIMIT_US),
             0, "putinfo, the rate limit it had");
    check_hex(ratelimit_read(), DEFAULT_RATELIMIT_US, "  ... answers it");
}

int main(void)
{
    verdict_title("test_schedctl", "the scheduler's domctl and sysctl");
    if (find_scheduler()) {
        check_domctl();
        check_sysctl();
    }
    verdict_end();
}
