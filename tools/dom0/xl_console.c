/*
 * xl console and xl top. Both loop until the user leaves, each turn
 * showing what is new, then waiting a bounded time for input: the
 * console for a short poll (its output comes as the guest writes it),
 * top for its refresh period. Input comes through the shell
 * environment's read_input; dom0 has nothing else to do meanwhile.
 */
#include "xl_console.h"

#include <lib/format.h>
#include <lib/string.h>
#include <public/errno.h>
#include <public/sched.h>

#define CONSOLE_POLL_NS 20000000ull /* 20 ms between looks at the output */
#define CONSOLE_CHUNK 256
#define TOP_PERIOD_NS 1000000000ull
#define PERMILLE 1000u
#define TENTHS 10u
#define ANSI_HOME_CLEAR "\033[H\033[2J"
#define INPUT_CHUNK 16

enum drain {
    DRAIN_MORE,  /* output came: look again at once */
    DRAIN_IDLE,  /* nothing new */
    DRAIN_GONE,  /* the domain went away */
    DRAIN_ERROR, /* no console to read (said in a line) */
};

/* Shows output since *index, one chunk. */
static enum drain console_drain(struct xl_call *call, domid_t domid,
                                uint64_t *index)
{
    const struct xl_backend *be = call->ts->be;
    char buf[CONSOLE_CHUNK];
    int n = be->read_console(be->ctx, domid, index, buf, sizeof(buf));

    if (n > 0) {
        shell_write(call->sh, buf,
                    (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf));
        return DRAIN_MORE;
    }
    if (n == 0)
        return DRAIN_IDLE;
    if (n == -XEN_ESRCH) {
        xl_printf(call->sh, "\nxl: domain %u is gone\n", domid);
        return DRAIN_GONE;
    }
    xl_error(call->sh, "cannot read the console of domain %u: %s (error %d)",
             domid, xl_strerror(n), n);
    return DRAIN_ERROR;
}

/* Forwards input up to Ctrl-]; returns true when that came. */
static bool console_input(struct xl_call *call, domid_t domid,
                          uint64_t timeout_ns)
{
    const struct shell_env *env = call->sh->env;
    const struct xl_backend *be = call->ts->be;
    char buf[INPUT_CHUNK];
    size_t n = env->read_input(env->ctx, buf, sizeof(buf), timeout_ns);
    const char *escape = n ? memchr(buf, XL_CONSOLE_ESCAPE, n) : NULL;
    size_t forward = escape ? (size_t)(escape - buf) : n;

    /* A console that takes no input drops it, as a full ring would. */
    if (forward)
        be->write_console(be->ctx, domid, buf, forward);
    return escape != NULL;
}

enum shell_status xl_console_attach(struct xl_call *call, domid_t domid)
{
    uint64_t index = 0;

    if (!call->sh->env->read_input)
        return xl_error(call->sh, "console: no interactive terminal here");
    for (;;) {
        enum drain d = console_drain(call, domid, &index);

        if (d == DRAIN_GONE || d == DRAIN_ERROR)
            return d == DRAIN_GONE ? SHELL_OK : SHELL_FAILED;
        if (console_input(call, domid, d == DRAIN_MORE ? 0 : CONSOLE_POLL_NS)) {
            shell_puts(call->sh, "\n");
            return SHELL_OK;
        }
    }
}

static enum shell_status cmd_console(struct xl_call *call)
{
    struct xl_dominfo info;

    if (!xl_target(call, call->argv[0], "attach to the console of", &info))
        return SHELL_FAILED;
    return xl_console_attach(call, info.domid);
}

/* The previous turn's CPU times, for each domain's share since then. */
struct top_sample {
    uint64_t at_ns;
    int count;
    domid_t domid[TOOLSTACK_LIST_MAX];
    uint64_t cpu_ns[TOOLSTACK_LIST_MAX];
};

static struct xl_dominfo top_doms[TOOLSTACK_LIST_MAX];
static struct top_sample top_prev;

/* part / whole as a percentage with one decimal ("12.5"). */
static void percent(uint64_t part, uint64_t whole, char *buf, size_t size)
{
    uint64_t permille = whole ? part * PERMILLE / whole : 0;

    snprintf(buf, size, "%llu.%llu", (unsigned long long)(permille / TENTHS),
             (unsigned long long)(permille % TENTHS));
}

static uint64_t cpu_before(domid_t domid, uint64_t now_cpu)
{
    for (int i = 0; i < top_prev.count; i++)
        if (top_prev.domid[i] == domid)
            return top_prev.cpu_ns[i] <= now_cpu ? top_prev.cpu_ns[i] : now_cpu;
    return now_cpu; /* new: no share to show yet */
}

