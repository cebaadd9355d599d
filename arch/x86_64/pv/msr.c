/*
 * rdmsr and wrmsr from a PV guest kernel: ring 3 takes #GP on both, and
 * the hypervisor answers the MSRs a PV kernel touches at boot as Xen 4.17
 * answers them (measured by tests/guests/cpuid.c under QEMU's AMD CPU
 * model; Intel-only MSRs answer as Xen does on AMD: #GP). Every MSR not
 * named here raises #GP, as on Xen: the machine's own MSRs are not the
 * guest's business.
 *
 * Nothing is passed through to the hardware but the segment bases, the
 * TSC and the microcode revision (reads), and EFER (read: the guest runs
 * in long mode on the host's EFER).
 */
#include <arch/cpu.h>
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <arch/x86.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/mm.h>

#define MSR_TSC 0x10
#define MSR_UCODE_REV 0x8b /* AMD: PATCH_LEVEL */
#define MSR_MISC_FEATURES_ENABLES 0x140
#define MSR_MCG_CAP 0x179
#define MSR_MCG_STATUS 0x17a
#define MSR_MCG_CTL 0x17b
#define MSR_MISC_ENABLE 0x1a0
#define MSR_PAT 0x277
#define MSR_MC0_CTL 0x400
#define MSR_PERF_CAPABILITIES 0x345
#define MSR_AMD_HWCR 0xc0010015
#define MSR_AMD_DE_CFG 0xc0011029
#define MSR_AMD_SYSCFG 0xc0010010
#define MSR_AMD_NB_CFG 0xc001001f
/* AMD's performance counters (legacy and family 15h forms) and P-state
 * definitions: Xen offers no vPMU and no P-states to a PV guest, so
 * they read 0 and writes are dropped. */
#define MSR_AMD_PERF_FIRST 0xc0010000
#define MSR_AMD_PERF_LAST 0xc0010007
#define MSR_AMD_PERF_F15H_FIRST 0xc0010200
#define MSR_AMD_PERF_F15H_LAST 0xc001020b
#define MSR_AMD_PSTATE_FIRST 0xc0010064
#define MSR_AMD_PSTATE_LAST 0xc001006b

#define EFER_LMA (1 << 10)
/* The EFER bits a PV guest sees (Xen: SCE, LME, LMA, NXE). */
#define GUEST_EFER_BITS (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)

/* APIC_BASE: the default base, enabled, and the BSP flag on vCPU 0. */
#define APIC_BASE_DEFAULT 0xfee00000UL
#define APIC_BASE_ENABLE (1UL << 11)
#define APIC_BASE_BSP (1UL << 8)

/* Xen's fixed PAT for PV guests: WB, WT, UC-, UC, WC, WP, UC, UC. */
#define XEN_PV_PAT 0x0000050100070406UL

/* MISC_ENABLE: fast strings, no BTS, no PEBS, xTPR messages off. */
#define MISC_ENABLE_GUEST ((1UL << 0) | (1UL << 11) | (1UL << 12) | (1UL << 23))

/*
 * Xen's virtual machine-check architecture: two banks, nothing to
 * report. MCG_CAP holds the bank count; each bank is CTL (all ones),
 * STATUS, ADDR and MISC (zero). A PV kernel may clear STATUS; anything
 * else written is dropped, except a nonzero STATUS, which faults. The
 * rest of the architectural bank range (32 banks) and the CTL2 MSRs
 * read 0 and drop writes, as on Xen.
 */
#define VMCE_BANKS 2
#define MCA_MAX_BANKS 32
#define MSRS_PER_BANK 4
#define BANK_CTL 0
#define BANK_STATUS 1
#define MSR_MC_LAST (MSR_MC0_CTL + VMCE_BANKS * MSRS_PER_BANK - 1)
#define MSR_MC_RANGE_LAST (MSR_MC0_CTL + MCA_MAX_BANKS * MSRS_PER_BANK - 1)
#define MSR_MC0_CTL2 0x280
#define MSR_MC_CTL2_LAST (MSR_MC0_CTL2 + MCA_MAX_BANKS - 1)

/* DE_CFG: LFENCE serialising, as Xen sets it. */
#define DE_CFG_LFENCE_SERIALISE (1UL << 1)

/* The hypercall page MSR's value: frame number and page index. */
#define HYPERCALL_MSR_INDEX_MASK (PAGE_SIZE - 1)

static bool in_range(uint32_t msr, uint32_t first, uint32_t last)
{
    return msr >= first && msr <= last;
}

/* Banks past VMCE_BANKS, and every CTL2: read 0, writes dropped. */
static bool vmce_unused(uint32_t msr)
{
    return in_range(msr, MSR_MC_LAST + 1, MSR_MC_RANGE_LAST) ||
           in_range(msr, MSR_MC0_CTL2, MSR_MC_CTL2_LAST);
}

static bool vmce_read(uint32_t msr, uint64_t *val)
{
    if (msr == MSR_MCG_CAP)
        *val = VMCE_BANKS;
    else if (msr == MSR_MCG_STATUS || msr == MSR_MCG_CTL || vmce_unused(msr))
        *val = 0;
    else if (in_range(msr, MSR_MC0_CTL, MSR_MC_LAST))
        *val = (msr - MSR_MC0_CTL) % MSRS_PER_BANK == BANK_CTL ? ~0UL : 0;
    else
        return false;
    return true;
}

static bool vmce_write(uint32_t msr, uint64_t val)
{
    if (msr == MSR_MCG_CAP || msr == MSR_MCG_STATUS || msr == MSR_MCG_CTL ||
        vmce_unused(msr))
        return true;
    if (!in_range(msr, MSR_MC0_CTL, MSR_MC_LAST))
        return false;
    return (msr - MSR_MC0_CTL) % MSRS_PER_BANK != BANK_STATUS || val == 0;
}

