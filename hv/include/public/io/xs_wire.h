/*
 * The xenstore wire protocol (public guest ABI): the messages a guest
 * exchanges with the store in dom0, and the shared page that carries
 * them (start_info.store_mfn, signalled on start_info.store_evtchn).
 *
 * A message is a 16-byte header (struct xsd_sockmsg) followed by len
 * bytes of payload, at most XENSTORE_PAYLOAD_MAX. Requests carry their
 * arguments as NUL-terminated strings (a write's value is the bytes
 * after the path, not terminated). A reply echoes the request's type,
 * req_id and tx_id; a failure is instead an XS_ERROR reply whose
 * payload is an errno name from xsd_errors ("ENOENT"). Watch events
 * arrive unasked as XS_WATCH_EVENT with the path and the token.
 *
 * Both byte rings are 1 KiB with free-running 32-bit indices masked by
 * MASK_XENSTORE_IDX; a message may be split across the ring's end and
 * across several pushes. Standalone: only <stdint.h> is needed.
 */
#ifndef __XEN_PUBLIC_IO_XS_WIRE_H__
#define __XEN_PUBLIC_IO_XS_WIRE_H__

#include <stdint.h>

#include "../errno.h"

/* xsd_sockmsg.type: Xen's numbers. */
enum xsd_sockmsg_type {
    XS_CONTROL = 0,
    XS_DIRECTORY = 1,
    XS_READ = 2,
    XS_GET_PERMS = 3,
    XS_WATCH = 4,
    XS_UNWATCH = 5,
    XS_TRANSACTION_START = 6,
    XS_TRANSACTION_END = 7,
    XS_INTRODUCE = 8,
    XS_RELEASE = 9,
    XS_GET_DOMAIN_PATH = 10,
    XS_WRITE = 11,
    XS_MKDIR = 12,
    XS_RM = 13,
    XS_SET_PERMS = 14,
    XS_WATCH_EVENT = 15,
    XS_ERROR = 16,
    XS_IS_DOMAIN_INTRODUCED = 17,
    XS_RESUME = 18,
    XS_SET_TARGET = 19,
    /* 20 was XS_RESTRICT, withdrawn; never reused. */
    XS_RESET_WATCHES = 21,
    XS_DIRECTORY_PART = 22,
    XS_TYPE_COUNT = 23,
    XS_INVALID = 0xffff
};
#define XS_DEBUG XS_CONTROL

/* Old write flags, kept for their names. */
#define XS_WRITE_NONE "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/* An XS_ERROR reply's payload names one of these errors. */
struct xsd_errors {
    int errnum;
    const char *errstring;
};

/*
 * Xen's table, in Xen's order (new entries only ever go at the end).
 * The numbers are the ABI's (XEN_E*), which equal Linux's on x86.
 */
#define XSD_ERROR_ENTRY(name)                                                  \
    {                                                                          \
        XEN_##name, #name                                                      \
    }
static const struct xsd_errors xsd_errors[] __attribute__((unused)) = {
    XSD_ERROR_ENTRY(EINVAL),    XSD_ERROR_ENTRY(EACCES),
    XSD_ERROR_ENTRY(EEXIST),    XSD_ERROR_ENTRY(EISDIR),
    XSD_ERROR_ENTRY(ENOENT),    XSD_ERROR_ENTRY(ENOMEM),
    XSD_ERROR_ENTRY(ENOSPC),    XSD_ERROR_ENTRY(EIO),
    XSD_ERROR_ENTRY(ENOTEMPTY), XSD_ERROR_ENTRY(ENOSYS),
    XSD_ERROR_ENTRY(EROFS),     XSD_ERROR_ENTRY(EBUSY),
    XSD_ERROR_ENTRY(EAGAIN),    XSD_ERROR_ENTRY(EISCONN),
    XSD_ERROR_ENTRY(E2BIG),     XSD_ERROR_ENTRY(EPERM),
};
#define XSD_ERRORS_COUNT (sizeof(xsd_errors) / sizeof(xsd_errors[0]))

/* The header in front of every message. */
struct xsd_sockmsg {
    uint32_t type;   /* enum xsd_sockmsg_type */
    uint32_t req_id; /* chosen by the client, echoed in the reply */
    uint32_t tx_id;  /* transaction, 0 for none */
    uint32_t len;    /* payload bytes after the header */
};

/* An XS_WATCH_EVENT's payload: these two strings, in this order. */
enum xs_watch_type { XS_WATCH_PATH = 0, XS_WATCH_TOKEN };

#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

/* The store page. */
struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE]; /* guest -> store */
    char rsp[XENSTORE_RING_SIZE]; /* store -> guest: replies, events */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;      /* XENSTORE_CONNECTED, _RECONNECT */
    uint32_t error;           /* XENSTORE_ERROR_* */
};

/* Largest payload of one message. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest path, absolute and relative to the domain's home. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR 2

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE 0
#define XENSTORE_ERROR_COMM 1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO 3

#include "../abi_check.h"
XEN_ABI_CHECK_SIZE(struct xsd_sockmsg, 16);
XEN_ABI_CHECK_OFFSET(struct xsd_sockmsg, req_id, 4);
XEN_ABI_CHECK_OFFSET(struct xsd_sockmsg, tx_id, 8);
XEN_ABI_CHECK_OFFSET(struct xsd_sockmsg, len, 12);
XEN_ABI_CHECK_SIZE(struct xenstore_domain_interface, 2076);
XEN_ABI_CHECK_OFFSET(struct xenstore_domain_interface, rsp, 1024);
XEN_ABI_CHECK_OFFSET(struct xenstore_domain_interface, req_cons, 2048);
XEN_ABI_CHECK_OFFSET(struct xenstore_domain_interface, req_prod, 2052);
XEN_ABI_CHECK_OFFSET(struct xenstore_domain_interface, rsp_cons, 2056);
XEN_ABI_CHECK_OFFSET(struct xenstore_domain_interface, rsp_prod, 2060);
XEN_ABI_CHECK_OFFSET(struct xenstore_domain_interface, server_features, 2064);
XEN_ABI_CHECK_OFFSET(struct xenstore_domain_interface, connection, 2068);
XEN_ABI_CHECK_OFFSET(struct xenstore_domain_interface, error, 2072);

#endif
