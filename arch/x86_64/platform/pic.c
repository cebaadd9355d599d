/*
 * The legacy 8259 interrupt controllers, only to silence them. The
 * firmware leaves them programmed for vectors 0x08-0x0f, which are CPU
 * exceptions in protected mode: a stray IRQ would look like a double
 * fault. Reprogramming moves them to IRQ_VECTOR_BASE, then every line is
 * masked; the IOAPIC and local APIC take over.
 */
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/traps.h>

#define PIC_MASTER_CMD 0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_CMD 0xa0
#define PIC_SLAVE_DATA 0xa1
/* The POST diagnostic port: writing it takes about a microsecond, the
 * settle time old 8259s need between initialization words. */
#define IO_DELAY_PORT 0x80

#define ICW1_INIT (1 << 4)
#define ICW1_NEED_ICW4 (1 << 0)
#define ICW4_8086_MODE (1 << 0)
#define PIC_LINES 8
#define PIC_CASCADE_LINE 2 /* the slave hangs off master input 2 */
#define PIC_MASK_ALL 0xff

static void pic_write(uint16_t port, uint8_t v)
{
    outb(port, v);
    outb(IO_DELAY_PORT, 0);
}

void pic_disable(void)
{
    /* The initialization sequence: ICW1 on the command port, then ICW2
     * (vector base), ICW3 (cascade wiring), ICW4 (mode) on the data port. */
    pic_write(PIC_MASTER_CMD, ICW1_INIT | ICW1_NEED_ICW4);
    pic_write(PIC_SLAVE_CMD, ICW1_INIT | ICW1_NEED_ICW4);
    pic_write(PIC_MASTER_DATA, IRQ_VECTOR_BASE);
    pic_write(PIC_SLAVE_DATA, IRQ_VECTOR_BASE + PIC_LINES);
    pic_write(PIC_MASTER_DATA, 1 << PIC_CASCADE_LINE);
    pic_write(PIC_SLAVE_DATA, PIC_CASCADE_LINE);
    pic_write(PIC_MASTER_DATA, ICW4_8086_MODE);
    pic_write(PIC_SLAVE_DATA, ICW4_8086_MODE);
    pic_write(PIC_MASTER_DATA, PIC_MASK_ALL);
    pic_write(PIC_SLAVE_DATA, PIC_MASK_ALL);
}
