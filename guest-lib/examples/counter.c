/*
 * counter: a demo guest that prints "counter: tick N" once a second,
 * sleeping on its one-shot timer in between (blocked, so it costs no
 * CPU: next to a spinner it still ticks on time).
 *
 * Command line (start_info.cmd_line): "counter" ticks forever;
 * "counter ticks=N" powers off after N ticks, which the boot tests use
 * and which shows on Xen too, where a domU's console output is dropped:
 * there the domain's end (shut down, poweroff) is the sign it ran.
 */
#include "demo_args.h"

#include <parasol/guest.h>

#define TICK_NS NSEC_PER_SEC

int main(void)
{
    uint64_t ticks = UINT64_MAX, deadline = time_now_ns(), now;
    int rc;

    demo_arg_u64(guest_cmdline(), "ticks", &ticks);
    for (uint64_t n = 1; n <= ticks; n++) {
        /* Deadlines a second apart, not sleeps: a late wake-up does not
         * shift every later tick. */
        deadline += TICK_NS;
        now = time_now_ns();
        rc = sleep_ns(deadline > now ? deadline - now : 0);
        if (rc < 0) {
            printf("counter: cannot sleep: %d\n", rc);
            return 1;
        }
        printf("counter: tick %lu\n", (unsigned long)n);
    }
    return 0;
}
