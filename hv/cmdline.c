/*
 * Command-line parsing (see hv/cmdline.h). The parser is table driven and
 * independent of the options themselves, so host tests drive it with
 * their own tables; the real table is in params.c.
 */
#include <hv/cmdline.h>
#include <hv/lib.h>

#define OPTION_MAX 256 /* longest single option we accept */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"1", "yes", "on", "true", "enable"};
    static const char *const no[] = {"0", "no", "off", "false", "disable"};

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(v, yes[i])) {
            *out = true;
            return true;
        }
        if (!strcmp(v, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

static const struct param *find_param(const struct param *params, size_t n,
                                      const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(params[i].name, name))
            return &params[i];
    return NULL;
}

/* Apply one value; value is NULL for a bare option. */
static bool apply_param(const struct param *p, const char *value)
{
    const char *end;
    uint64_t v;

    switch (p->type) {
    case PARAM_BOOL:
        if (!value) {
            *(bool *)p->var = true;
            return true;
        }
        return parse_bool(value, (bool *)p->var);
    case PARAM_UINT:
    case PARAM_SIZE:
        if (!value)
            return false;
        if (!(p->type == PARAM_UINT ? parse_u64(value, &end, &v)
                                    : parse_size(value, &end, &v)) ||
            *end)
            return false;
        *(uint64_t *)p->var = v;
        return true;
    case PARAM_STRING:
        if (!value || strlen(value) >= p->size)
            return false;
        strlcpy(p->var, value, p->size);
        return true;
    case PARAM_CUSTOM:
        return value && p->parse(value);
    }
    return false;
}

/* Handle one option "name[=value]" of length len. */
static bool parse_option(const char *opt, size_t len,
                         const struct param *params, size_t n,
                         enum cmdline_problem *problem)
{
    char buf[OPTION_MAX];
    char *value;
    const struct param *p;

    *problem = CMDLINE_BAD_VALUE;
    if (len >= sizeof(buf))
        return false;
    memcpy(buf, opt, len);
    buf[len] = '\0';
    value = strchr(buf, '=');
    if (value)
        *value++ = '\0';

    p = find_param(params, n, buf);
    if (!p && !value && !strncmp(buf, "no-", 3)) {
        /* "no-name" turns a boolean off. */
        p = find_param(params, n, buf + 3);
        if (p && p->type == PARAM_BOOL) {
            *(bool *)p->var = false;
            return true;
        }
        p = NULL;
    }
    if (!p) {
        *problem = CMDLINE_UNKNOWN;
        return false;
    }
    return apply_param(p, value);
}

static bool looks_like_path(const char *word, size_t len)
{
    bool slash = false;

    for (size_t i = 0; i < len; i++) {
        if (word[i] == '=')
            return false;
        if (word[i] == '/')
            slash = true;
    }
    return slash;
}

unsigned cmdline_parse(const char *cmdline, const struct param *params,
                       size_t nparams, cmdline_report_t report, void *ctx)
{
    const char *p = cmdline;
    unsigned problems = 0;
    bool first = true;

    for (;;) {
        const char *start;
        size_t len;
        enum cmdline_problem problem;

        while (is_space(*p))
            p++;
        if (!*p)
            break;
        start = p;
        while (*p && !is_space(*p))
            p++;
        len = (size_t)(p - start);
        if (first && looks_like_path(start, len)) {
            first = false;
            continue;
        }
        first = false;
        if (!parse_option(start, len, params, nparams, &problem)) {
            problems++;
            if (report)
                report(problem, start, len, ctx);
        }
    }
    return problems;
}
