/*
 * The xenstore tree: nodes with a value, permissions and children in the
 * order they were made, and a generation that every change renews (what a
 * transaction compares at commit). Memory goes through the store's
 * allocator.
 */
#include "xs_internal.h"

#include <lib/string.h>

void *xs_alloc(struct xs_store *s, size_t size)
{
    return s->mem.alloc(s->mem.ctx, size);
}

void xs_free(struct xs_store *s, void *p)
{
    if (p)
        s->mem.free(s->mem.ctx, p);
}

static char *dup_bytes(struct xs_store *s, const char *p, size_t len)
{
    char *d = xs_alloc(s, len + 1);

    if (d) {
        memcpy(d, p, len);
        d[len] = '\0';
    }
    return d;
}

char *xs_strdup(struct xs_store *s, const char *str)
{
    return dup_bytes(s, str, strlen(str));
}

static struct xs_node *child_named(struct xs_node *n, const char *name,
                                   size_t len)
{
    for (struct xs_node *c = n->children; c; c = c->next)
        if (strncmp(c->name, name, len) == 0 && c->name[len] == '\0')
            return c;
    return NULL;
}

/* The node at an absolute, valid path: the deepest existing one on it,
 * and whether that is the path itself. */
static struct xs_node *walk(struct xs_node *root, const char *path, bool *found)
{
    struct xs_node *n = root;
    const char *p = path + 1;

    *found = true;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        struct xs_node *c = child_named(n, p, len);

        if (!c) {
            *found = false;
            return n;
        }
        n = c;
        p += len + (end ? 1 : 0);
    }
    return n;
}

struct xs_node *xs_tree_nearest(struct xs_node *root, const char *path)
{
    bool found;

    return walk(root, path, &found);
}

struct xs_node *xs_tree_lookup(struct xs_node *root, const char *path)
{
    bool found;
    struct xs_node *n = walk(root, path, &found);

    return found ? n : NULL;
}

/* A child of parent (last among its siblings), with no value or perms. */
struct xs_node *xs_node_new(struct xs_store *s, struct xs_node *parent,
                            const char *name, size_t name_len)
{
    struct xs_node *n = xs_alloc(s, sizeof(*n));

    if (!n)
        return NULL;
    memset(n, 0, sizeof(*n));
    n->name = dup_bytes(s, name, name_len);
    if (!n->name) {
        xs_free(s, n);
        return NULL;
    }
    n->parent = parent;
    if (parent) {
        struct xs_node **link = &parent->children;

        while (*link)
            link = &(*link)->next;
        *link = n;
    }
    return n;
}

/* Frees n and its subtree; n must already be unlinked (or the root). */
void xs_node_free(struct xs_store *s, struct xs_node *n)
{
    while (n->children) {
        struct xs_node *c = n->children;

        n->children = c->next;
        xs_node_free(s, c);
    }
    xs_free(s, n->name);
    xs_free(s, n->value);
    xs_free(s, n->perms);
    xs_free(s, n);
}

void xs_node_unlink(struct xs_node *n)
{
    struct xs_node **link = &n->parent->children;

    while (*link != n)
        link = &(*link)->next;
    *link = n->next;
    n->next = NULL;
}

static bool copy_fields(struct xs_store *s, struct xs_node *d,
                        const struct xs_node *n)
{
    d->generation = n->generation;
    d->nperms = n->nperms;
    d->perms = xs_alloc(s, n->nperms * sizeof(*n->perms));
    if (!d->perms)
        return false;
    memcpy(d->perms, n->perms, n->nperms * sizeof(*n->perms));
    d->value_len = n->value_len;
    if (n->value_len == 0)
        return true;
    d->value = xs_alloc(s, n->value_len);
    if (d->value)
        memcpy(d->value, n->value, n->value_len);
    return d->value != NULL;
}

/* A deep copy of n under parent (a transaction's snapshot); NULL: no
 * memory, and nothing is left allocated. */
struct xs_node *xs_tree_copy(struct xs_store *s, const struct xs_node *n,
                             struct xs_node *parent)
{
    struct xs_node *d = xs_node_new(s, NULL, n->name, strlen(n->name));

    if (!d)
        return NULL;
    d->parent = parent;
    if (!copy_fields(s, d, n))
        goto fail;
    struct xs_node **link = &d->children;
    for (const struct xs_node *c = n->children; c; c = c->next) {
        *link = xs_tree_copy(s, c, d);
        if (!*link)
            goto fail;
        link = &(*link)->next;
    }
    return d;
fail:
    xs_node_free(s, d);
    return NULL;
}

/* What xenstored weighs against the entry-size quota. */
uint32_t xs_node_entry_size(const struct xs_node *n)
{
    uint32_t size = n->value_len + n->nperms * (uint32_t)sizeof(*n->perms);

    for (const struct xs_node *c = n->children; c; c = c->next)
        size += (uint32_t)strlen(c->name) + 1;
    return size;
}

unsigned xs_tree_count_owned(const struct xs_node *n, uint16_t domid)
{
    unsigned count = n->perms[0].domid == domid;

    for (const struct xs_node *c = n->children; c; c = c->next)
        count += xs_tree_count_owned(c, domid);
    return count;
}

/* n's absolute path into buf; its length, or -1 if it does not fit. */
int xs_node_path(const struct xs_node *n, char *buf, size_t size)
{
    if (!n->parent) {
        if (size < 2)
            return -1;
        buf[0] = '/';
        buf[1] = '\0';
        return 1;
    }
    int len = xs_node_path(n->parent, buf, size);
    size_t name = strlen(n->name);

    if (len < 0)
        return -1;
    if (len == 1)
        len = 0; /* the root's "/" is the separator */
    if ((size_t)len + 1 + name + 1 > size)
        return -1;
    buf[len] = '/';
    memcpy(buf + len + 1, n->name, name + 1);
    return len + 1 + (int)name;
}
