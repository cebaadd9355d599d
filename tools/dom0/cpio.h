/*
 * A reader of cpio "newc" archives, the format of dom0's ramdisk (the
 * same as a Linux initramfs). It works in place on the archive's bytes:
 * no allocation, no copies, and it never reads outside [data, data+size)
 * however the archive is damaged. Freestanding C11, so dom0 links the
 * same file the host tests run.
 *
 * Layout of one entry, every offset relative to the archive's start:
 *   110-byte header: "070701" and 13 fields of 8 ASCII hex digits
 *   name: c_namesize bytes including its NUL, padded to 4 bytes
 *   data: c_filesize bytes, padded to 4 bytes
 * An entry named "TRAILER!!!" ends the archive. As in Linux, archives may
 * be concatenated: NUL padding after a trailer is skipped and another
 * archive may follow.
 */
#ifndef DOM0_CPIO_H
#define DOM0_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* File type bits of cpio_entry.mode, as in POSIX st_mode. */
#define CPIO_MODE_TYPE 0170000u
#define CPIO_MODE_REG 0100000u
#define CPIO_MODE_DIR 0040000u

enum cpio_status {
    CPIO_OK,             /* an entry was returned, or the path found */
    CPIO_END,            /* the last trailer was reached */
    CPIO_NOT_FOUND,      /* cpio_find: a valid archive without the path */
    CPIO_ERR_OVERFLOW,   /* data + size wraps around the address space */
    CPIO_ERR_TRUNCATED,  /* fewer bytes left than a header needs */
    CPIO_ERR_MAGIC,      /* a header does not start with "070701" */
    CPIO_ERR_HEX,        /* a header field has a non-hex digit */
    CPIO_ERR_NAME_END,   /* the name runs past the end of the archive */
    CPIO_ERR_NAME_NUL,   /* the name's last byte is not a NUL */
    CPIO_ERR_NAME_INNER, /* a NUL inside the name, before its end */
    CPIO_ERR_DATA_END,   /* the data runs past the end of the archive */
    CPIO_ERR_NO_TRAILER, /* the archive ends without "TRAILER!!!" */
};

/* One entry; every pointer points into the archive. */
struct cpio_entry {
    const char *name;    /* NUL-terminated, as stored (maybe "./x") */
    size_t name_len;     /* without the NUL */
    uint32_t mode;       /* type and permission bits */
    const uint8_t *data; /* size bytes */
    size_t size;
};

/* A walk over the entries. Fields are private but for offset. */
struct cpio_iter {
    const uint8_t *base;
    size_t size;
    size_t offset; /* of the next header, or of the damage after an error */
    enum cpio_status status; /* sticky once CPIO_END or an error */
};

/* Start a walk over the size bytes at data. */
void cpio_iter_init(struct cpio_iter *it, const void *data, size_t size);

/*
 * Return the next entry (CPIO_OK), CPIO_END after the trailer, or the
 * error that stops the walk; it->offset then says where. Trailers are
 * not returned as entries. After CPIO_END or an error every further
 * call returns the same status.
 */
enum cpio_status cpio_next(struct cpio_iter *it, struct cpio_entry *entry);

/*
 * Look up path ("x/y", "./x/y" and "/x/y" are the same file) in the whole
 * archive; when a name occurs twice the later entry wins, as in Linux.
 * The walk covers every entry, so damage anywhere is reported even when
 * the path comes before it. Returns CPIO_OK with *entry filled,
 * CPIO_NOT_FOUND, or an error; *error_offset (if not NULL) gets the
 * offset of the damage.
 */
enum cpio_status cpio_find(const void *data, size_t size, const char *path,
                           struct cpio_entry *entry, size_t *error_offset);

/*
 * Walk the whole archive: CPIO_OK when it is well formed (then *count,
 * if not NULL, gets the number of entries), else the first error.
 */
enum cpio_status cpio_validate(const void *data, size_t size, size_t *count,
                               size_t *error_offset);

/* The path without its leading "./" and "/" parts, for display. */
const char *cpio_path_strip(const char *path);

/* A short English reason for a status, e.g. "bad magic". */
const char *cpio_strerror(enum cpio_status status);

static inline bool cpio_is_regular(const struct cpio_entry *entry)
{
    return (entry->mode & CPIO_MODE_TYPE) == CPIO_MODE_REG;
}

#endif /* DOM0_CPIO_H */
