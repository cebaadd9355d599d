/*
 * The local APIC: every interrupt this CPU takes arrives through it, and
 * its timer is the CPU's one-shot timer.
 *
 * Two register interfaces reach the same registers: xAPIC, a 4 KiB MMIO
 * page, and x2APIC, MSRs at 0x800 + offset / 16, which needs no mapping
 * and gives 32-bit APIC IDs. Parasol uses x2APIC when the CPU has it.
 *
 * The timer runs in TSC-deadline mode when the CPU has it: it fires when
 * the TSC reaches a value, exactly the contract of arch_timer_arm().
 * Otherwise the LAPIC's own down-counter is used in one-shot mode, its
 * rate measured against the TSC at boot.
 */
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/paging.h>
#include <arch/pv_mm.h>
#include <arch/traps.h>
#include <arch/x86.h>
#include <hv/panic.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/timer.h>

#define CPUID_LEAF_FEATURES 0x1
#define CPUID_1_EDX_APIC (1u << 9)
#define CPUID_1_ECX_X2APIC (1u << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)

/* IA32_APIC_BASE bits. */
#define APIC_BASE_X2APIC (1ul << 10) /* EXTD */
#define APIC_BASE_ENABLE (1ul << 11)
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ul

/* Register offsets in the xAPIC page; x2APIC MSR = base + offset / 16. */
#define APIC_ID 0x20
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_ESR 0x280
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_CURRENT 0x390
#define APIC_TIMER_DIVIDE 0x3e0
#define X2APIC_MSR_BASE 0x800
#define X2APIC_REG_SHIFT 4
#define XAPIC_ID_SHIFT 24 /* the xAPIC ID sits in bits 31:24 */

#define SVR_APIC_ENABLE (1 << 8)
#define LVT_MASKED (1 << 16)
#define LVT_TIMER_ONE_SHOT (0 << 17)
#define LVT_TIMER_TSC_DEADLINE (2 << 17)
#define TIMER_DIVIDE_BY_1 0xb
#define TIMER_COUNT_MAX 0xffffffffu

/* Two rounds of 3 ms: reading the count (slow under TCG) then costs
 * about 0.01%, and 4 s of counting at 1 GHz is far away. */
#define TIMER_CALIBRATE_MS 3
#define TIMER_CALIBRATE_ROUNDS 2
#define KHZ_PER_TENTH_MHZ 100

static volatile uint8_t *xapic_regs; /* the MMIO page, xAPIC mode only */
static uint64_t lapic_timer_khz;     /* one-shot mode: the counter's rate */

static uint32_t lapic_read(unsigned reg)
{
    if (this_cpu()->arch.x2apic)
        return (uint32_t)rdmsr(X2APIC_MSR_BASE + (reg >> X2APIC_REG_SHIFT));
    return mmio_read32(xapic_regs + reg);
}

static void lapic_write(unsigned reg, uint32_t v)
{
    if (this_cpu()->arch.x2apic)
        wrmsr(X2APIC_MSR_BASE + (reg >> X2APIC_REG_SHIFT), v);
    else
        mmio_write32(xapic_regs + reg, v);
}

void lapic_eoi(void)
{
    lapic_write(APIC_EOI, 0);
}

uint32_t lapic_id(void)
{
    return this_cpu()->apic_id;
}

/* A spurious interrupt is not in service: it must not be EOIed. */
static void lapic_spurious(struct cpu_regs *regs)
{
    (void)regs;
}

/* x2APIC can only be entered from enabled xAPIC mode (SDM 10.12.5). */
static void lapic_enable_mode(struct percpu *cpu, uint32_t features_ecx)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);

    if (!(base & APIC_BASE_ENABLE)) {
        base |= APIC_BASE_ENABLE;
        wrmsr(MSR_APIC_BASE, base);
    }
    /* Ours, wherever the firmware put it: never a guest's to map. */
    pv_iomem_restrict(paddr_to_mfn(base & APIC_BASE_ADDR_MASK), IOMEM_DENIED);
    if (features_ecx & CPUID_1_ECX_X2APIC) {
        if (!(base & APIC_BASE_X2APIC))
            wrmsr(MSR_APIC_BASE, base | APIC_BASE_X2APIC);
        cpu->arch.x2apic = true;
        return;
    }
    cpu->arch.x2apic = false;
    if (!xapic_regs)
        xapic_regs = ioremap(base & APIC_BASE_ADDR_MASK, PAGE_SIZE);
}

void lapic_init(void)
{
    struct percpu *cpu = this_cpu();
    struct cpuid_regs features = cpuid(CPUID_LEAF_FEATURES, 0);
    uint32_t id;

    if (!(features.edx & CPUID_1_EDX_APIC))
        panic("this CPU has no local APIC");
    lapic_enable_mode(cpu, features.ecx);
    id = lapic_read(APIC_ID);
    cpu->apic_id = cpu->arch.x2apic ? id : id >> XAPIC_ID_SHIFT;
    /* Accept every priority class. */
    lapic_write(APIC_TPR, 0);
    /* The 8259s' path into the CPU; they are masked, close it too. */
    lapic_write(APIC_LVT_LINT0, LVT_MASKED);
    lapic_write(APIC_LVT_ERROR, LVT_MASKED);
    /* The error status register shows errors as of its last write: two
     * writes leave it clear of any from before we owned the APIC. */
    lapic_write(APIC_ESR, 0);
    lapic_write(APIC_ESR, 0);
    irq_register(VECTOR_SPURIOUS, lapic_spurious);
    lapic_write(APIC_SVR, VECTOR_SPURIOUS | SVR_APIC_ENABLE);
}

