/*
 * Multiboot 1 and 2 information parsers: turn the loader's structures
 * into struct boot_info. Runs on the boot page tables, where the first
 * 4 GiB are reachable through the direct map; loaders place their data
 * there. Lengths and counts from the loader are bounded, not trusted.
 */
#include <hv/arch.h>
#include <hv/bootinfo.h>
#include <hv/lib.h>
#include <hv/printk.h>

#define MB1_BOOTLOADER_MAGIC 0x2BADB002
#define MB2_BOOTLOADER_MAGIC 0x36d76289

#define MB1_INFO_MEMORY (1 << 0)
#define MB1_INFO_CMDLINE (1 << 2)
#define MB1_INFO_MODS (1 << 3)
#define MB1_INFO_MMAP (1 << 6)
#define MB1_INFO_LOADER_NAME (1 << 9)

struct __packed mb1_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
};

struct __packed mb1_module {
    uint32_t start, end, cmdline, reserved;
};

/* Each entry is preceded by its size, which excludes the size field. */
struct __packed mb1_mmap_entry {
    uint32_t size;
    uint64_t base, len;
    uint32_t type;
};

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_MMAP 6
#define MB2_TAG_ALIGN 8
#define MB2_INFO_MAX (1 << 20) /* sanity bound on the total size */

struct mb2_tag {
    uint32_t type, size;
};

struct mb2_module {
    struct mb2_tag tag;
    uint32_t start, end;
    char cmdline[];
};

struct mb2_mmap {
    struct mb2_tag tag;
    uint32_t entry_size, entry_version;
};

struct mb2_mmap_entry {
    uint64_t base, len;
    uint32_t type, reserved;
};

struct boot_info boot_info;

static const void *phys(uint64_t addr)
{
    return arch_maddr_to_virt(addr);
}

/* Copy a NUL-terminated loader string of unknown length, bounded. */
static void copy_loader_string(char *dst, size_t size, uint64_t addr)
{
    const char *src = phys(addr);
    size_t i;

    for (i = 0; i + 1 < size && src[i]; i++)
        dst[i] = src[i];
    dst[i] = '\0';
}

static void add_region(uint64_t base, uint64_t len, uint32_t type)
{
    if (len == 0)
        return;
    if (boot_info.nr_mem == BOOT_MAX_MEM_REGIONS) {
        boot_info.truncated = true;
        return;
    }
    boot_info.mem[boot_info.nr_mem++] =
        (struct mem_region){.base = base, .len = len, .type = type};
}

static struct boot_module *add_module(uint64_t start, uint64_t end)
{
    struct boot_module *m;

    if (boot_info.nr_modules == BOOT_MAX_MODULES || end < start) {
        boot_info.truncated = true;
        return NULL;
    }
    m = &boot_info.modules[boot_info.nr_modules++];
    m->start = start;
    m->end = end;
    return m;
}

static void parse_mb1(const struct mb1_info *mbi)
{
    boot_info.loader = "Multiboot 1";
    if (mbi->flags & MB1_INFO_CMDLINE)
        copy_loader_string(boot_info.cmdline, sizeof(boot_info.cmdline),
                           mbi->cmdline);
    if (mbi->flags & MB1_INFO_LOADER_NAME)
        copy_loader_string(boot_info.loader_name, sizeof(boot_info.loader_name),
                           mbi->boot_loader_name);
    if (mbi->flags & MB1_INFO_MMAP) {
        uint64_t p = mbi->mmap_addr, end = p + mbi->mmap_length;

        while (p + sizeof(struct mb1_mmap_entry) <= end) {
            const struct mb1_mmap_entry *e = phys(p);
            add_region(e->base, e->len, e->type);
            p += e->size + sizeof(e->size);
        }
    } else if (mbi->flags & MB1_INFO_MEMORY) {
        /* No map: only the two classic ranges, in KiB. */
        add_region(0, KiB(mbi->mem_lower), MEM_USABLE);
        add_region(MiB(1), KiB(mbi->mem_upper), MEM_USABLE);
    }
    if (mbi->flags & MB1_INFO_MODS) {
        const struct mb1_module *mods = phys(mbi->mods_addr);

        for (uint32_t i = 0; i < mbi->mods_count; i++) {
            struct boot_module *m = add_module(mods[i].start, mods[i].end);
            if (m && mods[i].cmdline)
                copy_loader_string(m->cmdline, sizeof(m->cmdline),
                                   mods[i].cmdline);
        }
    }
}

static void parse_mb2_mmap(const struct mb2_mmap *mm)
{
    uint32_t off = sizeof(*mm);

    if (mm->entry_size < sizeof(struct mb2_mmap_entry))
        return;
    for (; off + mm->entry_size <= mm->tag.size; off += mm->entry_size) {
        const struct mb2_mmap_entry *e = (const void *)((const char *)mm + off);
        add_region(e->base, e->len, e->type);
    }
}

static void parse_mb2(uint64_t addr)
{
    uint32_t total = *(const uint32_t *)phys(addr);
    uint32_t off = 8; /* total_size, reserved */

    boot_info.loader = "Multiboot 2";
    if (total > MB2_INFO_MAX)
        total = MB2_INFO_MAX;
    while (off + sizeof(struct mb2_tag) <= total) {
        const struct mb2_tag *tag = phys(addr + off);
        const struct mb2_module *mod;

        if (tag->type == MB2_TAG_END || tag->size < sizeof(*tag))
            break;
        switch (tag->type) {
        case MB2_TAG_CMDLINE:
            copy_loader_string(boot_info.cmdline, sizeof(boot_info.cmdline),
                               addr + off + sizeof(*tag));
            break;
        case MB2_TAG_LOADER_NAME:
            copy_loader_string(boot_info.loader_name,
                               sizeof(boot_info.loader_name),
                               addr + off + sizeof(*tag));
            break;
        case MB2_TAG_MODULE: {
            struct boot_module *m;
            mod = (const void *)tag;
            m = add_module(mod->start, mod->end);
            if (m)
                copy_loader_string(m->cmdline, sizeof(m->cmdline),
                                   addr + off + sizeof(*mod));
            break;
        }
        case MB2_TAG_MMAP:
            parse_mb2_mmap((const void *)tag);
            break;
        }
        off += ALIGN_UP(tag->size, MB2_TAG_ALIGN);
    }
}

bool multiboot_parse(uint32_t magic, uint32_t info)
{
    if (magic == MB1_BOOTLOADER_MAGIC)
        parse_mb1(phys(info));
    else if (magic == MB2_BOOTLOADER_MAGIC)
        parse_mb2(info);
    else
        return false;
    return true;
}

const char *mem_type_name(uint32_t type)
{
    switch (type) {
    case MEM_USABLE:
        return "usable";
    case MEM_ACPI_RECLAIMABLE:
        return "ACPI data";
    case MEM_ACPI_NVS:
        return "ACPI NVS";
    case MEM_BAD:
        return "bad";
    default:
        return "reserved";
    }
}
