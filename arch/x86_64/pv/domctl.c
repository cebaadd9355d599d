/*
 * The x86 PV side of domctl: a vCPU's whole state as the toolstack
 * loads and reads it (XEN_DOMCTL_setvcpucontext / getvcpucontext, struct
 * vcpu_guest_context), the hypercall page it asks the hypervisor to
 * write into a domain it builds (XEN_DOMCTL_hypercall_init), and the
 * x86 part of a new domain's configuration (xen_arch_domainconfig).
 *
 * A context is checked as Xen 4.17 checks a 64-bit PV one, before
 * anything changes: canonical addresses (-EINVAL), an LDT that is page
 * aligned and at most 8192 entries (-EINVAL), then the GDT frames
 * (typed as descriptor pages, -EINVAL), then CR3, which must be an L4
 * table of the domain (it validates now if it was not: -EINVAL), and a
 * user root likewise. Selectors get RPL 3 (guest kernels run in ring
 * 3). Once a vCPU has a context, a new one may not change its tables
 * (-EOPNOTSUPP), as on Xen.
 */
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <arch/x86.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pvclock.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <public/arch-x86/xen.h>

#define DESCS_PER_PAGE (PAGE_SIZE / DESC_SIZE)
#define MAX_GDT_ENTRIES (PV_GDT_MAX_FRAMES * DESCS_PER_PAGE)
#define SELECTOR_RPL_MASK 3
#define GUEST_KERNEL_RPL 3
#define CR3_MFN_SHIFT PAGE_SHIFT
#define CPUID_ADDRESS_SIZES 0x80000008
#define PADDR_BITS_MASK 0xff
/* MXCSR in an FXSAVE image, and the bits no CPU accepts: fxrstor would
 * fault in the hypervisor, so they are cleared rather than loaded. */
#define FXSAVE_MXCSR_OFFSET 24
#define MXCSR_RESERVED 0xffff0000U

static uint16_t guest_selector(uint16_t sel)
{
    if ((sel & SELECTOR_RPL_MASK) < GUEST_KERNEL_RPL)
        sel = (uint16_t)((sel & ~SELECTOR_RPL_MASK) | GUEST_KERNEL_RPL);
    return sel;
}

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

    for (unsigned i = 0; i < ARRAY_SIZE(va); i++)
        if (!is_canonical_address(va[i]))
            return false;
    for (unsigned i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++)
        if (!is_canonical_address(c->trap_ctxt[i].address))
            return false;
    if (c->ldt_ents && !guest_range_ok(c->ldt_base, 1))
        return false;
    return IS_ALIGNED(c->ldt_base, PAGE_SIZE) &&
           c->ldt_ents <= PV_LDT_MAX_ENTRIES && c->gdt_ents <= MAX_GDT_ENTRIES;
}

static unsigned gdt_frames_of(unsigned long ents)
{
    return (unsigned)((ents + DESCS_PER_PAGE - 1) / DESCS_PER_PAGE);
}

/* A vCPU that has a context keeps its tables: only the same ones. */
static bool same_tables(const struct vcpu *v,
                        const struct vcpu_guest_context *c)
{
    const struct arch_vcpu *a = &v->arch;

    if (c->ctrlreg[3] >> CR3_MFN_SHIFT != a->kernel_root ||
        c->ctrlreg[1] >> CR3_MFN_SHIFT != a->user_root ||
        c->gdt_ents != a->gdt_ents || c->ldt_base != a->ldt_base ||
        c->ldt_ents != a->ldt_ents)
        return false;
    for (unsigned i = 0; i < gdt_frames_of(c->gdt_ents); i++)
        if (c->gdt_frames[i] != a->gdt_frames[i])
            return false;
    return true;
}

/* An L4 of d as a root (a general and an L4 type reference). */
static int get_root(struct domain *d, mfn_t mfn)
{
    if (!mfn_valid(mfn) ||
        get_page_and_type(mfn_to_frame(mfn), d, FRAME_TYPE_L4))
        return -EINVAL;
    return 0;
}

/* Take the references of the new tables: GDT frames, then the roots.
 * A failure drops what was taken. */
static int get_tables(struct domain *d, const struct vcpu_guest_context *c)
{
    unsigned nr = gdt_frames_of(c->gdt_ents);
    mfn_t root = c->ctrlreg[3] >> CR3_MFN_SHIFT;
    mfn_t user = c->ctrlreg[1] >> CR3_MFN_SHIFT;
    int rc = 0;
    unsigned i;

    for (i = 0; i < nr && !rc; i++)
        rc = pv_get_descriptor_frame(d, c->gdt_frames[i]);
    if (rc) {
        pv_put_descriptor_frames(c->gdt_frames, i - 1);
        return rc;
    }
    rc = get_root(d, root);
    if (!rc && user != PV_NO_ROOT) {
        rc = get_root(d, user);
        if (rc)
            put_page_and_type(mfn_to_frame(root));
    }
    if (rc)
        pv_put_descriptor_frames(c->gdt_frames, nr);
    return rc;
}

