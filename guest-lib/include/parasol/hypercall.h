/*
 * Hypercalls: one typed inline wrapper per call, with Xen's names
 * (HYPERVISOR_xxx), and a raw hypercall5() for tests that must send
 * numbers or pointers no wrapper would.
 *
 * A wrapper calls the stub at hypercall_page + 32 * N, which the domain
 * builder wrote (mov $N, %eax; syscall, with rcx and r11 saved around
 * it). Arguments go in rdi, rsi, rdx, r10, r8; the result comes back in
 * rax, negative (-XEN_Exxx) on failure. Every argument register is
 * declared clobbered, because debug builds of Xen overwrite the ones a
 * call used. The `call` pushes a return address below rsp, one reason
 * guests are built with -mno-red-zone.
 *
 * The iret hypercall (23) is no function: the trap and event entry code
 * jumps to its stub with a frame on the stack (entry.S).
 */
#ifndef PARASOL_HYPERCALL_H
#define PARASOL_HYPERCALL_H

#include <parasol/config.h>
#include <public/callback.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/memory.h>
#include <public/parasol.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/xen.h>
#include <stddef.h>

/* The page the domain builder fills with stubs (head.S). */
extern uint8_t hypercall_page[PAGE_SIZE];

/* Structures of headers not every guest needs; passed as pointers. */
struct xen_domctl;
struct xen_sysctl;

/*
 * Calls stub nr, a compile-time constant, with five arguments (unused
 * ones are 0). A statement expression, so that the stub's offset is
 * an immediate even at -O0.
 */
#define _hypercall(nr, a1, a2, a3, a4, a5)                                     \
    ({                                                                         \
        long res_;                                                             \
        unsigned long rdi_ = (unsigned long)(a1);                              \
        unsigned long rsi_ = (unsigned long)(a2);                              \
        unsigned long rdx_ = (unsigned long)(a3);                              \
        register unsigned long r10_ __asm__("r10") = (unsigned long)(a4);      \
        register unsigned long r8_ __asm__("r8") = (unsigned long)(a5);        \
        __asm__ volatile("call hypercall_page + %c[offset]"                    \
                         : "=a"(res_), "+D"(rdi_), "+S"(rsi_), "+d"(rdx_),     \
                           "+r"(r10_), "+r"(r8_)                               \
                         : [offset] "i"((nr)*HYPERCALL_STUB_SIZE)              \
                         : "memory");                                          \
        res_;                                                                  \
    })

/*
 * Any hypercall number, including ones with no stub (>= 128): a direct
 * syscall, which from guest kernel mode is exactly what a stub does.
 * For tests; everything else uses the wrappers.
 */
static inline long hypercall5(unsigned long nr, unsigned long a1,
                              unsigned long a2, unsigned long a3,
                              unsigned long a4, unsigned long a5)
{
    long res = (long)nr;
    register unsigned long r10 __asm__("r10") = a4;
    register unsigned long r8 __asm__("r8") = a5;

    /* SYSCALL itself overwrites rcx and r11. */
    __asm__ volatile("syscall"
                     : "+a"(res), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
                       "+r"(r8)
                     :
                     : "rcx", "r11", "memory");
    return res;
}

static inline int HYPERVISOR_set_trap_table(const trap_info_t *table)
{
    return (int)_hypercall(__HYPERVISOR_set_trap_table, table, 0, 0, 0, 0);
}

static inline int HYPERVISOR_mmu_update(const mmu_update_t *req,
                                        unsigned int count, unsigned int *done,
                                        unsigned int foreigndom)
{
    return (int)_hypercall(__HYPERVISOR_mmu_update, req, count, done,
                           foreigndom, 0);
}

static inline int HYPERVISOR_set_gdt(const xen_pfn_t *frames,
                                     unsigned int entries)
{
    return (int)_hypercall(__HYPERVISOR_set_gdt, frames, entries, 0, 0, 0);
}

static inline int HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
    return (int)_hypercall(__HYPERVISOR_stack_switch, ss, sp, 0, 0, 0);
}

static inline int HYPERVISOR_set_callbacks(unsigned long event,
                                           unsigned long failsafe,
                                           unsigned long syscall)
{
    return (int)_hypercall(__HYPERVISOR_set_callbacks, event, failsafe, syscall,
                           0, 0);
}

