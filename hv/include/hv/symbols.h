/*
 * Symbol names of the hypervisor's own code, for backtraces. The table is
 * generated at link time (tools/build/mksyms.sh) and sorted by address.
 */
#ifndef HV_SYMBOLS_H
#define HV_SYMBOLS_H

#include <hv/types.h>

struct symbol {
    uint64_t addr;
    const char *name;
};

/*
 * Find the symbol containing addr in a sorted table: the last entry whose
 * address is <= addr. Returns NULL if addr is below the first one.
 * *offset gets addr minus the symbol's address.
 */
const struct symbol *symbol_lookup_in(const struct symbol *table, size_t n,
                                      uint64_t addr, uint64_t *offset);

/* The same, in the hypervisor's own table. */
const struct symbol *symbol_lookup(uint64_t addr, uint64_t *offset);

/* Format "<name+0xoff>" (or "<unknown>") for addr into buf. */
void symbol_format(uint64_t addr, char *buf, size_t size);

#define SYMBOL_TEXT_MAX 96

#endif
