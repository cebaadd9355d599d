/*
 * dom0's entry point: greet, check the ramdisk the hypervisor handed
 * over, then run the shell on the hypervisor console for good. This
 * file is only the glue between guest-lib and the shell core: where
 * the bytes come from, and sleeping until there are some. What they
 * mean is the shell core's business (shell.c, host-tested).
 *
 * Input: dom0 owns the console. The hypervisor keeps the bytes that
 * arrive on the serial line in a ring, raises VIRQ_CONSOLE on dom0 for
 * each, and hands them over on console_io(CONSOLEIO_read). dom0 reads
 * until the ring is empty, then blocks until the next VIRQ_CONSOLE.
 *
 * Between inputs it serves the store of the domains it runs
 * (xs_service.h): any event wakes it, a store event among them, and the
 * store is served before it sleeps again.
 */
#include "cpio.h"
#include "dom0.h"
#include "shell.h"
#include "toolstack.h"
#include "xc_backend.h"
#include "xs_service.h"

#include <parasol/guest.h>

/* Input bytes taken from the hypervisor per console_io read: a line or
 * a paste arrives in a few hypercalls, not one per byte. */
#define INPUT_CHUNK 64

/*
 * Finds the ramdisk and says in one line what it is. start_info gives
 * it as a virtual address (mod_start) and a length; no length means
 * no ramdisk. A damaged archive is still handed to the shell, whose
 * ramdisk commands report the same damage again when used: dom0 keeps
 * running either way. Returns the size, and the address in *data
 * (NULL when there is no ramdisk to use).
 */
static size_t ramdisk_find(const void **data)
{
    const start_info_t *si = guest_start_info;
    size_t entries = 0, offset = 0;
    enum cpio_status status;

    *data = NULL;
    if (si->mod_len == 0) {
        printf("dom0: no ramdisk\n");
        return 0;
    }
    /* Only a kernel whose ELF notes ask for it (MOD_START_PFN) gets its
     * ramdisk unmapped, by frame number; guest-lib's notes never ask. */
    if (si->flags & SIF_MOD_START_PFN) {
        printf("dom0: ramdisk ignored: given by frame number, not mapped\n");
        return 0;
    }
    *data = (const void *)si->mod_start;
    status = cpio_validate(*data, si->mod_len, &entries, &offset);
    if (status == CPIO_OK)
        printf("dom0: ramdisk of %lu bytes, %zu entries\n", si->mod_len,
               entries);
    else
        printf("dom0: bad ramdisk (%lu bytes): %s at offset 0x%zx\n",
               si->mod_len, cpio_strerror(status), offset);
    return si->mod_len;
}

/*
 * VIRQ_CONSOLE's handler. The event has done its work by the time this
 * runs: it ended the SCHEDOP_block of console_input_wait(), which reads
 * the input itself. Handlers run with events masked, in the middle of
 * whatever was interrupted, so feeding the shell from here would be
 * wrong anyway.
 */
static void console_event(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
}

static void console_input_init(void)
{
    int port = evtchn_bind_virq(VIRQ_CONSOLE, guest_vcpu_id());

    if (port < 0)
        panic("dom0: cannot bind VIRQ_CONSOLE: error %d", port);
    if (evtchn_register((evtchn_port_t)port, console_event, NULL) < 0)
        panic("dom0: no handler slot for port %d", port);
    events_enable();
}

/*
 * Returns the input there is, sleeping until some event if there is
 * none and no work is marked (store requests, a domain exception the
 * toolstack has not seen): then 0, since the event may be another one
 * (VIRQ_DOM_EXC: the toolstack must look). The read and the decision to block
 * happen with events masked: a byte that arrives in between leaves its event
 * pending, and SCHEDOP_block (which unmasks) then returns at once
 * instead of sleeping on input that is already there.
 */
static size_t console_input_wait(char *buf, size_t size)
{
    int got;

    events_disable();
    got = console_read(buf, size);
    if (got == 0 && !xs_service_pending() && !xc_backend_exception_pending())
        wait_for_event();
    events_enable();
    if (got < 0)
        panic("dom0: cannot read the console: error %d", got);
    return (size_t)got;
}

/*
 * The toolstack's reactions come while the prompt waits, maybe after
 * half a typed line: their lines start on a fresh line, through a
 * shell whose output writes a line end first, and the prompt and the
 * typed text come back after them.
 */
struct fresh_line {
    const struct shell_env *env;
    bool wrote;
};

static void fresh_write(void *ctx, const char *buf, size_t len)
{
    struct fresh_line *fl = ctx;

    if (!fl->wrote)
        fl->env->write(fl->env->ctx, "\n", 1);
    fl->wrote = true;
    fl->env->write(fl->env->ctx, buf, len);
}

static void toolstack_turn(struct shell *shell)
{
    struct fresh_line fl = {.env = shell->env};
    struct shell_env env = *shell->env;
    struct shell quiet;

    env.write = fresh_write;
    env.ctx = &fl;
    shell_init(&quiet, &env);
    toolstack_poll(env.toolstack, &quiet);
    if (!fl.wrote)
        return;
    shell_prompt(shell);
    if (!shell->line.complete)
        shell_puts(shell, shell->line.buf);
}

int main(void)
{
    struct shell shell;
    const void *ramdisk;
    size_t ramdisk_size;
    char input[INPUT_CHUNK];

    printf("Parasol dom0 %s: type 'help' for the commands\n", PARASOL_VERSION);
    ramdisk_size = ramdisk_find(&ramdisk);
    console_input_init();
    shell_init(&shell, dom0_shell_env(ramdisk, ramdisk_size));
    shell_prompt(&shell);
    for (;;) {
        size_t n = console_input_wait(input, sizeof(input));

        for (size_t i = 0; i < n; i++)
            shell_feed(&shell, (uint8_t)input[i]);
        /* The store first: the toolstack's look at domain exceptions
         * stays the last thing before the wait. */
        xs_service_poll();
        toolstack_turn(&shell);
    }
}
