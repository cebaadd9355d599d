/*
 * Entry and exit paths for everything the hypervisor bounces to the
 * guest: exceptions (one stub per vector), the event upcall and the
 * failsafe callback.
 *
 * A bounce frame on the guest stack holds, from rsp upwards: rcx, r11,
 * [error code: vectors 8, 10-14 and 17 only], rip, cs, rflags, rsp, ss.
 * The hypervisor had to use rcx and r11 to get back to the guest
 * (sysret), so it hands their values over in the frame: each stub
 * starts with pop %rcx; pop %r11 and the registers are the interrupted
 * code's again. The stub then pushes a 0 error code where the CPU gives
 * none, so every frame has the same shape, and the vector. The common
 * code saves the other registers below, completing a struct
 * guest_trap_frame (traps.h), whose offsets come from asm-offsets.c.
 *
 * The way back is the iret hypercall: with the registers restored and
 * rsp at the frame's rip (rip, cs, rflags, rsp, ss, as for iretq), push
 * the flags word (0: not returning from a syscall, so the hypervisor
 * restores rcx and r11 from the frame too) and jump to stub 23, which
 * pushes rcx, r11 and rax and never returns.
 */
#include <glib_offsets.h>
#include <parasol/config.h>
#include <parasol/traps.h>
#include <public/xen.h>

#define HYPERCALL_IRET (hypercall_page + __HYPERVISOR_iret * HYPERCALL_STUB_SIZE)

/* The flags word of the iret frame: restore everything from the frame. */
#define IRET_FLAGS_NONE 0

/* One exception's stub; vectors with a CPU error code push none. */
.macro trap_stub vector, has_error_code
    .p2align 4
trap_entry_\vector:
    pop %rcx
    pop %r11
    .if !\has_error_code
    push $0
    .endif
    push $\vector
    jmp trap_common
.endm

/* Completes the frame: every register but rsp, below the vector slot. */
.macro save_registers
    sub $TF_VECTOR, %rsp
    mov %rax, TF_RAX(%rsp)
    mov %rbx, TF_RBX(%rsp)
    mov %rcx, TF_RCX(%rsp)
    mov %rdx, TF_RDX(%rsp)
    mov %rsi, TF_RSI(%rsp)
    mov %rdi, TF_RDI(%rsp)
    mov %rbp, TF_RBP(%rsp)
    mov %r8, TF_R8(%rsp)
    mov %r9, TF_R9(%rsp)
    mov %r10, TF_R10(%rsp)
    mov %r11, TF_R11(%rsp)
    mov %r12, TF_R12(%rsp)
    mov %r13, TF_R13(%rsp)
    mov %r14, TF_R14(%rsp)
    mov %r15, TF_R15(%rsp)
.endm

/*
 * Calls fn(frame). The C ABI wants DF clear, which a bounce does not
 * promise, and a 16-byte aligned stack, which the frame's size does not
 * give: rbx, saved already and callee-saved, keeps the frame's address.
 */
.macro call_with_frame fn
    cld
    mov %rsp, %rdi
    mov %rsp, %rbx
    and $-16, %rsp
    call \fn
    mov %rbx, %rsp
.endm

/* Loads the registers from the frame (a handler may have changed them)
 * and returns through the iret hypercall. */
.macro restore_registers_and_iret
    mov TF_RAX(%rsp), %rax
    mov TF_RBX(%rsp), %rbx
    mov TF_RCX(%rsp), %rcx
    mov TF_RDX(%rsp), %rdx
    mov TF_RSI(%rsp), %rsi
    mov TF_RDI(%rsp), %rdi
    mov TF_RBP(%rsp), %rbp
    mov TF_R8(%rsp), %r8
    mov TF_R9(%rsp), %r9
    mov TF_R10(%rsp), %r10
    mov TF_R11(%rsp), %r11
    mov TF_R12(%rsp), %r12
    mov TF_R13(%rsp), %r13
    mov TF_R14(%rsp), %r14
    mov TF_R15(%rsp), %r15
    add $TF_RIP, %rsp
    push $IRET_FLAGS_NONE
    jmp HYPERCALL_IRET
.endm

    .text

trap_stub X86_EXC_DE, 0
trap_stub X86_EXC_DB, 0
trap_stub X86_EXC_NMI, 0
trap_stub X86_EXC_BP, 0
trap_stub X86_EXC_OF, 0
trap_stub X86_EXC_BR, 0
trap_stub X86_EXC_UD, 0
trap_stub X86_EXC_NM, 0
trap_stub X86_EXC_DF, 1
trap_stub X86_EXC_CSO, 0
trap_stub X86_EXC_TS, 1
trap_stub X86_EXC_NP, 1
trap_stub X86_EXC_SS, 1
trap_stub X86_EXC_GP, 1
trap_stub X86_EXC_PF, 1
trap_stub X86_EXC_SPV, 0
trap_stub X86_EXC_MF, 0
trap_stub X86_EXC_AC, 1
trap_stub X86_EXC_MC, 0
trap_stub X86_EXC_XM, 0

    .p2align 4
    .type trap_common, @function
trap_common:
    save_registers
    call_with_frame trap_dispatch
    restore_registers_and_iret
    .size trap_common, . - trap_common

/*
 * The event callback: a frame like an exception's without an error
 * code. The hypervisor masked events on the way in; iret unmasks them
 * again if the interrupted code ran unmasked (rflags.IF in the frame),
 * and delivers at once any event that arrived in the meantime.
 */
    .p2align 4
    .globl hypervisor_callback
    .type hypervisor_callback, @function
hypervisor_callback:
    pop %rcx
    pop %r11
    push $0
    push $TRAP_VECTOR_EVENT
    save_registers
    call_with_frame events_upcall
    restore_registers_and_iret
    .size hypervisor_callback, . - hypervisor_callback

/*
 * The failsafe callback: the hypervisor could not load the guest's
 * segment registers on its way back. Frame: rcx, r11, ds, es, fs, gs,
 * rip, cs, rflags, rsp, ss. guest-lib never changes segments, so this
 * is a bug: report and crash, never return.
 */
    .p2align 4
    .globl failsafe_callback
    .type failsafe_callback, @function
failsafe_callback:
    cld
    mov %rsp, %rdi
    and $-16, %rsp
    call events_failsafe
    ud2
    .size failsafe_callback, . - failsafe_callback

/* The stubs' addresses, indexed by vector, for traps_init(). */
    .section .rodata
    .balign 8
    .globl trap_entry_table
    .type trap_entry_table, @object
trap_entry_table:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
    .quad trap_entry_\v
    .endr
    .if . - trap_entry_table != TRAP_NR_VECTORS * 8
    .error "trap_entry_table must have one entry per vector"
    .endif
    .size trap_entry_table, . - trap_entry_table
