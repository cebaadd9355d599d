/*
 * The TSC frequency, which everything timed depends on: system time
 * (hv/time.c), the PV clock guests read, and the one-shot timer.
 *
 * Ask the CPU first, in the order of trust: CPUID leaf 0x15 (crystal
 * clock and TSC ratio, Intel), leaf 0x16 (nominal base frequency), then a
 * hypervisor's timing leaf when we run virtualized. Otherwise, and that
 * is the usual case under QEMU TCG, measure the TSC against the 8254
 * PIT, whose 1.193182 MHz input clock every PC has kept since 1981.
 */
#include <arch/cpu.h>
#include <arch/tsc.h>
#include <hv/arch.h>
#include <hv/lib.h>
#include <hv/panic.h>

#define CPUID_LEAF_VENDOR 0x0 /* eax: highest basic leaf */
#define CPUID_LEAF_FEATURES 0x1
#define CPUID_1_ECX_HYPERVISOR (1u << 31)
/* eax/ebx: TSC-to-crystal ratio; ecx: crystal Hz (0 if not given). */
#define CPUID_LEAF_TSC_CRYSTAL 0x15
/* eax bits 15:0: base frequency in MHz. */
#define CPUID_LEAF_FREQUENCY 0x16
#define CPUID_FREQUENCY_MHZ_MASK 0xffff
#define CPUID_HV_BASE 0x40000000   /* eax: highest hypervisor leaf */
#define CPUID_HV_TIMING 0x40000010 /* eax: TSC kHz (VMware, KVM, QEMU) */

#define KHZ_PER_MHZ 1000
#define HZ_PER_KHZ 1000

/* The 8254 PIT; its channel 2 is gated through port B, so it can be run
 * and watched without raising any interrupt. */
#define PIT_HZ 1193182
#define PIT_CH2_DATA 0x42
#define PIT_COMMAND 0x43
#define PIT_SELECT_CH2 (2 << 6)
#define PIT_ACCESS_LOW_HIGH (3 << 4)
#define PIT_MODE_TERMINAL_COUNT (0 << 1) /* OUT rises when count hits 0 */
#define PORT_B 0x61
#define PORT_B_CH2_GATE (1 << 0)
#define PORT_B_SPEAKER (1 << 1)
#define PORT_B_WRITABLE 0x0f
#define PORT_B_CH2_OUT (1 << 5)

/*
 * Each run counts PIT_SHORT_COUNT, then PIT_LONG_COUNT ticks: their
 * difference is CALIBRATE_MS, and the fixed cost of starting and
 * stopping (port accesses, slow under TCG) cancels out. Three rounds of
 * 1 + 11 ms keep the boot cost near 36 ms.
 */
#define CALIBRATE_MS 10
#define CALIBRATE_RUNS 3
#define PIT_SHORT_COUNT (PIT_HZ / 1000)
#define PIT_LONG_COUNT (PIT_SHORT_COUNT + PIT_HZ * CALIBRATE_MS / 1000)
/* A PIT that never raises OUT: give up rather than hang the boot. */
#define PIT_POLL_LIMIT 100000000UL

static uint64_t tsc_khz;
static const char *source = "unknown";

static uint32_t max_basic_leaf(void)
{
    return cpuid(CPUID_LEAF_VENDOR, 0).eax;
}

static uint64_t khz_from_cpuid_crystal(void)
{
    struct cpuid_regs r;

    if (max_basic_leaf() < CPUID_LEAF_TSC_CRYSTAL)
        return 0;
    r = cpuid(CPUID_LEAF_TSC_CRYSTAL, 0);
    if (!r.eax || !r.ebx)
        return 0;
    if (r.ecx) {
        source = "CPUID 0x15";
        return (uint64_t)r.ecx * r.ebx / r.eax / HZ_PER_KHZ;
    }
    /* No crystal given: Intel defines the crystal as base frequency
     * times eax/ebx here, so the TSC runs at the base frequency. */
    if (max_basic_leaf() < CPUID_LEAF_FREQUENCY)
        return 0;
    source = "CPUID 0x15/0x16";
    return (uint64_t)(cpuid(CPUID_LEAF_FREQUENCY, 0).eax &
                      CPUID_FREQUENCY_MHZ_MASK) *
           KHZ_PER_MHZ;
}

