/*
 * The hypercall table: hypercall number -> handler.
 *
 * The arch entry code gathers the guest's argument registers and calls
 * hypercall_dispatch(); this file only finds the handler. Each handler
 * lives with its subsystem and decodes its own arguments. A number with
 * no handler, or beyond the table, answers -ENOSYS, which is how a guest
 * learns that a hypercall is not there (it may then try an older one).
 */
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <public/xen.h>

static const hypercall_fn_t hypercall_table[NR_HYPERCALLS] = {
    /* Portable (hv/). */
    [__HYPERVISOR_memory_op] = do_memory_op,
    [__HYPERVISOR_multicall] = do_multicall,
    [__HYPERVISOR_set_timer_op] = do_set_timer_op,
    [__HYPERVISOR_xen_version] = do_xen_version,
    [__HYPERVISOR_console_io] = do_console_io,
    [__HYPERVISOR_vm_assist] = do_vm_assist,
    [__HYPERVISOR_vcpu_op] = do_vcpu_op,
    [__HYPERVISOR_sched_op] = do_sched_op,
    [__HYPERVISOR_event_channel_op] = do_event_channel_op,

    /* x86 PV (arch/x86_64/pv/). */
    [__HYPERVISOR_set_trap_table] = do_set_trap_table,
    [__HYPERVISOR_mmu_update] = do_mmu_update,
    [__HYPERVISOR_set_gdt] = do_set_gdt,
    [__HYPERVISOR_stack_switch] = do_stack_switch,
    [__HYPERVISOR_set_callbacks] = do_set_callbacks,
    [__HYPERVISOR_fpu_taskswitch] = do_fpu_taskswitch,
    [__HYPERVISOR_update_descriptor] = do_update_descriptor,
    [__HYPERVISOR_update_va_mapping] = do_update_va_mapping,
    [__HYPERVISOR_iret] = do_iret,
    [__HYPERVISOR_set_segment_base] = do_set_segment_base,
    [__HYPERVISOR_mmuext_op] = do_mmuext_op,
    [__HYPERVISOR_callback_op] = do_callback_op,
};

long hypercall_dispatch(unsigned long nr,
                        const uint64_t args[HYPERCALL_MAX_ARGS])
{
    if (nr >= NR_HYPERCALLS || !hypercall_table[nr])
        return -ENOSYS;
    return hypercall_table[nr](args);
}
