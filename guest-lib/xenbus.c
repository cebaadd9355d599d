/*
 * The xenbus client (parasol/xenbus.h): requests out on the store
 * page's req ring, replies and watch events in from its rsp ring, all
 * through the shared codec and ring helpers (hv/lib/xs_*.c).
 */
#include <lib/macros.h>
#include <lib/parse.h>
#include <lib/string.h>
#include <parasol/xenbus.h>

void xenbus_init(struct xenbus *xb, struct xenstore_domain_interface *intf,
                 void (*notify)(void *), void (*wait)(void *), void *arg)
{
    memset(xb, 0, sizeof(*xb));
    xb->intf = intf;
    xb->notify = notify;
    xb->wait = wait;
    xb->arg = arg;
    xb->next_req_id = 1;
}

/* Push all of msg[len] through the req ring, waiting for room. */
static int send_bytes(struct xenbus *xb, const char *msg, size_t len)
{
    struct xs_ring req = xs_ring_req(xb->intf);
    size_t done = 0;

    while (done < len) {
        int n = xs_ring_write(&req, msg + done, len - done);

        if (n < 0)
            return n;
        done += (size_t)n;
        xb->notify(xb->arg);
        if (done < len)
            xb->wait(xb->arg);
    }
    return 0;
}

static void queue_event(struct xenbus *xb, const char *payload, uint32_t len)
{
    struct xenbus_event *ev;

    if (xb->events_count == XENBUS_EVENTS_MAX) {
        xb->events_dropped++;
        return;
    }
    ev = &xb->events[(xb->events_head + xb->events_count) % XENBUS_EVENTS_MAX];
    memcpy(ev->payload, payload, len);
    ev->len = len;
    xb->events_count++;
}

/*
 * Take messages off the rsp ring, queueing watch events, until one is
 * a reply; it stays in the reader for the caller. Returns 1 with
 * hdr/payload set, 0 if the ring ran dry, or a ring error (-XEN_EIO).
 */
static int poll_message(struct xenbus *xb, struct xsd_sockmsg *hdr,
                        const char **payload)
{
    struct xs_ring rsp = xs_ring_rsp(xb->intf);

    for (;;) {
        int rc = xs_reader_poll(&xb->reader, &rsp, hdr, payload);

        if (rc <= 0)
            return rc == -XEN_E2BIG ? -XEN_EIO : rc;
        xb->notify(xb->arg); /* the store may wait for room */
        if (hdr->type != XS_WATCH_EVENT)
            return 1;
        queue_event(xb, *payload, hdr->len);
        xs_reader_next(&xb->reader);
    }
}

/* Wait for the reply to req_id; a stray reply breaks the protocol. */
static int wait_reply(struct xenbus *xb, uint32_t req_id,
                      struct xsd_sockmsg *hdr, const char **payload)
{
    for (;;) {
        int rc = poll_message(xb, hdr, payload);

        if (rc < 0)
            return rc;
        if (rc == 1) {
            if (hdr->req_id != req_id) {
                xs_reader_next(&xb->reader);
                return -XEN_EIO;
            }
            return 0;
        }
        xb->wait(xb->arg);
    }
}

/*
 * One round trip. On success the reply stays in the reader (hdr,
 * payload) until the caller calls xs_reader_next; on failure it has
 * been dropped. An XS_ERROR reply becomes its errno.
 */
static int call(struct xenbus *xb, const struct xs_out_msg *out,
                struct xsd_sockmsg *hdr, const char **payload)
{
    char msg[XS_MSG_MAX];
    struct xs_out_msg m = *out;
    int len, rc;

    m.req_id = xb->next_req_id++;
    len = xs_encode(&m, msg, sizeof(msg));
    if (len < 0)
        return len;
    rc = send_bytes(xb, msg, (size_t)len);
    if (!rc)
        rc = wait_reply(xb, m.req_id, hdr, payload);
    if (rc)
        return rc;
    if (hdr->type == XS_ERROR) {
        rc = -xs_error_number(*payload, hdr->len);
        xs_reader_next(&xb->reader);
        return rc;
    }
    if (hdr->type != m.type) {
        xs_reader_next(&xb->reader);
        return -XEN_EIO;
    }
    return 0;
}

/* A call whose reply carries nothing the caller needs ("OK"). */
static int call_ok(struct xenbus *xb, const struct xs_out_msg *out)
{
    struct xsd_sockmsg hdr;
    const char *payload;
    int rc = call(xb, out, &hdr, &payload);

    if (!rc)
        xs_reader_next(&xb->reader);
    return rc;
}

static int call_path(struct xenbus *xb, uint32_t type, uint32_t tx,
                     const char *path)
{
    const char *args[] = {path};
    struct xs_out_msg out = {
        .type = type, .tx_id = tx, .args = args, .nargs = 1};

    return call_ok(xb, &out);
}

int xenbus_read(struct xenbus *xb, uint32_t tx, const char *path, char *buf,
                size_t size, size_t *len)
{
    const char *args[] = {path};
    struct xs_out_msg out = {
        .type = XS_READ, .tx_id = tx, .args = args, .nargs = 1};
    struct xsd_sockmsg hdr;
    const char *payload;
    int rc = call(xb, &out, &hdr, &payload);

    if (rc)
        return rc;
    if (hdr.len >= size) {
        rc = -XEN_E2BIG;
    } else {
        memcpy(buf, payload, hdr.len);
        buf[hdr.len] = '\0';
        if (len)
            *len = hdr.len;
    }
    xs_reader_next(&xb->reader);
    return rc;
}

