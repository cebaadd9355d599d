/* Boot-time helpers shared by the arch bring-up files. */
#ifndef ARCH_SETUP_H
#define ARCH_SETUP_H

#include <hv/types.h>

/* Fill boot_info from the loader's data. False on an unknown magic. */
bool multiboot_parse(uint32_t magic, uint32_t info);

#endif
