/*
 * xl's backend (xl_backend.h) on the real system: every hook answered
 * with dom0's privileged hypercalls (xc.h) and the domain builder
 * (builder.h), so xl drives Parasol, or Xen 4.17, unchanged.
 */
#ifndef DOM0_XC_BACKEND_H
#define DOM0_XC_BACKEND_H

#include "xl_backend.h"

/* The backend; its ctx is unused. Not reentrant: one toolstack. */
const struct xl_backend *xc_backend(void);

#endif /* DOM0_XC_BACKEND_H */
