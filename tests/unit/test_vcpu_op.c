/*
 * vcpu_op and set_timer_op (hv/vcpu_op.c) and the PV clock
 * (hv/pvclock.c) on the host: vCPU lookup (-ENOENT), is_up, runstate
 * accounting up to now, the one-shot timer (only the vCPU's own, a past
 * deadline fires at once, the future flag ignored, VIRQ_TIMER when it fires),
 * the periodic timer (Xen's 10 ms default, ticking only while resumed),
 * set_timer_op's far-future workaround, and the version protocol of the
 * published clock.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "arch_double.h"
#include "hypercall_double.h"
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/pvclock.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <public/vcpu.h>
#include <string.h>

#define NS_100MS 100000000ULL

static struct domain *dom;
static struct vcpu *v0, *v1;

static int setup(void **state)
{
    (void)state;
    double_reset();
    double_init();
    dom = double_domain(1, false, 2);
    v0 = dom->vcpu[0];
    v1 = dom->vcpu[1];
    double_set_current(v0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    double_reset();
    return 0;
}

static long vcpu_op(int cmd, uint64_t vcpuid, guest_va_t arg)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {(uint64_t)(unsigned int)cmd,
                                               vcpuid, arg};

    return do_vcpu_op(args);
}

static long set_timer_op(uint64_t timeout)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {timeout};

    return do_set_timer_op(args);
}

static void run_timers_at(uint64_t ns)
{
    fake_cycles = DOUBLE_BOOT_CYCLES + ns;
    timer_softirq();
}

static guest_va_t singleshot_arg(uint64_t timeout, uint32_t flags)
{
    struct vcpu_set_singleshot_timer *op = guest_ptr(GUEST_VA(0));

    op->timeout_abs_ns = timeout;
    op->flags = flags;
    return GUEST_VA(0);
}

static void test_bad_vcpuid(void **state)
{
    static const uint64_t bad[] = {2, MAX_VIRT_CPUS, UINT32_MAX};
    static const int cmds[] = {VCPUOP_is_up, VCPUOP_get_runstate_info,
                               VCPUOP_set_singleshot_timer, VCPUOP_up, 99};

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        for (size_t j = 0; j < sizeof(cmds) / sizeof(cmds[0]); j++)
            assert_int_equal(vcpu_op(cmds[j], bad[i], GUEST_VA(0)), -ENOENT);
    /* A slot below max_vcpus with no vCPU in it. */
    dom->vcpu[1] = NULL;
    assert_int_equal(vcpu_op(VCPUOP_is_up, 1, 0), -ENOENT);
    dom->vcpu[1] = v1;
    /* vcpuid is an unsigned int: bits above 31 are not part of it. */
    assert_int_equal(vcpu_op(VCPUOP_is_up, (UINT64_C(1) << 32) | 1, 0), 1);
}

static void test_is_up(void **state)
{
    (void)state;
    v1->online = false;
    assert_int_equal(vcpu_op(VCPUOP_is_up, 0, 0), 1);
    assert_int_equal(vcpu_op(VCPUOP_is_up, 1, 0), 0);
}

static void test_runstate_info(void **state)
{
    const struct vcpu_runstate_info *info = guest_ptr(GUEST_VA(0x80));

    (void)state;
    v1->runstate = RUNSTATE_blocked;
    v1->runstate_entry_time = 1000;
    v1->runstate_time[RUNSTATE_running] = 500;
    v1->runstate_time[RUNSTATE_blocked] = 200;
    fake_cycles = DOUBLE_BOOT_CYCLES + 4000; /* now: 4000 ns */
    assert_int_equal(vcpu_op(VCPUOP_get_runstate_info, 1, GUEST_VA(0x80)), 0);
    assert_int_equal(info->state, RUNSTATE_blocked);
    assert_int_equal(info->state_entry_time, 1000);
    assert_int_equal(info->time[RUNSTATE_running], 500);
    /* The current state's time runs up to now. */
    assert_int_equal(info->time[RUNSTATE_blocked], 200 + 3000);
    assert_int_equal(info->time[RUNSTATE_offline], 0);
    /* The vCPU's own accounting is not changed by reading it. */
    assert_int_equal(v1->runstate_time[RUNSTATE_blocked], 200);
    assert_int_equal(vcpu_op(VCPUOP_get_runstate_info, 1, GUEST_BAD_VA),
                     -EFAULT);
}

