/*
 * Exceptions (traps.h): the virtual IDT pointing at entry.S's stubs,
 * the handlers guests register, and the default for an exception no
 * handler takes: print what happened, then crash the domain, so that a
 * faulting test guest shows as crashed with its reason on the console.
 */
#include <parasol/console.h>
#include <parasol/hypercall.h>
#include <parasol/shutdown.h>
#include <parasol/start.h>
#include <parasol/traps.h>

/* trap_info.flags: bits 0-1 the DPL, bit 2 masks events on entry. */
#define TRAP_FLAG_MASK_EVENTS (1U << 2)
/* int3 and into are meant to be executed: allowed from any ring. */
#define TRAP_DPL_ANY 3
#define TRAP_DPL_KERNEL 0

static trap_handler_t trap_handlers[TRAP_NR_VECTORS];

/* One entry per vector and a zero entry that ends the table. */
static trap_info_t trap_table[TRAP_NR_VECTORS + 1];

static const char *const trap_names[TRAP_NR_VECTORS] = {
    [X86_EXC_DE] = "#DE", [X86_EXC_DB] = "#DB", [X86_EXC_NMI] = "NMI",
    [X86_EXC_BP] = "#BP", [X86_EXC_OF] = "#OF", [X86_EXC_BR] = "#BR",
    [X86_EXC_UD] = "#UD", [X86_EXC_NM] = "#NM", [X86_EXC_DF] = "#DF",
    [X86_EXC_TS] = "#TS", [X86_EXC_NP] = "#NP", [X86_EXC_SS] = "#SS",
    [X86_EXC_GP] = "#GP", [X86_EXC_PF] = "#PF", [X86_EXC_MF] = "#MF",
    [X86_EXC_AC] = "#AC", [X86_EXC_MC] = "#MC", [X86_EXC_XM] = "#XM",
};

const char *trap_name(unsigned int vector)
{
    if (vector < TRAP_NR_VECTORS && trap_names[vector])
        return trap_names[vector];
    if (vector == TRAP_VECTOR_EVENT)
        return "event";
    return "#??";
}

int trap_register(unsigned int vector, trap_handler_t handler)
{
    if (vector >= TRAP_NR_VECTORS)
        return -XEN_EINVAL;
    trap_handlers[vector] = handler;
    return 0;
}

void traps_init(void)
{
    int rc;

    for (unsigned int v = 0; v < TRAP_NR_VECTORS; v++) {
        bool soft = v == X86_EXC_BP || v == X86_EXC_OF;

        trap_table[v].vector = (uint8_t)v;
        trap_table[v].flags =
            TRAP_FLAG_MASK_EVENTS | (soft ? TRAP_DPL_ANY : TRAP_DPL_KERNEL);
        trap_table[v].cs = FLAT_KERNEL_CS; /* ignored on x86_64 */
        trap_table[v].address = trap_entry_table[v];
    }
    rc = HYPERVISOR_set_trap_table(trap_table);
    if (rc < 0)
        panic("set_trap_table failed: %d", rc);
}

void trap_print_frame(const struct guest_trap_frame *f)
{
    printf("guest: %s (vector %lu) at rip %#lx, error code %#lx",
           trap_name((unsigned int)f->vector), f->vector, f->rip,
           f->error_code);
    if (f->vector == X86_EXC_PF)
        printf(", cr2 %#lx", f->cr2);
    printf("\n  cs %#lx rflags %#lx rsp %#lx ss %#lx\n", f->cs, f->rflags,
           f->rsp, f->ss);
    printf("  rax %#lx rbx %#lx rcx %#lx rdx %#lx\n", f->rax, f->rbx, f->rcx,
           f->rdx);
    printf("  rsi %#lx rdi %#lx rbp %#lx r8 %#lx\n", f->rsi, f->rdi, f->rbp,
           f->r8);
    printf("  r9 %#lx r10 %#lx r11 %#lx r12 %#lx\n", f->r9, f->r10, f->r11,
           f->r12);
    printf("  r13 %#lx r14 %#lx r15 %#lx\n", f->r13, f->r14, f->r15);
}

/*
 * Called by entry.S for every exception, events masked. cr2 is read
 * here, before a handler can fault and overwrite it.
 */
void trap_dispatch(struct guest_trap_frame *frame);
void trap_dispatch(struct guest_trap_frame *frame)
{
    trap_handler_t handler = NULL;

    frame->cr2 = 0;
    if (frame->vector == X86_EXC_PF)
        frame->cr2 = ((volatile vcpu_info_t *)guest_vcpu_info())->arch.cr2;
    if (frame->vector < TRAP_NR_VECTORS)
        handler = trap_handlers[frame->vector];
    if (handler && handler(frame))
        return;
    trap_print_frame(frame);
    guest_crash();
}
