/*
 * Event channels (hv/event_channel.c) through the EVTCHNOP hypercall, as
 * a guest calls it, on two fake domains of two vCPUs each: dom0
 * (privileged) and domU. Every op's success path and each of its errors
 * with the exact errno; the hypervisor's VIRQ senders; and that raising
 * an event sets the 2-level bits and wakes the vCPU exactly once.
 *
 * Doubles: guest pointers are host pointers, except BAD_VA (faults) and
 * whatever readonly_va names (faults on write); vcpu_wake() counts;
 * current_vcpu() is 'caller'; the heap is calloc/free, so the sanitizers
 * see every leak and stray access.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "panic_double.h"
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/sched.h>

#define NR_TEST_VCPUS 2
#define DOMU_ID 1
#define NO_SUCH_DOMID 42
#define BAD_VA 0xdead000000000000ULL
#define BITS (sizeof(xen_ulong_t) * 8)
#define EVTCHN_BUCKET 64 /* ports per bucket, as on Xen 4.17 */

/* ---- Doubles. ---- */

static struct domain *doms[2]; /* dom0, domU */
static struct vcpu *caller;
static guest_va_t readonly_va;
static unsigned wake_count;
static struct vcpu *last_woken;

int copy_from_guest(void *dst, guest_va_t src, size_t len)
{
    if (src == BAD_VA)
        return -EFAULT;
    memcpy(dst, (const void *)(uintptr_t)src, len);
    return 0;
}

int copy_to_guest(guest_va_t dst, const void *src, size_t len)
{
    if (dst == BAD_VA || dst == readonly_va)
        return -EFAULT;
    memcpy((void *)(uintptr_t)dst, src, len);
    return 0;
}

void vcpu_wake(struct vcpu *v)
{
    wake_count++;
    last_woken = v;
}

struct vcpu *current_vcpu(void)
{
    return caller;
}

struct domain *domain_by_id(domid_t id)
{
    for (unsigned i = 0; i < 2; i++)
        if (doms[i] && doms[i]->domain_id == id)
            return doms[i];
    return NULL;
}

/* What the 'e' debug key printed. */
static char log_text[16384];
static size_t log_len;

void printk(enum log_level level, const char *fmt, ...)
{
    va_list ap;

    (void)level;
    va_start(ap, fmt);
    log_len +=
        vsnprintf(log_text + log_len, sizeof(log_text) - log_len, fmt, ap);
    va_end(ap);
    assert_true(log_len < sizeof(log_text));
}

void *xzalloc(size_t bytes)
{
    return calloc(1, bytes);
}

void xfree(void *p)
{
    free(p);
}

/* ---- Fake domains. ---- */

static struct domain *make_domain(domid_t id, bool privileged)
{
    struct domain *d = calloc(1, sizeof(*d));

    assert_non_null(d);
    d->domain_id = id;
    d->is_privileged = privileged;
    d->shared_info = calloc(1, sizeof(*d->shared_info));
    assert_non_null(d->shared_info);
    spin_lock_init(&d->event_lock);
    d->max_vcpus = NR_TEST_VCPUS;
    for (unsigned i = 0; i < NR_TEST_VCPUS; i++) {
        struct vcpu *v = calloc(1, sizeof(*v));

        assert_non_null(v);
        v->domain = d;
        v->vcpu_id = i;
        v->vcpu_info = &d->shared_info->vcpu_info[i];
        d->vcpu[i] = v;
    }
    assert_int_equal(evtchn_domain_init(d), 0);
    return d;
}

static void free_domain(struct domain *d)
{
    if (d->evtchn)
        evtchn_domain_destroy(d);
    for (unsigned i = 0; i < NR_TEST_VCPUS; i++)
        free(d->vcpu[i]);
    free(d->shared_info);
    free(d);
}

static int setup(void **state)
{
    (void)state;
    doms[0] = make_domain(0, true);
    doms[1] = make_domain(DOMU_ID, false);
    caller = doms[1]->vcpu[0];
    readonly_va = 0;
    wake_count = 0;
    last_woken = NULL;
    log_len = 0;
    log_text[0] = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 2; i++) {
        free_domain(doms[i]);
        doms[i] = NULL;
    }
    return 0;
}

/* ---- Helpers. ---- */

/* The hypercall as the caller's guest makes it. */
static long evtchn_op(unsigned int cmd, void *arg)
{
    uint64_t args[HYPERCALL_MAX_ARGS] = {cmd, (uintptr_t)arg};

    return do_event_channel_op(args);
}

static void as(struct domain *d)
{
    caller = d->vcpu[0];
}

static evtchn_port_t bind_virq(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq op = {.virq = virq, .vcpu = vcpu};

    assert_int_equal(evtchn_op(EVTCHNOP_bind_virq, &op), 0);
    assert_true(op.port > 0);
    return op.port;
}

static evtchn_port_t bind_ipi(uint32_t vcpu)
{
    struct evtchn_bind_ipi op = {.vcpu = vcpu};

    assert_int_equal(evtchn_op(EVTCHNOP_bind_ipi, &op), 0);
    assert_true(op.port > 0);
    return op.port;
}

static long close_port(evtchn_port_t port)
{
    struct evtchn_close op = {.port = port};

    return evtchn_op(EVTCHNOP_close, &op);
}

