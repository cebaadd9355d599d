/*
 * The xenstore's domains: each introduced domain is one connection, with
 * its watches, transactions, queued events and the count of nodes it owns
 * (its quota). dom0 is connected from the start; the toolstack introduces
 * and releases the others. Releasing a domain frees all it held, and the
 * nodes it still owned pass to dom0, so that a later domain given the
 * same id inherits nothing.
 */
#include "xs_internal.h"

#include <lib/string.h>

struct xs_domain *xs_domain_find(const struct xs_store *s, uint16_t domid)
{
    for (struct xs_domain *d = s->domains; d; d = d->next)
        if (d->domid == domid)
            return d;
    return NULL;
}

void xs_domain_charge(struct xs_store *s, uint16_t owner, int nodes)
{
    struct xs_domain *d = xs_domain_find(s, owner);

    if (d)
        d->nodes = (unsigned)((int)d->nodes + nodes);
}

unsigned xs_domain_nodes(const struct xs_store *s, uint16_t domid)
{
    const struct xs_domain *d = xs_domain_find(s, domid);

    return d ? d->nodes : 0;
}

static struct xs_domain *domain_add(struct xs_store *s, uint16_t domid)
{
    struct xs_domain *d = xs_alloc(s, sizeof(*d));
    struct xs_domain **link = &s->domains;

    if (!d)
        return NULL;
    memset(d, 0, sizeof(*d));
    d->domid = domid;
    d->events_tail = &d->events;
    d->nodes = s->root ? xs_tree_count_owned(s->root, domid) : 0;
    while (*link)
        link = &(*link)->next;
    *link = d;
    return d;
}

static void domain_free(struct xs_store *s, struct xs_domain *d)
{
    xs_txn_free_all(s, d);
    xs_watch_free_all(s, d);
    xs_free(s, d);
}

const char *xs_store_init(struct xs_store *s, const struct xs_allocator *mem)
{
    memset(s, 0, sizeof(*s));
    s->mem = *mem;
    s->root = xs_node_new(s, NULL, "", 0);
    if (!s->root)
        return XS_ENOMEM;
    s->root->perms = xs_alloc(s, sizeof(struct xs_perm));
    if (s->root->perms) {
        s->root->perms[0] = (struct xs_perm){XS_DOMID_PRIV, XS_PERM_NONE};
        s->root->nperms = 1;
        s->root->generation = ++s->generation;
    }
    if (!s->root->perms || !domain_add(s, XS_DOMID_PRIV)) {
        xs_node_free(s, s->root);
        s->root = NULL;
        return XS_ENOMEM;
    }
    return NULL;
}

void xs_store_fini(struct xs_store *s)
{
    while (s->domains) {
        struct xs_domain *d = s->domains;

        s->domains = d->next;
        domain_free(s, d);
    }
    xs_node_free(s, s->root);
    s->root = NULL;
}

const char *xs_introduce(struct xs_store *s, uint16_t caller, uint16_t domid,
                         struct xs_reply *r)
{
    if (caller != XS_DOMID_PRIV)
        return XS_EACCES;
    if (!xs_domain_find(s, domid)) {
        if (!domain_add(s, domid))
            return XS_ENOMEM;
        xs_watch_fire_special(s, "@introduceDomain");
    }
    return xs_reply_ok(r);
}

/* Gives domid's nodes to dom0 and drops the entries that name it. */
static unsigned disown(struct xs_node *root, uint16_t domid)
{
    unsigned moved = 0;

    for (struct xs_node *n = root; n; n = xs_tree_next(n, root)) {
        uint32_t kept = 1;

        if (n->perms[0].domid == domid) {
            n->perms[0].domid = XS_DOMID_PRIV;
            moved++;
        }
        for (uint32_t i = 1; i < n->nperms; i++)
            if (n->perms[i].domid != domid)
                n->perms[kept++] = n->perms[i];
        n->nperms = kept;
    }
    return moved;
}

const char *xs_release(struct xs_store *s, uint16_t caller, uint16_t domid,
                       struct xs_reply *r)
{
    struct xs_domain *d = xs_domain_find(s, domid);
    struct xs_domain **link = &s->domains;

    if (caller != XS_DOMID_PRIV)
        return XS_EACCES;
    if (domid == XS_DOMID_PRIV)
        return XS_EINVAL;
    if (!d)
        return XS_ENOENT;
    while (*link != d)
        link = &(*link)->next;
    *link = d->next;
    domain_free(s, d);
    xs_domain_charge(s, XS_DOMID_PRIV, (int)disown(s->root, domid));
    xs_watch_fire_special(s, "@releaseDomain");
    return xs_reply_ok(r);
}

const char *xs_get_domain_path(struct xs_store *s, uint16_t caller,
                               uint16_t domid, struct xs_reply *r)
{
    int n = xs_path_home(domid, r->data, XS_PAYLOAD_MAX);

    (void)s;
    (void)caller;
    r->len = (uint32_t)n + 1;
    return NULL;
}
