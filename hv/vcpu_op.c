/*
 * vcpu_op (hypercall 24) and set_timer_op (15): a guest asks about its
 * vCPUs and arms their timers.
 *
 * Each vCPU has a one-shot timer, armed by VCPUOP_set_singleshot_timer
 * or set_timer_op (two names for the same timer, as in Xen), and a
 * periodic one. When either fires the vCPU gets VIRQ_TIMER: that is how
 * a guest kernel keeps time and wakes from SCHEDOP_block.
 *
 * The periodic timer is Xen's, as measured on Xen 4.17: every vCPU
 * starts with a 10 ms period, and the timer ticks only while its vCPU
 * runs, so it never wakes a block. The scheduler pauses it when the vCPU
 * leaves the CPU and resumes it when the vCPU comes back, with a tick at
 * once if a period has passed since the last one; the next tick is a
 * period after the last. Setting a period resumes the timer the same way.
 *
 * Every answer here was compared with Xen 4.17 (tests/guests/vcpu.c),
 * for vCPU 0 and for vCPUs that do not exist.
 *
 * VCPUOP_initialise loads a secondary vCPU's first state with the same
 * checks and loader as XEN_DOMCTL_setvcpucontext (arch_set_vcpu_context,
 * as Xen shares arch_set_info_guest): with VGCF_online the vCPU is marked
 * up but not started, as on Xen; VCPUOP_up starts a vCPU that is down. Compared
 * with Xen 4.17 by tests/guests/sched.c, which brings up dom0's vCPU 1 that
 * way. Not offered: the physical-address areas of Xen 4.18 (-ENOSYS, as 4.17).
 * The runstate and time memory areas are in vcpu_area.c.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pvclock.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <public/vcpu.h>

/*
 * set_timer_op with a deadline in the past as a signed number, or more
 * than 2^50 ns (about 13 days) ahead, is a guest whose jiffies wrapped,
 * or one with no timer pending at all. Xen answers both with a timer
 * 100 ms ahead: soon enough for the first, cheap enough for the second.
 */
#define SET_TIMER_FAR_NS (UINT64_C(1) << 50)
#define SET_TIMER_FALLBACK_NS (100 * NS_PER_MS)

/* Xen's bounds on a periodic timer: at least 1 ms, and a period that
 * still fits a signed system time. */
#define PERIODIC_MIN_NS NS_PER_MS
#define PERIODIC_MAX_NS ((uint64_t)INT64_MAX)
/* The period every vCPU starts with, as Xen's (dom0's vCPU 0 ticks every
 * 10 ms before any VCPUOP_set_periodic_timer, measured). */
#define PERIODIC_DEFAULT_NS (10 * NS_PER_MS)

static void singleshot_timer_fire(struct timer *t, void *data)
{
    (void)t;
    send_guest_vcpu_virq(data, VIRQ_TIMER);
}

void vcpu_periodic_resume(struct vcpu *v)
{
    uint64_t now = now_ns();

    if (!v->periodic_period)
        return;
    if (now - v->periodic_last >= v->periodic_period) {
        send_guest_vcpu_virq(v, VIRQ_TIMER);
        v->periodic_last = now;
    }
    timer_set(&v->periodic_timer, v->periodic_last + v->periodic_period);
}

void vcpu_periodic_pause(struct vcpu *v)
{
    timer_stop(&v->periodic_timer);
}

/* A late tick shifts the ones after it (Xen's too): the next is a period
 * after this one was sent, and ticks missed altogether collapse into it. */
static void periodic_timer_fire(struct timer *t, void *data)
{
    (void)t;
    vcpu_periodic_resume(data);
}

void vcpu_timer_init(struct vcpu *v)
{
    timer_init(&v->singleshot_timer, singleshot_timer_fire, v);
    timer_init(&v->periodic_timer, periodic_timer_fire, v);
    v->periodic_period = PERIODIC_DEFAULT_NS;
}

void vcpu_timers_stop(struct vcpu *v)
{
    timer_stop(&v->singleshot_timer);
    timer_stop(&v->periodic_timer);
    timer_stop(&v->poll_timer);
    v->periodic_period = 0;
}

