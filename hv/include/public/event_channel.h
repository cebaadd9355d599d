/*
 * Event channels (public guest ABI): the arguments of
 * event_channel_op(int cmd, void *arg), hypercall 32.
 *
 * A port is a per-domain number; a bound port connects to another
 * domain's port, a VIRQ, a physical IRQ or another vCPU (IPI). Sending
 * on a port sets its pending bit in the receiver's shared_info (2-level
 * ABI, NR_EVENT_CHANNELS ports) and raises an upcall unless masked.
 * Port 0 is reserved and never allocated.
 *
 * Errors common to every op: -EFAULT a bad arg pointer; -ENOSYS an
 * unknown cmd; -ENOSPC no free port (the ops that allocate one).
 */
#ifndef __XEN_PUBLIC_EVENT_CHANNEL_H__
#define __XEN_PUBLIC_EVENT_CHANNEL_H__

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq 1
#define EVTCHNOP_bind_pirq 2
#define EVTCHNOP_close 3
#define EVTCHNOP_send 4
#define EVTCHNOP_status 5
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNOP_bind_ipi 7
#define EVTCHNOP_bind_vcpu 8
#define EVTCHNOP_unmask 9
#define EVTCHNOP_reset 10
#define EVTCHNOP_init_control 11 /* FIFO ABI: -ENOSYS on Parasol */
#define EVTCHNOP_expand_array 12 /* FIFO ABI: -ENOSYS on Parasol */
#define EVTCHNOP_set_priority 13 /* FIFO ABI: -ENOSYS on Parasol */

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/*
 * EVTCHNOP_alloc_unbound: a new port of dom, waiting for remote_dom
 * to bind it with bind_interdomain.
 * IN: dom (DOMID_SELF, or any domain for a privileged caller),
 *     remote_dom (DOMID_SELF allowed). OUT: port.
 * Errors: -EPERM dom is another domain and the caller is not
 * privileged; -ESRCH no such domain; -ENOSPC.
 */
