/*
 * One domain's store connection (xs_conn.h): the wire side of dom0's
 * store. The store's functions do the checking of paths, permissions and
 * quotas; here the message is taken apart, its shape checked by the
 * codec, and the answer put back on the ring.
 */
#include "xs_conn.h"

#include <lib/format.h>
#include <lib/parse.h>
#include <lib/string.h>
#include <public/errno.h>

/* The error names this file sends itself; the store sends its own. */
#define ERR_EACCES "EACCES"

/* A watch's strings: path and token. */
#define WATCH_ARGS 2

/* The replies to the toolstack's own writes, which it does not read. */
static struct xs_reply discarded;

void xs_conn_init(struct xs_conn *c, uint16_t domid,
                  struct xenstore_domain_interface *intf)
{
    memset(c, 0, sizeof(*c));
    c->domid = domid;
    c->intf = intf;
}

/* Copies what fits of the pending message to the response ring; true
 * when nothing is left pending. */
static bool flush(struct xs_conn *c)
{
    struct xs_ring rsp = xs_ring_rsp(c->intf);
    int n;

    if (c->out_done == c->out_len)
        return true;
    n = xs_ring_write(&rsp, c->out + c->out_done, c->out_len - c->out_done);
    if (n < 0) {
        c->cut_off = true;
        return false;
    }
    c->out_done += (size_t)n;
    return c->out_done == c->out_len;
}

/* Makes msg the pending message. Every reply fits XS_MSG_MAX: a reply's
 * payload is at most XS_PAYLOAD_MAX (xs_store.h). */
static void queue(struct xs_conn *c, const struct xs_out_msg *msg)
{
    int len = xs_encode(msg, c->out, sizeof(c->out));

    if (len < 0) {
        const char *arg = "E2BIG";
        struct xs_out_msg err = {.type = XS_ERROR,
                                 .req_id = msg->req_id,
                                 .tx_id = msg->tx_id,
                                 .args = &arg,
                                 .nargs = 1};

        len = xs_encode(&err, c->out, sizeof(c->out));
    }
    c->out_len = (size_t)len;
    c->out_done = 0;
}

static const char *set_perms(struct xs_store *s, uint16_t domid,
                             const struct xsd_sockmsg *h, const char *payload,
                             struct xs_reply *r)
{
    uint32_t path_len = (uint32_t)strlen(payload) + 1;

    return xs_set_perms(s, domid, h->tx_id, payload, payload + path_len,
                        h->len - path_len, r);
}

static const char *write_value(struct xs_store *s, uint16_t domid,
                               const struct xsd_sockmsg *h, const char *payload,
                               struct xs_reply *r)
{
    const char *path, *value;
    uint32_t len;

    if (xs_split_path_value(payload, h->len, &path, &value, &len))
        return xs_error_name(XEN_EINVAL);
    return xs_write(s, domid, h->tx_id, path, value, len, r);
}

static const char *watch(struct xs_store *s, uint16_t domid,
                         const struct xsd_sockmsg *h, const char *payload,
                         struct xs_reply *r)
{
    const char *argv[WATCH_ARGS];
    unsigned n;

    if (xs_split_args(payload, h->len, argv, WATCH_ARGS, &n) || n != 2)
        return xs_error_name(XEN_EINVAL);
    if (h->type == XS_WATCH)
        return xs_watch(s, domid, argv[0], argv[1], r);
    return xs_unwatch(s, domid, argv[0], argv[1], r);
}

static const char *domain_path(struct xs_store *s, uint16_t domid,
                               const char *payload, struct xs_reply *r)
{
    const char *end;
    uint64_t which;

    if (!parse_u64(payload, &end, &which) || *end || which > UINT16_MAX)
        return xs_error_name(XEN_EINVAL);
    return xs_get_domain_path(s, domid, (uint16_t)which, r);
}

/* The store's answer to a request whose shape the codec accepted. */
static const char *dispatch(struct xs_store *s, uint16_t domid,
                            const struct xsd_sockmsg *h, const char *payload,
                            struct xs_reply *r)
{
    switch (h->type) {
    case XS_READ:
        return xs_read(s, domid, h->tx_id, payload, r);
    case XS_WRITE:
        return write_value(s, domid, h, payload, r);
    case XS_MKDIR:
        return xs_mkdir(s, domid, h->tx_id, payload, r);
    case XS_RM:
        return xs_rm(s, domid, h->tx_id, payload, r);
    case XS_DIRECTORY:
        return xs_directory(s, domid, h->tx_id, payload, r);
    case XS_GET_PERMS:
        return xs_get_perms(s, domid, h->tx_id, payload, r);
    case XS_SET_PERMS:
        return set_perms(s, domid, h, payload, r);
    case XS_WATCH:
    case XS_UNWATCH:
        return watch(s, domid, h, payload, r);
    case XS_TRANSACTION_START:
        return xs_transaction_start(s, domid, h->tx_id, r);
    case XS_TRANSACTION_END:
        return xs_transaction_end(s, domid, h->tx_id, payload, r);
    case XS_GET_DOMAIN_PATH:
        return domain_path(s, domid, payload, r);
    case XS_INTRODUCE:
    case XS_RELEASE:
    case XS_SET_TARGET:
    case XS_RESUME:
        return ERR_EACCES; /* the toolstack's, made in dom0 */
    default:
        return xs_error_name(XEN_ENOSYS);
    }
}

