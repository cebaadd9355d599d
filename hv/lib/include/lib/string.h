/*
 * The C string and memory functions, one freestanding copy (hv/lib/
 * string.c) compiled into the hypervisor and into guest-lib. The
 * compiler may emit calls to memcpy, memset, memmove and memcmp on its
 * own (structure copies, zeroing), so whatever links this library must
 * not define its own. Host unit tests use the C library's instead.
 *
 * Depends on the freestanding C headers only: no ABI, no hypervisor
 * header.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/*
 * Copies src into dst[size], always NUL-terminated when size > 0;
 * returns strlen(src), so that a result >= size means truncation.
 */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
