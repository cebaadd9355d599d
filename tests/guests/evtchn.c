/*
 * test_evtchn: every event-channel op of the 2-level ABI, as dom0 sees
 * it, with Xen 4.17's exact answers (measured with this guest):
 *
 *  - loopback interdomain channels inside dom0 (alloc_unbound offered
 *    to ourselves, bind_interdomain to it), send, close from either end
 *    (the other end goes back to unbound, offered to us again);
 *  - VIRQs: per-vCPU and global ones, who may bind them where;
 *  - IPIs, bind_vcpu, unmask, status of every state, and the errors of
 *    each op for bad ports, vCPUs, domains and VIRQs;
 *  - ports live in buckets of 64: a port beyond the last bucket ever
 *    allocated is not valid (-EINVAL), even for unmask and status;
 *  - SCHEDOP_poll: a pending port ends it at once, a port that turns
 *    pending wakes it, a timeout ends it, bad ports are -EINVAL in the
 *    order they come;
 *  - exhaustion: 4095 ports (0 is reserved), then -ENOSPC for every op
 *    that allocates;
 *  - the FIFO ops, which Parasol does not have: a guest must see them
 *    fail and keep the 2-level ABI;
 *  - EVTCHNOP_reset of ourselves closes every port.
 *
 * Events stay masked (events_disable) throughout: the checks read the
 * pending bits themselves. Xen's 10 ms periodic timer is stopped first,
 * so that VIRQ_TIMER fires only when this guest asks.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define NO_SUCH_DOMID 42
#define NO_SUCH_VCPU 64
#define MAX_PORTS 4096 /* 2-level ABI on 64-bit */
#define BUCKET_PORTS 64
#define POLL_MAX_PORTS 128
#define AHEAD_NS (5 * NSEC_PER_MSEC)
/* How late a wake-up may come on a busy host running TCG. */
#define LATE_BOUND_NS (1000 * NSEC_PER_MSEC)
#define NR_GLOBAL_VIRQS 3

static long evtchn_op(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

static long alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound op = {.dom = dom, .remote_dom = remote};
    long rc = evtchn_op(EVTCHNOP_alloc_unbound, &op);

    *port = op.port;
    return rc;
}

static long bind_interdomain(domid_t dom, evtchn_port_t rport,
                             evtchn_port_t *port)
{
    struct evtchn_bind_interdomain op = {.remote_dom = dom,
                                         .remote_port = rport};
    long rc = evtchn_op(EVTCHNOP_bind_interdomain, &op);

    *port = op.local_port;
    return rc;
}

static long bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_virq op = {.virq = virq, .vcpu = vcpu};
    long rc = evtchn_op(EVTCHNOP_bind_virq, &op);

    *port = op.port;
    return rc;
}

static long bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_ipi op = {.vcpu = vcpu};
    long rc = evtchn_op(EVTCHNOP_bind_ipi, &op);

    *port = op.port;
    return rc;
}

static long bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu op = {.port = port, .vcpu = vcpu};

    return evtchn_op(EVTCHNOP_bind_vcpu, &op);
}

static long status(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
    *st = (struct evtchn_status){.dom = dom, .port = port};
    return evtchn_op(EVTCHNOP_status, st);
}

/* The status word of our own port, or the error. */
static long state_of(evtchn_port_t port)
{
    struct evtchn_status st;
    long rc = status(DOMID_SELF, port, &st);

    return rc < 0 ? rc : (long)st.status;
}

static long poll(evtchn_port_t *ports, unsigned int nr, uint64_t timeout)
{
    struct sched_poll op = {.nr_ports = nr, .timeout = timeout};

    set_xen_guest_handle(op.ports, ports);
    return HYPERVISOR_sched_op(SCHEDOP_poll, &op);
}

static long arm_timer(uint64_t deadline)
{
    struct vcpu_set_singleshot_timer t = {.timeout_abs_ns = deadline};

    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, guest_vcpu_id(), &t);
}

/* ---- Interdomain channels, looped back inside dom0. ---- */

