/*
 * test_timer: time as a PV guest sees it. The PV clock runs forward and
 * a 10 ms sleep (guest-lib's sleep_ms: VIRQ_TIMER on the one-shot
 * timer, SCHEDOP_block) lasts between 10 ms and a generous second (TCG
 * on a busy host); the one-shot timer's "future" flag refuses a
 * deadline already past with -ETIME, while set_timer_op, which has no
 * such flag, never fails (Xen's semantics, public/vcpu.h and xen.h);
 * the runstate says we are running; the wall clock is a date of this
 * century.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define SLEEP_MS 10
/* The longest a 10 ms sleep may take: a busy host running TCG. */
#define SLEEP_BOUND_NS (1000 * NSEC_PER_MSEC)
#define CLOCK_READS 1000
/* 2020-01-01 00:00:00 UTC: any wall clock before it is wrong. */
#define WALLCLOCK_2020 1577836800UL

static int singleshot(uint64_t deadline, uint32_t flags)
{
    struct vcpu_set_singleshot_timer t = {.timeout_abs_ns = deadline,
                                          .flags = flags};

    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, guest_vcpu_id(), &t);
}

static void check_clock(void)
{
    uint64_t prev = time_now_ns(), now;
    bool monotonic = true;

    for (int i = 0; i < CLOCK_READS; i++) {
        now = time_now_ns();
        monotonic = monotonic && now >= prev;
        prev = now;
    }
    check_true(prev > 0, "system time is running");
    check_true(monotonic, "1000 reads of the PV clock never go back");
}

static void check_sleep(void)
{
    uint64_t t0 = time_now_ns();
    int rc = sleep_ms(SLEEP_MS);
    uint64_t slept = time_now_ns() - t0;

    check_rc(rc, 0, "sleep_ms(10)");
    check_range(slept, SLEEP_MS * NSEC_PER_MSEC, SLEEP_BOUND_NS,
                "slept 10 ms to 1 s (ns)");
    printf("       slept %lu us\n", slept / NSEC_PER_USEC);
}

static void check_past_deadlines(void)
{
    uint64_t past = time_now_ns() / 2; /* well after boot, long ago */

    check_rc(singleshot(past, VCPU_SSHOTTMR_future), -XEN_ETIME,
             "singleshot in the past, \"future\" flag: -ETIME");
    check_rc(singleshot(0, VCPU_SSHOTTMR_future), -XEN_ETIME,
             "singleshot at time 0, \"future\" flag: -ETIME");
    check_rc(singleshot(past, 0), 0, "singleshot in the past, no flag: fires");
    check_rc(
        HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, guest_vcpu_id(), NULL),
        0, "stop_singleshot_timer");
    check_rc(HYPERVISOR_set_timer_op(past), 0,
             "set_timer_op in the past: never fails");
    check_rc(HYPERVISOR_set_timer_op(0), 0, "set_timer_op(0) cancels");
    check_rc(
        HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, guest_vcpu_id(), NULL),
        -XEN_EFAULT, "singleshot with a NULL argument: -EFAULT");
}

static void check_runstate_and_wallclock(void)
{
    struct vcpu_runstate_info rs;
    struct pvclock_wallclock wc;

    check_rc(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, guest_vcpu_id(), &rs),
             0, "get_runstate_info");
    check_hex((uint64_t)rs.state, RUNSTATE_running, "runstate: running");
    check_true(rs.time[RUNSTATE_running] > 0, "time spent running > 0");
    time_wallclock(&wc);
    check_true(wc.sec > WALLCLOCK_2020, "wall clock after 2020");
    printf("       wall clock %lu.%09u\n", wc.sec, wc.nsec);
}

int main(void)
{
    verdict_title("test_timer", "the PV clock and one-shot timers");
    check_clock();
    check_sleep();
    check_past_deadlines();
    check_runstate_and_wallclock();
    verdict_end();
}
