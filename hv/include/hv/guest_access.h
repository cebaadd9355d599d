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

/*
 * A typed guest handle: the guest address of a T, or of an array of T.
 * The pointer member only carries T, for the element size and for the
 * compiler's type checks; it is never dereferenced. A handle is one
 * register wide, so passing it costs what a guest_va_t does.
 */
#define GUEST_HANDLE_TYPE(name, T)                                             \
    typedef union {                                                            \
        guest_va_t va;                                                         \
        T *elem_type;                                                          \
    } guest_handle_##name

/* For arguments whose type depends on a sub-command: bytes at an address. */
GUEST_HANDLE_TYPE(void, void);
GUEST_HANDLE_TYPE(char, char);
GUEST_HANDLE_TYPE(uint, unsigned int);
GUEST_HANDLE_TYPE(ulong, unsigned long);

#define guest_handle_is_null(hnd) ((hnd).va == 0)

/* The guest address of element i of hnd. */
#define guest_handle_elem_va(hnd, i)                                           \
    ((hnd).va + (guest_va_t)(i) * sizeof(*(hnd).elem_type))

/* Do nr elements from hnd on lie in the guest's range (guest_range_ok)? */
#define guest_handle_range_ok(hnd, nr)                                         \
    guest_range_ok((hnd).va, (size_t)(nr) * sizeof(*(hnd).elem_type))

/* Fails the build unless ptr points to the handle's element type. */
#define guest_handle_check(ptr, hnd) ((void)sizeof((ptr) == (hnd).elem_type))

/* Set hnd from a public structure's XEN_GUEST_HANDLE field: the field's
 * pointer is a guest address, and its type must be hnd's (or void). */
#define guest_handle_from_public(hnd, field)                                   \
    (guest_handle_check((field).p, hnd),                                       \
     (hnd).va = (guest_va_t)(uintptr_t)(field).p)

/*
 * nr elements from element off of hnd on: 0, or -EFAULT if any byte is
 * inaccessible. The size comes from the handle's type, never the caller.
 */
#define copy_from_guest_offset(dst, hnd, off, nr)                              \
    (guest_handle_check(dst, hnd),                                             \
     copy_from_guest((dst), guest_handle_elem_va(hnd, off),                    \
                     (size_t)(nr) * sizeof(*(hnd).elem_type)))

#define copy_to_guest_offset(hnd, off, src, nr)                                \
    (guest_handle_check(src, hnd),                                             \
     copy_to_guest(guest_handle_elem_va(hnd, off), (src),                      \
                   (size_t)(nr) * sizeof(*(hnd).elem_type)))

/* The first nr elements of hnd. */
#define copy_from_guest_array(dst, hnd, nr)                                    \
    copy_from_guest_offset(dst, hnd, 0, nr)
#define copy_to_guest_array(hnd, src, nr) copy_to_guest_offset(hnd, 0, src, nr)

/* Could va be loaded into a segment base or an MSR without faulting? */
bool is_canonical_address(uint64_t va);

/* Does [va, va + len) avoid the hypervisor's range and stay canonical? */
bool guest_range_ok(guest_va_t va, size_t len);

#endif
