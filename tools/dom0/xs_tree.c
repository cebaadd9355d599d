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

/*
 * The node after n in a pre-order walk of top's subtree, or NULL. Every
 * walk of the tree is a loop, not a recursion: a path may be a thousand
 * components deep, and dom0's stack is small.
 */
struct xs_node *xs_tree_next(const struct xs_node *n, const struct xs_node *top)
{
    if (n->children)
        return n->children;
    while (n != top) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

static void node_free_one(struct xs_store *s, struct xs_node *n)
{
    xs_free(s, n->name);
    xs_free(s, n->value);
    xs_free(s, n->perms);
    xs_free(s, n);
}

/* Frees n and its subtree; n must already be unlinked (or the root). */
void xs_node_free(struct xs_store *s, struct xs_node *n)
{
    struct xs_node *cur = n;

    for (;;) {
        struct xs_node *child = cur->children;

        if (child) {
            cur->children = child->next; /* detach, then free below it */
            cur = child;
            continue;
        }
        struct xs_node *parent = cur->parent;
        bool last = cur == n;

        node_free_one(s, cur);
        if (last)
            return;
        cur = parent;
    }
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

static struct xs_node *copy_one(struct xs_store *s, const struct xs_node *n,
                                struct xs_node *parent)
{
    struct xs_node *d = xs_node_new(s, parent, n->name, strlen(n->name));

    if (d && !copy_fields(s, d, n)) {
        if (parent)
            xs_node_unlink(d);
        xs_node_free(s, d);
        return NULL;
    }
    return d;
}

/*
 * A deep copy of the tree at root (a transaction's snapshot), walked in
 * pre-order with the copy's node kept beside the original's. NULL: no
 * memory, and nothing is left allocated.
 */
struct xs_node *xs_tree_copy(struct xs_store *s, const struct xs_node *root)
{
    struct xs_node *copy = copy_one(s, root, NULL);
    const struct xs_node *src = root;
    struct xs_node *dst = copy;

    while (dst) {
        const struct xs_node *next = xs_tree_next(src, root);
        struct xs_node *parent = dst;

        if (!next)
            return copy;
        if (next != src->children) {
            /* Up as many levels as the walk went up: dst matches src. */
            parent = dst->parent;
            for (const struct xs_node *up = src->parent; up != next->parent;
                 up = up->parent)
                parent = parent->parent;
        }
        dst = copy_one(s, next, parent);
        src = next;
    }
    if (copy)
        xs_node_free(s, copy);
    return NULL;
}

/*
 * What xenstored weighs against the entry-size quota: its database record
 * of the node, a header, then the permissions, the value and the
 * children's names each with its nul.
 */
#define ENTRY_HEADER 24
#define ENTRY_PERM 8

uint32_t xs_children_len(const struct xs_node *n)
{
    uint32_t len = 0;

    for (const struct xs_node *c = n->children; c; c = c->next)
        len += (uint32_t)strlen(c->name) + 1;
    return len;
}

bool xs_entry_fits(uint32_t nperms, uint32_t value_len, uint32_t children_len)
{
    uint64_t size = (uint64_t)ENTRY_HEADER + (uint64_t)nperms * ENTRY_PERM +
                    value_len + children_len;

    return size < XS_QUOTA_ENTRY_SIZE;
}

unsigned xs_tree_count_owned(const struct xs_node *root, uint16_t domid)
{
    unsigned count = 0;

    for (const struct xs_node *n = root; n; n = xs_tree_next(n, root))
        count += n->perms[0].domid == domid;
    return count;
}

/* n's absolute path into buf; its length, or -1 if it does not fit. */
int xs_node_path(const struct xs_node *n, char *buf, size_t size)
{
    size_t len = 0;

    if (!n->parent)
        return size < 2 ? -1 : (buf[0] = '/', buf[1] = '\0', 1);
    for (const struct xs_node *k = n; k->parent; k = k->parent)
        len += 1 + strlen(k->name);
    if (len + 1 > size)
        return -1;
    buf[len] = '\0';
    for (size_t end = len; n->parent; n = n->parent) {
        size_t name = strlen(n->name);

        end -= name;
        memcpy(buf + end, n->name, name);
        buf[--end] = '/';
    }
    return (int)len;
}