/* Read the timer's count, with the TSC at the middle of the access:
 * under TCG one access takes microseconds. */
static uint32_t lapic_timer_sample(uint64_t *tsc)
{
    uint64_t before = rdtsc();
    uint32_t count = lapic_read(APIC_TIMER_CURRENT);

    *tsc = before + (rdtsc() - before) / 2;
    return count;
}

/* The counter's rate in kHz over one span of TSC cycles. */
static uint64_t lapic_timer_rate(uint64_t span)
{
    uint64_t start, end;
    uint32_t first = lapic_timer_sample(&start), last;

    while (rdtsc() - start < span)
        cpu_pause();
    last = lapic_timer_sample(&end);
    return (uint64_t)(first - last) * arch_cycles_khz() / (end - start);
}

/*
 * Measure the counter against the TSC. The first round only warms up:
 * under TCG it pays for translating this code, which skews it by a
 * fraction of a percent.
 */
static uint64_t lapic_timer_calibrate(void)
{
    uint64_t span = arch_cycles_khz() * TIMER_CALIBRATE_MS;
    uint64_t khz = 0;

    lapic_write(APIC_TIMER_DIVIDE, TIMER_DIVIDE_BY_1);
    lapic_write(APIC_LVT_TIMER,
                LVT_MASKED | LVT_TIMER_ONE_SHOT | VECTOR_LAPIC_TIMER);
    lapic_write(APIC_TIMER_INITIAL, TIMER_COUNT_MAX);
    for (unsigned round = 0; round < TIMER_CALIBRATE_ROUNDS; round++)
        khz = lapic_timer_rate(span);
    lapic_write(APIC_TIMER_INITIAL, 0);
    return khz;
}

static void lapic_timer_interrupt(struct cpu_regs *regs)
{
    (void)regs;
    /* EOI first: a timer re-armed in the past by timer_softirq() must
     * be able to interrupt again as soon as we return. */
    lapic_eoi();
    timer_softirq();
}

void lapic_timer_init(void)
{
    struct percpu *cpu = this_cpu();

    irq_register(VECTOR_LAPIC_TIMER, lapic_timer_interrupt);
    cpu->arch.tsc_deadline =
        cpuid(CPUID_LEAF_FEATURES, 0).ecx & CPUID_1_ECX_TSC_DEADLINE;
    if (cpu->arch.tsc_deadline) {
        lapic_write(APIC_LVT_TIMER,
                    LVT_TIMER_TSC_DEADLINE | VECTOR_LAPIC_TIMER);
        mfence();
        return;
    }
    if (!lapic_timer_khz)
        lapic_timer_khz = lapic_timer_calibrate();
    if (!lapic_timer_khz)
        panic("LAPIC timer: the counter does not count");
    lapic_write(APIC_LVT_TIMER, LVT_TIMER_ONE_SHOT | VECTOR_LAPIC_TIMER);
}

const char *lapic_timer_mode(void)
{
    static char desc[40];
    uint64_t tenths_mhz =
        (lapic_timer_khz + KHZ_PER_TENTH_MHZ / 2) / KHZ_PER_TENTH_MHZ;

    if (this_cpu()->arch.tsc_deadline)
        return "TSC-deadline";
    snprintf(desc, sizeof(desc), "one-shot %lu.%lu MHz", tenths_mhz / 10,
             tenths_mhz % 10);
    return desc;
}

/* TSC cycles to counter ticks, rounded up so the timer never fires
 * early, and clamped: a far deadline fires early and is re-armed. */
static uint32_t tsc_to_lapic_ticks(uint64_t cycles)
{
    uint64_t tsc_khz = arch_cycles_khz();
    uint64_t ticks;

    if (cycles > (UINT64_MAX - tsc_khz) / lapic_timer_khz)
        return TIMER_COUNT_MAX;
    ticks = (cycles * lapic_timer_khz + tsc_khz - 1) / tsc_khz;
    if (ticks > TIMER_COUNT_MAX)
        return TIMER_COUNT_MAX;
    return ticks ? (uint32_t)ticks : 1;
}

void arch_timer_arm(uint64_t cycles)
{
    uint64_t now;

    if (this_cpu()->arch.tsc_deadline) {
        wrmsr(MSR_TSC_DEADLINE, cycles);
        return;
    }
    if (!cycles) {
        lapic_write(APIC_TIMER_INITIAL, 0); /* a zero count stops it */
        return;
    }
    now = rdtsc();
    lapic_write(APIC_TIMER_INITIAL,
                tsc_to_lapic_ticks(cycles > now ? cycles - now : 0));
}
