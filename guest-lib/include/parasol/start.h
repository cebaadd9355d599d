/*
 * The start-of-day state every part of guest-lib reads: the start_info
 * page the domain builder left for us, our mapping of shared_info, and
 * the guest's own entry point, main().
 *
 * guest-lib runs one vCPU, vCPU 0: its vcpu_info is the first of
 * shared_info's until the guest moves it (events_register_vcpu_info()).
 * Everything else here is set by guest_start() (start.c) before main()
 * runs and never changes after.
 */
#ifndef PARASOL_START_H
#define PARASOL_START_H

#include <public/xen.h>
#include <stdbool.h>

/* The builder's start_info page (rsi at entry). */
extern const start_info_t *guest_start_info;
/* shared_info, mapped at a page of guest-lib's .bss by start.c. */
extern shared_info_t *guest_shared_info;

/* The vCPU guest-lib runs on. */
static inline unsigned int guest_vcpu_id(void)
{
    return 0;
}

/*
 * Where our vcpu_info is now: in shared_info, or where
 * VCPUOP_register_vcpu_info moved it. Every reader of the pending and
 * mask bytes must go through this: after the move the hypervisor no
 * longer looks at the old copy.
 */
extern vcpu_info_t *guest_vcpu_info_now;

static inline vcpu_info_t *guest_vcpu_info(void)
{
    return guest_vcpu_info_now;
}

/* Are we the initial domain (dom0)? */
static inline bool guest_is_dom0(void)
{
    return (guest_start_info->flags & SIF_INITDOMAIN) != 0;
}

/* The command line the builder passed (NUL-terminated). */
static inline const char *guest_cmdline(void)
{
    return (const char *)guest_start_info->cmd_line;
}

/*
 * The guest's program. Its return value ends the domain: 0 powers off,
 * anything else crashes it (guest_exit(), shutdown.h).
 */
int main(void);

#endif
