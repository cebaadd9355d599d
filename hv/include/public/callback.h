/*
 * Guest callbacks (public guest ABI): the arguments of
 * callback_op(int cmd, const void *arg), hypercall 30.
 *
 * A callback is a guest entry point the hypervisor jumps to with a
 * bounce frame on the guest kernel stack: event upcalls, the failsafe
 * path (a bad segment on return to the guest), system calls from guest
 * user mode, NMIs. set_callbacks (hypercall 4) is the older way to set
 * the first three (no flags; it skips a non-canonical address and
 * always returns 0). Errors common to both ops: -EFAULT a bad arg
 * pointer; -ENOSYS an unknown cmd.
 */
#ifndef __XEN_PUBLIC_CALLBACK_H__
#define __XEN_PUBLIC_CALLBACK_H__

#include "xen.h"

#define CALLBACKTYPE_event 0    /* event upcall (always masks events) */
#define CALLBACKTYPE_failsafe 1 /* return to guest failed */
#define CALLBACKTYPE_syscall 2  /* 64-bit syscall from guest user mode */
#define CALLBACKTYPE_sysenter_deprecated 3
#define CALLBACKTYPE_nmi 4       /* NMI (always masks events) */
#define CALLBACKTYPE_sysenter 5  /* sysenter from 32-bit user mode */
#define CALLBACKTYPE_syscall32 7 /* syscall from 32-bit user mode */

/*
 * Mask events on entry (honoured for failsafe, syscall, syscall32 and
 * sysenter; event and NMI callbacks always mask).
 */
#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events (1U << _CALLBACKF_mask_events)

/*
 * CALLBACKOP_register: arg struct callback_register. Set (or replace)
 * the callback of type.
 * Errors: -ENOSYS an unknown type; -EINVAL a non-canonical address.
 */
#define CALLBACKOP_register 0

/*
 * CALLBACKOP_unregister: arg struct callback_unregister. Only the NMI
 * callback can be removed.
 * Errors: -EINVAL any other known type; -ENOSYS an unknown type.
 */
#define CALLBACKOP_unregister 1

struct callback_register {
    uint16_t type;          /* IN: CALLBACKTYPE_* */
    uint16_t flags;         /* IN: CALLBACKF_* */
    xen_callback_t address; /* IN: guest virtual address */
};
typedef struct callback_register callback_register_t;

struct callback_unregister {
    uint16_t type; /* IN: CALLBACKTYPE_* */
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;

XEN_ABI_CHECK_SIZE(struct callback_register, 16);
XEN_ABI_CHECK_OFFSET(struct callback_register, flags, 2);
XEN_ABI_CHECK_OFFSET(struct callback_register, address, 8);
XEN_ABI_CHECK_SIZE(struct callback_unregister, 4);

#endif
