/*
 * Trap dispatch: exceptions raised by the hypervisor itself are fatal and
 * reported by name and vector with a register dump and a backtrace;
 * external interrupts go to the handler registered for their vector.
 */
#include <arch/cpu.h>
#include <arch/extable.h>
#include <arch/pv.h>
#include <arch/traps.h>
#include <hv/panic.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/symbols.h>

static const char *const exception_names[X86_NR_EXCEPTIONS] = {
    [X86_EXC_DE] = "divide error",
    [X86_EXC_DB] = "debug",
    [X86_EXC_NMI] = "non-maskable interrupt",
    [X86_EXC_BP] = "breakpoint",
    [X86_EXC_OF] = "overflow",
    [X86_EXC_BR] = "bound range exceeded",
    [X86_EXC_UD] = "invalid opcode",
    [X86_EXC_NM] = "device not available",
    [X86_EXC_DF] = "double fault",
    [9] = "coprocessor segment overrun",
    [X86_EXC_TS] = "invalid TSS",
    [X86_EXC_NP] = "segment not present",
    [X86_EXC_SS] = "stack-segment fault",
    [X86_EXC_GP] = "general protection fault",
    [X86_EXC_PF] = "page fault",
    [X86_EXC_MF] = "x87 floating-point error",
    [X86_EXC_AC] = "alignment check",
    [X86_EXC_MC] = "machine check",
    [X86_EXC_XM] = "SIMD floating-point error",
    [X86_EXC_VE] = "virtualization exception",
    [X86_EXC_CP] = "control protection",
};

static irq_handler_t irq_handlers[NR_VECTORS];

const char *exception_name(unsigned vector)
{
    if (vector < X86_NR_EXCEPTIONS && exception_names[vector])
        return exception_names[vector];
    return "reserved exception";
}

void irq_register(unsigned vector, irq_handler_t handler)
{
    irq_handlers[vector] = handler;
}

void arch_dump_regs(const struct cpu_regs *r)
{
    char sym[SYMBOL_TEXT_MAX];

    symbol_format(r->rip, sym, sizeof(sym));
    printk(LOG_ERR, "RIP: %04lx:%#018lx %s\n", r->cs, (unsigned long)r->rip,
           sym);
    printk(LOG_ERR, "RFLAGS: %016lx\n", r->rflags);
    printk(LOG_ERR, "RAX: %016lx RBX: %016lx RCX: %016lx\n", r->rax, r->rbx,
           r->rcx);
    printk(LOG_ERR, "RDX: %016lx RSI: %016lx RDI: %016lx\n", r->rdx, r->rsi,
           r->rdi);
    printk(LOG_ERR, "RBP: %016lx RSP: %016lx R8:  %016lx\n", r->rbp, r->rsp,
           r->r8);
    printk(LOG_ERR, "R9:  %016lx R10: %016lx R11: %016lx\n", r->r9, r->r10,
           r->r11);
    printk(LOG_ERR, "R12: %016lx R13: %016lx R14: %016lx\n", r->r12, r->r13,
           r->r14);
    printk(LOG_ERR, "R15: %016lx SS: %04lx\n", r->r15, r->ss);
    printk(LOG_ERR, "CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
           read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

static noreturn void fatal_exception(struct cpu_regs *regs)
{
    unsigned v = (unsigned)regs->vector;

    if (v == X86_EXC_PF)
        panic_regs(regs,
                   "%s (vector %u) at %#018lx, error code %#lx, address "
                   "%#018lx, cpu %u",
                   exception_name(v), v, (unsigned long)regs->rip,
                   regs->error_code, (unsigned long)read_cr2(),
                   this_cpu()->cpu_id);
    panic_regs(regs, "%s (vector %u) at %#018lx, error code %#lx, cpu %u",
               exception_name(v), v, (unsigned long)regs->rip, regs->error_code,
               this_cpu()->cpu_id);
}

void trap_dispatch(struct cpu_regs *regs)
{
    unsigned v = (unsigned)regs->vector;

    if (v < X86_NR_EXCEPTIONS) {
        if (regs_from_user(regs)) {
            pv_trap(regs); /* the guest's: delivered or emulated */
            pv_exit_to_guest(regs);
            return;
        }
        /* A fault inside a guest-memory copy helper resumes at its fixup
         * and the helper reports -EFAULT (extable.c). */
        if (extable_fixup(regs))
            return;
        fatal_exception(regs);
    }
    this_cpu()->irq_depth++;
    if (irq_handlers[v])
        irq_handlers[v](regs);
    else
        printk(LOG_WARN, "unexpected interrupt on vector %u\n", v);
    this_cpu()->irq_depth--;
    if (regs_from_user(regs))
        pv_exit_to_guest(regs);
}
