/*
 * xl's backend (xl_backend.h) on the real system: every hook answered
 * with dom0's privileged hypercalls (xc.h) and the domain builder
 * (builder.h), so xl drives Parasol, or Xen 4.17, unchanged.
 */
#ifndef DOM0_XC_BACKEND_H
#define DOM0_XC_BACKEND_H

#include "builder.h"
#include "xl_backend.h"

#include <stdbool.h>

/* The backend; its ctx is unused. Not reentrant: one toolstack. */
const struct xl_backend *xc_backend(void);

/* Whether a domain exception came that the toolstack has not yet seen
 * (its wait_exception would answer 1): dom0's main loop asks before it
 * sleeps, so that an exception that arrived since the toolstack looked
 * is not slept through. */
bool xc_backend_exception_pending(void);

/* The store ring of domain domid, as its build gave it (page and port),
 * kept until the domain is destroyed: false for a domain this backend
 * did not build. */
bool xc_backend_store(domid_t domid, struct build_store *out);

#endif /* DOM0_XC_BACKEND_H */
