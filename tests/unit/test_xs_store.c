/*
 * dom0's xenstore (tools/dom0/xs_*.c): paths, Xen's permission model,
 * watches and their events, transactions and their conflicts, quotas, the
 * release of a domain, and running out of memory half-way.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_store.h"

static struct xs_store st;
static struct xs_reply rep;
static long allocs_left = -1; /* -1: no limit */

static void *host_alloc(void *ctx, size_t size)
{
    (void)ctx;
    if (allocs_left == 0)
        return NULL;
    if (allocs_left > 0)
        allocs_left--;
    return malloc(size);
}

static void host_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static const struct xs_allocator host = {host_alloc, host_free, NULL};

static int setup(void **state)
{
    (void)state;
    allocs_left = -1;
    return xs_store_init(&st, &host) == NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xs_store_fini(&st);
    return 0;
}

/* Shorthands; each returns the error name, or "" on success. */
static const char *res(const char *err)
{
    return err ? err : "";
}

static const char *wr(uint16_t dom, uint32_t tx, const char *path,
                      const char *value)
{
    return res(
        xs_write(&st, dom, tx, path, value, (uint32_t)strlen(value), &rep));
}

static const char *rd(uint16_t dom, uint32_t tx, const char *path)
{
    return res(xs_read(&st, dom, tx, path, &rep));
}

static const char *perms(uint16_t dom, const char *path, const char *p,
                         uint32_t len)
{
    return res(xs_set_perms(&st, dom, 0, path, p, len, &rep));
}

static void assert_reply(const char *bytes, uint32_t len)
{
    assert_int_equal(rep.len, len);
    assert_memory_equal(rep.data, bytes, len);
}

static void assert_value(uint16_t dom, uint32_t tx, const char *path,
                         const char *value)
{
    assert_string_equal(rd(dom, tx, path), "");
    assert_reply(value, (uint32_t)strlen(value));
}

/* dom0 makes /local/domain/N for domains 1 and 2, each owning its own. */
static void make_guests(void)
{
    assert_string_equal(res(xs_introduce(&st, 0, 1, &rep)), "");
    assert_string_equal(res(xs_introduce(&st, 0, 2, &rep)), "");
    assert_string_equal(res(xs_mkdir(&st, 0, 0, "/local/domain/1", &rep)), "");
    assert_string_equal(res(xs_mkdir(&st, 0, 0, "/local/domain/2", &rep)), "");
    assert_string_equal(perms(0, "/local/domain/1", "n1", 3), "");
    assert_string_equal(perms(0, "/local/domain/2", "n2", 3), "");
}

static void test_paths(void **state)
{
    char longer[XS_REL_PATH_MAX + 2];

    (void)state;
    assert_string_equal(wr(0, 0, "/a/b", "x"), "");
    assert_string_equal(wr(0, 0, "//a", "x"), "EINVAL");
    assert_string_equal(wr(0, 0, "/a/", "x"), "EINVAL");
    assert_string_equal(wr(0, 0, "/a.b", "x"), "EINVAL");
    assert_string_equal(wr(0, 0, "/a b", "x"), "EINVAL");
    assert_string_equal(wr(0, 0, "", "x"), "EINVAL");
    assert_string_equal(wr(0, 0, "@introduceDomain", "x"), "EINVAL");
    assert_string_equal(rd(0, 0, "/"), "");
    /* A relative path is below the caller's home. */
    assert_string_equal(wr(0, 0, "name", "Domain-0"), "");
    assert_value(0, 0, "/local/domain/0/name", "Domain-0");
    /* XS_REL_PATH_MAX characters below a home, and not one more. */
    memset(longer, 'k', sizeof(longer));
    longer[XS_REL_PATH_MAX] = '\0';
    assert_string_equal(wr(0, 0, longer, "v"), "");
    longer[XS_REL_PATH_MAX] = 'k';
    longer[XS_REL_PATH_MAX + 1] = '\0';
    assert_string_equal(wr(0, 0, longer, "v"), "EINVAL");
}

