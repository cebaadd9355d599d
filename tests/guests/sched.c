/*
 * test_sched: a vCPU that spins forever does not starve one that
 * sleeps. dom0 runs with two vCPUs (dom0_max_vcpus=2 on both
 * hypervisors) on one physical CPU: vCPU 1, started with
 * VCPUOP_initialise and VCPUOP_up, spins with events masked and never
 * yields; vCPU 0 sleeps on its one-shot timer again and again and must
 * wake roughly on time every time, which only a preemptive scheduler
 * gives it. Its runstate area then shows time spent runnable (waiting
 * for the spinner to be preempted) as well as blocked, and vCPU 1's
 * runstate shows it ran.
 *
 * Only what both Xen 4.17 (credit2 by default) and Parasol (credit)
 * promise is asserted: the bounds on lateness are far above either's
 * (measured: see docs/abi.md) and far below a starved vCPU's.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define SPINNER 1
#define SLEEPS 20
#define SLEEP_NS (5 * NSEC_PER_MSEC)
/* How late one wake may be: a scheduler that let the spinner run out a
 * 30 ms slice each time would still pass one wake, not all of them; one
 * that never preempted it would never wake us at all. */
#define LATE_MAX_NS (200 * NSEC_PER_MSEC)
#define LATE_AVG_MAX_NS (20 * NSEC_PER_MSEC)
#define SPINNER_STACK_SIZE 4096

static volatile uint64_t spins;
static volatile unsigned int ticks;
static uint8_t spinner_stack[SPINNER_STACK_SIZE] __attribute__((aligned(16)));
static vcpu_guest_context_t context;
static struct vcpu_runstate_info runstate_copy __attribute__((aligned(64)));

/* vCPU 1's whole life. */
static _Noreturn void spin(void)
{
    for (;;)
        spins++;
}

static void on_tick(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
    ticks++;
}

#define NON_CANONICAL 0x800000000000UL

static int initialise_with(void (*spoil)(vcpu_guest_context_t *c))
{
    static vcpu_guest_context_t bad;

    bad = context;
    spoil(&bad);
    return HYPERVISOR_vcpu_op(VCPUOP_initialise, SPINNER, &bad);
}

static void rip_not_canonical(vcpu_guest_context_t *c)
{
    c->user_regs.rip = NON_CANONICAL;
}

static void fs_base_not_canonical(vcpu_guest_context_t *c)
{
    c->fs_base = NON_CANONICAL;
}

static void trap_not_canonical(vcpu_guest_context_t *c)
{
    c->trap_ctxt[3].address = NON_CANONICAL;
}

static void cr3_not_ours(vcpu_guest_context_t *c)
{
    c->ctrlreg[3] = 0;
}

static void cr3_not_a_table(vcpu_guest_context_t *c)
{
    c->ctrlreg[3] = virt_to_mfn(spinner_stack) << PAGE_SHIFT;
}

static void user_mode_without_root(vcpu_guest_context_t *c)
{
    c->flags = 0;
}

static void ldt_too_long(vcpu_guest_context_t *c)
{
    c->ldt_ents = 8193;
}

static void gdt_too_long(vcpu_guest_context_t *c)
{
    c->gdt_ents = 14 * 512 + 1;
}

/* Each refused, and the vCPU stays uninitialised (up: -EINVAL). */
static void check_bad_contexts(void)
{
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_initialise, SPINNER, NULL), -XEN_EFAULT,
             "initialise, NULL: -EFAULT");
    check_rc(initialise_with(rip_not_canonical), -XEN_EINVAL,
             "  rip not canonical: -EINVAL");
    check_rc(initialise_with(fs_base_not_canonical), -XEN_EINVAL,
             "  fs_base not canonical: -EINVAL");
    check_rc(initialise_with(trap_not_canonical), -XEN_EINVAL,
             "  a trap handler not canonical: -EINVAL");
    check_rc(initialise_with(cr3_not_ours), -XEN_EINVAL,
             "  CR3 of a frame not ours: -EINVAL");
    check_rc(initialise_with(cr3_not_a_table), -XEN_EINVAL,
             "  CR3 of a data page: -EINVAL");
    check_rc(initialise_with(user_mode_without_root), -XEN_EINVAL,
             "  user mode without a user root: -EINVAL");
    check_rc(initialise_with(ldt_too_long), -XEN_EINVAL,
             "  8193 LDT entries: -EINVAL");
    check_rc(initialise_with(gdt_too_long), -XEN_EINVAL,
             "  7169 GDT entries: -EINVAL");
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_up, SPINNER, NULL), -XEN_EINVAL,
             "  ... still not initialised: up -EINVAL");
}

