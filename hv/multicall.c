/*
 * multicall (hypercall 13): many hypercalls for the price of one guest
 * exit. The guest hands an array of entries {op, result, args[6]}; each
 * runs in order through the hypercall table, and its return value goes
 * back into that entry's result field only.
 *
 * An entry that fails does not stop the batch: its error is in its
 * result and the guest reads them all. What stops it is the guest's own
 * array becoming unreadable or unwritable (the call returns -EFAULT; the
 * entries before it have run), an entry that stopped the domain, or an
 * iret, after which the guest is elsewhere.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <public/xen.h>

/*
 * The result of one entry. Multicall inside a batch gets -EINVAL (Xen
 * refuses re-entry the same way). A call that leaves through a frame of
 * its own (the arch's iret) runs, as on Xen: it takes its frame from the
 * guest stack as the batch was called, and the guest resumes there, so
 * the batch ends with it (multicall_ends_batch()) and the guest's rax
 * is the one of that frame, as Xen leaves it.
 */
static long multicall_one(const struct multicall_entry *call)
{
    uint64_t args[HYPERCALL_MAX_ARGS];

    if (call->op == __HYPERVISOR_multicall)
        return -EINVAL;
    for (unsigned int i = 0; i < HYPERCALL_MAX_ARGS; i++)
        args[i] = call->args[i];
    return hypercall_dispatch(call->op, args);
}

static bool multicall_ends_batch(const struct multicall_entry *call)
{
    return ARCH_HYPERCALL_NO_RETURN(call->op);
}

static bool domain_stopped(const struct domain *d)
{
    return __atomic_load_n(&d->state, __ATOMIC_SEQ_CST) != DOMAIN_ACTIVE;
}

GUEST_HANDLE_TYPE(multicall_entry, struct multicall_entry);

HYPERCALL_DEFINE(multicall, guest_handle_multicall_entry, entries, unsigned int,
                 nr)
{
    const struct domain *d = current_domain();

    for (uint32_t i = 0; i < nr; i++) {
        guest_va_t at = guest_handle_elem_va(entries, i);
        struct multicall_entry call;
        xen_ulong_t result;

        if (copy_from_guest_offset(&call, entries, i, 1))
            return -EFAULT;
        result = (xen_ulong_t)multicall_one(&call);
        at += offsetof(struct multicall_entry, result);
        if (multicall_ends_batch(&call)) {
            /* The guest is elsewhere now, maybe in user mode on other
             * tables: the result is written if it can be, as Xen does,
             * and the guest resumes with the frame's rax either way. */
            (void)copy_to_guest(at, &result, sizeof(result));
            return (long)result;
        }
        if (copy_to_guest(at, &result, sizeof(result)))
            return -EFAULT;
        if (domain_stopped(d))
            break;
    }
    return 0;
}
