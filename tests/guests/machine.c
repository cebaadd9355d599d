/*
 * test_machine: what dom0 learns about the machine and the hypervisor,
 * as Xen 4.17 answers (measured under the same QEMU):
 *
 * - XENMEM_machine_memory_map: the machine's E820 map, sorted and not
 *   overlapping, RAM at 0 and at 1 MiB, and in the loader's gaps one
 *   reserved entry for each run of frames the hypervisor keeps from dom0:
 *   QEMU's IOAPIC page (0xfec00000, 4 KiB) and right after it the MSI
 *   window with the local APIC (0xfee00000, 1 MiB). Xen wants room for
 *   one entry more than it writes and finds the lack of room on the way:
 *   -EINVAL with exactly as many, nr_entries left as passed, the entries
 *   before the last loader entries already written. A NULL buffer answers
 *   0 with the count; a buffer in the hypervisor's range or on an
 *   unmapped page, or a bad argument, is -EFAULT, but room for one entry
 *   is -EINVAL before the buffer is looked at. With a start extent in cmd
 *   it is an unknown op (-ENOSYS), where maximum_ram_page says -EINVAL.
 * - XENVER_get_features: submap 0 holds the bits both give a PV dom0
 *   and nothing Xen does not give; submaps 1 and up are -EINVAL and the
 *   argument is left untouched.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define MAX_ENTRIES 64
#define E820_RAM 1
#define E820_RESERVED 2
/* QEMU's IOAPIC page and the MSI window, where its local APIC sits. */
#define IOAPIC_ADDRESS 0xfec00000UL
#define MSI_WINDOW_ADDRESS 0xfee00000UL
#define MSI_WINDOW_SIZE 0x100000UL
#define ONE_MIB 0x100000UL
#define HV_ADDRESS 0xffff800000000000UL
#define UNMAPPED_ADDRESS 0x8UL
#define SENTINEL 0xdeadbeefU
/* memory_op's cmd bits 63:6: the extent a continued call resumes at. */
#define START_EXTENT_1 (1UL << 6)

/*
 * Submap 0 of Xen 4.17 for a PV dom0 (measured: 0x228e0), plus
 * pae_pgdir_above_4gb, which it gives when the guest enabled
 * VMASST_TYPE_pae_extended_cr3. Parasol gives a subset: it has no vNUMA
 * (memory_op_vnode).
 */
#define XEN_PV_DOM0_FEATURES                                                   \
    ((1U << XENFEAT_mmu_pt_update_preserve_ad) |                               \
     (1U << XENFEAT_highmem_assist) | (1U << XENFEAT_gnttab_map_avail_bits) |  \
     (1U << XENFEAT_dom0) | (1U << XENFEAT_memory_op_vnode_supported) |        \
     (1U << XENFEAT_direct_mapped) | (1U << XENFEAT_pae_pgdir_above_4gb))
/* What both give. */
#define REQUIRED_FEATURES                                                      \
    ((1U << XENFEAT_mmu_pt_update_preserve_ad) |                               \
     (1U << XENFEAT_highmem_assist) | (1U << XENFEAT_gnttab_map_avail_bits) |  \
     (1U << XENFEAT_dom0) | (1U << XENFEAT_direct_mapped))

