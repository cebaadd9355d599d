/*
 * The MMU hypercalls of PV guests: mmu_update, mmuext_op and
 * update_va_mapping (Xen semantics and error values, public/xen.h).
 * Each decodes its guest request, one element at a time through the
 * copy helpers, and hands the work to the type rules (pagetype.c) and
 * the entry rules (pte.c); this file adds only the vCPU state (roots,
 * LDT) and the hardware effects (TLB flushes, CR3), which is why the
 * other two build on the host and this one does not.
 *
 * Batches stop at the first failing element: *done then says how many
 * went through, and the failed one changed nothing. The tables named
 * are always the caller's; mmu_update's entries may name, besides the
 * caller's frames, I/O memory under DOMID_IO, and for dom0's builder
 * the frames of another domain; mmuext_op's pins may act on another
 * domain's tables (foreign_owner()).
 *
 * One physical CPU: every flush is local, and a flush "on all vCPUs"
 * or on a vCPU bitmap is a local one, since vCPUs of one CPU reload CR3
 * when they switch.
 */
#include <arch/cpu.h>
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <public/xen.h>

/* mmu_update: the command in the low bits of ptr. */
#define MMU_CMD_MASK 3ULL
/* foreigndom: bits 15:0 the data owner, 31:16 one more than the owner
 * of the page tables (0: the caller). */
#define FOREIGNDOM_DATA_MASK 0xffffu
#define FOREIGNDOM_PT_SHIFT 16

/* ---- TLB flushes for pagetype.c, pte.c and ptwr.c. ---- */

void pv_flush_tlb_local(void)
{
    /* Guest entries are never global (pte.c), so a CR3 reload drops
     * them all while the hypervisor's global ones stay. */
    write_cr3(read_cr3());
}

void pv_invlpg_local(vaddr_t va)
{
    invlpg((const void *)va);
}

void pv_flush_tlb_all(void)
{
    pv_flush_tlb_local(); /* one CPU: see the top of the file */
}

/* ---- Shared by the hypercalls. ---- */

/*
 * foreigndom of mmu_update and mmuext_op: bits 15:0 whose frames the
 * requests name (*owner), bits 31:16 one more than the owner of the
 * tables (0: the caller; nothing else is offered: -ESRCH). The data
 * owner is DOMID_SELF; for a privileged caller also DOMID_IO or
 * DOMID_XEN (*flags says which; the owner stays the caller) or another
 * domain, as a domain builder needs (-EPERM for anyone else). The
 * caller's own ID, and a domain that does not exist, are -ESRCH, as
 * on Xen, which looks the domain up before the caller's rights.
 */
static int foreign_owner(struct domain *d, uint64_t arg, struct domain **owner,
                         unsigned *flags)
{
    uint32_t foreigndom = (uint32_t)arg;
    domid_t data = foreigndom & FOREIGNDOM_DATA_MASK;
    uint32_t pt = foreigndom >> FOREIGNDOM_PT_SHIFT;

    if (pt != 0 && pt - 1 != d->domain_id)
        return -ESRCH;
    *owner = d;
    *flags = 0;
    switch (data) {
    case DOMID_SELF:
        return 0;
    case DOMID_IO:
        *flags = PV_PTE_FOREIGN_IO;
        break;
    case DOMID_XEN:
        *flags = PV_PTE_FOREIGN_XEN;
        break;
    default:
        *owner = data == d->domain_id ? NULL : domain_by_id(data);
        if (!*owner)
            return -ESRCH;
        break;
    }
    return d->is_privileged ? 0 : -EPERM;
}

/* mmuext_op: the owner of the frames its ops name, the caller's own or
 * another domain's; DOMID_IO and DOMID_XEN own no table (-ESRCH). */
static int mmuext_owner(struct domain *d, uint64_t arg, struct domain **owner)
{
    unsigned flags;
    int rc = foreign_owner(d, arg, owner, &flags);

    return rc != 0 || flags != 0 ? -ESRCH : 0;
}

/* Tell the guest how many elements went through, if it asked. Xen does
 * not look at the outcome: a done pointer it cannot write is ignored
 * (copy_to_guest() refuses it without touching anything). */
static long report_done(guest_handle_uint pdone, unsigned done, long rc)
{
    unsigned int out = done;

    if (!guest_handle_is_null(pdone))
        (void)copy_to_guest_array(pdone, &out, 1);
    return rc;
}

