/*
 * The probes of test_failsafe: an iret hypercall with a frame chosen by
 * the test, and the failsafe callback that may receive it.
 *
 * failsafe_iret(frame) is a function for C: it saves the callee-saved
 * registers and its stack pointer, pushes the five words at frame (rip,
 * cs, rflags, rsp, ss: rip and rsp are filled in here, pointing at
 * failsafe_landed and at the current stack) and a flags word of 0,
 * and jumps to the iret stub. Whatever happens next (the return works,
 * the guest's #GP handler runs, or the failsafe callback runs), the
 * test comes back through failsafe_resume, which restores the stack
 * and returns the outcome left in failsafe_outcome.
 *
 * failsafe_entry is the failsafe callback: it copies the frame the
 * hypervisor built (FAILSAFE_FRAME_WORDS words from rsp) and its rsp,
 * then resumes.
 */
#include "failsafe_probe.h"

#include "probe_macros.h"


    .text
    .globl failsafe_iret
failsafe_iret:
    save_callee_saved
    mov %rsp, saved_rsp(%rip)
    /* Below the red zone of nothing: a fresh part of the stack. */
    sub $64, %rsp
    mov %rsp, %rax
    pushq 4 * PROBE_WORD(%rdi)          /* ss */
    push %rax                           /* rsp */
    pushq 2 * PROBE_WORD(%rdi)          /* rflags */
    pushq 1 * PROBE_WORD(%rdi)          /* cs */
    leaq failsafe_landed(%rip), %rax
    push %rax                           /* rip */
    push $IRET_FLAGS_NONE
    movq $FAILSAFE_OUTCOME_NONE, failsafe_outcome(%rip)
    jmp HYPERCALL_IRET

failsafe_landed:
    movq $FAILSAFE_OUTCOME_RETURNED, failsafe_outcome(%rip)
    .globl failsafe_resume
failsafe_resume:
    mov saved_rsp(%rip), %rsp
    restore_callee_saved
    mov failsafe_outcome(%rip), %rax
    ret

    .globl failsafe_landed_address
failsafe_landed_address:
    leaq failsafe_landed(%rip), %rax
    ret

    .globl failsafe_entry
failsafe_entry:
    copy_frame failsafe_frame, FAILSAFE_FRAME_WORDS, failsafe_rsp
    movq $FAILSAFE_OUTCOME_FAILSAFE, failsafe_outcome(%rip)
    jmp failsafe_resume

    .data
    .balign 8
saved_rsp:
    .quad 0
    .globl failsafe_outcome, failsafe_frame, failsafe_rsp
failsafe_outcome:
    .quad 0
failsafe_rsp:
    .quad 0
failsafe_frame:
    .fill FAILSAFE_FRAME_WORDS, 8, 0
