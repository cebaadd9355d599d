/*
 * The simple half of the arch contract (hv/arch.h) on x86_64: interrupt
 * flag, per-CPU pointer, console byte, cycle counter, direct map and
 * machine exit.
 */
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/serial.h>
#include <arch/x86.h>
#include <hv/arch.h>
#include <hv/percpu.h>

/* QEMU's isa-debug-exit device: writing v exits with status (v << 1) | 1. */
#define DEBUG_EXIT_PORT 0xf4
/* ACPI PM1a control of QEMU's PIIX4 (pc machine): SLP_EN, S5 type 0. */
#define QEMU_PIIX4_PM1A_CNT 0x604
#define ACPI_SLP_EN (1 << 13)
#define BOCHS_POWEROFF_PORT 0xB004

unsigned long arch_irq_save(void)
{
    unsigned long flags = read_rflags();

    cli();
    return flags & X86_EFLAGS_IF;
}

void arch_irq_restore(unsigned long flags)
{
    if (flags & X86_EFLAGS_IF)
        sti();
}

bool arch_irqs_enabled(void)
{
    return read_rflags() & X86_EFLAGS_IF;
}

void arch_irq_enable(void)
{
    sti();
}

void arch_cpu_relax(void)
{
    cpu_pause();
}

void arch_wait_for_interrupt(void)
{
    sti_hlt();
}

noreturn void arch_halt(void)
{
    for (;;) {
        cli();
        hlt();
    }
}

struct percpu *arch_this_cpu(void)
{
    struct percpu *p;

    __asm__ volatile("movq %%gs:0, %0" : "=r"(p));
    return p;
}

void arch_console_putc(char c)
{
    serial_putc(c);
}

uint64_t arch_cycles(void)
{
    return rdtsc();
}

void *arch_maddr_to_virt(paddr_t maddr)
{
    return (void *)(maddr + HV_DIRECTMAP_VIRT);
}

paddr_t arch_virt_to_maddr(const void *va)
{
    uintptr_t v = (uintptr_t)va;

    if (v >= HV_IMAGE_VIRT && v < HV_STACKS_VIRT)
        return v - HV_IMAGE_VIRT;
    return v - HV_DIRECTMAP_VIRT;
}

noreturn void arch_machine_exit(int status)
{
    cli();
    /* With the device present QEMU stops here; on other machines the
     * port is unused and the write is harmless. */
    outl(DEBUG_EXIT_PORT, (uint32_t)status);
    outw(QEMU_PIIX4_PM1A_CNT, ACPI_SLP_EN);
    outw(BOCHS_POWEROFF_PORT, ACPI_SLP_EN);
    arch_halt();
}
