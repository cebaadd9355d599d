/*
 * Domains and virtual CPUs.
 *
 * A domain owns frames (its page list), a shared_info page, event
 * channels and up to MAX_VIRT_CPUS vCPUs. Its life: created paused,
 * unpaused to run, then shut down (with a reason: poweroff, reboot,
 * crash, ...), then destroyed, which returns every frame, port and
 * mapping it held. dom0 is built by the hypervisor (dom0_build.c); every
 * other domain is created by dom0 through domctl and built by dom0's
 * toolstack through the foreign memory calls.
 *
 * A destroyed domain whose frames other domains still reference (dom0
 * mapping one of them) lingers as a zombie: dying, off every list but
 * the domain list, holding only those frames; the last reference to go
 * frees the frame, and the last frame the domain.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <hv/arch.h>
#include <hv/guest_access.h>
#include <hv/list.h>
#include <hv/sched_credit.h>
#include <hv/spinlock.h>
#include <hv/timer.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define MAX_VIRT_CPUS XEN_LEGACY_MAX_VCPUS

struct frame;          /* hv/mm.h */
struct evtchn_table;   /* hv/event_table.h */
struct domain_console; /* hv/console_domain.c */
struct grant_table;    /* hv/grant_table.c */

enum domain_state {
    DOMAIN_ACTIVE,   /* may run (unless paused) */
    DOMAIN_SHUTDOWN, /* stopped for good; shutdown_reason says why */
    DOMAIN_DYING,    /* being destroyed: its resources are going back */
};

/* The most pausedomain calls the controller may stack (Xen's limit). */
#define DOMAIN_CONTROLLER_PAUSE_MAX 255
/* getdomaininfo's shutdown code before any is known (Xen's ~0). */
#define DOMAIN_SHUTDOWN_CODE_NONE (~0U)

struct vcpu {
    struct domain *domain;
    unsigned int vcpu_id;

    /* The vcpu_info the guest sees: in shared_info, or wherever the
     * guest moved it with VCPUOP_register_vcpu_info. */
    struct vcpu_info *vcpu_info;
    mfn_t vcpu_info_mfn; /* its frame when registered, else INVALID_MFN */

    /* Scheduling state (sched.c): changed by the CPU the vCPU belongs
     * to, with interrupts off. */
    bool online;  /* false until brought up (VCPUOP_up or the builder) */
    bool blocked; /* SCHEDOP_block: waiting for an event */
    bool polling; /* SCHEDOP_poll: waiting for one of its ports */
    int runstate; /* RUNSTATE_*, public/vcpu.h */
    struct csched_vcpu sched;     /* credit and run queue (sched_lock) */
    uint64_t runstate_entry_time; /* system time of the last change */
    uint64_t runstate_time[RUNSTATE_offline + 1]; /* ns in each state */

    /* One-shot timer (VCPUOP_set_singleshot_timer, set_timer_op):
     * raises VIRQ_TIMER. On the queue of the vCPU's CPU. */
    struct timer singleshot_timer;
    /* Periodic timer (VCPUOP_set_periodic_timer): VIRQ_TIMER every
     * periodic_period ns while the vCPU runs, 0 when stopped; armed only
     * while the vCPU is on its CPU. On the same queue. */
    struct timer periodic_timer;
    uint64_t periodic_period;
    uint64_t periodic_last; /* system time of its last tick */
    /* SCHEDOP_poll's timeout (sched_op.c); same queue. */
    struct timer poll_timer;

    /* The CPUs it may run on and prefers (XEN_DOMCTL_setvcpuaffinity):
     * bit n is CPU n; all of them at first. Not used for scheduling:
     * every vCPU runs on the boot CPU. */
    uint64_t affinity_hard, affinity_soft;

    /* Given its initial state (by the builder; VCPUOP_initialise). */
    bool initialised;

    /* Guest copies of the runstate and of the PV clock that the
     * hypervisor keeps up to date (VCPUOP_register_*_memory_area): guest
     * virtual addresses, 0 for none. A change only marks them stale; they
     * are written on the way back to the guest (vcpu_area.c), the one
     * place where the guest's address space is surely loaded. Changed by
     * the CPU running the vCPU. */
    guest_va_t runstate_area;
    guest_va_t time_area;
    bool runstate_area_stale;
    bool time_area_stale;

