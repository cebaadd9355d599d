/*
 * Grant tables, version 1 (grant_table.c): each domain's table of
 * grants (frames the hypervisor allocates and the guest maps), the
 * active state of every grant another domain (or the same one) maps,
 * and each domain's maptrack, the mappings it holds, by handle.
 *
 * A mapping holds a reference on the granted frame, and a writable type
 * reference when writable, for as long as it lives: the granter may
 * clear its entry, or die, and the frame stays until the mapper unmaps
 * or dies. A dying granter lingers as a zombie for that long (its frame
 * counts in zombie_frames), which keeps its active entries valid.
 */
#ifndef HV_GRANT_TABLE_H
#define HV_GRANT_TABLE_H

#include <hv/types.h>

struct domain;

/* The most grant-table and maptrack frames a domain may have (Xen's
 * defaults for gnttab_max_frames and gnttab_max_maptrack_frames). */
#define GRANT_FRAMES_MAX 64
#define MAPTRACK_FRAMES_MAX 1024

/* The table of a new domain, with its first frame (as on Xen): 0 or
 * -ENOMEM. d's limits (max_grant_frames, ...) may change until the
 * domain first runs. */
int grant_table_init(struct domain *d);

/*
 * Destruction of d: undo every mapping d holds of others' grants, and
 * close d's own table (mappers of its grants keep their frames). Returns
 * how many table frames d owns, each with its allocation reference,
 * which the caller drops with grant_table_frame().
 */
unsigned int grant_table_close(struct domain *d);
/* Frame i of d's table (i < what grant_table_close returned). */
mfn_t grant_table_frame(const struct domain *d, unsigned int i);
/* Free d's table structures (domain_free, the last reference gone). */
void grant_table_free(struct domain *d);

#endif
