/*
 * Between the grant-table files (hv/grant_table.c: tables, pins, the
 * hypercall; grant_map.c: maptrack, map and unmap; grant_copy.c: copy).
 * Every function here is called with grant_lock held.
 */
#ifndef HV_GRANT_INTERNAL_H
#define HV_GRANT_INTERNAL_H

#include <hv/spinlock.h>
#include <hv/types.h>
#include <public/grant_table.h>

struct domain;

#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
/* The end of a maptrack's free list. */
#define MAPTRACK_FREE_END UINT32_MAX

struct active_grant {
    uint32_t readers; /* mappings of the frame, writable or not */
    uint32_t writers; /* writable mappings */
    mfn_t mfn;        /* the frame they map */
    domid_t domid;    /* the mapper the grant was checked for */
};

struct maptrack_entry {
    struct domain *granter; /* kept alive by the frame's reference */
    grant_ref_t ref;
    uint32_t flags; /* GNTMAP_* kept; 0: free, next_free links it */
    mfn_t mfn;
    uint32_t next_free;
};

struct grant_table {
    bool closed; /* the domain is dying: its frames are going */
    unsigned int nr_frames;
    mfn_t frames[GRANT_FRAMES_MAX];
    struct active_grant *active[GRANT_FRAMES_MAX];

    struct maptrack_entry *maptrack;
    uint32_t maptrack_size; /* entries allocated */
    uint32_t maptrack_free; /* head of the free list */
};

/* Guards every table's size, active entries and maptrack. */
extern spinlock_t grant_lock;

/* Entries of gt's table; the guest's entry ref and its active state
 * (ref below that, the table open). */
unsigned int grant_nr_entries(const struct grant_table *gt);
grant_entry_v1_t *grant_shared_entry(struct grant_table *gt, grant_ref_t ref);
struct active_grant *grant_active_entry(struct grant_table *gt,
                                        grant_ref_t ref);
/* Pin granter's ref for mapper (reading, and writing if writable): a
 * GNTST_ status, the frame in *mfn. grant_unpin undoes one. */
int16_t grant_pin(struct grant_table *gt, grant_ref_t ref, domid_t mapper,
                  bool writable, mfn_t *mfn);
void grant_unpin(struct grant_table *gt, grant_ref_t ref, bool writable);
/* DOMID_SELF or an ID: the domain, or NULL if none. */
struct domain *grant_domain_named(domid_t dom);

/* grant_map.c: one element of each op; every mapping gt holds undone
 * (its owner is dying, its page tables gone). */
void grant_map_one(struct gnttab_map_grant_ref *op);
void grant_unmap_one(struct gnttab_unmap_grant_ref *op);
void grant_maptrack_release_all(struct grant_table *gt);
/* grant_copy.c: one copy, its status. */
int16_t grant_copy_one(const struct gnttab_copy *op);

#endif
