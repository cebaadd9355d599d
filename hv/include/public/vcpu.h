/*
 * Virtual CPU operations (public guest ABI): the arguments of
 * vcpu_op(int cmd, unsigned vcpuid, void *arg), hypercall 24.
 *
 * A guest brings its vCPUs up and down, reads how long each spent
 * running, and arms per-vCPU timers (they raise VIRQ_TIMER). Errors
 * common to every op: -ENOENT no vCPU vcpuid in the calling domain;
 * -EFAULT a bad arg pointer; -ENOSYS an unknown cmd.
 */
#ifndef __XEN_PUBLIC_VCPU_H__
#define __XEN_PUBLIC_VCPU_H__

#include "xen.h"

/*
 * VCPUOP_initialise: arg vcpu_guest_context_t. Load the initial state
 * of a vCPU that was never initialised.
 * Errors: -EEXIST already initialised; -EINVAL a context that fails
 * validation (selectors, CR3, callbacks).
 */
#define VCPUOP_initialise 0

/* VCPUOP_up: arg NULL. Start an initialised vCPU. -EINVAL if not. */
#define VCPUOP_up 1

/* VCPUOP_down: arg ignored. Stop a vCPU (it may be brought up again).
 * The domain's last vCPU going down powers the domain off. */
#define VCPUOP_down 2

/* VCPUOP_is_up: arg NULL. Returns 1 if the vCPU is up, else 0. */
#define VCPUOP_is_up 3

/* VCPUOP_get_runstate_info: OUT arg struct vcpu_runstate_info. */
#define VCPUOP_get_runstate_info 4

/*
 * VCPUOP_register_runstate_memory_area: arg struct
 * vcpu_register_runstate_memory_area. The hypervisor keeps a copy of
 * the runstate at that guest virtual address, updated at each change.
 */
#define VCPUOP_register_runstate_memory_area 5

/*
 * VCPUOP_set_periodic_timer: arg struct vcpu_set_periodic_timer.
 * Raise VIRQ_TIMER every period_ns, the first a period from now.
 * Errors: -EINVAL period under 1 ms, or over 2^63 - 1.
 * VCPUOP_stop_periodic_timer: arg NULL.
 */
#define VCPUOP_set_periodic_timer 6
#define VCPUOP_stop_periodic_timer 7

/*
 * VCPUOP_set_singleshot_timer: arg struct vcpu_set_singleshot_timer.
 * Raise VIRQ_TIMER once at timeout_abs_ns (system time); a time already
 * past fires at once. Only for the calling vCPU. The flags are ignored:
 * VCPU_SSHOTTMR_future once asked for -ETIME on a past deadline, which
 * Xen 4.17 no longer gives.
 * Errors: -EINVAL vcpuid is not the caller.
 * VCPUOP_stop_singleshot_timer: arg NULL; -EINVAL as above.
 */
#define VCPUOP_set_singleshot_timer 8
#define VCPUOP_stop_singleshot_timer 9

/*
 * VCPUOP_register_vcpu_info: arg struct vcpu_register_vcpu_info. Move
 * the vCPU's vcpu_info from shared_info to offset in frame mfn (one
 * the caller owns); once only.
 * Errors: -EINVAL already moved, or another vCPU that is up; -ENXIO the
 * vcpu_info would be misaligned or cross the page end; -EINVAL a frame
 * the caller may not give.
 */
#define VCPUOP_register_vcpu_info 10

/* VCPUOP_send_nmi: arg NULL (else -EINVAL). Raise an NMI in the vCPU,
 * taken through its trap table's vector 2. */
#define VCPUOP_send_nmi 11

/*
 * VCPUOP_get_physid: OUT arg struct vcpu_get_physid: the APIC ID of
 * the physical CPU the vCPU is pinned to (bits 31:0) and its ACPI
 * processor ID (bits 63:32).
 */
#define VCPUOP_get_physid 12

/*
 * VCPUOP_register_vcpu_time_memory_area: arg as for the runstate area
 * (a guest virtual address of a struct vcpu_time_info). The hypervisor
 * keeps a copy of the vCPU's PV clock there, under the version
 * protocol. For both areas: 0 stops the copies; an address the guest
 * has not mapped is accepted (the writes just fail); -EFAULT an area
 * in the hypervisor's range.
 */
#define VCPUOP_register_vcpu_time_memory_area 13

/* Xen 4.18's physical-address forms of the two areas: -ENOSYS here, as
 * on Xen 4.17. */
#define VCPUOP_register_runstate_phys_area 14
#define VCPUOP_register_vcpu_time_phys_area 15

/* Runstates: where a vCPU's time goes. */
#define RUNSTATE_running 0  /* on a physical CPU */
#define RUNSTATE_runnable 1 /* ready, waiting for a CPU */
#define RUNSTATE_blocked 2  /* waiting for an event */
#define RUNSTATE_offline 3  /* down, or its domain paused */

struct vcpu_runstate_info {
    int state;                 /* RUNSTATE_* now */
    uint64_t state_entry_time; /* system time of entering it */
    uint64_t time[4];          /* ns spent in each RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/* Set in state_entry_time while the copy is being updated. */
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        uint64_t p;
    } addr; /* IN: guest virtual address */
};
typedef struct vcpu_register_runstate_memory_area
    vcpu_register_runstate_memory_area_t;

DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);

/* VCPUOP_register_vcpu_time_memory_area's argument: the same layout. */
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        uint64_t p;
    } addr; /* IN: guest virtual address */
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;

struct vcpu_set_periodic_timer {
    uint64_t period_ns; /* IN */
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;

#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future (1U << _VCPU_SSHOTTMR_future)
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns; /* IN: absolute system time */
    uint32_t flags;          /* IN: VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;

struct vcpu_get_physid {
    uint64_t phys_id; /* OUT: APIC ID | ACPI processor ID << 32 */
};
typedef struct vcpu_get_physid vcpu_get_physid_t;

struct vcpu_register_vcpu_info {
    uint64_t mfn;    /* IN: frame to hold the vcpu_info */
    uint32_t offset; /* IN: its offset in the frame */
    uint32_t rsvd;   /* IN: 0 */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;

XEN_ABI_CHECK_SIZE(struct vcpu_runstate_info, 48);
XEN_ABI_CHECK_OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
XEN_ABI_CHECK_OFFSET(struct vcpu_runstate_info, time, 16);
XEN_ABI_CHECK_SIZE(struct vcpu_register_runstate_memory_area, 8);
XEN_ABI_CHECK_SIZE(struct vcpu_register_time_memory_area, 8);
XEN_ABI_CHECK_SIZE(struct vcpu_set_periodic_timer, 8);
XEN_ABI_CHECK_SIZE(struct vcpu_set_singleshot_timer, 16);
XEN_ABI_CHECK_OFFSET(struct vcpu_set_singleshot_timer, flags, 8);
XEN_ABI_CHECK_SIZE(struct vcpu_get_physid, 8);
XEN_ABI_CHECK_SIZE(struct vcpu_register_vcpu_info, 16);
XEN_ABI_CHECK_OFFSET(struct vcpu_register_vcpu_info, offset, 8);
XEN_ABI_CHECK_OFFSET(struct vcpu_register_vcpu_info, rsvd, 12);

#endif
