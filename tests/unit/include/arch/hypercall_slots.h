/*
 * Host-test double of the arch's hypercall slots (see hv/include/hv/arch.h):
 * one slot, iret, filled by a recording stand-in (hypercall_double.c), so
 * the tests see the table reach an arch slot and multicall end at an iret.
 */
#ifndef ARCH_HYPERCALL_SLOTS_H
#define ARCH_HYPERCALL_SLOTS_H

#include <hv/types.h>

long double_arch_iret(const uint64_t args[]);

#define ARCH_HYPERCALLS [__HYPERVISOR_iret] = double_arch_iret

/* As the arch's: iret leaves through its own frame. */
#define ARCH_HYPERCALL_NO_RETURN(nr) ((nr) == __HYPERVISOR_iret)

#endif
