/*
 * The shell's ramdisk commands: ls and cat over the cpio archive the
 * hypervisor handed to dom0. The archive is checked whole before a
 * command prints anything from it, so damage shows as one clear error
 * line, not as a listing that stops halfway.
 */
#include "cpio.h"
#include "shell.h"

#define LS_SIZE_WIDTH 10 /* c_filesize is 32-bit: at most 10 digits */

/* Checks the ramdisk; on failure prints "CMD: REASON" and returns false. */
static bool ramdisk_ok(struct shell *sh, const char *cmd)
{
    const struct shell_env *env = sh->env;
    size_t offset = 0;
    enum cpio_status status;

    if (!env->ramdisk || !env->ramdisk_size) {
        shell_puts(sh, cmd);
        shell_puts(sh, ": no ramdisk\n");
        return false;
    }
    status = cpio_validate(env->ramdisk, env->ramdisk_size, NULL, &offset);
    if (status == CPIO_OK)
        return true;
    shell_puts(sh, cmd);
    shell_puts(sh, ": bad ramdisk: ");
    shell_puts(sh, cpio_strerror(status));
    shell_puts(sh, " (at offset ");
    shell_put_hex(sh, offset);
    shell_puts(sh, ")\n");
    return false;
}

/* Regular files only: directories are implied by the paths. */
static enum shell_status cmd_ls(struct shell *sh, int argc, char **argv)
{
    struct cpio_iter it;
    struct cpio_entry entry;
    uint64_t files = 0, bytes = 0;

    (void)argc;
    (void)argv;
    if (!ramdisk_ok(sh, "ls"))
        return SHELL_FAILED;
    cpio_iter_init(&it, sh->env->ramdisk, sh->env->ramdisk_size);
    while (cpio_next(&it, &entry) == CPIO_OK) {
        if (!cpio_is_regular(&entry))
            continue;
        shell_put_dec(sh, entry.size, LS_SIZE_WIDTH, ' ');
        shell_puts(sh, "  ");
        shell_puts(sh, cpio_path_strip(entry.name));
        shell_puts(sh, "\n");
        files++;
        bytes += entry.size;
    }
    shell_put_dec(sh, files, 0, ' ');
    shell_puts(sh, files == 1 ? " file, " : " files, ");
    shell_put_dec(sh, bytes, 0, ' ');
    shell_puts(sh, bytes == 1 ? " byte\n" : " bytes\n");
    return SHELL_OK;
}

static enum shell_status cat_error(struct shell *sh, const char *what,
                                   const char *path)
{
    shell_puts(sh, "cat: ");
    shell_puts(sh, what);
    shell_puts(sh, ": ");
    shell_puts(sh, path);
    shell_puts(sh, "\n");
    return SHELL_FAILED;
}

static enum shell_status cmd_cat(struct shell *sh, int argc, char **argv)
{
    struct cpio_entry entry;

    (void)argc; /* exactly 1 operand: shell_run() checked */
    if (!ramdisk_ok(sh, "cat"))
        return SHELL_FAILED;
    if (cpio_find(sh->env->ramdisk, sh->env->ramdisk_size, argv[1], &entry,
                  NULL) != CPIO_OK)
        return cat_error(sh, "no such file", argv[1]);
    if (!cpio_is_regular(&entry))
        return cat_error(sh, "not a regular file", argv[1]);
    shell_write(sh, (const char *)entry.data, entry.size);
    /* End on a fresh line, so the prompt does not follow the text. */
    if (entry.size && entry.data[entry.size - 1] != '\n')
        shell_puts(sh, "\n");
    return SHELL_OK;
}

static const struct shell_cmd ramdisk_cmds[] = {
    {.name = "ls",
     .handler = cmd_ls,
     .help = "list the files of the ramdisk with their sizes",
     .usage = "ls"},
    {.name = "cat",
     .handler = cmd_cat,
     .help = "print a file of the ramdisk",
     .usage = "cat FILE",
     .min_args = 1,
     .max_args = 1},
};

const struct shell_family shell_family_ramdisk = {
    .cmds = ramdisk_cmds,
    .count = sizeof(ramdisk_cmds) / sizeof(ramdisk_cmds[0]),
};
