/*
 * test_debug_virq: the 'q' debug key raises VIRQ_DEBUG on every vCPU,
 * as on Xen. The guest binds VIRQ_DEBUG, says it is ready, and polls
 * the port (masked) while the boot test types Ctrl-A three times and
 * 'q' on the serial line; the port must turn pending long before the
 * poll's timeout.
 */
#include "verdict.h"

#include <parasol/guest.h>

/* Ample for the runner to see the line and type three keys under TCG. */
#define WAIT_NS (20000 * NSEC_PER_MSEC)

int main(void)
{
    evtchn_port_t ports[1];
    struct sched_poll op = {.nr_ports = 1};
    uint64_t deadline;
    int port;

    verdict_title("test_debug_virq", "VIRQ_DEBUG from the 'q' debug key");
    events_disable();
    port = evtchn_bind_virq(VIRQ_DEBUG, guest_vcpu_id());
    if (!check_true(port > 0, "bind VIRQ_DEBUG"))
        verdict_end();
    ports[0] = (evtchn_port_t)port;
    evtchn_mask(ports[0]);
    set_xen_guest_handle(op.ports, ports);
    printf("test_debug_virq: ready for the 'q' key\n");
    deadline = time_now_ns() + WAIT_NS;
    op.timeout = deadline;
    while (!evtchn_is_pending(ports[0]) && time_now_ns() < deadline)
        HYPERVISOR_sched_op(SCHEDOP_poll, &op);
    check_true(evtchn_is_pending(ports[0]), "VIRQ_DEBUG came");
    verdict_end();
}