static void test_tree(void **state)
{
    (void)state;
    assert_string_equal(wr(0, 0, "/t/a/b", "1"), "");
    assert_string_equal(wr(0, 0, "/t/c", "22"), "");
    assert_value(0, 0, "/t/a/b", "1");
    assert_value(0, 0, "/t/a", ""); /* made as a parent, empty */
    assert_string_equal(res(xs_directory(&st, 0, 0, "/t", &rep)), "");
    assert_reply("a\0c", 4);
    assert_string_equal(res(xs_mkdir(&st, 0, 0, "/t/c", &rep)), "");
    assert_value(0, 0, "/t/c", "22"); /* mkdir left it alone */
    assert_string_equal(rd(0, 0, "/t/nope"), "ENOENT");
    assert_string_equal(res(xs_rm(&st, 0, 0, "/t/a", &rep)), "");
    assert_string_equal(rd(0, 0, "/t/a/b"), "ENOENT");
    /* Removing what is not there is fine while its parent exists. */
    assert_string_equal(res(xs_rm(&st, 0, 0, "/t/a", &rep)), "");
    assert_string_equal(res(xs_rm(&st, 0, 0, "/t/x/y", &rep)), "ENOENT");
    assert_string_equal(res(xs_rm(&st, 0, 0, "/", &rep)), "EINVAL");
    assert_string_equal(res(xs_directory(&st, 0, 0, "/t", &rep)), "");
    assert_reply("c", 2);
}

static void test_permissions(void **state)
{
    (void)state;
    make_guests();
    assert_string_equal(wr(0, 0, "/local/domain/1/secret", "s"), "");
    /* Another guest can neither read nor learn what exists. */
    assert_string_equal(rd(2, 0, "/local/domain/1/secret"), "EACCES");
    assert_string_equal(rd(2, 0, "/local/domain/1/missing"), "EACCES");
    assert_string_equal(wr(2, 0, "/local/domain/1/x", "v"), "EACCES");
    assert_string_equal(res(xs_directory(&st, 2, 0, "/local/domain/1", &rep)),
                        "EACCES");
    assert_string_equal(rd(2, 0, "/"), "EACCES");
    /* Its own tree, absolute or relative. */
    assert_value(1, 0, "/local/domain/1/secret", "s");
    assert_value(1, 0, "secret", "s");
    assert_string_equal(rd(1, 0, "missing"), "ENOENT");
    /* What is shared with it, it can read but not write. */
    assert_string_equal(wr(0, 0, "/local/domain/1/shared", "sh"), "");
    assert_string_equal(perms(0, "/local/domain/1/shared", "n1\0r2", 6), "");
    assert_value(2, 0, "/local/domain/1/shared", "sh");
    assert_string_equal(wr(2, 0, "/local/domain/1/shared", "no"), "EACCES");
    assert_string_equal(
        res(xs_get_perms(&st, 2, 0, "/local/domain/1/shared", &rep)), "");
    assert_reply("n1\0r2", 6);
}

static void test_perms_inherit_and_owner(void **state)
{
    (void)state;
    make_guests();
    assert_string_equal(perms(0, "/local/domain/1", "n1\0r2", 6), "");
    /* A guest owns what it makes; the other entries are inherited. */
    assert_string_equal(wr(1, 0, "data/x", "v"), "");
    assert_string_equal(
        res(xs_get_perms(&st, 1, 0, "/local/domain/1/data/x", &rep)), "");
    assert_reply("n1\0r2", 6);
    /* dom0's creations keep the parent's owner. */
    assert_string_equal(res(xs_mkdir(&st, 0, 0, "/local/domain/2/dev", &rep)),
                        "");
    assert_string_equal(res(xs_get_perms(&st, 2, 0, "dev", &rep)), "");
    assert_reply("n2", 3);
    /* Only the owner sets perms, and it cannot give the node away. */
    assert_string_equal(perms(2, "/local/domain/1/data", "n1", 3), "EACCES");
    assert_string_equal(perms(1, "data", "n2", 3), "EPERM");
    assert_string_equal(perms(1, "data", "n1\0b2", 6), "");
    assert_string_equal(perms(1, "data", "x1", 3), "EINVAL");
    assert_string_equal(perms(1, "data", "r", 2), "EINVAL");
    assert_string_equal(perms(1, "data", "n1\0r70000", 10), "EINVAL");
    assert_string_equal(perms(1, "data", "n1", 2), "EINVAL"); /* no nul */
    assert_string_equal(perms(1, "data", "", 0), "EINVAL");
    assert_string_equal(perms(1, "data", "n1\0r2\0r3\0r4\0r5\0r6", 18),
                        "ENOSPC");
    assert_string_equal(perms(1, "nothere", "n1", 3), "ENOENT");
}

