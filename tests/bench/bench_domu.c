/*
 * bench_domu: the minimal domU of the bench's domain figures
 * (tests/bench/domains.c builds it from dom0's ramdisk). Its command
 * line picks what it does:
 *
 *   "boot port=P"
 *            reports when it started: the TSC at its very first
 *            instruction (bench_domu_entry.S, which the build makes
 *            the ELF entry point) and the PV clock just after its first
 *            console line was written, both as PV system time in ns;
 *            then sends an event on its port P (allocated by dom0,
 *            offered to dom0) and powers off;
 *   "yield"  counts in a loop, yielding the CPU (SCHEDOP_yield) on each
 *            turn, until it is destroyed.
 *
 * It reports through its own shared_info, which dom0 maps (the frame
 * getdomaininfo names): three of the words arch_shared_info keeps for a
 * guest to describe its p2m to a toolstack that saves it. Neither Xen
 * nor Parasol reads them, and nothing saves this domain, so they carry
 * the bench's figures instead (BENCH_DOMU_* below, read by dom0 at the
 * same offsets). Writing them works the same on Xen 4.17, where a
 * domU's console output is not shown to dom0 at all.
 */
#include <parasol/guest.h>

/* The mailbox words (dom0 reads them by the same names). */
#define BENCH_DOMU_ENTRY_NS arch.p2m_cr3
#define BENCH_DOMU_CONSOLE_NS arch.p2m_vaddr
#define BENCH_DOMU_YIELDS arch.p2m_generation

/* "boot port=P": P in decimal, below BOOT_PORT_LIMIT. */
#define BOOT_PORT_PREFIX "boot port="
#define BOOT_PORT_LIMIT 100000

/* The TSC at our first instruction (bench_domu_entry.S). In .data, not
 * .bss: head.S's _start clears .bss after the entry wrote it. */
uint64_t bench_domu_entry_tsc __attribute__((section(".data")));

/* A consistent copy of our PV clock's parameters. */
static void time_snapshot(vcpu_time_info_t *out)
{
    const volatile vcpu_time_info_t *t = &guest_vcpu_info()->time;
    uint32_t version;

    do {
        version = t->version;
        __asm__ volatile("" : : : "memory");
        *out = *(const vcpu_time_info_t *)t;
        __asm__ volatile("" : : : "memory");
    } while ((version & 1) || version != t->version);
}

/*
 * System time at TSC value tsc, read earlier in this domain: now, less
 * the ticks since then at the clock's rate. Only a difference of two
 * TSC reads of ours is used, never the snapshot's timestamp, which on
 * Xen 4.17 may lie in another TSC space than a domU's virtual TSC.
 */
static uint64_t ns_at(uint64_t tsc)
{
    vcpu_time_info_t snap;
    uint64_t now_tsc, now_ns, back;

    time_snapshot(&snap);
    now_tsc = rdtsc_ordered();
    now_ns = pvclock_ns(&snap, now_tsc);
    back = pvclock_scale_delta(now_tsc - tsc, snap.tsc_to_system_mul,
                               snap.tsc_shift);
    return back < now_ns ? now_ns - back : 0;
}

/* The port of "boot port=P", or 0 if the command line names none. */
static evtchn_port_t boot_port(const char *cmdline)
{
    const char *p = cmdline + strlen(BOOT_PORT_PREFIX);
    evtchn_port_t port = 0;

    if (strncmp(cmdline, BOOT_PORT_PREFIX, strlen(BOOT_PORT_PREFIX)) != 0)
        return 0;
    for (; *p >= '0' && *p <= '9' && port < BOOT_PORT_LIMIT; p++)
        port = port * 10 + (evtchn_port_t)(*p - '0');
    return *p ? 0 : port;
}

/*
 * Reports both times, then tells dom0 that its first console line is
 * out, with an event on port (dom0 reads its own clock when it wakes:
 * the domU's clock may not be dom0's, as on Xen 4.17 here).
 */
static int report_boot(evtchn_port_t port)
{
    uint64_t entry_ns = ns_at(bench_domu_entry_tsc);

    printf("bench_domu: up\n");
    guest_shared_info->BENCH_DOMU_CONSOLE_NS = time_now_ns();
    guest_shared_info->BENCH_DOMU_ENTRY_NS = entry_ns;
    return evtchn_send(port) < 0;
}

static _Noreturn void yield_forever(void)
{
    volatile unsigned long *count = &guest_shared_info->BENCH_DOMU_YIELDS;

    for (;;) {
        *count = *count + 1;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
}

int main(void)
{
    const char *cmdline = guest_cmdline();

    if (strcmp(cmdline, "yield") == 0)
        yield_forever();
    if (boot_port(cmdline))
        return report_boot(boot_port(cmdline));
    printf("bench_domu: unknown command line \"%s\"\n", cmdline);
    return 1;
}
