/*
 * Scheduler operations (public guest ABI): the arguments of
 * sched_op(int cmd, void *arg), hypercall 29.
 *
 * A vCPU gives up the CPU (yield), sleeps until an event (block, poll),
 * or stops its domain (shutdown). Errors common to every op: -EFAULT a
 * bad arg pointer; -ENOSYS an unknown cmd.
 */
#ifndef __XEN_PUBLIC_SCHED_H__
#define __XEN_PUBLIC_SCHED_H__

#include "event_channel.h"

/* SCHEDOP_yield: arg NULL. Let another vCPU run. Returns 0. */
#define SCHEDOP_yield 0

/*
 * SCHEDOP_block: arg NULL. Clear this vCPU's evtchn_upcall_mask and
 * sleep until an event is pending; returns 0 at once if one already is.
 */
#define SCHEDOP_block 1

/*
 * SCHEDOP_shutdown: arg struct sched_shutdown. Stop the domain for
 * reason; does not return, except for SHUTDOWN_suspend (returns 1 if
 * the suspend was cancelled, 0 in the resumed domain).
 * Errors: -EINVAL reason > SHUTDOWN_MAX.
 */
#define SCHEDOP_shutdown 2

/*
 * SCHEDOP_poll: arg struct sched_poll. Sleep until one of the ports is
 * pending (masked or not), an upcall is deliverable, or timeout (an
 * absolute system time in ns; 0 = none) passes. Returns 0 at once if a
 * port is already pending; pending bits are left set.
 * Errors: -EINVAL nr_ports > 128 or a port not valid.
 */
#define SCHEDOP_poll 3

/*
 * SCHEDOP_remote_shutdown: arg struct sched_remote_shutdown. Stop
 * another domain (privileged callers).
 * Errors: -EPERM not privileged; -ESRCH no such domain; -EINVAL reason
 * > SHUTDOWN_MAX.
 */
#define SCHEDOP_remote_shutdown 4

/*
 * SCHEDOP_shutdown_code: arg struct sched_shutdown. Only record the
 * reason that a later shutdown (or crash) will report.
 * Errors: -EINVAL reason > SHUTDOWN_MAX.
 */
#define SCHEDOP_shutdown_code 5

/*
 * SCHEDOP_watchdog: arg struct sched_watchdog. id 0 creates a watchdog
 * and returns its id (> 0); else timeout 0 destroys watchdog id, and
 * any other timeout re-arms it. An expired watchdog shuts the domain
 * down with SHUTDOWN_watchdog.
 * Errors: -EINVAL no watchdog id; -ENOSPC no free watchdog.
 */
#define SCHEDOP_watchdog 6

/*
 * SCHEDOP_pin_override: arg struct sched_pin_override. Pin the calling
 * vCPU to pcpu temporarily (dom0 only; pcpu < 0 ends it).
 * Errors: -EPERM not dom0; -EINVAL a bad pcpu.
 */
#define SCHEDOP_pin_override 7

/* Shutdown reasons. */
#define SHUTDOWN_poweroff 0   /* stop, release the domain */
#define SHUTDOWN_reboot 1     /* stop, restart the domain */
#define SHUTDOWN_suspend 2    /* save state, stop */
#define SHUTDOWN_crash 3      /* the guest crashed */
#define SHUTDOWN_watchdog 4   /* a watchdog expired */
#define SHUTDOWN_soft_reset 5 /* reset, keeping the domain */
#define SHUTDOWN_MAX 5

struct sched_shutdown {
    unsigned int reason; /* IN: SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;

struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports; /* IN: array of ports */
    unsigned int nr_ports;                 /* IN: at most 128 */
    uint64_t timeout;                      /* IN: absolute ns, 0 = none */
};
typedef struct sched_poll sched_poll_t;

struct sched_remote_shutdown {
    domid_t domain_id;   /* IN */
    unsigned int reason; /* IN: SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;

struct sched_watchdog {
    uint32_t id;      /* IN: 0 = new */
    uint32_t timeout; /* IN: seconds; 0 = destroy */
};
typedef struct sched_watchdog sched_watchdog_t;

struct sched_pin_override {
    int32_t pcpu; /* IN */
};
typedef struct sched_pin_override sched_pin_override_t;

XEN_ABI_CHECK_SIZE(struct sched_shutdown, 4);
XEN_ABI_CHECK_SIZE(struct sched_poll, 24);
XEN_ABI_CHECK_OFFSET(struct sched_poll, nr_ports, 8);
XEN_ABI_CHECK_OFFSET(struct sched_poll, timeout, 16);
XEN_ABI_CHECK_SIZE(struct sched_remote_shutdown, 8);
XEN_ABI_CHECK_OFFSET(struct sched_remote_shutdown, reason, 4);
XEN_ABI_CHECK_SIZE(struct sched_watchdog, 8);
XEN_ABI_CHECK_OFFSET(struct sched_watchdog, timeout, 4);
XEN_ABI_CHECK_SIZE(struct sched_pin_override, 4);

#endif
