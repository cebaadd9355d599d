/*
 * xenstore transactions. Starting one copies the committed tree; the
 * transaction's requests run on that snapshot, recording the generation
 * of every node they touch (0 for one that did not exist) and logging
 * every change. Commit first compares each recorded generation with the
 * committed tree's: any difference, and the commit fails with EAGAIN, as
 * xenstored's does. Otherwise the logged changes are replayed on a copy of
 * the committed tree, where they meet the same nodes they met in the
 * snapshot; the copy becomes the committed tree, and the watches fire.
 */
#include "xs_internal.h"

#include <lib/format.h>
#include <lib/string.h>

struct xs_txn *xs_txn_find(struct xs_domain *d, uint32_t id)
{
    for (struct xs_txn *t = d->txns; t; t = t->next)
        if (t->id == id)
            return t;
    return NULL;
}

static bool recorded(const struct xs_txn *t, const char *path)
{
    for (const struct xs_access *a = t->accessed; a; a = a->next)
        if (strcmp(a->path, path) == 0)
            return true;
    return false;
}

/* Notes path's generation before the transaction first touches it. */
const char *xs_txn_record(struct xs_ctx *c, const char *path)
{
    struct xs_txn *t = c->txn;
    struct xs_access *a;
    const struct xs_node *n;

    if (!t || recorded(t, path))
        return NULL;
    if (c->dom->domid != XS_DOMID_PRIV && t->naccessed >= XS_QUOTA_TXN_NODES)
        return XS_ENOSPC;
    a = xs_alloc(c->s, sizeof(*a));
    if (!a)
        return XS_ENOMEM;
    a->path = xs_strdup(c->s, path);
    if (!a->path) {
        xs_free(c->s, a);
        return XS_ENOMEM;
    }
    n = xs_tree_lookup(t->root, path);
    a->generation = n ? n->generation : 0;
    a->next = t->accessed;
    t->accessed = a;
    t->naccessed++;
    return NULL;
}

const char *xs_txn_log(struct xs_ctx *c, enum xs_change_kind kind,
                       const char *path, const void *value, uint32_t len)
{
    struct xs_change *ch;

    if (!c->txn)
        return NULL;
    ch = xs_alloc(c->s, sizeof(*ch));
    if (!ch)
        return XS_ENOMEM;
    memset(ch, 0, sizeof(*ch));
    ch->path = xs_strdup(c->s, path);
    ch->value = len ? xs_alloc(c->s, len) : NULL;
    if (!ch->path || (len && !ch->value)) {
        xs_free(c->s, ch->path);
        xs_free(c->s, ch->value);
        xs_free(c->s, ch);
        return XS_ENOMEM;
    }
    memcpy(ch->value, value, len);
    ch->kind = kind;
    ch->len = len;
    *c->txn->changes_tail = ch;
    c->txn->changes_tail = &ch->next;
    return NULL;
}

static void txn_free(struct xs_store *s, struct xs_txn *t)
{
    while (t->accessed) {
        struct xs_access *a = t->accessed;

        t->accessed = a->next;
        xs_free(s, a->path);
        xs_free(s, a);
    }
    while (t->changes) {
        struct xs_change *ch = t->changes;

        t->changes = ch->next;
        xs_free(s, ch->path);
        xs_free(s, ch->value);
        xs_free(s, ch);
    }
    if (t->root)
        xs_node_free(s, t->root);
    xs_free(s, t);
}

static void txn_remove(struct xs_store *s, struct xs_domain *d,
                       struct xs_txn *t)
{
    struct xs_txn **link = &d->txns;

    while (*link != t)
        link = &(*link)->next;
    *link = t->next;
    d->ntxns--;
    txn_free(s, t);
}

void xs_txn_free_all(struct xs_store *s, struct xs_domain *d)
{
    while (d->txns)
        txn_remove(s, d, d->txns);
}

static uint32_t new_id(struct xs_domain *d)
{
    do {
        d->next_tx_id++;
    } while (d->next_tx_id == 0 || xs_txn_find(d, d->next_tx_id));
    return d->next_tx_id;
}

