/*
 * A fake of struct xl_backend for the xl and toolstack tests: a table
 * of domains that obey at once (a shutdown request stops the domain and
 * raises a domain exception), a clock that moves only when someone
 * waits, and a switch per hook to make it fail.
 */
#ifndef TESTS_XL_FAKE_H
#define TESTS_XL_FAKE_H

#include "xl_backend.h"

#define FAKE_DOMS 64
#define FAKE_TEXT 2048
#define FAKE_VCPUS 4

struct fake_dom {
    bool exists;
    bool ignores_shutdown; /* a domain that will not stop by itself */
    struct xl_dominfo info;
    struct xl_sched_credit sched;
    struct xl_vcpuinfo vcpus[FAKE_VCPUS];
    char console[FAKE_TEXT];
    size_t console_len;
    char input[FAKE_TEXT];
    size_t input_len;
};

/* Hooks that can be made to fail: fake.fail[hook] = -XEN_Exxx. */
enum fake_hook {
    FAKE_LIST,
    FAKE_CREATE,
    FAKE_DESTROY,
    FAKE_PAUSE,
    FAKE_UNPAUSE,
    FAKE_SHUTDOWN,
    FAKE_VCPU_INFO,
    FAKE_PHYSINFO,
    FAKE_VERSION,
    FAKE_HV_LOG,
    FAKE_CONSOLE,
    FAKE_SCHED_GET,
    FAKE_SCHED_SET,
    FAKE_WAIT,
    FAKE_HOOKS,
};

struct fake {
    struct fake_dom doms[FAKE_DOMS]; /* by domid */
    domid_t next_domid;
    struct xl_physinfo phys;
    struct xl_version version;
    int fail[FAKE_HOOKS];
    unsigned calls[FAKE_HOOKS];
    char hv_log[FAKE_TEXT];
    uint64_t now_ns;
    unsigned exceptions; /* pending domain exceptions */
    struct xl_domain_spec last_spec;
    char last_cmdline[FAKE_TEXT];
    const char *create_reason; /* with fail[FAKE_CREATE] */
    unsigned last_shutdown_reason;
};

extern struct fake fake;
extern const struct xl_backend fake_backend;

/* dom0 alone: 1 vCPU, 64 MiB; 512 MiB of machine, 256 MiB free. */
void fake_reset(void);
/* A domain that stops: shut down with reason, and an exception. */
void fake_stop(domid_t domid, unsigned reason);

#endif /* TESTS_XL_FAKE_H */
