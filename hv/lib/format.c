/*
 * The formatter behind vsnprintf, and so the hypervisor's printk and
 * panic, and behind guest-lib's printf (format.h): parses one
 * conversion at a time into a struct spec, fetches its argument, and
 * writes it padded to a sink. Integers are converted in 64 bits
 * whatever their length modifier, after the modifier has narrowed them,
 * so every size goes through one path.
 *
 * One source for the hypervisor and guest-lib: it includes nothing but
 * the freestanding C headers, so guests still depend on the public ABI
 * headers alone.
 */
#include <lib/format.h>
#include <stdbool.h>
#include <stdint.h>

enum {
    FLAG_LEFT = 1 << 0,   /* '-': pad on the right */
    FLAG_ZERO = 1 << 1,   /* '0': pad numbers with zeros */
    FLAG_PLUS = 1 << 2,   /* '+': a sign on positive numbers */
    FLAG_SPACE = 1 << 3,  /* ' ': a space on positive numbers */
    FLAG_ALT = 1 << 4,    /* '#': 0x for hex, a leading 0 for octal */
    FLAG_POINTER = 1 << 5 /* %p: 0x even for zero */
};

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

#define NO_PRECISION (-1)
#define BASE_OCTAL 8
#define BASE_DECIMAL 10
#define BASE_HEX 16
/* Enough digits for any 64-bit value in base 8. */
#define MAX_DIGITS 22

struct spec {
    unsigned int flags;
    int width;
    int precision; /* NO_PRECISION when none was given */
    enum length length;
};

/* The sink and a count of everything written to it. */
struct out {
    struct fmt_sink *sink;
    int count;
};

static void emit(struct out *o, char c)
{
    o->sink->put(o->sink, c);
    o->count++;
}

static void emit_repeat(struct out *o, char c, int n)
{
    for (; n > 0; n--)
        emit(o, c);
}

static const char *parse_flags(const char *p, unsigned int *flags)
{
    for (;; p++) {
        switch (*p) {
        case '-':
            *flags |= FLAG_LEFT;
            break;
        case '0':
            *flags |= FLAG_ZERO;
            break;
        case '+':
            *flags |= FLAG_PLUS;
            break;
        case ' ':
            *flags |= FLAG_SPACE;
            break;
        case '#':
            *flags |= FLAG_ALT;
            break;
        default:
            return p;
        }
    }
}

/* A decimal number, or '*' taking an int argument. */
static const char *parse_number(const char *p, int *value, va_list *ap)
{
    if (*p == '*') {
        *value = va_arg(*ap, int);
        return p + 1;
    }
    *value = 0;
    while (*p >= '0' && *p <= '9')
        *value = *value * BASE_DECIMAL + (*p++ - '0');
    return p;
}

static const char *parse_length(const char *p, enum length *length)
{
    *length = LEN_INT;
    switch (*p) {
    case 'h':
        *length = p[1] == 'h' ? LEN_CHAR : LEN_SHORT;
        return p + (p[1] == 'h' ? 2 : 1);
    case 'l':
        *length = p[1] == 'l' ? LEN_LLONG : LEN_LONG;
        return p + (p[1] == 'l' ? 2 : 1);
    case 'z':
    case 't':
    case 'j':
        /* size_t, ptrdiff_t and intmax_t are all 64 bits on x86_64. */
        *length = LEN_SIZE;
        return p + 1;
    default:
        return p;
    }
}

/* Parses what follows a '%' up to the conversion character. */
static const char *parse_spec(const char *p, struct spec *sp, va_list *ap)
{
    sp->flags = 0;
    p = parse_flags(p, &sp->flags);
    p = parse_number(p, &sp->width, ap);
    if (sp->width < 0) {
        /* A negative '*' width means '-' and its magnitude, as in C. */
        sp->flags |= FLAG_LEFT;
        sp->width = -sp->width;
    }
    sp->precision = NO_PRECISION;
    if (*p == '.') {
        p = parse_number(p + 1, &sp->precision, ap);
        if (sp->precision < 0)
            sp->precision = NO_PRECISION;
    }
    return parse_length(p, &sp->length);
}

static uint64_t fetch_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case LEN_CHAR:
        return (unsigned char)va_arg(*ap, unsigned int);
    case LEN_SHORT:
        return (unsigned short)va_arg(*ap, unsigned int);
    case LEN_LONG:
        return va_arg(*ap, unsigned long);
    case LEN_LLONG:
        return va_arg(*ap, unsigned long long);
    case LEN_SIZE:
        return va_arg(*ap, size_t);
    default:
        return va_arg(*ap, unsigned int);
    }
}

static int64_t fetch_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case LEN_CHAR:
        return (signed char)va_arg(*ap, int);
    case LEN_SHORT:
        return (short)va_arg(*ap, int);
    case LEN_LONG:
        return va_arg(*ap, long);
    case LEN_LLONG:
        return va_arg(*ap, long long);
    case LEN_SIZE:
        return va_arg(*ap, long);
    default:
        return va_arg(*ap, int);
    }
}

/* Writes digits in reverse into buf; returns how many. */
static int to_digits(char *buf, uint64_t value, unsigned int base, bool upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;

    while (value) {
        buf[n++] = set[value % base];
        value /= base;
    }
    return n;
}

