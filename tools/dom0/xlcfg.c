/*
 * The xl.cfg reader: a lexer that walks the text once, keeping line and
 * column, and hands each `key = value` to the key's own check (xlcfg_keys.c).
 * Syntax as xl's libxlu reads it; see xlcfg.h.
 */
#include "xlcfg_parse.h"

#include <lib/format.h>
#include <lib/string.h>

#define OVERRIDE_FILE "command line"
#define OCTAL 8
#define HEX 16
#define HEX_DIGIT_BITS 4

void xlcfg_fail(const struct xlcfg_lexer *lx, unsigned line, unsigned col,
                const char *fmt, ...)
{
    va_list ap;
    int n =
        snprintf(lx->err, XLCFG_ERROR_MAX, "%s:%u:%u: ", lx->file, line, col);

    va_start(ap, fmt);
    if (n >= 0 && n < XLCFG_ERROR_MAX)
        vsnprintf(lx->err + n, XLCFG_ERROR_MAX - (size_t)n, fmt, ap);
    va_end(ap);
}

static bool at_end(const struct xlcfg_lexer *lx)
{
    return lx->p == lx->end;
}

static char peek(const struct xlcfg_lexer *lx)
{
    return at_end(lx) ? '\0' : *lx->p;
}

static unsigned column(const struct xlcfg_lexer *lx)
{
    return (unsigned)(lx->p - lx->line_start) + 1;
}

static void next_line(struct xlcfg_lexer *lx)
{
    lx->p++;
    lx->line++;
    lx->line_start = lx->p;
}

