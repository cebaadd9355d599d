/*
 * test_cpuid: CPUID and MSRs as Xen 4.17 shows them to a PV guest
 * kernel (measured under the same QEMU, -cpu max and the default CPU):
 *
 * - the hypervisor's leaves, behind the forced-emulation prefix: the
 *   signature, at least up to 0x40000002 (one hypercall page, MSR base
 *   0x40000000, MMU_PT_UPDATE_PRESERVE_AD), zero past the last one and
 *   outside every range;
 * - the CPU's leaves: never a feature the real CPU lacks, and the ones
 *   a PV guest cannot use hidden (VME, PSE, PGE, PSE36, SEP on AMD,
 *   MONITOR, VMX, SVM, 1 GiB pages, SMEP, SMAP, UMIP, PKU, LA57). Only
 *   what holds for any CPU model is asserted: the guest compares with
 *   the native CPUID it reads itself;
 * - rdmsr/wrmsr from the kernel, emulated on #GP: Xen's values for
 *   APIC_BASE, PAT, EFER, MISC_ENABLE, PLATFORM_INFO, the machine-check
 *   MSRs behind MCE/MCA, and #GP for what Xen refuses; the hypercall
 *   page MSR writes the same page the hypervisor gave us; TSC_AUX
 *   holds the guest's value for rdtscp when rdtscp is offered;
 * - CR4 as the kernel reads it: no PGE, as CPUID says.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define BIT(n) (1U << (n))
/* Xen's forced-emulation prefix: ud2, then the bytes "xen". */
#define FEP_ASM ".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e\n\t"

#define HV_BASE 0x40000000u
#define XEN_SIGNATURE_EBX 0x566e6558u /* "XenV" */
#define XEN_SIGNATURE_ECX 0x65584d4du /* "MMXe" */
#define XEN_SIGNATURE_EDX 0x4d4d566eu /* "nVMM" */
#define XEN_VERSION_4_17 0x00040011u
#define EXT_BASE 0x80000000u
#define VENDOR_AMD_EBX 0x68747541u /* "Auth" */

#define L1_ECX_MONITOR BIT(3)
#define L1_ECX_VMX BIT(5)
#define L1_ECX_HYPERVISOR BIT(31)
#define L1_EDX_VME BIT(1)
#define L1_EDX_PSE BIT(3)
#define L1_EDX_MCE BIT(7)
#define L1_EDX_SEP BIT(11)
#define L1_EDX_PGE BIT(13)
#define L1_EDX_MCA BIT(14)
#define L1_EDX_PSE36 BIT(17)
#define L7_EBX_SMEP BIT(7)
#define L7_EBX_SMAP BIT(20)
#define L7_ECX_UMIP BIT(2)
#define L7_ECX_PKU BIT(3)
#define L7_ECX_LA57 BIT(16)
#define E1_ECX_SVM BIT(2)
#define E1_EDX_NX BIT(20)
#define E1_EDX_PAGE1GB BIT(26)
#define E8_VA_BITS(eax) (((eax) >> 8) & 0xff)

#define MSR_TSC 0x10
#define MSR_APIC_BASE 0x1b
#define MSR_UCODE_REV 0x8b
#define MSR_PLATFORM_INFO 0xce
#define MSR_MTRR_CAP 0xfe
#define MSR_MISC_FEATURES_ENABLES 0x140
#define MSR_SYSENTER_CS 0x174
#define MSR_MCG_CAP 0x179
#define MSR_MCG_STATUS 0x17a
#define MSR_MISC_ENABLE 0x1a0
#define MSR_DEBUGCTL 0x1d9
#define MSR_MTRR_PHYSBASE0 0x200
#define MSR_PAT 0x277
#define MSR_MTRR_DEF_TYPE 0x2ff
#define MSR_MC0_CTL 0x400
#define MSR_MC0_STATUS 0x401
#define MSR_TSC_DEADLINE 0x6e0
#define MSR_X2APIC_ID 0x802
#define MSR_XEN_HYPERCALL 0x40000000
#define MSR_XEN_PAST 0x40000200
#define MSR_NONSENSE 0x12345678
#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_SFMASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_TSC_AUX 0xc0000103
#define TSC_AUX_PROBE 0x5a17u
#define EXT_LEAF_FEATURES 0x80000001u
#define EXT1_EDX_RDTSCP (1u << 27)
#define MSR_AMD_HWCR 0xc0010015
#define MSR_AMD_DE_CFG 0xc0011029
#define MSR_AMD_SYSCFG 0xc0010010
#define MSR_AMD_PERF_CTL0 0xc0010000
#define MSR_PERF_CAPABILITIES 0x345
#define MSR_MC2_CTL 0x408
#define MSR_MC0_CTL2 0x280

