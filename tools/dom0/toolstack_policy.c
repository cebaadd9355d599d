/*
 * The toolstack's policy: what happens to a domain that stopped (its
 * on_* action from the config), and the end of every domU before the
 * machine powers off. On Xen a per-domain xl process waits for the
 * domain's death and acts; here dom0's main loop calls toolstack_poll()
 * when VIRQ_DOM_EXC says some domain changed, and the policy reads the
 * states and acts on each one it finds stopped.
 */
#include "toolstack.h"

#include "xl.h"

#include <lib/string.h>
#include <public/errno.h>
#include <public/sched.h>

static struct xl_dominfo seen[TOOLSTACK_LIST_MAX];

static const struct xl_dominfo *find(const struct xl_dominfo *list, int n,
                                     domid_t domid)
{
    for (int i = 0; i < n; i++)
        if (list[i].domid == domid)
            return &list[i];
    return NULL;
}

/* Which on_* key answers a shutdown reason. A suspended domain waits to
 * be saved, which Parasol's toolstack does not do: it is left alone. */
static bool event_of(unsigned reason, enum xlcfg_event *event,
                     const char **words)
{
    switch (reason) {
    case SHUTDOWN_poweroff:
        *event = XLCFG_ON_POWEROFF;
        *words = "powered off";
        return true;
    case SHUTDOWN_reboot:
        *event = XLCFG_ON_REBOOT;
        *words = "rebooted";
        return true;
    case SHUTDOWN_watchdog:
        *event = XLCFG_ON_WATCHDOG;
        *words = "was stopped by its watchdog";
        return true;
    case SHUTDOWN_suspend:
        return false;
    case SHUTDOWN_soft_reset: /* not supported: handled as a crash */
        *event = XLCFG_ON_CRASH;
        *words = "asked for a soft reset, which is not supported";
        return true;
    default:
        *event = XLCFG_ON_CRASH;
        *words = "crashed";
        return true;
    }
}

static void restart(struct toolstack *ts, struct shell *sh,
                    struct toolstack_domain *d)
{
    static struct xlcfg cfg; /* the slot is reused: keep a copy */
    domid_t domid;

    cfg = d->cfg;
    if (toolstack_destroy(ts, sh, d->domid) < 0)
        return;
    if (toolstack_start(ts, sh, &cfg, false, &domid) == 0)
        xl_printf(sh, "xl: '%s' restarted as domain %u\n", cfg.name, domid);
}

/* Carries out the action for one stopped domain, in one line. */
static void act(struct toolstack *ts, struct shell *sh,
                struct toolstack_domain *d, enum xlcfg_event event,
                const char *words)
{
    enum xlcfg_action asked = d->cfg.on[event];
    enum xlcfg_action action = xlcfg_action_effective(asked);
    static const char *const doing[XLCFG_ACTION_COUNT] = {
        [XLCFG_ACTION_DESTROY] = "destroying it",
        [XLCFG_ACTION_RESTART] = "restarting it",
        [XLCFG_ACTION_PRESERVE] = "keeping it",
    };

    xl_printf(sh, "xl: '%s' (domain %u) %s: %s=%s, %s%s\n", d->cfg.name,
              d->domid, words, xlcfg_event_key(event), xlcfg_action_name(asked),
              doing[action],
              asked != action ? " (the rest is not supported)" : "");
    if (action == XLCFG_ACTION_PRESERVE)
        d->preserved = true;
    else if (action == XLCFG_ACTION_RESTART)
        restart(ts, sh, d);
    else
        toolstack_destroy(ts, sh, d->domid);
}

/* Not in the list: destroyed behind the toolstack's back, or restarted
 * during this very pass (then it is newer than the list). */
static void forget_if_gone(struct toolstack *ts, struct toolstack_domain *d)
{
    struct xl_dominfo info;

    if (toolstack_dominfo(ts, d->domid, &info) == -XEN_ESRCH)
        d->used = false;
}

int toolstack_react(struct toolstack *ts, struct shell *sh)
{
    int n = ts->be->list(ts->be->ctx, 0, seen, TOOLSTACK_LIST_MAX), acted = 0;

    if (n < 0)
        return 0;
    for (size_t i = 0; i < TOOLSTACK_DOMAINS_MAX; i++) {
        struct toolstack_domain *d = &ts->doms[i];
        const struct xl_dominfo *info;
        enum xlcfg_event event;
        const char *words;

        if (!d->used || d->preserved)
            continue;
        info = find(seen, n, d->domid);
        if (!info) {
            forget_if_gone(ts, d);
            continue;
        }
        if (!info->shutdown || info->dying ||
            !event_of(info->shutdown_reason, &event, &words))
            continue;
        act(ts, sh, d, event, words);
        acted++;
    }
    return acted;
}

int toolstack_poll(struct toolstack *ts, struct shell *sh)
{
    if (ts->be->wait_exception(ts->be->ctx, 0) <= 0)
        return 0;
    return toolstack_react(ts, sh);
}

/* Are all domUs in the list stopped (shut down or dying)? */
static bool all_stopped(const struct xl_dominfo *list, int n)
{
    for (int i = 0; i < n; i++)
        if (list[i].domid != 0 && !list[i].shutdown && !list[i].dying)
            return false;
    return true;
}

/* Waits for the domUs to stop, at most TOOLSTACK_POWEROFF_WAIT_NS.
 * Returns the last list read. */
static int wait_stopped(struct toolstack *ts, int n)
{
    const struct xl_backend *be = ts->be;
    uint64_t deadline = be->uptime_ns(be->ctx) + TOOLSTACK_POWEROFF_WAIT_NS;

    while (n >= 0 && !all_stopped(seen, n)) {
        uint64_t now = be->uptime_ns(be->ctx);

        if (now >= deadline || be->wait_exception(be->ctx, deadline - now) < 0)
            break;
        n = be->list(be->ctx, 0, seen, TOOLSTACK_LIST_MAX);
    }
    return n;
}

int toolstack_poweroff(struct toolstack *ts, struct shell *sh)
{
    const struct xl_backend *be = ts->be;
    int n = be->list(be->ctx, 0, seen, TOOLSTACK_LIST_MAX), destroyed = 0;

    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if (seen[i].domid == 0 || seen[i].shutdown || seen[i].dying)
            continue;
        xl_printf(sh, "xl: shutting down '%s' (domain %u)\n",
                  xl_name(ts, seen[i].domid), seen[i].domid);
        be->shutdown(be->ctx, seen[i].domid, SHUTDOWN_poweroff);
    }
    n = wait_stopped(ts, n);
    for (int i = 0; i < n; i++) {
        if (seen[i].domid == 0)
            continue;
        if (!seen[i].shutdown && !seen[i].dying)
            xl_printf(sh,
                      "xl: '%s' (domain %u) did not shut down within %llu s: "
                      "destroying it\n",
                      xl_name(ts, seen[i].domid), seen[i].domid,
                      TOOLSTACK_POWEROFF_WAIT_NS / XL_NS_PER_SEC);
        if (toolstack_destroy(ts, sh, seen[i].domid) == 0)
            destroyed++;
    }
    return destroyed;
}
