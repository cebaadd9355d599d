/*
 * The hypercalls that set up a PV vCPU's virtual CPU: its virtual IDT
 * (set_trap_table), its callbacks (set_callbacks, callback_op), the
 * kernel stack for entries from user mode (stack_switch), segment bases,
 * and the virtual CR0.TS (fpu_taskswitch). Its descriptor tables are
 * pv/desc/'s.
 * Each validates every argument before it changes anything.
 */
#include <arch/cpu.h>
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <arch/traps.h>
#include <arch/x86.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/percpu.h>
#include <public/arch-x86/xen.h>
#include <public/callback.h>

#define MAX_TRAP_ENTRIES 256

/* A guest code or data address: canonical, outside the hypervisor. */
static bool guest_address_ok(uint64_t va)
{
    return guest_range_ok(va, 1);
}

GUEST_HANDLE_TYPE(trap_info, struct trap_info);

/* Read and check the whole table first, so a bad entry changes nothing. */
static long read_trap_table(guest_handle_trap_info table, struct trap_info *out,
                            unsigned *count)
{
    for (unsigned i = 0; i < MAX_TRAP_ENTRIES + 1; i++) {
        if (copy_from_guest_offset(&out[i], table, i, 1))
            return -EFAULT;
        if (out[i].address == 0) {
            *count = i;
            return 0;
        }
        if (i == MAX_TRAP_ENTRIES || !guest_address_ok(out[i].address))
            return -EINVAL;
    }
    return -EINVAL;
}

HYPERCALL_DEFINE(set_trap_table, guest_handle_trap_info, table)
{
    struct vcpu *v = current_vcpu();
    struct trap_info *entries;
    unsigned count = 0;
    long rc;

    if (guest_handle_is_null(table)) { /* NULL: forget every handler */
        memset(v->arch.traps, 0, sizeof(v->arch.traps));
        return 0;
    }
    entries = xmalloc_array(MAX_TRAP_ENTRIES + 1, sizeof(*entries));
    if (!entries)
        return -ENOMEM;
    rc = read_trap_table(table, entries, &count);
    for (unsigned i = 0; rc == 0 && i < count; i++) {
        /* Incremental: only the listed vectors change. */
        v->arch.traps[entries[i].vector].address = entries[i].address;
        v->arch.traps[entries[i].vector].flags = entries[i].flags;
    }
    xfree(entries);
    return rc;
}

/* The slot of each callback type a 64-bit PV guest may register; -1
 * for the numbers Xen does not know (3, the old sysenter, and 6). */
static int callback_slot(unsigned type)
{
    switch (type) {
    case CALLBACKTYPE_event:
        return PV_CB_EVENT;
    case CALLBACKTYPE_failsafe:
        return PV_CB_FAILSAFE;
    case CALLBACKTYPE_syscall:
        return PV_CB_SYSCALL;
    case CALLBACKTYPE_nmi:
        return PV_CB_NMI;
    case CALLBACKTYPE_sysenter:
        return PV_CB_SYSENTER;
    case CALLBACKTYPE_syscall32:
        return PV_CB_SYSCALL32;
    default:
        return -1;
    }
}

/*
 * As Xen: the address is checked first (canonical, -EINVAL, even for
 * an unknown type), then the type (-ENOSYS). Any canonical address is
 * accepted, the hypervisor's range included: a callback there faults
 * in guest mode when used, never in the hypervisor.
 */
static long register_callback(struct vcpu *v, unsigned type, uint64_t addr,
                              bool mask)
{
    int slot = callback_slot(type);

    if (!is_canonical_address(addr))
        return -EINVAL;
    if (slot < 0)
        return -ENOSYS;
    /* Event and NMI callbacks always mask events. */
    if (slot == PV_CB_EVENT || slot == PV_CB_NMI)
        mask = true;
    v->arch.callbacks[slot].address = addr;
    v->arch.callbacks[slot].mask_events = mask;
    return 0;
}

/* Only the NMI callback can be removed (-EINVAL for the other known
 * types, -ENOSYS for unknown ones). */
static long unregister_callback(struct vcpu *v, unsigned type)
{
    int slot = callback_slot(type);

    if (slot < 0)
        return -ENOSYS;
    if (slot != PV_CB_NMI)
        return -EINVAL;
    v->arch.callbacks[slot].address = 0;
    return 0;
}

/* set_callbacks(event, failsafe, syscall): each registered on its own
 * with no flags; one refused (not canonical) is skipped and the call
 * still answers 0, as on Xen. */
HYPERCALL_DEFINE(set_callbacks, uint64_t, event_address, uint64_t,
                 failsafe_address, uint64_t, syscall_address)
{
    struct vcpu *v = current_vcpu();

    register_callback(v, CALLBACKTYPE_event, event_address, false);
    register_callback(v, CALLBACKTYPE_failsafe, failsafe_address, false);
    register_callback(v, CALLBACKTYPE_syscall, syscall_address, false);
    return 0;
}

/* arg's type depends on cmd. */
HYPERCALL_DEFINE(callback_op, uint64_t, cmd, guest_handle_void, arg)
{
    struct vcpu *v = current_vcpu();

    switch (cmd) {
    case CALLBACKOP_register: {
        struct callback_register r;
        if (copy_from_guest(&r, arg.va, sizeof(r)))
            return -EFAULT;
        return register_callback(v, r.type, r.address,
                                 r.flags & CALLBACKF_mask_events);
    }
    case CALLBACKOP_unregister: {
        struct callback_unregister u;
        if (copy_from_guest(&u, arg.va, sizeof(u)))
            return -EFAULT;
        return unregister_callback(v, u.type);
    }
    default:
        return -ENOSYS;
    }
}

/*
 * Taken as given, as Xen does: the stack is only used when an event or
 * exception enters the guest kernel from user mode, and pv_bounce()
 * writes the frame through the copy helpers, so a stack outside the
 * guest's range crashes the domain then instead of faulting here.
 */
HYPERCALL_DEFINE(stack_switch, uint16_t, ss, uint64_t, sp)
{
    struct vcpu *v = current_vcpu();

    v->arch.kernel_ss = ss;
    v->arch.kernel_sp = sp;
    return 0;
}

HYPERCALL_DEFINE(set_segment_base, uint64_t, which, uint64_t, base)
{
    struct vcpu *v = current_vcpu();

    /* Any canonical base: one in the hypervisor's range reaches nothing,
     * its pages are not user-accessible. A non-canonical one would make
     * the wrmsr fault in the hypervisor. */
    if (which != SEGBASE_GS_USER_SEL && !is_canonical_address(base))
        return -EINVAL;
    switch (which) {
    case SEGBASE_FS:
        v->arch.fs_base = base;
        wrmsr(MSR_FS_BASE, base);
        return 0;
    case SEGBASE_GS_USER:
        v->arch.gs_base_user = base;
        break;
    case SEGBASE_GS_KERNEL:
        v->arch.gs_base_kernel = base;
        break;
    case SEGBASE_GS_USER_SEL:
        /* Loading a selector sets the base from its descriptor: every
         * segment a PV guest can use here is flat, so the base is 0.
         * Never fails, as on Xen (Linux relies on it). */
        v->arch.gs_base_user = 0;
        break;
    default:
        return -EINVAL;
    }
    pv_load_guest_gs(v);
    return 0;
}

HYPERCALL_DEFINE(fpu_taskswitch, bool, set)
{
    struct vcpu *v = current_vcpu();

    v->arch.fpu_ts = set;
    if (v->arch.fpu_ts)
        write_cr0(read_cr0() | X86_CR0_TS);
    else
        clts();
    return 0;
}