#define APIC_BASE_BSP_ENABLED 0xfee00900UL
#define XEN_PV_PAT 0x0000050100070406UL
#define EFER_SCE BIT(0)
#define EFER_LME BIT(8)
#define EFER_LMA BIT(10)
#define EFER_NXE BIT(11)
/* BTS and PEBS unavailable, xTPR off: Xen's; bit 0 is the host's. */
#define MISC_ENABLE_XEN 0x801800UL
#define MISC_ENABLE_HOST_BITS 0x1UL
#define XEN_VMCE_BANKS 2
#define MCG_CAP_COUNT(cap) ((cap)&0xff)
#define DE_CFG_LFENCE_SERIALISE 2
/* CR4 as Xen 4.17 shows it to a PV kernel. */
#define CR4_XEN_PV 0x660UL

struct cpuid_result {
    uint32_t eax, ebx, ecx, edx;
};

static volatile bool gp_taken;
static uint8_t msr_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static struct cpuid_result cpuid_native(uint32_t leaf, uint32_t sub)
{
    struct cpuid_result r;

    __asm__ volatile("cpuid"
                     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                     : "a"(leaf), "c"(sub));
    return r;
}

static struct cpuid_result cpuid_forced(uint32_t leaf, uint32_t sub)
{
    struct cpuid_result r;

    __asm__ volatile(FEP_ASM "cpuid"
                     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                     : "a"(leaf), "c"(sub));
    return r;
}

static bool is_zero(struct cpuid_result r)
{
    return (r.eax | r.ebx | r.ecx | r.edx) == 0;
}

/* rdmsr and wrmsr are 2 bytes: the handler steps over the one that
 * faulted, and the probe reports it. */
static bool on_gp(struct guest_trap_frame *frame)
{
    gp_taken = true;
    frame->rip += 2;
    return true;
}

/* True if the read faulted; *val is then 0. */
static bool rdmsr_faults(uint32_t msr, uint64_t *val)
{
    uint32_t lo = 0, hi = 0;

    gp_taken = false;
    __asm__ volatile("rdmsr" : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
    *val = gp_taken ? 0 : ((uint64_t)hi << 32) | lo;
    return gp_taken;
}

static bool wrmsr_faults(uint32_t msr, uint64_t val)
{
    gp_taken = false;
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)val),
                     "d"((uint32_t)(val >> 32))
                     : "memory");
    return gp_taken;
}

/* The value of an MSR that must read without a fault. */
static uint64_t msr_value(uint32_t msr, const char *what)
{
    uint64_t val;

    check_true(!rdmsr_faults(msr, &val), what);
    return val;
}

static bool is_amd(void)
{
    return cpuid_native(0, 0).ebx == VENDOR_AMD_EBX;
}