static long send(evtchn_port_t port)
{
    struct evtchn_send op = {.port = port};

    return evtchn_op(EVTCHNOP_send, &op);
}

static struct evtchn_status status_of(domid_t dom, evtchn_port_t port)
{
    struct evtchn_status op = {.dom = dom, .port = port};

    assert_int_equal(evtchn_op(EVTCHNOP_status, &op), 0);
    return op;
}

/* The caller (as 'd') offers a port to 'remote'. */
static evtchn_port_t alloc_unbound(domid_t remote)
{
    struct evtchn_alloc_unbound op = {.dom = DOMID_SELF, .remote_dom = remote};

    assert_int_equal(evtchn_op(EVTCHNOP_alloc_unbound, &op), 0);
    assert_true(op.port > 0);
    return op.port;
}

static long bind_interdomain(domid_t remote, evtchn_port_t rport,
                             evtchn_port_t *lport)
{
    struct evtchn_bind_interdomain op = {.remote_dom = remote,
                                         .remote_port = rport};
    long rc = evtchn_op(EVTCHNOP_bind_interdomain, &op);

    if (lport)
        *lport = op.local_port;
    return rc;
}

static bool pending(struct domain *d, evtchn_port_t port)
{
    return d->shared_info->evtchn_pending[port / BITS] &
           ((xen_ulong_t)1 << (port % BITS));
}

static void mask(struct domain *d, evtchn_port_t port)
{
    d->shared_info->evtchn_mask[port / BITS] |= (xen_ulong_t)1 << (port % BITS);
}

/* The guest takes every event of v: upcall flag, selector, and the
 * pending bit of port. */
static void guest_takes(struct vcpu *v, evtchn_port_t port)
{
    struct shared_info *s = v->domain->shared_info;

    v->vcpu_info->evtchn_upcall_pending = 0;
    v->vcpu_info->evtchn_pending_sel = 0;
    s->evtchn_pending[port / BITS] &= ~((xen_ulong_t)1 << (port % BITS));
}

static bool sel_bit(struct vcpu *v, evtchn_port_t port)
{
    return v->vcpu_info->evtchn_pending_sel & ((xen_ulong_t)1 << (port / BITS));
}

/* ---- bind_virq. ---- */

static void test_bind_virq(void **state)
{
    struct domain *d = doms[1];
    evtchn_port_t port;
    struct evtchn_status st;

    (void)state;
    port = bind_virq(VIRQ_TIMER, 1);
    assert_int_equal(d->vcpu[1]->virq_to_evtchn[VIRQ_TIMER], port);
    assert_int_equal(d->vcpu[0]->virq_to_evtchn[VIRQ_TIMER], 0);
    st = status_of(DOMID_SELF, port);
    assert_int_equal(st.status, EVTCHNSTAT_virq);
    assert_int_equal(st.vcpu, 1);
    assert_int_equal(st.u.virq, VIRQ_TIMER);
    /* A per-vCPU VIRQ may be bound on each vCPU. */
    assert_int_not_equal(bind_virq(VIRQ_TIMER, 0), port);
}

static void test_bind_virq_twice(void **state)
{
    struct evtchn_bind_virq op = {.virq = VIRQ_CONSOLE, .vcpu = 0};

    (void)state;
    bind_virq(VIRQ_CONSOLE, 0);
    assert_int_equal(evtchn_op(EVTCHNOP_bind_virq, &op), -EEXIST);
    /* A failed op writes nothing back: an unwritable argument does not
     * turn its error into -EFAULT. */
    readonly_va = (uintptr_t)&op;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_virq, &op), -EEXIST);
}

static void test_bind_global_virq_on_vcpu1(void **state)
{
    struct evtchn_bind_virq op = {.virq = VIRQ_DOM_EXC, .vcpu = 1};

    (void)state;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_virq, &op), -EINVAL);
    op.virq = VIRQ_ARCH_0;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_virq, &op), -EINVAL);
    bind_virq(VIRQ_DOM_EXC, 0);
}

static void test_bind_virq_out_of_range(void **state)
{
    struct evtchn_bind_virq op = {.virq = NR_VIRQS, .vcpu = 0};

    (void)state;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_virq, &op), -EINVAL);
    op.virq = ~0u;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_virq, &op), -EINVAL);
}

static void test_bind_virq_bad_vcpu(void **state)
{
    struct evtchn_bind_virq op = {.virq = VIRQ_TIMER, .vcpu = NR_TEST_VCPUS};

    (void)state;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_virq, &op), -ENOENT);
    op.vcpu = MAX_VIRT_CPUS + 1;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_virq, &op), -ENOENT);
}

/* ---- bind_ipi and send. ---- */

static void test_bind_ipi_and_send(void **state)
{
    struct domain *d = doms[1];
    evtchn_port_t port;

    (void)state;
    port = bind_ipi(1);
    assert_int_equal(status_of(DOMID_SELF, port).status, EVTCHNSTAT_ipi);
    assert_int_equal(status_of(DOMID_SELF, port).vcpu, 1);
    assert_int_equal(send(port), 0);
    assert_true(pending(d, port));
    assert_true(sel_bit(d->vcpu[1], port));
    assert_false(sel_bit(d->vcpu[0], port));
    assert_int_equal(d->vcpu[1]->vcpu_info->evtchn_upcall_pending, 1);
    assert_int_equal(wake_count, 1);
    assert_ptr_equal(last_woken, d->vcpu[1]);
    /* Still pending: no second kick. */
    assert_int_equal(send(port), 0);
    assert_int_equal(wake_count, 1);
}

