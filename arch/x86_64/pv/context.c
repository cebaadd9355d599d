/*
 * Running PV vCPUs on a CPU: the live register frame, kernel/user mode
 * switches, saving and restoring a vCPU around a context switch, and the
 * last step before every return to a guest.
 *
 * While a guest vCPU runs, its registers are the frame at the top of its
 * CPU's stack (every entry from ring 3 builds it there); they move to
 * v->arch.regs only when the vCPU is descheduled. Switching discards
 * the stack: arch_vcpu_run() restarts the CPU either in the idle loop or
 * in the exit path with the next vCPU's frame.
 */
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <arch/traps.h>
#include <arch/x86.h>
#include <hv/event.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/panic.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <public/arch-x86/xen-x86_64.h>

/* The real RFLAGS of a running guest: interrupts always on (its virtual
 * IF is the event mask), no I/O privilege, no nested task, no v8086. */
#define GUEST_RFLAGS_FORCED (X86_EFLAGS_IF | X86_EFLAGS_FIXED)
#define GUEST_RFLAGS_CLEARED                                                   \
    (X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_VM | X86_EFLAGS_RF)
/* What syscall clears on entry to the hypervisor. */
#define SYSCALL_RFLAGS_MASK                                                    \
    (X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF | X86_EFLAGS_AC |           \
     X86_EFLAGS_NT)
#define SELECTOR_MASK 0xffffULL
#define STAR_SYSCALL_CS_SHIFT 32
#define STAR_SYSRET_CS_SHIFT 48
#define CPUID_STRUCT_EXT_LEAF 7
#define CPUID_7_EBX_SMEP (1 << 7)

extern char syscall_entry[], syscall32_entry[], pv_resume[];

struct cpu_regs *guest_regs(void)
{
    return (struct cpu_regs *)(this_cpu()->arch.stack_top -
                               sizeof(struct cpu_regs));
}

void pv_cpu_init(void)
{
    wrmsr(MSR_STAR, ((uint64_t)FLAT_RING3_CS32 << STAR_SYSRET_CS_SHIFT) |
                        ((uint64_t)HV_CS64 << STAR_SYSCALL_CS_SHIFT));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_CSTAR, (uint64_t)syscall32_entry);
    wrmsr(MSR_SFMASK, SYSCALL_RFLAGS_MASK);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* Guests may use x87 and SSE (the hypervisor itself never does). */
    write_cr0((read_cr0() | X86_CR0_MP | X86_CR0_NE) &
              ~(unsigned long)(X86_CR0_EM | X86_CR0_TS));
    write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
    /* The hypervisor never executes guest pages; SMEP makes sure. */
    if (cpuid(CPUID_STRUCT_EXT_LEAF, 0).ebx & CPUID_7_EBX_SMEP)
        write_cr4(read_cr4() | X86_CR4_SMEP);
}

void arch_vcpu_init(struct vcpu *v)
{
    struct arch_vcpu *a = &v->arch;

    a->in_kernel = true;
    a->regs.cs = FLAT_KERNEL_CS;
    a->regs.ss = FLAT_KERNEL_SS;
    a->regs.rflags = GUEST_RFLAGS_FORCED;
    a->kernel_ss = FLAT_KERNEL_SS;
}

static void load_cr3(uint64_t root)
{
    struct arch_percpu *a = &this_cpu()->arch;

    if (a->loaded_root != root) {
        write_cr3(root);
        a->loaded_root = root;
    }
}

void pv_load_root(struct vcpu *v)
{
    const struct arch_vcpu *a = &v->arch;
    mfn_t root = a->in_kernel || !a->user_root ? a->kernel_root : a->user_root;

    load_cr3(mfn_to_paddr(root));
}

void pv_load_guest_gs(struct vcpu *v)
{
    wrmsr(MSR_KERNEL_GS_BASE,
          v->arch.in_kernel ? v->arch.gs_base_kernel : v->arch.gs_base_user);
}

void pv_enter_kernel_mode(struct vcpu *v)
{
    v->arch.in_kernel = true;
    pv_load_root(v);
    pv_load_guest_gs(v);
}

