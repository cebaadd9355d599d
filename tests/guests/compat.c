/*
 * test_compat: a 64-bit PV guest running 32-bit user code, as Linux
 * runs 32-bit programs: the iret hypercall into compatibility mode
 * (FLAT_USER_CS32 0xe023, or a 32-bit code segment of the guest's own
 * GDT), and every way back to the guest kernel: syscall (to the
 * syscall32 callback), int $0x80 through a DPL-3 trap-table entry,
 * exceptions (#UD, #PF, #GP, int3), and an iret whose cs the CPU
 * refuses. Every slot of each bounce frame, the kernel stack it is on,
 * and the event mask are checked against Xen 4.17's measured values.
 *
 * Measured quirks of Xen 4.17 that the test pins down: a syscall from
 * 32-bit code masks events according to the 64-bit syscall callback's
 * CALLBACKF_mask_events, not the syscall32 one's; with no syscall32
 * callback it raises #UD at the syscall instruction (no fallback to
 * the 64-bit callback); DF is not cleared for the callback.
 *
 * Not checked, because QEMU's TCG (under which both hypervisors are
 * tested) does not enforce them while real CPUs do: a return to 16-bit
 * code or to a rip past the code segment's limit, and to a code segment
 * with both L and D set. Parasol raises #GP for these, as iretq does on
 * hardware.
 */
#include "compat_probe.h"
#include "verdict.h"

#include <parasol/guest.h>
#include <public/callback.h>

#define USER_STACK_SIZE 4096
#define KERNEL_STACK_SIZE 16384
#define STACK_RED_ZONE 16
#define RFLAGS_FIXED 0x2UL
#define RFLAGS_IF 0x200UL
#define RFLAGS_DF 0x400UL
#define CS_SAVED_MASK_SHIFT 32
#define SYSCALL_LEN 2
#define INT_N_LEN 2
#define INT3_LEN 1
#define TRAP_DPL3 3
#define TRAP_MASK_EVENTS 4
#define INT80_VECTOR 0x80

