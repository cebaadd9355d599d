/*
 * The shell's environment in the real dom0: each hook of struct
 * shell_env answered by one or two hypercalls through guest-lib. The
 * logic stays in the shell core, which the host tests run against a
 * fake of this file.
 */
#include "dom0.h"
#include "toolstack.h"
#include "xc_backend.h"

#include <parasol/guest.h>

/* How often a wait for input looks at the console: the granularity of
 * xl console's output and of a key in xl top. */
#define INPUT_POLL_NS (10 * NSEC_PER_MSEC)

/* XENVER_version answers (major << 16) | minor. */
#define VERSION_MAJOR_SHIFT 16
#define VERSION_MINOR_MASK 0xffff
/* "Xen 4.17-parasol": the prefix, 5 digits each way, the extraversion. */
#define VERSION_TEXT_MAX 32

/*
 * Text goes out unchanged. The shell writes "\n" line ends and leaves
 * "\r\n" to the terminal layer; here that layer is the hypervisor's
 * console, which expands every "\n" it prints to "\r\n" (as Xen's
 * cooked serial handle does), so expanding here too would send
 * "\r\r\n". A failed write has nowhere to be reported: it is dropped.
 */
static void env_write(void *ctx, const char *buf, size_t len)
{
    (void)ctx;
    console_write(buf, len);
}

/* Xen's own way of showing its version: major.minor, then the
 * extraversion as it comes ("-parasol" here, ".2" on Xen 4.17.2). */
static void env_version(char *buf, size_t size)
{
    int version = HYPERVISOR_xen_version(XENVER_version, NULL);
    xen_extraversion_t extra = "";

    if (version < 0) {
        snprintf(buf, size, "unknown (xen_version: error %d)", version);
        return;
    }
    if (HYPERVISOR_xen_version(XENVER_extraversion, extra) < 0)
        extra[0] = '\0';
    extra[sizeof(extra) - 1] = '\0'; /* the ABI does not promise a NUL */
    snprintf(buf, size, "Xen %d.%d%s", version >> VERSION_MAJOR_SHIFT,
             version & VERSION_MINOR_MASK, extra);
}

/* The pages dom0 holds now; start_info's count if the query fails. */
static uint64_t env_memory_bytes(void)
{
    domid_t self = DOMID_SELF;
    long pages = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);

    if (pages < 0)
        pages = (long)guest_start_info->nr_pages;
    return (uint64_t)pages * PAGE_SIZE;
}

static void env_get_info(void *ctx, struct shell_info *info)
{
    static char version[VERSION_TEXT_MAX];

    (void)ctx;
    env_version(version, sizeof(version));
    info->version = version;
    info->memory_bytes = env_memory_bytes();
    info->uptime_ns = time_now_ns();
}

/* SCHEDOP_shutdown returns only when it failed. */
static int env_poweroff(void *ctx)
{
    (void)ctx;
    return guest_shutdown(SHUTDOWN_poweroff);
}

/*
 * Input with a deadline, for xl console and xl top: the console is read
 * between short sleeps on the one-shot timer, so a key waits at most
 * INPUT_POLL_NS to be seen.
 */
size_t dom0_read_input(char *buf, size_t size, uint64_t timeout_ns)
{
    uint64_t deadline = time_now_ns() + timeout_ns;

    for (;;) {
        int got = console_read(buf, size);
        uint64_t now = time_now_ns();

        if (got < 0)
            panic("dom0: cannot read the console: error %d", got);
        if (got > 0)
            return (size_t)got;
        if (now >= deadline)
            return 0;
        sleep_ns(deadline - now < INPUT_POLL_NS ? deadline - now
                                                : INPUT_POLL_NS);
    }
}

static size_t env_read_input(void *ctx, char *buf, size_t size,
                             uint64_t timeout_ns)
{
    (void)ctx;
    return dom0_read_input(buf, size, timeout_ns);
}

const struct shell_env *dom0_shell_env(const void *ramdisk, size_t size)
{
    static struct toolstack toolstack; /* large: not on the stack */
    static struct shell_env env = {
        .write = env_write,
        .get_info = env_get_info,
        .poweroff = env_poweroff,
        .read_input = env_read_input,
    };

    toolstack_init(&toolstack, xc_backend(), ramdisk, size);
    env.ramdisk = ramdisk;
    env.ramdisk_size = size;
    env.toolstack = &toolstack;
    return &env;
}
