/*
 * selftest: a guest that exercises each part of guest-lib against the
 * hypervisor it runs on: formatting, exceptions (frames, registers kept
 * and changed across a bounce), events (loopback channel, masking),
 * time (clock, sleep), memory (allocation past the initial mapping,
 * aliases, both ways of changing a PTE). Prints one line per check and
 * "glib selftest: SUCCESS" or "FAILURE" at the end; a failure also
 * crashes the domain (main returns non-zero).
 */
#include <parasol/guest.h>

static int failures;

static void check(bool ok, const char *what)
{
    printf("  %s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok)
        failures++;
}

/* ---- exceptions -------------------------------------------------- */

#define MAGIC_RAX 0x1e51c0deUL
/* Below 2^31: they go into registers as sign-extended immediates. */
#define MAGIC_RCX 0x11112222UL
#define MAGIC_R11 0x33334444UL

static struct guest_trap_frame last;
static int traps_seen;

/* #BP: keep the frame, and hand back a new rax, as XTF's test does. */
static bool on_breakpoint(struct guest_trap_frame *f)
{
    last = *f;
    traps_seen++;
    f->rax = MAGIC_RAX;
    return true;
}

/* #UD, #PF: resume at the address the faulting code left in rbx. */
static bool resume_at_rbx(struct guest_trap_frame *f)
{
    last = *f;
    traps_seen++;
    f->rip = f->rbx;
    return true;
}

static void test_breakpoint(void)
{
    unsigned long rax = 0, rcx, r11;

    trap_register(X86_EXC_BP, on_breakpoint);
    __asm__ volatile("mov %[c], %%rcx\n\t"
                     "mov %[r], %%r11\n\t"
                     "int3\n\t"
                     "mov %%rcx, %[oc]\n\t"
                     "mov %%r11, %[or]"
                     : "+a"(rax), [oc] "=r"(rcx), [or] "=r"(r11)
                     : [c] "i"(MAGIC_RCX), [r] "i"(MAGIC_R11)
                     : "rcx", "r11", "memory");
    check(traps_seen == 1 && last.vector == X86_EXC_BP, "int3 reaches #BP");
    check(last.error_code == 0, "#BP frame has a 0 error code");
    check((last.cs & 0xfffc) == (FLAT_KERNEL_CS & 0xfffc), "#BP frame cs");
    printf("       cs %#lx rflags %#lx rsp %#lx ss %#lx\n", last.cs,
           last.rflags, last.rsp, last.ss);
    check(rcx == MAGIC_RCX && r11 == MAGIC_R11, "rcx and r11 survive a bounce");
    check(rax == MAGIC_RAX, "a handler's rax comes back through iret");
    trap_register(X86_EXC_BP, NULL);
}

static void test_invalid_opcode(void)
{
    traps_seen = 0;
    trap_register(X86_EXC_UD, resume_at_rbx);
    __asm__ volatile("lea 1f(%%rip), %%rbx\n\t"
                     "ud2\n"
                     "1:" ::
                         : "rbx", "memory");
    check(traps_seen == 1 && last.vector == X86_EXC_UD, "ud2 reaches #UD");
    trap_register(X86_EXC_UD, NULL);
}

/* Reads *p; a #PF resumes after the read with 0 in the result. */
static unsigned long probe_read(const volatile unsigned long *p)
{
    unsigned long v = 0;

    __asm__ volatile("lea 1f(%%rip), %%rbx\n\t"
                     "mov (%[p]), %[v]\n"
                     "1:"
                     : [v] "+r"(v)
                     : [p] "r"(p)
                     : "rbx", "memory");
    return v;
}

static void probe_write(volatile unsigned long *p, unsigned long v)
{
    __asm__ volatile("lea 1f(%%rip), %%rbx\n\t"
                     "mov %[v], (%[p])\n"
                     "1:" ::[v] "r"(v),
                     [p] "r"(p)
                     : "rbx", "memory");
}

static void test_page_fault(void)
{
    traps_seen = 0;
    trap_register(X86_EXC_PF, resume_at_rbx);
    probe_read((const volatile unsigned long *)8);
    check(traps_seen == 1 && last.vector == X86_EXC_PF, "NULL read: #PF");
    check(last.cr2 == 8, "#PF cr2 is the address");
    check(!(last.error_code & PFEC_PRESENT) && !(last.error_code & PFEC_WRITE),
          "#PF error code: not present, read");
    trap_register(X86_EXC_PF, NULL);
}

/* ---- events ------------------------------------------------------ */

static volatile int events_seen;

static void on_event(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
    events_seen++;
}

static void on_other_end(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
}

static void test_events(void)
{
    int a = evtchn_alloc_unbound(DOMID_SELF);
    int b = a < 0 ? a : evtchn_bind_interdomain(DOMID_SELF, (uint32_t)a);

    check(a > 0 && b > 0, "loopback channel");
    if (a <= 0 || b <= 0) {
        printf("       alloc_unbound %d, bind_interdomain %d\n", a, b);
        return;
    }
    evtchn_register((uint32_t)a, on_event, NULL);
    /* Binding marks the new local port pending, as on Xen (a
     * notification sent before the bind is not lost): ignore it. */
    evtchn_register((uint32_t)b, on_other_end, NULL);
    events_enable();
    evtchn_send((uint32_t)b);
    check(events_seen == 1, "send on one end runs the other's handler");
    evtchn_mask((uint32_t)a);
    evtchn_send((uint32_t)b);
    check(events_seen == 1 && evtchn_is_pending((uint32_t)a),
          "a masked port stays pending");
    evtchn_unmask((uint32_t)a);
    check(events_seen == 2 && !evtchn_is_pending((uint32_t)a),
          "unmask delivers it");
    events_disable();
    evtchn_send((uint32_t)b);
    check(events_seen == 2, "nothing while events are disabled");
    events_enable();
    check(events_seen == 3, "enabling delivers what waited");
    evtchn_close((uint32_t)b);
    evtchn_close((uint32_t)a);
}

/* ---- time -------------------------------------------------------- */

static void test_time(void)
{
    struct pvclock_wallclock wc;
    uint64_t t0 = time_now_ns(), t1;
    int rc;

    check(time_now_ns() >= t0, "system time does not go back");
    rc = sleep_ms(20);
    t1 = time_now_ns();
    check(rc == 0, "sleep_ms");
    check(t1 - t0 >= 20 * NSEC_PER_MSEC, "slept at least 20 ms");
    printf("       slept %lu us\n", (t1 - t0) / NSEC_PER_USEC);
    time_wallclock(&wc);
    printf("       wall clock %lu.%09u\n", wc.sec, wc.nsec);
}

/* ---- memory ------------------------------------------------------ */

/* Enough to go well past the 4 MiB initial mapping. */
#define ALLOC_PAGES 3000
/* An address with no page tables yet: a new L2 and L1 on the way. */
#define ALIAS_VA 0x40000000UL

static void test_page_alloc(void)
{
    static unsigned long *pages[ALLOC_PAGES];
    unsigned long before = page_count_free();
    bool ok = true, zero = true;
    int n;

    for (n = 0; n < ALLOC_PAGES; n++) {
        pages[n] = page_alloc();
        if (!pages[n])
            break;
        zero = zero && pages[n][0] == 0 && pages[n][PAGE_SIZE / 8 - 1] == 0;
        pages[n][0] = (unsigned long)pages[n];
    }
    for (int i = 0; i < n; i++)
        ok = ok && pages[i][0] == (unsigned long)pages[i] &&
             pte_mfn(mm_lookup((unsigned long)pages[i])) ==
                 virt_to_mfn(pages[i]);
    check(n == ALLOC_PAGES, "page_alloc 3000 pages");
    check(ok && zero, "each zeroed, mapped 1:1 to its own frame");
    printf("       highest %p, %lu free before, %lu after\n",
           (void *)pages[n - 1], before, page_count_free());
    for (int i = 0; i < n; i++)
        page_free(pages[i]);
}

static void test_mappings(void)
{
    unsigned long *page = page_alloc();
    volatile unsigned long *alias = (volatile unsigned long *)ALIAS_VA;
    int rc = mm_map_page(ALIAS_VA, virt_to_mfn(page), PTE_FLAGS_DATA);

    check(rc == 0, "map a page at 1 GiB (new tables)");
    if (rc)
        return;
    alias[1] = 0xfeed;
    check(page[1] == 0xfeed, "writes through the alias land in the page");
    rc = mm_update_pte(ALIAS_VA, pte_make(virt_to_mfn(page), PTE_FLAGS_RO));
    check(rc == 0, "mmu_update makes it read-only");
    traps_seen = 0;
    trap_register(X86_EXC_PF, resume_at_rbx);
    probe_write(alias, 1);
    check(traps_seen == 1 && (last.error_code & PFEC_PRESENT) &&
              (last.error_code & PFEC_WRITE) && last.cr2 == ALIAS_VA,
          "writing it faults: present, write");
    check(mm_unmap_page(ALIAS_VA) == 0, "unmap");
    traps_seen = 0;
    probe_read(alias);
    check(traps_seen == 1 && !(last.error_code & PFEC_PRESENT),
          "reading it faults: not present");
    trap_register(X86_EXC_PF, NULL);
    page_free(page);
}

int main(void)
{
    char buf[32];

    printf("glib selftest: %s, %lu pages\n", guest_is_dom0() ? "dom0" : "domU",
           guest_start_info->nr_pages);
    snprintf(buf, sizeof(buf), "%-4s|%05d|%#x", "ab", -42, 255);
    check(strcmp(buf, "ab  |-0042|0xff") == 0, "snprintf");
    test_breakpoint();
    test_invalid_opcode();
    test_page_fault();
    test_events();
    test_time();
    test_page_alloc();
    test_mappings();
    printf("glib selftest: %s\n", failures ? "FAILURE" : "SUCCESS");
    return failures;
}
