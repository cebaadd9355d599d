/*
 * Emulation of what a PV kernel running in ring 3 may not execute but is
 * allowed to ask for: CPUID behind Xen's forced-emulation prefix
 * (ud2; .ascii "xen"; cpuid: the answers are cpuid.c's), reads of
 * control registers, rdmsr/wrmsr (msr.c), clts, hlt (as SCHEDOP_block), and
 * software interrupts (int $n) to vectors whose virtual IDT entry allows them.
 * Anything else is left to the caller, who delivers the fault to the guest.
 */
#include <arch/cpu.h>
#include <arch/pv.h>
#include <arch/traps.h>
#include <arch/x86.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <public/arch-x86/xen.h>

#define MAX_INSN_LEN 15
#define REX_MIN 0x40
#define REX_MAX 0x4f
#define REX_R (1 << 2)
#define REX_B (1 << 0)
#define OPCODE_TWO_BYTE 0x0f
#define OP2_MOV_FROM_CR 0x20
#define OP2_MOV_TO_CR 0x22
#define OP2_CLTS 0x06
#define OP2_WRMSR 0x30
#define OP2_RDMSR 0x32
#define OP2_CPUID 0xa2
#define OP_HLT 0xf4
#define OP_INT 0xcd
#define MODRM_MOD_REG 3
/* #GP error code of a software interrupt through a gate it may not use:
 * the IDT vector << 3 | IDT bit. */
#define GP_ERR_IDT (1 << 1)
#define GP_ERR_VECTOR_SHIFT 3
/* QEMU's TCG before 8.0 shifts the vector by 4 in long mode. */
#define GP_ERR_VECTOR_SHIFT_QEMU_OLD 4
/* Xen's forced-emulation prefix: ud2 then the bytes "xen". */
static const uint8_t fep_prefix[] = {0x0f, 0x0b, 'x', 'e', 'n'};

/* Fetch up to MAX_INSN_LEN bytes at rip; returns how many were read. */
static size_t fetch_insn(const struct cpu_regs *regs, uint8_t *buf)
{
    size_t to_page_end = PAGE_SIZE - (regs->rip & (PAGE_SIZE - 1));
    size_t n = MIN((size_t)MAX_INSN_LEN, to_page_end);

    if (copy_from_guest(buf, regs->rip, n))
        return 0;
    if (n < MAX_INSN_LEN &&
        !copy_from_guest(buf + n, regs->rip + n, MAX_INSN_LEN - n))
        n = MAX_INSN_LEN;
    return n;
}

static uint64_t *gpr(struct cpu_regs *regs, unsigned n)
{
    uint64_t *const map[] = {&regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
                             &regs->rsp, &regs->rbp, &regs->rsi, &regs->rdi,
                             &regs->r8,  &regs->r9,  &regs->r10, &regs->r11,
                             &regs->r12, &regs->r13, &regs->r14, &regs->r15};
    return map[n & 15];
}

static void emulate_cpuid(struct cpu_regs *regs)
{
    struct cpuid_regs r = pv_cpuid((uint32_t)regs->rax, (uint32_t)regs->rcx);

    regs->rax = r.eax;
    regs->rbx = r.ebx;
    regs->rcx = r.ecx;
    regs->rdx = r.edx;
}

bool pv_emulate_forced(struct vcpu *v, struct cpu_regs *regs)
{
    uint8_t insn[MAX_INSN_LEN];
    size_t n = fetch_insn(regs, insn);

    (void)v;
    if (n < sizeof(fep_prefix) + 2 ||
        memcmp(insn, fep_prefix, sizeof(fep_prefix)) ||
        insn[sizeof(fep_prefix)] != OPCODE_TWO_BYTE ||
        insn[sizeof(fep_prefix) + 1] != OP2_CPUID)
        return false; /* a real #UD: the guest gets it */
    emulate_cpuid(regs);
    regs->rip += sizeof(fep_prefix) + 2;
    return true;
}

