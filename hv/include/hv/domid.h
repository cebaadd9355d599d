/*
 * Domain ID allocation (domid.c): pure logic, host-tested.
 */
#ifndef HV_DOMID_H
#define HV_DOMID_H

#include <hv/types.h>
#include <public/xen.h>

/*
 * The ID of a new domain: 'asked' if it is a usable ID (-EEXIST if
 * in_use says it is taken), else the first free one after *rover,
 * which then moves to it (-ENOMEM if every ID is taken). Writes
 * *chosen on success.
 */
int domid_choose(domid_t asked, domid_t *rover, bool (*in_use)(domid_t),
                 domid_t *chosen);

#endif