struct e820_entry {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

static struct e820_entry entries[MAX_ENTRIES];
static struct e820_entry first_read[MAX_ENTRIES];

static long machine_map(struct xen_memory_map *m, unsigned int n, void *buf)
{
    m->nr_entries = n;
    set_xen_guest_handle(m->buffer, buf);
    return HYPERVISOR_memory_op(XENMEM_machine_memory_map, m);
}

static bool map_is_sane(unsigned int n)
{
    bool ram_at_0 = false, ram_at_1m = false, ordered = true;

    for (unsigned int i = 0; i < n; i++) {
        const struct e820_entry *e = &entries[i];

        printf("       %#018lx %#014lx type %u\n", e->addr, e->size, e->type);
        if (i > 0)
            ordered =
                ordered && entries[i - 1].addr + entries[i - 1].size <= e->addr;
        ram_at_0 = ram_at_0 || (e->type == E820_RAM && e->addr == 0);
        ram_at_1m = ram_at_1m || (e->type == E820_RAM && e->addr <= ONE_MIB &&
                                  e->addr + e->size > ONE_MIB);
    }
    return check_true(ordered, "entries sorted, none overlapping") &&
           check_true(ram_at_0, "RAM at 0") &&
           check_true(ram_at_1m, "RAM at 1 MiB");
}

static bool entry_is(unsigned int i, uint64_t addr, uint64_t size)
{
    return entries[i].addr == addr && entries[i].size == size &&
           entries[i].type == E820_RESERVED;
}

/*
 * The entries the hypervisor adds for the device pages it keeps: the
 * IOAPIC page, then the MSI window. Returns the IOAPIC entry's index,
 * or n if it is missing.
 */
static unsigned int check_device_entries(unsigned int n)
{
    unsigned int i = 0;

    while (i < n && entries[i].addr != IOAPIC_ADDRESS)
        i++;
    check_true(i + 1 < n && entry_is(i, IOAPIC_ADDRESS, PAGE_SIZE),
               "reserved: the IOAPIC page, 0xfec00000 + 4 KiB");
    check_true(i + 1 < n &&
                   entry_is(i + 1, MSI_WINDOW_ADDRESS, MSI_WINDOW_SIZE),
               "  ... then the MSI window, 0xfee00000 + 1 MiB");
    check_true(i + 2 < n &&
                   entries[i + 2].addr >= MSI_WINDOW_ADDRESS + MSI_WINDOW_SIZE,
               "  ... then the loader's entries above them");
    return i;
}

/* Room for exactly the entries: -EINVAL once the room runs out, the
 * entries up to the device pages already written, the last one not. */
static void check_room_runs_out(unsigned int n, unsigned int ioapic)
{
    struct xen_memory_map m;

    memset(entries, 0, sizeof(entries));
    check_rc(machine_map(&m, n, entries), -XEN_EINVAL,
             "room for exactly the entries: -EINVAL");
    check_hex(m.nr_entries, n, "  ... nr_entries left as passed");
    check_true(ioapic + 2 < n && !memcmp(entries, first_read,
                                         (ioapic + 2) * sizeof(*entries)),
               "  ... the entries up to the MSI window written");
    check_hex(entries[n - 1].size, 0, "  ... the last one not");
}

static void check_machine_memory_map(void)
{
    struct xen_memory_map m;
    unsigned int n, ioapic;

    if (!check_rc(machine_map(&m, MAX_ENTRIES, entries), 0,
                  "machine_memory_map, room for 64"))
        return;
    n = m.nr_entries;
    if (!check_range(n, 3, MAX_ENTRIES - 1, "  ... entries written"))
        return;
    map_is_sane(n);
    ioapic = check_device_entries(n);
    memcpy(first_read, entries, sizeof(first_read));
    check_room_runs_out(n, ioapic);
    check_rc(machine_map(&m, 1, entries), -XEN_EINVAL, "room for 1: -EINVAL");
    check_rc(machine_map(&m, 0, entries), -XEN_EINVAL, "room for 0: -EINVAL");
    check_rc(machine_map(&m, n + 1, entries), 0, "room for one more: 0");
    check_hex(m.nr_entries, n, "  ... the same count");
    check_true(!memcmp(entries, first_read, n * sizeof(*entries)),
               "  ... the same entries");
    check_rc(machine_map(&m, 5, NULL), 0, "NULL buffer: 0");
    check_hex(m.nr_entries, n, "  ... and the count, reserved ones included");
    check_rc(machine_map(&m, MAX_ENTRIES, (void *)HV_ADDRESS), -XEN_EFAULT,
             "buffer in the hypervisor's range: -EFAULT");
    check_rc(machine_map(&m, 1, (void *)HV_ADDRESS), -XEN_EINVAL,
             "  ... with room for 1: -EINVAL first");
    check_rc(machine_map(&m, MAX_ENTRIES, (void *)UNMAPPED_ADDRESS),
             -XEN_EFAULT, "buffer on an unmapped page: -EFAULT");
    check_rc(machine_map(&m, n, (void *)UNMAPPED_ADDRESS), -XEN_EFAULT,
             "  ... with room for exactly the entries: -EFAULT first");
    check_rc(HYPERVISOR_memory_op(XENMEM_machine_memory_map, NULL), -XEN_EFAULT,
             "NULL argument: -EFAULT");
    check_rc(
        HYPERVISOR_memory_op(XENMEM_machine_memory_map, (void *)HV_ADDRESS),
        -XEN_EFAULT, "argument in the hypervisor's range: -EFAULT");
    check_rc(
        HYPERVISOR_memory_op(XENMEM_machine_memory_map | START_EXTENT_1, &m),
        -XEN_ENOSYS, "a start extent: -ENOSYS (an unknown op)");
    check_rc(
        HYPERVISOR_memory_op(XENMEM_maximum_ram_page | START_EXTENT_1, NULL),
        -XEN_EINVAL, "maximum_ram_page with a start extent: -EINVAL");
}

static void check_features(void)
{
    static const uint32_t bad_submaps[] = {1, 2, 31, 32, 0xffffffff};
    struct xen_feature_info fi = {.submap_idx = 0};

    check_rc(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0,
             "get_features, submap 0");
    printf("       submap 0: %#x\n", fi.submap);
    check_hex(fi.submap & ~XEN_PV_DOM0_FEATURES, 0,
              "  ... nothing Xen 4.17 does not give a PV dom0");
    check_hex(fi.submap & REQUIRED_FEATURES, REQUIRED_FEATURES,
              "  ... preserve_ad, highmem_assist, gnttab_map_avail_bits, dom0, "
              "direct_mapped");
    for (size_t i = 0; i < sizeof(bad_submaps) / sizeof(*bad_submaps); i++) {
        fi.submap_idx = bad_submaps[i];
        fi.submap = SENTINEL;
        if (HYPERVISOR_xen_version(XENVER_get_features, &fi) != -XEN_EINVAL ||
            fi.submap != SENTINEL)
            check_true(false, "a submap past 0");
    }
    check_true(true, "submaps 1, 2, 31, 32, ~0: -EINVAL, nothing written");
    check_rc(HYPERVISOR_xen_version(XENVER_get_features, NULL), -XEN_EFAULT,
             "get_features, NULL: -EFAULT");
}

int main(void)
{
    verdict_title("test_machine", "the machine's memory map and features");
    check_machine_memory_map();
    check_features();
    verdict_end();
}
