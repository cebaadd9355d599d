/*
 * The arch contract: every service the portable core needs from the
 * architecture, declared once, each with the context it may be called in.
 * The core includes this header and never an arch header directly; host
 * tests link a double of these functions (tests/unit/arch_double.c).
 *
 * Architecture-specific data that per-CPU and other core structures embed
 * comes from <arch/contract_types.h>, found through the include path:
 * arch/x86_64/include for the hypervisor, tests/unit/include for tests.
 *
 * The arch's own hypercalls come from <arch/hypercall_slots.h>, found the
 * same way: it declares their handlers and defines ARCH_HYPERCALLS, the
 * designated initializers (`[__HYPERVISOR_iret] = do_iret,` ...) that
 * hv/hypercall.c puts into its table after the portable slots. Built in
 * at compile time, the table stays read-only and a lookup costs the same
 * for every slot; a slot named by both the core and the arch fails the
 * build (-Woverride-init). Handlers run in the context hv/hypercall.h
 * gives.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <arch/contract_types.h>
#include <arch/hypercall_slots.h>
#include <hv/types.h>

struct percpu;

/* ---- Bring-up, called once each by start_hypervisor() in this order,
 * on the boot CPU with interrupts off. ---- */

/*
 * Console, this CPU's per-CPU block and descriptor tables, and the boot
 * loader's information (into boot_info). Returns false if the loader
 * handed over with an unknown magic value.
 */
bool arch_early_init(uint32_t loader_magic, uint32_t loader_info);
/* Final page tables (direct map of all RAM, image W^X), then the frame
 * table and allocators (hv/mm), then stacks with guard pages. */
void arch_memory_init(void);
/* Interrupt controllers, time source and the one-shot timer. */
void arch_interrupts_init(void);
/*
 * Build dom0 from the boot modules and hand its console input to it.
 * Interrupts off. With no dom0 module, says so and returns: the machine
 * then idles.
 */
void arch_start_dom0(void);
/* A one-line description of the CPU for the banner. */
const char *arch_cpu_description(void);

/* ---- CPU control. Any context. ---- */

/* Disable interrupts, returning the previous state for arch_irq_restore. */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);
bool arch_irqs_enabled(void);
void arch_irq_enable(void);
/* Spin-wait hint (x86: pause). */
void arch_cpu_relax(void);
/* Enable interrupts and sleep until the next one, atomically: called
 * with interrupts off after checking there is nothing to do, no wake-up
 * is lost in between. Returns with interrupts on. */
void arch_wait_for_interrupt(void);
/* Stop this CPU for good, interrupts off. */
noreturn void arch_halt(void);

/* The current CPU's per-CPU block. Valid once arch_early_init() ran. */
struct percpu *arch_this_cpu(void);

/* ---- Console. Called with the console lock held, any context. ---- */
void arch_console_putc(char c);

/* ---- Time. Any context. ---- */

/* Free-running cycle counter, constant rate. */
uint64_t arch_cycles(void);
/* Its frequency in kHz, known after arch_interrupts_init(). */
uint64_t arch_cycles_khz(void);
/* Wall-clock time now, in seconds since 1970 (0 if the platform has no
 * usable clock). Slow: read once at boot. */
uint64_t arch_wallclock_seconds(void);
/*
 * Arm this CPU's one-shot timer to fire at 'cycles' (an arch_cycles()
 * value); 0 disarms it. Interrupts off.
 */
void arch_timer_arm(uint64_t cycles);

/* ---- Diagnostics. Any context, including a fault handler. ---- */

struct cpu_regs; /* saved register frame, arch-defined */

/* Print every register of a saved frame. */
void arch_dump_regs(const struct cpu_regs *regs);

/*
 * Print a backtrace with symbol names: of the interrupted code when regs
 * is given (its rip first, then its callers), else of the caller.
 */
void arch_backtrace(const struct cpu_regs *regs);

/* ---- Memory. ---- */

/* Hypervisor virtual address of a machine address (direct map). */
void *arch_maddr_to_virt(paddr_t maddr);
paddr_t arch_virt_to_maddr(const void *va);

/*
 * The first run of machine frames within [first, last] that dom0 may not
 * map writable (device pages the hypervisor drives itself): sets
 * *run_first and *run_last to the longest such run starting there,
 * clipped to [first, last], and returns true; returns false when dom0
 * may map every frame of the range. first <= last. Any context once
 * arch_interrupts_init() ran: the pages are known by then and never
 * change.
 */
bool arch_iomem_restricted_run(mfn_t first, mfn_t last, mfn_t *run_first,
                               mfn_t *run_last);

/* ---- Guests: the arch state of domains and vCPUs. ---- */

struct domain;
struct vcpu;

/*
 * Initialise v's arch state (registers, trap table) for a new vCPU.
 * vcpu_create(), before the vCPU is known to the scheduler.
 */
void arch_vcpu_init(struct vcpu *v);
/*
 * Release what the arch state of d holds (page-table references, this
 * CPU's loaded GDT, LDT and FPU state of its vCPUs). domain_destroy(),
 * once d is shut down, its vCPUs freed and running nowhere.
 */
