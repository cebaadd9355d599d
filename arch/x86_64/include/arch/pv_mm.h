/*
 * Direct paging for PV guests: the rules that keep a guest's own page
 * tables safe (docs/architecture.md, "Direct paging").
 *
 * A guest builds and edits its page tables itself, but every frame it
 * uses as a table is validated by the hypervisor first, and from then on
 * the frame table enforces three invariants:
 *   - a frame in use as a page table (type L1..L4 with a nonzero type
 *     count) is never mapped writable by a guest, and a frame mapped
 *     writable never becomes a page table;
 *   - a present entry references only a frame its domain owns (or I/O
 *     memory, for a domain with I/O rights), and the entry of a table at
 *     level n references a table of level n-1 (or, read-only, its own
 *     table or another of level n: a linear page table);
 *   - no guest entry reaches the hypervisor range (L4 slots 256-271):
 *     the hypervisor fills those slots itself.
 *
 * pagetype.c holds the type and reference counting rules, pte.c entry
 * and table validation, mmu.c the hypercalls, ptwr.c the emulation of a
 * guest kernel's direct writes to its page tables. pagetype.c, pte.c and
 * ptwr.c include no inline assembly, so host tests build them; every
 * hardware effect goes through a function below that mmu.c (or the rest
 * of the PV code) implements, and tests replace with doubles.
 *
 * Locking: one physical CPU runs guests. The counts are updated with
 * atomic compare-and-swap; a table's entries take no lock of their own,
 * which holds only while one CPU changes them.
 */
#ifndef ARCH_PV_MM_H
#define ARCH_PV_MM_H

#include <arch/paging.h>
#include <arch/x86.h>
#include <hv/mm.h>
#include <hv/types.h>

struct cpu_regs;
struct domain;
struct vcpu;

/* ---- Entry bits beyond arch/x86.h and arch/paging.h. ---- */

/* In an L1 entry bit 7 selects a PAT entry; in L2/L3 it would make a
 * superpage, which guests may not (Xen's PV ABI). */
#define PTE_PAT PTE_PS
/* Bits 0-11: the flags below the frame address. */
#define PTE_LOW_FLAGS_MASK ((uint64_t)PAGE_SIZE - 1)
/* Set by the CPU on access and write; PRESERVE_AD updates keep them. */
#define PTE_AD_MASK ((uint64_t)(PTE_A | PTE_D))

/*
 * The PV frame types, in the type field of type_info (hv/mm.h); a frame
 * of none of them has FRAME_TYPE_NONE (0). Page-table levels are the
 * types L1..L4, by number.
 */
enum frame_type {
    FRAME_TYPE_L1 = 1,
    FRAME_TYPE_L2 = 2,
    FRAME_TYPE_L3 = 3,
    FRAME_TYPE_L4 = 4,
    FRAME_TYPE_SEGDESC = 5, /* GDT/LDT pages */
    FRAME_TYPE_WRITABLE = 6,
};
_Static_assert(FRAME_TYPE_WRITABLE < (1 << (64 - FRAME_TYPE_SHIFT)),
               "every frame type fits the type field of type_info");

/* Page-table levels are the frame types L1..L4, by number. */
#define PT_LEVELS 4
static inline enum frame_type pt_level_type(unsigned level)
{
    return (enum frame_type)(FRAME_TYPE_L1 + (level - 1));
}

static inline bool frame_type_is_table(enum frame_type t)
{
    return t >= FRAME_TYPE_L1 && t <= FRAME_TYPE_L4;
}

static inline enum frame_type frame_type_of(uint64_t type_info)
{
    return (enum frame_type)(type_info >> FRAME_TYPE_SHIFT);
}

/* An mfn 0 root means "none": frame 0 is BIOS memory, never a guest's. */
#define PV_NO_ROOT 0

/* ---- Type and reference counts (pagetype.c). Any context. ---- */

/*
 * A general reference: keeps the frame owned by d (mappings, pins).
 * Fails unless d owns the frame and it is allocated (not free, not
 * reserved, not the hypervisor's own; a hypervisor frame shared with
 * the guest, like shared_info, has owner d and may be referenced).
 */
bool get_page(struct frame *f, struct domain *d);
void put_page(struct frame *f);

