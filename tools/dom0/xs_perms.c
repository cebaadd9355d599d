/*
 * xenstore permissions, Xen's model: a node's first entry names its owner
 * and the rights of every domain the other entries do not name; dom0 and
 * the owner have every right. Rights are n (none), r, w or b (both).
 */
#include "xs_internal.h"

#include <lib/format.h>
#include <lib/string.h>

#define DOMID_DIGITS_MAX 5

unsigned xs_perms_for(const struct xs_node *n, uint16_t domid)
{
    if (domid == XS_DOMID_PRIV || n->perms[0].domid == domid)
        return XS_PERM_BOTH;
    for (uint32_t i = 1; i < n->nperms; i++)
        if (n->perms[i].domid == domid)
            return n->perms[i].rights;
    return n->perms[0].rights;
}

bool xs_perms_allow(const struct xs_node *n, uint16_t domid, unsigned want)
{
    return (xs_perms_for(n, domid) & want) == want;
}

static int rights_from_letter(char c)
{
    switch (c) {
    case 'n':
        return XS_PERM_NONE;
    case 'r':
        return XS_PERM_READ;
    case 'w':
        return XS_PERM_WRITE;
    case 'b':
        return XS_PERM_BOTH;
    default:
        return -1;
    }
}

static char letter_from_rights(unsigned rights)
{
    static const char letters[] = {'n', 'r', 'w', 'b'};

    return letters[rights & XS_PERM_BOTH];
}

/* One "<letter><domid>" string; false if it is not one. */
static bool parse_one(const char *p, size_t len, struct xs_perm *out)
{
    int rights = len ? rights_from_letter(p[0]) : -1;
    uint32_t domid = 0;

    if (rights < 0 || len < 2 || len > 1 + DOMID_DIGITS_MAX)
        return false;
    for (size_t i = 1; i < len; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        domid = domid * 10 + (uint32_t)(p[i] - '0');
    }
    if (domid > UINT16_MAX)
        return false;
    out->domid = (uint16_t)domid;
    out->rights = (uint8_t)rights;
    return true;
}

/*
 * The nul-ended strings of text[0, len) into out[0, max): EINVAL for a
 * malformed or missing entry or a last string without its nul, ENOSPC for
 * more than max.
 */
const char *xs_perms_parse(const char *text, uint32_t len, struct xs_perm *out,
                           uint32_t max, uint32_t *n)
{
    uint32_t off = 0;

    *n = 0;
    while (off < len) {
        const char *nul = memchr(text + off, '\0', len - off);

        if (!nul)
            return XS_EINVAL;
        if (*n == max)
            return XS_ENOSPC;
        if (!parse_one(text + off, (size_t)(nul - (text + off)), &out[*n]))
            return XS_EINVAL;
        (*n)++;
        off = (uint32_t)(nul - text) + 1;
    }
    return *n ? NULL : XS_EINVAL;
}

const char *xs_perms_format(const struct xs_node *n, struct xs_reply *r)
{
    r->len = 0;
    for (uint32_t i = 0; i < n->nperms; i++) {
        int w =
            snprintf(r->data + r->len, XS_PAYLOAD_MAX - r->len, "%c%u",
                     letter_from_rights(n->perms[i].rights), n->perms[i].domid);

        if (w < 0 || r->len + (uint32_t)w + 1 > XS_PAYLOAD_MAX)
            return XS_E2BIG;
        r->len += (uint32_t)w + 1;
    }
    return NULL;
}
