/*
 * Event channels: each domain's table of ports, the EVTCHNOP hypercall,
 * and the events the hypervisor itself raises (VIRQs).
 *
 * A port is an index into its domain's table. Its entry says what the
 * port is bound to: nothing yet (unbound: offered to one domain, which
 * may link a port of its own to it), a port of another domain or of the
 * same one (interdomain), a VIRQ, or a vCPU of the same domain (IPI).
 * Raising an event on a port sets its bits in the domain's shared_info
 * (event_2l.c) and wakes the vCPU the port notifies.
 *
 * Each op copies its argument in, checks every field and right, and only
 * then changes state, under the locks; results are copied out last. If
 * that final copy faults the binding stays made, as on Xen: the guest
 * passed a pointer it could read but not write, and gets -EFAULT.
 *
 * Locking (order: evtchn_link_lock, then event locks, two of them only
 * through spin_lock_pair(), then the heap and the scheduler):
 *  - d->event_lock guards d's table and its vCPUs' virq_to_evtchn maps.
 *    Always taken with interrupts off: timers raise VIRQ_TIMER from
 *    interrupt context.
 *  - evtchn_link_lock guards the links between ports of two domains.
 *    Whoever holds two event locks at once holds it first, so no CPU
 *    ever waits for a second event lock while another holds that one
 *    and waits for ours. It also pins a domain looked up by ID: the
 *    domain's evtchn_domain_destroy() waits for it.
 *  - Breaking a link takes the event locks of both ends, so a link (and
 *    the peer's table and vCPUs) stays put while either end's lock is
 *    held. Sending on an interdomain port needs only the sender's lock.
 */
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/event_2l.h>
#include <hv/event_table.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/panic.h>
#include <hv/sched.h>
#include <hv/spinlock.h>

BUILD_BUG_ON(MAX_VIRT_CPUS > UINT8_MAX + 1);
BUILD_BUG_ON(NR_VIRQS > UINT16_MAX + 1);
BUILD_BUG_ON(EVTCHN_MAX_PORTS > UINT16_MAX + 1);
BUILD_BUG_ON(EVTCHN_MAX_PORTS > EVTCHN_2L_NR_CHANNELS);

spinlock_t evtchn_link_lock = SPINLOCK_INIT;

/* ---- Small helpers; the caller holds d's event_lock. ---- */

