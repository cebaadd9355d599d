/*
 * The hypercall table: hypercall number -> handler.
 *
 * The arch entry code gathers the guest's argument registers and calls
 * hypercall_dispatch(); this file only finds the handler. Each handler
 * lives with its subsystem and names and types its own arguments
 * (HYPERCALL_DEFINE, hv/hypercall.h); the arch fills its own slots
 * (ARCH_HYPERCALLS, hv/arch.h). A number with no handler, or beyond the
 * table, answers -ENOSYS, which is how a guest learns that a hypercall
 * is not there (it may then try an older one).
 */
#include <hv/arch.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <public/parasol.h>
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
    [__HYPERVISOR_sysctl] = do_sysctl,
    [__HYPERVISOR_domctl] = do_domctl,
    [__HYPERVISOR_grant_table_op] = do_grant_table_op,
    /* Parasol's own (public/parasol.h): not a Xen hypercall. */
    [__HYPERVISOR_parasol_op] = do_parasol_op,

    /* The arch's own (hv/arch.h); naming a slot twice fails the build. */
    ARCH_HYPERCALLS,
};

long hypercall_dispatch(unsigned long nr,
                        const uint64_t args[HYPERCALL_MAX_ARGS])
{
    if (nr >= NR_HYPERCALLS || !hypercall_table[nr])
        return -ENOSYS;
    return hypercall_table[nr](args);
}
