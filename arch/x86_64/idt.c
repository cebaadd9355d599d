/*
 * The IDT: every vector enters through its stub in entry.S. Faults that
 * can happen on a broken stack (double fault, NMI, machine check) switch
 * to their own IST stack, so they are reported even when the ordinary
 * stack is gone.
 */
#include <arch/cpu.h>
#include <arch/traps.h>
#include <arch/x86.h>

#define TRAP_STUB_SIZE 16
#define GATE_INTERRUPT 0xe
#define GATE_PRESENT 0x80

struct __packed idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
};

_Static_assert(sizeof(struct idt_gate) == 16, "IDT gates are 16 bytes");

extern const char trap_stubs[];
static struct idt_gate idt[NR_VECTORS] __aligned(16);
static uint16_t code_selector = EARLY_CS;

static void set_gate(unsigned vector, unsigned ist, unsigned dpl)
{
    uint64_t addr = (uint64_t)(trap_stubs + vector * TRAP_STUB_SIZE);

    idt[vector] = (struct idt_gate){
        .offset_low = addr & 0xffff,
        .selector = code_selector,
        .ist = (uint8_t)ist,
        .type_attr = GATE_PRESENT | (uint8_t)(dpl << 5) | GATE_INTERRUPT,
        .offset_mid = (addr >> 16) & 0xffff,
        .offset_high = (uint32_t)(addr >> 32),
    };
}

void idt_init(void)
{
    for (unsigned v = 0; v < NR_VECTORS; v++)
        set_gate(v, IST_NONE, 0);
    /* int3 and into are the instructions guests (ring 3) may execute
     * to raise #BP and #OF on purpose. */
    set_gate(X86_EXC_BP, IST_NONE, 3);
    set_gate(X86_EXC_OF, IST_NONE, 3);
    set_gate(X86_EXC_DF, IST_DOUBLE_FAULT, 0);
    set_gate(X86_EXC_NMI, IST_NMI, 0);
    set_gate(X86_EXC_MC, IST_MACHINE_CHECK, 0);
}

void idt_set_code_selector(uint16_t sel)
{
    code_selector = sel;
    for (unsigned v = 0; v < NR_VECTORS; v++)
        idt[v].selector = sel;
}

void idt_load(void)
{
    struct desc_ptr ptr = {.limit = sizeof(idt) - 1, .base = (uint64_t)idt};

    lidt(&ptr);
}
