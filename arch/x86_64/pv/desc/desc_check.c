/*
 * One segment descriptor written by a 64-bit PV guest (set_gdt, an LDT
 * page, update_descriptor), checked and fixed as Xen 4.17 does
 * (measured by test_descriptors):
 *
 * - a descriptor not present is kept as it is: it always faults;
 * - code and data descriptors are all accepted, a DPL below 3 raised
 *   to 3: guest code runs in ring 3, and no DPL can give it more;
 * - a system descriptor of type 0 is kept (the upper half of a 16-byte
 *   call gate is one);
 * - a 64-bit call gate is accepted if its target is a selector of the
 *   guest's own GDT entries, of its LDT, or FLAT_KERNEL_CS, and its
 *   reserved bits are clear; it is stored with DPL 0 (so that ring 3
 *   cannot use it: a far call through it raises #GP) and its DPL,
 *   raised to 3, moved into the target's RPL;
 * - every other system descriptor (TSS, LDT, other gates) is refused.
 *
 * Pure logic, built into the host unit tests too.
 */
#include <arch/desc.h>
#include <public/arch-x86/xen.h>

#define DPL_GUEST 3U
#define DESC_TYPE_NONE 0U
#define DESC_TYPE_CALL_GATE64 0xcU
#define GATE_SELECTOR_SHIFT 16
#define GATE_SELECTOR_MASK (0xffffULL << GATE_SELECTOR_SHIFT)
/* Bits 32-39 of a 64-bit call gate: reserved, must be 0. */
#define GATE_RESERVED_MASK (0xffULL << 32)

static bool gate_target_ok(uint16_t sel)
{
    return (sel >> SEL_INDEX_SHIFT) < FIRST_RESERVED_GDT_ENTRY ||
           sel == FLAT_KERNEL_CS || (sel & SEL_TI);
}

bool pv_check_descriptor(uint64_t *desc)
{
    uint64_t d = *desc;
    uint16_t target;

    if (!(d & DESC_PRESENT))
        return true;
    if (d & DESC_S) {
        *desc = d | DESC_DPL; /* DPL 3 */
        return true;
    }
    if (desc_type(d) == DESC_TYPE_NONE)
        return true;
    target = (uint16_t)((d & GATE_SELECTOR_MASK) >> GATE_SELECTOR_SHIFT);
    if (desc_type(d) != DESC_TYPE_CALL_GATE64 || !gate_target_ok(target) ||
        (d & GATE_RESERVED_MASK))
        return false;
    target = (uint16_t)(target | DPL_GUEST);
    *desc = (d & ~(DESC_DPL | GATE_SELECTOR_MASK)) |
            ((uint64_t)target << GATE_SELECTOR_SHIFT);
    return true;
}
