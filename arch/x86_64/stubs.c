#include <hv/arch.h>
void arch_memory_init(void) {}
void arch_interrupts_init(void) {}
uint64_t arch_cycles_khz(void) { return 0; }
void arch_timer_arm(uint64_t c) { (void)c; }
