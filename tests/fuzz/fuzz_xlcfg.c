/*
 * libFuzzer target for the xl.cfg parser (tools/dom0/xlcfg*.c): every
 * input is a config file, and then, cut at its first NUL, one
 * command-line override. The parser must never read outside the input
 * (ASan) nor hit undefined behaviour (UBSan), and its answer must keep
 * its promises: an error is one NUL-terminated line naming the file; a
 * finished config has a valid name and kernel, every string ended
 * within its buffer, and memory and vCPUs within their maxima.
 * A broken promise aborts, which libFuzzer reports as a crash.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlcfg.h"

static void broken(const char *promise)
{
    fprintf(stderr, "fuzz_xlcfg: broken promise: %s\n", promise);
    abort();
}

static bool starts_with_file(const char *err, const char *file)
{
    return strncmp(err, file, strlen(file)) == 0 && err[strlen(file)] == ':';
}

/* file, or "command line" when an override set the key at fault. */
static void check_error(const char *err, const char *file)
{
    if (!memchr(err, '\0', XLCFG_ERROR_MAX))
        broken("the error is NUL-terminated");
    if (!starts_with_file(err, file) && !starts_with_file(err, "command line"))
        broken("the error starts with the name of its source");
    if (strchr(err, '\n'))
        broken("the error is one line");
}

static void check_string(const char *s, size_t size, const char *what)
{
    if (!memchr(s, '\0', size))
        broken(what);
}

static void check_finished(const struct xlcfg *cfg)
{
    check_string(cfg->name, sizeof(cfg->name), "name is NUL-terminated");
    check_string(cfg->kernel, sizeof(cfg->kernel), "kernel is NUL-terminated");
    check_string(cfg->cmdline, sizeof(cfg->cmdline), "cmdline is terminated");
    if (!cfg->name[0] || !cfg->kernel[0])
        broken("a finished config has a name and a kernel");
    if (cfg->memory_mib == 0 || cfg->memory_mib > cfg->maxmem_mib)
        broken("1 <= memory <= maxmem");
    if (cfg->vcpus == 0 || cfg->vcpus > cfg->maxvcpus)
        broken("1 <= vcpus <= maxvcpus");
    for (unsigned e = 0; e < XLCFG_EVENT_COUNT; e++)
        if ((unsigned)cfg->on[e] >= XLCFG_ACTION_COUNT)
            broken("every action is a known one");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct xlcfg cfg;
    static char override[256];
    char err[XLCFG_ERROR_MAX];
    size_t n = strnlen((const char *)data, size);

    xlcfg_init(&cfg);
    if (xlcfg_parse(&cfg, "fuzz.cfg", (const char *)data, size, err) < 0) {
        check_error(err, "fuzz.cfg");
        return 0;
    }
    if (n >= sizeof(override))
        n = sizeof(override) - 1;
    memcpy(override, data, n);
    override[n] = '\0';
    if (xlcfg_override(&cfg, 1, override, err) < 0)
        check_error(err, "command line");
    if (xlcfg_finish(&cfg, "fuzz.cfg", err) < 0)
        check_error(err, "fuzz.cfg");
    else
        check_finished(&cfg);
    return 0;
}
