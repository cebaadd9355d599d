/*
 * mkcpio: pack files into a cpio "newc" archive, the format of dom0's
 * ramdisk (and of a Linux initramfs). A host tool, built as
 * $(BUILD)/tools/mkcpio.
 *
 *   mkcpio -o OUT.cpio [-C DIR] NAME=PATH ...
 *   mkcpio -o OUT.cpio [-C DIR] PATH ...
 *
 * NAME=PATH stores the file PATH under NAME, which may hold directories
 * ("etc/dom0.cfg"); a bare PATH is stored under its basename. With -C,
 * relative PATHs are read from DIR (OUT stays relative to the current
 * directory). Operands may mix both forms; a PATH containing '=' needs
 * the NAME=PATH form. Leading "./" and "/" are dropped from names.
 *
 * The output depends only on the names and the file contents: regular
 * files only, each stored with mode 0100644, uid and gid 0, mtime 0, one
 * link, inode numbers 1, 2, ... in operand order, then a trailer. Every
 * operand is checked before OUT is created: a missing file, a directory,
 * a duplicate name or a file over 4 GiB is reported on stderr, exit
 * status 1, and no OUT is written. Usage errors exit with status 2.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NEWC_MAGIC "070701"
#define NEWC_FIELDS 13
#define NEWC_FIELD_DIGITS 8
#define NEWC_MAGIC_LEN (sizeof(NEWC_MAGIC) - 1)
#define NEWC_HEADER_SIZE (NEWC_MAGIC_LEN + NEWC_FIELDS * NEWC_FIELD_DIGITS)
#define NEWC_ALIGN 4
#define NEWC_MAX_SIZE 0xffffffffu /* c_filesize has 8 hex digits */
#define MODE_REGULAR_0644 0100644u
#define TRAILER_NAME "TRAILER!!!"
#define COPY_CHUNK 65536
#define EXIT_USAGE 2

/* One file to pack. */
struct member {
    const char *name; /* in the archive, without leading "./" or "/" */
    char *path;       /* on the host, with -C applied; owned */
    uint32_t size;
};

/* What goes into one header; the fields not here are always 0. */
struct header {
    uint32_t ino, mode, nlink, filesize, namesize;
};

static const char *program = "mkcpio";

static void usage(void)
{
    fprintf(stderr,
            "usage: %s -o OUT.cpio [-C DIR] NAME=PATH|PATH ...\n"
            "pack regular files into a cpio newc archive\n",
            program);
    exit(EXIT_USAGE);
}

static const char *strip_name(const char *name)
{
    for (;;) {
        if (name[0] == '/')
            name++;
        else if (name[0] == '.' && name[1] == '/')
            name += 2;
        else
            return name;
    }
}

static char *join_path(const char *dir, const char *path)
{
    size_t len = strlen(dir) + 1 + strlen(path) + 1;
    char *joined = malloc(len);

    if (!joined) {
        fprintf(stderr, "%s: out of memory\n", program);
        exit(EXIT_FAILURE);
    }
    if (dir[0] && path[0] != '/')
        snprintf(joined, len, "%s/%s", dir, path);
    else
        snprintf(joined, len, "%s", path);
    return joined;
}

/* Split "NAME=PATH" or "PATH" in place and locate the file. */
static int parse_operand(char *operand, const char *dir, struct member *m)
{
    char *eq = strchr(operand, '=');
    const char *path = operand, *slash;

    if (eq) {
        *eq = '\0';
        path = eq + 1;
        m->name = strip_name(operand);
    } else {
        slash = strrchr(operand, '/');
        m->name = slash ? slash + 1 : operand;
    }
    m->path = join_path(dir, path);
    if (!m->name[0]) {
        fprintf(stderr, "%s: %s: no file name to store it under\n", program,
                m->path);
        return -1;
    }
    return 0;
}

static int check_file(struct member *m)
{
    struct stat st;

    if (stat(m->path, &st) < 0) {
        fprintf(stderr, "%s: %s: %s\n", program, m->path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "%s: %s: not a regular file\n", program, m->path);
        return -1;
    }
    if ((uintmax_t)st.st_size > NEWC_MAX_SIZE) {
        fprintf(stderr, "%s: %s: too large for a newc archive (4 GiB max)\n",
                program, m->path);
        return -1;
    }
    m->size = (uint32_t)st.st_size;
    return 0;
}

static int check_unique(const struct member *members, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (!strcmp(members[i].name, members[count].name)) {
            fprintf(stderr, "%s: %s: name given twice\n", program,
                    members[count].name);
            return -1;
        }
    }
    return 0;
}

