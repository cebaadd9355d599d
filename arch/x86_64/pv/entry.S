/*
 * Entry from a PV guest through syscall: a hypercall when the guest
 * kernel made it, a system call of the guest's user mode otherwise
 * (pv_syscall tells them apart). The CPU leaves rsp pointing at the
 * guest's stack, so this builds, on the CPU's own stack, exactly the
 * struct cpu_regs an interrupt from ring 3 would have built, then
 * leaves through trap_return like every other entry.
 *
 * syscall does not switch stacks and interrupts stay off (SFMASK clears
 * IF) until C turns them on. An NMI, #MC or #DB that hits the two
 * instructions before swapgs would run with the guest's GS: the IST
 * handlers cannot tell yet, and such an event is treated as fatal.
 */
#include <arch/x86.h>
#include <arch/entry_macros.h>
#include <asm-offsets.h>
#include <public/arch-x86/xen-x86_64.h>

    .text
    .globl syscall_entry
syscall_entry:
    swapgs
    movq %rsp, %gs:PERCPU_SCRATCH
    movq %gs:PERCPU_STACK_TOP, %rsp
    pushq $FLAT_USER_SS             /* ss */
    pushq %gs:PERCPU_SCRATCH        /* rsp */
    pushq %r11                      /* rflags */
    pushq $FLAT_USER_CS             /* cs */
    pushq %rcx                      /* rip */
    pushq $0                        /* error code */
    pushq $SYSCALL_VECTOR           /* not a hardware vector */
    SAVE_GPRS
    cld
    movq %rsp, %rdi
    xorl %ebp, %ebp                 /* ends backtraces here */
    call pv_syscall
    jmp trap_return

/* syscall from 32-bit (compatibility mode) guest code, kernel or user:
 * always a system call for the guest kernel's syscall32 callback. */
    .globl syscall32_entry
syscall32_entry:
    swapgs
    movq %rsp, %gs:PERCPU_SCRATCH
    movq %gs:PERCPU_STACK_TOP, %rsp
    pushq $FLAT_USER_SS32
    pushq %gs:PERCPU_SCRATCH
    pushq %r11
    pushq $FLAT_USER_CS32
    pushq %rcx
    pushq $0
    pushq $SYSCALL32_VECTOR
    SAVE_GPRS
    cld
    movq %rsp, %rdi
    xorl %ebp, %ebp
    call pv_syscall
    jmp trap_return

/*
 * Enter a vCPU whose frame arch_vcpu_run() put at the top of the stack
 * (rsp points at it): the common exit work, then out through
 * trap_return.
 */
    .globl pv_resume
pv_resume:
    movq %rsp, %rdi
    call pv_exit_to_guest
    jmp trap_return
