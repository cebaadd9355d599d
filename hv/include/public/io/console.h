/*
 * The PV console ring (public guest ABI): the page a domU shares with
 * its console backend in dom0 (start_info.console.domU.mfn).
 *
 * Two byte rings with free-running 32-bit indices, masked with the
 * ring size - 1. Output: the guest writes out[], then (after a write
 * barrier) bumps out_prod and sends an event on the console port; the
 * backend consumes and advances out_cons. Input flows the other way
 * through in[]. Standalone: only <stdint.h> is needed.
 */
#ifndef __XEN_PUBLIC_IO_CONSOLE_H__
#define __XEN_PUBLIC_IO_CONSOLE_H__

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* Index idx into ring (an array whose size is a power of 2). */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

/* xencons_interface.connection */
#define XENCONSOLE_CONNECTED 0
#define XENCONSOLE_DISCONNECTED 1

/* 3092 bytes at the start of the page. */
struct xencons_interface {
    char in[1024];                       /* backend -> guest */
    char out[2048];                      /* guest -> backend */
    XENCONS_RING_IDX in_cons, in_prod;   /* in[]: guest consumes */
    XENCONS_RING_IDX out_cons, out_prod; /* out[]: guest produces */
    uint8_t connection;                  /* XENCONSOLE_* */
};

#include "../abi_check.h"
XEN_ABI_CHECK_SIZE(struct xencons_interface, 3092);
XEN_ABI_CHECK_OFFSET(struct xencons_interface, out, 1024);
XEN_ABI_CHECK_OFFSET(struct xencons_interface, in_cons, 3072);
XEN_ABI_CHECK_OFFSET(struct xencons_interface, in_prod, 3076);
XEN_ABI_CHECK_OFFSET(struct xencons_interface, out_cons, 3080);
XEN_ABI_CHECK_OFFSET(struct xencons_interface, out_prod, 3084);
XEN_ABI_CHECK_OFFSET(struct xencons_interface, connection, 3088);

#endif
