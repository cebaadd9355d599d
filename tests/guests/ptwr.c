/*
 * test_ptwr: writable page tables, the plain stores a guest kernel makes
 * to its own read-only page-table entries, as Xen 4.17 handles them
 * (each answer measured there):
 *
 * - a store to an entry of an L1 table is carried out (validated like
 *   mmu_update), before and after the guest enables
 *   VMASST_TYPE_writable_pagetables;
 * - a store to an entry of an L2, L3 or L4 table is never emulated: the
 *   guest takes the #PF (present, write) at the store, cr2 the entry's
 *   address, and the entry is unchanged.
 *
 * Each store rewrites an entry with its own value, so nothing changes
 * whichever way it goes; a #PF handler notes the fault and steps over
 * the 3-byte store.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define STORE_LEN 3 /* mov %rax, (%rbx) */
/* Where the probe maps its page: alone in its L4 slot, so that it owns
 * a whole chain of fresh tables. */
#define PROBE_VA 0x0000500000000000UL
#define NR_LEVELS 4

extern const char ptwr_store[];

static volatile unsigned int pf_count;
static volatile uint64_t pf_cr2, pf_error_code;

static bool on_pf(struct guest_trap_frame *f)
{
    if (f->rip != (uint64_t)ptwr_store)
        return false;
    pf_count++;
    pf_cr2 = f->cr2;
    pf_error_code = f->error_code;
    f->rip += STORE_LEN;
    return true;
}

/* Stores value at va with one mov, the instruction on_pf knows. */
static void store(uint64_t va, uint64_t value)
{
    __asm__ volatile(".globl ptwr_store\n"
                     "ptwr_store:\n\t"
                     "mov %%rax, (%%rbx)"
                     :
                     : "a"(value), "b"(va)
                     : "memory");
}

/* The 1:1 address of the level-'level' entry for PROBE_VA (1 = L1). */
static uint64_t *entry_va(int level)
{
    uint64_t table = guest_start_info->pt_base;

    for (int l = NR_LEVELS; l > level; l--) {
        unsigned i = pt_index(PROBE_VA, l);
        uint64_t e = ((uint64_t *)table)[i];
        table = (uint64_t)mfn_to_virt(pte_mfn(e));
    }
    return (uint64_t *)table + pt_index(PROBE_VA, level);
}

static void check_store(int level, bool emulated)
{
    static const char *const names[] = {"", "L1", "L2", "L3", "L4"};
    char label[80];
    uint64_t *e = entry_va(level);
    uint64_t before = *e;

    pf_count = 0;
    pf_cr2 = pf_error_code = ~0UL;
    store((uint64_t)e, before);
    snprintf(label, sizeof(label), "store to an %s entry: %s", names[level],
             emulated ? "carried out, no #PF" : "#PF");
    check_hex(pf_count, emulated ? 0 : 1, label);
    if (!emulated) {
        snprintf(label, sizeof(label), "  ... %s: cr2 the entry", names[level]);
        check_hex(pf_cr2, (uint64_t)e, label);
        snprintf(label, sizeof(label), "  ... %s: error code present|write",
                 names[level]);
        check_hex(pf_error_code, PFEC_PRESENT | PFEC_WRITE, label);
    }
    snprintf(label, sizeof(label), "  ... %s entry unchanged", names[level]);
    check_hex(*e, before, label);
}

int main(void)
{
    void *page = page_alloc();

    verdict_title("test_ptwr", "writable page tables");
    if (!check_true(page != NULL, "a page to map"))
        verdict_end();
    check_rc(mm_map_page(PROBE_VA, virt_to_mfn(page), PTE_FLAGS_DATA), 0,
             "map the probe page");
    check_rc(trap_register(X86_EXC_PF, on_pf), 0, "#PF handler");
    /* Carried out before the guest asks for it too (measured on Xen). */
    check_store(1, true);
    check_rc(HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                  VMASST_TYPE_writable_pagetables),
             0, "enable writable page tables");
    check_store(1, true);
    check_store(2, false);
    check_store(3, false);
    check_store(4, false);
    check_hex(pte_mfn(mm_lookup(PROBE_VA)), virt_to_mfn(page),
              "the probe page is still mapped");
    verdict_end();
}
