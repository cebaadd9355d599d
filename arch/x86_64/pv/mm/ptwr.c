/*
 * Writable page tables: a guest kernel may write its page-table entries
 * with plain mov instructions, as if its tables were writable. They are
 * mapped read-only (pv_mm.h), so the write faults; the #PF handler asks
 * pv_ptwr_emulate() to carry it out: find the L1 table the faulting
 * address lies in, decode the store, validate the value as an entry of
 * that table exactly as mmu_update would, write it and step over the
 * instruction. Xen always offers this for L1 tables, and only for them
 * (a store to an L2-L4 entry is the guest's #PF there too); Linux relies
 * on it.
 *
 * Decoded: mov r/m, r (89 /r) and mov r/m, imm32 (C7 /0), with an
 * optional REX prefix and any 64-bit memory operand (ModRM, SIB,
 * displacement, RIP-relative). Only the aligned 8-byte forms are
 * emulated, as in Xen: a 4-byte write would leave half an entry. xchg,
 * cmpxchg, other prefixes and other stores are refused, and so is an
 * invalid entry: the guest then receives the #PF (where Xen may crash
 * the domain), which a well-behaved guest never causes. A guest
 * single-stepping (TF) over an emulated store gets no #DB for it.
 */
#include <arch/pv_mm.h>
#include <arch/regs.h>
#include <arch/traps.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/lib.h>

/* Instruction encoding (Intel SDM vol. 2, chapter 2). */
#define REX_FIRST 0x40
#define REX_LAST 0x4f
#define REX_W 0x08    /* 64-bit operand */
#define REX_R 0x04    /* extends ModRM.reg */
#define REX_X 0x02    /* extends SIB.index */
#define REX_B 0x01    /* extends ModRM.rm or SIB.base */
#define REX_REG_BIT 3 /* a REX bit makes register number bit 3 */
#define OP_MOV_RM_REG 0x89
#define OP_MOV_RM_IMM 0xc7
#define OP_MOV_IMM_REG_FIELD 0 /* C7 /0 */

#define MODRM_MOD(b) ((b) >> 6)
#define MODRM_REG(b) (((b) >> 3) & 7)
#define MODRM_RM(b) ((b)&7)
#define SIB_SCALE(b) ((b) >> 6)
#define SIB_INDEX(b) (((b) >> 3) & 7)
#define SIB_BASE(b) ((b)&7)
#define MOD_NO_DISP 0
#define MOD_DISP8 1
#define MOD_DISP32 2
#define MOD_REGISTER 3
#define RM_SIB 4        /* rm: a SIB byte follows */
#define RM_DISP32 5     /* rm with mod 0: RIP + disp32 */
#define SIB_NO_INDEX 4  /* index (REX.X clear): none */
#define SIB_BASE_DISP 5 /* base with mod 0: disp32, no base */
#define NR_GPRS 16

/* General registers in encoding order: rax, rcx, rdx, rbx, rsp, rbp,
 * rsi, rdi, r8..r15. */
static const size_t gpr_offset[NR_GPRS] = {
    offsetof(struct cpu_regs, rax), offsetof(struct cpu_regs, rcx),
    offsetof(struct cpu_regs, rdx), offsetof(struct cpu_regs, rbx),
    offsetof(struct cpu_regs, rsp), offsetof(struct cpu_regs, rbp),
    offsetof(struct cpu_regs, rsi), offsetof(struct cpu_regs, rdi),
    offsetof(struct cpu_regs, r8),  offsetof(struct cpu_regs, r9),
    offsetof(struct cpu_regs, r10), offsetof(struct cpu_regs, r11),
    offsetof(struct cpu_regs, r12), offsetof(struct cpu_regs, r13),
    offsetof(struct cpu_regs, r14), offsetof(struct cpu_regs, r15),
};

static uint64_t gpr(const struct cpu_regs *regs, unsigned n)
{
    return *(const uint64_t *)((const uint8_t *)regs + gpr_offset[n]);
}

