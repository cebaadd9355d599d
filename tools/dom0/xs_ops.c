/*
 * The xenstore's node requests: read, write, mkdir, rm, directory and the
 * permissions, on the committed tree or on a transaction's snapshot. Each
 * checks the path and the caller's rights and quotas, then allocates what
 * it needs, and only then changes the tree, so that a refused or failed
 * request leaves everything as it was.
 */
#include "xs_internal.h"

#include <lib/string.h>

#define PERMS_MAX 64 /* entries dom0 may give one node */

struct pending {
    struct xs_node *top;  /* the first missing node, not yet linked */
    struct xs_node *leaf; /* the node the request names */
    unsigned count;       /* nodes in the chain */
};

const char *xs_reply_bytes(struct xs_reply *r, const void *p, uint32_t len)
{
    if (len > XS_PAYLOAD_MAX)
        return XS_E2BIG;
    memcpy(r->data, p, len);
    r->len = len;
    return NULL;
}

const char *xs_reply_ok(struct xs_reply *r)
{
    return xs_reply_bytes(r, "OK", sizeof("OK"));
}

static bool is_enoent(const char *err)
{
    return strcmp(err, XS_ENOENT) == 0;
}

static bool is_priv(const struct xs_ctx *c)
{
    return c->dom->domid == XS_DOMID_PRIV;
}

static const char *ctx_open(struct xs_ctx *c, struct xs_store *s,
                            uint16_t domid, uint32_t tx_id)
{
    c->s = s;
    c->dom = xs_domain_find(s, domid);
    if (!c->dom)
        return XS_EINVAL;
    c->txn = tx_id ? xs_txn_find(c->dom, tx_id) : NULL;
    if (tx_id && !c->txn)
        return XS_ENOENT;
    c->root = c->txn ? c->txn->root : s->root;
    c->fire = c->txn == NULL;
    return NULL;
}

/*
 * The node at path if the caller has the rights it wants; otherwise why
 * not, telling ENOENT from EACCES only to a caller who may see the nearest
 * existing ancestor, as xenstored does.
 */
static const char *get_node(struct xs_ctx *c, const char *path, unsigned want,
                            struct xs_node **out)
{
    const char *err = xs_txn_record(c, path);

    *out = xs_tree_lookup(c->root, path);
    if (err)
        return err;
    if (*out)
        return xs_perms_allow(*out, c->dom->domid, want) ? NULL : XS_EACCES;
    if (!xs_perms_allow(xs_tree_nearest(c->root, path), c->dom->domid, want))
        return XS_EACCES;
    return XS_ENOENT;
}

static uint64_t next_generation(struct xs_ctx *c)
{
    return ++c->s->generation;
}

/*
 * Charges owner for nodes of the committed tree, or the transaction its
 * caller's; a commit's working copy is counted again once it is swapped in.
 */
static void charge(struct xs_ctx *c, uint16_t owner, int nodes)
{
    if (c->txn) {
        if (owner == c->dom->domid)
            c->txn->node_delta += nodes;
    } else if (c->root == c->s->root) {
        xs_domain_charge(c->s, owner, nodes);
    }
}

static unsigned owned_nodes(const struct xs_ctx *c)
{
    int delta = c->txn ? c->txn->node_delta : 0;

    return (unsigned)((int)c->dom->nodes + delta);
}

/*
 * The missing components below ancestor, each recorded by a transaction
 * with the ancestor, whose children change: as on xenstored, a sibling
 * made or the ancestor removed meanwhile makes the commit fail.
 */
static const char *check_missing(struct xs_ctx *c, const char *path,
                                 const struct xs_node *ancestor,
                                 unsigned *count)
{
    char buf[XS_ABS_PATH_MAX + 1];
    int len = xs_node_path(ancestor, buf, sizeof(buf));
    const char *p = path + (len == 1 ? 1 : len + 1);
    const char *err = xs_txn_record(c, buf);

    *count = 0;
    while (*p && !err) {
        const char *end = strchr(p, '/');

        p = end ? end + 1 : p + strlen(p);
        memcpy(buf, path, (size_t)(p - path));
        buf[p - path - (end ? 1 : 0)] = '\0';
        err = xs_txn_record(c, buf);
        (*count)++;
    }
    return err;
}

static void free_chain(struct xs_store *s, struct xs_node *top)
{
    if (top)
        xs_node_free(s, top);
}

/* Allocates the missing nodes below ancestor, with its perms; unlinked. */
static const char *build_chain(struct xs_ctx *c, const char *path,
                               const struct xs_node *ancestor,
                               struct pending *pd)
{
    char buf[XS_ABS_PATH_MAX + 1];
    int len = xs_node_path(ancestor, buf, sizeof(buf));
    const char *p = path + (len == 1 ? 1 : len + 1);
    struct xs_node *parent = NULL;

