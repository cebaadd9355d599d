/*
 * Number parsing (hv/lib/parse.c): the hypervisor's command line and
 * dom0_mem=, the legacy __xen_guest string of the ELF parser.
 *
 * Depends on the freestanding C headers only.
 */
#ifndef LIB_PARSE_H
#define LIB_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Parse an unsigned number in base 10, or base 16 with a 0x prefix, from
 * s. Stores the first unparsed character in *end. Returns false on no
 * digits or overflow.
 */
bool parse_u64(const char *s, const char **end, uint64_t *out);

/* Parse a size with an optional K, M, G or T suffix (bytes otherwise). */
bool parse_size(const char *s, const char **end, uint64_t *out);

#endif
