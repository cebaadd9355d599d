/*
 * Interrupt controllers: the legacy 8259 pair (pic.c), this CPU's local
 * APIC and its one-shot timer (apic.c), and the IOAPICs that route
 * device interrupts to it (ioapic.c).
 */
#ifndef ARCH_APIC_H
#define ARCH_APIC_H

#include <hv/types.h>

/* Remap both 8259s to IRQ_VECTOR_BASE and mask every line. */
void pic_disable(void);

/*
 * Enable this CPU's local APIC (x2APIC mode when the CPU has it) and
 * record its ID in this_cpu(). Interrupts off.
 */
void lapic_init(void);
/* Signal end of interrupt for the vector being handled. */
void lapic_eoi(void);
/* This CPU's APIC ID as the IOAPIC's destination field wants it. */
uint32_t lapic_id(void);
/*
 * Choose the one-shot timer mode (TSC-deadline, else the LAPIC's own
 * counter calibrated against the TSC) and register its interrupt.
 * Needs the TSC frequency. Interrupts off.
 */
void lapic_timer_init(void);
/* "TSC-deadline" or "one-shot N.N MHz", for the boot log. */
const char *lapic_timer_mode(void);

/*
 * Find the IOAPICs (ACPI MADT, else the PC default) and mask every
 * input. Interrupts off.
 */
void ioapic_init(void);
/* Route ISA IRQ 'irq' (after ACPI overrides) to 'vector' on this CPU. */
void ioapic_route_isa(unsigned irq, uint8_t vector);

#endif
