/*
 * test_callbacks: callback_op (register, unregister) and set_callbacks
 * for every callback type a 64-bit PV guest may name, with and without
 * CALLBACKF_mask_events, and for the types and addresses Xen refuses.
 * Every expected value was measured on Xen 4.17.
 *
 * Registering at an address no code lives at is harmless while events
 * are masked and nothing enters guest user mode, so each check puts
 * guest-lib's own callbacks back before the next one.
 */
#include "verdict.h"

#include <parasol/guest.h>
#include <public/callback.h>

/* The first address past the lower canonical half. */
#define NON_CANONICAL_VA 0x0000800000000000UL
/* Canonical, in the hypervisor's range: no guest code there, but a
 * canonical address is all Xen asks of a callback. */
#define HV_RANGE_VA 0xFFFF820000200000UL
/* Callback types Xen 4.17 does not know on x86_64: 3 (the old
 * sysenter number), 6 (never assigned), 8, and the last one. */
static const uint16_t unknown_types[] = {3, 6, 8, 0xffff};
/* callback_op commands past CALLBACKOP_unregister. */
#define CALLBACKOP_UNKNOWN 2
/* Nothing is mapped in L4 slot 128. */
#define UNMAPPED_VA 0x0000400000000000UL

void hypervisor_callback(void);
void failsafe_callback(void);

struct known_type {
    uint16_t type;
    const char *name;
    long unregister_rc; /* only the NMI callback can be removed */
};

static const struct known_type known_types[] = {
    {CALLBACKTYPE_event, "event", -XEN_EINVAL},
    {CALLBACKTYPE_failsafe, "failsafe", -XEN_EINVAL},
    {CALLBACKTYPE_syscall, "syscall", -XEN_EINVAL},
    {CALLBACKTYPE_nmi, "nmi", 0},
    {CALLBACKTYPE_sysenter, "sysenter", -XEN_EINVAL},
    {CALLBACKTYPE_syscall32, "syscall32", -XEN_EINVAL},
};

/* Some guest code for callbacks that never run here. */
static void unused_entry(void)
{
    panic("a callback registered by test_callbacks ran");
}

static long cb_register(uint16_t type, uint16_t flags, unsigned long address)
{
    struct callback_register r = {
        .type = type, .flags = flags, .address = XEN_CALLBACK(address)};

    return HYPERVISOR_callback_op(CALLBACKOP_register, &r);
}

static long cb_unregister(uint16_t type)
{
    struct callback_unregister u = {.type = type};

    return HYPERVISOR_callback_op(CALLBACKOP_unregister, &u);
}

/* guest-lib's callbacks again (events_init() registered these). */
static void restore_callbacks(void)
{
    check_rc(cb_register(CALLBACKTYPE_event, CALLBACKF_mask_events,
                         (unsigned long)hypervisor_callback),
             0, "  guest-lib's event callback back");
    check_rc(cb_register(CALLBACKTYPE_failsafe, CALLBACKF_mask_events,
                         (unsigned long)failsafe_callback),
             0, "  guest-lib's failsafe callback back");
}

static void check_known_type(const struct known_type *k)
{
    char what[96];
    unsigned long entry = (unsigned long)unused_entry;

    printf("callback type %u (%s)\n", k->type, k->name);
    check_rc(cb_register(k->type, 0, entry), 0, "  register, flags 0");
    check_rc(cb_register(k->type, CALLBACKF_mask_events, entry), 0,
             "  register, CALLBACKF_mask_events");
    check_rc(cb_register(k->type, 0xffff, entry), 0,
             "  register, unknown flags ignored");
    check_rc(cb_register(k->type, 0, 0), 0, "  register address 0");
    check_rc(cb_register(k->type, 0, HV_RANGE_VA), 0,
             "  register in the hypervisor's range (canonical)");
    check_rc(cb_register(k->type, 0, NON_CANONICAL_VA), -XEN_EINVAL,
             "  register a non-canonical address");
    check_rc(cb_register(k->type, 0, ~0UL), 0, "  register at ~0 (canonical)");
    snprintf(what, sizeof(what), "  unregister");
    check_rc(cb_unregister(k->type), k->unregister_rc, what);
    restore_callbacks();
}

static void check_unknown_types(void)
{
    for (size_t i = 0; i < sizeof(unknown_types) / sizeof(*unknown_types);
         i++) {
        char what[96];

        snprintf(what, sizeof(what), "register unknown type %u",
                 unknown_types[i]);
        check_rc(cb_register(unknown_types[i], 0, (unsigned long)unused_entry),
                 -XEN_ENOSYS, what);
        snprintf(what, sizeof(what), "register unknown type %u, non-canonical",
                 unknown_types[i]);
        check_rc(cb_register(unknown_types[i], 0, NON_CANONICAL_VA),
                 -XEN_EINVAL, what);
        snprintf(what, sizeof(what), "unregister unknown type %u",
                 unknown_types[i]);
        check_rc(cb_unregister(unknown_types[i]), -XEN_ENOSYS, what);
    }
}

static void check_bad_arguments(void)
{
    check_rc(HYPERVISOR_callback_op(CALLBACKOP_UNKNOWN, NULL), -XEN_ENOSYS,
             "callback_op: an unknown command");
    check_rc(HYPERVISOR_callback_op(CALLBACKOP_register, (void *)UNMAPPED_VA),
             -XEN_EFAULT, "callback_op register: an unmapped argument");
    check_rc(HYPERVISOR_callback_op(CALLBACKOP_unregister, (void *)UNMAPPED_VA),
             -XEN_EFAULT, "callback_op unregister: an unmapped argument");
}

/* set_callbacks registers event, failsafe and syscall one by one and
 * ignores a refusal: it always answers 0. */
static void check_set_callbacks(void)
{
    unsigned long entry = (unsigned long)unused_entry;

    check_rc(HYPERVISOR_set_callbacks(entry, entry, entry), 0,
             "set_callbacks: three valid callbacks");
    check_rc(HYPERVISOR_set_callbacks(0, 0, 0), 0, "set_callbacks: all 0");
    check_rc(HYPERVISOR_set_callbacks(NON_CANONICAL_VA, NON_CANONICAL_VA,
                                      NON_CANONICAL_VA),
             0, "set_callbacks: all non-canonical, still 0");
    check_rc(HYPERVISOR_set_callbacks(HV_RANGE_VA, entry, NON_CANONICAL_VA), 0,
             "set_callbacks: a mix");
    check_rc(HYPERVISOR_set_callbacks((unsigned long)hypervisor_callback,
                                      (unsigned long)failsafe_callback, 0),
             0, "set_callbacks: guest-lib's callbacks back");
}

int main(void)
{
    verdict_title("test_callbacks", "callback_op and set_callbacks");
    events_disable();
    for (size_t i = 0; i < sizeof(known_types) / sizeof(*known_types); i++)
        check_known_type(&known_types[i]);
    check_unknown_types();
    check_bad_arguments();
    check_set_callbacks();
    restore_callbacks();
    events_enable();
    verdict_end();
}
