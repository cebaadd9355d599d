/*
 * test_vcpu: vcpu_op as Xen 4.17 answers it for a PV dom0 with one vCPU
 * (every value measured on Xen under the same QEMU):
 *
 * - vCPUs that do not exist (1, 7, 1000, 0xffffffff): -ENOENT whatever
 *   the op, known or not;
 * - vCPU 0: initialise (-EFAULT for NULL, -EEXIST), up, is_up,
 *   get_runstate_info, the periodic timer (the 10 ms one every vCPU
 *   starts with, bounds, ticks, stop, a due tick at once when set, no
 *   tick while blocked),
 *   stop_singleshot_timer, get_physid, send_nmi (delivered through the
 *   trap table's vector 2), ops 14-17 and 99 (-ENOSYS);
 * - the runstate and time memory areas: the errnos, and the copies
 *   written at once and kept up to date (after a block the runstate copy
 *   shows the time blocked, as get_runstate_info does, the clock copy the
 *   vcpu_info's);
 * - register_vcpu_info: the errnos, then the move, after which events
 *   (VIRQ_TIMER, waking a block and from a periodic timer) must
 *   still arrive: guest-lib once kept scanning the old copy in
 *   shared_info and livelocked.
 *
 * VCPUOP_down of the last vCPU powers the domain off on Xen (measured),
 * so it is not called here.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define PERIOD_NS NSEC_PER_MSEC
/* The periodic timer every vCPU starts with on Xen 4.17 (measured). */
#define DEFAULT_PERIOD_NS (10 * NSEC_PER_MSEC)
/* How far ahead the one-shot timer ends a block that 1 ms ticks must not
 * end first. */
#define LONG_BLOCK_NS (30 * NSEC_PER_MSEC)
/* How much earlier than the guest's clock says the one-shot timer may
 * end a block: the hypervisor's clock and the guest's extrapolation of
 * the PV clock differ by a little (Xen fired 32 us late or later in 200
 * tries, measured); a 1 ms tick would end a block well before. */
#define CLOCK_SLACK_NS (100 * NSEC_PER_USEC)
/* How long a busy TCG host may take to show a few 1 ms ticks. */
#define TICKS_BOUND_NS (1000 * NSEC_PER_MSEC)
#define TICKS_WANTED 3
/* How far ahead a tick is armed before blocking for it: far enough that
 * it is seldom due before the block starts. */
#define BLOCK_AHEAD_NS (10 * NSEC_PER_MSEC)
/* Blocks that may all find their tick due already on a busy host. */
#define BLOCK_TRIES 10
#define OP_UNKNOWN_A 16
#define OP_UNKNOWN_B 17
#define OP_UNKNOWN_C 99
/* The hypervisor's range: no guest area may lie there. */
#define HV_ADDRESS 0xffff800000001000UL
/* A page below the image that guest-lib leaves unmapped. */
#define UNMAPPED_ADDRESS 0x8UL

static const unsigned int missing_vcpus[] = {1, 7, 1000, 0xffffffff};
static const int all_ops[] = {
    VCPUOP_initialise,
    VCPUOP_up,
    VCPUOP_down,
    VCPUOP_is_up,
    VCPUOP_get_runstate_info,
    VCPUOP_register_runstate_memory_area,
    VCPUOP_set_periodic_timer,
    VCPUOP_stop_periodic_timer,
    VCPUOP_set_singleshot_timer,
    VCPUOP_stop_singleshot_timer,
    VCPUOP_register_vcpu_info,
    VCPUOP_send_nmi,
    VCPUOP_get_physid,
    VCPUOP_register_vcpu_time_memory_area,
    VCPUOP_register_runstate_phys_area,
    VCPUOP_register_vcpu_time_phys_area,
    OP_UNKNOWN_A,
    OP_UNKNOWN_C,
    -1,
};

static volatile unsigned int ticks, nmis;
static vcpu_guest_context_t context;
static struct vcpu_runstate_info runstate_copy __attribute__((aligned(64)));
static vcpu_time_info_t time_copy __attribute__((aligned(64)));
/* The page our vcpu_info moves to, at an offset other than 0. */
static uint8_t vcpu_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
#define VCPU_INFO_OFFSET 128

static int op0(int cmd, void *arg)
{
    return HYPERVISOR_vcpu_op(cmd, 0, arg);
}

static void on_tick(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
    ticks++;
}

