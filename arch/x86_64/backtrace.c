/*
 * Frame-pointer backtraces. The hypervisor is built with frame pointers,
 * so each frame starts with {saved rbp, return address}. The walk only
 * follows pointers into hypervisor stacks, so a corrupt chain ends the
 * trace instead of faulting inside panic.
 */
#include <arch/layout.h>
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

void arch_backtrace(unsigned long fp)
{
    char name[SYMBOL_TEXT_MAX];

    printk(LOG_ERR, "Backtrace:\n");
    for (int depth = 0; depth < BACKTRACE_MAX_DEPTH; depth++) {
        const unsigned long *frame = (const unsigned long *)fp;

        if (!frame_on_a_stack(fp))
            break;
        if (frame[1] == 0)
            break;
        symbol_format(frame[1], name, sizeof(name));
        printk(LOG_ERR, "  [%p] %s\n", (void *)frame[1], name);
        fp = frame[0];
    }
}
