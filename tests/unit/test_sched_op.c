/*
 * sched_op (hv/sched_op.c) on the host: yield and block reach the
 * scheduler; shutdown, shutdown_code and remote_shutdown check reasons
 * and rights in Xen's order; poll validates every port before it sleeps,
 * returns at once when something is pending, and its timeout wakes only
 * a vCPU still polling. Hostile input: bad pointers, too many ports,
 * ports out of range, unknown commands.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "arch_double.h"
#include "hypercall_double.h"
#include <hv/errno.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <public/sched.h>
#include <string.h>

#define POLL_MAX_PORTS 128
#define PORTS_AT GUEST_VA(0x100) /* the poll's port array */

static struct domain *dom0, *dom1;

static int setup(void **state)
{
    (void)state;
    double_reset();
    double_init();
    dom0 = double_domain(0, true, 1);
    dom1 = double_domain(1, false, 2);
    double_set_current(dom1->vcpu[0]);
    return 0;
}

/* Let every timer fire, so no poll timeout outlives its test. */
static int teardown(void **state)
{
    (void)state;
    fake_cycles = UINT64_MAX / 2;
    timer_softirq();
    double_reset();
    return 0;
}

static long sched_op(int cmd, guest_va_t arg)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {(uint64_t)(unsigned int)cmd,
                                               arg};

    return do_sched_op(args);
}

static guest_va_t shutdown_arg(unsigned int reason)
{
    ((struct sched_shutdown *)guest_ptr(GUEST_VA(0)))->reason = reason;
    return GUEST_VA(0);
}

static guest_va_t remote_arg(domid_t id, unsigned int reason)
{
    struct sched_remote_shutdown *op = guest_ptr(GUEST_VA(0));

    op->domain_id = id;
    op->reason = reason;
    return GUEST_VA(0);
}

/* A sched_poll at offset 0 watching nr ports of PORTS_AT. */
static guest_va_t poll_arg(unsigned int nr, uint64_t timeout)
{
    struct sched_poll *op = guest_ptr(GUEST_VA(0));

    op->ports.p = (evtchn_port_t *)(uintptr_t)PORTS_AT;
    op->nr_ports = nr;
    op->timeout = timeout;
    return GUEST_VA(0);
}

static void set_port(unsigned int i, evtchn_port_t port)
{
    ((evtchn_port_t *)guest_ptr(PORTS_AT))[i] = port;
}

static void test_yield_and_block(void **state)
{
    (void)state;
    assert_int_equal(sched_op(SCHEDOP_yield, 0), 0);
    assert_int_equal(double_log.yields, 1);
    assert_int_equal(sched_op(SCHEDOP_block, GUEST_BAD_VA), 0);
    assert_int_equal(double_log.blocks, 1);
}

static void test_shutdown(void **state)
{
    (void)state;
    assert_int_equal(sched_op(SCHEDOP_shutdown, shutdown_arg(SHUTDOWN_crash)),
                     0);
    assert_int_equal(double_log.shutdowns, 1);
    assert_ptr_equal(double_log.shutdown_domain, dom1);
    assert_int_equal(double_log.shutdown_reason, SHUTDOWN_crash);
}

static void test_shutdown_every_reason(void **state)
{
    (void)state;
    for (unsigned int r = SHUTDOWN_poweroff; r <= SHUTDOWN_soft_reset; r++) {
        assert_int_equal(sched_op(SCHEDOP_shutdown, shutdown_arg(r)), 0);
        assert_int_equal(double_log.shutdown_reason, r);
    }
}

static void test_shutdown_hostile(void **state)
{
    (void)state;
    assert_int_equal(
        sched_op(SCHEDOP_shutdown, shutdown_arg(SHUTDOWN_soft_reset + 1)),
        -EINVAL);
    assert_int_equal(sched_op(SCHEDOP_shutdown, shutdown_arg(~0U)), -EINVAL);
    assert_int_equal(sched_op(SCHEDOP_shutdown, GUEST_BAD_VA), -EFAULT);
    assert_int_equal(sched_op(SCHEDOP_shutdown, GUEST_VA_END - 2), -EFAULT);
    assert_int_equal(double_log.shutdowns, 0);
}

static void test_shutdown_code(void **state)
{
    (void)state;
    assert_int_equal(
        sched_op(SCHEDOP_shutdown_code, shutdown_arg(SHUTDOWN_reboot)), 0);
    assert_true(dom1->shutdown_code_set);
    assert_int_equal(dom1->shutdown_code, SHUTDOWN_reboot);
    /* Only the first code counts. */
    assert_int_equal(
        sched_op(SCHEDOP_shutdown_code, shutdown_arg(SHUTDOWN_crash)), 0);
    assert_int_equal(dom1->shutdown_code, SHUTDOWN_reboot);
    /* Only latched: the domain goes on. */
    assert_int_equal(double_log.shutdowns, 0);
    assert_int_equal(sched_op(SCHEDOP_shutdown_code, shutdown_arg(6)), -EINVAL);
    assert_int_equal(sched_op(SCHEDOP_shutdown_code, GUEST_BAD_VA), -EFAULT);
}