static bool on_nmi(struct guest_trap_frame *frame)
{
    (void)frame;
    nmis++;
    return true;
}

static void check_missing_vcpus(void)
{
    unsigned int bad = 0;

    for (size_t i = 0; i < sizeof(missing_vcpus) / sizeof(*missing_vcpus); i++)
        for (size_t j = 0; j < sizeof(all_ops) / sizeof(*all_ops); j++)
            if (HYPERVISOR_vcpu_op(all_ops[j], missing_vcpus[i], NULL) !=
                -XEN_ENOENT) {
                printf("       op %d on vCPU %#x: %d\n", all_ops[j],
                       missing_vcpus[i],
                       HYPERVISOR_vcpu_op(all_ops[j], missing_vcpus[i], NULL));
                bad++;
            }
    check_hex(bad, 0, "vCPUs 1, 7, 1000, ~0: -ENOENT for every op");
}

static void check_vcpu0_basics(void)
{
    struct vcpu_runstate_info rs;
    struct vcpu_get_physid id = {.phys_id = ~0UL};
    int rc;

    check_rc(op0(VCPUOP_initialise, NULL), -XEN_EFAULT,
             "initialise, NULL: -EFAULT");
    check_rc(op0(VCPUOP_initialise, &context), -XEN_EEXIST,
             "initialise vCPU 0: -EEXIST");
    check_rc(op0(VCPUOP_up, NULL), 0, "up vCPU 0 (up already): 0");
    check_rc(op0(VCPUOP_is_up, NULL), 1, "is_up vCPU 0: 1");
    check_rc(op0(VCPUOP_get_runstate_info, NULL), -XEN_EFAULT,
             "get_runstate_info, NULL: -EFAULT");
    rc = op0(VCPUOP_get_runstate_info, &rs);
    check_rc(rc, 0, "get_runstate_info");
    check_hex((uint64_t)rs.state, RUNSTATE_running, "  ... running");
    check_rc(op0(VCPUOP_stop_singleshot_timer, NULL), 0,
             "stop_singleshot_timer: 0");
    check_rc(op0(VCPUOP_get_physid, NULL), -XEN_EFAULT,
             "get_physid, NULL: -EFAULT");
    rc = op0(VCPUOP_get_physid, &id);
    check_rc(rc, 0, "get_physid");
    check_hex(id.phys_id, 0, "  ... the boot CPU: APIC ID 0, ACPI ID 0");
    check_rc(op0(VCPUOP_register_runstate_phys_area, NULL), -XEN_ENOSYS,
             "op 14 (4.18's runstate_phys_area): -ENOSYS");
    check_rc(op0(VCPUOP_register_vcpu_time_phys_area, NULL), -XEN_ENOSYS,
             "op 15: -ENOSYS");
    check_rc(op0(OP_UNKNOWN_A, NULL), -XEN_ENOSYS, "op 16: -ENOSYS");
    check_rc(op0(OP_UNKNOWN_B, NULL), -XEN_ENOSYS, "op 17: -ENOSYS");
    check_rc(op0(OP_UNKNOWN_C, NULL), -XEN_ENOSYS, "op 99: -ENOSYS");
}

static void check_nmi(void)
{
    struct vcpu_get_physid arg;

    check_rc(trap_register(X86_EXC_NMI, on_nmi), 0, "NMI handler");
    check_rc(op0(VCPUOP_send_nmi, &arg), -XEN_EINVAL,
             "send_nmi with an argument: -EINVAL");
    check_hex(nmis, 0, "  ... and no NMI");
    check_rc(op0(VCPUOP_send_nmi, NULL), 0, "send_nmi to ourselves");
    check_hex(nmis, 1, "  ... taken through vector 2 on the way back");
    check_rc(op0(VCPUOP_send_nmi, NULL), 0, "send_nmi again");
    check_hex(nmis, 2, "  ... taken again once the first returned");
}

static int periodic(uint64_t period)
{
    struct vcpu_set_periodic_timer t = {.period_ns = period};

    return op0(VCPUOP_set_periodic_timer, &t);
}

/* Waits with events enabled for TICKS_WANTED ticks of VIRQ_TIMER. */
static bool ticks_arrive(void)
{
    unsigned int start = ticks;
    uint64_t t0 = time_now_ns();

    events_enable();
    while (ticks - start < TICKS_WANTED && time_now_ns() - t0 < TICKS_BOUND_NS)
        cpu_relax();
    events_disable();
    return ticks - start >= TICKS_WANTED;
}