static void top_summary(struct xl_call *call, int n,
                        const struct xl_physinfo *phys)
{
    unsigned counts[XL_STATE_LEN] = {0};
    uint64_t total = phys->total_pages * XL_KIB_PER_PAGE;
    uint64_t free_kib = phys->free_pages * XL_KIB_PER_PAGE;

    for (int i = 0; i < n; i++) {
        counts[0] += top_doms[i].running;
        counts[1] += top_doms[i].blocked;
        counts[2] += top_doms[i].paused;
        counts[3] += top_doms[i].shutdown;
        counts[4] += top_doms[i].shutdown &&
                     top_doms[i].shutdown_reason == SHUTDOWN_crash;
        counts[5] += top_doms[i].dying;
    }
    xl_printf(call->sh,
              "%d domains: %u running, %u blocked, %u paused, %u shutdown, "
              "%u crashed, %u dying\n",
              n, counts[0], counts[1], counts[2], counts[3], counts[4],
              counts[5]);
    xl_printf(call->sh,
              "Mem: %lluk total, %lluk used, %lluk free    CPUs: %u @ %uMHz\n",
              (unsigned long long)total, (unsigned long long)(total - free_kib),
              (unsigned long long)free_kib, phys->nr_cpus,
              phys->cpu_khz / XL_KHZ_PER_MHZ);
}

static void top_row(struct xl_call *call, const struct xl_dominfo *d,
                    uint64_t elapsed_ns, uint64_t total_kib)
{
    char state[XL_STATE_LEN + 1], cpu[16], mem[16], maxmem[16];
    uint64_t mem_kib = d->tot_pages * XL_KIB_PER_PAGE;
    uint64_t max_kib = d->max_pages * XL_KIB_PER_PAGE;

    xl_state(d, state);
    percent(d->cpu_time_ns - cpu_before(d->domid, d->cpu_time_ns), elapsed_ns,
            cpu, sizeof(cpu));
    percent(mem_kib, total_kib, mem, sizeof(mem));
    percent(max_kib, total_kib, maxmem, sizeof(maxmem));
    xl_printf(call->sh, "%10s %s %10llu %6s %10llu %6s %10llu %9s %5u\n",
              xl_name(call->ts, d->domid), state,
              (unsigned long long)(d->cpu_time_ns / XL_NS_PER_SEC), cpu,
              (unsigned long long)mem_kib, mem, (unsigned long long)max_kib,
              maxmem, d->online_vcpus);
}

static void top_remember(int n, uint64_t now)
{
    top_prev.at_ns = now;
    top_prev.count = n;
    for (int i = 0; i < n; i++) {
        top_prev.domid[i] = top_doms[i].domid;
        top_prev.cpu_ns[i] = top_doms[i].cpu_time_ns;
    }
}

/* One screen; false if the domains cannot be read. */
static bool top_screen(struct xl_call *call)
{
    const struct xl_backend *be = call->ts->be;
    uint64_t now = be->uptime_ns(be->ctx);
    struct xl_physinfo phys = {0};
    int n = xl_list_all(call, top_doms, TOOLSTACK_LIST_MAX);

    if (n < 0)
        return false;
    be->physinfo(be->ctx, &phys); /* zeros if it cannot say */
    shell_puts(call->sh, ANSI_HOME_CLEAR);
    top_summary(call, n, &phys);
    xl_printf(call->sh, "%10s %6s %10s %6s %10s %6s %10s %9s %5s\n", "NAME",
              "STATE", "CPU(sec)", "CPU(%)", "MEM(k)", "MEM(%)", "MAXMEM(k)",
              "MAXMEM(%)", "VCPUS");
    for (int i = 0; i < n; i++)
        top_row(call, &top_doms[i], now - top_prev.at_ns,
                phys.total_pages * XL_KIB_PER_PAGE);
    shell_puts(call->sh, "(q quits)\n");
    top_remember(n, now);
    return true;
}

static bool top_quit(struct xl_call *call)
{
    const struct shell_env *env = call->sh->env;
    char buf[INPUT_CHUNK];
    size_t n = env->read_input(env->ctx, buf, sizeof(buf), TOP_PERIOD_NS);

    return memchr(buf, 'q', n) || memchr(buf, 'Q', n);
}

static enum shell_status cmd_top(struct xl_call *call)
{
    if (!call->sh->env->read_input)
        return xl_error(call->sh, "top: no interactive terminal here");
    top_prev.count = 0;
    top_prev.at_ns = call->ts->be->uptime_ns(call->ts->be->ctx);
    do {
        if (!top_screen(call))
            return SHELL_FAILED;
    } while (!top_quit(call));
    return SHELL_OK;
}

static const struct xl_cmd console_cmds[] = {
    {.name = "console",
     .handler = cmd_console,
     .help = "show a domain's console as it comes (Ctrl-] returns)",
     .usage = "console DOM",
     .min_args = 1,
     .max_args = 1},
    {.name = "top",
     .handler = cmd_top,
     .help = "a view of the domains' CPU and memory, refreshed each "
             "second (q quits)",
     .usage = "top"},
};

const struct xl_family xl_family_console = {
    .cmds = console_cmds,
    .count = sizeof(console_cmds) / sizeof(console_cmds[0]),
};
