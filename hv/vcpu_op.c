/*
 * vcpu_op (hypercall 24) and set_timer_op (15): a guest asks about its
 * vCPUs and arms their timers.
 *
 * Each vCPU has one one-shot timer, armed by VCPUOP_set_singleshot_timer
 * or set_timer_op (two names for the same timer, as in Xen). When it
 * fires the vCPU gets VIRQ_TIMER: that is how a guest kernel keeps time
 * and wakes from SCHEDOP_block. A periodic timer is not offered.
 *
 * Not here yet, and -ENOSYS: bringing vCPUs up and down (initialise, up,
 * down: every domain runs on vCPU 0 for now), the runstate area, NMIs.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pvclock.h>
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

static void singleshot_timer_fire(struct timer *t, void *data)
{
    (void)t;
    send_guest_vcpu_virq(data, VIRQ_TIMER);
}

void vcpu_timer_init(struct vcpu *v)
{
    timer_init(&v->singleshot_timer, singleshot_timer_fire, v);
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
 * guest, at an offset where it fits. Once only (-EINVAL again). The
 * hypervisor writes into that frame from then on (pending bits, cr2, the
 * clock), so the arch layer holds a writable reference on it, which
 * keeps the guest from ever making it a page table. The contents move
 * along, and a full rescan of pending events is forced, as on Xen.
 */
static long vcpu_register_info(struct vcpu *v, guest_va_t arg)
{
    struct vcpu_register_vcpu_info r;
    struct vcpu_info *info;
    char *frame;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    if (r.offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
        (r.offset % sizeof(uint64_t)) || v->vcpu_info_mfn != INVALID_MFN)
        return -EINVAL;
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

/* vcpu_op(int cmd, unsigned vcpuid, void *arg) */
long do_vcpu_op(const uint64_t args[])
{
    int cmd = (int)args[0];
    uint32_t vcpuid = (uint32_t)args[1];
    guest_va_t arg = args[2];
    struct domain *d = current_domain();
    struct vcpu *v;

    if (vcpuid >= d->max_vcpus || !d->vcpu[vcpuid])
        return -ENOENT;
    v = d->vcpu[vcpuid];
    switch (cmd) {
    case VCPUOP_is_up:
        return v->online ? 1 : 0;
    case VCPUOP_get_runstate_info:
        return vcpu_get_runstate(v, arg);
    case VCPUOP_register_vcpu_info:
        return vcpu_register_info(v, arg);
    case VCPUOP_set_singleshot_timer:
        return vcpu_set_singleshot(v, arg);
    case VCPUOP_stop_singleshot_timer:
        return vcpu_stop_singleshot(v);
    case VCPUOP_stop_periodic_timer:
        /* No periodic timer ever runs, so stopping one succeeds (Linux
         * stops it on every vCPU it brings up, and insists). */
        return 0;
    default:
        return -ENOSYS;
    }
}

/* set_timer_op(uint64_t timeout): the current vCPU's one-shot timer at
 * that system time; 0 cancels it. Never fails. */
long do_set_timer_op(const uint64_t args[])
{
    uint64_t timeout = args[0];
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