static void check_hypervisor_leaves(void)
{
    struct cpuid_result base = cpuid_forced(HV_BASE, 0);
    struct cpuid_result pages = cpuid_forced(HV_BASE + 2, 0);
    static const uint32_t outside[] = {0x40000100u, 0x4fffffffu, 0x50000000u};

    check_true(base.ebx == XEN_SIGNATURE_EBX && base.ecx == XEN_SIGNATURE_ECX &&
                   base.edx == XEN_SIGNATURE_EDX,
               "0x40000000: \"XenVMMXenVMM\"");
    check_range(base.eax, HV_BASE + 2, HV_BASE + 0xff,
                "  ... last leaf 0x40000002 to 0x400000ff");
    printf("       last hypervisor leaf %#x\n", base.eax);
    check_hex(cpuid_forced(HV_BASE + 1, 0).eax, XEN_VERSION_4_17,
              "0x40000001: version 4.17");
    check_hex(pages.eax, 1, "0x40000002: one hypercall page");
    check_hex(pages.ebx, MSR_XEN_HYPERCALL, "  ... MSR base 0x40000000");
    check_hex(pages.ecx & BIT(0), BIT(0), "  ... MMU_PT_UPDATE_PRESERVE_AD");
    check_true(is_zero(cpuid_forced(base.eax + 1, 0)) &&
                   is_zero(cpuid_forced(base.eax + 2, 0)) &&
                   is_zero(cpuid_forced(HV_BASE + 0xff, 0)),
               "leaves past the last: zero");
    for (size_t i = 0; i < sizeof(outside) / sizeof(*outside); i++)
        check_true(is_zero(cpuid_forced(outside[i], 0)),
                   "a leaf in no range: zero");
}

/* Every forced bit is a native one (the hypervisor bit aside). */
static bool subset(struct cpuid_result f, struct cpuid_result n,
                   uint32_t ecx_extra)
{
    return (f.ebx & ~n.ebx) == 0 && (f.ecx & ~(n.ecx | ecx_extra)) == 0 &&
           (f.edx & ~n.edx) == 0;
}

static void check_cpu_leaves(void)
{
    struct cpuid_result n1 = cpuid_native(1, 0), f1 = cpuid_forced(1, 0);
    struct cpuid_result n7 = cpuid_native(7, 0), f7 = cpuid_forced(7, 0);
    struct cpuid_result ne = cpuid_native(EXT_BASE + 1, 0);
    struct cpuid_result fe = cpuid_forced(EXT_BASE + 1, 0);
    struct cpuid_result n0 = cpuid_native(0, 0), f0 = cpuid_forced(0, 0);

    printf("       leaf 1 native ecx %08x edx %08x, forced %08x %08x\n", n1.ecx,
           n1.edx, f1.ecx, f1.edx);
    printf("       leaf 7 native ebx %08x ecx %08x, forced %08x %08x\n", n7.ebx,
           n7.ecx, f7.ebx, f7.ecx);
    check_true(f0.eax == n0.eax && f0.ebx == n0.ebx && f0.ecx == n0.ecx &&
                   f0.edx == n0.edx,
               "leaf 0: the CPU's");
    check_true(subset(f1, n1, L1_ECX_HYPERVISOR), "leaf 1: no feature added");
    check_hex(f1.ecx & L1_ECX_HYPERVISOR, L1_ECX_HYPERVISOR,
              "leaf 1: hypervisor bit");
    check_hex(f1.ecx & (L1_ECX_MONITOR | L1_ECX_VMX), 0,
              "leaf 1: no MONITOR, no VMX");
    check_hex(f1.edx & (L1_EDX_VME | L1_EDX_PSE | L1_EDX_PGE | L1_EDX_PSE36), 0,
              "leaf 1: no VME, PSE, PGE, PSE36");
    if (is_amd())
        check_hex(f1.edx & L1_EDX_SEP, 0, "leaf 1: no SEP on AMD");
    check_true(subset(f7, n7, 0), "leaf 7: no feature added");
    check_hex(f7.ebx & (L7_EBX_SMEP | L7_EBX_SMAP), 0, "leaf 7: no SMEP, SMAP");
    check_hex(f7.ecx & (L7_ECX_UMIP | L7_ECX_PKU | L7_ECX_LA57), 0,
              "leaf 7: no UMIP, PKU, LA57");
    check_true(is_zero(cpuid_forced(6, 0)), "leaf 6 (power): zero");
    check_true(subset(fe, ne, 0), "0x80000001: no feature added");
    check_hex(fe.ecx & E1_ECX_SVM, 0, "0x80000001: no SVM");
    check_hex(fe.edx &
                  (E1_EDX_PAGE1GB | L1_EDX_PSE | L1_EDX_PGE | L1_EDX_PSE36),
              0, "0x80000001: no 1 GiB pages, PSE, PGE, PSE36");
    if (cpuid_native(EXT_BASE, 0).eax >= EXT_BASE + 8)
        check_range(E8_VA_BITS(cpuid_forced(EXT_BASE + 8, 0).eax), 1, 48,
                    "0x80000008: at most 48 linear address bits");
}

