/*
 * test_traps: exceptions of a PV guest kernel, each handled by the
 * guest and returned from through iret, with every field of the bounce
 * frame checked exactly (reference §3.9): vector, error code, rip (the
 * faulting instruction, or the next one for int3 and int $n), cs 0xe030
 * with the saved upcall mask in bits 32-39, rflags with the virtual IF,
 * the interrupted rsp, ss, and the registers; then that the interrupted
 * code resumed where the handler said with its registers intact.
 *
 * Covered: #DE, #PF (read of an unmapped page, write to a read-only
 * page, fetch from an unmapped page: cr2 and the error code as Xen
 * gives it, the U bit saying guest user mode), #GP(0) (cli, a wrmsr the
 * hypervisor refuses), #GP for int $n with no handler, #BP, #UD, #NM
 * after fpu_taskswitch, and int $0x80 through a trap-table entry of
 * DPL 3 (guest-lib has stubs for vectors 0-19 only: trap_probe.S brings
 * its own). #UD is run twice, with events masked and unmasked, for the
 * saved mask and the virtual IF.
 */
#include "trap_probe.h"
#include "verdict.h"

#include <parasol/guest.h>

/* Bits of rflags (Intel SDM vol. 1, 3.4.3). */
#define RFLAGS_IF (1UL << 9)
/* Hardware may set RF in the rflags image it saves for a fault (so that
 * an instruction breakpoint does not fire again on the way back); QEMU's
 * TCG does not. It is the CPU's doing, not the hypervisor's, so frames
 * are compared without it. */
#define RFLAGS_RF (1UL << 16)
#define CS_SAVED_MASK_SHIFT 32
/* An exception in guest kernel mode shows cs with RPL 0 (reference
 * §3.9). */
#define CS_KERNEL_FRAME (FLAT_KERNEL_CS & ~3UL)

/* #GP error code of int $n through a gate it may not use: n << 3, IDT. */
#define GP_ERROR_IDT (1U << 1)
#define GP_ERROR_VECTOR_SHIFT 3
/* QEMU's TCG before 8.0 shifts the vector by 4 in long mode. */
#define GP_ERROR_VECTOR_SHIFT_QEMU_OLD 4
/* trap_info flags: DPL 3 (any ring may int $n), mask events on entry. */
#define TRAP_INFO_DPL3 3
#define TRAP_INFO_MASK_EVENTS (1U << 2)

/* An architectural MSR (SDM vol. 4): the FS base, which the hypervisor
 * emulates but only for a canonical value. */
#define MSR_FS_BASE 0xc0000100U
#define NON_CANONICAL_HIGH 0x80000000U /* edx: base 0x8000000000000000 */
/* edx for 0x0000800000000000, the first address past the lower half. */
#define NON_CANONICAL_LOW_END 0x8000U
#define CR0_TS (1UL << 3)

/* Nothing is mapped in L4 slot 128: no L3, no L2, no L1. */
#define UNMAPPED_VA 0x0000400000000123UL
/* A byte well inside the read-only page, so cr2 is not the page. */
#define RO_OFFSET 0x18

/* What the handlers saw, for the checks after the probe. */
static struct guest_trap_frame seen;
static unsigned int seen_count;
static uint8_t seen_mask;   /* upcall mask while the handler ran */
static uint64_t resume_rip; /* where a fault resumes; 0: unchanged */

static uint8_t upcall_mask(void)
{
    return ((volatile vcpu_info_t *)guest_vcpu_info())->evtchn_upcall_mask;
}

static bool on_exception(struct guest_trap_frame *f)
{
    seen = *f;
    seen_count++;
    seen_mask = upcall_mask();
    if (resume_rip)
        f->rip = resume_rip;
    return true;
}

static const unsigned int handled_vectors[] = {
    X86_EXC_DE, X86_EXC_BP, X86_EXC_UD, X86_EXC_NM, X86_EXC_GP, X86_EXC_PF,
};

