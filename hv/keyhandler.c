/*
 * The debug keys (see hv/keyhandler.h): a table of {key, what it shows,
 * handler}; each handler asks its own subsystem to print its state.
 */
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/keyhandler.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>

static void show_help(void);

static void show_memory(void)
{
    mm_print_summary();
}

static void show_time(void)
{
    uint64_t now = now_ns();

    pr_info("time: %lu.%03lu s since boot, TSC %lu kHz, %lu timer "
            "interrupts\n",
            (unsigned long)(now / NS_PER_SEC),
            (unsigned long)(now % NS_PER_SEC / NS_PER_MS),
            (unsigned long)arch_cycles_khz(), timer_softirq_count());
}

/*
 * As Xen's 'q': after the dump, VIRQ_DEBUG on every vCPU of every live
 * domain, so that a guest that bound it may dump its own state too.
 */
static void debug_virq_all(void)
{
    struct domain *d;

    for (unsigned int id = 0; id < DOMID_FIRST_RESERVED;
         id = d->domain_id + 1u) {
        d = domain_next_from((domid_t)id);
        if (!d)
            return;
        if (d->state == DOMAIN_DYING)
            continue;
        for (unsigned int i = 0; i < d->max_vcpus; i++)
            if (d->vcpu[i])
                send_guest_vcpu_virq(d->vcpu[i], VIRQ_DEBUG);
    }
}

static void show_domains(void)
{
    domain_dump_all();
    debug_virq_all();
}

static const struct keyhandler {
    char key;
    const char *what;
    void (*fn)(void);
} keyhandlers[] = {
    {'h', "list the debug keys", show_help},
    {'q', "dump domains and their vCPUs (and raise VIRQ_DEBUG)", show_domains},
    {'e', "dump every domain's event channels", evtchn_dump_all},
    {'m', "show memory", show_memory},
    {'r', "show the scheduler's state", sched_dump},
    {'t', "show the time", show_time},
};

static void show_help(void)
{
    pr_info("debug keys (Ctrl-A three times gives input back to dom0):\n");
    for (size_t i = 0; i < ARRAY_SIZE(keyhandlers); i++)
        pr_info("  '%c'  %s\n", keyhandlers[i].key, keyhandlers[i].what);
}

static void switched(bool to_hypervisor)
{
    if (to_hypervisor)
        pr_info("*** console input to Parasol: 'h' lists the debug keys, "
                "Ctrl-A three times returns to dom0\n");
    else
        pr_info("*** console input to dom0\n");
}

static void run_key(char c)
{
    for (size_t i = 0; i < ARRAY_SIZE(keyhandlers); i++) {
        if (keyhandlers[i].key == c) {
            keyhandlers[i].fn();
            return;
        }
    }
    if (c >= ' ' && c < 0x7f)
        pr_info("no debug key '%c' ('h' lists them)\n", c);
}

/*
 * Ctrl-A pressed three times in a row switches input between dom0 and
 * the debug keys. The first two go on to dom0 like any byte (its shell
 * ignores control bytes); the third is taken.
 */
#define CTRL_A 0x01
#define SWITCH_PRESSES 3

static unsigned ctrl_a_count; /* consecutive Ctrl-A (interrupt context) */
static bool input_to_hv;      /* the debug keys have the input */

bool keyhandler_input(char c)
{
    if (c == CTRL_A && ++ctrl_a_count == SWITCH_PRESSES) {
        ctrl_a_count = 0;
        input_to_hv = !input_to_hv;
        switched(input_to_hv);
        return true;
    }
    if (c != CTRL_A)
        ctrl_a_count = 0;
    if (!input_to_hv)
        return false;
    run_key(c);
    return true;
}