static void test_remote_shutdown_rights(void **state)
{
    (void)state;
    /* Unprivileged: -ESRCH for a missing domain first, else -EPERM. */
    assert_int_equal(
        sched_op(SCHEDOP_remote_shutdown, remote_arg(9, SHUTDOWN_poweroff)),
        -ESRCH);
    assert_int_equal(
        sched_op(SCHEDOP_remote_shutdown, remote_arg(0, SHUTDOWN_poweroff)),
        -EPERM);
    assert_int_equal(double_log.shutdowns, 0);

    double_set_current(dom0->vcpu[0]);
    assert_int_equal(
        sched_op(SCHEDOP_remote_shutdown, remote_arg(1, SHUTDOWN_reboot)), 0);
    assert_ptr_equal(double_log.shutdown_domain, dom1);
    assert_int_equal(double_log.shutdown_reason, SHUTDOWN_reboot);
    /* DOMID_SELF names no domain here, as in Xen. */
    assert_int_equal(sched_op(SCHEDOP_remote_shutdown,
                              remote_arg(DOMID_SELF, SHUTDOWN_poweroff)),
                     -ESRCH);
}

/* Xen 4.17 takes any reason from the controller, as a byte (measured by
 * test_build: reason 99 reads back as 99). */
static void test_remote_shutdown_hostile(void **state)
{
    (void)state;
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(sched_op(SCHEDOP_remote_shutdown, GUEST_BAD_VA), -EFAULT);
    assert_int_equal(double_log.shutdowns, 0);
    assert_int_equal(sched_op(SCHEDOP_remote_shutdown, remote_arg(1, 0x163)),
                     0);
    assert_int_equal(double_log.shutdowns, 1);
    assert_int_equal(double_log.shutdown_reason, 0x63);
}

/* Xen 4.17 takes any reason from the controller and keeps its low byte
 * (test_build measures it on both hypervisors). */
static void test_remote_shutdown_any_reason(void **state)
{
    (void)state;
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(sched_op(SCHEDOP_remote_shutdown, remote_arg(1, 99)), 0);
    assert_int_equal(double_log.shutdown_reason, 99);
    assert_int_equal(sched_op(SCHEDOP_remote_shutdown, remote_arg(1, 0x1ff)),
                     0);
    assert_int_equal(double_log.shutdown_reason, 0xff);
}

static void test_unknown_commands(void **state)
{
    (void)state;
    assert_int_equal(sched_op(SCHEDOP_watchdog, GUEST_VA(0)), -ENOSYS);
    assert_int_equal(sched_op(SCHEDOP_pin_override, GUEST_VA(0)), -ENOSYS);
    assert_int_equal(sched_op(8, GUEST_VA(0)), -ENOSYS);
    assert_int_equal(sched_op(-1, GUEST_VA(0)), -ENOSYS);
}

/* ---- Poll. ---- */

static void assert_not_polling(const struct vcpu *v)
{
    assert_false(v->polling);
    assert_false(v->blocked);
}

static void test_poll_hostile_arguments(void **state)
{
    struct vcpu *v = dom1->vcpu[0];

    (void)state;
    assert_int_equal(sched_op(SCHEDOP_poll, GUEST_BAD_VA), -EFAULT);
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(POLL_MAX_PORTS + 1, 0)),
                     -EINVAL);
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(~0U, 0)), -EINVAL);
    /* A port beyond the domain's limit, after a good one. */
    set_port(0, 3);
    set_port(1, 1024);
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(2, 0)), -EINVAL);
    /* The port array itself faults. */
    ((struct sched_poll *)guest_ptr(poll_arg(1, 0)))->ports.p =
        (evtchn_port_t *)(uintptr_t)GUEST_BAD_VA;
    assert_int_equal(sched_op(SCHEDOP_poll, GUEST_VA(0)), -EFAULT);
    /* The array runs off the end of guest memory. */
    ((struct sched_poll *)guest_ptr(poll_arg(2, 0)))->ports.p =
        (evtchn_port_t *)(uintptr_t)(GUEST_VA_END - sizeof(evtchn_port_t));
    assert_int_equal(sched_op(SCHEDOP_poll, GUEST_VA(0)), -EFAULT);
    /* Nothing was changed by any of them. */
    assert_not_polling(v);
    assert_int_equal(double_log.sleeps, 0);
}

static void test_poll_pending_port_returns_at_once(void **state)
{
    (void)state;
    for (unsigned int i = 0; i < POLL_MAX_PORTS; i++)
        set_port(i, i + 1);
    double_port_pending[POLL_MAX_PORTS] = true; /* the last one */
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(POLL_MAX_PORTS, 0)), 0);
    assert_not_polling(dom1->vcpu[0]);
    assert_int_equal(double_log.sleeps, 0);
    /* Pending bits are left alone. */
    assert_true(double_port_pending[POLL_MAX_PORTS]);
}

static void test_poll_deliverable_event_returns_at_once(void **state)
{
    (void)state;
    set_port(0, 5);
    double_event_deliverable = true;
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(1, 0)), 0);
    assert_not_polling(dom1->vcpu[0]);
    assert_int_equal(double_log.sleeps, 0);
}

