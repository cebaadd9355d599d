/*
 * The operations the bench guest times, one run function per figure,
 * each a plain loop of ops operations, so that every figure carries the
 * same loop overhead, which the first figure measures on its own.
 *
 * Each operation is the cheapest real instance of its kind, so that a
 * figure shows the cost of the path (entry, dispatch, exit) rather
 * than of work done on it:
 *   null_hypercall  xen_version(XENVER_version, NULL): a handler that
 *                   returns a constant, reached through the hypercall
 *                   page stub as every guest call is;
 *   mmu_update      one MMU_NORMAL_PT_UPDATE rewriting a scratch page's
 *                   L1 entry with the value it holds: validated like any
 *                   update, without the reference counting a change of
 *                   frame adds;
 *   trap_bounce     int3, bounced to a guest-lib handler that accepts
 *                   it, and back through the iret hypercall;
 *   cpuid_*         leaf 0, run natively (ring 3 may run cpuid), and
 *                   behind Xen's forced-emulation prefix, which the
 *                   hypervisor decodes and emulates from a #UD.
 */
#include "bench.h"
#include <parasol/guest.h>

/*
 * Xen's forced-emulation prefix (XEN_EMULATE_PREFIX in Xen's
 * public/arch-x86/xen.h): ud2, then the bytes "xen". The #UD it raises
 * tells the hypervisor to emulate the instruction that follows.
 */
#define BENCH_XEN_EMULATE_PREFIX "ud2; .ascii \"xen\"; "

/* The leaf timed: the vendor leaf, which every CPU has. */
#define BENCH_CPUID_LEAF 0

struct cpuid_out {
    uint32_t eax, ebx, ecx, edx;
};

/* ---- overheads --------------------------------------------------- */

/* The loop alone: the asm keeps the compiler from deleting it. */
static int run_empty_loop(unsigned long ops)
{
    for (unsigned long i = 0; i < ops; i++)
        __asm__ volatile("" : : : "memory");
    return 0;
}

/* One serialized TSC read, the cost a sample's two reads share out. */
static int run_tsc_read(unsigned long ops)
{
    for (unsigned long i = 0; i < ops; i++)
        (void)bench_tsc();
    return 0;
}

/* ---- hypercalls -------------------------------------------------- */

static int setup_null_hypercall(void)
{
    int version = HYPERVISOR_xen_version(XENVER_version, NULL);

    return version < 0 ? version : 0;
}

static int run_null_hypercall(unsigned long ops)
{
    for (unsigned long i = 0; i < ops; i++) {
        int rc = HYPERVISOR_xen_version(XENVER_version, NULL);

        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The request rewriting the scratch page's L1 entry (setup). */
static mmu_update_t scratch_update;

/*
 * A page of our own, whose L1 entry the loop rewrites. Nothing touches
 * the page while the loop runs, so the entry's Accessed and Dirty bits,
 * already set by the allocator's mapping, stay as read here.
 */
static int setup_mmu_update(void)
{
    void *page = page_alloc();
    struct pt_walk w;
    int rc;

    if (!page)
        return -XEN_ENOMEM;
    rc = mm_walk((unsigned long)page, &w);
    if (rc < 0)
        return rc;
    if (!(w.pte & PTE_PRESENT))
        return -XEN_ENOENT;
    scratch_update.ptr = w.pte_maddr | MMU_NORMAL_PT_UPDATE;
    scratch_update.val = w.pte;
    return 0;
}

/* The same value: no TLB flush is needed, so none is timed. */
static int run_mmu_update(unsigned long ops)
{
    for (unsigned long i = 0; i < ops; i++) {
        int rc = HYPERVISOR_mmu_update(&scratch_update, 1, NULL, DOMID_SELF);

        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ---- exceptions and emulation ------------------------------------ */

/* int3 is a trap: rip already points past it, so accepting is all. */
static bool on_breakpoint(struct guest_trap_frame *frame)
{
    (void)frame;
    return true;
}

static int setup_trap_bounce(void)
{
    return trap_register(X86_EXC_BP, on_breakpoint);
}

static int run_trap_bounce(unsigned long ops)
{
    for (unsigned long i = 0; i < ops; i++)
        __asm__ volatile("int3" : : : "memory");
    return 0;
}

static inline void cpuid_native(uint32_t leaf, struct cpuid_out *o)
{
    __asm__ volatile("cpuid"
                     : "=a"(o->eax), "=b"(o->ebx), "=c"(o->ecx), "=d"(o->edx)
                     : "a"(leaf), "c"(0));
}

static inline void cpuid_emulated(uint32_t leaf, struct cpuid_out *o)
{
    __asm__ volatile(BENCH_XEN_EMULATE_PREFIX "cpuid"
                     : "=a"(o->eax), "=b"(o->ebx), "=c"(o->ecx), "=d"(o->edx)
                     : "a"(leaf), "c"(0));
}

static int run_cpuid_native(unsigned long ops)
{
    struct cpuid_out o;

    for (unsigned long i = 0; i < ops; i++)
        cpuid_native(BENCH_CPUID_LEAF, &o);
    return 0;
}

/* The emulation must answer as the CPU does: the same vendor string.
 * A hypervisor without forced emulation crashes us here instead (the
 * #UD reaches guest-lib's default handler), which the runner reports. */
static int setup_cpuid_emulated(void)
{
    struct cpuid_out native, emulated;

    cpuid_native(BENCH_CPUID_LEAF, &native);
    cpuid_emulated(BENCH_CPUID_LEAF, &emulated);
    if (native.ebx != emulated.ebx || native.ecx != emulated.ecx ||
        native.edx != emulated.edx)
        return -XEN_EIO;
    return 0;
}

static int run_cpuid_emulated(unsigned long ops)
{
    struct cpuid_out o;

    for (unsigned long i = 0; i < ops; i++)
        cpuid_emulated(BENCH_CPUID_LEAF, &o);
    return 0;
}

/* ---- the table --------------------------------------------------- */

const struct bench_figure bench_figures[] = {
    {"loop_overhead", "empty loop iteration", NULL, run_empty_loop},
    {"tsc_read", "lfence; rdtsc; lfence", NULL, run_tsc_read},
    {"null_hypercall", "xen_version(XENVER_version) round trip",
     setup_null_hypercall, run_null_hypercall},
    {"mmu_update", "mmu_update, L1 entry rewritten as is", setup_mmu_update,
     run_mmu_update},
    {"trap_bounce", "int3 to a guest handler and iret back", setup_trap_bounce,
     run_trap_bounce},
    {"cpuid_native", "cpuid leaf 0, native", NULL, run_cpuid_native},
    {"cpuid_emulated", "cpuid leaf 0, forced emulation", setup_cpuid_emulated,
     run_cpuid_emulated},
};

const unsigned int bench_nr_figures =
    sizeof(bench_figures) / sizeof(bench_figures[0]);
_Static_assert(sizeof(bench_figures) / sizeof(bench_figures[0]) <=
                   BENCH_MAX_FIGURES,
               "bench.c keeps results for BENCH_MAX_FIGURES figures");