/* The next event of dom is path and token. */
static void assert_event(uint16_t dom, const char *path, const char *token)
{
    char want[256];
    size_t p = strlen(path) + 1, t = strlen(token) + 1;

    memcpy(want, path, p);
    memcpy(want + p, token, t);
    assert_true(xs_event_pop(&st, dom, &rep));
    assert_reply(want, (uint32_t)(p + t));
}

static void assert_no_event(uint16_t dom)
{
    assert_false(xs_event_pop(&st, dom, &rep));
}

static void test_watches(void **state)
{
    (void)state;
    make_guests();
    assert_string_equal(res(xs_watch(&st, 1, "device", "tk", &rep)), "");
    assert_event(1, "device", "tk"); /* a new watch fires once */
    assert_string_equal(res(xs_watch(&st, 1, "device", "tk", &rep)), "EEXIST");
    assert_string_equal(wr(0, 0, "/local/domain/1/device/vif/0", "x"), "");
    assert_event(1, "device/vif/0", "tk");
    assert_string_equal(wr(0, 0, "/local/domain/1/other", "x"), "");
    assert_no_event(1);
    /* A watch on another guest's tree hears nothing it cannot read. */
    assert_string_equal(res(xs_watch(&st, 2, "/local/domain/1", "spy", &rep)),
                        "");
    assert_event(2, "/local/domain/1", "spy");
    assert_string_equal(wr(0, 0, "/local/domain/1/device/vif/1", "x"), "");
    assert_event(1, "device/vif/1", "tk");
    assert_no_event(2);
    /* Removing a subtree tells the watches on it and on its nodes. */
    assert_string_equal(res(xs_watch(&st, 1, "device/vif/0", "v0", &rep)), "");
    assert_event(1, "device/vif/0", "v0");
    assert_string_equal(res(xs_rm(&st, 0, 0, "/local/domain/1/device", &rep)),
                        "");
    assert_event(1, "device", "tk");
    assert_event(1, "device/vif/0", "v0");
    assert_no_event(1);
    assert_string_equal(res(xs_unwatch(&st, 1, "device", "tk", &rep)), "");
    assert_string_equal(res(xs_unwatch(&st, 1, "device", "tk", &rep)),
                        "ENOENT");
    /* Any "@" name may be watched, as on xenstored; it fires once. */
    assert_string_equal(res(xs_watch(&st, 1, "@bogus", "t", &rep)), "");
    assert_event(1, "@bogus", "t");
    assert_string_equal(res(xs_watch(&st, 1, "/a//b", "t", &rep)), "EINVAL");
}

static void test_special_watches(void **state)
{
    (void)state;
    assert_string_equal(res(xs_watch(&st, 0, "@introduceDomain", "i", &rep)),
                        "");
    assert_string_equal(res(xs_watch(&st, 0, "@releaseDomain", "r", &rep)), "");
    assert_event(0, "@introduceDomain", "i");
    assert_event(0, "@releaseDomain", "r");
    assert_string_equal(res(xs_introduce(&st, 0, 3, &rep)), "");
    assert_event(0, "@introduceDomain", "i");
    /* A guest may watch them, but is told nothing of other domains. */
    assert_string_equal(res(xs_watch(&st, 3, "@releaseDomain", "r", &rep)), "");
    assert_event(3, "@releaseDomain", "r");
    assert_string_equal(res(xs_introduce(&st, 0, 4, &rep)), "");
    assert_string_equal(res(xs_release(&st, 0, 4, &rep)), "");
    assert_event(0, "@introduceDomain", "i");
    assert_event(0, "@releaseDomain", "r");
    assert_no_event(3);
    /* Only the toolstack introduces and releases. */
    assert_string_equal(res(xs_introduce(&st, 3, 5, &rep)), "EACCES");
    assert_string_equal(res(xs_release(&st, 3, 0, &rep)), "EACCES");
    assert_string_equal(res(xs_release(&st, 0, 0, &rep)), "EINVAL");
    assert_string_equal(res(xs_release(&st, 0, 9, &rep)), "ENOENT");
}

static uint32_t start(uint16_t dom)
{
    assert_string_equal(res(xs_transaction_start(&st, dom, 0, &rep)), "");
    return (uint32_t)strtoul(rep.data, NULL, 10);
}

