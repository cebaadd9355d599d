/* Exception fixup lookup (see arch/extable.h). */
#include <arch/extable.h>

extern const struct extable_entry __ex_table_start[], __ex_table_end[];

bool extable_fixup(struct cpu_regs *regs)
{
    /* Few entries: a linear scan keeps the table unsorted and simple. */
    for (const struct extable_entry *e = __ex_table_start; e < __ex_table_end;
         e++) {
        if (e->insn == regs->rip) {
            regs->rip = e->fixup;
            return true;
        }
    }
    return false;
}
