/*
 * test_virq_timer: the one-shot timer's event, end to end, without
 * guest-lib's sleep: bind VIRQ_TIMER (a second bind: -EEXIST), arm the
 * timer 5 ms ahead, block (SCHEDOP_block unmasks events) until the
 * upcall ran the port's handler. The handler must run exactly once,
 * after the deadline, with events masked and the port's pending bit
 * already cleared by the scan. Then the same with events masked and no
 * blocking: the port must turn pending (with the vCPU's upcall_pending
 * and selector bit) and wait, and enabling events must deliver it.
 * Then set_timer_op in the past fires at once; closing the port twice
 * gives -EINVAL; the VIRQ can be bound again once closed.
 *
 * Xen 4.17 starts every PV vCPU with a 10 ms periodic timer on the same
 * VIRQ (measured): it is stopped first, so that every event on the port
 * is the one-shot timer's. Left running, its ticks came before the
 * deadline and after the checks that the port was idle.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define AHEAD_NS (5 * NSEC_PER_MSEC)
/* How late an event may come on a busy host running TCG. */
#define LATE_BOUND_NS (1000 * NSEC_PER_MSEC)
#define BITS_PER_XEN_ULONG (8 * sizeof(xen_ulong_t))

/* What the handler saw, each time it ran. */
static volatile unsigned int fired;
static volatile uint64_t fired_at;
static volatile bool pending_in_handler;
static volatile uint8_t mask_in_handler;

static void on_timer(evtchn_port_t port, void *data)
{
    (void)data;
    fired_at = time_now_ns();
    pending_in_handler = evtchn_is_pending(port);
    mask_in_handler = guest_vcpu_info()->evtchn_upcall_mask;
    fired++;
}

static int arm(uint64_t deadline)
{
    struct vcpu_set_singleshot_timer t = {.timeout_abs_ns = deadline,
                                          .flags = VCPU_SSHOTTMR_future};

    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, guest_vcpu_id(), &t);
}

static uint8_t upcall_mask(void)
{
    return ((volatile vcpu_info_t *)guest_vcpu_info())->evtchn_upcall_mask;
}

/*
 * Blocks until the handler has run `count` times. Events are masked
 * whenever the count is read: an event handled between that read and
 * SCHEDOP_block would leave the block nothing to wake it. Returns the
 * upcall mask that the last SCHEDOP_block left.
 */
static uint8_t block_until(unsigned int count)
{
    uint8_t mask_after = 1;

    events_disable();
    while (fired < count) {
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        mask_after = upcall_mask();
        events_disable();
    }
    return mask_after;
}

static void check_blocking(evtchn_port_t port)
{
    uint64_t deadline = time_now_ns() + AHEAD_NS;
    uint8_t mask_after;

    check_rc(arm(deadline), 0, "timer armed 5 ms ahead");
    mask_after = block_until(1);
    check_hex(fired, 1, "the handler ran once");
    check_range(fired_at - deadline, 0, LATE_BOUND_NS,
                "it ran after the deadline, within 1 s (ns late)");
    check_true(!pending_in_handler, "the scan cleared the pending bit first");
    check_hex(mask_in_handler, 1, "the handler ran with events masked");
    check_hex(mask_after, 0, "SCHEDOP_block unmasked events");
    check_true(!evtchn_is_pending(port), "the port is not pending after");
}

/* With events masked the event must wait, visible, until enabled. */
static void check_masked(evtchn_port_t port)
{
    volatile vcpu_info_t *vcpu = guest_vcpu_info();
    uint64_t deadline = time_now_ns() + AHEAD_NS, seen_at = 0;
    xen_ulong_t sel_bit = (xen_ulong_t)1 << (port / BITS_PER_XEN_ULONG);

    check_rc(arm(deadline), 0, "timer armed 5 ms ahead, events masked");
    while (!evtchn_is_pending(port) && time_now_ns() < deadline + LATE_BOUND_NS)
        cpu_relax();
    seen_at = time_now_ns();
    check_true(evtchn_is_pending(port), "the port turned pending");
    check_true(seen_at >= deadline, "  ... not before the deadline");
    check_hex(vcpu->evtchn_upcall_pending, 1, "  ... upcall_pending set");
    check_true(vcpu->evtchn_pending_sel & sel_bit, "  ... its selector bit");
    check_hex(fired, 1, "  ... and no upcall while masked");
    events_enable();
    events_disable();
    check_hex(fired, 2, "enabling events delivered it");
    check_true(!evtchn_is_pending(port), "  ... and cleared the port");
}

static void check_set_timer_op(void)
{
    uint64_t past = time_now_ns() / 2;

    check_rc(HYPERVISOR_set_timer_op(past), 0,
             "set_timer_op in the past: accepted");
    block_until(3);
    check_hex(fired, 3, "  ... and it fired at once");
}

int main(void)
{
    int port, again;

    verdict_title("test_virq_timer", "VIRQ_TIMER through the upcall");
    check_rc(
        HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, guest_vcpu_id(), NULL),
        0, "stop the periodic timer");
    port = evtchn_bind_virq(VIRQ_TIMER, guest_vcpu_id());
    if (!check_true(port > 0, "bind VIRQ_TIMER"))
        verdict_end();
    check_rc(evtchn_bind_virq(VIRQ_TIMER, guest_vcpu_id()), -XEN_EEXIST,
             "bind VIRQ_TIMER again: -EEXIST");
    check_rc(evtchn_register((evtchn_port_t)port, on_timer, NULL), 0,
             "handler registered");
    check_rc(evtchn_unmask((evtchn_port_t)port), 0, "port unmasked");
    check_blocking((evtchn_port_t)port);
    check_masked((evtchn_port_t)port);
    check_set_timer_op();
    check_rc(evtchn_close((evtchn_port_t)port), 0, "close the port");
    check_rc(evtchn_close((evtchn_port_t)port), -XEN_EINVAL,
             "close it again: -EINVAL");
    again = evtchn_bind_virq(VIRQ_TIMER, guest_vcpu_id());
    check_true(again > 0, "VIRQ_TIMER can be bound again");
    verdict_end();
}
