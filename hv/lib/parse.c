/*
 * Number parsing (lib/parse.h), shared by the hypervisor's command line,
 * dom0_mem= and the ELF parser's legacy __xen_guest string.
 */
#include <lib/parse.h>

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99; /* larger than any base */
}

bool parse_u64(const char *s, const char **end, uint64_t *out)
{
    unsigned base = 10;
    uint64_t v = 0;
    const char *p = s;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
        base = 16;
        p += 2;
    }
    if (digit_value(*p) >= (int)base)
        return false;
    for (; digit_value(*p) < (int)base; p++) {
        unsigned d = (unsigned)digit_value(*p);
        if (v > (UINT64_MAX - d) / base)
            return false;
        v = v * base + d;
    }
    if (end)
        *end = p;
    *out = v;
    return true;
}

bool parse_size(const char *s, const char **end, uint64_t *out)
{
    const char *p;
    uint64_t v;
    unsigned shift = 0;

    if (!parse_u64(s, &p, &v))
        return false;
    switch (*p) {
    case 'k':
    case 'K':
        shift = 10;
        break;
    case 'm':
    case 'M':
        shift = 20;
        break;
    case 'g':
    case 'G':
        shift = 30;
        break;
    case 't':
    case 'T':
        shift = 40;
        break;
    case 'b':
    case 'B':
        break;
    default:
        p--; /* no suffix: nothing to consume */
        break;
    }
    p++;
    if (shift && v > (UINT64_MAX >> shift))
        return false;
    if (end)
        *end = p;
    *out = v << shift;
    return true;
}