static void test_singleshot_fires_virq(void **state)
{
    (void)state;
    assert_int_equal(vcpu_op(VCPUOP_set_singleshot_timer, 0,
                             singleshot_arg(5000, VCPU_SSHOTTMR_future)),
                     0);
    run_timers_at(4999);
    assert_int_equal(double_log.virqs, 0);
    run_timers_at(5000);
    assert_int_equal(double_log.virqs, 1);
    assert_ptr_equal(double_log.virq_vcpu, v0);
    assert_int_equal(double_log.virq, VIRQ_TIMER);
}

static void test_singleshot_past(void **state)
{
    (void)state;
    fake_cycles = DOUBLE_BOOT_CYCLES + 5000;
    /* Xen 4.17 ignores the future flag: a past deadline fires at once,
     * with or without it, and so does 0. */
    assert_int_equal(vcpu_op(VCPUOP_set_singleshot_timer, 0,
                             singleshot_arg(4999, VCPU_SSHOTTMR_future)),
                     0);
    timer_softirq();
    assert_int_equal(double_log.virqs, 1);
    assert_int_equal(
        vcpu_op(VCPUOP_set_singleshot_timer, 0, singleshot_arg(0, 0)), 0);
    timer_softirq();
    assert_int_equal(double_log.virqs, 2);
}

static void test_singleshot_hostile(void **state)
{
    (void)state;
    /* Another vCPU's timer: -EINVAL before the argument is read. */
    assert_int_equal(vcpu_op(VCPUOP_set_singleshot_timer, 1, GUEST_BAD_VA),
                     -EINVAL);
    assert_int_equal(vcpu_op(VCPUOP_stop_singleshot_timer, 1, 0), -EINVAL);
    assert_int_equal(vcpu_op(VCPUOP_set_singleshot_timer, 0, GUEST_BAD_VA),
                     -EFAULT);
    assert_false(v0->singleshot_timer.active);
    assert_false(v1->singleshot_timer.active);
}

static void test_stop_singleshot(void **state)
{
    (void)state;
    assert_int_equal(
        vcpu_op(VCPUOP_set_singleshot_timer, 0, singleshot_arg(5000, 0)), 0);
    assert_int_equal(vcpu_op(VCPUOP_stop_singleshot_timer, 0, 0), 0);
    run_timers_at(6000);
    assert_int_equal(double_log.virqs, 0);
    /* Stopping a stopped timer is fine. */
    assert_int_equal(vcpu_op(VCPUOP_stop_singleshot_timer, 0, 0), 0);
}

static void poll_fired(struct timer *t, void *data)
{
    (void)t;
    *(bool *)data = true;
}

/* A vCPU's timers all stop with it (its domain shuts down or goes),
 * SCHEDOP_poll's timeout too: none may fire on a vCPU that is gone. */
static void test_timers_stop(void **state)
{
    bool poll_fire = false;

    (void)state;
    assert_int_equal(
        vcpu_op(VCPUOP_set_singleshot_timer, 0, singleshot_arg(5000, 0)), 0);
    timer_init(&v0->poll_timer, poll_fired, &poll_fire);
    timer_set(&v0->poll_timer, 5000);
    vcpu_timers_stop(v0);
    assert_false(v0->singleshot_timer.active);
    assert_false(v0->periodic_timer.active);
    assert_false(v0->poll_timer.active);
    run_timers_at(10000);
    assert_false(poll_fire);
    assert_int_equal(double_log.virqs, 0);
}

static void test_unknown_ops(void **state)
{
    /* 14 and 15 are Xen 4.18's; 4.17 does not know them either. */
    static const int cmds[] = {VCPUOP_register_runstate_phys_area,
                               VCPUOP_register_vcpu_time_phys_area, 16, -1};

    (void)state;
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        assert_int_equal(vcpu_op(cmds[i], 0, GUEST_VA(0)), -ENOSYS);
}

