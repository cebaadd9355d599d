/*
 * A tiny cpio "newc" writer for the tests of the ramdisk reader and the
 * shell: it builds archives in memory, field by field, so that a test
 * can also damage any field it likes. It writes what mkcpio writes
 * (inode numbers 1, 2, ..., one link, uid, gid and mtime 0, upper-case
 * hex), so the two can be compared byte for byte.
 */
#ifndef TESTS_CPIO_WRITER_H
#define TESTS_CPIO_WRITER_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_WRITER_MAX 8192
#define CPIO_W_HEADER_SIZE 110
#define CPIO_W_MODE_FILE 0100644u
#define CPIO_W_MODE_DIR 0040755u

/* The header fields after the 6-byte magic, in their order on disk. */
enum cpio_w_field {
    CPIO_W_INO,
    CPIO_W_MODE,
    CPIO_W_UID,
    CPIO_W_GID,
    CPIO_W_NLINK,
    CPIO_W_MTIME,
    CPIO_W_FILESIZE,
    CPIO_W_DEVMAJOR,
    CPIO_W_DEVMINOR,
    CPIO_W_RDEVMAJOR,
    CPIO_W_RDEVMINOR,
    CPIO_W_NAMESIZE,
    CPIO_W_CHECK,
    CPIO_W_FIELDS,
};

struct cpio_writer {
    uint8_t buf[CPIO_WRITER_MAX];
    size_t len;
    uint32_t next_ino;
};

void cpio_writer_init(struct cpio_writer *w);
/* Append an entry; returns the offset of its header. */
size_t cpio_writer_add(struct cpio_writer *w, const char *name, uint32_t mode,
                       const void *data, size_t size);
size_t cpio_writer_file(struct cpio_writer *w, const char *name,
                        const char *text);
size_t cpio_writer_trailer(struct cpio_writer *w);
/* Append raw bytes (padding, garbage). */
void cpio_writer_raw(struct cpio_writer *w, const void *bytes, size_t n);
/* Overwrite one header field with 8 hex digits of value. */
void cpio_writer_set_field(struct cpio_writer *w, size_t header,
                           enum cpio_w_field field, uint32_t value);
/*
 * A heap copy of the first len bytes, exactly len long, so that ASan
 * flags any read past the archive's end. Free it with free().
 */
uint8_t *cpio_writer_copy(const struct cpio_writer *w, size_t len);

#endif /* TESTS_CPIO_WRITER_H */