/* vCPU id of d, or NULL if d has no such vCPU. No lock needed. */
static struct vcpu *vcpu_of(struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/*
 * Make port of d pending and tell vCPU v, which is d's. The caller holds
 * d's event_lock, or the lock of a domain linked to the port.
 */
static void evtchn_raise(struct domain *d, struct vcpu *v, evtchn_port_t port)
{
    enum evtchn_2l_raise r =
        evtchn_2l_set_pending(d->shared_info, v->vcpu_info, port);

    if (r == EVTCHN_2L_KICK)
        vcpu_wake(v);
    if (r != EVTCHN_2L_WAS_PENDING)
        evtchn_notify_pollers(d, port);
}

/* ---- Binding ops (current domain d). ---- */

static long evtchn_bind_virq(struct domain *d, struct evtchn_bind_virq *op)
{
    struct vcpu *v;
    unsigned long flags;
    long port;

    if (op->virq >= NR_VIRQS)
        return -EINVAL;
    if (!evtchn_virq_is_per_vcpu(op->virq) && op->vcpu != 0)
        return -EINVAL;
    v = vcpu_of(d, op->vcpu);
    if (!v)
        return -ENOENT;

    flags = spin_lock_irqsave(&d->event_lock);
    port = v->virq_to_evtchn[op->virq] ? -EEXIST : evtchn_get_free_port(d);
    if (port > 0) {
        *evtchn_port_entry(d, port) = (struct evtchn){
            .state = ECS_VIRQ, .notify_vcpu = op->vcpu, .u.virq = op->virq};
        v->virq_to_evtchn[op->virq] = port;
        op->port = port;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return port < 0 ? port : 0;
}

static long evtchn_bind_ipi(struct domain *d, struct evtchn_bind_ipi *op)
{
    unsigned long flags;
    long port;

    if (!vcpu_of(d, op->vcpu))
        return -ENOENT;

    flags = spin_lock_irqsave(&d->event_lock);
    port = evtchn_get_free_port(d);
    if (port > 0) {
        *evtchn_port_entry(d, port) =
            (struct evtchn){.state = ECS_IPI, .notify_vcpu = op->vcpu};
        op->port = port;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return port < 0 ? port : 0;
}

/*
 * The domain an op names: DOMID_SELF or the caller's own ID is the
 * caller, another ID that domain, or -ESRCH. Called with the link lock
 * held, which keeps the domain found from being freed.
 */
static long target_domain(struct domain *cur, domid_t id, struct domain **out)
{
    if (id == DOMID_SELF || id == cur->domain_id) {
        *out = cur;
        return 0;
    }
    *out = domain_by_id(id);
    return *out ? 0 : -ESRCH;
}

/* May cur act on d's ports? Only on its own, unless privileged. Each op
 * asks at the point where Xen 4.17 asks, so its errors come in Xen's
 * order. */
static bool may_act_on(const struct domain *cur, const struct domain *d)
{
    return cur == d || cur->is_privileged;
}

/* An unbound port of d offered to remote. As on Xen, the port is found
 * before the caller's right is checked, and remote need not exist. */
static long alloc_unbound_in(struct domain *cur, struct domain *d,
                             domid_t remote, evtchn_port_t *out)
{
    long port;

    spin_lock(&d->event_lock);
    port = evtchn_get_free_port(d);
    if (port > 0 && !may_act_on(cur, d))
        port = -EPERM;
    if (port > 0) {
        *evtchn_port_entry(d, port) =
            (struct evtchn){.state = ECS_UNBOUND, .u.remote_domid = remote};
        *out = port;
    }
    spin_unlock(&d->event_lock);
    return port < 0 ? port : 0;
}

static long evtchn_alloc_unbound(struct domain *cur,
                                 struct evtchn_alloc_unbound *op)
{
    domid_t remote =
        op->remote_dom == DOMID_SELF ? cur->domain_id : op->remote_dom;
    unsigned long flags = spin_lock_irqsave(&evtchn_link_lock);
    struct domain *d;
    long rc = target_domain(cur, op->dom, &d);

    if (rc == 0)
        rc = alloc_unbound_in(cur, d, remote, &op->port);
    spin_unlock_irqrestore(&evtchn_link_lock, flags);
    return rc;
}

/*
 * Link a new port of ld to op->remote_port of rd, which must be unbound
 * and offered to ld. The link lock and both event locks held.
 */
static long link_ports(struct domain *ld, struct domain *rd,
                       struct evtchn_bind_interdomain *op)
{
    struct evtchn *rchn = evtchn_port_entry(rd, op->remote_port);
    long lport = evtchn_get_free_port(ld);

    if (lport < 0)
        return lport;
    if (!rchn || rchn->state != ECS_UNBOUND ||
        rchn->u.remote_domid != ld->domain_id)
        return -EINVAL;

    *evtchn_port_entry(ld, lport) =
        (struct evtchn){.state = ECS_INTERDOMAIN,
                        .u.remote_port = op->remote_port,
                        .remote_dom = rd};
    rchn->state = ECS_INTERDOMAIN;
    rchn->u.remote_port = lport;
    rchn->remote_dom = ld;
    /* Sends on the unbound port were dropped: as Xen does, raise the new
     * port once, so the binder looks at whatever it may have missed. */
    evtchn_raise(ld, ld->vcpu[0], lport);
    op->local_port = lport;
    return 0;
}

static long evtchn_bind_interdomain(struct domain *ld,
                                    struct evtchn_bind_interdomain *op)
{
    domid_t rid = op->remote_dom == DOMID_SELF ? ld->domain_id : op->remote_dom;
    unsigned long flags = spin_lock_irqsave(&evtchn_link_lock);
    struct domain *rd = rid == ld->domain_id ? ld : domain_by_id(rid);
    long rc = -ESRCH;

    if (rd) {
        spin_lock_pair(&ld->event_lock, &rd->event_lock);
        rc = link_ports(ld, rd, op);
        spin_unlock_pair(&ld->event_lock, &rd->event_lock);
    }
    spin_unlock_irqrestore(&evtchn_link_lock, flags);
    return rc;
}

/* ---- Closing. ---- */

/*
 * The other end of chn's link goes back to unbound, offered to d again
 * (as on Xen, so d may link to it anew). The link lock and d's event
 * lock held, so taking the peer's too cannot deadlock (see the top).
 */
static void unlink_peer(struct domain *d, struct evtchn *chn)
{
    struct domain *rd = chn->remote_dom;
    struct evtchn *rchn = evtchn_port_entry(rd, chn->u.remote_port);

    if (rd != d)
        spin_lock(&rd->event_lock);
    rchn->state = ECS_UNBOUND;
    rchn->u.remote_domid = d->domain_id;
    rchn->remote_dom = NULL;
    if (rd != d)
        spin_unlock(&rd->event_lock);
}

/* Undo port's binding and free it. The link lock and d's event lock
 * held; port is in use. */
static void close_port(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = evtchn_port_entry(d, port);

    if (chn->state == ECS_INTERDOMAIN) {
        unlink_peer(d, chn);
    } else if (chn->state == ECS_VIRQ) {
        /* A per-vCPU VIRQ never moves, so its notify_vcpu is the vCPU
         * whose map names it; the others are in vCPU 0's map. */
        unsigned int virq = chn->u.virq;
        struct vcpu *v =
            d->vcpu[evtchn_virq_is_per_vcpu(virq) ? chn->notify_vcpu : 0];

        v->virq_to_evtchn[virq] = 0;
    }
    /* A stale pending bit would look like an event to the port's next
     * binding. The mask bit is the guest's and stays. */
    evtchn_2l_clear_pending(d->shared_info, port);
    *chn = (struct evtchn){.state = ECS_FREE};
}

static long evtchn_close(struct domain *d, const struct evtchn_close *op)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_link_lock);
    struct evtchn *chn;
    long rc = -EINVAL;

    spin_lock(&d->event_lock);
    chn = evtchn_port_entry(d, op->port);
    if (chn && evtchn_in_use(chn)) {
        close_port(d, op->port);
        rc = 0;
    }
    spin_unlock(&d->event_lock);
    spin_unlock_irqrestore(&evtchn_link_lock, flags);
    return rc;
}

/* ---- Sending, unmasking, status. ---- */

/* Raise the far end of chn's link. The sender's event_lock held, which
 * keeps the link, and so the peer, in place (see the top). */
static void raise_peer(const struct evtchn *chn)
{
    struct domain *rd = chn->remote_dom;
    evtchn_port_t rport = chn->u.remote_port;
    unsigned int vcpu = __atomic_load_n(
        &evtchn_port_entry(rd, rport)->notify_vcpu, __ATOMIC_RELAXED);

    evtchn_raise(rd, rd->vcpu[vcpu], rport);
}

static long evtchn_send(struct domain *d, const struct evtchn_send *op)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    const struct evtchn *chn = evtchn_port_entry(d, op->port);
    long rc = 0;

    switch (chn ? chn->state : ECS_FREE) {
    case ECS_INTERDOMAIN:
        raise_peer(chn);
        break;
    case ECS_IPI:
        evtchn_raise(d, d->vcpu[chn->notify_vcpu], op->port);
        break;
    case ECS_UNBOUND:
        break; /* nobody listens yet: dropped, as on Xen */
    default:
        rc = -EINVAL; /* free, reserved, or a VIRQ (only we raise it) */
        break;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

static long evtchn_unmask(struct domain *d, const struct evtchn_unmask *op)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    const struct evtchn *chn = evtchn_port_entry(d, op->port);
    long rc = -EINVAL;

    /* Any port of the table, bound or not: the mask is the guest's. */
    if (chn) {
        struct vcpu *v = d->vcpu[chn->notify_vcpu];

        if (evtchn_2l_unmask(d->shared_info, v->vcpu_info, op->port))
            vcpu_wake(v);
        rc = 0;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

/* Fill op's OUT fields from port op->port of d. d's event_lock held. */
static long fill_status(struct domain *d, struct evtchn_status *op)
{
    const struct evtchn *chn = evtchn_port_entry(d, op->port);

    if (!chn)
        return -EINVAL;
    memset(&op->u, 0, sizeof(op->u));
    op->vcpu = chn->notify_vcpu;
    switch (chn->state) {
    case ECS_UNBOUND:
        op->status = EVTCHNSTAT_unbound;
        op->u.unbound.dom = chn->u.remote_domid;
        break;
    case ECS_INTERDOMAIN:
        op->status = EVTCHNSTAT_interdomain;
        op->u.interdomain.dom = chn->remote_dom->domain_id;
        op->u.interdomain.port = chn->u.remote_port;
        break;
    case ECS_VIRQ:
        op->status = EVTCHNSTAT_virq;
        op->u.virq = chn->u.virq;
        break;
    case ECS_IPI:
        op->status = EVTCHNSTAT_ipi;
        break;
    default:
        op->status = EVTCHNSTAT_closed; /* free, or reserved port 0 */
        break;
    }
    return 0;
}

static long evtchn_status(struct domain *cur, struct evtchn_status *op)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_link_lock);
    struct domain *d;
    long rc = target_domain(cur, op->dom, &d);

    if (rc == 0) {
        spin_lock(&d->event_lock);
        rc = fill_status(d, op);
        if (rc == 0 && !may_act_on(cur, d))
            rc = -EPERM;
        spin_unlock(&d->event_lock);
    }
    spin_unlock_irqrestore(&evtchn_link_lock, flags);
    return rc;
}

/* May events of this port go to another vCPU? Per-vCPU VIRQs and IPIs
 * name their vCPU in what they are; free ports have nothing to move. */
static bool port_can_move(const struct evtchn *chn)
{
    switch (chn->state) {
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        return true;
    case ECS_VIRQ:
        return !evtchn_virq_is_per_vcpu(chn->u.virq);
    default:
        return false;
    }
}

static long evtchn_bind_vcpu(struct domain *d,
                             const struct evtchn_bind_vcpu *op)
{
    unsigned long flags;
    struct evtchn *chn;
    long rc = -EINVAL;

    if (!vcpu_of(d, op->vcpu))
        return -ENOENT;

    flags = spin_lock_irqsave(&d->event_lock);
    chn = evtchn_port_entry(d, op->port);
    if (chn && port_can_move(chn)) {
        __atomic_store_n(&chn->notify_vcpu, (uint8_t)op->vcpu,
                         __ATOMIC_RELAXED);
        rc = 0;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

/* ---- Reset, and the FIFO ABI's ops. ---- */

/* Close every port of d. The link lock and d's event lock held. */
static void close_all_ports(struct domain *d)
{
    for (evtchn_port_t port = 1; port < d->evtchn->valid; port++)
        if (evtchn_in_use(evtchn_port_entry(d, port)))
            close_port(d, port);
}

/*
 * Another domain's ports may be reset only while its controller has it
 * paused (pausedomain, or not yet unpaused since creation: the builder
 * or a resume does this with the domain stopped): -EINVAL otherwise, as
 * on Xen. Errors in Xen's order: -ESRCH, -EPERM, -EINVAL.
 */
static long evtchn_reset(struct domain *cur, const struct evtchn_reset *op)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_link_lock);
    struct domain *d;
    long rc = target_domain(cur, op->dom, &d);

    if (rc == 0 && !may_act_on(cur, d))
        rc = -EPERM;
    if (rc == 0 && d != cur &&
        __atomic_load_n(&d->controller_pause_count, __ATOMIC_RELAXED) == 0)
        rc = -EINVAL;
    if (rc == 0) {
        spin_lock(&d->event_lock);
        close_all_ports(d);
        spin_unlock(&d->event_lock);
    }
    spin_unlock_irqrestore(&evtchn_link_lock, flags);
    return rc;
}

/* The FIFO ABI is never in use here: Xen 4.17 answers expand_array so
 * while a domain has not switched to FIFO (measured). */
static long evtchn_expand_array(void)
{
    return -EOPNOTSUPP;
}

/* A 2-level Xen has no priorities: -ENOSYS for a valid port, -EINVAL
 * for any other (measured on Xen 4.17). */
static long evtchn_set_priority(struct domain *d,
                                const struct evtchn_set_priority *op)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    long rc = evtchn_port_entry(d, op->port) ? -ENOSYS : -EINVAL;

    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

/* ---- The hypercall: copy in, one evtchn_<op>(), copy out. ---- */

union evtchn_op_arg {
    struct evtchn_bind_interdomain bind_interdomain;
    struct evtchn_bind_virq bind_virq;
    struct evtchn_close close;
    struct evtchn_send send;
    struct evtchn_status status;
    struct evtchn_alloc_unbound alloc_unbound;
    struct evtchn_bind_ipi bind_ipi;
    struct evtchn_bind_vcpu bind_vcpu;
    struct evtchn_unmask unmask;
    struct evtchn_reset reset;
    struct evtchn_expand_array expand_array;
    struct evtchn_set_priority set_priority;
};

/* How much of the guest's argument each op reads, and whether it writes
 * results back. An op without an entry is not implemented (-ENOSYS):
 * bind_pirq (Parasol routes no physical IRQ to guests) and init_control,
 * as on a Xen without the FIFO ABI, so guests that probe for FIFO fall
 * back to 2-level. */
static const struct {
    size_t size;
    bool has_out;
} evtchn_op_args[] = {
    [EVTCHNOP_bind_interdomain] = {sizeof(struct evtchn_bind_interdomain),
                                   true},
    [EVTCHNOP_bind_virq] = {sizeof(struct evtchn_bind_virq), true},
    [EVTCHNOP_close] = {sizeof(struct evtchn_close), false},
    [EVTCHNOP_send] = {sizeof(struct evtchn_send), false},
    [EVTCHNOP_status] = {sizeof(struct evtchn_status), true},
    [EVTCHNOP_alloc_unbound] = {sizeof(struct evtchn_alloc_unbound), true},
    [EVTCHNOP_bind_ipi] = {sizeof(struct evtchn_bind_ipi), true},
    [EVTCHNOP_bind_vcpu] = {sizeof(struct evtchn_bind_vcpu), false},
    [EVTCHNOP_unmask] = {sizeof(struct evtchn_unmask), false},
    [EVTCHNOP_reset] = {sizeof(struct evtchn_reset), false},
    [EVTCHNOP_expand_array] = {sizeof(struct evtchn_expand_array), false},
    [EVTCHNOP_set_priority] = {sizeof(struct evtchn_set_priority), false},
};

static long evtchn_do_op(struct domain *d, unsigned int cmd,
                         union evtchn_op_arg *a)
{
    switch (cmd) {
    case EVTCHNOP_bind_interdomain:
        return evtchn_bind_interdomain(d, &a->bind_interdomain);
    case EVTCHNOP_bind_virq:
        return evtchn_bind_virq(d, &a->bind_virq);
    case EVTCHNOP_close:
        return evtchn_close(d, &a->close);
    case EVTCHNOP_send:
        return evtchn_send(d, &a->send);
    case EVTCHNOP_status:
        return evtchn_status(d, &a->status);
    case EVTCHNOP_alloc_unbound:
        return evtchn_alloc_unbound(d, &a->alloc_unbound);
    case EVTCHNOP_bind_ipi:
        return evtchn_bind_ipi(d, &a->bind_ipi);
    case EVTCHNOP_bind_vcpu:
        return evtchn_bind_vcpu(d, &a->bind_vcpu);
    case EVTCHNOP_unmask:
        return evtchn_unmask(d, &a->unmask);
    case EVTCHNOP_reset:
        return evtchn_reset(d, &a->reset);
    case EVTCHNOP_expand_array:
        return evtchn_expand_array();
    case EVTCHNOP_set_priority:
        return evtchn_set_priority(d, &a->set_priority);
    default:
        return -ENOSYS;
    }
}

/* The ABI's cmd is an int: only the low 32 bits of the register. arg's
 * type, and whether it is written back, depend on cmd. */
HYPERCALL_DEFINE(event_channel_op, unsigned int, cmd, guest_handle_void, hnd)
{
    guest_va_t arg = hnd.va;
    union evtchn_op_arg a;
    size_t size;
    long rc;

    if (cmd >= ARRAY_SIZE(evtchn_op_args) || !evtchn_op_args[cmd].size)
        return -ENOSYS;
    size = evtchn_op_args[cmd].size;
    if (copy_from_guest(&a, arg, size))
        return -EFAULT;
    rc = evtchn_do_op(current_domain(), cmd, &a);
    if (rc == 0 && evtchn_op_args[cmd].has_out && copy_to_guest(arg, &a, size))
        rc = -EFAULT;
    return rc;
}

/* ---- The hypervisor's side (hv/event.h). ---- */

/*
 * Break every link to d, then free d's table. d is dying: domain_by_id()
 * no longer finds it, so nothing links to it anew. d's own vCPUs are not
 * touched (their VIRQ maps go with them). Must run while they still
 * exist, though: until their links are broken, peers may raise events
 * on them.
 */
void evtchn_domain_destroy(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_link_lock);
    struct evtchn_table *t = d->evtchn;

    spin_lock(&d->event_lock);
    for (evtchn_port_t port = 1; port < t->valid; port++) {
        struct evtchn *chn = evtchn_port_entry(d, port);

        if (chn->state == ECS_INTERDOMAIN)
            unlink_peer(d, chn);
    }
    d->evtchn = NULL;
    spin_unlock(&d->event_lock);
    evtchn_table_list_del(t);
    spin_unlock_irqrestore(&evtchn_link_lock, flags);
    evtchn_table_free(t);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    struct domain *d = v->domain;
    unsigned long flags;
    evtchn_port_t port;

    ASSERT(virq < NR_VIRQS && evtchn_virq_is_per_vcpu(virq));
    flags = spin_lock_irqsave(&d->event_lock);
    port = v->virq_to_evtchn[virq];
    if (port && evtchn_port_entry(d, port))
        evtchn_raise(d, v, port);
    spin_unlock_irqrestore(&d->event_lock, flags);
}