static void test_bind_ipi_bad_vcpu(void **state)
{
    struct evtchn_bind_ipi op = {.vcpu = NR_TEST_VCPUS};

    (void)state;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_ipi, &op), -ENOENT);
}

static void test_send_errors(void **state)
{
    evtchn_port_t virq_port, ipi_port;

    (void)state;
    virq_port = bind_virq(VIRQ_DEBUG, 0);
    ipi_port = bind_ipi(0);
    assert_int_equal(close_port(ipi_port), 0);
    assert_int_equal(send(ipi_port), -EINVAL);         /* closed */
    assert_int_equal(send(virq_port), -EINVAL);        /* a VIRQ */
    assert_int_equal(send(0), -EINVAL);                /* reserved */
    assert_int_equal(send(EVTCHN_MAX_PORTS), -EINVAL); /* outside */
    assert_int_equal(send(~0u), -EINVAL);
    assert_int_equal(wake_count, 0);
}

static void test_send_on_unbound_is_dropped(void **state)
{
    evtchn_port_t port;

    (void)state;
    port = alloc_unbound(0);
    assert_int_equal(send(port), 0);
    assert_false(pending(doms[1], port));
    assert_false(pending(doms[0], port));
    assert_int_equal(wake_count, 0);
}

/* ---- close. ---- */

static void test_close(void **state)
{
    struct domain *d = doms[1];
    evtchn_port_t port;

    (void)state;
    port = bind_virq(VIRQ_TIMER, 1);
    assert_int_equal(close_port(port), 0);
    assert_int_equal(d->vcpu[1]->virq_to_evtchn[VIRQ_TIMER], 0);
    assert_int_equal(status_of(DOMID_SELF, port).status, EVTCHNSTAT_closed);
    assert_int_equal(close_port(port), -EINVAL); /* already free */
    /* The VIRQ may be bound again, and gets the lowest free port. */
    assert_int_equal(bind_virq(VIRQ_TIMER, 1), port);
}

static void test_close_global_virq(void **state)
{
    struct domain *d = doms[1];
    evtchn_port_t port = bind_virq(VIRQ_CONSOLE, 0);
    struct evtchn_bind_vcpu move = {.port = port, .vcpu = 1};

    (void)state;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_vcpu, &move), 0);
    assert_int_equal(close_port(port), 0);
    assert_int_equal(d->vcpu[0]->virq_to_evtchn[VIRQ_CONSOLE], 0);
    bind_virq(VIRQ_CONSOLE, 0);
}

static void test_close_bad_ports(void **state)
{
    (void)state;
    assert_int_equal(close_port(0), -EINVAL);
    assert_int_equal(close_port(5), -EINVAL); /* never allocated */
    assert_int_equal(close_port(EVTCHN_MAX_PORTS), -EINVAL);
    assert_int_equal(close_port(~0u), -EINVAL);
}

static void test_close_clears_pending(void **state)
{
    evtchn_port_t port;

    (void)state;
    port = bind_ipi(0);
    mask(doms[1], port);
    send(port);
    assert_true(pending(doms[1], port));
    assert_int_equal(close_port(port), 0);
    assert_false(pending(doms[1], port));
}

/* ---- status. ---- */

static void test_status_own_domain(void **state)
{
    struct evtchn_status st;

    (void)state;
    st = status_of(DOMU_ID, 0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
    st = status_of(DOMID_SELF, EVTCHN_BUCKET - 1);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
    assert_int_equal(st.vcpu, 0);
}

static void test_status_errors(void **state)
{
    struct evtchn_status op = {.dom = 0, .port = 1};

    (void)state;
    assert_int_equal(evtchn_op(EVTCHNOP_status, &op), -EPERM);
    op.dom = NO_SUCH_DOMID;
    assert_int_equal(evtchn_op(EVTCHNOP_status, &op), -ESRCH);
    op.dom = DOMID_SELF;
    op.port = EVTCHN_MAX_PORTS;
    assert_int_equal(evtchn_op(EVTCHNOP_status, &op), -EINVAL);
}

static void test_status_of_other_domain_by_dom0(void **state)
{
    evtchn_port_t port;
    struct evtchn_status st;

    (void)state;
    port = bind_ipi(1); /* domU's */
    as(doms[0]);
    st = status_of(DOMU_ID, port);
    assert_int_equal(st.status, EVTCHNSTAT_ipi);
    assert_int_equal(st.vcpu, 1);
}

/* ---- Interdomain. ---- */

/* domU offers a port to dom0, dom0 binds it: both ends linked. */
static void link_dom0_domu(evtchn_port_t *uport, evtchn_port_t *port0)
{
    as(doms[1]);
    *uport = alloc_unbound(0);
    as(doms[0]);
    assert_int_equal(bind_interdomain(DOMU_ID, *uport, port0), 0);
    assert_true(*port0 > 0);
}

static void test_alloc_unbound(void **state)
{
    evtchn_port_t port;
    struct evtchn_status st;

    (void)state;
    port = alloc_unbound(0);
    st = status_of(DOMID_SELF, port);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 0);
    /* DOMID_SELF as the remote means the caller. */
    port = alloc_unbound(DOMID_SELF);
    assert_int_equal(status_of(DOMID_SELF, port).u.unbound.dom, DOMU_ID);
}

