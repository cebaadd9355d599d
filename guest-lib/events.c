/*
 * Event channels (events.h): the callbacks, the per-port handlers the
 * upcall dispatches to, the event_channel_op helpers, and the vCPU's
 * upcall mask. The scan itself is in event_scan.c.
 */
#include <parasol/arch.h>
#include <parasol/console.h>
#include <parasol/events.h>
#include <parasol/hypercall.h>
#include <parasol/memory.h>
#include <parasol/shutdown.h>
#include <parasol/start.h>
#include <parasol/traps.h>

#define BITS_PER_WORD (8 * sizeof(xen_ulong_t))

/* Entry points in entry.S. */
void hypervisor_callback(void);
void failsafe_callback(void);

struct evtchn_slot {
    evtchn_handler_t handler;
    void *data;
};

/* Written by the guest with events masked or before they are bound. */
static struct evtchn_slot evtchn_slots[EVTCHN_NR_HANDLERS];
static struct evtchn_slot evtchn_default;

int evtchn_register(evtchn_port_t port, evtchn_handler_t handler, void *data)
{
    if (port >= EVTCHN_NR_HANDLERS)
        return -XEN_EINVAL;
    /* An upcall may come between the two stores: data goes first, and
     * the release store keeps the compiler from swapping them. */
    evtchn_slots[port].data = data;
    __atomic_store_n(&evtchn_slots[port].handler, handler, __ATOMIC_RELEASE);
    return 0;
}

void evtchn_set_default(evtchn_handler_t handler, void *data)
{
    evtchn_default.data = data;
    __atomic_store_n(&evtchn_default.handler, handler, __ATOMIC_RELEASE);
}

int evtchn_bind_virq(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq op = {.virq = virq, .vcpu = vcpu};
    int rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

    return rc < 0 ? rc : (int)op.port;
}

int evtchn_alloc_unbound(domid_t remote_dom)
{
    struct evtchn_alloc_unbound op = {.dom = DOMID_SELF,
                                      .remote_dom = remote_dom};
    int rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    return rc < 0 ? rc : (int)op.port;
}

int evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port)
{
    struct evtchn_bind_interdomain op = {.remote_dom = remote_dom,
                                         .remote_port = remote_port};
    int rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);

    return rc < 0 ? rc : (int)op.local_port;
}

int evtchn_send(evtchn_port_t port)
{
    struct evtchn_send op = {.port = port};

    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

int evtchn_close(evtchn_port_t port)
{
    struct evtchn_close op = {.port = port};

    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

void evtchn_mask(evtchn_port_t port)
{
    xen_ulong_t bit = (xen_ulong_t)1 << (port % BITS_PER_WORD);

    __atomic_fetch_or(&guest_shared_info->evtchn_mask[port / BITS_PER_WORD],
                      bit, __ATOMIC_SEQ_CST);
}

int evtchn_unmask(evtchn_port_t port)
{
    struct evtchn_unmask op = {.port = port};

    return HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

bool evtchn_is_pending(evtchn_port_t port)
{
    xen_ulong_t word = __atomic_load_n(
        &guest_shared_info->evtchn_pending[port / BITS_PER_WORD],
        __ATOMIC_ACQUIRE);

    return (word >> (port % BITS_PER_WORD)) & 1;
}

void evtchn_clear(evtchn_port_t port)
{
    xen_ulong_t bit = (xen_ulong_t)1 << (port % BITS_PER_WORD);

    __atomic_fetch_and(&guest_shared_info->evtchn_pending[port / BITS_PER_WORD],
                       ~bit, __ATOMIC_SEQ_CST);
}

void events_disable(void)
{
    guest_vcpu_info()->evtchn_upcall_mask = 1;
    barrier();
}

void events_enable(void)
{
    volatile vcpu_info_t *vcpu = guest_vcpu_info();

    barrier();
    vcpu->evtchn_upcall_mask = 0;
    barrier();
    /*
     * An event that arrived while we were masked left upcall_pending
     * set and was not delivered. Any hypercall delivers it on its way
     * back; xen_version is the cheapest, and Linux uses it too.
     */
    if (vcpu->evtchn_upcall_pending)
        HYPERVISOR_xen_version(XENVER_version, NULL);
}

bool events_save_disable(void)
{
    bool was_enabled = guest_vcpu_info()->evtchn_upcall_mask == 0;

    events_disable();
    return was_enabled;
}

void events_restore(bool was_enabled)
{
    if (was_enabled)
        events_enable();
    else
        events_disable();
}

int events_register_vcpu_info(vcpu_info_t *info)
{
    unsigned long va = (unsigned long)info;
    uint64_t pte = mm_lookup(va);
    struct vcpu_register_vcpu_info r = {
        .mfn = pte_mfn(pte),
        .offset = (uint32_t)(va & (PAGE_SIZE - 1)),
    };
    bool was_enabled;
    int rc;

    if (!(pte & PTE_PRESENT))
        return -XEN_EINVAL;
    /* Masked across the move: no upcall may scan the old copy after the
     * hypervisor has started to use the new one. */
    was_enabled = events_save_disable();
    rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, guest_vcpu_id(), &r);
    if (rc == 0)
        guest_vcpu_info_now = info;
    events_restore(was_enabled);
    return rc;
}

void wait_for_event(void)
{
    HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

/* An event on a port with no handler: say so once, then mask it. */
static void evtchn_unhandled(evtchn_port_t port)
{
    printf("guest: event on port %u, which has no handler: masked\n", port);
    evtchn_mask(port);
}

static void evtchn_dispatch(evtchn_port_t port, void *ctx)
{
    const struct evtchn_slot *slot = &evtchn_default;

    (void)ctx;
    if (port < EVTCHN_NR_HANDLERS && evtchn_slots[port].handler)
        slot = &evtchn_slots[port];
    if (slot->handler)
        slot->handler(port, slot->data);
    else
        evtchn_unhandled(port);
}

/* Called by entry.S with events masked. */
void events_upcall(struct guest_trap_frame *frame);
void events_upcall(struct guest_trap_frame *frame)
{
    (void)frame;
    evtchn_scan(guest_shared_info, guest_vcpu_info(), evtchn_dispatch, NULL);
}

/* Called by entry.S on the failsafe frame: rcx, r11, ds, es, fs, gs, rip,
 * cs, rflags, rsp, ss. */
#define FAILSAFE_SLOT_RIP 6
_Noreturn void events_failsafe(const uint64_t *frame);
_Noreturn void events_failsafe(const uint64_t *frame)
{
    panic("failsafe callback: cannot return to rip %#lx",
          frame[FAILSAFE_SLOT_RIP]);
}

/* Event callbacks mask events whatever the flags say; the failsafe
 * callback masks them only if asked. */
static int events_register_callback(uint16_t type, void (*entry)(void))
{
    struct callback_register cb = {
        .type = type,
        .flags = CALLBACKF_mask_events,
        .address = XEN_CALLBACK(entry),
    };

    return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

void events_init(void)
{
    int rc = events_register_callback(CALLBACKTYPE_event, hypervisor_callback);

    if (rc == 0)
        rc = events_register_callback(CALLBACKTYPE_failsafe, failsafe_callback);
    /* callback_op is the modern call; set_callbacks the one Mini-OS uses. */
    if (rc == -XEN_ENOSYS)
        rc = HYPERVISOR_set_callbacks(XEN_CALLBACK(hypervisor_callback),
                                      XEN_CALLBACK(failsafe_callback), 0);
    if (rc < 0)
        panic("cannot register the event callbacks: %d", rc);
}