static void test_poll_sleeps(void **state)
{
    struct vcpu *v = dom1->vcpu[0];

    (void)state;
    set_port(0, 5);
    double_port_pending[6] = true; /* not a watched port */
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(1, 0)), 0);
    assert_true(v->polling);
    assert_true(v->blocked);
    assert_int_equal(double_log.sleeps, 1);
}

static void test_poll_no_ports_sleeps(void **state)
{
    (void)state;
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(0, 0)), 0);
    assert_true(dom1->vcpu[0]->polling);
    assert_int_equal(double_log.sleeps, 1);
}

static void test_poll_timeout_past(void **state)
{
    (void)state;
    fake_cycles = DOUBLE_BOOT_CYCLES + 5000; /* now: 5000 ns */
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(0, 5000)), 0);
    assert_not_polling(dom1->vcpu[0]);
    assert_int_equal(double_log.sleeps, 0);
}

static void test_poll_timeout_wakes(void **state)
{
    struct vcpu *v = dom1->vcpu[0];

    (void)state;
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(0, 10000)), 0);
    assert_true(v->polling);
    fake_cycles = DOUBLE_BOOT_CYCLES + 9999;
    timer_softirq();
    assert_true(v->polling);
    fake_cycles = DOUBLE_BOOT_CYCLES + 10000;
    timer_softirq();
    assert_not_polling(v);
    assert_int_equal(double_log.wakes, 1);
}

/* Woken by an event first: the timeout later does nothing. */
static void test_poll_stale_timeout_is_harmless(void **state)
{
    struct vcpu *v = dom1->vcpu[0];

    (void)state;
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(0, 10000)), 0);
    vcpu_wake(v);
    v->blocked = true; /* now blocked for another reason */
    fake_cycles = DOUBLE_BOOT_CYCLES + 20000;
    timer_softirq();
    assert_true(v->blocked);
    assert_int_equal(double_log.wakes, 1);
}

/* A second poll with a timeout re-arms the vCPU's poll timer. */
static void test_poll_timeout_rearmed(void **state)
{
    struct vcpu *v = dom1->vcpu[0];

    (void)state;
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(0, 10000)), 0);
    vcpu_wake(v);
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(0, 30000)), 0);
    fake_cycles = DOUBLE_BOOT_CYCLES + 20000;
    timer_softirq();
    assert_true(v->polling);
    fake_cycles = DOUBLE_BOOT_CYCLES + 30000;
    timer_softirq();
    assert_not_polling(v);
}

/* A poll without a timeout drops the previous poll's: it is not woken
 * at the old time. */
static void test_poll_without_timeout_drops_old_one(void **state)
{
    struct vcpu *v = dom1->vcpu[0];

    (void)state;
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(0, 10000)), 0);
    vcpu_wake(v);
    assert_int_equal(sched_op(SCHEDOP_poll, poll_arg(0, 0)), 0);
    fake_cycles = DOUBLE_BOOT_CYCLES + 20000;
    timer_softirq();
    assert_true(v->polling);
}

/* Many vCPUs polling with a timeout at once: each sleeps, and each
 * wakes at its own timeout. */
static void test_poll_timeout_many_vcpus(void **state)
{
    struct domain *big = double_domain(2, false, MAX_VIRT_CPUS);
    struct domain *more = double_domain(3, false, MAX_VIRT_CPUS);
    struct domain *doms[] = {big, more};

    (void)state;
    for (unsigned int d = 0; d < 2; d++) {
        for (unsigned int i = 0; i < MAX_VIRT_CPUS; i++) {
            double_set_current(doms[d]->vcpu[i]);
            assert_int_equal(
                sched_op(SCHEDOP_poll, poll_arg(0, 10000 + 100 * d)), 0);
            assert_true(doms[d]->vcpu[i]->polling);
        }
    }
    assert_int_equal(double_log.sleeps, 2 * MAX_VIRT_CPUS);
    fake_cycles = DOUBLE_BOOT_CYCLES + 10000;
    timer_softirq();
    for (unsigned int i = 0; i < MAX_VIRT_CPUS; i++) {
        assert_not_polling(big->vcpu[i]);
        assert_true(more->vcpu[i]->polling);
    }
    fake_cycles = DOUBLE_BOOT_CYCLES + 10100;
    timer_softirq();
    for (unsigned int i = 0; i < MAX_VIRT_CPUS; i++)
        assert_not_polling(more->vcpu[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_yield_and_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shutdown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shutdown_every_reason, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_shutdown_hostile, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shutdown_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remote_shutdown_rights, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_remote_shutdown_any_reason, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_remote_shutdown_hostile, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unknown_commands, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poll_hostile_arguments, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_poll_pending_port_returns_at_once,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_poll_deliverable_event_returns_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poll_sleeps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poll_no_ports_sleeps, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_poll_timeout_past, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_poll_timeout_wakes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_poll_stale_timeout_is_harmless,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_poll_timeout_rearmed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_poll_without_timeout_drops_old_one,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_poll_timeout_many_vcpus, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
