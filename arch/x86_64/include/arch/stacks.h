/* Guarded per-CPU stacks (stacks.c). */
#ifndef ARCH_STACKS_H
#define ARCH_STACKS_H

#include <hv/percpu.h>

/* Allocate and map cpu's main and IST stacks and point its TSS at them.
 * Needs the frame allocator. */
void stacks_init(struct percpu *cpu);

#endif