/* A reader over the instruction bytes; running past the end sets
 * 'short_read' and yields zeros, checked once at the end. */
struct insn_reader {
    const uint8_t *bytes;
    size_t len;
    size_t pos;
    bool short_read;
};

static uint8_t next_u8(struct insn_reader *r)
{
    if (r->pos >= r->len) {
        r->short_read = true;
        return 0;
    }
    return r->bytes[r->pos++];
}

/* A little-endian signed 8- or 32-bit field, sign-extended. */
static uint64_t next_signed(struct insn_reader *r, unsigned bytes)
{
    uint32_t v = 0;

    for (unsigned i = 0; i < bytes; i++)
        v |= (uint32_t)next_u8(r) << (8 * i);
    if (bytes == sizeof(int8_t))
        return (uint64_t)(int64_t)(int8_t)v;
    return (uint64_t)(int64_t)(int32_t)v;
}

static unsigned rex_ext(uint8_t rex, uint8_t bit)
{
    return (rex & bit) ? 1u << REX_REG_BIT : 0;
}

/* Base and index of a SIB byte (mod is ModRM.mod). */
static uint64_t decode_sib(struct insn_reader *r, uint8_t rex, unsigned mod,
                           const struct cpu_regs *regs)
{
    uint8_t sib = next_u8(r);
    unsigned index = SIB_INDEX(sib) | rex_ext(rex, REX_X);
    uint64_t ea = 0;

    if (index != SIB_NO_INDEX)
        ea = gpr(regs, index) << SIB_SCALE(sib);
    if (mod == MOD_NO_DISP && SIB_BASE(sib) == SIB_BASE_DISP)
        return ea + next_signed(r, sizeof(int32_t));
    return ea + gpr(regs, SIB_BASE(sib) | rex_ext(rex, REX_B));
}

/*
 * The memory operand of ModRM byte 'modrm'. A RIP-relative operand is
 * relative to the end of the instruction, not known yet: *rip_relative
 * tells the caller to add it.
 */
static uint64_t decode_mem(struct insn_reader *r, uint8_t rex, uint8_t modrm,
                           const struct cpu_regs *regs, bool *rip_relative)
{
    unsigned mod = MODRM_MOD(modrm);
    uint64_t ea;

    *rip_relative = false;
    if (MODRM_RM(modrm) == RM_SIB) {
        ea = decode_sib(r, rex, mod, regs);
    } else if (mod == MOD_NO_DISP && MODRM_RM(modrm) == RM_DISP32) {
        *rip_relative = true;
        return next_signed(r, sizeof(int32_t));
    } else {
        ea = gpr(regs, MODRM_RM(modrm) | rex_ext(rex, REX_B));
    }
    if (mod == MOD_DISP8)
        ea += next_signed(r, sizeof(int8_t));
    else if (mod == MOD_DISP32)
        ea += next_signed(r, sizeof(int32_t));
    return ea;
}

int ptwr_decode_store(const uint8_t *insn, size_t len,
                      const struct cpu_regs *regs, uint64_t *addr,
                      uint64_t *value, unsigned *size, unsigned *insn_len)
{
    struct insn_reader r = {.bytes = insn, .len = len};
    uint8_t rex = 0, op, modrm;
    uint64_t ea, src;
    bool rip_relative;

    op = next_u8(&r);
    if (op >= REX_FIRST && op <= REX_LAST) {
        rex = op;
        op = next_u8(&r);
    }
    if (r.short_read)
        return -EFAULT;
    if (op != OP_MOV_RM_REG && op != OP_MOV_RM_IMM)
        return -EINVAL;
    modrm = next_u8(&r);
    if (r.short_read)
        return -EFAULT;
    if (MODRM_MOD(modrm) == MOD_REGISTER)
        return -EINVAL;
    if (op == OP_MOV_RM_IMM && MODRM_REG(modrm) != OP_MOV_IMM_REG_FIELD)
        return -EINVAL;
    ea = decode_mem(&r, rex, modrm, regs, &rip_relative);
    if (op == OP_MOV_RM_IMM)
        src = next_signed(&r, sizeof(int32_t));
    else
        src = gpr(regs, MODRM_REG(modrm) | rex_ext(rex, REX_R));
    if (r.short_read)
        return -EFAULT;
    *insn_len = (unsigned)r.pos;
    *addr = rip_relative ? regs->rip + r.pos + ea : ea;
    *size = (rex & REX_W) ? sizeof(uint64_t) : sizeof(uint32_t);
    *value = *size == sizeof(uint64_t) ? src : (uint32_t)src;
    return 0;
}

