/*
 * The little of ACPI the hypervisor reads (acpi.c): from the MADT, where
 * the IOAPICs are and how ISA IRQs map onto their inputs.
 */
#ifndef ARCH_ACPI_H
#define ARCH_ACPI_H

#include <hv/types.h>

#define MADT_MAX_IOAPICS 8
#define ISA_IRQS 16

struct madt_ioapic {
    uint8_t id;
    paddr_t base;      /* MMIO registers */
    uint32_t gsi_base; /* global system interrupt of input 0 */
};

/* Where an ISA IRQ arrives, and its electrical form. */
struct isa_irq_route {
    uint32_t gsi;
    bool active_low;
    bool level;
};

struct madt_info {
    unsigned nr_ioapics;
    struct madt_ioapic ioapic[MADT_MAX_IOAPICS];
    struct isa_irq_route isa[ISA_IRQS];
};

/*
 * Fill 'out' from the ACPI MADT. ISA IRQs without an override keep the
 * ISA defaults (identity, edge, active high). Returns false if there is
 * no ACPI or no MADT; 'out' then holds only those defaults.
 */
bool acpi_parse_madt(struct madt_info *out);

#endif
