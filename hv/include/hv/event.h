/*
 * Event channels as the rest of the hypervisor sees them: how a domain
 * gets its port table, and how the hypervisor raises an event. The
 * EVTCHNOP hypercall is do_event_channel_op() (hv/hypercall.h).
 *
 * Locking: the domain's event_lock guards its port table and its vCPUs'
 * virq_to_evtchn maps. Raising an event takes it with interrupts off,
 * so it may be called from interrupt context (timers, console input).
 */
#ifndef HV_EVENT_H
#define HV_EVENT_H

#include <hv/domain.h>

/* Set up / tear down a domain's ports (called by domain.c). */
int evtchn_domain_init(struct domain *d);
void evtchn_domain_destroy(struct domain *d);

/* Raise a per-vCPU VIRQ (VIRQ_TIMER, VIRQ_DEBUG, ...) if bound. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/* Raise a global VIRQ (VIRQ_CONSOLE, VIRQ_DOM_EXC, ...) on vCPU 0. */
void send_guest_global_virq(struct domain *d, unsigned int virq);

/*
 * Does v have an event the guest should take now? (upcall_pending set
 * and upcall_mask clear in its vcpu_info.) Used on every return to the
 * guest, and by SCHEDOP_block/poll.
 */
bool vcpu_event_deliverable(const struct vcpu *v);

#endif