static void check_msr_reads(void)
{
    uint64_t tsc0, tsc, tsc1, efer, misc, val;
    bool nx = cpuid_forced(EXT_BASE + 1, 0).edx & E1_EDX_NX;

    check_hex(msr_value(MSR_APIC_BASE, "rdmsr APIC_BASE"),
              APIC_BASE_BSP_ENABLED, "  ... 0xfee00900 (BSP, enabled)");
    check_hex(msr_value(MSR_PAT, "rdmsr PAT"), XEN_PV_PAT,
              "  ... Xen's PV PAT 0x0000050100070406");
    efer = msr_value(MSR_EFER, "rdmsr EFER");
    check_hex(efer, EFER_SCE | EFER_LME | EFER_LMA | (nx ? EFER_NXE : 0),
              "  ... SCE, LME, LMA, and NXE with NX");
    misc = msr_value(MSR_MISC_ENABLE, "rdmsr MISC_ENABLE");
    check_hex(misc & ~MISC_ENABLE_HOST_BITS, MISC_ENABLE_XEN,
              "  ... no BTS, no PEBS, xTPR off");
    check_hex(msr_value(MSR_PLATFORM_INFO, "rdmsr PLATFORM_INFO"), 0,
              "  ... 0 (no CPUID faulting)");
    check_hex(msr_value(MSR_MISC_FEATURES_ENABLES, "rdmsr MISC_FEATURES"), 0,
              "  ... 0");
    msr_value(MSR_UCODE_REV, "rdmsr UCODE_REV");
    check_hex(msr_value(MSR_XEN_HYPERCALL, "rdmsr 0x40000000 (hypercall page)"),
              0, "  ... 0");
    msr_value(MSR_FS_BASE, "rdmsr FS_BASE");
    tsc0 = rdtsc_ordered();
    tsc = msr_value(MSR_TSC, "rdmsr TSC");
    tsc1 = rdtsc_ordered();
    check_true(tsc >= tsc0 && tsc <= tsc1, "  ... between two rdtsc");
    check_hex(msr_value(MSR_PERF_CAPABILITIES, "rdmsr PERF_CAPABILITIES"), 0,
              "  ... 0");
    check_true(wrmsr_faults(MSR_PERF_CAPABILITIES, 0),
               "wrmsr PERF_CAPABILITIES: #GP");
    if (is_amd()) {
        check_hex(msr_value(MSR_AMD_SYSCFG, "rdmsr SYSCFG (AMD)"), 0,
                  "  ... 0");
        check_true(wrmsr_faults(MSR_AMD_SYSCFG, 0), "wrmsr SYSCFG: #GP");
        check_hex(msr_value(MSR_AMD_PERF_CTL0, "rdmsr PERF_CTL0 (AMD)"), 0,
                  "  ... 0 (no vPMU)");
        check_true(!wrmsr_faults(MSR_AMD_PERF_CTL0, 0),
                   "wrmsr PERF_CTL0: dropped");
        check_hex(msr_value(MSR_AMD_HWCR, "rdmsr HWCR (AMD)"), 0, "  ... 0");
        check_hex(msr_value(MSR_AMD_DE_CFG, "rdmsr DE_CFG (AMD)"),
                  DE_CFG_LFENCE_SERIALISE, "  ... LFENCE serialising");
    }
    (void)val;
}

