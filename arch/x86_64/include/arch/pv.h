/*
 * The x86 PV machinery shared by the files of arch/x86_64/pv/: guest
 * mode switches, the live register frame, bounce frames, emulation.
 */
#ifndef ARCH_PV_H
#define ARCH_PV_H

#include <arch/cpu.h>
#include <arch/regs.h>
#include <hv/domain.h>

/* The running guest's registers: the frame at the top of this CPU's
 * stack, built by every entry from ring 3. */
struct cpu_regs *guest_regs(void);

/* Set up syscall/sysret MSRs and FPU control bits on this CPU. */
void pv_cpu_init(void);

/* Switch v (the running vCPU) between guest kernel and user mode:
 * page-table root and GS base follow. */
void pv_enter_kernel_mode(struct vcpu *v);
void pv_enter_user_mode(struct vcpu *v);
/* The GS base the guest sees now, loaded into MSR_KERNEL_GS_BASE so the
 * exit path's swapgs installs it. */
void pv_load_guest_gs(struct vcpu *v);

/*
 * Push an exception/event frame onto the guest kernel stack and point
 * the guest at 'handler' (Xen's PV64 bounce frame). From user mode this
 * first switches the vCPU to kernel mode and its kernel stack. Returns
 * false if the domain was crashed instead (unusable stack).
 */
bool pv_bounce(struct vcpu *v, struct cpu_regs *regs, uint64_t handler,
               bool has_error_code, uint64_t error_code, bool mask_events);

/* Deliver v's pending NMI through its vector-2 handler, if it has one
 * and is not in the last one's (traps.c). False: the domain crashed. */
bool pv_deliver_nmi(struct vcpu *v, struct cpu_regs *regs);

/* Deliver exception 'vector' to the guest's handler, or crash it. */
void pv_inject_trap(struct vcpu *v, struct cpu_regs *regs, unsigned vector,
                    bool has_error_code, uint64_t error_code);

/* A fault or trap of the running guest (trap_dispatch). */
void pv_trap(struct cpu_regs *regs);
/* The exception iretq would raise on a bad return frame. */
struct pv_return_fault {
    unsigned vector; /* X86_EXC_GP, _NP, _SS, or _PF on an LDT page */
    uint16_t error_code;
    uint64_t cr2; /* _PF: the guest address of the descriptor */
};
/* May v (running) resume with regs' cs, ss and rip (selectors.c)? The
 * CPU's own checks of iretq, made before it runs (an LDT page they read
 * is mapped on the way, as on first use): false, with the
 * exception the CPU would raise in *f, if iretq would fault. */
bool pv_return_frame_ok(struct vcpu *v, const struct cpu_regs *regs,
                        struct pv_return_fault *f);
/* Deliver that exception to v (or crash it if it has no handler). */
void pv_deliver_return_fault(struct vcpu *v, struct cpu_regs *regs,
                             const struct pv_return_fault *f);
/* The last step before any return to a guest, interrupts off:
 * scheduling, then event upcalls. */
void pv_exit_to_guest(struct cpu_regs *regs);

/* Emulation of privileged instructions and Xen's forced-emulation
 * prefix; true if the instruction was handled (rip advanced). */
bool pv_emulate_privileged(struct vcpu *v, struct cpu_regs *regs);
bool pv_emulate_forced(struct vcpu *v, struct cpu_regs *regs);

/* Xen's MSR base (CPUID leaf 0x40000002 ebx): the hypercall page MSR. */
#define XEN_MSR_BASE 0x40000000u

/* CPUID leaf/subleaf as a PV guest sees it (cpuid.c). */
struct cpuid_regs pv_cpuid(uint32_t leaf, uint32_t sub);
/* An AMD (or Hygon) CPU: vendor-specific MSRs and features. */
bool pv_cpu_is_amd(void);
/* Does the guest's CPUID offer rdtscp (and so MSR_TSC_AUX)? */
bool pv_has_rdtscp(void);

/*
 * rdmsr/wrmsr from the guest kernel (msr.c): true with *val read, or
 * the write done; false when Xen would raise #GP (the caller does).
 */
bool pv_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);
bool pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);

/* Descriptor-table frames (descriptors.c): type one frame of d as
 * segment descriptors and check (and fix) every descriptor in it
 * (-EINVAL, or the type error); release n such frames. */
int pv_get_descriptor_frame(struct domain *d, mfn_t mfn);
void pv_put_descriptor_frames(const uint64_t *mfns, unsigned n);

/* MMUEXT_SET_LDT for v, the running vCPU (ldt.c): -EINVAL for more
 * than PV_LDT_MAX_ENTRIES entries, a base not page-aligned or a range
 * not the guest's; else records the table, whose pages are mapped on
 * first use, and loads it. */
int pv_set_ldt(struct vcpu *v, uint64_t base, unsigned ents);
/* Frames an LDT of ents entries spans (ldt.c). */
unsigned pv_ldt_frames(unsigned ents);
/* Map page 'page' of v's (the running vCPU's) LDT on first use, as Xen
 * does: the guest page at that address is typed and checked now.
 * True if it is mapped (already, or now). */
bool pv_ldt_map_page(struct vcpu *v, unsigned page);
/* A page fault of the running guest at cr2: if it hit this CPU's LDT
 * area, map the LDT page and return true (the access is retried), or
 * deliver the guest a #PF at its LDT's address and return true; false
 * if cr2 is elsewhere. */
bool pv_ldt_fault(struct vcpu *v, struct cpu_regs *regs, uint64_t cr2);
/* Release every LDT page v has mapped. */
void pv_ldt_release(struct vcpu *v);

/* Fill a guest's hypercall page (a direct-map address). */
void pv_write_hypercall_page(void *page);

/* The M2P table (m2p.c). */
void m2p_init(void);
unsigned long m2p_get(mfn_t mfn);

/* Build dom0 from the first multiboot module (dom0_build.c). */
struct domain *dom0_build(void);

#endif
