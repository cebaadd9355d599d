/*
 * xenstore watches. A domain's watch (path, token) hears of every change
 * to the path or below it, once the domain may read the changed node; a
 * relative watch hears relative paths. The special watches
 * @introduceDomain and @releaseDomain tell dom0 of domains coming and
 * going. Events wait in a bounded queue per domain until the ring layer
 * takes them (xs_event_pop); past the bound they are counted and dropped,
 * so a guest that never reads its ring cannot grow dom0's memory.
 */
#include "xs_internal.h"

#include <lib/string.h>

static void queue_event(struct xs_store *s, struct xs_domain *d,
                        const char *path, const char *token)
{
    size_t plen = strlen(path) + 1, tlen = strlen(token) + 1;
    struct xs_event *e;

    if (d->nevents >= XS_QUOTA_EVENTS || plen + tlen > XS_PAYLOAD_MAX) {
        d->dropped++;
        return;
    }
    e = xs_alloc(s, sizeof(*e));
    if (e)
        e->payload = xs_alloc(s, plen + tlen);
    if (!e || !e->payload) {
        xs_free(s, e);
        d->dropped++;
        return;
    }
    memcpy(e->payload, path, plen);
    memcpy(e->payload + plen, token, tlen);
    e->len = (uint32_t)(plen + tlen);
    e->next = NULL;
    *d->events_tail = e;
    d->events_tail = &e->next;
    d->nevents++;
}

/* The event's path as the watch's owner asked for it. */
static const char *event_path(const struct xs_domain *d,
                              const struct xs_watch *w, const char *path)
{
    char home[XS_ABS_PATH_MAX + 1];
    int n = xs_path_home(d->domid, home, sizeof(home));

    if (w->relative && xs_path_within(path, home) && path[n] == '/')
        return path + n + 1;
    return path;
}

/*
 * Whether domid may hear of a change to n: as in xenstored, when it may
 * read the node, its parent, or the node as it was before the change.
 */
static bool may_hear(const struct xs_node *n, const struct xs_perm *old,
                     uint32_t nold, uint16_t domid)
{
    if (xs_perms_allow(n, domid, XS_PERM_READ))
        return true;
    if (n->parent && xs_perms_allow(n->parent, domid, XS_PERM_READ))
        return true;
    if (old) {
        struct xs_node before = {.perms = (struct xs_perm *)old,
                                 .nperms = nold};

        return xs_perms_allow(&before, domid, XS_PERM_READ);
    }
    return false;
}

void xs_watch_fire(struct xs_store *s, const char *path,
                   const struct xs_node *n, const struct xs_perm *old,
                   uint32_t nold, bool exact)
{
    for (struct xs_domain *d = s->domains; d; d = d->next) {
        if (!may_hear(n, old, nold, d->domid))
            continue;
        for (struct xs_watch *w = d->watches; w; w = w->next) {
            bool hit = exact ? strcmp(w->path, path) == 0
                             : xs_path_within(path, w->path);

            if (hit)
                queue_event(s, d, event_path(d, w, path), w->token);
        }
    }
}

void xs_watch_fire_special(struct xs_store *s, const char *name)
{
    struct xs_domain *d = xs_domain_find(s, XS_DOMID_PRIV);

    for (struct xs_watch *w = d->watches; w; w = w->next)
        if (strcmp(w->path, name) == 0)
            queue_event(s, d, name, w->token);
}

static struct xs_watch **find_watch(struct xs_domain *d, const char *path,
                                    const char *token)
{
    struct xs_watch **link = &d->watches;

    while (*link && (strcmp((*link)->path, path) != 0 ||
                     strcmp((*link)->token, token) != 0))
        link = &(*link)->next;
    return link;
}

static void watch_free(struct xs_store *s, struct xs_watch *w)
{
    xs_free(s, w->path);
    xs_free(s, w->token);
    xs_free(s, w);
}

static const char *watch_path(uint16_t domid, const char *path, char *buf)
{
    /* Any "@" name may be watched; only the two special ones fire. */
    if (path[0] == '@')
        return strlen(path) <= XS_REL_PATH_MAX ? path : NULL;
    return xs_path_canonical(domid, path, buf);
}

static const char *watch_add(struct xs_store *s, struct xs_domain *d,
                             const char *abs, const char *token, bool relative)
{
    struct xs_watch *w = xs_alloc(s, sizeof(*w));

    if (!w)
        return XS_ENOMEM;
    w->path = xs_strdup(s, abs);
    w->token = xs_strdup(s, token);
    if (!w->path || !w->token) {
        watch_free(s, w);
        return XS_ENOMEM;
    }
    w->relative = relative;
    w->next = d->watches;
    d->watches = w;
    d->nwatches++;
    return NULL;
}

const char *xs_watch(struct xs_store *s, uint16_t domid, const char *path,
                     const char *token, struct xs_reply *r)
{
    struct xs_domain *d = xs_domain_find(s, domid);
    char buf[XS_ABS_PATH_MAX + 1];
    const char *abs = watch_path(domid, path, buf);
    const char *err;

    if (!d || !abs)
        return XS_EINVAL;
    if (*find_watch(d, abs, token))
        return XS_EEXIST;
    if (domid != XS_DOMID_PRIV && d->nwatches > XS_QUOTA_WATCHES)
        return XS_E2BIG;
    err = watch_add(s, d, abs, token, path[0] != '/' && path[0] != '@');
    if (err)
        return err;
    /* As xenstored does, a new watch fires once at once. */
    queue_event(s, d, path, token);
    return xs_reply_ok(r);
}

const char *xs_unwatch(struct xs_store *s, uint16_t domid, const char *path,
                       const char *token, struct xs_reply *r)
{
    struct xs_domain *d = xs_domain_find(s, domid);
    char buf[XS_ABS_PATH_MAX + 1];
    const char *abs = watch_path(domid, path, buf);
    struct xs_watch **link, *w;

    if (!d || !abs)
        return XS_EINVAL;
    link = find_watch(d, abs, token);
    if (!*link)
        return XS_ENOENT;
    w = *link;
    *link = w->next;
    d->nwatches--;
    watch_free(s, w);
    return xs_reply_ok(r);
}

bool xs_event_pop(struct xs_store *s, uint16_t domid, struct xs_reply *r)
{
    struct xs_domain *d = xs_domain_find(s, domid);
    struct xs_event *e = d ? d->events : NULL;

    if (!e)
        return false;
    d->events = e->next;
    if (!d->events)
        d->events_tail = &d->events;
    d->nevents--;
    memcpy(r->data, e->payload, e->len);
    r->len = e->len;
    xs_free(s, e->payload);
    xs_free(s, e);
    return true;
}

unsigned xs_events_dropped(const struct xs_store *s, uint16_t domid)
{
    const struct xs_domain *d = xs_domain_find(s, domid);

    return d ? d->dropped : 0;
}

void xs_watch_free_all(struct xs_store *s, struct xs_domain *d)
{
    while (d->events) {
        struct xs_event *e = d->events;

        d->events = e->next;
        xs_free(s, e->payload);
        xs_free(s, e);
    }
    d->events_tail = &d->events;
    d->nevents = 0;
    while (d->watches) {
        struct xs_watch *w = d->watches;

        d->watches = w->next;
        watch_free(s, w);
    }
    d->nwatches = 0;
}
