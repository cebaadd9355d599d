/*
 * Test doubles for the hypercall handlers (hypercall_double.h).
 */
#include "hypercall_double.h"
#include "arch_double.h"

#include <hv/bootinfo.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/mm.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <public/parasol.h>
#include <public/xen.h>
#include <stdlib.h>
#include <string.h>

uint8_t guest_mem[GUEST_MEM_SIZE];
long guest_copies_before_fault = -1;
struct double_log double_log;
int double_initialise_rc;
bool double_event_deliverable;
bool double_port_pending[DOUBLE_MAX_PORTS];
unsigned long stub_calls[NR_HYPERCALLS];
uint64_t stub_args[NR_HYPERCALLS][HYPERCALL_MAX_ARGS];

/* What the core expects from other files. */
struct boot_info boot_info;
struct frame *frame_table;
mfn_t frame_table_frames;

static struct domain *domains[DOUBLE_MAX_DOMAINS];
static unsigned int nr_domains;
static struct vcpu *current;

/* ---- Guest memory. ---- */

static bool guest_range_valid(guest_va_t va, size_t len)
{
    return va >= GUEST_VA_BASE && len <= GUEST_MEM_SIZE &&
           va - GUEST_VA_BASE <= GUEST_MEM_SIZE - len;
}

void *guest_ptr(guest_va_t va)
{
    if (!guest_range_valid(va, 1))
        abort();
    return &guest_mem[va - GUEST_VA_BASE];
}

bool guest_range_ok(guest_va_t va, size_t len)
{
    return guest_range_valid(va, len);
}

/* Counts down the copies left before an injected fault. */
static bool injected_fault(void)
{
    if (guest_copies_before_fault < 0)
        return false;
    if (guest_copies_before_fault == 0)
        return true;
    guest_copies_before_fault--;
    return false;
}

int copy_from_guest(void *dst, guest_va_t src, size_t len)
{
    if (injected_fault() || !guest_range_valid(src, len))
        return -EFAULT;
    memcpy(dst, &guest_mem[src - GUEST_VA_BASE], len);
    return 0;
}

int copy_to_guest(guest_va_t dst, const void *src, size_t len)
{
    if (injected_fault() || !guest_range_valid(dst, len))
        return -EFAULT;
    memcpy(&guest_mem[dst - GUEST_VA_BASE], src, len);
    return 0;
}

/* ---- Domains and vCPUs. ---- */

struct domain *double_domain(domid_t id, bool privileged, unsigned int nr_vcpus)
{
    struct domain *d = calloc(1, sizeof(*d));

    if (!d || nr_domains == DOUBLE_MAX_DOMAINS || nr_vcpus > MAX_VIRT_CPUS)
        abort();
    d->domain_id = id;
    d->is_privileged = privileged;
    d->state = DOMAIN_ACTIVE;
    d->max_vcpus = nr_vcpus;
    d->shared_info = calloc(1, sizeof(*d->shared_info));
    if (!d->shared_info)
        abort();
    for (unsigned int i = 0; i < nr_vcpus; i++) {
        struct vcpu *v = calloc(1, sizeof(*v));

        if (!v)
            abort();
        v->domain = d;
        v->vcpu_id = i;
        v->vcpu_info = &d->shared_info->vcpu_info[i];
        v->vcpu_info_mfn = INVALID_MFN;
        v->online = true;
        v->runstate = RUNSTATE_running;
        vcpu_timer_init(v);
        d->vcpu[i] = v;
    }
    domains[nr_domains++] = d;
    return d;
}

uint8_t double_guest_frame[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

void *arch_map_guest_frame_for_hv(struct domain *d, mfn_t mfn)
{
    (void)d;
    return mfn == DOUBLE_GUEST_MFN ? double_guest_frame : NULL;
}

void double_set_current(struct vcpu *v)
{
    current = v;
}

void double_reset(void)
{
    for (unsigned int i = 0; i < nr_domains; i++) {
        struct domain *d = domains[i];

        for (unsigned int j = 0; j < d->max_vcpus; j++) {
            timer_stop(&d->vcpu[j]->singleshot_timer);
            timer_stop(&d->vcpu[j]->poll_timer);
            free(d->vcpu[j]);
        }
        console_domain_destroy(d);
        free(d->shared_info);
        free(d);
    }
    nr_domains = 0;
    current = NULL;
    memset(guest_mem, 0, sizeof(guest_mem));
    guest_copies_before_fault = -1;
    memset(&double_log, 0, sizeof(double_log));
    double_initialise_rc = 0;
    double_event_deliverable = false;
    memset(double_port_pending, 0, sizeof(double_port_pending));
    memset(stub_calls, 0, sizeof(stub_calls));
    memset(stub_args, 0, sizeof(stub_args));
}

void double_init(void)
{
    fake_cycles_khz = 1000000;
    fake_cycles = DOUBLE_BOOT_CYCLES;
    time_init();
    timer_queue_init(&this_cpu()->timers);
    fake_timer_armed = 0;
}

struct vcpu *current_vcpu(void)
{
    return current;
}

bool is_idle_vcpu(const struct vcpu *v)
{
    (void)v;
    return false;
}

struct domain *domain_by_id(domid_t id)
{
    for (unsigned int i = 0; i < nr_domains; i++)
        if (domains[i]->domain_id == id && domains[i]->state != DOMAIN_DYING)
            return domains[i];
    return NULL;
}

struct domain *domain_by_id_any(domid_t id)
{
    for (unsigned int i = 0; i < nr_domains; i++)
        if (domains[i]->domain_id == id)
            return domains[i];
    return NULL;
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    double_log.shutdowns++;
    double_log.shutdown_domain = d;
    double_log.shutdown_reason = reason;
    d->state = DOMAIN_SHUTDOWN;
    d->shutdown_reason = reason;
}

/* ---- Scheduler. ---- */

void vcpu_block_current(void)
{
    double_log.blocks++;
}

void vcpu_yield_current(void)
{
    double_log.yields++;
}

void vcpu_sleep(struct vcpu *v)
{
    (void)v;
    double_log.sleeps++;
}

/* As sched.c: any wake-up ends a block or a poll. */
void vcpu_wake(struct vcpu *v)
{
    v->blocked = false;
    v->polling = false;
    double_log.wakes++;
}

/* ---- Event channels. ---- */

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    double_log.virqs++;
    double_log.virq_vcpu = v;
    double_log.virq = virq;
}

