/*
 * vm_assist (hypercall 21): a guest turns on or off a way the hypervisor
 * helps it, recorded as one bit per VMASST_TYPE_* in d->vm_assist.
 *
 * Only the assists Parasol honours are accepted; asking for another one
 * fails with -EINVAL, so a guest never believes in help it does not get.
 * Accepted:
 *   writable_pagetables   always on in Parasol; the bit only records it
 *   4gb_segments(_notify) 32-bit segment tricks, with nothing to do on a
 *   pae_extended_cr3      64-bit guest; Xen accepts them there too
 *   runstate_update_flag  read by the runstate area updates
 * Refused until implemented: architectural_iopl, m2p_strict.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <public/xen.h>

#define VM_ASSIST_BITS (sizeof(unsigned long) * 8)

#define VM_ASSIST_SUPPORTED                                                    \
    ((1UL << VMASST_TYPE_4gb_segments) |                                       \
     (1UL << VMASST_TYPE_4gb_segments_notify) |                                \
     (1UL << VMASST_TYPE_writable_pagetables) |                                \
     (1UL << VMASST_TYPE_pae_extended_cr3) |                                   \
     (1UL << VMASST_TYPE_runstate_update_flag))

/* vm_assist(unsigned cmd, unsigned type). The type is checked first, as
 * in Xen: an unknown type is -EINVAL whatever the cmd. */
HYPERCALL_DEFINE(vm_assist, unsigned int, cmd, unsigned int, type)
{
    struct domain *d = current_domain();

    if (type >= VM_ASSIST_BITS || !(VM_ASSIST_SUPPORTED & (1UL << type)))
        return -EINVAL;
    switch (cmd) {
    case VMASST_CMD_enable:
        __atomic_fetch_or(&d->vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
        return 0;
    case VMASST_CMD_disable:
        __atomic_fetch_and(&d->vm_assist, ~(1UL << type), __ATOMIC_SEQ_CST);
        return 0;
    default:
        return -ENOSYS;
    }
}