static void answer(struct xs_store *s, struct xs_conn *c,
                   const struct xsd_sockmsg *h, const char *payload)
{
    int bad = xs_check_request(h, payload);
    const char *err = bad ? xs_error_name(-bad)
                          : dispatch(s, c->domid, h, payload, &c->reply);
    struct xs_out_msg msg = {
        .type = h->type, .req_id = h->req_id, .tx_id = h->tx_id};

    if (err) {
        msg.type = XS_ERROR;
        msg.args = &err;
        msg.nargs = 1;
    } else {
        msg.data = c->reply.data;
        msg.data_len = c->reply.len;
    }
    queue(c, &msg);
}

/* The domain's next queued watch event, if any, as the pending message. */
static bool next_event(struct xs_store *s, struct xs_conn *c)
{
    struct xs_out_msg msg = {.type = XS_WATCH_EVENT};

    if (!xs_event_pop(s, c->domid, &c->reply))
        return false;
    msg.data = c->reply.data;
    msg.data_len = c->reply.len;
    queue(c, &msg);
    return true;
}

bool xs_conn_serve(struct xs_store *s, struct xs_conn *c)
{
    XENSTORE_RING_IDX req_cons, rsp_prod;
    struct xs_ring req;
    struct xsd_sockmsg h;
    const char *payload;
    int rc;

    if (c->cut_off)
        return false;
    req = xs_ring_req(c->intf);
    req_cons = c->intf->req_cons;
    rsp_prod = c->intf->rsp_prod;
    for (unsigned i = 0; i < XS_CONN_BUDGET && flush(c); i++) {
        rc = xs_reader_poll(&c->in, &req, &h, &payload);
        if (rc < 0)
            c->cut_off = true;
        if (rc <= 0)
            break;
        answer(s, c, &h, payload);
        xs_reader_next(&c->in);
    }
    for (unsigned i = 0; i < XS_CONN_BUDGET && !c->cut_off && flush(c); i++) {
        if (!next_event(s, c))
            break;
    }
    flush(c);
    return !c->cut_off &&
           (req_cons != c->intf->req_cons || rsp_prod != c->intf->rsp_prod);
}

bool xs_conn_busy(const struct xs_conn *c)
{
    const struct xs_ring req = xs_ring_req(c->intf);

    /* A reply waiting for room waits for the guest's event, not dom0. */
    if (c->cut_off || c->out_done != c->out_len)
        return false;
    return xs_ring_used(&req) > 0;
}

/* ---- The toolstack's keys ----------------------------------------------- */

/* Its home's nodes: dom0's, readable by the domain. */
static const char *home_perms(struct xs_store *s, const char *path,
                              uint16_t domid, char rights)
{
    char perms[2 * sizeof("n65535")];
    int a = snprintf(perms, sizeof(perms), "n%u", XS_DOMID_PRIV);
    int b = snprintf(perms + a + 1, sizeof(perms) - (size_t)a - 1, "%c%u",
                     rights, domid);

    return xs_set_perms(s, XS_DOMID_PRIV, 0, path, perms, (uint32_t)(a + b + 2),
                        &discarded);
}

static const char *put(struct xs_store *s, const char *home, const char *key,
                       const char *value, uint16_t domid, char rights)
{
    char path[XS_ABS_PATH_MAX];
    const char *err;

    snprintf(path, sizeof(path), "%s%s%s", home, key[0] ? "/" : "", key);
    err = xs_write(s, XS_DOMID_PRIV, 0, path, value, (uint32_t)strlen(value),
                   &discarded);
    return err ? err : home_perms(s, path, domid, rights);
}

/* Decimal numbers of a domain's keys. */
#define NUM_MAX 24

struct key {
    const char *key, *value;
    char rights; /* the domain's: r to read, b to read and write (data/) */
};

const char *xs_conn_write_keys(struct xs_store *s,
                               const struct xs_domain_keys *k)
{
    char home[XS_ABS_PATH_MAX], domid[NUM_MAX], target[NUM_MAX], port[NUM_MAX],
        ring_ref[NUM_MAX];
    const struct key keys[] = {
        {"", "", 'r'},
        {"domid", domid, 'r'},
        {"name", k->name, 'r'},
        {"memory", "", 'r'},
        {"memory/target", target, 'r'},
        {"store", "", 'r'},
        {"store/port", port, 'r'},
        {"store/ring-ref", ring_ref, 'r'},
        {"data", "", 'b'},
    };
    const char *err = NULL;

    snprintf(home, sizeof(home), "/local/domain/%u", k->domid);
    snprintf(domid, sizeof(domid), "%u", k->domid);
    snprintf(target, sizeof(target), "%llu", (unsigned long long)k->target_kib);
    snprintf(port, sizeof(port), "%u", k->store_port);
    snprintf(ring_ref, sizeof(ring_ref), "%llu",
             (unsigned long long)k->store_mfn);
    for (unsigned i = 0; !err && i < sizeof(keys) / sizeof(keys[0]); i++)
        err =
            put(s, home, keys[i].key, keys[i].value, k->domid, keys[i].rights);
    return err;
}

const char *xs_conn_remove_keys(struct xs_store *s, uint16_t domid)
{
    char home[XS_ABS_PATH_MAX];

    snprintf(home, sizeof(home), "/local/domain/%u", domid);
    return xs_rm(s, XS_DOMID_PRIV, 0, home, &discarded);
}