/* Bound on vCPU 0's map; delivered to whichever vCPU the port notifies
 * (EVTCHNOP_bind_vcpu may have moved it). */
void send_guest_global_virq(struct domain *d, unsigned int virq)
{
    unsigned long flags;
    const struct evtchn *chn;
    evtchn_port_t port;

    ASSERT(virq < NR_VIRQS && !evtchn_virq_is_per_vcpu(virq));
    flags = spin_lock_irqsave(&d->event_lock);
    port = d->vcpu[0] ? d->vcpu[0]->virq_to_evtchn[virq] : 0;
    chn = port ? evtchn_port_entry(d, port) : NULL;
    if (chn)
        evtchn_raise(d, d->vcpu[chn->notify_vcpu], port);
    spin_unlock_irqrestore(&d->event_lock, flags);
}

bool vcpu_event_deliverable(const struct vcpu *v)
{
    return evtchn_2l_upcall_deliverable(v->vcpu_info);
}

int evtchn_port_poll(struct domain *d, evtchn_port_t port)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    int rc = -EINVAL;

    if (evtchn_port_entry(d, port))
        rc = evtchn_2l_is_pending(d->shared_info, port);
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

/* dom0 handles every global VIRQ (Xen's default handler domain; Parasol
 * has no XEN_DOMCTL_set_virq_handler). */
#define GLOBAL_VIRQ_DOMAIN 0

void send_global_virq(unsigned int virq)
{
    struct domain *d = domain_by_id(GLOBAL_VIRQ_DOMAIN);

    if (d)
        send_guest_global_virq(d, virq);
}

/*
 * Which ports a vCPU polls is not recorded (struct vcpu has only the
 * 'polling' flag), so every poller of d wakes and its guest looks again;
 * a spurious wake-up is allowed by SCHEDOP_poll. Reads 'polling' without
 * the scheduler's care: a poller sets it, then checks its ports, so one
 * of us sees the other (the pending bit is set with a full barrier).
 */
void evtchn_notify_pollers(struct domain *d, evtchn_port_t port)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (v && __atomic_load_n(&v->polling, __ATOMIC_SEQ_CST))
            vcpu_wake(v);
    }
}
