/*
 * Offsets of C structures used by assembly. Compiled to assembly only;
 * the build turns each "->NAME value" marker into a #define in
 * build/include/asm-offsets.h.
 */
#include <arch/regs.h>
#include <arch/traps.h>
#include <hv/percpu.h>
#include <stddef.h>

#define DEFINE(name, value)                                                    \
    __asm__ volatile("\n.ascii \"->" #name " %0\"" : : "i"(value))
#define OFFSET(name, type, member) DEFINE(name, offsetof(type, member))

void asm_offsets(void);
void asm_offsets(void)
{
    OFFSET(REGS_RAX, struct cpu_regs, rax);
    OFFSET(REGS_VECTOR, struct cpu_regs, vector);
    OFFSET(REGS_ERROR_CODE, struct cpu_regs, error_code);
    OFFSET(REGS_RIP, struct cpu_regs, rip);
    OFFSET(REGS_CS, struct cpu_regs, cs);
    OFFSET(REGS_RSP, struct cpu_regs, rsp);
    DEFINE(REGS_SIZE, sizeof(struct cpu_regs));
    OFFSET(PERCPU_SELF, struct percpu, self);
    OFFSET(PERCPU_STACK_TOP, struct percpu, arch.stack_top);
    OFFSET(PERCPU_SCRATCH, struct percpu, arch.syscall_scratch);
    DEFINE(SYSCALL_VECTOR, VECTOR_SYSCALL);
    DEFINE(SYSCALL32_VECTOR, VECTOR_SYSCALL32);
}
