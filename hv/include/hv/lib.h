/*
 * Small helpers every part of the core uses: rounding, array sizes,
 * container_of, number parsing, and the string functions of the library
 * the hypervisor shares with guest-lib (hv/lib/include/lib/string.h).
 */
#ifndef HV_LIB_H
#define HV_LIB_H

#include <hv/types.h>
#include <lib/string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define container_of(ptr, type, member)                                        \
    ((type *)((char *)(ptr)-offsetof(type, member)))

#define KiB(x) ((uint64_t)(x) << 10)
#define MiB(x) ((uint64_t)(x) << 20)
#define GiB(x) ((uint64_t)(x) << 30)

/*
 * Parse an unsigned number in base 10, or base 16 with a 0x prefix, from
 * s. Stores the first unparsed character in *end. Returns false on no
 * digits or overflow.
 */
bool parse_u64(const char *s, const char **end, uint64_t *out);

/* Parse a size with an optional K, M, G or T suffix (bytes otherwise). */
bool parse_size(const char *s, const char **end, uint64_t *out);

#endif
