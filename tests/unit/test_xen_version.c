/*
 * The small informational and console hypercalls on the host:
 * xen_version (hv/version.c), vm_assist (hv/vm_assist.c) and console_io
 * (hv/console_io.c). Exact answers, NUL padding of fixed-size strings,
 * dom0-only queries, and hostile input: bad and straddling pointers,
 * unknown commands and types, a 4 GiB console write, escape sequences.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "arch_double.h"
#include "hypercall_double.h"
#include <hv/bootinfo.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/printk.h>
#include <public/version.h>
#include <stdio.h>
#include <string.h>

#define FILL 0xa5
#define CONSOLE_WRITE_MAX 16384
#define CONSOLE_LINE_MAX 160

static struct domain *dom0, *dom1, *dom9;

static int setup(void **state)
{
    char drain[64];

    (void)state;
    double_reset();
    double_init();
    dom0 = double_domain(0, true, 1);
    dom1 = double_domain(1, false, 1);
    dom9 = double_domain(9, false, 1); /* shares a line slot with dom1 */
    double_set_current(dom1->vcpu[0]);
    memset(guest_mem, FILL, sizeof(guest_mem));
    while (console_read(drain, sizeof(drain)))
        ;
    fake_console_reset();
    /* The domU line tests read what the console prints. */
    hv_options.guest_loglvl = LOG_INFO;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    double_reset();
    return 0;
}

static long xen_version(int cmd, guest_va_t arg)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {(uint64_t)(unsigned int)cmd,
                                               arg};

    return do_xen_version(args);
}

/* A NUL-padded string of exactly size bytes at va. */
static void assert_padded_string(guest_va_t va, const char *s, size_t size)
{
    const char *got = guest_ptr(va);

    assert_string_equal(got, s);
    for (size_t i = strlen(s); i < size; i++)
        assert_int_equal(got[i], 0);
    /* Nothing written past it. */
    assert_int_equal((uint8_t)got[size], FILL);
}

/* ---- xen_version. ---- */

static void test_version_number(void **state)
{
    (void)state;
    assert_int_equal(xen_version(XENVER_version, 0), (4 << 16) | 17);
}

static void test_version_strings(void **state)
{
    (void)state;
    assert_int_equal(xen_version(XENVER_extraversion, GUEST_VA(0)), 0);
    assert_padded_string(GUEST_VA(0), "-parasol", XEN_EXTRAVERSION_LEN);
    assert_int_equal(xen_version(XENVER_capabilities, GUEST_VA(0x100)), 0);
    assert_padded_string(GUEST_VA(0x100), "xen-3.0-x86_64",
                         sizeof(xen_capabilities_info_t));
    assert_int_equal(xen_version(XENVER_changeset, GUEST_VA(0x800)), 0);
    assert_padded_string(GUEST_VA(0x800), "parasol-" PARASOL_VERSION,
                         XEN_CHANGESET_INFO_LEN);
}

static void test_version_compile_info(void **state)
{
    const struct xen_compile_info *info = guest_ptr(GUEST_VA(0));

    (void)state;
    assert_int_equal(xen_version(XENVER_compile_info, GUEST_VA(0)), 0);
    assert_true(strlen(info->compiler) > 0);
    assert_string_equal(info->compile_by, "parasol");
    assert_string_equal(info->compile_domain, "parasol");
    assert_string_equal(info->compile_date, __DATE__);
}

static void test_version_platform_and_handle(void **state)
{
    static const uint8_t zero[16];

    (void)state;
    assert_int_equal(xen_version(XENVER_platform_parameters, GUEST_VA(0)), 0);
    assert_int_equal(
        ((struct xen_platform_parameters *)guest_ptr(GUEST_VA(0)))->virt_start,
        0xFFFF800000000000UL);
    assert_int_equal(xen_version(XENVER_guest_handle, GUEST_VA(0x40)), 0);
    assert_memory_equal(guest_ptr(GUEST_VA(0x40)), zero, sizeof(zero));
    assert_int_equal(*(uint8_t *)guest_ptr(GUEST_VA(0x50)), FILL);
}

