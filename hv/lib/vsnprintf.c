/*
 * vsnprintf: the formatter behind printk, guest-visible messages and
 * every string the hypervisor builds. Freestanding, no floating point.
 */
#include <hv/lib.h>
#include <hv/printk.h>

enum {
    FLAG_LEFT = 1 << 0,  /* '-' */
    FLAG_ZERO = 1 << 1,  /* '0' */
    FLAG_PLUS = 1 << 2,  /* '+' */
    FLAG_SPACE = 1 << 3, /* ' ' */
    FLAG_ALT = 1 << 4,   /* '#' */
};

/* Output cursor: counts every character, stores those that fit. */
struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void out_char(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void out_repeat(struct out *o, char c, int n)
{
    while (n-- > 0)
        out_char(o, c);
}

struct spec {
    unsigned flags;
    int width;
    int precision; /* -1: none given */
};

static void out_string(struct out *o, const char *s, const struct spec *sp)
{
    size_t len;

    if (!s)
        s = "(null)";
    len = sp->precision >= 0 ? strnlen(s, (size_t)sp->precision) : strlen(s);
    if (!(sp->flags & FLAG_LEFT))
        out_repeat(o, ' ', sp->width - (int)len);
    for (size_t i = 0; i < len; i++)
        out_char(o, s[i]);
    if (sp->flags & FLAG_LEFT)
        out_repeat(o, ' ', sp->width - (int)len);
}

/*
 * Format one integer. 'negative' carries the sign separately so that the
 * most negative value needs no special case.
 */
static void out_number(struct out *o, uint64_t v, bool negative, unsigned base,
                       bool upper, const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24]; /* 22 octal digits fill a 64-bit value */
    int n = 0, zeros, pad;
    char sign = 0;
    const char *prefix = "";

    while (v) {
        tmp[n++] = digits[v % base];
        v /= base;
    }
    if (negative)
        sign = '-';
    else if (sp->flags & FLAG_PLUS)
        sign = '+';
    else if (sp->flags & FLAG_SPACE)
        sign = ' ';
    if ((sp->flags & FLAG_ALT) && n > 0) {
        if (base == 16)
            prefix = upper ? "0X" : "0x";
        else if (base == 8)
            prefix = "0";
    }

    /* Precision 0 with value 0 prints no digits, as C requires. */
    zeros = sp->precision > n ? sp->precision - n : 0;
    if (n == 0 && sp->precision != 0 && !(base == 8 && *prefix))
        zeros = zeros ? zeros : 1;
    if (base == 8 && *prefix && zeros)
        prefix = "";

    pad = sp->width - (n + zeros + (sign != 0) + (int)strlen(prefix));
    if ((sp->flags & FLAG_ZERO) && !(sp->flags & FLAG_LEFT) &&
        sp->precision < 0) {
        zeros += pad > 0 ? pad : 0;
        pad = 0;
    }
    if (!(sp->flags & FLAG_LEFT))
        out_repeat(o, ' ', pad);
    if (sign)
        out_char(o, sign);
    for (const char *p = prefix; *p; p++)
        out_char(o, *p);
    out_repeat(o, '0', zeros);
    while (n > 0)
        out_char(o, tmp[--n]);
    if (sp->flags & FLAG_LEFT)
        out_repeat(o, ' ', pad);
}

enum length { LEN_HH, LEN_H, LEN_INT, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

static enum length parse_length(const char **fmt)
{
    const char *f = *fmt;
    enum length len = LEN_INT;

    switch (*f) {
    case 'h':
        len = f[1] == 'h' ? LEN_HH : LEN_H;
        f += len == LEN_HH ? 2 : 1;
        break;
    case 'l':
        len = f[1] == 'l' ? LEN_LL : LEN_L;
        f += len == LEN_LL ? 2 : 1;
        break;
    case 'z':
        len = LEN_Z, f++;
        break;
    case 't':
        len = LEN_T, f++;
        break;
    case 'j':
        len = LEN_J, f++;
        break;
    }
    *fmt = f;
    return len;
}

static int64_t fetch_signed(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_HH:
        return (signed char)va_arg(*ap, int);
    case LEN_H:
        return (short)va_arg(*ap, int);
    case LEN_INT:
        return va_arg(*ap, int);
    case LEN_L:
        return va_arg(*ap, long);
    case LEN_Z:
    case LEN_T:
        return va_arg(*ap, ptrdiff_t);
    default:
        return va_arg(*ap, long long);
    }
}

