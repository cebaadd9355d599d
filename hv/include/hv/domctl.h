/*
 * The privileged control hypercalls, domctl (36) and sysctl (35): the
 * tables that map a command to its handler, and the handlers, grouped
 * by what they act on (domctl_create.c, domctl_domain.c, domctl_vcpu.c,
 * domctl_absent.c, domctl_sched.c, sysctl.c).
 *
 * domctl.c copies the caller's struct xen_domctl in and checks it in
 * Xen's order: the interface version (-EACCES), the target domain
 * (-ESRCH; dying domains count, as on Xen), the caller's privilege
 * (-EPERM), then the command (-ENOSYS if it has no handler). A handler
 * works on that copy; when it asks for it, the whole struct goes back
 * to the caller afterwards, as Xen copies it back. sysctl.c does the
 * same without a target domain.
 *
 * Calling context: a hypercall of the current vCPU, interrupts on.
 */
#ifndef HV_DOMCTL_H
#define HV_DOMCTL_H

#include <hv/domain.h>
#include <public/domctl.h>
#include <public/sysctl.h>

/*
 * A domctl handler. d is the target domain (NULL for a command that
 * takes none, see domctl_entry); *copyback set asks for op to be copied
 * back to the caller (with any result, as Xen does).
 */
typedef long (*domctl_fn_t)(struct xen_domctl *op, struct domain *d,
                            bool *copyback);

struct domctl_entry {
    domctl_fn_t fn;
    bool no_target; /* the command looks up xen_domctl.domain itself */
};

/* A table entry for a command acting on an existing domain. */
#define DOMCTL(fn)                                                             \
    {                                                                          \
        fn, false                                                              \
    }
/* ... and for one that finds (or makes) its domain itself. */
#define DOMCTL_NO_TARGET(fn)                                                   \
    {                                                                          \
        fn, true                                                               \
    }

/* A sysctl handler; *copyback as above, but only after success. */
typedef long (*sysctl_fn_t)(struct xen_sysctl *op, bool *copyback);

/* ---- domctl_create.c ---- */
long domctl_createdomain(struct xen_domctl *op, struct domain *d,
                         bool *copyback);

/* ---- domctl_domain.c ---- */
long domctl_destroydomain(struct xen_domctl *op, struct domain *d,
                          bool *copyback);
long domctl_pausedomain(struct xen_domctl *op, struct domain *d,
                        bool *copyback);
long domctl_unpausedomain(struct xen_domctl *op, struct domain *d,
                          bool *copyback);
long domctl_getdomaininfo(struct xen_domctl *op, struct domain *d,
                          bool *copyback);
long domctl_max_mem(struct xen_domctl *op, struct domain *d, bool *copyback);
long domctl_setdomainhandle(struct xen_domctl *op, struct domain *d,
                            bool *copyback);
long domctl_settimeoffset(struct xen_domctl *op, struct domain *d,
                          bool *copyback);
long domctl_hypercall_init(struct xen_domctl *op, struct domain *d,
                           bool *copyback);
long domctl_setdebugging(struct xen_domctl *op, struct domain *d,
                         bool *copyback);
long domctl_resumedomain(struct xen_domctl *op, struct domain *d,
                         bool *copyback);

/* getdomaininfo's answer for d (also each entry of getdomaininfolist). */
void domain_get_info(struct domain *d, struct xen_domctl_getdomaininfo *info);

/* ---- domctl_absent.c ---- */
long domctl_set_address_size(struct xen_domctl *op, struct domain *d,
                             bool *copyback);
long domctl_get_address_size(struct xen_domctl *op, struct domain *d,
                             bool *copyback);
long domctl_not_supported(struct xen_domctl *op, struct domain *d,
                          bool *copyback);
long domctl_no_device(struct xen_domctl *op, struct domain *d, bool *copyback);

/* ---- domctl_vcpu.c ---- */
long domctl_max_vcpus(struct xen_domctl *op, struct domain *d, bool *copyback);
long domctl_getvcpuinfo(struct xen_domctl *op, struct domain *d,
                        bool *copyback);
long domctl_setvcpucontext(struct xen_domctl *op, struct domain *d,
                           bool *copyback);
long domctl_getvcpucontext(struct xen_domctl *op, struct domain *d,
                           bool *copyback);
long domctl_sendtrigger(struct xen_domctl *op, struct domain *d,
                        bool *copyback);

/* ---- domctl_affinity.c ---- */
long domctl_getvcpuaffinity(struct xen_domctl *op, struct domain *d,
                            bool *copyback);
long domctl_setvcpuaffinity(struct xen_domctl *op, struct domain *d,
                            bool *copyback);

#endif