static void load_tables(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct arch_vcpu *a = &v->arch;

    for (unsigned i = 0; i < gdt_frames_of(c->gdt_ents); i++)
        a->gdt_frames[i] = c->gdt_frames[i];
    a->gdt_ents = (unsigned)c->gdt_ents;
    a->kernel_root = c->ctrlreg[3] >> CR3_MFN_SHIFT;
    a->user_root = c->ctrlreg[1] >> CR3_MFN_SHIFT;
    a->ldt_base = c->ldt_base;
    a->ldt_ents = (unsigned)c->ldt_ents;
    for (unsigned i = 0; i < PV_LDT_MAX_FRAMES; i++)
        a->ldt_frames[i] = INVALID_MFN;
}

static void load_registers(struct arch_vcpu *a, const struct cpu_user_regs *u)
{
    struct cpu_regs *r = &a->regs;

    r->r15 = u->r15, r->r14 = u->r14, r->r13 = u->r13, r->r12 = u->r12;
    r->r11 = u->r11, r->r10 = u->r10, r->r9 = u->r9, r->r8 = u->r8;
    r->rbp = u->rbp, r->rdi = u->rdi, r->rsi = u->rsi, r->rdx = u->rdx;
    r->rcx = u->rcx, r->rbx = u->rbx, r->rax = u->rax;
    r->rip = u->rip;
    r->rsp = u->rsp;
    r->rflags = u->rflags | X86_EFLAGS_IF;
    r->cs = guest_selector(u->cs);
    r->ss = guest_selector(u->ss);
}

static void load_fpu(struct arch_vcpu *a, const struct vcpu_guest_context *c)
{
    uint32_t mxcsr;

    memcpy(a->fpu_area, c->fpu_ctxt.x, sizeof(a->fpu_area));
    memcpy(&mxcsr, a->fpu_area + FXSAVE_MXCSR_OFFSET, sizeof(mxcsr));
    mxcsr &= ~MXCSR_RESERVED;
    memcpy(a->fpu_area + FXSAVE_MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
}

static void load_state(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct arch_vcpu *a = &v->arch;

    load_registers(a, &c->user_regs);
    for (unsigned i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++) {
        a->traps[i].address = c->trap_ctxt[i].address;
        a->traps[i].flags = c->trap_ctxt[i].flags;
    }
    a->callbacks[PV_CB_EVENT].address = c->event_callback_eip;
    a->callbacks[PV_CB_FAILSAFE].address = c->failsafe_callback_eip;
    a->callbacks[PV_CB_FAILSAFE].mask_events =
        (c->flags & VGCF_failsafe_disables_events) != 0;
    a->callbacks[PV_CB_SYSCALL].address = c->syscall_callback_eip;
    a->callbacks[PV_CB_SYSCALL].mask_events =
        (c->flags & VGCF_syscall_disables_events) != 0;
    a->kernel_ss = guest_selector((uint16_t)c->kernel_ss);
    a->kernel_sp = c->kernel_sp;
    a->fs_base = c->fs_base;
    a->gs_base_kernel = c->gs_base_kernel;
    a->gs_base_user = c->gs_base_user;
    a->in_kernel = (c->flags & VGCF_in_kernel) != 0;
    a->fpu_ts = (c->ctrlreg[0] & X86_CR0_TS) != 0;
    a->fpu_initialised = (c->flags & VGCF_i387_valid) != 0;
    if (a->fpu_initialised)
        load_fpu(a, c);
    if (v->vcpu_id == 0)
        v->domain->vm_assist = c->vm_assist;
}

/* Up or down as the context's VGCF_online says. */
static void set_online(struct vcpu *v, bool online)
{
    v->online = online;
    vcpu_set_runstate(v, online ? RUNSTATE_runnable : RUNSTATE_offline,
                      now_ns());
}

long arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct domain *d = v->domain;
    int rc;

    if (!addresses_ok(c))
        return -EINVAL;
    /* Starting in user mode needs a user root to run on. */
    if (!(c->flags & VGCF_in_kernel) && !c->ctrlreg[1])
        return -EINVAL;
    if (v->initialised && !same_tables(v, c))
        return -EOPNOTSUPP;
    if (!v->initialised) {
        rc = get_tables(d, c);
        if (rc)
            return rc;
        load_tables(v, c);
    }
    load_state(v, c);
    v->initialised = true;
    set_online(v, (c->flags & VGCF_online) != 0);
    pvclock_update_vcpu(v);
    if (v->vcpu_id == 0)
        pvclock_update_wallclock(d);
    return 0;
}