    /* Event channels bound to this vCPU's VIRQs; 0 = unbound
     * (domain's event_lock). */
    evtchn_port_t virq_to_evtchn[NR_VIRQS];

    struct arch_vcpu arch; /* registers and PV state (arch-defined) */
};

struct domain {
    domid_t domain_id;
    bool is_privileged; /* dom0: may use the control hypercalls */

    spinlock_t lock; /* guards state, pause counts and shutdown fields */
    enum domain_state state;
    unsigned int pause_count; /* runs only when 0 */
    /* The controller's (domctl pausedomain) share of pause_count: 1 at
     * creation, until the toolstack's first unpause. */
    unsigned int controller_pause_count;
    unsigned int shutdown_reason; /* SHUTDOWN_*, valid when shut down */
    bool shutdown_code_set;       /* SCHEDOP_shutdown_code latched */
    unsigned int shutdown_code;

    spinlock_t page_lock;       /* guards page_list and tot_pages */
    struct list_node page_list; /* every frame the domain owns */
    uint64_t tot_pages;
    uint64_t max_pages;
    /* Dying: frames still referenced from elsewhere (page_list and
     * shared_info); the domain is freed when it reaches 0. */
    unsigned long zombie_frames;

    xen_domain_handle_t handle;  /* the toolstack's UUID */
    int64_t time_offset_seconds; /* XEN_DOMCTL_settimeoffset */
    /* What createdomain asked for (checked, kept for getdomaininfo). */
    uint32_t create_flags; /* XEN_DOMCTL_CDF_* */
    uint32_t max_evtchn_port;
    uint32_t grant_opts;
    int32_t max_grant_frames, max_maptrack_frames;
    bool debugged; /* XEN_DOMCTL_setdebugging */

    struct shared_info *shared_info; /* hypervisor-owned, guest-mapped */
    mfn_t shared_info_mfn;

    unsigned int max_vcpus;
    struct vcpu *vcpu[MAX_VIRT_CPUS];
    /* Weight, cap and vCPU list of the credit scheduler (sched_lock):
     * the domain joins the scheduler with its first vCPU. */
    struct csched_dom sched;

    spinlock_t event_lock;       /* guards evtchn and every vCPU's virq map */
    struct evtchn_table *evtchn; /* its ports (hv/event_table.h) */
    struct domain_console *console;  /* its console_io text, or NULL */
    struct grant_table *grant_table; /* its grants and maptrack */

    unsigned long vm_assist; /* VMASST_TYPE_* bits the guest enabled */
    uint64_t created_ns;     /* system time at creation */

    struct list_node link; /* on the domain list (domain_list_lock) */
    struct arch_domain arch;
};

/* ---- Lifecycle (domain.c). ---- */

/*
 * A new domain, paused by its controller, with max_vcpus vCPUs (none
 * online), a zeroed shared_info (every vcpu_info with events masked)
 * and its event channels. Returns NULL with *err set (-ENOMEM, -EEXIST,
 * -EINVAL).
 */
struct domain *domain_create(domid_t id, bool privileged,
                             unsigned int max_vcpus, int *err);
/* The same with no vCPU yet (XEN_DOMCTL_createdomain): max_vcpus are
 * created by domain_vcpus_create(). */
struct domain *domain_create_empty(domid_t id, bool privileged,
                                   unsigned int max_vcpus, int *err);
/* Create every vCPU of d not created yet; -ENOMEM. */
int domain_vcpus_create(struct domain *d);
/* The domain with that ID that is not dying, or NULL. */
struct domain *domain_by_id(domid_t id);
/* The domain with that ID, dying or not, or NULL. */
struct domain *domain_by_id_any(domid_t id);
/* The domain with the lowest ID >= id, dying or not, or NULL. */
struct domain *domain_next_from(domid_t id);
/* Is id taken by a domain, dying or not? */
bool domain_id_in_use(domid_t id);

void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);
/* XEN_DOMCTL_pausedomain / unpausedomain: the controller's pauses,
 * counted apart from the domain's own. -EOVERFLOW past
 * DOMAIN_CONTROLLER_PAUSE_MAX, -EINVAL unpausing at 0. */
