/*
 * Debug keys. Pressing Ctrl-A three times on the console switches its
 * input from dom0 to the hypervisor (and back), as on Xen; then each key
 * runs a handler that prints some of the hypervisor's state ('h' lists
 * them). Handlers run in interrupt context: they only read and print.
 */
#ifndef HV_KEYHANDLER_H
#define HV_KEYHANDLER_H

#include <hv/types.h>

/*
 * The console's input filter (console_set_input_filter): counts Ctrl-A,
 * switches, and while the debug keys have the input runs the handler of
 * each key. True when it took the byte.
 */
bool keyhandler_input(char c);

#endif
