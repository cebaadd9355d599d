/*
 * What the boot loader told us, in a loader-independent form: the machine
 * memory map, the modules (dom0 kernel first, then its ramdisk parts) and
 * the hypervisor command line. Filled by the arch layer (multiboot.c).
 */
#ifndef HV_BOOTINFO_H
#define HV_BOOTINFO_H

#include <hv/types.h>

#define BOOT_MAX_MEM_REGIONS 128
#define BOOT_MAX_MODULES 32
#define BOOT_CMDLINE_MAX 1024
#define BOOT_MODULE_CMDLINE_MAX 256

/* E820 types, as every PC loader reports them. */
enum mem_type {
    MEM_USABLE = 1,
    MEM_RESERVED = 2,
    MEM_ACPI_RECLAIMABLE = 3,
    MEM_ACPI_NVS = 4,
    MEM_BAD = 5,
};

struct mem_region {
    paddr_t base;
    uint64_t len;
    uint32_t type; /* enum mem_type; unknown values count as reserved */
};

struct boot_module {
    paddr_t start, end; /* [start, end) */
    char cmdline[BOOT_MODULE_CMDLINE_MAX];
};

struct boot_info {
    const char *loader; /* "Multiboot 1", "Multiboot 2" */
    char loader_name[64];
    char cmdline[BOOT_CMDLINE_MAX];
    unsigned nr_mem;
    struct mem_region mem[BOOT_MAX_MEM_REGIONS];
    unsigned nr_modules;
    struct boot_module modules[BOOT_MAX_MODULES];
    bool truncated; /* more regions or modules than fit here */
};

extern struct boot_info boot_info;

const char *mem_type_name(uint32_t type);

#endif
