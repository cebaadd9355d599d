/*
 * Byte-stream I/O on the xenstore page's rings (lib/xs_ring.h). The
 * peer's index is loaded once per call and checked before use; ours is
 * stored with release order after the bytes it covers.
 */
#include <lib/macros.h>
#include <lib/string.h>
#include <lib/xs_ring.h>

struct xs_ring xs_ring_req(struct xenstore_domain_interface *intf)
{
    return (struct xs_ring){intf->req, &intf->req_cons, &intf->req_prod};
}

struct xs_ring xs_ring_rsp(struct xenstore_domain_interface *intf)
{
    return (struct xs_ring){intf->rsp, &intf->rsp_cons, &intf->rsp_prod};
}

static XENSTORE_RING_IDX load_idx(const XENSTORE_RING_IDX *idx)
{
    return __atomic_load_n(idx, __ATOMIC_ACQUIRE);
}

static void store_idx(XENSTORE_RING_IDX *idx, XENSTORE_RING_IDX v)
{
    __atomic_store_n(idx, v, __ATOMIC_RELEASE);
}

/* prod - cons, or -XEN_EIO if no ring could hold that much. */
static int used_between(XENSTORE_RING_IDX prod, XENSTORE_RING_IDX cons)
{
    XENSTORE_RING_IDX used = prod - cons;

    return used > XENSTORE_RING_SIZE ? -XEN_EIO : (int)used;
}

int xs_ring_used(const struct xs_ring *r)
{
    return used_between(load_idx(r->prod), load_idx(r->cons));
}

int xs_ring_write(const struct xs_ring *r, const void *data, size_t len)
{
    XENSTORE_RING_IDX prod = load_idx(r->prod);
    int used = used_between(prod, load_idx(r->cons));
    size_t n, done = 0;

    if (used < 0)
        return used;
    n = MIN(len, (size_t)(XENSTORE_RING_SIZE - used));
    while (done < n) {
        size_t at = MASK_XENSTORE_IDX(prod + done);
        size_t chunk = MIN(n - done, XENSTORE_RING_SIZE - at);

        memcpy(r->buf + at, (const char *)data + done, chunk);
        done += chunk;
    }
    store_idx(r->prod, prod + (XENSTORE_RING_IDX)n);
    return (int)n;
}

int xs_ring_read(const struct xs_ring *r, void *data, size_t len)
{
    XENSTORE_RING_IDX cons = load_idx(r->cons);
    int used = used_between(load_idx(r->prod), cons);
    size_t n, done = 0;

    if (used < 0)
        return used;
    n = MIN(len, (size_t)used);
    while (done < n) {
        size_t at = MASK_XENSTORE_IDX(cons + done);
        size_t chunk = MIN(n - done, XENSTORE_RING_SIZE - at);

        memcpy((char *)data + done, r->buf + at, chunk);
        done += chunk;
    }
    store_idx(r->cons, cons + (XENSTORE_RING_IDX)n);
    return (int)n;
}

/* Bytes the message in rd still lacks: header first, then payload. */
static size_t reader_missing(const struct xs_reader *rd,
                             struct xsd_sockmsg *hdr, int *err)
{
    const size_t hdr_size = sizeof(*hdr);

    *err = 0;
    if (rd->have < hdr_size)
        return hdr_size - rd->have;
    *err = xs_decode_header(rd->buf, rd->have, hdr);
    if (*err)
        return 0;
    return hdr_size + hdr->len - rd->have;
}

int xs_reader_poll(struct xs_reader *rd, const struct xs_ring *r,
                   struct xsd_sockmsg *hdr, const char **payload)
{
    for (;;) {
        int err, got;
        size_t missing = reader_missing(rd, hdr, &err);

        if (err)
            return err;
        if (!missing && rd->have >= sizeof(*hdr)) {
            *payload = rd->buf + sizeof(*hdr);
            return 1;
        }
        got = xs_ring_read(r, rd->buf + rd->have, missing);
        if (got <= 0)
            return got;
        rd->have += (size_t)got;
    }
}

void xs_reader_next(struct xs_reader *rd)
{
    rd->have = 0;
}
