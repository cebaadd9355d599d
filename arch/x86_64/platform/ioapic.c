/*
 * IOAPICs: they turn device interrupt lines (global system interrupts,
 * GSIs) into messages to a local APIC. Every input starts masked; an ISA
 * device's IRQ is routed on request, with ACPI's overrides applied (on
 * most PCs ISA IRQ 0 arrives at GSI 2, for instance).
 *
 * Each IOAPIC shows two registers: IOREGSEL selects an internal register
 * and IOWIN reads or writes it. The pair is not atomic, so one lock
 * serialises every access.
 */
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/paging.h>
#include <arch/pv_mm.h>
#include <hv/panic.h>
#include <hv/printk.h>
#include <hv/spinlock.h>

#define IOAPIC_DEFAULT_BASE 0xfec00000 /* where PCs put the first one */
#define IOAPIC_MMIO_LEN 0x20
#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10

#define IOAPIC_REG_ID 0x00
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_REG_REDIR 0x10 /* two registers per input: low, high */
#define IOAPIC_ID_SHIFT 24
#define IOAPIC_ID_MASK 0xf
#define IOAPIC_VERSION_MAX_REDIR_SHIFT 16
#define IOAPIC_VERSION_MAX_REDIR_MASK 0xff

/* Redirection entry, low word (delivery mode fixed, physical destination
 * are the zero values). */
#define REDIR_POLARITY_LOW (1u << 13)
#define REDIR_TRIGGER_LEVEL (1u << 15)
#define REDIR_MASKED (1u << 16)
/* High word: the destination APIC ID; 8 bits without interrupt
 * remapping, even with an x2APIC. */
#define REDIR_DEST_SHIFT 24
#define REDIR_DEST_MAX 0xff

struct ioapic {
    volatile uint8_t *regs;
    uint32_t gsi_base;
    unsigned nr_inputs;
};

static spinlock_t ioapic_lock = SPINLOCK_INIT; /* guards IOREGSEL/IOWIN */
static struct ioapic ioapics[MADT_MAX_IOAPICS];
static unsigned nr_ioapics;
static struct madt_info madt; /* the ISA routes */

static uint32_t ioapic_read(const struct ioapic *io, uint32_t reg)
{
    unsigned long flags = spin_lock_irqsave(&ioapic_lock);
    uint32_t v;

    mmio_write32(io->regs + IOAPIC_REGSEL, reg);
    v = mmio_read32(io->regs + IOAPIC_WINDOW);
    spin_unlock_irqrestore(&ioapic_lock, flags);
    return v;
}

static void ioapic_write(const struct ioapic *io, uint32_t reg, uint32_t v)
{
    unsigned long flags = spin_lock_irqsave(&ioapic_lock);

    mmio_write32(io->regs + IOAPIC_REGSEL, reg);
    mmio_write32(io->regs + IOAPIC_WINDOW, v);
    spin_unlock_irqrestore(&ioapic_lock, flags);
}

static uint32_t redir_low(unsigned input)
{
    return IOAPIC_REG_REDIR + 2 * input;
}

static uint32_t redir_high(unsigned input)
{
    return redir_low(input) + 1;
}

static void ioapic_setup(struct ioapic *io, paddr_t base, uint32_t gsi_base)
{
    uint32_t version;

    io->regs = ioremap(base, IOAPIC_MMIO_LEN);
    /* dom0 may read it, never program it (Xen's rule). */
    pv_iomem_restrict(paddr_to_mfn(base), IOMEM_READ_ONLY);
    io->gsi_base = gsi_base;
    version = ioapic_read(io, IOAPIC_REG_VERSION);
    io->nr_inputs = ((version >> IOAPIC_VERSION_MAX_REDIR_SHIFT) &
                     IOAPIC_VERSION_MAX_REDIR_MASK) +
                    1;
    for (unsigned i = 0; i < io->nr_inputs; i++)
        ioapic_write(io, redir_low(i), REDIR_MASKED);
    pr_info("IOAPIC: id %u at %#lx, GSI %u-%u, all masked\n",
            (ioapic_read(io, IOAPIC_REG_ID) >> IOAPIC_ID_SHIFT) &
                IOAPIC_ID_MASK,
            (unsigned long)base, gsi_base, gsi_base + io->nr_inputs - 1);
}

void ioapic_init(void)
{
    if (!acpi_parse_madt(&madt) || !madt.nr_ioapics) {
        pr_info("IOAPIC: no ACPI MADT; assuming one at %#x with ISA IRQ n "
                "at GSI n\n",
                IOAPIC_DEFAULT_BASE);
        madt.nr_ioapics = 1;
        madt.ioapic[0] = (struct madt_ioapic){.base = IOAPIC_DEFAULT_BASE};
    }
    for (unsigned i = 0; i < madt.nr_ioapics; i++)
        ioapic_setup(&ioapics[i], madt.ioapic[i].base, madt.ioapic[i].gsi_base);
    nr_ioapics = madt.nr_ioapics;
}

static struct ioapic *ioapic_for_gsi(uint32_t gsi)
{
    for (unsigned i = 0; i < nr_ioapics; i++)
        if (gsi >= ioapics[i].gsi_base &&
            gsi < ioapics[i].gsi_base + ioapics[i].nr_inputs)
            return &ioapics[i];
    return NULL;
}

void ioapic_route_isa(unsigned irq, uint8_t vector)
{
    const struct isa_irq_route *route;
    struct ioapic *io;
    uint32_t dest = lapic_id();
    uint32_t low = vector;
    unsigned input;

    ASSERT(irq < ISA_IRQS);
    route = &madt.isa[irq];
    io = ioapic_for_gsi(route->gsi);
    if (!io || dest > REDIR_DEST_MAX) {
        pr_warn("IOAPIC: cannot route ISA IRQ %u (GSI %u) to APIC %u\n", irq,
                route->gsi, dest);
        return;
    }
    input = route->gsi - io->gsi_base;
    if (route->active_low)
        low |= REDIR_POLARITY_LOW;
    if (route->level)
        low |= REDIR_TRIGGER_LEVEL;
    /* Destination first: the entry goes live when the low word unmasks. */
    ioapic_write(io, redir_high(input), dest << REDIR_DEST_SHIFT);
    ioapic_write(io, redir_low(input), low);
    pr_debug("IOAPIC: ISA IRQ %u = GSI %u -> vector %#x on APIC %u\n", irq,
             route->gsi, vector, dest);
}