/* Distinct, recognisable register values: 0x0101..., 0x0202..., ... */
#define PATTERN_STEP 0x0101010101010101UL

struct probe {
    const char *name;
    void (*run)(void);
    const char *insn, *resume;
    unsigned int vector;
    uint64_t error_code;
    /* Also accepted: the code QEMU's TCG gives instead, which Xen and
     * Parasol both pass through as the CPU gave it. */
    uint64_t error_code_qemu;
    bool trap;           /* rip in the frame is after the instruction */
    uint64_t cr2;        /* #PF only */
    uint64_t fetch_rip;  /* a fetch fault: rip is where the jump went */
    unsigned int nr_set; /* registers the instruction needs */
    struct {
        unsigned int reg;
        uint64_t value;
    } set[3];
};

static void load_pattern(const struct probe *p)
{
    for (unsigned int r = 0; r < PROBE_NR_REGS; r++)
        probe_before[r] = PATTERN_STEP * (r + 1);
    for (unsigned int i = 0; i < p->nr_set; i++)
        probe_before[p->set[i].reg] = p->set[i].value;
}

static void frame_registers(const struct guest_trap_frame *f, uint64_t *r)
{
    r[PROBE_RAX] = f->rax, r[PROBE_RBX] = f->rbx, r[PROBE_RCX] = f->rcx;
    r[PROBE_RDX] = f->rdx, r[PROBE_RSI] = f->rsi, r[PROBE_RDI] = f->rdi;
    r[PROBE_RBP] = f->rbp, r[PROBE_R8] = f->r8, r[PROBE_R9] = f->r9;
    r[PROBE_R10] = f->r10, r[PROBE_R11] = f->r11, r[PROBE_R12] = f->r12;
    r[PROBE_R13] = f->r13, r[PROBE_R14] = f->r14, r[PROBE_R15] = f->r15;
}

/* The first register in which a differs from b, or PROBE_NR_REGS. */
static unsigned int first_difference(const uint64_t *a, const uint64_t *b)
{
    unsigned int r = 0;

    while (r < PROBE_NR_REGS && a[r] == b[r])
        r++;
    return r;
}

/* "#PF read: what" into buf, for the check lines. */
static const char *label(char *buf, size_t size, const struct probe *p,
                         const char *what)
{
    snprintf(buf, size, "%s: %s", p->name, what);
    return buf;
}

/* The frame's cs, rflags, rsp and ss for code that ran with the given
 * upcall mask. */
static void check_frame_context(const struct probe *p, uint64_t cs,
                                uint64_t rflags, uint64_t rsp, uint64_t ss,
                                uint8_t mask)
{
    uint64_t want_rflags = (probe_rflags & ~RFLAGS_IF) | (mask ? 0 : RFLAGS_IF);
    char buf[96];

    check_hex(cs, CS_KERNEL_FRAME | ((uint64_t)mask << CS_SAVED_MASK_SHIFT),
              label(buf, sizeof(buf), p, "cs 0xe030, saved mask in 32-39"));
    check_hex(rflags & ~RFLAGS_RF, want_rflags,
              label(buf, sizeof(buf), p, "rflags, virtual IF = !mask"));
    check_hex(rsp, probe_rsp, label(buf, sizeof(buf), p, "rsp interrupted"));
    check_hex(ss, FLAT_KERNEL_SS, label(buf, sizeof(buf), p, "ss 0xe02b"));
}

/* After the return: the code resumed where it should with its
 * registers intact, and the upcall mask as it was (mask_after, read
 * before anything else could change it). */
static void check_resumed(const struct probe *p, uint8_t mask,
                          uint8_t mask_after)
{
    char buf[96];

    check_hex(first_difference(probe_after, probe_before), PROBE_NR_REGS,
              label(buf, sizeof(buf), p,
                    "registers intact after iret (first bad slot, or 15)"));
    check_hex(mask_after, mask,
              label(buf, sizeof(buf), p, "iret restored the upcall mask"));
}

