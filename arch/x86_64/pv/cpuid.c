/*
 * CPUID as a PV guest sees it through Xen's forced-emulation prefix
 * (ud2; .ascii "xen"; cpuid): the real CPU's answers, filtered to what a
 * guest kernel in ring 3 under Parasol can use, and the hypervisor's own
 * leaves at 0x40000000.
 *
 * A plain cpuid is not intercepted and shows the real CPU; a guest that
 * wants the truth about its platform uses the prefix. The filter is an
 * allow list: a feature reaches the guest only when Parasol knows the
 * guest can use it, so a new CPU's features stay hidden until someone
 * checks them. Compared with Xen 4.17 by tests/guests/cpuid.c: Xen hides
 * the same paging features (VME, PSE, PGE, PSE36, 1 GiB pages: the
 * guest does not own its paging), MONITOR, virtualisation (VMX, SVM),
 * SMEP/SMAP/UMIP/PKU/LA57 (the hypervisor's CR4, not the guest's), and
 * SYSENTER on AMD (no SYSENTER in long mode there). Parasol hides more
 * than Xen: XSAVE and everything that needs it (AVX and up, whose state
 * it does not switch), MTRR (its MSRs fault), and the thermal and
 * debug-store features.
 *
 * Leaves outside the basic and extended ranges the CPU reports, and
 * outside the hypervisor's, answer all zero, as Xen answers them (the
 * real CPU would repeat its highest basic leaf).
 */
#include <arch/cpu.h>
#include <arch/pv.h>
#include <hv/lib.h>

#define BIT(n) (1U << (n))

#define CPUID_EXT_BASE 0x80000000u
#define CPUID_VENDOR_AMD_EBX 0x68747541u   /* "Auth" */
#define CPUID_VENDOR_HYGON_EBX 0x6f677948u /* "Hygo" */

/* The hypervisor's leaves: Xen's layout (public/arch-x86/cpuid.h). */
#define CPUID_HV_BASE 0x40000000u
#define CPUID_HV_LAST (CPUID_HV_BASE + 2) /* signature, version, pages */
#define CPUID_HV_RANGE_LAST 0x4fffffffu
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558u         /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4du         /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566eu         /* "nVMM" */
#define PARASOL_XEN_VERSION_LEAF ((4u << 16) | 17u) /* ABI level 4.17 */
#define XEN_HYPERCALL_PAGES 1
/* Leaf 0x40000002 ecx bit 0: MMU_PT_UPDATE_PRESERVE_AD works. */
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD BIT(0)

/* Leaf 1 ecx: SSE3, PCLMULQDQ, SSSE3, CX16, SSE4.1, SSE4.2, MOVBE,
 * POPCNT, AES, RDRAND; the hypervisor bit is set. */
#define LEAF1_ECX_ALLOWED                                                      \
    (BIT(0) | BIT(1) | BIT(9) | BIT(13) | BIT(19) | BIT(20) | BIT(22) |        \
     BIT(23) | BIT(25) | BIT(30))
#define LEAF1_ECX_HYPERVISOR BIT(31)
/* Leaf 1 edx: FPU, DE, TSC, MSR, PAE, MCE, CX8, APIC, SEP (not on AMD),
 * MCA, CMOV, PAT, CLFSH, MMX, FXSR, SSE, SSE2, SS, HTT. */
#define LEAF1_EDX_ALLOWED                                                      \
    (BIT(0) | BIT(2) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | BIT(9) |   \
     LEAF1_EDX_SEP | BIT(14) | BIT(15) | BIT(16) | BIT(19) | BIT(23) |         \
     BIT(24) | BIT(25) | BIT(26) | BIT(27) | BIT(28))
#define LEAF1_EDX_SEP BIT(11)
/* Leaf 7.0 ebx: BMI1, HLE, BMI2, ERMS, RTM, RDSEED, ADX, CLFLUSHOPT,
 * CLWB, SHA. ecx and edx: nothing. */
#define LEAF7_EBX_ALLOWED                                                      \
    (BIT(3) | BIT(4) | BIT(8) | BIT(9) | BIT(11) | BIT(18) | BIT(19) |         \
     BIT(23) | BIT(24) | BIT(29))
/* 0x80000001 ecx: LAHF_LM, ABM, SSE4A, MISALIGNSSE, PREFETCHW, TBM. */
#define EXT1_ECX_ALLOWED (BIT(0) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | BIT(21))
/* 0x80000001 edx: leaf 1's allowed bits 0-9 and 14-16, SYSCALL, NX,
 * MMXEXT, MMX, FXSR, RDTSCP, LM, 3DNOWEXT, 3DNOW. */