static uint8_t user_stack[USER_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t kernel_stack[KERNEL_STACK_SIZE] __attribute__((aligned(16)));

#define USER_RSP ((uint64_t)user_stack + USER_STACK_SIZE - STACK_RED_ZONE)
#define KERNEL_TOP ((uint64_t)kernel_stack + KERNEL_STACK_SIZE)

static trap_info_t table[] = {
    {X86_EXC_BP, TRAP_DPL3 | TRAP_MASK_EVENTS, FLAT_KERNEL_CS,
     (unsigned long)compat_trap_bp},
    {X86_EXC_UD, TRAP_MASK_EVENTS, FLAT_KERNEL_CS,
     (unsigned long)compat_trap_ud},
    {X86_EXC_NP, TRAP_MASK_EVENTS, FLAT_KERNEL_CS,
     (unsigned long)compat_trap_np},
    {X86_EXC_SS, TRAP_MASK_EVENTS, FLAT_KERNEL_CS,
     (unsigned long)compat_trap_ss},
    {X86_EXC_GP, TRAP_MASK_EVENTS, FLAT_KERNEL_CS,
     (unsigned long)compat_trap_gp},
    {X86_EXC_PF, TRAP_MASK_EVENTS, FLAT_KERNEL_CS,
     (unsigned long)compat_trap_pf},
    {INT80_VECTOR, TRAP_DPL3 | TRAP_MASK_EVENTS, FLAT_KERNEL_CS,
     (unsigned long)compat_trap_int80},
    {0, 0, 0, 0},
};

/* The guest GDT of the selector checks (set_gdt raises DPLs to 3). */
#define SEL_CODE32 0x0b
#define SEL_DATA 0x13
#define SEL_CONFORMING 0x33
#define SEL_NOT_PRESENT 0x3b
#define SEL_CODE64 0x43
#define SEL_DATA_RO 0x4b
static const uint64_t gdt_entries[] = {
    [SEL_CODE32 >> 3] = 0x00cffb000000ffffULL,
    [SEL_DATA >> 3] = 0x00cff3000000ffffULL,
    [SEL_CONFORMING >> 3] = 0x00cfff000000ffffULL,
    [SEL_NOT_PRESENT >> 3] = 0x00cf7b000000ffffULL,
    [SEL_CODE64 >> 3] = 0x00affb000000ffffULL,
    [SEL_DATA_RO >> 3] = 0x00cff1000000ffffULL,
};

/* What a probe must end in. */
struct expect {
    uint64_t recorder;  /* COMPAT_* or the trap's vector */
    bool has_ec;        /* an error code in the frame */
    uint64_t ec;        /* ... its value */
    int rip_delta;      /* frame rip - the code's address */
    bool syscall_regs;  /* rcx/r11 as syscall left them */
    uint64_t frame_cs;  /* cs in the frame, before the saved mask */
    uint8_t mask_after; /* evtchn_upcall_mask in the handler */
};

static long cb(uint16_t type, uint16_t flags, void (*f)(void))
{
    struct callback_register r = {
        .type = type, .flags = flags, .address = (unsigned long)f};

    return HYPERVISOR_callback_op(CALLBACKOP_register, &r);
}

static void check_frame(const struct expect *e, uint64_t rip, uint64_t ss,
                        uint64_t rflags)
{
    unsigned n = e->has_ec ? 8 : 7, i = 2;
    uint64_t saved_mask = rflags & RFLAGS_IF ? 0 : 1;

    check_hex(compat_frame_rsp, KERNEL_TOP - n * 8,
              "  frame on the stack_switch stack");
    if (e->syscall_regs) {
        check_hex(compat_frame[0], rip + SYSCALL_LEN, "  rcx: the return rip");
        check_hex(compat_frame[1], rflags | RFLAGS_IF, "  r11: the rflags");
    } else {
        check_hex(compat_frame[0], COMPAT_ECX, "  rcx");
        check_hex(compat_frame[1], COMPAT_R11, "  r11");
    }
    if (e->has_ec)
        check_hex(compat_frame[i++], e->ec, "  error code");
    check_hex(compat_frame[i++], rip + (uint64_t)e->rip_delta, "  rip");
    check_hex(compat_frame[i++],
              e->frame_cs | saved_mask << CS_SAVED_MASK_SHIFT,
              "  cs and the saved mask");
    check_hex(compat_frame[i++], rflags, "  rflags");
    check_hex(compat_frame[i++], USER_RSP, "  rsp");
    check_hex(compat_frame[i], ss, "  ss");
}

static void probe(const char *what, char *code, uint64_t cs, uint64_t ss,
                  uint64_t rflags, const struct expect *e)
{
    uint64_t rec;

    printf("%s\n", what);
    memset(compat_frame, 0, sizeof(compat_frame));
    rec = compat_enter((uint64_t)code, cs, ss, USER_RSP, rflags);
    check_hex(guest_vcpu_info()->evtchn_upcall_mask, e->mask_after,
              "  event mask in the handler");
    events_disable();
    if (!check_hex(rec, e->recorder, "  the bounce went to"))
        return;
    check_hex(compat_rax, COMPAT_EAX, "  rax kept");
    check_frame(e, (uint64_t)code, ss, rflags);
}

static void check_syscalls(void)
{
    const uint64_t cs32 = FLAT_USER_CS32, ss = FLAT_USER_SS;
    struct expect e = {
        COMPAT_SYSCALL32_CB, false, 0, SYSCALL_LEN, true, cs32, 1};

    check_rc(cb(CALLBACKTYPE_syscall32, 0, compat_syscall32_cb), 0,
             "syscall32 callback, no flags");
    check_rc(cb(CALLBACKTYPE_syscall, CALLBACKF_mask_events, compat_syscall_cb),
             0, "syscall callback, CALLBACKF_mask_events");
    probe("syscall, events masked", compat_user_syscall, cs32, ss, RFLAGS_FIXED,
          &e);
    probe("syscall, events on: the syscall callback's flag masks them",
          compat_user_syscall, cs32, ss, RFLAGS_FIXED | RFLAGS_IF, &e);
    probe("syscall with DF set: DF stays", compat_user_syscall, cs32, ss,
          RFLAGS_FIXED | RFLAGS_IF | RFLAGS_DF, &e);
    check_hex(compat_handler_rflags & RFLAGS_DF, RFLAGS_DF,
              "  the callback runs with DF set");
    check_rc(
        cb(CALLBACKTYPE_syscall32, CALLBACKF_mask_events, compat_syscall32_cb),
        0, "syscall32 callback, CALLBACKF_mask_events");
    check_rc(cb(CALLBACKTYPE_syscall, 0, compat_syscall_cb), 0,
             "syscall callback, no flags");
    e.mask_after = 0;
    probe("syscall: the syscall32 callback's flag does not mask",
          compat_user_syscall, cs32, ss, RFLAGS_FIXED | RFLAGS_IF, &e);
    check_rc(cb(CALLBACKTYPE_syscall32, 0, NULL), 0, "no syscall32 callback");
    e = (struct expect){X86_EXC_UD, false, 0, 0, true, cs32, 1};
    probe("syscall, no syscall32 callback: #UD at the syscall",
          compat_user_syscall, cs32, ss, RFLAGS_FIXED | RFLAGS_IF, &e);
    check_rc(cb(CALLBACKTYPE_syscall, 0, NULL), 0, "no syscall callback");
    e.frame_cs = FLAT_USER_CS;
    probe("64-bit syscall, no syscall callback: #UD at the syscall",
          user64_syscall, FLAT_USER_CS, ss, RFLAGS_FIXED | RFLAGS_IF, &e);
}

static void check_exceptions(void)
{
    const uint64_t cs32 = FLAT_USER_CS32, ss = FLAT_USER_SS,
                   on = RFLAGS_FIXED | RFLAGS_IF;
    const struct expect int80 = {INT80_VECTOR, false, 0, INT_N_LEN,
                                 false,        cs32,  1},
                        ud = {X86_EXC_UD, false, 0, 0, false, cs32, 1},
                        pf = {X86_EXC_PF, true, PFEC_USER, 0, false, cs32, 1},
                        bp = {X86_EXC_BP, false, 0, INT3_LEN, false, cs32, 1},
                        gp = {X86_EXC_GP, true, 0, 0, false, cs32, 1};

    probe("int $0x80 through a DPL-3 trap-table entry", compat_user_int80, cs32,
          ss, on, &int80);
    probe("ud2", compat_user_ud, cs32, ss, on, &ud);
    probe("a read of an unmapped page", compat_user_pf, cs32, ss, on, &pf);
    check_hex(guest_vcpu_info()->arch.cr2, COMPAT_UNMAPPED, "  cr2");
    probe("int3", compat_user_int3, cs32, ss, on, &bp);
    probe("cli", compat_user_cli, cs32, ss, on, &gp);
}

static void check_guest_selectors(void)
{
    uint64_t *g = page_alloc();
    xen_pfn_t mfn = virt_to_mfn(g);
    const uint64_t on = RFLAGS_FIXED | RFLAGS_IF, ss = FLAT_USER_SS;

    memset(g, 0, PAGE_SIZE);
    memcpy(g, gdt_entries, sizeof(gdt_entries));
    check_rc(mm_update_va((unsigned long)g, pte_make(mfn, PTE_FLAGS_RO)), 0,
             "a GDT page made read-only");
    check_rc(HYPERVISOR_set_gdt(&mfn, sizeof(gdt_entries) / 8), 0,
             "set_gdt with 32-bit code and data");
    probe("cs: our 32-bit code", compat_user_ud, SEL_CODE32, ss, on,
          &(struct expect){X86_EXC_UD, false, 0, 0, false, SEL_CODE32, 1});
    probe("cs: our conforming 32-bit code", compat_user_ud, SEL_CONFORMING, ss,
          on,
          &(struct expect){X86_EXC_UD, false, 0, 0, false, SEL_CONFORMING, 1});
    probe("ss: our data", compat_user_ud, SEL_CODE32, SEL_DATA, on,
          &(struct expect){X86_EXC_UD, false, 0, 0, false, SEL_CODE32, 1});
    probe("cs: our data: #GP(sel)", compat_user_ud, SEL_DATA, ss, on,
          &(struct expect){X86_EXC_GP, true, SEL_DATA & ~3UL, 0, false,
                           SEL_DATA, 1});
    probe("cs: not present: #NP(sel)", compat_user_ud, SEL_NOT_PRESENT, ss, on,
          &(struct expect){X86_EXC_NP, true, SEL_NOT_PRESENT & ~3UL, 0, false,
                           SEL_NOT_PRESENT, 1});
    probe("ss: read-only data: #GP(sel)", compat_user_ud, SEL_CODE32,
          SEL_DATA_RO, on,
          &(struct expect){X86_EXC_GP, true, SEL_DATA_RO & ~3UL, 0, false,
                           SEL_CODE32, 1});
    check_rc(HYPERVISOR_set_gdt(NULL, 0), 0, "set_gdt: none again");
}

int main(void)
{
    mmuext_op_t op = {.cmd = MMUEXT_NEW_USER_BASEPTR,
                      .arg1.mfn =
                          virt_to_mfn((void *)guest_start_info->pt_base)};

    verdict_title("test_compat", "32-bit user mode");
    check_rc(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0,
             "user mode shares the kernel's page tables");
    check_rc(HYPERVISOR_stack_switch(FLAT_KERNEL_SS, KERNEL_TOP), 0,
             "a kernel stack for bounces from user mode");
    check_rc(HYPERVISOR_set_trap_table(table), 0, "the probes' trap table");
    events_disable();
    check_syscalls();
    check_exceptions();
    check_guest_selectors();
    traps_init();
    verdict_end();
}
