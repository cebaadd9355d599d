/*
 * The shell core: line editing, tokenizing, dispatch through the command
 * table, and the few output helpers the commands share. No libc: dom0
 * has none; the string functions are the shared library's (hv/lib), and
 * the same file runs in the host tests.
 */
#include "shell.h"

#include <lib/string.h>

#define KEY_BACKSPACE 0x08
#define KEY_CTRL_U 0x15
#define KEY_ESC 0x1b
#define KEY_DELETE 0x7f
#define CHAR_FIRST_PRINTABLE 0x20
#define CHAR_LAST_PRINTABLE 0x7e
/* ECMA-48: a CSI has parameter bytes 0x20-0x3f, then a final byte. */
#define CSI_FIRST_FINAL 0x40

#define ECHO_ERASE "\b \b"
#define ECHO_BELL "\a"
#define DEC_DIGITS_MAX 20 /* UINT64_MAX has 20 decimal digits */
#define HEX_DIGITS_MAX 16
#define DECIMAL 10
#define HEX_DIGIT_BITS 4
#define HEX_DIGIT_MASK 0xf

/* The families, in the order `help` lists them. */
static const struct shell_family *const families[] = {
    &shell_family_system,
    &shell_family_ramdisk,
    &shell_family_xl,
    &shell_family_demo,
};

#define FAMILY_COUNT (sizeof(families) / sizeof(families[0]))

void shell_write(struct shell *sh, const char *buf, size_t len)
{
    if (len)
        sh->env->write(sh->env->ctx, buf, len);
}

void shell_puts(struct shell *sh, const char *text)
{
    shell_write(sh, text, strlen(text));
}

void shell_put_dec(struct shell *sh, uint64_t value, unsigned width, char fill)
{
    char digits[DEC_DIGITS_MAX];
    size_t n = 0;

    do {
        digits[DEC_DIGITS_MAX - ++n] = (char)('0' + value % DECIMAL);
        value /= DECIMAL;
    } while (value);
    for (; width > n; width--)
        shell_write(sh, &fill, 1);
    shell_write(sh, digits + DEC_DIGITS_MAX - n, n);
}

void shell_put_hex(struct shell *sh, uint64_t value)
{
    static const char hex[] = "0123456789abcdef";
    char digits[HEX_DIGITS_MAX];
    size_t n = 0;

    do {
        digits[HEX_DIGITS_MAX - ++n] = hex[value & HEX_DIGIT_MASK];
        value >>= HEX_DIGIT_BITS;
    } while (value);
    shell_puts(sh, "0x");
    shell_write(sh, digits + HEX_DIGITS_MAX - n, n);
}

void shell_put_usage(struct shell *sh, const struct shell_cmd *cmd)
{
    shell_puts(sh, "usage: ");
    shell_puts(sh, cmd->usage);
    shell_puts(sh, "\n");
}

void shell_init(struct shell *sh, const struct shell_env *env)
{
    /* Field by field: a struct assignment may become a memset call. */
    sh->env = env;
    sh->line.buf[0] = '\0';
    sh->line.len = 0;
    sh->line.escape = SHELL_ESC_NONE;
    sh->line.after_cr = false;
    sh->line.complete = false;
}

void shell_prompt(struct shell *sh)
{
    shell_puts(sh, SHELL_PROMPT);
}

/*
 * Consume the bytes of an ANSI escape sequence (arrow keys send ESC [ A,
 * F1 sends ESC O P) so they never land in the line. A control byte
 * inside a sequence cancels it and is handled as usual, so that Enter or
 * Backspace after a stray ESC still work. Returns true if byte was
 * consumed here.
 */
static bool line_escape(struct shell_line *line, uint8_t byte)
{
    bool control = byte < CHAR_FIRST_PRINTABLE || byte > CHAR_LAST_PRINTABLE;

    if (line->escape == SHELL_ESC_NONE || control) {
        line->escape = SHELL_ESC_NONE;
        if (byte != KEY_ESC)
            return false;
        line->escape = SHELL_ESC_SEEN;
    } else if (line->escape == SHELL_ESC_SEEN) {
        /* A lone ESC plus a key (Alt+key) is dropped as a whole. */
        line->escape = byte == '['   ? SHELL_ESC_CSI
                       : byte == 'O' ? SHELL_ESC_SS3
                                     : SHELL_ESC_NONE;
    } else if (line->escape == SHELL_ESC_SS3 || byte >= CSI_FIRST_FINAL) {
        line->escape = SHELL_ESC_NONE;
    }
    /* Else a CSI parameter byte: stay in the CSI. */
    return true;
}

