/*
 * The shell's environment in the real dom0: each hook of struct
 * shell_env answered by one or two hypercalls through guest-lib. The
 * logic stays in the shell core, which the host tests run against a
 * fake of this file.
 */
#include "dom0.h"

#include <parasol/guest.h>

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

const struct shell_env *dom0_shell_env(const void *ramdisk, size_t size)
{
    static struct shell_env env = {
        .write = env_write,
        .get_info = env_get_info,
        .poweroff = env_poweroff,
    };

    env.ramdisk = ramdisk;
    env.ramdisk_size = size;
    return &env;
}
