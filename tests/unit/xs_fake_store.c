/*
 * The in-memory xenstore of the host tests (xs_fake_store.h).
 */
#include "xs_fake_store.h"

#include <stdio.h>
#include <string.h>

void fake_store_init(struct fake_store *s,
                     struct xenstore_domain_interface *intf)
{
    memset(s, 0, sizeof(*s));
    memset(intf, 0, sizeof(*intf));
    s->intf = intf;
    s->next_tx = 1;
}

static void reply(struct fake_store *s, const struct xsd_sockmsg *req,
                  uint32_t type, const void *data, size_t len)
{
    struct xs_out_msg out = {.type = type,
                             .req_id = req ? req->req_id : 0,
                             .tx_id = req ? req->tx_id : 0,
                             .data = data,
                             .data_len = len};
    char msg[XS_MSG_MAX];
    struct xs_ring rsp = xs_ring_rsp(s->intf);
    int n = xs_encode(&out, msg, sizeof(msg));

    if (n < 0 || xs_ring_write(&rsp, msg, (size_t)n) != n)
        s->broken = -XEN_ENOSPC;
}

static void reply_error(struct fake_store *s, const struct xsd_sockmsg *req,
                        int err)
{
    const char *name = xs_error_name(err);

    reply(s, req, XS_ERROR, name, strlen(name) + 1);
}

static void reply_ok(struct fake_store *s, const struct xsd_sockmsg *req)
{
    reply(s, req, req->type, "OK", 3);
}

static struct fake_node *find(struct fake_store *s, const char *path)
{
    for (int i = 0; i < FAKE_NODES; i++)
        if (s->nodes[i].used && !strcmp(s->nodes[i].path, path))
            return &s->nodes[i];
    return NULL;
}

/* Whether path is watched through wpath: equal, or below it. */
static bool under(const char *path, const char *wpath)
{
    size_t n = strlen(wpath);

    return !strncmp(path, wpath, n) && (path[n] == '\0' || path[n] == '/');
}

static void fire_one(struct fake_store *s, const char *path, const char *token)
{
    char payload[2 * FAKE_STR];
    size_t lp = strlen(path) + 1, lt = strlen(token) + 1;

    memcpy(payload, path, lp);
    memcpy(payload + lp, token, lt);
    reply(s, NULL, XS_WATCH_EVENT, payload, lp + lt);
}

void fake_store_fire(struct fake_store *s, const char *path)
{
    for (int i = 0; i < FAKE_WATCHES; i++)
        if (s->watches[i].used && under(path, s->watches[i].path))
            fire_one(s, path, s->watches[i].token);
}

static int set_node(struct fake_store *s, const char *path, const char *v,
                    uint32_t len)
{
    struct fake_node *n = find(s, path);

    if (len >= FAKE_STR || strlen(path) >= FAKE_STR)
        return -XEN_E2BIG;
    for (int i = 0; !n && i < FAKE_NODES; i++)
        if (!s->nodes[i].used)
            n = &s->nodes[i];
    if (!n)
        return -XEN_ENOSPC;
    n->used = true;
    strcpy(n->path, path);
    memcpy(n->value, v, len);
    n->len = len;
    fake_store_fire(s, path);
    return 0;
}

static void do_read(struct fake_store *s, const struct xsd_sockmsg *h,
                    const char *path)
{
    struct fake_node *n = find(s, path);

    if (!n)
        reply_error(s, h, XEN_ENOENT);
    else
        reply(s, h, XS_READ, n->value, n->len);
}

static void do_directory(struct fake_store *s, const struct xsd_sockmsg *h,
                         const char *path)
{
    char out[XENSTORE_PAYLOAD_MAX];
    size_t len = 0, plen = strlen(path);

    if (!find(s, path)) {
        reply_error(s, h, XEN_ENOENT);
        return;
    }
    for (int i = 0; i < FAKE_NODES; i++) {
        const char *p = s->nodes[i].path;

        if (!s->nodes[i].used || strncmp(p, path, plen) || p[plen] != '/' ||
            strchr(p + plen + 1, '/'))
            continue;
        strcpy(out + len, p + plen + 1);
        len += strlen(p + plen + 1) + 1;
    }
    reply(s, h, XS_DIRECTORY, out, len);
}

