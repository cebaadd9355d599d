/*
 * The hypervisor command line: Xen-style "name=value" and bare boolean
 * options separated by spaces. Every option has an entry in a table; an
 * unknown option or a bad value is reported, never silently ignored.
 */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include <hv/types.h>

enum param_type {
    PARAM_BOOL,   /* "name", "name=1/0/yes/no/on/off/true/false", "no-name" */
    PARAM_UINT,   /* decimal or 0x hex, into uint64_t */
    PARAM_SIZE,   /* with K/M/G/T suffix, into uint64_t bytes */
    PARAM_STRING, /* copied into a char[size] */
    PARAM_CUSTOM, /* handed to parse(); false means a bad value */
};

struct param {
    const char *name;
    enum param_type type;
    void *var;
    size_t size;                      /* PARAM_STRING: buffer size */
    bool (*parse)(const char *value); /* PARAM_CUSTOM */
};

enum cmdline_problem {
    CMDLINE_UNKNOWN,   /* no such option */
    CMDLINE_BAD_VALUE, /* value missing, malformed or too long */
};

typedef void (*cmdline_report_t)(enum cmdline_problem problem,
                                 const char *option, size_t len, void *ctx);

/*
 * Parse 'cmdline' against 'params'. A first word that looks like a file
 * path (contains '/' and no '=') is the loader's image name and skipped.
 * Returns the number of problems, each also passed to 'report'.
 */
unsigned cmdline_parse(const char *cmdline, const struct param *params,
                       size_t nparams, cmdline_report_t report, void *ctx);

#define SELFTEST_NAME_MAX 32
#define CONSOLE_NAME_MAX 32
#define DOM0_MEM_MAX 64

/* The options of this hypervisor, after cmdline_apply(). */
struct hv_options {
    char selftest[SELFTEST_NAME_MAX]; /* selftest=NAME: boot self-test */
    char console[CONSOLE_NAME_MAX];   /* console=com1|none */
    char dom0_mem[DOM0_MEM_MAX];      /* dom0_mem=: used by the dom0 builder */
    uint64_t dom0_max_vcpus;          /* dom0_max_vcpus=N: 0 means one */
    /* guest_loglvl=: how much of the other domains' console text the
     * hypervisor's console shows; all of it is kept for xl either way. */
    int guest_loglvl;
};

extern struct hv_options hv_options;

/* Parse the boot command line into hv_options and the log level,
 * reporting problems through printk. */
void cmdline_apply(const char *cmdline);

#endif