/* A general reference on frame mfn of d, or -EINVAL (Xen's answer for
 * any frame that is not the caller's). */
static int get_frame(struct domain *d, mfn_t mfn, struct frame **f)
{
    if (!mfn_valid(mfn))
        return -EINVAL;
    *f = mfn_to_frame(mfn);
    return get_page(*f, d) ? 0 : -EINVAL;
}

/* ---- mmu_update. ---- */

static int machphys_update(struct domain *d, mfn_t mfn, uint64_t pfn)
{
    struct frame *f;
    int rc = get_frame(d, mfn, &f);

    if (rc)
        return rc;
    m2p_set(mfn, (unsigned long)pfn);
    put_page(f);
    return 0;
}

/* One request; an L1 entry names owner's frames (foreign: the flags of
 * DOMID_IO or DOMID_XEN). */
static int mmu_update_one(struct domain *d, struct domain *owner,
                          const struct mmu_update *req, unsigned foreign)
{
    paddr_t ptr = req->ptr & ~MMU_CMD_MASK;

    switch (req->ptr & MMU_CMD_MASK) {
    case MMU_NORMAL_PT_UPDATE:
    case MMU_PT_UPDATE_NO_TRANSLATE: /* PV: nothing to translate */
        return pv_pte_update_foreign(d, owner, ptr, req->val, foreign);
    case MMU_PT_UPDATE_PRESERVE_AD:
        return pv_pte_update_foreign(d, owner, ptr, req->val,
                                     foreign | PV_PTE_PRESERVE_AD);
    default: /* MMU_MACHPHYS_UPDATE: of the owner's frames only */
        if (foreign)
            return -EINVAL;
        return machphys_update(owner, paddr_to_mfn(ptr), req->val);
    }
}

GUEST_HANDLE_TYPE(mmu_update, struct mmu_update);

HYPERCALL_DEFINE(mmu_update, guest_handle_mmu_update, reqs, unsigned int, count,
                 guest_handle_uint, pdone, uint64_t, foreigndom)
{
    struct domain *d = current_domain(), *owner;
    unsigned foreign, i;
    long rc = foreign_owner(d, foreigndom, &owner, &foreign);

    if (rc)
        return rc;
    for (i = 0; i < count; i++) {
        struct mmu_update req;

        if (copy_from_guest_offset(&req, reqs, i, 1)) {
            rc = -EFAULT;
            break;
        }
        rc = mmu_update_one(d, owner, &req, foreign);
        if (rc)
            break;
    }
    return report_done(pdone, i, rc);
}

/* ---- mmuext_op. ---- */

/* NEW_BASEPTR: the new root takes its references before the old one
 * lets go, and CR3 changes in between. */
static int new_kernel_root(struct vcpu *v, mfn_t mfn)
{
    mfn_t old = v->arch.kernel_root;
    int rc;

    if (!mfn_valid(mfn))
        return -EINVAL;
    rc = get_page_and_type(mfn_to_frame(mfn), v->domain, FRAME_TYPE_L4);
    if (rc)
        return rc;
    v->arch.kernel_root = mfn;
    pv_load_root(v);
    if (old != PV_NO_ROOT)
        put_page_and_type(mfn_to_frame(old));
    return 0;
}

/* NEW_USER_BASEPTR: as above; mfn 0 removes the user root. The kernel
 * is running, so CR3 stays. */
static int new_user_root(struct vcpu *v, mfn_t mfn)
{
    mfn_t old = v->arch.user_root;
    int rc;

    if (mfn != PV_NO_ROOT) {
        if (!mfn_valid(mfn))
            return -EINVAL;
        rc = get_page_and_type(mfn_to_frame(mfn), v->domain, FRAME_TYPE_L4);
        if (rc)
            return rc;
    }
    v->arch.user_root = mfn;
    if (old != PV_NO_ROOT)
        put_page_and_type(mfn_to_frame(old));
    return 0;
}

/* INVLPG_*: an address outside the guest's range is ignored, as Xen
 * does, not refused. */
static void guest_invlpg(vaddr_t va)
{
    if (guest_range_ok(va, 1))
        pv_invlpg_local(va);
}

/* CLEAR_PAGE: a frame the guest could map writable, so no table. */
static int clear_page(struct domain *d, mfn_t mfn)
{
    struct frame *f;
    int rc;

    if (!mfn_valid(mfn))
        return -EINVAL;
    f = mfn_to_frame(mfn);
    rc = get_page_and_type(f, d, FRAME_TYPE_WRITABLE);
    if (rc)
        return rc;
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    put_page_and_type(f);
    return 0;
}

