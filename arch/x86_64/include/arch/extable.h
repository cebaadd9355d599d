/*
 * Exception fixup table. An instruction that may fault on a bad address
 * (the guest-memory copy helpers) records {its address, where to resume}
 * in section .ex_table; a fault there resumes at the fixup instead of
 * being fatal.
 */
#ifndef ARCH_EXTABLE_H
#define ARCH_EXTABLE_H

#include <arch/regs.h>

struct extable_entry {
    uint64_t insn;
    uint64_t fixup;
};

/* If regs->rip has a fixup, point regs->rip at it and return true. */
bool extable_fixup(struct cpu_regs *regs);

#endif
