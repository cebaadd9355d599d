/*
 * Command-line words of the demo guests (demo_args.h).
 */
#include "demo_args.h"

#include <lib/string.h>

#define DECIMAL_BASE 10

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* The start of the word after the one at s (or the end of the line). */
static const char *next_word(const char *s)
{
    while (*s && !is_space(*s))
        s++;
    while (is_space(*s))
        s++;
    return s;
}

/* Does the word at s begin with prefix of length n, and, if exact, end
 * there? */
static bool word_starts(const char *s, const char *prefix, size_t n, bool exact)
{
    if (strncmp(s, prefix, n) != 0)
        return false;
    return !exact || s[n] == 0 || is_space(s[n]);
}

bool demo_has_word(const char *cmdline, const char *word)
{
    size_t n = strlen(word);

    for (const char *s = next_word(cmdline); *s; s = next_word(s))
        if (word_starts(s, word, n, true))
            return true;
    return false;
}

/* The decimal number at s, up to the end of its word. */
static bool parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;

    if (*s == 0 || is_space(*s))
        return false;
    for (; *s && !is_space(*s); s++) {
        unsigned int digit = (unsigned int)(*s - '0');

        if (digit >= DECIMAL_BASE || v > (UINT64_MAX - digit) / DECIMAL_BASE)
            return false;
        v = v * DECIMAL_BASE + digit;
    }
    *out = v;
    return true;
}

bool demo_arg_u64(const char *cmdline, const char *key, uint64_t *out)
{
    size_t n = strlen(key);

    for (const char *s = next_word(cmdline); *s; s = next_word(s))
        if (word_starts(s, key, n, false) && s[n] == '=')
            return parse_u64(s + n + 1, out);
    return false;
}