/* COPY_PAGE: the source only needs to be readable (owned). */
static int copy_page(struct domain *d, mfn_t dst_mfn, mfn_t src_mfn)
{
    struct frame *src, *dst;
    int rc = get_frame(d, src_mfn, &src);

    if (rc)
        return rc;
    rc = mfn_valid(dst_mfn)
             ? get_page_and_type(mfn_to_frame(dst_mfn), d, FRAME_TYPE_WRITABLE)
             : -EINVAL;
    if (rc) {
        put_page(src);
        return rc;
    }
    dst = mfn_to_frame(dst_mfn);
    memcpy(mfn_to_virt(dst_mfn), mfn_to_virt(src_mfn), PAGE_SIZE);
    put_page_and_type(dst);
    put_page(src);
    return 0;
}

/* Pin and unpin act on owner's frames; every other op only on the
 * caller's own (-EPERM with another owner, as on Xen). */
static int mmuext_one(struct vcpu *v, struct domain *owner,
                      const struct mmuext_op *op)
{
    struct domain *d = v->domain;

    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return pv_pin_table(owner, op->arg1.mfn,
                            pt_level_type(op->cmd - MMUEXT_PIN_L1_TABLE + 1));
    case MMUEXT_UNPIN_TABLE:
        return pv_unpin_table(owner, op->arg1.mfn);
    }
    if (owner != d)
        return -EPERM;
    switch (op->cmd) {
    case MMUEXT_NEW_BASEPTR:
        return new_kernel_root(v, op->arg1.mfn);
    case MMUEXT_NEW_USER_BASEPTR:
        return new_user_root(v, op->arg1.mfn);
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_TLB_FLUSH_ALL:
        pv_flush_tlb_local();
        return 0;
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_INVLPG_ALL:
        guest_invlpg(op->arg1.linear_addr);
        return 0;
    case MMUEXT_SET_LDT:
        return pv_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
    case MMUEXT_CLEAR_PAGE:
        return clear_page(d, op->arg1.mfn);
    case MMUEXT_COPY_PAGE:
        return copy_page(d, op->arg1.mfn, op->arg2.src_mfn);
    default: /* cache flushes and superpages are not offered */
        return -ENOSYS;
    }
}

GUEST_HANDLE_TYPE(mmuext_op, struct mmuext_op);

HYPERCALL_DEFINE(mmuext_op, guest_handle_mmuext_op, ops, unsigned int, count,
                 guest_handle_uint, pdone, uint64_t, foreigndom)
{
    struct vcpu *v = current_vcpu();
    struct domain *owner;
    unsigned i;
    long rc = mmuext_owner(v->domain, foreigndom, &owner);

    if (rc)
        return rc;
    for (i = 0; i < count; i++) {
        struct mmuext_op op;

        if (copy_from_guest_offset(&op, ops, i, 1)) {
            rc = -EFAULT;
            break;
        }
        rc = mmuext_one(v, owner, &op);
        if (rc)
            break;
    }
    return report_done(pdone, i, rc);
}

/* ---- update_va_mapping. ---- */

/* update_va_mapping(va, pte, flags): the L1 entry mapping va in the
 * running page tables (the kernel's: this is a hypercall). */
HYPERCALL_DEFINE(update_va_mapping, vaddr_t, va, uint64_t, pte, uint64_t, flags)
{
    struct vcpu *v = current_vcpu();
    uint64_t flush = flags & UVMF_FLUSHTYPE_MASK;
    paddr_t l1e;
    int rc;

    /* Flush type 3 means nothing: refused before anything changes. The
     * bits above name the vCPUs, all served by a local flush. */
    if (flush == UVMF_FLUSHTYPE_MASK || !guest_range_ok(va, 1))
        return -EINVAL;
    if (v->arch.kernel_root == PV_NO_ROOT)
        return -EINVAL;
    rc = pv_walk_l1e(v->arch.kernel_root, va, &l1e);
    if (rc)
        return rc;
    rc = pv_pte_update(v->domain, l1e, pte, PV_PTE_TABLE_ONLY | PV_PTE_L1_ONLY);
    if (rc)
        return rc;
    if (flush == UVMF_TLB_FLUSH)
        pv_flush_tlb_local();
    else if (flush == UVMF_INVLPG)
        pv_invlpg_local(va);
    return 0;
}