static uint64_t khz_from_cpuid_base(void)
{
    if (max_basic_leaf() < CPUID_LEAF_FREQUENCY)
        return 0;
    source = "CPUID 0x16";
    return (uint64_t)(cpuid(CPUID_LEAF_FREQUENCY, 0).eax &
                      CPUID_FREQUENCY_MHZ_MASK) *
           KHZ_PER_MHZ;
}

static uint64_t khz_from_hypervisor(void)
{
    if (!(cpuid(CPUID_LEAF_FEATURES, 0).ecx & CPUID_1_ECX_HYPERVISOR))
        return 0;
    if (cpuid(CPUID_HV_BASE, 0).eax < CPUID_HV_TIMING)
        return 0;
    source = "hypervisor CPUID";
    return cpuid(CPUID_HV_TIMING, 0).eax;
}

/*
 * TSC cycles while PIT channel 2 counts 'count' ticks, or 0 if the PIT
 * does not behave. Every delay (a slow port access, the host
 * descheduling us) can only lengthen the measurement, so the caller
 * keeps the shortest of several runs.
 */
static uint64_t pit_measure(uint16_t count)
{
    uint8_t port_b = inb(PORT_B) & PORT_B_WRITABLE;
    uint64_t start;

    outb(PORT_B, (port_b & ~PORT_B_SPEAKER) | PORT_B_CH2_GATE);
    outb(PIT_COMMAND,
         PIT_SELECT_CH2 | PIT_ACCESS_LOW_HIGH | PIT_MODE_TERMINAL_COUNT);
    outb(PIT_CH2_DATA, count & 0xff);
    start = rdtsc();
    outb(PIT_CH2_DATA, count >> 8); /* counting starts here, OUT low */
    if (inb(PORT_B) & PORT_B_CH2_OUT)
        return 0; /* no PIT behind port B: it reads back all ones */
    for (unsigned long polls = 0; !(inb(PORT_B) & PORT_B_CH2_OUT); polls++)
        if (polls == PIT_POLL_LIMIT)
            return 0;
    return rdtsc() - start;
}

static uint64_t pit_measure_min(uint16_t count)
{
    uint64_t best = UINT64_MAX;

    for (unsigned run = 0; run < CALIBRATE_RUNS; run++) {
        uint64_t cycles = pit_measure(count);

        if (!cycles)
            return 0;
        if (cycles < best)
            best = cycles;
    }
    return best;
}

static uint64_t khz_from_pit(void)
{
    uint64_t short_run = pit_measure_min(PIT_SHORT_COUNT);
    uint64_t long_run = pit_measure_min(PIT_LONG_COUNT);
    uint64_t ticks = PIT_LONG_COUNT - PIT_SHORT_COUNT;

    if (!short_run || long_run <= short_run)
        return 0;
    source = "PIT calibrated";
    /* cycles / (ticks / PIT_HZ) s, in kHz, rounded. */
    return ((long_run - short_run) * PIT_HZ + ticks * HZ_PER_KHZ / 2) /
           (ticks * HZ_PER_KHZ);
}

void tsc_init(void)
{
    uint64_t (*const methods[])(void) = {
        khz_from_cpuid_crystal,
        khz_from_cpuid_base,
        khz_from_hypervisor,
        khz_from_pit,
    };

    for (unsigned i = 0; i < ARRAY_SIZE(methods); i++) {
        tsc_khz = methods[i]();
        if (tsc_khz)
            return;
    }
    panic("TSC: no way to find its frequency (no CPUID leaf, no PIT)");
}

const char *tsc_source(void)
{
    return source;
}

uint64_t arch_cycles_khz(void)
{
    return tsc_khz;
}