/* The runstate as of now: the time in the current state so far counts. */
static long vcpu_get_runstate(const struct vcpu *v, guest_va_t arg)
{
    struct vcpu_runstate_info info;
    uint64_t now = now_ns();

    memset(&info, 0, sizeof(info));
    info.state = v->runstate;
    info.state_entry_time = v->runstate_entry_time;
    memcpy(info.time, v->runstate_time, sizeof(info.time));
    if (now > info.state_entry_time)
        info.time[info.state] += now - info.state_entry_time;
    return copy_to_guest(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

/*
 * Timers are armed on the CPU running the vCPU: only the vCPU itself
 * may set or stop its own (Xen: -EINVAL for another).
 *
 * The flags are ignored, VCPU_SSHOTTMR_future included: Xen 4.17 no
 * longer refuses a deadline already past with -ETIME (Linux set the
 * flag and then could not cope with the error), it arms the timer,
 * which fires at once. A deadline of 0 is "the past" too.
 */
static long vcpu_set_singleshot(struct vcpu *v, guest_va_t arg)
{
    struct vcpu_set_singleshot_timer op;

    if (v != current_vcpu())
        return -EINVAL;
    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    timer_set(&v->singleshot_timer, op.timeout_abs_ns);
    return 0;
}

static long vcpu_stop_singleshot(struct vcpu *v)
{
    if (v != current_vcpu())
        return -EINVAL;
    timer_stop(&v->singleshot_timer);
    return 0;
}

/*
 * VCPUOP_register_vcpu_info: move v's vcpu_info into a frame of the
 * guest, at an offset where it fits. Once only. The hypervisor writes
 * into that frame from then on (pending bits, cr2, the clock), so the
 * arch layer holds a writable reference on it, which keeps the guest
 * from ever making it a page table. The contents move along, and a full
 * rescan of pending events is forced, as on Xen.
 *
 * Xen's checks, in Xen's order: moved already, or another vCPU that is
 * not down, -EINVAL; an offset where a vcpu_info does not fit or is
 * misaligned, -ENXIO; a frame the guest may not give, -EINVAL.
 */
static long vcpu_register_info(struct vcpu *v, guest_va_t arg)
{
    struct vcpu_register_vcpu_info r;
    struct vcpu_info *info;
    char *frame;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    if (v->vcpu_info_mfn != INVALID_MFN || (v != current_vcpu() && v->online))
        return -EINVAL;
    if (r.offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
        (r.offset % sizeof(uint64_t)))
        return -ENXIO;
    frame = arch_map_guest_frame_for_hv(v->domain, r.mfn);
    if (!frame)
        return -EINVAL;
    info = (struct vcpu_info *)(frame + r.offset);
    *info = *v->vcpu_info;
    info->evtchn_upcall_pending = 1;
    __atomic_store_n(&info->evtchn_pending_sel, ~0UL, __ATOMIC_SEQ_CST);
    v->vcpu_info = info;
    v->vcpu_info_mfn = r.mfn;
    pvclock_update_vcpu(v);
    return 0;
}

/* A tick at once if a period has passed since the last one, else a
 * period after it; a vCPU not running ticks once it runs. Any vCPU of
 * the caller's domain (Xen does not restrict this one to the caller). */
static long vcpu_set_periodic(struct vcpu *v, guest_va_t arg)
{
    struct vcpu_set_periodic_timer op;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.period_ns < PERIODIC_MIN_NS || op.period_ns > PERIODIC_MAX_NS)
        return -EINVAL;
    vcpu_periodic_pause(v);
    v->periodic_period = op.period_ns;
    if (v == current_vcpu())
        vcpu_periodic_resume(v);
    return 0;
}

static long vcpu_stop_periodic(struct vcpu *v)
{
    timer_stop(&v->periodic_timer);
    v->periodic_period = 0;
    return 0;
}

/*
 * Xen reads the whole context before looking at the vCPU (a bad pointer
 * is -EFAULT even for vCPU 0); one already initialised is -EEXIST. The
 * 5 KiB context is read into the heap, not onto the stack.
 */
static long vcpu_initialise(struct vcpu *v, guest_va_t arg)
{
    struct vcpu_guest_context *c = xmalloc(sizeof(*c));
    long rc = -EFAULT;

    if (!c)
        return -ENOMEM;
    if (copy_from_guest(c, arg, sizeof(*c)))
        goto out;
    rc = -EEXIST;
    if (v->initialised)
        goto out;
    rc = arch_set_vcpu_context(v, c);
out:
    xfree(c);
    return rc;
}

/* Up: -EINVAL if never initialised; an online vCPU stays up. */
static long vcpu_up(struct vcpu *v)
{
    if (!v->initialised)
        return -EINVAL;
    if (!v->online) {
        v->online = true;
        vcpu_wake(v);
    }
    return 0;
}

/* Down: Xen takes the last vCPU going down as the domain powering off
 * (the call never returns to it). The argument is not read. */
static long vcpu_down(struct domain *d, struct vcpu *v)
{
    bool others_up = false;

    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i] != v && d->vcpu[i]->online)
            others_up = true;
    if (!others_up) {
        domain_shutdown(d, SHUTDOWN_poweroff);
        return 0;
    }
    /* The scheduler sees it offline and never picks it again. */
    v->online = false;
    vcpu_sleep(v);
    return 0;
}

