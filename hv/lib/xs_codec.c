/*
 * The xenstore wire codec (lib/xs_codec.h): message headers, string
 * arguments and the errno names of XS_ERROR replies. Bounded: every
 * length comes from the caller's buffer, never from the peer alone.
 */
#include <lib/string.h>
#include <lib/xs_codec.h>

#define XS_HDR_SIZE sizeof(struct xsd_sockmsg)

static size_t out_payload_len(const struct xs_out_msg *msg)
{
    size_t len = msg->data_len;

    for (unsigned int i = 0; i < msg->nargs; i++)
        len += strlen(msg->args[i]) + 1;
    return len;
}

int xs_encode(const struct xs_out_msg *msg, void *buf, size_t size)
{
    size_t len = out_payload_len(msg);
    struct xsd_sockmsg hdr = {msg->type, msg->req_id, msg->tx_id, 0};
    char *p = (char *)buf + XS_HDR_SIZE;

    if (len > XENSTORE_PAYLOAD_MAX || size < XS_HDR_SIZE ||
        len > size - XS_HDR_SIZE)
        return -XEN_E2BIG;
    hdr.len = (uint32_t)len;
    memcpy(buf, &hdr, XS_HDR_SIZE);
    for (unsigned int i = 0; i < msg->nargs; i++) {
        size_t n = strlen(msg->args[i]) + 1;

        memcpy(p, msg->args[i], n);
        p += n;
    }
    if (msg->data_len)
        memcpy(p, msg->data, msg->data_len);
    return (int)(XS_HDR_SIZE + len);
}

int xs_decode_header(const void *buf, size_t avail, struct xsd_sockmsg *hdr)
{
    if (avail < XS_HDR_SIZE)
        return -XEN_EINVAL;
    memcpy(hdr, buf, XS_HDR_SIZE);
    if (hdr->len > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    return 0;
}

int xs_decode(const void *buf, size_t avail, struct xsd_sockmsg *hdr,
              const char **payload)
{
    int rc;

    if (avail < XS_HDR_SIZE)
        return -XEN_EAGAIN;
    rc = xs_decode_header(buf, avail, hdr);
    if (rc)
        return rc;
    if (avail - XS_HDR_SIZE < hdr->len)
        return -XEN_EAGAIN;
    *payload = (const char *)buf + XS_HDR_SIZE;
    return (int)(XS_HDR_SIZE + hdr->len);
}

int xs_split_args(const char *payload, uint32_t len, const char **argv,
                  unsigned int max, unsigned int *count)
{
    uint32_t at = 0;
    unsigned int n = 0;

    while (at < len) {
        const char *nul = memchr(payload + at, '\0', len - at);

        if (!nul)
            return -XEN_EINVAL;
        if (n == max)
            return -XEN_E2BIG;
        argv[n++] = payload + at;
        at = (uint32_t)(nul - payload) + 1;
    }
    *count = n;
    return 0;
}

int xs_split_path_value(const char *payload, uint32_t len, const char **path,
                        const char **value, uint32_t *value_len)
{
    const char *nul = memchr(payload, '\0', len);
    uint32_t path_len;

    if (!nul)
        return -XEN_EINVAL;
    path_len = (uint32_t)(nul - payload) + 1;
    *path = payload;
    *value = payload + path_len;
    *value_len = len - path_len;
    return 0;
}

/* Strings each request type carries; -1 for a type no guest sends. */
static int request_nargs(uint32_t type)
{
    switch (type) {
    case XS_DIRECTORY:
    case XS_READ:
    case XS_GET_PERMS:
    case XS_RM:
    case XS_MKDIR:
    case XS_GET_DOMAIN_PATH:
    case XS_TRANSACTION_START: /* "" from Linux and Mini-OS */
    case XS_TRANSACTION_END:   /* "T" commits, "F" aborts */
    case XS_RELEASE:
    case XS_IS_DOMAIN_INTRODUCED:
    case XS_RESUME:
        return 1;
    case XS_WATCH:
    case XS_UNWATCH:
    case XS_SET_TARGET:
    case XS_DIRECTORY_PART: /* path, generation offset */
        return 2;
    case XS_INTRODUCE: /* domid, mfn, event channel */
        return 3;
    default:
        return -1;
    }
}

/* Strings in payload[len], or -XEN_EINVAL if the last lacks its NUL. */
static int count_args(const char *payload, uint32_t len)
{
    uint32_t at = 0;
    int n = 0;

    while (at < len) {
        const char *nul = memchr(payload + at, '\0', len - at);

        if (!nul)
            return -XEN_EINVAL;
        n++;
        at = (uint32_t)(nul - payload) + 1;
    }
    return n;
}

int xs_check_request(const struct xsd_sockmsg *hdr, const char *payload)
{
    const char *path, *value;
    uint32_t value_len;
    int want, got;

    if (hdr->type == XS_WRITE)
        return xs_split_path_value(payload, hdr->len, &path, &value,
                                   &value_len);
    got = count_args(payload, hdr->len);
    if (got < 0)
        return got;
    if (hdr->type == XS_SET_PERMS) /* a path, then one or more perms */
        return got >= 2 ? 0 : -XEN_EINVAL;
    if (hdr->type == XS_RESET_WATCHES) /* nothing, or "" as Linux sends */
        return got <= 1 ? 0 : -XEN_EINVAL;
    want = request_nargs(hdr->type);
    if (want < 0)
        return -XEN_ENOSYS;
    return got == want ? 0 : -XEN_EINVAL;
}

int xs_error_number(const char *payload, uint32_t len)
{
    for (size_t i = 0; i < XSD_ERRORS_COUNT; i++) {
        size_t n = strlen(xsd_errors[i].errstring);

        /* The name, with or without its NUL, and nothing after it. */
        if (len >= n && len <= n + 1 &&
            !memcmp(payload, xsd_errors[i].errstring, n) &&
            (len == n || payload[n] == '\0'))
            return xsd_errors[i].errnum;
    }
    return XEN_EINVAL;
}

const char *xs_error_name(int err)
{
    for (size_t i = 0; i < XSD_ERRORS_COUNT; i++)
        if (xsd_errors[i].errnum == err)
            return xsd_errors[i].errstring;
    return "EINVAL";
}