static const char *end(uint16_t dom, uint32_t tx, const char *arg)
{
    return res(xs_transaction_end(&st, dom, tx, arg, &rep));
}

static void test_transaction_commit(void **state)
{
    uint32_t tx;

    (void)state;
    make_guests();
    assert_string_equal(res(xs_watch(&st, 1, "cfg", "w", &rep)), "");
    assert_event(1, "cfg", "w");
    tx = start(1);
    assert_true(tx != 0);
    assert_string_equal(wr(1, tx, "cfg/a", "1"), "");
    assert_value(1, tx, "cfg/a", "1"); /* it sees its own writes */
    assert_string_equal(rd(1, 0, "cfg/a"), "ENOENT"); /* others do not */
    assert_no_event(1);
    assert_string_equal(end(1, tx, "T"), "");
    assert_value(1, 0, "cfg/a", "1");
    assert_event(1, "cfg/a", "w"); /* fired at commit */
    assert_int_equal(xs_domain_nodes(&st, 1), 3);
    /* An aborted one leaves nothing. */
    tx = start(1);
    assert_string_equal(res(xs_rm(&st, 1, tx, "cfg", &rep)), "");
    assert_string_equal(end(1, tx, "F"), "");
    assert_value(1, 0, "cfg/a", "1");
    assert_string_equal(end(1, tx, "T"), "ENOENT");
    assert_string_equal(wr(1, 12345, "cfg/a", "1"), "ENOENT");
    /* A removal commits with its events, for the subtree's watches too. */
    assert_string_equal(res(xs_watch(&st, 1, "cfg/a", "wa", &rep)), "");
    assert_event(1, "cfg/a", "wa");
    tx = start(1);
    assert_string_equal(res(xs_rm(&st, 1, tx, "cfg", &rep)), "");
    assert_no_event(1);
    assert_string_equal(end(1, tx, "T"), "");
    assert_event(1, "cfg", "w");
    assert_event(1, "cfg/a", "wa");
    assert_no_event(1);
    assert_string_equal(rd(1, 0, "cfg"), "ENOENT");
    assert_int_equal(xs_domain_nodes(&st, 1), 1);
}

static void test_transaction_conflict(void **state)
{
    uint32_t tx;

    (void)state;
    make_guests();
    assert_string_equal(wr(1, 0, "a", "old"), "");
    tx = start(1);
    /* A snapshot: later changes outside are not seen inside. */
    assert_value(1, tx, "a", "old");
    assert_string_equal(wr(0, 0, "/local/domain/1/a", "new"), "");
    assert_string_equal(wr(0, 0, "/local/domain/1/b", "b"), "");
    assert_value(1, tx, "a", "old");
    assert_string_equal(rd(1, tx, "b"), "ENOENT");
    assert_string_equal(wr(1, tx, "c", "c"), "");
    assert_string_equal(end(1, tx, "T"), "EAGAIN");
    assert_string_equal(rd(1, 0, "c"), "ENOENT");
    assert_value(1, 0, "a", "new");
    /* Changes to nodes it never touched do not conflict. */
    tx = start(1);
    assert_string_equal(wr(1, tx, "x/y", "1"), "");
    assert_string_equal(wr(0, 0, "/local/domain/2/z", "1"), "");
    assert_string_equal(end(1, tx, "T"), "");
    assert_value(1, 0, "x/y", "1");
    /* Making a node changes its parent: a sibling made meanwhile conflicts. */
    tx = start(1);
    assert_string_equal(wr(1, tx, "x/new", "1"), "");
    assert_string_equal(wr(0, 0, "/local/domain/1/x/other", "1"), "");
    assert_string_equal(end(1, tx, "T"), "EAGAIN");
    /* And a parent removed meanwhile is not made again by the commit. */
    tx = start(1);
    assert_string_equal(wr(1, tx, "x/other/deeper", "1"), "");
    assert_string_equal(res(xs_rm(&st, 0, 0, "/local/domain/1/x/other", &rep)),
                        "");
    assert_string_equal(end(1, tx, "T"), "EAGAIN");
    assert_string_equal(rd(1, 0, "x/other"), "ENOENT");
    /* Two transactions writing the same node: the second loses. */
    uint32_t t1 = start(1), t2 = start(1);
    assert_string_equal(wr(1, t1, "x/y", "t1"), "");
    assert_string_equal(wr(1, t2, "x/y", "t2"), "");
    assert_string_equal(end(1, t1, "T"), "");
    assert_string_equal(end(1, t2, "T"), "EAGAIN");
    assert_value(1, 0, "x/y", "t1");
}