static void test_alloc_unbound_for_other_domain(void **state)
{
    struct evtchn_alloc_unbound op = {.dom = 0, .remote_dom = DOMU_ID};

    (void)state;
    assert_int_equal(evtchn_op(EVTCHNOP_alloc_unbound, &op), -EPERM);
    op.dom = NO_SUCH_DOMID;
    assert_int_equal(evtchn_op(EVTCHNOP_alloc_unbound, &op), -ESRCH);
    /* dom0 may allocate in domU, for a toolstack-made connection. */
    as(doms[0]);
    op = (struct evtchn_alloc_unbound){.dom = DOMU_ID, .remote_dom = 0};
    assert_int_equal(evtchn_op(EVTCHNOP_alloc_unbound, &op), 0);
    assert_int_equal(status_of(DOMU_ID, op.port).status, EVTCHNSTAT_unbound);
}

static void test_bind_interdomain(void **state)
{
    evtchn_port_t uport, port0;
    struct evtchn_status st;

    (void)state;
    link_dom0_domu(&uport, &port0);
    /* As on Xen, the new port starts pending (events to the unbound port
     * were dropped): dom0's vCPU 0 is kicked. */
    assert_true(pending(doms[0], port0));
    assert_int_equal(wake_count, 1);
    assert_ptr_equal(last_woken, doms[0]->vcpu[0]);
    st = status_of(DOMID_SELF, port0);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, DOMU_ID);
    assert_int_equal(st.u.interdomain.port, uport);
    st = status_of(DOMU_ID, uport);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 0);
    assert_int_equal(st.u.interdomain.port, port0);
}

static void test_interdomain_send_both_ways(void **state)
{
    evtchn_port_t uport, port0;

    (void)state;
    link_dom0_domu(&uport, &port0);
    guest_takes(doms[0]->vcpu[0], port0); /* the event of the bind */
    wake_count = 0;
    as(doms[1]);
    assert_int_equal(send(uport), 0);
    assert_true(pending(doms[0], port0));
    assert_true(sel_bit(doms[0]->vcpu[0], port0));
    assert_false(pending(doms[1], uport));
    assert_int_equal(wake_count, 1);
    assert_ptr_equal(last_woken, doms[0]->vcpu[0]);
    as(doms[0]);
    assert_int_equal(send(port0), 0);
    assert_true(pending(doms[1], uport));
    assert_int_equal(wake_count, 2);
    assert_ptr_equal(last_woken, doms[1]->vcpu[0]);
}

static void test_bind_interdomain_errors(void **state)
{
    evtchn_port_t port, other;

    (void)state;
    as(doms[1]);
    port = alloc_unbound(0);
    other = alloc_unbound(DOMU_ID); /* offered to domU itself */
    as(doms[0]);
    assert_int_equal(bind_interdomain(NO_SUCH_DOMID, port, NULL), -ESRCH);
    assert_int_equal(bind_interdomain(DOMU_ID, other, NULL), -EINVAL);
    assert_int_equal(bind_interdomain(DOMU_ID, 0, NULL), -EINVAL);
    assert_int_equal(bind_interdomain(DOMU_ID, port + 5, NULL), -EINVAL);
    assert_int_equal(bind_interdomain(DOMU_ID, EVTCHN_MAX_PORTS, NULL),
                     -EINVAL);
    assert_int_equal(bind_interdomain(DOMU_ID, port, NULL), 0);
    /* Already linked: no longer unbound. */
    assert_int_equal(bind_interdomain(DOMU_ID, port, NULL), -EINVAL);
    assert_int_equal(wake_count, 1);
}

static void test_close_interdomain_unbinds_peer(void **state)
{
    evtchn_port_t uport, port0, again;
    struct evtchn_status st;

    (void)state;
    link_dom0_domu(&uport, &port0);
    assert_int_equal(close_port(port0), 0); /* as dom0 */
    st = status_of(DOMU_ID, uport);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 0);
    assert_false(pending(doms[0], port0));
    as(doms[1]);
    assert_int_equal(send(uport), 0); /* dropped */
    /* dom0 may link to it again. */
    as(doms[0]);
    assert_int_equal(bind_interdomain(DOMU_ID, uport, &again), 0);
}

static void test_loopback(void **state)
{
    evtchn_port_t a, b;

    (void)state;
    a = alloc_unbound(DOMID_SELF);
    assert_int_equal(bind_interdomain(DOMID_SELF, a, &b), 0);
    assert_int_not_equal(a, b);
    assert_int_equal(send(b), 0);
    assert_true(pending(doms[1], a));
    assert_int_equal(close_port(a), 0);
    assert_int_equal(status_of(DOMID_SELF, b).status, EVTCHNSTAT_unbound);
    assert_int_equal(status_of(DOMID_SELF, b).u.unbound.dom, DOMU_ID);
}

static void test_destroy_unbinds_peer(void **state)
{
    evtchn_port_t uport, port0;

    (void)state;
    link_dom0_domu(&uport, &port0);
    free_domain(doms[1]);
    doms[1] = NULL;
    assert_int_equal(status_of(DOMID_SELF, port0).status, EVTCHNSTAT_unbound);
    assert_int_equal(status_of(DOMID_SELF, port0).u.unbound.dom, DOMU_ID);
    assert_int_equal(send(port0), 0);
    doms[1] = make_domain(DOMU_ID, false); /* for teardown */
}

