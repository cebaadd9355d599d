/*
 * Small helpers every part of the core uses: string functions, rounding,
 * array sizes, container_of.
 */
#ifndef HV_LIB_H
#define HV_LIB_H

#include <hv/types.h>

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

/* The hypervisor provides its own; host tests use the C library's. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/* Bounded copy that always terminates dst (when size > 0); returns
 * strlen(src) so truncation can be detected. */
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * Parse an unsigned number in base 10, or base 16 with a 0x prefix, from
 * s. Stores the first unparsed character in *end. Returns false on no
 * digits or overflow.
 */
bool parse_u64(const char *s, const char **end, uint64_t *out);

/* Parse a size with an optional K, M, G or T suffix (bytes otherwise). */
bool parse_size(const char *s, const char **end, uint64_t *out);

#endif