static void test_transaction_limits(void **state)
{
    uint32_t tx[XS_QUOTA_TRANSACTIONS + 1];

    (void)state;
    make_guests();
    /* xenstored refuses once a domain holds more than the quota. */
    for (int i = 0; i < XS_QUOTA_TRANSACTIONS + 1; i++)
        tx[i] = start(1);
    assert_string_equal(res(xs_transaction_start(&st, 1, 0, &rep)), "ENOSPC");
    assert_string_equal(res(xs_transaction_start(&st, 1, tx[0], &rep)),
                        "EBUSY");
    assert_string_equal(end(1, tx[0], "X"), "EINVAL");
    assert_string_equal(end(1, 0, "X"), "EINVAL"); /* the argument first */
    assert_string_equal(end(1, 0, "T"), "ENOENT");
    assert_string_equal(end(1, tx[0], "F"), "");
    tx[0] = start(1);
    assert_string_equal(res(xs_transaction_start(&st, 0, 0, &rep)), "");
}

static void test_node_quota(void **state)
{
    char path[32];
    int i;

    (void)state;
    make_guests();
    /*
     * dom1 owns its home already; 20 directories of up to 49 nodes each
     * (a directory's names count towards its entry size) fill the quota.
     */
    for (i = 1; i < XS_QUOTA_NODES - 20; i++) {
        snprintf(path, sizeof(path), "d%d/n%d", i % 20, i);
        assert_string_equal(wr(1, 0, path, ""), "");
    }
    assert_int_equal(xs_domain_nodes(&st, 1), XS_QUOTA_NODES);
    assert_string_equal(wr(1, 0, "full", ""), "ENOSPC");
    assert_string_equal(wr(1, 0, "d1/n1", "still writable"), "");
    assert_string_equal(res(xs_rm(&st, 1, 0, "d1/n1", &rep)), "");
    assert_string_equal(wr(1, 0, "room", ""), "");
    /* dom0 has no quota. */
    assert_string_equal(wr(0, 0, "/local/domain/1/more", ""), "");
}

static void test_entry_and_watch_quota(void **state)
{
    static char big[XS_QUOTA_ENTRY_SIZE + 1];
    char token[16];

    (void)state;
    make_guests();
    memset(big, 'v', sizeof(big));
    /* A record of 24 bytes, 8 per permission, the value: below 2048. */
    assert_string_equal(
        res(xs_write(&st, 1, 0, "big", big, 2048 - 24 - 8, &rep)), "ENOSPC");
    assert_string_equal(
        res(xs_write(&st, 1, 0, "big", big, 2048 - 24 - 8 - 1, &rep)), "");
    assert_string_equal(perms(1, "big", "n1\0r2", 6), "ENOSPC");
    assert_string_equal(res(xs_write(&st, 0, 0, "/local/domain/1/big", big,
                                     XS_QUOTA_ENTRY_SIZE + 1, &rep)),
                        "");
    /* A child's name counts in its parent's record. */
    assert_string_equal(
        res(xs_write(&st, 1, 0, "p", big, 2048 - 24 - 8 - 2, &rep)), "");
    assert_string_equal(wr(1, 0, "p/a", ""), "ENOSPC");
    assert_string_equal(wr(1, 0, "p/", ""), "EINVAL");
    for (int i = 0; i < XS_QUOTA_WATCHES + 1; i++) {
        snprintf(token, sizeof(token), "t%d", i);
        assert_string_equal(res(xs_watch(&st, 1, "big", token, &rep)), "");
    }
    assert_string_equal(res(xs_watch(&st, 1, "big", "last", &rep)), "E2BIG");
}

static void test_event_queue_bounded(void **state)
{
    unsigned n = 0;

    (void)state;
    make_guests();
    assert_string_equal(res(xs_watch(&st, 1, "q", "t", &rep)), "");
    for (int i = 0; i < XS_QUOTA_EVENTS + 10; i++)
        assert_string_equal(wr(1, 0, "q", "x"), "");
    while (xs_event_pop(&st, 1, &rep))
        n++;
    assert_int_equal(n, XS_QUOTA_EVENTS);
    assert_int_equal(xs_events_dropped(&st, 1), 11);
}