struct evtchn_alloc_unbound {
    domid_t dom, remote_dom; /* IN */
    evtchn_port_t port;      /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/*
 * EVTCHNOP_bind_interdomain: connect a new local port to remote_port,
 * an unbound port of remote_dom that was allocated for the caller.
 * IN: remote_dom, remote_port. OUT: local_port.
 * Errors: -ESRCH no such domain; -EINVAL remote_port is not valid, not
 * unbound, or not offered to the caller; -ENOSPC.
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom;        /* IN */
    evtchn_port_t remote_port; /* IN */
    evtchn_port_t local_port;  /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/*
 * EVTCHNOP_bind_virq: a port that receives VIRQ virq (xen.h) on vCPU
 * vcpu. Global VIRQs must be bound on vCPU 0.
 * IN: virq, vcpu. OUT: port.
 * Errors: -EINVAL virq >= NR_VIRQS, or a global VIRQ on vCPU != 0;
 * -ENOENT no such vCPU; -EEXIST virq already bound on that vCPU;
 * -ENOSPC.
 */
struct evtchn_bind_virq {
    uint32_t virq;      /* IN */
    uint32_t vcpu;      /* IN */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/*
 * EVTCHNOP_bind_pirq: a port that receives physical IRQ pirq.
 * IN: pirq, flags (BIND_PIRQ__WILL_SHARE). OUT: port.
 * Errors: -EINVAL a bad pirq; -EPERM no access to it; -EEXIST already
 * bound; -ENOSPC.
 */
#define _BIND_PIRQ__WILL_SHARE 0
#define BIND_PIRQ__WILL_SHARE (1U << _BIND_PIRQ__WILL_SHARE)
struct evtchn_bind_pirq {
    uint32_t pirq;      /* IN */
    uint32_t flags;     /* IN: BIND_PIRQ__* */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/*
 * EVTCHNOP_bind_ipi: a port for events between vCPUs of the caller;
 * sending on it notifies vCPU vcpu.
 * IN: vcpu. OUT: port.
 * Errors: -ENOENT no such vCPU; -ENOSPC.
 */
struct evtchn_bind_ipi {
    uint32_t vcpu;      /* IN */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/*
 * EVTCHNOP_close: free port; an interdomain peer's port goes back to
 * unbound. IN: port. Errors: -EINVAL port not valid.
 */
struct evtchn_close {
    evtchn_port_t port; /* IN */
};
typedef struct evtchn_close evtchn_close_t;

/*
 * EVTCHNOP_send: notify the other end of port (interdomain peer or
 * IPI target). Sending on an unbound port does nothing and succeeds.
 * IN: port. Errors: -EINVAL port not valid.
 */
struct evtchn_send {
    evtchn_port_t port; /* IN */
};
typedef struct evtchn_send evtchn_send_t;

/*
 * EVTCHNOP_status: the state of a port of dom.
 * IN: dom (DOMID_SELF, or any domain for a privileged caller), port.
 * OUT: status (EVTCHNSTAT_*), vcpu notified, and u per status.
 * Errors: -EPERM dom is another domain and the caller is not
 * privileged; -ESRCH no such domain; -EINVAL port not valid.
 */
#define EVTCHNSTAT_closed 0      /* not in use */
#define EVTCHNSTAT_unbound 1     /* waiting for u.unbound.dom */
#define EVTCHNSTAT_interdomain 2 /* connected to u.interdomain */
#define EVTCHNSTAT_pirq 3        /* bound to physical IRQ u.pirq */
#define EVTCHNSTAT_virq 4        /* bound to VIRQ u.virq */
#define EVTCHNSTAT_ipi 5         /* an IPI port */
struct evtchn_status {
    domid_t dom;        /* IN */
    evtchn_port_t port; /* IN */
    uint32_t status;    /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;      /* OUT: the vCPU notified */
    union {
        struct {
            domid_t dom;
        } unbound; /* EVTCHNSTAT_unbound */
        struct {
            domid_t dom;
            evtchn_port_t port;
        } interdomain; /* EVTCHNSTAT_interdomain */
        uint32_t pirq; /* EVTCHNSTAT_pirq */
        uint32_t virq; /* EVTCHNSTAT_virq */
    } u;               /* OUT */
};
typedef struct evtchn_status evtchn_status_t;

/*
 * EVTCHNOP_bind_vcpu: notify vcpu, instead, of events on port.
 * Allowed for interdomain, unbound, pirq and global VIRQ ports.
 * IN: port, vcpu.
 * Errors: -ENOENT no such vCPU; -EINVAL port not valid or of a kind
 * that cannot move (per-vCPU VIRQ, IPI).
 */
struct evtchn_bind_vcpu {
    evtchn_port_t port; /* IN */
    uint32_t vcpu;      /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/*
 * EVTCHNOP_unmask: clear the mask bit of port and, if it is pending,
 * deliver the upcall it missed. IN: port.
 * Errors: -EINVAL port not valid.
 */
struct evtchn_unmask {
    evtchn_port_t port; /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;

/*
 * EVTCHNOP_reset: close every port of dom.
 * IN: dom (DOMID_SELF, or any domain for a privileged caller).
 * Errors: -EPERM not allowed; -ESRCH no such domain.
 */
struct evtchn_reset {
    domid_t dom; /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;

/*
 * The FIFO ABI's ops. Parasol has only the 2-level ABI and answers all
 * three with -ENOSYS, as a Xen without FIFO support does, so a guest
 * that probes with init_control falls back to 2-level. Their layouts
 * are here so that guests (and the tests) can make the calls.
 *
 * EVTCHNOP_init_control: IN control_gfn (the frame of the vCPU's
 * control block), offset in it, vcpu. OUT link_bits.
 */
struct evtchn_init_control {
    uint64_t control_gfn; /* IN */
    uint32_t offset;      /* IN */
    uint32_t vcpu;        /* IN */
    uint8_t link_bits;    /* OUT */
    uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

/* EVTCHNOP_expand_array: IN array_gfn, one more page of event words. */
struct evtchn_expand_array {
    uint64_t array_gfn; /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

/* EVTCHNOP_set_priority: IN port, priority. */
struct evtchn_set_priority {
    evtchn_port_t port; /* IN */
    uint32_t priority;  /* IN */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/*
 * The argument of the old event_channel_op_compat (hypercall 16):
 * the command and its argument in one structure. 28 bytes.
 */
struct evtchn_op {
    uint32_t cmd; /* EVTCHNOP_* */
    union {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_bind_pirq bind_pirq;
        struct evtchn_bind_ipi bind_ipi;
        struct evtchn_close close;
        struct evtchn_send send;
        struct evtchn_status status;
        struct evtchn_bind_vcpu bind_vcpu;
        struct evtchn_unmask unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

XEN_ABI_CHECK_SIZE(evtchn_port_t, 4);
XEN_ABI_CHECK_SIZE(struct evtchn_alloc_unbound, 8);
XEN_ABI_CHECK_OFFSET(struct evtchn_alloc_unbound, remote_dom, 2);
XEN_ABI_CHECK_OFFSET(struct evtchn_alloc_unbound, port, 4);
XEN_ABI_CHECK_SIZE(struct evtchn_bind_interdomain, 12);
XEN_ABI_CHECK_OFFSET(struct evtchn_bind_interdomain, remote_port, 4);
XEN_ABI_CHECK_OFFSET(struct evtchn_bind_interdomain, local_port, 8);
XEN_ABI_CHECK_SIZE(struct evtchn_bind_virq, 12);
XEN_ABI_CHECK_OFFSET(struct evtchn_bind_virq, vcpu, 4);
XEN_ABI_CHECK_OFFSET(struct evtchn_bind_virq, port, 8);
XEN_ABI_CHECK_SIZE(struct evtchn_bind_pirq, 12);
XEN_ABI_CHECK_OFFSET(struct evtchn_bind_pirq, flags, 4);
XEN_ABI_CHECK_OFFSET(struct evtchn_bind_pirq, port, 8);
XEN_ABI_CHECK_SIZE(struct evtchn_bind_ipi, 8);
XEN_ABI_CHECK_OFFSET(struct evtchn_bind_ipi, port, 4);
XEN_ABI_CHECK_SIZE(struct evtchn_close, 4);
XEN_ABI_CHECK_SIZE(struct evtchn_send, 4);
XEN_ABI_CHECK_SIZE(struct evtchn_status, 24);
XEN_ABI_CHECK_OFFSET(struct evtchn_status, port, 4);
XEN_ABI_CHECK_OFFSET(struct evtchn_status, status, 8);
XEN_ABI_CHECK_OFFSET(struct evtchn_status, vcpu, 12);
XEN_ABI_CHECK_OFFSET(struct evtchn_status, u, 16);
XEN_ABI_CHECK_OFFSET(struct evtchn_status, u.interdomain.dom, 16);
XEN_ABI_CHECK_OFFSET(struct evtchn_status, u.interdomain.port, 20);
XEN_ABI_CHECK_SIZE(struct evtchn_bind_vcpu, 8);
XEN_ABI_CHECK_OFFSET(struct evtchn_bind_vcpu, vcpu, 4);
XEN_ABI_CHECK_SIZE(struct evtchn_unmask, 4);
XEN_ABI_CHECK_SIZE(struct evtchn_reset, 2);
XEN_ABI_CHECK_SIZE(struct evtchn_init_control, 24);
XEN_ABI_CHECK_OFFSET(struct evtchn_init_control, offset, 8);
XEN_ABI_CHECK_OFFSET(struct evtchn_init_control, vcpu, 12);
XEN_ABI_CHECK_OFFSET(struct evtchn_init_control, link_bits, 16);
XEN_ABI_CHECK_SIZE(struct evtchn_expand_array, 8);
XEN_ABI_CHECK_SIZE(struct evtchn_set_priority, 8);
XEN_ABI_CHECK_OFFSET(struct evtchn_set_priority, priority, 4);
XEN_ABI_CHECK_SIZE(struct evtchn_op, 28);
XEN_ABI_CHECK_OFFSET(struct evtchn_op, u, 4);

#endif
