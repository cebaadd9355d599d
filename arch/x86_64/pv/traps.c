/*
 * Exceptions of PV guests, and how the hypervisor delivers exceptions
 * and events to them: Xen's PV64 bounce frame, pushed on the guest
 * kernel stack, after which the guest resumes at its handler.
 *
 * Frame, from the new rsp upwards, 8 bytes a slot:
 *   rcx, r11, [error code], rip, cs | saved upcall mask << 32, rflags,
 *   rsp, ss
 * The guest handler starts with "pop %rcx; pop %r11" and returns with
 * the iret hypercall.
 */
#include <arch/cpu.h>
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <arch/traps.h>
#include <arch/x86.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <public/arch-x86/xen.h>

#define BOUNCE_MAX_SLOTS 8
#define STACK_ALIGN 16
#define SAVED_MASK_SHIFT 32
/* trap_info flags: bits 0-1 DPL, bit 2 "mask events on entry". */
#define TI_DPL_MASK 3
#define TI_MASK_EVENTS (1 << 2)
/* Flags a handler starts with cleared. */
#define HANDLER_RFLAGS_CLEARED                                                 \
    (X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF | X86_EFLAGS_AC |           \
     X86_EFLAGS_VM)

static bool vector_has_error_code(unsigned vector)
{
    return vector == X86_EXC_DF ||
           (vector >= X86_EXC_TS && vector <= X86_EXC_PF) ||
           vector == X86_EXC_AC;
}

bool pv_bounce(struct vcpu *v, struct cpu_regs *regs, uint64_t handler,
               bool has_error_code, uint64_t error_code, bool mask_events)
{
    uint64_t frame[BOUNCE_MAX_SLOTS];
    uint8_t saved_mask = v->vcpu_info->evtchn_upcall_mask;
    bool from_user = !v->arch.in_kernel;
    uint64_t sp, cs = regs->cs, rflags = regs->rflags;
    unsigned n = 0;

    if (from_user) {
        pv_enter_kernel_mode(v);
        sp = v->arch.kernel_sp;
    } else {
        sp = regs->rsp;
        cs &= ~3ULL; /* 0xe030: the event hit guest kernel mode */
    }
    /* The guest's virtual IF is the inverse of its event mask. */
    rflags =
        saved_mask ? rflags & ~(uint64_t)X86_EFLAGS_IF : rflags | X86_EFLAGS_IF;
    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    if (has_error_code)
        frame[n++] = error_code;
    frame[n++] = regs->rip;
    frame[n++] = cs | ((uint64_t)saved_mask << SAVED_MASK_SHIFT);
    frame[n++] = rflags;
    frame[n++] = regs->rsp;
    frame[n++] = regs->ss;
    sp = ALIGN_DOWN(sp, STACK_ALIGN) - n * sizeof(uint64_t);
    if (copy_to_guest(sp, frame, n * sizeof(uint64_t))) {
        domain_crash(v->domain,
                     "cannot write an exception frame at %#lx (rip %#lx)",
                     (unsigned long)sp, (unsigned long)regs->rip);
        return false;
    }
    regs->rsp = sp;
    regs->rip = handler;
    regs->cs = FLAT_KERNEL_CS;
    regs->ss = FLAT_KERNEL_SS;
    regs->rflags &= ~(uint64_t)HANDLER_RFLAGS_CLEARED;
    if (mask_events)
        v->vcpu_info->evtchn_upcall_mask = 1;
    return true;
}

void pv_inject_trap(struct vcpu *v, struct cpu_regs *regs, unsigned vector,
                    bool has_error_code, uint64_t error_code)
{
    const struct pv_trap *t = &v->arch.traps[vector];

    if (!t->address) {
        domain_crash(v->domain,
                     "%s (vector %u) at rip %#lx, error code %#lx, and no "
                     "handler",
                     exception_name(vector), vector, (unsigned long)regs->rip,
                     (unsigned long)error_code);
        return;
    }
    pv_bounce(v, regs, t->address, has_error_code, error_code,
              t->flags & TI_MASK_EVENTS);
}

/*
 * A pending NMI goes to the guest's vector-2 handler, if it has one and
 * is not in the handler of the previous one; else it keeps waiting.
 * Returns false if the domain crashed while the frame was written.
 */
bool pv_deliver_nmi(struct vcpu *v, struct cpu_regs *regs)
{
    const struct pv_trap *t = &v->arch.traps[X86_EXC_NMI];

    if (v->arch.nmi_masked || !t->address ||
        !__atomic_exchange_n(&v->arch.nmi_pending, false, __ATOMIC_ACQ_REL))
        return true;
    v->arch.nmi_masked = true;
    return pv_bounce(v, regs, t->address, false, 0, t->flags & TI_MASK_EVENTS);
}

static void guest_page_fault(struct vcpu *v, struct cpu_regs *regs)
{
    uint64_t cr2 = read_cr2();

    /* The CPU reading an LDT page not mapped yet (ldt.c). */
    if (pv_ldt_fault(v, regs, cr2))
        return;
    /* A kernel write to one of its own page tables: writable page
     * tables, emulated and validated. */
    if (v->arch.in_kernel && (regs->error_code & PFEC_WRITE) &&
        (regs->error_code & PFEC_PRESENT) && pv_ptwr_emulate(regs, cr2))
        return;
    v->vcpu_info->arch.cr2 = cr2;
    /* Both guest modes run in ring 3: U tells the guest which of them
     * faulted, not the ring (as Xen's pv_inject_event does). */
    pv_inject_trap(v, regs, X86_EXC_PF, true,
                   (regs->error_code & ~(uint64_t)PFEC_USER) |
                       (v->arch.in_kernel ? 0 : PFEC_USER));
}

static void guest_device_not_available(struct vcpu *v, struct cpu_regs *regs)
{
    /* The guest set its virtual CR0.TS (fpu_taskswitch) and used the
     * FPU: as on hardware, it gets #NM, and TS is clear for its handler. */
    v->arch.fpu_ts = false;
    clts();
    pv_inject_trap(v, regs, X86_EXC_NM, false, 0);
}

void pv_trap(struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();
    unsigned vector = (unsigned)regs->vector;

    switch (vector) {
    case X86_EXC_PF:
        guest_page_fault(v, regs);
        return;
    case X86_EXC_GP:
        if (!pv_emulate_privileged(v, regs))
            pv_inject_trap(v, regs, vector, true, regs->error_code);
        return;
    case X86_EXC_UD:
        if (!pv_emulate_forced(v, regs))
            pv_inject_trap(v, regs, vector, false, 0);
        return;
    case X86_EXC_NM:
        guest_device_not_available(v, regs);
        return;
    case X86_EXC_NMI:
        return; /* the hypervisor's, not the guest's */
    case X86_EXC_DF:
    case X86_EXC_MC:
        domain_crash(v->domain, "%s while in the guest",
                     exception_name(vector));
        return;
    default:
        pv_inject_trap(v, regs, vector, vector_has_error_code(vector),
                       regs->error_code);
    }
}