static void check_msr_faults(void)
{
    static const uint32_t refused[] = {
        MSR_MTRR_CAP,  MSR_MTRR_DEF_TYPE, MSR_MTRR_PHYSBASE0,
        MSR_DEBUGCTL,  MSR_STAR,          MSR_LSTAR,
        MSR_SFMASK,    MSR_SYSENTER_CS,   MSR_TSC_DEADLINE,
        MSR_X2APIC_ID, MSR_XEN_PAST,      MSR_NONSENSE,
    };
    unsigned int bad = 0;
    uint64_t val;

    for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++)
        if (!rdmsr_faults(refused[i], &val) || !wrmsr_faults(refused[i], 0)) {
            printf("       MSR %#x answered\n", refused[i]);
            bad++;
        }
    check_hex(bad, 0,
              "MTRR, DEBUGCTL, STAR, LSTAR, SFMASK, SYSENTER_CS, "
              "TSC_DEADLINE, x2APIC, 0x40000200, 0x12345678: #GP");
}

static void check_msr_writes(void)
{
    uint64_t efer, misc, val;

    rdmsr_faults(MSR_EFER, &efer);
    rdmsr_faults(MSR_MISC_ENABLE, &misc);
    check_true(wrmsr_faults(MSR_PAT, XEN_PV_PAT), "wrmsr PAT, same value: #GP");
    check_true(wrmsr_faults(MSR_APIC_BASE, APIC_BASE_BSP_ENABLED),
               "wrmsr APIC_BASE, same value: #GP");
    check_true(wrmsr_faults(MSR_TSC, 0), "wrmsr TSC: #GP");
    check_true(wrmsr_faults(MSR_PLATFORM_INFO, 0), "wrmsr PLATFORM_INFO: #GP");
    check_true(!wrmsr_faults(MSR_EFER, efer), "wrmsr EFER, same value: done");
    check_true(wrmsr_faults(MSR_EFER, efer ^ EFER_SCE),
               "wrmsr EFER, SCE flipped: #GP");
    check_true(!wrmsr_faults(MSR_MISC_ENABLE, misc ^ 1),
               "wrmsr MISC_ENABLE, bit 0 flipped: no fault");
    rdmsr_faults(MSR_MISC_ENABLE, &val);
    check_hex(val, misc, "  ... and dropped");
    check_true(!wrmsr_faults(MSR_MISC_FEATURES_ENABLES, 0),
               "wrmsr MISC_FEATURES 0: done");
    check_true(wrmsr_faults(MSR_MISC_FEATURES_ENABLES, 1),
               "wrmsr MISC_FEATURES, CPUID faulting: #GP");
    if (is_amd())
        check_true(wrmsr_faults(MSR_UCODE_REV, 0),
                   "wrmsr UCODE_REV (AMD): #GP");
}

static void check_machine_check(void)
{
    uint32_t edx = cpuid_forced(1, 0).edx;
    uint64_t cap;

    if (!(edx & (L1_EDX_MCE | L1_EDX_MCA))) {
        check_true(true, "no MCE or MCA shown: no MSRs to check");
        return;
    }
    cap = msr_value(MSR_MCG_CAP, "MCE/MCA shown: rdmsr MCG_CAP");
    check_hex(MCG_CAP_COUNT(cap), XEN_VMCE_BANKS, "  ... Xen's two banks");
    check_hex(cap, XEN_VMCE_BANKS, "  ... and nothing else");
    check_hex(msr_value(MSR_MCG_STATUS, "rdmsr MCG_STATUS"), 0, "  ... 0");
    for (unsigned int b = 0; b < MCG_CAP_COUNT(cap); b++) {
        check_hex(msr_value(MSR_MC0_CTL + 4 * b, "rdmsr MCi_CTL"), ~0UL,
                  "  ... all ones");
        check_hex(msr_value(MSR_MC0_STATUS + 4 * b, "rdmsr MCi_STATUS"), 0,
                  "  ... 0");
    }
    check_true(!wrmsr_faults(MSR_MCG_STATUS, 0), "wrmsr MCG_STATUS 0: done");
    check_true(!wrmsr_faults(MSR_MC0_CTL, 0), "wrmsr MC0_CTL 0: no fault");
    check_hex(msr_value(MSR_MC0_CTL, "rdmsr MC0_CTL"), ~0UL, "  ... dropped");
    check_true(!wrmsr_faults(MSR_MC0_STATUS, 0), "wrmsr MC0_STATUS 0: done");
    check_true(wrmsr_faults(MSR_MC0_STATUS, 1), "wrmsr MC0_STATUS 1: #GP");
    check_hex(msr_value(MSR_MC2_CTL, "rdmsr MC2_CTL (past the banks)"), 0,
              "  ... 0");
    check_true(!wrmsr_faults(MSR_MC2_CTL, 0), "wrmsr MC2_CTL: dropped");
    check_hex(msr_value(MSR_MC0_CTL2, "rdmsr MC0_CTL2"), 0, "  ... 0");
}

