/*
 * arch_start_dom0(): build dom0 if a kernel module was given, and make it
 * the console's input domain.
 */
#include <arch/pv.h>
#include <hv/bootinfo.h>
#include <hv/console.h>
#include <hv/event.h>
#include <hv/printk.h>

static struct domain *dom0;

static void dom0_console_input(void)
{
    send_guest_global_virq(dom0, VIRQ_CONSOLE);
}

void arch_start_dom0(void)
{
    if (boot_info.nr_modules == 0) {
        pr_info("No dom0 kernel given: idling\n");
        return;
    }
    dom0 = dom0_build();
    console_set_input_notify(dom0_console_input);
}