static guest_va_t periodic_arg(uint64_t period)
{
    struct vcpu_set_periodic_timer *op = guest_ptr(GUEST_VA(0));

    op->period_ns = period;
    return GUEST_VA(0);
}

static void test_periodic(void **state)
{
    (void)state;
    assert_int_equal(vcpu_op(VCPUOP_set_periodic_timer, 0, periodic_arg(0)),
                     -EINVAL);
    assert_int_equal(
        vcpu_op(VCPUOP_set_periodic_timer, 0, periodic_arg(999999)), -EINVAL);
    assert_int_equal(
        vcpu_op(VCPUOP_set_periodic_timer, 0, periodic_arg(UINT64_MAX)),
        -EINVAL);
    assert_int_equal(vcpu_op(VCPUOP_set_periodic_timer, 0, GUEST_BAD_VA),
                     -EFAULT);
    assert_int_equal(
        vcpu_op(VCPUOP_set_periodic_timer, 0, periodic_arg(1000000)), 0);
    run_timers_at(999999);
    assert_int_equal(double_log.virqs, 0);
    run_timers_at(1000000);
    assert_int_equal(double_log.virqs, 1);
    run_timers_at(2000000);
    assert_int_equal(double_log.virqs, 2);
    /* Late by several periods: one tick, then a period from now. */
    run_timers_at(10500000);
    assert_int_equal(double_log.virqs, 3);
    run_timers_at(11000000);
    assert_int_equal(double_log.virqs, 3);
    run_timers_at(11500000);
    assert_int_equal(double_log.virqs, 4);
    assert_int_equal(vcpu_op(VCPUOP_stop_periodic_timer, 0, 0), 0);
    run_timers_at(20000000);
    assert_int_equal(double_log.virqs, 4);
    assert_int_equal(vcpu_op(VCPUOP_stop_periodic_timer, 1, 0), 0);
}

/* Every vCPU starts with Xen's 10 ms period; it ticks once resumed. */
static void test_periodic_default(void **state)
{
    (void)state;
    assert_int_equal(v0->periodic_period, 10000000);
    vcpu_periodic_resume(v0);
    run_timers_at(9999999);
    assert_int_equal(double_log.virqs, 0);
    run_timers_at(10000000);
    assert_int_equal(double_log.virqs, 1);
    assert_ptr_equal(double_log.virq_vcpu, v0);
    assert_int_equal(double_log.virq, VIRQ_TIMER);
}

/* Paused (the vCPU left the CPU), it does not tick; resumed, a tick due
 * comes at once and the next a period after it. */
static void test_periodic_paused_while_away(void **state)
{
    (void)state;
    assert_int_equal(
        vcpu_op(VCPUOP_set_periodic_timer, 0, periodic_arg(1000000)), 0);
    run_timers_at(1000000);
    assert_int_equal(double_log.virqs, 1);
    vcpu_periodic_pause(v0);
    run_timers_at(5000000);
    assert_int_equal(double_log.virqs, 1);
    vcpu_periodic_resume(v0);
    assert_int_equal(double_log.virqs, 2);
    run_timers_at(5999999);
    assert_int_equal(double_log.virqs, 2);
    run_timers_at(6000000);
    assert_int_equal(double_log.virqs, 3);
    /* Back within a period of the last tick: no tick at once. */
    vcpu_periodic_pause(v0);
    fake_cycles = DOUBLE_BOOT_CYCLES + 6500000;
    vcpu_periodic_resume(v0);
    assert_int_equal(double_log.virqs, 3);
    run_timers_at(7000000);
    assert_int_equal(double_log.virqs, 4);
}

/* Setting a period: a tick at once when a period has passed since the
 * last one; on another vCPU, nothing until that vCPU runs. */
