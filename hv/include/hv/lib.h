/*
 * Small helpers every part of the core uses: rounding, array sizes,
 * container_of, number parsing, and the string functions. All come from
 * the freestanding library the hypervisor shares with guest-lib and dom0
 * (hv/lib/include/lib/).
 */
#ifndef HV_LIB_H
#define HV_LIB_H

#include <hv/types.h>
#include <lib/macros.h>
#include <lib/parse.h>
#include <lib/string.h>

#endif