/* AMD MSRs that read 0 and drop writes on Xen: NB_CFG, the counters,
 * the P-states. */
static bool amd_dropped(uint32_t msr)
{
    return pv_cpu_is_amd() &&
           (msr == MSR_AMD_NB_CFG ||
            in_range(msr, MSR_AMD_PERF_FIRST, MSR_AMD_PERF_LAST) ||
            in_range(msr, MSR_AMD_PERF_F15H_FIRST, MSR_AMD_PERF_F15H_LAST) ||
            in_range(msr, MSR_AMD_PSTATE_FIRST, MSR_AMD_PSTATE_LAST));
}

bool pv_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    switch (msr) {
    case MSR_FS_BASE:
        *val = v->arch.fs_base;
        return true;
    case MSR_GS_BASE:
        *val = v->arch.gs_base_kernel;
        return true;
    case MSR_KERNEL_GS_BASE:
        *val = v->arch.gs_base_user;
        return true;
    case MSR_TSC:
        *val = rdtsc();
        return true;
    case MSR_APIC_BASE:
        *val = APIC_BASE_DEFAULT | APIC_BASE_ENABLE |
               (v->vcpu_id == 0 ? APIC_BASE_BSP : 0);
        return true;
    case MSR_UCODE_REV:
        *val = rdmsr(MSR_UCODE_REV);
        return true;
    case MSR_TSC_AUX:
        *val = v->arch.tsc_aux;
        return pv_has_rdtscp();
    case MSR_PLATFORM_INFO:         /* no CPUID faulting on offer */
    case MSR_MISC_FEATURES_ENABLES: /* ... so nothing enabled */
    case XEN_MSR_BASE:              /* the hypercall page: write-only */
        *val = 0;
        return true;
    case MSR_MISC_ENABLE:
        *val = MISC_ENABLE_GUEST;
        return true;
    case MSR_PAT:
        *val = XEN_PV_PAT;
        return true;
    case MSR_EFER:
        *val = rdmsr(MSR_EFER) & GUEST_EFER_BITS;
        return true;
    case MSR_PERF_CAPABILITIES: /* no vPMU: nothing to report */
        *val = 0;
        return true;
    case MSR_AMD_HWCR:
    case MSR_AMD_SYSCFG:
        *val = 0;
        return pv_cpu_is_amd();
    case MSR_AMD_DE_CFG:
        *val = DE_CFG_LFENCE_SERIALISE;
        return pv_cpu_is_amd();
    default:
        *val = 0;
        return amd_dropped(msr) || vmce_read(msr, val);
    }
}

/* A segment base, loaded at once, as set_segment_base would. */
static bool write_segment_base(struct vcpu *v, uint64_t *field, uint64_t val)
{
    if (!is_canonical_address(val))
        return false; /* the guest gets #GP, as from the real wrmsr */
    *field = val;
    wrmsr(MSR_FS_BASE, v->arch.fs_base);
    pv_load_guest_gs(v);
    return true;
}

/*
 * What rdtscp returns in ecx: the guest's own 32-bit value, kept per
 * vCPU and loaded into the CPU while the vCPU runs (arch_vcpu_run), as
 * on Xen. Only with rdtscp in the guest's CPUID; a value above 32 bits
 * is #GP, as from the real wrmsr.
 */
static bool write_tsc_aux(struct vcpu *v, uint64_t val)
{
    if (!pv_has_rdtscp() || val != (uint32_t)val)
        return false;
    v->arch.tsc_aux = (uint32_t)val;
    wrmsr(MSR_TSC_AUX, val);
    return true;
}

/*
 * Xen's hypercall page MSR: the value is a frame of the guest's (bits
 * 63:12) and a page index (bits 11:0; Parasol has one page). The frame
 * must be one it could map writable; the hypervisor fills it.
 */
static bool write_hypercall_page(struct vcpu *v, uint64_t val)
{
    mfn_t mfn = val >> PAGE_SHIFT;
    struct frame *f;

    if ((val & HYPERCALL_MSR_INDEX_MASK) != 0 || !mfn_valid(mfn))
        return false;
    f = mfn_to_frame(mfn);
    if (get_page_and_type(f, v->domain, FRAME_TYPE_WRITABLE))
        return false;
    pv_write_hypercall_page(mfn_to_virt(mfn));
    put_page_and_type(f);
    return true;
}

bool pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    switch (msr) {
    case MSR_FS_BASE:
        return write_segment_base(v, &v->arch.fs_base, val);
    case MSR_GS_BASE:
        return write_segment_base(v, &v->arch.gs_base_kernel, val);
    case MSR_KERNEL_GS_BASE:
        return write_segment_base(v, &v->arch.gs_base_user, val);
    case MSR_MISC_FEATURES_ENABLES:
        return val == 0; /* CPUID faulting is not offered */
    case MSR_EFER:
        return val == (rdmsr(MSR_EFER) & GUEST_EFER_BITS);
    case MSR_MISC_ENABLE: /* Xen drops the write */
        return true;
    case MSR_TSC_AUX:
        return write_tsc_aux(v, val);
    case MSR_AMD_HWCR:
    case MSR_AMD_DE_CFG:
        return pv_cpu_is_amd(); /* dropped, as on Xen */
    case XEN_MSR_BASE:
        return write_hypercall_page(v, val);
    default:
        return amd_dropped(msr) || vmce_write(msr, val);
    }
}
