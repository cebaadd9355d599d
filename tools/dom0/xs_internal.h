/*
 * The xenstore's internal structures, shared by its files: the tree
 * (xs_tree.c), paths (xs_path.c), permissions (xs_perms.c), watches
 * (xs_watch.c), transactions (xs_txn.c), domains (xs_domain.c) and the
 * request functions (xs_ops.c). Only the store's own files include it.
 */
#ifndef DOM0_XS_INTERNAL_H
#define DOM0_XS_INTERNAL_H

#include "xs_store.h"

#define XS_PERM_NONE 0u
#define XS_PERM_READ 1u
#define XS_PERM_WRITE 2u
#define XS_PERM_BOTH (XS_PERM_READ | XS_PERM_WRITE)

/* Xen's error names, each spelled once. */
#define XS_ENOENT "ENOENT"
#define XS_EACCES "EACCES"
#define XS_EINVAL "EINVAL"
#define XS_EEXIST "EEXIST"
#define XS_EAGAIN "EAGAIN"
#define XS_E2BIG "E2BIG"
#define XS_ENOSPC "ENOSPC"
#define XS_ENOMEM "ENOMEM"
#define XS_EBUSY "EBUSY"
#define XS_EPERM "EPERM"

struct xs_perm {
    uint16_t domid;
    uint8_t rights; /* XS_PERM_* */
};

struct xs_node {
    char *name; /* one path component; "" for the root */
    uint8_t *value;
    uint32_t value_len;
    struct xs_perm *perms; /* perms[0]: the owner and everyone's default */
    uint32_t nperms;
    uint64_t generation; /* changed by every write to this node */
    struct xs_node *parent;
    struct xs_node *children; /* in creation order */
    struct xs_node *next;     /* the next sibling */
};

/* One path a transaction touched, and the generation it saw (0: none). */
struct xs_access {
    char *path;
    uint64_t generation;
    struct xs_access *next;
};

/* One change a transaction made, replayed on the tree at commit. */
enum xs_change_kind {
    XS_CHANGE_WRITE,
    XS_CHANGE_MKDIR,
    XS_CHANGE_RM,
    XS_CHANGE_PERMS
};
struct xs_change {
    enum xs_change_kind kind;
    char *path;
    uint8_t *value; /* the value, or the perms for XS_CHANGE_PERMS */
    uint32_t len;
    struct xs_change *next;
};

struct xs_txn {
    uint32_t id;
    struct xs_node *root; /* the snapshot, with the changes applied */
    struct xs_access *accessed;
    unsigned naccessed;
    struct xs_change *changes, **changes_tail;
    int node_delta; /* nodes the domain gains by the changes */
    struct xs_txn *next;
};

struct xs_watch {
    char *path; /* absolute, or a special "@..." name */
    char *token;
    bool relative; /* events drop the home prefix */
    struct xs_watch *next;
};

struct xs_event {
    uint32_t len;
    char *payload; /* "path\0token\0" */
    struct xs_event *next;
};

struct xs_domain {
    uint16_t domid;
    unsigned nodes; /* nodes it owns in the committed tree */
    struct xs_watch *watches;
    unsigned nwatches;
    struct xs_txn *txns;
    unsigned ntxns;
    uint32_t next_tx_id;
    struct xs_event *events, **events_tail;
    unsigned nevents;
    unsigned dropped;
    struct xs_domain *next;
};

/* What one request works on: the committed tree, or a transaction's. */
struct xs_ctx {
    struct xs_store *s;
    struct xs_domain *dom;
    struct xs_txn *txn; /* NULL outside a transaction */
    struct xs_node *root;
    bool fire; /* queue watch events (not inside a transaction) */
};

/* Memory (xs_tree.c). */
void *xs_alloc(struct xs_store *s, size_t size);
void xs_free(struct xs_store *s, void *p);
char *xs_strdup(struct xs_store *s, const char *str);

/* Paths (xs_path.c): canonical into buf[XS_ABS_PATH_MAX + 1]. */
const char *xs_path_canonical(uint16_t domid, const char *path, char *buf);
bool xs_path_within(const char *path, const char *top);
int xs_path_home(uint16_t domid, char *buf, size_t size);

/* Permissions (xs_perms.c). */
unsigned xs_perms_for(const struct xs_node *n, uint16_t domid);
bool xs_perms_allow(const struct xs_node *n, uint16_t domid, unsigned want);
const char *xs_perms_parse(const char *text, uint32_t len, struct xs_perm *out,
                           uint32_t max, uint32_t *n);
const char *xs_perms_format(const struct xs_node *n, struct xs_reply *r);

/* The tree (xs_tree.c). */
struct xs_node *xs_tree_lookup(struct xs_node *root, const char *path);
struct xs_node *xs_tree_nearest(struct xs_node *root, const char *path);
struct xs_node *xs_node_new(struct xs_store *s, struct xs_node *parent,
                            const char *name, size_t name_len);
void xs_node_free(struct xs_store *s, struct xs_node *n);
void xs_node_unlink(struct xs_node *n);
struct xs_node *xs_tree_copy(struct xs_store *s, const struct xs_node *root);
struct xs_node *xs_tree_next(const struct xs_node *n,
                             const struct xs_node *top);
uint32_t xs_children_len(const struct xs_node *n);
bool xs_entry_fits(uint32_t nperms, uint32_t value_len, uint32_t children_len);
unsigned xs_tree_count_owned(const struct xs_node *n, uint16_t domid);
int xs_node_path(const struct xs_node *n, char *buf, size_t size);

/* Domains (xs_domain.c). */
struct xs_domain *xs_domain_find(const struct xs_store *s, uint16_t domid);
void xs_domain_charge(struct xs_store *s, uint16_t owner, int nodes);

/* Watches (xs_watch.c). */
void xs_watch_fire(struct xs_store *s, const char *path,
                   const struct xs_node *n, const struct xs_perm *old,
                   uint32_t nold, bool exact);
void xs_watch_fire_special(struct xs_store *s, const char *name);
void xs_watch_free_all(struct xs_store *s, struct xs_domain *d);

/* Transactions (xs_txn.c). */
struct xs_txn *xs_txn_find(struct xs_domain *d, uint32_t id);
const char *xs_txn_record(struct xs_ctx *c, const char *path);
const char *xs_txn_log(struct xs_ctx *c, enum xs_change_kind kind,
                       const char *path, const void *value, uint32_t len);
void xs_txn_free_all(struct xs_store *s, struct xs_domain *d);

/* The operations on a tree (xs_ops.c), used again at commit. */
const char *xs_op_write(struct xs_ctx *c, const char *path, const void *value,
                        uint32_t len, bool mkdir);
const char *xs_op_rm(struct xs_ctx *c, const char *path);
const char *xs_op_set_perms(struct xs_ctx *c, const char *path,
                            const struct xs_perm *perms, uint32_t n);

/* Replies (xs_ops.c). */
const char *xs_reply_ok(struct xs_reply *r);
const char *xs_reply_bytes(struct xs_reply *r, const void *p, uint32_t len);

#endif
