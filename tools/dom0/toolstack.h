/*
 * dom0's toolstack: what `xl` knows that the hypervisor does not. As
 * on Xen, names and configs are the toolstack's: the hypervisor knows
 * domains by ID and UUID only. The registry keeps, for each domain xl
 * created, its finished config (to restart it the same way, and for
 * `xl list -l`) and its start time (for `xl uptime`).
 *
 * The policy lives here too: what happens when a domain stops (its
 * on_poweroff/on_reboot/on_watchdog/on_crash action) and the orderly
 * end of every domU before the machine powers off. Everything goes
 * through struct xl_backend, so the host tests run it on a fake.
 */
#ifndef DOM0_TOOLSTACK_H
#define DOM0_TOOLSTACK_H

#include "shell.h"
#include "xl_backend.h"
#include "xlcfg.h"

#define TOOLSTACK_DOMAINS_MAX 128 /* domUs the registry holds at once */
/* Domains one listing reads: the registry's, dom0, and room for domains
 * some other toolstack made. */
#define TOOLSTACK_LIST_MAX (2 * TOOLSTACK_DOMAINS_MAX)
#define TOOLSTACK_DOM0_NAME "Domain-0"
/* How long power-off waits for the domUs to shut down by themselves,
 * and how long `xl shutdown -w` waits for one. */
#define TOOLSTACK_POWEROFF_WAIT_NS 10000000000ull
#define TOOLSTACK_SHUTDOWN_WAIT_NS 60000000000ull

struct toolstack_domain {
    bool used;
    bool preserved; /* stopped, kept by a preserve action: left alone */
    domid_t domid;
    uint64_t start_ns; /* backend uptime when it was created */
    struct xlcfg cfg;  /* finished: what a restart builds again */
};

struct toolstack {
    const struct xl_backend *be;
    const void *ramdisk; /* where configs and kernels are read */
    size_t ramdisk_size;
    uint64_t uuid_state; /* for the UUIDs of configs without one */
    struct toolstack_domain doms[TOOLSTACK_DOMAINS_MAX];
};

void toolstack_init(struct toolstack *ts, const struct xl_backend *be,
                    const void *ramdisk, size_t ramdisk_size);

/* The registry entry of a domain; NULL if xl did not create it. */
struct toolstack_domain *toolstack_by_domid(struct toolstack *ts,
                                            domid_t domid);
struct toolstack_domain *toolstack_by_name(struct toolstack *ts,
                                           const char *name);
/* "Domain-0", a registered name, or NULL. */
const char *toolstack_name(struct toolstack *ts, domid_t domid);

/*
 * A domain named by ID or name, as every xl command takes it: looks it
 * up and reads its state into *info. Prints one error line and returns
 * false if there is no such domain.
 */
bool toolstack_lookup(struct toolstack *ts, struct shell *sh, const char *arg,
                      struct xl_dominfo *info);

/* Reads one domain's state; -XEN_ESRCH if there is none. */
int toolstack_dominfo(struct toolstack *ts, domid_t domid,
                      struct xl_dominfo *info);

/*
 * Builds and registers a domain from a finished config: the kernel from
 * the ramdisk, a free-memory check, create, the scheduler parameters,
 * and unpause unless paused. Prints one error line on failure, and
 * leaves nothing behind. Returns 0 with *domid set, or -1.
 */
int toolstack_start(struct toolstack *ts, struct shell *sh,
                    const struct xlcfg *cfg, bool paused, domid_t *domid);

/*
 * What toolstack_start_prepared adds: the domain ID to give (0: the
 * hypervisor's choice) and a step between createdomain and the start of
 * day (xl_prepare_fn; NULL for none), for domains the toolstack wires
 * together before either runs.
 */
struct toolstack_prepare {
    domid_t domid;
    xl_prepare_fn fn;
    void *ctx;
};

int toolstack_start_prepared(struct toolstack *ts, struct shell *sh,
                             const struct xlcfg *cfg, bool paused,
                             const struct toolstack_prepare *prep,
                             domid_t *domid);

/* Destroys a domain and forgets it; prints an error line on failure. */
int toolstack_destroy(struct toolstack *ts, struct shell *sh, domid_t domid);

/*
 * The policy: every registered domain found shut down gets its on_*
 * action (destroy; restart = destroy and build again from the stored
 * config; preserve = keep it as it is), announced in one line. A
 * registered domain that is gone is forgotten. Returns how many
 * domains it acted on.
 */
int toolstack_react(struct toolstack *ts, struct shell *sh);

/* For dom0's main loop: reacts if a domain exception is pending. */
int toolstack_poll(struct toolstack *ts, struct shell *sh);

/*
 * Before the machine stops: asks every domU to power off, waits at most
 * TOOLSTACK_POWEROFF_WAIT_NS for them to stop, then destroys every domU
 * (the ones that did not stop with a line saying so). No on_* action
 * runs. Returns the number of domUs destroyed, or -1 if the domains
 * cannot even be listed.
 */
int toolstack_poweroff(struct toolstack *ts, struct shell *sh);

#endif /* DOM0_TOOLSTACK_H */
