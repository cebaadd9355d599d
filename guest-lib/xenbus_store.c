/*
 * The xenbus client's link to this domain's store: the page and event
 * channel the domain builder put in start_info (store_mfn, one of our
 * own frames, and store_evtchn), with an event sent for each ring move
 * and a block until the next event while waiting.
 */
#include <parasol/events.h>
#include <parasol/memory.h>
#include <parasol/start.h>
#include <parasol/xenbus.h>

static void store_notify(void *arg)
{
    (void)arg;
    evtchn_send(guest_start_info->store_evtchn);
}

/* Any event may be the store's: the client looks again either way. */
static void store_wait(void *arg)
{
    (void)arg;
    wait_for_event();
}

int xenbus_connect(struct xenbus *xb)
{
    const start_info_t *si = guest_start_info;

    if (!si->store_mfn || !si->store_evtchn)
        return -XEN_ENOENT; /* dom0: nobody serves it a store */
    if (!mm_mfn_is_ours(si->store_mfn))
        return -XEN_EINVAL; /* the builder's page must be one of ours */
    xenbus_init(xb, mfn_to_virt(si->store_mfn), store_notify, store_wait, NULL);
    return 0;
}