    while (*p) {
        size_t n = strchr(p, '/') ? (size_t)(strchr(p, '/') - p) : strlen(p);
        struct xs_node *node = xs_node_new(c->s, parent, p, n);

        if (!node)
            goto nomem;
        if (!parent)
            pd->top = node;
        node->nperms = ancestor->nperms;
        node->perms = xs_alloc(c->s, ancestor->nperms * sizeof(struct xs_perm));
        if (!node->perms)
            goto nomem;
        memcpy(node->perms, ancestor->perms,
               ancestor->nperms * sizeof(struct xs_perm));
        if (!is_priv(c))
            node->perms[0].domid = c->dom->domid;
        parent = node;
        p += n + (p[n] ? 1 : 0);
    }
    pd->leaf = parent;
    return NULL;
nomem:
    free_chain(c->s, pd->top);
    pd->top = NULL;
    return XS_ENOMEM;
}

static void link_chain(struct xs_ctx *c, struct xs_node *ancestor,
                       struct pending *pd)
{
    struct xs_node **link = &ancestor->children;

    while (*link)
        link = &(*link)->next;
    *link = pd->top;
    pd->top->parent = ancestor;
    ancestor->generation = next_generation(c);
    for (struct xs_node *n = pd->top; n; n = n->children) {
        n->generation = next_generation(c);
        charge(c, n->perms[0].domid, 1);
    }
}

static const char *check_create(struct xs_ctx *c, const char *path,
                                struct xs_node *ancestor, unsigned *count)
{
    const char *err = check_missing(c, path, ancestor, count);

    if (err || is_priv(c))
        return err;
    return owned_nodes(c) + *count > XS_QUOTA_NODES ? XS_ENOSPC : NULL;
}

/* Whether the ancestor and every node of the chain stay within quota. */
static bool chain_fits(const struct xs_ctx *c, const struct xs_node *ancestor,
                       const struct pending *pd, uint32_t len)
{
    if (is_priv(c))
        return true;
    if (!xs_entry_fits(ancestor->nperms, ancestor->value_len,
                       xs_children_len(ancestor) +
                           (uint32_t)strlen(pd->top->name) + 1))
        return false;
    for (const struct xs_node *n = pd->top; n; n = n->children)
        if (!xs_entry_fits(n->nperms, n->children ? 0 : len,
                           xs_children_len(n)))
            return false;
    return true;
}

static const char *copy_value(struct xs_ctx *c, const void *value, uint32_t len,
                              uint8_t **out)
{
    *out = NULL;
    if (len == 0)
        return NULL;
    *out = xs_alloc(c->s, len);
    if (!*out)
        return XS_ENOMEM;
    memcpy(*out, value, len);
    return NULL;
}

static void set_value(struct xs_ctx *c, struct xs_node *n, uint8_t *value,
                      uint32_t len)
{
    xs_free(c->s, n->value);
    n->value = value;
    n->value_len = len;
    n->generation = next_generation(c);
}

static const char *create(struct xs_ctx *c, const char *path, const void *value,
                          uint32_t len, bool mkdir)
{
    struct xs_node *ancestor = xs_tree_nearest(c->root, path);
    struct pending pd = {0};
    uint8_t *copy = NULL;
    const char *err = check_create(c, path, ancestor, &pd.count);

    if (!err)
        err = build_chain(c, path, ancestor, &pd);
    if (err)
        return err;
    if (!chain_fits(c, ancestor, &pd, len))
        err = XS_ENOSPC;
    if (!err)
        err = copy_value(c, value, len, &copy);
    if (!err)
        err = xs_txn_log(c, mkdir ? XS_CHANGE_MKDIR : XS_CHANGE_WRITE, path,
                         value, len);
    if (err) {
        free_chain(c->s, pd.top);
        xs_free(c->s, copy);
        return err;
    }
    link_chain(c, ancestor, &pd);
    set_value(c, pd.leaf, copy, len);
    if (c->fire)
        xs_watch_fire(c->s, path, pd.leaf, NULL, 0, false);
    return NULL;
}

static const char *overwrite(struct xs_ctx *c, const char *path,
                             struct xs_node *n, const void *value, uint32_t len)
{
    uint8_t *copy;
    const char *err;

