/*
 * dom0's demo commands: domains that the toolstack wires together
 * before either runs, as Xen's toolstack wires a guest to its console
 * and store backends (allocate a port in the new domain between
 * createdomain and its start of day, and tell the guest through
 * start_info).
 *
 * pingpong: the two sides of guest-lib/examples/pingpong.c, from
 * pingpong-server.cfg and pingpong-client.cfg, joined by an interdomain
 * event channel. Both IDs are chosen first, so that the server's port
 * can be offered to a client that does not exist yet:
 *
 *   1. S and C: the two lowest IDs above every domain there is;
 *   2. server S, prepared: port P = alloc_unbound(S, remote C), and
 *      " port=P" on its command line;
 *   3. client C, prepared: " peer=S port=P" on its command line; it
 *      binds to (S, P) when it starts.
 */
#include "shell.h"
#include "toolstack.h"
#include "xl.h"

#include <lib/format.h>
#include <lib/string.h>
#include <public/errno.h>

#define PINGPONG_SERVER_CFG "pingpong-server.cfg"
#define PINGPONG_CLIENT_CFG "pingpong-client.cfg"

/* What the two prepare steps share. */
struct pingpong {
    const struct xl_backend *be;
    domid_t server, client;
    int port; /* the server's, once allocated */
};

/* Appends text to the command line; -XEN_E2BIG if it does not fit. */
static int cmdline_append(char *cmdline, size_t size, const char *text)
{
    size_t used = strlen(cmdline);

    return strlcpy(cmdline + used, text, size - used) < size - used
               ? 0
               : -XEN_E2BIG;
}

static int prepare_server(void *ctx, domid_t domid, char *cmdline, size_t size)
{
    struct pingpong *pp = ctx;
    char arg[32];

    pp->port = pp->be->alloc_unbound(pp->be->ctx, domid, pp->client);
    if (pp->port < 0)
        return pp->port;
    snprintf(arg, sizeof(arg), " port=%d", pp->port);
    return cmdline_append(cmdline, size, arg);
}

static int prepare_client(void *ctx, domid_t domid, char *cmdline, size_t size)
{
    struct pingpong *pp = ctx;
    char arg[48];

    (void)domid;
    snprintf(arg, sizeof(arg), " peer=%u port=%d", pp->server, pp->port);
    return cmdline_append(cmdline, size, arg);
}

/* The lowest ID above every domain there is: one the hypervisor has
 * not given, so createdomain with it succeeds unless it is taken in
 * between. */
static int next_free_domid(struct toolstack *ts, struct shell *sh, domid_t *out)
{
    static struct xl_dominfo all[TOOLSTACK_LIST_MAX];
    int n = ts->be->list(ts->be->ctx, 0, all, TOOLSTACK_LIST_MAX);
    domid_t top = 0;

    if (n < 0) {
        xl_fail_call(sh, "list", "the domains", n);
        return -1;
    }
    for (int i = 0; i < n; i++)
        top = all[i].domid > top ? all[i].domid : top;
    if (top + 2 >= DOMID_FIRST_RESERVED) {
        shell_puts(sh, "pingpong: no free domain IDs\n");
        return -1;
    }
    *out = (domid_t)(top + 1);
    return 0;
}

static enum shell_status cmd_pingpong(struct shell *sh, int argc, char **argv)
{
    static struct xlcfg server_cfg, client_cfg; /* large: off the stack */
    struct toolstack *ts = sh->env->toolstack;
    struct pingpong pp = {.be = ts ? ts->be : NULL};
    struct toolstack_prepare prep;
    domid_t got;

    (void)argc, (void)argv;
    if (!ts || !ts->be->alloc_unbound) {
        shell_puts(sh, "pingpong: not available in this dom0\n");
        return SHELL_FAILED;
    }
    if (!xl_load_config(ts, sh, PINGPONG_SERVER_CFG, 0, NULL, &server_cfg) ||
        !xl_load_config(ts, sh, PINGPONG_CLIENT_CFG, 0, NULL, &client_cfg) ||
        next_free_domid(ts, sh, &pp.server) < 0)
        return SHELL_FAILED;
    pp.client = pp.server + 1;
    prep = (struct toolstack_prepare){pp.server, prepare_server, &pp};
    if (toolstack_start_prepared(ts, sh, &server_cfg, false, &prep, &got) < 0)
        return SHELL_FAILED;
    prep = (struct toolstack_prepare){pp.client, prepare_client, &pp};
    if (toolstack_start_prepared(ts, sh, &client_cfg, false, &prep, &got) < 0) {
        toolstack_destroy(ts, sh, pp.server);
        return SHELL_FAILED;
    }
    xl_printf(sh, "pingpong: %s (domain %u) serves port %d to %s (domain %u)\n",
              server_cfg.name, pp.server, pp.port, client_cfg.name, pp.client);
    return SHELL_OK;
}

static const struct shell_cmd demo_cmds[] = {
    {"pingpong", cmd_pingpong,
     "start the two pingpong domains, joined by an event channel", "pingpong",
     0, 0},
};

const struct shell_family shell_family_demo = {
    .cmds = demo_cmds,
    .count = sizeof(demo_cmds) / sizeof(demo_cmds[0]),
};
