/*
 * guest_start(): from head.S's entry to the guest's main() and back
 * out. Checks what the builder handed over, maps shared_info, installs
 * the exception table and the event callbacks, unmaps the NULL and
 * stack guard pages, sets up the page allocator, runs main() and ends
 * the domain with main's verdict.
 */
#include <parasol/arch.h>
#include <parasol/console.h>
#include <parasol/events.h>
#include <parasol/hypercall.h>
#include <parasol/memory.h>
#include <parasol/shutdown.h>
#include <parasol/start.h>
#include <parasol/string.h>
#include <parasol/traps.h>

/* What start_info.magic starts with for any PV guest of a Xen 3+ ABI. */
#define START_INFO_MAGIC "xen-3.0-"

const start_info_t *guest_start_info;
shared_info_t *guest_shared_info;
vcpu_info_t *guest_vcpu_info_now;

/* A page of .bss that shared_info's frame is mapped over; the frame
 * that backed it is simply left unused. */
static uint8_t shared_info_page[PAGE_SIZE]
    __attribute__((aligned(PAGE_SIZE), section(".bss.page_aligned")));

/* Below guest-lib's stack (head.S). */
extern uint8_t guest_stack_guard[PAGE_SIZE];

/*
 * A hypercall page still holding head.S's fill was never written: no
 * hypercall works, not even to print or crash. #UD with no trap table
 * yet is an exception the hypervisor must answer by crashing us.
 */
static void start_check_hypercall_page(void)
{
    if (hypercall_page[0] == HYPERCALL_PAGE_FILL) {
        for (;;)
            ud2();
    }
}

static void start_map_shared_info(void)
{
    unsigned long va = (unsigned long)shared_info_page;
    int rc = mm_update_va(va, guest_start_info->shared_info | PTE_FLAGS_DATA);

    if (rc < 0)
        panic("cannot map shared_info (machine address %#lx): %d",
              guest_start_info->shared_info, rc);
    guest_shared_info = (shared_info_t *)shared_info_page;
    guest_vcpu_info_now = &guest_shared_info->vcpu_info[guest_vcpu_id()];
}

/* Unmaps one page, so that touching it faults. */
static void start_unmap_guard(unsigned long va)
{
    int rc = 0;

    if (mm_lookup(va) & PTE_PRESENT)
        rc = mm_unmap_page(va);
    if (rc < 0)
        panic("cannot unmap the guard page at %#lx: %d", va, rc);
}

_Noreturn void guest_start(const start_info_t *si, unsigned long boot_sp);
_Noreturn void guest_start(const start_info_t *si, unsigned long boot_sp)
{
    int rc;

    start_check_hypercall_page();
    guest_start_info = si;
    if (strncmp(si->magic, START_INFO_MAGIC, strlen(START_INFO_MAGIC)) != 0)
        panic("start_info at %p has a bad magic", (const void *)si);
    start_map_shared_info();
    traps_init();
    events_init();
    start_unmap_guard(0);
    start_unmap_guard((unsigned long)guest_stack_guard);
    mm_init(boot_sp);

    rc = main();
    if (rc != 0)
        printf("guest: main returned %d\n", rc);
    guest_exit(rc);
}