static void line_erase(struct shell *sh, size_t count)
{
    for (; count; count--) {
        sh->line.buf[--sh->line.len] = '\0';
        shell_puts(sh, ECHO_ERASE);
    }
}

static void line_insert(struct shell *sh, uint8_t byte)
{
    struct shell_line *line = &sh->line;

    /* Refuse rather than overflow or truncate what the user meant. */
    if (line->len == SHELL_LINE_MAX) {
        shell_puts(sh, ECHO_BELL);
        return;
    }
    line->buf[line->len++] = (char)byte;
    line->buf[line->len] = '\0';
    shell_write(sh, (const char *)&byte, 1);
}

bool shell_line_feed(struct shell *sh, uint8_t byte)
{
    struct shell_line *line = &sh->line;
    bool after_cr = line->after_cr;

    if (line->complete) {
        line->len = 0;
        line->buf[0] = '\0';
        line->complete = false;
    }
    line->after_cr = byte == '\r';
    if (line_escape(line, byte))
        return false;
    if (byte == '\r' || (byte == '\n' && !after_cr)) {
        shell_puts(sh, "\n");
        line->complete = true;
    } else if (byte == KEY_BACKSPACE || byte == KEY_DELETE) {
        line_erase(sh, line->len ? 1 : 0);
    } else if (byte == KEY_CTRL_U) {
        line_erase(sh, line->len);
    } else if (byte >= CHAR_FIRST_PRINTABLE && byte <= CHAR_LAST_PRINTABLE) {
        line_insert(sh, byte);
    }
    /* Other control bytes, and bytes above ASCII, are ignored. */
    return line->complete;
}

void shell_feed(struct shell *sh, uint8_t byte)
{
    if (shell_line_feed(sh, byte)) {
        shell_run(sh, sh->line.buf);
        shell_prompt(sh);
    }
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

int shell_tokenize(char *line, char *argv[], int max_args)
{
    int argc = 0;

    for (;;) {
        while (is_blank(*line))
            *line++ = '\0';
        if (!*line)
            return argc;
        if (argc == max_args)
            return -1;
        argv[argc++] = line;
        while (*line && !is_blank(*line))
            line++;
    }
}

size_t shell_cmd_count(void)
{
    size_t n = 0;

    for (size_t f = 0; f < FAMILY_COUNT; f++)
        n += families[f]->count;
    return n;
}

const struct shell_cmd *shell_cmd_at(size_t index)
{
    for (size_t f = 0; f < FAMILY_COUNT; f++) {
        if (index < families[f]->count)
            return &families[f]->cmds[index];
        index -= families[f]->count;
    }
    return NULL;
}

const struct shell_cmd *shell_cmd_find(const char *name)
{
    const struct shell_cmd *cmd;

    for (size_t i = 0; (cmd = shell_cmd_at(i)) != NULL; i++)
        if (strcmp(cmd->name, name) == 0)
            return cmd;
    return NULL;
}

enum shell_status shell_run(struct shell *sh, char *line)
{
    char *argv[SHELL_ARGS_MAX];
    int argc = shell_tokenize(line, argv, SHELL_ARGS_MAX);
    const struct shell_cmd *cmd;
    enum shell_status status = SHELL_USAGE;

    if (argc < 0) {
        shell_puts(sh, "dom0: too many arguments (at most ");
        shell_put_dec(sh, SHELL_ARGS_MAX - 1, 0, ' ');
        shell_puts(sh, ")\n");
        return SHELL_FAILED;
    }
    if (argc == 0)
        return SHELL_OK;
    cmd = shell_cmd_find(argv[0]);
    if (!cmd) {
        shell_puts(sh, "dom0: unknown command '");
        shell_puts(sh, argv[0]);
        shell_puts(sh, "' (try 'help')\n");
        return SHELL_FAILED;
    }
    /* Validate the count here, so handlers only check meaning. */
    if (argc - 1 >= cmd->min_args && argc - 1 <= cmd->max_args)
        status = cmd->handler(sh, argc, argv);
    if (status == SHELL_USAGE)
        shell_put_usage(sh, cmd);
    return status;
}