int domain_pause_by_controller(struct domain *d);
int domain_unpause_by_controller(struct domain *d);
/* The shutdown code getdomaininfo reports (DOMAIN_SHUTDOWN_CODE_NONE
 * before any is known). */
unsigned int domain_shutdown_code(const struct domain *d);

/* Stop the domain for good with a SHUTDOWN_* reason; idempotent. */
void domain_shutdown(struct domain *d, unsigned int reason);
/* Undo a shutdown (XEN_DOMCTL_resumedomain): active again, no code; a
 * dying domain stays dying. */
void domain_resume(struct domain *d);

/*
 * The guest misbehaved beyond recovery: log one line (domain, vCPU,
 * reason), shut it down with SHUTDOWN_crash. It returns; if d is the
 * current domain, the way back to the guest schedules another vCPU.
 */
void domain_crash(struct domain *d, const char *fmt, ...) __printf(2, 3);

/*
 * Free everything the domain holds (frames, ports, vCPUs, timers) and
 * the domain itself. It must not be active nor running anywhere. Frames
 * another domain still references stay, owned by the dying domain,
 * until released (domain_frame_released); the domain is freed with the
 * last of them. Idempotent on a dying domain.
 */
void domain_destroy(struct domain *d);

/*
 * Between domain.c and domain_frames.c: drop the allocation reference
 * of every frame of dying d (domain_destroy), and free d itself once its
 * last frame is gone.
 */
void domain_release_all_frames(struct domain *d);
void domain_free(struct domain *d);

/*
 * The last reference to frame f, owned by a domain, went (put_page):
 * take it off its owner's list, scrub and free it; free a dying owner
 * with its last frame. Any context.
 */
void domain_frame_released(struct frame *f);

/* Is the vCPU able to run (online, not blocked, domain active and not
 * paused)? */
bool vcpu_runnable(const struct vcpu *v);

/* Create vCPU id of d (offline) with its arch state. NULL if no memory. */
struct vcpu *vcpu_create(struct domain *d, unsigned int id);

/* Print every domain and its vCPUs (debug key 'q'). */
void domain_dump_all(void);

/* ---- Memory of a domain (domain.c). ---- */

/*
 * Give the domain a new frame (at most max_pages in all): owner set, on
 * its page list, with one general reference. Contents not cleared.
 * Returns its mfn, or INVALID_MFN.
 */
mfn_t domain_alloc_frame(struct domain *d);
/* Is mfn a valid frame owned by d? */
bool domain_owns_frame(const struct domain *d, mfn_t mfn);
/*
 * Take back frame mfn of d (decrease_reservation): drop its allocation
 * reference, so that it is freed now or when its last user lets go.
 * -EINVAL if d does not own it or it was taken back already.
 */
int domain_release_frame(struct domain *d, mfn_t mfn);

/* Per-vCPU timer set-up: the one-shot timer, and the periodic one with
 * its default period (vcpu_op.c). */
void vcpu_timer_init(struct vcpu *v);
/*
 * The periodic timer ticks only while its vCPU runs (as Xen's): the
 * scheduler resumes it when v comes onto the CPU (a tick at once if one
 * is due) and pauses it when v leaves. Interrupts off.
 */
void vcpu_periodic_resume(struct vcpu *v);
void vcpu_periodic_pause(struct vcpu *v);
/* Stops both of v's timers (its domain is shutting down). */
void vcpu_timers_stop(struct vcpu *v);
/*
 * Writes v's stale runstate and time areas into the guest. v must be
 * the current vCPU, with its kernel address space loaded (vcpu_area.c).
 */
void vcpu_publish_areas(struct vcpu *v);
/* VCPUOP_register_runstate_memory_area and _vcpu_time_memory_area. */
long vcpu_register_runstate_area(struct vcpu *v, guest_va_t arg);
long vcpu_register_time_area(struct vcpu *v, guest_va_t arg);

/* ---- The running vCPU. ---- */

/* The vCPU running on this CPU (the idle vCPU when no guest is). */
struct vcpu *current_vcpu(void);
static inline struct domain *current_domain(void)
{
    return current_vcpu()->domain;
}
bool is_idle_vcpu(const struct vcpu *v);

#endif