static void check_loopback_ends(evtchn_port_t a, evtchn_port_t b)
{
    struct evtchn_status st;

    check_rc(status(DOMID_SELF, a, &st), 0, "status of the unbound end");
    check_hex(st.status, EVTCHNSTAT_interdomain, "  ... now interdomain");
    check_hex(st.u.interdomain.dom, 0, "  ... to dom0");
    check_hex(st.u.interdomain.port, b, "  ... to the new port");
    check_hex(st.vcpu, 0, "  ... notifying vCPU 0");
    check_rc(status(0, b, &st), 0, "status of the new port, dom 0 by ID");
    check_hex(st.status, EVTCHNSTAT_interdomain, "  ... interdomain");
    check_hex(st.u.interdomain.port, a, "  ... to the first");
    check_true(evtchn_is_pending(b), "binding made the new port pending");
    check_true(!evtchn_is_pending(a), "  ... not the other end");
}

static void check_send_both_ways(evtchn_port_t a, evtchn_port_t b)
{
    evtchn_clear(b);
    check_rc(evtchn_send(a), 0, "send on one end");
    check_true(evtchn_is_pending(b), "  ... the other end is pending");
    check_true(!evtchn_is_pending(a), "  ... not the sender's");
    check_rc(evtchn_send(b), 0, "send back");
    check_true(evtchn_is_pending(a), "  ... the first end is pending");
    evtchn_clear(a);
    evtchn_clear(b);
}

/* Close end 'gone'; 'left' must go back to unbound, offered to us. */
static void check_close_end(evtchn_port_t gone, evtchn_port_t left)
{
    struct evtchn_status st;
    evtchn_port_t again;

    check_rc(evtchn_close(gone), 0, "close one end");
    check_rc(state_of(gone), EVTCHNSTAT_closed, "  ... it is closed");
    check_rc(status(DOMID_SELF, left, &st), 0, "status of the other end");
    check_hex(st.status, EVTCHNSTAT_unbound, "  ... unbound again");
    check_hex(st.u.unbound.dom, 0, "  ... offered to dom0");
    check_rc(evtchn_send(left), 0, "send on it: dropped, not an error");
    check_rc(bind_interdomain(DOMID_SELF, left, &again), 0,
             "it can be bound again");
    check_rc(state_of(left), EVTCHNSTAT_interdomain, "  ... interdomain");
    evtchn_clear(again);
    check_rc(evtchn_close(left), 0, "close the other end this time");
    check_rc(state_of(again), EVTCHNSTAT_unbound, "  ... the new one unbound");
    check_rc(evtchn_close(again), 0, "close it too");
}

static void check_interdomain(void)
{
    evtchn_port_t a, b, c, spare;
    struct evtchn_status st;

    check_rc(alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0,
             "alloc_unbound for ourselves");
    check_rc(status(DOMID_SELF, a, &st), 0, "  ... its status");
    check_hex(st.status, EVTCHNSTAT_unbound, "  ... unbound");
    check_hex(st.u.unbound.dom, 0, "  ... offered to dom0 (SELF resolved)");
    check_rc(alloc_unbound(0, NO_SUCH_DOMID, &c), 0,
             "alloc_unbound (dom 0 by ID) for a domain that does not exist");
    check_rc(status(DOMID_SELF, c, &st), 0, "  ... its status");
    check_hex(st.u.unbound.dom, NO_SUCH_DOMID, "  ... offered to it anyway");
    check_rc(alloc_unbound(NO_SUCH_DOMID, DOMID_SELF, &spare), -XEN_ESRCH,
             "alloc_unbound in a domain that does not exist: -ESRCH");

    check_rc(bind_interdomain(DOMID_SELF, c, &spare), -XEN_EINVAL,
             "bind to a port offered to another domain: -EINVAL");
    check_rc(bind_interdomain(NO_SUCH_DOMID, a, &spare), -XEN_ESRCH,
             "bind to a domain that does not exist: -ESRCH");
    check_rc(bind_interdomain(DOMID_SELF, MAX_PORTS, &spare), -XEN_EINVAL,
             "bind to port 4096: -EINVAL");
    check_rc(bind_interdomain(DOMID_SELF, 0, &spare), -XEN_EINVAL,
             "bind to port 0: -EINVAL");
    check_rc(bind_interdomain(DOMID_SELF, a, &b), 0, "bind to it (loopback)");
    check_loopback_ends(a, b);
    check_rc(bind_interdomain(DOMID_SELF, a, &spare), -XEN_EINVAL,
             "bind to it again: -EINVAL (no longer unbound)");
    check_send_both_ways(a, b);
    check_close_end(b, a);
    check_rc(evtchn_close(c), 0, "close the port offered to nobody");
}

