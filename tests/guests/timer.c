/*
 * test_timer: time as a PV guest sees it. The PV clock runs forward and
 * a 10 ms sleep (guest-lib's sleep_ms: VIRQ_TIMER on the one-shot
 * timer, SCHEDOP_block) lasts between 10 ms and a generous second (TCG
 * on a busy host); the one-shot timer takes a deadline already past,
 * or 0, and fires at once, with or without the "future" flag (Xen 4.17
 * ignores it and never answers -ETIME, measured), and set_timer_op
 * never fails;
 * the runstate says we are running; the wall clock is a date of this
 * century.
 *
 * Xen 4.17 starts every PV vCPU with a 10 ms periodic timer on
 * VIRQ_TIMER (measured); it is stopped first, or one of its ticks could
 * pass for the one-shot timer firing.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define SLEEP_MS 10
/* The longest a 10 ms sleep may take: a busy host running TCG. */
#define SLEEP_BOUND_NS (1000 * NSEC_PER_MSEC)
#define CLOCK_READS 1000
/* How soon a timer armed in the past must fire: a busy TCG host. */
#define FIRE_BOUND_NS (100 * NSEC_PER_MSEC)
/* 2020-01-01 00:00:00 UTC: any wall clock before it is wrong. */
#define WALLCLOCK_2020 1577836800UL

static int singleshot(uint64_t deadline, uint32_t flags)
{
    struct vcpu_set_singleshot_timer t = {.timeout_abs_ns = deadline,
                                          .flags = flags};

    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, guest_vcpu_id(), &t);
}

/*
 * After a timer was armed in the past: port (VIRQ_TIMER, masked) turns
 * pending within FIRE_BOUND_NS. The pending bit is set whatever the
 * mask, so it is there to see; it is cleared after.
 */
static bool fires_at_once(evtchn_port_t port)
{
    uint64_t t0 = time_now_ns();
    bool pending;

    while (!(pending = evtchn_is_pending(port)) &&
           time_now_ns() - t0 < FIRE_BOUND_NS)
        cpu_relax();
    evtchn_clear(port);
    return pending;
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

/* Before sleep_ms binds VIRQ_TIMER: the port is ours, masked, and
 * closed at the end. */
static void check_past_deadlines(void)
{
    uint64_t past = time_now_ns() / 2; /* well after boot, long ago */
    int port = evtchn_bind_virq(VIRQ_TIMER, guest_vcpu_id());

    if (!check_true(port > 0, "bind VIRQ_TIMER (masked)"))
        return;
    check_rc(singleshot(past, VCPU_SSHOTTMR_future), 0,
             "singleshot in the past, \"future\" flag: accepted (no -ETIME)");
    check_true(fires_at_once((evtchn_port_t)port),
               "  ... and it fires at once");
    check_rc(singleshot(0, VCPU_SSHOTTMR_future), 0,
             "singleshot at time 0, \"future\" flag: accepted");
    check_true(fires_at_once((evtchn_port_t)port),
               "  ... and it fires at once");
    check_rc(singleshot(past, 0), 0, "singleshot in the past, no flag");
    check_true(fires_at_once((evtchn_port_t)port),
               "  ... and it fires at once");
    check_rc(
        HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, guest_vcpu_id(), NULL),
        0, "stop_singleshot_timer");
    check_rc(HYPERVISOR_set_timer_op(past), 0,
             "set_timer_op in the past: never fails");
    check_rc(HYPERVISOR_set_timer_op(0), 0, "set_timer_op(0) cancels");
    check_rc(
        HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, guest_vcpu_id(), NULL),
        -XEN_EFAULT, "singleshot with a NULL argument: -EFAULT");
    check_rc(evtchn_close((evtchn_port_t)port), 0, "close VIRQ_TIMER");
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
    check_rc(
        HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, guest_vcpu_id(), NULL),
        0, "stop the periodic timer");
    check_clock();
    check_past_deadlines();
    check_sleep();
    check_runstate_and_wallclock();
    verdict_end();
}
