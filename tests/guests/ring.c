/*
 * test_ring: Xen's shared-ring protocol (public/io/ring.h) with real
 * events. One guest plays both ends: a frontend and a backend view of
 * one page, each with its end of a loopback interdomain event channel
 * (alloc_unbound offered to ourselves, bind_interdomain to it).
 *
 * 100,000 requests with checksums go through in batches of varying
 * size, from indices that start just below 2^32 so that they wrap.
 * Every push asks RING_PUSH_*_AND_CHECK_NOTIFY whether to send an
 * event: after the peer's final check it must say yes, a second push
 * before the peer looked must say no, and the peer's port must be
 * pending exactly when an event was sent. Runs the same on Xen 4.17.
 *
 * It also records why the xenbus client has no boot test yet: as dom0
 * (how both systems boot this guest), start_info has no store page.
 */
#include "verdict.h"

#include <parasol/events.h>
#include <parasol/guest.h>
#include <parasol/xenbus.h>
#include <public/io/ring.h>

#define MESSAGES 100000u
#define START_IDX 0xfffff000u /* 4096 before 2^32 */

struct msg_req {
    uint32_t seq;
    uint32_t sum; /* of seq and data */
    uint64_t data[2];
};
struct msg_rsp {
    uint32_t seq;
    uint32_t sum; /* the request's, as the backend computed it */
};
DEFINE_RING_TYPES(msg, struct msg_req, struct msg_rsp);

static union {
    struct msg_sring s;
    char bytes[PAGE_SIZE];
} page __attribute__((aligned(PAGE_SIZE)));

static struct msg_front_ring front;
static struct msg_back_ring back;
static evtchn_port_t front_port, back_port;
static struct xenbus xb;
static unsigned int bad_messages, missed_events, stray_events;

static uint32_t checksum(uint32_t seq, const uint64_t data[2])
{
    uint64_t h = seq * 0x9e3779b97f4a7c15ull ^ data[0] ^ (data[1] << 7);

    return (uint32_t)(h ^ (h >> 32));
}

static void fill_request(struct msg_req *req, uint32_t seq)
{
    req->seq = seq;
    req->data[0] = seq * 0x100000001ull;
    req->data[1] = ~(uint64_t)seq;
    req->sum = checksum(seq, req->data);
}

/* Push n requests starting at seq; returns the notify answer. */
static int front_push(uint32_t seq, unsigned int n)
{
    int notify;

    for (unsigned int i = 0; i < n; i++)
        fill_request(RING_GET_REQUEST(&front, front.req_prod_pvt++), seq + i);
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    if (notify)
        evtchn_send(front_port);
    return notify;
}

/* Whether port is pending, as the sender's notify said it must be. */
static void expect_event(evtchn_port_t port, int sent)
{
    bool pending = evtchn_is_pending(port);

    if (sent && !pending)
        missed_events++;
    if (!sent && pending)
        stray_events++;
    evtchn_clear(port);
}

/* The backend: answer every request, push, then the final check. */
static unsigned int back_serve(void)
{
    unsigned int n = 0;
    int notify, more;

    do {
        while (RING_HAS_UNCONSUMED_REQUESTS(&back)) {
            const struct msg_req *req = RING_GET_REQUEST(&back, back.req_cons);
            struct msg_rsp *rsp = RING_GET_RESPONSE(&back, back.rsp_prod_pvt);

            back.req_cons++;
            back.rsp_prod_pvt++;
            rsp->seq = req->seq;
            rsp->sum = checksum(req->seq, req->data);
            bad_messages += rsp->sum != req->sum;
            n++;
        }
        RING_FINAL_CHECK_FOR_REQUESTS(&back, more);
    } while (more);
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&back, notify);
    if (notify)
        evtchn_send(back_port);
    expect_event(front_port, notify);
    return n;
}

/* The frontend: read every response, expecting seq onwards. */
static uint32_t front_collect(uint32_t seq)
{
    int more;

    do {
        while (RING_HAS_UNCONSUMED_RESPONSES(&front)) {
            const struct msg_rsp *rsp =
                RING_GET_RESPONSE(&front, front.rsp_cons++);
            uint64_t data[2] = {seq * 0x100000001ull, ~(uint64_t)seq};

            bad_messages += rsp->seq != seq || rsp->sum != checksum(seq, data);
            seq++;
        }
        RING_FINAL_CHECK_FOR_RESPONSES(&front, more);
    } while (more);
    return seq;
}

static bool setup_ring(void)
{
    int a = evtchn_alloc_unbound(DOMID_SELF), b;

    if (!check_true(a > 0, "alloc_unbound offered to ourselves"))
        return false;
    b = evtchn_bind_interdomain(DOMID_SELF, (evtchn_port_t)a);
    if (!check_true(b > 0, "bind_interdomain to it"))
        return false;
    front_port = (evtchn_port_t)a;
    back_port = (evtchn_port_t)b;
    evtchn_clear(front_port);
    evtchn_clear(back_port);
    SHARED_RING_INIT(&page.s);
    page.s.req_prod = page.s.rsp_prod = START_IDX;
    page.s.req_event = page.s.rsp_event = START_IDX + 1;
    FRONT_RING_ATTACH(&front, &page.s, START_IDX, PAGE_SIZE);
    BACK_RING_ATTACH(&back, &page.s, START_IDX, PAGE_SIZE);
    check_rc(RING_SIZE(&front), 128, "24-byte slots: 128 in a page");
    return true;
}

/* A second push before the backend looked must not notify again. */
static void check_no_second_notify(uint32_t *seq)
{
    check_true(front_push(*seq, 1), "first push after the final check "
                                    "notifies");
    check_true(!front_push(*seq + 1, 1), "a second push before the "
                                         "backend looked does not");
    expect_event(back_port, 1);
    check_rc(back_serve(), 2, "the backend takes both");
    *seq = front_collect(*seq);
}

static void exchange(void)
{
    uint32_t sent = 0, got = 0;
    unsigned int batch = 1, no_notify = 0;

    while (sent < MESSAGES) {
        unsigned int n = batch;

        if (n > MESSAGES - sent)
            n = MESSAGES - sent;
        if (!front_push(sent, n))
            no_notify++;
        expect_event(back_port, 1);
        sent += n;
        back_serve();
        got = front_collect(got);
        batch = batch % RING_SIZE(&front) + 1; /* 1, 2, ..., 128, 1, ... */
    }
    check_rc(got, MESSAGES, "100,000 responses came back, in order");
    check_rc(no_notify, 0, "every push after a final check notified");
    check_true(front.req_prod_pvt < START_IDX, "the indices wrapped");
    check_no_second_notify(&got);
    check_rc(bad_messages, 0, "every checksum matched");
    check_rc(missed_events, 0, "a notified port was always pending");
    check_rc(stray_events, 0, "no port pending unnotified");
}

/* Xen 4.17 gives dom0 no store page: there is no store to talk to. */
static void check_dom0_has_no_store(void)
{
    check_hex(guest_start_info->store_mfn, 0, "dom0: store_mfn is 0");
    check_hex(guest_start_info->store_evtchn, 0, "dom0: store_evtchn is 0");
    check_rc(xenbus_connect(&xb), -XEN_ENOENT, "xenbus_connect: -ENOENT");
}

int main(void)
{
    verdict_title("test_ring", "a shared ring with real events");
    check_dom0_has_no_store();
    if (setup_ring())
        exchange();
    verdict_end();
}
