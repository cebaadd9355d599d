/*
 * The command line of the demo guests (counter, spinner, pingpong):
 * words separated by spaces, the first one the guest's name, the others
 * either bare words ("loopback") or key=value with a decimal value
 * ("port=5"). Shared by the three, and by their host test.
 */
#ifndef DEMO_ARGS_H
#define DEMO_ARGS_H

#include <stdbool.h>
#include <stdint.h>

/* Is word one of the words of cmdline (after the first)? */
bool demo_has_word(const char *cmdline, const char *word);

/*
 * The value of key=N in cmdline: true and *out set when it is there and
 * N is a decimal number that fits in 64 bits; false otherwise (absent,
 * empty, not a number, too big), *out untouched.
 */
bool demo_arg_u64(const char *cmdline, const char *key, uint64_t *out);

#endif
