/*
 * test_failsafe: iret hypercalls whose frame the CPU would refuse.
 *
 * Xen 4.17 (64-bit PV) takes the iret frame as it is and lets its own
 * iretq fault; the fault goes to the guest's handler like any other,
 * with a bounce frame that holds the refused frame (cs with RPL 0 in
 * kernel mode and the saved upcall mask above bit 31, ss with RPL 3).
 * The failsafe callback is not involved: Xen calls it only when a
 * context switch cannot reload a vCPU's data segments. Parasol checks
 * the frame as iretq would before it returns, and must deliver the
 * same exception, error code and frame. Each expected value below was
 * measured on Xen 4.17.
 *
 * A failsafe callback is registered throughout, so a hypervisor that
 * wrongly used it shows as a failed check rather than a crash.
 */
#include "failsafe_probe.h"
#include "verdict.h"

#include <parasol/guest.h>
#include <public/callback.h>

#define RFLAGS_FIXED 0x2UL /* bit 1; IF clear: events stay masked */
#define CS_SAVED_MASK_SHIFT 32
#define RPL_MASK 3UL
#define KERNEL_CS_RPL0 (FLAT_KERNEL_CS & ~RPL_MASK) /* 0xe030 */

static struct guest_trap_frame seen;

static bool on_fault(struct guest_trap_frame *f)
{
    seen = *f;
    failsafe_outcome = FAILSAFE_OUTCOME_TRAP;
    f->rip = (uint64_t)failsafe_resume;
    f->cs = KERNEL_CS_RPL0;
    f->ss = FLAT_KERNEL_SS;
    return true;
}

struct bad_frame {
    const char *what;
    uint64_t cs, ss;
    unsigned vector;     /* 0: the return works */
    uint64_t error_code; /* of the fault */
};

static const struct bad_frame frames[] = {
    {"flat kernel frame", KERNEL_CS_RPL0, FLAT_KERNEL_SS, 0, 0},
    {"ss with RPL 0", KERNEL_CS_RPL0, FLAT_KERNEL_SS & ~RPL_MASK, 0, 0},
    {"bits above the selector ignored", 0x12340000e030UL, 0x1234e02bUL, 0, 0},
    {"null ss", KERNEL_CS_RPL0, 0, X86_EXC_GP, 0},
    {"null cs", 0, FLAT_KERNEL_SS, X86_EXC_GP, 0},
    {"ss: an empty guest GDT entry", KERNEL_CS_RPL0, 0x0803, X86_EXC_GP, 0x800},
    {"ss: past the guest's GDT", KERNEL_CS_RPL0, 0x1003, X86_EXC_GP, 0x1000},
    {"ss: the 64-bit code selector", KERNEL_CS_RPL0, FLAT_KERNEL_CS, X86_EXC_GP,
     FLAT_KERNEL_CS & ~RPL_MASK},
    {"ss: an LDT selector, no LDT", KERNEL_CS_RPL0, 0x7, X86_EXC_GP, 0x4},
    {"cs: the data selector", FLAT_KERNEL_SS & ~RPL_MASK, FLAT_KERNEL_SS,
     X86_EXC_GP, FLAT_KERNEL_SS & ~RPL_MASK},
    {"cs: an empty guest GDT entry", 0x0800, FLAT_KERNEL_SS, X86_EXC_GP, 0x800},
    {"cs: an LDT selector, no LDT", 0x0004, FLAT_KERNEL_SS, X86_EXC_GP, 0x4},
    {"cs: the hypervisor's TSS", 0xe040, FLAT_KERNEL_SS, X86_EXC_GP, 0xe040},
    {"cs: the hypervisor's code", 0xe008, FLAT_KERNEL_SS, X86_EXC_GP, 0xe008},
};

static void check_frame(const struct bad_frame *b)
{
    struct failsafe_iret_frame f = {
        .cs = b->cs, .rflags = RFLAGS_FIXED, .ss = b->ss};
    uint64_t outcome;

    printf("iret, %s (cs %#lx ss %#lx)\n", b->what, b->cs, b->ss);
    memset(&seen, 0, sizeof(seen));
    outcome = failsafe_iret(&f);
    if (b->vector == 0) {
        check_hex(outcome, FAILSAFE_OUTCOME_RETURNED, "  returned");
        return;
    }
    if (!check_hex(outcome, FAILSAFE_OUTCOME_TRAP, "  the guest's handler ran"))
        return;
    check_hex(seen.vector, b->vector, "  vector");
    check_hex(seen.error_code, b->error_code, "  error code");
    check_hex(seen.rip, (uint64_t)failsafe_landed_address(), "  frame rip");
    check_hex(seen.cs,
              (b->cs & 0xffff & ~RPL_MASK) | (1UL << CS_SAVED_MASK_SHIFT),
              "  frame cs: RPL 0, the saved mask");
    check_hex(seen.rflags, RFLAGS_FIXED, "  frame rflags");
    check_hex(seen.ss, b->ss | RPL_MASK, "  frame ss: RPL 3");
    check_true(seen.rsp != 0 && seen.rsp < (uint64_t)&f, "  frame rsp");
}

int main(void)
{
    struct callback_register r = {.type = CALLBACKTYPE_failsafe,
                                  .flags = CALLBACKF_mask_events,
                                  .address = (unsigned long)failsafe_entry};

    verdict_title("test_failsafe", "bad return frames");
    events_disable();
    trap_register(X86_EXC_GP, on_fault);
    trap_register(X86_EXC_NP, on_fault);
    trap_register(X86_EXC_SS, on_fault);
    check_rc(HYPERVISOR_callback_op(CALLBACKOP_register, &r), 0,
             "a failsafe callback registered");
    for (size_t i = 0; i < sizeof(frames) / sizeof(*frames); i++)
        check_frame(&frames[i]);
    verdict_end();
}