/* Where the frame's rip must point. */
static uint64_t expected_rip(const struct probe *p)
{
    if (p->fetch_rip)
        return p->fetch_rip;
    return (uint64_t)(p->trap ? p->resume : p->insn);
}

/* Runs p with events masked (mask 1) or not, and checks everything. */
static void run_probe(const struct probe *p, uint8_t mask)
{
    uint64_t regs[PROBE_NR_REGS];
    uint8_t mask_after;
    char buf[96];

    load_pattern(p);
    seen_count = 0;
    resume_rip = p->trap ? 0 : (uint64_t)p->resume;
    if (!mask)
        events_enable();
    p->run();
    mask_after = upcall_mask();
    events_disable();
    if (!check_hex(seen_count, 1, label(buf, sizeof(buf), p, "handled once")))
        return;
    check_hex(seen.vector, p->vector, label(buf, sizeof(buf), p, "vector"));
    check_hex(seen.error_code == p->error_code_qemu && p->error_code_qemu
                  ? p->error_code
                  : seen.error_code,
              p->error_code, label(buf, sizeof(buf), p, "error code"));
    check_hex(seen.rip, expected_rip(p),
              label(buf, sizeof(buf), p,
                    p->trap ? "rip after the instruction" : "rip at it"));
    if (p->vector == X86_EXC_PF)
        check_hex(seen.cr2, p->cr2, label(buf, sizeof(buf), p, "cr2"));
    check_frame_context(p, seen.cs, seen.rflags, seen.rsp, seen.ss, mask);
    frame_registers(&seen, regs);
    check_hex(
        first_difference(regs, probe_before), PROBE_NR_REGS,
        label(buf, sizeof(buf), p, "frame registers (first bad slot, or 15)"));
    check_hex(seen_mask, 1, label(buf, sizeof(buf), p, "handler masked"));
    check_resumed(p, mask, mask_after);
}

/* int $0x80: int80_entry recorded rip, cs, rflags, rsp, ss. */
static void run_soft_int(const struct probe *p)
{
    trap_info_t table[] = {
        {.vector = PROBE_SOFT_VECTOR,
         .flags = TRAP_INFO_DPL3 | TRAP_INFO_MASK_EVENTS,
         .cs = FLAT_KERNEL_CS,
         .address = (unsigned long)int80_entry},
        {0},
    };
    char buf[96];

    /* Only the vectors listed change: guest-lib's 0-19 stay. */
    check_rc(HYPERVISOR_set_trap_table(table), 0,
             "set_trap_table adds vector 0x80 with DPL 3");
    load_pattern(p);
    int80_count = 0;
    seen_count = 0;
    /* Should a #GP come instead, it is counted and skips the int. */
    resume_rip = (uint64_t)p->resume;
    p->run();
    check_hex(seen_count, 0, label(buf, sizeof(buf), p, "no exception"));
    if (!check_hex(int80_count, 1, label(buf, sizeof(buf), p, "handled once")))
        return;
    check_hex(int80_frame[0], (uint64_t)p->resume,
              label(buf, sizeof(buf), p, "rip after the instruction"));
    check_frame_context(p, int80_frame[1], int80_frame[2], int80_frame[3],
                        int80_frame[4], 1);
    check_resumed(p, 1, upcall_mask());
}

/* A page of ours, mapped read-only at its 1:1 address for the test. */
static unsigned long read_only_page(void)
{
    void *page = page_alloc();
    int rc = page ? mm_update_va((unsigned long)page,
                                 pte_make(virt_to_mfn(page), PTE_FLAGS_RO))
                  : -XEN_ENOMEM;

    check_rc(rc, 0, "a page made read-only");
    return (unsigned long)page;
}

static uint64_t read_cr0(void)
{
    uint64_t cr0;

    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    return cr0;
}

#define PROBE_AT(n)                                                            \
    .run = probe_##n, .insn = probe_##n##_insn, .resume = probe_##n##_resume

/* The exceptions, each with events masked as guest-lib leaves them;
 * the write probe writes into ro_byte, on a read-only page. */