static void test_periodic_set_when_due(void **state)
{
    (void)state;
    run_timers_at(30000000);
    assert_int_equal(
        vcpu_op(VCPUOP_set_periodic_timer, 0, periodic_arg(10000000)), 0);
    assert_int_equal(double_log.virqs, 1);
    assert_int_equal(
        vcpu_op(VCPUOP_set_periodic_timer, 0, periodic_arg(10000000)), 0);
    assert_int_equal(double_log.virqs, 1);
    run_timers_at(40000000);
    assert_int_equal(double_log.virqs, 2);
    assert_int_equal(
        vcpu_op(VCPUOP_set_periodic_timer, 1, periodic_arg(1000000)), 0);
    run_timers_at(45000000);
    assert_int_equal(double_log.virqs, 2);
}

static void test_up_initialise_nmi_physid(void **state)
{
    (void)state;
    v0->initialised = true;
    v0->online = true;
    assert_int_equal(vcpu_op(VCPUOP_initialise, 0, GUEST_BAD_VA), -EFAULT);
    assert_int_equal(vcpu_op(VCPUOP_initialise, 0, GUEST_VA(0)), -EEXIST);
    assert_int_equal(vcpu_op(VCPUOP_up, 1, 0), -EINVAL);
    /* The arch's refusal leaves the vCPU uninitialised. */
    double_initialise_rc = -EINVAL;
    assert_int_equal(vcpu_op(VCPUOP_initialise, 1, GUEST_VA(0)), -EINVAL);
    assert_false(v1->initialised);
    double_initialise_rc = 0;
    assert_int_equal(vcpu_op(VCPUOP_initialise, 1, GUEST_VA(0)), 0);
    assert_true(v1->initialised);
    assert_int_equal(vcpu_op(VCPUOP_initialise, 1, GUEST_VA(0)), -EEXIST);
    assert_int_equal(double_log.initialises, 2);
    assert_int_equal(vcpu_op(VCPUOP_up, 0, 0), 0);
    assert_int_equal(vcpu_op(VCPUOP_is_up, 0, 0), 1);
    assert_int_equal(vcpu_op(VCPUOP_send_nmi, 0, GUEST_VA(0)), -EINVAL);
    assert_int_equal(double_log.nmis, 0);
    assert_int_equal(vcpu_op(VCPUOP_send_nmi, 0, 0), 0);
    assert_int_equal(double_log.nmis, 1);
    assert_int_equal(vcpu_op(VCPUOP_get_physid, 0, GUEST_BAD_VA), -EFAULT);
    assert_int_equal(vcpu_op(VCPUOP_get_physid, 0, GUEST_VA(0)), 0);
}

/* The area address argument at offset 0; the area itself at 0x200. */
static guest_va_t area_arg(uint64_t va)
{
    struct vcpu_register_runstate_memory_area *a = guest_ptr(GUEST_VA(0));

    a->addr.p = va;
    return GUEST_VA(0);
}

static void test_runstate_area(void **state)
{
    const struct vcpu_runstate_info *rs = guest_ptr(GUEST_VA(0x200));

    (void)state;
    assert_int_equal(
        vcpu_op(VCPUOP_register_runstate_memory_area, 0, GUEST_BAD_VA),
        -EFAULT);
    assert_int_equal(vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                             area_arg(0xffff800000001000UL)),
                     -EFAULT);
    assert_int_equal(v0->runstate_area, 0);
    v0->runstate = RUNSTATE_running;
    v0->runstate_entry_time = 1234;
    dom->vm_assist |= 1UL << VMASST_TYPE_runstate_update_flag;
    assert_int_equal(vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                             area_arg(GUEST_VA(0x200))),
                     0);
    assert_int_equal(rs->state, RUNSTATE_running);
    /* The update flag is set only while the copy is written. */
    assert_int_equal(rs->state_entry_time, 1234);
    /* A change marks it stale; the exit path writes it. */
    v0->runstate_entry_time = 5678;
    v0->runstate_area_stale = true;
    vcpu_publish_areas(v0);
    assert_int_equal(rs->state_entry_time, 5678);
    assert_false(v0->runstate_area_stale);
    /* 0 stops the copies. */
    assert_int_equal(
        vcpu_op(VCPUOP_register_runstate_memory_area, 0, area_arg(0)), 0);
    v0->runstate_entry_time = 9999;
    v0->runstate_area_stale = true;
    vcpu_publish_areas(v0);
    assert_int_equal(rs->state_entry_time, 5678);
}