static void save_registers(const struct cpu_regs *r, struct cpu_user_regs *u)
{
    u->r15 = r->r15, u->r14 = r->r14, u->r13 = r->r13, u->r12 = r->r12;
    u->r11 = r->r11, u->r10 = r->r10, u->r9 = r->r9, u->r8 = r->r8;
    u->rbp = r->rbp, u->rdi = r->rdi, u->rsi = r->rsi, u->rdx = r->rdx;
    u->rcx = r->rcx, u->rbx = r->rbx, u->rax = r->rax;
    u->rip = r->rip;
    u->rsp = r->rsp;
    u->rflags = r->rflags;
    u->cs = (uint16_t)r->cs;
    u->ss = (uint16_t)r->ss;
}

void arch_get_vcpu_context(const struct vcpu *v, struct vcpu_guest_context *c)
{
    const struct arch_vcpu *a = &v->arch;

    save_registers(&a->regs, &c->user_regs);
    for (unsigned i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++) {
        c->trap_ctxt[i].vector = (uint8_t)i;
        c->trap_ctxt[i].address = a->traps[i].address;
        c->trap_ctxt[i].flags = a->traps[i].flags;
    }
    c->flags = (a->in_kernel ? VGCF_in_kernel : 0) |
               (v->online ? VGCF_online : 0) |
               (a->fpu_initialised ? VGCF_i387_valid : 0);
    if (a->fpu_initialised)
        memcpy(c->fpu_ctxt.x, a->fpu_area, sizeof(c->fpu_ctxt.x));
    c->ldt_base = a->ldt_base;
    c->ldt_ents = a->ldt_ents;
    for (unsigned i = 0; i < gdt_frames_of(a->gdt_ents); i++)
        c->gdt_frames[i] = a->gdt_frames[i];
    c->gdt_ents = a->gdt_ents;
    c->kernel_ss = a->kernel_ss;
    c->kernel_sp = a->kernel_sp;
    c->ctrlreg[3] = mfn_to_paddr(a->kernel_root);
    c->ctrlreg[1] = mfn_to_paddr(a->user_root);
    c->event_callback_eip = a->callbacks[PV_CB_EVENT].address;
    c->failsafe_callback_eip = a->callbacks[PV_CB_FAILSAFE].address;
    c->syscall_callback_eip = a->callbacks[PV_CB_SYSCALL].address;
    c->vm_assist = v->domain->vm_assist;
    c->fs_base = a->fs_base;
    c->gs_base_kernel = a->gs_base_kernel;
    c->gs_base_user = a->gs_base_user;
}

/*
 * The stubs go into a frame of d that may be written: a frame d does
 * not own (or none) is -EINVAL, one in use as something else (a page
 * table, a descriptor page) -EPERM, as on Xen.
 */
long arch_write_hypercall_page(struct domain *d, uint64_t gmfn)
{
    struct frame *f;

    if (!mfn_valid(gmfn) || !get_page(mfn_to_frame(gmfn), d))
        return -EINVAL;
    f = mfn_to_frame(gmfn);
    if (get_page_type(f, FRAME_TYPE_WRITABLE, d)) {
        put_page(f);
        return -EPERM;
    }
    pv_write_hypercall_page(mfn_to_virt(gmfn));
    put_page_and_type(f);
    return 0;
}

/* A PV domain emulates no device but, if asked, a PIT (Xen's rule). */
#define PV_EMULATION_ALLOWED XEN_X86_EMU_PIT

long arch_domain_config_check(const struct xen_arch_domainconfig *c)
{
    if (c->misc_flags & ~XEN_X86_MSR_RELAXED)
        return -EINVAL;
    if (c->emulation_flags & ~PV_EMULATION_ALLOWED)
        return -EOPNOTSUPP;
    return 0;
}

void arch_domain_config_keep(struct domain *d,
                             const struct xen_arch_domainconfig *c)
{
    d->arch.emulation_flags = c->emulation_flags;
    d->arch.misc_flags = c->misc_flags;
}

/* As Xen: the emulated devices; the MSR policy is not reported. */
void arch_domain_config_get(const struct domain *d,
                            struct xen_arch_domainconfig *c)
{
    c->emulation_flags = d->arch.emulation_flags;
}

unsigned int arch_paddr_bits(void)
{
    return cpuid(CPUID_ADDRESS_SIZES, 0).eax & PADDR_BITS_MASK;
}

void arch_set_gpfn_from_mfn(mfn_t mfn, unsigned long gpfn)
{
    m2p_set(mfn, gpfn);
}