/* ---- VIRQs and IPIs. ---- */

static void check_virq_errors(void)
{
    evtchn_port_t p;

    check_rc(bind_virq(NR_VIRQS, 0, &p), -XEN_EINVAL, "VIRQ 24: -EINVAL");
    check_rc(bind_virq(VIRQ_DOM_EXC, 1, &p), -XEN_EINVAL,
             "a global VIRQ on vCPU 1: -EINVAL");
    check_rc(bind_virq(VIRQ_DOM_EXC, NO_SUCH_VCPU, &p), -XEN_EINVAL,
             "a global VIRQ on vCPU 64: -EINVAL (before the vCPU check)");
    check_rc(bind_virq(VIRQ_TIMER, NO_SUCH_VCPU, &p), -XEN_ENOENT,
             "VIRQ_TIMER on vCPU 64: -ENOENT");
}

static void check_virq_status(evtchn_port_t port, uint32_t virq)
{
    struct evtchn_status st;

    check_rc(status(DOMID_SELF, port, &st), 0, "  ... its status");
    check_hex(st.status, EVTCHNSTAT_virq, "  ... virq");
    check_hex(st.u.virq, virq, "  ... the VIRQ's number");
    check_hex(st.vcpu, 0, "  ... on vCPU 0");
}

static void check_virqs(void)
{
    static const uint32_t global[NR_GLOBAL_VIRQS] = {VIRQ_CONSOLE, VIRQ_DOM_EXC,
                                                     VIRQ_CON_RING};
    evtchn_port_t timer, debug, p, ports[NR_GLOBAL_VIRQS];

    check_virq_errors();
    check_rc(bind_virq(VIRQ_TIMER, 0, &timer), 0, "bind VIRQ_TIMER");
    check_virq_status(timer, VIRQ_TIMER);
    check_rc(bind_virq(VIRQ_TIMER, 0, &p), -XEN_EEXIST,
             "bind it again: -EEXIST");
    check_rc(bind_virq(VIRQ_DEBUG, 0, &debug), 0, "bind VIRQ_DEBUG");
    for (unsigned int i = 0; i < NR_GLOBAL_VIRQS; i++) {
        check_rc(bind_virq(global[i], 0, &ports[i]), 0,
                 "bind a global VIRQ (CONSOLE, DOM_EXC, CON_RING)");
        check_virq_status(ports[i], global[i]);
        check_rc(bind_virq(global[i], 0, &p), -XEN_EEXIST,
                 "  ... again: -EEXIST");
    }
    check_rc(evtchn_send(timer), -XEN_EINVAL, "send on a VIRQ: -EINVAL");
    check_rc(bind_vcpu(timer, 0), -XEN_EINVAL,
             "bind_vcpu of a per-vCPU VIRQ: -EINVAL");
    check_rc(bind_vcpu(ports[1], 0), 0, "bind_vcpu of a global VIRQ");
    check_rc(bind_vcpu(ports[1], NO_SUCH_VCPU), -XEN_ENOENT,
             "bind_vcpu to vCPU 64: -ENOENT");
    for (unsigned int i = 0; i < NR_GLOBAL_VIRQS; i++)
        check_rc(evtchn_close(ports[i]), 0, "close the global VIRQ");
    check_rc(evtchn_close(debug), 0, "close VIRQ_DEBUG");
    check_rc(evtchn_close(timer), 0, "close VIRQ_TIMER");
    check_rc(bind_virq(VIRQ_TIMER, 0, &timer), 0, "VIRQ_TIMER binds again");
    check_rc(evtchn_close(timer), 0, "  ... and closes");
}