/*
 * The physical CPU a vCPU runs on, for dom0's ACPI code: its APIC ID,
 * and the ACPI processor ID above bit 32. Parasol runs every vCPU on
 * the boot CPU, so each is pinned to it.
 */
static long vcpu_get_physid(struct vcpu *v, guest_va_t arg)
{
    struct vcpu_get_physid id = {.phys_id = arch_boot_cpu_physid()};

    (void)v;
    return copy_to_guest(arg, &id, sizeof(id)) ? -EFAULT : 0;
}

/* An NMI for v, delivered through its trap table's vector 2. The
 * argument must be NULL (Xen: -EINVAL otherwise). */
static long vcpu_send_nmi(struct vcpu *v, guest_va_t arg)
{
    if (arg)
        return -EINVAL;
    arch_vcpu_send_nmi(v);
    return 0;
}

static long vcpu_op_on(struct domain *d, struct vcpu *v, int cmd,
                       guest_va_t arg)
{
    switch (cmd) {
    case VCPUOP_initialise:
        return vcpu_initialise(v, arg);
    case VCPUOP_up:
        return vcpu_up(v);
    case VCPUOP_down:
        return vcpu_down(d, v);
    case VCPUOP_is_up:
        return v->online ? 1 : 0;
    case VCPUOP_get_runstate_info:
        return vcpu_get_runstate(v, arg);
    case VCPUOP_register_runstate_memory_area:
        return vcpu_register_runstate_area(v, arg);
    case VCPUOP_set_periodic_timer:
        return vcpu_set_periodic(v, arg);
    case VCPUOP_stop_periodic_timer:
        return vcpu_stop_periodic(v);
    case VCPUOP_set_singleshot_timer:
        return vcpu_set_singleshot(v, arg);
    case VCPUOP_stop_singleshot_timer:
        return vcpu_stop_singleshot(v);
    case VCPUOP_register_vcpu_info:
        return vcpu_register_info(v, arg);
    case VCPUOP_send_nmi:
        return vcpu_send_nmi(v, arg);
    case VCPUOP_get_physid:
        return vcpu_get_physid(v, arg);
    case VCPUOP_register_vcpu_time_memory_area:
        return vcpu_register_time_area(v, arg);
    default:
        return -ENOSYS;
    }
}

/* vcpu_op(int cmd, unsigned vcpuid, void *arg). Xen checks the vCPU
 * first: -ENOENT whatever the cmd, known or not. */
HYPERCALL_DEFINE(vcpu_op, int, cmd, unsigned int, vcpuid, guest_handle_void,
                 arg)
{
    struct domain *d = current_domain();

    if (vcpuid >= d->max_vcpus || !d->vcpu[vcpuid])
        return -ENOENT;
    return vcpu_op_on(d, d->vcpu[vcpuid], cmd, arg.va);
}

/* set_timer_op(uint64_t timeout): the current vCPU's one-shot timer at
 * that system time; 0 cancels it. Never fails. */
HYPERCALL_DEFINE(set_timer_op, uint64_t, timeout)
{
    struct vcpu *v = current_vcpu();
    uint64_t now = now_ns();

    if (timeout == 0)
        timer_stop(&v->singleshot_timer);
    else if ((int64_t)timeout < 0 ||
             (timeout > now && timeout - now > SET_TIMER_FAR_NS))
        timer_set(&v->singleshot_timer, now + SET_TIMER_FALLBACK_NS);
    else
        timer_set(&v->singleshot_timer, timeout);
    return 0;
}
