/*
 * Between the xl.cfg lexer (xlcfg.c) and the keys (xlcfg_keys.c): one
 * value as the lexer read it, and where errors go. Not for other users.
 */
#ifndef DOM0_XLCFG_PARSE_H
#define DOM0_XLCFG_PARSE_H

#include "xlcfg.h"

#define XLCFG_VALUE_MAX XLCFG_CMDLINE_MAX /* the longest string a key takes */
#define XLCFG_KEY_LEN_MAX 31

struct xlcfg_lexer {
    const char *file;
    const char *p;          /* the next byte */
    const char *end;        /* after the last byte */
    const char *line_start; /* for columns */
    unsigned line;
    char *err; /* XLCFG_ERROR_MAX bytes */
};

enum xlcfg_value_kind {
    XLCFG_STRING, /* "quoted" or 'quoted', escapes decoded */
    XLCFG_NUMBER, /* bare, starting with a digit */
    XLCFG_WORD,   /* bare, anything else: no key accepts one */
    XLCFG_LIST,   /* [ ... ]: no key accepts one either */
};

struct xlcfg_value {
    enum xlcfg_value_kind kind;
    bool append; /* written `key += value` */
    unsigned key_col;
    unsigned line, col; /* where the value starts */
    unsigned count;     /* items, for a list */
    size_t len;
    char text[XLCFG_VALUE_MAX + 1];
};

/* Writes "FILE:LINE:COL: " and the message into lx->err. */
void xlcfg_fail(const struct xlcfg_lexer *lx, unsigned line, unsigned col,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Checks v for key and stores it in cfg; -1 with lx->err filled. */
int xlcfg_apply(struct xlcfg *cfg, const struct xlcfg_lexer *lx,
                const char *key, const struct xlcfg_value *v);

#endif /* DOM0_XLCFG_PARSE_H */
