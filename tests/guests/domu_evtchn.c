/*
 * domu_evtchn: the event-channel ops as an unprivileged domain sees
 * them, with Xen 4.17's answers: it may not act on dom0's ports (status
 * -EPERM, but -EINVAL first for a port that is not valid and -ESRCH for
 * a domain that does not exist; alloc_unbound and reset -EPERM), may not
 * bind to a port not offered to it (-EINVAL), and may bind global VIRQs
 * (only dom0 is ever sent them) and make ports of its own for dom0.
 *
 * dom0's test_pingpong builds and runs it. Its verdict is its shutdown
 * reason (verdict_end(): poweroff when every check passed, crash
 * otherwise), which dom0 reads; on Xen 4.17 a domU's console output is
 * dropped, so the reason is all there is to see there.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define NO_SUCH_DOMID 42
#define MAX_PORTS 4096

static long status_rc(domid_t dom, evtchn_port_t port)
{
    struct evtchn_status st = {.dom = dom, .port = port};

    return HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
}

static long alloc_in(domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound op = {.dom = dom, .remote_dom = remote};
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    return rc < 0 ? rc : (long)op.port;
}

static long reset(domid_t dom)
{
    struct evtchn_reset op = {.dom = dom};

    return HYPERVISOR_event_channel_op(EVTCHNOP_reset, &op);
}

static void check_dom0s_ports(void)
{
    check_rc(status_rc(NO_SUCH_DOMID, 1), -XEN_ESRCH,
             "status in a domain that does not exist: -ESRCH");
    check_rc(status_rc(0, MAX_PORTS), -XEN_EINVAL,
             "status of dom0's port 4096: -EINVAL before -EPERM");
    check_rc(status_rc(0, 1), -XEN_EPERM, "status of dom0's port 1: -EPERM");
    check_rc(alloc_in(0, DOMID_SELF), -XEN_EPERM,
             "alloc_unbound in dom0: -EPERM");
    check_rc(alloc_in(NO_SUCH_DOMID, DOMID_SELF), -XEN_ESRCH,
             "alloc_unbound in no domain: -ESRCH");
    check_rc(reset(0), -XEN_EPERM, "reset dom0: -EPERM");
    check_rc(reset(NO_SUCH_DOMID), -XEN_ESRCH, "reset no domain: -ESRCH");
    check_rc(evtchn_bind_interdomain(0, 1), -XEN_EINVAL,
             "bind to dom0's port 1 (not offered to us): -EINVAL");
    check_rc(evtchn_bind_interdomain(NO_SUCH_DOMID, 1), -XEN_ESRCH,
             "bind to no domain: -ESRCH");
}

static void check_own_ports(void)
{
    int dom_exc = evtchn_bind_virq(VIRQ_DOM_EXC, 0);
    long port = alloc_in(DOMID_SELF, 0);

    check_true(dom_exc > 0, "bind VIRQ_DOM_EXC (a global VIRQ)");
    check_rc(evtchn_close((evtchn_port_t)dom_exc), 0, "  ... and close it");
    check_true(port > 0, "alloc_unbound for dom0 in ourselves");
    check_rc(evtchn_close((evtchn_port_t)port), 0, "  ... and close it");
    check_rc(reset(DOMID_SELF), 0, "reset ourselves");
}

int main(void)
{
    verdict_title("domu_evtchn", "event channels from a domU");
    check_dom0s_ports();
    check_own_ports();
    verdict_end();
}
