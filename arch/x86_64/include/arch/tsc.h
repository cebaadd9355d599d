/*
 * The time-stamp counter, the hypervisor's cycle counter (tsc.c).
 */
#ifndef ARCH_TSC_H
#define ARCH_TSC_H

#include <hv/types.h>

/* Find the TSC frequency (CPUID, else PIT calibration). Interrupts off. */
void tsc_init(void);
/* How tsc_init() found it, for the boot log. */
const char *tsc_source(void);

#endif
