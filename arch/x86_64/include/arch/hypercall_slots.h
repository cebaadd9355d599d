/*
 * The x86 PV hypercalls, which arch/x86_64/pv/ implements: their
 * handlers, and the slots they fill in the core's hypercall table
 * (ARCH_HYPERCALLS, see hv/arch.h). Each handler is written with
 * HYPERCALL_DEFINE (hv/hypercall.h), which names and types its arguments.
 */
#ifndef ARCH_HYPERCALL_SLOTS_H
#define ARCH_HYPERCALL_SLOTS_H

#include <hv/types.h>

long do_set_trap_table(const uint64_t args[]);
long do_mmu_update(const uint64_t args[]);
long do_set_gdt(const uint64_t args[]);
long do_update_descriptor(const uint64_t args[]);
long do_stack_switch(const uint64_t args[]);
long do_set_callbacks(const uint64_t args[]);
long do_fpu_taskswitch(const uint64_t args[]);
long do_update_va_mapping(const uint64_t args[]);
long do_iret(const uint64_t args[]);
long do_set_segment_base(const uint64_t args[]);
long do_mmuext_op(const uint64_t args[]);
long do_callback_op(const uint64_t args[]);

/* Designated initializers, by Xen's hypercall numbers (public/xen.h). */
#define ARCH_HYPERCALLS                                                        \
    [__HYPERVISOR_set_trap_table] = do_set_trap_table,                         \
    [__HYPERVISOR_mmu_update] = do_mmu_update,                                 \
    [__HYPERVISOR_set_gdt] = do_set_gdt,                                       \
    [__HYPERVISOR_stack_switch] = do_stack_switch,                             \
    [__HYPERVISOR_set_callbacks] = do_set_callbacks,                           \
    [__HYPERVISOR_fpu_taskswitch] = do_fpu_taskswitch,                         \
    [__HYPERVISOR_update_descriptor] = do_update_descriptor,                   \
    [__HYPERVISOR_update_va_mapping] = do_update_va_mapping,                   \
    [__HYPERVISOR_iret] = do_iret,                                             \
    [__HYPERVISOR_set_segment_base] = do_set_segment_base,                     \
    [__HYPERVISOR_mmuext_op] = do_mmuext_op,                                   \
    [__HYPERVISOR_callback_op] = do_callback_op

/* Does hypercall nr leave through a frame of its own, never returning to
 * its caller (so a multicall batch ends with it)? iret does. */
#define ARCH_HYPERCALL_NO_RETURN(nr) ((nr) == __HYPERVISOR_iret)

#endif
