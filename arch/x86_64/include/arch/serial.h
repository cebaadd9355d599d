/* 16550 COM1 driver (serial.c). */
#ifndef ARCH_SERIAL_H
#define ARCH_SERIAL_H

#include <hv/types.h>

#define SERIAL_DEFAULT_BAUD 115200
#define COM1_ISA_IRQ 4

/* Program COM1 for 8N1 at 'baud'. Returns false if no UART answers. */
bool serial_init(unsigned baud);
/* Polled output: safe with interrupts off, from any context. */
void serial_putc(char c);
/* One received byte, or -1 if none is waiting. */
int serial_getc(void);
/* Raise an interrupt for each received byte. */
void serial_enable_rx_irq(void);

#endif