static void run_exceptions(uint64_t ro_byte)
{
    const struct probe probes[] = {
        {"#DE div by 0", PROBE_AT(de), .vector = X86_EXC_DE, .nr_set = 1,
         .set = {{PROBE_RDI, 0}}},
        {"#PF read", PROBE_AT(pf_read), .vector = X86_EXC_PF, .error_code = 0,
         .cr2 = UNMAPPED_VA, .nr_set = 1, .set = {{PROBE_RDI, UNMAPPED_VA}}},
        {"#PF write RO", PROBE_AT(pf_write), .vector = X86_EXC_PF,
         .error_code = PFEC_PRESENT | PFEC_WRITE, .cr2 = ro_byte, .nr_set = 1,
         .set = {{PROBE_RDI, ro_byte}}},
        {"#PF fetch", PROBE_AT(pf_fetch), .vector = X86_EXC_PF,
         .error_code = PFEC_INSN, .cr2 = UNMAPPED_VA, .fetch_rip = UNMAPPED_VA,
         .nr_set = 1, .set = {{PROBE_RDI, UNMAPPED_VA}}},
        {"#GP cli", PROBE_AT(gp_cli), .vector = X86_EXC_GP, .error_code = 0},
        {"#GP wrmsr", PROBE_AT(gp_wrmsr), .vector = X86_EXC_GP, .error_code = 0,
         .nr_set = 3,
         .set = {{PROBE_RCX, MSR_FS_BASE},
                 {PROBE_RDX, NON_CANONICAL_HIGH},
                 {PROBE_RAX, 0}}},
        /* Regression (c0556a4): this base was taken, and faulted in the
         * hypervisor's own wrmsr. */
        {"#GP wrmsr 2^47", PROBE_AT(gp_wrmsr), .vector = X86_EXC_GP,
         .error_code = 0, .nr_set = 3,
         .set = {{PROBE_RCX, MSR_FS_BASE},
                 {PROBE_RDX, NON_CANONICAL_LOW_END},
                 {PROBE_RAX, 0}}},
        {"#GP int $0x81", PROBE_AT(gp_int), .vector = X86_EXC_GP,
         .error_code =
             ((PROBE_SOFT_VECTOR + 1) << GP_ERROR_VECTOR_SHIFT) | GP_ERROR_IDT,
         .error_code_qemu =
             ((PROBE_SOFT_VECTOR + 1) << GP_ERROR_VECTOR_SHIFT_QEMU_OLD) |
             GP_ERROR_IDT},
        {"#BP int3", PROBE_AT(bp), .vector = X86_EXC_BP, .trap = true},
        {"#UD ud2", PROBE_AT(ud), .vector = X86_EXC_UD},
        {"#NM fnop", PROBE_AT(nm), .vector = X86_EXC_NM},
    };

    for (size_t i = 0; i < sizeof(probes) / sizeof(*probes); i++) {
        if (probes[i].vector == X86_EXC_NM)
            check_rc(HYPERVISOR_fpu_taskswitch(1), 0,
                     "fpu_taskswitch(1) sets the virtual CR0.TS");
        run_probe(&probes[i], 1);
    }
    check_hex(read_cr0() & CR0_TS, 0, "#NM cleared the virtual CR0.TS");
}

int main(void)
{
    const struct probe ud_unmasked = {"#UD ud2, events on", PROBE_AT(ud),
                                      .vector = X86_EXC_UD};
    const struct probe soft_int = {"int $0x80", PROBE_AT(soft_int),
                                   .vector = PROBE_SOFT_VECTOR, .trap = true};

    verdict_title("test_traps", "exceptions bounced to the guest kernel");
    for (size_t i = 0; i < sizeof(handled_vectors) / sizeof(*handled_vectors);
         i++)
        trap_register(handled_vectors[i], on_exception);
    run_exceptions(read_only_page() + RO_OFFSET);
    run_probe(&ud_unmasked, 0);
    run_soft_int(&soft_int);
    verdict_end();
}
