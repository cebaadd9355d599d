/*
 * A test double of the arch contract (hv/arch.h), so the portable core
 * builds and runs on the host under cmocka and the sanitizers.
 */
#include "arch_double.h"

#include <hv/arch.h>
#include <hv/percpu.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t fake_cycles;
uint64_t fake_cycles_khz = 1000000; /* 1 GHz: one cycle per ns */
uint64_t fake_timer_armed;
char fake_console[65536];
size_t fake_console_len;
int fake_exit_status = -1;
uint8_t *fake_memory;
size_t fake_memory_size;

struct percpu percpu_blocks[MAX_CPUS];
static bool irqs_on;

void fake_console_reset(void)
{
    fake_console_len = 0;
    fake_console[0] = '\0';
}

void fake_memory_setup(size_t bytes)
{
    /* Page aligned, like real machine memory. */
    fake_memory = aligned_alloc(4096, bytes);
    if (!fake_memory)
        abort();
    memset(fake_memory, 0xa5, bytes);
    fake_memory_size = bytes;
}

void fake_memory_teardown(void)
{
    free(fake_memory);
    fake_memory = NULL;
    fake_memory_size = 0;
}

unsigned long arch_irq_save(void)
{
    bool was = irqs_on;
    irqs_on = false;
    return was;
}

void arch_irq_restore(unsigned long flags)
{
    irqs_on = flags != 0;
}

bool arch_irqs_enabled(void)
{
    return irqs_on;
}

void arch_irq_enable(void)
{
    irqs_on = true;
}

void arch_cpu_relax(void)
{
}

void arch_wait_for_interrupt(void)
{
}

noreturn void arch_halt(void)
{
    abort();
}

struct percpu *arch_this_cpu(void)
{
    return &percpu_blocks[0];
}

void arch_console_putc(char c)
{
    if (fake_console_len + 1 < sizeof(fake_console)) {
        fake_console[fake_console_len++] = c;
        fake_console[fake_console_len] = '\0';
    }
}

uint64_t arch_cycles(void)
{
    return fake_cycles;
}

uint64_t arch_wallclock_seconds(void)
{
    return FAKE_WALLCLOCK_SECONDS;
}

uint64_t arch_cycles_khz(void)
{
    return fake_cycles_khz;
}

void arch_timer_arm(uint64_t cycles)
{
    fake_timer_armed = cycles;
}

void arch_dump_regs(const struct cpu_regs *regs)
{
    (void)regs;
}

void arch_backtrace(const struct cpu_regs *regs)
{
    (void)regs;
}

void *arch_maddr_to_virt(paddr_t maddr)
{
    if (!fake_memory || maddr >= fake_memory_size) {
        fprintf(stderr,
                "arch double: machine address %#lx outside the "
                "fake memory\n",
                (unsigned long)maddr);
        abort();
    }
    return fake_memory + maddr;
}

paddr_t arch_virt_to_maddr(const void *va)
{
    return (paddr_t)((const uint8_t *)va - fake_memory);
}

noreturn void arch_machine_exit(int status)
{
    fake_exit_status = status;
    fprintf(stderr, "arch double: machine exit %d\n", status);
    abort();
}
