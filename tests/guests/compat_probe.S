/*
 * The probes of test_compat: 32-bit user code, a way into it (the iret
 * hypercall), and recorders that catch the bounce that brings the vCPU
 * back to guest kernel mode.
 *
 * compat_enter(rip, cs, ss, rsp, rflags) saves the callee-saved
 * registers and the stack pointer, then returns to user mode through
 * iret with that frame. Whatever bounce ends the user code lands in a
 * recorder, which copies COMPAT_FRAME_WORDS words of the frame the
 * hypervisor built, notes which recorder ran, and resumes the test at
 * compat_resume in kernel mode: compat_enter returns the recorder's
 * number.
 */
#include "compat_probe.h"

#include "probe_macros.h"


    .text
    .globl compat_enter
compat_enter:
    save_callee_saved
    mov %rsp, saved_rsp(%rip)
    movq $COMPAT_NONE, compat_recorder(%rip)
    push %rdx                       /* ss */
    push %rcx                       /* rsp */
    push %r8                        /* rflags */
    push %rsi                       /* cs */
    push %rdi                       /* rip */
    push $IRET_FLAGS_NONE
    mov $COMPAT_EAX, %eax
    mov $COMPAT_ECX, %ecx
    mov $COMPAT_R11, %r11
    jmp HYPERCALL_IRET

compat_resume:
    mov saved_rsp(%rip), %rsp
    restore_callee_saved
    mov compat_recorder(%rip), %rax
    ret

.macro recorder name, number
    .globl \name
\name:
    movq $\number, compat_recorder(%rip)
    jmp record_frame
.endm

recorder compat_syscall32_cb, COMPAT_SYSCALL32_CB
recorder compat_syscall_cb, COMPAT_SYSCALL_CB
recorder compat_trap_bp, 3
recorder compat_trap_ud, 6
recorder compat_trap_np, 11
recorder compat_trap_ss, 12
recorder compat_trap_gp, 13
recorder compat_trap_pf, 14
recorder compat_trap_int80, 0x80

record_frame:
    pushfq
    popq compat_handler_rflags(%rip)
    cld
    mov %rax, compat_rax(%rip)
    copy_frame compat_frame, COMPAT_FRAME_WORDS, compat_frame_rsp
    jmp compat_resume

/* 32-bit user code: each ends in the bounce it is named for. */
    .code32
    .globl compat_user_syscall, compat_user_int80, compat_user_ud
    .globl compat_user_pf, compat_user_int3, compat_user_cli
compat_user_syscall:
    syscall
    ud2
compat_user_int80:
    int $0x80
    ud2
compat_user_ud:
    ud2
compat_user_pf:
    movl COMPAT_UNMAPPED, %eax
    ud2
compat_user_int3:
    int3
    ud2
compat_user_cli:
    cli
    ud2
    .code64

/* 64-bit user code, for comparison. */
    .globl user64_syscall
user64_syscall:
    syscall
    ud2

    .data
    .balign 8
saved_rsp:
    .quad 0
    .globl compat_recorder, compat_frame, compat_frame_rsp, compat_rax
    .globl compat_handler_rflags
compat_handler_rflags:
    .quad 0
compat_recorder:
    .quad 0
compat_frame_rsp:
    .quad 0
compat_rax:
    .quad 0
compat_frame:
    .fill COMPAT_FRAME_WORDS, 8, 0
