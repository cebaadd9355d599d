/*
 * The newc reader behind dom0's ramdisk (see cpio.h for the layout).
 *
 * Every bound check is written as "length > size - offset" with
 * offset <= size always true, so that no sum can wrap: a header's fields
 * are 32-bit numbers chosen by whoever built the archive, and a reader in
 * the guest must not trust them to stay inside the buffer.
 */
#include "cpio.h"

#include <lib/string.h>

#define CPIO_MAGIC "070701"
#define MAGIC_LEN 6
#define FIELD_DIGITS 8
#define FIELD_COUNT 13
#define HEADER_SIZE (MAGIC_LEN + FIELD_COUNT * FIELD_DIGITS)
#define ALIGNMENT 4
#define TRAILER_NAME "TRAILER!!!"
#define HEX_DIGIT_BITS 4
#define HEX_LETTER_BASE 10

/* The 13 header fields after the magic, in their order on disk. */
enum cpio_field {
    FIELD_INO,
    FIELD_MODE,
    FIELD_UID,
    FIELD_GID,
    FIELD_NLINK,
    FIELD_MTIME,
    FIELD_FILESIZE,
    FIELD_DEVMAJOR,
    FIELD_DEVMINOR,
    FIELD_RDEVMAJOR,
    FIELD_RDEVMINOR,
    FIELD_NAMESIZE,
    FIELD_CHECK,
};

_Static_assert(FIELD_CHECK + 1 == FIELD_COUNT, "newc has 13 fields");
_Static_assert(HEADER_SIZE == 110, "a newc header is 110 bytes");

static bool hex_value(uint8_t c, uint32_t *value)
{
    if (c >= '0' && c <= '9')
        *value = c - '0';
    else if (c >= 'a' && c <= 'f')
        *value = c - 'a' + HEX_LETTER_BASE;
    else if (c >= 'A' && c <= 'F')
        *value = c - 'A' + HEX_LETTER_BASE;
    else
        return false;
    return true;
}

/* Eight hex digits always fit 32 bits: no overflow check needed. */
static bool parse_field(const uint8_t *text, uint32_t *out)
{
    uint32_t v = 0, digit;

    for (size_t i = 0; i < FIELD_DIGITS; i++) {
        if (!hex_value(text[i], &digit))
            return false;
        v = (v << HEX_DIGIT_BITS) | digit;
    }
    *out = v;
    return true;
}

/*
 * Skip the padding after offset. Padding cut off by the end of the
 * archive is tolerated here: whatever must come next will then find no
 * room and report that.
 */
static size_t skip_padding(size_t offset, size_t size)
{
    size_t pad = (ALIGNMENT - offset % ALIGNMENT) % ALIGNMENT;

    return pad > size - offset ? size : offset + pad;
}

static enum cpio_status read_header(const struct cpio_iter *it,
                                    uint32_t fields[FIELD_COUNT])
{
    const uint8_t *header = it->base + it->offset;
    size_t left = it->size - it->offset;

    if (left == 0)
        return CPIO_ERR_NO_TRAILER;
    if (left >= MAGIC_LEN && memcmp(header, CPIO_MAGIC, MAGIC_LEN) != 0)
        return CPIO_ERR_MAGIC;
    if (left < HEADER_SIZE)
        return CPIO_ERR_TRUNCATED;
    for (size_t i = 0; i < FIELD_COUNT; i++)
        if (!parse_field(header + MAGIC_LEN + i * FIELD_DIGITS, &fields[i]))
            return CPIO_ERR_HEX;
    return CPIO_OK;
}

/* The name is namesize bytes, and its only NUL is the last of them. */
static enum cpio_status check_name(const uint8_t *name, size_t namesize)
{
    if (namesize == 0 || name[namesize - 1] != '\0')
        return CPIO_ERR_NAME_NUL;
    for (size_t i = 0; i + 1 < namesize; i++)
        if (name[i] == '\0')
            return CPIO_ERR_NAME_INNER;
    return CPIO_OK;
}

/*
 * Decode the entry at it->offset into *entry and move past it. On error
 * it->offset stays on the damaged header.
 */
static enum cpio_status read_entry(struct cpio_iter *it,
                                   struct cpio_entry *entry, bool *trailer)
{
    uint32_t fields[FIELD_COUNT];
    enum cpio_status status = read_header(it, fields);
    size_t name_off, data_off;

    if (status != CPIO_OK)
        return status;
    name_off = it->offset + HEADER_SIZE; /* the header fits: no wrap */
    if (fields[FIELD_NAMESIZE] > it->size - name_off)
        return CPIO_ERR_NAME_END;
    status = check_name(it->base + name_off, fields[FIELD_NAMESIZE]);
    if (status != CPIO_OK)
        return status;
    data_off = skip_padding(name_off + fields[FIELD_NAMESIZE], it->size);
    if (fields[FIELD_FILESIZE] > it->size - data_off)
        return CPIO_ERR_DATA_END;