/*
 * A type reference: the frame is used as 'type' (FRAME_TYPE_L1..L4,
 * SEGDESC, WRITABLE) while the count is nonzero. At count 0 the type may
 * change; a page-table type is validated first (pte.c) on behalf of d.
 * Returns 0, -EINVAL (type conflict, invalid table, count overflow) or
 * -EBUSY (another CPU is validating the frame). Failure changes nothing.
 * SEGDESC is granted without looking at the contents: set_gdt checks
 * the descriptors itself, which is safe because the type keeps every
 * writable mapping away while it holds.
 */
int get_page_type(struct frame *f, enum frame_type type, struct domain *d);
/* Drop a type reference; the last one of a page-table type releases
 * every reference the table's entries held ("invalidation"). */
void put_page_type(struct frame *f);

/* Both, in the order that lets a failure undo cleanly: -EINVAL if f is
 * not d's (Xen's answer), else as get_page_type(). */
int get_page_and_type(struct frame *f, struct domain *d, enum frame_type type);
void put_page_and_type(struct frame *f);

/*
 * A linear page table: a read-only entry of 'table' (a table of 'level'
 * of d) naming 'target', another validated table of the same level.
 * Takes a general and a type reference on target, as an entry naming a
 * lower table would, and counts the link on both (frame.linear_count):
 * a table that holds such entries may not be named by one, nor the
 * reverse. Returns false, changing nothing, if any of that fails.
 */
bool get_linear_page_type(struct frame *table, struct frame *target,
                          enum frame_type level, struct domain *d);
/* Drop what get_linear_page_type() took. */
void put_linear_page_type(struct frame *table, struct frame *target);

/* MMUEXT_PIN_Lx_TABLE / MMUEXT_UNPIN_TABLE on a frame of d: -EINVAL if
 * not d's, invalid, of another type, already pinned (pin) or not pinned
 * (unpin), as Xen answers each. */
int pv_pin_table(struct domain *d, mfn_t mfn, enum frame_type level);
int pv_unpin_table(struct domain *d, mfn_t mfn);
/* Drop every pin of d: part of its teardown (before its roots go). */
void pv_unpin_all(struct domain *d);

/* ---- Entries and tables (pte.c). ---- */

/*
 * Validate every present entry of frame f as a table of 'level' and take
 * the references the entries need; an L4 then gets the hypervisor slots.
 * On failure every reference taken is dropped again and the frame is
 * unchanged. Called by get_page_type() with the type claimed.
 */
int pv_table_validate(struct frame *f, enum frame_type level, struct domain *d);
/* Drop the references of every present entry; an L4 loses the
 * hypervisor slots. Called by the last put_page_type(). */
void pv_table_invalidate(struct frame *f, enum frame_type level);

/* pv_pte_update() flags. */
#define PV_PTE_PRESERVE_AD (1u << 0) /* keep the entry's A/D bits */
#define PV_PTE_TABLE_ONLY (1u << 1)  /* refuse a frame that is no table */
/* Refuse a frame that is no L1 table: update_va_mapping, whose walk may
 * pass through a linear entry and end in a table of another level. */
#define PV_PTE_L1_ONLY (1u << 4)
/* mmu_update's foreigndom DOMID_IO / DOMID_XEN: an L1 entry names frames
 * of the I/O owner (I/O memory, for a caller with I/O rights) or of the
 * hypervisor (those it shares read-only); a domain's RAM frame is then
 * refused. */
#define PV_PTE_FOREIGN_IO (1u << 2)
#define PV_PTE_FOREIGN_XEN (1u << 3)

/*
 * Write 'val' into the entry at machine address pte_maddr, in a frame d
 * owns. If the frame is in use as a page table, val is validated at its
 * level and references move from the old target to the new; otherwise
 * (unless PV_PTE_TABLE_ONLY) the frame must be writable-typeable and the
 * write is plain, as Xen's mmu_update does. Returns 0, -EINVAL (bad
 * address, a frame not d's, invalid entry, hypervisor slot, type
 * conflict above L1), -EBUSY (an L1 entry naming a frame d cannot map
 * so: not d's, or a table), -EPERM (I/O memory d may not map); a
 * failure changes nothing.
 */