/* A domU reads the UUID its toolstack gave it. */
static void test_version_handle_is_the_domains(void **state)
{
    static const uint8_t uuid[16] = {0x03, 0x57, 0x05, 0xc5, 0xcd, 0xc5,
                                     0x4a, 0x76, 0xac, 0xab, 0x7f, 0x50,
                                     0x3e, 0xc7, 0x75, 0x25};

    (void)state;
    memcpy(dom1->handle, uuid, sizeof(uuid));
    double_set_current(dom1->vcpu[0]);
    assert_int_equal(xen_version(XENVER_guest_handle, GUEST_VA(0x40)), 0);
    assert_memory_equal(guest_ptr(GUEST_VA(0x40)), uuid, sizeof(uuid));
}

static long get_features(unsigned int idx)
{
    struct xen_feature_info *fi = guest_ptr(GUEST_VA(0));

    fi->submap_idx = idx;
    fi->submap = 0xdeadbeef;
    return xen_version(XENVER_get_features, GUEST_VA(0));
}

static uint32_t submap(void)
{
    return ((struct xen_feature_info *)guest_ptr(GUEST_VA(0)))->submap;
}

static void test_version_features(void **state)
{
    const uint32_t domu = (1U << XENFEAT_mmu_pt_update_preserve_ad) |
                          (1U << XENFEAT_highmem_assist) |
                          (1U << XENFEAT_direct_mapped) |
                          (1U << XENFEAT_gnttab_map_avail_bits);

    (void)state;
    assert_int_equal(get_features(0), 0);
    assert_int_equal(submap(), domu);
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(get_features(0), 0);
    assert_int_equal(submap(), domu | (1U << XENFEAT_dom0));
    /* Not a PV translated guest: never writable_page_tables. */
    assert_false(submap() & (1U << XENFEAT_writable_page_tables));
    dom0->vm_assist |= 1UL << VMASST_TYPE_pae_extended_cr3;
    assert_int_equal(get_features(0), 0);
    assert_true(submap() & (1U << XENFEAT_pae_pgdir_above_4gb));
    /* Unknown submaps: -EINVAL, nothing written. */
    assert_int_equal(get_features(1), -EINVAL);
    assert_int_equal(submap(), 0xdeadbeef);
    assert_int_equal(get_features(~0U), -EINVAL);
    assert_int_equal(xen_version(XENVER_get_features, GUEST_BAD_VA), -EFAULT);
}

static void test_version_pagesize(void **state)
{
    (void)state;
    assert_int_equal(xen_version(XENVER_pagesize, 0), 4096);
    assert_int_equal(xen_version(XENVER_pagesize, GUEST_VA(0)), -EINVAL);
}

static void test_version_commandline(void **state)
{
    (void)state;
    strcpy(boot_info.cmdline, "loglvl=all dom0_mem=64M");
    assert_int_equal(xen_version(XENVER_commandline, GUEST_VA(0)), -EPERM);
    assert_int_equal(*(uint8_t *)guest_ptr(GUEST_VA(0)), FILL);
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(xen_version(XENVER_commandline, GUEST_VA(0)), 0);
    assert_padded_string(GUEST_VA(0), "loglvl=all dom0_mem=64M",
                         sizeof(xen_commandline_t));
}

static void test_version_build_id_and_unknown(void **state)
{
    (void)state;
    assert_int_equal(xen_version(XENVER_build_id, GUEST_VA(0)), -EPERM);
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(xen_version(XENVER_build_id, GUEST_VA(0)), -ENODATA);
    assert_int_equal(xen_version(XENVER_extraversion2, GUEST_VA(0)), -ENOSYS);
    assert_int_equal(xen_version(15, GUEST_VA(0)), -ENOSYS);
    assert_int_equal(xen_version(-1, GUEST_VA(0)), -ENOSYS);
}

static void test_version_bad_pointers(void **state)
{
    static const int cmds[] = {XENVER_extraversion,        XENVER_compile_info,
                               XENVER_capabilities,        XENVER_changeset,
                               XENVER_platform_parameters, XENVER_guest_handle};

    (void)state;
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        assert_int_equal(xen_version(cmds[i], GUEST_BAD_VA), -EFAULT);
        assert_int_equal(xen_version(cmds[i], 0), -EFAULT);
        /* The answer's last byte outside guest memory. */
        assert_int_equal(xen_version(cmds[i], GUEST_VA_END - 1), -EFAULT);
    }
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(xen_version(XENVER_commandline, GUEST_VA_END - 1000),
                     -EFAULT);
}

