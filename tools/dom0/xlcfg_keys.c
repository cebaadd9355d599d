/*
 * The keys of xl.cfg that Parasol takes: a table of {name, checker},
 * each checker validating one value and storing it, and the checks and
 * defaults of xlcfg_finish() that need every key at once. Values are
 * read as xl reads them (numbers as strtol with base 0 does, quoted or
 * not), with one error line each when they do not fit.
 */
#include "xlcfg_parse.h"

#include <lib/format.h>
#include <lib/string.h>

#define DECIMAL 10
#define OCTAL 8
#define HEX 16
#define MEMORY_MAX_MIB (1ull << 20) /* 1 TiB: more than any machine here */
#define VCPUS_MAX 128 /* the parser's bound; the hypervisor has its own */

struct key;
typedef int (*key_check)(struct xlcfg *cfg, const struct key *key,
                         const struct xlcfg_lexer *lx,
                         const struct xlcfg_value *v);

struct key {
    const char *name;
    enum xlcfg_key id;
    key_check check;
    size_t size;       /* for a string: its buffer in struct xlcfg */
    uint64_t min, max; /* for a number */
};

static const char *const action_names[XLCFG_ACTION_COUNT] = {
    [XLCFG_ACTION_DESTROY] = "destroy",
    [XLCFG_ACTION_RESTART] = "restart",
    [XLCFG_ACTION_RENAME_RESTART] = "rename-restart",
    [XLCFG_ACTION_PRESERVE] = "preserve",
    [XLCFG_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
    [XLCFG_ACTION_COREDUMP_RESTART] = "coredump-restart",
    [XLCFG_ACTION_SOFT_RESET] = "soft-reset",
};

/* What Parasol does instead of an action it does not carry out: keep
 * the part it can (the restart, the destroy) and drop the rest. */
static const enum xlcfg_action action_fallback[XLCFG_ACTION_COUNT] = {
    [XLCFG_ACTION_DESTROY] = XLCFG_ACTION_DESTROY,
    [XLCFG_ACTION_RESTART] = XLCFG_ACTION_RESTART,
    [XLCFG_ACTION_RENAME_RESTART] = XLCFG_ACTION_RESTART,
    [XLCFG_ACTION_PRESERVE] = XLCFG_ACTION_PRESERVE,
    [XLCFG_ACTION_COREDUMP_DESTROY] = XLCFG_ACTION_DESTROY,
    [XLCFG_ACTION_COREDUMP_RESTART] = XLCFG_ACTION_RESTART,
    [XLCFG_ACTION_SOFT_RESET] = XLCFG_ACTION_DESTROY,
};

static const char *const event_keys[XLCFG_EVENT_COUNT] = {
    [XLCFG_ON_POWEROFF] = "on_poweroff",
    [XLCFG_ON_REBOOT] = "on_reboot",
    [XLCFG_ON_WATCHDOG] = "on_watchdog",
    [XLCFG_ON_CRASH] = "on_crash",
};

/* xl's defaults (xl.cfg(5)). */
static const enum xlcfg_action event_defaults[XLCFG_EVENT_COUNT] = {
    [XLCFG_ON_POWEROFF] = XLCFG_ACTION_DESTROY,
    [XLCFG_ON_REBOOT] = XLCFG_ACTION_RESTART,
    [XLCFG_ON_WATCHDOG] = XLCFG_ACTION_DESTROY,
    [XLCFG_ON_CRASH] = XLCFG_ACTION_DESTROY,
};

/* Keys xl knows that Parasol's toolstack does not provide. */
static const char *const unsupported_keys[] = {
    "ramdisk", "bootloader", "bootloader_args", "disk",    "vif",
    "pci",     "cpus",       "cpus_soft",       "pool",    "seclabel",
    "vfb",     "vkb",        "channel",         "builder", "on_soft_reset",
};

const char *xlcfg_action_name(enum xlcfg_action action)
{
    return action_names[action];
}

enum xlcfg_action xlcfg_action_effective(enum xlcfg_action action)
{
    return action_fallback[action];
}

const char *xlcfg_event_key(enum xlcfg_event event)
{
    return event_keys[event];
}

void xlcfg_init(struct xlcfg *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    for (unsigned e = 0; e < XLCFG_EVENT_COUNT; e++)
        cfg->on[e] = event_defaults[e];
}

static char *string_field(struct xlcfg *cfg, enum xlcfg_key id)
{
    switch (id) {
    case XLCFG_KEY_NAME:
        return cfg->name;
    case XLCFG_KEY_KERNEL:
        return cfg->kernel;
    case XLCFG_KEY_CMDLINE:
        return cfg->cmdline;
    case XLCFG_KEY_ROOT:
        return cfg->root;
    default:
        return cfg->extra;
    }
}

/*
 * A string, or a bare number (xl keeps every atom as text); with +=
 * appended to what the key holds. The result in buf, for the key's
 * own checks.
 */
static int string_value(const struct key *key, const struct xlcfg_lexer *lx,
                        const struct xlcfg_value *v, char *buf)
{
    size_t have = v->append ? strlen(buf) : 0;

    if (v->kind != XLCFG_STRING && v->kind != XLCFG_NUMBER) {
        xlcfg_fail(lx, v->line, v->col, "%s: expected a string in quotes",
                   key->name);
        return -1;
    }
    if (have + v->len >= key->size) {
        xlcfg_fail(lx, v->line, v->col, "%s: longer than %zu bytes", key->name,
                   key->size - 1);
        return -1;
    }
    memcpy(buf + have, v->text, v->len + 1);
    return 0;
}

static int check_string(struct xlcfg *cfg, const struct key *key,
                        const struct xlcfg_lexer *lx,
                        const struct xlcfg_value *v)
{
    char buf[XLCFG_CMDLINE_MAX + 1];
    char *field = string_field(cfg, key->id);

    strlcpy(buf, field, sizeof(buf));
    if (string_value(key, lx, v, buf) < 0)
        return -1;
    if (key->id == XLCFG_KEY_KERNEL && buf[0] == '\0') {
        xlcfg_fail(lx, v->line, v->col, "kernel: empty path");
        return -1;
    }
    memcpy(field, buf, strlen(buf) + 1);
    return 0;
}

static bool all_digits(const char *s)
{
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* A name must stay usable where a domain is named: on the shell's
 * command line (no blanks), and apart from domain IDs (not all digits). */
static const char *name_problem(const char *name)
{
    if (name[0] == '\0')
        return "empty";
    if (all_digits(name))
        return "all digits, which would read as a domain ID";
    for (; *name; name++)
        if (*name <= ' ' || *name > '~')
            return "only printable characters without blanks";
    return NULL;
}

static int check_name(struct xlcfg *cfg, const struct key *key,
                      const struct xlcfg_lexer *lx, const struct xlcfg_value *v)
{
    char buf[XLCFG_CMDLINE_MAX + 1];
    const char *problem;

    strlcpy(buf, cfg->name, sizeof(buf));
    if (string_value(key, lx, v, buf) < 0)
        return -1;
    problem = name_problem(buf);
    if (problem) {
        xlcfg_fail(lx, v->line, v->col, "name: %s", problem);
        return -1;
    }
    strlcpy(cfg->name, buf, sizeof(cfg->name));
    return 0;
}

/* Only for string keys: xl would glue numbers together as text. */
static int no_append(const struct key *key, const struct xlcfg_lexer *lx,
                     const struct xlcfg_value *v)
{
    if (!v->append)
        return 0;
    xlcfg_fail(lx, v->line, v->key_col, "%s: += needs a string key", key->name);
    return -1;
}

/* As strtol with base 0 reads a whole value: blanks and a sign first
 * (quoted values only), then 0x hex, 0 octal or decimal. */
static bool number_text(const char *s, bool *negative, uint64_t *out)
{
    unsigned base = DECIMAL;
    uint64_t value = 0;

    while (*s == ' ' || *s == '\t')
        s++;
    *negative = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = HEX;
        s += 2;
    } else if (s[0] == '0' && s[1]) {
        base = OCTAL;
    }
    if (!*s)
        return false;
    for (; *s; s++) {
        int d = *s >= '0' && *s <= '9'   ? *s - '0'
                : *s >= 'a' && *s <= 'f' ? *s - 'a' + DECIMAL
                : *s >= 'A' && *s <= 'F' ? *s - 'A' + DECIMAL
                                         : -1;

        if (d < 0 || (unsigned)d >= base)
            return false;
        if (value > (UINT64_MAX - (unsigned)d) / base)
            value = UINT64_MAX; /* saturate: out of range anyway */
        else
            value = value * base + (unsigned)d;
    }
    *out = value;
    return true;
}

static int number_value(const struct key *key, const struct xlcfg_lexer *lx,
                        const struct xlcfg_value *v, uint64_t *out)
{
    bool negative = false;

    if (no_append(key, lx, v) < 0)
        return -1;
    if ((v->kind != XLCFG_NUMBER && v->kind != XLCFG_STRING) ||
        !number_text(v->text, &negative, out)) {
        xlcfg_fail(lx, v->line, v->col, "%s: not a number", key->name);
        return -1;
    }
    if ((negative && *out) || *out < key->min || *out > key->max) {
        xlcfg_fail(lx, v->line, v->col, "%s: out of range (%llu to %llu)",
                   key->name, (unsigned long long)key->min,
                   (unsigned long long)key->max);
        return -1;
    }
    return 0;
}

static int check_number(struct xlcfg *cfg, const struct key *key,
                        const struct xlcfg_lexer *lx,
                        const struct xlcfg_value *v)
{
    uint64_t n;

    if (number_value(key, lx, v, &n) < 0)
        return -1;
    switch (key->id) {
    case XLCFG_KEY_MEMORY:
        cfg->memory_mib = n;
        break;
    case XLCFG_KEY_MAXMEM:
        cfg->maxmem_mib = n;
        break;
    case XLCFG_KEY_VCPUS:
        cfg->vcpus = (unsigned)n;
        break;
    case XLCFG_KEY_MAXVCPUS:
        cfg->maxvcpus = (unsigned)n;
        break;
    case XLCFG_KEY_CPU_WEIGHT:
        cfg->cpu_weight = (unsigned)n;
        cfg->has_sched = true;
        break;
    default:
        cfg->cap = (unsigned)n;
        cfg->has_sched = true;
        break;
    }
    return 0;
}

/* A string value that must be one of a few words. */
static int word_value(const struct key *key, const struct xlcfg_lexer *lx,
                      const struct xlcfg_value *v)
{
    if (no_append(key, lx, v) < 0)
        return -1;
    if (v->kind == XLCFG_STRING)
        return 0;
    xlcfg_fail(lx, v->line, v->col, "%s: expected a string in quotes",
               key->name);
    return -1;
}

static int check_type(struct xlcfg *cfg, const struct key *key,
                      const struct xlcfg_lexer *lx, const struct xlcfg_value *v)
{
    (void)cfg;
    if (word_value(key, lx, v) < 0)
        return -1;
    if (strcmp(v->text, "pv") == 0)
        return 0;
    if (strcmp(v->text, "pvh") == 0 || strcmp(v->text, "hvm") == 0)
        xlcfg_fail(lx, v->line, v->col,
                   "type: \"%s\" is not supported (only \"pv\")", v->text);
    else
        xlcfg_fail(lx, v->line, v->col,
                   "type: not a domain type (pv, pvh or hvm)");
    return -1;
}

static int check_uuid(struct xlcfg *cfg, const struct key *key,
                      const struct xlcfg_lexer *lx, const struct xlcfg_value *v)
{
    if (word_value(key, lx, v) < 0)
        return -1;
    if (!xlcfg_uuid_parse(v->text, cfg->uuid)) {
        xlcfg_fail(lx, v->line, v->col,
                   "uuid: not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        return -1;
    }
    cfg->has_uuid = true;
    return 0;
}

static int check_action(struct xlcfg *cfg, const struct key *key,
                        const struct xlcfg_lexer *lx,
                        const struct xlcfg_value *v)
{
    enum xlcfg_event event =
        (enum xlcfg_event)(key->id - XLCFG_KEY_ON_POWEROFF);

    if (word_value(key, lx, v) < 0)
        return -1;
    for (unsigned a = 0; a < XLCFG_ACTION_COUNT; a++) {
        if (strcmp(v->text, action_names[a]) == 0) {
            cfg->on[event] = (enum xlcfg_action)a;
            return 0;
        }
    }
    xlcfg_fail(lx, v->line, v->col,
               "%s: not an action (destroy, restart, rename-restart, "
               "preserve, coredump-destroy, coredump-restart, soft-reset)",
               key->name);
    return -1;
}

#define STRING_KEY(key_name, id_, field)                                       \
    {                                                                          \
        .name = key_name, .id = id_, .check = check_string,                    \
        .size = sizeof(((struct xlcfg *)0)->field)                             \
    }
#define NUMBER_KEY(key_name, id_, lo, hi)                                      \
    {                                                                          \
        .name = key_name, .id = id_, .check = check_number, .min = lo,         \
        .max = hi                                                              \
    }
#define ACTION_KEY(key_name, id_)                                              \
    {                                                                          \
        .name = key_name, .id = id_, .check = check_action                     \
    }

static const struct key keys[] = {
    {.name = "name",
     .id = XLCFG_KEY_NAME,
     .check = check_name,
     .size = XLCFG_NAME_MAX + 1},
    {.name = "type", .id = XLCFG_KEY_TYPE, .check = check_type},
    STRING_KEY("kernel", XLCFG_KEY_KERNEL, kernel),
    STRING_KEY("cmdline", XLCFG_KEY_CMDLINE, cmdline),
    STRING_KEY("root", XLCFG_KEY_ROOT, root),
    STRING_KEY("extra", XLCFG_KEY_EXTRA, extra),
    NUMBER_KEY("memory", XLCFG_KEY_MEMORY, 1, MEMORY_MAX_MIB),
    NUMBER_KEY("maxmem", XLCFG_KEY_MAXMEM, 1, MEMORY_MAX_MIB),
    NUMBER_KEY("vcpus", XLCFG_KEY_VCPUS, 1, VCPUS_MAX),
    NUMBER_KEY("maxvcpus", XLCFG_KEY_MAXVCPUS, 1, VCPUS_MAX),
    {.name = "uuid", .id = XLCFG_KEY_UUID, .check = check_uuid},
    ACTION_KEY("on_poweroff", XLCFG_KEY_ON_POWEROFF),
    ACTION_KEY("on_reboot", XLCFG_KEY_ON_REBOOT),
    ACTION_KEY("on_watchdog", XLCFG_KEY_ON_WATCHDOG),
    ACTION_KEY("on_crash", XLCFG_KEY_ON_CRASH),
    NUMBER_KEY("cpu_weight", XLCFG_KEY_CPU_WEIGHT, XLCFG_WEIGHT_MIN,
               XLCFG_WEIGHT_MAX),
    NUMBER_KEY("cap", XLCFG_KEY_CAP, 0, XLCFG_CAP_MAX),
};

_Static_assert(sizeof(keys) / sizeof(keys[0]) == XLCFG_KEY_COUNT,
               "one table entry per enum xlcfg_key, in its order");

static bool is_unsupported(const char *key)
{
    for (size_t i = 0; i < sizeof(unsupported_keys) / sizeof(*unsupported_keys);
         i++)
        if (strcmp(key, unsupported_keys[i]) == 0)
            return true;
    return false;
}

int xlcfg_apply(struct xlcfg *cfg, const struct xlcfg_lexer *lx,
                const char *key, const struct xlcfg_value *v)
{
    for (size_t i = 0; i < XLCFG_KEY_COUNT; i++) {
        if (strcmp(key, keys[i].name) != 0)
            continue;
        if (keys[i].check(cfg, &keys[i], lx, v) < 0)
            return -1;
        cfg->pos[i] = (struct xlcfg_pos){lx->file, v->line, v->col};
        return 0;
    }
    xlcfg_fail(lx, v->line, v->key_col,
               is_unsupported(key) ? "%s: not supported by Parasol"
                                   : "%s: unknown key",
               key);
    return -1;
}

/* An error found once every key is in: at the key's place if it has
 * one, else at the file. */
static int finish_fail(const struct xlcfg *cfg, enum xlcfg_key id,
                       const char *file, char *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int finish_fail(const struct xlcfg *cfg, enum xlcfg_key id,
                       const char *file, char *err, const char *fmt, ...)
{
    const struct xlcfg_pos *pos = &cfg->pos[id];
    va_list ap;
    int n;

    if (pos->line)
        n = snprintf(err, XLCFG_ERROR_MAX, "%s:%u:%u: %s: ", pos->file,
                     pos->line, pos->col, keys[id].name);
    else
        n = snprintf(err, XLCFG_ERROR_MAX, "%s: %s: ", file, keys[id].name);
    va_start(ap, fmt);
    if (n >= 0 && n < XLCFG_ERROR_MAX)
        vsnprintf(err + n, XLCFG_ERROR_MAX - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* cmdline wins; else "root=ROOT EXTRA", "root=ROOT" or "EXTRA", as xl. */
static int join_cmdline(struct xlcfg *cfg, const char *file, char *err)
{
    char joined[XLCFG_CMDLINE_MAX + 1];
    int n;

    if (cfg->pos[XLCFG_KEY_CMDLINE].line) {
        cfg->root_extra_ignored =
            cfg->pos[XLCFG_KEY_ROOT].line || cfg->pos[XLCFG_KEY_EXTRA].line;
        return 0;
    }
    if (cfg->pos[XLCFG_KEY_ROOT].line && cfg->pos[XLCFG_KEY_EXTRA].line)
        n = snprintf(joined, sizeof(joined), "root=%s %s", cfg->root,
                     cfg->extra);
    else if (cfg->pos[XLCFG_KEY_ROOT].line)
        n = snprintf(joined, sizeof(joined), "root=%s", cfg->root);
    else
        n = snprintf(joined, sizeof(joined), "%s", cfg->extra);
    if (n < 0 || (size_t)n >= sizeof(joined))
        return finish_fail(cfg, XLCFG_KEY_ROOT, file, err,
                           "root= and extra= longer than %u bytes",
                           XLCFG_CMDLINE_MAX);
    memcpy(cfg->cmdline, joined, (size_t)n + 1);
    return 0;
}

int xlcfg_finish(struct xlcfg *cfg, const char *file, char *err)
{
    bool has_memory = cfg->pos[XLCFG_KEY_MEMORY].line;
    bool has_maxmem = cfg->pos[XLCFG_KEY_MAXMEM].line;

    err[0] = '\0';
    if (!cfg->pos[XLCFG_KEY_NAME].line)
        return finish_fail(cfg, XLCFG_KEY_NAME, file, err, "missing");
    if (!cfg->pos[XLCFG_KEY_KERNEL].line)
        return finish_fail(cfg, XLCFG_KEY_KERNEL, file, err,
                           "missing (a PV domain needs one)");
    if (!has_memory)
        cfg->memory_mib =
            has_maxmem ? cfg->maxmem_mib : XLCFG_MEMORY_DEFAULT_MIB;
    if (!has_maxmem)
        cfg->maxmem_mib = cfg->memory_mib;
    if (cfg->maxmem_mib < cfg->memory_mib)
        return finish_fail(cfg, XLCFG_KEY_MAXMEM, file, err,
                           "less than memory (%llu MiB)",
                           (unsigned long long)cfg->memory_mib);
    if (!cfg->vcpus)
        cfg->vcpus = 1;
    if (!cfg->maxvcpus)
        cfg->maxvcpus = cfg->vcpus;
    if (cfg->maxvcpus < cfg->vcpus)
        return finish_fail(cfg, XLCFG_KEY_MAXVCPUS, file, err,
                           "less than vcpus (%u)", cfg->vcpus);
    if (!cfg->pos[XLCFG_KEY_CPU_WEIGHT].line)
        cfg->cpu_weight = XLCFG_WEIGHT_DEFAULT;
    return join_cmdline(cfg, file, err);
}