static int write_padding(FILE *out, uint64_t *offset)
{
    static const char zeros[NEWC_ALIGN];
    size_t pad = (NEWC_ALIGN - *offset % NEWC_ALIGN) % NEWC_ALIGN;

    *offset += pad;
    return fwrite(zeros, 1, pad, out) == pad ? 0 : -1;
}

/* Header, name and its padding; *offset counts the bytes written. */
static int write_header(FILE *out, uint64_t *offset, const struct header *h,
                        const char *name)
{
    /* The 13 fields in their order on disk. */
    const uint32_t fields[NEWC_FIELDS] = {
        h->ino,      /* c_ino */
        h->mode,     /* c_mode */
        0,           /* c_uid */
        0,           /* c_gid */
        h->nlink,    /* c_nlink */
        0,           /* c_mtime: fixed, for reproducible archives */
        h->filesize, /* c_filesize */
        0,           /* c_devmajor */
        0,           /* c_devminor */
        0,           /* c_rdevmajor */
        0,           /* c_rdevminor */
        h->namesize, /* c_namesize, the NUL included */
        0,           /* c_check: only the "070702" format uses it */
    };

    if (fputs(NEWC_MAGIC, out) == EOF)
        return -1;
    for (size_t i = 0; i < NEWC_FIELDS; i++)
        if (fprintf(out, "%08" PRIX32, fields[i]) != NEWC_FIELD_DIGITS)
            return -1;
    if (fwrite(name, 1, h->namesize, out) != h->namesize)
        return -1;
    *offset += NEWC_HEADER_SIZE + h->namesize;
    return write_padding(out, offset);
}

/* Copy the file, insisting that it still has the size its header says. */
static int copy_data(FILE *out, uint64_t *offset, const struct member *m)
{
    static char chunk[COPY_CHUNK];
    FILE *in = fopen(m->path, "rb");
    size_t got, total = 0;

    if (!in) {
        fprintf(stderr, "%s: %s: %s\n", program, m->path, strerror(errno));
        return -1;
    }
    while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0) {
        if (fwrite(chunk, 1, got, out) != got) {
            fclose(in);
            return -1; /* pack() reports the failed write */
        }
        total += got;
    }
    if (ferror(in) || total != m->size) {
        fprintf(stderr, "%s: %s: read failed or file changed size\n", program,
                m->path);
        fclose(in);
        return -1;
    }
    fclose(in);
    *offset += total;
    return write_padding(out, offset);
}

static int write_archive(FILE *out, const struct member *members, size_t count)
{
    uint64_t offset = 0;
    struct header h = {.nlink = 1};

    for (size_t i = 0; i < count; i++) {
        h.ino = (uint32_t)(i + 1);
        h.mode = MODE_REGULAR_0644;
        h.filesize = members[i].size;
        h.namesize = (uint32_t)strlen(members[i].name) + 1;
        if (write_header(out, &offset, &h, members[i].name) < 0 ||
            copy_data(out, &offset, &members[i]) < 0)
            return -1;
    }
    h = (struct header){.nlink = 1, .namesize = sizeof(TRAILER_NAME)};
    return write_header(out, &offset, &h, TRAILER_NAME);
}

/* Write OUT; on any failure remove it, so no build step uses half of it. */
static int pack(const char *out_path, const struct member *members,
                size_t count)
{
    FILE *out = fopen(out_path, "wb");
    int rc, write_error;

    if (!out) {
        fprintf(stderr, "%s: %s: %s\n", program, out_path, strerror(errno));
        return -1;
    }
    rc = write_archive(out, members, count);
    write_error = ferror(out);
    if (fclose(out) != 0 || write_error) {
        fprintf(stderr, "%s: %s: write failed\n", program, out_path);
        rc = -1;
    }
    if (rc < 0)
        remove(out_path);
    return rc;
}

int main(int argc, char **argv)
{
    const char *out_path = NULL, *dir = "";
    struct member *members;
    int opt, count, rc = 0;

    while ((opt = getopt(argc, argv, "o:C:h")) != -1) {
        if (opt == 'o')
            out_path = optarg;
        else if (opt == 'C')
            dir = optarg;
        else
            usage();
    }
    count = argc - optind;
    if (!out_path || count == 0)
        usage();
    members = calloc((size_t)count, sizeof(*members));
    if (!members)
        return EXIT_FAILURE;
    /* Check every operand before OUT exists: no half-written archive. */
    for (int i = 0; i < count && rc == 0; i++)
        rc = parse_operand(argv[optind + i], dir, &members[i]) ||
             check_file(&members[i]) || check_unique(members, (size_t)i);
    if (rc == 0)
        rc = pack(out_path, members, (size_t)count);
    for (int i = 0; i < count; i++)
        free(members[i].path);
    free(members);
    return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