    if (!is_priv(c) && !xs_entry_fits(n->nperms, len, xs_children_len(n)))
        return XS_ENOSPC;
    err = copy_value(c, value, len, &copy);
    if (!err && (err = xs_txn_log(c, XS_CHANGE_WRITE, path, value, len)))
        xs_free(c->s, copy);
    if (err)
        return err;
    set_value(c, n, copy, len);
    if (c->fire)
        xs_watch_fire(c->s, path, n, NULL, 0, false);
    return NULL;
}

/* write, or mkdir (which leaves an existing node alone). */
const char *xs_op_write(struct xs_ctx *c, const char *path, const void *value,
                        uint32_t len, bool mkdir)
{
    struct xs_node *n;
    const char *err = get_node(c, path, XS_PERM_WRITE, &n);

    if (err && !is_enoent(err))
        return err;
    if (!n)
        return create(c, path, value, len, mkdir);
    return mkdir ? NULL : overwrite(c, path, n, value, len);
}

/* Records every node of the subtree in a transaction. */
static const char *record_subtree(struct xs_ctx *c, const struct xs_node *top)
{
    char buf[XS_ABS_PATH_MAX + 1];
    const char *err = NULL;

    if (!c->txn)
        return NULL;
    for (const struct xs_node *n = top; n && !err; n = xs_tree_next(n, top))
        if (xs_node_path(n, buf, sizeof(buf)) >= 0)
            err = xs_txn_record(c, buf);
    return err;
}

/* The parent's child list changes too: a transaction records it. */
static const char *record_subtree_parent(struct xs_ctx *c,
                                         const struct xs_node *n)
{
    char buf[XS_ABS_PATH_MAX + 1];

    if (!c->txn || xs_node_path(n->parent, buf, sizeof(buf)) < 0)
        return NULL;
    return xs_txn_record(c, buf);
}

/* Watches on the subtree's own nodes hear of its removal; uncharges. */
static void release_subtree(struct xs_ctx *c, const struct xs_node *top)
{
    char buf[XS_ABS_PATH_MAX + 1];

    for (const struct xs_node *n = top; n; n = xs_tree_next(n, top)) {
        if (c->fire && n != top && xs_node_path(n, buf, sizeof(buf)) >= 0)
            xs_watch_fire(c->s, buf, n, NULL, 0, true);
        charge(c, n->perms[0].domid, -1);
    }
}

static const char *rm_missing(struct xs_ctx *c, const char *path)
{
    char parent[XS_ABS_PATH_MAX + 1];
    size_t len = (size_t)(strrchr(path, '/') - path);

    memcpy(parent, path, len);
    parent[len ? len : 1] = '\0';
    if (len == 0)
        parent[0] = '/';
    return xs_tree_lookup(c->root, parent) ? NULL : XS_ENOENT;
}

const char *xs_op_rm(struct xs_ctx *c, const char *path)
{
    struct xs_node *n;
    const char *err;

    if (strcmp(path, "/") == 0)
        return XS_EINVAL;
    err = get_node(c, path, XS_PERM_WRITE, &n);
    if (err && is_enoent(err))
        return rm_missing(c, path);
    if (!err)
        err = record_subtree(c, n);
    if (!err)
        err = record_subtree_parent(c, n);
    if (!err)
        err = xs_txn_log(c, XS_CHANGE_RM, path, NULL, 0);
    if (err)
        return err;
    if (c->fire)
        xs_watch_fire(c->s, path, n, NULL, 0, false);
    release_subtree(c, n);
    n->parent->generation = next_generation(c);
    xs_node_unlink(n);
    xs_node_free(c->s, n);
    return NULL;
}

static const char *check_perms(struct xs_ctx *c, const struct xs_node *n,
                               const struct xs_perm *perms, uint32_t count)
{
    if (n->perms[0].domid != c->dom->domid && !is_priv(c))
        return XS_EACCES;
    if (is_priv(c))
        return NULL;
    if (perms[0].domid != n->perms[0].domid)
        return XS_EPERM;
    if (!xs_entry_fits(count, n->value_len, xs_children_len(n)))
        return XS_ENOSPC;
    return NULL;
}

const char *xs_op_set_perms(struct xs_ctx *c, const char *path,
                            const struct xs_perm *perms, uint32_t count)
{
    struct xs_node *n;
    struct xs_perm *copy;
    const char *err = get_node(c, path, XS_PERM_WRITE, &n);

    if (!err)
        err = check_perms(c, n, perms, count);
    if (err)
        return err;
    copy = xs_alloc(c->s, count * sizeof(*perms));
    if (!copy)
        return XS_ENOMEM;
    memcpy(copy, perms, count * sizeof(*perms));
    err = xs_txn_log(c, XS_CHANGE_PERMS, path, perms,
                     count * (uint32_t)sizeof(*perms));
    if (err) {
        xs_free(c->s, copy);
        return err;
    }
    struct xs_perm *before = n->perms;
    uint32_t nbefore = n->nperms;

    charge(c, n->perms[0].domid, -1);
    charge(c, copy[0].domid, 1);
    n->perms = copy;
    n->nperms = count;
    n->generation = next_generation(c);
    /* Whoever could read it before hears that it can no longer. */
    if (c->fire)
        xs_watch_fire(c->s, path, n, before, nbefore, false);
    xs_free(c->s, before);
    return NULL;
}