/* Arms the one-shot timer BLOCK_AHEAD_NS ahead and blocks (SCHEDOP_block
 * unmasks events) until its tick was handled. Events are masked whenever
 * the count is read: a tick handled between that read and the block
 * would leave the block nothing to wake it. */
static bool blocked_until_tick(void)
{
    unsigned int start = ticks;
    uint64_t t0 = time_now_ns();
    struct vcpu_set_singleshot_timer t = {.timeout_abs_ns =
                                              t0 + BLOCK_AHEAD_NS};

    events_disable();
    if (op0(VCPUOP_set_singleshot_timer, &t) != 0)
        return false;
    while (ticks == start && time_now_ns() - t0 < TICKS_BOUND_NS) {
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        events_disable();
    }
    return ticks != start;
}

static uint64_t time_blocked(void)
{
    struct vcpu_runstate_info rs;

    if (op0(VCPUOP_get_runstate_info, &rs) != 0)
        return 0;
    return rs.time[RUNSTATE_blocked];
}

/*
 * Blocks until a tick, again while no block really blocked (the vCPU's
 * time blocked, as get_runstate_info counts it, did not grow): a busy
 * host may run past the deadline before SCHEDOP_block, which then finds
 * the tick pending and returns at once. Returns whether one did block.
 */
static bool really_blocked_until_tick(void)
{
    uint64_t before = time_blocked();

    for (int i = 0; i < BLOCK_TRIES; i++)
        if (blocked_until_tick() && time_blocked() > before)
            return true;
    return false;
}

/* Before any VCPUOP_set_periodic_timer: ticks of the default timer; the
 * three intervals after the first last at least a period (a 1 ms timer
 * would fit them in 3 ms; delivery on a busy host may bunch ticks). */
static void check_default_periodic(void)
{
    unsigned int start = ticks;
    uint64_t t0 = time_now_ns(), first = 0;

    events_enable();
    while (ticks - start < TICKS_WANTED + 1 &&
           time_now_ns() - t0 < TICKS_BOUND_NS)
        if (!first && ticks != start)
            first = time_now_ns();
    events_disable();
    check_true(ticks - start >= TICKS_WANTED + 1,
               "a periodic timer ticks from the start");
    check_true(time_now_ns() - first >= DEFAULT_PERIOD_NS,
               "  ... not faster than every 10 ms");
}

/*
 * Blocks until deadline with 1 ms ticks due meanwhile: only the one-shot
 * timer at deadline may end a block that blocked (the periodic timer
 * ticks only while the vCPU runs). Returns how many such blocks ended
 * early; blocks that found a tick pending did not block and do not count.
 */
static unsigned int blocks_ended_early(uint64_t deadline)
{
    unsigned int early = 0;

    while (time_now_ns() < deadline) {
        uint64_t before = time_blocked();

        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        events_disable();
        if (time_blocked() > before &&
            time_now_ns() + CLOCK_SLACK_NS < deadline)
            early++;
    }
    return early;
}

/* The periodic timer as Xen's: a tick due when it is set comes at once,
 * and it does not tick while the vCPU is blocked. */
static void check_periodic_resume(evtchn_port_t port)
{
    uint64_t t0 = time_now_ns();
    struct vcpu_set_singleshot_timer t;

    while (time_now_ns() - t0 < 2 * DEFAULT_PERIOD_NS)
        cpu_relax();
    evtchn_clear(port);
    check_rc(periodic(DEFAULT_PERIOD_NS), 0,
             "periodic timer, 10 ms, set 20 ms after the last tick");
    check_true(evtchn_is_pending(port), "  ... ticked at once");
    check_rc(periodic(PERIOD_NS), 0, "periodic timer, 1 ms");
    t = (struct vcpu_set_singleshot_timer){.timeout_abs_ns =
                                               time_now_ns() + LONG_BLOCK_NS};
    check_rc(op0(VCPUOP_set_singleshot_timer, &t), 0,
             "  ... and a one-shot timer 30 ms ahead");
    check_hex(blocks_ended_early(t.timeout_abs_ns), 0,
              "  ... blocks until then ended by neither tick");
    check_rc(op0(VCPUOP_stop_periodic_timer, NULL), 0, "stop_periodic_timer");
    evtchn_clear(port);
}