/* The sign or base prefix of a number; returns its length. */
static int number_prefix(char *prefix, const struct spec *sp, bool negative,
                         uint64_t value, unsigned int base, bool upper)
{
    if (base == BASE_DECIMAL) {
        if (negative)
            prefix[0] = '-';
        else if (sp->flags & FLAG_PLUS)
            prefix[0] = '+';
        else if (sp->flags & FLAG_SPACE)
            prefix[0] = ' ';
        else
            return 0;
        return 1;
    }
    if (base == BASE_HEX &&
        ((sp->flags & FLAG_ALT && value) || sp->flags & FLAG_POINTER)) {
        prefix[0] = '0';
        prefix[1] = upper ? 'X' : 'x';
        return 2;
    }
    return 0;
}

/*
 * One integer: magnitude 'value', its sign apart so that the most
 * negative number needs no special case.
 */
static void emit_integer(struct out *o, const struct spec *sp, uint64_t value,
                         bool negative, unsigned int base, bool upper)
{
    char digits[MAX_DIGITS], prefix[2];
    int ndigits = to_digits(digits, value, base, upper);
    int nprefix = number_prefix(prefix, sp, negative, value, base, upper);
    int zeros = 0, pad;

    /* "%d" of 0 prints "0"; only an explicit precision 0 prints nothing. */
    if (sp->precision == NO_PRECISION && ndigits == 0)
        zeros = 1;
    if (sp->precision > ndigits)
        zeros = sp->precision - ndigits;
    /* '#' with octal: the first digit printed must be a 0. */
    if (base == BASE_OCTAL && (sp->flags & FLAG_ALT) && zeros == 0)
        zeros = 1;
    pad = sp->width - nprefix - zeros - ndigits;
    if ((sp->flags & (FLAG_ZERO | FLAG_LEFT)) == FLAG_ZERO &&
        sp->precision == NO_PRECISION && pad > 0) {
        zeros += pad;
        pad = 0;
    }
    if (!(sp->flags & FLAG_LEFT))
        emit_repeat(o, ' ', pad);
    for (int i = 0; i < nprefix; i++)
        emit(o, prefix[i]);
    emit_repeat(o, '0', zeros);
    while (ndigits > 0)
        emit(o, digits[--ndigits]);
    if (sp->flags & FLAG_LEFT)
        emit_repeat(o, ' ', pad);
}

/* s[0..len) padded to the width. */
static void emit_padded(struct out *o, const struct spec *sp, const char *s,
                        int len)
{
    if (!(sp->flags & FLAG_LEFT))
        emit_repeat(o, ' ', sp->width - len);
    for (int i = 0; i < len; i++)
        emit(o, s[i]);
    if (sp->flags & FLAG_LEFT)
        emit_repeat(o, ' ', sp->width - len);
}

static void emit_string(struct out *o, const struct spec *sp, const char *s)
{
    int len = 0;

    if (!s)
        s = "(null)";
    /* The precision bounds the read too: s need not be terminated. */
    while (s[len] && (sp->precision == NO_PRECISION || len < sp->precision))
        len++;
    emit_padded(o, sp, s, len);
}

/* One conversion; returns false for a character that is none. */
static bool emit_conversion(struct out *o, struct spec *sp, char conv,
                            va_list *ap)
{
    int64_t v;
    char c;

    switch (conv) {
    case 'd':
    case 'i':
        v = fetch_signed(sp, ap);
        emit_integer(o, sp, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0,
                     BASE_DECIMAL, false);
        return true;
    case 'u':
        emit_integer(o, sp, fetch_unsigned(sp, ap), false, BASE_DECIMAL, 0);
        return true;
    case 'x':
    case 'X':
        emit_integer(o, sp, fetch_unsigned(sp, ap), false, BASE_HEX,
                     conv == 'X');
        return true;
    case 'o':
        emit_integer(o, sp, fetch_unsigned(sp, ap), false, BASE_OCTAL, 0);
        return true;
    case 'p':
        sp->flags |= FLAG_POINTER;
        emit_integer(o, sp, (uintptr_t)va_arg(*ap, void *), false, BASE_HEX,
                     false);
        return true;
    case 'c':
        c = (char)va_arg(*ap, int);
        emit_padded(o, sp, &c, 1);
        return true;
    case 's':
        emit_string(o, sp, va_arg(*ap, const char *));
        return true;
    case '%':
        emit(o, '%');
        return true;
    default:
        return false;
    }
}

int fmt_vformat(struct fmt_sink *sink, const char *fmt, va_list ap)
{
    struct out o = {.sink = sink, .count = 0};
    struct spec sp;
    const char *start;
    va_list args;

    /* A copy, so that helpers can advance it through a pointer. */
    va_copy(args, ap);
    while (*fmt) {
        if (*fmt != '%') {
            emit(&o, *fmt++);
            continue;
        }
        start = fmt;
        fmt = parse_spec(fmt + 1, &sp, &args);
        if (*fmt && emit_conversion(&o, &sp, *fmt, &args)) {
            fmt++;
            continue;
        }
        /* Not a conversion: print it as it stands. */
        while (start < fmt)
            emit(&o, *start++);
    }
    va_end(args);
    return o.count;
}

/* A sink into a bounded buffer that counts what did not fit too. */
struct buf_sink {
    struct fmt_sink base; /* first, so a fmt_sink * is a buf_sink * */
    char *buf;
    size_t size;
    size_t len;
};

static void buf_put(struct fmt_sink *sink, char c)
{
    struct buf_sink *b = (struct buf_sink *)sink;

    if (b->len + 1 < b->size)
        b->buf[b->len] = c;
    b->len++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buf_sink b = {.base.put = buf_put, .buf = buf, .size = size};
    int n = fmt_vformat(&b.base, fmt, ap);

    if (size > 0)
        buf[b.len < size ? b.len : size - 1] = '\0';
    return n;
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
