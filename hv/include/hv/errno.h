/*
 * Error numbers inside the hypervisor: Xen's values (public/errno.h),
 * under their usual names. Hypercalls return them negated.
 */
#ifndef HV_ERRNO_H
#define HV_ERRNO_H

#include <public/errno.h>

#define EPERM XEN_EPERM
#define ENOENT XEN_ENOENT
#define ESRCH XEN_ESRCH
#define EINTR XEN_EINTR
#define EIO XEN_EIO
#define ENXIO XEN_ENXIO
#define E2BIG XEN_E2BIG
#define EBADF XEN_EBADF
#define EAGAIN XEN_EAGAIN
#define ENOMEM XEN_ENOMEM
#define EACCES XEN_EACCES
#define EFAULT XEN_EFAULT
#define EBUSY XEN_EBUSY
#define EEXIST XEN_EEXIST
#define ENODEV XEN_ENODEV
#define EINVAL XEN_EINVAL
#define ENOSPC XEN_ENOSPC
#define EROFS XEN_EROFS
#define ERANGE XEN_ERANGE
#define ENOSYS XEN_ENOSYS
#define ENOTEMPTY XEN_ENOTEMPTY
#define ENODATA XEN_ENODATA
#define ETIME XEN_ETIME
#define EOVERFLOW XEN_EOVERFLOW
#define EOPNOTSUPP XEN_EOPNOTSUPP

#endif
