/*
 * crasher: a demo guest that runs for a while, then does what a broken
 * kernel does: it touches an address nothing is mapped at, with no
 * handler for the page fault, so the hypervisor crashes the domain.
 * xl then shows it with state c, and the config's on_crash decides
 * what happens next (destroy, restart, preserve).
 *
 * Command line: "crasher" crashes after one second; "crasher after=N"
 * after N seconds (0: at once).
 */
#include "demo_args.h"

#include <parasol/guest.h>

/* In the lowest page, which the guest-lib layout never maps. Read
 * through a volatile, so the compiler sees an address, not a constant
 * it could warn about. */
static volatile uintptr_t unmapped_address = 0x8;

int main(void)
{
    uint64_t seconds = 1;

    demo_arg_u64(guest_cmdline(), "after", &seconds);
    printf("crasher: crashing in %lu s\n", (unsigned long)seconds);
    if (seconds && sleep_ns(seconds * NSEC_PER_SEC) < 0)
        printf("crasher: cannot sleep, crashing now\n");
    printf("crasher: touching 0x%lx\n", (unsigned long)unmapped_address);
    *(volatile uint64_t *)unmapped_address = 1;
    printf("crasher: still alive: the address was mapped\n");
    return 1;
}