/* ---- vm_assist. ---- */

static long vm_assist(uint64_t cmd, uint64_t type)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {cmd, type};

    return do_vm_assist(args);
}

static void test_vm_assist(void **state)
{
    (void)state;
    assert_int_equal(
        vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables), 0);
    assert_int_equal(
        vm_assist(VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag), 0);
    assert_int_equal(dom1->vm_assist,
                     (1UL << VMASST_TYPE_writable_pagetables) |
                         (1UL << VMASST_TYPE_runstate_update_flag));
    assert_int_equal(
        vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables), 0);
    assert_int_equal(dom1->vm_assist, 1UL << VMASST_TYPE_runstate_update_flag);
    /* Another domain's assists are its own. */
    assert_int_equal(dom0->vm_assist, 0);
}

static void test_vm_assist_hostile(void **state)
{
    (void)state;
    /* Not honoured yet, or not a type at all: -EINVAL. */
    assert_int_equal(vm_assist(VMASST_CMD_enable, VMASST_TYPE_m2p_strict),
                     -EINVAL);
    assert_int_equal(
        vm_assist(VMASST_CMD_enable, VMASST_TYPE_architectural_iopl), -EINVAL);
    assert_int_equal(vm_assist(VMASST_CMD_enable, 6), -EINVAL);
    assert_int_equal(vm_assist(VMASST_CMD_enable, 64), -EINVAL);
    assert_int_equal(vm_assist(VMASST_CMD_enable, UINT32_MAX), -EINVAL);
    /* A known type with an unknown cmd: -ENOSYS; the type goes first. */
    assert_int_equal(vm_assist(2, VMASST_TYPE_writable_pagetables), -ENOSYS);
    assert_int_equal(vm_assist(2, 64), -EINVAL);
    /* Both are unsigned ints: the upper halves are not part of them. */
    assert_int_equal(
        vm_assist(UINT64_C(1) << 32,
                  (UINT64_C(1) << 32) | VMASST_TYPE_writable_pagetables),
        0);
    assert_int_equal(dom1->vm_assist, 1UL << VMASST_TYPE_writable_pagetables);
}

/* ---- console_io. ---- */

static long console_io(uint64_t cmd, uint64_t count, guest_va_t buf)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {cmd, count, buf};

    return do_console_io(args);
}

static long console_puts(const char *s)
{
    memcpy(guest_ptr(GUEST_VA(0)), s, strlen(s));
    return console_io(CONSOLEIO_write, strlen(s), GUEST_VA(0));
}

static void test_console_dom0_raw(void **state)
{
    (void)state;
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(console_puts("hello\n\x1b[2J"), 0);
    assert_string_equal(fake_console, "hello\r\n\x1b[2J");
}

static void test_console_domu_lines(void **state)
{
    (void)state;
    assert_int_equal(console_puts("abc"), 0);
    assert_int_equal(console_puts("def"), 0);
    /* Nothing until the line is complete. */
    assert_int_equal(fake_console_len, 0);
    assert_int_equal(console_puts("\nsecond\n"), 0);
    assert_string_equal(fake_console, "(d1) abcdef\r\n(d1) second\r\n");
}

/* By default (guest_loglvl=warning) another domain's lines stay off the
 * terminal: they are kept for xl console and xl dmesg only. */
static void test_console_domu_quiet_by_default(void **state)
{
    (void)state;
    hv_options.guest_loglvl = LOG_WARN;
    assert_int_equal(console_puts("quiet\n"), 0);
    assert_int_equal(fake_console_len, 0);
}

static void test_console_domu_filters(void **state)
{
    (void)state;
    assert_int_equal(console_puts("a\x1b[31mb\tc\r\x7f\x80\xff!\n"), 0);
    assert_string_equal(fake_console, "(d1) a[31mbc!\r\n");
}

