/*
 * A PV vCPU's first state from a vcpu_guest_context (VCPUOP_initialise):
 * registers, page-table roots, stacks, callbacks, virtual IDT, segment
 * bases, descriptor tables and FPU, as a guest brings up a secondary
 * vCPU.
 *
 * Validate, then commit: every address is checked first (Xen's list:
 * the canonical ones, -EINVAL), then the references are taken (roots,
 * GDT frames) and dropped again if one fails, and only then is the vCPU
 * written. The vCPU is not running (it was never initialised).
 */
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <arch/x86.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <public/arch-x86/xen.h>

#define GDT_ENTRIES_MAX (PV_GDT_MAX_FRAMES * PAGE_SIZE / DESC_SIZE)
/* MXCSR in an FXSAVE image, and the bits no CPU accepts (fxrstor would
 * fault in the hypervisor): cleared rather than loaded. */
#define FXSAVE_MXCSR_OFFSET 24
#define MXCSR_RESERVED 0xffff0000U

static bool addresses_ok(const struct vcpu_guest_context *c)
{
    const uint64_t va[] = {
        c->user_regs.rip,
        c->user_regs.rsp,
        c->kernel_sp,
        c->fs_base,
        c->gs_base_kernel,
        c->gs_base_user,
        c->event_callback_eip,
        c->syscall_callback_eip,
        c->failsafe_callback_eip,
    };

    for (size_t i = 0; i < ARRAY_SIZE(va); i++)
        if (!is_canonical_address(va[i]))
            return false;
    for (size_t i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++)
        if (!is_canonical_address(c->trap_ctxt[i].address))
            return false;
    return !c->ldt_ents || is_canonical_address(c->ldt_base);
}

static int check_context(const struct vcpu_guest_context *c)
{
    if (!addresses_ok(c))
        return -EINVAL;
    if (c->ldt_ents > PV_LDT_MAX_ENTRIES || !IS_ALIGNED(c->ldt_base, PAGE_SIZE))
        return -EINVAL;
    if (c->gdt_ents > GDT_ENTRIES_MAX)
        return -EINVAL;
    /* Starting in user mode needs a user root to run on. */
    if (!(c->flags & VGCF_in_kernel) && !c->ctrlreg[1])
        return -EINVAL;
    return 0;
}

/* A reference to the L4 a CR3 value names, as NEW_BASEPTR takes. */
static int take_root(struct domain *d, uint64_t cr3, mfn_t *mfn)
{
    *mfn = cr3 >> PAGE_SHIFT;
    if (!mfn_valid(*mfn))
        return -EINVAL;
    return get_page_and_type(mfn_to_frame(*mfn), d, FRAME_TYPE_L4);
}

static unsigned int gdt_frames(unsigned long ents)
{
    return (unsigned int)((ents * DESC_SIZE + PAGE_SIZE - 1) / PAGE_SIZE);
}

static int take_gdt(struct domain *d, const struct vcpu_guest_context *c)
{
    unsigned int nr = gdt_frames(c->gdt_ents);

    for (unsigned int i = 0; i < nr; i++) {
        int rc = pv_get_descriptor_frame(d, c->gdt_frames[i]);

        if (rc) {
            pv_put_descriptor_frames(c->gdt_frames, i);
            return rc;
        }
    }
    return 0;
}

/* Take every reference the context needs, or none. */
static int take_references(struct vcpu *v, const struct vcpu_guest_context *c,
                           mfn_t *kernel, mfn_t *user)
{
    struct domain *d = v->domain;
    int rc = take_root(d, c->ctrlreg[3], kernel);

    if (rc)
        return rc;
    *user = PV_NO_ROOT;
    if (c->ctrlreg[1]) {
        rc = take_root(d, c->ctrlreg[1], user);
        if (rc)
            goto put_kernel;
    }
    rc = take_gdt(d, c);
    if (rc)
        goto put_user;
    return 0;

put_user:
    if (*user != PV_NO_ROOT)
        put_page_and_type(mfn_to_frame(*user));
put_kernel:
    put_page_and_type(mfn_to_frame(*kernel));
    return rc;
}

static void load_registers(struct cpu_regs *r, const struct cpu_user_regs *u)
{
    r->r15 = u->r15;
    r->r14 = u->r14;
    r->r13 = u->r13;
    r->r12 = u->r12;
    r->r11 = u->r11;
    r->r10 = u->r10;
    r->r9 = u->r9;
    r->r8 = u->r8;
    r->rbp = u->rbp;
    r->rdi = u->rdi;
    r->rsi = u->rsi;
    r->rdx = u->rdx;
    r->rcx = u->rcx;
    r->rbx = u->rbx;
    r->rax = u->rax;
    r->rip = u->rip;
    r->rsp = u->rsp;
    r->rflags = u->rflags;
    /* Guest selectors always carry RPL 3 (the guest kernel's ring). */
    r->cs = u->cs | 3;
    r->ss = u->ss | 3;
}

static void load_callbacks(struct arch_vcpu *a,
                           const struct vcpu_guest_context *c)
{
    for (size_t i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++) {
        a->traps[i].address = c->trap_ctxt[i].address;
        a->traps[i].flags = c->trap_ctxt[i].flags;
    }
    a->callbacks[PV_CB_EVENT] =
        (struct pv_callback){c->event_callback_eip, true};
    a->callbacks[PV_CB_FAILSAFE] =
        (struct pv_callback){c->failsafe_callback_eip,
                             (c->flags & VGCF_failsafe_disables_events) != 0};
    a->callbacks[PV_CB_SYSCALL] =
        (struct pv_callback){c->syscall_callback_eip,
                             (c->flags & VGCF_syscall_disables_events) != 0};
}

static void load_state(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct arch_vcpu *a = &v->arch;

    load_registers(&a->regs, &c->user_regs);
    a->in_kernel = (c->flags & VGCF_in_kernel) != 0;
    a->kernel_ss = (uint16_t)(c->kernel_ss | 3);
    a->kernel_sp = c->kernel_sp;
    a->fs_base = c->fs_base;
    a->gs_base_kernel = c->gs_base_kernel;
    a->gs_base_user = c->gs_base_user;
    load_callbacks(a, c);
    memcpy(a->gdt_frames, c->gdt_frames,
           gdt_frames(c->gdt_ents) * sizeof(a->gdt_frames[0]));
    a->gdt_ents = (unsigned int)c->gdt_ents;
    /* The LDT's pages are mapped on first use, as after SET_LDT. */
    a->ldt_base = c->ldt_base;
    a->ldt_ents = (unsigned int)c->ldt_ents;
    for (unsigned int i = 0; i < pv_ldt_frames(a->ldt_ents); i++)
        a->ldt_frames[i] = INVALID_MFN;
    if (c->flags & VGCF_I387_VALID) {
        uint32_t mxcsr;

        memcpy(a->fpu_area, c->fpu_ctxt.x, sizeof(a->fpu_area));
        memcpy(&mxcsr, a->fpu_area + FXSAVE_MXCSR_OFFSET, sizeof(mxcsr));
        mxcsr &= ~MXCSR_RESERVED;
        memcpy(a->fpu_area + FXSAVE_MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
        a->fpu_initialised = true;
    }
}

int arch_vcpu_initialise(struct vcpu *v, const struct vcpu_guest_context *c)
{
    mfn_t kernel, user;
    int rc = check_context(c);

    if (rc)
        return rc;
    rc = take_references(v, c, &kernel, &user);
    if (rc)
        return rc;
    load_state(v, c);
    v->arch.kernel_root = kernel;
    v->arch.user_root = user;
    return 0;
}
