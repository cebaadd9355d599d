/*
 * Parasol's own hypercall: NOT PART OF XEN'S ABI.
 *
 * Xen has no call for what this one does; a toolstack that finds it
 * missing (-ENOSYS, which is what Xen 4.17 answers for its number) is
 * running on Xen and says so. Its number is outside every range Xen
 * uses (0-42 for common calls, 48-55 for architecture calls).
 *
 * parasol_op(unsigned int cmd, void *arg), hypercall 63. Only dom0 may
 * call it (-EPERM otherwise). Errors common to every op: -EFAULT a bad
 * arg pointer; -ENOSYS an unknown cmd.
 */
#ifndef __PARASOL_PUBLIC_PARASOL_H__
#define __PARASOL_PUBLIC_PARASOL_H__

#include "xen.h"

#define __HYPERVISOR_parasol_op 63

/*
 * PARASOLOP_console_read: arg struct parasol_console_read. Read what
 * domain domid wrote with console_io (CONSOLEIO_write), which the
 * hypervisor keeps for every domain in a bounded buffer (the oldest
 * text goes first), with the semantics of XEN_SYSCTL_readconsole:
 *
 * IN:  domid; buffer and count (its size); incremental: start at index
 *      (the index a previous read returned), or at the oldest text held
 *      if that is gone; else start at the oldest text held. clear:
 *      after the read, forget the text before where it stopped.
 * OUT: count, the bytes copied; index, where the read stopped (pass it
 *      back with incremental to get only newer text).
 *
 * Text is as the domain wrote it, with every byte that is not printable
 * ASCII or a newline left out. VIRQ_CON_RING (a global VIRQ, bound by
 * dom0) is raised when the text of a domain other than dom0 grows, so
 * dom0 can wait for it instead of polling.
 * Errors: -EPERM the caller is not dom0; -ESRCH no such domain;
 * -EINVAL a pad field is not zero; -ENOMEM.
 */
#define PARASOLOP_console_read 0

struct parasol_console_read {
    uint8_t clear;                    /* IN */
    uint8_t incremental;              /* IN */
    domid_t domid;                    /* IN */
    uint32_t index;                   /* IN/OUT */
    XEN_GUEST_HANDLE_64(char) buffer; /* IN */
    uint32_t count;                   /* IN/OUT */
    uint32_t pad;                     /* IN: zero */
};
typedef struct parasol_console_read parasol_console_read_t;

XEN_ABI_CHECK_SIZE(struct parasol_console_read, 24);
XEN_ABI_CHECK_OFFSET(struct parasol_console_read, domid, 2);
XEN_ABI_CHECK_OFFSET(struct parasol_console_read, index, 4);
XEN_ABI_CHECK_OFFSET(struct parasol_console_read, buffer, 8);
XEN_ABI_CHECK_OFFSET(struct parasol_console_read, count, 16);

#endif
