/*
 * dom0's interactive shell, apart from any I/O: a line editor fed one
 * input byte at a time, a tokenizer, and a table of commands. Output and
 * platform services come through struct shell_env, so the real dom0
 * plugs guest-lib in and the host tests plug in a fake.
 *
 * Commands live in families, one file per family (cmd_system.c,
 * cmd_ramdisk.c, xl.c), each a table of struct shell_cmd.
 */
#ifndef DOM0_SHELL_H
#define DOM0_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHELL_PROMPT "dom0# "
#define SHELL_LINE_MAX 128 /* characters in one line, without the NUL */
#define SHELL_ARGS_MAX 16  /* words in one line, the command included */

/* What `info` shows; filled by the environment. */
struct shell_info {
    const char *version;   /* e.g. "Parasol 0.1.0" */
    uint64_t memory_bytes; /* dom0's memory */
    uint64_t uptime_ns;    /* time since the hypervisor booted */
};

struct toolstack; /* toolstack.h */

/*
 * Services the shell needs; every hook is required but read_input. Output is
 * plain text with "\n" line ends: turning them into "\r\n" for a serial
 * terminal is the write hook's job, as a tty's onlcr would do.
 */
struct shell_env {
    void (*write)(void *ctx, const char *buf, size_t len);
    void (*get_info)(void *ctx, struct shell_info *info);
    /* Returns only if the machine did not go down: a negative errno, or
     * 0 from a test double that merely records the call. */
    int (*poweroff)(void *ctx);
    /*
     * For commands that take the terminal for a while (xl console, xl
     * top): up to size bytes of input, waiting at most timeout_ns for
     * the first. Returns how many came (0 on timeout). NULL: no such
     * commands here.
     */
    size_t (*read_input)(void *ctx, char *buf, size_t size,
                         uint64_t timeout_ns);
    const void *ramdisk; /* the cpio archive; NULL if there is none */
    size_t ramdisk_size;
    struct toolstack *toolstack; /* xl's state; NULL: no xl */
    void *ctx;                   /* handed to every hook */
};

/* The line editor's position in an ANSI escape sequence. */
enum shell_escape {
    SHELL_ESC_NONE, /* plain input */
    SHELL_ESC_SEEN, /* after ESC */
    SHELL_ESC_CSI,  /* after ESC [, until a final byte */
    SHELL_ESC_SS3,  /* after ESC O, one more byte */
};

struct shell_line {
    char buf[SHELL_LINE_MAX + 1]; /* always NUL-terminated */
    size_t len;
    enum shell_escape escape;
    bool after_cr; /* swallow the LF of a CR LF pair */
    bool complete; /* buf holds a finished line until the next byte */
};

struct shell {
    const struct shell_env *env;
    struct shell_line line;
};

/* What a handler returns; SHELL_USAGE makes the shell print the usage. */
enum shell_status {
    SHELL_OK,
    SHELL_FAILED,
    SHELL_USAGE,
};

struct shell_cmd {
    const char *name;
    enum shell_status (*handler)(struct shell *sh, int argc, char **argv);
    const char *help;  /* one line, for `help` */
    const char *usage; /* "cat FILE", printed after "usage: " */
    int min_args;      /* operands after the name, checked before the */
    int max_args;      /* handler runs */
};

struct shell_family {
    const struct shell_cmd *cmds;
    size_t count;
};

extern const struct shell_family shell_family_system;  /* cmd_system.c */
extern const struct shell_family shell_family_ramdisk; /* cmd_ramdisk.c */
extern const struct shell_family shell_family_xl;      /* xl.c */
extern const struct shell_family shell_family_demo;    /* cmd_demo.c */

/* Set up; prints nothing. Call shell_prompt() for the first prompt. */
void shell_init(struct shell *sh, const struct shell_env *env);
void shell_prompt(struct shell *sh);

/*
 * Feed one input byte: edit and echo the line; at CR or LF run it and
 * print the next prompt.
 */
void shell_feed(struct shell *sh, uint8_t byte);

/*
 * The line editor alone: feed one byte and echo it. Returns true when
 * the byte ended a line, which sh->line.buf then holds until the next
 * call.
 */
bool shell_line_feed(struct shell *sh, uint8_t byte);

/* Tokenize line in place and run it; an empty line does nothing. */
enum shell_status shell_run(struct shell *sh, char *line);

/*
 * Split line in place into words separated by spaces or tabs. Returns
 * the number of words, or -1 if there are more than max_args.
 */
int shell_tokenize(char *line, char *argv[], int max_args);

/* Every command of every family, in table order. */
size_t shell_cmd_count(void);
const struct shell_cmd *shell_cmd_at(size_t index);
const struct shell_cmd *shell_cmd_find(const char *name);

/* Output helpers for the command families. */
void shell_write(struct shell *sh, const char *buf, size_t len);
void shell_puts(struct shell *sh, const char *text);
/* value in decimal, right-aligned in width characters padded with fill */
void shell_put_dec(struct shell *sh, uint64_t value, unsigned width, char fill);
void shell_put_hex(struct shell *sh, uint64_t value); /* "0x1f" */
void shell_put_usage(struct shell *sh, const struct shell_cmd *cmd);

#endif /* DOM0_SHELL_H */