/* Global VIRQs (VIRQ_CON_RING, VIRQ_DOM_EXC) are counted apart. */
void send_global_virq(unsigned int virq)
{
    double_log.global_virqs++;
    double_log.global_virq = virq;
}

bool vcpu_event_deliverable(const struct vcpu *v)
{
    (void)v;
    return double_event_deliverable;
}

int evtchn_port_poll(struct domain *d, evtchn_port_t port)
{
    (void)d;
    if (port >= DOUBLE_MAX_PORTS)
        return -EINVAL;
    return double_port_pending[port];
}

/* The options, as the hypervisor's defaults, unless a test links
 * hv/params.c. */
__attribute__((weak)) struct hv_options hv_options = {.guest_loglvl = LOG_WARN};

/* ---- The heap: the C library's, unless a test links hv/mm. ---- */

__attribute__((weak)) void *xmalloc(size_t bytes)
{
    return malloc(bytes);
}

__attribute__((weak)) void *xzalloc(size_t bytes)
{
    return calloc(1, bytes);
}

__attribute__((weak)) void xfree(void *p)
{
    free(p);
}

/* The buffer console_domain.c gave the domain, if a test links it. */
__attribute__((weak)) void console_domain_destroy(struct domain *d)
{
    xfree(d->console);
    d->console = NULL;
}

/* ---- Weak stand-ins for every portable handler. ---- */

#define STUB_HANDLER(name, nr)                                                 \
    __attribute__((weak)) long name(const uint64_t args[])                     \
    {                                                                          \
        stub_calls[nr]++;                                                      \
        memcpy(stub_args[nr], args, sizeof(stub_args[nr]));                    \
        return STUB_RESULT(nr);                                                \
    }

STUB_HANDLER(do_console_io, __HYPERVISOR_console_io)
STUB_HANDLER(do_sched_op, __HYPERVISOR_sched_op)
STUB_HANDLER(do_xen_version, __HYPERVISOR_xen_version)
STUB_HANDLER(do_vm_assist, __HYPERVISOR_vm_assist)
STUB_HANDLER(do_memory_op, __HYPERVISOR_memory_op)
STUB_HANDLER(do_multicall, __HYPERVISOR_multicall)
STUB_HANDLER(do_vcpu_op, __HYPERVISOR_vcpu_op)
STUB_HANDLER(do_set_timer_op, __HYPERVISOR_set_timer_op)
STUB_HANDLER(do_event_channel_op, __HYPERVISOR_event_channel_op)
STUB_HANDLER(do_sysctl, __HYPERVISOR_sysctl)
STUB_HANDLER(do_domctl, __HYPERVISOR_domctl)
STUB_HANDLER(do_grant_table_op, __HYPERVISOR_grant_table_op)
STUB_HANDLER(do_parasol_op, __HYPERVISOR_parasol_op)
/* The one arch slot of the double (tests/unit/include/arch/). */
STUB_HANDLER(double_arch_iret, __HYPERVISOR_iret)

/* vcpu_op.c provides the real one; tests without it get a bare timer. */
static void stub_timer_fn(struct timer *t, void *data)
{
    (void)t;
    (void)data;
}

__attribute__((weak)) void vcpu_timer_init(struct vcpu *v)
{
    timer_init(&v->singleshot_timer, stub_timer_fn, v);
}

long arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    (void)c;
    double_log.initialises++;
    if (double_initialise_rc == 0)
        v->initialised = true;
    return double_initialise_rc;
}

void arch_vcpu_send_nmi(struct vcpu *v)
{
    (void)v;
    double_log.nmis++;
}

uint64_t arch_boot_cpu_physid(void)
{
    return 0;
}
