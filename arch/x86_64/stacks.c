/*
 * Per-CPU hypervisor stacks, each with an unmapped guard page below it,
 * so an overflow faults at once instead of corrupting memory. Each CPU
 * gets a slot in the stacks region (arch/layout.h):
 *
 *   [guard][main stack][guard][double fault][guard][NMI][guard][#MC]
 *
 * The main stack is TSS.RSP0, used on every entry from a guest (ring 3);
 * the others are IST stacks, used whatever the state of the main one.
 */
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/stacks.h>
#include <arch/x86.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/panic.h>

#define MAIN_STACK_ORDER 2 /* 16 KiB */
#define IST_STACK_ORDER 1  /* 8 KiB: enough for panic's report */
#define STACK_SLOT_SIZE KiB(128)
#define STACK_FLAGS (PTE_P | PTE_RW | PTE_G | PTE_NX)

_Static_assert(STACK_SLOT_SIZE *MAX_CPUS <= HV_STACKS_VIRT_END - HV_STACKS_VIRT,
               "the stacks region holds a slot per CPU");

/* Map a stack of 2^order pages at va (above its guard page); return the
 * address just past it, the initial stack pointer. */
static uint64_t map_stack(uint64_t va, unsigned order)
{
    mfn_t mfn = frames_alloc(order);
    size_t size = (size_t)PAGE_SIZE << order;

    if (mfn == INVALID_MFN)
        panic("out of memory for hypervisor stacks");
    paging_map_pages(va, mfn << PAGE_SHIFT, size, STACK_FLAGS);
    return va + size;
}

void stacks_init(struct percpu *cpu)
{
    uint64_t va = HV_STACKS_VIRT + cpu->cpu_id * STACK_SLOT_SIZE;
    struct arch_percpu *a = &cpu->arch;

    va += PAGE_SIZE; /* guard */
    a->stack_top = map_stack(va, MAIN_STACK_ORDER);
    va = a->stack_top;
    for (unsigned slot = 1; slot <= IST_COUNT; slot++) {
        va += PAGE_SIZE; /* guard */
        a->ist_top[slot] = map_stack(va, IST_STACK_ORDER);
        va = a->ist_top[slot];
    }
    ASSERT(va <= HV_STACKS_VIRT + (cpu->cpu_id + 1) * STACK_SLOT_SIZE);
    a->tss.rsp[0] = a->stack_top;
    for (unsigned slot = 1; slot <= IST_COUNT; slot++)
        a->tss.ist[slot - 1] = a->ist_top[slot];
}
