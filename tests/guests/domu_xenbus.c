/*
 * domu_xenbus: a domU that uses its store through guest-lib's xenbus
 * client, as a PV frontend would: it reads its own domid and name (the
 * keys dom0's toolstack writes), writes and reads back a key under its
 * home's data/, lists its home, is refused (EACCES) dom0's home and the
 * keys of the domain built just before it, sets a watch and sees it fire
 * for its registration and for a write, and commits a transaction.
 * Then it sends garbage, which gets it cut off.
 *
 * tests/boot/tests_xl.py creates it with `xl create xenbus.cfg` right
 * after a counter domain, so that the domain before it exists. Its
 * verdict is its shutdown reason: poweroff when every check passed,
 * crash otherwise. The session passes on Xen 4.17 too, where the same
 * dom0 serves the store.
 */
#include "verdict.h"

#include <lib/parse.h>
#include <parasol/guest.h>
#include <parasol/xenbus.h>

#define EXPECTED_NAME "xenbus"
#define VALUE_MAX 64
#define TOKEN "tok"
#define GARBAGE_YIELDS 100000

static struct xenbus xb;

/*
 * The store's hooks, without upcalls: events stay disabled, so the
 * store port's pending bit keeps every notification until the wait
 * takes it, and none is lost between a look at the ring and the sleep.
 */
static void store_notify(void *arg)
{
    (void)arg;
    evtchn_send(guest_start_info->store_evtchn);
}

static void store_wait(void *arg)
{
    evtchn_port_t port = guest_start_info->store_evtchn;
    struct sched_poll poll = {.nr_ports = 1, .timeout = 0};

    (void)arg;
    set_xen_guest_handle(poll.ports, &port);
    while (!evtchn_is_pending(port))
        HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    evtchn_clear(port);
}

static int connect(void)
{
    int rc = xenbus_connect(&xb);

    /* The client on the page xenbus_connect checked, with these hooks. */
    if (rc == 0)
        xenbus_init(&xb, xb.intf, store_notify, store_wait, NULL);
    return rc;
}

static bool read_key(const char *path, char *buf)
{
    return check_rc(xenbus_read(&xb, 0, path, buf, VALUE_MAX, NULL), 0, path);
}

/* Its own keys; its domid in *domid. */
static void own_keys(uint64_t *domid)
{
    char buf[VALUE_MAX];
    const char *end;

    *domid = 0;
    if (read_key("domid", buf))
        check_true(parse_u64(buf, &end, domid) && !*end && *domid > 0,
                   "  ... a domU's id");
    if (read_key("name", buf))
        check_true(strcmp(buf, EXPECTED_NAME) == 0, "  ... its config's");
    read_key("memory/target", buf);
    check_rc(xenbus_write(&xb, 0, "name", "x", 1), -XEN_EACCES,
             "write its name: -EACCES (the toolstack's key)");
}

static void read_back(void)
{
    char buf[VALUE_MAX];
    unsigned n;

    check_rc(xenbus_write(&xb, 0, "data/greeting", "hello", 5), 0,
             "write data/greeting");
    if (read_key("data/greeting", buf))
        check_true(strcmp(buf, "hello") == 0, "  ... reads back");
    if (check_rc(xenbus_directory(&xb, 0, "store", buf, sizeof(buf), &n), 0,
                 "list store/"))
        check_hex(n, 2, "  ... port and ring-ref");
}

static void refused(uint64_t domid)
{
    char path[VALUE_MAX], buf[VALUE_MAX];

    check_rc(
        xenbus_read(&xb, 0, "/local/domain/0/name", buf, sizeof(buf), NULL),
        -XEN_EACCES, "read dom0's name: -EACCES");
    snprintf(path, sizeof(path), "/local/domain/%llu/name",
             (unsigned long long)(domid - 1));
    check_rc(xenbus_read(&xb, 0, path, buf, sizeof(buf), NULL), -XEN_EACCES,
             "read the previous domain's name: -EACCES");
    snprintf(path, sizeof(path), "/local/domain/%llu/data/x",
             (unsigned long long)(domid - 1));
    check_rc(xenbus_write(&xb, 0, path, "x", 1), -XEN_EACCES,
             "write under its data/: -EACCES");
}

static bool next_event(const char *expected)
{
    char path[VALUE_MAX], token[VALUE_MAX];

    if (!check_rc(xenbus_next_event(&xb, true, path, sizeof(path), token,
                                    sizeof(token)),
                  0, "  ... an event"))
        return false;
    return check_true(strcmp(path, expected) == 0 && strcmp(token, TOKEN) == 0,
                      "  ... for the path and token");
}

static void watch_and_transaction(void)
{
    char buf[VALUE_MAX];
    uint32_t tx;

    if (check_rc(xenbus_watch(&xb, "data/w", TOKEN), 0, "watch data/w"))
        next_event("data/w");
    check_rc(xenbus_write(&xb, 0, "data/w", "1", 1), 0, "write data/w");
    next_event("data/w");
    check_rc(xenbus_unwatch(&xb, "data/w", TOKEN), 0, "unwatch");
    if (!check_rc(xenbus_transaction_start(&xb, &tx), 0, "transaction start"))
        return;
    check_rc(xenbus_write(&xb, tx, "data/t", "2", 1), 0, "  ... write in it");
    check_rc(xenbus_read(&xb, 0, "data/t", buf, sizeof(buf), NULL), -XEN_ENOENT,
             "  ... not seen outside it");
    check_rc(xenbus_transaction_end(&xb, tx, true), 0, "  ... commit");
    if (read_key("data/t", buf))
        check_true(strcmp(buf, "2") == 0, "  ... committed");
}

/*
 * Last, as a hostile guest: a header announcing more than any message
 * holds. dom0 cuts this connection off and goes on serving the others
 * (the session creates a second domu_xenbus after this one).
 */
static void garbage(void)
{
    struct xsd_sockmsg h = {.type = XS_READ, .len = 0x7fffffff};
    struct xs_ring req = xs_ring_req(xb.intf);

    check_rc(xs_ring_write(&req, &h, sizeof(h)), sizeof(h),
             "a header with an impossible length, sent");
    store_notify(NULL);
    /* dom0 takes the header off the ring before it cuts us off; no reply
     * comes, so this waits by yielding, a bounded number of times. */
    for (unsigned i = 0;
         i < GARBAGE_YIELDS && xb.intf->req_cons != xb.intf->req_prod; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    check_true(xb.intf->req_cons == xb.intf->req_prod,
               "  ... and taken by dom0");
}

int main(void)
{
    uint64_t domid;

    verdict_title("domu_xenbus", "a domU's store, served by dom0");
    if (check_rc(connect(), 0, "xenbus_connect")) {
        own_keys(&domid);
        read_back();
        if (domid > 1)
            refused(domid);
        watch_and_transaction();
        garbage();
    }
    verdict_end();
}
