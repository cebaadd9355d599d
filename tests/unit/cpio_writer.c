/* The in-memory newc writer the cpio and shell tests build archives with. */
#include "cpio_writer.h"

/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "070701"
#define MAGIC_LEN 6
#define FIELD_DIGITS 8
#define ALIGNMENT 4
#define TRAILER "TRAILER!!!"

void cpio_writer_init(struct cpio_writer *w)
{
    w->len = 0;
    w->next_ino = 1;
}

void cpio_writer_raw(struct cpio_writer *w, const void *bytes, size_t n)
{
    assert_true(n <= sizeof(w->buf) - w->len);
    if (!n)
        return; /* bytes may be NULL then, which memcpy must not see */
    memcpy(w->buf + w->len, bytes, n);
    w->len += n;
}

static void pad(struct cpio_writer *w)
{
    static const uint8_t zeros[ALIGNMENT];

    cpio_writer_raw(w, zeros, (ALIGNMENT - w->len % ALIGNMENT) % ALIGNMENT);
}

void cpio_writer_set_field(struct cpio_writer *w, size_t header,
                           enum cpio_w_field field, uint32_t value)
{
    char text[FIELD_DIGITS + 1];

    snprintf(text, sizeof(text), "%08X", value);
    memcpy(w->buf + header + MAGIC_LEN + field * FIELD_DIGITS, text,
           FIELD_DIGITS);
}

static size_t add(struct cpio_writer *w, uint32_t ino, const char *name,
                  uint32_t mode, const void *data, size_t size)
{
    size_t header = w->len, namesize = strlen(name) + 1;
    uint8_t blank[CPIO_W_HEADER_SIZE - MAGIC_LEN];

    memset(blank, '0', sizeof(blank));
    cpio_writer_raw(w, MAGIC, MAGIC_LEN);
    cpio_writer_raw(w, blank, sizeof(blank));
    cpio_writer_set_field(w, header, CPIO_W_INO, ino);
    cpio_writer_set_field(w, header, CPIO_W_MODE, mode);
    cpio_writer_set_field(w, header, CPIO_W_NLINK, 1);
    cpio_writer_set_field(w, header, CPIO_W_FILESIZE, (uint32_t)size);
    cpio_writer_set_field(w, header, CPIO_W_NAMESIZE, (uint32_t)namesize);
    cpio_writer_raw(w, name, namesize);
    pad(w);
    cpio_writer_raw(w, data, size);
    pad(w);
    return header;
}

size_t cpio_writer_add(struct cpio_writer *w, const char *name, uint32_t mode,
                       const void *data, size_t size)
{
    return add(w, w->next_ino++, name, mode, data, size);
}

size_t cpio_writer_file(struct cpio_writer *w, const char *name,
                        const char *text)
{
    return cpio_writer_add(w, name, CPIO_W_MODE_FILE, text, strlen(text));
}

size_t cpio_writer_trailer(struct cpio_writer *w)
{
    return add(w, 0, TRAILER, 0, NULL, 0);
}

uint8_t *cpio_writer_copy(const struct cpio_writer *w, size_t len)
{
    /* malloc(0) may return NULL, which the reader takes as "no archive". */
    uint8_t *copy = malloc(len ? len : 1);

    assert_non_null(copy);
    if (len)
        memcpy(copy, w->buf, len);
    return copy;
}