int xenbus_write(struct xenbus *xb, uint32_t tx, const char *path,
                 const void *value, size_t len)
{
    const char *args[] = {path};
    struct xs_out_msg out = {.type = XS_WRITE,
                             .tx_id = tx,
                             .args = args,
                             .nargs = 1,
                             .data = value,
                             .data_len = len};

    return call_ok(xb, &out);
}

int xenbus_mkdir(struct xenbus *xb, uint32_t tx, const char *path)
{
    return call_path(xb, XS_MKDIR, tx, path);
}

int xenbus_rm(struct xenbus *xb, uint32_t tx, const char *path)
{
    return call_path(xb, XS_RM, tx, path);
}

/* Copy a directory reply's names (each NUL-terminated) into buf. */
static int copy_names(const char *payload, uint32_t len, char *buf, size_t size,
                      unsigned int *count)
{
    unsigned int n = 0;

    if (len > size)
        return -XEN_E2BIG;
    if (len && payload[len - 1] != '\0')
        return -XEN_EIO;
    for (uint32_t i = 0; i < len; i++)
        n += payload[i] == '\0';
    memcpy(buf, payload, len);
    if (len < size)
        buf[len] = '\0';
    *count = n;
    return 0;
}

int xenbus_directory(struct xenbus *xb, uint32_t tx, const char *path,
                     char *buf, size_t size, unsigned int *count)
{
    const char *args[] = {path};
    struct xs_out_msg out = {
        .type = XS_DIRECTORY, .tx_id = tx, .args = args, .nargs = 1};
    struct xsd_sockmsg hdr;
    const char *payload;
    int rc = call(xb, &out, &hdr, &payload);

    if (rc)
        return rc;
    rc = copy_names(payload, hdr.len, buf, size, count);
    xs_reader_next(&xb->reader);
    return rc;
}

static int call_watch(struct xenbus *xb, uint32_t type, const char *path,
                      const char *token)
{
    const char *args[] = {path, token};
    struct xs_out_msg out = {.type = type, .args = args, .nargs = 2};

    return call_ok(xb, &out);
}

int xenbus_watch(struct xenbus *xb, const char *path, const char *token)
{
    return call_watch(xb, XS_WATCH, path, token);
}

int xenbus_unwatch(struct xenbus *xb, const char *path, const char *token)
{
    return call_watch(xb, XS_UNWATCH, path, token);
}

/* Hand out the oldest queued event; -XEN_EIO if it is malformed. */
static int take_event(struct xenbus *xb, char *path, size_t path_size,
                      char *token, size_t token_size)
{
    struct xenbus_event *ev = &xb->events[xb->events_head];
    const char *argv[2];
    unsigned int n;
    int rc = xs_split_args(ev->payload, ev->len, argv, 2, &n);

    xb->events_head = (xb->events_head + 1) % XENBUS_EVENTS_MAX;
    xb->events_count--;
    if (rc || n != 2)
        return -XEN_EIO;
    if (strlcpy(path, argv[XS_WATCH_PATH], path_size) >= path_size ||
        strlcpy(token, argv[XS_WATCH_TOKEN], token_size) >= token_size)
        return -XEN_E2BIG;
    return 0;
}

int xenbus_next_event(struct xenbus *xb, bool block, char *path,
                      size_t path_size, char *token, size_t token_size)
{
    while (!xb->events_count) {
        struct xsd_sockmsg hdr;
        const char *payload;
        int rc = poll_message(xb, &hdr, &payload);

        if (rc < 0)
            return rc;
        if (rc == 1) { /* a reply nobody asked for */
            xs_reader_next(&xb->reader);
            return -XEN_EIO;
        }
        if (!xb->events_count && !block)
            return -XEN_EAGAIN;
        if (!xb->events_count)
            xb->wait(xb->arg);
    }
    return take_event(xb, path, path_size, token, token_size);
}

int xenbus_transaction_start(struct xenbus *xb, uint32_t *tx)
{
    const char *args[] = {""};
    struct xs_out_msg out = {
        .type = XS_TRANSACTION_START, .args = args, .nargs = 1};
    struct xsd_sockmsg hdr;
    const char *payload;
    const char *end;
    uint64_t id = 0;
    int rc = call(xb, &out, &hdr, &payload);

    if (rc)
        return rc;
    /* The id as decimal text, NUL-terminated inside the payload. */
    if (!hdr.len || payload[hdr.len - 1] != '\0' ||
        !parse_u64(payload, &end, &id) || *end || id > UINT32_MAX)
        rc = -XEN_EIO;
    else
        *tx = (uint32_t)id;
    xs_reader_next(&xb->reader);
    return rc;
}

int xenbus_transaction_end(struct xenbus *xb, uint32_t tx, bool commit)
{
    const char *args[] = {commit ? "T" : "F"};
    struct xs_out_msg out = {
        .type = XS_TRANSACTION_END, .tx_id = tx, .args = args, .nargs = 1};

    return call_ok(xb, &out);
}