static void test_time_area(void **state)
{
    const struct vcpu_time_info *t = guest_ptr(GUEST_VA(0x300));

    (void)state;
    pvclock_update_vcpu(v0);
    assert_int_equal(vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
                             area_arg(GUEST_VA(0x300))),
                     0);
    assert_int_equal(t->version, v0->vcpu_info->time.version);
    assert_int_equal(t->system_time, v0->vcpu_info->time.system_time);
    fake_cycles += 1000;
    pvclock_update_vcpu(v0);
    assert_true(v0->time_area_stale);
    vcpu_publish_areas(v0);
    assert_int_equal(t->version, v0->vcpu_info->time.version);
    assert_int_equal(t->tsc_timestamp, v0->vcpu_info->time.tsc_timestamp);
    assert_int_equal(
        vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, GUEST_BAD_VA),
        -EFAULT);
}

/* A struct vcpu_register_vcpu_info in guest memory at 'va'. */
static guest_va_t put_register_arg(guest_va_t va, uint64_t mfn, uint32_t offset)
{
    struct vcpu_register_vcpu_info r = {.mfn = mfn, .offset = offset};

    memcpy(guest_ptr(va), &r, sizeof(r));
    return va;
}

static void test_register_vcpu_info(void **state)
{
    struct vcpu *v = current_vcpu();
    struct vcpu_info *old = v->vcpu_info, *moved;
    const uint32_t offset = 128;

    (void)state;
    old->evtchn_upcall_mask = 1;
    old->arch.cr2 = 0xdead000;
    assert_int_equal(vcpu_op(VCPUOP_register_vcpu_info, 0, GUEST_BAD_VA),
                     -EFAULT);
    assert_int_equal(
        vcpu_op(VCPUOP_register_vcpu_info, 0,
                put_register_arg(GUEST_VA(0), DOUBLE_GUEST_MFN, PAGE_SIZE - 8)),
        -ENXIO); /* does not fit in the frame (Xen's errno) */
    assert_int_equal(
        vcpu_op(VCPUOP_register_vcpu_info, 0,
                put_register_arg(GUEST_VA(0), DOUBLE_GUEST_MFN, 4)),
        -ENXIO); /* misaligned */
    assert_int_equal(vcpu_op(VCPUOP_register_vcpu_info, 0,
                             put_register_arg(GUEST_VA(0), 0x99, offset)),
                     -EINVAL); /* a frame the guest may not give */
    assert_ptr_equal(v->vcpu_info, old);
    assert_int_equal(
        vcpu_op(VCPUOP_register_vcpu_info, 0,
                put_register_arg(GUEST_VA(0), DOUBLE_GUEST_MFN, offset)),
        0);
    moved = (struct vcpu_info *)(double_guest_frame + offset);
    assert_ptr_equal(v->vcpu_info, moved);
    assert_int_equal(moved->evtchn_upcall_mask, 1);
    assert_int_equal(moved->arch.cr2, 0xdead000);
    assert_int_equal(moved->evtchn_upcall_pending, 1);
    assert_int_equal(moved->evtchn_pending_sel, ~0UL);
    /* Only once. */
    assert_int_equal(
        vcpu_op(VCPUOP_register_vcpu_info, 0,
                put_register_arg(GUEST_VA(0), DOUBLE_GUEST_MFN, offset)),
        -EINVAL);
}

static void test_set_timer_op(void **state)
{
    (void)state;
    assert_int_equal(set_timer_op(7000), 0);
    assert_int_equal(v0->singleshot_timer.expires, 7000);
    run_timers_at(7000);
    assert_int_equal(double_log.virqs, 1);
    /* 0 cancels. */
    assert_int_equal(set_timer_op(9000), 0);
    assert_int_equal(set_timer_op(0), 0);
    run_timers_at(10000);
    assert_int_equal(double_log.virqs, 1);
}