const char *xs_transaction_start(struct xs_store *s, uint16_t domid,
                                 uint32_t tx_id, struct xs_reply *r)
{
    struct xs_domain *d = xs_domain_find(s, domid);
    struct xs_txn *t;

    if (!d)
        return XS_EINVAL;
    if (tx_id)
        return xs_txn_find(d, tx_id) ? XS_EBUSY : XS_ENOENT;
    if (domid != XS_DOMID_PRIV && d->ntxns > XS_QUOTA_TRANSACTIONS)
        return XS_ENOSPC;
    t = xs_alloc(s, sizeof(*t));
    if (!t)
        return XS_ENOMEM;
    memset(t, 0, sizeof(*t));
    t->changes_tail = &t->changes;
    t->root = xs_tree_copy(s, s->root);
    if (!t->root) {
        xs_free(s, t);
        return XS_ENOMEM;
    }
    t->id = new_id(d);
    t->next = d->txns;
    d->txns = t;
    d->ntxns++;
    r->len = (uint32_t)snprintf(r->data, XS_PAYLOAD_MAX, "%u", t->id) + 1;
    return NULL;
}

/* Whether every node the transaction touched is as it was at its start. */
static bool unchanged(const struct xs_store *s, const struct xs_txn *t)
{
    for (const struct xs_access *a = t->accessed; a; a = a->next) {
        const struct xs_node *n = xs_tree_lookup(s->root, a->path);

        if ((n ? n->generation : 0) != a->generation)
            return false;
    }
    return true;
}

static const char *replay(struct xs_ctx *c, const struct xs_change *ch)
{
    switch (ch->kind) {
    case XS_CHANGE_WRITE:
        return xs_op_write(c, ch->path, ch->value, ch->len, false);
    case XS_CHANGE_MKDIR:
        return xs_op_write(c, ch->path, NULL, 0, true);
    case XS_CHANGE_RM:
        return xs_op_rm(c, ch->path);
    case XS_CHANGE_PERMS:
        return xs_op_set_perms(c, ch->path, (const void *)ch->value,
                               ch->len / (uint32_t)sizeof(struct xs_perm));
    }
    return XS_EINVAL;
}

/* Tells the watches of one replayed change, once the commit is done. */
static void fire_change(struct xs_store *s, const struct xs_change *ch,
                        struct xs_node *old_root)
{
    const struct xs_node *old = xs_tree_lookup(old_root, ch->path);
    const struct xs_node *n = xs_tree_lookup(s->root, ch->path);
    char buf[XS_ABS_PATH_MAX + 1];

    if (ch->kind != XS_CHANGE_RM) {
        if (n)
            xs_watch_fire(s, ch->path, n, old ? old->perms : NULL,
                          old ? old->nperms : 0, false);
        return;
    }
    if (!old)
        return;
    xs_watch_fire(s, ch->path, old, NULL, 0, false);
    for (const struct xs_node *k = xs_tree_next(old, old); k;
         k = xs_tree_next(k, old))
        if (xs_node_path(k, buf, sizeof(buf)) >= 0)
            xs_watch_fire(s, buf, k, NULL, 0, true);
}

static void recount(struct xs_store *s)
{
    for (struct xs_domain *d = s->domains; d; d = d->next)
        d->nodes = xs_tree_count_owned(s->root, d->domid);
}

/*
 * Replays the log on a copy of the committed tree, so that running out of
 * memory part-way changes nothing; the copy then replaces the tree, and
 * the watches hear of each change.
 */
static const char *commit(struct xs_store *s, struct xs_domain *d,
                          struct xs_txn *t)
{
    struct xs_ctx c = {.s = s, .dom = d};
    struct xs_node *old = s->root;
    const char *err = NULL;

    if (!unchanged(s, t))
        return XS_EAGAIN;
    if (d->domid != XS_DOMID_PRIV && t->node_delta > 0 &&
        d->nodes + (unsigned)t->node_delta >= XS_QUOTA_NODES)
        return XS_ENOSPC;
    c.root = xs_tree_copy(s, s->root);
    if (!c.root)
        return XS_ENOMEM;
    for (const struct xs_change *ch = t->changes; ch && !err; ch = ch->next)
        err = replay(&c, ch);
    if (err) {
        xs_node_free(s, c.root);
        return err;
    }
    s->root = c.root;
    for (const struct xs_change *ch = t->changes; ch; ch = ch->next)
        fire_change(s, ch, old);
    xs_node_free(s, old);
    recount(s);
    return NULL;
}

const char *xs_transaction_end(struct xs_store *s, uint16_t domid,
                               uint32_t tx_id, const char *arg,
                               struct xs_reply *r)
{
    struct xs_domain *d = xs_domain_find(s, domid);
    struct xs_txn *t = d ? xs_txn_find(d, tx_id) : NULL;
    const char *err = NULL;

    if (!d || (strcmp(arg, "T") != 0 && strcmp(arg, "F") != 0))
        return XS_EINVAL;
    if (!t)
        return XS_ENOENT;
    if (arg[0] == 'T')
        err = commit(s, d, t);
    txn_remove(s, d, t);
    return err ? err : xs_reply_ok(r);
}
