/*
 * pv_check_descriptor: each kind of descriptor a 64-bit PV guest may
 * write, with the answer and the stored value Xen 4.17 gave for it
 * (the same cases test_descriptors checks on both hypervisors).
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <arch/desc.h>

struct desc_case {
    uint64_t in;
    bool ok;
    uint64_t out; /* when ok */
};

static const struct desc_case cases[] = {
    /* Code and data: DPL raised to 3, nothing else changed. */
    {0x00af9b000000ffffULL, true, 0x00affb000000ffffULL},
    {0x00afbb000000ffffULL, true, 0x00affb000000ffffULL},
    {0x00cf93000000ffffULL, true, 0x00cff3000000ffffULL},
    {0x00cfd3000000ffffULL, true, 0x00cff3000000ffffULL},
    {0x00af9f000000ffffULL, true, 0x00afff000000ffffULL},
    {0x00cffb000000ffffULL, true, 0x00cffb000000ffffULL},
    {0x00effb000000ffffULL, true, 0x00effb000000ffffULL}, /* L and D */
    /* Not present, or system type 0: kept. */
    {0x0000090000000067ULL, true, 0x0000090000000067ULL},
    {0x0123456789abcdefULL, true, 0x0123456789abcdefULL},
    {0x0000e00000000000ULL, true, 0x0000e00000000000ULL},
    {0x12348000abcd1234ULL, true, 0x12348000abcd1234ULL},
    {0x00006c0000101000ULL, true, 0x00006c0000101000ULL},
    {0, true, 0},
    /* Call gates: DPL 0, target RPL 3. */
    {0x0000ec0000101000ULL, true, 0x00008c0000131000ULL},
    {0x00008c0000131000ULL, true, 0x00008c0000131000ULL},
    {0x0000ec00e0331000ULL, true, 0x00008c00e0331000ULL},
    {0x0000ec0000041000ULL, true, 0x00008c0000071000ULL},
    {0x0000ec00dff81000ULL, true, 0x00008c00dffb1000ULL},
    /* Refused: other targets, reserved bits, other system types. */
    {0x0000ec00e0301000ULL, false, 0},
    {0x0000ec00e0081000ULL, false, 0},
    {0x0000ec00e02b1000ULL, false, 0},
    {0x0000ec00e0001000ULL, false, 0},
    {0x0000ec0100101000ULL, false, 0},
    {0x0000ec2000101000ULL, false, 0},
    {0x0000820000000fffULL, false, 0},
    {0x0000890000000067ULL, false, 0},
    {0x00008b0000000067ULL, false, 0},
    {0x0000810000000067ULL, false, 0},
    {0x0000e40000100000ULL, false, 0},
    {0x0000e50000100000ULL, false, 0},
    {0x0000ee0000100000ULL, false, 0},
    {0x0000ef0000100000ULL, false, 0},
    {0x0000e80000000000ULL, false, 0},
    {0x0000ea0000000000ULL, false, 0},
    {0x0000ed0000000000ULL, false, 0},
};

static void test_xen_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        uint64_t d = cases[i].in;

        assert_int_equal(pv_check_descriptor(&d), cases[i].ok);
        /* A refused descriptor is left as it was. */
        assert_int_equal(d, cases[i].ok ? cases[i].out : cases[i].in);
    }
}

/* Whatever goes in, what comes out is accepted unchanged: checking a
 * frame twice (a GDT frame set again) changes nothing more. */
static void test_fixed_point(void **state)
{
    uint64_t seed = 0x9e3779b97f4a7c15ULL;

    (void)state;
    for (unsigned i = 0; i < 100000; i++) {
        uint64_t d, again;

        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        d = seed;
        if (!pv_check_descriptor(&d))
            continue;
        again = d;
        assert_true(pv_check_descriptor(&again));
        assert_int_equal(again, d);
        /* No present code or data descriptor below DPL 3 survives. */
        if ((d & DESC_PRESENT) && (d & DESC_S))
            assert_int_equal(desc_dpl(d), 3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xen_cases),
        cmocka_unit_test(test_fixed_point),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