static void check_periodic(evtchn_port_t port)
{
    check_rc(periodic(0), -XEN_EINVAL, "periodic timer, 0 ns: -EINVAL");
    check_rc(periodic(PERIOD_NS - 1), -XEN_EINVAL,
             "periodic timer, 999999 ns: -EINVAL");
    check_rc(op0(VCPUOP_set_periodic_timer, NULL), -XEN_EFAULT,
             "periodic timer, NULL: -EFAULT");
    check_rc(periodic(PERIOD_NS), 0, "periodic timer, 1 ms");
    check_true(ticks_arrive(), "  ... ticks arrive");
    check_rc(op0(VCPUOP_stop_periodic_timer, NULL), 0, "stop_periodic_timer");
    evtchn_clear(port);
}

static int register_area(int cmd, unsigned long va)
{
    struct vcpu_register_runstate_memory_area a = {.addr.p = va};

    return op0(cmd, &a);
}

static void check_area_errors(int cmd, const char *name, unsigned long good)
{
    printf("       %s:\n", name);
    check_rc(op0(cmd, NULL), -XEN_EFAULT, "  NULL argument: -EFAULT");
    check_rc(register_area(cmd, HV_ADDRESS), -XEN_EFAULT,
             "  an address of the hypervisor's: -EFAULT");
    check_rc(register_area(cmd, UNMAPPED_ADDRESS), 0,
             "  an unmapped address: accepted");
    check_rc(register_area(cmd, good + 1), 0, "  misaligned: accepted");
    check_rc(register_area(cmd, 0), 0, "  0 (none): accepted");
    check_rc(HYPERVISOR_vcpu_op(cmd, 1, NULL), -XEN_ENOENT,
             "  vCPU 1: -ENOENT");
}

static void check_runstate_area(void)
{
    uint64_t entry;

    check_area_errors(VCPUOP_register_runstate_memory_area, "runstate area",
                      (unsigned long)&runstate_copy);
    memset(&runstate_copy, 0xff, sizeof(runstate_copy));
    check_rc(register_area(VCPUOP_register_runstate_memory_area,
                           (unsigned long)&runstate_copy),
             0, "runstate area registered");
    entry = ((volatile struct vcpu_runstate_info *)&runstate_copy)
                ->state_entry_time &
            ~XEN_RUNSTATE_UPDATE;
    check_hex((uint64_t)runstate_copy.state, RUNSTATE_running,
              "  ... written at once: running");
    check_true(entry > 0 && entry <= time_now_ns(),
               "  ... entered at a time since boot");
}

/* The copy, read under its version, equals the vcpu_info's record. */
static bool time_copy_matches(void)
{
    volatile vcpu_time_info_t *copy = &time_copy;
    volatile vcpu_time_info_t *own = &guest_vcpu_info()->time;
    uint32_t version;
    bool same;

    do {
        version = copy->version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        same = copy->system_time == own->system_time &&
               copy->tsc_timestamp == own->tsc_timestamp &&
               copy->tsc_to_system_mul == own->tsc_to_system_mul &&
               copy->tsc_shift == own->tsc_shift;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1) || version != copy->version);
    return same;
}

static void check_time_area(void)
{
    check_area_errors(VCPUOP_register_vcpu_time_memory_area, "time area",
                      (unsigned long)&time_copy);
    memset(&time_copy, 0xff, sizeof(time_copy));
    check_rc(register_area(VCPUOP_register_vcpu_time_memory_area,
                           (unsigned long)&time_copy),
             0, "time area registered");
    check_hex(time_copy.version, guest_vcpu_info()->time.version,
              "  ... written at once, the vcpu_info's version");
    check_true(time_copy_matches(), "  ... the vcpu_info's PV clock");
}

/*
 * After a block: the copies as the hypervisor keeps them. The runstate
 * copy must show the block ended (running, entered after it, the time
 * blocked grown) and agree with get_runstate_info on the entry time and
 * the time blocked (only the time running, still counting, may differ).
 */
