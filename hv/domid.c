/*
 * Choosing the ID of a new domain (XEN_DOMCTL_createdomain), as Xen
 * does: an explicit ID in 1..DOMID_FIRST_RESERVED-1 is taken as is, if
 * free; 0 or a reserved ID asks the hypervisor to choose. It takes the
 * first free ID after the last one it chose (the rover), wrapping from
 * the reserved IDs to 1, so that IDs are not reused soon after their
 * domain died. The rover moves even if the creation then fails.
 */
#include <hv/domid.h>
#include <hv/errno.h>
#include <public/xen.h>

int domid_choose(domid_t asked, domid_t *rover, bool (*in_use)(domid_t),
                 domid_t *chosen)
{
    domid_t id = *rover;

    if (asked > 0 && asked < DOMID_FIRST_RESERVED) {
        if (in_use(asked))
            return -EEXIST;
        *chosen = asked;
        return 0;
    }
    /* Every ID from 1 to DOMID_FIRST_RESERVED - 1 is tried at most once. */
    for (unsigned int tries = 1; tries < DOMID_FIRST_RESERVED; tries++) {
        id = id + 1 >= DOMID_FIRST_RESERVED ? 1 : id + 1;
        if (!in_use(id)) {
            *rover = id;
            *chosen = id;
            return 0;
        }
    }
    return -ENOMEM;
}
