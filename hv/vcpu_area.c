/*
 * The runstate and time memory areas (VCPUOP_register_runstate_memory_area,
 * VCPUOP_register_vcpu_time_memory_area): copies of a vCPU's runstate and
 * of its PV clock that the hypervisor writes at guest virtual addresses,
 * so that a guest reads them without a hypercall (Linux's steal time and
 * its vDSO clock).
 *
 * As on Xen, the address is taken as given: only one in the hypervisor's
 * range is refused (-EFAULT). An address that is not mapped, or not
 * writable, just means the writes fail, silently; 0 stops them. The
 * guest may change its page tables at any time, so every write goes
 * through copy_to_guest and may fail.
 *
 * A change (a new runstate, a new clock record) marks the area stale;
 * the arch layer calls vcpu_publish_areas() on the way back to the
 * guest kernel, when the guest's own address space is loaded, so a
 * running guest always reads its state as of its last switch.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/time.h>
#include <public/vcpu.h>

/*
 * With VMASST_TYPE_runstate_update_flag the guest asked to see updates
 * in progress: XEN_RUNSTATE_UPDATE is set in state_entry_time while the
 * rest is being written (Xen's protocol), so a reader retries.
 */
static void publish_runstate(struct vcpu *v)
{
    struct vcpu_runstate_info info;
    guest_va_t entry = v->runstate_area +
                       offsetof(struct vcpu_runstate_info, state_entry_time);
    bool flagged =
        v->domain->vm_assist & (1UL << VMASST_TYPE_runstate_update_flag);
    uint64_t busy;

    memset(&info, 0, sizeof(info));
    info.state = v->runstate;
    info.state_entry_time = v->runstate_entry_time;
    memcpy(info.time, v->runstate_time, sizeof(info.time));
    busy = info.state_entry_time | XEN_RUNSTATE_UPDATE;
    if (flagged) {
        if (copy_to_guest(entry, &busy, sizeof(busy)))
            return;
        __atomic_thread_fence(__ATOMIC_RELEASE);
        info.state_entry_time = busy;
    }
    if (copy_to_guest(v->runstate_area, &info, sizeof(info)) || !flagged)
        return;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    busy &= ~XEN_RUNSTATE_UPDATE;
    copy_to_guest(entry, &busy, sizeof(busy));
}

/*
 * The vcpu_info's clock record, under the same version protocol: the
 * copy's version is odd while its fields change, then ends equal to the
 * record's own (as Xen's copy does).
 */
static void publish_time(struct vcpu *v)
{
    struct vcpu_time_info t = v->vcpu_info->time;
    guest_va_t version =
        v->time_area + offsetof(struct vcpu_time_info, version);
    uint32_t done = t.version & ~1U, busy = done - 1;

    if (copy_to_guest(version, &busy, sizeof(busy)))
        return;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    t.version = busy;
    if (copy_to_guest(v->time_area, &t, sizeof(t)))
        return;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    copy_to_guest(version, &done, sizeof(done));
}

void vcpu_publish_areas(struct vcpu *v)
{
    if (v->runstate_area_stale) {
        v->runstate_area_stale = false;
        if (v->runstate_area)
            publish_runstate(v);
    }
    if (v->time_area_stale) {
        v->time_area_stale = false;
        if (v->time_area)
            publish_time(v);
    }
}

/* Both ops' argument: one guest virtual address. Xen refuses only an
 * address whose whole area is not a guest one. */
static long read_area_address(guest_va_t arg, size_t size, guest_va_t *va)
{
    struct vcpu_register_runstate_memory_area r;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    if (r.addr.p && !guest_range_ok(r.addr.p, size))
        return -EFAULT;
    *va = r.addr.p;
    return 0;
}

long vcpu_register_runstate_area(struct vcpu *v, guest_va_t arg)
{
    long rc = read_area_address(arg, sizeof(struct vcpu_runstate_info),
                                &v->runstate_area);

    if (rc == 0)
        v->runstate_area_stale = true;
    if (rc == 0 && v == current_vcpu())
        vcpu_publish_areas(v);
    return rc;
}

long vcpu_register_time_area(struct vcpu *v, guest_va_t arg)
{
    long rc =
        read_area_address(arg, sizeof(struct vcpu_time_info), &v->time_area);

    if (rc == 0)
        v->time_area_stale = true;
    if (rc == 0 && v == current_vcpu())
        vcpu_publish_areas(v);
    return rc;
}