/* CR4 as the kernel reads it: consistent with CPUID (no PGE). */
/* rdtscp's ecx: what the guest last wrote to MSR_TSC_AUX. */
static uint32_t rdtscp_aux(void)
{
    uint32_t lo, hi, aux;

    __asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
    (void)lo;
    (void)hi;
    return aux;
}

/*
 * MSR_TSC_AUX exists when the guest's CPUID offers rdtscp: the guest's
 * own 32-bit value, which rdtscp then returns; otherwise #GP both ways.
 */
static void check_tsc_aux(void)
{
    uint64_t val;

    if (!(cpuid_forced(EXT_LEAF_FEATURES, 0).edx & EXT1_EDX_RDTSCP)) {
        check_true(rdmsr_faults(MSR_TSC_AUX, &val),
                   "no rdtscp: rdmsr TSC_AUX #GP");
        check_true(wrmsr_faults(MSR_TSC_AUX, TSC_AUX_PROBE),
                   "no rdtscp: wrmsr TSC_AUX #GP");
        return;
    }
    check_hex(msr_value(MSR_TSC_AUX, "rdmsr TSC_AUX"), 0, "  ... 0 at first");
    check_true(!wrmsr_faults(MSR_TSC_AUX, TSC_AUX_PROBE), "wrmsr TSC_AUX");
    check_hex(msr_value(MSR_TSC_AUX, "rdmsr TSC_AUX again"), TSC_AUX_PROBE,
              "  ... reads back");
    check_hex(rdtscp_aux(), TSC_AUX_PROBE, "  ... rdtscp returns it in ecx");
    check_true(wrmsr_faults(MSR_TSC_AUX, 1ULL << 32),
               "wrmsr TSC_AUX above 32 bits: #GP");
    check_hex(msr_value(MSR_TSC_AUX, "rdmsr TSC_AUX after the #GP"),
              TSC_AUX_PROBE, "  ... kept");
    check_true(!wrmsr_faults(MSR_TSC_AUX, 0), "wrmsr TSC_AUX back to 0");
}

static void check_cr4(void)
{
    uint64_t cr4;

    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    check_hex(cr4, CR4_XEN_PV, "CR4: PAE, MCE, OSFXSR, OSXMMEXCPT, no PGE");
}

static void check_hypercall_page_msr(void)
{
    unsigned long va = (unsigned long)msr_page;
    uint64_t maddr = pte_mfn(mm_lookup(va)) << PAGE_SHIFT;

    check_true(wrmsr_faults(MSR_XEN_HYPERCALL, 0),
               "wrmsr 0x40000000, frame 0 (not ours): #GP");
    check_true(wrmsr_faults(MSR_XEN_HYPERCALL, maddr | 1),
               "wrmsr 0x40000000, page index 1: #GP");
    check_true(!wrmsr_faults(MSR_XEN_HYPERCALL, maddr),
               "wrmsr 0x40000000, a page of ours: done");
    check_true(memcmp(msr_page, hypercall_page, PAGE_SIZE) == 0,
               "  ... it holds the hypercall page we were given");
}

int main(void)
{
    verdict_title("test_cpuid", "CPUID and MSRs of a PV guest");
    check_hypervisor_leaves();
    check_cpu_leaves();
    check_cr4();
    if (!check_rc(trap_register(X86_EXC_GP, on_gp), 0, "#GP handler"))
        verdict_end();
    check_msr_reads();
    check_msr_faults();
    check_msr_writes();
    check_tsc_aux();
    check_machine_check();
    check_hypercall_page_msr();
    verdict_end();
}
