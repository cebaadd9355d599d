/*
 * multicall (hypercall 13): many hypercalls for the price of one guest
 * exit. The guest hands an array of entries {op, result, args[6]}; each
 * runs in order through the hypercall table, and its return value goes
 * back into that entry's result field only.
 *
 * An entry that fails does not stop the batch: its error is in its
 * result and the guest reads them all. What stops it is the guest's own
 * array becoming unreadable or unwritable (the call returns -EFAULT; the
 * entries before it have run), or an entry that stopped the domain.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <public/xen.h>

/*
 * The result of one entry. Two hypercalls make no sense inside a batch
 * and get -EINVAL: multicall itself (Xen refuses re-entry the same way),
 * and iret, which takes its frame from the guest stack and never
 * returns to the caller.
 */
static long multicall_one(const struct multicall_entry *call)
{
    uint64_t args[HYPERCALL_MAX_ARGS];

    if (call->op == __HYPERVISOR_multicall || call->op == __HYPERVISOR_iret)
        return -EINVAL;
    for (unsigned int i = 0; i < HYPERCALL_MAX_ARGS; i++)
        args[i] = call->args[i];
    return hypercall_dispatch(call->op, args);
}

static bool domain_stopped(const struct domain *d)
{
    return __atomic_load_n(&d->state, __ATOMIC_SEQ_CST) != DOMAIN_ACTIVE;
}

/* multicall(multicall_entry_t *entries, unsigned int nr) */
long do_multicall(const uint64_t args[])
{
    guest_va_t entries = args[0];
    uint32_t nr = (uint32_t)args[1];
    const struct domain *d = current_domain();

    for (uint32_t i = 0; i < nr; i++) {
        guest_va_t at = entries + (uint64_t)i * sizeof(struct multicall_entry);
        struct multicall_entry call;
        xen_ulong_t result;

        if (copy_from_guest(&call, at, sizeof(call)))
            return -EFAULT;
        result = (xen_ulong_t)multicall_one(&call);
        if (copy_to_guest(at + offsetof(struct multicall_entry, result),
                          &result, sizeof(result)))
            return -EFAULT;
        if (domain_stopped(d))
            break;
    }
    return 0;
}