    entry->name = (const char *)(it->base + name_off);
    entry->name_len = fields[FIELD_NAMESIZE] - 1;
    entry->mode = fields[FIELD_MODE];
    entry->data = it->base + data_off;
    entry->size = fields[FIELD_FILESIZE];
    *trailer = entry->name_len == sizeof(TRAILER_NAME) - 1 &&
               memcmp(entry->name, TRAILER_NAME, entry->name_len) == 0;
    it->offset = skip_padding(data_off + entry->size, it->size);
    return CPIO_OK;
}

/*
 * After a trailer: skip whole words of NUL padding. The end of the
 * buffer (or a few stray NULs) ends the walk; anything else must be the
 * next concatenated archive, which read_header() then checks.
 */
static enum cpio_status after_trailer(struct cpio_iter *it)
{
    static const char zeros[ALIGNMENT] = {0};
    size_t left;

    while (it->size - it->offset >= ALIGNMENT &&
           memcmp(it->base + it->offset, zeros, ALIGNMENT) == 0)
        it->offset += ALIGNMENT;
    /* A whole word left is not all NULs: the next archive starts. */
    left = it->size - it->offset;
    if (left < ALIGNMENT && memcmp(it->base + it->offset, zeros, left) == 0)
        return CPIO_END;
    return CPIO_OK;
}

void cpio_iter_init(struct cpio_iter *it, const void *data, size_t size)
{
    uintptr_t start = (uintptr_t)data;

    it->base = data;
    it->size = data ? size : 0;
    it->offset = 0;
    it->status = CPIO_OK;
    /* Bounds are offsets; they mean nothing if the range itself wraps. */
    if (start + it->size < start) {
        it->size = 0;
        it->status = CPIO_ERR_OVERFLOW;
    }
}

enum cpio_status cpio_next(struct cpio_iter *it, struct cpio_entry *entry)
{
    bool trailer = false;

    while (it->status == CPIO_OK) {
        it->status = read_entry(it, entry, &trailer);
        if (it->status != CPIO_OK)
            break;
        if (!trailer)
            return CPIO_OK;
        it->status = after_trailer(it);
    }
    return it->status;
}

const char *cpio_path_strip(const char *path)
{
    for (;;) {
        if (path[0] == '/')
            path++;
        else if (path[0] == '.' && path[1] == '/')
            path += 2;
        else
            return path;
    }
}

static bool path_equal(const char *a, const char *b)
{
    return strcmp(cpio_path_strip(a), cpio_path_strip(b)) == 0;
}

enum cpio_status cpio_find(const void *data, size_t size, const char *path,
                           struct cpio_entry *entry, size_t *error_offset)
{
    struct cpio_iter it;
    struct cpio_entry cur;
    enum cpio_status status;
    bool found = false;

    cpio_iter_init(&it, data, size);
    while ((status = cpio_next(&it, &cur)) == CPIO_OK) {
        if (path_equal(cur.name, path)) {
            *entry = cur;
            found = true;
        }
    }
    if (status != CPIO_END) {
        if (error_offset)
            *error_offset = it.offset;
        return status;
    }
    return found ? CPIO_OK : CPIO_NOT_FOUND;
}

enum cpio_status cpio_validate(const void *data, size_t size, size_t *count,
                               size_t *error_offset)
{
    struct cpio_iter it;
    struct cpio_entry cur;
    enum cpio_status status;
    size_t n = 0;

    cpio_iter_init(&it, data, size);
    while ((status = cpio_next(&it, &cur)) == CPIO_OK)
        n++;
    if (status != CPIO_END) {
        if (error_offset)
            *error_offset = it.offset;
        return status;
    }
    if (count)
        *count = n;
    return CPIO_OK;
}

static const char *const reasons[] = {
    [CPIO_OK] = "no error",
    [CPIO_END] = "end of archive",
    [CPIO_NOT_FOUND] = "no such file",
    [CPIO_ERR_OVERFLOW] = "archive size overflows the address space",
    [CPIO_ERR_TRUNCATED] = "header cut short by the end of the archive",
    [CPIO_ERR_MAGIC] = "bad magic (not a newc archive)",
    [CPIO_ERR_HEX] = "non-hex digit in a header field",
    [CPIO_ERR_NAME_END] = "name runs past the end of the archive",
    [CPIO_ERR_NAME_NUL] = "name is not NUL-terminated",
    [CPIO_ERR_NAME_INNER] = "name has a NUL before its end",
    [CPIO_ERR_DATA_END] = "file data runs past the end of the archive",
    [CPIO_ERR_NO_TRAILER] = "archive ends without a TRAILER!!! entry",
};

const char *cpio_strerror(enum cpio_status status)
{
    if ((size_t)status >= sizeof(reasons) / sizeof(reasons[0]) ||
        !reasons[status])
        return "unknown error";
    return reasons[status];
}
