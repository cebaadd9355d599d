/*
 * Shutdown (shutdown.h). A shutdown hypercall that returns has failed;
 * the domain must still stop, so guest_die() removes the virtual IDT
 * and raises #UD: an exception the guest cannot handle makes the
 * hypervisor crash the domain.
 */
#include <parasol/arch.h>
#include <parasol/hypercall.h>
#include <parasol/shutdown.h>

int guest_shutdown(unsigned int reason)
{
    struct sched_shutdown arg = {.reason = reason};

    return HYPERVISOR_sched_op(SCHEDOP_shutdown, &arg);
}

int guest_shutdown_code(unsigned int reason)
{
    struct sched_shutdown arg = {.reason = reason};

    return HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &arg);
}

static _Noreturn void guest_die(void)
{
    HYPERVISOR_set_trap_table(NULL);
    for (;;)
        ud2();
}

_Noreturn void guest_poweroff(void)
{
    guest_shutdown(SHUTDOWN_poweroff);
    guest_die();
}

_Noreturn void guest_reboot(void)
{
    guest_shutdown(SHUTDOWN_reboot);
    guest_die();
}

_Noreturn void guest_crash(void)
{
    guest_shutdown(SHUTDOWN_crash);
    guest_die();
}

_Noreturn void guest_exit(int code)
{
    if (code == 0)
        guest_poweroff();
    guest_crash();
}
