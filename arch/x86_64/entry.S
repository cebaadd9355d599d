/*
 * Trap and interrupt entry. One 16-byte stub per vector pushes a dummy
 * error code when the CPU does not push one, then the vector number, and
 * joins trap_common, which saves the rest of struct cpu_regs and calls
 * trap_dispatch(regs). Entries from ring 3 swap GS so that %gs:0 is the
 * per-CPU block again.
 */
#include <arch/x86.h>
#include <arch/entry_macros.h>
#include <asm-offsets.h>

#define TRAP_STUB_SIZE 16
/* Offset of CS above the stub's pushes (vector, error code, rip). */
#define STUB_CS_OFFSET (REGS_CS - REGS_VECTOR)

    .text
    .balign TRAP_STUB_SIZE
    .globl trap_stubs
trap_stubs:
    .set vec, 0
    .rept 256
    .balign TRAP_STUB_SIZE
    /* Vectors for which the CPU pushes an error code. */
    .if !(vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30)
    pushq $0
    .endif
    pushq $vec
    jmp trap_common
    .set vec, vec + 1
    .endr

trap_common:
    cld
    testb $3, STUB_CS_OFFSET(%rsp)
    jz 1f
    swapgs
1:  SAVE_GPRS
    movq %rsp, %rdi
    call trap_dispatch
    .globl trap_return
trap_return:
    RESTORE_GPRS
    testb $3, STUB_CS_OFFSET(%rsp)
    jz 2f
    swapgs
2:  addq $16, %rsp              /* vector and error code */
    iretq