static void test_set_timer_op_wrapped_deadlines(void **state)
{
    (void)state;
    fake_cycles = DOUBLE_BOOT_CYCLES + 1000;
    /* Negative as a signed number: 100 ms from now. */
    assert_int_equal(set_timer_op(UINT64_C(1) << 63), 0);
    assert_int_equal(v0->singleshot_timer.expires, 1000 + NS_100MS);
    /* More than 2^50 ns ahead: the same. */
    assert_int_equal(set_timer_op(1000 + (UINT64_C(1) << 50) + 1), 0);
    assert_int_equal(v0->singleshot_timer.expires, 1000 + NS_100MS);
    /* Exactly 2^50 ahead is still taken as it is. */
    assert_int_equal(set_timer_op(1000 + (UINT64_C(1) << 50)), 0);
    assert_int_equal(v0->singleshot_timer.expires, 1000 + (UINT64_C(1) << 50));
}

/* ---- PV clock. ---- */

/* What a guest computes from the published record at cycle count tsc. */
static uint64_t guest_time(const struct vcpu_time_info *t, uint64_t tsc)
{
    uint64_t delta = tsc - t->tsc_timestamp;

    if (t->tsc_shift < 0)
        delta >>= -t->tsc_shift;
    else
        delta <<= t->tsc_shift;
    return t->system_time +
           (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
}

static void test_pvclock_vcpu(void **state)
{
    const struct vcpu_time_info *t = &v0->vcpu_info->time;
    uint64_t guest_ns;

    (void)state;
    fake_cycles_khz = 2500000; /* 2.5 GHz */
    fake_cycles = 1000;
    time_init();
    fake_cycles = 1000 + 2500000; /* 1 ms later */
    pvclock_update_vcpu(v0);
    assert_int_equal(t->version, 2);
    assert_int_equal(t->tsc_timestamp, 1000 + 2500000);
    assert_int_equal(t->system_time, now_ns());
    assert_int_equal(t->tsc_to_system_mul, time_reference()->scale.mul);
    assert_int_equal(t->tsc_shift, time_reference()->scale.shift);
    assert_int_equal(t->flags, XEN_PVCLOCK_TSC_STABLE_BIT);
    /* The guest's extrapolation agrees with the hypervisor's clock, to
     * the rounding of one nanosecond. */
    fake_cycles += 2500000000ULL; /* one second on */
    guest_ns = guest_time(t, fake_cycles);
    assert_in_range(guest_ns, now_ns() - 1, now_ns() + 1);
    pvclock_update_vcpu(v0);
    assert_int_equal(t->version, 4);
}

/* Whatever the guest left in the version, an update ends even. */
static void test_pvclock_version_from_guest(void **state)
{
    struct vcpu_time_info *t = &v1->vcpu_info->time;

    (void)state;
    t->version = 7;
    pvclock_update_vcpu(v1);
    assert_int_equal(t->version, 10);
    t->version = UINT32_MAX;
    pvclock_update_vcpu(v1);
    assert_int_equal(t->version % 2, 0);
}

static void test_pvclock_wallclock(void **state)
{
    struct shared_info *s = dom->shared_info;

    (void)state;
    s->wc_sec = 123;
    s->wc_nsec = 456;
    pvclock_update_wallclock(dom);
    assert_int_equal(s->wc_version, 2);
    /* The wall-clock time of boot, split in two 32-bit halves. */
    assert_int_equal(s->wc_sec, (uint32_t)wallclock_boot_unix_seconds());
    assert_int_equal(s->wc_sec_hi, wallclock_boot_unix_seconds() >> 32);
    assert_int_equal(s->wc_nsec, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bad_vcpuid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_is_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runstate_info, setup, teardown),
        cmocka_unit_test_setup_teardown(test_singleshot_fires_virq, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_singleshot_past, setup, teardown),
        cmocka_unit_test_setup_teardown(test_singleshot_hostile, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stop_singleshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_ops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periodic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periodic_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periodic_paused_while_away, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_periodic_set_when_due, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_runstate_area, setup, teardown),
        cmocka_unit_test_setup_teardown(test_time_area, setup, teardown),
        cmocka_unit_test_setup_teardown(test_up_initialise_nmi_physid, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_register_vcpu_info, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_set_timer_op, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_timer_op_wrapped_deadlines,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_timers_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pvclock_vcpu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pvclock_version_from_guest, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pvclock_wallclock, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
