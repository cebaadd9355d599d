/*
 * The shell's system commands: help, info and poweroff. What they
 * report or do comes from the hooks in struct shell_env; poweroff ends
 * the toolstack's domUs first.
 */
#include "shell.h"
#include "toolstack.h"

#include <lib/string.h>

#define KIB 1024u
#define MIB (1024u * KIB)
#define NS_PER_SEC 1000000000u
#define NS_PER_MS 1000000u
#define MS_DIGITS 3
#define HELP_GAP 2 /* spaces between the widest usage and its help */
#define HELP_INDENT "  "

static enum shell_status help_one(struct shell *sh, const char *name)
{
    const struct shell_cmd *cmd = shell_cmd_find(name);

    if (!cmd) {
        shell_puts(sh, "help: unknown command '");
        shell_puts(sh, name);
        shell_puts(sh, "'\n");
        return SHELL_FAILED;
    }
    shell_put_usage(sh, cmd);
    shell_puts(sh, HELP_INDENT);
    shell_puts(sh, cmd->help);
    shell_puts(sh, "\n");
    return SHELL_OK;
}

/* One line per command, the help texts aligned after the widest usage. */
static enum shell_status cmd_help(struct shell *sh, int argc, char **argv)
{
    const struct shell_cmd *cmd;
    size_t width = 0, i;

    if (argc > 1)
        return help_one(sh, argv[1]);
    for (i = 0; (cmd = shell_cmd_at(i)) != NULL; i++)
        if (strlen(cmd->usage) > width)
            width = strlen(cmd->usage);
    shell_puts(sh, "commands:\n");
    for (i = 0; (cmd = shell_cmd_at(i)) != NULL; i++) {
        shell_puts(sh, HELP_INDENT);
        shell_puts(sh, cmd->usage);
        for (size_t pad = strlen(cmd->usage); pad < width + HELP_GAP; pad++)
            shell_puts(sh, " ");
        shell_puts(sh, cmd->help);
        shell_puts(sh, "\n");
    }
    return SHELL_OK;
}

/* Whole MiB or KiB when exact, so a reader never sees a rounded figure. */
static void put_size(struct shell *sh, uint64_t bytes)
{
    if (bytes && bytes % MIB == 0) {
        shell_put_dec(sh, bytes / MIB, 0, ' ');
        shell_puts(sh, " MiB");
    } else if (bytes % KIB == 0) {
        shell_put_dec(sh, bytes / KIB, 0, ' ');
        shell_puts(sh, " KiB");
    } else {
        shell_put_dec(sh, bytes, 0, ' ');
        shell_puts(sh, " bytes");
    }
}

static enum shell_status cmd_info(struct shell *sh, int argc, char **argv)
{
    struct shell_info info = {.version = "unknown"};

    (void)argc;
    (void)argv;
    sh->env->get_info(sh->env->ctx, &info);
    shell_puts(sh, "version: ");
    shell_puts(sh, info.version);
    shell_puts(sh, "\nmemory:  ");
    put_size(sh, info.memory_bytes);
    shell_puts(sh, "\nuptime:  ");
    shell_put_dec(sh, info.uptime_ns / NS_PER_SEC, 0, ' ');
    shell_puts(sh, ".");
    shell_put_dec(sh, info.uptime_ns % NS_PER_SEC / NS_PER_MS, MS_DIGITS, '0');
    shell_puts(sh, " s\n");
    return SHELL_OK;
}

static enum shell_status cmd_poweroff(struct shell *sh, int argc, char **argv)
{
    int rc;

    (void)argc;
    (void)argv;
    shell_puts(sh, "dom0: powering off\n");
    /* Every domU ends first, so that its teardown runs. */
    if (sh->env->toolstack)
        toolstack_poweroff(sh->env->toolstack, sh);
    rc = sh->env->poweroff(sh->env->ctx);
    if (rc < 0) {
        shell_puts(sh, "poweroff: failed (error -");
        shell_put_dec(sh, (uint64_t) - (int64_t)rc, 0, ' ');
        shell_puts(sh, ")\n");
        return SHELL_FAILED;
    }
    return SHELL_OK;
}

static const struct shell_cmd system_cmds[] = {
    {.name = "help",
     .handler = cmd_help,
     .help = "list the commands, or explain one",
     .usage = "help [COMMAND]",
     .max_args = 1},
    {.name = "info",
     .handler = cmd_info,
     .help = "show the version, memory and uptime",
     .usage = "info"},
    {.name = "poweroff",
     .handler = cmd_poweroff,
     .help = "shut the machine down",
     .usage = "poweroff"},
};

const struct shell_family shell_family_system = {
    .cmds = system_cmds,
    .count = sizeof(system_cmds) / sizeof(system_cmds[0]),
};
