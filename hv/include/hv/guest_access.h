/*
 * Guest memory access. The hypervisor never dereferences a guest
 * pointer: every read or write of guest memory goes through these
 * helpers, which check that the range lies outside the hypervisor's
 * addresses and survive a fault (exception fixup table), returning
 * -EFAULT instead.
 *
 * Addresses are guest virtual addresses in the address space of the
 * current vCPU, whose page tables are loaded while it runs a hypercall.
 * Calling context: a guest's hypercall or trap, interrupts on or off.
 */
#ifndef HV_GUEST_ACCESS_H
#define HV_GUEST_ACCESS_H

#include <hv/types.h>

/* A guest virtual address, never to be dereferenced directly. */
typedef uint64_t guest_va_t;

/* Copy len bytes; 0 on success, -EFAULT if any byte is inaccessible. */
int copy_from_guest(void *dst, guest_va_t src, size_t len);
int copy_to_guest(guest_va_t dst, const void *src, size_t len);

/* Element i of a guest array of 'size'-byte elements. */
static inline int copy_from_guest_elem(void *dst, guest_va_t base, size_t i,
                                       size_t size)
{
    return copy_from_guest(dst, base + i * size, size);
}

static inline int copy_to_guest_elem(guest_va_t base, size_t i, const void *src,
                                     size_t size)
{
    return copy_to_guest(base + i * size, src, size);
}

/* Could va be loaded into a segment base or an MSR without faulting? */
bool is_canonical_address(uint64_t va);

/* Does [va, va + len) avoid the hypervisor's range and stay canonical? */
bool guest_range_ok(guest_va_t va, size_t len);

#endif
