/*
 * Event channels as the rest of the hypervisor sees them: how a domain
 * gets its port table, and how the hypervisor raises an event. The
 * EVTCHNOP hypercall is do_event_channel_op() (hv/hypercall.h).
 *
 * Locking: the domain's event_lock guards its port table and its vCPUs'
 * virq_to_evtchn maps. Raising an event takes it with interrupts off,
 * so it may be called from interrupt context (timers, console input).
 * Ops that touch two domains also take a global link lock, before any
 * event_lock (event_channel.c explains the order).
 */
#ifndef HV_EVENT_H
#define HV_EVENT_H

#include <hv/domain.h>

/*
 * Ports per domain, port 0 included (it is reserved and never
 * allocated): the 2-level ABI's limit on 64-bit, NR_EVENT_CHANNELS, as
 * on Xen. A domain may be held to fewer (evtchn_set_max_port).
 */
#define EVTCHN_MAX_PORTS NR_EVENT_CHANNELS

/* Set up a domain's ports (called by domain.c): 0 or -ENOMEM. The
 * domain may use every port until evtchn_set_max_port() says less. */
int evtchn_domain_init(struct domain *d);
/*
 * The highest port d may allocate: createdomain's max_evtchn_port
 * (xl's max_event_channels - 1). Larger values mean "all of them", as
 * on Xen. Ports already bound above it stay bound.
 */
void evtchn_set_max_port(struct domain *d, uint32_t max_port);
/*
 * Tear them down: every interdomain peer's port goes back to unbound,
 * then the table is freed. Call it once d is dying (domain_by_id() no
 * longer finds it) but before its vCPUs are freed, since until then a
 * peer may still raise events on them; without the domain list lock.
 */
void evtchn_domain_destroy(struct domain *d);

/* Raise a per-vCPU VIRQ (VIRQ_TIMER, VIRQ_DEBUG, ...) if bound. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/* Raise a global VIRQ (VIRQ_CONSOLE, VIRQ_DOM_EXC, ...) if bound: it is
 * bound on vCPU 0 and notifies the vCPU EVTCHNOP_bind_vcpu chose. */
void send_guest_global_virq(struct domain *d, unsigned int virq);

/*
 * Raise a global VIRQ in the domain that handles global VIRQs, dom0, as
 * Xen does by default: VIRQ_DOM_EXC when any domain shuts down, crashes
 * or is destroyed, VIRQ_CON_RING when a domain's console text grows.
 * Any context, but not with an event lock held.
 */
void send_global_virq(unsigned int virq);

/*
 * Does v have an event the guest should take now? (upcall_pending set
 * and upcall_mask clear in its vcpu_info.) Used on every return to the
 * guest, and by SCHEDOP_block/poll.
 */
bool vcpu_event_deliverable(const struct vcpu *v);

/*
 * SCHEDOP_poll's look at one port of d: 1 if pending (masked or not),
 * 0 if not, -EINVAL if the port is not valid (beyond the buckets d has
 * allocated, as on Xen).
 */
int evtchn_port_poll(struct domain *d, evtchn_port_t port);

/* Print every port of every domain (debug key 'e'). */
void evtchn_dump_all(void);

/*
 * A port of d has just become pending: wake every vCPU of d that is in
 * SCHEDOP_poll, even if the port is masked (poll watches pending bits,
 * not upcalls). It wakes every poller of d, whatever ports it polls
 * (vcpu_wake() ends the poll and the guest looks again). Called
 * by event_channel.c whenever a port becomes pending; any context.
 */
void evtchn_notify_pollers(struct domain *d, evtchn_port_t port);

#endif