static void test_console_domu_long_line(void **state)
{
    char line[CONSOLE_LINE_MAX + 42];
    char expect[2 * CONSOLE_LINE_MAX];

    (void)state;
    memset(line, 'x', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\n';
    memcpy(guest_ptr(GUEST_VA(0)), line, sizeof(line));
    assert_int_equal(console_io(CONSOLEIO_write, sizeof(line), GUEST_VA(0)), 0);
    snprintf(expect, sizeof(expect), "(d1) %.*s\r\n(d1) %.*s\r\n",
             CONSOLE_LINE_MAX, line, 41, line);
    assert_string_equal(fake_console, expect);
}

/* A partial line is pushed out, not lost, when another domain needs the
 * slot; each keeps its own prefix. */
static void test_console_domu_slot_sharing(void **state)
{
    (void)state;
    assert_int_equal(console_puts("partial"), 0);
    double_set_current(dom9->vcpu[0]);
    assert_int_equal(console_puts("other\n"), 0);
    assert_string_equal(fake_console, "(d1) partial\r\n(d9) other\r\n");
}

static void test_console_write_faults(void **state)
{
    (void)state;
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(console_io(CONSOLEIO_write, 1, GUEST_BAD_VA), -EFAULT);
    assert_int_equal(console_io(CONSOLEIO_write, 0, GUEST_BAD_VA), 0);
    assert_int_equal(fake_console_len, 0);
    /* 300 bytes from 200 before the end: the first 128-byte chunk is
     * printed, the second faults. */
    memset(guest_ptr(GUEST_VA_END - 200), 'z', 200);
    assert_int_equal(console_io(CONSOLEIO_write, 300, GUEST_VA_END - 200),
                     -EFAULT);
    assert_int_equal(fake_console_len, 128);
}

/* A 4 GiB write prints at most CONSOLE_WRITE_MAX bytes and returns. */
static void test_console_write_huge(void **state)
{
    (void)state;
    double_set_current(dom0->vcpu[0]);
    memset(guest_mem, 'h', sizeof(guest_mem));
    assert_int_equal(console_io(CONSOLEIO_write, UINT32_MAX, GUEST_VA(0)), 0);
    assert_int_equal(fake_console_len, CONSOLE_WRITE_MAX);
    /* count is an unsigned int: bits above 31 are not part of it. */
    fake_console_reset();
    assert_int_equal(
        console_io(CONSOLEIO_write, (UINT64_C(1) << 32) | 3, GUEST_VA(0)), 0);
    assert_string_equal(fake_console, "hhh");
}

static void test_console_read(void **state)
{
    char *buf = guest_ptr(GUEST_VA(0));

    (void)state;
    console_input('x');
    console_input('y');
    console_input('z');
    assert_int_equal(console_io(CONSOLEIO_read, 10, GUEST_VA(0)), -EPERM);
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(console_io(CONSOLEIO_read, 2, GUEST_VA(0)), 2);
    assert_memory_equal(buf, "xy", 2);
    assert_int_equal((uint8_t)buf[2], FILL);
    assert_int_equal(console_io(CONSOLEIO_read, 10, GUEST_VA(0x10)), 1);
    assert_int_equal(buf[0x10], 'z');
    assert_int_equal(console_io(CONSOLEIO_read, 10, GUEST_VA(0)), 0);
}

static void test_console_read_hostile(void **state)
{
    (void)state;
    double_set_current(dom0->vcpu[0]);
    /* A count that would not fit a positive result. */
    assert_int_equal(console_io(CONSOLEIO_read, 0x80000000U, GUEST_VA(0)),
                     -E2BIG);
    console_input('q');
    assert_int_equal(console_io(CONSOLEIO_read, 1, GUEST_BAD_VA), -EFAULT);
    /* Unknown commands, for dom0 and others alike. */
    assert_int_equal(console_io(2, 1, GUEST_VA(0)), -ENOSYS);
    double_set_current(dom1->vcpu[0]);
    assert_int_equal(console_io(UINT32_MAX, 1, GUEST_VA(0)), -ENOSYS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_version_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_compile_info, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_version_platform_and_handle, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_version_handle_is_the_domains,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_features, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_pagesize, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_commandline, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_version_build_id_and_unknown,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_bad_pointers, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_vm_assist, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vm_assist_hostile, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_console_dom0_raw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_console_domu_lines, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_console_domu_quiet_by_default,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_console_domu_filters, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_console_domu_long_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_console_domu_slot_sharing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_console_write_faults, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_console_write_huge, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_console_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_console_read_hostile, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