static void check_areas_after_block(void)
{
    volatile struct vcpu_runstate_info *rs = &runstate_copy;
    uint64_t entry0 = rs->state_entry_time & ~XEN_RUNSTATE_UPDATE;
    uint64_t blocked0 = rs->time[RUNSTATE_blocked];
    uint32_t version0 = time_copy.version;
    bool blocked = really_blocked_until_tick();
    struct vcpu_runstate_info info;
    uint64_t entry = rs->state_entry_time & ~XEN_RUNSTATE_UPDATE;

    printf("       runstate: entry %lu -> %lu, blocked %lu -> %lu; time "
           "version %u -> %u\n",
           entry0, entry, blocked0, rs->time[RUNSTATE_blocked], version0,
           time_copy.version);
    check_true(blocked, "blocked until a tick (a block that blocked)");
    check_hex((uint64_t)rs->state, RUNSTATE_running,
              "  ... the runstate copy says running again");
    check_true(entry > entry0, "  ... entered after the block");
    check_true(rs->time[RUNSTATE_blocked] > blocked0,
               "  ... with the time blocked counted");
    check_rc(op0(VCPUOP_get_runstate_info, &info), 0, "get_runstate_info");
    check_hex(entry, info.state_entry_time,
              "  ... the copy's entry time is the vCPU's");
    check_hex(rs->time[RUNSTATE_blocked], info.time[RUNSTATE_blocked],
              "  ... and so is its time blocked");
    check_true(time_copy_matches(), "  ... the time copy still the clock's");
}

/* register_vcpu_info at offset in vcpu_info_page, by hand. */
static int register_info(unsigned int offset)
{
    struct vcpu_register_vcpu_info r = {
        .mfn = pte_mfn(mm_lookup((unsigned long)vcpu_info_page)),
        .offset = offset,
    };

    return op0(VCPUOP_register_vcpu_info, &r);
}

static void check_register_vcpu_info(evtchn_port_t port)
{
    struct vcpu_register_vcpu_info bad = {.mfn = 0xfffffffffUL};
    struct vcpu_register_vcpu_info both_bad = {.mfn = 0xfffffffffUL,
                                               .offset = PAGE_SIZE};

    check_rc(op0(VCPUOP_register_vcpu_info, NULL), -XEN_EFAULT,
             "register_vcpu_info, NULL: -EFAULT");
    check_rc(op0(VCPUOP_register_vcpu_info, &bad), -XEN_EINVAL,
             "register_vcpu_info, no such frame: -EINVAL");
    check_rc(op0(VCPUOP_register_vcpu_info, &both_bad), -XEN_ENXIO,
             "  ... and a bad offset too: -ENXIO (the offset first)");
    check_rc(register_info(PAGE_SIZE - sizeof(vcpu_info_t) + 8), -XEN_ENXIO,
             "register_vcpu_info past the page end: -ENXIO");
    check_rc(register_info(VCPU_INFO_OFFSET + 4), -XEN_ENXIO,
             "register_vcpu_info at a misaligned offset: -ENXIO");
    check_rc(events_register_vcpu_info(
                 (vcpu_info_t *)(vcpu_info_page + VCPU_INFO_OFFSET)),
             0, "vcpu_info moved to a page of ours");
    check_true(guest_vcpu_info() ==
                   (vcpu_info_t *)(vcpu_info_page + VCPU_INFO_OFFSET),
               "  ... and guest-lib uses it");
    check_rc(register_info(VCPU_INFO_OFFSET), -XEN_EINVAL,
             "register_vcpu_info a second time: -EINVAL");
    check_true(blocked_until_tick(), "a one-shot timer wakes us from a block");
    check_rc(periodic(PERIOD_NS), 0, "periodic timer after the move");
    check_true(ticks_arrive(), "  ... its ticks arrive through the upcall");
    check_rc(op0(VCPUOP_stop_periodic_timer, NULL), 0, "stop_periodic_timer");
    evtchn_clear(port);
}

int main(void)
{
    int port;

    verdict_title("test_vcpu", "vcpu_op for vCPU 0 and missing vCPUs");
    check_missing_vcpus();
    check_vcpu0_basics();
    check_nmi();
    port = evtchn_bind_virq(VIRQ_TIMER, guest_vcpu_id());
    if (!check_true(port > 0, "bind VIRQ_TIMER"))
        verdict_end();
    check_rc(evtchn_register((evtchn_port_t)port, on_tick, NULL), 0,
             "handler registered");
    check_rc(evtchn_unmask((evtchn_port_t)port), 0, "port unmasked");
    check_default_periodic();
    check_periodic((evtchn_port_t)port);
    check_periodic_resume((evtchn_port_t)port);
    check_runstate_area();
    check_time_area();
    check_areas_after_block();
    check_register_vcpu_info((evtchn_port_t)port);
    verdict_end();
}