/* Read up to X86_MAX_INSN_LEN bytes at rip; fewer if the instruction
 * ends near an unmapped page. Returns how many were read. */
static size_t fetch_insn(uint64_t rip, uint8_t *buf)
{
    size_t n;

    if (copy_from_guest(buf, rip, X86_MAX_INSN_LEN) == 0)
        return X86_MAX_INSN_LEN;
    for (n = 0; n < X86_MAX_INSN_LEN; n++) {
        if (copy_from_guest(&buf[n], rip + n, 1))
            break;
    }
    return n;
}

/*
 * If va lies in a read-only mapping of one of d's L1 tables in the
 * tables under 'root', the machine address va reaches in it.
 */
static bool ptwr_target(struct domain *d, mfn_t root, uint64_t va,
                        paddr_t *maddr)
{
    paddr_t l1e_maddr;
    uint64_t l1e, type_info;
    struct frame *f;

    if (pv_walk_l1e(root, va, &l1e_maddr))
        return false;
    l1e = __atomic_load_n((uint64_t *)arch_maddr_to_virt(l1e_maddr),
                          __ATOMIC_RELAXED);
    if (!(l1e & PTE_P) || (l1e & PTE_RW))
        return false;
    if (!mfn_valid(paddr_to_mfn(l1e & PTE_ADDR_MASK)))
        return false;
    f = mfn_to_frame(paddr_to_mfn(l1e & PTE_ADDR_MASK));
    type_info = __atomic_load_n(&f->type_info, __ATOMIC_ACQUIRE);
    /* L1 tables only, as on Xen: a store to an upper table is the
     * guest's #PF. */
    if (f->owner != d || frame_type_of(type_info) != FRAME_TYPE_L1 ||
        !(type_info & FRAME_TYPE_COUNT_MASK))
        return false;
    *maddr = (l1e & PTE_ADDR_MASK) | (va & (PAGE_SIZE - 1));
    return true;
}

bool pv_ptwr_emulate(struct cpu_regs *regs, uint64_t cr2)
{
    struct vcpu *v = current_vcpu();
    uint8_t insn[X86_MAX_INSN_LEN];
    uint64_t addr, value;
    unsigned size, insn_len;
    paddr_t maddr;
    size_t len;

    /* A write to a present, read-only page by the guest kernel. */
    if ((regs->error_code & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD)) !=
            (PFEC_PRESENT | PFEC_WRITE) ||
        !pv_vcpu_in_kernel(v))
        return false;
    if (!guest_range_ok(cr2, sizeof(uint64_t)) ||
        !IS_ALIGNED(cr2, sizeof(uint64_t)))
        return false;
    if (!ptwr_target(v->domain, pv_vcpu_kernel_root(v), cr2, &maddr))
        return false;
    len = fetch_insn(regs->rip, insn);
    if (ptwr_decode_store(insn, len, regs, &addr, &value, &size, &insn_len))
        return false;
    if (size != sizeof(uint64_t) || addr != cr2)
        return false;
    if (pv_pte_update(v->domain, maddr, value, PV_PTE_TABLE_ONLY))
        return false;
    regs->rip += insn_len;
    return true;
}