void arch_domain_destroy(struct domain *d);
/*
 * Take a reference on a frame of d that the hypervisor will write into
 * (a registered vcpu_info), so it can never become a page table, and
 * return its hypervisor address; NULL if d may not use it this way.
 * Hypercall context.
 */
void *arch_map_guest_frame_for_hv(struct domain *d, mfn_t mfn);
/*
 * Grant mappings (arch/x86_64/pv/mm/grant.c), hypercall context.
 * arch_grant_frame_get: the references a grant mapping or copy holds on
 * frame mfn of owner: a general one, and with writable a writable type
 * one, so that the frame cannot become a page table meanwhile. 0;
 * -ENOENT if owner does not own such a frame; -EBUSY if it cannot be
 * written. arch_grant_frame_put drops them (perhaps the last: the frame
 * and a dying owner may go).
 */
int arch_grant_frame_get(struct domain *owner, mfn_t mfn, bool writable);
void arch_grant_frame_put(mfn_t mfn, bool writable);
/*
 * Map frame mfn of owner in v's page tables at addr (a virtual address
 * in its current tables, or with is_pte the machine address of an L1
 * entry of its), as Xen writes a grant's PTE; avail holds the guest's
 * GNTMAP bits from 16 on. The PTE holds its own references, as any
 * other does. 0, or a negative errno. arch_grant_host_unmap clears that
 * entry if it still maps mfn, else fails.
 */
int arch_grant_host_map(struct vcpu *v, struct domain *owner, uint64_t addr,
                        bool is_pte, mfn_t mfn, bool writable, uint32_t avail);
int arch_grant_host_unmap(struct vcpu *v, uint64_t addr, bool is_pte,
                          mfn_t mfn);
/* Make an NMI pending for v and wake it (VCPUOP_send_nmi). Any CPU,
 * hypercall context. */
void arch_vcpu_send_nmi(struct vcpu *v);
/* The physical ID of the CPU every vCPU runs on, as VCPUOP_get_physid
 * gives it: APIC ID in bits 31:0, ACPI processor ID in 63:32. Any
 * context. */
uint64_t arch_boot_cpu_physid(void);
/*
 * XEN_DOMCTL_setvcpucontext: check c as a context of v's domain and
 * load it (tables, registers, callbacks; online per its flags). 0 or an
 * errno, nothing changed on failure. v's domain is paused and not the
 * caller's. Hypercall context.
 */
struct vcpu_guest_context;
long arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c);
/* XEN_DOMCTL_setvcpucontext with no context: drop what v's context
 * holds (its page-table roots, GDT and LDT frames), as if it never had
 * one. v's domain is paused and not the caller's. */
void arch_vcpu_reset(struct vcpu *v);
/* XEN_DOMCTL_getvcpucontext: v's state (not running) into c, zeroed
 * by the caller. */
void arch_get_vcpu_context(const struct vcpu *v, struct vcpu_guest_context *c);
/* XEN_DOMCTL_hypercall_init: write the hypercall stubs into frame gmfn
 * of d. -EINVAL if not d's, -EPERM if it may not be written. */
long arch_write_hypercall_page(struct domain *d, uint64_t gmfn);
/*
 * XEN_DOMCTL_createdomain: check the arch part of a configuration,
 * after the core's checks, in Xen's order (-EINVAL for unknown flags,
 * then -EOPNOTSUPP for emulated devices the domain may not have).
 * Then arch_domain_config_keep() records it in d, and
 * arch_domain_config_get() gives it back for getdomaininfo.
 */
struct xen_arch_domainconfig;
long arch_domain_config_check(const struct xen_arch_domainconfig *c);
void arch_domain_config_keep(struct domain *d,
                             const struct xen_arch_domainconfig *c);
void arch_domain_config_get(const struct domain *d,
                            struct xen_arch_domainconfig *c);
/* The width of machine addresses (getdomaininfo's gpaddr_bits for a PV
 * domain). Any context. */
unsigned int arch_paddr_bits(void);
/* Record that frame mfn is a domain's pseudo-physical frame gpfn (x86
 * PV: the M2P). Any context. */
void arch_set_gpfn_from_mfn(mfn_t mfn, unsigned long gpfn);
/* Print v's registers and mode, one or two lines. Debug keys: any
 * context, v running or not. */
void arch_dump_vcpu(const struct vcpu *v);

/* ---- Context switch. Called by the scheduler (hv/sched.c) on this
 * CPU, interrupts off. ---- */

/* Save the state of v, which is being descheduled, into v->arch. */
void arch_vcpu_save(struct vcpu *v);
/* Run v on this CPU: discard the stack, load v's state, enter it (or the
 * idle loop for an idle vCPU). */
noreturn void arch_vcpu_run(struct vcpu *v);

/* ---- Power. Never returns. ---- */

/*
 * End the machine. 'status' reaches the outside world where the platform
 * allows (QEMU's isa-debug-exit); otherwise the machine powers off.
 */
noreturn void arch_machine_exit(int status);

#endif
