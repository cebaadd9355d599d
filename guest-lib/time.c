/*
 * Time (time.h): the PV clock read with this CPU's TSC, the wall clock,
 * and sleep_ns() on the vCPU's one-shot timer, whose expiry arrives as
 * an event on the port bound to VIRQ_TIMER.
 */
#include <parasol/arch.h>
#include <parasol/events.h>
#include <parasol/hypercall.h>
#include <parasol/start.h>
#include <parasol/time.h>

/* VIRQ_TIMER's port; 0 (never a valid port) until the first sleep. */
static evtchn_port_t time_timer_port;

uint64_t time_now_ns(void)
{
    return pvclock_read_ns(&guest_vcpu_info()->time, rdtsc_ordered);
}

void time_wallclock(struct pvclock_wallclock *now)
{
    struct pvclock_wallclock base;

    pvclock_read_wallclock(guest_shared_info, &base);
    pvclock_wallclock_add(&base, time_now_ns(), now);
}

/* The timer's event only has to wake the vCPU: sleep_ns reads the clock. */
static void time_timer_event(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
}

static int time_bind_timer(void)
{
    int port, rc;

    if (time_timer_port)
        return 0;
    port = evtchn_bind_virq(VIRQ_TIMER, guest_vcpu_id());
    if (port < 0)
        return port;
    rc = evtchn_register((evtchn_port_t)port, time_timer_event, NULL);
    if (rc == 0)
        rc = evtchn_unmask((evtchn_port_t)port);
    if (rc < 0) {
        evtchn_close((evtchn_port_t)port);
        return rc;
    }
    time_timer_port = (evtchn_port_t)port;
    return 0;
}

/* Arms the one-shot timer; a deadline already past fires at once. No
 * flags: Xen 4.17 ignores VCPU_SSHOTTMR_future (no -ETIME any more). */
static int time_arm(uint64_t deadline)
{
    struct vcpu_set_singleshot_timer timer = {
        .timeout_abs_ns = deadline,
    };
    int rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, guest_vcpu_id(),
                                &timer);

    /* set_timer_op is the older call: it fires at once when late. */
    if (rc == -XEN_ENOSYS)
        rc = HYPERVISOR_set_timer_op(deadline);
    return rc;
}

int sleep_ns(uint64_t ns)
{
    uint64_t now = time_now_ns();
    uint64_t deadline = ns < UINT64_MAX - now ? now + ns : UINT64_MAX;
    bool was_enabled;
    int rc = time_bind_timer();

    if (rc < 0)
        return rc;
    was_enabled = events_save_disable();
    /*
     * Any event wakes us, not only the timer's: loop until it is time.
     * SCHEDOP_block unmasks events, so they are masked again before the
     * clock is read: a timer event handled between that read and the next
     * block would leave the block nothing to wake it.
     */
    while (time_now_ns() < deadline) {
        rc = time_arm(deadline);
        if (rc < 0)
            break;
        wait_for_event();
        events_disable();
    }
    events_restore(was_enabled);
    return rc;
}
