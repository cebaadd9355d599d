/*
 * `xl list -l`: the domains as JSON, pretty-printed as xl prints it
 * (four spaces a level, "key": value), in libxl's shape:
 *
 *   [ { "domid": N,
 *       "config": { "c_info": {...}, "b_info": {...}, "on_poweroff": ...},
 *       "dominfo": {...} } ]
 *
 * "config" holds what libxl_domain_config holds for a PV domain built
 * from Parasol's keys. "dominfo" is Parasol's addition: the domain's
 * state as libxl_dominfo names its fields (running, blocked, paused,
 * shutdown, shutdown_reason, dying, current_memkb, cpu_time...), plus
 * "state", the six letters of `xl list`, so that a script can check
 * states without parsing columns.
 */
#ifndef DOM0_XL_JSON_H
#define DOM0_XL_JSON_H

#include "shell.h"
#include "toolstack.h"

void xl_json_domains(struct shell *sh, struct toolstack *ts,
                     const struct xl_dominfo *doms, int count);

#endif /* DOM0_XL_JSON_H */