static void do_rm(struct fake_store *s, const struct xsd_sockmsg *h,
                  const char *path)
{
    bool found = false;

    for (int i = 0; i < FAKE_NODES; i++)
        if (s->nodes[i].used && under(s->nodes[i].path, path)) {
            s->nodes[i].used = false;
            found = true;
        }
    if (!found) {
        reply_error(s, h, XEN_ENOENT);
        return;
    }
    reply_ok(s, h);
    fake_store_fire(s, path);
}

static void do_watch(struct fake_store *s, const struct xsd_sockmsg *h,
                     const char *const *argv, bool add)
{
    for (int i = 0; i < FAKE_WATCHES; i++) {
        struct fake_watch *w = &s->watches[i];
        bool same =
            w->used && !strcmp(w->path, argv[0]) && !strcmp(w->token, argv[1]);

        if (!add && same) {
            w->used = false;
            reply_ok(s, h);
            return;
        }
        if (add && !w->used) {
            w->used = true;
            snprintf(w->path, FAKE_STR, "%s", argv[0]);
            snprintf(w->token, FAKE_STR, "%s", argv[1]);
            reply_ok(s, h);
            fire_one(s, w->path, w->token); /* as Xen: one at once */
            return;
        }
    }
    reply_error(s, h, add ? XEN_ENOSPC : XEN_ENOENT);
}

static void do_write(struct fake_store *s, const struct xsd_sockmsg *h,
                     const char *payload)
{
    const char *path, *value;
    uint32_t len;
    int rc;

    xs_split_path_value(payload, h->len, &path, &value, &len);
    rc = set_node(s, path, value, len);
    if (rc)
        reply_error(s, h, -rc);
    else
        reply_ok(s, h);
}

static void do_transaction(struct fake_store *s, const struct xsd_sockmsg *h)
{
    char id[16];

    if (h->type == XS_TRANSACTION_START) {
        snprintf(id, sizeof(id), "%u", s->next_tx++);
        reply(s, h, h->type, id, strlen(id) + 1);
    } else if (s->end_error) {
        reply_error(s, h, s->end_error);
    } else {
        reply_ok(s, h);
    }
}

static void serve_one(struct fake_store *s, const struct xsd_sockmsg *h,
                      const char *payload)
{
    const char *argv[3] = {"", "", ""};
    unsigned int n;
    int rc = xs_check_request(h, payload);

    s->requests++;
    if (rc) {
        reply_error(s, h, -rc);
        return;
    }
    if (h->type != XS_WRITE)
        xs_split_args(payload, h->len, argv, 3, &n);
    switch (h->type) {
    case XS_READ:
        return do_read(s, h, argv[0]);
    case XS_WRITE:
        return do_write(s, h, payload);
    case XS_MKDIR:
        rc = find(s, argv[0]) ? 0 : set_node(s, argv[0], "", 0);
        return rc ? reply_error(s, h, -rc) : reply_ok(s, h);
    case XS_RM:
        return do_rm(s, h, argv[0]);
    case XS_DIRECTORY:
        return do_directory(s, h, argv[0]);
    case XS_WATCH:
    case XS_UNWATCH:
        return do_watch(s, h, argv, h->type == XS_WATCH);
    case XS_TRANSACTION_START:
    case XS_TRANSACTION_END:
        return do_transaction(s, h);
    default:
        return reply_error(s, h, XEN_ENOSYS);
    }
}

void fake_store_serve(struct fake_store *s)
{
    struct xs_ring req = xs_ring_req(s->intf);
    struct xsd_sockmsg h;
    const char *payload;
    int rc;

    while ((rc = xs_reader_poll(&s->reader, &req, &h, &payload)) == 1) {
        serve_one(s, &h, payload);
        xs_reader_next(&s->reader);
    }
    if (rc < 0)
        s->broken = rc;
}
