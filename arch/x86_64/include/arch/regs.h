/*
 * The register frame every trap and interrupt entry saves (entry.S).
 * Field order is the push order reversed; assembly uses the offsets
 * generated from this struct (asm-offsets.c), never typed by hand.
 */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

#include <hv/types.h>

struct cpu_regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;     /* pushed by the entry stub */
    uint64_t error_code; /* by the CPU, or 0 pushed by the stub */
    /* Pushed by the CPU. */
    uint64_t rip, cs, rflags, rsp, ss;
};

static inline bool regs_from_user(const struct cpu_regs *r)
{
    return (r->cs & 3) != 0;
}

#endif
