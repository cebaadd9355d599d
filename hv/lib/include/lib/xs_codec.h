/*
 * The xenstore wire codec: build and take apart the messages of the
 * store protocol (public/io/xs_wire.h), for the guest's xenbus client
 * and dom0's store alike (hv/lib/xs_codec.c, one source).
 *
 * Nothing here trusts a peer: a header's len is checked against
 * XENSTORE_PAYLOAD_MAX and against the bytes actually present before
 * any payload byte is read, and every argument must end in a NUL
 * inside the payload. Errors are negative XEN_E* values.
 */
#ifndef LIB_XS_CODEC_H
#define LIB_XS_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include <public/io/xs_wire.h>

/* Largest whole message: header and payload. */
#define XS_MSG_MAX (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)

/* A message to encode: string arguments, then optional raw bytes. */
struct xs_out_msg {
    uint32_t type, req_id, tx_id;
    const char *const *args; /* each written with its NUL */
    unsigned int nargs;
    const void *data; /* appended unterminated (a write's value) */
    size_t data_len;
};

/*
 * Encode msg into buf[size]; returns the message's total length, or
 * -XEN_E2BIG if the payload exceeds XENSTORE_PAYLOAD_MAX or buf.
 */
int xs_encode(const struct xs_out_msg *msg, void *buf, size_t size);

/*
 * Check the header at the start of buf[avail] (at least 16 bytes):
 * copies it to hdr; returns 0, or -XEN_E2BIG for a len past
 * XENSTORE_PAYLOAD_MAX, -XEN_EINVAL if avail is short of a header.
 */
int xs_decode_header(const void *buf, size_t avail, struct xsd_sockmsg *hdr);

/*
 * Decode one whole message from buf[avail]: checks the header, then
 * that its payload is all present; *payload points into buf. Returns
 * the message's total length, -XEN_EAGAIN if more bytes are needed,
 * or the header's error.
 */
int xs_decode(const void *buf, size_t avail, struct xsd_sockmsg *hdr,
              const char **payload);

/*
 * Split payload[len] into NUL-terminated strings: up to max pointers
 * in argv, their count in *count. -XEN_EINVAL if the last one lacks
 * its NUL, -XEN_E2BIG if there are more than max.
 */
int xs_split_args(const char *payload, uint32_t len, const char **argv,
                  unsigned int max, unsigned int *count);

/*
 * A write's payload: a NUL-terminated path, then the value's bytes.
 * -XEN_EINVAL if the path has no NUL.
 */
int xs_split_path_value(const char *payload, uint32_t len, const char **path,
                        const char **value, uint32_t *value_len);

/*
 * Check a request's shape by type: how many strings it must carry
 * (XS_WRITE: a path, then any value; XS_SET_PERMS: a path and one or
 * more permissions; XS_RESET_WATCHES: none, or the empty string Linux
 * sends). Whether each string is a valid path is the store's concern.
 * -XEN_EINVAL for a malformed request, -XEN_ENOSYS for a type the
 * protocol does not have or that a guest does not send.
 */
int xs_check_request(const struct xsd_sockmsg *hdr, const char *payload);

/* The XEN_E* number an XS_ERROR payload names; EINVAL if unknown. */
int xs_error_number(const char *payload, uint32_t len);

/* The name an XS_ERROR reply uses for XEN_E* err ("EINVAL" if none). */
const char *xs_error_name(int err);

#endif
