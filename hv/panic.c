/*
 * panic(): the one way the hypervisor stops on its own bug. It must work
 * from any state, so it avoids the console lock, prints as much as it
 * can, and guards against panicking again while panicking.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/lib.h>
#include <hv/panic.h>
#include <hv/printk.h>

#define PANIC_LINE_MAX 256

static int panicking;

static void panic_print(const char *fmt, ...) __printf(1, 2);
static void panic_print(const char *fmt, ...)
{
    char line[PANIC_LINE_MAX];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    console_write_unlocked(line, MIN((size_t)n, sizeof(line) - 1));
}

static noreturn void panic_common(const struct cpu_regs *regs, const char *fmt,
                                  va_list ap)
{
    char msg[PANIC_LINE_MAX];

    arch_irq_save();
    if (__atomic_fetch_add(&panicking, 1, __ATOMIC_SEQ_CST)) {
        panic_print("\n(HV) *** panic while panicking; halting ***\n");
        arch_machine_exit(HV_EXIT_PANIC);
    }
    console_set_silent(false); /* a panic is always reported */
    vsnprintf(msg, sizeof(msg), fmt, ap);
    panic_print("\n(HV) ****************************************\n");
    panic_print("(HV) PANIC: %s\n", msg);
    panic_print("(HV) ****************************************\n");
    if (regs)
        arch_dump_regs(regs);
    arch_backtrace(regs);
    panic_print("(HV) System halted.\n");
    arch_machine_exit(HV_EXIT_PANIC);
}

noreturn void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    panic_common(NULL, fmt, ap);
}

noreturn void panic_regs(const struct cpu_regs *regs, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    panic_common(regs, fmt, ap);
}