static void test_release_frees_everything(void **state)
{
    (void)state;
    make_guests();
    assert_string_equal(wr(1, 0, "mine", "m"), "");
    assert_string_equal(res(xs_watch(&st, 1, "mine", "t", &rep)), "");
    (void)start(1);
    assert_string_equal(res(xs_release(&st, 0, 1, &rep)), "");
    assert_int_equal(xs_domain_nodes(&st, 1), 0);
    assert_string_equal(rd(1, 0, "mine"), "EINVAL"); /* not connected */
    /* A new domain 1 inherits nothing of the old one's. */
    assert_string_equal(res(xs_introduce(&st, 0, 1, &rep)), "");
    assert_string_equal(rd(1, 0, "/local/domain/1/mine"), "EACCES");
    assert_string_equal(
        res(xs_get_perms(&st, 0, 0, "/local/domain/1/mine", &rep)), "");
    assert_reply("n0", 3);
    /* ASan's leak check at exit sees the transaction and watch gone. */
}

/* Each allocation failing in turn: ENOMEM, and the store as it was. */
static void test_out_of_memory(void **state)
{
    (void)state;
    make_guests();
    assert_string_equal(wr(1, 0, "keep", "k"), "");
    for (long n = 0;; n++) {
        allocs_left = n;
        const char *err = wr(1, 0, "a/b/c", "v");
        allocs_left = -1;
        if (strcmp(err, "") == 0)
            break;
        assert_string_equal(err, "ENOMEM");
        assert_string_equal(rd(1, 0, "a"), "ENOENT");
        assert_int_equal(xs_domain_nodes(&st, 1), 2);
    }
    assert_value(1, 0, "a/b/c", "v");
    assert_int_equal(xs_domain_nodes(&st, 1), 5);
    for (long n = 0;; n++) {
        allocs_left = n;
        const char *err = res(xs_transaction_start(&st, 1, 0, &rep));
        allocs_left = -1;
        if (strcmp(err, "") == 0)
            break;
        assert_string_equal(err, "ENOMEM");
    }
    uint32_t tx = (uint32_t)strtoul(rep.data, NULL, 10);
    for (long n = 0;; n++) {
        allocs_left = n;
        const char *err = wr(1, tx, "t/u", "v");
        allocs_left = -1;
        if (strcmp(err, "") == 0)
            break;
        assert_string_equal(err, "ENOMEM");
        assert_string_equal(rd(1, tx, "t"), "ENOENT");
    }
    assert_string_equal(end(1, tx, "T"), "");
    assert_value(1, 0, "t/u", "v");
    /* A commit that runs out of memory changes nothing. */
    assert_string_equal(res(xs_watch(&st, 1, "t", "c", &rep)), "");
    assert_event(1, "t", "c");
    for (long n = 0;; n++) {
        tx = start(1);
        assert_string_equal(wr(1, tx, "t/u", "w"), "");
        assert_string_equal(res(xs_rm(&st, 1, tx, "keep", &rep)), "");
        allocs_left = n;
        const char *err = end(1, tx, "T");
        allocs_left = -1;
        if (strcmp(err, "") == 0)
            break;
        assert_string_equal(err, "ENOMEM");
        assert_value(1, 0, "t/u", "v");
        assert_value(1, 0, "keep", "k");
        assert_no_event(1);
    }
    assert_value(1, 0, "t/u", "w");
    assert_string_equal(rd(1, 0, "keep"), "ENOENT");
    /* Memory enough for the commit but not its event: counted, dropped. */
    assert_no_event(1);
    assert_int_equal(xs_events_dropped(&st, 1), 1);
    assert_int_equal(xs_domain_nodes(&st, 1), 6);
    for (long n = 0;; n++) {
        allocs_left = n;
        const char *err = perms(1, "t", "n1\0r2", 6);
        allocs_left = -1;
        if (strcmp(err, "") == 0)
            break;
        assert_string_equal(err, "ENOMEM");
    }
    for (long n = 0;; n++) {
        allocs_left = n;
        const char *err = res(xs_watch(&st, 1, "t", "tok", &rep));
        allocs_left = -1;
        if (strcmp(err, "") == 0)
            break;
        assert_string_equal(err, "ENOMEM");
    }
}