static uint64_t read_virtual_cr(struct vcpu *v, unsigned cr, bool *ok)
{
    *ok = true;
    switch (cr) {
    case 0:
        return (read_cr0() & ~(uint64_t)X86_CR0_TS) |
               (v->arch.fpu_ts ? X86_CR0_TS : 0);
    case 2:
        return v->vcpu_info->arch.cr2;
    case 3:
        return mfn_to_paddr(v->arch.in_kernel || !v->arch.user_root
                                ? v->arch.kernel_root
                                : v->arch.user_root);
    case 4:
        /* Xen 4.17's view for a PV guest (0x660): no PGE, which CPUID
         * hides too; MCE, which it shows. */
        return X86_CR4_PAE | X86_CR4_MCE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
    default:
        *ok = false;
        return 0;
    }
}

/* rdmsr/wrmsr as Xen answers them (msr.c); false: the guest's #GP. */
static bool emulate_msr(struct vcpu *v, struct cpu_regs *regs, bool write)
{
    uint32_t msr = (uint32_t)regs->rcx;
    uint64_t val = (regs->rdx << 32) | (uint32_t)regs->rax;

    if (write)
        return pv_wrmsr(v, msr, val);
    if (!pv_rdmsr(v, msr, &val))
        return false;
    regs->rax = (uint32_t)val;
    regs->rdx = val >> 32;
    return true;
}

/* int $n from the guest: allowed if the vector's DPL admits the mode. */
static bool emulate_soft_int(struct vcpu *v, struct cpu_regs *regs,
                             uint8_t vector, unsigned len)
{
    const struct pv_trap *t = &v->arch.traps[vector];
    unsigned dpl = t->flags & 3, needed = v->arch.in_kernel ? 1 : 3;

    /* The #GP came from this int only if it names the vector. The code
     * itself reaches the guest as the CPU gave it, as on Xen, even
     * QEMU's. */
    bool from_int =
        regs->error_code ==
            ((uint64_t)vector << GP_ERR_VECTOR_SHIFT | GP_ERR_IDT) ||
        regs->error_code ==
            ((uint64_t)vector << GP_ERR_VECTOR_SHIFT_QEMU_OLD | GP_ERR_IDT);

    if (!from_int || !t->address || dpl < needed)
        return false;
    regs->rip += len; /* the handler returns after the int */
    pv_inject_trap(v, regs, vector, false, 0);
    return true;
}

static bool emulate_two_byte(struct vcpu *v, struct cpu_regs *regs,
                             const uint8_t *p, size_t left, unsigned rex)
{
    bool ok;

    if (left >= 3 && p[1] == OP2_MOV_FROM_CR && (p[2] >> 6) == MODRM_MOD_REG) {
        unsigned cr = ((p[2] >> 3) & 7) | (rex & REX_R ? 8 : 0);
        uint64_t val = read_virtual_cr(v, cr, &ok);
        if (!ok)
            return false;
        *gpr(regs, (p[2] & 7) | (rex & REX_B ? 8 : 0)) = val;
        regs->rip += 3;
        return true;
    }
    if (left >= 2 && p[1] == OP2_CLTS) {
        v->arch.fpu_ts = false;
        clts();
        regs->rip += 2;
        return true;
    }
    if (left >= 2 && (p[1] == OP2_RDMSR || p[1] == OP2_WRMSR) &&
        emulate_msr(v, regs, p[1] == OP2_WRMSR)) {
        regs->rip += 2;
        return true;
    }
    return false;
}

bool pv_emulate_privileged(struct vcpu *v, struct cpu_regs *regs)
{
    uint8_t insn[MAX_INSN_LEN];
    size_t n = fetch_insn(regs, insn);
    unsigned rex = 0, at = 0;

    if (n == 0)
        return false;
    if (insn[0] == OP_INT && n >= 2)
        return emulate_soft_int(v, regs, insn[1], 2);
    if (!v->arch.in_kernel)
        return false; /* the rest is for the guest kernel only */
    if (insn[0] == OP_HLT) {
        regs->rip += 1;
        vcpu_block_current();
        return true;
    }
    if (insn[0] >= REX_MIN && insn[0] <= REX_MAX) {
        rex = insn[0];
        at = 1;
    }
    if (n > at && insn[at] == OPCODE_TWO_BYTE &&
        emulate_two_byte(v, regs, insn + at, n - at, rex)) {
        regs->rip += at; /* the REX prefix too */
        return true;
    }
    return false;
}
