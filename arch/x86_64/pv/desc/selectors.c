/*
 * The frame a PV guest returns to. iretq checks the new CS and SS
 * against their descriptors, then RIP, and faults if they are unusable;
 * in the hypervisor such a fault must never happen. So, before every return,
 * the same checks are made here, in the CPU's order (Intel SDM vol. 2,
 * IRET: a return to an outer privilege level in IA-32e mode), and a
 * failure becomes the exception the CPU would have raised, delivered to
 * the guest instead. Xen 4.17 lets the iretq fault and bounces that
 * fault to the guest; the guest sees the same exception and error code.
 *
 * Both selectors get RPL 3 (guests run in ring 3), so the RPL checks
 * of the CPU cannot fail and are left out.
 *
 * Precondition: nothing may change the descriptors checked here before
 * the iretq that uses them. The check runs last on the exit path, with
 * interrupts off, and guests run on this one CPU only: no other CPU can
 * rewrite a descriptor (update_descriptor, set_gdt) in between.
 */
#include <arch/desc.h>
#include <arch/pv.h>
#include <arch/traps.h>
#include <hv/guest_access.h>
#include <hv/mm.h>
#include <hv/percpu.h>
#include <public/arch-x86/xen-x86_64.h>

#define SELECTOR_MASK 0xffffULL
#define NO_FAULT_ADDRESS (~0ULL)

/* The error code of a fault on selector sel: its index and table. */
static uint16_t sel_error(uint16_t sel)
{
    return sel & (uint16_t)~SEL_RPL_MASK;
}

static bool fail(struct pv_return_fault *f, unsigned vector, uint16_t ec)
{
    f->vector = vector;
    f->error_code = ec;
    return false;
}

/* A descriptor that could not be read: #GP(sel) past the limit, or the
 * page fault lookup() noted. */
static bool unreadable(struct pv_return_fault *f, uint16_t sel)
{
    if (f->cr2 != NO_FAULT_ADDRESS)
        return fail(f, X86_EXC_PF, 0);
    return fail(f, X86_EXC_GP, sel_error(sel));
}

/*
 * The descriptor of sel, as the CPU would read it: false if past its
 * table's limit (*f untouched), or if it lies in an LDT page that cannot
 * be mapped (*f then holds the page fault the CPU would have raised).
 */
static bool lookup(struct vcpu *v, uint16_t sel, uint64_t *desc,
                   struct pv_return_fault *f)
{
    uint64_t offset = (uint64_t)(sel >> SEL_INDEX_SHIFT) * DESC_SIZE;

    if ((sel & SEL_TI) && offset < (uint64_t)v->arch.ldt_ents * DESC_SIZE &&
        !pv_ldt_map_page(v, (unsigned)(offset / PAGE_SIZE))) {
        f->cr2 = v->arch.ldt_base + offset;
        return false;
    }
    return gdt_read_descriptor(this_cpu(), v->arch.ldt_ents, sel, desc);
}

static bool code_selector_ok(struct vcpu *v, uint16_t cs, uint64_t *d,
                             struct pv_return_fault *f)
{
    if (!(cs & ~SEL_RPL_MASK))
        return fail(f, X86_EXC_GP, 0);
    if (!lookup(v, cs, d, f))
        return unreadable(f, cs);
    if (!(*d & DESC_S) || !(desc_type(*d) & DESC_TYPE_CODE))
        return fail(f, X86_EXC_GP, sel_error(cs));
    /* Non-conforming code must have DPL 3; conforming code any DPL. */
    if (!(desc_type(*d) & DESC_TYPE_CONFORMING) && desc_dpl(*d) != 3)
        return fail(f, X86_EXC_GP, sel_error(cs));
    if (!(*d & DESC_PRESENT))
        return fail(f, X86_EXC_NP, sel_error(cs));
    if ((*d & DESC_L) && (*d & DESC_DB))
        return fail(f, X86_EXC_GP, sel_error(cs));
    return true;
}

static bool stack_selector_ok(struct vcpu *v, uint16_t ss,
                              struct pv_return_fault *f)
{
    uint64_t d;

    /* A null SS is allowed only below CPL 3. */
    if (!(ss & ~SEL_RPL_MASK))
        return fail(f, X86_EXC_GP, 0);
    if (!lookup(v, ss, &d, f))
        return unreadable(f, ss);
    if (!(d & DESC_S) || (desc_type(d) & DESC_TYPE_CODE) ||
        !(desc_type(d) & DESC_TYPE_WRITABLE) || desc_dpl(d) != 3)
        return fail(f, X86_EXC_GP, sel_error(ss));
    if (!(d & DESC_PRESENT))
        return fail(f, X86_EXC_SS, sel_error(ss));
    return true;
}

/* Last, rip: canonical for 64-bit code, within the limit otherwise. */
static bool rip_ok(uint64_t cs_desc, uint64_t rip, struct pv_return_fault *f)
{
    if (cs_desc & DESC_L ? !is_canonical_address(rip)
                         : rip > desc_limit(cs_desc))
        return fail(f, X86_EXC_GP, 0);
    return true;
}

bool pv_return_frame_ok(struct vcpu *v, const struct cpu_regs *regs,
                        struct pv_return_fault *f)
{
    uint16_t cs = (uint16_t)((regs->cs & SELECTOR_MASK) | SEL_RPL_MASK);
    uint16_t ss = (uint16_t)((regs->ss & SELECTOR_MASK) | SEL_RPL_MASK);
    uint64_t cs_desc;

    f->cr2 = NO_FAULT_ADDRESS;
    /* Xen's flat 64-bit selectors, nearly every return: their entries
     * lie in the hypervisor's reserved part of the GDT, which no guest
     * can change, so only rip needs a look. */
    if (cs == FLAT_RING3_CS64 && ss == FLAT_RING3_SS64)
        return is_canonical_address(regs->rip) || fail(f, X86_EXC_GP, 0);
    return code_selector_ok(v, cs, &cs_desc, f) &&
           stack_selector_ok(v, ss, f) && rip_ok(cs_desc, regs->rip, f);
}

void pv_deliver_return_fault(struct vcpu *v, struct cpu_regs *regs,
                             const struct pv_return_fault *f)
{
    /* A page fault on the LDT: the CPU's own read, a supervisor one. */
    if (f->vector == X86_EXC_PF)
        v->vcpu_info->arch.cr2 = f->cr2;
    pv_inject_trap(v, regs, f->vector, true,
                   f->vector == X86_EXC_PF && !v->arch.in_kernel
                       ? PFEC_USER
                       : f->error_code);
}
