/*
 * Formatted output for guests: snprintf, vsnprintf and the sink
 * interface printf is built on, from the formatter the hypervisor
 * builds from the same source (hv/lib/).
 */
#ifndef PARASOL_FORMAT_H
#define PARASOL_FORMAT_H

#include <lib/format.h>

#endif
