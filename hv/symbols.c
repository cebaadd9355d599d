/* Address to name lookup for backtraces (see hv/symbols.h). */
#include <hv/printk.h>
#include <hv/symbols.h>

extern const struct symbol hv_symbols[];
extern const uint64_t hv_symbols_count;

const struct symbol *symbol_lookup_in(const struct symbol *table, size_t n,
                                      uint64_t addr, uint64_t *offset)
{
    size_t lo = 0, hi = n;

    if (n == 0 || addr < table[0].addr)
        return NULL;
    /* Invariant: table[lo].addr <= addr, and every entry at or after hi
     * lies above addr. */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (table[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - table[lo].addr;
    return &table[lo];
}

const struct symbol *symbol_lookup(uint64_t addr, uint64_t *offset)
{
    return symbol_lookup_in(hv_symbols, hv_symbols_count, addr, offset);
}

void symbol_format(uint64_t addr, char *buf, size_t size)
{
    uint64_t off;
    const struct symbol *s = symbol_lookup(addr, &off);

    if (s)
        snprintf(buf, size, "<%s+%#lx>", s->name, (unsigned long)off);
    else
        snprintf(buf, size, "<unknown>");
}