int pv_pte_update(struct domain *d, paddr_t pte_maddr, uint64_t val,
                  unsigned flags);
/* The same, where a new L1 entry names a frame of pg_owner (mmu_update
 * with a foreign domain: dom0's builder mapping a domain it builds);
 * -EBUSY if the frame is not pg_owner's. Entries above L1 still name
 * d's own tables. */
int pv_pte_update_foreign(struct domain *d, struct domain *pg_owner,
                          paddr_t pte_maddr, uint64_t val, unsigned flags);

/*
 * Machine address of the L1 entry for va in the tables under 'root' (a
 * validated L4), or -EINVAL when a level on the way is not present.
 */
int pv_walk_l1e(mfn_t root, vaddr_t va, paddr_t *l1e_maddr);

/* ---- I/O memory (iomem.c). Set up at boot, read-only after. ---- */

/* What a domain with I/O rights may do with an I/O frame. */
enum pv_iomem_access {
    IOMEM_ALLOWED,   /* map it, read-only or writable */
    IOMEM_READ_ONLY, /* map it read-only; a writable entry loses RW */
    IOMEM_DENIED,    /* the hypervisor drives it: -EPERM */
};
enum pv_iomem_access pv_iomem_access(mfn_t mfn);
/* A device page the hypervisor drives (boot CPU, before any guest):
 * the local APIC is denied, an IOAPIC read-only, as Xen gives dom0.
 * The MSI address range is always denied. */
void pv_iomem_restrict(mfn_t mfn, enum pv_iomem_access access);

/* ---- Writable page tables (ptwr.c). ---- */

/* Longest x86 instruction. */
#define X86_MAX_INSN_LEN 15

/*
 * Decode the store of the instruction in insn[0..len): mov r/m64, r64
 * (REX.W 89 /r), mov r/m32, r32 (89 /r), mov r/m64, imm32 (REX.W C7 /0)
 * and mov r/m32, imm32 (C7 /0), memory operands only, 64-bit addressing.
 * regs gives the registers and rip (RIP-relative operands). Returns 0 and
 * the target address, the value, its size in bytes and the instruction
 * length; -EINVAL for any other instruction (prefixes other than one
 * REX, other opcodes, register operands); -EFAULT when len is too short.
 */
int ptwr_decode_store(const uint8_t *insn, size_t len,
                      const struct cpu_regs *regs, uint64_t *addr,
                      uint64_t *value, unsigned *size, unsigned *insn_len);

/*
 * From the #PF handler (pv/traps.c), for a fault of the current vCPU in
 * guest kernel mode: if it is a write to a read-only mapping of one of
 * the domain's page tables by an aligned 8-byte mov, validate the value
 * as an entry of that table, write it, step rip over the instruction and
 * return true. Otherwise, or if the entry is refused, change nothing and
 * return false: the fault then goes to the guest.
 */
bool pv_ptwr_emulate(struct cpu_regs *regs, uint64_t cr2);

/* ---- Provided by mmu.c for the files above. ---- */

/* The TLB of this CPU: all guest (non-global) entries, or one page. */
void pv_flush_tlb_local(void);
void pv_invlpg_local(vaddr_t va);
/* Every CPU's TLB and paging-structure caches, after a frame stopped
 * being a page table or a writable page (one CPU now: the local one). */
void pv_flush_tlb_all(void);

/* ---- Provided by the rest of the PV code (context.c, m2p.c). ---- */

/* Guest kernel mode of v, and the root its kernel runs on. */
bool pv_vcpu_in_kernel(const struct vcpu *v);
mfn_t pv_vcpu_kernel_root(const struct vcpu *v);
/*
 * Fill L4 slots HV_FIRST_L4_SLOT..HV_LAST_L4_SLOT of a guest L4 (direct
 * map address) from the idle table; slot 256 is the guest-visible,
 * read-only M2P. Called once the L4 validated.
 */
void pv_l4_install_hypervisor_slots(uint64_t *l4);
/* m2p[mfn] = pfn, in the table guests read at HV_M2P_VIRT. */
void m2p_set(mfn_t mfn, unsigned long pfn);
/* Load v's current root (kernel or user, by mode) into CR3; v is the
 * running vCPU. */
void pv_load_root(struct vcpu *v);

#endif
