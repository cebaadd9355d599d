/*
 * Hypercall dispatch. The arch entry code collects the five argument
 * registers (rdi, rsi, rdx, r10, r8 on x86_64) into an array and calls
 * hypercall_dispatch(); each handler decodes its own arguments from that
 * array, validates them, and returns a value for the guest's rax: >= 0
 * on success, a negative Xen errno on failure.
 *
 * Handlers live with their subsystem; the table (hypercall.c) names the
 * portable ones with designated initializers, the arch adds its own
 * (ARCH_HYPERCALLS, hv/arch.h), and an empty slot answers -ENOSYS.
 * Calling context: the current vCPU's hypercall, interrupts enabled,
 * its page tables loaded.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/types.h>

#define HYPERCALL_MAX_ARGS 5
#define NR_HYPERCALLS 64

typedef long (*hypercall_fn_t)(const uint64_t args[HYPERCALL_MAX_ARGS]);

long hypercall_dispatch(unsigned long nr,
                        const uint64_t args[HYPERCALL_MAX_ARGS]);

/* Portable handlers (hv/). */
long do_console_io(const uint64_t args[]);
long do_sched_op(const uint64_t args[]);
long do_xen_version(const uint64_t args[]);
long do_vm_assist(const uint64_t args[]);
long do_memory_op(const uint64_t args[]);
long do_multicall(const uint64_t args[]);
long do_vcpu_op(const uint64_t args[]);
long do_set_timer_op(const uint64_t args[]);
long do_event_channel_op(const uint64_t args[]);

#endif