/* ---- unmask. ---- */

static void test_unmask(void **state)
{
    struct domain *d = doms[1];
    evtchn_port_t port = bind_ipi(1);
    struct evtchn_unmask op = {.port = port};

    (void)state;
    mask(d, port);
    assert_int_equal(send(port), 0);
    assert_int_equal(wake_count, 0);
    assert_int_equal(d->vcpu[1]->vcpu_info->evtchn_upcall_pending, 0);
    assert_int_equal(evtchn_op(EVTCHNOP_unmask, &op), 0);
    assert_int_equal(d->vcpu[1]->vcpu_info->evtchn_upcall_pending, 1);
    assert_true(sel_bit(d->vcpu[1], port));
    assert_int_equal(wake_count, 1);
    assert_ptr_equal(last_woken, d->vcpu[1]);
    op.port = EVTCHN_MAX_PORTS;
    assert_int_equal(evtchn_op(EVTCHNOP_unmask, &op), -EINVAL);
}

/* ---- bind_vcpu. ---- */

static void test_bind_vcpu(void **state)
{
    evtchn_port_t uport = alloc_unbound(0);
    evtchn_port_t gport = bind_virq(VIRQ_CONSOLE, 0);
    struct evtchn_bind_vcpu op = {.port = uport, .vcpu = 1};

    (void)state;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_vcpu, &op), 0);
    assert_int_equal(status_of(DOMID_SELF, uport).vcpu, 1);
    op.port = gport;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_vcpu, &op), 0);
    assert_int_equal(status_of(DOMID_SELF, gport).vcpu, 1);
    /* The global VIRQ now reaches vCPU 1. */
    send_guest_global_virq(doms[1], VIRQ_CONSOLE);
    assert_true(sel_bit(doms[1]->vcpu[1], gport));
    assert_false(sel_bit(doms[1]->vcpu[0], gport));
    assert_ptr_equal(last_woken, doms[1]->vcpu[1]);
}

static void test_bind_vcpu_interdomain(void **state)
{
    evtchn_port_t uport, port0;
    struct evtchn_bind_vcpu op;

    (void)state;
    link_dom0_domu(&uport, &port0);
    as(doms[1]);
    op = (struct evtchn_bind_vcpu){.port = uport, .vcpu = 1};
    assert_int_equal(evtchn_op(EVTCHNOP_bind_vcpu, &op), 0);
    as(doms[0]);
    wake_count = 0;
    assert_int_equal(send(port0), 0);
    assert_true(sel_bit(doms[1]->vcpu[1], uport));
    assert_int_equal(wake_count, 1);
    assert_ptr_equal(last_woken, doms[1]->vcpu[1]);
}

static void test_bind_vcpu_errors(void **state)
{
    evtchn_port_t timer = bind_virq(VIRQ_TIMER, 0);
    evtchn_port_t ipi = bind_ipi(0);
    struct evtchn_bind_vcpu op = {.port = timer, .vcpu = 1};

    (void)state;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_vcpu, &op), -EINVAL);
    op.port = ipi;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_vcpu, &op), -EINVAL);
    op.port = 0;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_vcpu, &op), -EINVAL);
    op.port = EVTCHN_MAX_PORTS;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_vcpu, &op), -EINVAL);
    op = (struct evtchn_bind_vcpu){.port = ipi, .vcpu = NR_TEST_VCPUS};
    assert_int_equal(evtchn_op(EVTCHNOP_bind_vcpu, &op), -ENOENT);
}

/* ---- The hypercall itself. ---- */

static void test_bad_pointer(void **state)
{
    uint64_t args[HYPERCALL_MAX_ARGS] = {EVTCHNOP_bind_ipi, BAD_VA};

    (void)state;
    assert_int_equal(do_event_channel_op(args), -EFAULT);
    args[0] = EVTCHNOP_send;
    assert_int_equal(do_event_channel_op(args), -EFAULT);
    args[0] = EVTCHNOP_status;
    assert_int_equal(do_event_channel_op(args), -EFAULT);
}

/* A result that cannot be written back: -EFAULT, and, as on Xen, the
 * port stays bound. */
static void test_unwritable_result(void **state)
{
    struct evtchn_bind_ipi op = {.vcpu = 0};

    (void)state;
    readonly_va = (uintptr_t)&op;
    assert_int_equal(evtchn_op(EVTCHNOP_bind_ipi, &op), -EFAULT);
    assert_int_equal(op.port, 0);
    assert_int_equal(status_of(DOMID_SELF, 1).status, EVTCHNSTAT_ipi);
}

static void test_unknown_cmd(void **state)
{
    struct evtchn_reset reset = {.dom = DOMID_SELF};
    char buf[32] = {0};

    (void)state;
    assert_int_equal(evtchn_op(EVTCHNOP_set_priority + 1, buf), -ENOSYS);
    assert_int_equal(evtchn_op(~0u, buf), -ENOSYS);
    assert_int_equal(evtchn_op(EVTCHNOP_bind_pirq, buf), -ENOSYS);
    assert_int_equal(evtchn_op(EVTCHNOP_reset, &reset), 0);
    assert_int_equal(evtchn_op(EVTCHNOP_init_control, buf), -ENOSYS);
    /* Unknown ops never touch the argument. */
    uint64_t args[HYPERCALL_MAX_ARGS] = {EVTCHNOP_init_control, BAD_VA};
    assert_int_equal(do_event_channel_op(args), -ENOSYS);
}

