/*
 * The 2-level event ABI: the pending and mask bitmaps a domain shares
 * with the hypervisor in its shared_info page, and the per-vCPU selector
 * and upcall flag in vcpu_info (public/xen.h).
 *
 * This is only the bit mechanism, for event_channel.c: which port is
 * bound to what, and which vCPU to notify, is decided there. The guest
 * changes these words at any time, from any of its vCPUs, so every
 * access is an atomic operation on the shared word; no lock guards
 * them. Callers check that port < EVTCHN_2L_NR_CHANNELS.
 */
#ifndef HV_EVENT_2L_H
#define HV_EVENT_2L_H

#include <hv/types.h>
#include <public/event_channel.h>
#include <public/xen.h>

/* Ports per word of evtchn_pending/evtchn_mask (and selector bits per
 * vcpu_info): 64 for a 64-bit guest. */
#define EVTCHN_2L_BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

/* What evtchn_2l_set_pending() did. */
enum evtchn_2l_raise {
    EVTCHN_2L_WAS_PENDING, /* already pending: nothing changed */
    EVTCHN_2L_QUIET,       /* now pending, but no new upcall: the port is
                              masked, or the vCPU already had one */
    EVTCHN_2L_KICK,        /* now pending and the vCPU's upcall raised:
                              the caller must kick (wake) the vCPU */
};

/*
 * Mark port pending. Unless it is masked, also set its selector bit in
 * vi (the vcpu_info of the vCPU to notify) and raise vi's upcall flag.
 */
enum evtchn_2l_raise evtchn_2l_set_pending(struct shared_info *s,
                                           struct vcpu_info *vi,
                                           evtchn_port_t port);
/* Forget that port is pending (the port is being freed). */
void evtchn_2l_clear_pending(struct shared_info *s, evtchn_port_t port);
/*
 * Clear port's mask bit. If it was masked and is pending, do the
 * selector/upcall step it missed, on vi. Returns true when the caller
 * must kick the vCPU of vi.
 */
bool evtchn_2l_unmask(struct shared_info *s, struct vcpu_info *vi,
                      evtchn_port_t port);

bool evtchn_2l_is_pending(const struct shared_info *s, evtchn_port_t port);
bool evtchn_2l_is_masked(const struct shared_info *s, evtchn_port_t port);

/* Would the guest take an upcall on this vCPU now: upcall flag set and
 * events not masked by the guest? */
bool evtchn_2l_upcall_deliverable(const struct vcpu_info *vi);

#endif
