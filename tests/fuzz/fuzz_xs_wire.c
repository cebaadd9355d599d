/*
 * libFuzzer target for the xenstore wire codec and the store ring
 * (hv/lib/xs_codec.c, hv/lib/xs_ring.c): the input is what a hostile
 * peer pushes onto a store ring, after 4 bytes that choose where the
 * free-running indices start (so the stream wraps at the ring's end
 * and at 2^32). Every message taken off is checked as a request and
 * split into arguments. Promises: nothing reads outside its buffer
 * (ASan), no undefined behaviour (UBSan); a decoded message never
 * announces more than XENSTORE_PAYLOAD_MAX bytes; a request the codec
 * accepts re-encodes to the very same bytes; a stream the reader
 * rejects stays rejected. A broken promise aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/xs_ring.h>

static struct xenstore_domain_interface page;
static struct xs_reader reader;

static void broken(const char *promise)
{
    fprintf(stderr, "fuzz_xs_wire: broken promise: %s\n", promise);
    abort();
}

/* Re-encode an accepted request from its parts; compare the bytes. */
static void check_round_trip(const struct xsd_sockmsg *hdr, const char *payload)
{
    static char again[XS_MSG_MAX];
    /* As many as there can be strings: each may be just its NUL. */
    static const char *argv[XENSTORE_PAYLOAD_MAX];
    const char *path, *value;
    unsigned int n = 0;
    uint32_t vlen = 0;
    struct xs_out_msg out = {.type = hdr->type,
                             .req_id = hdr->req_id,
                             .tx_id = hdr->tx_id,
                             .args = argv};

    if (hdr->type == XS_WRITE) {
        if (xs_split_path_value(payload, hdr->len, &path, &value, &vlen))
            broken("an accepted write splits");
        argv[0] = path;
        out.nargs = 1;
        out.data = value;
        out.data_len = vlen;
    } else {
        if (xs_split_args(payload, hdr->len, argv, sizeof(argv) / sizeof(*argv),
                          &n))
            broken("an accepted request splits");
        out.nargs = n;
    }
    if (xs_encode(&out, again, sizeof(again)) != (int)(16 + hdr->len) ||
        memcmp(again, hdr, 16) || memcmp(again + 16, payload, hdr->len))
        broken("an accepted request re-encodes to the same bytes");
}

static void check_message(const struct xsd_sockmsg *hdr, const char *payload)
{
    if (hdr->len > XENSTORE_PAYLOAD_MAX)
        broken("a message's length is within the maximum");
    if (!xs_check_request(hdr, payload))
        check_round_trip(hdr, payload);
    (void)xs_error_number(payload, hdr->len);
}

/* Take every whole message off; returns the reader's last answer. */
static int drain(const struct xs_ring *r)
{
    struct xsd_sockmsg hdr;
    const char *payload;
    int rc;

    while ((rc = xs_reader_poll(&reader, r, &hdr, &payload)) == 1) {
        check_message(&hdr, payload);
        xs_reader_next(&reader);
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xs_ring r = xs_ring_req(&page);
    uint32_t start;
    size_t at = 4;
    int rc = 0;

    if (size < 4)
        return 0;
    memcpy(&start, data, 4);
    memset(&page, 0, sizeof(page));
    page.req_cons = page.req_prod = start;
    xs_reader_next(&reader);
    while (at < size && rc >= 0) {
        int n = xs_ring_write(&r, data + at, size - at);

        if (n <= 0)
            broken("a drained ring takes more bytes");
        at += (size_t)n;
        rc = drain(&r);
    }
    if (rc < 0 && drain(&r) != rc)
        broken("a rejected stream stays rejected");
    return 0;
}