static uint64_t fetch_unsigned(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_HH:
        return (unsigned char)va_arg(*ap, unsigned);
    case LEN_H:
        return (unsigned short)va_arg(*ap, unsigned);
    case LEN_INT:
        return va_arg(*ap, unsigned);
    case LEN_L:
        return va_arg(*ap, unsigned long);
    case LEN_Z:
    case LEN_T:
        return va_arg(*ap, size_t);
    default:
        return va_arg(*ap, unsigned long long);
    }
}

static int parse_int_field(const char **fmt, va_list *ap)
{
    int v = 0;

    if (**fmt == '*') {
        (*fmt)++;
        return va_arg(*ap, int);
    }
    while (**fmt >= '0' && **fmt <= '9')
        v = v * 10 + (*(*fmt)++ - '0');
    return v;
}

static void parse_spec(const char **fmt, va_list *ap, struct spec *sp)
{
    const char *f = *fmt;

    sp->flags = 0;
    for (;; f++) {
        if (*f == '-')
            sp->flags |= FLAG_LEFT;
        else if (*f == '0')
            sp->flags |= FLAG_ZERO;
        else if (*f == '+')
            sp->flags |= FLAG_PLUS;
        else if (*f == ' ')
            sp->flags |= FLAG_SPACE;
        else if (*f == '#')
            sp->flags |= FLAG_ALT;
        else
            break;
    }
    sp->width = parse_int_field(&f, ap);
    if (sp->width < 0) { /* a negative '*' width means left-justify */
        sp->flags |= FLAG_LEFT;
        sp->width = -sp->width;
    }
    sp->precision = -1;
    if (*f == '.') {
        f++;
        sp->precision = parse_int_field(&f, ap);
        if (sp->precision < 0)
            sp->precision = -1;
    }
    *fmt = f;
}

/* Handle one conversion after '%'; returns false on an unknown one. */
static bool convert(struct out *o, const char **fmt, va_list *ap)
{
    struct spec sp;
    enum length len;
    char c;
    int64_t sv;

    parse_spec(fmt, ap, &sp);
    len = parse_length(fmt);
    c = *(*fmt)++;
    switch (c) {
    case 'd':
    case 'i':
        sv = fetch_signed(ap, len);
        out_number(o, sv < 0 ? -(uint64_t)sv : (uint64_t)sv, sv < 0, 10, false,
                   &sp);
        return true;
    case 'u':
        out_number(o, fetch_unsigned(ap, len), false, 10, false, &sp);
        return true;
    case 'x':
    case 'X':
        out_number(o, fetch_unsigned(ap, len), false, 16, c == 'X', &sp);
        return true;
    case 'o':
        out_number(o, fetch_unsigned(ap, len), false, 8, false, &sp);
        return true;
    case 'p':
        sp.flags |= FLAG_ALT | FLAG_ZERO;
        sp.width = 18; /* 0x + 16 digits: addresses line up in dumps */
        out_number(o, (uintptr_t)va_arg(*ap, void *), false, 16, false, &sp);
        return true;
    case 'c': {
        char ch = (char)va_arg(*ap, int);
        if (!(sp.flags & FLAG_LEFT))
            out_repeat(o, ' ', sp.width - 1);
        out_char(o, ch);
        if (sp.flags & FLAG_LEFT)
            out_repeat(o, ' ', sp.width - 1);
        return true;
    }
    case 's':
        out_string(o, va_arg(*ap, const char *), &sp);
        return true;
    case '%':
        out_char(o, '%');
        return true;
    default:
        return false;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {.buf = buf, .size = size, .len = 0};
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        const char *start = fmt;

        if (*fmt != '%') {
            out_char(&o, *fmt++);
            continue;
        }
        fmt++;
        if (!convert(&o, &fmt, &args)) {
            /* Unknown conversion: print it verbatim, never guess. */
            while (start < fmt && *start)
                out_char(&o, *start++);
            if (!fmt[-1])
                break;
        }
    }
    va_end(args);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
