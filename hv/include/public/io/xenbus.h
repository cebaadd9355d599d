/*
 * Device states a split driver's two ends publish in xenstore (public
 * guest ABI): each writes its own "state" key, as a decimal number, and
 * watches the other's, so that front end and back end move together
 * from Initialising through Connected to Closed.
 */
#ifndef __XEN_PUBLIC_IO_XENBUS_H__
#define __XEN_PUBLIC_IO_XENBUS_H__

enum xenbus_state {
    XenbusStateUnknown = 0,
    XenbusStateInitialising = 1,
    XenbusStateInitWait = 2,    /* early setup done, waiting for the peer */
    XenbusStateInitialised = 3, /* ready, waiting for the peer to connect */
    XenbusStateConnected = 4,
    XenbusStateClosing = 5, /* unplug or error: tearing down */
    XenbusStateClosed = 6,
    XenbusStateReconfiguring = 7,
    XenbusStateReconfigured = 8
};
typedef enum xenbus_state XenbusState;

#endif
