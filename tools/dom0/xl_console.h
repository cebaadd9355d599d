/*
 * xl's interactive commands, which take the terminal until the user
 * leaves: console (Ctrl-] leaves) and top (q leaves). They read input
 * through the shell environment's read_input hook.
 */
#ifndef DOM0_XL_CONSOLE_H
#define DOM0_XL_CONSOLE_H

#include "xl.h"

#define XL_CONSOLE_ESCAPE 0x1d /* Ctrl-], as xenconsole's */

/* Shows domid's console output as it comes and sends it the input,
 * until Ctrl-] or the domain goes away. */
enum shell_status xl_console_attach(struct xl_call *call, domid_t domid);

#endif /* DOM0_XL_CONSOLE_H */