static void check_ipi(void)
{
    evtchn_port_t ipi, p;
    struct evtchn_status st;

    check_rc(bind_ipi(NO_SUCH_VCPU, &p), -XEN_ENOENT,
             "bind_ipi to vCPU 64: -ENOENT");
    check_rc(bind_ipi(0, &ipi), 0, "bind_ipi to vCPU 0");
    check_rc(status(DOMID_SELF, ipi, &st), 0, "  ... its status");
    check_hex(st.status, EVTCHNSTAT_ipi, "  ... ipi");
    check_hex(st.vcpu, 0, "  ... vCPU 0");
    check_true(!evtchn_is_pending(ipi), "  ... not pending");
    check_rc(evtchn_send(ipi), 0, "send on it");
    check_true(evtchn_is_pending(ipi), "  ... it is pending");
    check_rc(bind_vcpu(ipi, 0), -XEN_EINVAL, "bind_vcpu of an IPI: -EINVAL");
    check_rc(evtchn_close(ipi), 0, "close it");
    check_true(!evtchn_is_pending(ipi),
               "  ... closing cleared its pending bit");
    check_rc(evtchn_close(ipi), -XEN_EINVAL, "close it again: -EINVAL");
    check_rc(evtchn_send(ipi), -XEN_EINVAL, "send on a closed port: -EINVAL");
}

/* ---- Ports that are not there. ---- */

static void check_bad_ports(void)
{
    struct evtchn_status st;
    evtchn_port_t p;

    check_rc(state_of(0), EVTCHNSTAT_closed, "status of port 0: closed");
    check_rc(evtchn_close(0), -XEN_EINVAL, "close port 0: -EINVAL");
    check_rc(evtchn_send(0), -XEN_EINVAL, "send on port 0: -EINVAL");
    check_rc(evtchn_unmask(0), 0, "unmask port 0: 0");
    check_rc(evtchn_unmask(BUCKET_PORTS - 1), 0,
             "unmask port 63 (first bucket): 0");
    check_rc(evtchn_unmask(BUCKET_PORTS), -XEN_EINVAL,
             "unmask port 64 (no bucket yet): -EINVAL");
    check_rc(state_of(BUCKET_PORTS), -XEN_EINVAL,
             "status of port 64 (no bucket yet): -EINVAL");
    check_rc(state_of(MAX_PORTS), -XEN_EINVAL, "status of port 4096: -EINVAL");
    check_rc(evtchn_close(MAX_PORTS), -XEN_EINVAL, "close 4096: -EINVAL");
    check_rc(evtchn_send(MAX_PORTS), -XEN_EINVAL, "send on 4096: -EINVAL");
    check_rc(evtchn_unmask(MAX_PORTS), -XEN_EINVAL, "unmask 4096: -EINVAL");
    check_rc(status(NO_SUCH_DOMID, 1, &st), -XEN_ESRCH,
             "status in a domain that does not exist: -ESRCH");
    check_rc(alloc_unbound(DOMID_SELF, DOMID_SELF, &p), 0, "a spare port");
    check_rc(bind_vcpu(p, 0), 0, "bind_vcpu of an unbound port");
    check_rc(bind_vcpu(MAX_PORTS, 0), -XEN_EINVAL, "bind_vcpu 4096: -EINVAL");
    check_rc(evtchn_close(p), 0, "close the spare port");
    check_rc(bind_vcpu(p, 0), -XEN_EINVAL, "bind_vcpu of a free port: -EINVAL");
}

/*
 * ---- FIFO ABI: Parasol has none, Xen never switched to it. ----
 *
 * init_control with a misaligned offset: Xen 4.17 refuses the argument
 * (-EINVAL), Parasol the op (-ENOSYS); either way the domain keeps the
 * 2-level ABI. expand_array and set_priority answer the same on both
 * (Xen 4.17, measured: -EOPNOTSUPP before FIFO is in use; no priorities
 * in 2-level, -ENOSYS, but -EINVAL for a port that is not valid).
 */
static void check_fifo(void)
{
    struct evtchn_init_control init = {.offset = 1, .vcpu = 0};
    struct evtchn_expand_array expand = {.array_gfn = 0};
    struct evtchn_set_priority prio = {.port = 1, .priority = 0};
    long rc = evtchn_op(EVTCHNOP_init_control, &init);
    evtchn_port_t ipi;

    check_true(rc == -XEN_ENOSYS || rc == -XEN_EINVAL,
               "init_control, offset 1: -ENOSYS (Parasol) or -EINVAL (Xen)");
    check_rc(evtchn_op(EVTCHNOP_expand_array, &expand), -XEN_EOPNOTSUPP,
             "expand_array: -EOPNOTSUPP");
    check_rc(evtchn_op(EVTCHNOP_set_priority, &prio), -XEN_ENOSYS,
             "set_priority: -ENOSYS");
    prio.port = MAX_PORTS;
    check_rc(evtchn_op(EVTCHNOP_set_priority, &prio), -XEN_EINVAL,
             "set_priority of port 4096: -EINVAL");
    check_rc(evtchn_op(EVTCHNOP_set_priority + 2, &prio), -XEN_ENOSYS,
             "event_channel_op 15: -ENOSYS");
    check_rc(bind_ipi(0, &ipi), 0, "still 2-level: an IPI");
    check_rc(evtchn_send(ipi), 0, "  ... sent");
    check_true(evtchn_is_pending(ipi), "  ... pending in shared_info");
    check_rc(evtchn_close(ipi), 0, "  ... closed");
}

