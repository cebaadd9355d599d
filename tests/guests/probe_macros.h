/*
 * Assembly macros the probes of the test guests share (trap_probe.S,
 * failsafe_probe.S, compat_probe.S): a probe is called from C, leaves
 * through a bounce the hypervisor makes, and comes back to C later, so
 * it keeps the callee-saved registers itself; a recorder copies the
 * frame the hypervisor built before the guest's handling changes it.
 */
#ifndef TEST_PROBE_MACROS_H
#define TEST_PROBE_MACROS_H

#ifdef __ASSEMBLY__
/* Assembler macros, not C: clang-format leaves them alone. */
/* clang-format off */

#include <parasol/config.h>
#include <public/xen.h>

/* The iret hypercall's stub, jumped to with the frame on the stack. */
#define HYPERCALL_IRET                                                         \
    (hypercall_page + __HYPERVISOR_iret * HYPERCALL_STUB_SIZE)
#define IRET_FLAGS_NONE 0
#define PROBE_WORD 8

/* The registers the C calling convention says a callee keeps. */
.macro save_callee_saved
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
.endm

.macro restore_callee_saved
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
.endm

/* Copies 'words' 8-byte words from the stack pointer up to 'dest', then
 * notes the stack pointer in 'rsp_out'. Clobbers rax, rcx, rsi, rdi. */
.macro copy_frame dest, words, rsp_out
    mov %rsp, %rsi
    lea \dest(%rip), %rdi
    mov $\words, %ecx
1:  mov (%rsi), %rax
    mov %rax, (%rdi)
    add $PROBE_WORD, %rsi
    add $PROBE_WORD, %rdi
    dec %ecx
    jnz 1b
    mov %rsp, \rsp_out(%rip)
.endm

/* clang-format on */
#endif /* __ASSEMBLY__ */

#endif