/* vCPU 1 starts in kernel mode at spin(), on its own stack, with our
 * page tables, its events masked (its vcpu_info starts that way). */
static void start_spinner(void)
{
    uint64_t l4_mfn = virt_to_mfn((const void *)guest_start_info->pt_base);

    context.flags = VGCF_in_kernel;
    context.user_regs.rip = (unsigned long)spin;
    context.user_regs.rsp =
        (unsigned long)(spinner_stack + SPINNER_STACK_SIZE - 8);
    context.user_regs.cs = FLAT_KERNEL_CS;
    context.user_regs.ss = FLAT_KERNEL_SS;
    context.user_regs.rflags = 0x2;
    context.kernel_ss = FLAT_KERNEL_SS;
    context.kernel_sp = context.user_regs.rsp;
    context.ctrlreg[3] = l4_mfn << PAGE_SHIFT;
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_is_up, SPINNER, NULL), 0,
             "vCPU 1 exists and is down");
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_up, SPINNER, NULL), -XEN_EINVAL,
             "up before initialise: -EINVAL");
    check_bad_contexts();
    /* With VGCF_online the context marks the vCPU up (Xen's
     * arch_set_info_guest), but nothing starts it: down, then up. */
    context.flags |= VGCF_online;
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_initialise, SPINNER, &context), 0,
             "initialise vCPU 1, VGCF_online");
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_initialise, SPINNER, &context),
             -XEN_EEXIST, "  ... again: -EEXIST");
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_is_up, SPINNER, NULL), 1,
             "  ... marked up");
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_down, SPINNER, NULL), 0, "down vCPU 1");
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_is_up, SPINNER, NULL), 0,
             "  ... is down");
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_up, SPINNER, NULL), 0, "up vCPU 1");
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_is_up, SPINNER, NULL), 1, "  ... is up");
}

/* Sleep until the one-shot timer SLEEP_NS ahead; returns how late we
 * woke (0 if the block did not end on the tick in time). */
static uint64_t sleep_once(void)
{
    unsigned int start = ticks;
    uint64_t deadline = time_now_ns() + SLEEP_NS;
    struct vcpu_set_singleshot_timer t = {.timeout_abs_ns = deadline};

    events_disable();
    if (HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t) != 0)
        return UINT64_MAX;
    while (ticks == start) {
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        events_disable();
    }
    return time_now_ns() > deadline ? time_now_ns() - deadline : 0;
}

static void check_sleeps(void)
{
    uint64_t late, worst = 0, total = 0, spins_before = spins;

    for (int i = 0; i < SLEEPS; i++) {
        late = sleep_once();
        total += late;
        if (late > worst)
            worst = late;
    }
    printf("       latest wake %lu us, average %lu us\n",
           (unsigned long)(worst / 1000),
           (unsigned long)(total / SLEEPS / 1000));
    check_range(worst, 0, LATE_MAX_NS, "vCPU 0 woke on time every time");
    check_range(total / SLEEPS, 0, LATE_AVG_MAX_NS, "  ... on average");
    check_true(spins != spins_before, "vCPU 1 spun meanwhile");
}

static void check_runstates(void)
{
    volatile struct vcpu_runstate_info *rs = &runstate_copy;
    struct vcpu_runstate_info spinner;

    check_true(rs->time[RUNSTATE_blocked] >= SLEEPS * SLEEP_NS / 2,
               "vCPU 0's runstate area: time blocked");
    check_true(rs->time[RUNSTATE_runnable] > 0,
               "  ... and time runnable, behind the spinner");
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, SPINNER, &spinner), 0,
             "vCPU 1's runstate");
    check_true(spinner.state == RUNSTATE_runnable,
               "  ... runnable while we run");
    check_true(spinner.time[RUNSTATE_running] >= SLEEPS * SLEEP_NS / 2,
               "  ... it ran while we slept");
}

int main(void)
{
    struct vcpu_register_runstate_memory_area area;
    int port;

    area.addr.p = (uint64_t)(unsigned long)&runstate_copy;

    verdict_title("test_sched", "a spinning vCPU does not starve another");
    check_rc(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area),
             0, "vCPU 0's runstate area registered");
    port = evtchn_bind_virq(VIRQ_TIMER, guest_vcpu_id());
    if (!check_true(port > 0, "bind VIRQ_TIMER"))
        verdict_end();
    check_rc(evtchn_register((evtchn_port_t)port, on_tick, NULL), 0,
             "handler registered");
    check_rc(evtchn_unmask((evtchn_port_t)port), 0, "port unmasked");
    start_spinner();
    if (verdict_failures() == 0)
        check_sleeps();
    if (verdict_failures() == 0)
        check_runstates();
    verdict_end();
}
