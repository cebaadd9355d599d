/*
 * domctl commands on the vCPUs of a domain: create them (max_vcpus),
 * describe one (getvcpuinfo), and load or read its whole register state
 * (setvcpucontext, getvcpucontext), which is how the toolstack starts a
 * domain it built. The checks and errnos are Xen 4.17's, measured by
 * tests/guests/domctl.c.
 */
#include <hv/arch.h>
#include <hv/domctl.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/time.h>

/*
 * IN: max, which must be the max_vcpus of createdomain (Xen keeps the
 * call only to create the vCPUs). Not on the caller itself (-EINVAL).
 */
long domctl_max_vcpus(struct xen_domctl *op, struct domain *d, bool *copyback)
{
    int rc;

    (void)copyback;
    if (d == current_domain() || op->u.max_vcpus.max != d->max_vcpus)
        return -EINVAL;
    domain_pause(d);
    rc = domain_vcpus_create(d);
    domain_unpause(d);
    return rc;
}

/* The vCPU a command names: -EINVAL past max_vcpus, -ESRCH if it was
 * not created yet (getvcpuinfo's answers). */
static struct vcpu *domctl_vcpu(struct domain *d, uint32_t id, long *err)
{
    if (id >= d->max_vcpus) {
        *err = -EINVAL;
        return NULL;
    }
    if (!d->vcpu[id]) {
        *err = -ESRCH;
        return NULL;
    }
    return d->vcpu[id];
}

/* IN: vcpu; OUT: online, blocked, running, cpu_time, cpu. */
long domctl_getvcpuinfo(struct xen_domctl *op, struct domain *d, bool *copyback)
{
    struct xen_domctl_getvcpuinfo *info = &op->u.getvcpuinfo;
    long err;
    struct vcpu *v = domctl_vcpu(d, info->vcpu, &err);

    if (!v)
        return err;
    info->online = v->online;
    info->blocked = v->blocked;
    info->running = v->runstate == RUNSTATE_running;
    info->cpu_time = sched_vcpu_cpu_time(v);
    info->cpu = 0; /* every vCPU runs on the boot CPU */
    *copyback = true;
    return 0;
}

/* The vCPU whose context is set or read: not one of the caller's own
 * (Xen could not pause it), and created. All -EINVAL. */
static struct vcpu *context_vcpu(struct domain *d, uint32_t id)
{
    if (d == current_domain() || id >= d->max_vcpus)
        return NULL;
    return d->vcpu[id];
}

/*
 * IN: vcpu, ctxt. The context is read whole (-EFAULT), then checked and
 * loaded by the arch with the domain paused (Xen's checks and errnos;
 * VGCF_online in its flags brings the vCPU up).
 */
long domctl_setvcpucontext(struct xen_domctl *op, struct domain *d,
                           bool *copyback)
{
    struct vcpu *v = context_vcpu(d, op->u.vcpucontext.vcpu);
    struct vcpu_guest_context *c;
    long rc;

    (void)copyback;
    if (!v)
        return -EINVAL;
    c = xmalloc(sizeof(*c));
    if (!c)
        return -ENOMEM;
    rc = copy_from_guest(c, (guest_va_t)(uintptr_t)op->u.vcpucontext.ctxt.p,
                         sizeof(*c))
             ? -EFAULT
             : 0;
    if (!rc) {
        domain_pause(d);
        rc = arch_set_vcpu_context(v, c);
        domain_unpause(d);
    }
    if (!rc && v->online)
        vcpu_wake(v);
    xfree(c);
    return rc;
}

/* IN: vcpu, ctxt; OUT: the context at ctxt. -ENODATA if the vCPU never
 * had one. */
long domctl_getvcpucontext(struct xen_domctl *op, struct domain *d,
                           bool *copyback)
{
    struct vcpu *v = context_vcpu(d, op->u.vcpucontext.vcpu);
    struct vcpu_guest_context *c;
    long rc;

    (void)copyback;
    if (!v)
        return -EINVAL;
    if (!v->initialised)
        return -ENODATA;
    c = xzalloc(sizeof(*c));
    if (!c)
        return -ENOMEM;
    arch_get_vcpu_context(v, c);
    rc = copy_to_guest((guest_va_t)(uintptr_t)op->u.vcpucontext.ctxt.p, c,
                       sizeof(*c))
             ? -EFAULT
             : 0;
    xfree(c);
    return rc;
}

/*
 * IN: trigger, vcpu. An NMI to a vCPU that exists (-ESRCH otherwise, as
 * on Xen); power and sleep buttons are HVM's (-EINVAL for a PV domain);
 * reset, INIT and unknown triggers -ENOSYS.
 */
long domctl_sendtrigger(struct xen_domctl *op, struct domain *d, bool *copyback)
{
    const struct xen_domctl_sendtrigger *t = &op->u.sendtrigger;

    (void)copyback;
    switch (t->trigger) {
    case XEN_DOMCTL_SENDTRIGGER_NMI:
        if (t->vcpu >= d->max_vcpus || !d->vcpu[t->vcpu])
            return -ESRCH;
        arch_vcpu_send_nmi(d->vcpu[t->vcpu]);
        return 0;
    case XEN_DOMCTL_SENDTRIGGER_POWER:
    case XEN_DOMCTL_SENDTRIGGER_SLEEP:
        return -EINVAL;
    default:
        return -ENOSYS;
    }
}
