/*
 * Error numbers of the guest ABI.
 *
 * A failed hypercall returns the negated value, e.g. -XEN_EINVAL (-22).
 * The values are Xen's, which match Linux's on x86, so a guest may
 * compare them with its own errno constants. Inside the hypervisor,
 * hv/errno.h gives them their short names (EINVAL, ...).
 */
#ifndef __XEN_PUBLIC_ERRNO_H__
#define __XEN_PUBLIC_ERRNO_H__

#define XEN_EPERM 1       /* operation not permitted */
#define XEN_ENOENT 2      /* no such entry */
#define XEN_ESRCH 3       /* no such domain or process */
#define XEN_EINTR 4       /* interrupted */
#define XEN_EIO 5         /* I/O error */
#define XEN_ENXIO 6       /* no such device or address */
#define XEN_E2BIG 7       /* argument list or count too big */
#define XEN_EBADF 9       /* bad file (port, handle) */
#define XEN_EAGAIN 11     /* try again */
#define XEN_ENOMEM 12     /* out of memory */
#define XEN_EACCES 13     /* permission denied */
#define XEN_EFAULT 14     /* bad guest address */
#define XEN_EBUSY 16      /* resource busy */
#define XEN_EEXIST 17     /* already exists */
#define XEN_ENODEV 19     /* no such device */
#define XEN_EISDIR 21     /* is a directory */
#define XEN_EINVAL 22     /* invalid argument */
#define XEN_ENOSPC 28     /* no space left */
#define XEN_EROFS 30      /* read-only */
#define XEN_ERANGE 34     /* result out of range */
#define XEN_ENOSYS 38     /* function not implemented */
#define XEN_ENOTEMPTY 39  /* not empty */
#define XEN_ENODATA 61    /* no data available */
#define XEN_ETIME 62      /* time already passed */
#define XEN_EOVERFLOW 75  /* value too large */
#define XEN_EOPNOTSUPP 95 /* operation not supported */
#define XEN_EISCONN 106   /* already connected */

#endif