static void test_cmd_is_an_int(void **state)
{
    evtchn_port_t port = bind_ipi(0);
    struct evtchn_send op = {.port = port};
    uint64_t args[HYPERCALL_MAX_ARGS] = {(1ULL << 32) | EVTCHNOP_send,
                                         (uintptr_t)&op};

    (void)state;
    assert_int_equal(do_event_channel_op(args), 0);
    assert_true(pending(doms[1], port));
}

static void test_port_exhaustion(void **state)
{
    (void)state;
    for (evtchn_port_t p = 1; p < EVTCHN_MAX_PORTS; p++)
        assert_int_equal(bind_ipi(0), p);
    struct evtchn_bind_ipi op = {.vcpu = 0};
    assert_int_equal(evtchn_op(EVTCHNOP_bind_ipi, &op), -ENOSPC);
    struct evtchn_bind_virq virq = {.virq = VIRQ_TIMER, .vcpu = 0};
    assert_int_equal(evtchn_op(EVTCHNOP_bind_virq, &virq), -ENOSPC);
    assert_int_equal(doms[1]->vcpu[0]->virq_to_evtchn[VIRQ_TIMER], 0);
    /* A closed port is reused. */
    assert_int_equal(close_port(100), 0);
    assert_int_equal(bind_ipi(1), 100);
}

/* ---- The hypervisor's side. ---- */

static void test_send_guest_vcpu_virq(void **state)
{
    struct vcpu *v = doms[1]->vcpu[1];
    evtchn_port_t port = bind_virq(VIRQ_TIMER, 1);

    (void)state;
    send_guest_vcpu_virq(v, VIRQ_TIMER);
    assert_true(pending(doms[1], port));
    assert_true(sel_bit(v, port));
    assert_int_equal(v->vcpu_info->evtchn_upcall_pending, 1);
    assert_int_equal(wake_count, 1);
    assert_ptr_equal(last_woken, v);
    /* Already pending: nothing more. */
    send_guest_vcpu_virq(v, VIRQ_TIMER);
    assert_int_equal(wake_count, 1);
}

static void test_send_guest_vcpu_virq_masked_or_unbound(void **state)
{
    struct vcpu *v = doms[1]->vcpu[0];
    evtchn_port_t port = bind_virq(VIRQ_TIMER, 0);

    (void)state;
    send_guest_vcpu_virq(doms[1]->vcpu[1], VIRQ_TIMER); /* not bound */
    send_guest_vcpu_virq(v, VIRQ_DEBUG);                /* not bound */
    assert_int_equal(wake_count, 0);
    mask(doms[1], port);
    send_guest_vcpu_virq(v, VIRQ_TIMER);
    assert_true(pending(doms[1], port));
    assert_int_equal(v->vcpu_info->evtchn_upcall_pending, 0);
    assert_int_equal(wake_count, 0);
}

static void test_send_guest_global_virq(void **state)
{
    evtchn_port_t port;

    (void)state;
    send_guest_global_virq(doms[1], VIRQ_DOM_EXC); /* not bound */
    assert_int_equal(wake_count, 0);
    port = bind_virq(VIRQ_DOM_EXC, 0);
    send_guest_global_virq(doms[1], VIRQ_DOM_EXC);
    assert_true(pending(doms[1], port));
    assert_int_equal(wake_count, 1);
    assert_ptr_equal(last_woken, doms[1]->vcpu[0]);
}

static void test_virq_class_is_checked(void **state)
{
    (void)state;
    EXPECT_PANIC(send_guest_vcpu_virq(doms[1]->vcpu[0], VIRQ_CONSOLE),
                 "assertion");
    EXPECT_PANIC(send_guest_global_virq(doms[1], VIRQ_TIMER), "assertion");
    EXPECT_PANIC(send_guest_global_virq(doms[1], NR_VIRQS), "assertion");
}

static void test_vcpu_event_deliverable(void **state)
{
    struct vcpu *v = doms[1]->vcpu[0];

    (void)state;
    assert_false(vcpu_event_deliverable(v));
    bind_virq(VIRQ_TIMER, 0);
    v->vcpu_info->evtchn_upcall_mask = 1;
    send_guest_vcpu_virq(v, VIRQ_TIMER);
    assert_false(vcpu_event_deliverable(v));
    v->vcpu_info->evtchn_upcall_mask = 0;
    assert_true(vcpu_event_deliverable(v));
}

static void test_port_pending(void **state)
{
    evtchn_port_t port = bind_ipi(0);

    (void)state;
    mask(doms[1], port);
    assert_int_equal(evtchn_port_poll(doms[1], port), 0);
    send(port);
    assert_int_equal(evtchn_port_poll(doms[1], port), 1); /* masked or not */
    assert_int_equal(evtchn_port_poll(doms[1], 63), 0);   /* free, valid */
    assert_int_equal(evtchn_port_poll(doms[1], 64), -EINVAL); /* no bucket */
    assert_int_equal(evtchn_port_poll(doms[1], EVTCHN_MAX_PORTS), -EINVAL);
}