/* Opens the context and makes path absolute; the common first step. */
static const char *begin(struct xs_ctx *c, struct xs_store *s, uint16_t domid,
                         uint32_t tx_id, const char *path, char *buf,
                         const char **abs)
{
    const char *err = ctx_open(c, s, domid, tx_id);

    if (err)
        return err;
    *abs = xs_path_canonical(domid, path, buf);
    return *abs ? NULL : XS_EINVAL;
}

/* The node at path, if domid may read it: what read, directory and
 * get_perms share. */
static const char *readable_node(struct xs_store *s, uint16_t domid,
                                 uint32_t tx_id, const char *path,
                                 struct xs_node **n)
{
    struct xs_ctx c;
    char buf[XS_ABS_PATH_MAX + 1];
    const char *abs;
    const char *err = begin(&c, s, domid, tx_id, path, buf, &abs);

    return err ? err : get_node(&c, abs, XS_PERM_READ, n);
}

const char *xs_read(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                    const char *path, struct xs_reply *r)
{
    struct xs_node *n;
    const char *err = readable_node(s, domid, tx_id, path, &n);

    return err ? err : xs_reply_bytes(r, n->value, n->value_len);
}

const char *xs_write(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                     const char *path, const void *value, uint32_t len,
                     struct xs_reply *r)
{
    struct xs_ctx c;
    char buf[XS_ABS_PATH_MAX + 1];
    const char *abs;
    const char *err = begin(&c, s, domid, tx_id, path, buf, &abs);

    if (!err)
        err = xs_op_write(&c, abs, value, len, false);
    return err ? err : xs_reply_ok(r);
}

const char *xs_mkdir(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                     const char *path, struct xs_reply *r)
{
    struct xs_ctx c;
    char buf[XS_ABS_PATH_MAX + 1];
    const char *abs;
    const char *err = begin(&c, s, domid, tx_id, path, buf, &abs);

    if (!err)
        err = xs_op_write(&c, abs, NULL, 0, true);
    return err ? err : xs_reply_ok(r);
}

const char *xs_rm(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                  const char *path, struct xs_reply *r)
{
    struct xs_ctx c;
    char buf[XS_ABS_PATH_MAX + 1];
    const char *abs;
    const char *err = begin(&c, s, domid, tx_id, path, buf, &abs);

    if (!err)
        err = xs_op_rm(&c, abs);
    return err ? err : xs_reply_ok(r);
}

static const char *list_children(const struct xs_node *n, struct xs_reply *r)
{
    r->len = 0;
    for (const struct xs_node *k = n->children; k; k = k->next) {
        uint32_t len = (uint32_t)strlen(k->name) + 1;

        if (r->len + len > XS_PAYLOAD_MAX)
            return XS_E2BIG;
        memcpy(r->data + r->len, k->name, len);
        r->len += len;
    }
    return NULL;
}

const char *xs_directory(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                         const char *path, struct xs_reply *r)
{
    struct xs_node *n;
    const char *err = readable_node(s, domid, tx_id, path, &n);

    return err ? err : list_children(n, r);
}

const char *xs_get_perms(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                         const char *path, struct xs_reply *r)
{
    struct xs_node *n;
    const char *err = readable_node(s, domid, tx_id, path, &n);

    return err ? err : xs_perms_format(n, r);
}

const char *xs_set_perms(struct xs_store *s, uint16_t domid, uint32_t tx_id,
                         const char *path, const char *perms, uint32_t len,
                         struct xs_reply *r)
{
    struct xs_ctx c;
    char buf[XS_ABS_PATH_MAX + 1];
    const char *abs;
    struct xs_perm parsed[PERMS_MAX];
    uint32_t count;
    const char *err = begin(&c, s, domid, tx_id, path, buf, &abs);

    if (!err)
        err = xs_perms_parse(
            perms, len, parsed,
            domid == XS_DOMID_PRIV ? PERMS_MAX : XS_QUOTA_PERMS, &count);
    if (!err)
        err = xs_op_set_perms(&c, abs, parsed, count);
    return err ? err : xs_reply_ok(r);
}
