/*
 * Exceptions: guest-lib's virtual IDT (set_trap_table) and the frame a
 * handler sees.
 *
 * The hypervisor bounces an exception to the guest as a frame on the
 * guest's stack: rcx, r11, [error code], rip, cs, rflags, rsp, ss. The
 * entry stubs (entry.S) pop rcx and r11, push a 0 error code where
 * the CPU gives none, push the vector, save every other register below,
 * and call the dispatcher with the whole as a struct guest_trap_frame.
 * A handler may change any field; the exit path loads the registers
 * from the frame and returns through the iret hypercall.
 *
 * Handlers run with events masked (trap_info flag bit 2); iret restores
 * the mask the interrupted code had, from the IF bit of rflags.
 */
#ifndef PARASOL_TRAPS_H
#define PARASOL_TRAPS_H

/* The architectural exception vectors (Intel SDM vol. 3, 6.3.1). */
#define X86_EXC_DE 0   /* divide error */
#define X86_EXC_DB 1   /* debug */
#define X86_EXC_NMI 2  /* non-maskable interrupt */
#define X86_EXC_BP 3   /* breakpoint (int3) */
#define X86_EXC_OF 4   /* overflow (into) */
#define X86_EXC_BR 5   /* bound range */
#define X86_EXC_UD 6   /* invalid opcode */
#define X86_EXC_NM 7   /* device not available */
#define X86_EXC_DF 8   /* double fault */
#define X86_EXC_CSO 9  /* coprocessor segment overrun (reserved) */
#define X86_EXC_TS 10  /* invalid TSS */
#define X86_EXC_NP 11  /* segment not present */
#define X86_EXC_SS 12  /* stack fault */
#define X86_EXC_GP 13  /* general protection */
#define X86_EXC_PF 14  /* page fault */
#define X86_EXC_SPV 15 /* reserved */
#define X86_EXC_MF 16  /* x87 floating point */
#define X86_EXC_AC 17  /* alignment check */
#define X86_EXC_MC 18  /* machine check */
#define X86_EXC_XM 19  /* SIMD floating point */

/* Vectors guest-lib installs: 0 to TRAP_NR_VECTORS - 1. */
#define TRAP_NR_VECTORS 20

/* The vector field of an event upcall's frame (no exception uses it). */
#define TRAP_VECTOR_EVENT 256

/* #PF error code bits. */
#define PFEC_PRESENT (1U << 0) /* protection fault, not a missing page */
#define PFEC_WRITE (1U << 1)
#define PFEC_USER (1U << 2)
#define PFEC_RSVD (1U << 3)
#define PFEC_INSN (1U << 4) /* instruction fetch */

/* Everything above is plain #defines, for entry.S too. */
#ifndef __ASSEMBLY__

#include <stdbool.h>
#include <stdint.h>

/*
 * What a handler sees, lowest address first. The part from vector on
 * is laid out by the stubs and the hypervisor's bounce frame; the part
 * below is written by entry.S through offsets generated from this
 * definition (asm-offsets.c).
 */
struct guest_trap_frame {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    /* #PF: the faulting address (vcpu_info.arch.cr2); 0 otherwise. */
    uint64_t cr2;
    uint64_t vector;     /* pushed by the stub */
    uint64_t error_code; /* the CPU's, or 0 pushed by the stub */
    /* The bounce frame, as iretq pops it. cs shows RPL 0 (0xe030) for an
     * exception in guest kernel mode, and holds the saved upcall mask in
     * bits 32-39. */
    uint64_t rip, cs, rflags, rsp, ss;
};

/* The slots the stubs and the hypervisor place, in their order. */
_Static_assert(__builtin_offsetof(struct guest_trap_frame, error_code) ==
                   __builtin_offsetof(struct guest_trap_frame, vector) + 8,
               "the stub pushes the error code, then the vector");
_Static_assert(__builtin_offsetof(struct guest_trap_frame, rip) ==
                   __builtin_offsetof(struct guest_trap_frame, error_code) + 8,
               "the bounce frame's rip follows the error code");
_Static_assert(sizeof(struct guest_trap_frame) ==
                   __builtin_offsetof(struct guest_trap_frame, rip) + 5 * 8,
               "rip, cs, rflags, rsp, ss end the frame");

/*
 * A handler: returns true when it dealt with the exception (execution
 * resumes at frame->rip, maybe changed), false to fall back to the
 * default, which reports the exception and crashes the domain.
 */
typedef bool (*trap_handler_t)(struct guest_trap_frame *frame);

/*
 * Installs handler for vector (< TRAP_NR_VECTORS); NULL restores the
 * default. Returns 0, or -XEN_EINVAL for a vector out of range.
 */
int trap_register(unsigned int vector, trap_handler_t handler);

/* "#PF" and the like; "#??" for a vector with no name. */
const char *trap_name(unsigned int vector);

/* Prints the frame: vector, rip, error code, cr2, registers. */
void trap_print_frame(const struct guest_trap_frame *frame);

/* Loads the virtual IDT (start.c calls it before main). */
void traps_init(void);

/* Entry points in entry.S, one per vector, for the trap table. */
extern const uint64_t trap_entry_table[TRAP_NR_VECTORS];

#endif /* !__ASSEMBLY__ */

#endif
