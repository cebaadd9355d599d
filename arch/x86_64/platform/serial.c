/*
 * 16550 UART driver for COM1, the hypervisor's console.
 *
 * Output is polled: a panic must be able to print with interrupts off and
 * nothing else working. Input is interrupt driven (receive-data interrupt
 * routed through the IOAPIC, see ioapic.c), and handed to hv/console.c.
 */
#include <arch/cpu.h>
#include <arch/serial.h>

#define COM1_BASE 0x3f8
#define UART_CLOCK_HZ 115200

/* Register offsets from the base port. */
#define UART_DATA 0 /* RBR/THR; divisor low when DLAB=1 */
#define UART_IER 1  /* interrupt enable; divisor high when DLAB=1 */
#define UART_FCR 2  /* FIFO control (write) */
#define UART_LCR 3  /* line control */
#define UART_MCR 4  /* modem control */
#define UART_LSR 5  /* line status */
#define UART_SCR 7  /* scratch */

#define IER_RX_AVAILABLE (1 << 0)
#define FCR_ENABLE_CLEAR (0x07) /* enable FIFOs, clear both */
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define MCR_DTR_RTS_OUT2 0x0b /* OUT2 gates the IRQ line on PCs */
#define LSR_DATA_READY (1 << 0)
#define LSR_THR_EMPTY (1 << 5)
#define SCRATCH_PROBE 0x5a

static bool serial_present;

bool serial_init(unsigned baud)
{
    uint16_t divisor = (uint16_t)(UART_CLOCK_HZ / baud);

    /* A missing UART reads back 0xff: check the scratch register. */
    outb(COM1_BASE + UART_SCR, SCRATCH_PROBE);
    if (inb(COM1_BASE + UART_SCR) != SCRATCH_PROBE)
        return false;
    outb(COM1_BASE + UART_IER, 0);
    outb(COM1_BASE + UART_LCR, LCR_DLAB);
    outb(COM1_BASE + UART_DATA, divisor & 0xff);
    outb(COM1_BASE + UART_IER, divisor >> 8);
    outb(COM1_BASE + UART_LCR, LCR_8N1);
    outb(COM1_BASE + UART_FCR, FCR_ENABLE_CLEAR);
    outb(COM1_BASE + UART_MCR, MCR_DTR_RTS_OUT2);
    serial_present = true;
    return true;
}

void serial_putc(char c)
{
    if (!serial_present)
        return;
    while (!(inb(COM1_BASE + UART_LSR) & LSR_THR_EMPTY))
        cpu_pause();
    outb(COM1_BASE + UART_DATA, (uint8_t)c);
}

int serial_getc(void)
{
    if (!serial_present || !(inb(COM1_BASE + UART_LSR) & LSR_DATA_READY))
        return -1;
    return inb(COM1_BASE + UART_DATA);
}

void serial_enable_rx_irq(void)
{
    if (serial_present)
        outb(COM1_BASE + UART_IER, IER_RX_AVAILABLE);
}
