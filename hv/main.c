/*
 * start_hypervisor(): the portable boot sequence, from the arch entry
 * code to the idle loop. Each step names the subsystem it brings up; the
 * order is the dependency order (see docs/architecture.md, "Boot flow").
 */
#include <hv/arch.h>
#include <hv/bootinfo.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/keyhandler.h>
#include <hv/panic.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/selftest.h>

void start_hypervisor(uint32_t loader_magic, uint32_t loader_info);

static void print_banner(void)
{
    pr_info("Parasol %s, a paravirtualizing hypervisor for x86_64\n",
            PARASOL_VERSION);
    pr_info("CPU: %s\n", arch_cpu_description());
    pr_info("Loader: %s%s%s\n", boot_info.loader,
            boot_info.loader_name[0] ? ", " : "", boot_info.loader_name);
    pr_info("Command line: %s\n", boot_info.cmdline);
}

void start_hypervisor(uint32_t loader_magic, uint32_t loader_info)
{
    bool loader_ok = arch_early_init(loader_magic, loader_info);

    cmdline_apply(boot_info.cmdline);
    console_set_input_filter(keyhandler_input);
    print_banner();
    if (!loader_ok)
        panic("not started by a Multiboot loader (magic %#x)", loader_magic);
    arch_memory_init();
    arch_interrupts_init();
    arch_irq_enable();
    selftest_run(hv_options.selftest);
    arch_irq_save();
    sched_init();
    arch_start_dom0();
    sched_start();
}
