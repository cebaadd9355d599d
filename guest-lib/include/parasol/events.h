/*
 * Event channels, guest side (2-level ABI): binding ports, a handler
 * per port, masking, and the upcall that runs the handlers.
 *
 * The hypervisor marks port p pending in shared_info (bit p of
 * evtchn_pending), sets bit p / 64 of our vcpu_info's
 * evtchn_pending_sel and evtchn_upcall_pending, and, unless the vCPU
 * masked events (evtchn_upcall_mask), bounces to the event callback.
 * The callback scans the two levels of bits (evtchn_scan) and calls the
 * handler of each pending, unmasked port. Handlers run with events
 * masked, on the interrupted stack: they must be short and must not
 * block.
 *
 * Events start masked (the builder sets evtchn_upcall_mask); a guest
 * calls events_enable() once its handlers are in place. SCHEDOP_block
 * (wait_for_event, sleep_ns) unmasks them too, as on Xen.
 */
#ifndef PARASOL_EVENTS_H
#define PARASOL_EVENTS_H

#include <public/event_channel.h>
#include <stdbool.h>

/* Ports below this get a handler slot each; see evtchn_set_default. */
#define EVTCHN_NR_HANDLERS 1024

/* A port's handler: port is the one that fired, data what was given. */
typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);

/*
 * Sets port's handler (NULL to remove it). Returns 0, or -XEN_EINVAL
 * for a port >= EVTCHN_NR_HANDLERS. Does not unmask the port.
 */
int evtchn_register(evtchn_port_t port, evtchn_handler_t handler, void *data);

/*
 * The handler of every port with no handler of its own, ports beyond
 * EVTCHN_NR_HANDLERS included (dom0, with thousands of ports, demuxes
 * them itself). Without one, such an event is reported once and its
 * port masked.
 */
void evtchn_set_default(evtchn_handler_t handler, void *data);

/* Hypercall helpers: each returns a port (> 0) or -XEN_Exxx. */
int evtchn_bind_virq(uint32_t virq, uint32_t vcpu);
int evtchn_alloc_unbound(domid_t remote_dom);
int evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port);
/* These return 0 or -XEN_Exxx. */
int evtchn_send(evtchn_port_t port);
int evtchn_close(evtchn_port_t port);

/* Port mask bits: mask is local; unmask asks the hypervisor, which
 * delivers the event the port may have collected while masked. */
void evtchn_mask(evtchn_port_t port);
int evtchn_unmask(evtchn_port_t port);
/* Pending bits, for guests that poll rather than take upcalls. */
bool evtchn_is_pending(evtchn_port_t port);
void evtchn_clear(evtchn_port_t port);

/* Mask / unmask event delivery to this vCPU. Enabling delivers, at
 * once, what arrived while masked. */
void events_disable(void);
void events_enable(void);
/* Disables and returns the previous state, for events_restore(). */
bool events_save_disable(void);
void events_restore(bool was_enabled);

/*
 * Moves our vcpu_info to info (VCPUOP_register_vcpu_info; once only, a
 * page-table-free page of ours, 8-byte aligned, not crossing the page
 * end) and points guest_vcpu_info() at it, events masked across the
 * move. Returns 0 or the hypercall's error.
 */
int events_register_vcpu_info(vcpu_info_t *info);

/* Sleeps until an event is pending (SCHEDOP_block: unmasks events). */
void wait_for_event(void);

/* Registers the event and failsafe callbacks (start.c, before main). */
void events_init(void);

/*
 * The scan behind the upcall, portable and host-tested: with port i
 * the 64 * word + bit of each set bit, for as long as upcall_pending
 * comes back set: clear upcall_pending, take pending_sel (atomically
 * zeroing it), and for each word it names, each bit pending and not
 * masked: clear the pending bit, then call dispatch(port, ctx). Ports
 * masked stay pending. Returns the number of ports dispatched.
 */
typedef void (*evtchn_dispatch_t)(evtchn_port_t port, void *ctx);
unsigned int evtchn_scan(shared_info_t *shared, vcpu_info_t *vcpu,
                         evtchn_dispatch_t dispatch, void *ctx);

#endif
