/*
 * The scheduler's domctl and sysctl handlers (hv/domctl_sched.c) on the
 * host, over the real credit policy: Xen 4.17's checks in its order
 * (sched_id, cmd, CPU pool), weight 0 and cap 0xffff leaving a value as
 * it is, the sysctl's ranges, and what is copied back.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <hv/domctl_sched.h>
#include <hv/errno.h>
#include <hv/sched.h>
#include <string.h>

/* sched.c's parameter API over a policy of our own. */
static struct csched credit;
static struct domain dom;

void sched_credit_get(const struct domain *d, uint16_t *weight, uint16_t *cap)
{
    *weight = (uint16_t)d->sched.weight;
    *cap = (uint16_t)d->sched.cap;
}

void sched_credit_put(struct domain *d, uint16_t weight, uint16_t cap)
{
    csched_dom_set(&d->sched, weight, cap);
}

void sched_params_get(uint32_t *tslice_ms, uint32_t *ratelimit_us,
                      uint32_t *migr_delay_us)
{
    *tslice_ms = (uint32_t)(credit.tslice_ns / 1000000);
    *ratelimit_us = (uint32_t)(credit.ratelimit_ns / 1000);
    *migr_delay_us = credit.migr_delay_us;
}

int sched_params_put(uint32_t tslice_ms, uint32_t ratelimit_us,
                     uint32_t migr_delay_us)
{
    return csched_params_set(&credit, tslice_ms, ratelimit_us, migr_delay_us);
}

static int setup(void **state)
{
    (void)state;
    memset(&dom, 0, sizeof(dom));
    csched_init(&credit, 1);
    csched_dom_init(&credit, &dom.sched);
    return 0;
}

static long domctl(uint32_t sched_id, uint32_t cmd, uint16_t weight,
                   uint16_t cap, struct xen_domctl *op, bool *copyback)
{
    memset(op, 0, sizeof(*op));
    op->cmd = XEN_DOMCTL_scheduler_op;
    op->u.scheduler_op.sched_id = sched_id;
    op->u.scheduler_op.cmd = cmd;
    op->u.scheduler_op.u.credit.weight = weight;
    op->u.scheduler_op.u.credit.cap = cap;
    *copyback = false;
    return domctl_scheduler_op(op, &dom, copyback);
}

static void test_domctl_get_put(void **state)
{
    struct xen_domctl op;
    bool copyback;

    (void)state;
    assert_int_equal(domctl(XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo, 0,
                            0, &op, &copyback),
                     0);
    assert_true(copyback);
    assert_int_equal(op.u.scheduler_op.u.credit.weight, 256);
    assert_int_equal(op.u.scheduler_op.u.credit.cap, 0);
    assert_int_equal(domctl(XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_putinfo,
                            512, 50, &op, &copyback),
                     0);
    assert_int_equal(dom.sched.weight, 512);
    assert_int_equal(dom.sched.cap, 50);
    /* Weight 0 and cap 0xffff leave each as it is. */
    assert_int_equal(domctl(XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_putinfo, 0,
                            0xffff, &op, &copyback),
                     0);
    assert_int_equal(dom.sched.weight, 512);
    assert_int_equal(dom.sched.cap, 50);
    assert_int_equal(domctl(XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_putinfo,
                            65535, 0, &op, &copyback),
                     0);
    assert_int_equal(dom.sched.weight, 65535);
    assert_int_equal(dom.sched.cap, 0);
}

static void test_domctl_refusals(void **state)
{
    struct xen_domctl op;
    bool copyback;

    (void)state;
    assert_int_equal(domctl(XEN_SCHEDULER_CREDIT2, XEN_DOMCTL_SCHEDOP_getinfo,
                            0, 0, &op, &copyback),
                     -EINVAL);
    assert_true(copyback);
    assert_int_equal(
        domctl(0, XEN_DOMCTL_SCHEDOP_putinfo, 1, 1, &op, &copyback), -EINVAL);
    assert_int_equal(domctl(XEN_SCHEDULER_CREDIT,
                            XEN_DOMCTL_SCHEDOP_putvcpuinfo, 1, 1, &op,
                            &copyback),
                     -EINVAL);
    assert_int_equal(domctl(XEN_SCHEDULER_CREDIT,
                            XEN_DOMCTL_SCHEDOP_getvcpuinfo, 1, 1, &op,
                            &copyback),
                     -EINVAL);
    assert_int_equal(domctl(XEN_SCHEDULER_CREDIT, 4, 1, 1, &op, &copyback),
                     -EINVAL);
    assert_int_equal(dom.sched.weight, 256);
    assert_int_equal(dom.sched.cap, 0);
}

static long sysctl(uint32_t pool, uint32_t sched_id, uint32_t cmd,
                   uint32_t tslice_ms, uint32_t ratelimit_us,
                   struct xen_sysctl *op, bool *copyback)
{
    memset(op, 0, sizeof(*op));
    op->cmd = XEN_SYSCTL_scheduler_op;
    op->u.scheduler_op.cpupool_id = pool;
    op->u.scheduler_op.sched_id = sched_id;
    op->u.scheduler_op.cmd = cmd;
    op->u.scheduler_op.u.sched_credit.tslice_ms = tslice_ms;
    op->u.scheduler_op.u.sched_credit.ratelimit_us = ratelimit_us;
    *copyback = false;
    return sysctl_scheduler_op(op, copyback);
}

static void test_sysctl_get_put(void **state)
{
    struct xen_sysctl op;
    bool copyback;

    (void)state;
    assert_int_equal(sysctl(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo,
                            0, 0, &op, &copyback),
                     0);
    assert_true(copyback);
    assert_int_equal(op.u.scheduler_op.u.sched_credit.tslice_ms, 30);
    assert_int_equal(op.u.scheduler_op.u.sched_credit.ratelimit_us, 1000);
    assert_int_equal(sysctl(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_putinfo,
                            10, 500, &op, &copyback),
                     0);
    assert_true(copyback);
    assert_int_equal(op.u.scheduler_op.u.sched_credit.tslice_ms, 10);
    assert_int_equal(op.u.scheduler_op.u.sched_credit.ratelimit_us, 500);
    assert_int_equal(credit.tslice_ns, 10000000);
}

static void test_sysctl_refusals(void **state)
{
    struct xen_sysctl op;
    bool copyback;

    (void)state;
    /* Xen's order: cmd, then the pool, then the scheduler. */
    assert_int_equal(
        sysctl(7, XEN_SCHEDULER_CREDIT2, 2, 30, 1000, &op, &copyback), -EINVAL);
    assert_int_equal(sysctl(7, XEN_SCHEDULER_CREDIT2,
                            XEN_SYSCTL_SCHEDOP_getinfo, 30, 1000, &op,
                            &copyback),
                     -ESRCH);
    assert_int_equal(sysctl(0, XEN_SCHEDULER_CREDIT2,
                            XEN_SYSCTL_SCHEDOP_getinfo, 30, 1000, &op,
                            &copyback),
                     -EINVAL);
    assert_int_equal(sysctl(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_putinfo,
                            0, 1000, &op, &copyback),
                     -EINVAL);
    assert_int_equal(sysctl(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_putinfo,
                            1, 2000, &op, &copyback),
                     -EINVAL);
    assert_false(copyback);
    assert_int_equal(credit.tslice_ns, 30000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_domctl_get_put, setup),
        cmocka_unit_test_setup(test_domctl_refusals, setup),
        cmocka_unit_test_setup(test_sysctl_get_put, setup),
        cmocka_unit_test_setup(test_sysctl_refusals, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