static inline int HYPERVISOR_fpu_taskswitch(int set)
{
    return (int)_hypercall(__HYPERVISOR_fpu_taskswitch, set, 0, 0, 0, 0);
}

/* Returns the highest MFN for XENMEM_maximum_ram_page: a long. */
static inline long HYPERVISOR_memory_op(unsigned long cmd, void *arg)
{
    return _hypercall(__HYPERVISOR_memory_op, cmd, arg, 0, 0, 0);
}

static inline int HYPERVISOR_multicall(multicall_entry_t *calls,
                                       unsigned long nr)
{
    return (int)_hypercall(__HYPERVISOR_multicall, calls, nr, 0, 0, 0);
}

static inline int HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte,
                                               unsigned long flags)
{
    return (int)_hypercall(__HYPERVISOR_update_va_mapping, va, pte, flags, 0,
                           0);
}

static inline int HYPERVISOR_set_timer_op(uint64_t timeout_abs_ns)
{
    return (int)_hypercall(__HYPERVISOR_set_timer_op, timeout_abs_ns, 0, 0, 0,
                           0);
}

static inline int HYPERVISOR_xen_version(int cmd, void *arg)
{
    return (int)_hypercall(__HYPERVISOR_xen_version, cmd, arg, 0, 0, 0);
}

static inline int HYPERVISOR_console_io(int cmd, int count, char *buf)
{
    return (int)_hypercall(__HYPERVISOR_console_io, cmd, count, buf, 0, 0);
}

static inline int HYPERVISOR_grant_table_op(unsigned int cmd, void *uops,
                                            unsigned int count)
{
    return (int)_hypercall(__HYPERVISOR_grant_table_op, cmd, uops, count, 0, 0);
}

static inline int HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
    return (int)_hypercall(__HYPERVISOR_vm_assist, cmd, type, 0, 0, 0);
}

static inline int HYPERVISOR_update_va_mapping_otherdomain(unsigned long va,
                                                           uint64_t pte,
                                                           unsigned long flags,
                                                           domid_t domid)
{
    return (int)_hypercall(__HYPERVISOR_update_va_mapping_otherdomain, va, pte,
                           flags, domid, 0);
}

static inline int HYPERVISOR_vcpu_op(int cmd, unsigned int vcpuid, void *arg)
{
    return (int)_hypercall(__HYPERVISOR_vcpu_op, cmd, vcpuid, arg, 0, 0);
}

static inline int HYPERVISOR_set_segment_base(unsigned int which,
                                              unsigned long base)
{
    return (int)_hypercall(__HYPERVISOR_set_segment_base, which, base, 0, 0, 0);
}

static inline int HYPERVISOR_mmuext_op(const mmuext_op_t *ops,
                                       unsigned int count, unsigned int *done,
                                       unsigned int foreigndom)
{
    return (int)_hypercall(__HYPERVISOR_mmuext_op, ops, count, done, foreigndom,
                           0);
}

static inline int HYPERVISOR_sched_op(int cmd, void *arg)
{
    return (int)_hypercall(__HYPERVISOR_sched_op, cmd, arg, 0, 0, 0);
}

static inline int HYPERVISOR_callback_op(int cmd, const void *arg)
{
    return (int)_hypercall(__HYPERVISOR_callback_op, cmd, arg, 0, 0, 0);
}

static inline int HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return (int)_hypercall(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}

static inline int HYPERVISOR_physdev_op(int cmd, void *arg)
{
    return (int)_hypercall(__HYPERVISOR_physdev_op, cmd, arg, 0, 0, 0);
}

static inline int HYPERVISOR_sysctl(struct xen_sysctl *op)
{
    return (int)_hypercall(__HYPERVISOR_sysctl, op, 0, 0, 0, 0);
}

static inline int HYPERVISOR_domctl(struct xen_domctl *op)
{
    return (int)_hypercall(__HYPERVISOR_domctl, op, 0, 0, 0, 0);
}

/* Parasol's own call (public/parasol.h): -XEN_ENOSYS on Xen. */
static inline int HYPERVISOR_parasol_op(unsigned int cmd, void *arg)
{
    return (int)_hypercall(__HYPERVISOR_parasol_op, cmd, arg, 0, 0, 0);
}

#endif