/* A poller wakes when a port becomes pending, even a masked one. */
static void test_pollers_wake_even_if_masked(void **state)
{
    struct vcpu *v = doms[1]->vcpu[1];
    evtchn_port_t port = bind_ipi(0);

    (void)state;
    mask(doms[1], port);
    v->polling = true;
    send(port);
    assert_int_equal(wake_count, 1);
    assert_ptr_equal(last_woken, v);
    send(port); /* already pending: no news */
    assert_int_equal(wake_count, 1);
}

/* ---- Buckets, limits, reset, the FIFO ops. ---- */

static long status_rc(domid_t dom, evtchn_port_t port)
{
    struct evtchn_status op = {.dom = dom, .port = port};

    return evtchn_op(EVTCHNOP_status, &op);
}

static long unmask_rc(evtchn_port_t port)
{
    struct evtchn_unmask op = {.port = port};

    return evtchn_op(EVTCHNOP_unmask, &op);
}

/* Ports beyond the buckets allocated so far are not valid, as on Xen. */
static void test_ports_grow_in_buckets(void **state)
{
    (void)state;
    assert_int_equal(unmask_rc(EVTCHN_BUCKET - 1), 0);
    assert_int_equal(unmask_rc(EVTCHN_BUCKET), -EINVAL);
    assert_int_equal(status_rc(DOMID_SELF, EVTCHN_BUCKET), -EINVAL);
    assert_int_equal(close_port(EVTCHN_BUCKET), -EINVAL);
    for (evtchn_port_t p = 1; p < EVTCHN_BUCKET; p++)
        assert_int_equal(bind_ipi(0), p);
    /* The first port of a new bucket. */
    assert_int_equal(bind_ipi(0), EVTCHN_BUCKET);
    assert_int_equal(unmask_rc(2 * EVTCHN_BUCKET - 1), 0);
    assert_int_equal(status_rc(DOMID_SELF, 2 * EVTCHN_BUCKET - 1), 0);
    assert_int_equal(unmask_rc(2 * EVTCHN_BUCKET), -EINVAL);
    /* Closing every port keeps the bucket: the ports stay valid. */
    for (evtchn_port_t p = 1; p <= EVTCHN_BUCKET; p++)
        assert_int_equal(close_port(p), 0);
    assert_int_equal(status_of(DOMID_SELF, EVTCHN_BUCKET).status,
                     EVTCHNSTAT_closed);
}

static void test_max_port(void **state)
{
    struct evtchn_bind_ipi op = {.vcpu = 0};

    (void)state;
    evtchn_set_max_port(doms[1], 3);
    assert_int_equal(bind_ipi(0), 1);
    assert_int_equal(bind_ipi(0), 2);
    assert_int_equal(bind_ipi(0), 3);
    assert_int_equal(evtchn_op(EVTCHNOP_bind_ipi, &op), -ENOSPC);
    assert_int_equal(close_port(2), 0);
    assert_int_equal(bind_ipi(0), 2);
    /* Above the 2-level limit means every port. */
    evtchn_set_max_port(doms[1], UINT32_MAX);
    assert_int_equal(bind_ipi(0), 4);
}

/* alloc_unbound finds the port before it checks the caller's right, so
 * a full table answers -ENOSPC first (Xen's order). */
static void test_alloc_unbound_error_order(void **state)
{
    struct evtchn_alloc_unbound op = {.dom = 0, .remote_dom = DOMU_ID};

    (void)state;
    evtchn_set_max_port(doms[0], 0);
    assert_int_equal(evtchn_op(EVTCHNOP_alloc_unbound, &op), -ENOSPC);
    evtchn_set_max_port(doms[0], EVTCHN_MAX_PORTS - 1);
    assert_int_equal(evtchn_op(EVTCHNOP_alloc_unbound, &op), -EPERM);
}

/* status checks the port before the caller's right (Xen's order). */
static void test_status_error_order(void **state)
{
    (void)state;
    assert_int_equal(status_rc(0, EVTCHN_MAX_PORTS), -EINVAL);
    assert_int_equal(status_rc(0, 1), -EPERM);
}

static long reset(domid_t dom)
{
    struct evtchn_reset op = {.dom = dom};

    return evtchn_op(EVTCHNOP_reset, &op);
}

static void test_reset_self(void **state)
{
    struct domain *d = doms[1];
    evtchn_port_t ipi = bind_ipi(0), virq = bind_virq(VIRQ_TIMER, 1);
    evtchn_port_t uport, port0;

    (void)state;
    link_dom0_domu(&uport, &port0);
    as(d);
    send(ipi);
    assert_int_equal(reset(DOMID_SELF), 0);
    for (evtchn_port_t p = 0; p < EVTCHN_BUCKET; p++)
        assert_int_equal(status_of(DOMID_SELF, p).status, EVTCHNSTAT_closed);
    assert_false(pending(d, ipi));
    assert_int_equal(d->vcpu[1]->virq_to_evtchn[VIRQ_TIMER], 0);
    assert_int_equal(virq > 0, 1);
    /* dom0's end of the link is unbound again, offered to domU. */
    as(doms[0]);
    assert_int_equal(status_of(DOMID_SELF, port0).status, EVTCHNSTAT_unbound);
    assert_int_equal(status_of(DOMID_SELF, port0).u.unbound.dom, DOMU_ID);
    as(d);
    assert_int_equal(bind_ipi(0), 1);
}

