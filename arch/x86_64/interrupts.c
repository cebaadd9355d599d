/*
 * arch_interrupts_init(): interrupt controllers and time, in dependency
 * order. The 8259s go quiet first, then the local APIC (every vector
 * arrives through it), then the IOAPIC with COM1's receive interrupt,
 * then the TSC frequency, system time, and the one-shot timer that needs
 * both. Also the COM1 receive handler, which feeds the console.
 */
#include <arch/apic.h>
#include <arch/serial.h>
#include <arch/traps.h>
#include <arch/tsc.h>
#include <hv/console.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/time.h>

#define KHZ_PER_TENTH_MHZ 100

/* Drain the whole FIFO: COM1's line is edge triggered, and a byte left
 * behind would keep it high, so no new edge would ever come. */
static void com1_interrupt(struct cpu_regs *regs)
{
    unsigned received = 0;
    int c;

    (void)regs;
    while ((c = serial_getc()) >= 0) {
        console_input((char)c);
        received++;
    }
    lapic_eoi();
    if (received)
        pr_debug("COM1: %u byte(s) received\n", received);
}

static void com1_input_init(void)
{
    irq_register(VECTOR_COM1, com1_interrupt);
    ioapic_route_isa(COM1_ISA_IRQ, VECTOR_COM1);
    serial_enable_rx_irq();
}

void arch_interrupts_init(void)
{
    uint64_t tenths_mhz;

    pic_disable();
    lapic_init();
    pr_info("LAPIC: id %u, %s mode\n", this_cpu()->apic_id,
            this_cpu()->arch.x2apic ? "x2APIC" : "xAPIC");
    ioapic_init();
    com1_input_init();
    tsc_init();
    time_init();
    lapic_timer_init();
    tenths_mhz =
        (arch_cycles_khz() + KHZ_PER_TENTH_MHZ / 2) / KHZ_PER_TENTH_MHZ;
    pr_info("Timer: TSC %lu.%lu MHz (%s), LAPIC %s\n", tenths_mhz / 10,
            tenths_mhz % 10, tsc_source(), lapic_timer_mode());
}
