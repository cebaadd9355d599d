/*
 * x86_64 bring-up (the arch_*_init() steps of hv/arch.h).
 */
#include <arch/cpu.h>
#include <arch/serial.h>
#include <arch/setup.h>
#include <arch/traps.h>
#include <arch/x86.h>
#include <hv/bootinfo.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/percpu.h>

#define CPUID_BRAND_FIRST 0x80000002
#define CPUID_BRAND_LAST 0x80000004

struct percpu percpu_blocks[MAX_CPUS];

/* Stacks for double faults, NMIs and machine checks until memory is up
 * and the guarded per-CPU stacks replace them (stacks.c). */
#define EARLY_IST_STACK_SIZE 4096
static char early_ist_stacks[IST_COUNT][EARLY_IST_STACK_SIZE] __aligned(16);

extern char boot_stack_top[];

static void percpu_bootstrap(struct percpu *cpu, unsigned id)
{
    cpu->self = cpu;
    cpu->cpu_id = id;
    cpu->online = true;
    timer_queue_init(&cpu->timers);
    /* %gs:0 must hold cpu->self: this_cpu() depends on it from here. */
    wrmsr(MSR_GS_BASE, (uint64_t)cpu);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
}

bool arch_early_init(uint32_t loader_magic, uint32_t loader_info)
{
    struct percpu *cpu = &percpu_blocks[0];

    serial_init(SERIAL_DEFAULT_BAUD);
    percpu_bootstrap(cpu, 0);
    cpu->arch.stack_top = (uint64_t)boot_stack_top;
    for (unsigned i = 1; i <= IST_COUNT; i++)
        cpu->arch.ist_top[i] =
            (uint64_t)early_ist_stacks[i - 1] + EARLY_IST_STACK_SIZE;
    gdt_init_cpu(cpu);
    idt_init();
    idt_load();
    return multiboot_parse(loader_magic, loader_info);
}

/* CPUID leaf 1 EBX bits 31:24: the initial APIC ID. */
#define CPUID_1_EBX_APIC_ID_SHIFT 24

/*
 * The boot CPU's APIC ID; its ACPI processor ID, which would come from
 * the MADT, is taken as 0: the boot CPU is the first one the firmware
 * lists on the PCs Parasol boots on (QEMU's, where Xen says 0 as well).
 */
uint64_t arch_boot_cpu_physid(void)
{
    return cpuid(1, 0).ebx >> CPUID_1_EBX_APIC_ID_SHIFT;
}

const char *arch_cpu_description(void)
{
    static char brand[49];
    char *p = brand;

    if (cpuid(CPUID_EXT_LEAF, 0).eax < CPUID_BRAND_LAST)
        return "unknown x86_64 CPU";
    for (uint32_t leaf = CPUID_BRAND_FIRST; leaf <= CPUID_BRAND_LAST; leaf++) {
        struct cpuid_regs r = cpuid(leaf, 0);
        memcpy(p, &r, sizeof(r));
        p += sizeof(r);
    }
    brand[48] = '\0';
    p = brand;
    while (*p == ' ') /* some CPUs right-justify the brand string */
        p++;
    return p;
}
