/*
 * The parts of memory_op (hypercall 12) that live in files of their
 * own: the reservation ops (memory_reservation.c).
 */
#ifndef HV_MEMORY_H
#define HV_MEMORY_H

#include <hv/guest_access.h>
#include <hv/types.h>

/*
 * XENMEM_increase_reservation, _decrease_reservation or
 * _populate_physmap (op), from extent 'start' on, with arg the guest's
 * struct xen_memory_reservation: the extents done, or -EPERM.
 */
long memory_reservation_op(unsigned int op, uint64_t start, guest_va_t arg);

#endif
