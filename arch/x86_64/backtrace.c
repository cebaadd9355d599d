/*
 * Frame-pointer backtraces. The hypervisor is built with frame pointers,
 * so each frame starts with {saved rbp, return address}. The walk only
 * follows pointers into hypervisor stacks, so a corrupt chain ends the
 * trace instead of faulting inside panic.
 */
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/regs.h>
#include <hv/arch.h>
#include <hv/printk.h>
#include <hv/symbols.h>

#define BACKTRACE_MAX_DEPTH 32

extern const char boot_stack_guard[], boot_stack_top[];

static bool frame_on_a_stack(unsigned long fp)
{
    if (fp & 7)
        return false;
    if (fp >= (unsigned long)boot_stack_guard + 4096 &&
        fp + 16 <= (unsigned long)boot_stack_top)
        return true;
    return fp >= HV_STACKS_VIRT && fp + 16 <= HV_STACKS_VIRT_END;
}

static void print_frame(uint64_t addr)
{
    char name[SYMBOL_TEXT_MAX];

    symbol_format(addr, name, sizeof(name));
    printk(LOG_ERR, "  [%#018lx] %s\n", (unsigned long)addr, name);
}

void arch_backtrace(const struct cpu_regs *regs)
{
    unsigned long fp;

    printk(LOG_ERR, "Backtrace:\n");
    if (regs) {
        print_frame(regs->rip);
        fp = regs->rbp;
    } else {
        fp = read_rbp();
    }
    unsigned long last = 0, repeats = 0;

    for (int depth = 0; depth < BACKTRACE_MAX_DEPTH; depth++) {
        const unsigned long *frame = (const unsigned long *)fp;

        if (!frame_on_a_stack(fp) || frame[1] == 0)
            break;
        /* Deep recursion would fill the trace with one line: count it. */
        if (frame[1] == last) {
            repeats++;
        } else {
            print_frame(frame[1]);
            last = frame[1];
        }
        fp = frame[0];
    }
    if (repeats)
        printk(LOG_ERR, "  (the last frame repeats %lu more times)\n", repeats);
}