#define EXT1_EDX_ALLOWED                                                       \
    (BIT(0) | BIT(2) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | BIT(9) |   \
     BIT(11) | BIT(14) | BIT(15) | BIT(16) | BIT(20) | BIT(22) | BIT(23) |     \
     BIT(24) | BIT(27) | BIT(29) | BIT(30) | BIT(31))
#define EXT1_EDX_RDTSCP BIT(27)
/* 0x80000007 edx: only the invariant TSC. */
#define EXT7_EDX_INVARIANT_TSC BIT(8)
/* 0x80000008 eax bits 15:8: linear address bits; 4-level paging. */
#define EXT8_VA_BITS_SHIFT 8
#define EXT8_VA_BITS_MASK (0xffu << EXT8_VA_BITS_SHIFT)
#define GUEST_VA_BITS 48u

bool pv_has_rdtscp(void)
{
    return (pv_cpuid(CPUID_EXT_BASE + 1, 0).edx & EXT1_EDX_RDTSCP) != 0;
}

bool pv_cpu_is_amd(void)
{
    uint32_t ebx = cpuid(0, 0).ebx;

    return ebx == CPUID_VENDOR_AMD_EBX || ebx == CPUID_VENDOR_HYGON_EBX;
}

static struct cpuid_regs hypervisor_leaf(uint32_t leaf)
{
    switch (leaf - CPUID_HV_BASE) {
    case 0:
        return (struct cpuid_regs){CPUID_HV_LAST, XEN_CPUID_SIGNATURE_EBX,
                                   XEN_CPUID_SIGNATURE_ECX,
                                   XEN_CPUID_SIGNATURE_EDX};
    case 1:
        return (struct cpuid_regs){PARASOL_XEN_VERSION_LEAF, 0, 0, 0};
    case 2:
        return (struct cpuid_regs){XEN_HYPERCALL_PAGES, XEN_MSR_BASE,
                                   XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD,
                                   0};
    default:
        /* Past the last leaf Parasol has: zero, as Xen past its own. */
        return (struct cpuid_regs){0, 0, 0, 0};
    }
}

static struct cpuid_regs basic_leaf(uint32_t leaf, uint32_t sub)
{
    struct cpuid_regs r = cpuid(leaf, sub);
    struct cpuid_regs none = {0, 0, 0, 0};

    switch (leaf) {
    case 0:    /* highest leaf, vendor */
    case 2:    /* cache descriptors */
    case 4:    /* cache parameters */
    case 0xb:  /* topology */
    case 0x15: /* TSC and crystal clock */
    case 0x16: /* frequencies */
    case 0x1f: /* topology */
        return r;
    case 1:
        r.ecx = (r.ecx & LEAF1_ECX_ALLOWED) | LEAF1_ECX_HYPERVISOR;
        r.edx &= LEAF1_EDX_ALLOWED & ~(pv_cpu_is_amd() ? LEAF1_EDX_SEP : 0);
        return r;
    case 7:
        if (sub != 0)
            return none;
        return (struct cpuid_regs){0, r.ebx & LEAF7_EBX_ALLOWED, 0, 0};
    default:
        return none;
    }
}

static struct cpuid_regs extended_leaf(uint32_t leaf, uint32_t sub)
{
    struct cpuid_regs r = cpuid(leaf, sub);
    struct cpuid_regs none = {0, 0, 0, 0};
    uint32_t va_bits;

    switch (leaf - CPUID_EXT_BASE) {
    case 0: /* highest extended leaf, vendor */
    case 2: /* brand string */
    case 3: /* ... */
    case 4: /* ... */
    case 5: /* L1 caches */
    case 6: /* L2/L3 caches */
        return r;
    case 1:
        r.ecx &= EXT1_ECX_ALLOWED;
        r.edx &= EXT1_EDX_ALLOWED;
        return r;
    case 7:
        return (struct cpuid_regs){0, 0, 0, r.edx & EXT7_EDX_INVARIANT_TSC};
    case 8:
        va_bits = MIN((r.eax & EXT8_VA_BITS_MASK) >> EXT8_VA_BITS_SHIFT,
                      GUEST_VA_BITS);
        r.eax = (r.eax & ~EXT8_VA_BITS_MASK) | va_bits << EXT8_VA_BITS_SHIFT;
        r.ebx = 0; /* speculation controls: their MSRs fault */
        return r;
    default:
        return none;
    }
}

struct cpuid_regs pv_cpuid(uint32_t leaf, uint32_t sub)
{
    if (leaf >= CPUID_HV_BASE && leaf <= CPUID_HV_RANGE_LAST)
        return hypervisor_leaf(leaf);
    if (leaf <= cpuid(0, 0).eax)
        return basic_leaf(leaf, sub);
    if (leaf >= CPUID_EXT_BASE && leaf <= cpuid(CPUID_EXT_BASE, 0).eax)
        return extended_leaf(leaf, sub);
    return (struct cpuid_regs){0, 0, 0, 0};
}