/* A snapshot holds every node; a thousand-deep path works throughout. */
static void test_deep_tree_and_snapshot(void **state)
{
    static const char *const paths[] = {"/s/a/x",   "/s/a/y/z", "/s/b",
                                        "/s/c/d/e", "/s/c/f",   "/s/g"};
    static char deep[2 * 1000 + 1];
    static char listing[2][XS_PAYLOAD_MAX];
    uint32_t tx;

    (void)state;
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        assert_string_equal(wr(0, 0, paths[i], paths[i]), "");
    tx = start(0);
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        assert_value(0, tx, paths[i], paths[i]);
    assert_string_equal(res(xs_directory(&st, 0, 0, "/s/c", &rep)), "");
    memcpy(listing[0], rep.data, rep.len);
    assert_string_equal(res(xs_directory(&st, 0, tx, "/s/c", &rep)), "");
    memcpy(listing[1], rep.data, rep.len);
    assert_memory_equal(listing[0], listing[1], rep.len);
    assert_string_equal(end(0, tx, "F"), "");

    for (int i = 0; i < 1000; i++)
        memcpy(deep + 2 * i, "/d", 2);
    assert_string_equal(wr(0, 0, deep, "bottom"), "");
    assert_string_equal(res(xs_watch(&st, 0, deep, "deep", &rep)), "");
    assert_true(xs_event_pop(&st, 0, &rep));
    tx = start(0);
    assert_value(0, tx, deep, "bottom");
    assert_string_equal(end(0, tx, "T"), "");
    assert_string_equal(res(xs_rm(&st, 0, 0, "/d", &rep)), "");
    assert_true(xs_event_pop(&st, 0, &rep));
    assert_int_equal(rep.len, sizeof(deep) + sizeof("deep"));
    assert_string_equal(rd(0, 0, "/d"), "ENOENT");
}

/* Who hears of a change: readers of the node, of its parent, or of the
 * node as it was before its permissions changed. */
static void test_watch_permissions(void **state)
{
    (void)state;
    make_guests();
    assert_string_equal(wr(0, 0, "/local/domain/1/sh", "x"), "");
    assert_string_equal(perms(0, "/local/domain/1/sh", "n1\0r2", 6), "");
    assert_string_equal(res(xs_watch(&st, 2, "/local/domain/1/sh", "w", &rep)),
                        "");
    assert_event(2, "/local/domain/1/sh", "w");
    /* Readable parent: its new child is heard of, though not readable. */
    assert_string_equal(wr(0, 0, "/local/domain/1/sh/k", "x"), "");
    assert_string_equal(perms(0, "/local/domain/1/sh/k", "n1", 3), "");
    assert_event(2, "/local/domain/1/sh/k", "w");
    assert_event(2, "/local/domain/1/sh/k", "w");
    /* Losing the right to read is itself heard of, and then no more. */
    assert_string_equal(perms(0, "/local/domain/1/sh", "n1", 3), "");
    assert_event(2, "/local/domain/1/sh", "w");
    assert_string_equal(wr(0, 0, "/local/domain/1/sh", "y"), "");
    assert_no_event(2);
}

static void test_transaction_node_quota(void **state)
{
    char path[32];
    uint32_t tx;

    (void)state;
    make_guests();
    for (int i = 1; i < XS_QUOTA_NODES - 21; i++) {
        snprintf(path, sizeof(path), "d%d/n%d", i % 20, i);
        assert_string_equal(wr(1, 0, path, ""), "");
    }
    assert_int_equal(xs_domain_nodes(&st, 1), XS_QUOTA_NODES - 1);
    tx = start(1);
    assert_string_equal(wr(1, tx, "last", ""), "");
    /* xenstored's commit wants the total below the quota. */
    assert_string_equal(end(1, tx, "T"), "ENOSPC");
    assert_string_equal(rd(1, 0, "last"), "ENOENT");
    assert_string_equal(wr(1, 0, "last", ""), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_perms_inherit_and_owner, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_watches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_special_watches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transaction_commit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_transaction_conflict, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_transaction_limits, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_node_quota, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entry_and_watch_quota, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_event_queue_bounded, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_release_frees_everything, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_tree_and_snapshot, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_watch_permissions, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_transaction_node_quota, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
