/*
 * xenstore paths: a request's path made absolute (a relative one is under
 * the caller's home, /local/domain/<domid>) and checked as xenstored
 * checks it: it starts with '/', does not end with one (but "/" itself),
 * has no empty component, only [A-Za-z0-9_@-] besides '/', and no more
 * than XS_REL_PATH_MAX characters below a domain's home.
 */
#include "xs_internal.h"

#include <lib/format.h>
#include <lib/string.h>

#define HOME_PREFIX "/local/domain/"

static bool path_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '@' ||
           c == '/';
}

/* Characters past a leading /local/domain/<digits>/, or 0. */
static size_t home_part_len(const char *path)
{
    size_t n = sizeof(HOME_PREFIX) - 1;
    size_t digits = 0;

    if (strncmp(path, HOME_PREFIX, n) != 0)
        return 0;
    while (path[n + digits] >= '0' && path[n + digits] <= '9')
        digits++;
    if (digits == 0 || digits > 5 || path[n + digits] != '/')
        return 0;
    return n + digits + 1;
}

static bool path_valid(const char *path)
{
    size_t len = strlen(path);

    if (path[0] != '/' || len > XS_ABS_PATH_MAX)
        return false;
    if (len > 1 && path[len - 1] == '/')
        return false;
    if (len - home_part_len(path) > XS_REL_PATH_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (!path_char_ok(path[i]))
            return false;
        if (path[i] == '/' && path[i + 1] == '/')
            return false;
    }
    return true;
}

int xs_path_home(uint16_t domid, char *buf, size_t size)
{
    return snprintf(buf, size, HOME_PREFIX "%u", domid);
}

const char *xs_path_canonical(uint16_t domid, const char *path, char *buf)
{
    size_t len = strnlen(path, XS_ABS_PATH_MAX + 1);

    if (len > XS_ABS_PATH_MAX || path[0] == '@')
        return NULL;
    if (path[0] == '/') {
        memcpy(buf, path, len + 1);
    } else {
        int home = xs_path_home(domid, buf, XS_ABS_PATH_MAX + 1);

        if (len > XS_REL_PATH_MAX || (size_t)home + 1 + len > XS_ABS_PATH_MAX)
            return NULL;
        buf[home] = '/';
        memcpy(buf + home + 1, path, len + 1);
    }
    return path_valid(buf) ? buf : NULL;
}

/* Whether path is top or lies below it. */
bool xs_path_within(const char *path, const char *top)
{
    size_t n = strlen(top);

    if (strcmp(top, "/") == 0)
        return path[0] == '/';
    return strncmp(path, top, n) == 0 && (path[n] == '\0' || path[n] == '/');
}
