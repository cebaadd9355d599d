/*
 * Per-CPU GDT and TSS. Each CPU has its own, so that its TSS can point at
 * its own ring-0 and IST stacks. Guest-visible descriptors (Xen's
 * reserved flat selectors) join in with the first PV domain.
 */
#include <arch/cpu.h>
#include <arch/traps.h>
#include <arch/x86.h>
#include <hv/lib.h>

/* Descriptor bits: present, DPL, code/data, long mode, granularity. */
#define DESC_CODE64_DPL0 0x00af9b000000ffffULL
#define DESC_DATA_DPL0 0x00cf93000000ffffULL
#define DESC_TSS_AVAILABLE 0x89ULL

static void set_tss_descriptor(uint64_t *gdt, unsigned index,
                               const struct tss64 *tss)
{
    uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;

    gdt[index] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                 (DESC_TSS_AVAILABLE << 40) | ((limit >> 16) & 0xf) << 48 |
                 ((base >> 24) & 0xff) << 56;
    gdt[index + 1] = base >> 32;
}

void gdt_init_cpu(struct percpu *cpu)
{
    struct arch_percpu *a = &cpu->arch;
    struct desc_ptr ptr = {.limit = sizeof(a->gdt) - 1,
                           .base = (uint64_t)a->gdt};

    memset(a->gdt, 0, sizeof(a->gdt));
    a->gdt[HV_CS64 / 8] = DESC_CODE64_DPL0;
    a->gdt[HV_DS / 8] = DESC_DATA_DPL0;
    memset(&a->tss, 0, sizeof(a->tss));
    a->tss.rsp[0] = a->stack_top;
    for (unsigned i = 1; i <= IST_COUNT; i++)
        a->tss.ist[i - 1] = a->ist_top[i];
    /* No I/O bitmap: the base points past the limit, so every port
     * access from ring 3 faults. */
    a->tss.iomap_base = sizeof(a->tss);
    set_tss_descriptor(a->gdt, HV_TSS_SEL / 8, &a->tss);

    lgdt(&ptr);
    __asm__ volatile("pushq %[cs]\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movl %[ds], %%eax\n\t"
                     "movl %%eax, %%ds\n\t"
                     "movl %%eax, %%es\n\t"
                     "movl %%eax, %%ss\n\t"
                     :
                     : [cs] "i"(HV_CS64), [ds] "i"(HV_DS)
                     : "rax", "memory");
    ltr(HV_TSS_SEL);
}
