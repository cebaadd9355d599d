/*
 * The C string and memory functions for guests: the freestanding
 * library the hypervisor builds from the same source (hv/lib/).
 */
#ifndef PARASOL_STRING_H
#define PARASOL_STRING_H

#include <lib/string.h>

#endif