static void test_reset_other(void **state)
{
    evtchn_port_t port;

    (void)state;
    port = bind_ipi(0);
    assert_int_equal(reset(0), -EPERM);
    assert_int_equal(reset(NO_SUCH_DOMID), -ESRCH);
    as(doms[0]);
    assert_int_equal(reset(NO_SUCH_DOMID), -ESRCH);
    /* Only while the domain is paused. */
    assert_int_equal(reset(DOMU_ID), -EINVAL);
    assert_int_equal(status_of(DOMU_ID, port).status, EVTCHNSTAT_ipi);
    doms[1]->pause_count = 1; /* paused, but not by its controller */
    assert_int_equal(reset(DOMU_ID), -EINVAL);
    doms[1]->controller_pause_count = 1;
    assert_int_equal(reset(DOMU_ID), 0);
    assert_int_equal(status_of(DOMU_ID, port).status, EVTCHNSTAT_closed);
}

/* Measured on Xen 4.17, which has FIFO but never switched to it. */
static void test_fifo_ops(void **state)
{
    struct evtchn_expand_array expand = {.array_gfn = 0};
    struct evtchn_set_priority prio = {.port = 0, .priority = 0};
    uint64_t args[HYPERCALL_MAX_ARGS] = {EVTCHNOP_expand_array, BAD_VA};

    (void)state;
    assert_int_equal(evtchn_op(EVTCHNOP_expand_array, &expand), -EOPNOTSUPP);
    assert_int_equal(do_event_channel_op(args), -EFAULT);
    assert_int_equal(evtchn_op(EVTCHNOP_set_priority, &prio), -ENOSYS);
    prio.port = EVTCHN_MAX_PORTS;
    assert_int_equal(evtchn_op(EVTCHNOP_set_priority, &prio), -EINVAL);
}

static void test_send_global_virq_goes_to_dom0(void **state)
{
    evtchn_port_t domu_port = bind_virq(VIRQ_DOM_EXC, 0), port0;

    (void)state;
    as(doms[0]);
    port0 = bind_virq(VIRQ_DOM_EXC, 0);
    send_global_virq(VIRQ_DOM_EXC);
    assert_true(pending(doms[0], port0));
    assert_false(pending(doms[1], domu_port));
}

/* A dying domain allocates nothing; its table is gone. */
static void test_destroyed_table(void **state)
{
    (void)state;
    evtchn_domain_destroy(doms[1]);
    assert_int_equal(evtchn_port_poll(doms[1], 1), -EINVAL);
    send_global_virq(VIRQ_DOM_EXC); /* dom0 has not bound it: nothing */
    assert_int_equal(wake_count, 0);
}

static void test_dump(void **state)
{
    evtchn_port_t uport, port0;

    (void)state;
    bind_virq(VIRQ_TIMER, 1);
    link_dom0_domu(&uport, &port0);
    evtchn_dump_all();
    assert_non_null(
        strstr(log_text, "d1: ports in use 2, valid 64, max port 4095"));
    assert_non_null(strstr(log_text, "virq 0 vcpu 1 pending 0 masked 0"));
    assert_non_null(strstr(log_text, "interdomain peer d0:1"));
    assert_non_null(strstr(log_text, "interdomain peer d1:2"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_bind_virq),
        T(test_bind_virq_twice),
        T(test_bind_global_virq_on_vcpu1),
        T(test_bind_virq_out_of_range),
        T(test_bind_virq_bad_vcpu),
        T(test_bind_ipi_and_send),
        T(test_bind_ipi_bad_vcpu),
        T(test_send_errors),
        T(test_send_on_unbound_is_dropped),
        T(test_close),
        T(test_close_global_virq),
        T(test_close_bad_ports),
        T(test_close_clears_pending),
        T(test_status_own_domain),
        T(test_status_errors),
        T(test_status_of_other_domain_by_dom0),
        T(test_alloc_unbound),
        T(test_alloc_unbound_for_other_domain),
        T(test_bind_interdomain),
        T(test_interdomain_send_both_ways),
        T(test_bind_interdomain_errors),
        T(test_close_interdomain_unbinds_peer),
        T(test_loopback),
        T(test_destroy_unbinds_peer),
        T(test_unmask),
        T(test_bind_vcpu),
        T(test_bind_vcpu_interdomain),
        T(test_bind_vcpu_errors),
        T(test_bad_pointer),
        T(test_unwritable_result),
        T(test_unknown_cmd),
        T(test_cmd_is_an_int),
        T(test_port_exhaustion),
        T(test_send_guest_vcpu_virq),
        T(test_send_guest_vcpu_virq_masked_or_unbound),
        T(test_send_guest_global_virq),
        T(test_virq_class_is_checked),
        T(test_vcpu_event_deliverable),
        T(test_port_pending),
        T(test_pollers_wake_even_if_masked),
        T(test_ports_grow_in_buckets),
        T(test_max_port),
        T(test_alloc_unbound_error_order),
        T(test_status_error_order),
        T(test_reset_self),
        T(test_reset_other),
        T(test_fifo_ops),
        T(test_send_global_virq_goes_to_dom0),
        T(test_destroyed_table),
        T(test_dump),
    };

    return cmocka_run_group_tests_name("event_channel", tests, NULL, NULL);
}
