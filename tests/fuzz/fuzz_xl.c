/*
 * libFuzzer target for xl's command line (tools/dom0/xl*.c and the
 * toolstack) over the fake backend of the unit tests: every input is up
 * to a few shell lines, run in turn on one dom0 with a small ramdisk
 * (a config and a kernel). Nothing may read or write out of bounds
 * (ASan) or hit undefined behaviour (UBSan), and after every line the
 * toolstack must keep its promises: a failed command printed why, every
 * name it holds belongs to a live domain, and the machine's memory is
 * whole (free plus what the domUs hold is what was free at the start).
 * A broken promise aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"
#include "toolstack.h"
#include "xl_fake.h"

#define LINES_MAX 8
#define RAMDISK_MAX 1024
#define NEWC_HEADER 110
#define NEWC_ALIGN 4
#define INPUT_CALLS_MAX 64 /* then the terminal sends Ctrl-] and q */

static uint8_t ramdisk[RAMDISK_MAX];
static size_t ramdisk_len;
static size_t out_len;
static unsigned input_calls;
static struct toolstack ts;

static void broken(const char *promise)
{
    fprintf(stderr, "fuzz_xl: broken promise: %s\n", promise);
    abort();
}

static void pad(void)
{
    while (ramdisk_len % NEWC_ALIGN)
        ramdisk[ramdisk_len++] = 0;
}

/* One newc entry; mode 0100644 is a regular file. */
static void newc_add(const char *name, const char *data, unsigned mode)
{
    size_t size = strlen(data), namesize = strlen(name) + 1;

    ramdisk_len += (size_t)snprintf(
        (char *)ramdisk + ramdisk_len, RAMDISK_MAX - ramdisk_len,
        "070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x", 0, mode,
        0, 0, 1, 0, size, 0, 0, 0, 0, namesize, 0);
    memcpy(ramdisk + ramdisk_len, name, namesize);
    ramdisk_len += namesize;
    pad();
    memcpy(ramdisk + ramdisk_len, data, size);
    ramdisk_len += size;
    pad();
}

static void build_ramdisk(void)
{
    newc_add("hello.cfg",
             "name = \"hello\"\nkernel = \"hello.elf\"\nmemory = 16\n"
             "on_crash = \"restart\"\n",
             0100644);
    newc_add("hello.elf", "\177ELF image", 0100644);
    newc_add("TRAILER!!!", "", 0);
}

static void out_write(void *ctx, const char *buf, size_t len)
{
    (void)ctx;
    (void)buf;
    out_len += len;
}

static void get_info(void *ctx, struct shell_info *info)
{
    (void)ctx;
    *info = (struct shell_info){"fuzz", 0, 0};
}

static int poweroff(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Time passes on each wait; after a while the user leaves. */
static size_t read_input(void *ctx, char *buf, size_t size, uint64_t timeout_ns)
{
    (void)ctx;
    fake.now_ns += timeout_ns;
    if (++input_calls < INPUT_CALLS_MAX || size < 2)
        return 0;
    buf[0] = 0x1d;
    buf[1] = 'q';
    return 2;
}

static void check_promises(enum shell_status status, uint64_t free_at_start)
{
    uint64_t held = fake.phys.free_pages;

    if (status != SHELL_OK && status != SHELL_FAILED && status != SHELL_USAGE)
        broken("a known status");
    if (status != SHELL_OK && out_len == 0)
        broken("a failed command says why");
    for (size_t i = 0; i < TOOLSTACK_DOMAINS_MAX; i++)
        if (ts.doms[i].used && (ts.doms[i].domid >= FAKE_DOMS ||
                                !fake.doms[ts.doms[i].domid].exists))
            broken("every registered name has a live domain");
    for (unsigned id = 1; id < FAKE_DOMS; id++)
        if (fake.doms[id].exists)
            held += fake.doms[id].info.tot_pages;
    if (held != free_at_start)
        broken("memory is whole");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct shell_env env = {
        .write = out_write,
        .get_info = get_info,
        .poweroff = poweroff,
        .read_input = read_input,
        .ramdisk = ramdisk,
        .toolstack = &ts,
    };
    static struct shell_env live;
    struct shell sh;
    uint64_t free_at_start;
    size_t pos = 0;

    if (!ramdisk_len)
        build_ramdisk();
    fake_reset();
    free_at_start = fake.phys.free_pages;
    toolstack_init(&ts, &fake_backend, ramdisk, ramdisk_len);
    live = env;
    live.ramdisk_size = ramdisk_len;
    shell_init(&sh, &live);
    for (int n = 0; n < LINES_MAX && pos < size; n++) {
        char line[SHELL_LINE_MAX + 1];
        size_t len = 0;

        for (; pos < size && data[pos] != '\n' && len < SHELL_LINE_MAX; pos++)
            line[len++] = data[pos] ? (char)data[pos] : ' ';
        pos += pos < size && data[pos] == '\n';
        line[len] = '\0';
        out_len = 0;
        input_calls = 0;
        check_promises(shell_run(&sh, line), free_at_start);
    }
    return 0;
}
