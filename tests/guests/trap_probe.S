/*
 * The probes of test_traps (trap_probe.h): one faulting instruction
 * each, run with known registers, so that the bounce frame and the
 * registers after the return can be checked to the bit. A probe is an
 * ordinary function for C: it saves the callee-saved registers it will
 * overwrite and restores them after the resume label.
 *
 * And int80_entry, a trap handler of the smallest kind for a vector
 * guest-lib has no stub for: the same entry and exit protocol as
 * guest-lib's entry.S (pop rcx and r11, iret through stub 23), saving
 * nothing but rax, which it uses to copy the frame out.
 */
#include "trap_probe.h"

#include "probe_macros.h"

#define SLOT(reg) (PROBE_##reg * PROBE_SLOT_SIZE)
#define HYPERCALL_IRET                                                         \
    (hypercall_page + __HYPERVISOR_iret * HYPERCALL_STUB_SIZE)
/* iret flags: not returning from a syscall, restore rcx and r11 too. */
#define IRET_FLAGS_NONE 0

/* Every register from probe_before[]; rax last, it has no other use. */
.macro load_registers
    mov probe_before + SLOT(RBX)(%rip), %rbx
    mov probe_before + SLOT(RCX)(%rip), %rcx
    mov probe_before + SLOT(RDX)(%rip), %rdx
    mov probe_before + SLOT(RSI)(%rip), %rsi
    mov probe_before + SLOT(RDI)(%rip), %rdi
    mov probe_before + SLOT(RBP)(%rip), %rbp
    mov probe_before + SLOT(R8)(%rip), %r8
    mov probe_before + SLOT(R9)(%rip), %r9
    mov probe_before + SLOT(R10)(%rip), %r10
    mov probe_before + SLOT(R11)(%rip), %r11
    mov probe_before + SLOT(R12)(%rip), %r12
    mov probe_before + SLOT(R13)(%rip), %r13
    mov probe_before + SLOT(R14)(%rip), %r14
    mov probe_before + SLOT(R15)(%rip), %r15
    mov probe_before + SLOT(RAX)(%rip), %rax
.endm

.macro store_registers
    mov %rax, probe_after + SLOT(RAX)(%rip)
    mov %rbx, probe_after + SLOT(RBX)(%rip)
    mov %rcx, probe_after + SLOT(RCX)(%rip)
    mov %rdx, probe_after + SLOT(RDX)(%rip)
    mov %rsi, probe_after + SLOT(RSI)(%rip)
    mov %rdi, probe_after + SLOT(RDI)(%rip)
    mov %rbp, probe_after + SLOT(RBP)(%rip)
    mov %r8, probe_after + SLOT(R8)(%rip)
    mov %r9, probe_after + SLOT(R9)(%rip)
    mov %r10, probe_after + SLOT(R10)(%rip)
    mov %r11, probe_after + SLOT(R11)(%rip)
    mov %r12, probe_after + SLOT(R12)(%rip)
    mov %r13, probe_after + SLOT(R13)(%rip)
    mov %r14, probe_after + SLOT(R14)(%rip)
    mov %r15, probe_after + SLOT(R15)(%rip)
.endm

/*
 * probe_NAME: the instruction at probe_NAME_insn, then probe_NAME_resume,
 * where the handler sends a fault (a trap such as int3 comes back there
 * by itself). Between the loads and the instruction nothing changes a
 * register or a flag: pop to memory and mov leave rflags alone.
 */
.macro probe name, insn:vararg
    .text
    .globl probe_\name
    .type probe_\name, @function
probe_\name:
    save_callee_saved
    load_registers
    pushfq
    popq probe_rflags(%rip)
    mov %rsp, probe_rsp(%rip)
    .globl probe_\name\()_insn
probe_\name\()_insn:
    \insn
    .globl probe_\name\()_resume
probe_\name\()_resume:
    store_registers
    restore_callee_saved
    ret
    .size probe_\name, . - probe_\name
.endm

probe de, div %rdi
probe pf_read, mov (%rdi), %rax
probe pf_write, mov %rax, (%rdi)
probe pf_fetch, jmp *%rdi
probe gp_cli, cli
probe gp_wrmsr, wrmsr
probe gp_int, int $(PROBE_SOFT_VECTOR + 1)
probe bp, int3
probe ud, ud2
probe nm, fnop
probe soft_int, int $PROBE_SOFT_VECTOR

/*
 * The handler of PROBE_SOFT_VECTOR. The bounce frame, after rcx and
 * r11: rip, cs, rflags, rsp, ss (a software interrupt has no error
 * code).
 */
    .text
    .p2align 4
    .globl int80_entry
    .type int80_entry, @function
int80_entry:
    pop %rcx
    pop %r11
    push %rax
    .irp slot, 0, 1, 2, 3, 4
    mov (8 + 8 * \slot)(%rsp), %rax
    mov %rax, int80_frame + 8 * \slot(%rip)
    .endr
    incq int80_count(%rip)
    pop %rax
    push $IRET_FLAGS_NONE
    jmp HYPERCALL_IRET
    .size int80_entry, . - int80_entry

    .bss
    .balign 8
    .globl probe_before, probe_after, probe_rsp, probe_rflags
probe_before:
    .skip PROBE_NR_REGS * PROBE_SLOT_SIZE
probe_after:
    .skip PROBE_NR_REGS * PROBE_SLOT_SIZE
probe_rsp:
    .skip 8
probe_rflags:
    .skip 8
    .globl int80_frame, int80_count
int80_frame:
    .skip INT80_FRAME_SLOTS * 8
int80_count:
    .skip 8