/* ---- SCHEDOP_poll. ---- */

static void check_poll_errors(evtchn_port_t ipi)
{
    evtchn_port_t ports[2] = {ipi, MAX_PORTS};
    struct sched_poll op = {.nr_ports = 1};

    check_rc(poll(ports, POLL_MAX_PORTS + 1, 0), -XEN_EINVAL,
             "poll 129 ports: -EINVAL");
    check_rc(poll(&ports[1], 1, 0), -XEN_EINVAL, "poll port 4096: -EINVAL");
    evtchn_send(ipi);
    check_rc(poll(ports, 2, 0), 0,
             "poll a pending port, then 4096: 0 (it stops at the first)");
    ports[0] = MAX_PORTS;
    ports[1] = ipi;
    check_rc(poll(ports, 2, 0), -XEN_EINVAL,
             "poll 4096, then a pending port: -EINVAL");
    set_xen_guest_handle(op.ports, (evtchn_port_t *)0xdead000000000000UL);
    check_rc(HYPERVISOR_sched_op(SCHEDOP_poll, &op), -XEN_EFAULT,
             "poll a bad port array: -EFAULT");
    evtchn_clear(ipi);
}

/* Poll the ports until timeout; how long it took, in ns. */
static uint64_t timed_poll(evtchn_port_t *ports, unsigned int nr,
                           uint64_t timeout, const char *what)
{
    uint64_t start = time_now_ns();

    check_rc(poll(ports, nr, timeout), 0, what);
    return time_now_ns() - start;
}

static void check_poll_waits(evtchn_port_t ipi, evtchn_port_t timer)
{
    evtchn_port_t ports[2] = {ipi, timer};
    uint64_t took, now = time_now_ns();

    evtchn_send(ipi);
    took = timed_poll(ports, 1, now + LATE_BOUND_NS, "poll a pending port");
    check_range(took, 0, LATE_BOUND_NS / 2, "  ... returned at once (ns)");
    evtchn_clear(ipi);

    took = timed_poll(ports, 1, time_now_ns() + AHEAD_NS,
                      "poll an idle port, 5 ms timeout");
    check_range(took, AHEAD_NS - NSEC_PER_MSEC, LATE_BOUND_NS,
                "  ... returned after the timeout (ns)");
    check_true(!evtchn_is_pending(ipi), "  ... the port still idle");

    took = timed_poll(ports, 0, time_now_ns() + AHEAD_NS,
                      "poll no port, 5 ms timeout");
    check_range(took, AHEAD_NS - NSEC_PER_MSEC, LATE_BOUND_NS,
                "  ... returned after the timeout (ns)");

    took = timed_poll(ports, 1, time_now_ns() / 2, "poll, timeout passed");
    check_range(took, 0, LATE_BOUND_NS / 2, "  ... returned at once (ns)");

    check_rc(arm_timer(time_now_ns() + AHEAD_NS), 0, "timer armed 5 ms ahead");
    took = timed_poll(ports, 2, time_now_ns() + 10 * LATE_BOUND_NS,
                      "poll the IPI and the (masked) timer port, 10 s");
    check_true(evtchn_is_pending(timer), "  ... woken by the timer's event");
    check_range(took, AHEAD_NS - NSEC_PER_MSEC, LATE_BOUND_NS,
                "  ... after 5 ms, long before the timeout (ns)");
    evtchn_clear(timer);
}

