/*
 * The C string and memory functions (lib/string.h) the compiler, the
 * hypervisor and guest-lib rely on. Host tests use the C library's.
 * The build compiles this file with -fno-tree-loop-distribute-patterns,
 * or GCC would turn the loop in memset into a call to memset.
 */
#include <lib/string.h>
#include <stdbool.h>
#include <stdint.h>

/* Word at a time when both ends allow it: page clears and copies are
 * most of the hypervisor's bulk work (building and scrubbing domains). */
#define WORD sizeof(uint64_t)
#define BYTE_REPEAT 0x0101010101010101ULL

static bool word_aligned(uintptr_t bits)
{
    return (bits & (WORD - 1)) == 0;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;

    if (word_aligned((uintptr_t)d | n)) {
        uint64_t *w = dst, v = (unsigned char)c * BYTE_REPEAT;
        for (size_t i = 0; i < n / WORD; i++)
            w[i] = v;
        return dst;
    }
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (word_aligned((uintptr_t)d | (uintptr_t)s | n)) {
        uint64_t *wd = dst;
        const uint64_t *ws = src;
        for (size_t i = 0; i < n / WORD; i++)
            wd[i] = ws[i];
        return dst;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d == s || n == 0)
        return dst;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n; n--, p++) {
        if (*p == (unsigned char)c)
            return (void *)p;
    }
    return NULL;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            return 0;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    const char *last = NULL;

    for (;; s++) {
        if (*s == (char)c)
            last = s;
        if (!*s)
            return (char *)last;
    }
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
