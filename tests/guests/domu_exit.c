/*
 * domu_exit: the smallest domU, for the domain builder's tests
 * (tests/guests/build.c builds it from dom0). It shuts itself down at
 * once, with the reason its command line names ("reboot", "crash"; any
 * other line powers off), so the builder's test sees both that the
 * domain ran and that start_info carried its command line.
 */
#include <parasol/guest.h>

int main(void)
{
    const char *cmdline = guest_cmdline();

    if (strcmp(cmdline, "reboot") == 0)
        guest_reboot();
    if (strcmp(cmdline, "crash") == 0)
        guest_crash();
    guest_poweroff();
}
