/*
 * syscall from a PV guest: from 64-bit guest kernel mode it is a
 * hypercall, from guest user mode or from 32-bit code a system call for
 * the guest kernel, bounced to its syscall or syscall32 callback. Also
 * the iret hypercall, which needs the register frame.
 */
#include <arch/pv.h>
#include <arch/traps.h>
#include <arch/x86.h>
#include <hv/arch.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <public/arch-x86/xen.h>

#define SYSCALL_INSN_LEN 2 /* 0f 05 */

static void hypercall(struct cpu_regs *regs)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {regs->rdi, regs->rsi, regs->rdx,
                                               regs->r10, regs->r8};
    long rc;

    /* Hypercalls run with interrupts on: a long one must not hold off
     * timers. Nothing here switches stacks: that waits for the exit. */
    arch_irq_enable();
    rc = hypercall_dispatch(regs->rax, args);
    arch_irq_save();
    regs->rax = (uint64_t)rc;
}

/*
 * A system call for the guest kernel: 64-bit syscall from guest user
 * mode, or syscall from 32-bit (compatibility) code, each to its own
 * callback. As measured on Xen 4.17, events are masked on entry if the
 * 64-bit syscall callback was registered with CALLBACKF_mask_events,
 * for both kinds (the syscall32 callback's own flag is not used). With
 * no callback, the guest gets #UD at the syscall instruction.
 */
static void guest_syscall(struct vcpu *v, struct cpu_regs *regs,
                          const struct pv_callback *cb)
{
    if (!cb->address) {
        regs->rip -= SYSCALL_INSN_LEN;
        pv_inject_trap(v, regs, X86_EXC_UD, false, 0);
        return;
    }
    pv_bounce(v, regs, cb->address, false, 0,
              v->arch.callbacks[PV_CB_SYSCALL].mask_events);
}

void pv_syscall(struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();

    if (regs->vector == VECTOR_SYSCALL32)
        guest_syscall(v, regs, &v->arch.callbacks[PV_CB_SYSCALL32]);
    else if (v->arch.in_kernel)
        hypercall(regs);
    else
        guest_syscall(v, regs, &v->arch.callbacks[PV_CB_SYSCALL]);
    pv_exit_to_guest(regs);
}

/*
 * iret: return from an exception or event handler. The guest left an
 * iret_context at its rsp (the hypercall stub pushed rax, r11, rcx last).
 * A return to a CS with RPL 3 goes to guest user mode. The frame's
 * selectors and rip are taken as they are: the exit path checks them as
 * iretq would and gives the guest the fault iretq would raise (#GP,
 * #NP, #SS), as Xen does.
 */
HYPERCALL_DEFINE0(iret)
{
    struct vcpu *v = current_vcpu();
    struct cpu_regs *regs = guest_regs();
    struct iret_context ctx;

    if (copy_from_guest(&ctx, regs->rsp, sizeof(ctx))) {
        domain_crash(v->domain, "bad iret frame at %#lx",
                     (unsigned long)regs->rsp);
        return (long)regs->rax;
    }
    if ((ctx.cs & 3) == 3 && v->arch.in_kernel) {
        if (!v->arch.user_root) {
            domain_crash(v->domain, "iret to user mode without a user "
                                    "page table");
            return (long)regs->rax;
        }
        pv_enter_user_mode(v);
    }
    if (!(ctx.flags & VGCF_in_syscall)) {
        regs->r11 = ctx.r11;
        regs->rcx = ctx.rcx;
    }
    regs->rip = ctx.rip;
    regs->cs = ctx.cs | 3;
    regs->rflags = ctx.rflags;
    regs->rsp = ctx.rsp;
    regs->ss = ctx.ss | 3;
    /* The guest's virtual IF becomes its event mask; the NMI handler, if
     * that is what returns, is done. */
    v->vcpu_info->evtchn_upcall_mask = !(ctx.rflags & X86_EFLAGS_IF);
    v->arch.nmi_masked = false;
    return (long)ctx.rax; /* the dispatcher puts it in rax */
}