void pv_enter_user_mode(struct vcpu *v)
{
    v->arch.in_kernel = false;
    pv_load_root(v);
    pv_load_guest_gs(v);
}

bool pv_vcpu_in_kernel(const struct vcpu *v)
{
    return v->arch.in_kernel;
}

mfn_t pv_vcpu_kernel_root(const struct vcpu *v)
{
    return v->arch.kernel_root;
}

void pv_l4_install_hypervisor_slots(uint64_t *l4)
{
    const uint64_t *idle = paging_idle_l4();

    for (unsigned s = HV_FIRST_L4_SLOT; s <= HV_LAST_L4_SLOT; s++)
        l4[s] = idle[s];
}

void arch_vcpu_save(struct vcpu *v)
{
    v->arch.regs = *guest_regs();
}

/* Give the FPU to v, saving the previous guest's state first. */
static void fpu_switch_to(struct vcpu *v)
{
    struct arch_percpu *a = &this_cpu()->arch;
    struct vcpu *owner = (struct vcpu *)a->fpu_owner;

    if (owner != v) {
        clts();
        if (owner)
            fxsave(owner->arch.fpu_area);
        if (v->arch.fpu_initialised) {
            fxrstor(v->arch.fpu_area);
        } else {
            fninit();
            v->arch.fpu_initialised = true;
        }
        a->fpu_owner = v;
    }
    /* The guest's virtual CR0.TS is the real one while it runs. */
    if (v->arch.fpu_ts)
        write_cr0(read_cr0() | X86_CR0_TS);
    else
        clts();
}

noreturn void arch_vcpu_run(struct vcpu *v)
{
    struct percpu *cpu = this_cpu();
    struct cpu_regs *frame = guest_regs();

    if (is_idle_vcpu(v)) {
        load_cr3(paging_idle_root());
        /* Below the guest frame: the next arch_vcpu_run() writes it. */
        reset_stack_and_jump((uint64_t)frame, idle_loop);
    }
    *frame = v->arch.regs;
    pv_load_root(v);
    wrmsr(MSR_FS_BASE, v->arch.fs_base);
    pv_load_guest_gs(v);
    if (pv_has_rdtscp())
        wrmsr(MSR_TSC_AUX, v->arch.tsc_aux);
    gdt_map_guest_frames(cpu, v, v->arch.gdt_frames,
                         (v->arch.gdt_ents + PAGE_SIZE / 8 - 1) /
                             (PAGE_SIZE / 8));
    ldt_load(cpu, v, v->arch.ldt_frames, pv_ldt_frames(v->arch.ldt_ents),
             v->arch.ldt_ents);
    fpu_switch_to(v);
    reset_stack_and_jump((uint64_t)frame, pv_resume);
}

void arch_vcpu_send_nmi(struct vcpu *v)
{
    __atomic_store_n(&v->arch.nmi_pending, true, __ATOMIC_RELEASE);
    vcpu_wake(v);
}

void pv_exit_to_guest(struct cpu_regs *regs)
{
    struct pv_return_fault fault;
    struct vcpu *v;

    for (;;) {
        sched_do_pending(); /* may switch to another vCPU for good */
        v = current_vcpu();
        if (!vcpu_runnable(v)) {
            sched_raise();
            continue;
        }
        /* iretq with a frame the CPU refuses would fault in the
         * hypervisor: the guest gets that fault instead, as on Xen
         * (or is crashed if it has no handler for it). */
        if (!pv_return_frame_ok(v, regs, &fault)) {
            pr_debug("d%uv%u: iretq would fault on cs %#lx ss %#lx rip %#lx: "
                     "vector %u, error code %#x\n",
                     v->domain->domain_id, v->vcpu_id,
                     (unsigned long)(regs->cs & SELECTOR_MASK),
                     (unsigned long)(regs->ss & SELECTOR_MASK),
                     (unsigned long)regs->rip, fault.vector, fault.error_code);
            pv_deliver_return_fault(v, regs, &fault);
            continue;
        }
        if (__atomic_load_n(&v->arch.nmi_pending, __ATOMIC_RELAXED) &&
            !pv_deliver_nmi(v, regs))
            continue; /* crashed while delivering: schedule away */
        if (vcpu_event_deliverable(v) &&
            v->arch.callbacks[PV_CB_EVENT].address &&
            !pv_bounce(v, regs, v->arch.callbacks[PV_CB_EVENT].address, false,
                       0, true))
            continue; /* crashed while delivering: schedule away */
        break;
    }
    /* The guest kernel's own page tables are loaded only in kernel
     * mode: the areas wait for the next return there. */
    if (v->arch.in_kernel && (v->runstate_area_stale || v->time_area_stale))
        vcpu_publish_areas(v);
    regs->rflags =
        (regs->rflags | GUEST_RFLAGS_FORCED) & ~(uint64_t)GUEST_RFLAGS_CLEARED;
    regs->cs = (regs->cs & SELECTOR_MASK) | 3;
    regs->ss = (regs->ss & SELECTOR_MASK) | 3;
}

