/* Descriptor tables and trap dispatch (gdt.c, idt.c, traps.c). */
#ifndef ARCH_TRAPS_H
#define ARCH_TRAPS_H

#include <arch/regs.h>
#include <hv/percpu.h>

enum x86_vector {
    X86_EXC_DE = 0,  /* divide error */
    X86_EXC_DB = 1,  /* debug */
    X86_EXC_NMI = 2, /* non-maskable interrupt */
    X86_EXC_BP = 3,  /* breakpoint */
    X86_EXC_OF = 4,  /* overflow */
    X86_EXC_BR = 5,  /* bound range */
    X86_EXC_UD = 6,  /* invalid opcode */
    X86_EXC_NM = 7,  /* device not available */
    X86_EXC_DF = 8,  /* double fault */
    X86_EXC_TS = 10, /* invalid TSS */
    X86_EXC_NP = 11, /* segment not present */
    X86_EXC_SS = 12, /* stack-segment fault */
    X86_EXC_GP = 13, /* general protection */
    X86_EXC_PF = 14, /* page fault */
    X86_EXC_MF = 16, /* x87 floating point */
    X86_EXC_AC = 17, /* alignment check */
    X86_EXC_MC = 18, /* machine check */
    X86_EXC_XM = 19, /* SIMD floating point */
    X86_EXC_VE = 20, /* virtualisation */
    X86_EXC_CP = 21, /* control protection */
    X86_NR_EXCEPTIONS = 32,
};

/* Interrupt vectors owned by the hypervisor. */
#define IRQ_VECTOR_BASE 0x20 /* legacy PIC remapped here, then masked */
#define VECTOR_COM1 0x24
#define VECTOR_LAPIC_TIMER 0xef
#define VECTOR_SPURIOUS 0xff
#define NR_VECTORS 256
/* Frame markers of syscall entries (pv/entry.S): beyond every vector. */
#define VECTOR_SYSCALL 0x100
#define VECTOR_SYSCALL32 0x101

/* Interrupt handler: runs with interrupts off, must EOI through apic. */
typedef void (*irq_handler_t)(struct cpu_regs *regs);
void irq_register(unsigned vector, irq_handler_t handler);

/* Early GDT and TSS of a CPU (small, boot selectors). */
void gdt_init_cpu(struct percpu *cpu);
/* Switch the CPU to its full GDT in Xen's layout; needs the frame
 * allocator and the CPU's stacks. */
void gdt_init_full(struct percpu *cpu);
/* Map a guest's GDT frames into pages 0-13 of the CPU's GDT ('owner'
 * identifies them, so an unchanged owner costs nothing); nr_frames 0
 * leaves only the reserved entries. */
void gdt_map_guest_frames(struct percpu *cpu, const void *owner,
                          const uint64_t *mfns, unsigned nr_frames);
/* Map a guest's LDT frames in the CPU's LDT area and load it ('owner'
 * as above); ents 0 unloads it. A frame INVALID_MFN is left not
 * present, to be mapped on first use (ldt_map_page). */
void ldt_load(struct percpu *cpu, const void *owner, const uint64_t *mfns,
              unsigned nr_frames, unsigned ents);
/* Map one page of the LDT area of the CPU (the running vCPU's LDT). */
void ldt_map_page(struct percpu *cpu, unsigned page, uint64_t mfn);
/* Is va in the CPU's LDT area? Its offset there in *offset if so. */
bool ldt_area_offset(const struct percpu *cpu, uint64_t va, uint64_t *offset);
/* The descriptor selector sel names in the CPU's loaded GDT, or in its
 * LDT of ldt_ents entries, read as the CPU would read it; false if sel
 * lies past the table's limit (or names an LDT page not mapped). */
bool gdt_read_descriptor(const struct percpu *cpu, unsigned ldt_ents,
                         uint16_t sel, uint64_t *desc);
void idt_init(void);
void idt_set_code_selector(uint16_t sel);
void idt_load(void);
void trap_dispatch(struct cpu_regs *regs);
const char *exception_name(unsigned vector);

/* Page-fault error code bits. */
#define PFEC_PRESENT (1 << 0)
#define PFEC_WRITE (1 << 1)
#define PFEC_USER (1 << 2)
#define PFEC_RSVD (1 << 3)
#define PFEC_INSN (1 << 4)

#endif