/* Blanks and a comment up to (not over) the end of the line. */
static void skip_blanks(struct xlcfg_lexer *lx)
{
    while (!at_end(lx) && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r'))
        lx->p++;
    if (peek(lx) == '#')
        while (!at_end(lx) && *lx->p != '\n')
            lx->p++;
}

/* Inside a list, line ends are blanks too. */
static void skip_space(struct xlcfg_lexer *lx)
{
    for (skip_blanks(lx); peek(lx) == '\n'; skip_blanks(lx))
        next_line(lx);
}

static bool is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident(char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}

/* A bare value ends where the syntax takes over. */
static bool is_bare(char c)
{
    return c != '\0' && !strchr(" \t\r\n;#,[]=\"'", c);
}

static int digit_in(char c, unsigned base)
{
    int d = -1;

    if (c >= '0' && c <= '9')
        d = c - '0';
    else if (c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
    return d >= 0 && (unsigned)d < base ? d : -1;
}

/* Appends c to the value, refusing to outgrow its buffer. */
static int put_char(struct xlcfg_lexer *lx, struct xlcfg_value *v, char c)
{
    if (v->len == XLCFG_VALUE_MAX) {
        xlcfg_fail(lx, v->line, v->col, "value longer than %u bytes",
                   XLCFG_VALUE_MAX);
        return -1;
    }
    v->text[v->len++] = c;
    v->text[v->len] = '\0';
    return 0;
}

/* \ooo (up to three octal digits) or \xHH (up to two hex digits). */
static int escape_number(struct xlcfg_lexer *lx, unsigned base,
                         unsigned max_digits, char *out)
{
    unsigned value = 0, n = 0;

    for (; n < max_digits && !at_end(lx) && digit_in(*lx->p, base) >= 0; n++)
        value = value * base + (unsigned)digit_in(*lx->p++, base);
    if (n == 0 || value > 0xff)
        return -1;
    *out = (char)value;
    return 0;
}

static int escape(struct xlcfg_lexer *lx, char *out)
{
    static const char from[] = "abfnrtv\"'\\";
    static const char to[] = "\a\b\f\n\r\t\v\"'\\";
    const char *hit;
    char c = peek(lx);

    if (c == 'x') {
        lx->p++;
        return escape_number(lx, HEX, 2, out);
    }
    if (digit_in(c, OCTAL) >= 0)
        return escape_number(lx, OCTAL, 3, out);
    hit = c ? strchr(from, c) : NULL;
    if (!hit)
        return -1;
    lx->p++;
    *out = to[hit - from];
    return 0;
}

/* A quoted string, either quote, with C escapes; on one line. */
static int lex_string(struct xlcfg_lexer *lx, struct xlcfg_value *v)
{
    char quote = *lx->p++;

    v->kind = XLCFG_STRING;
    for (;;) {
        char c = peek(lx);
        unsigned col = column(lx);

        if (at_end(lx) || c == '\n') {
            xlcfg_fail(lx, v->line, v->col, "string not closed");
            return -1;
        }
        lx->p++;
        if (c == quote)
            return 0;
        if (c == '\\' && escape(lx, &c) < 0) {
            xlcfg_fail(lx, lx->line, col, "bad escape in string");
            return -1;
        }
        if (c == '\0') {
            xlcfg_fail(lx, lx->line, col, "NUL byte in string");
            return -1;
        }
        if (put_char(lx, v, c) < 0)
            return -1;
    }
}

/* A number or a bare word: everything up to the next syntax byte. */
static int lex_bare(struct xlcfg_lexer *lx, struct xlcfg_value *v)
{
    v->kind = *lx->p >= '0' && *lx->p <= '9' ? XLCFG_NUMBER : XLCFG_WORD;
    while (is_bare(peek(lx)))
        if (put_char(lx, v, *lx->p++) < 0)
            return -1;
    return 0;
}

static int lex_atom(struct xlcfg_lexer *lx, struct xlcfg_value *v)
{
    char c = peek(lx);

    v->line = lx->line;
    v->col = column(lx);
    v->len = 0;
    v->text[0] = '\0';
    if (c == '"' || c == '\'')
        return lex_string(lx, v);
    if (is_bare(c))
        return lex_bare(lx, v);
    xlcfg_fail(lx, v->line, v->col, "expected a value");
    return -1;
}

/*
 * [ atom, atom, ] over any number of lines. No key takes a list, so
 * the items are checked and dropped: the value says only "a list",
 * where it starts, and how many items it had.
 */
static int lex_list(struct xlcfg_lexer *lx, struct xlcfg_value *v)
{
    struct xlcfg_value item;
    unsigned line = lx->line, col = column(lx), count = 0;

    lx->p++;
    for (skip_space(lx); peek(lx) != ']'; skip_space(lx)) {
        if (at_end(lx)) {
            xlcfg_fail(lx, line, col, "list not closed");
            return -1;
        }
        if (lex_atom(lx, &item) < 0)
            return -1;
        count++;
        skip_space(lx);
        if (peek(lx) == ',')
            lx->p++;
        else if (peek(lx) != ']' && !at_end(lx)) {
            xlcfg_fail(lx, lx->line, column(lx), "expected ',' or ']'");
            return -1;
        }
    }
    lx->p++;
    v->kind = XLCFG_LIST;
    v->line = line;
    v->col = col;
    v->len = 0;
    v->text[0] = '\0';
    v->count = count;
    return 0;
}

/* `KEY = value` or `KEY += value`, the key already at lx->p. */
static int lex_setting(struct xlcfg_lexer *lx, struct xlcfg_value *v, char *key,
                       size_t key_size)
{
    size_t n = 0;
    unsigned col = column(lx);

    while (is_ident(peek(lx))) {
        if (n + 1 == key_size) {
            xlcfg_fail(lx, lx->line, col, "key longer than %zu bytes",
                       key_size - 1);
            return -1;
        }
        key[n++] = *lx->p++;
    }
    key[n] = '\0';
    v->key_col = col;
    skip_blanks(lx);
    v->append = peek(lx) == '+';
    if (v->append)
        lx->p++;
    if (peek(lx) != '=') {
        xlcfg_fail(lx, lx->line, column(lx), "expected '=' after %s", key);
        return -1;
    }
    lx->p++;
    skip_blanks(lx);
    return peek(lx) == '[' ? lex_list(lx, v) : lex_atom(lx, v);
}

/* After a value: blanks, a comment, then a line end, ';' or the end. */
static int end_of_setting(struct xlcfg_lexer *lx)
{
    skip_blanks(lx);
    if (at_end(lx) || peek(lx) == ';' || peek(lx) == '\n')
        return 0;
    xlcfg_fail(lx, lx->line, column(lx), "expected the end of the line");
    return -1;
}

static int parse_text(struct xlcfg *cfg, struct xlcfg_lexer *lx)
{
    struct xlcfg_value v;
    char key[XLCFG_KEY_LEN_MAX + 1];

    for (skip_blanks(lx); !at_end(lx); skip_blanks(lx)) {
        if (*lx->p == '\n') {
            next_line(lx);
            continue;
        }
        if (*lx->p == ';') {
            lx->p++;
            continue;
        }
        if (!is_ident_start(*lx->p)) {
            xlcfg_fail(lx, lx->line, column(lx), "expected a key");
            return -1;
        }
        if (lex_setting(lx, &v, key, sizeof(key)) < 0 ||
            end_of_setting(lx) < 0 || xlcfg_apply(cfg, lx, key, &v) < 0)
            return -1;
    }
    return 0;
}

static void lexer_init(struct xlcfg_lexer *lx, const char *file,
                       const char *text, size_t len, char *err)
{
    lx->file = file;
    lx->p = text;
    lx->end = text + len;
    lx->line_start = text;
    lx->line = 1;
    lx->err = err;
    err[0] = '\0';
}

int xlcfg_parse(struct xlcfg *cfg, const char *file, const char *text,
                size_t len, char *err)
{
    struct xlcfg_lexer lx;

    lexer_init(&lx, file, text, len, err);
    return parse_text(cfg, &lx);
}

int xlcfg_override(struct xlcfg *cfg, unsigned number, const char *arg,
                   char *err)
{
    struct xlcfg_lexer lx;

    lexer_init(&lx, OVERRIDE_FILE, arg, strlen(arg), err);
    lx.line = number;
    return parse_text(cfg, &lx);
}

bool xlcfg_uuid_parse(const char *text, xen_domain_handle_t uuid)
{
    size_t byte = 0;

    if (strlen(text) != XLCFG_UUID_TEXT - 1)
        return false;
    for (size_t i = 0; i < XLCFG_UUID_TEXT - 1; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        int d = digit_in(text[i], HEX);

        if (dash != (text[i] == '-') || (!dash && d < 0))
            return false;
        if (dash)
            continue;
        if (byte % 2 == 0)
            uuid[byte / 2] = (uint8_t)(d << HEX_DIGIT_BITS);
        else
            uuid[byte / 2] |= (uint8_t)d;
        byte++;
    }
    return true;
}

void xlcfg_uuid_format(const xen_domain_handle_t uuid, char *buf)
{
    snprintf(buf, XLCFG_UUID_TEXT,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             uuid[0], uuid[1], uuid[2], uuid[3], uuid[4], uuid[5], uuid[6],
             uuid[7], uuid[8], uuid[9], uuid[10], uuid[11], uuid[12], uuid[13],
             uuid[14], uuid[15]);
}