void *arch_map_guest_frame_for_hv(struct domain *d, mfn_t mfn)
{
    if (!mfn_valid(mfn) ||
        get_page_and_type(mfn_to_frame(mfn), d, FRAME_TYPE_WRITABLE))
        return NULL;
    return mfn_to_virt(mfn);
}

/* Forget v wherever this CPU still has its state loaded. */
static void unload_vcpu(struct arch_percpu *a, const struct vcpu *v)
{
    if (a->fpu_owner == v)
        a->fpu_owner = NULL;
    if (a->gdt_owner == v)
        gdt_map_guest_frames(this_cpu(), NULL, NULL, 0);
    if (a->ldt_owner == v)
        ldt_load(this_cpu(), NULL, NULL, 0, 0);
    if (a->loaded_root == mfn_to_paddr(v->arch.kernel_root) ||
        (v->arch.user_root &&
         a->loaded_root == mfn_to_paddr(v->arch.user_root)))
        load_cr3(paging_idle_root());
}

/* Drop every reference v's state holds on frames: its roots, GDT and
 * LDT frames, and a registered vcpu_info. */
static void release_vcpu_frames(struct vcpu *v)
{
    struct arch_vcpu *a = &v->arch;

    pv_ldt_release(v);
    a->ldt_ents = 0;
    pv_put_descriptor_frames(a->gdt_frames, (a->gdt_ents + PAGE_SIZE / 8 - 1) /
                                                (PAGE_SIZE / 8));
    a->gdt_ents = 0;
    if (a->kernel_root != PV_NO_ROOT)
        put_page_and_type(mfn_to_frame(a->kernel_root));
    if (a->user_root != PV_NO_ROOT)
        put_page_and_type(mfn_to_frame(a->user_root));
    a->kernel_root = a->user_root = PV_NO_ROOT;
    if (v->vcpu_info_mfn != INVALID_MFN)
        put_page_and_type(mfn_to_frame(v->vcpu_info_mfn));
    v->vcpu_info_mfn = INVALID_MFN;
}

void arch_domain_destroy(struct domain *d)
{
    struct arch_percpu *a = &this_cpu()->arch;

    for (unsigned i = 0; i < MAX_VIRT_CPUS; i++) {
        if (!d->vcpu[i])
            continue;
        unload_vcpu(a, d->vcpu[i]);
        release_vcpu_frames(d->vcpu[i]);
    }
    /* With the roots gone, unpinning lets every table go: each one's
     * last type reference releases what its entries held. */
    pv_unpin_all(d);
}

void arch_dump_vcpu(const struct vcpu *v)
{
    /* A running vCPU's registers are in the frame, not in v->arch. */
    const struct cpu_regs *r =
        v == current_vcpu() ? guest_regs() : &v->arch.regs;

    pr_info("    %s mode, rip %#lx rsp %#lx rflags %#lx cr3 %#lx\n",
            v->arch.in_kernel ? "kernel" : "user", (unsigned long)r->rip,
            (unsigned long)r->rsp, (unsigned long)r->rflags,
            (unsigned long)mfn_to_paddr(v->arch.kernel_root));
}