static void check_poll(void)
{
    evtchn_port_t ipi, timer;

    if (!check_rc(bind_ipi(0, &ipi), 0, "an IPI port to poll"))
        return;
    check_rc(bind_virq(VIRQ_TIMER, 0, &timer), 0, "VIRQ_TIMER to poll");
    evtchn_mask(timer);
    check_poll_errors(ipi);
    check_poll_waits(ipi, timer);
    evtchn_close(timer);
    evtchn_close(ipi);
}

/* ---- Exhaustion. ---- */

static unsigned int ports_in_use(void)
{
    unsigned int used = 0;

    for (evtchn_port_t p = 1; p < MAX_PORTS; p++) {
        long s = state_of(p);
        if (s > 0)
            used++;
    }
    return used;
}

/* Every op that allocates a port must now say -ENOSPC. */
static void check_full(evtchn_port_t some_port)
{
    evtchn_port_t p;

    check_rc(alloc_unbound(DOMID_SELF, DOMID_SELF, &p), -XEN_ENOSPC,
             "alloc_unbound when full: -ENOSPC");
    check_rc(bind_ipi(0, &p), -XEN_ENOSPC, "bind_ipi when full: -ENOSPC");
    check_rc(bind_virq(VIRQ_DEBUG, 0, &p), -XEN_ENOSPC,
             "bind_virq when full: -ENOSPC");
    check_rc(bind_interdomain(DOMID_SELF, some_port, &p), -XEN_ENOSPC,
             "bind_interdomain when full: -ENOSPC");
    check_rc(bind_interdomain(DOMID_SELF, 0, &p), -XEN_ENOSPC,
             "  ... even to port 0: -ENOSPC comes first");
    check_rc(state_of(MAX_PORTS - 1), EVTCHNSTAT_unbound,
             "port 4095 is in use");
    check_rc(evtchn_unmask(MAX_PORTS - 1), 0, "  ... unmask it: 0");
}

static void check_exhaustion(void)
{
    unsigned int before = ports_in_use(), got = 0;
    evtchn_port_t p, first = 0, last = 0;
    long rc;

    while ((rc = alloc_unbound(DOMID_SELF, DOMID_SELF, &p)) == 0) {
        if (!first)
            first = p;
        last = p;
        got++;
    }
    check_rc(rc, -XEN_ENOSPC, "alloc_unbound until it fails: -ENOSPC");
    check_rc(before + got, MAX_PORTS - 1, "4095 ports in use then");
    check_hex(last, MAX_PORTS - 1, "  ... the last one is port 4095");
    check_full(first);
    for (p = first; p <= last; p++)
        if (state_of(p) == EVTCHNSTAT_unbound)
            evtchn_close(p);
    check_rc(ports_in_use(), before, "closed them all again");
    check_rc(state_of(MAX_PORTS - 1), EVTCHNSTAT_closed,
             "port 4095: closed, still valid");
}

/* ---- Reset. ---- */

static void check_reset(void)
{
    struct evtchn_reset self = {.dom = DOMID_SELF};
    struct evtchn_reset none = {.dom = NO_SUCH_DOMID};
    evtchn_port_t a, b, ipi, timer;

    check_rc(evtchn_op(EVTCHNOP_reset, &none), -XEN_ESRCH,
             "reset a domain that does not exist: -ESRCH");
    alloc_unbound(DOMID_SELF, DOMID_SELF, &a);
    bind_interdomain(DOMID_SELF, a, &b);
    bind_ipi(0, &ipi);
    bind_virq(VIRQ_TIMER, 0, &timer);
    evtchn_send(ipi);
    check_rc(evtchn_op(EVTCHNOP_reset, &self), 0, "reset ourselves");
    check_rc(ports_in_use(), 0, "  ... every port closed");
    check_true(!evtchn_is_pending(ipi), "  ... the IPI no longer pending");
    check_rc(bind_virq(VIRQ_TIMER, 0, &timer), 0,
             "  ... VIRQ_TIMER binds again");
    check_hex(timer, 1, "  ... on port 1");
}

int main(void)
{
    verdict_title("test_evtchn", "event channels, every op");
    events_disable();
    check_rc(
        HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, guest_vcpu_id(), NULL),
        0, "stop the periodic timer");
    check_bad_ports();
    check_interdomain();
    check_virqs();
    check_ipi();
    check_fifo();
    check_poll();
    check_exhaustion();
    check_reset();
    verdict_end();
}
